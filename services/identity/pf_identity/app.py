"""The identity API: ``uvicorn --factory pf_identity.app:create_app``."""

from fastapi import APIRouter, FastAPI

from pf_common.app import create_app as create_service_app
from pf_common.runtime import Runtime
from pf_identity.api import ROUTERS
from pf_identity.context import IdentityContext
from pf_identity.settings import Settings


def create_app(settings: Settings | None = None, *, runtime: Runtime | None = None) -> FastAPI:
    settings = settings or Settings()
    routers: list[APIRouter] = list(ROUTERS)
    identity = IdentityContext.from_settings(settings)
    app = create_service_app(
        settings,
        routers=routers,
        runtime=runtime,
        title="PackFinderz identity",
        on_shutdown=[identity.aclose],
    )
    app.state.identity = identity
    return app
