"""Fixtures of the API tests: stores in the projection and product rows written directly (real
database), for the lists (browse, storefronts, search) and the internal product reads."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from pf_catalog.models import InventoryItem, Product, StoreProjection
from pf_common.ids import uuid7

_clock = itertools.count()
_BASE = datetime(2026, 11, 1, tzinfo=UTC)


@pytest.fixture
def add_store(db_session) -> Callable[..., Awaitable[StoreProjection]]:
    async def make(**over: Any) -> StoreProjection:
        values: dict[str, Any] = {
            "store_id": uuid7(),
            "type": "vendor",
            "company_name": "Green Acres LLC",
            "dba_name": None,
            "logo_url": "https://cdn.example.com/logo.webp",
            "state": "OK",
            "kyc_status": "verified",
            "subscription_active": True,
        }
        values.update(over)
        row = StoreProjection(**values)
        db_session.add(row)
        await db_session.flush()
        return row

    return make


@pytest.fixture
def add_product(db_session) -> Callable[..., Awaitable[Product]]:
    async def make(store: StoreProjection, **over: Any) -> Product:
        n = next(_clock)
        values: dict[str, Any] = {
            "id": uuid7(),
            "store_id": store.store_id,
            "sku": f"SKU-{n:05d}",
            "title": f"Product {n}",
            "category": "flower",
            "feelings": ["relaxed"],
            "flavors": ["earthy"],
            "usage": ["sleep"],
            "unit": "gram",
            "moq": 1,
            "max_qty": 0,
            "price_cents": 1000,
            "is_active": True,
            "vendor_name": store.dba_name or store.company_name,
            # distinct, increasing creation times unless a test pins them
            "created_at": _BASE + timedelta(seconds=n),
            "updated_at": _BASE + timedelta(seconds=n),
        }
        values.update(over)
        for pct in ("thc_percent", "cbd_percent"):
            if values.get(pct) is not None:
                values[pct] = Decimal(str(values[pct]))
        product = Product(**values)
        db_session.add(product)
        db_session.add(InventoryItem(product_id=product.id, store_id=store.store_id, available_qty=50))
        await db_session.flush()
        await db_session.refresh(product)
        return product

    return make


@pytest.fixture
def buyer_in(as_store, add_store):
    """``await buyer_in("OK")``: a buyer actor whose store is projected in that state."""

    async def make(state: str = "OK", store_type: str = "buyer", role: str = "viewer"):
        actor = await as_store(store_type, role)
        await add_store(store_id=actor.store_id, type=store_type, state=state, company_name="Buyer Co")
        return actor

    return make


def ids(body: dict[str, Any]) -> list[uuid.UUID]:
    return [uuid.UUID(p["id"]) for p in body["data"]["products"]]
