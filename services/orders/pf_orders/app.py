"""The orders API: ``uvicorn --factory pf_orders.app:create_app``."""

from fastapi import FastAPI

from pf_common.app import create_app as create_service_app
from pf_common.runtime import Runtime
from pf_orders.api import ROUTERS
from pf_orders.context import OrdersContext
from pf_orders.settings import Settings


def create_app(
    settings: Settings | None = None, *, runtime: Runtime | None = None, context: OrdersContext | None = None
) -> FastAPI:
    return create_service_app(
        settings or Settings(),
        routers=ROUTERS,
        runtime=runtime,
        context=context,
        context_class=OrdersContext,
        title="PackFinderz orders",
    )
