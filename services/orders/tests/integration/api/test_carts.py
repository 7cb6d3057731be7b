"""POST/GET /api/v1/cart (API.md §3.4; DOMAIN §5.4 quote algorithm) over real Postgres and Redis,
catalog at its client's interface (``FakeCatalog``)."""

from __future__ import annotations

import uuid

import pytest
from orders_factories import make_store

CART = "/api/v1/cart"


@pytest.fixture
async def buyer(as_store, db_session):
    actor = await as_store("buyer", "staff")
    await make_store(db_session, "buyer", store_id=actor.store_id)
    return actor


@pytest.fixture
async def vendors(db_session):
    return [await make_store(db_session, "vendor", name=f"Vendor {n}") for n in (1, 2)]


def _body(buyer, *items, **extra):
    return {
        "buyer_store_id": str(buyer.store_id),
        "items": [{"product_id": str(p), "vendor_store_id": str(v), "quantity": q} for p, v, q in items],
        **extra,
    }


async def _quote(client, buyer, *items, **extra):
    return await client.post(CART, json=_body(buyer, *items, **extra), headers=buyer.with_idempotency())


async def test_a_quote_prices_every_line_on_the_server_with_tiers_rounded_half_up(
    client, buyer, vendors, catalog
):
    # given a product at $12.99 with a 12.5 % tier from 10 units, and a plain $5.00 product of another vendor
    v1, v2 = vendors
    tiered = catalog.add_product(v1, price_cents=1299, tiers=[(10, "12.5"), (50, "20")])
    plain = catalog.add_product(v2, price_cents=500)

    r = await _quote(client, buyer, (tiered, v1, 12), (plain, v2, 3))

    assert r.status_code == 200, r.text
    cart = r.json()["data"]
    a, b = cart["items"]
    # 12.99 x 12.5 % = 162.375 cents -> 162 per unit (half up), effective 1137
    assert (a["unit_price_cents"], a["effective_unit_price_cents"]) == (1299, 1137)
    assert (a["line_subtotal_cents"], a["line_total_cents"], a["line_discounts_cents"]) == (
        15588,
        13644,
        1944,
    )
    assert a["applied_volume_discount"] == {"label": "volume tier 10+", "amount_cents": 1944}
    assert (b["line_total_cents"], b["applied_volume_discount"]) == (1500, None)
    assert [g["total_cents"] for g in cart["vendor_groups"]] == [13644, 1500]
    assert (cart["subtotal_cents"], cart["discounts_cents"], cart["total_cents"]) == (17088, 1944, 15144)
    assert cart["status"] == "active" and cart["items"][0]["vendor_store_name"] == "Vendor 1"

    # and GET /cart shows the same quote
    got = await client.get(CART, headers=buyer.headers)
    assert got.status_code == 200 and got.json()["data"] == cart


async def test_a_tier_rounding_exactly_half_a_cent_goes_up(client, buyer, vendors, catalog):
    # 1 cent x 50 % = 0.5 -> 1 cent off (half up), never banker's rounding
    pid = catalog.add_product(vendors[0], price_cents=1, tiers=[(1, "50")])

    cart = (await _quote(client, buyer, (pid, vendors[0], 4))).json()["data"]

    assert cart["items"][0]["effective_unit_price_cents"] == 0 and cart["total_cents"] == 0


async def test_quantities_are_clamped_to_moq_and_max_with_warnings(client, buyer, vendors, catalog):
    low = catalog.add_product(vendors[0], moq=10)
    high = catalog.add_product(vendors[0], max_qty=5)

    items = (await _quote(client, buyer, (low, vendors[0], 2), (high, vendors[0], 9))).json()["data"]["items"]

    assert [(i["quantity"], [w["type"] for w in i["warnings"]]) for i in items] == [
        (10, ["clamped_to_moq"]),
        (5, ["clamped_to_max"]),
    ]


