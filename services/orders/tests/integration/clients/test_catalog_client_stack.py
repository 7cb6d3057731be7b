"""orders' ``HttpCatalogClient`` against a real catalog (pf_common.testing.stack): the client the
orders worker's context builds from its settings, orders' real service tokens, catalog's real
routes and committed rows. What the quote reads, and checkout's reserve → confirm → release."""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

import pytest
import sqlalchemy as sa
from catalog_factories import make_inventory, states_of, stock_of

from pf_common.ids import uuid7
from pf_orders.clients.catalog import (
    CatalogUnavailable,
    HttpCatalogClient,
    ReservationLine,
    ReservationResult,
    VolumeTier,
)


async def _add_product(catalog_db, *, available: int, tiers: list[tuple[int, str]]) -> UUID:
    """A vendor's product, its stock and its volume tiers, committed in catalog's schema."""
    product_id, store_id = uuid7(), uuid7()
    async with catalog_db.transaction() as s:
        await s.execute(
            sa.text(
                "INSERT INTO catalog.products (id, store_id, sku, title, category, feelings, flavors,"
                " usage, unit, price_cents, strain, classification)"
                " VALUES (:id, :store_id, 'BD-35', 'Blue Dream 3.5g', 'flower', '{relaxed}',"
                " '{earthy}', '{sleep}', 'gram', 1500, 'Blue Dream', 'hybrid')"
            ),
            {"id": product_id, "store_id": store_id},
        )
        await make_inventory(s, available=available, product_id=product_id, store_id=store_id)
        for min_qty, percent in tiers:
            await s.execute(
                sa.text(
                    "INSERT INTO catalog.product_volume_discounts (id, store_id, product_id, min_qty,"
                    " discount_percent) VALUES (:id, :store_id, :product_id, :min_qty, :percent)"
                ),
                {
                    "id": uuid7(),
                    "store_id": store_id,
                    "product_id": product_id,
                    "min_qty": min_qty,
                    "percent": Decimal(percent),
                },
            )
    return product_id


async def test_the_quote_reads_and_checkout_reserves_confirms_and_releases_at_a_real_catalog(services_stack):
    stack = await services_stack("orders", "catalog")
    catalog_db = stack["catalog"].db
    # the client the orders worker built from its settings (catalog_internal_url of the stack)
    catalog = stack["orders"].worker_context.catalog
    assert isinstance(catalog, HttpCatalogClient)
    product_id = await _add_product(catalog_db, available=5, tiers=[(10, "5"), (50, "12.5")])

    # the quote's read: tiers exact, highest min_qty first; an unknown id is absent
    found = await catalog.batch_get([product_id, uuid7()])
    assert list(found) == [product_id]
    product = found[product_id]
    assert (product.title, product.price_cents, product.available_qty, product.moq, product.max_qty) == (
        "Blue Dream 3.5g",
        1500,
        5,
        1,
        0,
    )
    assert product.volume_discounts == (VolumeTier(50, Decimal("12.5")), VolumeTier(10, Decimal("5")))
    assert [str(t.discount_percent) for t in product.volume_discounts] == ["12.5000", "5.0000"]

    # checkout reserves two lines of one vendor order: 3 fit in the 5 in stock, then 10 do not
    group, order_id, fits, too_many = uuid7(), uuid7(), uuid7(), uuid7()
    lines = [
        ReservationLine(fits, order_id, product_id, 3),
        ReservationLine(too_many, order_id, product_id, 10),
    ]
    assert await catalog.reserve(group, lines) == [
        ReservationResult(fits, True, None),
        ReservationResult(too_many, False, "insufficient_inventory"),
    ]
    async with catalog_db.read() as s:
        assert tuple(await stock_of(s, product_id)) == (2, 3, 0)

    # after orders commits, it confirms; the refused line has no reservation to confirm
    assert await catalog.confirm([fits, too_many]) == 1
    assert await catalog.confirm([fits]) == 0  # idempotent

    # on a rollback (or a cancel) orders releases; again changes nothing
    assert await catalog.release([fits, too_many]) == 1
    assert await catalog.release([fits, too_many]) == 0
    async with catalog_db.read() as s:
        assert tuple(await stock_of(s, product_id)) == (5, 0, 0)
        assert await states_of(s, [fits, too_many]) == {fits: "released"}

    # a replayed reserve gets the stored outcome: the released line is not held again
    assert await catalog.reserve(group, lines) == [
        ReservationResult(fits, False, "reservation_released"),
        ReservationResult(too_many, False, "insufficient_inventory"),
    ]
    async with catalog_db.read() as s:
        assert tuple(await stock_of(s, product_id)) == (5, 0, 0)


async def test_without_orders_service_token_catalog_refuses_and_the_client_says_unavailable(services_stack):
    stack = await services_stack("orders", "catalog")
    product_id = await _add_product(stack["catalog"].db, available=5, tiers=[])
    anonymous = HttpCatalogClient(stack["catalog"].url)  # no token provider

    try:
        with pytest.raises(CatalogUnavailable, match=r"^batch_get: status 401$"):
            await anonymous.batch_get([product_id])
        with pytest.raises(CatalogUnavailable, match=r"^reserve: status 401$"):
            await anonymous.reserve(uuid7(), [ReservationLine(uuid7(), uuid7(), product_id, 1)])
    finally:
        await anonymous.aclose()

    async with stack["catalog"].db.read() as s:  # nothing was held
        assert tuple(await stock_of(s, product_id)) == (5, 0, 0)
