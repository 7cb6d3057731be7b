"""``POST /api/admin/v1/orders/{order_id}/resolve-payment`` (GAPS G-7, the exit from ``hold``):
an admin resolves a cash payment that failed on an amount mismatch by stating the cash actually
received and why. System admins only (403, checked before the key is claimed);
``Idempotency-Key`` required (7 days, API.md §1.7).

Body ``{amount_cents (≥ 0, what was received), reason (1-500 characters)}`` → 200
``{"data": PaymentIntentView}`` (settled, ``amount_cents`` = received). Only a ``failed`` payment
(422 otherwise, ``details.payment_status``); 404 unknown order. One transaction: the intent, the
``cash_collected`` ledger row (actor the admin, resolution metadata), the audit row and
``cash_collected`` (orders takes the order out of ``hold``). The amount decision is documented in
``domain/settlements.py``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Final
from uuid import UUID

from fastapi import Depends
from pydantic import Field, StrictInt, StringConstraints

from pf_common.db_http import WriteSession
from pf_common.guards import AdminPrincipal, require_admin
from pf_common.idempotency import Idempotent
from pf_common.openapi import errors
from pf_common.routing import APIRouter
from pf_common.schemas import Strict
from pf_finance.api.deps import IDEMPOTENCY_DAYS
from pf_finance.api.intent_views import PaymentIntentView, payment_intent_view
from pf_finance.domain import settlements

router = APIRouter(tags=["finance"])

MAX_CENTS: Final = 100_000_000_000  # $1B: far beyond any order, far below BIGINT


class ResolvePaymentIn(Strict):
    amount_cents: Annotated[StrictInt, Field(ge=0, le=MAX_CENTS, description="the cash actually received")]
    reason: Annotated[str, StringConstraints(min_length=1, max_length=500)]


@router.post(
    "/api/admin/v1/orders/{order_id}/resolve-payment",
    dependencies=[Depends(require_admin), Idempotent(days=IDEMPOTENCY_DAYS)],
    responses=errors(
        404,
        422,
        notes={404: "unknown order", 422: "the payment is not failed (`details.payment_status`)"},
    ),
)
async def resolve_payment(
    order_id: UUID, body: ResolvePaymentIn, session: WriteSession, principal: AdminPrincipal
) -> dict[str, PaymentIntentView]:
    intent = await settlements.resolve_failed_payment(
        session,
        principal,
        order_id,
        received_cents=body.amount_cents,
        reason=body.reason,
        now=datetime.now(UTC),
    )
    return {"data": payment_intent_view(intent)}
