"""Checkout (API.md §3.4 ``POST /api/v1/checkout``): the active cart becomes one vendor order per
vendor with orderable items (DOMAIN §5.4; the algorithm in ``domain/checkout.py``).

A buyer or a vendor buying (G-2) with an OPERATE role; ``Idempotency-Key`` required (7 days): the
same key while the first request runs is 409, after it the stored response. 201 with the result
when this call converted the cart; 200 with the same result when the cart was already converted
(by this checkout's retry or another key's).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Final, Literal
from uuid import UUID

from fastapi import Depends, Request, Response
from pydantic import Field, StrictInt, StringConstraints

from pf_common.db_http import get_database
from pf_common.guards import require_store
from pf_common.idempotency import Idempotent
from pf_common.openapi import errors
from pf_common.principal import OPERATE, Principal
from pf_common.routing import APIRouter
from pf_common.schemas import AddressIn, Strict
from pf_orders.api.deps import IDEMPOTENCY_DAYS, Ctx
from pf_orders.api.views import CheckoutResultView, checkout_result
from pf_orders.domain import checkout

router = APIRouter(tags=["orders"])

Operator = Annotated[Principal, Depends(require_store(roles=OPERATE))]

MAX_CENTS: Final = 100_000_000  # $1M: a tip or shipping price beyond that is a typo


class ShippingLineIn(Strict):
    code: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    title: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    price_cents: Annotated[StrictInt, Field(ge=0, le=MAX_CENTS)]


class CheckoutIn(Strict):
    cart_id: UUID
    shipping_address: AddressIn
    billing_address: AddressIn | None = None
    payment_method: Literal["cash", "ach"]
    shipping_line: ShippingLineIn | None = None
    tip_cents: Annotated[StrictInt, Field(ge=0, le=MAX_CENTS)] = 0


def _address(address: AddressIn | None) -> dict[str, Any] | None:
    return None if address is None else address.model_dump(mode="json")


@router.post(
    "/api/v1/checkout",
    status_code=201,
    dependencies=[Idempotent(days=IDEMPOTENCY_DAYS)],
    responses={
        200: {
            "description": "the cart was already converted: the original result",
            "model": dict[str, CheckoutResultView],
        },
        **errors(
            400,
            403,
            404,
            409,
            422,
            503,
            notes={
                400: "invalid body (`details` names the field)",
                403: "a party's licence is not verified (`details.party`), or the buyer has no state",
                404: "unknown cart (or another store's), or a vendor hidden from the buyer",
                409: "quote expired, or no orderable items",
                422: "a quantity no longer meets a product's MOQ or max (`details.violations`), or "
                "`payment_method` ach while ACH is disabled (`details.payment_method`)",
                503: "catalog is unavailable (nothing was ordered; retry with the same key)",
            },
        ),
    },
)
async def checkout_cart(
    body: CheckoutIn, request: Request, response: Response, principal: Operator, ctx: Ctx
) -> dict[str, CheckoutResultView]:
    result = await checkout.checkout_cart(
        get_database(request),
        principal,
        checkout.CheckoutRequest(
            cart_id=body.cart_id,
            shipping_address=_address(body.shipping_address) or {},
            billing_address=_address(body.billing_address),
            payment_method=body.payment_method,
            shipping_line=body.shipping_line.model_dump() if body.shipping_line else None,
            tip_cents=body.tip_cents,
        ),
        catalog=ctx.catalog,
        allow_ach=ctx.settings.feature_allow_ach,
        now=datetime.now(UTC),
    )
    if not result.created:
        response.status_code = 200
    return {"data": checkout_result(result)}
