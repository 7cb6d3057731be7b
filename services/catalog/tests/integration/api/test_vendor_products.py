"""A vendor's product writes (API.md §3.3 POST/PATCH/DELETE /vendor/products; DOMAIN §5.3, §9).

Through the real app with real tokens: roles and store types, field validation (400 with field
details, nothing written), media ownership, sku uniqueness, idempotent create, the events and
audit rows each write leaves, and the delete guard on held/confirmed reservations.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
import sqlalchemy as sa
from catalog_factories import (
    make_media,
    make_reservation,
    make_store,
    post_product,
    product_body,
)

from pf_catalog.models import (
    CatalogAudit,
    InventoryItem,
    Product,
    ProductMedia,
    ProductVolumeDiscount,
    WishlistItem,
)
from pf_common.ids import uuid7

PRODUCTS = "/api/v1/vendor/products"


@pytest.fixture
async def vendor(as_store, db_session):
    actor = await as_store("vendor", "owner")
    await make_store(db_session, store_id=actor.store_id, dba_name="Green Acres")
    return actor


async def count(db_session, model) -> int:
    db_session.expunge_all()
    return await db_session.scalar(sa.select(sa.func.count()).select_from(model))


async def audit_rows(db_session, target_id) -> list[CatalogAudit]:
    db_session.expunge_all()
    rows = await db_session.execute(
        sa.select(CatalogAudit).where(CatalogAudit.target_id == target_id).order_by(CatalogAudit.created_at)
    )
    return list(rows.scalars())


def references(events, entity_type: str) -> list[tuple[list[str], list[str]]]:
    return [
        (e.payload["old_media_ids"], e.payload["new_media_ids"])
        for e in events
        if e.payload["entity_type"] == entity_type
    ]


# --- create -----------------------------------------------------------------------------------------


async def test_create_returns_the_product_with_gallery_tiers_coa_and_inventory(
    client, db_session, vendor, emitted_events
):
    # given two gallery images and a COA of the vendor's own
    images = [await make_media(db_session, store_id=vendor.store_id) for _ in range(2)]
    coa = await make_media(db_session, store_id=vendor.store_id, kind="coa", status="uploaded")
    media_ids = [str(images[1].media_id), str(images[0].media_id), str(images[1].media_id)]

    # when the vendor creates a product
    r = await post_product(client, vendor, media_ids=media_ids, coa_media_id=str(coa.media_id))

    # then it answers 201 ProductDTO: gallery deduplicated in order, thumbnail = first image
    assert r.status_code == 201, r.text
    p = r.json()["data"]
    assert p["title"] == "Blue Dream 3.5g"
    assert p["vendor_store_id"] == str(vendor.store_id)
    assert p["thumbnail_url"] == images[1].public_url
    assert [(m["media_id"], m["position"], m["url"]) for m in p["media"]] == [
        (str(images[1].media_id), 0, images[1].public_url),
        (str(images[0].media_id), 1, images[0].public_url),
    ]
    assert [(t["min_qty"], t["discount_percent"]) for t in p["volume_discounts"]] == [(50, 12.5), (10, 5.0)]
    assert p["inventory"] | {"updated_at": None} == {
        "available_qty": 40,
        "reserved_qty": 0,
        "low_stock_threshold": 5,
        "updated_at": None,
    }
    assert p["coa_media_id"] == str(coa.media_id)
    assert p["coa_added"] is True
    assert p["coa_read_url"] is None  # signed on GET /products/{id}, never under the write's locks
    assert p["has_promo"] is True  # computed by Postgres: compare_at 3000 > price 2500
    assert p["thc_percent"] == 21.5
    assert p["is_active"] is True and p["is_featured"] is False
    assert p["body_html"] == "<p>Sweet <strong>berry</strong> aroma</p>"
    assert p["vendor"] == {
        "vendor_store_id": str(vendor.store_id),
        "vendor_name": "Green Acres",
        "logo_url": None,
        "store_id": str(vendor.store_id),
        "company_name": "Green Acres LLC",
        "logo_media_id": None,
    }

    # and the denormalised columns are set
    db_session.expunge_all()
    row = await db_session.get(Product, uuid.UUID(p["id"]))
    assert (row.vendor_name, row.thumbnail_url) == ("Green Acres", images[1].public_url)

    # and media learns both references in the same transaction
    events = await emitted_events("media_references_changed")
    assert references(events, "product_gallery") == [([], media_ids[:2])]
    assert references(events, "product_coa") == [([], [str(coa.media_id)])]
    assert {e.aggregate_type for e in events} == {"product"}
    assert {e.aggregate_id for e in events} == {uuid.UUID(p["id"])}

    # and the creation is audited with the actor's role
    [audit] = await audit_rows(db_session, uuid.UUID(p["id"]))
    assert (audit.action, audit.actor_user_id, audit.actor_store_id, audit.actor_role) == (
        "product.created",
        vendor.user_id,
        vendor.store_id,
        "owner",
    )
    assert audit.payload["fields"]["sku"] == p["sku"]
    assert audit.payload["inventory"] == {"available_qty": 40, "low_stock_threshold": 5}


async def test_create_without_media_emits_no_reference_event_and_has_no_thumbnail(
    client, vendor, emitted_events
):
    r = await post_product(client, vendor, volume_discounts=[], compare_at_price_cents=None)

    assert r.status_code == 201, r.text
    p = r.json()["data"]
    assert (p["thumbnail_url"], p["media"], p["volume_discounts"], p["has_promo"]) == (None, [], [], False)
    assert await emitted_events("media_references_changed") == []


async def test_body_html_is_sanitised(client, vendor):
    dirty = (
        '<p onclick="x()">Hi<script>alert(1)</script> <a href="javascript:x">a</a><img src=x onerror=y></p>'
    )

    r = await post_product(client, vendor, body_html=dirty)

    assert r.status_code == 201, r.text
    assert r.json()["data"]["body_html"] == "<p>Hi <a>a</a></p>"


@pytest.mark.parametrize("role", ["staff", "viewer", "agent"])
async def test_roles_below_operate_are_forbidden(client, db_session, as_store, role):
    actor = await as_store("vendor", role)
    await make_store(db_session, store_id=actor.store_id)
    some = uuid7()

    answers = [
        await client.post(PRODUCTS, json=product_body(), headers=actor.with_idempotency()),
        await client.patch(f"{PRODUCTS}/{some}", json={"title": "x"}, headers=actor.headers),
        await client.delete(f"{PRODUCTS}/{some}", headers=actor.headers),
    ]

    assert [(a.status_code, a.json()["error"]["code"]) for a in answers] == [(403, "FORBIDDEN")] * 3
    assert await count(db_session, Product) == 0


@pytest.mark.parametrize("role", ["owner", "ops"])
async def test_a_buyer_store_is_forbidden_whatever_its_role(client, db_session, as_store, role):
    buyer = await as_store("buyer", role)
    some = uuid7()

    answers = [
        await client.post(PRODUCTS, json=product_body(), headers=buyer.with_idempotency()),
        await client.patch(f"{PRODUCTS}/{some}", json={"title": "x"}, headers=buyer.headers),
        await client.delete(f"{PRODUCTS}/{some}", headers=buyer.headers),
    ]

    assert [a.status_code for a in answers] == [403, 403, 403]
    assert await count(db_session, Product) == 0


async def test_ops_may_create(client, db_session, as_store):
    ops = await as_store("vendor", "ops")
    await make_store(db_session, store_id=ops.store_id)

    assert (await post_product(client, ops)).status_code == 201


BAD_FIELDS: list[tuple[str, dict[str, Any], str]] = [
    ("category enum", {"category": "spaceship"}, "category"),
    ("classification enum", {"classification": "x"}, "classification"),
    ("unit enum", {"unit": "bushel"}, "unit"),
    ("feeling enum", {"feelings": ["angry"]}, "feelings.0"),
    ("flavor enum", {"flavors": ["chocolate"]}, "flavors.0"),
    ("usage enum", {"usage": ["fun"]}, "usage.0"),
    ("feelings empty", {"feelings": []}, "feelings"),
    ("flavors empty", {"flavors": []}, "flavors"),
    ("usage empty", {"usage": []}, "usage"),
    ("moq zero", {"moq": 0}, "moq"),
    ("moq string", {"moq": "2"}, "moq"),
    ("max_qty negative", {"max_qty": -1}, "max_qty"),
    ("max_qty below moq", {"moq": 5, "max_qty": 4}, "max_qty"),
    ("price negative", {"price_cents": -1}, "price_cents"),
    ("price fractional", {"price_cents": 10.5}, "price_cents"),
    ("compare_at negative", {"compare_at_price_cents": -5}, "compare_at_price_cents"),
    ("thc above 100", {"thc_percent": 100.5}, "thc_percent"),
    ("cbd negative", {"cbd_percent": -0.1}, "cbd_percent"),
    ("thc 3 decimals", {"thc_percent": 20.123}, "thc_percent"),
    (
        "tier min_qty zero",
        {"volume_discounts": [{"min_qty": 0, "discount_percent": 5}]},
        "volume_discounts.0.min_qty",
    ),
    (
        "tier duplicate min_qty",
        {
            "volume_discounts": [
                {"min_qty": 10, "discount_percent": 5},
                {"min_qty": 10, "discount_percent": 6},
            ]
        },
        "volume_discounts",
    ),
    (
        "tier discount above 100",
        {"volume_discounts": [{"min_qty": 10, "discount_percent": 100.01}]},
        "volume_discounts.0.discount_percent",
    ),
    (
        "tier discount 5 decimals",
        {"volume_discounts": [{"min_qty": 10, "discount_percent": 1.00001}]},
        "volume_discounts.0.discount_percent",
    ),
    (
        "tier unknown field",
        {"volume_discounts": [{"min_qty": 10, "discount_percent": 1, "x": 1}]},
        "volume_discounts.0.x",
    ),
    ("inventory negative", {"inventory": {"available_qty": -1}}, "inventory.available_qty"),
    ("inventory missing", {"inventory": None}, "inventory"),
    (
        "threshold negative",
        {"inventory": {"available_qty": 1, "low_stock_threshold": -1}},
        "inventory.low_stock_threshold",
    ),
    ("sku blank", {"sku": "   "}, "sku"),
    ("sku too long", {"sku": "A" * 65}, "sku"),
    ("title too long", {"title": "t" * 201}, "title"),
    ("title missing", {"title": None}, "title"),
    ("strain too long", {"strain": "s" * 121}, "strain"),
    ("media id not a uuid", {"media_ids": ["nope"]}, "media_ids.0"),
    ("coa id not a uuid", {"coa_media_id": "nope"}, "coa_media_id"),
    ("is_active not bool", {"is_active": "yes"}, "is_active"),
    ("unknown field", {"has_promo": True}, "has_promo"),
    ("computed column", {"search_text": "x"}, "search_text"),
    ("NUL in text", {"title": "a\x00b"}, "title"),
]


@pytest.mark.parametrize(
    ("over", "field"), [(o, f) for _, o, f in BAD_FIELDS], ids=[c for c, _, _ in BAD_FIELDS]
)
async def test_invalid_create_bodies_are_400_with_field_details(client, db_session, vendor, over, field):
    r = await post_product(client, vendor, **over)

    assert r.status_code == 400, r.text
    error = r.json()["error"]
    assert error["code"] == "VALIDATION_ERROR"
    assert field in error["details"], error
    assert await count(db_session, Product) == 0
    assert await count(db_session, CatalogAudit) == 0


async def test_strings_are_trimmed(client, vendor):
    r = await post_product(client, vendor, title="  Blue Dream  ", sku="  SKU-1 ")

    assert (r.json()["data"]["title"], r.json()["data"]["sku"]) == ("Blue Dream", "SKU-1")


async def test_a_duplicate_sku_in_the_store_is_409_and_other_stores_may_reuse_it(
    client, db_session, vendor, as_store
):
    assert (await post_product(client, vendor, sku="SKU-1")).status_code == 201

    again = await post_product(client, vendor, sku="SKU-1")

    assert (again.status_code, again.json()["error"]["code"]) == (409, "CONFLICT")
    assert await count(db_session, Product) == 1
    assert await count(db_session, InventoryItem) == 1
    other = await as_store("vendor", "owner")
    await make_store(db_session, store_id=other.store_id)
    assert (await post_product(client, other, sku="SKU-1")).status_code == 201


async def test_create_replayed_with_the_same_key_creates_once(client, db_session, vendor, emitted_events):
    image = await make_media(db_session, store_id=vendor.store_id)
    body = product_body(media_ids=[str(image.media_id)])
    headers = vendor.with_idempotency()

    first = await client.post(PRODUCTS, json=body, headers=headers)
    second = await client.post(PRODUCTS, json=body, headers=headers)
    reused = await client.post(PRODUCTS, json={**body, "title": "Other"}, headers=headers)

    assert first.status_code == second.status_code == 201
    assert first.content == second.content
    assert second.headers.get("Idempotent-Replayed") == "true"
    assert (reused.status_code, reused.json()["error"]["code"]) == (409, "IDEMPOTENCY_KEY_REUSED")
    assert await count(db_session, Product) == 1
    assert len(await emitted_events("media_references_changed")) == 1


async def test_create_needs_an_idempotency_key(client, db_session, vendor):
    r = await client.post(PRODUCTS, json=product_body(), headers=vendor.headers)

    assert (r.status_code, r.json()["error"]["code"]) == (400, "VALIDATION_ERROR")
    assert await count(db_session, Product) == 0


async def test_media_must_be_own_product_media_that_is_uploaded_or_ready(client, db_session, vendor):
    other_store = uuid7()
    cases = {
        "another store's image": (await make_media(db_session, store_id=other_store), "media_ids"),
        "a COA as gallery image": (
            await make_media(db_session, store_id=vendor.store_id, kind="coa"),
            "media_ids",
        ),
        "a failed image": (
            await make_media(db_session, store_id=vendor.store_id, status="failed"),
            "media_ids",
        ),
        "a deleted image": (
            await make_media(db_session, store_id=vendor.store_id, status="deleted"),
            "media_ids",
        ),
        "an unknown id": (None, "media_ids"),
        "an image as COA": (await make_media(db_session, store_id=vendor.store_id), "coa_media_id"),
        "another store's COA": (
            await make_media(db_session, store_id=other_store, kind="coa"),
            "coa_media_id",
        ),
    }
    for name, (media, field) in cases.items():
        media_id = str(media.media_id) if media is not None else str(uuid7())
        over = {"media_ids": [media_id]} if field == "media_ids" else {"coa_media_id": media_id}

        r = await post_product(client, vendor, **over)

        assert (r.status_code, r.json()["error"]["code"]) == (404, "NOT_FOUND"), name
        assert r.json()["error"]["message"].startswith(f"{field}:"), name
    assert await count(db_session, Product) == 0


async def test_any_draft_id_is_404_until_coa_drafts_exist(client, db_session, vendor):
    r = await post_product(client, vendor, draft_id=str(uuid7()))

    assert (r.status_code, r.json()["error"]["code"]) == (404, "NOT_FOUND")
    assert "draft not found" in r.json()["error"]["message"]
    assert await count(db_session, Product) == 0


# --- update -----------------------------------------------------------------------------------------


async def created(client, vendor, **over) -> dict[str, Any]:
    r = await post_product(client, vendor, **over)
    assert r.status_code == 201, r.text
    return r.json()["data"]


async def test_patch_changes_only_the_given_fields_and_audits_before_and_after(
    client, db_session, vendor, emitted_events
):
    p = await created(client, vendor)

    r = await client.patch(
        f"{PRODUCTS}/{p['id']}",
        json={"title": "  Blue Dream 7g ", "price_cents": 4500},
        headers=vendor.headers,
    )

    assert r.status_code == 200, r.text
    after = r.json()["data"]
    assert (after["title"], after["price_cents"]) == ("Blue Dream 7g", 4500)
    assert after["has_promo"] is False  # recomputed: compare_at 3000 < 4500
    unchanged = {k: v for k, v in p.items() if k not in ("title", "price_cents", "has_promo", "updated_at")}
    assert {k: after[k] for k in unchanged} == unchanged
    [_, audit] = await audit_rows(db_session, uuid.UUID(p["id"]))
    assert (audit.action, audit.actor_role) == ("product.updated", "owner")
    assert audit.payload == {
        "changes": {
            "title": {"before": "Blue Dream 3.5g", "after": "Blue Dream 7g"},
            "price_cents": {"before": 2500, "after": 4500},
        }
    }
    assert await emitted_events("media_references_changed") == []


async def test_patch_replaces_gallery_tiers_coa_and_sets_inventory(
    client, db_session, vendor, emitted_events
):
    a, b, c = [await make_media(db_session, store_id=vendor.store_id) for _ in range(3)]
    coa = await make_media(db_session, store_id=vendor.store_id, kind="coa")
    p = await created(
        client, vendor, media_ids=[str(a.media_id), str(b.media_id)], coa_media_id=str(coa.media_id)
    )

    r = await client.patch(
        f"{PRODUCTS}/{p['id']}",
        json={
            "media_ids": [str(c.media_id), str(a.media_id), str(c.media_id)],
            "volume_discounts": [{"min_qty": 20, "discount_percent": 7.25}],
            "coa_media_id": None,
            "inventory": {"available_qty": 7},
        },
        headers=vendor.headers,
    )

    assert r.status_code == 200, r.text
    after = r.json()["data"]
    assert [(m["media_id"], m["position"]) for m in after["media"]] == [
        (str(c.media_id), 0),
        (str(a.media_id), 1),
    ]
    assert after["thumbnail_url"] == c.public_url
    assert [(t["min_qty"], t["discount_percent"]) for t in after["volume_discounts"]] == [(20, 7.25)]
    assert (after["coa_media_id"], after["coa_added"]) == (None, False)
    assert (after["inventory"]["available_qty"], after["inventory"]["low_stock_threshold"]) == (7, 5)
    events = await emitted_events("media_references_changed")
    assert references(events, "product_gallery") == [
        ([], [str(a.media_id), str(b.media_id)]),
        ([str(a.media_id), str(b.media_id)], [str(c.media_id), str(a.media_id)]),
    ]
    assert references(events, "product_coa") == [([], [str(coa.media_id)]), ([str(coa.media_id)], [])]
    assert await count(db_session, ProductVolumeDiscount) == 1
    [_, audit] = await audit_rows(db_session, uuid.UUID(p["id"]))
    assert set(audit.payload["changes"]) == {"media_ids", "volume_discounts", "coa_media_id", "inventory"}
    assert audit.payload["changes"]["inventory"] == {"available_qty": {"before": 40, "after": 7}}


async def test_patch_reordering_the_gallery_keeps_media_that_has_since_failed(client, db_session, vendor):
    a, b = [await make_media(db_session, store_id=vendor.store_id) for _ in range(2)]
    p = await created(client, vendor, media_ids=[str(a.media_id), str(b.media_id)])
    a.status = "failed"  # an attached image is not judged again when it only moves
    await db_session.flush()

    r = await client.patch(
        f"{PRODUCTS}/{p['id']}",
        json={"media_ids": [str(b.media_id), str(a.media_id)]},
        headers=vendor.headers,
    )

    assert r.status_code == 200, r.text
    assert [m["media_id"] for m in r.json()["data"]["media"]] == [str(b.media_id), str(a.media_id)]


async def test_a_patch_that_changes_nothing_writes_nothing(client, db_session, vendor, emitted_events):
    image = await make_media(db_session, store_id=vendor.store_id)
    p = await created(client, vendor, media_ids=[str(image.media_id)])
    before = len(await emitted_events())

    r = await client.patch(
        f"{PRODUCTS}/{p['id']}",
        json={"title": p["title"], "media_ids": [str(image.media_id)], "inventory": {"available_qty": 40}},
        headers=vendor.headers,
    )

    assert r.status_code == 200
    assert r.json()["data"]["updated_at"] == p["updated_at"]
    assert len(await emitted_events()) == before
    assert len(await audit_rows(db_session, uuid.UUID(p["id"]))) == 1


BAD_PATCHES: list[tuple[str, dict[str, Any], str]] = [
    ("null title", {"title": None}, "title"),
    ("null price", {"price_cents": None}, "price_cents"),
    ("null feelings", {"feelings": None}, "feelings"),
    ("empty flavors", {"flavors": []}, "flavors"),
    ("max_qty below moq, both sent", {"moq": 5, "max_qty": 4}, "max_qty"),
    (
        "tier duplicates",
        {"volume_discounts": [{"min_qty": 3, "discount_percent": 1}] * 2},
        "volume_discounts",
    ),
    ("inventory negative", {"inventory": {"available_qty": -3}}, "inventory.available_qty"),
    ("unknown field", {"reserved_qty": 3}, "reserved_qty"),
]


@pytest.mark.parametrize(
    ("body", "field"), [(b, f) for _, b, f in BAD_PATCHES], ids=[c for c, _, _ in BAD_PATCHES]
)
async def test_invalid_patches_are_400_and_change_nothing(client, db_session, vendor, body, field):
    p = await created(client, vendor)  # moq 2, max_qty 100

    r = await client.patch(f"{PRODUCTS}/{p['id']}", json=body, headers=vendor.headers)

    assert r.status_code == 400, r.text
    assert field in r.json()["error"]["details"], r.json()
    assert len(await audit_rows(db_session, uuid.UUID(p["id"]))) == 1


@pytest.mark.parametrize(
    "body", [{"max_qty": 1}, {"moq": 101}], ids=["max_qty below stored moq", "moq above stored max_qty"]
)
async def test_a_patch_clashing_with_the_stored_limit_is_422_and_changes_nothing(
    client, db_session, vendor, body
):
    p = await created(client, vendor)  # moq 2, max_qty 100

    r = await client.patch(f"{PRODUCTS}/{p['id']}", json=body, headers=vendor.headers)

    assert (r.status_code, r.json()["error"]["code"]) == (422, "STATE_CONFLICT"), r.text
    assert "max_qty" in r.json()["error"]["details"]
    assert len(await audit_rows(db_session, uuid.UUID(p["id"]))) == 1


async def test_the_body_schemas_state_their_rules_between_fields(client):
    doc = (await client.get("/openapi.json")).json()
    schemas = doc["components"]["schemas"]

    for name in ("ProductIn", "ProductPatchIn"):
        assert schemas[name]["x-pf-rules"] == [
            {"kind": "unique_by", "array": "volume_discounts", "key": "min_qty"},
            {"kind": "compare", "field": "max_qty", "op": ">=", "other": "moq", "unless": 0},
        ]


async def test_patch_to_a_taken_sku_is_409(client, vendor):
    await created(client, vendor, sku="SKU-A")
    p = await created(client, vendor, sku="SKU-B")

    r = await client.patch(f"{PRODUCTS}/{p['id']}", json={"sku": "SKU-A"}, headers=vendor.headers)

    assert (r.status_code, r.json()["error"]["code"]) == (409, "CONFLICT")


async def test_another_stores_product_is_404_to_patch_and_delete(client, db_session, vendor, as_store):
    p = await created(client, vendor)
    other = await as_store("vendor", "owner")
    await make_store(db_session, store_id=other.store_id)

    patched = await client.patch(f"{PRODUCTS}/{p['id']}", json={"title": "Mine"}, headers=other.headers)
    deleted = await client.delete(f"{PRODUCTS}/{p['id']}", headers=other.headers)
    unknown = await client.patch(f"{PRODUCTS}/{uuid7()}", json={"title": "x"}, headers=vendor.headers)

    assert [(x.status_code, x.json()["error"]["code"]) for x in (patched, deleted, unknown)] == [
        (404, "NOT_FOUND")
    ] * 3
    db_session.expunge_all()
    assert (await db_session.get(Product, uuid.UUID(p["id"]))).title == "Blue Dream 3.5g"


async def test_patch_with_a_draft_id_is_404(client, vendor):
    p = await created(client, vendor)

    r = await client.patch(f"{PRODUCTS}/{p['id']}", json={"draft_id": str(uuid7())}, headers=vendor.headers)

    assert r.status_code == 404
    assert "draft not found" in r.json()["error"]["message"]


# --- delete -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("state", ["held", "confirmed"])
async def test_a_held_or_confirmed_reservation_blocks_delete(
    client, db_session, vendor, emitted_events, state
):
    p = await created(client, vendor)
    item = await db_session.get(InventoryItem, uuid.UUID(p["id"]))
    await make_reservation(db_session, item, qty=2, state=state)

    r = await client.delete(f"{PRODUCTS}/{p['id']}", headers=vendor.headers)

    assert (r.status_code, r.json()["error"]["code"]) == (409, "CONFLICT")
    assert await count(db_session, Product) == 1
    assert await emitted_events("product_deleted") == []


async def test_delete_removes_every_row_and_emits_once(client, db_session, vendor, as_store, emitted_events):
    # given a product with gallery, COA, tiers, a wishlist row and a released reservation
    image = await make_media(db_session, store_id=vendor.store_id)
    coa = await make_media(db_session, store_id=vendor.store_id, kind="coa")
    p = await created(client, vendor, media_ids=[str(image.media_id)], coa_media_id=str(coa.media_id))
    product_id = uuid.UUID(p["id"])
    item = await db_session.get(InventoryItem, product_id)
    await make_reservation(db_session, item, qty=1, state="released")
    db_session.add(WishlistItem(id=uuid7(), store_id=uuid7(), product_id=product_id))
    await db_session.flush()

    # when the vendor deletes it (twice)
    first = await client.delete(f"{PRODUCTS}/{p['id']}", headers=vendor.headers)
    second = await client.delete(f"{PRODUCTS}/{p['id']}", headers=vendor.headers)

    # then it is gone with everything hanging off it
    assert (first.status_code, first.content) == (204, b"")
    assert second.status_code == 404
    for model in (Product, InventoryItem, ProductMedia, ProductVolumeDiscount, WishlistItem):
        assert await count(db_session, model) == 0, model
    [event] = await emitted_events("product_deleted")
    assert (event.payload["product_id"], event.payload["store_id"]) == (p["id"], str(vendor.store_id))
    refs = await emitted_events("media_references_changed")
    assert references(refs, "product_gallery")[-1] == ([str(image.media_id)], [])
    assert references(refs, "product_coa")[-1] == ([str(coa.media_id)], [])
    audit = await audit_rows(db_session, product_id)
    assert [a.action for a in audit] == ["product.created", "product.deleted"]
    assert audit[-1].payload["sku"] == p["sku"]


async def test_patch_validates_only_new_media(client, db_session, vendor, emitted_events):
    coa = await make_media(db_session, store_id=vendor.store_id, kind="coa")
    image = await make_media(db_session, store_id=vendor.store_id)
    p = await created(client, vendor, coa_media_id=str(coa.media_id))
    coa = await db_session.get(type(coa), coa.media_id)
    coa.status = "failed"  # the attached COA is not judged again when it is sent unchanged
    await db_session.flush()
    foreign = await make_media(db_session, store_id=uuid7())
    foreign_coa = await make_media(db_session, store_id=uuid7(), kind="coa")
    before = len(await emitted_events())

    same = await client.patch(
        f"{PRODUCTS}/{p['id']}",
        json={"coa_media_id": str(coa.media_id), "title": "T"},
        headers=vendor.headers,
    )
    theirs = await client.patch(
        f"{PRODUCTS}/{p['id']}",
        json={"media_ids": [str(image.media_id), str(foreign.media_id)], "title": "U"},
        headers=vendor.headers,
    )
    their_coa = await client.patch(
        f"{PRODUCTS}/{p['id']}", json={"coa_media_id": str(foreign_coa.media_id)}, headers=vendor.headers
    )

    assert same.status_code == 200, same.text
    assert [(r.status_code, r.json()["error"]["message"].split(":")[0]) for r in (theirs, their_coa)] == [
        (404, "media_ids"),
        (404, "coa_media_id"),
    ]
    db_session.expunge_all()
    row = await db_session.get(Product, uuid.UUID(p["id"]))
    assert (row.title, row.coa_media_id, row.thumbnail_url) == ("T", coa.media_id, None)
    assert len(await emitted_events()) == before
