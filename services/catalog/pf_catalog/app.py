"""The catalog API: ``uvicorn --factory pf_catalog.app:create_app``."""

from fastapi import APIRouter, FastAPI

from pf_catalog.api import ROUTERS
from pf_catalog.clients.media import HttpMediaClient
from pf_catalog.settings import Settings
from pf_common.app import create_app as create_service_app
from pf_common.runtime import Runtime
from pf_common.service_auth import ServiceAuth


def create_app(settings: Settings | None = None, *, runtime: Runtime | None = None) -> FastAPI:
    settings = settings or Settings()
    routers: list[APIRouter] = list(ROUTERS)
    service_auth = (
        runtime.service_auth if runtime and runtime.service_auth else ServiceAuth.from_settings(settings)
    )
    # media's signed read URLs (COA documents on product detail): one client per app, closed on shutdown
    media = HttpMediaClient(
        settings.media_internal_url,
        timeout_s=settings.media_timeout_s,
        token_provider=service_auth.token_provider("media"),
    )
    app = create_service_app(
        settings,
        routers=routers,
        runtime=runtime,
        title="PackFinderz catalog",
        on_shutdown=[media.aclose],
        service_auth=service_auth,
    )
    app.state.media = media
    return app
