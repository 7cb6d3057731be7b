"""Product detail (API.md §3.3 ``GET /api/v1/products/{productId}``; DOMAIN §4.5, §5.3).

The caller sees the product if it may read it (``queries.readable``: its own vendor always,
anyone else an active product of a vendor visible in the caller's projected state), else 404
whether it is unknown or hidden.
"""

from __future__ import annotations

from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from pf_catalog.domain.queries import ProductDetail, get_visible_product, load_detail
from pf_common.tenancy import StoreScoped


async def get_product_detail(
    session: AsyncSession, principal: StoreScoped, product_id: UUID
) -> ProductDetail:
    """``GET /products/{id}``: the product if the caller may see it, else 404."""
    return await load_detail(session, await get_visible_product(session, principal, product_id))
