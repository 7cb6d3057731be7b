"""Response shapes of the order reads (API.md §2 OrderStoreSummary, OrderSummary, OrderDetail,
PaymentIntentView, AssignmentView; §3.4 checkout confirmation and a vendor's order history),
built from ``domain.order_queries`` results.

An OrderSummary names the *other* party only: ``vendor`` for a buyer, ``buyer`` for a vendor (the
absent key is left out of the JSON, not sent as null). An internal caller has no perspective: its
``order`` carries both. Parties come from the order's contact snapshots (taken at checkout), so a
later rename does not rewrite past orders.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, SerializerFunctionWrapHandler, ValidationError, model_serializer

from pf_common.logging import get_logger
from pf_common.pagination import PaginationDTO
from pf_orders.api.views import LineItemView, VendorGroupView, Warning_, line_item_view
from pf_orders.domain import order_queries
from pf_orders.models import OrderLineItem, OrderPayment, VendorOrder

log = get_logger(__name__)

_PARTIES = ("buyer", "vendor")


class OrderStoreSummary(BaseModel):
    id: UUID
    company_name: str
    dba_name: str | None = None
    logo_url: str | None = None
    address: dict[str, Any] | None = None
    phone: str | None = None


class ShippingLineView(BaseModel):
    code: str
    title: str
    price_cents: int


class OrderSummary(BaseModel):
    """API.md §2 OrderSummary; ``buyer`` or ``vendor`` is the other party (both for internal callers)."""

    id: UUID
    order_number: int
    created_at: datetime
    status: str
    total_cents: int
    discount_cents: int
    total_items: int
    payment_status: str
    fulfillment_status: str
    shipping_status: str
    buyer: OrderStoreSummary | None = None
    vendor: OrderStoreSummary | None = None
    delivered_at: datetime | None = None
    shipping: ShippingLineView | None = None

    # no return annotation on purpose: pydantic would take it as the serialised schema (the
    # OpenAPI document keeps the fields above)
    @model_serializer(mode="wrap")
    def _only_the_parties_shown(self, handler: SerializerFunctionWrapHandler):
        data = handler(self)
        for party in _PARTIES:
            if data.get(party) is None:
                data.pop(party, None)
        return data


class OrderDetailOrder(OrderSummary):
    """OrderDetail's ``order``: OrderSummary plus its money, checkout group, address and notes."""

    subtotal_cents: int
    discounts_cents: int
    tax_cents: int
    transport_fee_cents: int
    balance_due_cents: int
    checkout_group_id: UUID
    shipping_address: dict[str, Any] | None = None
    notes: str | None = None


class OrderLineView(BaseModel):
    id: UUID
    name: str
    thumbnail: str | None = None
    category: str
    strain: str | None = None
    classification: str | None = None
    unit: str
    unit_price_cents: int
    quantity: int
    discount_cents: int
    total_cents: int
    status: str
    notes: str | None = None


class PaymentIntentView(BaseModel):
    """finance's payment intent as orders' projection has it (``id`` null until an event named it)."""

    id: UUID | None = None
    method: str
    status: str
    amount_cents: int
    cash_collected_at: datetime | None = None
    vendor_paid_at: datetime | None = None
    failure_reason: str | None = None


class AssignmentView(BaseModel):
    """logistics' active assignment as orders' projection has it. ``assigned_at`` is null while a
    pickup or delivery fact arrived before its ``order_assigned`` (events may come in any order)."""

    id: UUID
    agent_user_id: UUID
    assigned_by_user_id: UUID | None = None
    assigned_at: datetime | None = None
    unassigned_at: datetime | None = None
    pickup_time: datetime | None = None
    delivery_time: datetime | None = None
    cash_pickup_time: datetime | None = None


class OrderDetailView(BaseModel):
    order: OrderDetailOrder
    line_items: list[OrderLineView]
    payment_intent: PaymentIntentView | None = None
    buyer_store: OrderStoreSummary
    vendor_store: OrderStoreSummary
    active_assignment: AssignmentView | None = None


