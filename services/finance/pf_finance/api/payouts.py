"""Admin payouts (API.md §3.6): the orders waiting for their vendor's payout, one order's detail,
and the confirmation that the vendor was paid. The use cases are ``domain/payouts.py``.

System admins only (403 otherwise). The list is a keyset page ordered ``delivered_at ASC, id ASC``
(API.md §1.6). The detail is orders' OrderDetail, asked once finance's read session is closed (no
call while a connection is held). Confirm takes an ``Idempotency-Key`` (7 days, API.md §1.7); a
repeat without the key's stored response (another key, or after orders closed the order) answers
the same 200 from the intent, nothing written.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal
from uuid import UUID

from fastapi import Request
from pydantic import BaseModel

from pf_common.db_http import ReadSession, WriteSession, get_database
from pf_common.guards import AdminPrincipal
from pf_common.idempotency import Idempotent
from pf_common.openapi import errors
from pf_common.pagination import PaginationDTO
from pf_common.pagination_http import PageQuery
from pf_common.routing import APIRouter
from pf_finance.api.deps import IDEMPOTENCY_DAYS, Ctx
from pf_finance.domain import payouts

router = APIRouter(tags=["finance"])


class PayoutItem(BaseModel):
    order_id: UUID
    order_number: int | None = None
    vendor_store_id: UUID
    amount_cents: int
    delivered_at: datetime


class PayoutPage(BaseModel):
    orders: list[PayoutItem]
    pagination: PaginationDTO


class PayoutConfirmed(BaseModel):
    order_id: UUID
    payment_status: Literal["paid"]
    vendor_paid_at: datetime


_NOT_PAYABLE = (
    "the order is not delivered or its payment is not settled (`details.payment_status`, `details.delivered`)"
)


@router.get("/api/admin/v1/orders/payouts")
async def list_payouts(
    session: ReadSession, _admin: AdminPrincipal, page: PageQuery
) -> dict[str, PayoutPage]:
    result = await payouts.list_payouts(session, page)
    items = [
        PayoutItem(
            order_id=i.order_id,
            order_number=i.order_number,
            vendor_store_id=i.vendor_store_id,
            amount_cents=i.amount_cents,
            delivered_at=i.delivered_at,
        )
        for i in result.items
    ]
    return {"data": PayoutPage(orders=items, pagination=PaginationDTO.of(result.pagination))}


@router.get(
    "/api/admin/v1/orders/payouts/{order_id}",
    responses=errors(
        404,
        422,
        503,
        notes={404: "unknown order", 422: _NOT_PAYABLE, 503: "orders is unavailable"},
    ),
)
async def get_payout(order_id: UUID, request: Request, ctx: Ctx, _admin: AdminPrincipal) -> dict[str, Any]:
    detail = await payouts.get_payout_detail(get_database(request), ctx.orders, order_id)
    return {"data": detail}


@router.post(
    "/api/admin/v1/orders/{order_id}/confirm-payout",
    dependencies=[Idempotent(days=IDEMPOTENCY_DAYS)],
    responses=errors(404, 422, notes={404: "unknown order", 422: _NOT_PAYABLE}),
)
async def confirm_payout(
    order_id: UUID, session: WriteSession, principal: AdminPrincipal
) -> dict[str, PayoutConfirmed]:
    done = await payouts.confirm_payout(session, principal, order_id, now=datetime.now(UTC))
    return {
        "data": PayoutConfirmed(
            order_id=done.order_id, payment_status="paid", vendor_paid_at=done.vendor_paid_at
        )
    }
