"""Settings of the orders service: environment prefix ``PF_ORDERS_``, then ``PF_``."""

from typing import ClassVar

from pf_common.settings import ServiceSettings, service_config


class Settings(ServiceSettings):
    model_config = service_config("orders")
    service_name: ClassVar[str] = "orders"