class OrderListView(BaseModel):
    orders: list[OrderSummary]
    pagination: PaginationDTO


class ConfirmationVendorOrder(BaseModel):
    order_id: UUID
    vendor_store_id: UUID
    status: str
    payment_status: str
    payment_method: str
    amount_cents: int
    balance_due_cents: int
    fulfillment_status: str
    shipping_status: str
    subtotal_cents: int
    total_cents: int
    warnings: list[Warning_]
    promo: dict[str, Any] | None = None
    payment_intent: PaymentIntentView | None = None
    active_assignment: AssignmentView | None = None
    items: list[LineItemView]


class ConfirmationView(BaseModel):
    checkout_group_id: UUID
    cart_id: UUID
    vendor_orders: list[ConfirmationVendorOrder]
    vendor_groups: list[VendorGroupView]


class HistoryTotalsView(BaseModel):
    total_orders: int
    total_items: int
    total_spent: int
    total_discounts: int


class VendorHistoryView(BaseModel):
    orders: list[OrderSummary]
    totals: HistoryTotalsView


# --- builders ---------------------------------------------------------------------------------


def store_summary(store_id: UUID, snapshot: dict[str, Any] | None) -> OrderStoreSummary:
    """A party of an order from its contact snapshot (StoreContactSnapshot)."""
    snap = snapshot or {}
    return OrderStoreSummary(
        id=store_id,
        company_name=snap.get("company_name") or "",
        dba_name=snap.get("dba_name"),
        logo_url=snap.get("logo_url"),
        address=snap.get("address"),
        phone=snap.get("phone"),
    )


def _parties(order: VendorOrder, perspective: str | None) -> dict[str, OrderStoreSummary]:
    """The other party (``vendor`` for a buyer, ``buyer`` for a vendor); both for no perspective."""
    shown: dict[str, OrderStoreSummary] = {}
    if perspective != order_queries.VENDOR:
        shown["vendor"] = store_summary(order.vendor_store_id, order.vendor_snapshot)
    if perspective != order_queries.BUYER:
        shown["buyer"] = store_summary(order.buyer_store_id, order.buyer_snapshot)
    return shown


def _summary_fields(order: VendorOrder, total_items: int, perspective: str | None) -> dict[str, Any]:
    return {
        "id": order.id,
        "order_number": order.order_number,
        "created_at": order.created_at,
        "status": order.status,
        "total_cents": order.total_cents,
        "discount_cents": order.discounts_cents,
        "total_items": total_items,
        "payment_status": order.payment_status,
        "fulfillment_status": order.fulfillment_status,
        "shipping_status": order.shipping_status,
        "delivered_at": order.delivered_at,
        "shipping": ShippingLineView.model_validate(order.shipping_line) if order.shipping_line else None,
        **_parties(order, perspective),
    }


def order_summary(row: order_queries.OrderRow, perspective: str | None) -> OrderSummary:
    return OrderSummary(**_summary_fields(row.order, row.total_items, perspective))


def order_list(result: order_queries.OrderList) -> OrderListView:
    return OrderListView(
        orders=[order_summary(row, result.perspective) for row in result.items],
        pagination=PaginationDTO.of(result.pagination),
    )


def _line(line: OrderLineItem) -> OrderLineView:
    return OrderLineView(
        id=line.id,
        name=line.name,
        thumbnail=line.thumbnail,
        category=line.category,
        strain=line.strain,
        classification=line.classification,
        unit=line.unit,
        unit_price_cents=line.unit_price_cents,
        quantity=line.qty,
        discount_cents=line.discount_cents,
        total_cents=line.total_cents,
        status=line.status,
        notes=line.notes,
    )


def payment_intent(payment: OrderPayment | None, order: VendorOrder) -> PaymentIntentView | None:
    """The projected intent; its method and amount default to the order's (finance keeps the
    intent's amount equal to the order's total, DOMAIN §5.4) until an event carried them."""
    if payment is None:
        return None
    return PaymentIntentView(
        id=payment.intent_id,
        method=payment.method or order.payment_method,
        status=payment.status,
        amount_cents=payment.amount_cents if payment.amount_cents is not None else order.total_cents,
        cash_collected_at=payment.cash_collected_at,
        vendor_paid_at=payment.vendor_paid_at,
        failure_reason=payment.failure_reason,
    )