async def test_lines_that_cannot_be_ordered_are_marked_and_left_out_of_the_totals(
    client, as_store, db_session, vendors, catalog
):
    # given a vendor buying (G-2): its own product, another vendor's product under the wrong vendor,
    # one short of stock, one inactive, and one good line
    me = await as_store("vendor", "owner")
    await make_store(db_session, "vendor", store_id=me.store_id)
    v1, v2 = vendors
    own = catalog.add_product(me.store_id)
    mismatched = catalog.add_product(v2)
    short = catalog.add_product(v1, available=2)
    inactive = catalog.add_product(v1, is_active=False)
    good = catalog.add_product(v1, price_cents=700)

    r = await _quote(
        client,
        me,
        (own, me.store_id, 1),
        (mismatched, v1, 1),
        (short, v1, 3),
        (inactive, v1, 1),
        (good, v1, 2),
    )

    assert r.status_code == 200, r.text
    cart = r.json()["data"]
    assert [(i["status"], [w["type"] for w in i["warnings"]]) for i in cart["items"]] == [
        ("invalid", ["vendor_invalid"]),
        ("invalid", ["vendor_mismatch"]),
        ("not_available", ["not_available"]),
        ("not_available", ["not_available"]),
        ("ok", []),
    ]
    groups = {g["vendor_store_id"]: g for g in cart["vendor_groups"]}
    assert groups[str(me.store_id)]["status"] == "invalid"
    assert [w["type"] for w in groups[str(me.store_id)]["warnings"]] == ["vendor_invalid"]
    assert groups[str(v1)]["status"] == "ok" and cart["total_cents"] == 1400


async def test_a_requote_replaces_the_active_cart_and_flags_changed_prices(client, buyer, vendors, catalog):
    pid = catalog.add_product(vendors[0], price_cents=1000)
    other = catalog.add_product(vendors[0], price_cents=300)
    first = (await _quote(client, buyer, (pid, vendors[0], 1), (other, vendors[0], 1))).json()["data"]

    catalog.update(pid, price_cents=1100)
    second = (await _quote(client, buyer, (pid, vendors[0], 2))).json()["data"]

    assert second["id"] == first["id"]  # one active cart per store
    assert [i["product_id"] for i in second["items"]] == [str(pid)]
    assert [w["type"] for w in second["items"][0]["warnings"]] == ["price_changed"]
    assert second["total_cents"] == 2200


async def test_a_vendor_promo_is_never_valid_yet_and_never_fails_the_quote(client, buyer, vendors, catalog):
    pid = catalog.add_product(vendors[0])

    r = await _quote(
        client,
        buyer,
        (pid, vendors[0], 1),
        vendor_promos=[{"vendor_store_id": str(vendors[0]), "code": "SPRING"}],
        ad_tokens=["not-a-token"],
    )

    assert r.status_code == 200, r.text
    cart = r.json()["data"]
    assert [w["type"] for w in cart["vendor_groups"][0]["warnings"]] == ["invalid_promo"]
    assert cart["total_cents"] == 1000 and cart["ad_tokens"] == []


@pytest.mark.parametrize(
    "vendor_facts",
    [
        {"state": "NV"},  # another state
        {"subscription": False},
        {"kyc": "expired"},
    ],
)
async def test_a_hidden_vendor_fails_the_whole_quote_with_404(
    client, buyer, db_session, catalog, vendor_facts
):
    hidden = await make_store(db_session, "vendor", **vendor_facts)
    pid = catalog.add_product(hidden)

    r = await _quote(client, buyer, (pid, hidden, 1))

    assert r.status_code == 404 and r.json()["error"]["code"] == "NOT_FOUND"


async def test_an_unknown_vendor_or_product_is_404(client, buyer, vendors, catalog):
    pid = catalog.add_product(vendors[0])

    unknown_vendor = await _quote(client, buyer, (pid, uuid.uuid4(), 1))
    unknown_product = await _quote(client, buyer, (uuid.uuid4(), vendors[0], 1))

    assert unknown_vendor.status_code == 404 and unknown_product.status_code == 404


async def test_a_buyer_whose_licence_is_not_verified_is_refused_naming_the_party(
    client, as_store, db_session, vendors, catalog
):
    actor = await as_store("buyer", "owner")
    await make_store(db_session, "buyer", store_id=actor.store_id, kyc="expired")
    pid = catalog.add_product(vendors[0])

    r = await _quote(client, actor, (pid, vendors[0], 1))

    assert r.status_code == 403
    assert r.json()["error"]["details"] == {
        "party": "buyer",
        "store_id": str(actor.store_id),
        "kyc_status": "expired",
    }
    assert catalog.calls == []  # refused before catalog is asked


async def test_a_buyer_without_a_state_or_a_projection_is_refused(
    client, as_store, db_session, vendors, catalog
):
    no_state = await as_store("buyer", "owner")
    await make_store(db_session, "buyer", store_id=no_state.store_id, state=None)
    unknown = await as_store("buyer", "owner")  # store_created not consumed yet
    pid = catalog.add_product(vendors[0])

    assert (await _quote(client, no_state, (pid, vendors[0], 1))).status_code == 403
    assert (await _quote(client, unknown, (pid, vendors[0], 1))).status_code == 403


