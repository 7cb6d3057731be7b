"""Settings of the logistics service: environment prefix ``PF_LOGISTICS_``, then ``PF_``."""

from typing import ClassVar

from pf_common.settings import ServiceSettings, service_config


class Settings(ServiceSettings):
    model_config = service_config("logistics")
    service_name: ClassVar[str] = "logistics"
