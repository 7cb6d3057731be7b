"""The notification matrix (DOMAIN §5.1) as pure data: which event makes which notices.

:func:`notices_for` turns one consumed event into the notices it causes: audience, the store
the notice concerns, type, title, message, app link, and for the rows with ``email = yes`` the
email template (``kind``) and its context (the keys of ``clients.email.CONTEXT_KEYS``).

No I/O here: the caller looks up what the payloads do not carry (store display names, license
numbers) and passes them in a :class:`Lookup`. A few events do not name the store their notice
is for (``order_picked_up``, ``order_delivered``, ``payment_failed``, ``payment_rejected`` carry
only the order id); for those the envelope's ``store_id`` is the route, and an event without it
raises :class:`UnroutableEvent` (bad data: the caller dead-letters it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Literal
from uuid import UUID

from pf_common.events.common import VendorOrderStatus
from pf_common.events.finance import (
    CashCollectedV1,
    ChargeRecordedV1,
    OrderPaidV1,
    PaymentFailedV1,
    PaymentRejectedV1,
    SubscriptionStatusChangedV1,
)
from pf_common.events.identity import LicenseExpiredV1, LicenseExpiringSoonV1, LicenseStatusChangedV1
from pf_common.events.logistics import OrderDeliveredV1, OrderPickedUpV1
from pf_common.events.orders import (
    CheckoutConvertedV1,
    NotificationRequestedV1,
    OrderCanceledV1,
    OrderCreatedV1,
    OrderDecidedV1,
    OrderExpiredV1,
    OrderPendingNudgeV1,
    OrderReadyForDispatchV1,
    OrderRetriedV1,
)
from pf_common.events.registry import EventPayload

Audience = Literal["store", "admin"]

COMPLIANCE: Final = "compliance"
ORDER_ALERT: Final = "order_alert"
SECURITY_ALERT: Final = "security_alert"

# DOMAIN §5.6 [G-14]: a subscription is active in these statuses.
ACTIVE_SUBSCRIPTION_STATUSES: Final = frozenset({"trialing", "active", "past_due"})

BILLING_LINK: Final = "/vendor/billing"


class UnroutableEvent(ValueError):
    """The event does not say which store its notice is for."""


@dataclass(frozen=True)
class Email:
    kind: str  # the template, a key of clients.email.CONTEXT_KEYS
    context: dict[str, Any]  # JSON-safe values (ids and dates as strings)


@dataclass(frozen=True)
class Notice:
    audience: Audience
    store_id: UUID  # the store the notice concerns (for ``admin``: the store it is about)
    type: str
    title: str
    message: str
    link: str | None
    email: Email | None = None


@dataclass(frozen=True)
class Lookup:
    """What the caller knows beyond the payload."""

    store_names: Mapping[UUID, str] = field(default_factory=dict)  # display name (DBA, else company)
    license_numbers: Mapping[UUID, str] = field(default_factory=dict)
    envelope_store_id: UUID | None = None

    def name(self, store_id: UUID | None, fallback: str) -> str:
        if store_id is None:
            return fallback
        return self.store_names.get(store_id, fallback)

    def license_number(self, license_id: UUID) -> str:
        # the row can be gone (deleted between the event and its consumer): its id stands in
        return self.license_numbers.get(license_id, str(license_id))

    def routed_store(self, event_type: str, named: UUID | None = None) -> UUID:
        """The store the payload names, else the envelope's (producers that predate the field)."""
        store_id = named or self.envelope_store_id
        if store_id is None:
            raise UnroutableEvent(
                f"{event_type} names no store: a store id (payload or envelope) is required"
            )
        return store_id


# --- formatting -------------------------------------------------------------------------------


def money(cents: int) -> str:
    dollars, rest = divmod(abs(int(cents)), 100)
    return f"{'-' if cents < 0 else ''}${dollars:,}.{rest:02d}"


def _label(value: object) -> str:
    return str(value).replace("_", " ")


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def order_link(order_id: UUID) -> str:
    return f"/orders/{order_id}"


