"""Route dependencies shared by orders' routers: the process's context as ``ctx: Ctx``
(``pf_common.context``) and the idempotency TTLs of its writes (API.md §1.7)."""

from typing import Annotated, Final

from fastapi import Depends

from pf_common.app import context_dependency
from pf_orders.context import OrdersContext

Ctx = Annotated[OrdersContext, Depends(context_dependency(OrdersContext))]

IDEMPOTENCY_HOURS: Final = 24  # cart, nudge, reviews
IDEMPOTENCY_DAYS: Final = 7  # checkout, cancel, retry, vendor decisions
