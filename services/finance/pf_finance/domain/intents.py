"""Payment intents follow orders' events (DOMAIN §5.6 payment_intents; EVENTS.md §4 ordering and
placeholders, §6 finance's actions on ``order_created``, ``order_totals_changed``,
``order_delivered``, ``order_canceled``, ``order_expired``).

Every event is ONE statement, ``INSERT … ON CONFLICT (order_id) DO UPDATE … WHERE …`` (a plain
``UPDATE`` for a delivery that names no stores, last paragraph), whose values are computed from the
row it finds, never read-then-write: a concurrent event of the same order waits on the row lock
and re-evaluates on the row it gets. The ``WHERE`` refuses an update that
changes nothing, so a replay (the same fact under a new event id) leaves the row, ``updated_at``
included, as it was.

**Versions.** A fact's version is its envelope's ``occurred_at`` (DOMAIN §0 ``source_version``,
EVENTS.md §4), not a payload time such as ``changed_at``: it is the one clock every event has, so
``order_totals_changed`` is compared with ``order_created``, ``order_canceled`` and
``order_expired`` on one scale (``order_created`` has no ``changed_at``; its ``created_at`` is the
order's, not the fact's). orders stamps it at ``emit()`` right after the change, so within one
transaction (a cancel emits ``order_totals_changed`` and then ``order_canceled``) the envelope
times keep the emission order where the payload times are equal.

**Any arrival order converges** on the row of in-order application:

- an event about an order with no intent inserts a placeholder (``order_seen`` false, method cash,
  status unpaid, the keys the payload has); ``order_created`` fills in what a placeholder lacks
  (method, and with it status pending for ach, ``order_number``, ``checkout_group_id``,
  ``order_seen``). Keys already known are never replaced (they never change for an order).
- the amount follows the newest amount fact (``totals_version``): ``order_created`` (``total_cents``,
  0 when rejected), ``order_totals_changed`` (``total_cents``, 0 for rejected/canceled/expired),
  ``order_canceled`` and ``order_expired`` (0: they take part in ``totals_version`` so that an older
  ``order_totals_changed`` arriving after them cannot bring the amount back). Only while the intent
  is ``unpaid``/``pending``: a settled, paid, failed or rejected intent's amount never changes.
- ``order_status`` follows the newest status fact of any of the five (``order_status_version``),
  whatever the payment status: it is a projection of the order.
- equal versions (equal clocks: only facts of one orders transaction, which agree) are broken
  deterministically — the smaller amount (the zeroing fact), the greater status text — so that
  even then the arrival order does not matter.
- ``delivered_at`` is the earliest delivery time seen (``LEAST`` ignores NULL: the first delivery
  fills it; logistics emits one ``order_delivered`` per order, so "first wins" and "earliest" agree,
  and with two the earliest is kept whatever their arrival order).

**A delivery before ``order_created``.** orders commits ``order_created`` at checkout, long before
logistics can deliver, but finance may consume it late. EVENTS.md §4 asks for a placeholder instead
of a failure, and one is inserted when the payload names both stores (``buyer_store_id`` and
``vendor_store_id`` are NOT NULL here). When it does not (the store ids are optional in
``OrderDeliveredV1``), no row can be built: the statement becomes an UPDATE of an existing intent,
and without one ``RetryableError`` redelivers the event until ``order_created`` has arrived.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from pf_common.errors import RetryableError
from pf_common.events.logistics import OrderDeliveredV1
from pf_common.events.orders import OrderCanceledV1, OrderCreatedV1, OrderExpiredV1, OrderTotalsChangedV1
from pf_common.ids import uuid7
from pf_common.logging import get_logger
from pf_finance.models import PaymentIntent

log = get_logger(__name__)

_intents: sa.Table = PaymentIntent.__table__  # type: ignore[attr-defined]

CASH: Final = "cash"
ACH: Final = "ach"
UNPAID: Final = "unpaid"
PENDING: Final = "pending"
#: the statuses whose amount follows the order's totals (DOMAIN §5.6)
OPEN: Final = (UNPAID, PENDING)

CANCELED: Final = "canceled"
EXPIRED: Final = "expired"
DELIVERED: Final = "delivered"
#: order statuses with nothing to pay (EVENTS.md §6 ``order_totals_changed``)
NOTHING_TO_PAY: Final = ("rejected", CANCELED, EXPIRED)


@dataclass(frozen=True, slots=True)
class _Fact:
    """What one event says about an order's intent."""

    event_type: str
    order_id: uuid.UUID
    version: datetime  # the envelope's occurred_at
    order_status: str
    buyer_store_id: uuid.UUID | None
    vendor_store_id: uuid.UUID | None
    checkout_group_id: uuid.UUID | None = None
    order_number: int | None = None
    method: str | None = None  # only order_created: the order itself has been seen
    amount_cents: int | None = None  # None: nothing said about the amount
    delivered_at: datetime | None = None

    def row(self) -> dict[str, Any]:
        """The intent this fact alone makes: a real one from ``order_created``, else a placeholder."""
        method = self.method or CASH
        return {
            "id": uuid7(),
            "order_id": self.order_id,
            "checkout_group_id": self.checkout_group_id,
            "buyer_store_id": self.buyer_store_id,
            "vendor_store_id": self.vendor_store_id,
            "order_number": self.order_number,
            "method": method,
            "status": PENDING if method == ACH else UNPAID,
            "amount_cents": self.amount_cents or 0,
            "totals_version": self.version if self.amount_cents is not None else None,
            "order_seen": self.method is not None,
            "order_status": self.order_status,
            "order_status_version": self.version,
            "delivered_at": self.delivered_at,
        }


