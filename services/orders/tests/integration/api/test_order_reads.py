"""Order reads (API.md §3.4, §4; DOMAIN §4.4 perspective, §5.4 list filters): ``GET /api/v1/orders``,
``GET /api/v1/orders/{id}``, ``GET /api/v1/checkout/{identifier}/confirmation``,
``GET /api/v1/stores/{id}/orders`` and ``GET /internal/v1/orders/{id}``.

Most orders are rows written here (``insert_order``: statuses, dates and names chosen by the test);
the confirmation and one detail go through quote + checkout with the ``FakeCatalog``.
"""

from __future__ import annotations

import base64
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from orders_factories import ADDRESS, line_item_values, make_store

from pf_common.ids import uuid7
from pf_common.openapi import documented_codes, problems
from pf_common.testing.auth_matrix import assert_internal_routes_refuse_bad_tokens
from pf_common.testing.openapi_checks import assert_answers_are_documented
from pf_orders.models import OrderLineItem, OrderPayment, VendorOrder

ORDERS = "/api/v1/orders"
T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def snapshot(name: str, dba: str | None = None) -> dict[str, Any]:
    return {
        "company_name": name,
        "dba_name": dba,
        "phone": "+15555550100",
        "address": ADDRESS,
        "logo_url": None,
    }


async def insert_order(
    session,
    buyer_id: uuid.UUID,
    vendor_id: uuid.UUID,
    *,
    created_at: datetime = T0,
    lines: tuple[tuple[int, str], ...] = ((2, "pending"),),
    buyer_name: str = "Green Leaf Dispensary",
    vendor_name: str = "Sunny Farms",
    vendor_dba: str | None = None,
    discounts_cents: int = 0,
    **over: Any,
) -> VendorOrder:
    """A vendor order with lines of $10.00 a unit (``(qty, status)`` each); totals over the
    non-rejected lines, minus ``discounts_cents``."""
    order_id = uuid7()
    subtotal = sum(1000 * q for q, s in lines if s != "rejected")
    values: dict[str, Any] = {
        "id": order_id,
        "cart_id": uuid7(),
        "checkout_group_id": uuid7(),
        "buyer_store_id": buyer_id,
        "vendor_store_id": vendor_id,
        "status": "created_pending",
        "fulfillment_status": "pending",
        "shipping_status": "pending",
        "payment_status": "unpaid",
        "refund_status": "none",
        "payment_method": "cash",
        "currency": "USD",
        "shipping_address": ADDRESS,
        "subtotal_cents": subtotal,
        "discounts_cents": discounts_cents,
        "promo_discount_cents": 0,
        "tax_cents": 0,
        "transport_fee_cents": 0,
        "total_cents": subtotal - discounts_cents,
        "balance_due_cents": subtotal - discounts_cents,
        "buyer_snapshot": snapshot(buyer_name),
        "vendor_snapshot": snapshot(vendor_name, vendor_dba),
        "created_at": created_at,
        "updated_at": created_at,
    }
    values.update(over)
    order = VendorOrder(**values)
    session.add(order)
    await session.flush()
    for n, (qty, status) in enumerate(lines):
        session.add(
            OrderLineItem(
                **line_item_values(
                    order_id,
                    position=n,
                    qty=qty,
                    status=status,
                    line_subtotal_cents=1000 * qty,
                    total_cents=1000 * qty,
                    notes="insufficient_inventory" if status == "rejected" else None,
                )
            )
        )
    await session.flush()
    return order


@pytest.fixture
async def buyer(as_store, db_session):
    actor = await as_store("buyer", "viewer")
    await make_store(db_session, "buyer", store_id=actor.store_id, name="Green Leaf Dispensary")
    return actor


@pytest.fixture
async def vendor(as_store, db_session):
    actor = await as_store("vendor", "viewer")
    await make_store(db_session, "vendor", store_id=actor.store_id, name="Sunny Farms")
    return actor


async def get(client, actor, path: str, **params: Any):
    return await client.get(path, params=params, headers=actor.headers)


def ids(response) -> list[str]:
    return [o["id"] for o in response.json()["data"]["orders"]]


# --- list: perspective ------------------------------------------------------------------------


