"""Route dependencies shared by catalog's routers: the process's context as ``ctx: Ctx``
(``pf_common.context``) and the idempotency TTL of its writes."""

from typing import Annotated, Final

from fastapi import Depends

from pf_catalog.context import CatalogContext
from pf_common.app import context_dependency

Ctx = Annotated[CatalogContext, Depends(context_dependency(CatalogContext))]

# API.md §1: an Idempotency-Key of a POST/PUT is remembered (and its response replayed) for 24 h
IDEMPOTENCY_HOURS: Final = 24
