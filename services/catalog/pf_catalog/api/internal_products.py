"""Product reads for other services (API.md §4, internal; never routed by the gateway).

* ``POST /internal/v1/products:batch-get`` — orders' quote input: ``{product_ids}`` (1..200) →
  the products with stock and volume tiers, in request order (missing ids omitted; inactive
  ones included with ``is_active`` so the quote can say why a line is invalid). Integers are
  JSON integers (``max_qty`` 0 = unlimited); ``volume_discounts`` is
  ``[{min_qty: int, discount_percent: "12.5000"}]``, highest ``min_qty`` first, the percentage
  a decimal **string** at the column's scale (numeric(7,4)), never a float: money stays exact.
* ``GET /internal/v1/products/{id}`` — ads' target check: ``{id, store_id, is_active}`` or 404.

Each takes a service token (``pf_common.service_auth``) of the one service named.
"""

from __future__ import annotations

from typing import Annotated, Any, Final
from uuid import UUID

from fastapi import Depends
from pydantic import Field

from pf_catalog.domain import internal_products
from pf_common.db_http import LeanRead, ReadSession
from pf_common.errors import NotFound
from pf_common.guards import require_service
from pf_common.openapi import errors
from pf_common.routing import APIRouter
from pf_common.schemas import Strict
from pf_common.service_auth import ServiceCaller

router = APIRouter(tags=["internal"])

Orders = Annotated[ServiceCaller, Depends(require_service("orders"))]
Ads = Annotated[ServiceCaller, Depends(require_service("ads"))]

MAX_IDS: Final = 200  # products per batch-get (a quote's lines)


class BatchGetIn(Strict):
    product_ids: Annotated[list[UUID], Field(min_length=1, max_length=MAX_IDS)]


@router.post("/internal/v1/products:batch-get")
async def batch_get(_caller: Orders, body: BatchGetIn, source: LeanRead) -> dict[str, Any]:
    rows = await internal_products.batch_get(source, list(dict.fromkeys(body.product_ids)))
    return {"data": rows}


@router.get("/internal/v1/products/{product_id}", responses=errors(404, notes={404: "unknown product"}))
async def get_product(_caller: Ads, product_id: UUID, session: ReadSession) -> dict[str, Any]:
    found = await internal_products.target_of(session, product_id)
    if found is None:
        raise NotFound("product not found")
    return {"data": found}
