"""The vendor order lifecycle (DOMAIN §5.4): vendor decisions (order and line level, implicit
acceptance), buyer cancel, nudge and retry, and the TTL job's nudge and expiry.

Every use case locks the order row (``SELECT … FOR UPDATE``, then its lines), asks the pure state
machine (``rules.lifecycle``) what changes, applies it, recomputes the money (``rules.pricing``:
over the non-rejected lines; balance 0 once rejected, canceled, expired or paid) and stages its
events, all in the caller's one transaction. A repeated decision is a no-op that emits nothing.
Stock goes back exactly once per line: ``inventory_release_requested`` names exactly the lines
the change took out of a holding state.

Licence gates (beyond the seed): an acceptance (order ``accept`` or a line ``fulfill``) needs both
parties' KYC ``verified`` in orders' store projection (403 naming the party); a vendor's reject
and a buyer's cancel are always allowed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from pf_common.db import Database
from pf_common.errors import Conflict, Forbidden, StateConflict
from pf_common.events.orders import (
    InventoryReleaseRequestedV1,
    NotificationRequestedV1,
    OrderCanceledV1,
    OrderCreatedV1,
    OrderDecidedV1,
    OrderExpiredV1,
    OrderPendingNudgeV1,
    OrderReadyForDispatchV1,
    OrderRetriedV1,
    OrderTotalsChangedV1,
)
from pf_common.ids import uuid7
from pf_common.logging import get_logger
from pf_common.outbox import emit
from pf_common.principal import Principal
from pf_common.tenancy import is_active_store
from pf_orders.clients.catalog import CatalogClient, ReservationLine
from pf_orders.domain import audit, holds, stores
from pf_orders.domain.errors import LicenceNotVerified, OrderNotFound, VendorNotFound
from pf_orders.domain.rules import gates, pricing
from pf_orders.domain.rules import lifecycle as lc
from pf_orders.models import OrderLineItem, VendorOrder

log = get_logger(__name__)

NUDGE_AFTER = timedelta(days=5)
EXPIRE_AFTER = timedelta(days=10)
TTL_BATCH = 200
ZERO_BALANCE_STATUSES = frozenset({lc.REJECTED, lc.CANCELED, lc.EXPIRED})
PAID = frozenset({"settled", "paid"})


class NotAParty(Forbidden):
    default_message = "not a party to this order in this role"


class AlreadyRetried(Conflict):
    default_message = "this order was already retried"


class InsufficientForRetry(Conflict):
    default_message = "insufficient inventory for retry"


def _state_conflict(exc: lc.IllegalTransition) -> StateConflict:
    return StateConflict(str(exc), details=exc.details, reason=exc.reason)


# --- loading ---------------------------------------------------------------------------------------


async def _lock(session: AsyncSession, order_id: UUID) -> tuple[VendorOrder, list[OrderLineItem]]:
    """The order and its lines, the order row locked for this transaction (404 if unknown)."""
    order = (
        await session.execute(
            sa.select(VendorOrder)
            .where(col(VendorOrder.id) == order_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    ).scalar_one_or_none()
    if order is None:
        raise OrderNotFound(reason="order_not_found")
    lines = list(
        (
            await session.execute(
                sa.select(OrderLineItem)
                .where(col(OrderLineItem.order_id) == order_id)
                .order_by(col(OrderLineItem.position))
                .execution_options(populate_existing=True)
            )
        ).scalars()
    )
    return order, lines


def _require(order: VendorOrder, principal: Principal, party: str) -> None:
    """DOMAIN §4.4: actions only from the matching perspective (403 otherwise)."""
    owner = order.vendor_store_id if party == "vendor" else order.buyer_store_id
    if not is_active_store(principal, owner):
        raise NotAParty(f"only the order's {party} may do this", reason=f"not_the_{party}")


async def _require_licences(session: AsyncSession, order: VendorOrder) -> dict[UUID, stores.Store]:
    """Both parties' KYC verified (acceptance, retry): 403 naming the first party that is not."""
    found = await stores.get_stores(session, [order.buyer_store_id, order.vendor_store_id])
    for party, store_id in (("buyer", order.buyer_store_id), ("vendor", order.vendor_store_id)):
        store = found.get(store_id)
        if not gates.kyc_verified(store):
            raise LicenceNotVerified(party, store_id, store.kyc_status if store else None)
    return found


