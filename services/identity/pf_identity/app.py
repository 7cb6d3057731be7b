"""The identity API: ``uvicorn --factory pf_identity.app:create_app``."""

from fastapi import FastAPI

from pf_common.app import create_app as create_service_app
from pf_common.runtime import Runtime
from pf_identity.api import ROUTERS
from pf_identity.context import IdentityContext
from pf_identity.settings import Settings


def create_app(
    settings: Settings | None = None,
    *,
    runtime: Runtime | None = None,
    context: IdentityContext | None = None,
) -> FastAPI:
    return create_service_app(
        settings or Settings(),
        routers=ROUTERS,
        runtime=runtime,
        context=context,
        context_class=IdentityContext,
        title="PackFinderz identity",
    )
