"""``POST /internal/v1/payment-intents/{order_id}:settle`` (API.md §4): logistics records the cash
its agent collected. Never routed by the gateway; logistics' service token only (401/403 before
anything else). ``Idempotency-Key`` required (7 days, scoped to the calling service).

Body ``{amount_cents, agent_user_id, collected_at}`` → 200 ``{"data": PaymentIntentView}``
(settled). The rules, races and the retry advice are in ``domain/settlements.py``:

* 404 unknown order; 422 ``STATE_CONFLICT`` when the payment is not unpaid cash (settled, paid,
  failed, rejected, ACH pending) or the order has nothing to pay — stored and replayed to the same key;
* 422 ``STATE_CONFLICT`` with ``details {expected_amount_cents, reported_amount_cents}`` on an
  amount mismatch: the payment is failed and ``payment_failed`` staged, committed before the
  answer (returned, not raised) — stored and replayed to the same key;
* 409 ``CONFLICT`` with ``Retry-After`` while finance lags behind orders' totals, 503 when orders
  cannot confirm the total: nothing written, nothing stored — retry with the same key.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Final
from uuid import UUID

from fastapi import Depends, Request
from fastapi.responses import JSONResponse
from pydantic import AwareDatetime, Field, StrictInt, field_validator

from pf_common.app import error_response
from pf_common.db_http import get_database
from pf_common.errors import StateConflict
from pf_common.guards import require_service
from pf_common.idempotency import Idempotent
from pf_common.openapi import errors
from pf_common.routing import APIRouter
from pf_common.schemas import Strict
from pf_common.service_auth import ServiceCaller
from pf_finance.api.deps import IDEMPOTENCY_DAYS, Ctx
from pf_finance.api.intent_views import PaymentIntentView, payment_intent_view
from pf_finance.domain import settlements

router = APIRouter(tags=["internal"])

LOGISTICS_ONLY = require_service("logistics")
Logistics = Annotated[ServiceCaller, Depends(LOGISTICS_ONLY)]

MAX_CENTS: Final = 100_000_000_000  # $1B: far beyond any order, far below BIGINT
#: how far ahead of finance's clock ``collected_at`` may be (clock skew of the agent's device)
MAX_CLOCK_SKEW: Final = timedelta(minutes=5)


class SettleIn(Strict):
    amount_cents: Annotated[StrictInt, Field(ge=0, le=MAX_CENTS)]
    agent_user_id: UUID
    collected_at: AwareDatetime

    @field_validator("collected_at")
    @classmethod
    def _not_in_the_future(cls, value: datetime) -> datetime:
        if value > datetime.now(UTC) + MAX_CLOCK_SKEW:
            raise ValueError("must not be in the future")
        return value


_RETRY = "retry the same call with the same `Idempotency-Key` after `Retry-After` seconds"
_RETRY_AFTER = {
    "Retry-After": {"description": "Seconds to wait before retrying.", "schema": {"type": "integer"}}
}
_RESPONSES = errors(
    404,
    409,
    422,
    503,
    notes={
        404: "unknown order",
        409: f"finance has not applied the order's latest totals yet (nothing written); {_RETRY}",
        422: "the payment is not unpaid cash, or the order has nothing to pay (`details.payment_status`); "
        "or the amount differs from the order's total and the payment is now failed "
        "(`details.expected_amount_cents`, `details.reported_amount_cents`)",
        503: f"orders cannot confirm the order's total (nothing written); {_RETRY}",
    },
)
_RESPONSES[409]["headers"] = _RETRY_AFTER
_RESPONSES[503]["headers"] = _RETRY_AFTER


@router.post(
    "/internal/v1/payment-intents/{order_id}:settle",
    dependencies=[Idempotent(days=IDEMPOTENCY_DAYS, service_guard=LOGISTICS_ONLY)],
    response_model=dict[str, PaymentIntentView],
    responses=_RESPONSES,
)
async def settle_payment_intent(
    order_id: UUID, body: SettleIn, request: Request, _caller: Logistics, ctx: Ctx
) -> dict[str, PaymentIntentView] | JSONResponse:
    outcome = await settlements.settle_cash(
        get_database(request),
        ctx.orders,
        settlements.SettleRequest(
            order_id=order_id,
            amount_cents=body.amount_cents,
            agent_user_id=body.agent_user_id,
            collected_at=body.collected_at,
        ),
    )
    if outcome.mismatch:
        # returned, not raised: the failed payment and its event are committed already
        return error_response(
            request,
            StateConflict(
                "the amount collected differs from the order's total; the payment failed",
                details=outcome.mismatch_details,
                reason=settlements.AMOUNT_MISMATCH,
            ),
        )
    return {"data": payment_intent_view(outcome.intent)}
