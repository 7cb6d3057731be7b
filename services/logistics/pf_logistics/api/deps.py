"""The process's context as a route dependency: ``ctx: Ctx`` (``pf_common.context``)."""

from typing import Annotated

from fastapi import Depends

from pf_common.app import context_dependency
from pf_logistics.context import LogisticsContext

Ctx = Annotated[LogisticsContext, Depends(context_dependency(LogisticsContext))]