def store_license_link(store_id: UUID, license_id: UUID) -> str:
    return f"/stores/{store_id}/licenses/{license_id}"


def admin_license_link(license_id: UUID) -> str:
    return f"/admin/licenses/{license_id}"


def admin_order_link(order_id: UUID) -> str:
    return f"/admin/orders/{order_id}"


A_BUYER: Final = "a buyer"
A_VENDOR: Final = "a vendor"


# --- identity: licenses ---------------------------------------------------------------------------


def _license_status_changed(e: LicenseStatusChangedV1, look: Lookup) -> list[Notice]:
    store_name = look.name(e.store_id, "your store")
    number, kind = e.number, _label(e.type)
    base = {
        "store_name": store_name,
        "store_id": str(e.store_id),
        "license_id": str(e.license_id),
        "license_number": number,
        "license_type": str(e.type),
    }
    if e.status == "pending":
        return [
            Notice(
                "admin",
                e.store_id,
                COMPLIANCE,
                "License submitted for review",
                f"{store_name} submitted {kind} license {number} ({e.license_id}) for review.",
                admin_license_link(e.license_id),
            )
        ]
    link = store_license_link(e.store_id, e.license_id)
    if e.status == "verified":
        return [
            Notice(
                "store",
                e.store_id,
                COMPLIANCE,
                "License verified",
                f"Your {kind} license {number} has been verified.",
                link,
                Email("license_verified", base),
            )
        ]
    if e.status == "rejected":
        reason = f" Reason: {e.reason}" if e.reason else ""
        return [
            Notice(
                "store",
                e.store_id,
                COMPLIANCE,
                "License rejected",
                f"Your {kind} license {number} was not approved.{reason}",
                link,
                Email("license_rejected", {**base, "reason": e.reason}),
            )
        ]
    return []  # ``expired`` travels as license_expired


def _license_expiring_soon(e: LicenseExpiringSoonV1, look: Lookup) -> list[Notice]:
    number = look.license_number(e.license_id)
    days = e.days_until_expiration
    return [
        Notice(
            "store",
            e.store_id,
            COMPLIANCE,
            "License expiring soon",
            f"Your license {number} expires on {e.expiration_date.isoformat()}, in {_plural(days, 'day')}. "
            "Upload the renewed license before then to stay verified.",
            store_license_link(e.store_id, e.license_id),
            Email(
                "license_expiring_soon",
                {
                    "store_name": look.name(e.store_id, "your store"),
                    "store_id": str(e.store_id),
                    "license_id": str(e.license_id),
                    "license_number": number,
                    "expiration_date": e.expiration_date.isoformat(),
                    "days_until_expiration": days,
                },
            ),
        )
    ]


def _license_expired(e: LicenseExpiredV1, look: Lookup) -> list[Notice]:
    number = look.license_number(e.license_id)
    return [
        Notice(
            "store",
            e.store_id,
            COMPLIANCE,
            "License expired",
            f"Your license {number} expired on {e.expiration_date.isoformat()}. "
            "Upload a current license to stay verified.",
            store_license_link(e.store_id, e.license_id),
            Email(
                "license_expired",
                {
                    "store_name": look.name(e.store_id, "your store"),
                    "store_id": str(e.store_id),
                    "license_id": str(e.license_id),
                    "license_number": number,
                    "expiration_date": e.expiration_date.isoformat(),
                },
            ),
        )
    ]


# --- orders ---------------------------------------------------------------------------------------


def _checkout_converted(e: CheckoutConvertedV1, look: Lookup) -> list[Notice]:
    orders = len(e.vendor_order_ids)
    message = f"Your checkout was submitted: {_plural(orders, 'order')}, {money(e.total_cents)} in total."
    if e.rejected_vendor_store_ids:
        message += f" {_plural(len(e.rejected_vendor_store_ids), 'vendor')} could not take part."
    link = order_link(e.vendor_order_ids[0]) if orders == 1 else "/orders"
    return [Notice("store", e.buyer_store_id, ORDER_ALERT, "Checkout submitted", message, link)]


