"""A vendor store's charges (API.md §3.6 ``GET /api/v1/vendor/billing/charges``; DOMAIN §5.6):
what finance took, or tried to take, from the store — subscription invoices and usage (ad spend)
charges. The query is ``domain/charge_queries.py``.

A vendor store with a MANAGE role (owner, admin, manager) only, else 403. A keyset page
(``created_at DESC, id DESC``, API.md §1.6), optionally filtered by ``type`` (subscription,
ad_spend, other) and ``status`` (pending, succeeded, failed, refunded); another value, a bad
``limit`` or ``cursor`` is 400 naming the parameter.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from fastapi import Query
from pydantic import BaseModel, ConfigDict

from pf_common.db_http import ReadSession
from pf_common.pagination import PaginationDTO
from pf_common.pagination_http import PageQuery
from pf_common.routing import APIRouter
from pf_finance.api.deps import BillingManager
from pf_finance.domain import charge_queries
from pf_finance.models import Charge

router = APIRouter(tags=["billing"])


ChargeType = Literal["subscription", "ad_spend", "other"]
ChargeStatus = Literal["pending", "succeeded", "failed", "refunded"]


class ChargeDTO(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: UUID
    amount_cents: int
    currency: str
    type: str
    status: str
    description: str | None = None
    created_at: datetime
    billed_at: datetime | None = None

    @classmethod
    def of(cls, charge: Charge) -> ChargeDTO:
        return cls.model_validate(charge)


class ChargePage(BaseModel):
    charges: list[ChargeDTO]
    pagination: PaginationDTO


@router.get("/api/v1/vendor/billing/charges")
async def list_charges(
    session: ReadSession,
    principal: BillingManager,
    page: PageQuery,
    charge_type: Annotated[
        ChargeType | None, Query(alias="type", description="only charges of this type")
    ] = None,
    status: Annotated[ChargeStatus | None, Query(description="only charges in this status")] = None,
) -> dict[str, ChargePage]:
    result = await charge_queries.list_charges(
        session, principal, page, charge_type=charge_type, status=status
    )
    return {
        "data": ChargePage(
            charges=[ChargeDTO.of(c) for c in result.items], pagination=PaginationDTO.of(result.pagination)
        )
    }
