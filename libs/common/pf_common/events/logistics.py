"""Payloads published by logistics on topic ``pf.logistics.events``.

Catalogue rows 25-27 of spec/EVENTS.md §5; fields and consumer actions in §6 (logistics).
"""

from __future__ import annotations

from typing import ClassVar
from uuid import UUID

from pydantic import AwareDatetime

from pf_common.events.common import Payload


class OrderAssignedV1(Payload):
    """orders: set ``active_assignment`` and ``shipping_status = dispatched`` (if still pending)."""

    event_type: ClassVar[str] = "order_assigned"
    producer: ClassVar[str] = "logistics"
    aggregate_type: ClassVar[str] = "vendor_order"
    aggregate_field: ClassVar[str] = "order_id"

    order_id: UUID
    assignment_id: UUID
    agent_user_id: UUID
    assigned_by_user_id: UUID | None = None
    previous_agent_user_id: UUID | None = None
    assigned_at: AwareDatetime


class OrderPickedUpV1(Payload):
    """orders: ``in_transit`` (only from ready_for_dispatch); notifications: buyer."""

    event_type: ClassVar[str] = "order_picked_up"
    producer: ClassVar[str] = "logistics"
    aggregate_type: ClassVar[str] = "vendor_order"
    aggregate_field: ClassVar[str] = "order_id"
    dedupe_template: ClassVar[str | None] = "order_picked_up:{order_id}"

    order_id: UUID
    assignment_id: UUID
    agent_user_id: UUID
    picked_up_at: AwareDatetime
    # which stores it concerns (optional, additive: consumers fall back to the envelope's store_id)
    buyer_store_id: UUID | None = None
    vendor_store_id: UUID | None = None


class OrderDeliveredV1(Payload):
    """orders: delivered; finance: payout eligibility; catalog: consume stock; notices; analytics fact."""

    event_type: ClassVar[str] = "order_delivered"
    producer: ClassVar[str] = "logistics"
    aggregate_type: ClassVar[str] = "vendor_order"
    aggregate_field: ClassVar[str] = "order_id"
    dedupe_template: ClassVar[str | None] = "order_delivered:{order_id}"

    order_id: UUID
    assignment_id: UUID
    agent_user_id: UUID
    delivered_at: AwareDatetime
    # which stores it concerns (optional, additive: consumers fall back to the envelope's store_id)
    buyer_store_id: UUID | None = None
    vendor_store_id: UUID | None = None
