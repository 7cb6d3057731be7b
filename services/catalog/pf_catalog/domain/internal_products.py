"""Product reads other services make (API.md §4), behind ``api/internal_products.py``: quote input
(orders) and ad target checks (ads)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any, Final
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from pf_catalog.models import InventoryItem, Product, ProductVolumeDiscount
from pf_common.db import table_of
from pf_common.lean import Source, Statement, read_together

# ``discount_percent`` goes out as a decimal string at the column's scale (numeric(7,4)):
# "12.5000", never a float, so a percentage reaches orders' pricing exactly.
PERCENT_SCALE: Final = Decimal("0.0001")


_P, _I, _T = table_of(Product), table_of(InventoryItem), table_of(ProductVolumeDiscount)
_IDS = sa.bindparam("ids", type_=ARRAY(_P.c.id.type))
# The quote's view of the asked products (one round trip on the lean pool for both statements);
# unknown ids have no row. Built once: orders calls this twice per checkout (quote, checkout).
_PRODUCTS: Final = Statement(
    sa.select(
        *(
            _P.c[name]
            for name in (
                "id",
                "store_id",
                "sku",
                "title",
                "unit",
                "moq",
                "max_qty",
                "price_cents",
                "is_active",
                "category",
                "classification",
                "strain",
                "thumbnail_url",
            )
        ),
        _I.c.available_qty,
    )
    .select_from(_P.outerjoin(_I, _I.c.product_id == _P.c.id))
    .where(_P.c.id == sa.any_(_IDS))
)
_TIERS: Final = Statement(
    sa.select(_T.c.product_id, _T.c.min_qty, _T.c.discount_percent)
    .where(_T.c.product_id == sa.any_(_IDS))
    .order_by(_T.c.product_id, _T.c.min_qty.desc())
)


async def batch_get(source: Source, ids: list[UUID]) -> list[dict[str, Any]]:
    """The quote's view of each product, in ``ids``' order (two statements, one round trip on the
    lean pool, whatever the count); unknown ids omitted."""
    if not ids:
        return []
    rows, tier_rows = await read_together(source, _PRODUCTS.bind(ids=ids), _TIERS.bind(ids=ids))
    tiers: dict[UUID, list[dict[str, Any]]] = defaultdict(list)
    for tier in tier_rows:
        tiers[tier.product_id].append(
            {"min_qty": tier.min_qty, "discount_percent": str(tier.discount_percent.quantize(PERCENT_SCALE))}
        )
    order = {pid: i for i, pid in enumerate(ids)}
    out = []
    for row in sorted(rows, key=lambda r: order[r.id]):
        product = row._asdict()
        product["available_qty"] = row.available_qty or 0
        product["volume_discounts"] = tiers.get(row.id, [])
        out.append(product)
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
