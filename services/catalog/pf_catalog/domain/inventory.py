"""A vendor's stock (API.md §3.3 /inventory; DOMAIN §5.3 inventory_items).

Vendors set ``available_qty`` (and ``low_stock_threshold``) only; ``reserved_qty`` is moved
exclusively by reservations. A set locks the row ``FOR UPDATE`` (the row reserve's guarded
UPDATE takes), so it never interleaves with a reservation's read-modify-write.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from pf_catalog.domain import audit
from pf_catalog.models import InventoryItem, Product
from pf_common.errors import NotFound
from pf_common.pagination import Page, PageParams, paginate
from pf_common.principal import Principal
from pf_common.tenancy import scoped


class InventoryNotFound(NotFound):
    default_message = "product not found"


@dataclass(frozen=True)
class InventoryRow:
    product_id: UUID
    sku: str
    title: str
    available_qty: int
    reserved_qty: int
    low_stock_threshold: int
    updated_at: datetime


async def lock_item(session: AsyncSession, product_id: UUID) -> InventoryItem | None:
    stmt = sa.select(InventoryItem).where(col(InventoryItem.product_id) == product_id).with_for_update()
    return (await session.execute(stmt)).scalar_one_or_none()


async def set_stock(
    session: AsyncSession,
    principal: Principal,
    product_id: UUID,
    *,
    available_qty: int | None,
    low_stock_threshold: int | None,
    now: datetime,
    audit_it: bool = True,
) -> dict[str, Any]:
    """Set the given quantities of the caller's product; returns ``{field: {before, after}}``.

    Another store's product (or an unknown one) is a 404. Nothing changes ⇒ nothing written.
    """
    stmt = sa.select(InventoryItem).where(col(InventoryItem.product_id) == product_id).with_for_update()
    item = (await session.execute(scoped(stmt, InventoryItem, principal))).scalar_one_or_none()
    if item is None:
        raise InventoryNotFound(reason="product_not_found")
    diff: dict[str, Any] = {}
    for field, value in (("available_qty", available_qty), ("low_stock_threshold", low_stock_threshold)):
        if value is not None and getattr(item, field) != value:
            diff[field] = {"before": getattr(item, field), "after": value}
            setattr(item, field, value)
    if not diff:
        return diff
    item.updated_at = now
    await session.flush()
    if audit_it:
        audit.record(
            session,
            principal,
            action="inventory.set",
            target_type="product",
            target_id=product_id,
            payload={"changes": diff},
            now=now,
        )
    return diff


async def get_row(session: AsyncSession, principal: Principal, product_id: UUID) -> InventoryRow:
    stmt = _rows().where(col(InventoryItem.product_id) == product_id)
    row = (await session.execute(scoped(stmt, InventoryItem, principal))).one_or_none()
    if row is None:
        raise InventoryNotFound(reason="product_not_found")
    return _row(row)


async def set_inventory(
    session: AsyncSession,
    principal: Principal,
    product_id: UUID,
    *,
    available_qty: int,
    low_stock_threshold: int | None,
    now: datetime,
) -> InventoryRow:
    """``PUT /inventory/{productId}``: set-only, audited; the row as it now is."""
    await set_stock(
        session,
        principal,
        product_id,
        available_qty=available_qty,
        low_stock_threshold=low_stock_threshold,
        now=now,
    )
    return await get_row(session, principal, product_id)


def _rows() -> sa.Select[UUID, str, str, int, int, int, datetime]:
    return sa.select(
        col(InventoryItem.product_id),
        col(Product.sku),
        col(Product.title),
        col(InventoryItem.available_qty),
        col(InventoryItem.reserved_qty),
        col(InventoryItem.low_stock_threshold),
        col(InventoryItem.updated_at),
    ).join(Product, col(Product.id) == InventoryItem.product_id)


def _row(row: Any) -> InventoryRow:
    return InventoryRow(
        product_id=row.product_id,
        sku=row.sku,
        title=row.title,
        available_qty=row.available_qty,
        reserved_qty=row.reserved_qty,
        low_stock_threshold=row.low_stock_threshold,
        updated_at=row.updated_at,
    )


async def list_inventory(
    session: AsyncSession, principal: Principal, params: PageParams
) -> Page[InventoryRow]:
    """The store's inventory rows, newest product first (API.md §1.6 on the product's created_at)."""
    stmt = scoped(_rows(), InventoryItem, principal)
    page = await paginate(
        session, stmt, created_at_col=col(Product.created_at), id_col=col(Product.id), params=params
    )
    return Page(items=[_row(r) for r in page.items], pagination=page.pagination)
