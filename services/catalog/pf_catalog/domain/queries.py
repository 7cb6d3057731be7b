"""Product reads used by several catalog modules (HOUSE_STYLE §2: a shared query lives here).

Who may read a product (API.md §3.3; DOMAIN §4.5, §5.3 visibility rules): its own vendor always
(whatever ``is_active`` and gating); anyone else only an ``is_active`` product of a vendor that
passes the visibility gate (``domain/visibility``) for the CALLER's state, read from the caller's
own row of ``store_projection`` (never the token). Otherwise the product does not exist for the
caller (404, never revealing it). :func:`readable` holds this rule (through
``pf_common.tenancy.scoped``) for every read of a product by a store: product detail, the
wishlist. :func:`load_detail` is the product as ProductDTO shows it (detail and the vendor's
writes).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased
from sqlmodel import col

from pf_catalog.domain.stores import caller_state
from pf_catalog.domain.visibility import visible_vendor_clause
from pf_catalog.models import (
    InventoryItem,
    Product,
    ProductMedia,
    ProductVolumeDiscount,
    StoreProjection,
)
from pf_common.errors import NotFound
from pf_common.tenancy import StoreScoped, active_store_id, scoped

S = TypeVar("S", bound=sa.Select[Any])


class ProductNotFound(NotFound):
    default_message = "product not found"


@dataclass(frozen=True)
class ProductDetail:
    product: Product
    inventory: InventoryItem | None
    tiers: list[ProductVolumeDiscount]  # min_qty desc
    media: list[ProductMedia]  # position asc
    vendor: StoreProjection | None


async def readable(session: AsyncSession, principal: StoreScoped, stmt: S) -> S:
    """``stmt`` (a select from ``Product``) narrowed to the products the caller may read.

    The one place the rule of the module docstring lives, for every read of a product by a store
    (detail, wishlist): its own store's products always, else only active ones of a vendor that
    passes the visibility gate for the caller's projected state (the vendor's projection is
    outer-joined, as ``vendor``). 403 without an active store, before any query.
    """
    state = await caller_state(session, active_store_id(principal))
    vendor = aliased(StoreProjection, name="vendor")
    joined = stmt.outerjoin(vendor, col(vendor.store_id) == col(Product.store_id))
    return scoped(
        joined, Product, principal, or_=sa.and_(col(Product.is_active), visible_vendor_clause(vendor, state))
    )


async def get_visible_product(session: AsyncSession, principal: StoreScoped, product_id: UUID) -> Product:
    """The product if the caller may see it (:func:`readable`), else 404 (unknown or hidden alike)."""
    stmt = await readable(session, principal, sa.select(Product).where(col(Product.id) == product_id))
    product = (await session.execute(stmt)).scalar_one_or_none()
    if product is None:
        raise ProductNotFound(reason="product_not_found_or_hidden")
    return product


async def load_detail(session: AsyncSession, product: Product) -> ProductDetail:
    """A product with its inventory, tiers, gallery and vendor (four small indexed reads)."""
    inventory = await session.get(InventoryItem, product.id)
    tiers = (
        await session.execute(
            sa.select(ProductVolumeDiscount)
            .where(col(ProductVolumeDiscount.product_id) == product.id)
            .order_by(col(ProductVolumeDiscount.min_qty).desc())
        )
    ).scalars()
    media = (
        await session.execute(
            sa.select(ProductMedia)
            .where(col(ProductMedia.product_id) == product.id)
            .order_by(col(ProductMedia.position))
        )
    ).scalars()
    vendor = await session.get(StoreProjection, product.store_id)
    return ProductDetail(product, inventory, list(tiers), list(media), vendor)
