"""Product detail (API.md §3.3 ``GET /api/v1/products/{productId}``), any store with a READ role.

The owner vendor sees its product whatever ``is_active`` and gating; anyone else only an active
product of a vendor visible in the caller's own projected state; otherwise 404 (never revealing
that it exists). Media URLs are the public CDN URLs; ``coa_read_url`` is a signed read URL from
media's internal endpoint, null (with a warning logged) when media does not answer. media is
asked after the read session is closed (ARCHITECTURE §1: no call while a pooled connection is
held): the product is read and shaped, the session released, then the COA URL filled in.
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import Depends, Request

from pf_catalog.api.deps import Ctx
from pf_catalog.api.views import ProductDTO, product_dto
from pf_catalog.context import CatalogContext
from pf_catalog.domain import product_detail
from pf_common.db_http import get_database
from pf_common.guards import require_store
from pf_common.openapi import errors
from pf_common.principal import READ, Principal
from pf_common.routing import APIRouter

router = APIRouter(tags=["catalog"])

Reader = Annotated[Principal, Depends(require_store(roles=READ))]


async def coa_read_url(ctx: CatalogContext, media_id: UUID | None) -> str | None:
    if media_id is None:
        return None
    urls = await ctx.media.read_urls([media_id])
    return urls.get(media_id)


@router.get(
    "/api/v1/products/{product_id}",
    responses=errors(404, notes={404: "unknown product, or inactive or hidden from the caller"}),
)
async def get_product(
    product_id: UUID, request: Request, principal: Reader, ctx: Ctx
) -> dict[str, ProductDTO]:
    async with get_database(request).read() as session:
        detail = await product_detail.get_product_detail(session, principal, product_id)
        dto, coa_media_id = product_dto(detail), detail.product.coa_media_id
    # the connection is back in the pool: now media may be asked
    return {"data": dto.model_copy(update={"coa_read_url": await coa_read_url(ctx, coa_media_id)})}
