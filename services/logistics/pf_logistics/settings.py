"""Settings of the logistics service: environment prefix ``PF_LOGISTICS_``, then ``PF_``."""

from typing import ClassVar

from pydantic import Field

from pf_common.settings import ServiceSettings, service_config


class Settings(ServiceSettings):
    model_config = service_config("logistics")
    service_name: ClassVar[str] = "logistics"

    # orders' internal API (API.md §4): OrderDetail for an agent's order view
    orders_internal_url: str = "http://127.0.0.1:8104"  # compose/k8s: http://orders-api:8000
    orders_timeout_s: float = Field(default=2.0, gt=0, le=30)
    # finance's internal API: the settle call of cash collected
    finance_internal_url: str = "http://127.0.0.1:8106"  # compose/k8s: http://finance-api:8000
    finance_timeout_s: float = Field(default=5.0, gt=0, le=30)
    # identity's internal API: the active agents (the auto-assign pool's bootstrap)
    identity_internal_url: str = "http://127.0.0.1:8101"  # compose/k8s: http://identity-api:8000
    identity_timeout_s: float = Field(default=5.0, gt=0, le=30)
