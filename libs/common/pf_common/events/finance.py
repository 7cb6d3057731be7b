"""Payloads published by finance on topic ``pf.finance.events``.

Catalogue rows 28-33 of spec/EVENTS.md §5; fields and consumer actions in §6 (finance).
"""

from __future__ import annotations

from typing import ClassVar
from uuid import UUID

from pydantic import AwareDatetime

from pf_common.events.common import (
    Cents,
    ChargeStatus,
    ChargeType,
    OrderKeysPayload,
    Payload,
    SubscriptionStatus,
)


class CashCollectedV1(OrderKeysPayload):
    """orders: payment settled, balance 0; analytics: ``cash_collected`` row (gross); notices: vendor."""

    event_type: ClassVar[str] = "cash_collected"
    producer: ClassVar[str] = "finance"
    aggregate_type: ClassVar[str] = "vendor_order"
    aggregate_field: ClassVar[str] = "order_id"
    dedupe_template: ClassVar[str | None] = "cash_collected:{order_id}"

    # the only OK key that may be null here (EVENTS.md §6): narrower in the base, by design
    checkout_group_id: UUID | None = None  # type: ignore[assignment]
    payment_intent_id: UUID
    amount_cents: Cents
    cash_collected_at: AwareDatetime
    agent_user_id: UUID
    ledger_event_id: UUID


class PaymentFailedV1(Payload):
    """orders: ``status = hold``, ``payment_status = failed``; notifications: admin."""

    event_type: ClassVar[str] = "payment_failed"
    producer: ClassVar[str] = "finance"
    aggregate_type: ClassVar[str] = "vendor_order"
    aggregate_field: ClassVar[str] = "order_id"

    order_id: UUID
    payment_intent_id: UUID
    failure_reason: str
    # which stores it concerns (optional, additive: consumers fall back to the envelope's store_id)
    buyer_store_id: UUID | None = None
    vendor_store_id: UUID | None = None


class PaymentRejectedV1(Payload):
    """orders: ``payment_status = rejected``, ``status = hold``; notifications: admin (ACH, future)."""

    event_type: ClassVar[str] = "payment_rejected"
    producer: ClassVar[str] = "finance"
    aggregate_type: ClassVar[str] = "vendor_order"
    aggregate_field: ClassVar[str] = "order_id"

    order_id: UUID
    payment_intent_id: UUID
    failure_reason: str
    # which stores it concerns (optional, additive: consumers fall back to the envelope's store_id)
    buyer_store_id: UUID | None = None
    vendor_store_id: UUID | None = None


class OrderPaidV1(Payload):
    """orders: ``closed``/``paid``; analytics: ``order_paid`` row (not summed into gross); notices: vendor."""

    event_type: ClassVar[str] = "order_paid"
    producer: ClassVar[str] = "finance"
    aggregate_type: ClassVar[str] = "vendor_order"
    aggregate_field: ClassVar[str] = "order_id"
    dedupe_template: ClassVar[str | None] = "order_paid:{order_id}"

    order_id: UUID
    buyer_store_id: UUID
    vendor_store_id: UUID
    payment_intent_id: UUID
    amount_cents: Cents
    vendor_paid_at: AwareDatetime
    ledger_event_id: UUID
    confirmed_by_user_id: UUID


class SubscriptionStatusChangedV1(Payload):
    """identity: mirror ``subscription_active`` (notice when false); projections elsewhere."""

    event_type: ClassVar[str] = "subscription_status_changed"
    producer: ClassVar[str] = "finance"
    aggregate_type: ClassVar[str] = "store"
    aggregate_field: ClassVar[str] = "store_id"

    store_id: UUID
    subscription_id: UUID
    previous_status: SubscriptionStatus | None = None
    status: SubscriptionStatus
    subscription_active: bool
    current_period_end: AwareDatetime
    cancel_at_period_end: bool
    changed_at: AwareDatetime


class ChargeRecordedV1(Payload):
    """notifications: failed ⇒ vendor alert; ads: ``ads_billing_blocked``; analytics: platform revenue."""

    event_type: ClassVar[str] = "charge_recorded"
    producer: ClassVar[str] = "finance"
    aggregate_type: ClassVar[str] = "charge"
    aggregate_field: ClassVar[str] = "charge_id"

    charge_id: UUID
    store_id: UUID
    type: ChargeType
    status: ChargeStatus
    amount_cents: Cents
    usage_charge_id: UUID | None = None
    failure_reason: str | None = None


class BillingProviderEventReceivedV1(Payload):
    """finance only (not in EVENTS.md §5: finance-internal): a verified provider webhook event was
    stored in finance's ``provider_events`` inbox; finance's consumer applies it once.

    Staged in the same transaction as the inbox row, so the webhook answers 2xx as soon as both
    commit and the outbox relay, retries and dead letters of the backbone carry the processing.
    """

    event_type: ClassVar[str] = "billing_provider_event_received"
    producer: ClassVar[str] = "finance"
    aggregate_type: ClassVar[str] = "provider_event"
    aggregate_field: ClassVar[str] = "provider_event_row_id"
    dedupe_template: ClassVar[str | None] = "billing_provider_event:{provider_event_row_id}"

    provider_event_row_id: UUID
    provider: str
    provider_event_id: str
    provider_event_type: str
