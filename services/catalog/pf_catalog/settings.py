"""Settings of the catalog service: environment prefix ``PF_CATALOG_``, then ``PF_``."""

from typing import ClassVar

from pf_common.settings import ServiceSettings, service_config


class Settings(ServiceSettings):
    model_config = service_config("catalog")
    service_name: ClassVar[str] = "catalog"
