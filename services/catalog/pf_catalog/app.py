"""The catalog API: ``uvicorn --factory pf_catalog.app:create_app``."""

from fastapi import APIRouter, FastAPI

from pf_catalog.api import ROUTERS
from pf_catalog.settings import Settings
from pf_common.app import create_app as create_service_app
from pf_common.runtime import Runtime


def create_app(settings: Settings | None = None, *, runtime: Runtime | None = None) -> FastAPI:
    routers: list[APIRouter] = list(ROUTERS)
    return create_service_app(
        settings or Settings(), routers=routers, runtime=runtime, title="PackFinderz catalog"
    )