# --- applying a change ------------------------------------------------------------------------------


def _keys(order: VendorOrder) -> dict[str, UUID]:
    return {
        "order_id": order.id,
        "checkout_group_id": order.checkout_group_id,
        "buyer_store_id": order.buyer_store_id,
        "vendor_store_id": order.vendor_store_id,
    }


def _facts(order: VendorOrder, lines: Sequence[OrderLineItem]) -> lc.OrderFacts:
    return lc.OrderFacts(order.status, {line.id: line.status for line in lines})


async def _apply(
    session: AsyncSession,
    order: VendorOrder,
    lines: Sequence[OrderLineItem],
    change: lc.Change,
    *,
    now: datetime,
    release_reason: str,
    notes: dict[UUID, str | None] | None = None,
) -> bool:
    """Write ``change`` onto the rows, recompute the money, stage release and totals events.
    Returns whether total or balance changed."""
    for line in lines:
        new = change.lines[line.id]
        if new != line.status:
            line.status = new
            line.updated_at = now
            if notes is not None and line.id in notes:
                line.notes = notes[line.id]
    order.status = change.status
    if change.fulfillment_status is not None:
        order.fulfillment_status = change.fulfillment_status
        order.fulfilled_at = now
    before = (order.total_cents, order.balance_due_cents)
    amounts = pricing.order_totals(
        (
            (line.line_subtotal_cents, line.discount_cents)
            for line in lines
            if line.status != lc.REJECTED_LINE
        ),
        promo_discount_cents=order.promo_discount_cents,
        tax_cents=order.tax_cents,
        transport_fee_cents=order.transport_fee_cents,
    )
    if any(line.status != lc.REJECTED_LINE for line in lines):
        order.subtotal_cents, order.discounts_cents, order.total_cents = (
            amounts.subtotal_cents,
            amounts.discounts_cents,
            amounts.total_cents,
        )
    else:  # nothing left to pay for
        order.subtotal_cents = order.discounts_cents = order.total_cents = 0
    zero = order.status in ZERO_BALANCE_STATUSES or order.payment_status in PAID
    order.balance_due_cents = 0 if zero else order.total_cents
    order.updated_at = now
    released = [line for line in lines if line.id in change.released and line.product_id is not None]
    if released:
        await emit(
            session,
            InventoryReleaseRequestedV1(
                order_id=order.id,
                reason=release_reason,
                lines=[
                    {"reservation_id": line.id, "product_id": line.product_id, "qty": line.qty}
                    for line in released
                ],
            ),
            store_id=order.vendor_store_id,
        )
    changed = (order.total_cents, order.balance_due_cents) != before
    if changed:
        await emit(
            session,
            OrderTotalsChangedV1(
                **_keys(order),
                status=order.status,
                subtotal_cents=order.subtotal_cents,
                discounts_cents=order.discounts_cents,
                total_cents=order.total_cents,
                balance_due_cents=order.balance_due_cents,
                changed_at=now,
            ),
            store_id=order.vendor_store_id,
        )
    return changed


async def _decided(
    session: AsyncSession, order: VendorOrder, decision: str, *, reason: str | None, now: datetime
) -> None:
    await emit(
        session,
        OrderDecidedV1(**_keys(order), decision=decision, status=order.status, reason=reason, decided_at=now),
        store_id=order.vendor_store_id,
    )