def _order_created(e: OrderCreatedV1, look: Lookup) -> list[Notice]:
    vendor = look.name(e.vendor_store_id, A_VENDOR)
    buyer = look.name(e.buyer_store_id, A_BUYER)
    if e.status == VendorOrderStatus.REJECTED:
        return [
            Notice(
                "store",
                e.buyer_store_id,
                ORDER_ALERT,
                "Order not placed",
                f"Order #{e.order_number} to {vendor} was rejected at checkout: none of its items could be "
                "ordered.",
                order_link(e.order_id),
            )
        ]
    if e.retried_from_order_id is not None:
        return []  # the vendor hears of a retry through order_retried
    items = len(e.items)
    return [
        Notice(
            "store",
            e.vendor_store_id,
            ORDER_ALERT,
            "New order",
            f"{buyer} placed order #{e.order_number}: {_plural(items, 'item')}, {money(e.total_cents)}.",
            order_link(e.order_id),
            Email(
                "order_created",
                {
                    "store_name": vendor,
                    "order_id": str(e.order_id),
                    "order_number": e.order_number,
                    "buyer_store_name": buyer,
                    "item_count": items,
                    "total_cents": e.total_cents,
                },
            ),
        )
    ]


def _order_retried(e: OrderRetriedV1, look: Lookup) -> list[Notice]:
    vendor = look.name(e.vendor_store_id, A_VENDOR)
    buyer = look.name(e.buyer_store_id, A_BUYER)
    return [
        Notice(
            "store",
            e.vendor_store_id,
            ORDER_ALERT,
            "Order re-submitted",
            f"{buyer} re-submitted an order that had expired. It is waiting for your decision.",
            order_link(e.order_id),
            Email(
                "order_retried",
                {"store_name": vendor, "order_id": str(e.order_id), "buyer_store_name": buyer},
            ),
        )
    ]


def _order_decided(e: OrderDecidedV1, look: Lookup) -> list[Notice]:
    vendor = look.name(e.vendor_store_id, A_VENDOR)
    if e.decision == "reject":
        reason = f" Reason: {e.reason}" if e.reason else ""
        title, message = "Order rejected", f"{vendor} rejected your order.{reason}"
    else:  # accept, implicit_accept (a first line decision)
        title, message = "Order accepted", f"{vendor} accepted your order."
    return [Notice("store", e.buyer_store_id, ORDER_ALERT, title, message, order_link(e.order_id))]


def _order_ready_for_dispatch(e: OrderReadyForDispatchV1, look: Lookup) -> list[Notice]:
    vendor = look.name(e.vendor_store_id, A_VENDOR)
    return [
        Notice(
            "store",
            e.buyer_store_id,
            ORDER_ALERT,
            "Order ready for dispatch",
            f"Order #{e.order_number} from {vendor} is ready for dispatch.",
            order_link(e.order_id),
        )
    ]


def _nudge(
    order_id: UUID, buyer_store_id: UUID, vendor_store_id: UUID, look: Lookup, pending_days: int | None
) -> list[Notice]:
    vendor = look.name(vendor_store_id, A_VENDOR)
    buyer = look.name(buyer_store_id, A_BUYER)
    if pending_days is None:
        title, message = (
            "Order reminder",
            f"{buyer} sent a reminder about their order awaiting your decision.",
        )
    else:
        title = "Order waiting for your decision"
        message = (
            f"An order from {buyer} has been waiting for your decision for {_plural(pending_days, 'day')}."
        )
    return [
        Notice(
            "store",
            vendor_store_id,
            ORDER_ALERT,
            title,
            message,
            order_link(order_id),
            Email(
                "order_nudge",
                {
                    "store_name": vendor,
                    "order_id": str(order_id),
                    "buyer_store_name": buyer,
                    "pending_days": pending_days,
                },
            ),
        )
    ]


