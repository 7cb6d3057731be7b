"""POST /api/v1/checkout (API.md §3.4; DOMAIN §5.4 checkout algorithm): the contract, over real
Postgres and Redis with catalog at its client's interface (``FakeCatalog``: holds stock once per
reservation id, like catalog). The real pair, concurrency and catalog restarts: tests/stack."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from orders_factories import ADDRESS, make_store, set_kyc

from pf_orders.models import CartRecord, OrderLineItem, VendorOrder

CART, CHECKOUT = "/api/v1/cart", "/api/v1/checkout"


@pytest.fixture
async def buyer(as_store, db_session):
    actor = await as_store("buyer", "ops")
    await make_store(db_session, "buyer", store_id=actor.store_id)
    return actor


@pytest.fixture
async def vendors(db_session):
    return [await make_store(db_session, "vendor", name=f"Vendor {n}") for n in (1, 2)]


async def quote(client, buyer, *items):
    r = await client.post(
        CART,
        json={
            "buyer_store_id": str(buyer.store_id),
            "items": [{"product_id": str(p), "vendor_store_id": str(v), "quantity": q} for p, v, q in items],
        },
        headers=buyer.with_idempotency(),
    )
    assert r.status_code == 200, r.text
    return r.json()["data"]


def body(cart, **over):
    return {"cart_id": cart["id"], "shipping_address": ADDRESS, "payment_method": "cash", **over}


async def check_out(client, buyer, cart, *, key=None, **over):
    return await client.post(CHECKOUT, json=body(cart, **over), headers=buyer.with_idempotency(key))


async def test_a_two_vendor_checkout_creates_one_order_per_vendor_holds_stock_and_emits_events(
    client, buyer, vendors, catalog, db_session, emitted_events
):
    v1, v2 = vendors
    tiered = catalog.add_product(v1, price_cents=1299, tiers=[(10, "12.5")], available=50)
    plain = catalog.add_product(v2, price_cents=500, available=50)
    other = catalog.add_product(v2, price_cents=250, available=50)
    cart = await quote(client, buyer, (tiered, v1, 12), (plain, v2, 3), (other, v2, 2))

    r = await check_out(client, buyer, cart, tip_cents=500)

    assert r.status_code == 201, r.text
    result = r.json()["data"]
    assert result["cart_id"] == cart["id"] and result["tip_cents"] == 500
    assert result["billing_address"] == result["shipping_address"]  # defaults to shipping
    orders = {o["vendor_store_id"]: o for o in result["vendor_orders"]}
    assert orders[str(v1)]["status"] == orders[str(v2)]["status"] == "created_pending"
    assert (orders[str(v1)]["subtotal_cents"], orders[str(v1)]["discount_cents"]) == (15588, 1944)
    assert orders[str(v1)]["total_cents"] == orders[str(v1)]["balance_due_cents"] == 13644
    assert orders[str(v2)]["total_cents"] == 2000
    assert orders[str(v1)]["order_number"] != orders[str(v2)]["order_number"]
    assert result["rejected_vendors"] == []
    # stock is held under line ids, for the order ids
    lines = {line["line_item_id"]: line for o in result["vendor_orders"] for line in o["items"]}
    assert set(catalog.reservations) == {uuid.UUID(i) for i in lines}
    assert {r["order_id"] for r in catalog.reservations.values()} == {
        uuid.UUID(o) for o in [x["order_id"] for x in result["vendor_orders"]]
    }
    assert catalog.held_units() == 17
    # the cart converted and the events are staged with the orders
    cart_row = await db_session.get(CartRecord, uuid.UUID(cart["id"]))
    assert cart_row.status == "converted" and str(cart_row.checkout_group_id) == result["checkout_group_id"]
    created = await emitted_events("order_created")
    assert sorted(e.payload["total_cents"] for e in created) == [2000, 13644]
    assert all(e.payload["shipping_address"]["state"] == "CA" for e in created)
    converted = await emitted_events("checkout_converted")
    assert len(converted) == 1 and converted[0].payload["total_cents"] == 15644


async def test_a_line_catalog_refuses_is_rejected_and_the_order_recomputed_from_reserved_lines(
    client, buyer, vendors, catalog, emitted_events
):
    v1, v2 = vendors
    keeps = catalog.add_product(v1, price_cents=1000, available=10)
    runs_out = catalog.add_product(v1, price_cents=700, available=10)
    all_gone = catalog.add_product(v2, price_cents=300, available=10)
    cart = await quote(client, buyer, (keeps, v1, 2), (runs_out, v1, 5), (all_gone, v2, 4))
    catalog.stock[runs_out] = 4  # sold elsewhere between quote and checkout
    catalog.stock[all_gone] = 0

    r = await check_out(client, buyer, cart)

    assert r.status_code == 201, r.text
    orders = {o["vendor_store_id"]: o for o in r.json()["data"]["vendor_orders"]}
    partial, rejected = orders[str(v1)], orders[str(v2)]
    assert [(i["status"], i["notes"]) for i in partial["items"]] == [
        ("pending", None),
        ("rejected", "insufficient_inventory"),
    ]
    assert (partial["status"], partial["total_cents"], partial["balance_due_cents"]) == (
        "created_pending",
        2000,
        2000,
    )
    assert (rejected["status"], rejected["total_cents"], rejected["balance_due_cents"]) == ("rejected", 0, 0)
    assert catalog.held_units() == 2
    statuses = {
        e.payload["vendor_store_id"]: e.payload["status"] for e in await emitted_events("order_created")
    }
    assert statuses == {str(v1): "created_pending", str(v2): "rejected"}


async def test_when_every_line_fails_every_order_is_rejected(client, buyer, vendors, catalog):
    pid = catalog.add_product(vendors[0], available=3)
    cart = await quote(client, buyer, (pid, vendors[0], 3))
    catalog.stock[pid] = 0

    r = await check_out(client, buyer, cart)

    assert r.status_code == 201
    assert [(o["status"], o["balance_due_cents"]) for o in r.json()["data"]["vendor_orders"]] == [
        ("rejected", 0)
    ]


async def test_a_product_gone_inactive_is_rejected_without_a_reservation(client, buyer, vendors, catalog):
    pid = catalog.add_product(vendors[0])
    cart = await quote(client, buyer, (pid, vendors[0], 1))
    catalog.update(pid, is_active=False)

    r = await check_out(client, buyer, cart)

    assert r.status_code == 201
    assert r.json()["data"]["vendor_orders"][0]["items"][0]["notes"] == "not_available"
    assert catalog.reservations == {}


async def test_a_vendor_with_nothing_orderable_is_listed_as_rejected(client, buyer, vendors, catalog):
    v1, v2 = vendors
    ok = catalog.add_product(v1)
    short = catalog.add_product(v2, available=1)
    cart = await quote(client, buyer, (ok, v1, 1), (short, v2, 5))

    r = await check_out(client, buyer, cart)

    result = r.json()["data"]
    assert [o["vendor_store_id"] for o in result["vendor_orders"]] == [str(v1)]
    [rejected] = result["rejected_vendors"]
    assert rejected["vendor_store_id"] == str(v2)
    assert [w["type"] for w in rejected["warnings"]] == ["vendor_invalid"]
    assert [(i["status"], i["notes"]) for i in rejected["line_items"]] == [("rejected", "not_available")]


async def test_an_expired_quote_is_409_and_holds_nothing(client, buyer, vendors, catalog, db_session):
    pid = catalog.add_product(vendors[0])
    cart = await quote(client, buyer, (pid, vendors[0], 1))
    await db_session.execute(
        sa.update(CartRecord)
        .where(CartRecord.id == uuid.UUID(cart["id"]))
        .values(valid_until=datetime.now(UTC) - timedelta(seconds=1))
    )

    r = await check_out(client, buyer, cart)

    assert r.status_code == 409 and r.json()["error"]["message"] == "quote expired"
    assert "reserve" not in catalog.calls


async def test_a_cart_with_no_orderable_item_is_409(client, buyer, vendors, catalog):
    pid = catalog.add_product(vendors[0], available=0)
    cart = await quote(client, buyer, (pid, vendors[0], 1))

    r = await check_out(client, buyer, cart)

    assert r.status_code == 409 and "no orderable items" in r.json()["error"]["message"]


async def test_a_moq_raised_since_the_quote_is_422_with_violations(client, buyer, vendors, catalog):
    pid = catalog.add_product(vendors[0], moq=2, title="Gelato 1g")
    cart = await quote(client, buyer, (pid, vendors[0], 2))
    catalog.update(pid, moq=5)

    r = await check_out(client, buyer, cart)

    assert r.status_code == 422 and r.json()["error"]["code"] == "STATE_CONFLICT"
    assert r.json()["error"]["details"] == {
        "violations": [
            {"product_id": str(pid), "product_name": "Gelato 1g", "required_qty": 5, "requested_qty": 2}
        ]
    }
    assert "reserve" not in catalog.calls


async def test_licences_are_rechecked_at_checkout_and_nothing_is_half_done(
    client, buyer, vendors, catalog, db_session
):
    pid = catalog.add_product(vendors[0])
    cart = await quote(client, buyer, (pid, vendors[0], 1))

    # the vendor's licence expires between quote and checkout
    await set_kyc(db_session, vendors[0], "expired")
    vendor_lapsed = await check_out(client, buyer, cart)
    # then the buyer's
    await set_kyc(db_session, vendors[0], "verified")
    await set_kyc(db_session, buyer.store_id, "suspended")
    buyer_lapsed = await check_out(client, buyer, cart)

    assert vendor_lapsed.status_code == 403 and vendor_lapsed.json()["error"]["details"]["party"] == "vendor"
    assert buyer_lapsed.status_code == 403 and buyer_lapsed.json()["error"]["details"] == {
        "party": "buyer",
        "store_id": str(buyer.store_id),
        "kyc_status": "suspended",
    }
    assert "reserve" not in catalog.calls
    assert (await db_session.get(CartRecord, uuid.UUID(cart["id"]))).status == "active"
    assert (await db_session.execute(sa.select(sa.func.count()).select_from(VendorOrder))).scalar() == 0


async def test_a_vendor_hidden_since_the_quote_is_404(client, buyer, vendors, catalog, db_session):
    pid = catalog.add_product(vendors[0])
    cart = await quote(client, buyer, (pid, vendors[0], 1))
    await db_session.execute(
        sa.text("UPDATE orders.store_projection SET subscription_active = false WHERE store_id = :s"),
        {"s": vendors[0]},
    )

    assert (await check_out(client, buyer, cart)).status_code == 404


async def test_ach_is_refused_while_the_flag_is_off(client, buyer, vendors, catalog):
    pid = catalog.add_product(vendors[0])
    cart = await quote(client, buyer, (pid, vendors[0], 1))

    r = await check_out(client, buyer, cart, payment_method="ach")

    assert r.status_code == 422 and "payment_method" in r.json()["error"]["details"]
    assert r.json()["error"]["code"] == "STATE_CONFLICT"
    assert "reserve" not in catalog.calls


async def test_a_converted_cart_answers_the_original_result_under_another_key(
    client, buyer, vendors, catalog
):
    pid = catalog.add_product(vendors[0])
    cart = await quote(client, buyer, (pid, vendors[0], 2))
    first = await check_out(client, buyer, cart)
    calls = list(catalog.calls)

    again = await check_out(client, buyer, cart)  # a new key

    assert first.status_code == 201 and again.status_code == 200
    assert again.json()["data"] == first.json()["data"]
    assert catalog.calls == calls  # a read: catalog is not asked again
    assert catalog.held_units() == 2


async def test_the_same_key_replays_the_stored_response(client, buyer, vendors, catalog):
    pid = catalog.add_product(vendors[0])
    cart = await quote(client, buyer, (pid, vendors[0], 2))
    key = str(uuid.uuid4())

    first = await check_out(client, buyer, cart, key=key)
    replay = await check_out(client, buyer, cart, key=key)

    assert first.status_code == replay.status_code == 201
    assert replay.content == first.content


async def test_catalog_down_is_503_and_nothing_is_ordered(client, buyer, vendors, catalog, db_session):
    pid = catalog.add_product(vendors[0])
    cart = await quote(client, buyer, (pid, vendors[0], 1))
    catalog.down = True

    r = await check_out(client, buyer, cart)

    assert r.status_code == 503
    assert (await db_session.get(CartRecord, uuid.UUID(cart["id"]))).status == "active"
    catalog.down = False
    assert (await check_out(client, buyer, cart)).status_code == 201  # a retry works


async def test_a_commit_that_fails_releases_the_holds(client, buyer, vendors, catalog, db_session):
    pid = catalog.add_product(vendors[0])
    cart = await quote(client, buyer, (pid, vendors[0], 1))
    # an order number already taken makes the INSERT fail after the holds were made
    await db_session.execute(sa.text("SELECT setval('orders.vendor_order_number_seq', 1000, false)"))
    await db_session.execute(
        sa.insert(VendorOrder.__table__).values(
            id=uuid.uuid4(),
            cart_id=uuid.uuid4(),
            checkout_group_id=uuid.uuid4(),
            buyer_store_id=uuid.uuid4(),
            vendor_store_id=uuid.uuid4(),
            order_number=1000,
            status="created_pending",
            fulfillment_status="pending",
            shipping_status="pending",
            payment_status="unpaid",
            refund_status="none",
            payment_method="cash",
            currency="USD",
            subtotal_cents=0,
            discounts_cents=0,
            promo_discount_cents=0,
            tax_cents=0,
            transport_fee_cents=0,
            total_cents=0,
            balance_due_cents=0,
            buyer_snapshot={},
            vendor_snapshot={},
            created_at=datetime.now(UTC),
        )
    )
    await db_session.execute(sa.text("SELECT setval('orders.vendor_order_number_seq', 1000, false)"))

    r = await check_out(client, buyer, cart)

    assert r.status_code >= 500 or r.status_code == 409
    assert "release" in catalog.calls and catalog.held_units() == 0
    assert (await db_session.execute(sa.select(sa.func.count()).select_from(OrderLineItem))).scalar() == 0


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"shipping_address": {**ADDRESS, "lat": None}}, "shipping_address.lat"),
        ({"shipping_address": {k: v for k, v in ADDRESS.items() if k != "lng"}}, "shipping_address.lng"),
        ({"tip_cents": -1}, "tip_cents"),
        ({"tip_cents": 1.5}, "tip_cents"),
        ({"payment_method": "bitcoin"}, "payment_method"),
        ({"cart_id": "nope"}, "cart_id"),
        ({"surprise": 1}, "surprise"),
    ],
)
async def test_invalid_bodies_are_400_with_field_details(client, buyer, vendors, catalog, over, field):
    pid = catalog.add_product(vendors[0])
    cart = await quote(client, buyer, (pid, vendors[0], 1))

    r = await check_out(client, buyer, cart, **over)

    assert r.status_code == 400, r.text
    assert any(k.startswith(field) for k in r.json()["error"]["details"]), r.json()["error"]["details"]


async def test_staff_cannot_check_out_and_another_store_cannot_see_the_cart(
    client, as_store, buyer, vendors, catalog, db_session
):
    pid = catalog.add_product(vendors[0])
    cart = await quote(client, buyer, (pid, vendors[0], 1))
    staff = await as_store("buyer", "staff", store_id=buyer.store_id)
    stranger = await as_store("buyer", "owner")
    await make_store(db_session, "buyer", store_id=stranger.store_id)

    assert (await check_out(client, staff, cart)).status_code == 403
    assert (await check_out(client, stranger, cart)).status_code == 404
