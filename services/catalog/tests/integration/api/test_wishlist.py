"""The wishlist (API.md §3.3 optional module; DOMAIN §4.3 STAFF of any store type, §5.3 wishlist_items).

Add is an upsert (404 unknown or hidden product), remove succeeds when absent, lists omit
products the store can no longer see, and one store never sees another's wishlist.
"""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa
from catalog_factories import make_store, post_product

from pf_catalog.models import Product, StoreProjection, WishlistItem
from pf_common.ids import uuid7

WISHLIST = "/api/v1/wishlist"
ITEMS = "/api/v1/wishlist/items"


@pytest.fixture
async def vendor(as_store, db_session):
    actor = await as_store("vendor", "owner")
    await make_store(db_session, store_id=actor.store_id, state="CA", dba_name="Green Acres")
    return actor


@pytest.fixture
async def buyer(as_store, db_session):
    actor = await as_store("buyer", "staff")
    await make_store(db_session, store_id=actor.store_id, type="buyer", state="CA")
    return actor


async def product(client, vendor, **over) -> dict:
    r = await post_product(client, vendor, **over)
    assert r.status_code == 201, r.text
    return r.json()["data"]


async def add(client, actor, product_id):
    return await client.post(ITEMS, json={"product_id": str(product_id)}, headers=actor.with_idempotency())


async def rows(db_session) -> int:
    db_session.expunge_all()
    return await db_session.scalar(sa.select(sa.func.count()).select_from(WishlistItem))


async def test_add_list_ids_and_remove(client, db_session, vendor, buyer):
    a = await product(client, vendor, title="A")
    b = await product(client, vendor, title="B")

    assert [(await add(client, buyer, p["id"])).json() for p in (a, b, a)] == [{"data": {"added": True}}] * 3
    assert (await add(client, buyer, a["id"])).status_code == 201
    assert await rows(db_session) == 2

    listed = (await client.get(WISHLIST, headers=buyer.headers)).json()["data"]
    assert [i["product"]["id"] for i in listed["items"]] == [b["id"], a["id"]]  # newest addition first
    assert listed["items"][0]["product"]["vendor"]["vendor_name"] == "Green Acres"
    assert listed["items"][0]["product"]["title"] == "B"
    assert listed["pagination"]["total"] == 2
    ids = (await client.get(f"{WISHLIST}/ids", headers=buyer.headers)).json()["data"]
    assert ids["product_ids"] == [b["id"], a["id"]]

    removed = [await client.delete(f"{ITEMS}/{a['id']}", headers=buyer.headers) for _ in range(2)]
    assert [(r.status_code, r.json()) for r in removed] == [(200, {"data": {"removed": True}})] * 2
    assert (await client.get(f"{WISHLIST}/ids", headers=buyer.headers)).json()["data"]["product_ids"] == [
        b["id"]
    ]


async def test_pages_of_the_wishlist(client, vendor, buyer):
    products = [await product(client, vendor, title=f"P{i}") for i in range(3)]
    for p in products:
        await add(client, buyer, p["id"])

    first = (await client.get(WISHLIST, params={"limit": 2}, headers=buyer.headers)).json()["data"]
    rest = (
        await client.get(
            WISHLIST, params={"limit": 2, "cursor": first["pagination"]["next"]}, headers=buyer.headers
        )
    ).json()["data"]

    seen = [i["product"]["id"] for i in first["items"] + rest["items"]]
    assert seen == [p["id"] for p in reversed(products)]
    assert rest["pagination"]["next"] == ""


async def test_unknown_or_hidden_products_cannot_be_added(client, db_session, as_store, vendor, buyer):
    inactive = await product(client, vendor, is_active=False)
    hidden_vendor = await as_store("vendor", "owner")
    await make_store(db_session, store_id=hidden_vendor.store_id, state="CA", subscribed=False)
    hidden = await product(client, hidden_vendor)

    answers = [await add(client, buyer, pid) for pid in (uuid7(), inactive["id"], hidden["id"])]

    assert [(r.status_code, r.json()["error"]["code"]) for r in answers] == [(404, "NOT_FOUND")] * 3
    assert await rows(db_session) == 0


async def test_products_no_longer_visible_are_omitted_and_come_back(client, db_session, vendor, buyer):
    a = await product(client, vendor, title="A")
    b = await product(client, vendor, title="B")
    await add(client, buyer, a["id"])
    await add(client, buyer, b["id"])

    async def listed() -> list[str]:
        return (await client.get(f"{WISHLIST}/ids", headers=buyer.headers)).json()["data"]["product_ids"]

    async def set_kyc(status: str) -> None:
        row = await db_session.get(StoreProjection, vendor.store_id)
        row.kyc_status = status
        await db_session.flush()

    r = await client.patch(
        f"/api/v1/vendor/products/{a['id']}", json={"is_active": False}, headers=vendor.headers
    )
    assert r.status_code == 200
    assert await listed() == [b["id"]]
    full = (await client.get(WISHLIST, headers=buyer.headers)).json()["data"]
    assert ([i["product"]["id"] for i in full["items"]], full["pagination"]["total"]) == ([b["id"]], 1)
    await set_kyc("suspended")
    assert await listed() == []
    await set_kyc("verified")
    assert await listed() == [b["id"]]
    assert await rows(db_session) == 2  # hidden, not removed


async def test_a_vendor_may_wishlist_and_sees_its_own_inactive_product(client, db_session, vendor):
    own = await product(client, vendor, is_active=False)

    assert (await add(client, vendor, own["id"])).status_code == 201
    assert (await client.get(f"{WISHLIST}/ids", headers=vendor.headers)).json()["data"]["product_ids"] == [
        own["id"]
    ]


async def test_wishlists_are_per_store(client, db_session, as_store, vendor, buyer):
    p = await product(client, vendor)
    await add(client, buyer, p["id"])
    other = await as_store("buyer", "owner")
    await make_store(db_session, store_id=other.store_id, type="buyer", state="CA")

    assert (await client.get(f"{WISHLIST}/ids", headers=other.headers)).json()["data"]["product_ids"] == []
    assert (await client.delete(f"{ITEMS}/{p['id']}", headers=other.headers)).status_code == 200
    assert await rows(db_session) == 1


async def test_viewers_are_forbidden_and_bodies_strict(client, db_session, as_store, vendor, buyer):
    p = await product(client, vendor)
    viewer = await as_store("buyer", "viewer", store_id=buyer.store_id)

    assert (await client.get(WISHLIST, headers=viewer.headers)).status_code == 403
    assert (await add(client, viewer, p["id"])).status_code == 403
    assert (await client.delete(f"{ITEMS}/{p['id']}", headers=viewer.headers)).status_code == 403
    bad = await client.post(ITEMS, json={"product_id": "x", "note": 1}, headers=buyer.with_idempotency())
    assert (bad.status_code, set(bad.json()["error"]["details"])) == (400, {"product_id", "note"})
    missing_key = await client.post(ITEMS, json={"product_id": p["id"]}, headers=buyer.headers)
    assert missing_key.status_code == 400
    assert await rows(db_session) == 0


async def test_deleting_a_product_removes_it_from_wishlists(client, db_session, vendor, buyer):
    p = await product(client, vendor)
    await add(client, buyer, p["id"])

    assert (
        await client.delete(f"/api/v1/vendor/products/{p['id']}", headers=vendor.headers)
    ).status_code == 204

    assert await rows(db_session) == 0
    assert await db_session.get(Product, uuid.UUID(p["id"])) is None
