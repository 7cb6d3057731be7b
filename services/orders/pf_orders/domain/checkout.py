"""Checkout (DOMAIN §5.4 checkout algorithm; API.md ``POST /api/v1/checkout``).

Read, reserve, then write — no database transaction is open while catalog is called
(ARCHITECTURE §1):

1. **read** (a read session): the cart (the caller's store; 404 otherwise). A converted cart
   answers the original result (200, nothing changes); an expired quote is 409; no ``ok`` item is
   409; the buyer's licence, every vendor's licence (403 naming the party) and visibility (404) are
   checked again on orders' store projection; ACH with the flag off is 400.
2. **catalog**: the ok items' products again. A quantity below the current MOQ or above a non-zero
   ``max_qty`` is 422 with ``details.violations``; a product gone or inactive is a line that will
   be rejected (``not_available``). Then one reservation call for every other line: reservation id
   = line item id, reservation ``order_id`` = vendor order id (catalog's consumers confirm by these
   on ``order_created``); any refusal (``insufficient_inventory``, ``unknown_product``,
   ``reservation_released``) rejects that line.
3. **write** (one transaction): the cart converts through one guarded ``UPDATE … WHERE status =
   'active'``; the vendor orders (unique per checkout group and vendor), their lines and the
   outbox rows (one ``order_created`` per vendor order, one ``checkout_converted``) commit with it.
   A checkout that loses the conversion race (another key converted the cart meanwhile) or whose
   transaction fails releases its holds; the loser answers the winner's result.

Totals follow G-4: each vendor order is recomputed from its reserved lines with post-discount line
totals; a vendor order with no reserved line is ``rejected`` with balance 0.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from pf_common.db import Database
from pf_common.errors import StateConflict
from pf_common.events.orders import CheckoutConvertedV1
from pf_common.ids import uuid7
from pf_common.logging import get_logger
from pf_common.outbox import emit
from pf_common.principal import Principal
from pf_common.tenancy import active_store_id, scoped
from pf_orders.clients.catalog import CatalogClient, CatalogProduct, ReservationLine
from pf_orders.domain import carts, holds, stores, vendor_orders
from pf_orders.domain.errors import (
    CartNotFound,
    LicenceNotVerified,
    MoqViolation,
    NothingOrderable,
    QuoteExpired,
    VendorNotFound,
)
from pf_orders.domain.rules import gates, pricing
from pf_orders.models import CartItem, CartRecord, CartVendorGroup, OrderLineItem, VendorOrder

log = get_logger(__name__)

CREATED_PENDING, REJECTED = "created_pending", "rejected"
PENDING_LINE, REJECTED_LINE = "pending", "rejected"


@dataclass(frozen=True, slots=True)
class CheckoutRequest:
    cart_id: UUID
    shipping_address: dict[str, Any]
    billing_address: dict[str, Any] | None
    payment_method: str
    shipping_line: dict[str, Any] | None
    tip_cents: int


@dataclass(slots=True)
class CheckoutResult:
    """What the route answers: the cart, its vendor orders with their lines, and the vendors of the
    quote that got no order (no orderable item) with their items."""

    cart: CartRecord
    orders: list[tuple[VendorOrder, list[OrderLineItem]]]
    rejected_vendors: list[tuple[CartVendorGroup, list[CartItem]]]
    created: bool = False  # 201 when this call converted the cart, 200 when it already was


@dataclass(slots=True)
class _Plan:
    """Phase 1's findings, as plain values (they outlive the read session)."""

    cart_id: UUID
    buyer_store_id: UUID
    ad_tokens: list[str]
    ok_items: list[CartItem]
    groups: dict[UUID, CartVendorGroup]
    parties: dict[UUID, stores.Store] = field(default_factory=dict)


class AchDisabled(StateConflict):
    """422: ACH is a payment method of the contract that this deployment has switched off."""

    default_message = "payment method ach is not enabled"


