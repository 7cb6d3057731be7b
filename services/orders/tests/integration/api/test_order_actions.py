"""The vendor order lifecycle through the API (API.md §3.4; DOMAIN §5.4 state machines): vendor
decisions at order and line level, implicit acceptance, buyer cancel, nudge, retry from expired and
the TTL job, with their events, money and stock releases."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from orders_factories import ADDRESS, make_store, set_kyc

from pf_orders.models import OrdersAudit, VendorOrder


@pytest.fixture
async def buyer(as_store, db_session):
    actor = await as_store("buyer", "ops")
    await make_store(db_session, "buyer", store_id=actor.store_id)
    return actor


@pytest.fixture
async def vendor(as_store, db_session):
    actor = await as_store("vendor", "ops")
    await make_store(db_session, "vendor", store_id=actor.store_id, name="Green Valley")
    return actor


async def place_order(client, buyer, vendor, catalog, *lines):
    """A created_pending order of ``vendor``: lines of (price_cents, qty[, tiers])."""
    items = []
    for spec in lines:
        price, qty, *tiers = spec
        pid = catalog.add_product(
            vendor.store_id, price_cents=price, available=1000, tiers=tiers[0] if tiers else []
        )
        items.append({"product_id": str(pid), "vendor_store_id": str(vendor.store_id), "quantity": qty})
    cart = await client.post(
        "/api/v1/cart",
        json={"buyer_store_id": str(buyer.store_id), "items": items},
        headers=buyer.with_idempotency(),
    )
    r = await client.post(
        "/api/v1/checkout",
        json={"cart_id": cart.json()["data"]["id"], "shipping_address": ADDRESS, "payment_method": "cash"},
        headers=buyer.with_idempotency(),
    )
    assert r.status_code == 201, r.text
    return r.json()["data"]["vendor_orders"][0]


async def decide(client, vendor, order, decision, **extra):
    return await client.post(
        f"/api/v1/vendor/orders/{order['order_id']}/decision",
        json={"decision": decision, **extra},
        headers=vendor.with_idempotency(),
    )


async def decide_line(client, vendor, order, n, decision, **extra):
    return await client.post(
        f"/api/v1/vendor/orders/{order['order_id']}/line-items/decision",
        json={"line_item_id": order["items"][n]["line_item_id"], "decision": decision, **extra},
        headers=vendor.with_idempotency(),
    )


async def act(client, actor, order, action, **json):
    return await client.post(
        f"/api/v1/orders/{order['order_id']}/{action}", json=json or None, headers=actor.with_idempotency()
    )


def released_lines(events):
    return [line["reservation_id"] for e in events for line in e.payload["lines"]]


async def test_accept_then_fulfil_every_line_makes_the_order_ready_for_dispatch(
    client, buyer, vendor, catalog, emitted_events
):
    order = await place_order(client, buyer, vendor, catalog, (1000, 2), (500, 1))

    accepted = await decide(client, vendor, order, "accept")
    again = await decide(client, vendor, order, "accept")  # a decision that holds: no-op
    first = await decide_line(client, vendor, order, 0, "fulfill")
    last = await decide_line(client, vendor, order, 1, "fulfill")

    assert accepted.json()["data"]["status"] == again.json()["data"]["status"] == "accepted"
    assert first.json()["data"]["status"] == "accepted"
    body = last.json()["data"]
    assert (body["status"], body["fulfillment_status"], body["total_cents"]) == (
        "ready_for_dispatch",
        "fulfilled",
        2500,
    )
    [decided] = await emitted_events("order_decided")
    assert decided.payload["decision"] == "accept"
    [ready] = await emitted_events("order_ready_for_dispatch")
    assert (ready.payload["total_items"], ready.payload["rejected_item_count"]) == (3, 0)
    assert ready.payload["vendor"]["company_name"] == "Green Valley"
    assert ready.payload["buyer"]["address"]["lat"] == ADDRESS["lat"]
    assert await emitted_events("inventory_release_requested") == []


async def test_a_first_line_decision_accepts_implicitly_and_a_rejected_line_recomputes_the_money(
    client, buyer, vendor, catalog, emitted_events
):
    order = await place_order(client, buyer, vendor, catalog, (1299, 12, [(10, "12.5")]), (500, 2))

    rejected = await decide_line(client, vendor, order, 1, "reject", notes="out of stock")
    done = await decide_line(client, vendor, order, 0, "fulfill")

    body = rejected.json()["data"]
    assert (body["status"], body["total_cents"], body["balance_due_cents"]) == ("accepted", 13644, 13644)
    assert body["line_item"] == {
        "id": order["items"][1]["line_item_id"],
        "status": "rejected",
        "notes": "out of stock",
    }
    assert (done.json()["data"]["status"], done.json()["data"]["fulfillment_status"]) == (
        "ready_for_dispatch",
        "partial",
    )
    assert [e.payload["decision"] for e in await emitted_events("order_decided")] == ["implicit_accept"]
    assert [e.payload["total_cents"] for e in await emitted_events("order_totals_changed")] == [13644]
    releases = await emitted_events("inventory_release_requested")
    assert released_lines(releases) == [order["items"][1]["line_item_id"]]
    assert releases[0].payload["reason"] == "line_reject"
    [ready] = await emitted_events("order_ready_for_dispatch")
    assert (ready.payload["rejected_item_count"], ready.payload["total_items"]) == (1, 12)


async def test_rejecting_the_last_open_line_rejects_the_order_with_decision_reject(
    client, buyer, vendor, catalog, emitted_events
):
    order = await place_order(client, buyer, vendor, catalog, (1000, 1))

    r = await decide_line(client, vendor, order, 0, "reject")

    assert (r.json()["data"]["status"], r.json()["data"]["balance_due_cents"]) == ("rejected", 0)
    assert [(e.payload["decision"], e.payload["status"]) for e in await emitted_events("order_decided")] == [
        ("reject", "rejected")
    ]
    [totals] = await emitted_events("order_totals_changed")
    assert (totals.payload["total_cents"], totals.payload["balance_due_cents"]) == (0, 0)


async def test_an_order_level_reject_releases_every_line_once(client, buyer, vendor, catalog, emitted_events):
    order = await place_order(client, buyer, vendor, catalog, (1000, 1), (200, 3))

    first = await decide(client, vendor, order, "reject", reason="closed this week")
    second = await decide(client, vendor, order, "reject")

    assert first.json()["data"]["status"] == second.json()["data"]["status"] == "rejected"
    releases = await emitted_events("inventory_release_requested")
    assert sorted(released_lines(releases)) == sorted(i["line_item_id"] for i in order["items"])
    assert releases[0].payload["reason"] == "vendor_reject"
    assert [e.payload["reason"] for e in await emitted_events("order_decided")] == ["closed this week"]


async def test_illegal_decisions_are_422_with_the_status(client, buyer, vendor, catalog):
    order = await place_order(client, buyer, vendor, catalog, (1000, 1))
    await decide(client, vendor, order, "accept")

    reject_after_accept = await decide(client, vendor, order, "reject")
    await decide_line(client, vendor, order, 0, "fulfill")
    refulfil = await decide_line(client, vendor, order, 0, "fulfill")  # holds: no-op
    reject_fulfilled = await decide_line(client, vendor, order, 0, "reject")

    assert reject_after_accept.status_code == 422
    assert reject_after_accept.json()["error"]["details"]["status"] == "accepted"
    assert refulfil.status_code == 200
    assert reject_fulfilled.status_code == 422


async def test_only_the_orders_vendor_decides_and_only_its_lines(
    client, buyer, vendor, as_store, db_session, catalog
):
    order = await place_order(client, buyer, vendor, catalog, (1000, 1))
    other = await place_order(client, buyer, vendor, catalog, (700, 1))
    rival = await as_store("vendor", "owner")
    viewer = await as_store("vendor", "viewer", store_id=vendor.store_id)

    assert (await decide(client, rival, order, "accept")).status_code == 403
    assert (await decide(client, viewer, order, "accept")).status_code == 403
    assert (await decide(client, buyer, order, "accept")).status_code == 403  # a buyer store
    unknown = {**order, "order_id": str(uuid.uuid4())}
    assert (await decide(client, vendor, unknown, "accept")).status_code == 404
    foreign_line = {**order, "items": other["items"]}
    assert (await decide_line(client, vendor, foreign_line, 0, "fulfill")).status_code == 403


async def test_acceptance_needs_both_licences_but_a_reject_does_not(
    client, buyer, vendor, catalog, db_session
):
    order = await place_order(client, buyer, vendor, catalog, (1000, 1), (500, 1))
    await set_kyc(db_session, buyer.store_id, "expired")

    accept = await decide(client, vendor, order, "accept")
    fulfil = await decide_line(client, vendor, order, 0, "fulfill")
    reject_line = await decide_line(client, vendor, order, 1, "reject")

    assert accept.status_code == 403 and accept.json()["error"]["details"]["party"] == "buyer"
    assert fulfil.status_code == 403
    assert reject_line.status_code == 200  # nothing half-done: the order is only implicitly accepted
    assert reject_line.json()["data"]["status"] == "accepted"


async def test_a_buyer_cancel_releases_every_line_still_holding_stock(
    client, buyer, vendor, catalog, emitted_events, db_session
):
    order = await place_order(client, buyer, vendor, catalog, (1000, 1), (500, 2), (300, 1))
    await decide_line(client, vendor, order, 0, "fulfill")  # fulfilled: still holds stock (G-29)
    await decide_line(client, vendor, order, 1, "reject")  # released already

    r = await act(client, buyer, order, "cancel", reason="changed my mind")
    again = await act(client, buyer, order, "cancel")

    assert r.status_code == 200 and r.json()["data"] == {
        "order_id": order["order_id"],
        "status": "canceled",
        "balance_due_cents": 0,
    }
    assert again.status_code == 200
    releases = await emitted_events("inventory_release_requested")
    assert sorted(released_lines(releases)) == sorted(i["line_item_id"] for i in order["items"])  # each once
    assert releases[-1].payload["reason"] == "buyer_cancel"
    [canceled] = await emitted_events("order_canceled")
    assert canceled.payload["reason"] == "changed my mind"
    assert (await emitted_events("order_totals_changed"))[-1].payload["balance_due_cents"] == 0
    actions = (await db_session.execute(sa.select(OrdersAudit.action))).scalars().all()
    assert "order.canceled" in actions


async def test_cancel_after_pickup_is_422_and_only_the_buyer_cancels(
    client, buyer, vendor, catalog, db_session
):
    order = await place_order(client, buyer, vendor, catalog, (1000, 1))
    assert (await act(client, vendor, order, "cancel")).status_code == 403
    await db_session.execute(
        sa.update(VendorOrder)
        .where(VendorOrder.id == uuid.UUID(order["order_id"]))
        .values(status="in_transit")
    )

    r = await act(client, buyer, order, "cancel")

    assert r.status_code == 422 and r.json()["error"]["details"]["status"] == "in_transit"


async def test_a_buyer_with_an_expired_licence_can_still_cancel(client, buyer, vendor, catalog, db_session):
    order = await place_order(client, buyer, vendor, catalog, (1000, 1))
    await set_kyc(db_session, buyer.store_id, "expired")

    assert (await act(client, buyer, order, "cancel")).status_code == 200


async def test_a_nudge_notifies_the_vendor_until_the_order_is_final(
    client, buyer, vendor, catalog, emitted_events
):
    order = await place_order(client, buyer, vendor, catalog, (1000, 1))

    r = await act(client, buyer, order, "nudge")
    await act(client, buyer, order, "cancel")
    late = await act(client, buyer, order, "nudge")

    assert r.status_code == 202 and r.json()["data"] == {"order_id": order["order_id"], "nudged": True}
    assert late.status_code == 422
    [nudge] = await emitted_events("notification_requested")
    assert nudge.payload["requested_by_user_id"] == str(buyer.user_id)


async def test_the_ttl_job_nudges_at_five_days_and_expires_at_ten(
    client, buyer, vendor, catalog, db_session, run_job, emitted_events
):
    order = await place_order(client, buyer, vendor, catalog, (1000, 2))
    answered = await place_order(client, buyer, vendor, catalog, (500, 1))
    await decide(client, vendor, answered, "accept")
    created = datetime.now(UTC)

    await run_job("order_ttl", now=created + timedelta(days=5, minutes=1))
    await run_job("order_ttl", now=created + timedelta(days=6))  # re-run: no second nudge
    await run_job("order_ttl", now=created + timedelta(days=10, minutes=1))
    await run_job("order_ttl", now=created + timedelta(days=11))

    nudges = await emitted_events("order_pending_nudge")
    assert [e.payload["order_id"] for e in nudges] == [order["order_id"]]
    [expired] = await emitted_events("order_expired")
    assert expired.payload["order_id"] == order["order_id"]
    row = await db_session.get(VendorOrder, uuid.UUID(order["order_id"]), populate_existing=True)
    assert (row.status, row.balance_due_cents) == ("expired", 0)
    assert (await db_session.get(VendorOrder, uuid.UUID(answered["order_id"]))).status == "accepted"
    releases = await emitted_events("inventory_release_requested")
    assert released_lines(releases) == [order["items"][0]["line_item_id"]]
    assert releases[0].payload["reason"] == "expired"


async def test_retry_from_expired_reserves_every_line_and_creates_a_new_order(
    client, buyer, vendor, catalog, db_session, run_job, emitted_events
):
    order = await place_order(client, buyer, vendor, catalog, (1000, 2), (500, 1))
    await run_job("order_ttl", now=datetime.now(UTC) + timedelta(days=11))
    for line in order["items"]:  # catalog released the holds on inventory_release_requested
        await catalog.release([uuid.UUID(line["line_item_id"])])

    r = await act(client, buyer, order, "retry")
    twice = await act(client, buyer, order, "retry")

    assert r.status_code == 201, r.text
    new_id = r.json()["data"]["order_id"]
    assert r.json()["data"]["original_order_id"] == order["order_id"] and new_id != order["order_id"]
    assert twice.status_code == 409
    new = await db_session.get(VendorOrder, uuid.UUID(new_id))
    assert (new.status, new.total_cents, new.retried_from_order_id) == (
        "created_pending",
        2500,
        uuid.UUID(order["order_id"]),
    )
    assert catalog.held_units() == 3  # the second retry released what it held
    [retried] = await emitted_events("order_retried")
    assert retried.payload["original_order_id"] == order["order_id"]
    assert [e.payload["retried_from_order_id"] for e in await emitted_events("order_created")][-1] == order[
        "order_id"
    ]


async def test_retry_with_a_line_out_of_stock_is_409_and_creates_nothing(
    client, buyer, vendor, catalog, db_session, run_job
):
    order = await place_order(client, buyer, vendor, catalog, (1000, 2), (500, 1))
    await run_job("order_ttl", now=datetime.now(UTC) + timedelta(days=11))
    for line in order["items"]:
        await catalog.release([uuid.UUID(line["line_item_id"])])
    first_product = catalog.reservations[uuid.UUID(order["items"][0]["line_item_id"])]["product_id"]
    catalog.stock[first_product] = 1

    r = await act(client, buyer, order, "retry")

    assert r.status_code == 409 and "insufficient inventory" in r.json()["error"]["message"]
    assert catalog.held_units() == 0
    count = (await db_session.execute(sa.select(sa.func.count()).select_from(VendorOrder))).scalar()
    assert count == 1


async def test_retry_of_an_order_that_is_not_expired_is_422(client, buyer, vendor, catalog):
    order = await place_order(client, buyer, vendor, catalog, (1000, 1))

    r = await act(client, buyer, order, "retry")

    assert r.status_code == 422
