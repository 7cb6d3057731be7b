"""A store's wishlist (API.md §3.3 optional module; DOMAIN §5.3 wishlist_items, [G-1]).

Add is an upsert, remove of a missing row succeeds. Only products the store may see can be
added (404 otherwise, as for detail), and lists omit products no longer visible (deactivated,
vendor hidden or moved) without deleting the rows: they reappear when visible again.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from pf_catalog.domain.queries import get_visible_product, readable
from pf_catalog.models import Product, WishlistItem
from pf_common.ids import uuid7
from pf_common.pagination import Page, PageParams, paginate
from pf_common.tenancy import StoreScoped, active_store_id, scoped


async def _visible_items(session: AsyncSession, principal: StoreScoped, *columns: Any) -> sa.Select[Any]:
    """The caller's store's items whose product it may still read (``queries.readable``)."""
    stmt = sa.select(*columns).join(Product, col(Product.id) == WishlistItem.product_id)
    return scoped(await readable(session, principal, stmt), WishlistItem, principal)


async def list_items(session: AsyncSession, principal: StoreScoped, params: PageParams) -> Page[Any]:
    """Rows of (Product, created_at), newest addition first."""
    stmt = await _visible_items(session, principal, Product, col(WishlistItem.created_at).label("added_at"))
    return await paginate(
        session, stmt, created_at_col=col(WishlistItem.created_at), id_col=col(WishlistItem.id), params=params
    )


async def list_ids(session: AsyncSession, principal: StoreScoped, params: PageParams) -> Page[UUID]:
    stmt = await _visible_items(session, principal, col(WishlistItem.product_id))
    return await paginate(
        session, stmt, created_at_col=col(WishlistItem.created_at), id_col=col(WishlistItem.id), params=params
    )


async def add_item(session: AsyncSession, principal: StoreScoped, product_id: UUID, *, now: datetime) -> None:
    await get_visible_product(session, principal, product_id)  # 404 unknown or hidden
    await session.execute(
        insert(WishlistItem)
        .values(id=uuid7(), store_id=active_store_id(principal), product_id=product_id, created_at=now)
        .on_conflict_do_nothing(index_elements=[col(WishlistItem.store_id), col(WishlistItem.product_id)])
    )


async def remove_item(session: AsyncSession, principal: StoreScoped, product_id: UUID) -> None:
    stmt = sa.delete(WishlistItem).where(col(WishlistItem.product_id) == product_id)
    await session.execute(scoped(stmt, WishlistItem, principal).execution_options(synchronize_session=False))