async def test_a_buyer_lists_its_orders_newest_first_with_the_vendor_shown(client, db_session, buyer, vendor):
    other_vendor = await make_store(db_session, "vendor", name="Moon Labs")
    older = await insert_order(
        db_session, buyer.store_id, vendor.store_id, lines=((2, "pending"), (5, "rejected"))
    )
    newer = await insert_order(
        db_session, buyer.store_id, other_vendor, created_at=T0 + timedelta(hours=1), vendor_name="Moon Labs"
    )
    await insert_order(db_session, uuid7(), vendor.store_id)  # another buyer's

    r = await get(client, buyer, ORDERS)

    assert r.status_code == 200, r.text
    data = r.json()["data"]
    assert ids(r) == [str(newer.id), str(older.id)]
    first, second = data["orders"]
    assert "buyer" not in first and first["vendor"]["id"] == str(other_vendor)
    assert first["vendor"]["company_name"] == "Moon Labs" and first["vendor"]["phone"] == "+15555550100"
    assert second["total_items"] == 2  # the rejected line does not count
    assert second["order_number"] == older.order_number and second["total_cents"] == 2000
    assert (second["status"], second["payment_status"], second["shipping"]) == (
        "created_pending",
        "unpaid",
        None,
    )
    assert data["pagination"]["total"] == 2 and data["pagination"]["next"] == ""


async def test_a_vendor_lists_the_orders_placed_with_it_with_the_buyer_shown(
    client, db_session, buyer, vendor
):
    mine = await insert_order(db_session, buyer.store_id, vendor.store_id)
    await insert_order(db_session, buyer.store_id, uuid7())  # another vendor's

    r = await get(client, vendor, ORDERS)

    assert r.status_code == 200, r.text
    (order,) = r.json()["data"]["orders"]
    assert order["id"] == str(mine.id)
    assert "vendor" not in order
    assert order["buyer"] == {
        "id": str(buyer.store_id),
        "company_name": "Green Leaf Dispensary",
        "dba_name": None,
        "logo_url": None,
        "address": ADDRESS,
        "phone": "+15555550100",
    }


async def test_a_vendor_reads_its_purchases_with_perspective_buyer(client, db_session, vendor):
    supplier = await make_store(db_session, "vendor", name="Seed Co")
    sale = await insert_order(db_session, uuid7(), vendor.store_id)
    purchase = await insert_order(db_session, vendor.store_id, supplier, vendor_name="Seed Co")

    as_vendor = await get(client, vendor, ORDERS)
    as_buyer = await get(client, vendor, ORDERS, perspective="buyer")

    assert ids(as_vendor) == [str(sale.id)]
    assert ids(as_buyer) == [str(purchase.id)]
    assert as_buyer.json()["data"]["orders"][0]["vendor"]["company_name"] == "Seed Co"


async def test_a_buyer_store_has_no_vendor_perspective(client, db_session, buyer):
    await insert_order(db_session, buyer.store_id, uuid7())

    r = await get(client, buyer, ORDERS, perspective="vendor")

    assert r.status_code == 403 and r.json()["error"]["code"] == "FORBIDDEN"


async def test_a_user_without_an_active_store_is_refused(client, mint_actor):
    agent = await mint_actor(role="agent", system_role="agent")

    r = await get(client, agent, ORDERS)

    assert r.status_code == 403


# --- list: filters ----------------------------------------------------------------------------


