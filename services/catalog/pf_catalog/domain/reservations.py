"""Inventory reservations (DOMAIN §5.3): reserve at checkout, confirm, release, consume, sweep.

Stock moves only through guarded single statements (HOUSE_STYLE §3.6), never check-then-act::

    held       available −q, reserved +q   UPDATE … WHERE product_id = :p AND available_qty >= :q
    confirmed  —
    released   available +q, reserved −q   UPDATE … WHERE product_id = :p AND reserved_qty >= :q
    consumed   reserved −q, consumed +q    UPDATE … WHERE product_id = :p AND reserved_qty >= :q

so Σ(available + reserved + consumed) of a product only changes when a vendor sets its stock,
and ``reserved_qty`` equals the quantity of its held and confirmed reservations.

Every state change is an ``UPDATE … WHERE state IN (<from>)``: a repeat (a redelivered event,
a retried call) finds nothing to change and returns 0.

Lock order, so that concurrent calls never deadlock: reservation rows in id order first
(the multi-row INSERT of ``reserve``; ``ORDER BY id FOR UPDATE`` in the transitions), then
inventory rows in product-id order, one UPDATE per product. A transaction holding an
inventory row therefore never waits for a reservation row.

Partial reservations: ``reserve`` answers per line and a refused line does not undo the
others. orders decides what a partial result means (it rejects the vendor order or the line)
and releases the lines it does not keep; failing the whole checkout here would turn one
sold-out SKU of one vendor into a refused multi-vendor checkout.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from pf_catalog.clients.orders import OrdersClient, OrdersUnavailable
from pf_catalog.models import InventoryItem, InventoryReservation
from pf_common.db import Database
from pf_common.errors import Conflict
from pf_common.logging import get_logger

log = get_logger(__name__)

HELD: Final = "held"
CONFIRMED: Final = "confirmed"
RELEASED: Final = "released"
CONSUMED: Final = "consumed"
RELEASABLE: Final = (HELD, CONFIRMED)

# per-line refusal reasons (API.md §4 names the first; the others are ours, see ``reserve``)
INSUFFICIENT_INVENTORY: Final = "insufficient_inventory"
UNKNOWN_PRODUCT: Final = "unknown_product"
RESERVATION_RELEASED: Final = "reservation_released"

SWEEP_MAX_BATCHES: Final = 10

R = InventoryReservation
I = InventoryItem  # noqa: E741


class ReservationMismatch(Conflict):
    """A reservation id came back with another order, checkout group, product or quantity."""

    default_message = "reservation id already used for a different line"


class ReservedUnderflow(Conflict):
    """Releasing or consuming would drive ``reserved_qty`` below 0: the stock rows are corrupt."""

    default_message = "reserved quantity of the product is lower than its reservations"


@dataclass(frozen=True)
class ReservationLine:
    reservation_id: UUID  # = the order line item id
    order_id: UUID
    product_id: UUID
    qty: int


@dataclass(frozen=True)
class ReservationResult:
    reservation_id: UUID
    reserved: bool
    reason: str | None = None


@dataclass(frozen=True)
class SweepStats:
    examined: int = 0
    released: int = 0
    confirmed: int = 0
    skipped: int = 0  # orders could not answer

    def as_dict(self) -> dict[str, int]:
        return {
            "examined": self.examined,
            "released": self.released,
            "confirmed": self.confirmed,
            "skipped": self.skipped,
        }


# --- reserve -------------------------------------------------------------------------------------


async def reserve(
    session: AsyncSession,
    checkout_group_id: UUID,
    lines: Sequence[ReservationLine],
    *,
    now: datetime,
    hold_s: int,
) -> list[ReservationResult]:
    """Hold stock for each line (one transaction: the caller's); results in request order.

    Idempotent per reservation id: the reservation row is inserted first
    (``ON CONFLICT DO NOTHING RETURNING``), so a replayed id — also one sent by a concurrent
    duplicate call, whose INSERT waits for ours to commit or roll back — gets the stored
    outcome without touching stock: held/confirmed/consumed ⇒ reserved; released ⇒ refused
    with ``reservation_released`` (the stock went back; the caller must not count on it).
    A refused line leaves no row (the table has no refused state), so a retry of it tries
    again. An id reused for another order, group, product or quantity ⇒ ``ReservationMismatch``
    (409) and the whole transaction rolls back.
    """
    ids = [line.reservation_id for line in lines]
    if len(set(ids)) != len(ids):
        raise ValueError("duplicate reservation ids")
    if not lines:
        return []
    expires = now + timedelta(seconds=hold_s)
    by_id = sorted(lines, key=lambda line: line.reservation_id)  # reservation id locks in id order
    inserted = set(
        (
            await session.execute(
                insert(R)
                .values(
                    [
                        {
                            "id": line.reservation_id,
                            "order_id": line.order_id,
                            "checkout_group_id": checkout_group_id,
                            "product_id": line.product_id,
                            "qty": line.qty,
                            "state": HELD,
                            "hold_expires_at": expires,
                        }
                        for line in by_id
                    ]
                )
                .on_conflict_do_nothing(index_elements=[col(R.id)])
                .returning(col(R.id))
            )
        ).scalars()
    )
    outcomes: dict[UUID, ReservationResult] = {}
    replayed = [line for line in lines if line.reservation_id not in inserted]
    if replayed:
        outcomes.update(await _stored_outcomes(session, checkout_group_id, replayed))

    refused: list[UUID] = []
    # inventory rows in product-id order: concurrent multi-line checkouts never deadlock
    for line in sorted(
        (line for line in lines if line.reservation_id in inserted),
        key=lambda line: (line.product_id, line.reservation_id),
    ):
        taken = await session.execute(
            sa.update(I)
            .where(col(I.product_id) == line.product_id, col(I.available_qty) >= line.qty)
            .values(
                available_qty=col(I.available_qty) - line.qty,
                reserved_qty=col(I.reserved_qty) + line.qty,
                updated_at=sa.func.now(),
            )
            .returning(col(I.available_qty))
            .execution_options(synchronize_session=False)
        )
        if taken.first() is not None:
            outcomes[line.reservation_id] = ReservationResult(line.reservation_id, True)
            continue
        known = await session.scalar(sa.select(sa.literal(1)).where(col(I.product_id) == line.product_id))
        reason = INSUFFICIENT_INVENTORY if known else UNKNOWN_PRODUCT
        outcomes[line.reservation_id] = ReservationResult(line.reservation_id, False, reason)
        refused.append(line.reservation_id)
    if refused:
        await session.execute(
            sa.delete(R).where(col(R.id).in_(refused)).execution_options(synchronize_session=False)
        )
    log.info(
        "catalog.reservations.reserved",
        checkout_group_id=str(checkout_group_id),
        lines=len(lines),
        reserved=sum(1 for o in outcomes.values() if o.reserved),
        replayed=len(replayed),
    )
    return [outcomes[i] for i in ids]


async def _stored_outcomes(
    session: AsyncSession, checkout_group_id: UUID, lines: Sequence[ReservationLine]
) -> dict[UUID, ReservationResult]:
    rows = {
        r.id: r
        for r in (
            await session.execute(
                sa.select(
                    col(R.id),
                    col(R.order_id),
                    col(R.checkout_group_id),
                    col(R.product_id),
                    col(R.qty),
                    col(R.state),
                ).where(col(R.id).in_([line.reservation_id for line in lines]))
            )
        ).all()
    }
    out: dict[UUID, ReservationResult] = {}
    for line in lines:
        row = rows.get(line.reservation_id)
        if row is None:  # cannot happen: rows are never deleted once committed
            raise RuntimeError(f"reservation {line.reservation_id} conflicted but is not visible")
        if (row.order_id, row.checkout_group_id, row.product_id, row.qty) != (
            line.order_id,
            checkout_group_id,
            line.product_id,
            line.qty,
        ):
            log.warning("catalog.reservations.id_reused", reservation_id=str(line.reservation_id))
            raise ReservationMismatch(reason="reservation_id_reused")
        if row.state == RELEASED:
            out[line.reservation_id] = ReservationResult(line.reservation_id, False, RESERVATION_RELEASED)
        else:
            out[line.reservation_id] = ReservationResult(line.reservation_id, True)
    return out


# --- transitions ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Moved:
    id: UUID
    product_id: UUID
    qty: int


async def _transition(
    session: AsyncSession, where: sa.ColumnElement[bool], from_states: Iterable[str], to_state: str
) -> list[_Moved]:
    """Move the matching reservations from ``from_states`` to ``to_state``; returns those moved.

    The rows are locked in id order first (a CTE with ``ORDER BY id FOR UPDATE``), then updated
    with the state guard repeated in the UPDATE's WHERE.
    """
    states = tuple(from_states)
    locked = (
        sa.select(col(R.id))
        .where(where, col(R.state).in_(states))
        .order_by(col(R.id))
        .with_for_update()
        .cte("locked")
    )
    rows = await session.execute(
        sa.update(R)
        .where(col(R.id) == locked.c.id, col(R.state).in_(states))
        .values(state=to_state, updated_at=sa.func.now())
        .returning(col(R.id), col(R.product_id), col(R.qty))
        .execution_options(synchronize_session=False)
    )
    return [_Moved(r.id, r.product_id, r.qty) for r in rows.all()]


async def _return_stock(session: AsyncSession, moved: Sequence[_Moved], *, consume: bool) -> None:
    """``reserved −q`` and ``available +q`` (release) or ``consumed +q`` (consume), per product in
    product-id order, each guarded by ``reserved_qty >= q``."""
    per_product: dict[UUID, int] = defaultdict(int)
    for m in moved:
        per_product[m.product_id] += m.qty
    for product_id in sorted(per_product):
        q = per_product[product_id]
        values: dict[str, Any] = {"reserved_qty": col(I.reserved_qty) - q, "updated_at": sa.func.now()}
        if consume:
            values["consumed_qty"] = col(I.consumed_qty) + q
        else:
            values["available_qty"] = col(I.available_qty) + q
        done = await session.execute(
            sa.update(I)
            .where(col(I.product_id) == product_id, col(I.reserved_qty) >= q)
            .values(**values)
            .returning(col(I.product_id))
            .execution_options(synchronize_session=False)
        )
        if done.first() is not None:
            continue
        if await session.scalar(sa.select(sa.literal(1)).where(col(I.product_id) == product_id)):
            log.error("catalog.reservations.reserved_underflow", product_id=str(product_id), qty=q)
            raise ReservedUnderflow(reason="reserved_qty_underflow")
        # the inventory row is gone (product deleted): nothing to give the stock back to
        log.warning("catalog.reservations.inventory_missing", product_id=str(product_id), qty=q)


def _ids_clause(ids: Iterable[UUID], order_id: UUID | None) -> sa.ColumnElement[bool]:
    clause = col(R.id).in_(list(dict.fromkeys(ids)))
    return sa.and_(clause, col(R.order_id) == order_id) if order_id is not None else clause


async def confirm(session: AsyncSession, ids: Iterable[UUID], *, order_id: UUID | None = None) -> int:
    """held → confirmed (no stock effect). Returns how many changed; repeats return 0."""
    ids = list(ids)
    if not ids:
        return 0
    moved = await _transition(session, _ids_clause(ids, order_id), (HELD,), CONFIRMED)
    log.info("catalog.reservations.confirmed", asked=len(ids), updated=len(moved))
    return len(moved)


async def release(
    session: AsyncSession,
    ids: Iterable[UUID],
    *,
    order_id: UUID | None = None,
    from_states: Sequence[str] = RELEASABLE,
) -> int:
    """held|confirmed → released: available +qty, reserved −qty. Returns how many changed."""
    ids = list(ids)
    if not ids:
        return 0
    moved = await _transition(session, _ids_clause(ids, order_id), from_states, RELEASED)
    await _return_stock(session, moved, consume=False)
    log.info("catalog.reservations.released", asked=len(ids), updated=len(moved))
    return len(moved)


async def release_order(session: AsyncSession, order_id: UUID) -> int:
    """Release every held or confirmed reservation of a vendor order (canceled, expired)."""
    moved = await _transition(session, col(R.order_id) == order_id, RELEASABLE, RELEASED)
    await _return_stock(session, moved, consume=False)
    log.info("catalog.reservations.order_released", order_id=str(order_id), updated=len(moved))
    return len(moved)


async def consume_order(session: AsyncSession, order_id: UUID) -> int:
    """confirmed → consumed (delivered): reserved −qty, consumed +qty. Returns how many changed."""
    moved = await _transition(session, col(R.order_id) == order_id, (CONFIRMED,), CONSUMED)
    await _return_stock(session, moved, consume=True)
    log.info("catalog.reservations.consumed", order_id=str(order_id), updated=len(moved))
    return len(moved)


# --- sweeper -------------------------------------------------------------------------------------


async def sweep_expired(db: Database, *, now: datetime, orders: OrdersClient, batch_size: int) -> SweepStats:
    """Holds past ``hold_expires_at``: ask orders whether their line exists.

    Absent at orders ⇒ released (its checkout never committed); present ⇒ confirmed (its
    ``order_created`` is late; releases come from orders' events); orders down or unsure ⇒
    left held and logged, asked again on the next run.

    Claim → release → call → record (ARCHITECTURE §1), per batch of ``batch_size``:

    1. **claim**: read the next expired holds (keyset on ``(hold_expires_at, id)``) in a short
       read session — no row is locked, and the session is closed before anything is asked;
    2. **call**: ask orders, holding no connection;
    3. **record**: release the absent and confirm the present in one short transaction. The
       transitions are guarded on ``held`` (and lock reservation, then inventory rows in the
       module's order), so a hold confirmed or released meanwhile by an event is not touched.

    One sweeper runs at a time (the job's leader lock), so no two sweeps ask about one hold.
    """
    stats = SweepStats()
    after: tuple[datetime, UUID] | None = None
    for _ in range(SWEEP_MAX_BATCHES):
        query = sa.select(col(R.id), col(R.hold_expires_at)).where(
            col(R.state) == HELD, col(R.hold_expires_at) < now
        )
        if after is not None:
            query = query.where(sa.tuple_(col(R.hold_expires_at), col(R.id)) > sa.tuple_(*after))
        async with db.read() as session:
            batch = (
                await session.execute(query.order_by(col(R.hold_expires_at), col(R.id)).limit(batch_size))
            ).all()
        if not batch:
            break
        after = (batch[-1].hold_expires_at, batch[-1].id)
        ids = [r.id for r in batch]
        try:
            existing = await orders.existing_line_items(ids)
        except OrdersUnavailable as exc:
            log.warning("catalog.reservations.sweep_orders_unavailable", holds=len(ids), error=str(exc))
            stats = SweepStats(
                stats.examined + len(ids), stats.released, stats.confirmed, stats.skipped + len(ids)
            )
            break
        missing = [i for i in ids if i not in existing]
        async with db.transaction() as session:
            released = await release(session, missing, from_states=(HELD,))
            confirmed = await confirm(session, [i for i in ids if i in existing])
        stats = SweepStats(
            stats.examined + len(ids), stats.released + released, stats.confirmed + confirmed, stats.skipped
        )
        if len(batch) < batch_size:
            break
    if stats.examined:
        log.info("catalog.reservations.swept", **stats.as_dict())
    return stats
