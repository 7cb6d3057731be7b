"""Settings of the finance service: environment prefix ``PF_FINANCE_``, then ``PF_``."""

from typing import ClassVar

from pf_common.settings import ServiceSettings, service_config


class Settings(ServiceSettings):
    model_config = service_config("finance")
    service_name: ClassVar[str] = "finance"