@pytest.fixture
async def a_mix(db_session, buyer, vendor):
    """Four orders of the buyer with the vendor, an hour apart, in different states."""
    b, v = buyer.store_id, vendor.store_id
    return {
        "pending": await insert_order(db_session, b, v, created_at=T0),
        "accepted": await insert_order(
            db_session,
            b,
            v,
            created_at=T0 + timedelta(hours=1),
            status="accepted",
            vendor_dba="Sunny Side Up",
        ),
        "ready": await insert_order(
            db_session,
            b,
            v,
            created_at=T0 + timedelta(hours=2),
            status="ready_for_dispatch",
            fulfillment_status="partial",
            shipping_status="dispatched",
        ),
        "delivered": await insert_order(
            db_session,
            b,
            v,
            created_at=T0 + timedelta(hours=3),
            status="delivered",
            fulfillment_status="fulfilled",
            shipping_status="delivered",
            payment_status="settled",
            delivered_at=T0 + timedelta(hours=4),
        ),
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"order_status": "accepted"}, ["accepted"]),
        ({"fulfillment_status": "partial"}, ["ready"]),
        ({"shipping_status": "delivered"}, ["delivered"]),
        ({"payment_status": "unpaid"}, ["ready", "accepted", "pending"]),
        ({"payment_status": "unpaid", "shipping_status": "pending"}, ["accepted", "pending"]),
        ({"date_from": "2026-03-02T13:00:00Z", "date_to": "2026-03-02T14:00:00Z"}, ["ready", "accepted"]),
        ({"date_from": "2026-03-02T09:30:00-04:00"}, ["delivered", "ready"]),  # 13:30Z
        ({"date_to": "2026-03-02T12:00:00Z"}, ["pending"]),
        ({"date_from": "2026-03-02t13:00:00z", "date_to": "2026-03-02T14:00:00Z"}, ["ready", "accepted"]),
        # a start after the end is a valid query that matches nothing (the schema cannot forbid it)
        ({"date_from": "2026-03-03T00:00:00Z", "date_to": "2026-03-02T00:00:00Z"}, []),
        ({"q": "sunny side"}, ["accepted"]),  # DBA name, case-insensitive
        ({"q": "SUNNY FARMS"}, ["delivered", "ready", "accepted", "pending"]),  # company name
        ({"q": "unknown co"}, []),
        ({"q": "100%"}, []),  # LIKE wildcards are literal
    ],
)
async def test_the_list_filters(client, buyer, a_mix, params, expected):
    r = await get(client, buyer, ORDERS, **params)

    assert r.status_code == 200, r.text
    assert ids(r) == [str(a_mix[name].id) for name in expected]
    assert r.json()["data"]["pagination"]["total"] == len(expected)


async def test_q_finds_an_order_by_its_number(client, buyer, vendor, a_mix):
    number = a_mix["ready"].order_number

    by_number = await get(client, buyer, ORDERS, q=str(number))
    by_hash = await get(client, vendor, ORDERS, q=f"#{number}")

    assert ids(by_number) == ids(by_hash) == [str(a_mix["ready"].id)]


async def test_q_matches_the_other_partys_name_not_the_callers_own(client, buyer, vendor, a_mix):
    assert ids(await get(client, buyer, ORDERS, q="green leaf")) == []
    assert len(ids(await get(client, vendor, ORDERS, q="green leaf"))) == 4
    assert ids(await get(client, vendor, ORDERS, q="sunny")) == []


async def test_a_vendor_filters_by_actionable_statuses(client, vendor, a_mix):
    r = await get(client, vendor, ORDERS, actionable_statuses="created_pending, accepted")

    assert r.status_code == 200, r.text
    assert ids(r) == [str(a_mix["accepted"].id), str(a_mix["pending"].id)]


async def test_actionable_statuses_filter_the_buyer_perspective_too(client, buyer, a_mix):
    r = await get(client, buyer, ORDERS, actionable_statuses="created_pending,delivered")

    assert r.status_code == 200, r.text
    assert ids(r) == [str(a_mix["delivered"].id), str(a_mix["pending"].id)]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"order_status": "shipped"}, "order_status"),
        ({"order_status": "ACCEPTED"}, "order_status"),  # enums are exact lower-case values
        ({"fulfillment_status": "done"}, "fulfillment_status"),
        ({"shipping_status": "lost"}, "shipping_status"),
        ({"payment_status": "free"}, "payment_status"),
        ({"order_status": " accepted "}, "order_status"),  # the exact value, as the schema says
        ({"actionable_statuses": "accepted,nope"}, "actionable_statuses"),
        ({"actionable_statuses": "accepted,"}, "actionable_statuses"),
        ({"actionable_statuses": ""}, "actionable_statuses"),
        ({"date_from": "yesterday"}, "date_from"),
        ({"date_to": "2026-03-02"}, "date_to"),
        ({"date_to": ""}, "date_to"),
        ({"perspective": "admin"}, "perspective"),
        ({"q": "x" * 101}, "q"),
        ({"limit": "0"}, "limit"),
        ({"limit": "101"}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"cursor": base64.b64encode(b"2026-03-02T12:00:00Z|nope").decode()}, "cursor"),
    ],
)
async def test_bad_filters_and_pages_are_400_naming_the_field(client, vendor, params, field):
    r = await get(client, vendor, ORDERS, **params)

    assert r.status_code == 400, r.text
    error = r.json()["error"]
    assert error["code"] == "VALIDATION_ERROR" and field in error["details"], error


