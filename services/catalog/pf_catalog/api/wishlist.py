"""The wishlist (API.md §3.3, optional module): STAFF roles of any store type (DOMAIN §4.3).

Lists omit products the store may no longer see; add is an upsert (404 unknown or hidden
product); remove succeeds also when the row is absent.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import Depends
from pydantic import BaseModel

from pf_catalog.api.deps import IDEMPOTENCY_HOURS
from pf_catalog.api.views import ProductSummaryDTO, product_summary
from pf_catalog.domain import wishlist
from pf_common.db_http import ReadSession, WriteSession
from pf_common.guards import require_store
from pf_common.idempotency import Idempotent
from pf_common.openapi import errors
from pf_common.pagination import PaginationDTO
from pf_common.pagination_http import PageQuery
from pf_common.principal import STAFF, Principal
from pf_common.routing import APIRouter
from pf_common.schemas import Strict

router = APIRouter(tags=["catalog"])

_staff_guard = require_store(roles=STAFF)
Staff = Annotated[Principal, Depends(_staff_guard)]


class WishlistItemIn(Strict):
    product_id: UUID


class WishlistItemDTO(BaseModel):
    product: ProductSummaryDTO
    created_at: datetime


class WishlistPage(BaseModel):
    items: list[WishlistItemDTO]
    pagination: PaginationDTO


class WishlistIdsPage(BaseModel):
    product_ids: list[UUID]
    pagination: PaginationDTO


@router.get("/api/v1/wishlist")
async def list_wishlist(session: ReadSession, principal: Staff, page: PageQuery) -> dict[str, WishlistPage]:
    result = await wishlist.list_items(session, principal, page)
    items = [
        WishlistItemDTO(product=product_summary(row[0]), created_at=row.added_at) for row in result.items
    ]
    return {"data": WishlistPage(items=items, pagination=PaginationDTO.of(result.pagination))}


@router.get("/api/v1/wishlist/ids")
async def wishlist_ids(session: ReadSession, principal: Staff, page: PageQuery) -> dict[str, WishlistIdsPage]:
    result = await wishlist.list_ids(session, principal, page)
    return {
        "data": WishlistIdsPage(
            product_ids=list(result.items), pagination=PaginationDTO.of(result.pagination)
        )
    }


@router.post(
    "/api/v1/wishlist/items",
    status_code=201,
    dependencies=[Depends(_staff_guard), Idempotent(hours=IDEMPOTENCY_HOURS)],
    responses=errors(404, notes={404: "unknown product, or hidden from the caller"}),
)
async def add_to_wishlist(body: WishlistItemIn, session: WriteSession, principal: Staff) -> dict[str, Any]:
    await wishlist.add_item(session, principal, body.product_id, now=datetime.now(UTC))
    return {"data": {"added": True}}


@router.delete("/api/v1/wishlist/items/{product_id}")
async def remove_from_wishlist(product_id: UUID, session: WriteSession, principal: Staff) -> dict[str, Any]:
    await wishlist.remove_item(session, principal, product_id)
    return {"data": {"removed": True}}
