"""The cart quote (DOMAIN §5.4 quote algorithm; API.md ``POST /api/v1/cart``, ``GET /api/v1/cart``).

A quote prices a buyer's items on the server (catalog's prices, never the client's) and replaces
the items and vendor groups of the store's one ``active`` cart. It never touches stock.

Three phases, so that no database connection is held while catalog is asked (ARCHITECTURE §1):

1. read (a read session): the buyer's and the vendors' projected stores (gates) and the previous
   quote's unit prices (``price_changed``);
2. catalog's ``products:batch-get`` (no session open);
3. write (one transaction): the active cart is found or created (``INSERT … ON CONFLICT DO
   NOTHING`` on the one-active-cart index, then ``FOR UPDATE``), its rows replaced.

The pricing itself is pure (:func:`build_quote` over ``rules.pricing``), so it is tested without a
database.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from pf_common.db import Database
from pf_common.errors import DependencyError
from pf_common.ids import uuid7
from pf_common.logging import get_logger
from pf_common.principal import Principal
from pf_common.tenancy import active_store_id, is_active_store, scoped
from pf_orders.clients.catalog import CatalogClient, CatalogProduct, CatalogUnavailable
from pf_orders.domain import stores
from pf_orders.domain.errors import (
    CartNotFound,
    LicenceNotVerified,
    NoStoreState,
    ProductNotFound,
    VendorNotFound,
)
from pf_orders.domain.rules import gates, pricing
from pf_orders.models import CartItem, CartRecord, CartVendorGroup

log = get_logger(__name__)

QUOTE_VALIDITY = timedelta(minutes=15)
MAX_ITEMS = 200  # catalog's batch-get and reserve take 200 lines
AD_TOKENS_EXAMINED = 200
CURRENCY = "USD"

OK, NOT_AVAILABLE, INVALID = "ok", "not_available", "invalid"


@dataclass(frozen=True, slots=True)
class QuoteItem:
    product_id: UUID
    vendor_store_id: UUID
    quantity: int


@dataclass(frozen=True, slots=True)
class QuoteRequest:
    items: Sequence[QuoteItem]
    vendor_promos: dict[UUID, tuple[str, ...]] = field(default_factory=dict)
    ad_tokens: Sequence[str] = ()


@dataclass(slots=True)
class PricedItem:
    """A cart item before it is a row (build_quote's output)."""

    product_id: UUID
    vendor_store_id: UUID
    vendor_store_name: str
    title: str
    thumbnail: str | None
    unit: str
    category: str | None
    strain: str | None
    classification: str | None
    quantity: int
    moq: int
    max_qty: int | None
    price: pricing.LinePrice
    status: str
    warnings: list[dict[str, str]]


@dataclass(slots=True)
class PricedGroup:
    vendor_store_id: UUID
    status: str
    warnings: list[dict[str, str]]
    promo: dict[str, Any] | None
    totals: pricing.Totals


@dataclass(slots=True)
class PricedQuote:
    items: list[PricedItem]
    groups: list[PricedGroup]
    subtotal_cents: int
    discounts_cents: int
    total_cents: int


def promo_codes_by_vendor(promos: Iterable[tuple[UUID, str]]) -> dict[UUID, tuple[str, ...]]:
    """The request's promo codes grouped by vendor, in order (API.md §3.4: invalid promos never
    fail the quote, so two codes for one vendor are answered with a warning, not refused)."""
    grouped: dict[UUID, tuple[str, ...]] = {}
    for vendor_id, code in promos:
        grouped[vendor_id] = (*grouped.get(vendor_id, ()), code)
    return grouped


def _warning(kind: str, message: str) -> dict[str, str]:
    return {"type": kind, "message": message}


_CLAMP_MESSAGES = {
    pricing.CLAMPED_TO_MOQ: "quantity raised to the minimum order quantity",
    pricing.CLAMPED_TO_MAX: "quantity lowered to the maximum order quantity",
}


def build_quote(
    request: QuoteRequest,
    *,
    own_vendor_ids: frozenset[UUID],
    products: dict[UUID, CatalogProduct],
    vendor_names: dict[UUID, str],
    previous_prices: dict[UUID, int],
) -> PricedQuote:
    """Steps 4-7 (pure): each item clamped, checked and priced; groups over their ``ok`` items."""
    items: list[PricedItem] = []
    for asked in request.items:
        product = products[asked.product_id]
        quantity, clamps = pricing.clamp_quantity(asked.quantity, product.moq, product.max_qty)
        warnings = [_warning(kind, _CLAMP_MESSAGES[kind]) for kind in clamps]
        status = OK
        if product.store_id != asked.vendor_store_id:
            status = INVALID
            warnings.append(_warning("vendor_mismatch", "the product belongs to another vendor"))
        elif asked.vendor_store_id in own_vendor_ids:
            status = INVALID
            warnings.append(_warning("vendor_invalid", "a store cannot buy its own products"))
        elif not product.is_active or product.available_qty < quantity:
            status = NOT_AVAILABLE
            warnings.append(_warning("not_available", "not available in this quantity"))
        previous = previous_prices.get(asked.product_id)
        if previous is not None and previous != product.price_cents:
            warnings.append(_warning("price_changed", "the price changed since the last quote"))
        tiers = [pricing.Tier(t.min_qty, t.discount_percent) for t in product.volume_discounts]
        items.append(
            PricedItem(
                product_id=product.id,
                vendor_store_id=asked.vendor_store_id,
                vendor_store_name=vendor_names.get(asked.vendor_store_id, ""),
                title=product.title,
                thumbnail=product.thumbnail_url,
                unit=product.unit,
                category=product.category,
                strain=product.strain,
                classification=product.classification,
                quantity=quantity,
                moq=product.moq,
                max_qty=product.max_qty,
                price=pricing.price_line(product.price_cents, quantity, tiers),
                status=status,
                warnings=warnings,
            )
        )
    groups: list[PricedGroup] = []
    for vendor_id in dict.fromkeys(i.vendor_store_id for i in items):
        ok = [i for i in items if i.vendor_store_id == vendor_id and i.status == OK]
        group_warnings: list[dict[str, str]] = []
        codes = request.vendor_promos.get(vendor_id, ())
        if len(codes) > 1:  # one promo per vendor; several are a quote warning, never a failure
            group_warnings.append(
                _warning("invalid_promo", f"one promo code per vendor ({len(codes)} sent): none applies")
            )
        elif codes:  # the vendor-promo lookup is a stub: no promo is ever valid
            group_warnings.append(_warning("invalid_promo", "the promo code is not valid"))
        totals = pricing.group_totals((i.price.line_subtotal_cents, i.price.line_discounts_cents) for i in ok)
        status = OK
        if not ok:
            status = INVALID
            group_warnings.append(_warning("vendor_invalid", "no valid items"))
        groups.append(PricedGroup(vendor_id, status, group_warnings, None, totals))
    return PricedQuote(
        items=items,
        groups=groups,
        subtotal_cents=sum(g.totals.subtotal_cents for g in groups),
        discounts_cents=sum(g.totals.discounts_cents for g in groups),
        total_cents=sum(g.totals.total_cents for g in groups),
    )


def normalize_ad_tokens(tokens: Sequence[str], *, buyer_store_id: UUID) -> list[str]:
    """ADS.md §7 over the first 200 tokens. No token can be verified until the ads service issues
    them (its signing keys), so every one is dropped silently, as §7 says of an invalid token;
    the column and the echo exist for when ads lands."""
    _ = (tokens[:AD_TOKENS_EXAMINED], buyer_store_id)
    return []


@dataclass(frozen=True, slots=True)
class CartView:
    cart: CartRecord
    items: list[CartItem]
    groups: list[CartVendorGroup]


def require_buyer(buyer: stores.Store | None, store_id: UUID) -> str:
    """The buyer's gate (quote step 1, checkout step 1): its state, else 403."""
    if not gates.kyc_verified(buyer):
        raise LicenceNotVerified("buyer", store_id, buyer.kyc_status if buyer else None)
    assert buyer is not None
    state = gates.normalize_state(buyer.state)
    if state is None:
        raise NoStoreState(reason="buyer_no_state")
    return state


def require_vendors_orderable(
    vendor_ids: Sequence[UUID],
    found: dict[UUID, stores.Store],
    *,
    own_vendor_ids: frozenset[UUID],
    state: str,
) -> None:
    """Every distinct vendor but the buyer itself is orderable, else 404 (never telling why)."""
    for vendor_id in vendor_ids:
        if vendor_id not in own_vendor_ids and not gates.vendor_orderable(found.get(vendor_id), state):
            raise VendorNotFound(reason="vendor_hidden")


async def quote_cart(
    db: Database, principal: Principal, request: QuoteRequest, *, catalog: CatalogClient, now: datetime
) -> CartView:
    """Price ``request`` for the principal's store and make it the store's active cart."""
    buyer_id = active_store_id(principal)
    vendor_ids = list(dict.fromkeys(i.vendor_store_id for i in request.items))
    own = frozenset(v for v in vendor_ids if is_active_store(principal, v))  # a vendor buying (G-2)
    # 1. read: gates and the previous quote's prices
    async with db.read() as session:
        found = await stores.get_stores(session, [buyer_id, *vendor_ids])
        state = require_buyer(found.get(buyer_id), buyer_id)
        require_vendors_orderable(vendor_ids, found, own_vendor_ids=own, state=state)
        previous_prices = await _active_cart_prices(session, principal)
    # 2. catalog, with no connection held
    products = await fetch_products(catalog, [i.product_id for i in request.items])
    missing = [i.product_id for i in request.items if i.product_id not in products]
    if missing:
        raise ProductNotFound(reason="product_unknown")
    priced = build_quote(
        request,
        own_vendor_ids=own,
        products=products,
        vendor_names={v: stores.display_name(found.get(v)) for v in vendor_ids},
        previous_prices=previous_prices,
    )
    tokens = normalize_ad_tokens(request.ad_tokens, buyer_store_id=buyer_id)
    # 3. write: replace the active cart's rows in one transaction
    async with db.transaction() as session:
        cart = await _lock_active_cart(session, principal, now=now)
        await session.execute(sa.delete(CartItem).where(col(CartItem.cart_id) == cart.id))
        await session.execute(sa.delete(CartVendorGroup).where(col(CartVendorGroup.cart_id) == cart.id))
        items = [_item_row(cart.id, n, item, now) for n, item in enumerate(priced.items)]
        groups = [_group_row(cart.id, group, now) for group in priced.groups]
        session.add_all([*items, *groups])
        cart.subtotal_cents = priced.subtotal_cents
        cart.discounts_cents = priced.discounts_cents
        cart.total_cents = priced.total_cents
        cart.valid_until = now + QUOTE_VALIDITY
        cart.ad_tokens = tokens
        cart.updated_at = now
        await session.flush()
    log.info(
        "orders.quote.priced",
        cart_id=str(cart.id),
        items=len(items),
        vendors=len(groups),
        total_cents=cart.total_cents,
    )
    return CartView(cart, items, groups)


async def fetch_products(catalog: CatalogClient, ids: Sequence[UUID]) -> dict[UUID, CatalogProduct]:
    """catalog's view of ``ids``; catalog unreachable is 503 (the caller retries)."""
    try:
        return await catalog.batch_get(ids)
    except CatalogUnavailable as exc:
        log.warning("orders.catalog.unavailable", operation="batch_get", error=str(exc)[:200])
        raise DependencyError("catalog unavailable", details={"dependency": "catalog"}) from exc


async def _active_cart_prices(session: AsyncSession, principal: Principal) -> dict[UUID, int]:
    rows = await session.execute(
        scoped(
            sa.select(col(CartItem.product_id), col(CartItem.unit_price_cents))
            .join(CartRecord, col(CartRecord.id) == CartItem.cart_id)
            .where(col(CartRecord.status) == "active"),
            CartRecord,
            principal,
            column="buyer_store_id",
        )
    )
    return {product_id: price for product_id, price in rows.all()}


async def _lock_active_cart(session: AsyncSession, principal: Principal, *, now: datetime) -> CartRecord:
    """The store's active cart, created when there is none, locked for this transaction."""
    buyer_id = active_store_id(principal)
    await session.execute(
        insert(CartRecord)
        .values(
            id=uuid7(),
            buyer_store_id=buyer_id,
            status="active",
            tip_cents=0,
            currency=CURRENCY,
            valid_until=now + QUOTE_VALIDITY,
            subtotal_cents=0,
            discounts_cents=0,
            total_cents=0,
            created_at=now,
            updated_at=now,
        )
        .on_conflict_do_nothing(index_elements=["buyer_store_id"], index_where=sa.text("status = 'active'"))
    )
    cart = (
        await session.execute(
            scoped(
                sa.select(CartRecord).where(col(CartRecord.status) == "active"),
                CartRecord,
                principal,
                column="buyer_store_id",
            )
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    ).scalar_one()
    return cart


def _item_row(cart_id: UUID, position: int, item: PricedItem, now: datetime) -> CartItem:
    price = item.price
    return CartItem(
        id=uuid7(),
        cart_id=cart_id,
        position=position,
        product_id=item.product_id,
        vendor_store_id=item.vendor_store_id,
        vendor_store_name=item.vendor_store_name,
        title=item.title,
        thumbnail=item.thumbnail,
        unit=item.unit,
        category=item.category,
        strain=item.strain,
        classification=item.classification,
        quantity=item.quantity,
        moq=item.moq,
        max_qty=item.max_qty,
        unit_price_cents=price.unit_price_cents,
        effective_unit_price_cents=price.effective_unit_price_cents,
        line_subtotal_cents=price.line_subtotal_cents,
        line_discounts_cents=price.line_discounts_cents,
        line_total_cents=price.line_total_cents,
        applied_volume_discount=(
            {"label": price.applied.label, "amount_cents": price.applied.amount_cents}
            if price.applied
            else None
        ),
        status=item.status,
        warnings=item.warnings,
        created_at=now,
        updated_at=now,
    )


def _group_row(cart_id: UUID, group: PricedGroup, now: datetime) -> CartVendorGroup:
    t = group.totals
    return CartVendorGroup(
        id=uuid7(),
        cart_id=cart_id,
        vendor_store_id=group.vendor_store_id,
        status=group.status,
        warnings=group.warnings,
        promo=group.promo,
        subtotal_cents=t.subtotal_cents,
        line_discounts_cents=t.line_discounts_cents,
        promo_discount_cents=t.promo_discount_cents,
        discounts_cents=t.discounts_cents,
        total_cents=t.total_cents,
        created_at=now,
        updated_at=now,
    )


async def get_active_cart(session: AsyncSession, principal: Principal) -> CartView:
    """The store's active cart with its rows, else 404."""
    cart = (
        await session.execute(
            scoped(
                sa.select(CartRecord).where(col(CartRecord.status) == "active"),
                CartRecord,
                principal,
                column="buyer_store_id",
            )
        )
    ).scalar_one_or_none()
    if cart is None:
        raise CartNotFound(reason="no_active_cart")
    return await load_cart_rows(session, cart)


async def load_cart_rows(session: AsyncSession, cart: CartRecord) -> CartView:
    items = (
        await session.execute(
            sa.select(CartItem).where(col(CartItem.cart_id) == cart.id).order_by(col(CartItem.position))
        )
    ).scalars()
    groups = (
        await session.execute(
            sa.select(CartVendorGroup)
            .where(col(CartVendorGroup.cart_id) == cart.id)
            .order_by(col(CartVendorGroup.created_at), col(CartVendorGroup.id))
        )
    ).scalars()
    return CartView(cart, list(items), list(groups))