async def test_roles_and_store_identity_are_enforced(client, as_store, buyer, db_session, vendors, catalog):
    pid = catalog.add_product(vendors[0])
    viewer = await as_store("buyer", "viewer")
    await make_store(db_session, "buyer", store_id=viewer.store_id)

    as_viewer = await _quote(client, viewer, (pid, vendors[0], 1))
    other_store = await client.post(
        CART,
        json={**_body(buyer, (pid, vendors[0], 1)), "buyer_store_id": str(uuid.uuid4())},
        headers=buyer.with_idempotency(),
    )

    assert as_viewer.status_code == 403 and other_store.status_code == 403


async def test_the_quote_schema_states_one_line_per_product(client):
    schema = (await client.get("/openapi.json")).json()["components"]["schemas"]["QuoteIn"]

    assert schema["x-pf-rules"] == [{"kind": "unique_by", "array": "items", "key": "product_id"}]


async def test_two_promos_for_one_vendor_are_a_warning_not_a_failure(client, buyer, vendors, catalog):
    pid = catalog.add_product(vendors[0])
    promos = [{"vendor_store_id": str(vendors[0]), "code": code} for code in ("SPRING", "SUMMER")]

    r = await _quote(client, buyer, (pid, vendors[0], 1), vendor_promos=promos)

    assert r.status_code == 200, r.text
    warnings = r.json()["data"]["vendor_groups"][0]["warnings"]
    assert [(w["type"], w["message"]) for w in warnings] == [
        ("invalid_promo", "one promo code per vendor (2 sent): none applies")
    ]
    assert r.json()["data"]["total_cents"] == 1000


@pytest.mark.parametrize(
    ("items", "field"),
    [
        ([], "items"),
        ([{"product_id": "p", "vendor_store_id": None, "quantity": 1}], "items.0.product_id"),
        ("same-product", "items"),
        ("zero", "items.0.quantity"),
        ("float", "items.0.quantity"),
        ("too-many", "items"),
    ],
)
async def test_invalid_quotes_are_400_with_field_details(client, buyer, vendors, items, field):
    p, v = str(uuid.uuid4()), str(vendors[0])
    line = {"product_id": p, "vendor_store_id": v, "quantity": 1}
    named = {
        "same-product": [line, line],
        "zero": [{**line, "quantity": 0}],
        "float": [{**line, "quantity": 1.5}],
        "too-many": [{**line, "product_id": str(uuid.uuid4())} for _ in range(201)],
    }
    items = named[items] if isinstance(items, str) else items

    r = await client.post(
        CART, json={"buyer_store_id": str(buyer.store_id), "items": items}, headers=buyer.with_idempotency()
    )

    assert r.status_code == 400, r.text
    assert r.json()["error"]["code"] == "VALIDATION_ERROR"
    assert any(k.startswith(field) for k in r.json()["error"]["details"]), r.json()["error"]["details"]


async def test_more_than_200_lines_is_400_saying_why(client, buyer, vendors):
    items = [
        {"product_id": str(uuid.uuid4()), "vendor_store_id": str(vendors[0]), "quantity": 1}
        for _ in range(201)
    ]

    r = await client.post(
        CART, json={"buyer_store_id": str(buyer.store_id), "items": items}, headers=buyer.with_idempotency()
    )

    assert r.status_code == 400
    assert "at most 200 lines per cart" in r.json()["error"]["details"]["items"]


async def test_a_quote_needs_an_idempotency_key(client, buyer, vendors, catalog):
    pid = catalog.add_product(vendors[0])

    r = await client.post(CART, json=_body(buyer, (pid, vendors[0], 1)), headers=buyer.headers)

    assert r.status_code == 400


async def test_catalog_down_is_503_and_nothing_is_written(client, buyer, vendors, catalog):
    pid = catalog.add_product(vendors[0])
    catalog.down = True

    r = await _quote(client, buyer, (pid, vendors[0], 1))

    assert r.status_code == 503 and r.json()["error"]["code"] == "DEPENDENCY_ERROR"
    assert (await client.get(CART, headers=buyer.headers)).status_code == 404


async def test_another_store_never_sees_the_cart(client, buyer, other_store, vendors, catalog):
    pid = catalog.add_product(vendors[0])
    assert (await _quote(client, buyer, (pid, vendors[0], 1))).status_code == 200

    r = await client.get(CART, headers=other_store.headers)

    assert r.status_code == 404