async def checkout_cart(
    db: Database,
    principal: Principal,
    request: CheckoutRequest,
    *,
    catalog: CatalogClient,
    allow_ach: bool,
    now: datetime,
) -> CheckoutResult:
    active_store_id(principal)  # 403 without an active store, before anything else
    if request.payment_method == "ach" and not allow_ach:
        raise AchDisabled(details={"payment_method": "ach is not enabled; use cash"}, reason="ach_disabled")
    # 1. read
    async with db.read() as session:
        cart = await _get_cart(session, principal, request.cart_id)
        if cart.status == "converted":
            return await load_result(session, cart)
        plan = await _plan(session, cart, now=now)
    # 2. catalog: products again, then the holds
    products = await carts.fetch_products(catalog, [i.product_id for i in plan.ok_items])
    _check_order_limits(plan.ok_items, products)
    checkout_group_id = uuid7()
    order_ids = {vendor_id: uuid7() for vendor_id in dict.fromkeys(i.vendor_store_id for i in plan.ok_items)}
    line_ids = {item.id: uuid7() for item in plan.ok_items}
    reservable = [i for i in plan.ok_items if _orderable(products.get(i.product_id))]
    reserved, reasons = await _reserve(catalog, checkout_group_id, reservable, order_ids, line_ids)
    for item in plan.ok_items:
        if item.id not in reserved and item.id not in reasons:
            reasons[item.id] = "not_available"
    # 3. write, releasing the holds when the cart is not ours to convert or the commit fails
    held = [line_ids[i] for i in reserved]
    try:
        async with db.transaction() as session:
            converted = await _convert(session, plan, request, checkout_group_id, now=now)
            if converted:
                result = await _create_orders(
                    session, plan, request, checkout_group_id, order_ids, line_ids, reserved, reasons, now=now
                )
    except BaseException:
        await holds.release(catalog, held, why="commit_failed")
        raise
    if not converted:
        await holds.release(catalog, held, why="cart_converted_meanwhile")
        async with db.read() as session:
            return await load_result(session, await _get_cart(session, principal, request.cart_id))
    log.info(
        "orders.checkout.completed",
        checkout_group_id=str(checkout_group_id),
        vendor_orders=len(result.orders),
        reserved_lines=len(reserved),
        rejected_lines=len(reasons),
    )
    return result


async def _get_cart(session: AsyncSession, principal: Principal, cart_id: UUID) -> CartRecord:
    cart = (
        await session.execute(
            scoped(
                sa.select(CartRecord).where(col(CartRecord.id) == cart_id),
                CartRecord,
                principal,
                column="buyer_store_id",
            )
        )
    ).scalar_one_or_none()
    if cart is None:
        raise CartNotFound(reason="cart_not_found")
    return cart


async def _plan(session: AsyncSession, cart: CartRecord, *, now: datetime) -> _Plan:
    if cart.valid_until <= now:
        raise QuoteExpired(reason="quote_expired")
    view = await carts.load_cart_rows(session, cart)
    ok_items = [i for i in view.items if i.status == carts.OK]
    if not ok_items:
        raise NothingOrderable(reason="no_orderable_items")
    vendor_ids = list(dict.fromkeys(i.vendor_store_id for i in ok_items))
    parties = await stores.get_stores(session, [cart.buyer_store_id, *vendor_ids])
    state = carts.require_buyer(parties.get(cart.buyer_store_id), cart.buyer_store_id)
    for vendor_id in vendor_ids:
        vendor = parties.get(vendor_id)
        if vendor is not None and vendor.type == "vendor" and not gates.kyc_verified(vendor):
            raise LicenceNotVerified("vendor", vendor_id, vendor.kyc_status)
        if not gates.vendor_orderable(vendor, state):
            raise VendorNotFound(reason="vendor_hidden")
    for row in (*view.items, *view.groups):
        session.expunge(row)  # plain values from here on: the read session closes before catalog
    session.expunge(cart)
    return _Plan(
        cart_id=cart.id,
        buyer_store_id=cart.buyer_store_id,
        ad_tokens=list(cart.ad_tokens or []),
        ok_items=ok_items,
        groups={g.vendor_store_id: g for g in view.groups},
        parties=parties,
    )


def _orderable(product: CatalogProduct | None) -> bool:
    return product is not None and product.is_active


def _check_order_limits(items: Sequence[CartItem], products: dict[UUID, CatalogProduct]) -> None:
    """Checkout step 1: a quoted quantity that no longer meets the product's MOQ or max is 422."""
    violations = []
    for item in items:
        product = products.get(item.product_id)
        if product is None or not product.is_active:
            continue  # rejected as not available, not a violation
        too_few = item.quantity < product.moq
        too_many = product.max_qty is not None and product.max_qty > 0 and item.quantity > product.max_qty
        if too_few or too_many:
            violations.append(
                {
                    "product_id": str(item.product_id),
                    "product_name": product.title,
                    "required_qty": product.moq if too_few else product.max_qty,
                    "requested_qty": item.quantity,
                }
            )
    if violations:
        raise MoqViolation(details={"violations": violations}, reason="moq_violation")