def assignment(order: VendorOrder) -> AssignmentView | None:
    """``active_assignment`` (logistics' projection, stored under AssignmentView's names) as
    AssignmentView; the event names (``assignment_id``, ``picked_up_at``, ``delivered_at``,
    ``cash_collected_at``) are read too. A value it cannot read (no id or agent) is logged and shown
    as null rather than failing the read."""
    raw = order.active_assignment
    if not raw:
        return None
    values = {
        "id": raw.get("id") or raw.get("assignment_id"),
        "agent_user_id": raw.get("agent_user_id"),
        "assigned_by_user_id": raw.get("assigned_by_user_id"),
        "assigned_at": raw.get("assigned_at"),
        "unassigned_at": raw.get("unassigned_at"),
        "pickup_time": raw.get("pickup_time") or raw.get("picked_up_at"),
        "delivery_time": raw.get("delivery_time") or raw.get("delivered_at"),
        "cash_pickup_time": raw.get("cash_pickup_time") or raw.get("cash_collected_at"),
    }
    try:
        return AssignmentView.model_validate(values)
    except ValidationError as exc:
        log.warning("orders.active_assignment.unreadable", order_id=str(order.id), errors=exc.error_count())
        return None


def order_detail(detail: order_queries.OrderDetail) -> OrderDetailView:
    order = detail.order
    return OrderDetailView(
        order=OrderDetailOrder(
            **_summary_fields(order, detail.total_items, detail.perspective),
            subtotal_cents=order.subtotal_cents,
            discounts_cents=order.discounts_cents,
            tax_cents=order.tax_cents,
            transport_fee_cents=order.transport_fee_cents,
            balance_due_cents=order.balance_due_cents,
            checkout_group_id=order.checkout_group_id,
            shipping_address=order.shipping_address,
            notes=order.notes,
        ),
        line_items=[_line(line) for line in detail.lines],
        payment_intent=payment_intent(detail.payment, order),
        buyer_store=store_summary(order.buyer_store_id, order.buyer_snapshot),
        vendor_store=store_summary(order.vendor_store_id, order.vendor_snapshot),
        active_assignment=assignment(order),
    )


def _confirmed(item: order_queries.ConfirmedOrder) -> ConfirmationVendorOrder:
    order, payment = item.order, item.payment
    intent = payment_intent(payment, order)
    return ConfirmationVendorOrder(
        order_id=order.id,
        vendor_store_id=order.vendor_store_id,
        status=order.status,
        payment_status=order.payment_status,
        payment_method=order.payment_method,
        amount_cents=intent.amount_cents if intent is not None else order.total_cents,
        balance_due_cents=order.balance_due_cents,
        fulfillment_status=order.fulfillment_status,
        shipping_status=order.shipping_status,
        subtotal_cents=order.subtotal_cents,
        total_cents=order.total_cents,
        warnings=[Warning_.model_validate(w) for w in order.warnings or []],
        promo=order.promo,
        payment_intent=intent,
        active_assignment=assignment(order),
        items=[line_item_view(line) for line in item.lines],
    )


def confirmation(result: order_queries.Confirmation) -> ConfirmationView:
    return ConfirmationView(
        checkout_group_id=result.checkout_group_id,
        cart_id=result.cart_id,
        vendor_orders=[_confirmed(item) for item in result.orders],
        vendor_groups=[VendorGroupView.model_validate(g, from_attributes=True) for g in result.vendor_groups],
    )


def vendor_history(result: order_queries.VendorHistory) -> VendorHistoryView:
    totals = result.totals
    return VendorHistoryView(
        orders=[order_summary(row, order_queries.BUYER) for row in result.orders],
        totals=HistoryTotalsView(
            total_orders=totals.total_orders,
            total_items=totals.total_items,
            total_spent=totals.total_spent,
            total_discounts=totals.total_discounts,
        ),
    )