async def _ready_for_dispatch(
    session: AsyncSession, order: VendorOrder, lines: Sequence[OrderLineItem], *, now: datetime
) -> None:
    """``order_ready_for_dispatch`` with both parties' contacts: the projection's current ones,
    else the checkout's snapshot."""
    found = await stores.get_stores(session, [order.buyer_store_id, order.vendor_store_id])
    kept = [line for line in lines if line.status != lc.REJECTED_LINE]

    def contact(store_id: UUID, snapshot: dict[str, Any]) -> dict[str, Any]:
        current = stores.contact_snapshot(found.get(store_id)) if store_id in found else {}
        return current if current.get("address") else snapshot

    await emit(
        session,
        OrderReadyForDispatchV1(
            **_keys(order),
            order_number=order.order_number,
            fulfillment_status=order.fulfillment_status,
            shipping_status=order.shipping_status,
            rejected_item_count=sum(1 for line in lines if line.status == lc.REJECTED_LINE),
            total_cents=order.total_cents,
            discounts_cents=order.discounts_cents,
            total_items=sum(line.qty for line in kept),
            buyer=contact(order.buyer_store_id, order.buyer_snapshot),
            vendor=contact(order.vendor_store_id, order.vendor_snapshot),
            ready_at=now,
        ),
        store_id=order.vendor_store_id,
    )


# --- vendor decisions -------------------------------------------------------------------------------


async def decide_vendor_order(
    session: AsyncSession,
    principal: Principal,
    order_id: UUID,
    decision: str,
    *,
    reason: str | None,
    now: datetime,
) -> VendorOrder:
    """Order-level accept or reject (vendor OPERATE)."""
    order, lines = await _lock(session, order_id)
    _require(order, principal, "vendor")
    try:
        change = lc.decide_order(_facts(order, lines), decision)
    except lc.IllegalTransition as exc:
        raise _state_conflict(exc) from None
    if change.noop:
        return order
    if decision == "accept":
        await _require_licences(session, order)
    order.vendor_responded_at = now
    await _apply(session, order, lines, change, now=now, release_reason="vendor_reject")
    await _decided(session, order, decision, reason=reason, now=now)
    audit.record(
        session,
        principal,
        action=f"order.{decision}ed" if decision == "reject" else "order.accepted",
        target_type="vendor_order",
        target_id=order.id,
        payload={"reason": reason},
        now=now,
    )
    log.info("orders.order.decided", order_id=str(order.id), decision=decision, status=order.status)
    return order


@dataclass(frozen=True, slots=True)
class LineDecision:
    order: VendorOrder
    line: OrderLineItem


async def decide_line_item(
    session: AsyncSession,
    principal: Principal,
    order_id: UUID,
    line_item_id: UUID,
    decision: str,
    *,
    notes: str | None,
    now: datetime,
) -> LineDecision:
    """Line-level fulfill or reject (vendor OPERATE); a line of another order is 403."""
    order, lines = await _lock(session, order_id)
    _require(order, principal, "vendor")
    line = next((line for line in lines if line.id == line_item_id), None)
    if line is None:
        raise NotAParty("the line is not one of this order's", reason="line_of_another_order")
    try:
        change = lc.decide_line(_facts(order, lines), line_item_id, decision)
    except lc.IllegalTransition as exc:
        raise _state_conflict(exc) from None
    if change.noop:
        return LineDecision(order, line)
    if decision == "fulfill":
        await _require_licences(session, order)
    if change.implicit_accept:
        order.vendor_responded_at = now
    await _apply(
        session, order, lines, change, now=now, release_reason="line_reject", notes={line_item_id: notes}
    )
    if change.implicit_accept and not change.all_rejected:
        await _decided(session, order, "implicit_accept", reason=None, now=now)
    if change.all_rejected:
        await _decided(session, order, "reject", reason=notes, now=now)
    if change.ready:
        await _ready_for_dispatch(session, order, lines, now=now)
    audit.record(
        session,
        principal,
        action="order.line_fulfilled" if decision == "fulfill" else "order.line_rejected",
        target_type="vendor_order",
        target_id=order.id,
        payload={"line_item_id": line_item_id, "notes": notes, "order_status": order.status},
        now=now,
    )
    log.info("orders.line.decided", order_id=str(order.id), decision=decision, status=order.status)
    return LineDecision(order, line)


# --- buyer actions ------------------------------------------------------------------------------------