# --- list: pagination -------------------------------------------------------------------------


async def test_three_pages_of_two_cover_every_order_once_in_order(client, db_session, buyer, vendor):
    b, v = buyer.store_id, vendor.store_id
    made = [await insert_order(db_session, b, v, created_at=T0 + timedelta(minutes=n)) for n in range(3)]
    # two more sharing one created_at: the id breaks the tie
    made += [await insert_order(db_session, b, v, created_at=T0 + timedelta(minutes=1)) for _ in range(2)]
    expected = [str(o.id) for o in sorted(made, key=lambda o: (o.created_at, o.id), reverse=True)]

    pages, cursor = [], None
    for _ in range(3):
        params: dict[str, Any] = {"limit": 2} | ({"cursor": cursor, "page": len(pages) + 1} if cursor else {})
        r = await get(client, buyer, ORDERS, **params)
        assert r.status_code == 200, r.text
        pages.append(r.json()["data"])
        cursor = pages[-1]["pagination"]["next"]

    seen = [o["id"] for page in pages for o in page["orders"]]
    assert seen == expected
    assert [len(p["orders"]) for p in pages] == [2, 2, 1]
    assert [p["pagination"]["page"] for p in pages] == [1, 2, 3]
    assert all(p["pagination"]["total"] == 5 for p in pages)
    assert pages[2]["pagination"]["next"] == ""
    assert (
        pages[1]["pagination"]["current"] == pages[1]["pagination"]["prev"] == pages[0]["pagination"]["next"]
    )
    assert {p["pagination"]["first"] for p in pages} == {pages[0]["pagination"]["first"]}
    assert {p["pagination"]["last"] for p in pages} == {pages[0]["pagination"]["last"]}


async def test_the_default_page_is_25(client, db_session, buyer, vendor):
    for n in range(26):
        await insert_order(db_session, buyer.store_id, vendor.store_id, created_at=T0 + timedelta(seconds=n))

    r = await get(client, buyer, ORDERS)

    data = r.json()["data"]
    assert len(data["orders"]) == 25 and data["pagination"]["total"] == 26 and data["pagination"]["next"]


# --- detail -----------------------------------------------------------------------------------


async def test_the_buyer_and_the_vendor_read_the_detail_a_stranger_is_403(
    client, db_session, as_store, buyer, vendor
):
    order = await insert_order(
        db_session,
        buyer.store_id,
        vendor.store_id,
        lines=((3, "pending"), (1, "rejected")),
        discounts_cents=300,
        notes="leave at the back door",
        shipping_line={"code": "std", "title": "Standard", "price_cents": 0},
    )
    stranger = await as_store("vendor", "owner")
    path = f"{ORDERS}/{order.id}"

    as_buyer = await get(client, buyer, path)
    as_vendor = await get(client, vendor, path)
    as_stranger = await get(client, stranger, path)

    assert as_buyer.status_code == as_vendor.status_code == 200, as_buyer.text
    detail = as_buyer.json()["data"]
    head = detail["order"]
    assert "buyer" not in head and head["vendor"]["id"] == str(vendor.store_id)
    assert "vendor" not in as_vendor.json()["data"]["order"]
    assert as_vendor.json()["data"]["order"]["buyer"]["id"] == str(buyer.store_id)
    assert {k: head[k] for k in ("subtotal_cents", "discounts_cents", "discount_cents", "total_cents")} == {
        "subtotal_cents": 3000,
        "discounts_cents": 300,
        "discount_cents": 300,
        "total_cents": 2700,
    }
    assert (head["tax_cents"], head["transport_fee_cents"], head["balance_due_cents"]) == (0, 0, 2700)
    assert head["total_items"] == 3 and head["notes"] == "leave at the back door"
    assert head["checkout_group_id"] == str(order.checkout_group_id)
    assert head["shipping_address"] == ADDRESS
    assert head["shipping"] == {"code": "std", "title": "Standard", "price_cents": 0}
    assert [(i["quantity"], i["status"], i["notes"]) for i in detail["line_items"]] == [
        (3, "pending", None),
        (1, "rejected", "insufficient_inventory"),
    ]
    assert set(detail["line_items"][0]) == {
        "id", "name", "thumbnail", "category", "strain", "classification", "unit",
        "unit_price_cents", "quantity", "discount_cents", "total_cents", "status", "notes",
    }  # fmt: skip
    assert detail["buyer_store"]["company_name"] == "Green Leaf Dispensary"
    assert detail["vendor_store"]["company_name"] == "Sunny Farms"
    assert detail["payment_intent"] is None and detail["active_assignment"] is None
    assert as_stranger.status_code == 403 and as_stranger.json()["error"]["code"] == "FORBIDDEN"


