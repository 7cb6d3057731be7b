"""Product reads other services make (API.md §4), behind ``api/internal_products.py``: quote input
(orders) and ad target checks (ads)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any, Final
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from pf_catalog.models import InventoryItem, Product, ProductVolumeDiscount

# ``discount_percent`` goes out as a decimal string at the column's scale (numeric(7,4)):
# "12.5000", never a float, so a percentage reaches orders' pricing exactly.
PERCENT_SCALE: Final = Decimal("0.0001")


async def batch_get(session: AsyncSession, ids: list[UUID]) -> list[dict[str, Any]]:
    """The quote's view of each product (two queries whatever the count); unknown ids omitted."""
    if not ids:
        return []
    rows = (
        await session.execute(
            sa.select(Product, col(InventoryItem.available_qty))
            .outerjoin(InventoryItem, col(InventoryItem.product_id) == Product.id)
            .where(col(Product.id).in_(ids))
        )
    ).all()
    tiers: dict[UUID, list[dict[str, Any]]] = defaultdict(list)
    for tier in (
        await session.execute(
            sa.select(ProductVolumeDiscount)
            .where(col(ProductVolumeDiscount.product_id).in_([r.Product.id for r in rows]))
            .order_by(col(ProductVolumeDiscount.product_id), col(ProductVolumeDiscount.min_qty).desc())
        )
    ).scalars():
        tiers[tier.product_id].append(
            {"min_qty": tier.min_qty, "discount_percent": str(tier.discount_percent.quantize(PERCENT_SCALE))}
        )
    order = {pid: i for i, pid in enumerate(ids)}
    out = []
    for row in sorted(rows, key=lambda r: order[r.Product.id]):
        p = row.Product
        out.append(
            {
                "id": p.id,
                "store_id": p.store_id,
                "sku": p.sku,
                "title": p.title,
                "unit": p.unit,
                "moq": p.moq,
                "max_qty": p.max_qty,
                "price_cents": p.price_cents,
                "is_active": p.is_active,
                "category": p.category,
                "classification": p.classification,
                "strain": p.strain,
                "thumbnail_url": p.thumbnail_url,
                "available_qty": row.available_qty or 0,
                "volume_discounts": tiers.get(p.id, []),
            }
        )
    return out


async def target_of(session: AsyncSession, product_id: UUID) -> dict[str, Any] | None:
    row = (
        await session.execute(
            sa.select(col(Product.id), col(Product.store_id), col(Product.is_active)).where(
                col(Product.id) == product_id
            )
        )
    ).first()
    return None if row is None else {"id": row.id, "store_id": row.store_id, "is_active": row.is_active}
