"""Payloads published by orders on topic ``pf.orders.events``.

Catalogue rows 14-24 of spec/EVENTS.md §5; fields and consumer actions in §6 (orders).
Most extend ``OrderKeysPayload`` (``OK`` = order_id, checkout_group_id, buyer_store_id,
vendor_store_id); the aggregate is the vendor order, except ``checkout_converted`` (checkout group).
"""

from __future__ import annotations

from typing import ClassVar
from uuid import UUID

from pydantic import AwareDatetime, Field

from pf_common.events.common import (
    Cents,
    Count,
    CreatedOrderStatus,
    Currency,
    InventoryReleaseReason,
    NotificationRequestType,
    OrderDecisionOutcome,
    OrderKeysPayload,
    OrderLineSnapshot,
    Payload,
    PaymentMethod,
    ReleaseLine,
    ShippingAddressSnapshot,
    StoreContactSnapshot,
    VendorOrderFulfillmentStatus,
    VendorOrderShippingStatus,
    VendorOrderStatus,
)


class CheckoutConvertedV1(Payload):
    """notifications: buyer order_alert "checkout submitted"."""

    event_type: ClassVar[str] = "checkout_converted"
    producer: ClassVar[str] = "orders"
    aggregate_type: ClassVar[str] = "checkout_group"
    aggregate_field: ClassVar[str] = "checkout_group_id"
    dedupe_template: ClassVar[str | None] = "checkout_converted:{checkout_group_id}"

    checkout_group_id: UUID
    cart_id: UUID
    buyer_store_id: UUID
    vendor_order_ids: list[UUID] = Field(default_factory=list)
    vendor_store_ids: list[UUID] = Field(default_factory=list)
    rejected_vendor_store_ids: list[UUID] = Field(default_factory=list)
    payment_method: PaymentMethod
    currency: Currency
    subtotal_cents: Cents
    discounts_cents: Cents
    total_cents: Cents
    tip_cents: Cents
    converted_at: AwareDatetime


class OrderCreatedV1(OrderKeysPayload):
    """finance: payment intent; catalog: confirm reservations; vendor/buyer notices; analytics rows."""

    event_type: ClassVar[str] = "order_created"
    producer: ClassVar[str] = "orders"
    aggregate_type: ClassVar[str] = "vendor_order"
    aggregate_field: ClassVar[str] = "order_id"
    dedupe_template: ClassVar[str | None] = "order_created:{order_id}"

    order_number: int = Field(ge=1)
    cart_id: UUID
    status: CreatedOrderStatus
    payment_method: PaymentMethod
    currency: Currency
    subtotal_cents: Cents
    discounts_cents: Cents
    tax_cents: Cents
    transport_fee_cents: Cents
    total_cents: Cents
    balance_due_cents: Cents
    shipping_address: ShippingAddressSnapshot
    items: list[OrderLineSnapshot] = Field(default_factory=list)
    ad_token: str | None = None
    retried_from_order_id: UUID | None = None
    created_at: AwareDatetime


class OrderDecidedV1(OrderKeysPayload):
    """notifications: buyer order_alert."""

    event_type: ClassVar[str] = "order_decided"
    producer: ClassVar[str] = "orders"
    aggregate_type: ClassVar[str] = "vendor_order"
    aggregate_field: ClassVar[str] = "order_id"

    decision: OrderDecisionOutcome
    status: VendorOrderStatus
    reason: str | None = None
    decided_at: AwareDatetime


class OrderTotalsChangedV1(OrderKeysPayload):
    """finance: an unpaid/pending intent follows ``total_cents`` (0 for rejected/canceled/expired)."""

    event_type: ClassVar[str] = "order_totals_changed"
    producer: ClassVar[str] = "orders"
    aggregate_type: ClassVar[str] = "vendor_order"
    aggregate_field: ClassVar[str] = "order_id"

    status: VendorOrderStatus
    subtotal_cents: Cents
    discounts_cents: Cents
    total_cents: Cents
    balance_due_cents: Cents
    changed_at: AwareDatetime


