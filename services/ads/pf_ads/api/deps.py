"""The process's context as a route dependency: ``ctx: Ctx`` (``pf_common.context``)."""

from typing import Annotated

from fastapi import Depends

from pf_ads.context import AdsContext
from pf_common.app import context_dependency

Ctx = Annotated[AdsContext, Depends(context_dependency(AdsContext))]
