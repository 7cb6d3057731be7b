"""orders and catalog together (pf_common.testing.stack): real APIs over HTTP, real workers,
service tokens, committed data.

catalog's stale-hold sweeper asks a real orders app which line items exist; orders' events reach
catalog's consumers through the real outbox relay and Redis Streams.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from catalog_factories import make_inventory, states_of, stock_of
from orders_factories import insert_line_items

from pf_common.events.orders import OrderCanceledV1
from pf_common.ids import uuid7
from pf_common.outbox import emit

RESERVE = "/internal/v1/inventory/reservations"


async def _commit_line_items(orders_db, order_id, ids) -> None:
    """What orders' checkout commits (the line ids are the reservation ids)."""
    async with orders_db.transaction() as session:
        await insert_line_items(session, order_id, list(ids))


async def test_the_sweeper_asks_a_real_orders_app_and_orders_events_release_stock(services_stack):
    stack = await services_stack("orders", "catalog")
    orders, catalog = stack["orders"], stack["catalog"]
    async with catalog.db.transaction() as s:
        item = await make_inventory(s, available=10)
    order_id, committed, abandoned = uuid7(), uuid7(), uuid7()
    lines = [
        {"reservation_id": str(r), "order_id": str(order_id), "product_id": str(item.product_id), "qty": 2}
        for r in (committed, abandoned)
    ]

    # orders reserves two lines through catalog's internal API, with its service token
    async with orders.client_for("catalog") as to_catalog:
        r = await to_catalog.post(RESERVE, json={"checkout_group_id": str(uuid7()), "lines": lines})
    assert r.status_code == 200, r.text
    assert [x["reserved"] for x in r.json()["data"]["results"]] == [True, True]
    # and commits only the first line (the checkout of the second never committed)
    await _commit_line_items(orders.db, order_id, [committed])

    # when catalog's sweeper runs after the holds expired, it asks orders over HTTP
    later = datetime.now(UTC) + timedelta(hours=1)
    assert await catalog.run_job("sweep_reservations", now=later) == "ran"

    async with catalog.db.read() as s:
        assert await states_of(s, [committed, abandoned]) == {committed: "confirmed", abandoned: "released"}
        assert tuple(await stock_of(s, item.product_id)) == (8, 2, 0)

    # then orders cancels the order: its event goes through the relay to catalog's consumer
    async with orders.db.transaction() as s:
        await emit(
            s,
            OrderCanceledV1(
                order_id=order_id,
                checkout_group_id=uuid7(),
                buyer_store_id=uuid7(),
                vendor_store_id=item.store_id,
                canceled_at=datetime.now(UTC),
            ),
        )

    async def released() -> bool:
        async with catalog.db.read() as s:
            return (await states_of(s, [committed]))[committed] == "released"

    await stack.wait_for(released, what="catalog releasing the canceled order's stock")
    async with catalog.db.read() as s:
        assert tuple(await stock_of(s, item.product_id)) == (10, 0, 0)


async def test_catalog_cannot_call_orders_without_its_own_token_and_orders_refuses_others(services_stack):
    stack = await services_stack("orders", "catalog")
    orders, catalog = stack["orders"], stack["catalog"]
    body = {"ids": [str(uuid7())]}

    async with catalog.client_for("orders") as as_catalog, orders.client() as anonymous:
        served = await as_catalog.post("/internal/v1/line-items:exists", json=body)
        refused = await anonymous.post("/internal/v1/line-items:exists", json=body)
    # orders calling its own internal route is a service not named by the route
    async with orders.client_for(orders) as as_orders:
        forbidden = await as_orders.post("/internal/v1/line-items:exists", json=body)

    assert (served.status_code, served.json()) == (200, {"data": {"existing": []}})
    assert refused.status_code == 401
    assert forbidden.status_code == 403


async def test_orders_down_leaves_holds_held(services_stack):
    stack = await services_stack("orders", "catalog")
    orders, catalog = stack["orders"], stack["catalog"]
    async with catalog.db.transaction() as s:
        item = await make_inventory(s, available=3)
    hold = uuid7()
    line = {
        "reservation_id": str(hold),
        "order_id": str(uuid7()),
        "product_id": str(item.product_id),
        "qty": 1,
    }
    async with orders.client_for("catalog") as to_catalog:
        r = await to_catalog.post(RESERVE, json={"checkout_group_id": str(uuid7()), "lines": [line]})
    assert r.status_code == 200, r.text

    await orders.stop()  # its API no longer answers
    assert await catalog.run_job("sweep_reservations", now=datetime.now(UTC) + timedelta(hours=1)) == "ran"

    async with catalog.db.read() as s:
        assert await states_of(s, [hold]) == {hold: "held"}
