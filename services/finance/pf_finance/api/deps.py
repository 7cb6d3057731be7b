"""The process's context as a route dependency: ``ctx: Ctx`` (``pf_common.context``)."""

from typing import Annotated

from fastapi import Depends

from pf_common.app import context_dependency
from pf_common.guards import require_store
from pf_common.principal import MANAGE, Principal
from pf_finance.context import FinanceContext

Ctx = Annotated[FinanceContext, Depends(context_dependency(FinanceContext))]

IDEMPOTENCY_DAYS = 7  # settle, confirm-payout, resolve-payment (API.md §1.7)

# the vendor's billing routes: a vendor store, a MANAGE role (owner, admin, manager; GAPS G-16)
BillingManager = Annotated[Principal, Depends(require_store({"vendor"}, MANAGE))]
