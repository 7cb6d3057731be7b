"""A vendor's inventory (API.md §3.3 GET /inventory, PUT /inventory/{productId}; DOMAIN §5.3, §9).

Set-only: ``available_qty`` and ``low_stock_threshold``; ``reserved_qty`` only ever moves through
reservations. Another store's product is a 404; the PUT is idempotent and audited.
"""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa
from catalog_factories import make_reservation, make_store, post_product, stock_of

from pf_catalog.models import CatalogAudit, InventoryItem
from pf_common.ids import uuid7

INVENTORY = "/api/v1/inventory"


@pytest.fixture
async def vendor(as_store, db_session):
    actor = await as_store("vendor", "owner")
    await make_store(db_session, store_id=actor.store_id)
    return actor


async def product(client, vendor, **over) -> dict:
    r = await post_product(client, vendor, **over)
    assert r.status_code == 201, r.text
    return r.json()["data"]


async def audits(db_session, action: str) -> list[CatalogAudit]:
    db_session.expunge_all()
    return list(
        (await db_session.execute(sa.select(CatalogAudit).where(CatalogAudit.action == action))).scalars()
    )


async def test_list_is_the_stores_rows_newest_product_first_in_pages(client, db_session, vendor, as_store):
    a = await product(client, vendor, title="A", inventory={"available_qty": 3})
    b = await product(client, vendor, title="B", inventory={"available_qty": 4, "low_stock_threshold": 2})
    item = await db_session.get(InventoryItem, uuid.UUID(a["id"]))
    await make_reservation(db_session, item, qty=1)
    other = await as_store("vendor", "owner")
    await make_store(db_session, store_id=other.store_id)
    await product(client, other, title="Not mine")

    first = await client.get(INVENTORY, params={"limit": 1}, headers=vendor.headers)
    assert first.status_code == 200, first.text
    page1 = first.json()["data"]
    second = await client.get(
        INVENTORY, params={"limit": 1, "cursor": page1["pagination"]["next"]}, headers=vendor.headers
    )
    page2 = second.json()["data"]

    rows = page1["items"] + page2["items"]
    assert [(r["product_id"], r["title"], r["available_qty"], r["reserved_qty"]) for r in rows] == [
        (b["id"], "B", 4, 0),
        (a["id"], "A", 2, 1),
    ]
    assert rows[0]["low_stock_threshold"] == 2 and rows[0]["sku"] == b["sku"]
    assert page1["pagination"]["total"] == 2 and page2["pagination"]["next"] == ""


async def test_a_viewer_may_list_but_not_set_and_buyers_neither(client, db_session, vendor, as_store):
    p = await product(client, vendor)
    viewer = await as_store("vendor", "viewer", store_id=vendor.store_id)
    buyer = await as_store("buyer", "owner")

    assert (await client.get(INVENTORY, headers=viewer.headers)).status_code == 200
    put = await client.put(
        f"{INVENTORY}/{p['id']}", json={"available_qty": 1}, headers=viewer.with_idempotency()
    )
    assert put.status_code == 403
    assert (await client.get(INVENTORY, headers=buyer.headers)).status_code == 403
    assert (
        await client.put(
            f"{INVENTORY}/{p['id']}", json={"available_qty": 1}, headers=buyer.with_idempotency()
        )
    ).status_code == 403


async def test_put_sets_stock_leaves_reserved_alone_and_is_audited(client, db_session, vendor):
    p = await product(client, vendor, inventory={"available_qty": 10})
    item = await db_session.get(InventoryItem, uuid.UUID(p["id"]))
    await make_reservation(db_session, item, qty=3)

    r = await client.put(
        f"{INVENTORY}/{p['id']}",
        json={"available_qty": 25, "low_stock_threshold": 4},
        headers=vendor.with_idempotency(),
    )

    assert r.status_code == 200, r.text
    row = r.json()["data"]
    assert {k: row[k] for k in ("product_id", "available_qty", "reserved_qty", "low_stock_threshold")} == {
        "product_id": p["id"],
        "available_qty": 25,
        "reserved_qty": 3,
        "low_stock_threshold": 4,
    }
    assert await stock_of(db_session, uuid.UUID(p["id"])) == (25, 3, 0)
    [audit] = await audits(db_session, "inventory.set")
    assert (audit.target_id, audit.actor_role) == (uuid.UUID(p["id"]), "owner")
    assert audit.payload == {
        "changes": {
            "available_qty": {"before": 7, "after": 25},
            "low_stock_threshold": {"before": 0, "after": 4},
        }
    }


async def test_put_replayed_applies_once(client, db_session, vendor):
    p = await product(client, vendor, inventory={"available_qty": 10})
    headers = vendor.with_idempotency()

    first = await client.put(f"{INVENTORY}/{p['id']}", json={"available_qty": 2}, headers=headers)
    second = await client.put(f"{INVENTORY}/{p['id']}", json={"available_qty": 2}, headers=headers)

    assert first.content == second.content
    assert second.headers.get("Idempotent-Replayed") == "true"
    assert len(await audits(db_session, "inventory.set")) == 1
    assert (await client.put(f"{INVENTORY}/{p['id']}", json={"available_qty": 2})).status_code == 401


async def test_put_on_another_stores_or_an_unknown_product_is_404(client, db_session, vendor, as_store):
    p = await product(client, vendor, inventory={"available_qty": 10})
    other = await as_store("vendor", "owner")

    theirs = await client.put(
        f"{INVENTORY}/{p['id']}", json={"available_qty": 0}, headers=other.with_idempotency()
    )
    unknown = await client.put(
        f"{INVENTORY}/{uuid7()}", json={"available_qty": 0}, headers=vendor.with_idempotency()
    )

    assert [(x.status_code, x.json()["error"]["code"]) for x in (theirs, unknown)] == [(404, "NOT_FOUND")] * 2
    assert await stock_of(db_session, uuid.UUID(p["id"])) == (10, 0, 0)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"available_qty": -1}, "available_qty"),
        ({"available_qty": 1.5}, "available_qty"),
        ({}, "available_qty"),
        ({"available_qty": 1, "low_stock_threshold": -2}, "low_stock_threshold"),
        ({"available_qty": 1, "reserved_qty": 0}, "reserved_qty"),
    ],
)
async def test_bad_bodies_are_400(client, db_session, vendor, body, field):
    p = await product(client, vendor, inventory={"available_qty": 10})

    r = await client.put(f"{INVENTORY}/{p['id']}", json=body, headers=vendor.with_idempotency())

    assert (r.status_code, r.json()["error"]["code"]) == (400, "VALIDATION_ERROR")
    assert field in r.json()["error"]["details"]
    assert await stock_of(db_session, uuid.UUID(p["id"])) == (10, 0, 0)
