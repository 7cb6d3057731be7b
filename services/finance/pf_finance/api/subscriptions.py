"""A vendor's subscription (API.md §3.6): read it, subscribe, cancel, pause, resume. The use cases
are ``domain/subscriptions.py``.

Vendor stores with a MANAGE role only (owner, admin, manager; G-16): anyone else, and any buyer
store, is 403. The four POSTs take an ``Idempotency-Key`` (24 h, API.md §1.7): a retry with the same
key replays the stored answer (``Idempotent-Replayed: true``), and the subscribe call's provider
idempotency key is derived from the store and that key, so even a retry after a lost answer never
creates a second subscription. These routes call the billing provider, so they take no session:
the use case reads, calls with no connection held, then writes (``pf_common.db_http``).

``POST /api/v1/vendor/subscriptions`` answers 201 with the subscription it created (``active``,
``trialing``, or ``incomplete`` when the card declined the first payment: then the store stays
hidden) and 200 with the existing one when the store is already subscribed (nothing created, the
provider not called). ``provider`` says which billing provider holds the subscription: ``local``
(the embedded stand-in: no money moves) or ``stripe``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Final, Literal
from uuid import UUID

from fastapi import Request, Response
from pydantic import BaseModel, StringConstraints

from pf_common.db_http import ReadSession, get_database
from pf_common.idempotency import HEADER, Idempotent
from pf_common.openapi import errors
from pf_common.routing import APIRouter
from pf_common.schemas import Strict
from pf_finance.api.deps import BillingManager, Ctx
from pf_finance.domain import subscriptions
from pf_finance.domain.subscriptions import SubscriptionView

router = APIRouter(tags=["billing"])


PATH: Final = "/api/v1/vendor/subscriptions"
IDEMPOTENCY_DAYS: Final = 1  # API.md §1.7: vendor/subscriptions (+/cancel, /pause, /resume) 24 h

_REPLAYED: Final = {
    "Idempotent-Replayed": {
        "description": "`true` when this is the stored answer to an earlier request with the same key",
        "schema": {"type": "string", "enum": ["true"]},
    }
}


class SubscriptionDTO(BaseModel):
    """API.md §2 SubscriptionDTO, plus the provider that holds the subscription."""

    id: UUID
    billing_plan_id: str | None = None
    status: str
    price_id: str | None = None
    current_period_start: datetime | None = None
    current_period_end: datetime
    cancel_at_period_end: bool
    canceled_at: datetime | None = None
    paused_at: datetime | None = None
    provider: Literal["local", "stripe"]


class SubscribeIn(Strict):
    """Both optional: the default plan and the store's default card when absent."""

    plan_id: Annotated[str, StringConstraints(min_length=1, max_length=100)] | None = None
    payment_method_id: UUID | None = None


def _dto(view: SubscriptionView) -> SubscriptionDTO:
    row = view.row
    return SubscriptionDTO(
        id=row["id"],
        billing_plan_id=row["billing_plan_id"],
        status=row["status"],
        price_id=row["price_id"],
        current_period_start=row["current_period_start"],
        current_period_end=row["current_period_end"],
        cancel_at_period_end=row["cancel_at_period_end"],
        canceled_at=row["canceled_at"],
        paused_at=row["paused_at"],
        provider="stripe" if view.provider == "stripe" else "local",
    )


_UNAVAILABLE = "the billing provider is unavailable: nothing was changed (retry with the same key)"


@router.get(PATH)
async def get_subscription(
    session: ReadSession, principal: BillingManager, ctx: Ctx
) -> dict[str, SubscriptionDTO | None]:
    """The store's subscription, or `{"data": null}` when it has none."""
    view = await subscriptions.get_subscription(session, principal, provider=ctx.billing)
    return {"data": _dto(view) if view is not None else None}


@router.post(
    PATH,
    status_code=201,
    dependencies=[Idempotent(days=IDEMPOTENCY_DAYS)],
    responses={
        200: {
            "description": "The store is already subscribed (trialing, active or past due): that "
            "subscription, unchanged; the provider was not called",
            "model": dict[str, SubscriptionDTO],
            "headers": _REPLAYED,
        },
        201: {"description": "The subscription created", "headers": _REPLAYED},
        **errors(
            400,
            404,
            409,
            503,
            notes={
                400: "invalid body (unknown field, `payment_method_id` not a UUID)",
                404: "the plan is unknown or not active (or no default plan), or `payment_method_id` "
                "is not a payment method of this store",
                409: "`no billing customer`, `no card`, or the billing provider refused the card",
                503: _UNAVAILABLE,
            },
        ),
    },
)
async def create_subscription(
    request: Request,
    response: Response,
    principal: BillingManager,
    ctx: Ctx,
    body: SubscribeIn | None = None,
) -> dict[str, SubscriptionDTO]:
    """Subscribe the store to a plan (default plan and default card when not named)."""
    body = body or SubscribeIn()
    view = await subscriptions.create_subscription(
        get_database(request),
        ctx.billing,
        principal,
        plan_id=body.plan_id,
        payment_method_id=body.payment_method_id,
        request_key=request.headers.get(HEADER, "").strip(),  # present: the claim checked it
        now=datetime.now(UTC),
    )
    if not view.created:
        response.status_code = 200
    return {"data": _dto(view)}


def _mutation_responses(notes_422: str) -> dict[int | str, dict[str, Any]]:
    return {
        200: {"headers": _REPLAYED},
        **errors(
            404, 422, 503, notes={404: "the store has no subscription", 422: notes_422, 503: _UNAVAILABLE}
        ),
    }


@router.post(
    f"{PATH}/cancel",
    dependencies=[Idempotent(days=IDEMPOTENCY_DAYS)],
    responses=_mutation_responses(
        "the billing provider refused to cancel (`details.status`, `details.provider_code`)"
    ),
)
async def cancel_subscription(
    request: Request, principal: BillingManager, ctx: Ctx
) -> dict[str, SubscriptionDTO]:
    """Cancel at the end of the period (`cancel_at_period_end` true; the store stays visible until
    then); a past-due subscription is canceled at once. Already canceled: answered as it is."""
    view = await subscriptions.cancel_subscription(
        get_database(request), ctx.billing, principal, now=datetime.now(UTC)
    )
    return {"data": _dto(view)}


@router.post(
    f"{PATH}/pause",
    dependencies=[Idempotent(days=IDEMPOTENCY_DAYS)],
    responses=_mutation_responses("the subscription is not active or trialing (`details.status`)"),
)
async def pause_subscription(
    request: Request, principal: BillingManager, ctx: Ctx
) -> dict[str, SubscriptionDTO]:
    """Pause: `paused`, and the store's products are hidden until it resumes."""
    view = await subscriptions.pause_subscription(
        get_database(request), ctx.billing, principal, now=datetime.now(UTC)
    )
    return {"data": _dto(view)}


@router.post(
    f"{PATH}/resume",
    dependencies=[Idempotent(days=IDEMPOTENCY_DAYS)],
    responses=_mutation_responses("the subscription is not paused (`details.status`)"),
)
async def resume_subscription(
    request: Request, principal: BillingManager, ctx: Ctx
) -> dict[str, SubscriptionDTO]:
    """Resume a paused subscription: `active` again."""
    view = await subscriptions.resume_subscription(
        get_database(request), ctx.billing, principal, now=datetime.now(UTC)
    )
    return {"data": _dto(view)}
