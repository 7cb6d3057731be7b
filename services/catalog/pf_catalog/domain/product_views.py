"""Reads behind product detail and the wishlist (API.md §3.3; DOMAIN §4.5, §5.3 visibility rules).

Who sees a product: its own vendor always (whatever ``is_active`` and gating); anyone else only
an ``is_active`` product of a vendor that passes the visibility gate (``domain/visibility``) for
the CALLER's state, read from the caller's own row of ``store_projection`` (never the token).
Otherwise the product does not exist for the caller (404, never revealing it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from pf_catalog.domain.stores import caller_state
from pf_catalog.domain.visibility import vendor_visible, visible_vendor_clause
from pf_catalog.models import (
    InventoryItem,
    Product,
    ProductMedia,
    ProductVolumeDiscount,
    StoreProjection,
)
from pf_common.errors import NotFound
from pf_common.tenancy import StoreScoped, active_store_id


class ProductNotFound(NotFound):
    default_message = "product not found"


@dataclass(frozen=True)
class ProductDetail:
    product: Product
    inventory: InventoryItem | None
    tiers: list[ProductVolumeDiscount]  # min_qty desc
    media: list[ProductMedia]  # position asc
    vendor: StoreProjection | None


def visible_to(caller_store_id: UUID, state: str | None, vendor: Any) -> sa.ColumnElement[bool]:
    """SQL: the product (``Product`` joined to its vendor's projection ``vendor``) is visible."""
    return sa.or_(
        Product.store_id == caller_store_id,
        sa.and_(Product.is_active, visible_vendor_clause(vendor, state)),
    )


async def load_detail(session: AsyncSession, product: Product) -> ProductDetail:
    """A product with its inventory, tiers, gallery and vendor (four small indexed reads)."""
    inventory = await session.get(InventoryItem, product.id)
    tiers = (
        await session.execute(
            sa.select(ProductVolumeDiscount)
            .where(ProductVolumeDiscount.product_id == product.id)
            .order_by(ProductVolumeDiscount.min_qty.desc())
        )
    ).scalars()
    media = (
        await session.execute(
            sa.select(ProductMedia)
            .where(ProductMedia.product_id == product.id)
            .order_by(ProductMedia.position)
        )
    ).scalars()
    vendor = await session.get(StoreProjection, product.store_id)
    return ProductDetail(product, inventory, list(tiers), list(media), vendor)


async def get_product_detail(
    session: AsyncSession, principal: StoreScoped, product_id: UUID
) -> ProductDetail:
    """``GET /products/{id}``: the product if the caller may see it, else 404."""
    return await load_detail(session, await get_visible_product(session, principal, product_id))


async def get_visible_product(session: AsyncSession, principal: StoreScoped, product_id: UUID) -> Product:
    """The product if the caller may see it (module docstring), else 404."""
    caller = active_store_id(principal)
    product = await session.get(Product, product_id)
    if product is None:
        raise ProductNotFound(reason="product_not_found")
    if product.store_id != caller:
        vendor = await session.get(StoreProjection, product.store_id)
        state = await caller_state(session, caller)
        if not product.is_active or vendor is None or not vendor_visible(vendor, state):
            raise ProductNotFound(reason="product_hidden")
    return product


async def get_own_detail(session: AsyncSession, principal: StoreScoped, product_id: UUID) -> ProductDetail:
    """The caller's own product (after a vendor write); another store's is a 404."""
    product = await session.get(Product, product_id)
    if product is None or product.store_id != active_store_id(principal):
        raise ProductNotFound(reason="product_not_found")
    return await load_detail(session, product)
