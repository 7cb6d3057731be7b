"""A vendor store's cards (API.md §3.6 payment methods; DOMAIN §5.6; GAPS G-16). The use cases and
their rules (exactly one default while the store has cards, the per-store lock, the provider
calls outside every transaction) are ``domain/payment_methods.py``.

A vendor store with a MANAGE role (owner, admin, manager) only, else 403. Routes that call the
billing provider take the ``Database`` and open short transactions themselves (read → provider
call → write), never holding a connection during the call.

* ``GET`` lists the cards, newest first (``[]`` when none).
* ``POST …/setup-intent`` answers a SetupIntent ``client_secret`` for the client SDK, and the
  ``provider`` (``local`` or ``stripe``); 409 without a billing customer; 503 provider down.
* ``POST …/cc`` (``Idempotency-Key``, 24 h) saves the card the client SDK collected: 201; the first
  card is the default whatever ``is_default`` says; 409 duplicate card or no billing customer;
  404 a token the provider does not know, 422 one it refuses; 503 provider down (nothing written).
* ``PATCH …/{id}`` ``{is_default: true}`` makes the card the default; ``false`` on the default card
  is 409 (the store keeps one default: choose another card or delete this one); 404 other store.
* ``DELETE …/{id}``: 204; the newest remaining card becomes the default when the default goes.

Provider ids and fingerprints never leave finance (PaymentMethodDTO).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal
from uuid import UUID

from fastapi import Request, Response
from pydantic import BaseModel, ConfigDict, StrictBool, StringConstraints

from pf_common.db_http import ReadSession, get_database
from pf_common.idempotency import Idempotent
from pf_common.openapi import errors
from pf_common.routing import APIRouter
from pf_common.schemas import Strict
from pf_finance.api.deps import BillingManager, Ctx
from pf_finance.domain import payment_methods
from pf_finance.models import PaymentMethod

router = APIRouter(tags=["billing"])


ADD_CARD_IDEMPOTENCY_HOURS = 24  # API.md §1.7
_NO_CUSTOMER = "the store has no billing customer yet (created when the vendor store is)"
_PROVIDER_DOWN = "the billing provider is unavailable (nothing written; retry)"


class AddCardRequest(Strict):
    payment_method_id: Annotated[
        str, StringConstraints(min_length=4, max_length=255, pattern=r"^pm_[A-Za-z0-9_]+$")
    ]
    cardholder_name: Annotated[str, StringConstraints(min_length=1, max_length=200)] | None = None
    is_default: StrictBool = False


class SetDefaultRequest(Strict):
    is_default: StrictBool


class PaymentMethodDTO(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: UUID
    card_brand: str | None
    card_last4: str | None
    card_exp_month: int | None
    card_exp_year: int | None
    is_default: bool
    created_at: datetime

    @classmethod
    def of(cls, card: PaymentMethod) -> PaymentMethodDTO:
        return cls.model_validate(card)


class PaymentMethodList(BaseModel):
    payment_methods: list[PaymentMethodDTO]


class SetupIntentDTO(BaseModel):
    client_secret: str
    provider: Literal["local", "stripe"]


def _now() -> datetime:
    return datetime.now(UTC)


@router.get("/api/v1/vendor/payment-methods")
async def list_payment_methods(
    session: ReadSession, principal: BillingManager
) -> dict[str, PaymentMethodList]:
    cards = await payment_methods.list_payment_methods(session, principal)
    return {"data": PaymentMethodList(payment_methods=[PaymentMethodDTO.of(c) for c in cards])}


@router.post(
    "/api/v1/vendor/payment-methods/setup-intent",
    responses=errors(409, 503, notes={409: _NO_CUSTOMER, 503: _PROVIDER_DOWN}),
)
async def create_setup_intent(
    request: Request, ctx: Ctx, principal: BillingManager
) -> dict[str, SetupIntentDTO]:
    intent = await payment_methods.create_setup_intent(get_database(request), ctx.billing, principal)
    return {"data": SetupIntentDTO(client_secret=intent.client_secret, provider=ctx.billing.name)}


@router.post(
    "/api/v1/vendor/payment-methods/cc",
    status_code=201,
    dependencies=[Idempotent(hours=ADD_CARD_IDEMPOTENCY_HOURS)],
    responses=errors(
        400,
        404,
        409,
        422,
        503,
        notes={
            400: "an invalid field (`details` names it)",
            404: "the billing provider has no such `payment_method_id` (or it is another customer's)",
            409: f"the card is already saved for the store, or {_NO_CUSTOMER}",
            422: "the billing provider refused to attach the payment method",
            503: _PROVIDER_DOWN,
        },
    ),
)
async def add_card(
    body: AddCardRequest, request: Request, ctx: Ctx, principal: BillingManager
) -> dict[str, PaymentMethodDTO]:
    card = await payment_methods.add_card(
        get_database(request),
        ctx.billing,
        principal,
        payment_method_id=body.payment_method_id,
        cardholder_name=body.cardholder_name,
        make_default=body.is_default,
        now=_now(),
    )
    return {"data": PaymentMethodDTO.of(card)}


@router.patch(
    "/api/v1/vendor/payment-methods/{payment_method_id}",
    responses=errors(
        404,
        409,
        503,
        notes={
            404: "no such card in the active store",
            409: "`is_default: false` on the default card: make another card the default, or delete it",
            503: "the database is unavailable",
        },
    ),
)
async def set_default_card(
    payment_method_id: UUID, body: SetDefaultRequest, request: Request, ctx: Ctx, principal: BillingManager
) -> dict[str, PaymentMethodDTO]:
    card = await payment_methods.set_default(
        get_database(request),
        ctx.billing,
        principal,
        payment_method_id,
        is_default=body.is_default,
        now=_now(),
    )
    return {"data": PaymentMethodDTO.of(card)}


@router.delete(
    "/api/v1/vendor/payment-methods/{payment_method_id}",
    status_code=204,
    response_class=Response,
    responses=errors(
        404, 503, notes={404: "no such card in the active store", 503: "the database is unavailable"}
    ),
)
async def delete_card(
    payment_method_id: UUID, request: Request, ctx: Ctx, principal: BillingManager
) -> Response:
    await payment_methods.delete_card(
        get_database(request), ctx.billing, principal, payment_method_id, now=_now()
    )
    return Response(status_code=204)
