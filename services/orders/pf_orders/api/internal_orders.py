"""``GET /internal/v1/orders/{order_id}`` (API.md §4): OrderDetail for logistics' and finance's
agent and admin views. Never routed by the gateway; a service token of logistics or finance, else
401/403. There is no perspective: ``order`` names both parties, as ``buyer_store`` and
``vendor_store`` do. 404 for an unknown order. A read: safe to repeat.
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import Depends

from pf_common.db_http import ReadSession
from pf_common.guards import require_service
from pf_common.openapi import errors
from pf_common.routing import APIRouter
from pf_common.service_auth import ServiceCaller
from pf_orders.api import order_views
from pf_orders.api.order_views import OrderDetailView
from pf_orders.domain import order_queries

router = APIRouter(tags=["internal"])

Callers = Annotated[ServiceCaller, Depends(require_service("logistics", "finance"))]


@router.get("/internal/v1/orders/{order_id}", responses=errors(404, notes={404: "unknown order"}))
async def get_order_internal(
    _caller: Callers, session: ReadSession, order_id: UUID
) -> dict[str, OrderDetailView]:
    detail = await order_queries.get_order_detail(session, order_id)
    return {"data": order_views.order_detail(detail)}