class OrderReadyForDispatchV1(OrderKeysPayload):
    """logistics: dispatch order + auto-assign; notifications: buyer notice; analytics: KPI fact."""

    event_type: ClassVar[str] = "order_ready_for_dispatch"
    producer: ClassVar[str] = "orders"
    aggregate_type: ClassVar[str] = "vendor_order"
    aggregate_field: ClassVar[str] = "order_id"
    dedupe_template: ClassVar[str | None] = "order_ready_for_dispatch:{order_id}"

    order_number: int = Field(ge=1)
    fulfillment_status: VendorOrderFulfillmentStatus
    shipping_status: VendorOrderShippingStatus
    rejected_item_count: Count
    total_cents: Cents
    discounts_cents: Cents
    total_items: Count
    buyer: StoreContactSnapshot
    vendor: StoreContactSnapshot
    ready_at: AwareDatetime


class OrderCanceledV1(OrderKeysPayload):
    """logistics: deactivate assignment; finance: amount 0; notifications: vendor; analytics: row."""

    event_type: ClassVar[str] = "order_canceled"
    producer: ClassVar[str] = "orders"
    aggregate_type: ClassVar[str] = "vendor_order"
    aggregate_field: ClassVar[str] = "order_id"
    dedupe_template: ClassVar[str | None] = "order_canceled:{order_id}"

    reason: str = "buyer_cancel"
    canceled_at: AwareDatetime


class OrderExpiredV1(OrderKeysPayload):
    """finance: amount 0; notifications: buyer + vendor with email; analytics: ``order_expired`` row."""

    event_type: ClassVar[str] = "order_expired"
    producer: ClassVar[str] = "orders"
    aggregate_type: ClassVar[str] = "vendor_order"
    aggregate_field: ClassVar[str] = "order_id"
    dedupe_template: ClassVar[str | None] = "order_expired:{order_id}"

    expired_at: AwareDatetime
    ttl_days: Count = 10


class OrderPendingNudgeV1(OrderKeysPayload):
    """notifications: vendor order_alert + email."""

    event_type: ClassVar[str] = "order_pending_nudge"
    producer: ClassVar[str] = "orders"
    aggregate_type: ClassVar[str] = "vendor_order"
    aggregate_field: ClassVar[str] = "order_id"
    dedupe_template: ClassVar[str | None] = "order_pending_nudge:{order_id}"

    pending_days: Count = 5


class NotificationRequestedV1(OrderKeysPayload):
    """notifications: vendor order_alert + email (buyer's manual nudge)."""

    event_type: ClassVar[str] = "notification_requested"
    producer: ClassVar[str] = "orders"
    aggregate_type: ClassVar[str] = "vendor_order"
    aggregate_field: ClassVar[str] = "order_id"

    type: NotificationRequestType = "order_nudge"
    requested_by_user_id: UUID


class OrderRetriedV1(OrderKeysPayload):
    """notifications: vendor "order re-submitted" (``order_id`` is the new order)."""

    event_type: ClassVar[str] = "order_retried"
    producer: ClassVar[str] = "orders"
    aggregate_type: ClassVar[str] = "vendor_order"
    aggregate_field: ClassVar[str] = "order_id"
    dedupe_template: ClassVar[str | None] = "order_retried:{order_id}"

    original_order_id: UUID


class InventoryReleaseRequestedV1(Payload):
    """catalog: release each reservation still held/confirmed (repeats are no-ops)."""

    event_type: ClassVar[str] = "inventory_release_requested"
    producer: ClassVar[str] = "orders"
    aggregate_type: ClassVar[str] = "vendor_order"
    aggregate_field: ClassVar[str] = "order_id"

    order_id: UUID
    reason: InventoryReleaseReason
    lines: list[ReleaseLine] = Field(default_factory=list)
