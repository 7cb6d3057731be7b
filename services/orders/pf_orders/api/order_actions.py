"""What the parties do to a vendor order (API.md §3.4): the vendor's decisions (order and line
level) and the buyer's cancel, nudge and retry. The use cases are ``domain/vendor_orders.py``.

Perspective (DOMAIN §4.4): a vendor action needs the active store to be the order's vendor, a buyer
action its buyer (a vendor buying is a buyer here, G-2); otherwise 403. An unknown order is 404.
Decisions need OPERATE; cancel and retry OPERATE; nudge STAFF. Each takes an ``Idempotency-Key``
(7 days; nudge 24 h). An action from a state the state machine does not list is 422
STATE_CONFLICT (``details.status``); repeating a decision that holds is 200 with nothing changed.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal
from uuid import UUID

from fastapi import Depends, Request
from pydantic import BaseModel, StringConstraints

from pf_common.db_http import WriteSession, get_database
from pf_common.guards import require_store
from pf_common.idempotency import Idempotent
from pf_common.openapi import errors
from pf_common.principal import OPERATE, STAFF, Principal
from pf_common.routing import APIRouter
from pf_common.schemas import Strict
from pf_orders.api.deps import IDEMPOTENCY_DAYS, IDEMPOTENCY_HOURS, Ctx
from pf_orders.domain import vendor_orders

router = APIRouter(tags=["orders"])

Vendor = Annotated[Principal, Depends(require_store({"vendor"}, OPERATE))]
Operator = Annotated[Principal, Depends(require_store(roles=OPERATE))]
Staff = Annotated[Principal, Depends(require_store(roles=STAFF))]

Reason = Annotated[str, StringConstraints(min_length=1, max_length=500)]


class OrderDecisionIn(Strict):
    decision: Literal["accept", "reject"]
    reason: Reason | None = None


class LineDecisionIn(Strict):
    line_item_id: UUID
    decision: Literal["fulfill", "reject"]
    notes: Reason | None = None


class CancelIn(Strict):
    reason: Reason | None = None


class OrderStatusOut(BaseModel):
    order_id: UUID
    status: str


class LineOut(BaseModel):
    id: UUID
    status: str
    notes: str | None = None


class LineDecisionOut(BaseModel):
    order_id: UUID
    status: str
    fulfillment_status: str
    subtotal_cents: int
    discounts_cents: int
    total_cents: int
    balance_due_cents: int
    line_item: LineOut


class CanceledOut(BaseModel):
    order_id: UUID
    status: Literal["canceled"]
    balance_due_cents: int


class NudgedOut(BaseModel):
    order_id: UUID
    nudged: bool


class RetriedOut(BaseModel):
    order_id: UUID
    original_order_id: UUID


def _party_errors(party: str, notes: dict[int, str]) -> dict[int | str, dict[str, object]]:
    """403 (not the order's ``party``, or a licence not verified), 404 and the route's own."""
    base = {
        403: f"not the order's {party}, or a licence is not verified (`details.party`)",
        404: "unknown order",
    }
    return errors(403, 404, *notes, notes={**base, **notes})


@router.post(
    "/api/v1/vendor/orders/{order_id}/decision",
    dependencies=[Idempotent(days=IDEMPOTENCY_DAYS)],
    responses=_party_errors("vendor", {422: "the order is not created_pending (`details.status`)"}),
)
async def decide_order(
    order_id: UUID, body: OrderDecisionIn, session: WriteSession, principal: Vendor
) -> dict[str, OrderStatusOut]:
    order = await vendor_orders.decide_vendor_order(
        session, principal, order_id, body.decision, reason=body.reason, now=datetime.now(UTC)
    )
    return {"data": OrderStatusOut(order_id=order.id, status=order.status)}


@router.post(
    "/api/v1/vendor/orders/{order_id}/line-items/decision",
    dependencies=[Idempotent(days=IDEMPOTENCY_DAYS)],
    responses=_party_errors(
        "vendor", {422: "the order is not created_pending/accepted, or the line is final (`details`)"}
    ),
)
async def decide_line(
    order_id: UUID, body: LineDecisionIn, session: WriteSession, principal: Vendor
) -> dict[str, LineDecisionOut]:
    done = await vendor_orders.decide_line_item(
        session,
        principal,
        order_id,
        body.line_item_id,
        body.decision,
        notes=body.notes,
        now=datetime.now(UTC),
    )
    order, line = done.order, done.line
    return {
        "data": LineDecisionOut(
            order_id=order.id,
            status=order.status,
            fulfillment_status=order.fulfillment_status,
            subtotal_cents=order.subtotal_cents,
            discounts_cents=order.discounts_cents,
            total_cents=order.total_cents,
            balance_due_cents=order.balance_due_cents,
            line_item=LineOut(id=line.id, status=line.status, notes=line.notes),
        )
    }


@router.post(
    "/api/v1/orders/{order_id}/cancel",
    dependencies=[Idempotent(days=IDEMPOTENCY_DAYS)],
    responses=_party_errors("buyer", {422: "picked up or later, or already final (`details.status`)"}),
)
async def cancel_order(
    order_id: UUID, session: WriteSession, principal: Operator, body: CancelIn | None = None
) -> dict[str, CanceledOut]:
    order = await vendor_orders.cancel_vendor_order(
        session, principal, order_id, reason=body.reason if body else None, now=datetime.now(UTC)
    )
    return {
        "data": CanceledOut(order_id=order.id, status="canceled", balance_due_cents=order.balance_due_cents)
    }


@router.post(
    "/api/v1/orders/{order_id}/nudge",
    status_code=202,
    dependencies=[Idempotent(hours=IDEMPOTENCY_HOURS)],
    responses=_party_errors("buyer", {422: "the order is final (`details.status`)"}),
)
async def nudge_order(order_id: UUID, session: WriteSession, principal: Staff) -> dict[str, NudgedOut]:
    await vendor_orders.nudge_vendor_order(session, principal, order_id, now=datetime.now(UTC))
    return {"data": NudgedOut(order_id=order_id, nudged=True)}


@router.post(
    "/api/v1/orders/{order_id}/retry",
    status_code=201,
    dependencies=[Idempotent(days=IDEMPOTENCY_DAYS)],
    responses=_party_errors(
        "buyer",
        {
            409: "insufficient inventory for retry (nothing was created), or the order was already retried",
            422: "the order is not expired (`details.status`)",
            503: "catalog is unavailable",
        },
    ),
)
async def retry_order(
    order_id: UUID, request: Request, principal: Operator, ctx: Ctx
) -> dict[str, RetriedOut]:
    order = await vendor_orders.retry_vendor_order(
        get_database(request), principal, order_id, catalog=ctx.catalog, now=datetime.now(UTC)
    )
    return {"data": RetriedOut(order_id=order.id, original_order_id=order_id)}
