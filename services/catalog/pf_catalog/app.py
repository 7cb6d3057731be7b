"""The catalog API: ``uvicorn --factory pf_catalog.app:create_app``."""

from fastapi import FastAPI

from pf_catalog.api import ROUTERS
from pf_catalog.context import CatalogContext
from pf_catalog.settings import Settings
from pf_common.app import create_app as create_service_app
from pf_common.runtime import Runtime


def create_app(
    settings: Settings | None = None, *, runtime: Runtime | None = None, context: CatalogContext | None = None
) -> FastAPI:
    return create_service_app(
        settings or Settings(),
        routers=ROUTERS,
        runtime=runtime,
        context=context,
        context_class=CatalogContext,
        title="PackFinderz catalog",
    )