async def test_an_unknown_order_is_404_and_a_bad_id_400(client, buyer):
    assert (await get(client, buyer, f"{ORDERS}/{uuid.uuid4()}")).status_code == 404
    assert (await get(client, buyer, f"{ORDERS}/not-a-uuid")).status_code == 400


async def test_the_detail_shows_the_payment_intent_and_the_assignment_once_projected(
    client, db_session, buyer, vendor
):
    agent, assignment_id = uuid7(), uuid7()
    order = await insert_order(
        db_session,
        buyer.store_id,
        vendor.store_id,
        status="in_transit",
        shipping_status="in_transit",
        active_assignment={
            "assignment_id": str(assignment_id),
            "agent_user_id": str(agent),
            "assigned_at": "2026-03-03T09:00:00Z",
            "picked_up_at": "2026-03-03T10:00:00Z",
        },
    )
    intent = uuid7()
    db_session.add(
        OrderPayment(
            order_id=order.id,
            intent_id=intent,
            method="cash",
            status="pending",
            amount_cents=2000,
            source_version=T0,
        )
    )
    await db_session.flush()

    r = await get(client, buyer, f"{ORDERS}/{order.id}")

    assert r.status_code == 200, r.text
    detail = r.json()["data"]
    assert detail["payment_intent"] == {
        "id": str(intent),
        "method": "cash",
        "status": "pending",
        "amount_cents": 2000,
        "cash_collected_at": None,
        "vendor_paid_at": None,
        "failure_reason": None,
    }
    assert detail["active_assignment"] == {
        "id": str(assignment_id),
        "agent_user_id": str(agent),
        "assigned_by_user_id": None,
        "assigned_at": "2026-03-03T09:00:00Z",
        "unassigned_at": None,
        "pickup_time": "2026-03-03T10:00:00Z",
        "delivery_time": None,
        "cash_pickup_time": None,
    }


async def test_an_assignment_seen_before_its_order_assigned_event_is_shown_without_assigned_at(
    client, db_session, buyer, vendor
):
    agent, assignment_id = uuid7(), uuid7()
    view = {
        "id": str(assignment_id),
        "agent_user_id": str(agent),
        "assigned_by_user_id": None,
        "assigned_at": None,
        "unassigned_at": None,
        "pickup_time": "2026-03-03T10:00:00Z",
        "delivery_time": None,
        "cash_pickup_time": None,
    }
    order = await insert_order(db_session, buyer.store_id, vendor.store_id, active_assignment=view)

    r = await get(client, vendor, f"{ORDERS}/{order.id}")

    assert r.status_code == 200, r.text
    assert r.json()["data"]["active_assignment"] == view


async def test_an_unreadable_assignment_is_shown_as_null(client, db_session, buyer, vendor):
    order = await insert_order(db_session, buyer.store_id, vendor.store_id, active_assignment={"agent": "?"})

    r = await get(client, buyer, f"{ORDERS}/{order.id}")

    assert r.status_code == 200 and r.json()["data"]["active_assignment"] is None


# --- checkout confirmation (orders made by a real checkout) ---------------------------------------


