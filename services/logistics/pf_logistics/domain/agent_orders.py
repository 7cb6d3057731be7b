"""What agents and admins do with dispatch orders (DOMAIN §5.5, API.md §3.5; GAPS G-7, G-8).

**Who sees what.** An agent sees the orders of its own active assignments, the queue (ready for
dispatch, no active assignment) and the detail of an order assigned to it (403 otherwise); an
admin sees every active assignment, the queue and any order's detail. An order logistics does not
know is 404 for everyone.

**Writes.** Each write use case first locks the order's ``dispatch_orders`` row (``SELECT … FOR
UPDATE``): claims, admin overrides, pickups, deliveries and the cash's first phase of one order
run one after the other, so an override racing a pickup ends one way or the other — the pickup
happened under the old assignment and the override is refused (422, no longer ready for
dispatch), or the override won and the old agent's pickup is 403 (not assigned). Then each state
change is one guarded ``UPDATE … WHERE status = <from>`` with its fact on the assignment
(``… WHERE <fact> IS NULL``: each written once), its event and its audit row, in the caller's one
transaction.

* **claim** (G-8): a queue order only (422 otherwise); another agent's active assignment is 409;
  the caller's own is answered again (200, nothing written). ``domain/assignments.py`` inserts it.
* **assign_agent** (admin override): an active agent of ``agent_projection`` (404 otherwise), an
  order ready for dispatch (422); the current assignment is deactivated and the new one made
  with ``assigned_by_user_id`` and ``previous_agent_user_id``. Naming the agent already assigned
  changes nothing (200 with that assignment).
* **pick_up_order**: the assigned agent; ``ready_for_dispatch → in_transit``, ``pickup_time`` and
  ``order_picked_up`` once; a repeat is 200 with the same answer. Beyond the seed, the licence
  gate at hand-over: both parties' KYC must be ``verified`` in logistics' store projection (403
  naming the party; a store the projection does not know is not verified). A canceled order is
  422 for the agent it was assigned to when it was canceled.
* **deliver_order**: ``in_transit → delivered``, ``delivery_time`` and ``order_delivered`` once;
  a repeat is 200 with the same answer; any other status is 422.
* **collect_cash**: three phases, never a transaction or a pooled connection open while finance
  is called (HOUSE_STYLE §3.2):

  1. *read* (one transaction): the assigned agent; the cash already recorded on the assignment
     answers again (the same amount: 200 with the same body; another amount: 422); an order in
     transit is delivered first (committed, with ``order_delivered``: it stays delivered whatever
     finance answers); ``ready_for_dispatch`` or ``canceled`` is 422 (G-7: no mutation).
  2. *finance*: ``settle`` with the agent's amount (logistics does not judge it), ``collected_at``
     = the assignment's ``delivery_time`` (cash on delivery) and the ``Idempotency-Key``
     ``logistics.cash:<assignment_id>:<amount_cents>``. Both are fixed for a given assignment and
     amount, so the call's body is byte-identical on every retry: a retry after a lost answer
     gets finance's first answer (finance replays it under the key), never a second settle, and
     never ``IDEMPOTENCY_KEY_REUSED``. Another amount is another question with its own key:
     finance answers it on the intent as it is (settled or failed ⇒ 422), so nothing is
     collected twice. Finance's 4xx (400, 404, 409, 422) is passed through with its status and
     error body and nothing is recorded (a 409 keeps ``Retry-After``: logistics' idempotency layer
     does not store it, so the agent's retry runs again); no answer (down, timeout, 5xx) is 503
     ``DEPENDENCY_ERROR`` with nothing recorded — a retry works.
  3. *write* (one transaction, on finance's 200): ``cash_pickup_time`` (= finance's
     ``cash_collected_at``) and ``cash_amount_cents`` once on the assignment, the dispatch row's
     ``payment_status = settled`` and the audit row. Logistics emits nothing for the cash:
     finance's ``cash_collected`` is the event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from pf_common.db import Database
from pf_common.errors import Conflict, DependencyError
from pf_common.events.logistics import OrderDeliveredV1, OrderPickedUpV1
from pf_common.logging import get_logger
from pf_common.outbox import emit
from pf_common.pagination import PageInfo, PageParams, paginate
from pf_common.principal import Principal
from pf_logistics.clients.finance import FinanceClient, FinanceUnavailable, SettleAnswer
from pf_logistics.clients.orders import OrdersClient, OrdersUnavailable
from pf_logistics.domain import assignments, audit
from pf_logistics.domain.errors import (
    AgentNotFound,
    AlreadyAssigned,
    CashAlreadyRecorded,
    LicenceNotVerified,
    NotAssigned,
    OrderNotFound,
    WrongOrderState,
)
from pf_logistics.models import AgentProjection, DispatchOrder, OrderAssignment, StoreProjection

__all__ = [
    "Assignment",
    "CashCollected",
    "FinanceRefused",
    "HandOver",
    "ListedOrder",
    "OrderDetail",
    "OrderPage",
    "assign_agent",
    "cash_idempotency_key",
    "claim_order",
    "collect_cash",
    "deliver_order",
    "get_order_detail",
    "list_assigned_orders",
    "list_queue",
    "pick_up_order",
]

log = get_logger(__name__)

_assignments: sa.Table = OrderAssignment.__table__  # type: ignore[attr-defined]
_dispatch: sa.Table = DispatchOrder.__table__  # type: ignore[attr-defined]

READY: Final = "ready_for_dispatch"
IN_TRANSIT: Final = "in_transit"
DELIVERED: Final = "delivered"
CANCELED: Final = "canceled"
VERIFIED: Final = "verified"
SETTLED: Final = "settled"
#: payment statuses the dispatch row moves to ``settled`` from when finance settles the cash
_SETTLEABLE_PAYMENT: Final = ("unpaid", "pending")
#: finance's refusals passed through to the agent as they are (status and error body)
_PASSED_THROUGH: Final = frozenset({400, 404, 409, 422})
#: ``Retry-After`` added to finance's 409 ``CONFLICT`` (its call with this key still in flight)
_IN_FLIGHT_RETRY_AFTER_S: Final = "1"


# --- values -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Assignment:
    """An assignment as read (a plain value: no session needed to use it)."""

    id: UUID
    order_id: UUID
    agent_user_id: UUID
    assigned_by_user_id: UUID | None
    assigned_at: datetime
    active: bool = True
    unassigned_at: datetime | None = None
    pickup_time: datetime | None = None
    delivery_time: datetime | None = None
    cash_pickup_time: datetime | None = None
    cash_amount_cents: int | None = None

    @classmethod
    def of(cls, row: OrderAssignment) -> Assignment:
        return cls(
            id=row.id,
            order_id=row.order_id,
            agent_user_id=row.agent_user_id,
            assigned_by_user_id=row.assigned_by_user_id,
            assigned_at=row.assigned_at,
            active=row.active,
            unassigned_at=row.unassigned_at,
            pickup_time=row.pickup_time,
            delivery_time=row.delivery_time,
            cash_pickup_time=row.cash_pickup_time,
            cash_amount_cents=row.cash_amount_cents,
        )

    @classmethod
    def made(cls, made: assignments.Assigned) -> Assignment:
        return cls(
            id=made.assignment_id,
            order_id=made.order_id,
            agent_user_id=made.agent_user_id,
            assigned_by_user_id=made.assigned_by_user_id,
            assigned_at=made.assigned_at,
        )


@dataclass(frozen=True, slots=True)
class ListedOrder:
    order: DispatchOrder
    assigned: bool  # an active assignment exists (the queue's orders have none)


@dataclass(frozen=True, slots=True)
class OrderPage:
    items: list[ListedOrder]
    pagination: PageInfo


@dataclass(frozen=True, slots=True)
class OrderDetail:
    """orders' OrderDetail (its JSON ``data``) with the parties' contacts completed, and logistics'
    active assignment of the order (which replaces orders' projection of it)."""

    detail: dict[str, Any]
    active_assignment: Assignment | None


@dataclass(frozen=True, slots=True)
class HandOver:
    """A pickup's or a delivery's answer: the order, its status after the fact, when it happened."""

    order_id: UUID
    status: str
    at: datetime


@dataclass(frozen=True, slots=True)
class CashCollected:
    order_id: UUID
    amount_cents: int
    cash_collected_at: datetime


@dataclass(frozen=True, slots=True)
class FinanceRefused:
    """finance's 4xx to the settle call, passed through as it is; nothing was recorded."""

    status: int
    body: dict[str, Any]
    retry_after: str | None = None


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


# --- reads ----------------------------------------------------------------------------------------


async def list_assigned_orders(session: AsyncSession, principal: Principal, page: PageParams) -> OrderPage:
    """The orders of the caller's active assignments (an admin: of every active assignment),
    newest first."""
    stmt = sa.select(DispatchOrder).join(
        OrderAssignment,
        sa.and_(col(OrderAssignment.order_id) == col(DispatchOrder.order_id), col(OrderAssignment.active)),
    )
    if not principal.is_admin:
        stmt = stmt.where(col(OrderAssignment.agent_user_id) == principal.user_id)
    result = await paginate(
        session,
        stmt,
        created_at_col=col(DispatchOrder.created_at),
        id_col=col(DispatchOrder.order_id),
        params=page,
    )
    return OrderPage([ListedOrder(order, True) for order in result.items], result.pagination)


async def list_queue(session: AsyncSession, page: PageParams) -> OrderPage:
    """Orders ready for dispatch with no active assignment (what an agent may claim), newest first."""
    assigned = sa.exists().where(
        col(OrderAssignment.order_id) == col(DispatchOrder.order_id), col(OrderAssignment.active)
    )
    stmt = sa.select(DispatchOrder).where(col(DispatchOrder.status) == READY, ~assigned)
    result = await paginate(
        session,
        stmt,
        created_at_col=col(DispatchOrder.created_at),
        id_col=col(DispatchOrder.order_id),
        params=page,
    )
    return OrderPage([ListedOrder(order, False) for order in result.items], result.pagination)


async def get_order_detail(
    db: Database, principal: Principal, order_id: UUID, *, orders: OrdersClient
) -> OrderDetail:
    """orders' OrderDetail of an order logistics knows (404 otherwise), for its assigned agent (403
    for any other agent) or an admin. Logistics' own facts win over orders' projection of them:
    ``active_assignment`` is logistics' (or null), and a party's phone or address orders does not
    give comes from the dispatch row's contact snapshot. orders is called with no session open:
    unavailable ⇒ 503."""
    async with db.read() as session:
        order = await _get_order(session, order_id)
        active = await _active_assignment(session, order_id)
        if not principal.is_admin and (active is None or active.agent_user_id != principal.user_id):
            raise NotAssigned(reason="not_assigned")
        contacts = {"buyer_store": dict(order.buyer or {}), "vendor_store": dict(order.vendor or {})}
    try:
        detail = await orders.get_order(order_id)
    except OrdersUnavailable as exc:
        log.warning("logistics.orders.unavailable", operation="order_detail", error=str(exc)[:200])
        raise DependencyError("orders is unavailable", details={"dependency": "orders"}) from exc
    if detail is None:  # logistics knows an order orders does not: never expected
        log.error("logistics.order_detail.unknown_at_orders", order_id=str(order_id))
        raise OrderNotFound(reason="order_not_found_at_orders")
    shown = dict(detail)
    for key, snapshot in contacts.items():
        party = dict(shown.get(key) or {})
        for field in ("phone", "address"):
            if not party.get(field) and snapshot.get(field):
                party[field] = snapshot[field]
        shown[key] = party
    return OrderDetail(shown, active)


# --- assignments ----------------------------------------------------------------------------------


async def claim_order(
    session: AsyncSession, principal: Principal, order_id: UUID, *, now: datetime
) -> Assignment:
    """The calling agent takes a queue order (G-8)."""
    order = await _lock_order(session, order_id)
    if order.status != READY:
        raise WrongOrderState(
            f"only an order ready for dispatch can be claimed; the order is {order.status}",
            status=order.status,
            reason="not_ready_for_dispatch",
        )
    active = await _active_assignment(session, order_id)
    if active is not None:
        if active.agent_user_id == principal.user_id:
            return active  # claimed by the caller already
        raise AlreadyAssigned(reason="already_assigned")
    made = await assignments.assign(session, order_id, principal.user_id, assigned_by_user_id=None, now=now)
    if made is None:  # an auto-assignment landed meanwhile (the consumer takes no lock)
        raise AlreadyAssigned(reason="already_assigned")
    log.info("logistics.order.claimed", order_id=str(order_id), assignment_id=str(made.assignment_id))
    return Assignment.made(made)


async def assign_agent(
    session: AsyncSession, admin: Principal, order_id: UUID, agent_user_id: UUID, *, now: datetime
) -> Assignment:
    """The admin's override: ``agent_user_id`` becomes the order's agent."""
    order = await _lock_order(session, order_id)
    agent = (
        await session.execute(
            sa.select(AgentProjection).where(
                col(AgentProjection.user_id) == agent_user_id, col(AgentProjection.is_active)
            )
        )
    ).scalar_one_or_none()
    if agent is None:
        raise AgentNotFound(reason="agent_not_found")
    if order.status != READY:
        raise WrongOrderState(
            f"only an order ready for dispatch can be reassigned; the order is {order.status}",
            status=order.status,
            reason="not_ready_for_dispatch",
        )
    current = await _active_assignment(session, order_id)
    if current is not None and current.agent_user_id == agent_user_id:
        return current  # that agent has it already: nothing to change
    previous = await assignments.deactivate(session, order_id, now=now)
    made = await assignments.assign(
        session,
        order_id,
        agent_user_id,
        assigned_by_user_id=admin.user_id,
        previous_agent_user_id=previous,
        now=now,
    )
    if made is None:  # only an auto-assignment that takes no lock could land in between
        raise Conflict("another assignment was made meanwhile; retry", reason="assignment_raced")
    audit.record(
        session,
        admin,
        action="order.agent_assigned",
        target_type="vendor_order",
        target_id=order_id,
        payload={
            "assignment_id": made.assignment_id,
            "agent_user_id": agent_user_id,
            "previous_agent_user_id": previous,
            "previous_assignment_id": current.id if current else None,
        },
        now=now,
    )
    log.info(
        "logistics.order.agent_assigned",
        order_id=str(order_id),
        assignment_id=str(made.assignment_id),
        replaced=previous is not None,
    )
    return Assignment.made(made)


# --- hand-over --------------------------------------------------------------------------------------


async def pick_up_order(
    session: AsyncSession, principal: Principal, order_id: UUID, *, now: datetime
) -> HandOver:
    """The assigned agent picks the order up at the vendor (module docstring)."""
    order = await _lock_order(session, order_id)
    mine = await _callers_assignment(session, order, principal)
    if mine.pickup_time is not None:
        return HandOver(order_id, IN_TRANSIT, _utc(mine.pickup_time))  # a repeat
    if order.status != READY:
        raise WrongOrderState(
            f"only an order ready for dispatch can be picked up; the order is {order.status}",
            status=order.status,
            reason="not_ready_for_dispatch",
        )
    await _require_licences(session, order)
    await _move(session, order, READY, IN_TRANSIT, picked_up_at=now)
    await _record_fact(session, mine.id, "pickup_time", now)
    await emit(
        session,
        OrderPickedUpV1(
            order_id=order_id,
            assignment_id=mine.id,
            agent_user_id=mine.agent_user_id,
            picked_up_at=now,
            buyer_store_id=order.buyer_store_id,
            vendor_store_id=order.vendor_store_id,
        ),
        store_id=order.vendor_store_id,
    )
    audit.record(
        session,
        principal,
        action="order.picked_up",
        target_type="vendor_order",
        target_id=order_id,
        payload={"assignment_id": mine.id, "picked_up_at": now},
        now=now,
    )
    log.info("logistics.order.picked_up", order_id=str(order_id), assignment_id=str(mine.id))
    return HandOver(order_id, IN_TRANSIT, _utc(now))


async def deliver_order(
    session: AsyncSession, principal: Principal, order_id: UUID, *, now: datetime
) -> HandOver:
    """The assigned agent hands the order over to the buyer (module docstring)."""
    order = await _lock_order(session, order_id)
    mine = await _callers_assignment(session, order, principal)
    return await _deliver(session, principal, order, mine, now=now)


async def _deliver(
    session: AsyncSession, principal: Principal, order: DispatchOrder, mine: Assignment, *, now: datetime
) -> HandOver:
    if mine.delivery_time is not None:
        return HandOver(order.order_id, DELIVERED, _utc(mine.delivery_time))  # a repeat
    if order.status != IN_TRANSIT:
        raise WrongOrderState(
            f"only an order in transit can be delivered; the order is {order.status}",
            status=order.status,
            reason="not_in_transit",
        )
    await _move(session, order, IN_TRANSIT, DELIVERED, delivered_at=now)
    await _record_fact(session, mine.id, "delivery_time", now)
    await emit(
        session,
        OrderDeliveredV1(
            order_id=order.order_id,
            assignment_id=mine.id,
            agent_user_id=mine.agent_user_id,
            delivered_at=now,
            buyer_store_id=order.buyer_store_id,
            vendor_store_id=order.vendor_store_id,
        ),
        store_id=order.vendor_store_id,
    )
    audit.record(
        session,
        principal,
        action="order.delivered",
        target_type="vendor_order",
        target_id=order.order_id,
        payload={"assignment_id": mine.id, "delivered_at": now},
        now=now,
    )
    log.info("logistics.order.delivered", order_id=str(order.order_id), assignment_id=str(mine.id))
    return HandOver(order.order_id, DELIVERED, _utc(now))


# --- cash -----------------------------------------------------------------------------------------


def cash_idempotency_key(assignment_id: UUID, amount_cents: int) -> str:
    """The settle call's ``Idempotency-Key``: one per assignment and amount (module docstring)."""
    return f"logistics.cash:{assignment_id}:{amount_cents}"


async def collect_cash(
    db: Database,
    principal: Principal,
    order_id: UUID,
    amount_cents: int,
    *,
    finance: FinanceClient,
    now: datetime,
) -> CashCollected | FinanceRefused:
    """The assigned agent reports the cash collected (module docstring: read, call, write)."""
    # 1. read; an order in transit is delivered first (committed here)
    async with db.transaction() as session:
        order = await _lock_order(session, order_id)
        mine = await _callers_assignment(session, order, principal)
        if mine.cash_pickup_time is not None:
            return _recorded(mine, amount_cents)
        if order.status not in (IN_TRANSIT, DELIVERED):
            raise WrongOrderState(
                f"cash is collected at delivery; the order is {order.status}",
                status=order.status,
                reason="not_delivered",
            )
        delivered = await _deliver(session, principal, order, mine, now=now)
    # 2. finance, with no session open
    try:
        answer = await finance.settle(
            order_id,
            amount_cents=amount_cents,
            agent_user_id=mine.agent_user_id,
            collected_at=delivered.at,
            idempotency_key=cash_idempotency_key(mine.id, amount_cents),
        )
    except FinanceUnavailable as exc:
        log.warning("logistics.cash.finance_unavailable", order_id=str(order_id), error=str(exc)[:200])
        raise DependencyError(
            "finance is unavailable; nothing was recorded, retry", details={"dependency": "finance"}
        ) from exc
    if answer.status != 200:
        return _refused(order_id, answer)
    amount, collected_at = _settled(order_id, answer)
    # 3. write
    async with db.transaction() as session:
        row = (
            await session.execute(
                sa.update(_assignments)
                .where(_assignments.c.id == mine.id, _assignments.c.cash_pickup_time.is_(None))
                .values(cash_pickup_time=collected_at, cash_amount_cents=amount, updated_at=now)
                .returning(_assignments.c.id)
            )
        ).first()
        if row is None:  # a concurrent report of this cash recorded it first
            current = await _assignment(session, mine.id)
            return _recorded(current, amount_cents)
        await session.execute(
            sa.update(_dispatch)
            .where(_dispatch.c.order_id == order_id, _dispatch.c.payment_status.in_(_SETTLEABLE_PAYMENT))
            .values(payment_status=SETTLED, updated_at=now)
        )
        audit.record(
            session,
            principal,
            action="order.cash_collected",
            target_type="vendor_order",
            target_id=order_id,
            payload={"assignment_id": mine.id, "amount_cents": amount, "cash_collected_at": collected_at},
            now=now,
        )
    log.info("logistics.cash.collected", order_id=str(order_id), amount_cents=amount)
    return CashCollected(order_id, amount, _utc(collected_at))


def _recorded(mine: Assignment, amount_cents: int) -> CashCollected:
    """The cash recorded on the assignment, answered again (another amount ⇒ 422)."""
    assert mine.cash_pickup_time is not None and mine.cash_amount_cents is not None
    if mine.cash_amount_cents != amount_cents:
        raise CashAlreadyRecorded(amount_cents=mine.cash_amount_cents)
    return CashCollected(mine.order_id, mine.cash_amount_cents, _utc(mine.cash_pickup_time))


def _refused(order_id: UUID, answer: SettleAnswer) -> FinanceRefused:
    error = answer.body.get("error")
    if answer.status not in _PASSED_THROUGH or not isinstance(error, dict) or "code" not in error:
        log.error("logistics.cash.finance_unexpected_answer", order_id=str(order_id), status=answer.status)
        raise DependencyError("finance gave an unexpected answer", details={"dependency": "finance"})
    retry_after = answer.retry_after
    if answer.status == 409 and retry_after is None and error.get("code") == "CONFLICT":
        retry_after = _IN_FLIGHT_RETRY_AFTER_S  # the same settle is in flight at finance
    log.info(
        "logistics.cash.finance_refused", order_id=str(order_id), status=answer.status, code=error.get("code")
    )
    return FinanceRefused(answer.status, {"error": dict(error)}, retry_after)


def _settled(order_id: UUID, answer: SettleAnswer) -> tuple[int, datetime]:
    """finance's settled intent: its amount and ``cash_collected_at``."""
    try:
        data = answer.body["data"]
        amount = data["amount_cents"]
        collected_at = datetime.fromisoformat(data["cash_collected_at"])
        if not isinstance(amount, int) or data.get("status") != SETTLED or collected_at.tzinfo is None:
            raise ValueError("not a settled intent")
    except (KeyError, TypeError, ValueError) as exc:
        log.error("logistics.cash.finance_unexpected_answer", order_id=str(order_id), status=answer.status)
        raise DependencyError("finance gave an unexpected answer", details={"dependency": "finance"}) from exc
    return amount, collected_at


# --- helpers ----------------------------------------------------------------------------------------


async def _get_order(session: AsyncSession, order_id: UUID) -> DispatchOrder:
    order = (
        await session.execute(sa.select(DispatchOrder).where(col(DispatchOrder.order_id) == order_id))
    ).scalar_one_or_none()
    if order is None:
        raise OrderNotFound(reason="order_not_found")
    return order


async def _lock_order(session: AsyncSession, order_id: UUID) -> DispatchOrder:
    """The dispatch row, locked until the transaction ends (404 if logistics does not know it)."""
    order = (
        await session.execute(
            sa.select(DispatchOrder)
            .where(col(DispatchOrder.order_id) == order_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    ).scalar_one_or_none()
    if order is None:
        raise OrderNotFound(reason="order_not_found")
    return order


async def _active_assignment(session: AsyncSession, order_id: UUID) -> Assignment | None:
    row = (
        await session.execute(
            sa.select(OrderAssignment)
            .where(col(OrderAssignment.order_id) == order_id, col(OrderAssignment.active))
            .execution_options(populate_existing=True)
        )
    ).scalar_one_or_none()
    return Assignment.of(row) if row is not None else None


async def _assignment(session: AsyncSession, assignment_id: UUID) -> Assignment:
    row = (
        await session.execute(
            sa.select(OrderAssignment)
            .where(col(OrderAssignment.id) == assignment_id)
            .execution_options(populate_existing=True)
        )
    ).scalar_one()
    return Assignment.of(row)


async def _callers_assignment(
    session: AsyncSession, order: DispatchOrder, principal: Principal
) -> Assignment:
    """The caller's active assignment of the order, else 403 — except the agent an order was
    assigned to when it was canceled, who learns it is canceled (422)."""
    active = await _active_assignment(session, order.order_id)
    if active is not None and active.agent_user_id == principal.user_id:
        return active
    if active is None and order.status == CANCELED:
        latest = (
            await session.execute(
                sa.select(col(OrderAssignment.agent_user_id))
                .where(col(OrderAssignment.order_id) == order.order_id)
                .order_by(col(OrderAssignment.assigned_at).desc(), col(OrderAssignment.id).desc())
                .limit(1)
            )
        ).scalar_one_or_none()
        if latest == principal.user_id:
            raise WrongOrderState("the order was canceled", status=CANCELED, reason="order_canceled")
    raise NotAssigned(reason="not_assigned")


async def _require_licences(session: AsyncSession, order: DispatchOrder) -> None:
    """Both parties' KYC verified in the store projection: 403 naming the first that is not."""
    parties = (("buyer", order.buyer_store_id), ("vendor", order.vendor_store_id))
    rows = (
        await session.execute(
            sa.select(StoreProjection).where(col(StoreProjection.store_id).in_([s for _, s in parties]))
        )
    ).scalars()
    kyc = {row.store_id: row.kyc_status for row in rows}
    for party, store_id in parties:
        if kyc.get(store_id) != VERIFIED:
            raise LicenceNotVerified(party, store_id, kyc.get(store_id))


async def _move(
    session: AsyncSession, order: DispatchOrder, source: str, target: str, **facts: datetime
) -> None:
    """The guarded status change of the (locked) dispatch row."""
    moved = (
        await session.execute(
            sa.update(_dispatch)
            .where(_dispatch.c.order_id == order.order_id, _dispatch.c.status == source)
            .values(status=target, updated_at=sa.func.now(), **facts)
            .returning(_dispatch.c.order_id)
        )
    ).first()
    if moved is None:  # under the row lock the status read is the status: never expected
        raise WrongOrderState(
            f"the order is no longer {source}", status=order.status, reason="status_changed"
        )


async def _record_fact(session: AsyncSession, assignment_id: UUID, column: str, at: datetime) -> None:
    """One hand-over fact on the assignment, written once."""
    await session.execute(
        sa.update(_assignments)
        .where(_assignments.c.id == assignment_id, _assignments.c[column].is_(None))
        .values({column: at, "updated_at": at})
    )
