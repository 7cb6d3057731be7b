"""The buyer's cart (API.md §3.4): ``POST /api/v1/cart`` (quote) and ``GET /api/v1/cart``.

A quote is for the caller's active store (``buyer_store_id`` must be it: 403 otherwise), a buyer or
a vendor buying (DOMAIN §4.4, G-2) with a STAFF role. Items are 1-200 (catalog prices and reserves
200 lines per call), each product at most once, quantities 1-1,000,000. Invalid promos and ad
tokens never fail a quote.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from typing import Annotated, Final
from uuid import UUID

from fastapi import Depends, Request
from pydantic import ConfigDict, Field, StrictInt, StringConstraints, field_validator

from pf_common.db_http import ReadSession, get_database
from pf_common.errors import Forbidden
from pf_common.guards import require_store
from pf_common.idempotency import Idempotent
from pf_common.openapi import errors
from pf_common.principal import READ, STAFF, Principal
from pf_common.routing import APIRouter
from pf_common.schemas import Strict, rules, unique_by
from pf_orders.api.deps import IDEMPOTENCY_HOURS, Ctx
from pf_orders.api.views import CartQuote, cart_quote
from pf_orders.domain import carts

router = APIRouter(tags=["orders"])

Staff = Annotated[Principal, Depends(require_store(roles=STAFF))]
Reader = Annotated[Principal, Depends(require_store(roles=READ))]

MAX_QTY: Final = 1_000_000
MAX_AD_TOKENS: Final = 1000  # only the first 200 are examined (ADS.md §7)


class QuoteItemIn(Strict):
    product_id: UUID
    vendor_store_id: UUID
    quantity: Annotated[StrictInt, Field(ge=1, le=MAX_QTY)]


class VendorPromoIn(Strict):
    vendor_store_id: UUID
    code: Annotated[str, StringConstraints(min_length=1, max_length=64)]


class QuoteIn(Strict):
    # each product at most once (a 400 naming `items`), stated for clients under x-pf-rules
    model_config = ConfigDict(json_schema_extra=rules(unique_by("items", "product_id")))

    buyer_store_id: UUID
    items: Annotated[
        list[QuoteItemIn],
        Field(
            min_length=1,
            description=f"1-{carts.MAX_ITEMS} lines (catalog prices and reserves {carts.MAX_ITEMS} a call)",
            json_schema_extra={"maxItems": carts.MAX_ITEMS},
        ),
    ]
    vendor_promos: Annotated[list[VendorPromoIn], Field(max_length=carts.MAX_ITEMS)] = []
    ad_tokens: Annotated[
        list[Annotated[str, StringConstraints(max_length=4096)]], Field(max_length=MAX_AD_TOKENS)
    ] = []

    @field_validator("items")
    @classmethod
    def _one_line_per_product(cls, items: list[QuoteItemIn]) -> list[QuoteItemIn]:
        if len(items) > carts.MAX_ITEMS:
            raise ValueError(
                f"at most {carts.MAX_ITEMS} lines per cart (catalog reserves {carts.MAX_ITEMS} lines "
                "a call); split the order into several carts"
            )
        dupes = [str(p) for p, n in Counter(i.product_id for i in items).items() if n > 1]
        if dupes:
            raise ValueError(f"each product at most once (repeated: {', '.join(sorted(dupes))})")
        return items


class StoreMismatch(Forbidden):
    default_message = "buyer_store_id is not the active store"


@router.post(
    "/api/v1/cart",
    dependencies=[Idempotent(hours=IDEMPOTENCY_HOURS)],
    responses=errors(
        403,
        404,
        503,
        notes={
            403: "`buyer_store_id` is not the active store, the buyer's licence is not verified "
            "(`details.party`), or the store has no address state",
            404: "a product is unknown, or a vendor is unknown or hidden from the buyer",
            503: "catalog is unavailable",
        },
    ),
)
async def quote(body: QuoteIn, request: Request, principal: Staff, ctx: Ctx) -> dict[str, CartQuote]:
    if body.buyer_store_id != principal.store_id:
        raise StoreMismatch(reason="buyer_store_mismatch")
    view = await carts.quote_cart(
        get_database(request),
        principal,
        carts.QuoteRequest(
            items=[carts.QuoteItem(i.product_id, i.vendor_store_id, i.quantity) for i in body.items],
            vendor_promos=carts.promo_codes_by_vendor(
                (p.vendor_store_id, p.code) for p in body.vendor_promos
            ),
            ad_tokens=body.ad_tokens,
        ),
        catalog=ctx.catalog,
        now=datetime.now(UTC),
    )
    return {"data": cart_quote(view)}


@router.get("/api/v1/cart", responses=errors(404, notes={404: "the store has no active cart"}))
async def get_cart(session: ReadSession, principal: Reader) -> dict[str, CartQuote]:
    return {"data": cart_quote(await carts.get_active_cart(session, principal))}
