"""A vendor's inventory (API.md §3.3 **P**): list its rows, set a product's stock.

``PUT`` is set-only (``available_qty``, optionally ``low_stock_threshold``); ``reserved_qty`` is
never changed here. Another store's product is a 404.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Final
from uuid import UUID

from fastapi import Depends
from pydantic import BaseModel, Field, StrictInt

from pf_catalog.api.deps import IDEMPOTENCY_HOURS
from pf_catalog.domain import inventory
from pf_common.db_http import ReadSession, WriteSession
from pf_common.guards import require_store
from pf_common.idempotency import Idempotent
from pf_common.openapi import errors
from pf_common.pagination import PaginationDTO
from pf_common.pagination_http import PageQuery
from pf_common.principal import OPERATE, READ, Principal
from pf_common.routing import APIRouter
from pf_common.schemas import Strict

router = APIRouter(tags=["catalog"])

_operator_guard = require_store({"vendor"}, OPERATE)
Operator = Annotated[Principal, Depends(_operator_guard)]
VendorReader = Annotated[Principal, Depends(require_store({"vendor"}, READ))]

MAX_QTY: Final = 10_000_000  # stock of one product (as on product writes)

Qty = Annotated[StrictInt, Field(ge=0, le=MAX_QTY)]


class InventorySetIn(Strict):
    available_qty: Qty
    low_stock_threshold: Qty | None = None


class InventoryRowDTO(BaseModel):
    product_id: UUID
    sku: str
    title: str
    available_qty: int
    reserved_qty: int
    low_stock_threshold: int
    updated_at: datetime


class InventoryPage(BaseModel):
    items: list[InventoryRowDTO]
    pagination: PaginationDTO


def _dto(row: inventory.InventoryRow) -> InventoryRowDTO:
    return InventoryRowDTO.model_validate(row, from_attributes=True)


@router.get("/api/v1/inventory")
async def list_inventory(session: ReadSession, principal: VendorReader, page: PageQuery) -> dict[str, Any]:
    result = await inventory.list_inventory(session, principal, page)
    return {
        "data": InventoryPage(
            items=[_dto(r) for r in result.items], pagination=PaginationDTO.of(result.pagination)
        )
    }


@router.put(
    "/api/v1/inventory/{product_id}",
    dependencies=[Depends(_operator_guard), Idempotent(hours=IDEMPOTENCY_HOURS)],
    responses=errors(404, notes={404: "unknown product, or one of another store"}),
)
async def set_inventory(
    product_id: UUID, body: InventorySetIn, session: WriteSession, principal: Operator
) -> dict[str, InventoryRowDTO]:
    row = await inventory.set_inventory(
        session,
        principal,
        product_id,
        available_qty=body.available_qty,
        low_stock_threshold=body.low_stock_threshold,
        now=datetime.now(UTC),
    )
    return {"data": _dto(row)}
