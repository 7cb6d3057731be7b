"""Settings of the catalog service: environment prefix ``PF_CATALOG_``, then ``PF_``."""

from typing import ClassVar

from pydantic import Field

from pf_common.settings import ServiceSettings, service_config


class Settings(ServiceSettings):
    model_config = service_config("catalog")
    service_name: ClassVar[str] = "catalog"

    # Reservations (DOMAIN §5.3): a hold lives 30 min before the sweeper asks orders about it.
    reservation_hold_s: int = Field(default=1800, ge=60, le=24 * 3600)
    # Holds the sweeper examines per batch (one orders call per batch; at most 10 batches a run).
    reservation_sweep_batch_size: int = Field(default=500, ge=1, le=1000)
    # orders' internal API (API.md §4), asked by the sweeper whether a hold's order line exists.
    orders_internal_url: str = "http://127.0.0.1:8104"  # compose/k8s: http://orders-api:8000
    orders_timeout_s: float = Field(default=2.0, gt=0, le=30)

    # media's internal API (API.md §4): signed read URLs of COA documents on product detail
    media_internal_url: str = "http://127.0.0.1:8102"  # compose/k8s: http://media-api:8000
    media_timeout_s: float = Field(default=2.0, gt=0, le=30)
