"""The finance API: ``uvicorn --factory pf_finance.app:create_app``."""

from fastapi import FastAPI

from pf_common.app import create_app as create_service_app
from pf_common.runtime import Runtime
from pf_finance.api import ROUTERS
from pf_finance.context import FinanceContext
from pf_finance.settings import Settings


def create_app(
    settings: Settings | None = None, *, runtime: Runtime | None = None, context: FinanceContext | None = None
) -> FastAPI:
    return create_service_app(
        settings or Settings(),
        routers=ROUTERS,
        runtime=runtime,
        context=context,
        context_class=FinanceContext,
        title="PackFinderz finance",
    )
