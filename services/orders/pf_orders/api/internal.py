"""orders' internal endpoints (API.md §4; never routed by the gateway).

* ``POST /internal/v1/line-items:exists`` — catalog's reservation sweeper: ``{"ids": [...]}``
  (1-1000 line item ids = reservation ids) ⇒ ``200 {"data": {"existing": [...]}}``, the asked ids
  that orders committed, whatever their status. A read: safe to repeat. Callers: catalog only.
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import Depends
from pydantic import BaseModel, Field

from pf_common.db_http import ReadSession
from pf_common.guards import require_service
from pf_common.routing import APIRouter
from pf_common.schemas import Strict
from pf_common.service_auth import ServiceCaller
from pf_orders.domain import line_items

router = APIRouter(tags=["internal"])

MAX_IDS = 1000

Catalog = Annotated[ServiceCaller, Depends(require_service("catalog"))]


class LineItemsExistIn(Strict):
    ids: Annotated[list[UUID], Field(min_length=1, max_length=MAX_IDS)]


class LineItemsExistOut(BaseModel):
    existing: list[UUID]


@router.post("/internal/v1/line-items:exists")
async def line_items_exist(
    _caller: Catalog, body: LineItemsExistIn, session: ReadSession
) -> dict[str, LineItemsExistOut]:
    found = await line_items.existing_line_item_ids(session, list(dict.fromkeys(body.ids)))
    return {"data": LineItemsExistOut(existing=found)}