async def cancel_vendor_order(
    session: AsyncSession, principal: Principal, order_id: UUID, *, reason: str | None, now: datetime
) -> VendorOrder:
    """Buyer cancel, only before pickup (422 after); always allowed whatever the licences."""
    order, lines = await _lock(session, order_id)
    _require(order, principal, "buyer")
    try:
        change = lc.cancel(_facts(order, lines))
    except lc.IllegalTransition as exc:
        raise _state_conflict(exc) from None
    if change.noop:
        return order
    order.canceled_at = now
    await _apply(session, order, lines, change, now=now, release_reason="buyer_cancel")
    await emit(
        session,
        OrderCanceledV1(**_keys(order), reason=reason or "buyer_cancel", canceled_at=now),
        store_id=order.buyer_store_id,
    )
    audit.record(
        session,
        principal,
        action="order.canceled",
        target_type="vendor_order",
        target_id=order.id,
        payload={"reason": reason},
        now=now,
    )
    log.info("orders.order.canceled", order_id=str(order.id))
    return order


async def nudge_vendor_order(
    session: AsyncSession, principal: Principal, order_id: UUID, *, now: datetime
) -> None:
    """The buyer's manual nudge: a notification to the vendor; the TTL is not extended."""
    order = (
        await session.execute(sa.select(VendorOrder).where(col(VendorOrder.id) == order_id))
    ).scalar_one_or_none()
    if order is None:
        raise OrderNotFound(reason="order_not_found")
    _require(order, principal, "buyer")
    try:
        lc.ensure_nudgeable(order.status)
    except lc.IllegalTransition as exc:
        raise _state_conflict(exc) from None
    await emit(
        session,
        NotificationRequestedV1(**_keys(order), type="order_nudge", requested_by_user_id=principal.user_id),
        store_id=order.buyer_store_id,
    )


# --- the TTL job ------------------------------------------------------------------------------------


@dataclass(slots=True)
class TtlStats:
    nudged: int = 0
    expired: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"nudged": self.nudged, "expired": self.expired}


async def run_ttl(db: Database, *, now: datetime, batch: int = TTL_BATCH) -> TtlStats:
    """DOMAIN §5.4 reservation TTL: orders still ``created_pending`` that the vendor never answered
    expire at created_at + 10 d, and get one nudge at + 5 d. Re-runnable: each order is handled in a
    short transaction (``FOR UPDATE SKIP LOCKED``, so a vendor deciding now wins or waits), and an
    expired or nudged order no longer matches."""
    stats = TtlStats()
    pending = sa.and_(
        col(VendorOrder.status) == lc.CREATED_PENDING, col(VendorOrder.vendor_responded_at).is_(None)
    )
    while True:
        async with db.transaction() as session:
            due = list(
                (
                    await session.execute(
                        sa.select(col(VendorOrder.id))
                        .where(pending, col(VendorOrder.created_at) <= now - EXPIRE_AFTER)
                        .order_by(col(VendorOrder.created_at))
                        .limit(batch)
                        .with_for_update(skip_locked=True)
                    )
                ).scalars()
            )
            for order_id in due:
                await expire_vendor_order(session, order_id, now=now)
        stats.expired += len(due)
        if len(due) < batch:
            break
    while True:
        async with db.transaction() as session:
            due_orders = list(
                (
                    await session.execute(
                        sa.select(VendorOrder)
                        .where(
                            pending,
                            col(VendorOrder.nudged_at).is_(None),
                            col(VendorOrder.created_at) <= now - NUDGE_AFTER,
                        )
                        .order_by(col(VendorOrder.created_at))
                        .limit(batch)
                        .with_for_update(skip_locked=True)
                    )
                ).scalars()
            )
            for order in due_orders:
                order.nudged_at = now
                order.updated_at = now
                await emit(
                    session,
                    OrderPendingNudgeV1(**_keys(order), pending_days=NUDGE_AFTER.days),
                    store_id=order.vendor_store_id,
                )
        stats.nudged += len(due_orders)
        if len(due_orders) < batch:
            break
    if stats.nudged or stats.expired:
        log.info("orders.ttl.ran", **stats.as_dict())
    return stats


