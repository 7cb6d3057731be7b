"""The reservation state machine of DOMAIN §5.3, one call at a time on the real database:
per-line results, replays, and idempotent confirm/release/consume that never drive stock negative."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from catalog_factories import make_inventory, make_reservation, states_of, stock_of

from pf_catalog.domain import reservations
from pf_catalog.domain.reservations import ReservationLine, ReservationMismatch, ReservedUnderflow
from pf_catalog.models import InventoryItem, InventoryReservation
from pf_common.ids import uuid7

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


async def test_reserve_answers_per_line_and_a_refused_line_keeps_the_others(db_session):
    # given two stocked SKUs, one nearly sold out, and an id that is no product
    a = await make_inventory(db_session, available=10)
    b = await make_inventory(db_session, available=1)
    group, order = uuid7(), uuid7()
    lines = [
        ReservationLine(uuid7(), order, a.product_id, 4),
        ReservationLine(uuid7(), order, b.product_id, 2),
        ReservationLine(uuid7(), order, uuid7(), 1),
    ]

    # when the checkout reserves them
    results = await reservations.reserve(db_session, group, lines, now=NOW, hold_s=1800)

    # then the first is held, the others are refused with their reason, in request order
    assert [(r.reservation_id, r.reserved, r.reason) for r in results] == [
        (lines[0].reservation_id, True, None),
        (lines[1].reservation_id, False, "insufficient_inventory"),
        (lines[2].reservation_id, False, "unknown_product"),
    ]
    assert await stock_of(db_session, a.product_id) == (6, 4, 0)
    assert await stock_of(db_session, b.product_id) == (1, 0, 0)
    row = await db_session.get(InventoryReservation, lines[0].reservation_id)
    assert (row.state, row.qty, row.order_id, row.checkout_group_id) == ("held", 4, order, group)
    assert row.hold_expires_at == NOW + timedelta(minutes=30)
    # a refused line leaves no row
    assert await states_of(db_session, [lines[1].reservation_id, lines[2].reservation_id]) == {}


async def test_a_retried_request_reserves_once(db_session):
    # given a request that reserved
    item = await make_inventory(db_session, available=10)
    group = uuid7()
    lines = [ReservationLine(uuid7(), uuid7(), item.product_id, 3)]
    first = await reservations.reserve(db_session, group, lines, now=NOW, hold_s=1800)

    # when it is sent again, twice, with the same ids
    again = await reservations.reserve(db_session, group, lines, now=NOW, hold_s=1800)
    third = await reservations.reserve(db_session, group, lines, now=NOW + timedelta(minutes=5), hold_s=1800)

    # then every answer is the stored one and the stock moved once (the hold is not extended)
    assert first == again == third
    assert first[0].reserved is True
    assert await stock_of(db_session, item.product_id) == (7, 3, 0)
    row = await db_session.get(InventoryReservation, lines[0].reservation_id, populate_existing=True)
    assert row.hold_expires_at == NOW + timedelta(minutes=30)


async def test_a_refused_line_is_tried_again_on_retry(db_session):
    # given a line refused for stock, then the vendor restocks
    item = await make_inventory(db_session, available=1)
    group, line = uuid7(), ReservationLine(uuid7(), uuid7(), item.product_id, 2)
    assert (await reservations.reserve(db_session, group, [line], now=NOW, hold_s=1800))[0].reserved is False
    await db_session.execute(
        sa.update(InventoryItem).where(InventoryItem.product_id == item.product_id).values(available_qty=5)
    )

    # when the same line is retried
    result = await reservations.reserve(db_session, group, [line], now=NOW, hold_s=1800)

    # then it reserves now
    assert result[0].reserved is True
    assert await stock_of(db_session, item.product_id) == (3, 2, 0)


async def test_a_replayed_id_of_a_released_reservation_is_not_reported_as_held(db_session):
    # given a reservation that was reserved and then released
    item = await make_inventory(db_session, available=5)
    group, line = uuid7(), ReservationLine(uuid7(), uuid7(), item.product_id, 2)
    await reservations.reserve(db_session, group, [line], now=NOW, hold_s=1800)
    await reservations.release(db_session, [line.reservation_id])

    # when a late retry of the reserve call arrives
    result = await reservations.reserve(db_session, group, [line], now=NOW, hold_s=1800)

    # then it says the stock is not held, and nothing moves
    assert (result[0].reserved, result[0].reason) == (False, "reservation_released")
    assert await stock_of(db_session, item.product_id) == (5, 0, 0)


async def test_an_id_reused_for_another_line_is_a_conflict_and_nothing_is_reserved(db_session, database):
    # given a held reservation
    item = await make_inventory(db_session, available=10)
    other = await make_inventory(db_session, available=10)
    group, order, rid = uuid7(), uuid7(), uuid7()
    await reservations.reserve(
        db_session, group, [ReservationLine(rid, order, item.product_id, 2)], now=NOW, hold_s=1800
    )

    # when the same id comes with another quantity, next to a fresh line
    with pytest.raises(ReservationMismatch):
        async with database.transaction() as s:
            await reservations.reserve(
                s,
                group,
                [
                    ReservationLine(uuid7(), order, other.product_id, 1),
                    ReservationLine(rid, order, item.product_id, 3),
                ],
                now=NOW,
                hold_s=1800,
            )

    # then the whole call rolled back
    assert await stock_of(db_session, item.product_id) == (8, 2, 0)
    assert await stock_of(db_session, other.product_id) == (10, 0, 0)


async def test_confirm_release_and_consume_are_idempotent_and_conserve_stock(db_session):
    # given one order with three held reservations on one SKU of 20 units
    item = await make_inventory(db_session, available=20)
    order = uuid7()
    r1, r2, r3 = [await make_reservation(db_session, item, qty=q, order_id=order) for q in (2, 3, 4)]
    assert await stock_of(db_session, item.product_id) == (11, 9, 0)

    # when two are confirmed twice, one is released twice, and the order is consumed twice
    assert await reservations.confirm(db_session, [r1.id, r2.id]) == 2
    assert await reservations.confirm(db_session, [r1.id, r2.id]) == 0
    assert await reservations.release(db_session, [r2.id]) == 1
    assert await reservations.release(db_session, [r2.id]) == 0
    assert await reservations.consume_order(db_session, order) == 1
    assert await reservations.consume_order(db_session, order) == 0

    # then r1 is consumed, r2 released, r3 still held (consume takes confirmed rows only)
    assert await states_of(db_session, [r1.id, r2.id, r3.id]) == {
        r1.id: "consumed",
        r2.id: "released",
        r3.id: "held",
    }
    stock = await stock_of(db_session, item.product_id)
    assert stock == (14, 4, 2)
    assert stock.total == 20


async def test_released_and_consumed_reservations_are_final(db_session):
    # given a released and a consumed reservation
    item = await make_inventory(db_session, available=10)
    order = uuid7()
    released = await make_reservation(db_session, item, qty=1, order_id=order, state="released")
    consumed = await make_reservation(db_session, item, qty=2, order_id=order, state="consumed")
    before = await stock_of(db_session, item.product_id)

    # when every transition is tried on them
    updated = [
        await reservations.confirm(db_session, [released.id, consumed.id]),
        await reservations.release(db_session, [released.id, consumed.id]),
        await reservations.release_order(db_session, order),
        await reservations.consume_order(db_session, order),
    ]

    # then nothing changes
    assert updated == [0, 0, 0, 0]
    assert await stock_of(db_session, item.product_id) == before
    assert await states_of(db_session, [released.id, consumed.id]) == {
        released.id: "released",
        consumed.id: "consumed",
    }


async def test_release_never_drives_reserved_below_zero(db_session, database):
    # given a held reservation of 5 whose SKU shows only 2 reserved (rows edited by hand)
    item = await make_inventory(db_session, available=10)
    row = await make_reservation(db_session, item, qty=5)
    await db_session.execute(
        sa.update(InventoryItem).where(InventoryItem.product_id == item.product_id).values(reserved_qty=2)
    )

    # when it is released
    with pytest.raises(ReservedUnderflow):
        async with database.transaction() as s:
            await reservations.release(s, [row.id])

    # then the call refused as a whole: the reservation is still held, the stock untouched
    assert await states_of(db_session, [row.id]) == {row.id: "held"}
    assert await stock_of(db_session, item.product_id) == (5, 2, 0)


async def test_release_by_order_takes_held_and_confirmed_of_that_order_only(db_session):
    # given two orders sharing a SKU
    item = await make_inventory(db_session, available=10)
    order, other = uuid7(), uuid7()
    held = await make_reservation(db_session, item, qty=1, order_id=order)
    confirmed = await make_reservation(db_session, item, qty=2, order_id=order, state="confirmed")
    theirs = await make_reservation(db_session, item, qty=3, order_id=other)

    # when the first order is released
    assert await reservations.release_order(db_session, order) == 2

    # then only its reservations went back to stock
    assert await states_of(db_session, [held.id, confirmed.id, theirs.id]) == {
        held.id: "released",
        confirmed.id: "released",
        theirs.id: "held",
    }
    assert await stock_of(db_session, item.product_id) == (7, 3, 0)