@pytest.fixture
async def checked_out(client, as_store, db_session, catalog):
    """A buyer's checkout with two vendors; one vendor's only line found no stock."""
    buyer = await as_store("buyer", "ops")
    await make_store(db_session, "buyer", store_id=buyer.store_id)
    v1 = await make_store(db_session, "vendor", name="Vendor One")
    v2 = await make_store(db_session, "vendor", name="Vendor Two")
    p1 = catalog.add_product(v1, price_cents=1299, tiers=[(10, "12.5")])
    p2 = catalog.add_product(v2, price_cents=500, available=1)
    quote = await client.post(
        "/api/v1/cart",
        json={
            "buyer_store_id": str(buyer.store_id),
            "items": [
                {"product_id": str(p1), "vendor_store_id": str(v1), "quantity": 12},
                {"product_id": str(p2), "vendor_store_id": str(v2), "quantity": 1},
            ],
        },
        headers=buyer.with_idempotency(),
    )
    assert quote.status_code == 200, quote.text
    cart = quote.json()["data"]
    catalog.stock[p2] = 0
    r = await client.post(
        "/api/v1/checkout",
        json={"cart_id": cart["id"], "shipping_address": ADDRESS, "payment_method": "cash"},
        headers=buyer.with_idempotency(),
    )
    assert r.status_code == 201, r.text
    return buyer, r.json()["data"], (v1, v2)


async def test_the_confirmation_by_group_id_and_by_cart_id(client, checked_out):
    buyer, result, (v1, v2) = checked_out

    by_group = await get(client, buyer, f"/api/v1/checkout/{result['checkout_group_id']}/confirmation")
    by_cart = await get(client, buyer, f"/api/v1/checkout/{result['cart_id']}/confirmation")

    assert by_group.status_code == by_cart.status_code == 200, by_group.text
    assert by_group.json() == by_cart.json()
    data = by_group.json()["data"]
    assert (data["checkout_group_id"], data["cart_id"]) == (result["checkout_group_id"], result["cart_id"])
    orders = {o["vendor_store_id"]: o for o in data["vendor_orders"]}
    placed, rejected = orders[str(v1)], orders[str(v2)]
    assert placed["order_id"] == next(
        o["order_id"] for o in result["vendor_orders"] if o["vendor_store_id"] == str(v1)
    )
    assert (placed["status"], placed["payment_status"], placed["payment_method"]) == (
        "created_pending",
        "unpaid",
        "cash",
    )
    assert (placed["subtotal_cents"], placed["total_cents"], placed["amount_cents"]) == (15588, 13644, 13644)
    assert placed["balance_due_cents"] == 13644
    assert (placed["fulfillment_status"], placed["shipping_status"]) == ("pending", "pending")
    assert (
        placed["warnings"] == [] and placed["payment_intent"] is None and placed["active_assignment"] is None
    )
    assert [(i["qty"], i["status"]) for i in placed["items"]] == [(12, "pending")]
    assert (rejected["status"], rejected["balance_due_cents"]) == ("rejected", 0)
    assert [(i["status"], i["notes"]) for i in rejected["items"]] == [("rejected", "insufficient_inventory")]
    assert sorted(g["vendor_store_id"] for g in data["vendor_groups"]) == sorted([str(v1), str(v2)])


async def test_another_stores_checkout_is_403_an_unknown_one_404(client, as_store, checked_out):
    _buyer, result, (v1, _v2) = checked_out
    stranger = await as_store("buyer", "owner")
    its_vendor = await as_store("vendor", "owner", store_id=v1)

    for actor in (stranger, its_vendor):
        for identifier in (result["checkout_group_id"], result["cart_id"]):
            r = await get(client, actor, f"/api/v1/checkout/{identifier}/confirmation")
            assert r.status_code == 403, (actor, identifier, r.text)
    unknown = await get(client, stranger, f"/api/v1/checkout/{uuid.uuid4()}/confirmation")
    assert unknown.status_code == 404


