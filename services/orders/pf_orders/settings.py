"""Settings of the orders service: environment prefix ``PF_ORDERS_``, then ``PF_``."""

from typing import ClassVar

from pydantic import Field

from pf_common.settings import ServiceSettings, service_config


class Settings(ServiceSettings):
    model_config = service_config("orders")
    service_name: ClassVar[str] = "orders"

    # catalog's internal API (API.md §4): the quote's products and checkout's reservations
    # (clients/catalog.py: one retry, so a call that gets no answer costs about twice this).
    catalog_internal_url: str = "http://127.0.0.1:8103"  # compose/k8s: http://catalog-api:8000
    catalog_timeout_s: float = Field(default=3.0, gt=0, le=30)

    # DOMAIN §3 payment_method: ACH at checkout only behind this flag (PF_FEATURE_ALLOW_ACH)
    feature_allow_ach: bool = False