async def _reserve(
    catalog: CatalogClient,
    checkout_group_id: UUID,
    items: Sequence[CartItem],
    order_ids: dict[UUID, UUID],
    line_ids: dict[UUID, UUID],
) -> tuple[set[UUID], dict[UUID, str]]:
    """Hold every line in one call: (cart item ids reserved, cart item id -> refusal reason)."""
    lines = [
        ReservationLine(line_ids[i.id], order_ids[i.vendor_store_id], i.product_id, i.quantity) for i in items
    ]
    results = await holds.reserve(catalog, checkout_group_id, lines)
    by_line = {r.reservation_id: r for r in results}
    reserved: set[UUID] = set()
    reasons: dict[UUID, str] = {}
    for item in items:
        outcome = by_line[line_ids[item.id]]
        if outcome.reserved:
            reserved.add(item.id)
        else:
            reasons[item.id] = outcome.reason or "insufficient_inventory"
    return reserved, reasons


async def _convert(
    session: AsyncSession, plan: _Plan, request: CheckoutRequest, checkout_group_id: UUID, *, now: datetime
) -> bool:
    """The one guarded UPDATE that converts the cart; False when another checkout did it first."""
    converted = await session.execute(
        sa.update(CartRecord)
        .where(col(CartRecord.id) == plan.cart_id, col(CartRecord.status) == "active")
        .values(
            status="converted",
            checkout_group_id=checkout_group_id,
            converted_at=now,
            shipping_address=request.shipping_address,
            billing_address=request.billing_address or request.shipping_address,
            payment_method=request.payment_method,
            shipping_line=request.shipping_line,
            tip_cents=request.tip_cents,
            updated_at=now,
        )
        .returning(col(CartRecord.id))
    )
    return converted.first() is not None


async def _create_orders(
    session: AsyncSession,
    plan: _Plan,
    request: CheckoutRequest,
    checkout_group_id: UUID,
    order_ids: dict[UUID, UUID],
    line_ids: dict[UUID, UUID],
    reserved: set[UUID],
    reasons: dict[UUID, str],
    *,
    now: datetime,
) -> CheckoutResult:
    buyer = plan.parties.get(plan.buyer_store_id)
    orders: list[tuple[VendorOrder, list[OrderLineItem]]] = []
    for vendor_id, order_id in order_ids.items():
        items = [i for i in plan.ok_items if i.vendor_store_id == vendor_id]
        lines = [
            _line_row(line_ids[item.id], order_id, n, item, reserved, reasons, now)
            for n, item in enumerate(items)
        ]
        group = plan.groups.get(vendor_id)
        amounts = pricing.order_totals(
            (
                (line.line_subtotal_cents, line.discount_cents)
                for line in lines
                if line.status != REJECTED_LINE
            ),
            promo_discount_cents=group.promo_discount_cents if group is not None else 0,
        )
        status = CREATED_PENDING if any(line.status == PENDING_LINE for line in lines) else REJECTED
        order = VendorOrder(
            id=order_id,
            cart_id=plan.cart_id,
            checkout_group_id=checkout_group_id,
            buyer_store_id=plan.buyer_store_id,
            vendor_store_id=vendor_id,
            status=status,
            fulfillment_status="pending",
            shipping_status="pending",
            payment_status="unpaid",
            refund_status="none",
            payment_method=request.payment_method,
            currency=carts.CURRENCY,
            shipping_address=request.shipping_address,
            billing_address=request.billing_address or request.shipping_address,
            shipping_line=request.shipping_line,
            subtotal_cents=amounts.subtotal_cents,
            discounts_cents=amounts.discounts_cents,
            promo_discount_cents=amounts.discounts_cents
            - sum(line.discount_cents for line in lines if line.status != REJECTED_LINE),
            tax_cents=0,
            transport_fee_cents=0,
            total_cents=amounts.total_cents,
            balance_due_cents=amounts.total_cents if status == CREATED_PENDING else 0,
            warnings=group.warnings if group is not None else None,
            promo=group.promo if group is not None else None,
            buyer_snapshot=stores.contact_snapshot(buyer),
            vendor_snapshot=stores.contact_snapshot(plan.parties.get(vendor_id)),
            created_at=now,
            updated_at=now,
        )
        session.add(order)
        session.add_all(lines)
        orders.append((order, lines))
    await session.flush()  # order numbers come back from the sequence
    for order, lines in orders:
        await emit(session, vendor_orders.order_created_event(order, lines))
    await emit(
        session,
        CheckoutConvertedV1(
            checkout_group_id=checkout_group_id,
            cart_id=plan.cart_id,
            buyer_store_id=plan.buyer_store_id,
            vendor_order_ids=[o.id for o, _ in orders],
            vendor_store_ids=[o.vendor_store_id for o, _ in orders],
            rejected_vendor_store_ids=[o.vendor_store_id for o, _ in orders if o.status == REJECTED],
            payment_method=request.payment_method,
            currency=carts.CURRENCY,
            subtotal_cents=sum(o.subtotal_cents for o, _ in orders),
            discounts_cents=sum(o.discounts_cents for o, _ in orders),
            total_cents=sum(o.total_cents for o, _ in orders),
            tip_cents=request.tip_cents,
            converted_at=now,
        ),
    )
    cart = await session.get_one(CartRecord, plan.cart_id)
    rejected_vendors: list[tuple[CartVendorGroup, list[CartItem]]] = [
        (group, []) for vendor_id, group in plan.groups.items() if vendor_id not in order_ids
    ]
    result = CheckoutResult(cart=cart, orders=orders, rejected_vendors=rejected_vendors, created=True)
    await _fill_rejected_vendor_items(session, result)
    return result


