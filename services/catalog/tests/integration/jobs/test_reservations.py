"""``sweep_reservations``: holds past their 30 minutes are released only when orders says their line
does not exist. orders is another service's boundary: these tests answer for it with ``OrdersDouble``
through the ``OrdersClient`` protocol, built into the worker's context in place of the real client
(``CatalogContext.build(settings, orders=...)``); one test runs the job with the real HTTP client
against a closed port."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from catalog_factories import OrdersDouble, make_inventory, make_reservation, states_of, stock_of

from pf_catalog.clients.orders import LINE_ITEMS_EXISTS_PATH, HttpOrdersClient
from pf_catalog.domain import reservations
from pf_catalog.worker import JOBS
from pf_common import iosafety
from pf_common.embedded import free_port
from pf_common.scheduler import JobResult, run_job_once

NOW = datetime.now(UTC)
EXPIRED = NOW - timedelta(minutes=1)


@pytest.fixture
def settings(settings_factory):
    # nothing listens there: the job's own HTTP client finds orders down
    return settings_factory(orders_internal_url=f"http://127.0.0.1:{free_port()}", orders_timeout_s=0.5)


@pytest.fixture
def sweep(database, redis, context_factory):
    job = next(j for j in JOBS if j.name == "sweep_reservations")
    assert job.interval_s == 60

    async def run(orders: OrdersDouble) -> str:
        return await run_job_once(
            job, db=database, redis=redis, context=context_factory(orders=orders), now=NOW
        )

    return run


async def test_an_expired_hold_whose_line_never_appeared_is_released(db_session, sweep):
    # given an expired hold, a hold still in its 30 minutes, and orders knowing neither line
    item = await make_inventory(db_session, available=10)
    expired = await make_reservation(db_session, item, qty=3, hold_expires_at=EXPIRED)
    fresh = await make_reservation(db_session, item, qty=2, hold_expires_at=NOW + timedelta(minutes=5))
    orders = OrdersDouble()

    # when the sweeper runs
    assert await sweep(orders) == JobResult.RAN

    # then orders was asked about the expired hold only, and it went back to stock
    assert orders.calls == [[expired.id]]
    assert await states_of(db_session, [expired.id, fresh.id]) == {expired.id: "released", fresh.id: "held"}
    assert await stock_of(db_session, item.product_id) == (8, 2, 0)


async def test_an_expired_hold_whose_line_exists_is_confirmed(db_session, sweep):
    # given an expired hold whose order committed (its order_created is late)
    item = await make_inventory(db_session, available=10)
    row = await make_reservation(db_session, item, qty=3, hold_expires_at=EXPIRED)

    await sweep(OrdersDouble(existing=[row.id]))

    # then it is confirmed and the stock stays reserved
    assert await states_of(db_session, [row.id]) == {row.id: "confirmed"}
    assert await stock_of(db_session, item.product_id) == (7, 3, 0)


async def test_nothing_is_released_while_orders_is_down(db_session, sweep):
    # given expired holds and orders unreachable
    item = await make_inventory(db_session, available=10)
    rows = [await make_reservation(db_session, item, qty=1, hold_expires_at=EXPIRED) for _ in range(3)]
    orders = OrdersDouble(down=True)

    # when the sweeper runs
    assert await sweep(orders) == JobResult.RAN

    # then it asked, got no answer, and left every hold as it was (the job does not fail)
    assert len(orders.calls) == 1
    assert set((await states_of(db_session, [r.id for r in rows])).values()) == {"held"}
    assert await stock_of(db_session, item.product_id) == (7, 3, 0)


async def test_the_job_with_its_real_orders_client_tolerates_orders_being_down(db_session, run_job):
    # given an expired hold, and the worker's context with its HTTP client of settings (a closed port)
    item = await make_inventory(db_session, available=10)
    row = await make_reservation(db_session, item, qty=2, hold_expires_at=EXPIRED)

    assert await run_job("sweep_reservations", now=NOW) == JobResult.RAN

    assert await states_of(db_session, [row.id]) == {row.id: "held"}
    assert await stock_of(db_session, item.product_id) == (8, 2, 0)


async def test_mixed_batch_and_rows_already_moved_by_events(db_session, sweep):
    # given expired holds: one unknown to orders, one known, and only confirmed/released rows otherwise
    item = await make_inventory(db_session, available=20)
    gone = await make_reservation(db_session, item, qty=1, hold_expires_at=EXPIRED)
    known = await make_reservation(db_session, item, qty=2, hold_expires_at=EXPIRED)
    confirmed = await make_reservation(db_session, item, qty=3, hold_expires_at=EXPIRED, state="confirmed")
    released = await make_reservation(db_session, item, qty=4, hold_expires_at=EXPIRED, state="released")
    orders = OrdersDouble(existing=[known.id])

    await sweep(orders)
    await sweep(orders)  # a second run finds nothing left to ask about

    assert [sorted(c) for c in orders.calls] == [sorted([gone.id, known.id])]
    assert await states_of(db_session, [gone.id, known.id, confirmed.id, released.id]) == {
        gone.id: "released",
        known.id: "confirmed",
        confirmed.id: "confirmed",
        released.id: "released",
    }
    assert await stock_of(db_session, item.product_id) == (15, 5, 0)


async def test_sweeps_in_batches(db_session, settings_factory, context_factory, database, redis):
    # given more expired holds than one batch
    item = await make_inventory(db_session, available=50)
    rows = [await make_reservation(db_session, item, qty=1, hold_expires_at=EXPIRED) for _ in range(7)]
    orders = OrdersDouble()
    job = next(j for j in JOBS if j.name == "sweep_reservations")

    await run_job_once(
        job,
        db=database,
        redis=redis,
        context=context_factory(settings_factory(reservation_sweep_batch_size=3), orders=orders),
        now=NOW,
    )

    assert [len(c) for c in orders.calls] == [3, 3, 1]
    assert set((await states_of(db_session, [r.id for r in rows])).values()) == {"released"}
    assert await stock_of(db_session, item.product_id) == (50, 0, 0)


async def test_orders_is_asked_over_http_holding_no_session_and_events_meanwhile_win(
    db_session, database, redis, context_factory
):
    # given two expired holds, orders knowing the second, and the job's real HTTP client (a
    # request of pf_common.http started inside a database session fails the test)
    item = await make_inventory(db_session, available=10)
    gone = await make_reservation(db_session, item, qty=3, hold_expires_at=EXPIRED)
    known = await make_reservation(db_session, item, qty=2, hold_expires_at=EXPIRED)
    held_while_asked: list[tuple[str, ...]] = []

    async def orders_app(request: httpx.Request) -> httpx.Response:
        held_while_asked.append(iosafety.held_connections())
        assert request.url.path == LINE_ITEMS_EXISTS_PATH
        assert sorted(json.loads(request.content)["ids"]) == sorted([str(gone.id), str(known.id)])
        # while orders answers, orders' cancel event releases the first hold (no row is locked)
        assert await reservations.release(db_session, [gone.id]) == 1
        return httpx.Response(200, json={"data": {"existing": [str(known.id)]}})

    client = HttpOrdersClient("http://orders.test", transport=httpx.MockTransport(orders_app))
    job = next(j for j in JOBS if j.name == "sweep_reservations")

    # when the sweeper runs
    result = await run_job_once(
        job, db=database, redis=redis, context=context_factory(orders=client), now=NOW
    )

    # then orders was asked once with no session open, the known hold is confirmed, and the hold
    # the event released was not released a second time (its stock went back once)
    assert result == JobResult.RAN
    assert held_while_asked == [()]
    assert await states_of(db_session, [gone.id, known.id]) == {gone.id: "released", known.id: "confirmed"}
    assert await stock_of(db_session, item.product_id) == (8, 2, 0)
