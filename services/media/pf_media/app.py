"""The media API: ``uvicorn --factory pf_media.app:create_app``."""

from fastapi import APIRouter, FastAPI

from pf_common.app import create_app as create_service_app
from pf_common.runtime import Runtime
from pf_media.api import ROUTERS
from pf_media.context import MediaContext, install
from pf_media.settings import Settings


def create_app(settings: Settings | None = None, *, runtime: Runtime | None = None) -> FastAPI:
    settings = settings or Settings()
    routers: list[APIRouter] = list(ROUTERS)
    media = MediaContext.from_settings(settings)
    app = create_service_app(
        settings, routers=routers, runtime=runtime, title="PackFinderz media", on_shutdown=[media.close]
    )
    app.state.media = media
    install(media)
    return app
