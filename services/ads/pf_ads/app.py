"""The ads API: ``uvicorn --factory pf_ads.app:create_app``."""

from fastapi import APIRouter, FastAPI

from pf_ads.context import AdsContext
from pf_ads.settings import Settings
from pf_common.app import create_app as create_service_app
from pf_common.runtime import Runtime

ROUTERS: list[APIRouter] = []


def create_app(
    settings: Settings | None = None, *, runtime: Runtime | None = None, context: AdsContext | None = None
) -> FastAPI:
    return create_service_app(
        settings or Settings(),
        routers=ROUTERS,
        runtime=runtime,
        context=context,
        context_class=AdsContext,
        title="PackFinderz ads",
    )
