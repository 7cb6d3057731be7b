"""orders' and logistics' events move reservations (EVENTS.md §6), each delivered twice through the
real consumers and inbox: the second delivery is a duplicate and changes nothing."""

from __future__ import annotations

from catalog_factories import (
    make_inventory,
    make_reservation,
    order_canceled,
    order_created,
    order_delivered,
    order_expired,
    order_line,
    release_requested,
    states_of,
    stock_of,
)

from pf_common.consumer import Outcome
from pf_common.ids import uuid7


async def test_order_created_confirms_the_reservations_of_its_pending_lines(db_session, deliver):
    # given an order whose lines hold stock: two pending, one already rejected at checkout
    item = await make_inventory(db_session, available=20)
    order = uuid7()
    pending = [await make_reservation(db_session, item, qty=2, order_id=order) for _ in range(2)]
    rejected = await make_reservation(db_session, item, qty=1, order_id=order)
    foreign = await make_reservation(db_session, item, qty=1)  # another order's hold, listed by mistake
    event = order_created(
        order,
        [
            *(order_line(r.id, item.product_id, qty=2) for r in pending),
            order_line(rejected.id, item.product_id, status="rejected"),
            order_line(foreign.id, item.product_id),
        ],
    )

    # when order_created is delivered twice
    outcomes = await deliver(event)

    # then the pending lines are confirmed once; the rest stay held; stock does not move
    assert outcomes == [Outcome.APPLIED, Outcome.DUPLICATE]
    assert await states_of(db_session, [r.id for r in (*pending, rejected, foreign)]) == {
        pending[0].id: "confirmed",
        pending[1].id: "confirmed",
        rejected.id: "held",
        foreign.id: "held",
    }
    assert await stock_of(db_session, item.product_id) == (14, 6, 0)


async def test_inventory_release_requested_releases_its_lines(db_session, deliver):
    # given a vendor order with a held and a confirmed line, and a line it keeps
    item = await make_inventory(db_session, available=20)
    order = uuid7()
    held = await make_reservation(db_session, item, qty=2, order_id=order)
    confirmed = await make_reservation(db_session, item, qty=3, order_id=order, state="confirmed")
    kept = await make_reservation(db_session, item, qty=4, order_id=order, state="confirmed")

    # when the vendor rejects two lines (delivered twice)
    outcomes = await deliver(release_requested(order, [held, confirmed], reason="line_reject"))

    # then those two go back to stock once; the kept line stays
    assert outcomes == [Outcome.APPLIED, Outcome.DUPLICATE]
    assert await states_of(db_session, [held.id, confirmed.id, kept.id]) == {
        held.id: "released",
        confirmed.id: "released",
        kept.id: "confirmed",
    }
    assert await stock_of(db_session, item.product_id) == (16, 4, 0)


async def test_a_second_release_event_for_the_same_lines_is_a_no_op(db_session, deliver):
    # given lines already released by one event
    item = await make_inventory(db_session, available=10)
    order = uuid7()
    row = await make_reservation(db_session, item, qty=3, order_id=order, state="confirmed")
    await deliver(release_requested(order, [row]), times=1)

    # when another event (another event id) asks again, e.g. expiry after a vendor reject
    outcomes = await deliver(release_requested(order, [row], reason="expired"), times=1)

    # then it is applied but changes nothing: reserved never goes below 0
    assert outcomes == [Outcome.APPLIED]
    assert await stock_of(db_session, item.product_id) == (10, 0, 0)


async def test_order_canceled_releases_every_held_or_confirmed_reservation_of_the_order(db_session, deliver):
    item = await make_inventory(db_session, available=10)
    order = uuid7()
    rows = [
        await make_reservation(db_session, item, qty=1, order_id=order),
        await make_reservation(db_session, item, qty=2, order_id=order, state="confirmed"),
    ]
    other = await make_reservation(db_session, item, qty=3)

    outcomes = await deliver(order_canceled(order))

    assert outcomes == [Outcome.APPLIED, Outcome.DUPLICATE]
    assert await states_of(db_session, [*(r.id for r in rows), other.id]) == {
        rows[0].id: "released",
        rows[1].id: "released",
        other.id: "held",
    }
    assert await stock_of(db_session, item.product_id) == (7, 3, 0)


async def test_order_expired_releases_the_order(db_session, deliver):
    item = await make_inventory(db_session, available=10)
    order = uuid7()
    row = await make_reservation(db_session, item, qty=4, order_id=order, state="confirmed")

    outcomes = await deliver(order_expired(order))

    assert outcomes == [Outcome.APPLIED, Outcome.DUPLICATE]
    assert await states_of(db_session, [row.id]) == {row.id: "released"}
    assert await stock_of(db_session, item.product_id) == (10, 0, 0)


async def test_order_delivered_consumes_the_confirmed_reservations(db_session, deliver):
    # given a delivered order's confirmed lines and one line released by the vendor earlier
    item = await make_inventory(db_session, available=10)
    order = uuid7()
    confirmed = [
        await make_reservation(db_session, item, qty=2, order_id=order, state="confirmed") for _ in range(2)
    ]
    released = await make_reservation(db_session, item, qty=1, order_id=order, state="released")

    # when order_delivered arrives twice
    outcomes = await deliver(order_delivered(order))

    # then the stock leaves for good once: reserved −4, consumed +4, available unchanged
    assert outcomes == [Outcome.APPLIED, Outcome.DUPLICATE]
    assert await states_of(db_session, [*(r.id for r in confirmed), released.id]) == {
        confirmed[0].id: "consumed",
        confirmed[1].id: "consumed",
        released.id: "released",
    }
    stock = await stock_of(db_session, item.product_id)
    assert stock == (6, 0, 4) and stock.total == 10


async def test_events_out_of_order_do_not_resurrect_a_release(db_session, deliver):
    # given an order canceled before catalog saw its order_created
    item = await make_inventory(db_session, available=10)
    order = uuid7()
    row = await make_reservation(db_session, item, qty=2, order_id=order)
    await deliver(order_canceled(order), times=1)

    # when order_created arrives late, then order_delivered (nonsense, but at-least-once)
    await deliver(order_created(order, [order_line(row.id, item.product_id, qty=2)]), times=1)
    await deliver(order_delivered(order), times=1)

    # then the reservation stays released and the stock whole
    assert await states_of(db_session, [row.id]) == {row.id: "released"}
    assert await stock_of(db_session, item.product_id) == (10, 0, 0)
