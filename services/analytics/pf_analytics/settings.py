"""Settings of the analytics service: environment prefix ``PF_ANALYTICS_``, then ``PF_``."""

from typing import ClassVar

from pf_common.settings import ServiceSettings, service_config


class Settings(ServiceSettings):
    model_config = service_config("analytics")
    service_name: ClassVar[str] = "analytics"
