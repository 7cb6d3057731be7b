"""The identity API: ``uvicorn --factory pf_identity.app:create_app``."""

from fastapi import APIRouter, FastAPI

from pf_common.app import create_app as create_service_app
from pf_common.runtime import Runtime
from pf_common.service_auth import ServiceAuth
from pf_identity.api import ROUTERS
from pf_identity.context import IdentityContext
from pf_identity.settings import Settings


def create_app(settings: Settings | None = None, *, runtime: Runtime | None = None) -> FastAPI:
    settings = settings or Settings()
    routers: list[APIRouter] = list(ROUTERS)
    service_auth = (
        runtime.service_auth if runtime and runtime.service_auth else ServiceAuth.from_settings(settings)
    )
    identity = IdentityContext.from_settings(settings, service_auth)
    app = create_service_app(
        settings,
        routers=routers,
        runtime=runtime,
        title="PackFinderz identity",
        on_shutdown=[identity.aclose],
        service_auth=service_auth,
    )
    app.state.identity = identity
    return app