def _order_pending_nudge(e: OrderPendingNudgeV1, look: Lookup) -> list[Notice]:
    return _nudge(e.order_id, e.buyer_store_id, e.vendor_store_id, look, e.pending_days)


def _notification_requested(e: NotificationRequestedV1, look: Lookup) -> list[Notice]:
    if e.type != "order_nudge":
        return []
    return _nudge(e.order_id, e.buyer_store_id, e.vendor_store_id, look, None)


def _order_canceled(e: OrderCanceledV1, look: Lookup) -> list[Notice]:
    buyer = look.name(e.buyer_store_id, A_BUYER)
    reason = "" if e.reason == "buyer_cancel" else f" Reason: {_label(e.reason)}."
    return [
        Notice(
            "store",
            e.vendor_store_id,
            ORDER_ALERT,
            "Order canceled",
            f"{buyer} canceled their order.{reason}",
            order_link(e.order_id),
        )
    ]


def _order_expired(e: OrderExpiredV1, look: Lookup) -> list[Notice]:
    vendor = look.name(e.vendor_store_id, A_VENDOR)
    buyer = look.name(e.buyer_store_id, A_BUYER)
    days = _plural(e.ttl_days, "day")
    link = order_link(e.order_id)

    def context(store_name: str, audience: str, counterparty: str) -> dict[str, Any]:
        return {
            "store_name": store_name,
            "order_id": str(e.order_id),
            "audience": audience,
            "counterparty_name": counterparty,
            "ttl_days": e.ttl_days,
        }

    return [
        Notice(
            "store",
            e.buyer_store_id,
            ORDER_ALERT,
            "Order expired",
            f"Your order to {vendor} expired: the vendor did not respond within {days}.",
            link,
            Email("order_expired", context(buyer, "buyer", vendor)),
        ),
        Notice(
            "store",
            e.vendor_store_id,
            ORDER_ALERT,
            "Order expired",
            f"The order from {buyer} expired: it got no response within {days}.",
            link,
            Email("order_expired", context(vendor, "vendor", buyer)),
        ),
    ]


# --- logistics ------------------------------------------------------------------------------------


def _order_picked_up(e: OrderPickedUpV1, look: Lookup) -> list[Notice]:
    buyer = look.routed_store("order_picked_up", e.buyer_store_id)
    return [
        Notice(
            "store",
            buyer,
            ORDER_ALERT,
            "Order picked up",
            "Your order was picked up and is on its way.",
            order_link(e.order_id),
        )
    ]


def _order_delivered(e: OrderDeliveredV1, look: Lookup) -> list[Notice]:
    buyer = look.routed_store("order_delivered", e.buyer_store_id)
    return [
        Notice(
            "store",
            buyer,
            ORDER_ALERT,
            "Order delivered",
            "Your order was delivered.",
            order_link(e.order_id),
        )
    ]


# --- finance --------------------------------------------------------------------------------------


def _cash_collected(e: CashCollectedV1, look: Lookup) -> list[Notice]:
    buyer = look.name(e.buyer_store_id, A_BUYER)
    return [
        Notice(
            "store",
            e.vendor_store_id,
            ORDER_ALERT,
            "Cash collected",
            f"{money(e.amount_cents)} in cash was collected for the order from {buyer}.",
            order_link(e.order_id),
        )
    ]


def _order_paid(e: OrderPaidV1, look: Lookup) -> list[Notice]:
    buyer = look.name(e.buyer_store_id, A_BUYER)
    return [
        Notice(
            "store",
            e.vendor_store_id,
            ORDER_ALERT,
            "Order paid out",
            f"{money(e.amount_cents)} for the order from {buyer} was paid out to you.",
            order_link(e.order_id),
        )
    ]