async def expire_vendor_order(session: AsyncSession, order_id: UUID, *, now: datetime) -> bool:
    """The TTL job's step for one order (it selects only unanswered ``created_pending`` orders);
    False when it already expired. Another status raises ``lifecycle.IllegalTransition``."""
    order, lines = await _lock(session, order_id)
    change = lc.expire(_facts(order, lines))
    if change.noop:
        return False
    order.expired_at = now
    await _apply(session, order, lines, change, now=now, release_reason="expired")
    await emit(
        session,
        OrderExpiredV1(**_keys(order), expired_at=now, ttl_days=EXPIRE_AFTER.days),
        store_id=order.vendor_store_id,
    )
    audit.record_system(
        session,
        action="order.expired",
        target_type="vendor_order",
        target_id=order.id,
        payload={"ttl_days": EXPIRE_AFTER.days},
        now=now,
    )
    return True


# --- retry ----------------------------------------------------------------------------------------------


async def retry_vendor_order(
    db: Database, principal: Principal, order_id: UUID, *, catalog: CatalogClient, now: datetime
) -> VendorOrder:
    """A new order from an expired one (buyer OPERATE): every line again, reserved synchronously
    (any refusal: 409 and nothing created), then one transaction writes it. No transaction is open
    while catalog is called."""
    async with db.read() as session:
        original = (
            await session.execute(sa.select(VendorOrder).where(col(VendorOrder.id) == order_id))
        ).scalar_one_or_none()
        if original is None:
            raise OrderNotFound(reason="order_not_found")
        _require(original, principal, "buyer")
        try:
            lc.ensure_retryable(original.status)
        except lc.IllegalTransition as exc:
            raise _state_conflict(exc) from None
        parties = await _require_licences(session, original)
        buyer_state = gates.normalize_state(parties[original.buyer_store_id].state)
        if not gates.vendor_orderable(parties.get(original.vendor_store_id), buyer_state):
            raise VendorNotFound(reason="vendor_hidden")
        lines = list(
            (
                await session.execute(
                    sa.select(OrderLineItem)
                    .where(col(OrderLineItem.order_id) == order_id)
                    .order_by(col(OrderLineItem.position))
                )
            ).scalars()
        )
        session.expunge_all()
    new_id, group_id = uuid7(), uuid7()
    new_ids = {line.id: uuid7() for line in lines}
    wanted = [
        ReservationLine(new_ids[line.id], new_id, line.product_id, line.qty)
        for line in lines
        if line.product_id is not None
    ]
    results = await holds.reserve(catalog, group_id, wanted)
    held = [r.reservation_id for r in results if r.reserved]
    if len(held) != len(lines):  # a line refused (or without a product): nothing is created
        await holds.release(catalog, held, why="retry_refused")
        raise InsufficientForRetry(reason="insufficient_inventory_for_retry")
    try:
        async with db.transaction() as session:
            order = await _write_retry(session, original, lines, new_id, group_id, new_ids, now=now)
    except BaseException:
        await holds.release(catalog, held, why="commit_failed")
        raise
    log.info("orders.order.retried", order_id=str(new_id), original_order_id=str(order_id))
    return order


