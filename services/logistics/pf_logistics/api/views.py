"""Response shapes of logistics (API.md §2 AgentOrderSummary, AssignmentView, OrderDetail; §3.5
answers of the hand-over steps), built from ``domain.agent_orders`` results.

OrderDetail is orders' (its internal ``GET /internal/v1/orders/{id}``), re-validated here so the
contract is checked and documented; fields orders adds later are dropped until this copy names
them (additive, as events are).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel

from pf_common.pagination import PaginationDTO
from pf_logistics.domain import agent_orders

#: every order reaches dispatch with all its lines decided; dispatch_orders does not keep whether
#: some were rejected (``partial``), so the agent's list shows ``fulfilled``


class OrderStoreSummary(BaseModel):
    id: UUID
    company_name: str
    dba_name: str | None = None
    logo_url: str | None = None
    address: dict[str, Any] | None = None
    phone: str | None = None


class AssignmentView(BaseModel):
    id: UUID
    agent_user_id: UUID
    assigned_by_user_id: UUID | None = None
    assigned_at: datetime | None = None
    unassigned_at: datetime | None = None
    pickup_time: datetime | None = None
    delivery_time: datetime | None = None
    cash_pickup_time: datetime | None = None


class AgentOrderSummary(BaseModel):
    order_id: UUID
    order_number: int
    created_at: datetime
    total_cents: int
    discount_cents: int
    total_items: int
    payment_status: str
    fulfillment_status: str
    shipping_status: str
    buyer: OrderStoreSummary
    vendor: OrderStoreSummary


class AgentOrderList(BaseModel):
    orders: list[AgentOrderSummary]
    pagination: PaginationDTO


class ShippingLineView(BaseModel):
    code: str
    title: str
    price_cents: int


class OrderDetailOrder(BaseModel):
    """OrderDetail's ``order``: OrderSummary (with both parties: no perspective) plus its money,
    checkout group, address and notes."""

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
    id: UUID | None = None
    method: str
    status: str
    amount_cents: int
    cash_collected_at: datetime | None = None
    vendor_paid_at: datetime | None = None
    failure_reason: str | None = None


class OrderDetailView(BaseModel):
    order: OrderDetailOrder
    line_items: list[OrderLineView]
    payment_intent: PaymentIntentView | None = None
    buyer_store: OrderStoreSummary
    vendor_store: OrderStoreSummary
    active_assignment: AssignmentView | None = None


class PickedUpOut(BaseModel):
    order_id: UUID
    status: Literal["in_transit"]


class DeliveredOut(BaseModel):
    order_id: UUID
    status: Literal["delivered"]
    delivered_at: datetime


class CashCollectedOut(BaseModel):
    order_id: UUID
    payment_status: Literal["settled"]
    amount_cents: int
    cash_collected_at: datetime


# --- builders ---------------------------------------------------------------------------------


def assignment_view(a: agent_orders.Assignment) -> AssignmentView:
    return AssignmentView(
        id=a.id,
        agent_user_id=a.agent_user_id,
        assigned_by_user_id=a.assigned_by_user_id,
        assigned_at=a.assigned_at,
        unassigned_at=a.unassigned_at,
        pickup_time=a.pickup_time,
        delivery_time=a.delivery_time,
        cash_pickup_time=a.cash_pickup_time,
    )


def store_summary(store_id: UUID, snapshot: dict[str, Any] | None) -> OrderStoreSummary:
    """A party from the dispatch row's contact snapshot (StoreContactSnapshot)."""
    snap = snapshot or {}
    return OrderStoreSummary(
        id=store_id,
        company_name=snap.get("company_name") or "",
        dba_name=snap.get("dba_name"),
        logo_url=snap.get("logo_url"),
        address=snap.get("address"),
        phone=snap.get("phone"),
    )


def _shipping_status(status: str, assigned: bool) -> str:
    """vendor_order_shipping_status as logistics knows it (orders derives the same from the events)."""
    if status in (agent_orders.IN_TRANSIT, agent_orders.DELIVERED):
        return status
    return "dispatched" if assigned and status == agent_orders.READY else "pending"


def agent_order_summary(item: agent_orders.ListedOrder) -> AgentOrderSummary:
    order = item.order
    return AgentOrderSummary(
        order_id=order.order_id,
        order_number=order.order_number,
        created_at=order.created_at,
        total_cents=order.total_cents,
        discount_cents=order.discounts_cents,
        total_items=order.total_items,
        payment_status=order.payment_status,
        fulfillment_status=order.fulfillment_status,
        shipping_status=_shipping_status(order.status, item.assigned),
        buyer=store_summary(order.buyer_store_id, order.buyer),
        vendor=store_summary(order.vendor_store_id, order.vendor),
    )


def agent_order_list(page: agent_orders.OrderPage) -> AgentOrderList:
    return AgentOrderList(
        orders=[agent_order_summary(item) for item in page.items],
        pagination=PaginationDTO.of(page.pagination),
    )


def order_detail(found: agent_orders.OrderDetail) -> OrderDetailView:
    """orders' OrderDetail with logistics' active assignment; raises ``pydantic.ValidationError``
    when orders' answer does not hold the contract."""
    view = OrderDetailView.model_validate({**found.detail, "active_assignment": None})
    view.active_assignment = (
        assignment_view(found.active_assignment) if found.active_assignment is not None else None
    )
    return view