async def test_a_cart_not_checked_out_has_no_confirmation(client, as_store, db_session, catalog):
    buyer = await as_store("buyer", "staff")
    await make_store(db_session, "buyer", store_id=buyer.store_id)
    v = await make_store(db_session, "vendor")
    pid = catalog.add_product(v)
    quote = await client.post(
        "/api/v1/cart",
        json={
            "buyer_store_id": str(buyer.store_id),
            "items": [{"product_id": str(pid), "vendor_store_id": str(v), "quantity": 1}],
        },
        headers=buyer.with_idempotency(),
    )

    r = await get(client, buyer, f"/api/v1/checkout/{quote.json()['data']['id']}/confirmation")

    assert r.status_code == 404


async def test_the_detail_of_a_checked_out_order_matches_its_checkout(client, checked_out):
    buyer, result, (v1, _v2) = checked_out
    placed = next(o for o in result["vendor_orders"] if o["vendor_store_id"] == str(v1))

    r = await get(client, buyer, f"{ORDERS}/{placed['order_id']}")

    assert r.status_code == 200, r.text
    head = r.json()["data"]["order"]
    assert (head["order_number"], head["subtotal_cents"], head["discounts_cents"], head["total_cents"]) == (
        placed["order_number"],
        15588,
        1944,
        13644,
    )
    assert head["total_items"] == 12 and head["vendor"]["company_name"] == "Vendor One"


# --- a buyer's orders with one vendor -----------------------------------------------------------


async def test_orders_with_one_vendor_and_their_exact_totals(client, db_session, buyer, vendor):
    b, v = buyer.store_id, vendor.store_id
    first = await insert_order(db_session, b, v, created_at=T0, lines=((3, "pending"), (2, "rejected")))
    second = await insert_order(
        db_session, b, v, created_at=T0 + timedelta(days=1), lines=((4, "fulfilled"), (6, "fulfilled")),
        discounts_cents=750,
    )  # fmt: skip
    canceled = await insert_order(
        db_session, b, v, created_at=T0 + timedelta(days=2), lines=((1, "rejected"),), status="canceled",
        balance_due_cents=0,
    )  # fmt: skip
    await insert_order(db_session, b, uuid7())  # another vendor
    await insert_order(db_session, uuid7(), v)  # another buyer

    r = await get(client, buyer, f"/api/v1/stores/{v}/orders")

    assert r.status_code == 200, r.text
    data = r.json()["data"]
    assert [o["id"] for o in data["orders"]] == [str(canceled.id), str(second.id), str(first.id)]
    assert all("buyer" not in o and o["vendor"]["id"] == str(v) for o in data["orders"])
    assert data["totals"] == {
        "total_orders": 3,
        "total_items": 3 + 10 + 0,
        "total_spent": 3000 + 9250 + 0,
        "total_discounts": 750,
    }
    assert "pagination" not in data


async def test_orders_with_a_vendor_never_bought_from_are_empty(client, db_session, buyer):
    v = await make_store(db_session, "vendor")

    r = await get(client, buyer, f"/api/v1/stores/{v}/orders")

    assert r.json()["data"] == {
        "orders": [],
        "totals": {"total_orders": 0, "total_items": 0, "total_spent": 0, "total_discounts": 0},
    }


async def test_orders_with_a_store_that_is_not_a_vendor_unknown_or_ones_own(
    client, db_session, buyer, vendor
):
    other_buyer = await make_store(db_session, "buyer")

    not_vendor = await get(client, buyer, f"/api/v1/stores/{other_buyer}/orders")
    unknown = await get(client, buyer, f"/api/v1/stores/{uuid.uuid4()}/orders")
    own = await get(client, vendor, f"/api/v1/stores/{vendor.store_id}/orders")

    assert (not_vendor.status_code, not_vendor.json()["error"]["message"]) == (
        404,
        "no vendor store with this id",
    )
    assert unknown.status_code == 404
    assert own.status_code == 403


# --- internal ---------------------------------------------------------------------------------


@pytest.mark.parametrize("caller", ["logistics", "finance"])
async def test_logistics_and_finance_read_the_detail_with_both_parties(
    client, db_session, as_service, caller
):
    buyer_id, vendor_id = uuid7(), uuid7()
    order = await insert_order(db_session, buyer_id, vendor_id, lines=((2, "pending"), (1, "pending")))

    r = await client.get(f"/internal/v1/orders/{order.id}", headers=as_service(caller))

    assert r.status_code == 200, r.text
    detail = r.json()["data"]
    assert detail["order"]["buyer"]["id"] == detail["buyer_store"]["id"] == str(buyer_id)
    assert detail["order"]["vendor"]["id"] == detail["vendor_store"]["id"] == str(vendor_id)
    assert detail["order"]["total_items"] == 3 and len(detail["line_items"]) == 2


