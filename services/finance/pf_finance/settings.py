"""Settings of the finance service: environment prefix ``PF_FINANCE_``, then ``PF_``."""

from typing import ClassVar

from pydantic import Field

from pf_common.settings import ServiceSettings, service_config


class Settings(ServiceSettings):
    model_config = service_config("finance")
    service_name: ClassVar[str] = "finance"

    # orders' internal API (API.md §4): OrderDetail for the payout detail and a settle's total check
    orders_internal_url: str = "http://127.0.0.1:8104"  # compose/k8s: http://orders-api:8000
    orders_timeout_s: float = Field(default=2.0, gt=0, le=30)
