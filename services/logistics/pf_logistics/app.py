"""The logistics API: ``uvicorn --factory pf_logistics.app:create_app``."""

from fastapi import FastAPI

from pf_common.app import create_app as create_service_app
from pf_common.runtime import Runtime
from pf_logistics.api import ROUTERS
from pf_logistics.context import LogisticsContext
from pf_logistics.settings import Settings


def create_app(
    settings: Settings | None = None,
    *,
    runtime: Runtime | None = None,
    context: LogisticsContext | None = None,
) -> FastAPI:
    return create_service_app(
        settings or Settings(),
        routers=ROUTERS,
        runtime=runtime,
        context=context,
        context_class=LogisticsContext,
        title="PackFinderz logistics",
    )