# --- use cases (one per event) ------------------------------------------------------------------


async def apply_order_created(session: AsyncSession, event: OrderCreatedV1, *, occurred_at: datetime) -> bool:
    """``order_created``: the intent (unpaid for cash, pending for ach; amount = total, 0 when
    the order was rejected at checkout), or a placeholder filled in. True when the row changed."""
    status = str(event.status)
    fact = _Fact(
        event_type=event.event_type,
        order_id=event.order_id,
        version=occurred_at,
        order_status=status,
        buyer_store_id=event.buyer_store_id,
        vendor_store_id=event.vendor_store_id,
        checkout_group_id=event.checkout_group_id,
        order_number=event.order_number,
        method=str(event.payment_method),
        amount_cents=0 if status in NOTHING_TO_PAY else event.total_cents,
    )
    return await _upsert(session, fact)


async def apply_totals_changed(
    session: AsyncSession, event: OrderTotalsChangedV1, *, occurred_at: datetime
) -> bool:
    """``order_totals_changed``: an unpaid/pending intent follows ``total_cents`` (0 for a
    rejected, canceled or expired order) if the fact is newer; a placeholder when there is no
    intent yet. True when the row changed."""
    status = str(event.status)
    fact = _Fact(
        event_type=event.event_type,
        order_id=event.order_id,
        version=occurred_at,
        order_status=status,
        buyer_store_id=event.buyer_store_id,
        vendor_store_id=event.vendor_store_id,
        checkout_group_id=event.checkout_group_id,
        amount_cents=0 if status in NOTHING_TO_PAY else event.total_cents,
    )
    return await _upsert(session, fact)


async def apply_order_canceled(
    session: AsyncSession, event: OrderCanceledV1, *, occurred_at: datetime
) -> bool:
    """``order_canceled``: amount 0 while unpaid/pending, order status canceled (both versioned)."""
    return await _upsert(session, _zeroing(event, CANCELED, occurred_at))


async def apply_order_expired(session: AsyncSession, event: OrderExpiredV1, *, occurred_at: datetime) -> bool:
    """``order_expired``: amount 0 while unpaid/pending, order status expired (both versioned)."""
    return await _upsert(session, _zeroing(event, EXPIRED, occurred_at))


async def apply_delivery(session: AsyncSession, event: OrderDeliveredV1, *, occurred_at: datetime) -> bool:
    """``order_delivered``: ``delivered_at`` (payout eligibility) and order status delivered if
    newer; the amount is untouched. Before ``order_created``: a placeholder when the payload names
    both stores, else ``RetryableError`` (module docstring). True when the row changed."""
    fact = _Fact(
        event_type=event.event_type,
        order_id=event.order_id,
        version=occurred_at,
        order_status=DELIVERED,
        buyer_store_id=event.buyer_store_id,
        vendor_store_id=event.vendor_store_id,
        delivered_at=event.delivered_at,
    )
    if fact.buyer_store_id is not None and fact.vendor_store_id is not None:
        return await _upsert(session, fact)
    return await _update(session, fact)


# --- statements ---------------------------------------------------------------------------------


