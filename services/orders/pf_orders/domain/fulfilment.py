"""Fulfilment facts of logistics and finance applied to vendor orders.

(DOMAIN §1 ownership, §5.4 state machine and money rules, §9 audit; EVENTS.md §4 ordering, §6
logistics and finance rows; GAPS.md G-7.) orders owns the order's status; logistics owns the
assignment and delivery facts (``active_assignment``, ``shipping_status``, ``delivered_at`` are
its projection here) and finance the payment (``payment_status``, ``order_payments``). Nothing here
emits an event: EVENTS.md gives orders no emission for these facts (finance keeps the intent, and a
settled intent ignores ``order_totals_changed`` anyway).

Every change of an order is ONE guarded UPDATE (``WHERE status IN (…)`` or ``payment_status IN
(…)``, its values computed from the row in the same statement), never read-then-write: a concurrent
cancel or decision holds the row lock and the UPDATE re-checks its guard on the row it gets. The
intent's row is one upsert, an audit row one insert; a status read after a refused UPDATE only
classifies the fact (log, audit), it never decides a write to the order.

**Ordering.** Each event type is its own subscription, so any arrival order is possible; the rules
make every order of arrival converge on the row of in-order application:

- status moves forward only: ``ready_for_dispatch → in_transit → delivered → closed``; ``hold``
  from ``in_transit``/``delivered``. ``shipping_status`` too (``pending → dispatched → in_transit →
  delivered``), and it follows logistics' facts whatever the order's status.
- ``order_delivered`` before ``order_picked_up`` delivers from ``ready_for_dispatch`` (delivery
  implies pickup; G-7 lets cash settle an ``in_transit`` order with an implicit deliver); the late
  pickup then only records its ``pickup_time``.
- a payment fact that arrives before the order reached the status it acts on is not lost: the
  pickup or delivery that brings the order there applies it (payment ``failed``/``rejected`` ⇒
  ``hold`` instead of ``in_transit``/``delivered``; payment ``paid`` ⇒ ``closed`` instead of
  ``delivered``), since finance fails a cash payment only on an ``in_transit``/``delivered`` order
  and pays out only a delivered one. ``payment_rejected`` (ACH, future) follows the rule of
  ``payment_failed``: the state machine has no other way into ``hold``.
- ``payment_status`` moves forward only, as finance's intent does: ``unpaid|pending →
  settled|failed|rejected``, ``settled → paid`` (``order_paid`` also from ``unpaid|pending``: it
  implies the settlement). ``balance_due_cents`` is 0 once settled or paid.
- ``failed → settled`` is an admin's resolution of a cash mismatch (G-7, finance's
  ``resolve-payment`` emits ``cash_collected``): the order leaves ``hold`` for where it was heading,
  ``delivered`` when ``delivered_at`` is set, else ``in_transit`` (its delivery then delivers it).
  ``order_paid`` on a failed payment implies that resolution (finance pays out only a settled
  intent) and may overtake its ``cash_collected``: it leaves ``hold`` the same way, ``closed``
  instead of ``delivered``. ``rejected`` (ACH) has no such exit yet.
- ``active_assignment`` (API.md AssignmentView) is replaced only by a newer ``assigned_at``, and
  never once its assignment picked the order up (logistics reassigns only ``ready_for_dispatch``
  orders); the pickup's or delivery's assignment is the one that did it, so a fact for an
  assignment not seen yet starts its view (``assigned_at`` null until its ``order_assigned``
  arrives and fills it in). ``pickup_time``/``delivery_time`` are written once.
- ``order_payments`` (finance's intent) keeps ``source_version`` = the envelope's ``occurred_at``
  of the newest event applied: ``status``, ``failure_reason`` and ``amount_cents`` follow the
  newest event only; the once-only facts (``intent_id``, ``cash_collected_at``, ``vendor_paid_at``,
  ``method`` from the order) are filled in by whichever event carries them, so ``order_paid``
  applied before ``cash_collected`` still ends with the collection time.

**Late facts.** A pickup or delivery of an order that never reached ``ready_for_dispatch`` or left
it another way (the buyer canceled before the agent's pickup reached us) changes nothing: it is
logged (``orders.logistics.late_fact``) and audited once (``order.late_pickup_ignored`` /
``order.late_delivery_ignored``); an admin reconciles with logistics.

**Unknown orders.** An event for an order id orders has no row of is logged
(``orders.fulfilment.unknown_order``) and acked, not retried: logistics and finance learn of an
order only from ``order_ready_for_dispatch`` / ``order_created``, which orders emits in a
transaction that wrote the order row or after it, so no order can still be committing when its
facts arrive. Only a bug gets here, and retries would not fix it. finance's facts still upsert their
``order_payments`` row (the placeholder of EVENTS.md §4).

**Audit rows** (DOMAIN §9: cash collected, payout confirmed; late logistics facts) have an id
derived from the action and the order (``uuid5``; each of these facts happens once per order,
EVENTS.md dedupe keys) and are inserted ``ON CONFLICT DO NOTHING``, only for an order that exists:
safe when a handler runs twice, not only through the inbox.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Final

import sqlalchemy as sa
from pydantic_core import to_jsonable_python
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlalchemy.ext.asyncio import AsyncSession

from pf_common.events.common import VendorOrderShippingStatus, VendorOrderStatus
from pf_common.events.finance import CashCollectedV1, OrderPaidV1, PaymentFailedV1, PaymentRejectedV1
from pf_common.events.logistics import OrderAssignedV1, OrderDeliveredV1, OrderPickedUpV1
from pf_common.logging import get_logger
from pf_orders.models import OrderPayment, OrdersAudit, VendorOrder

log = get_logger(__name__)

_orders: sa.Table = VendorOrder.__table__  # type: ignore[attr-defined]
_payments: sa.Table = OrderPayment.__table__  # type: ignore[attr-defined]
_audit: sa.Table = OrdersAudit.__table__  # type: ignore[attr-defined]

# plain strings (a Python enum bound as a literal would be sent by its name)
READY: Final = VendorOrderStatus.READY_FOR_DISPATCH.value
IN_TRANSIT: Final = VendorOrderStatus.IN_TRANSIT.value
DELIVERED: Final = VendorOrderStatus.DELIVERED.value
HOLD: Final = VendorOrderStatus.HOLD.value
CLOSED: Final = VendorOrderStatus.CLOSED.value
#: statuses from which a logistics fact applies: ready for dispatch, or already past pickup
PICKED_UP_OR_LATER: Final = (IN_TRANSIT, DELIVERED, HOLD, CLOSED)
DISPATCHABLE: Final = (READY, *PICKED_UP_OR_LATER)
#: ``payment_failed``/``payment_rejected`` put these on hold (DOMAIN §5.4, G-7)
HOLDABLE: Final = (IN_TRANSIT, DELIVERED)

SHIP_PENDING: Final = VendorOrderShippingStatus.PENDING.value
SHIP_DISPATCHED: Final = VendorOrderShippingStatus.DISPATCHED.value
SHIP_IN_TRANSIT: Final = VendorOrderShippingStatus.IN_TRANSIT.value
SHIP_DELIVERED: Final = VendorOrderShippingStatus.DELIVERED.value

UNPAID: Final = "unpaid"
PENDING: Final = "pending"
SETTLED: Final = "settled"
PAID: Final = "paid"
FAILED: Final = "failed"
REJECTED: Final = "rejected"
OPEN_PAYMENT: Final = (UNPAID, PENDING)
FAILED_PAYMENT: Final = (FAILED, REJECTED)

VENDOR_ORDER: Final = "vendor_order"
LATE_PICKUP: Final = "order.late_pickup_ignored"
LATE_DELIVERY: Final = "order.late_delivery_ignored"
CASH_COLLECTED: Final = "order.cash_collected"
PAYOUT_CONFIRMED: Final = "order.payout_confirmed"

# uuid5 namespace of audit rows written from events (one row per action and order)
_AUDIT_NS: Final = uuid.UUID("5b0f3a52-7d0e-4f39-9a43-2c1f1e6a9d01")


# --- logistics ----------------------------------------------------------------------------------


async def apply_assignment(session: AsyncSession, event: OrderAssignedV1) -> bool:
    """``order_assigned``: the assignment becomes ``active_assignment`` unless a newer one (by
    ``assigned_at``) or the one that picked the order up is there; ``shipping_status`` pending →
    dispatched. Whatever the order's status (EVENTS.md §6 sets no guard: logistics assigns only
    orders it got as ready for dispatch). True when the order changed."""
    current = _orders.c.active_assignment
    same = current["id"].astext == str(event.assignment_id)
    core = _json(
        {
            "id": event.assignment_id,
            "agent_user_id": event.agent_user_id,
            "assigned_by_user_id": event.assigned_by_user_id,
            "assigned_at": event.assigned_at,
        }
    )
    view = {**_json(_assignment_view(event.assignment_id, event.agent_user_id, None)), **core}
    newer = sa.and_(
        current["id"].astext.is_distinct_from(str(event.assignment_id)),
        current["pickup_time"].astext.is_(None),
        current["delivery_time"].astext.is_(None),
        sa.cast(current["assigned_at"].astext, sa.DateTime(timezone=True)) < event.assigned_at,
    )
    stmt = (
        sa.update(_orders)
        .where(
            _orders.c.id == event.order_id,
            sa.or_(
                # none yet: SQL NULL, or the JSON null the ORM writes for an unset column
                current["id"].astext.is_(None),
                sa.and_(same, current["assigned_at"].astext.is_(None)),  # a view a pickup started
                newer,
            ),
        )
        .values(
            active_assignment=sa.case((same, current.op("||")(_jsonb(core))), else_=_jsonb(view)),
            shipping_status=_forward_shipping((SHIP_PENDING,), SHIP_DISPATCHED),
            updated_at=sa.func.now(),
        )
        .returning(_orders.c.id)
    )
    if (await session.execute(stmt)).first() is not None:
        log.info("orders.fulfilment.assigned", order_id=str(event.order_id))
        return True
    await _unchanged(session, event.order_id, "order_assigned")
    return False


async def apply_pickup(session: AsyncSession, event: OrderPickedUpV1, *, event_id: uuid.UUID) -> bool:
    """``order_picked_up``: ready_for_dispatch → in_transit (hold when the payment already
    failed), shipping in_transit, the assignment's ``pickup_time``. On an order already past pickup
    (a delivery that arrived first) it only records ``pickup_time``; on any other order it changes
    nothing, logs and audits a late fact."""
    status = _orders.c.status
    stmt = (
        sa.update(_orders)
        .where(
            _orders.c.id == event.order_id,
            status.in_(DISPATCHABLE),
            sa.or_(
                status == READY,
                _orders.c.shipping_status.in_((SHIP_PENDING, SHIP_DISPATCHED)),
                ~_has_time(event.assignment_id, "pickup_time"),
            ),
        )
        .values(
            status=sa.case((status == READY, _arrive(IN_TRANSIT)), else_=status),
            shipping_status=_forward_shipping((SHIP_PENDING, SHIP_DISPATCHED), SHIP_IN_TRANSIT),
            active_assignment=_with_time(
                event.assignment_id, event.agent_user_id, "pickup_time", event.picked_up_at
            ),
            updated_at=sa.func.now(),
        )
        .returning(_orders.c.status)
    )
    row = (await session.execute(stmt)).first()
    if row is not None:
        log.info("orders.fulfilment.picked_up", order_id=str(event.order_id), status=row.status)
        return True
    await _late_logistics_fact(
        session,
        event.order_id,
        event_type="order_picked_up",
        action=LATE_PICKUP,
        agent_user_id=event.agent_user_id,
        payload={
            "event_id": event_id,
            "assignment_id": event.assignment_id,
            "agent_user_id": event.agent_user_id,
            "picked_up_at": event.picked_up_at,
        },
    )
    return False


async def apply_delivery(session: AsyncSession, event: OrderDeliveredV1, *, event_id: uuid.UUID) -> bool:
    """``order_delivered``: in_transit — or ready_for_dispatch, when the pickup has not arrived
    yet — → delivered (hold when the payment failed, closed when it was paid out already);
    shipping delivered, ``delivered_at``, the assignment's ``delivery_time``. A delivered, held or
    closed order only gets the delivery facts it lacks; any other order changes nothing (late fact)."""
    status = _orders.c.status
    stmt = (
        sa.update(_orders)
        .where(
            _orders.c.id == event.order_id,
            status.in_(DISPATCHABLE),
            sa.or_(
                status.in_((READY, IN_TRANSIT)),
                _orders.c.shipping_status != SHIP_DELIVERED,
                _orders.c.delivered_at.is_(None),
                ~_has_time(event.assignment_id, "delivery_time"),
            ),
        )
        .values(
            status=sa.case(
                (status.in_((READY, IN_TRANSIT)), _arrive(DELIVERED)),
                else_=status,
            ),
            shipping_status=SHIP_DELIVERED,
            delivered_at=sa.func.coalesce(_orders.c.delivered_at, event.delivered_at),
            active_assignment=_with_time(
                event.assignment_id, event.agent_user_id, "delivery_time", event.delivered_at
            ),
            updated_at=sa.func.now(),
        )
        .returning(_orders.c.status)
    )
    row = (await session.execute(stmt)).first()
    if row is not None:
        log.info("orders.fulfilment.delivered", order_id=str(event.order_id), status=row.status)
        return True
    await _late_logistics_fact(
        session,
        event.order_id,
        event_type="order_delivered",
        action=LATE_DELIVERY,
        agent_user_id=event.agent_user_id,
        payload={
            "event_id": event_id,
            "assignment_id": event.assignment_id,
            "agent_user_id": event.agent_user_id,
            "delivered_at": event.delivered_at,
        },
    )
    return False


# --- finance ------------------------------------------------------------------------------------


async def apply_cash_collected(
    session: AsyncSession, event: CashCollectedV1, *, occurred_at: datetime
) -> bool:
    """``cash_collected``: payment settled and ``balance_due_cents`` 0 (DOMAIN §5.4 money rules;
    the status does not move: logistics delivers an ``in_transit`` order before it settles, G-7),
    also from ``failed`` (an admin's resolution, G-7), which takes a held order out of ``hold``
    (:func:`_leave_hold`); the intent projected; one audit row. True when the order changed."""
    changed = await _update_payment(
        session,
        event.order_id,
        from_=(*OPEN_PAYMENT, FAILED),
        to=SETTLED,
        event_type="cash_collected",
        balance_due_cents=0,
        status=_leave_hold(DELIVERED),
    )
    await _upsert_payment(
        session,
        event.order_id,
        occurred_at=occurred_at,
        status=SETTLED,
        intent_id=event.payment_intent_id,
        amount_cents=event.amount_cents,
        cash_collected_at=event.cash_collected_at,
    )
    await _audit_once(
        session,
        event.order_id,
        action=CASH_COLLECTED,
        actor_user_id=event.agent_user_id,
        actor_role="agent",
        payload={
            "payment_intent_id": event.payment_intent_id,
            "amount_cents": event.amount_cents,
            "cash_collected_at": event.cash_collected_at,
            "ledger_event_id": event.ledger_event_id,
        },
    )
    return changed


async def apply_payment_failure(
    session: AsyncSession, event: PaymentFailedV1 | PaymentRejectedV1, *, occurred_at: datetime
) -> bool:
    """``payment_failed`` / ``payment_rejected``: payment failed / rejected and, on an
    ``in_transit``/``delivered`` order, status hold (needs an admin, G-7); on an order not there
    yet the pickup or delivery that brings it there holds it; other statuses keep theirs. The
    intent projected with its ``failure_reason``. True when the order changed."""
    to = FAILED if isinstance(event, PaymentFailedV1) else REJECTED
    status = _orders.c.status
    changed = await _update_payment(
        session,
        event.order_id,
        from_=OPEN_PAYMENT,
        to=to,
        event_type=event.event_type,
        status=sa.case((status.in_(HOLDABLE), HOLD), else_=status),
    )
    await _upsert_payment(
        session,
        event.order_id,
        occurred_at=occurred_at,
        status=to,
        intent_id=event.payment_intent_id,
        failure_reason=event.failure_reason,
    )
    return changed


async def apply_payout(session: AsyncSession, event: OrderPaidV1, *, occurred_at: datetime) -> bool:
    """``order_paid``: payment paid (balance 0) and delivered → closed (an order not delivered yet
    closes on its delivery); from a failed payment (a resolution whose ``cash_collected`` has not
    arrived yet) a held order leaves ``hold`` (:func:`_leave_hold`); the intent projected with
    ``vendor_paid_at``; one audit row."""
    status = _orders.c.status
    changed = await _update_payment(
        session,
        event.order_id,
        from_=(*OPEN_PAYMENT, SETTLED, FAILED),
        to=PAID,
        event_type="order_paid",
        balance_due_cents=0,
        status=sa.case((status == DELIVERED, CLOSED), else_=_leave_hold(CLOSED)),
    )
    await _upsert_payment(
        session,
        event.order_id,
        occurred_at=occurred_at,
        status=PAID,
        intent_id=event.payment_intent_id,
        amount_cents=event.amount_cents,
        vendor_paid_at=event.vendor_paid_at,
    )
    await _audit_once(
        session,
        event.order_id,
        action=PAYOUT_CONFIRMED,
        actor_user_id=event.confirmed_by_user_id,
        actor_role="admin",
        payload={
            "payment_intent_id": event.payment_intent_id,
            "amount_cents": event.amount_cents,
            "vendor_paid_at": event.vendor_paid_at,
            "ledger_event_id": event.ledger_event_id,
        },
    )
    return changed


# --- statements ---------------------------------------------------------------------------------


def _arrive(target: str) -> sa.ColumnElement[Any]:
    """The status an order reaches on a pickup or delivery, given a payment fact that came first."""
    payment = _orders.c.payment_status
    whens: list[tuple[sa.ColumnElement[bool], str]] = [(payment.in_(FAILED_PAYMENT), HOLD)]
    if target == DELIVERED:
        whens.append((payment == PAID, CLOSED))
    return sa.case(*whens, else_=sa.literal(target))


def _leave_hold(delivered: str) -> sa.ColumnElement[Any]:
    """The status of an order whose failed payment is now settled or paid (G-7): a held order
    goes where it was heading — ``delivered`` (or ``closed`` when paid) once ``delivered_at`` is
    set, else ``in_transit``; any other status stays (computed from the row before the UPDATE)."""
    status = _orders.c.status
    held = sa.and_(status == HOLD, _orders.c.payment_status == FAILED)
    proceed = sa.case((_orders.c.delivered_at.is_not(None), delivered), else_=sa.literal(IN_TRANSIT))
    return sa.case((held, proceed), else_=status)


def _forward_shipping(from_: tuple[str, ...], to: str) -> sa.ColumnElement[Any]:
    shipping = _orders.c.shipping_status
    return sa.case((shipping.in_(from_), to), else_=shipping)


def _assignment_view(
    assignment_id: uuid.UUID, agent_user_id: uuid.UUID, assigned_by_user_id: uuid.UUID | None
) -> dict[str, Any]:
    """AssignmentView (API.md §2) before its times are known."""
    return {
        "id": assignment_id,
        "agent_user_id": agent_user_id,
        "assigned_by_user_id": assigned_by_user_id,
        "assigned_at": None,
        "unassigned_at": None,
        "pickup_time": None,
        "delivery_time": None,
        "cash_pickup_time": None,
    }


def _has_time(assignment_id: uuid.UUID, key: str) -> sa.ColumnElement[bool]:
    """Whether ``active_assignment`` is this assignment and already has ``key``."""
    current = _orders.c.active_assignment
    return sa.and_(
        current["id"].astext.is_not_distinct_from(str(assignment_id)), current[key].astext.is_not(None)
    ).self_group()  # never NULL: ``NOT`` of it is a plain negation


def _with_time(
    assignment_id: uuid.UUID, agent_user_id: uuid.UUID, key: str, at: datetime
) -> sa.ColumnElement[Any]:
    """``active_assignment`` with ``key`` set once: this assignment's view (started here when
    another or none was active: the assignment that picked up or delivered is the active one)."""
    current = _orders.c.active_assignment
    base = sa.case(
        (current["id"].astext == str(assignment_id), current),
        else_=_jsonb(_json(_assignment_view(assignment_id, agent_user_id, None))),
    )
    return sa.case(
        (base.op("->>")(key).is_not(None), base),
        else_=base.op("||", return_type=JSONB)(_jsonb(_json({key: at}))),
    )


async def _update_payment(
    session: AsyncSession,
    order_id: uuid.UUID,
    *,
    from_: tuple[str, ...],
    to: str,
    event_type: str,
    **values: Any,
) -> bool:
    stmt = (
        sa.update(_orders)
        .where(_orders.c.id == order_id, _orders.c.payment_status.in_(from_))
        .values(payment_status=to, updated_at=sa.func.now(), **values)
        .returning(_orders.c.status)
    )
    row = (await session.execute(stmt)).first()
    if row is not None:
        log.info("orders.fulfilment.payment", order_id=str(order_id), payment_status=to, status=row.status)
        return True
    await _unchanged(session, order_id, event_type)
    return False


async def _upsert_payment(
    session: AsyncSession,
    order_id: uuid.UUID,
    *,
    occurred_at: datetime,
    status: str,
    intent_id: uuid.UUID,
    amount_cents: int | None = None,
    cash_collected_at: datetime | None = None,
    vendor_paid_at: datetime | None = None,
    failure_reason: str | None = None,
) -> None:
    """finance's intent as this event describes it (module docstring: versioned status, once-only
    facts filled in by whichever event carries them)."""
    p = _payments.c
    method = sa.select(_orders.c.payment_method).where(_orders.c.id == order_id).scalar_subquery()
    stmt = insert(_payments).values(
        order_id=order_id,
        intent_id=intent_id,
        method=method,
        status=status,
        amount_cents=amount_cents,
        cash_collected_at=cash_collected_at,
        vendor_paid_at=vendor_paid_at,
        failure_reason=failure_reason,
        source_version=occurred_at,
    )
    new = stmt.excluded
    newer = p.source_version < new.source_version
    once = ("intent_id", "method", "cash_collected_at", "vendor_paid_at")
    stmt = stmt.on_conflict_do_update(
        index_elements=[p.order_id],
        set_={
            "status": sa.case((newer, new.status), else_=p.status),
            "failure_reason": sa.case((newer, new.failure_reason), else_=p.failure_reason),
            "amount_cents": sa.case(
                (newer, sa.func.coalesce(new.amount_cents, p.amount_cents)),
                else_=sa.func.coalesce(p.amount_cents, new.amount_cents),
            ),
            **{c: sa.func.coalesce(p[c], new[c]) for c in once},
            "source_version": sa.func.greatest(p.source_version, new.source_version),
            "updated_at": sa.func.now(),
        },
        where=sa.or_(
            newer,
            *(sa.and_(p[c].is_(None), new[c].is_not(None)) for c in (*once, "amount_cents")),
        ),
    )
    await session.execute(stmt)


async def _audit_once(
    session: AsyncSession,
    order_id: uuid.UUID,
    *,
    action: str,
    actor_user_id: uuid.UUID | None,
    actor_role: str,
    payload: Mapping[str, Any],
) -> None:
    """One audit row of ``action`` on the order, if the order exists and has none yet."""
    a = _audit.c
    row = sa.select(
        sa.literal(uuid.uuid5(_AUDIT_NS, f"{action}:{order_id}"), sa.Uuid),
        sa.literal(actor_user_id, sa.Uuid),
        sa.literal(actor_role, sa.Text),
        sa.literal(action, sa.Text),
        sa.literal(VENDOR_ORDER, sa.Text),
        _orders.c.id,
        _jsonb(_json(dict(payload))),
    ).where(_orders.c.id == order_id)
    columns = ["id", "actor_user_id", "actor_role", "action", "target_type", "target_id", "payload"]
    await session.execute(
        insert(_audit).from_select(columns, row).on_conflict_do_nothing(index_elements=[a.id])
    )


async def _status_of(session: AsyncSession, order_id: uuid.UUID) -> str | None:
    status: str | None = await session.scalar(sa.select(_orders.c.status).where(_orders.c.id == order_id))
    return status


async def _unchanged(session: AsyncSession, order_id: uuid.UUID, event_type: str) -> str | None:
    """After an UPDATE whose guard refused: the order's status (None and a warning when there is no
    such order). It only classifies (log, audit); nothing writes the order from it."""
    status = await _status_of(session, order_id)
    if status is None:
        log.warning("orders.fulfilment.unknown_order", order_id=str(order_id), fact=event_type)
    else:
        log.info("orders.fulfilment.unchanged", order_id=str(order_id), fact=event_type, status=status)
    return status


async def _late_logistics_fact(
    session: AsyncSession,
    order_id: uuid.UUID,
    *,
    event_type: str,
    action: str,
    agent_user_id: uuid.UUID,
    payload: Mapping[str, Any],
) -> None:
    status = await _status_of(session, order_id)
    if status is None:
        log.warning("orders.fulfilment.unknown_order", order_id=str(order_id), fact=event_type)
        return
    if status in DISPATCHABLE:  # applied already (a redelivery, or a replay under a new event id)
        log.info("orders.fulfilment.unchanged", order_id=str(order_id), fact=event_type, status=status)
        return
    log.warning("orders.logistics.late_fact", order_id=str(order_id), fact=event_type, status=status)
    await _audit_once(
        session,
        order_id,
        action=action,
        actor_user_id=agent_user_id,
        actor_role="agent",
        payload={**payload, "status": status},
    )


def _json(value: Mapping[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = to_jsonable_python(dict(value))
    return data


def _jsonb(value: dict[str, Any]) -> sa.ColumnElement[Any]:
    return sa.literal(value, JSONB)
