"""The media API: ``uvicorn --factory pf_media.app:create_app``."""

from fastapi import FastAPI

from pf_common.app import create_app as create_service_app
from pf_common.runtime import Runtime
from pf_media.api import ROUTERS
from pf_media.context import MediaContext
from pf_media.settings import Settings


def create_app(
    settings: Settings | None = None, *, runtime: Runtime | None = None, context: MediaContext | None = None
) -> FastAPI:
    settings = settings or Settings()
    return create_service_app(
        settings,
        routers=ROUTERS,
        runtime=runtime,
        context=context,
        context_class=MediaContext,
        title="PackFinderz media",
    )
