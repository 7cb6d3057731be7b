"""Settings of the ads service: environment prefix ``PF_ADS_``, then ``PF_``."""

from typing import ClassVar

from pf_common.settings import ServiceSettings, service_config


class Settings(ServiceSettings):
    model_config = service_config("ads")
    service_name: ClassVar[str] = "ads"
