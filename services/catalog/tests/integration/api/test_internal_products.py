"""catalog's internal product reads (API.md §4): quote input and ad target checks."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest

from pf_catalog.models import ProductVolumeDiscount
from pf_common.ids import uuid7

pytestmark = pytest.mark.usefixtures("db_session")


async def test_batch_get_returns_known_products_in_request_order_with_stock_and_tiers(
    client, db_session, add_store, add_product, as_service
):
    store = await add_store()
    a = await add_product(store, title="A", price_cents=1500, strain="Blue Dream", classification="hybrid")
    b = await add_product(store, title="B", is_active=False, thumbnail_url="https://cdn/b.webp")
    for min_qty, pct in ((10, "5"), (50, "12.5")):
        db_session.add(
            ProductVolumeDiscount(
                id=uuid7(),
                store_id=store.store_id,
                product_id=a.id,
                min_qty=min_qty,
                discount_percent=Decimal(pct),
            )
        )
    await db_session.flush()

    r = await client.post(
        "/internal/v1/products:batch-get",
        json={"product_ids": [str(b.id), str(uuid.uuid4()), str(a.id)]},
        headers=as_service("orders"),
    )

    assert r.status_code == 200, r.text
    rows = r.json()["data"]
    assert [row["id"] for row in rows] == [str(b.id), str(a.id)]  # unknown omitted, order kept
    assert rows[0]["is_active"] is False and rows[0]["thumbnail_url"] == "https://cdn/b.webp"
    assert rows[1] | {} == rows[1] and {
        k: rows[1][k] for k in ("price_cents", "available_qty", "strain")
    } == {
        "price_cents": 1500,
        "available_qty": 50,
        "strain": "Blue Dream",
    }
    assert rows[1]["volume_discounts"] == [
        {"min_qty": 50, "discount_percent": "12.5000"},  # decimal strings, never floats
        {"min_qty": 10, "discount_percent": "5.0000"},
    ]
    assert set(rows[1]) == {
        "id", "store_id", "sku", "title", "unit", "moq", "max_qty", "price_cents", "is_active",
        "category", "classification", "strain", "thumbnail_url", "available_qty", "volume_discounts",
    }  # fmt: skip


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"product_ids": []},
        {"product_ids": ["nope"]},
        {"product_ids": [str(uuid.uuid4())] * 201},
        {"x": 1},
    ],
)
async def test_batch_get_validates_its_body(client, body, as_service):
    r = await client.post("/internal/v1/products:batch-get", json=body, headers=as_service("orders"))

    assert r.status_code == 400
    assert r.json()["error"]["code"] == "VALIDATION_ERROR"


async def test_the_ad_target_check(client, add_store, add_product, as_service):
    store = await add_store()
    product = await add_product(store, is_active=False)

    found = await client.get(f"/internal/v1/products/{product.id}", headers=as_service("ads"))
    missing = await client.get(f"/internal/v1/products/{uuid.uuid4()}", headers=as_service("ads"))

    assert found.json()["data"] == {
        "id": str(product.id),
        "store_id": str(store.store_id),
        "is_active": False,
    }
    assert missing.status_code == 404