def _payment_problem(e: PaymentFailedV1 | PaymentRejectedV1, look: Lookup) -> list[Notice]:
    store_id = look.routed_store(e.event_type, e.buyer_store_id)
    failed = e.event_type == "payment_failed"
    store = look.name(store_id, "a store")
    return [
        Notice(
            "admin",
            store_id,
            ORDER_ALERT,
            "Payment failed" if failed else "Payment rejected",
            f"The payment for an order of {store} {'failed' if failed else 'was rejected'}: "
            f"{e.failure_reason}. The order is on hold.",
            admin_order_link(e.order_id),
        )
    ]


def _subscription_status_changed(e: SubscriptionStatusChangedV1, look: Lookup) -> list[Notice]:
    # Only the flip to inactive: finance emits on every flip, and a first event (no previous
    # status) never was active, so it is no "became inactive".
    if e.subscription_active or e.previous_status not in ACTIVE_SUBSCRIPTION_STATUSES:
        return []
    status = str(e.status)
    return [
        Notice(
            "store",
            e.store_id,
            SECURITY_ALERT,
            "Subscription inactive",
            f"Your subscription is no longer active (status: {_label(status)}). Your store and listings are "
            "hidden from buyers until it is active again.",
            BILLING_LINK,
            Email(
                "subscription_inactive", {"store_name": look.name(e.store_id, "your store"), "status": status}
            ),
        )
    ]


def _charge_recorded(e: ChargeRecordedV1, look: Lookup) -> list[Notice]:
    if e.status != "failed":
        return []
    reason = f" Reason: {e.failure_reason}" if e.failure_reason else ""
    return [
        Notice(
            "store",
            e.store_id,
            SECURITY_ALERT,
            "Payment failed",
            f"A {_label(e.type)} charge of {money(e.amount_cents)} failed.{reason} "
            "Please update your payment method.",
            BILLING_LINK,
            Email(
                "charge_failed",
                {
                    "store_name": look.name(e.store_id, "your store"),
                    "charge_id": str(e.charge_id),
                    "charge_type": str(e.type),
                    "amount_cents": e.amount_cents,
                    "failure_reason": e.failure_reason,
                },
            ),
        )
    ]


Rule = Callable[[Any, Lookup], list[Notice]]

#: event payload class -> rule; the consumers subscribe to exactly these.
MATRIX: Final[Mapping[type[EventPayload], Rule]] = {
    LicenseStatusChangedV1: _license_status_changed,
    LicenseExpiringSoonV1: _license_expiring_soon,
    LicenseExpiredV1: _license_expired,
    CheckoutConvertedV1: _checkout_converted,
    OrderCreatedV1: _order_created,
    OrderRetriedV1: _order_retried,
    OrderDecidedV1: _order_decided,
    OrderReadyForDispatchV1: _order_ready_for_dispatch,
    OrderPendingNudgeV1: _order_pending_nudge,
    NotificationRequestedV1: _notification_requested,
    OrderCanceledV1: _order_canceled,
    OrderExpiredV1: _order_expired,
    OrderPickedUpV1: _order_picked_up,
    OrderDeliveredV1: _order_delivered,
    CashCollectedV1: _cash_collected,
    OrderPaidV1: _order_paid,
    PaymentFailedV1: _payment_problem,
    PaymentRejectedV1: _payment_problem,  # EVENTS.md §6 (ACH, future); not in DOMAIN's matrix
    SubscriptionStatusChangedV1: _subscription_status_changed,
    ChargeRecordedV1: _charge_recorded,
}

# Payload fields that name a store (whose display name a rule may print).
STORE_FIELDS: Final = ("store_id", "buyer_store_id", "vendor_store_id")


def stores_named_by(event: EventPayload) -> set[UUID]:
    return {v for f in STORE_FIELDS if isinstance(v := getattr(event, f, None), UUID)}


def license_named_by(event: EventPayload) -> UUID | None:
    value = getattr(event, "license_id", None)
    return value if isinstance(value, UUID) else None


def notices_for(event: EventPayload, look: Lookup) -> list[Notice]:
    """The notices ``event`` causes (possibly none); :class:`UnroutableEvent` when it names no store."""
    return MATRIX[type(event)](event, look)