async def _write_retry(
    session: AsyncSession,
    original: VendorOrder,
    lines: Sequence[OrderLineItem],
    new_id: UUID,
    group_id: UUID,
    new_ids: dict[UUID, UUID],
    *,
    now: datetime,
) -> VendorOrder:
    locked, _ = await _lock(session, original.id)  # serialises two retries of one order
    if locked.status != lc.EXPIRED:
        raise _state_conflict(
            lc.IllegalTransition(
                "the order is no longer expired",
                reason="illegal_transition",
                details={"status": locked.status},
            )
        )
    already = (
        await session.execute(
            sa.select(col(VendorOrder.id)).where(col(VendorOrder.retried_from_order_id) == original.id)
        )
    ).first()
    if already is not None:
        raise AlreadyRetried(reason="already_retried")
    copies = [
        OrderLineItem(
            **{
                k: getattr(line, k)
                for k in (
                    "product_id",
                    "cart_item_id",
                    "name",
                    "category",
                    "strain",
                    "classification",
                    "unit",
                    "thumbnail",
                    "unit_price_cents",
                    "moq",
                    "max_qty",
                    "qty",
                    "discount_cents",
                    "line_subtotal_cents",
                    "total_cents",
                    "warnings",
                    "applied_volume_discount",
                    "ad_token",
                    "ad_attribution",
                    "position",
                )
            },
            id=new_ids[line.id],
            order_id=new_id,
            status=lc.PENDING_LINE,
            notes=None,
            created_at=now,
            updated_at=now,
        )
        for line in lines
    ]
    amounts = pricing.order_totals(
        ((c.line_subtotal_cents, c.discount_cents) for c in copies),
        promo_discount_cents=original.promo_discount_cents,
    )
    copied = {
        k: getattr(original, k)
        for k in (
            "cart_id",
            "buyer_store_id",
            "vendor_store_id",
            "payment_method",
            "currency",
            "shipping_address",
            "billing_address",
            "shipping_line",
            "promo_discount_cents",
            "warnings",
            "promo",
            "buyer_snapshot",
            "vendor_snapshot",
            "ad_token",
            "ad_attribution",
            "notes",
        )
    }
    order = VendorOrder(
        **copied,
        id=new_id,
        checkout_group_id=group_id,
        status=lc.CREATED_PENDING,
        fulfillment_status="pending",
        shipping_status="pending",
        payment_status="unpaid",
        refund_status="none",
        subtotal_cents=amounts.subtotal_cents,
        discounts_cents=amounts.discounts_cents,
        tax_cents=0,
        transport_fee_cents=0,
        total_cents=amounts.total_cents,
        balance_due_cents=amounts.total_cents,
        retried_from_order_id=original.id,
        created_at=now,
        updated_at=now,
    )
    session.add(order)
    session.add_all(copies)
    await session.flush()
    await emit(session, order_created_event(order, copies), store_id=order.buyer_store_id)
    await emit(
        session, OrderRetriedV1(**_keys(order), original_order_id=original.id), store_id=order.buyer_store_id
    )
    return order


def order_created_event(order: VendorOrder, lines: Sequence[OrderLineItem]) -> OrderCreatedV1:
    """``order_created`` of a committed order (checkout and retry)."""
    address = order.shipping_address or {}
    return OrderCreatedV1(
        **_keys(order),
        order_number=order.order_number,
        cart_id=order.cart_id,
        status=order.status,
        payment_method=order.payment_method,
        currency=order.currency,
        subtotal_cents=order.subtotal_cents,
        discounts_cents=order.discounts_cents,
        tax_cents=order.tax_cents,
        transport_fee_cents=order.transport_fee_cents,
        total_cents=order.total_cents,
        balance_due_cents=order.balance_due_cents,
        shipping_address={k: address.get(k) for k in ("state", "postal_code", "lat", "lng")},
        items=[
            {
                "line_item_id": line.id,
                "product_id": line.product_id,
                "title": line.name,
                "category": line.category,
                "classification": line.classification,
                "unit": line.unit,
                "qty": line.qty,
                "moq": line.moq,
                "max_qty": line.max_qty,
                "unit_price_cents": line.unit_price_cents,
                "discount_cents": line.discount_cents,
                "line_subtotal_cents": line.line_subtotal_cents,
                "line_total_cents": line.total_cents,
                "status": line.status,
                "warnings": line.warnings,
                "ad_token": line.ad_token,
            }
            for line in lines
        ],
        ad_token=order.ad_token,
        retried_from_order_id=order.retried_from_order_id,
        created_at=order.created_at,
    )


__all__ = [
    "LineDecision",
    "cancel_vendor_order",
    "decide_line_item",
    "decide_vendor_order",
    "expire_vendor_order",
    "nudge_vendor_order",
    "order_created_event",
    "retry_vendor_order",
    "run_ttl",
]
