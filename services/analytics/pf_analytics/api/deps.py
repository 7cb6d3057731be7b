"""The process's context as a route dependency: ``ctx: Ctx`` (``pf_common.context``)."""

from typing import Annotated

from fastapi import Depends

from pf_analytics.context import AnalyticsContext
from pf_common.app import context_dependency

Ctx = Annotated[AnalyticsContext, Depends(context_dependency(AnalyticsContext))]