async def test_the_internal_detail_refuses_other_callers_and_unknown_orders(
    app, client, db_session, settings, redis, as_service
):
    order = await insert_order(db_session, uuid7(), uuid7())
    path = f"/internal/v1/orders/{order.id}"

    catalog = await client.get(path, headers=as_service("catalog"))
    anonymous = await client.get(path)
    unknown = await client.get(f"/internal/v1/orders/{uuid.uuid4()}", headers=as_service("logistics"))

    assert catalog.status_code == 403 and catalog.json()["error"]["code"] == "FORBIDDEN"
    assert anonymous.status_code == 401 and anonymous.json()["error"]["code"] == "UNAUTHORIZED"
    assert unknown.status_code == 404
    allowed = await assert_internal_routes_refuse_bad_tokens(
        app,
        client,
        settings,
        redis,
        body_for=lambda p: {"ids": [str(uuid.uuid4())]} if "line-items" in p else {},
    )
    assert {allowed[p] for p in allowed if p.startswith("/internal/v1/orders/")} == {
        frozenset({"logistics", "finance"})
    }


# --- the OpenAPI document ---------------------------------------------------------------------


async def test_the_document_lists_what_these_routes_answer(app, client, buyer, vendor, as_service):
    doc = (await client.get("/openapi.json")).json()
    assert problems(app, doc) == []
    assert set(documented_codes(doc, "GET", ORDERS)) == {400, 401, 403, 503}
    assert set(documented_codes(doc, "GET", "/api/v1/orders/{order_id}")) == {400, 401, 403, 404, 503}
    assert set(documented_codes(doc, "GET", "/api/v1/checkout/{identifier}/confirmation")) == {
        400, 401, 403, 404, 503,
    }  # fmt: skip
    assert set(documented_codes(doc, "GET", "/api/v1/stores/{store_id}/orders")) == {400, 401, 403, 404, 503}
    assert set(documented_codes(doc, "GET", "/internal/v1/orders/{order_id}")) == {400, 401, 403, 404, 503}
    missing = str(uuid.uuid4())
    await assert_answers_are_documented(
        client,
        doc,
        [
            ("GET", f"{ORDERS}?order_status=nope", ORDERS, buyer.headers, None, 400, "VALIDATION_ERROR"),
            ("GET", f"{ORDERS}?perspective=vendor", ORDERS, buyer.headers, None, 403, "FORBIDDEN"),
            ("GET", ORDERS, ORDERS, {}, None, 401, "UNAUTHORIZED"),
            (
                "GET",
                f"{ORDERS}/{missing}",
                "/api/v1/orders/{order_id}",
                buyer.headers,
                None,
                404,
                "NOT_FOUND",
            ),
            (
                "GET",
                f"/api/v1/checkout/{missing}/confirmation",
                "/api/v1/checkout/{identifier}/confirmation",
                buyer.headers,
                None,
                404,
                "NOT_FOUND",
            ),
            (
                "GET",
                f"/api/v1/stores/{buyer.store_id}/orders",
                "/api/v1/stores/{store_id}/orders",
                vendor.headers,
                None,
                404,
                "NOT_FOUND",
            ),
            (
                "GET",
                f"/api/v1/stores/{vendor.store_id}/orders",
                "/api/v1/stores/{store_id}/orders",
                vendor.headers,
                None,
                403,
                "FORBIDDEN",
            ),
            (
                "GET",
                f"/api/v1/stores/{missing}/orders",
                "/api/v1/stores/{store_id}/orders",
                buyer.headers,
                None,
                404,
                "NOT_FOUND",
            ),
            (
                "GET",
                f"/internal/v1/orders/{missing}",
                "/internal/v1/orders/{order_id}",
                as_service("finance"),
                None,
                404,
                "NOT_FOUND",
            ),
        ],
    )