def _zeroing(event: OrderCanceledV1 | OrderExpiredV1, order_status: str, occurred_at: datetime) -> _Fact:
    return _Fact(
        event_type=event.event_type,
        order_id=event.order_id,
        version=occurred_at,
        order_status=order_status,
        buyer_store_id=event.buyer_store_id,
        vendor_store_id=event.vendor_store_id,
        checkout_group_id=event.checkout_group_id,
        amount_cents=0,
    )


async def _upsert(session: AsyncSession, fact: _Fact) -> bool:
    """Insert the fact's intent, or merge the fact into the existing one (module docstring)."""
    p = _intents.c
    proposed = insert(_intents).values(**fact.row())
    new = proposed.excluded
    merged = _merge(lambda name: new[name])
    stmt = proposed.on_conflict_do_update(
        index_elements=[p.order_id],
        set_={**merged, "updated_at": sa.func.now()},
        where=_changes(merged),
    ).returning(p.id)
    changed = (await session.execute(stmt)).first() is not None
    _log(fact, changed)
    return changed


async def _update(session: AsyncSession, fact: _Fact) -> bool:
    """The merge of ``_upsert`` on an existing intent only; ``RetryableError`` when there is none."""
    p = _intents.c
    row = fact.row()
    merged = _merge(lambda name: sa.literal(row[name], p[name].type))
    stmt = (
        sa.update(_intents)
        .where(p.order_id == fact.order_id, _changes(merged))
        .values(**merged, updated_at=sa.func.now())
        .returning(p.id)
    )
    if (await session.execute(stmt)).first() is not None:
        _log(fact, True)
        return True
    # the UPDATE refused: only classify (a replay, or no intent yet); nothing is written from this read
    exists = await session.scalar(sa.select(sa.literal(1)).where(p.order_id == fact.order_id))
    if exists is None:
        log.warning("finance.intents.order_not_seen", order_id=str(fact.order_id), fact=fact.event_type)
        raise RetryableError(f"no payment intent for order {fact.order_id} yet: order_created not applied")
    _log(fact, False)
    return False


def _merge(new: Callable[[str], sa.ColumnElement[Any]]) -> dict[str, sa.ColumnElement[Any]]:
    """The intent's columns after the fact ``new(column)`` (values computed from the current row:
    ``p`` in an UPDATE or ``ON CONFLICT DO UPDATE`` is the row as it was)."""
    p = _intents.c
    # order_created over a placeholder: the keys and the method only it carries
    fills = sa.and_(sa.not_(p.order_seen), new("order_seen"))
    takes_amount = sa.and_(
        p.status.in_(OPEN),
        new("totals_version").is_not(None),
        sa.or_(
            p.totals_version.is_(None),
            p.totals_version < new("totals_version"),
            sa.and_(p.totals_version == new("totals_version"), new("amount_cents") < p.amount_cents),
        ),
    )
    newer_status = sa.or_(
        p.order_status_version.is_(None),
        p.order_status_version < new("order_status_version"),
        sa.and_(
            p.order_status_version == new("order_status_version"),
            new("order_status") > sa.func.coalesce(p.order_status, ""),
        ),
    )
    merged: dict[str, sa.ColumnElement[Any]] = {
        "checkout_group_id": sa.func.coalesce(p.checkout_group_id, new("checkout_group_id")),
        "order_number": sa.func.coalesce(p.order_number, new("order_number")),
        "method": sa.case((fills, new("method")), else_=p.method),
        "status": sa.case((sa.and_(fills, p.status == UNPAID), new("status")), else_=p.status),
        "order_seen": sa.or_(p.order_seen, new("order_seen")),
        "amount_cents": sa.case((takes_amount, new("amount_cents")), else_=p.amount_cents),
        "totals_version": sa.case((takes_amount, new("totals_version")), else_=p.totals_version),
        "order_status": sa.case((newer_status, new("order_status")), else_=p.order_status),
        "order_status_version": sa.case(
            (newer_status, new("order_status_version")), else_=p.order_status_version
        ),
        "delivered_at": sa.func.least(p.delivered_at, new("delivered_at")),
    }
    return merged


def _changes(merged: dict[str, sa.ColumnElement[Any]]) -> sa.ColumnElement[bool]:
    """Whether the merge changes any column (the guard that makes a replay write nothing)."""
    p = _intents.c
    return sa.or_(*(p[name].is_distinct_from(value) for name, value in merged.items()))


def _log(fact: _Fact, changed: bool) -> None:
    log.info(
        "finance.intents.applied" if changed else "finance.intents.unchanged",
        order_id=str(fact.order_id),
        fact=fact.event_type,
    )
