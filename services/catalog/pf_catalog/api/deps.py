"""The process's context as a route dependency: ``ctx: Ctx`` (``pf_common.context``)."""

from typing import Annotated

from fastapi import Depends

from pf_catalog.context import CatalogContext
from pf_common.app import context_dependency

Ctx = Annotated[CatalogContext, Depends(context_dependency(CatalogContext))]
