"""The analytics API: ``uvicorn --factory pf_analytics.app:create_app``."""

from fastapi import APIRouter, FastAPI

from pf_analytics.context import AnalyticsContext
from pf_analytics.settings import Settings
from pf_common.app import create_app as create_service_app
from pf_common.runtime import Runtime

ROUTERS: list[APIRouter] = []


def create_app(
    settings: Settings | None = None,
    *,
    runtime: Runtime | None = None,
    context: AnalyticsContext | None = None,
) -> FastAPI:
    return create_service_app(
        settings or Settings(),
        routers=ROUTERS,
        runtime=runtime,
        context=context,
        context_class=AnalyticsContext,
        title="PackFinderz analytics",
    )
