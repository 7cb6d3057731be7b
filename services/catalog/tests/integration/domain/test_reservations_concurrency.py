"""Reservations under real concurrency (issue #7, "Correctness tests (must bite)").

Every caller is its own transaction on its own Postgres connection of a private, migrated
database (``concurrent_db``: a pool of up to 200 pre-opened connections; the embedded test
server allows 300). The functions under test are the real ``domain.reservations`` ones; the
CONTROL below runs a naive read-modify-write version through the same harness and must
oversell, which shows that the harness does produce the races the real code survives.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import psycopg.errors
import pytest
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from pf_catalog.domain import reservations
from pf_catalog.domain.reservations import ReservationLine, ReservationResult
from pf_catalog.models import InventoryItem, InventoryReservation
from pf_common.db import Database
from pf_common.ids import uuid7

HOLD_S = 1800
Reserve = Callable[..., Awaitable[list[ReservationResult]]]


# --- harness -------------------------------------------------------------------------------------


@dataclass
class Harness:
    """Runs callers concurrently, each in its own transaction; records what overlapped."""

    db: Database
    limit: int
    _inside: int = 0
    max_inside: int = 0
    errors: list[BaseException] = field(default_factory=list)

    async def call(self, fn: Callable[[AsyncSession], Awaitable[Any]]) -> Any:
        async with self.db.transaction() as session:
            await session.connection()  # a connection is checked out and its transaction begun
            self._inside += 1
            self.max_inside = max(self.max_inside, self._inside)
            try:
                return await fn(session)
            finally:
                self._inside -= 1

    async def run_all(self, fns: list[Callable[[AsyncSession], Awaitable[Any]]]) -> list[Any]:
        gate = asyncio.Semaphore(self.limit)

        async def one(fn: Callable[[AsyncSession], Awaitable[Any]]) -> Any:
            async with gate:
                try:
                    return await self.call(fn)
                except BaseException as exc:  # every failure is reported by the test
                    self.errors.append(exc)
                    return exc

        return await asyncio.gather(*(one(fn) for fn in fns))


async def reset(db: Database, stock: dict[UUID, int]) -> None:
    async with db.transaction() as session:
        await session.execute(sa.text("TRUNCATE catalog.inventory_reservations, catalog.inventory_items"))
        store_id = uuid7()
        await session.execute(
            sa.insert(InventoryItem),
            [{"product_id": p, "store_id": store_id, "available_qty": q} for p, q in stock.items()],
        )


async def ledger(db: Database) -> dict[UUID, dict[str, int]]:
    """Per product: its stock columns and the quantities its reservations say it should hold."""
    async with db.read() as session:
        items = (
            await session.execute(
                sa.select(
                    InventoryItem.product_id,
                    InventoryItem.available_qty,
                    InventoryItem.reserved_qty,
                    InventoryItem.consumed_qty,
                )
            )
        ).all()
        per_state = (
            await session.execute(
                sa.select(
                    InventoryReservation.product_id,
                    InventoryReservation.state,
                    sa.func.sum(InventoryReservation.qty),
                ).group_by(InventoryReservation.product_id, InventoryReservation.state)
            )
        ).all()
    out = {
        product_id: {
            "available": available,
            "reserved": reserved,
            "consumed": consumed,
            "held_or_confirmed": 0,
            "consumed_rows": 0,
        }
        for product_id, available, reserved, consumed in items
    }
    for product_id, state, qty in per_state:
        if state in ("held", "confirmed"):
            out[product_id]["held_or_confirmed"] += int(qty)
        elif state == "consumed":
            out[product_id]["consumed_rows"] += int(qty)
    return out


def one_unit_requests(product_id: UUID, n: int) -> list[tuple[UUID, list[ReservationLine]]]:
    return [(uuid7(), [ReservationLine(uuid7(), uuid7(), product_id, 1)]) for _ in range(n)]


async def hammer(
    harness: Harness, reserve: Reserve, requests: list[tuple[UUID, list[ReservationLine]]]
) -> Counter[str]:
    now = datetime.now(UTC)

    def caller(group: UUID, lines: list[ReservationLine]) -> Callable[[AsyncSession], Awaitable[Any]]:
        return lambda s: reserve(s, group, lines, now=now, hold_s=HOLD_S)

    results = await harness.run_all([caller(g, lines) for g, lines in requests])
    outcome: Counter[str] = Counter()
    for r in results:
        if isinstance(r, BaseException):
            outcome[f"error:{type(r).__name__}"] += 1
        else:
            outcome.update("reserved" if x.reserved else x.reason for x in r)
    return outcome


# --- 1,000 single-unit reservations on a SKU with 100 units ------------------------------------------


async def test_1000_concurrent_reservations_of_100_units_reserve_exactly_100(concurrent_db):
    # given a SKU with 100 units and 1,000 buyers wanting one each, up to 200 at once
    sku = uuid7()
    await reset(concurrent_db.db, {sku: 100})
    harness = Harness(concurrent_db.db, limit=concurrent_db.in_flight)
    started = time.perf_counter()

    # when they all reserve through the real use case
    outcome = await hammer(harness, reservations.reserve, one_unit_requests(sku, 1000))

    # then exactly 100 hold a unit, 900 are refused for stock, and the SKU is at 0, not below
    elapsed = time.perf_counter() - started
    print(f"\n1,000 reservations, {harness.max_inside} in flight at most: {elapsed:.2f}s {dict(outcome)}")
    assert harness.errors == []
    assert harness.max_inside >= min(200, concurrent_db.in_flight)
    assert outcome == Counter({"reserved": 100, "insufficient_inventory": 900})
    book = (await ledger(concurrent_db.db))[sku]
    assert book == {
        "available": 0,
        "reserved": 100,
        "consumed": 0,
        "held_or_confirmed": 100,
        "consumed_rows": 0,
    }


# CONTROL ------------------------------------------------------------------------------------------
# The same use case written as read-modify-write: read ``available_qty``, decide in Python, then
# write the value read minus one. Run through the same harness it must oversell or corrupt the
# stock; if it ever stops doing so, the harness above no longer produces real races.


async def naive_reserve(
    session: AsyncSession,
    checkout_group_id: UUID,
    lines: list[ReservationLine],
    *,
    now: datetime,
    hold_s: int,
) -> list[ReservationResult]:
    """CONTROL ONLY — the check-then-act bug the guarded UPDATE exists to prevent. Never copy."""
    out = []
    for line in lines:
        await session.execute(
            insert(InventoryReservation).values(
                id=line.reservation_id,
                order_id=line.order_id,
                checkout_group_id=checkout_group_id,
                product_id=line.product_id,
                qty=line.qty,
                state="held",
                hold_expires_at=now,
            )
        )
        available, reserved = (
            await session.execute(
                sa.select(InventoryItem.available_qty, InventoryItem.reserved_qty).where(
                    InventoryItem.product_id == line.product_id
                )
            )
        ).one()
        if available < line.qty:
            await session.execute(
                sa.delete(InventoryReservation).where(InventoryReservation.id == line.reservation_id)
            )
            out.append(ReservationResult(line.reservation_id, False, "insufficient_inventory"))
            continue
        await session.execute(
            sa.update(InventoryItem)
            .where(InventoryItem.product_id == line.product_id)
            .values(available_qty=available - line.qty, reserved_qty=reserved + line.qty)
        )
        out.append(ReservationResult(line.reservation_id, True))
    return out


async def test_CONTROL_naive_read_modify_write_oversells_under_the_same_load(concurrent_db):
    # given the same SKU, buyers and concurrency
    sku = uuid7()
    await reset(concurrent_db.db, {sku: 100})
    harness = Harness(concurrent_db.db, limit=concurrent_db.in_flight)

    # when the naive version reserves
    outcome = await hammer(harness, naive_reserve, one_unit_requests(sku, 1000))

    # then it sells more than it has, or its stock no longer adds up (lost updates)
    book = (await ledger(concurrent_db.db))[sku]
    print(f"\nCONTROL (naive): {dict(outcome)} stock {book}")
    assert harness.errors == []
    oversold = outcome["reserved"] > 100
    inconsistent = (
        book["available"] + book["reserved"] != 100 or book["reserved"] != book["held_or_confirmed"]
    )
    assert oversold or inconsistent, "the naive version survived: the harness produced no race"


# --- random multi-line checkouts over overlapping SKUs, 20 seeds ------------------------------------


SKUS = 8
CALLERS = 100


@pytest.mark.parametrize("seed", range(20))
async def test_random_multi_line_checkouts_never_deadlock_and_conserve_stock(concurrent_db, seed):
    # given 8 SKUs with random stock and 100 buyers with 1-4 random lines each, in random order
    rnd = random.Random(seed)
    skus = [uuid7() for _ in range(SKUS)]
    initial = {p: rnd.randint(10, 60) for p in skus}
    await reset(concurrent_db.db, initial)
    harness = Harness(concurrent_db.db, limit=min(CALLERS, concurrent_db.in_flight))
    now = datetime.now(UTC)

    def checkout(r: random.Random) -> Callable[[AsyncSession], Awaitable[Any]]:
        group, orders = uuid7(), [uuid7(), uuid7()]
        lines = [
            ReservationLine(uuid7(), r.choice(orders), r.choice(skus), r.randint(1, 5))
            for _ in range(r.randint(1, 4))
        ]
        follow_up = r.choice(["keep", "release", "deliver", "cancel", "replay"])

        async def run(session: AsyncSession) -> Any:
            results = await reservations.reserve(session, group, lines, now=now, hold_s=HOLD_S)
            held = [x.reservation_id for x in results if x.reserved]
            # a second step in the same transaction: what orders and the events would do next
            if follow_up == "release":
                await reservations.release(session, held[: r.randint(0, len(held))])
            elif follow_up == "deliver":
                await reservations.confirm(session, held)
                await reservations.consume_order(session, lines[0].order_id)
            elif follow_up == "cancel":
                await reservations.release_order(session, lines[-1].order_id)
            elif follow_up == "replay":
                again = await reservations.reserve(session, group, lines, now=now, hold_s=HOLD_S)
                # a held line stays held (a refused one is tried again and may now succeed)
                assert all(a.reserved for a, b in zip(again, results, strict=True) if b.reserved)
            return results

        return run

    # when all 100 run at once, lines in random order (the use case sorts them)
    started = time.perf_counter()
    results = await harness.run_all([checkout(rnd) for _ in range(CALLERS)])
    elapsed = time.perf_counter() - started

    # then nobody deadlocked or failed, and every SKU's stock is conserved and matches its rows
    deadlocks = [
        e for e in harness.errors if isinstance(getattr(e, "orig", None), psycopg.errors.DeadlockDetected)
    ]
    assert deadlocks == []
    assert harness.errors == []
    book = await ledger(concurrent_db.db)
    for p in skus:
        b = book[p]
        assert b["available"] + b["reserved"] + b["consumed"] == initial[p], (p, b, initial[p])
        assert b["reserved"] == b["held_or_confirmed"] and b["consumed"] == b["consumed_rows"], b
        assert min(b["available"], b["reserved"], b["consumed"]) >= 0
    refused = sum(1 for r in results for x in r if not x.reserved)
    assert refused > 0  # the stock was contended (demand is about 2.5x the stock)
    print(f"\nseed {seed}: {elapsed:.2f}s, {harness.max_inside} in flight at most, {refused} lines refused")


# --- the same request twice at the same time ----------------------------------------------------------


async def test_the_same_request_sent_twice_concurrently_reserves_once(concurrent_db):
    # given SKUs and 50 two-line requests, each sent twice at the same moment (a client retry)
    skus = [uuid7(), uuid7()]
    await reset(concurrent_db.db, {skus[0]: 1000, skus[1]: 1000})
    harness = Harness(concurrent_db.db, limit=concurrent_db.in_flight)
    now = datetime.now(UTC)
    requests = [
        (
            uuid7(),
            [ReservationLine(uuid7(), uuid7(), skus[0], 3), ReservationLine(uuid7(), uuid7(), skus[1], 2)],
        )
        for _ in range(50)
    ]
    calls = [
        (lambda s, g=g, lines=lines: reservations.reserve(s, g, lines, now=now, hold_s=HOLD_S))
        for g, lines in requests
        for _ in range(2)
    ]

    # when both copies run concurrently
    results = await harness.run_all(calls)

    # then both copies answer "reserved" and the stock moved once per request
    assert harness.errors == []
    assert all(x.reserved for r in results for x in r)
    book = await ledger(concurrent_db.db)
    assert book[skus[0]]["reserved"] == 50 * 3 and book[skus[0]]["available"] == 1000 - 150
    assert book[skus[1]]["reserved"] == 50 * 2 and book[skus[1]]["available"] == 1000 - 100
    assert book[skus[0]]["held_or_confirmed"] == 150 and book[skus[1]]["held_or_confirmed"] == 100


async def test_concurrent_copies_of_a_request_for_the_last_unit_agree(concurrent_db):
    # given one unit left and one request for it sent three times at once
    sku = uuid7()
    await reset(concurrent_db.db, {sku: 1})
    harness = Harness(concurrent_db.db, limit=concurrent_db.in_flight)
    group, line = uuid7(), ReservationLine(uuid7(), uuid7(), sku, 1)

    # when the copies race
    results = await harness.run_all(
        [lambda s: reservations.reserve(s, group, [line], now=datetime.now(UTC), hold_s=HOLD_S)] * 3
    )

    # then all three report the one reservation, and the unit is held once
    assert harness.errors == []
    assert [r[0].reserved for r in results] == [True, True, True]
    assert (await ledger(concurrent_db.db))[sku] == {
        "available": 0,
        "reserved": 1,
        "consumed": 0,
        "held_or_confirmed": 1,
        "consumed_rows": 0,
    }


async def test_concurrent_releases_and_consumes_of_the_same_rows_apply_once(concurrent_db):
    # given 100 confirmed reservations of 2 units on one SKU
    sku = uuid7()
    await reset(concurrent_db.db, {sku: 500})
    now = datetime.now(UTC)
    order_id, group = uuid7(), uuid7()
    lines = [ReservationLine(uuid7(), order_id, sku, 2) for _ in range(100)]
    async with concurrent_db.db.transaction() as s:
        await reservations.reserve(s, group, lines, now=now, hold_s=HOLD_S)
    ids = [line.reservation_id for line in lines]
    harness = Harness(concurrent_db.db, limit=concurrent_db.in_flight)

    # when 50 callers release overlapping halves in opposite orders while 50 consume the order
    rnd = random.Random(7)

    def releaser() -> Callable[[AsyncSession], Awaitable[int]]:
        picked = rnd.sample(ids, 50)
        return lambda s: reservations.release(s, picked)

    calls: list[Callable[[AsyncSession], Awaitable[Any]]] = [releaser() for _ in range(50)]
    calls += [lambda s: reservations.confirm(s, ids)] * 10
    calls += [lambda s: reservations.consume_order(s, order_id)] * 40
    rnd.shuffle(calls)
    await harness.run_all(calls)

    # then no deadlock, every row moved once, and the SKU still adds up to 500
    assert harness.errors == []
    book = (await ledger(concurrent_db.db))[sku]
    assert book["available"] + book["reserved"] + book["consumed"] == 500
    assert book["reserved"] == book["held_or_confirmed"] and book["consumed"] == book["consumed_rows"]
