"""A product delete and a concurrent reserve serialise on the product's inventory row.

Each side is its own transaction on its own connection of a private, committed database; the
interleavings are forced (one side holds its transaction open while the other starts), so the
outcome is deterministic: a delete that starts while a reserve is uncommitted waits for it and
then refuses (409); a reserve that starts while a delete is uncommitted waits and then finds no
product. Without the delete's ``FOR UPDATE`` on the inventory row, the first case would delete
the product under a held reservation.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from pf_catalog.domain import reservations, vendor_products
from pf_catalog.domain.reservations import ReservationLine
from pf_catalog.models import InventoryItem, InventoryReservation, Product
from pf_common.db import Database, make_engine
from pf_common.ids import uuid7
from pf_common.migrations import service_dir, upgrade
from pf_common.principal import Principal

WAIT_S = 0.3  # long enough for the second transaction to reach its lock wait


@pytest.fixture(scope="module")
def race_db_url(fresh_database, pf_servers) -> Iterator[str]:
    name = f"pf_test_catalog_delete_race_{os.getpid()}"
    url = fresh_database(name)
    upgrade(service_dir("catalog"), url)
    yield url
    pf_servers.drop_database(name)


@pytest.fixture
async def race_db(race_db_url: str) -> AsyncIterator[Database]:
    engine = make_engine(race_db_url, pool_size=4, max_overflow=0)
    yield Database(service="catalog", engine=engine)
    await engine.dispose()


async def committed_product(db: Database) -> tuple[Principal, Product]:
    store_id = uuid7()
    async with db.transaction() as session:
        product = Product(
            id=uuid7(),
            store_id=store_id,
            sku=f"SKU-{uuid7().hex[:8]}",
            title="Blue Dream",
            category="flower",
            feelings=["happy"],
            flavors=["sweet"],
            usage=["sleep"],
            unit="gram",
            price_cents=1000,
        )
        session.add(product)
        await session.flush()
        session.add(InventoryItem(product_id=product.id, store_id=store_id, available_qty=5))
    principal = Principal(
        user_id=uuid7(), session_id="s", store_id=store_id, store_type="vendor", role="owner"
    )
    return principal, product


def line(product_id) -> ReservationLine:
    return ReservationLine(uuid7(), uuid7(), product_id, 2)


async def test_a_delete_waits_for_an_uncommitted_reserve_and_then_refuses(race_db):
    principal, product = await committed_product(race_db)
    now = datetime.now(UTC)

    async def delete() -> str:
        async with race_db.transaction() as session:
            try:
                await vendor_products.delete_product(session, principal, product.id, now=now)
            except vendor_products.ProductReserved:
                return "refused"
            return "deleted"

    async with race_db.transaction() as reserving:
        [held] = await reservations.reserve(reserving, uuid7(), [line(product.id)], now=now, hold_s=1800)
        assert held.reserved
        deleting = asyncio.create_task(delete())
        await asyncio.sleep(WAIT_S)
        assert not deleting.done()  # blocked on the inventory row the reserve updated
    assert await deleting == "refused"

    async with race_db.transaction() as session:
        assert await session.get(Product, product.id) is not None


async def test_a_reserve_waits_for_an_uncommitted_delete_and_then_finds_no_product(race_db):
    principal, product = await committed_product(race_db)
    now = datetime.now(UTC)
    reserved_line = line(product.id)

    async def reserve():
        async with race_db.transaction() as session:
            return await reservations.reserve(session, uuid7(), [reserved_line], now=now, hold_s=1800)

    async with race_db.transaction() as deleting:
        await vendor_products.delete_product(deleting, principal, product.id, now=now)
        reserving = asyncio.create_task(reserve())
        await asyncio.sleep(WAIT_S)
        assert not reserving.done()
    [result] = await reserving

    assert (result.reserved, result.reason) == (False, "unknown_product")
    async with race_db.transaction() as session:
        left = await session.scalar(
            sa.select(sa.func.count())
            .select_from(InventoryReservation)
            .where(InventoryReservation.product_id == product.id)
        )
        assert left == 0