def _line_row(
    line_id: UUID,
    order_id: UUID,
    position: int,
    item: CartItem,
    reserved: set[UUID],
    reasons: dict[UUID, str],
    now: datetime,
) -> OrderLineItem:
    ok = item.id in reserved
    return OrderLineItem(
        id=line_id,
        order_id=order_id,
        position=position,
        product_id=item.product_id,
        cart_item_id=item.id,
        name=item.title,
        category=item.category or "accessory",
        strain=item.strain,
        classification=item.classification,
        unit=item.unit,
        thumbnail=item.thumbnail,
        unit_price_cents=item.unit_price_cents,
        moq=item.moq,
        max_qty=item.max_qty,
        qty=item.quantity,
        discount_cents=item.line_discounts_cents,
        line_subtotal_cents=item.line_subtotal_cents,
        total_cents=item.line_total_cents,
        warnings=item.warnings,
        applied_volume_discount=item.applied_volume_discount,
        status=PENDING_LINE if ok else REJECTED_LINE,
        notes=None if ok else reasons.get(item.id, "insufficient_inventory"),
        created_at=now,
        updated_at=now,
    )


async def load_result(session: AsyncSession, cart: CartRecord) -> CheckoutResult:
    """The result of a converted cart, as its checkout answered it (a repeat is a read)."""
    orders = list(
        (
            await session.execute(
                sa.select(VendorOrder)
                .where(col(VendorOrder.checkout_group_id) == cart.checkout_group_id)
                .order_by(col(VendorOrder.id))
            )
        ).scalars()
    )
    lines = (
        await session.execute(
            sa.select(OrderLineItem)
            .where(col(OrderLineItem.order_id).in_([o.id for o in orders]))
            .order_by(col(OrderLineItem.order_id), col(OrderLineItem.position))
        )
    ).scalars()
    by_order: dict[UUID, list[OrderLineItem]] = {o.id: [] for o in orders}
    for line in lines:
        by_order[line.order_id].append(line)
    view = await carts.load_cart_rows(session, cart)
    ordered = {o.vendor_store_id for o in orders}
    result = CheckoutResult(
        cart=cart,
        orders=[(o, by_order[o.id]) for o in orders],
        rejected_vendors=[(g, []) for g in view.groups if g.vendor_store_id not in ordered],
    )
    await _fill_rejected_vendor_items(session, result)
    session.expunge_all()  # plain values: a read session expires what it loaded when it closes
    return result


async def _fill_rejected_vendor_items(session: AsyncSession, result: CheckoutResult) -> None:
    if not result.rejected_vendors:
        return
    vendor_ids = [g.vendor_store_id for g, _ in result.rejected_vendors]
    items = (
        await session.execute(
            sa.select(CartItem)
            .where(col(CartItem.cart_id) == result.cart.id, col(CartItem.vendor_store_id).in_(vendor_ids))
            .order_by(col(CartItem.position))
        )
    ).scalars()
    by_vendor: dict[UUID, list[CartItem]] = {v: [] for v in vendor_ids}
    for item in items:
        by_vendor[item.vendor_store_id].append(item)
    result.rejected_vendors = [(g, by_vendor[g.vendor_store_id]) for g, _ in result.rejected_vendors]
