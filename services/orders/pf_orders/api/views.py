"""Response shapes of orders (API.md §2 CartQuote, CheckoutResult, LineItemView, ...), built from rows."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel

from pf_orders.domain.carts import CartView


class Warning_(BaseModel):
    type: str
    message: str


class AppliedVolumeDiscount(BaseModel):
    label: str
    amount_cents: int


class VendorGroupView(BaseModel):
    vendor_store_id: UUID
    status: str
    warnings: list[Warning_]
    promo: dict[str, Any] | None = None
    subtotal_cents: int
    line_discounts_cents: int
    promo_discount_cents: int
    discounts_cents: int
    total_cents: int


class CartItemView(BaseModel):
    id: UUID
    product_id: UUID
    vendor_store_id: UUID
    vendor_store_name: str
    title: str
    thumbnail: str | None = None
    unit: str
    quantity: int
    moq: int
    max_qty: int | None = None
    unit_price_cents: int
    effective_unit_price_cents: int
    line_subtotal_cents: int
    line_discounts_cents: int
    line_total_cents: int
    applied_volume_discount: AppliedVolumeDiscount | None = None
    status: str
    warnings: list[Warning_]
    created_at: datetime
    updated_at: datetime


class CartQuote(BaseModel):
    id: UUID
    buyer_store_id: UUID
    checkout_group_id: UUID | None = None
    status: str
    shipping_address: dict[str, Any] | None = None
    billing_address: dict[str, Any] | None = None
    currency: str
    valid_until: datetime
    subtotal_cents: int
    discounts_cents: int
    total_cents: int
    tip_cents: int
    ad_tokens: list[str]
    vendor_groups: list[VendorGroupView]
    items: list[CartItemView]
    created_at: datetime
    updated_at: datetime


def cart_quote(view: CartView) -> CartQuote:
    cart = view.cart
    return CartQuote(
        id=cart.id,
        buyer_store_id=cart.buyer_store_id,
        checkout_group_id=cart.checkout_group_id,
        status=cart.status,
        shipping_address=cart.shipping_address,
        billing_address=cart.billing_address,
        currency=cart.currency,
        valid_until=cart.valid_until,
        subtotal_cents=cart.subtotal_cents,
        discounts_cents=cart.discounts_cents,
        total_cents=cart.total_cents,
        tip_cents=cart.tip_cents,
        ad_tokens=list(cart.ad_tokens or []),
        vendor_groups=[VendorGroupView.model_validate(g, from_attributes=True) for g in view.groups],
        items=[CartItemView.model_validate(i, from_attributes=True) for i in view.items],
        created_at=cart.created_at,
        updated_at=cart.updated_at,
    )


class LineItemView(BaseModel):
    line_item_id: UUID
    product_id: UUID | None = None
    product_name: str
    thumbnail: str | None = None
    qty: int
    unit: str
    unit_price_cents: int
    discount_cents: int
    total_cents: int
    status: str
    notes: str | None = None


class CheckoutVendorOrder(BaseModel):
    order_id: UUID
    order_number: int
    vendor_store_id: UUID
    status: str
    subtotal_cents: int
    discount_cents: int
    tax_cents: int
    transport_fee_cents: int
    total_cents: int
    balance_due_cents: int
    items: list[LineItemView]


class RejectedVendor(BaseModel):
    vendor_store_id: UUID
    line_items: list[LineItemView]
    warnings: list[Warning_]


class CheckoutResultView(BaseModel):
    checkout_group_id: UUID
    cart_id: UUID
    shipping_address: dict[str, Any] | None = None
    billing_address: dict[str, Any] | None = None
    payment_method: str | None = None
    shipping_line: dict[str, Any] | None = None
    tip_cents: int
    vendor_orders: list[CheckoutVendorOrder]
    rejected_vendors: list[RejectedVendor]


def line_item_view(line: Any) -> LineItemView:
    """An ``OrderLineItem`` row as LineItemView."""
    return LineItemView(
        line_item_id=line.id,
        product_id=line.product_id,
        product_name=line.name,
        thumbnail=line.thumbnail,
        qty=line.qty,
        unit=line.unit,
        unit_price_cents=line.unit_price_cents,
        discount_cents=line.discount_cents,
        total_cents=line.total_cents,
        status=line.status,
        notes=line.notes,
    )


def unordered_item_view(item: Any) -> LineItemView:
    """A cart item that got no order line (its vendor had nothing orderable): rejected, with the
    quote's first warning as the note."""
    warnings = item.warnings or []
    return LineItemView(
        line_item_id=item.id,
        product_id=item.product_id,
        product_name=item.title,
        thumbnail=item.thumbnail,
        qty=item.quantity,
        unit=item.unit,
        unit_price_cents=item.unit_price_cents,
        discount_cents=item.line_discounts_cents,
        total_cents=item.line_total_cents,
        status="rejected",
        notes=warnings[0]["type"] if warnings else item.status,
    )


def checkout_result(result: Any) -> CheckoutResultView:
    cart = result.cart
    return CheckoutResultView(
        checkout_group_id=cart.checkout_group_id,
        cart_id=cart.id,
        shipping_address=cart.shipping_address,
        billing_address=cart.billing_address,
        payment_method=cart.payment_method,
        shipping_line=cart.shipping_line,
        tip_cents=cart.tip_cents,
        vendor_orders=[
            CheckoutVendorOrder(
                order_id=order.id,
                order_number=order.order_number,
                vendor_store_id=order.vendor_store_id,
                status=order.status,
                subtotal_cents=order.subtotal_cents,
                discount_cents=order.discounts_cents,
                tax_cents=order.tax_cents,
                transport_fee_cents=order.transport_fee_cents,
                total_cents=order.total_cents,
                balance_due_cents=order.balance_due_cents,
                items=[line_item_view(line) for line in lines],
            )
            for order, lines in result.orders
        ],
        rejected_vendors=[
            RejectedVendor(
                vendor_store_id=group.vendor_store_id,
                line_items=[unordered_item_view(i) for i in items],
                warnings=[Warning_.model_validate(w) for w in group.warnings or []],
            )
            for group, items in result.rejected_vendors
        ],
    )
