"""Billing customers, for system admins (API.md §3.6): ``POST /api/admin/v1/billing/customers``
creates or fetches a vendor store's provider customer (``domain/customers.py``).

Normally the customer is created when identity's ``store_created`` of a vendor arrives
(``consumers/billing_customers.py``); this route repairs a store that has none (or answers the
one it has: the same 200 every time). The store must be a vendor in finance's store projection
(404 otherwise). The provider is asked with no database connection held (a read, the call, then a
short write); provider unavailable ⇒ 503, nothing written — retry.
"""

from __future__ import annotations

from uuid import UUID

from fastapi import Request
from pydantic import BaseModel

from pf_common.db_http import get_database
from pf_common.guards import AdminPrincipal
from pf_common.openapi import errors
from pf_common.routing import APIRouter
from pf_common.schemas import Strict
from pf_finance.api.deps import Ctx
from pf_finance.domain import customers

router = APIRouter(tags=["billing"])


class CustomerRequest(Strict):
    store_id: UUID


class BillingCustomerDTO(BaseModel):
    store_id: UUID
    stripe_customer_id: str


@router.post(
    "/api/admin/v1/billing/customers",
    responses=errors(
        404,
        503,
        notes={
            404: "finance does not know the store as a vendor store",
            503: "the billing provider is unavailable (nothing written; retry)",
        },
    ),
)
async def ensure_billing_customer(
    body: CustomerRequest, request: Request, ctx: Ctx, _admin: AdminPrincipal
) -> dict[str, BillingCustomerDTO]:
    customer_id = await customers.ensure_customer_for_store(get_database(request), ctx.billing, body.store_id)
    return {"data": BillingCustomerDTO(store_id=body.store_id, stripe_customer_id=customer_id)}
