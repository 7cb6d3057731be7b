"""Settings of the media service: environment prefix ``PF_MEDIA_``, then ``PF_``."""

from typing import ClassVar

from pf_common.settings import ServiceSettings, service_config


class Settings(ServiceSettings):
    model_config = service_config("media")
    service_name: ClassVar[str] = "media"
