"""Settings of the identity service: environment prefix ``PF_IDENTITY_``, then ``PF_``."""

from typing import ClassVar

from pf_common.settings import ServiceSettings, service_config


class Settings(ServiceSettings):
    model_config = service_config("identity")
    service_name: ClassVar[str] = "identity"
