"""Buyer browse, storefronts and a vendor's own listings (API.md §3.3, DOMAIN §4.5, §5.3)."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from pf_catalog.models import StoreProjection

from .conftest import ids

pytestmark = pytest.mark.usefixtures("db_session")


async def test_a_buyer_sees_only_active_products_of_visible_vendors_in_its_state(
    client, buyer_in, add_store, add_product
):
    visible = await add_store(company_name="Red Earth", dba_name="Red Earth Growers")
    unsubscribed = await add_store(subscription_active=False)
    unverified = await add_store(kyc_status="pending_verification")
    elsewhere = await add_store(state="CO")
    shown = await add_product(visible, title="Blue Dream")
    await add_product(visible, is_active=False)
    for store in (unsubscribed, unverified, elsewhere):
        await add_product(store)
    buyer = await buyer_in("OK")

    r = await client.get("/api/v1/products", params={"state": "ok"}, headers=buyer.headers)

    assert r.status_code == 200, r.text
    body = r.json()
    assert ids(body) == [shown.id]
    product = body["data"]["products"][0]
    assert product["vendor"] == {
        "vendor_store_id": str(visible.store_id),
        "vendor_name": "Red Earth Growers",
        "logo_url": "https://cdn.example.com/logo.webp",
    }
    assert product["vendor_store_id"] == str(visible.store_id)
    assert body["data"]["pagination"]["total"] == 1


async def test_a_buyer_browses_its_own_state_named_or_implied(client, buyer_in):
    buyer = await buyer_in("OK")

    missing = await client.get("/api/v1/products", headers=buyer.headers)
    other = await client.get("/api/v1/products", params={"state": "CO"}, headers=buyer.headers)
    bad = await client.get("/api/v1/products", params={"state": "Oklahoma"}, headers=buyer.headers)

    assert missing.status_code == 200  # left out: its own state
    assert (
        missing.json()["data"]
        == (await client.get("/api/v1/products", params={"state": "OK"}, headers=buyer.headers)).json()[
            "data"
        ]
    )
    assert other.status_code == 422
    assert other.json()["error"]["code"] == "STATE_CONFLICT"
    assert "state" in other.json()["error"]["details"]
    assert bad.status_code == 400
    assert "state" in bad.json()["error"]["details"]


async def test_a_buyer_whose_store_is_not_projected_yet_is_refused_not_shown_everything(
    client, as_store, add_store, add_product
):
    await add_product(await add_store())
    buyer = await as_store("buyer", "owner")

    r = await client.get("/api/v1/products", params={"state": "OK"}, headers=buyer.headers)

    assert r.status_code == 422


async def test_a_vendor_without_state_sees_its_own_active_listings_and_with_state_browses(
    client, as_store, add_store, add_product
):
    vendor = await as_store("vendor", "viewer")
    me = await add_store(store_id=vendor.store_id, subscription_active=False)
    mine = await add_product(me)
    await add_product(me, is_active=False)
    other = await add_product(await add_store())

    own = await client.get("/api/v1/products", headers=vendor.headers)
    browsing = await client.get("/api/v1/products", params={"state": "OK"}, headers=vendor.headers)

    assert own.status_code == 200
    assert ids(own.json()) == [mine.id]
    # browsing as a buyer (GAPS G-2): the others; its own unsubscribed listing is hidden like any other
    assert ids(browsing.json()) == [other.id]


async def test_vendor_products_lists_every_own_listing_including_inactive(
    client, as_store, add_store, add_product
):
    vendor = await as_store("vendor", "viewer")
    store = await add_store(store_id=vendor.store_id, subscription_active=False)  # gating never applies
    active = await add_product(store)
    inactive = await add_product(store, is_active=False)
    await add_product(await add_store())

    r = await client.get("/api/v1/vendor/products", params={"state": "CO"}, headers=vendor.headers)

    assert r.status_code == 200
    assert set(ids(r.json())) == {active.id, inactive.id}
    assert {p["is_active"] for p in r.json()["data"]["products"]} == {True, False}


async def test_vendor_products_is_for_vendors(client, as_store):
    buyer = await as_store("buyer", "owner")

    r = await client.get("/api/v1/vendor/products", headers=buyer.headers)

    assert r.status_code == 403


async def test_a_storefront_shows_a_visible_vendors_active_products(client, buyer_in, add_store, add_product):
    vendor = await add_store()
    shown = await add_product(vendor)
    await add_product(vendor, is_active=False)
    await add_product(await add_store())
    buyer = await buyer_in("OK")

    r = await client.get(f"/api/v1/stores/{vendor.store_id}/products", headers=buyer.headers)

    assert r.status_code == 200
    assert ids(r.json()) == [shown.id]


@pytest.mark.parametrize(
    "hidden", [{"subscription_active": False}, {"kyc_status": "suspended"}, {"state": "CO"}]
)
async def test_a_hidden_vendors_storefront_is_404_and_its_owner_still_sees_it(
    client, as_store, buyer_in, add_store, add_product, hidden
):
    owner = await as_store("vendor", "viewer")
    vendor = await add_store(store_id=owner.store_id, **hidden)
    product = await add_product(vendor)
    buyer = await buyer_in("OK")

    as_buyer = await client.get(f"/api/v1/stores/{vendor.store_id}/products", headers=buyer.headers)
    as_owner = await client.get(f"/api/v1/stores/{vendor.store_id}/products", headers=owner.headers)

    assert as_buyer.status_code == 404
    assert as_buyer.json()["error"]["code"] == "NOT_FOUND"
    assert as_owner.status_code == 200
    assert ids(as_owner.json()) == [product.id]


async def test_a_storefront_of_an_unknown_store_or_a_buyer_is_404(client, buyer_in, add_store):
    buyer = await buyer_in("OK")
    other_buyer = await add_store(type="buyer")

    unknown = await client.get(f"/api/v1/stores/{uuid.uuid4()}/products", headers=buyer.headers)
    not_vendor = await client.get(f"/api/v1/stores/{other_buyer.store_id}/products", headers=buyer.headers)
    bad_id = await client.get("/api/v1/stores/not-a-uuid/products", headers=buyer.headers)

    assert unknown.status_code == 404
    # a well-formed id of a store with no storefront (a link to any store may lead here): 404
    assert (not_vendor.status_code, not_vendor.json()["error"]["message"]) == (
        404,
        "no vendor store with this id",
    )
    assert bad_id.status_code == 400


async def test_visibility_flips_hide_and_show_products_for_buyers_while_the_vendor_keeps_them(
    client, db_session, as_store, buyer_in, add_store, add_product
):
    owner = await as_store("vendor", "viewer")
    vendor = await add_store(store_id=owner.store_id)
    product = await add_product(vendor)
    buyer = await buyer_in("OK")

    async def buyer_sees() -> bool:
        r = await client.get("/api/v1/products", params={"state": "OK"}, headers=buyer.headers)
        assert r.status_code == 200
        return product.id in ids(r.json())

    async def owner_sees() -> bool:
        r = await client.get("/api/v1/vendor/products", headers=owner.headers)
        return product.id in ids(r.json())

    async def set_(**values) -> None:
        await db_session.execute(
            sa.update(StoreProjection).where(StoreProjection.store_id == vendor.store_id).values(**values)
        )

    assert await buyer_sees() and await owner_sees()
    for hide, show in (
        ({"kyc_status": "suspended"}, {"kyc_status": "verified"}),
        ({"subscription_active": False}, {"subscription_active": True}),
        ({"state": "TX"}, {"state": "OK"}),
    ):
        await set_(**hide)
        assert not await buyer_sees(), hide
        assert await owner_sees()
        await set_(**show)
        assert await buyer_sees(), show


async def test_every_list_route_refuses_callers_without_a_store(client, as_admin):
    admin = await as_admin()

    for path in ("/api/v1/products", "/api/v1/vendor/products", f"/api/v1/stores/{uuid.uuid4()}/products"):
        r = await client.get(path, headers=admin.headers)
        assert r.status_code == 403, path
        assert (await client.get(path)).status_code == 401
