"""The notification matrix (DOMAIN §5.1) through identity's real consumers: every row delivered
twice (the inbox applies it once), right audience, store, type and link, email staged or not.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pytest
import sqlalchemy as sa
from identity_factories import make_store

from pf_common.consumer import ConsumerRunner, Outcome
from pf_common.events.common import (
    Address,
    ChargeStatus,
    ChargeType,
    Currency,
    LicenseStatus,
    LicenseType,
    OrderLineSnapshot,
    PaymentMethod,
    ProductCategory,
    ProductUnit,
    ShippingAddressSnapshot,
    StoreContactSnapshot,
    SubscriptionStatus,
    VendorOrderFulfillmentStatus,
    VendorOrderShippingStatus,
    VendorOrderStatus,
)
from pf_common.events.envelope import Envelope
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
from pf_common.ids import uuid7
from pf_common.platform_tables import platform_tables_for
from pf_common.transports.base import Delivery, SubscriptionSpec
from pf_identity.clients.email import CONTEXT_KEYS, render_email
from pf_identity.domain import notifications
from pf_identity.models import EmailDelivery, License, Notification, Store
from pf_identity.worker import CONSUMERS

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)


@dataclass
class Stores:
    buyer: Store
    vendor: Store


@pytest.fixture
async def stores(db_session) -> Stores:
    buyer = await make_store(db_session, type="buyer", company_name="Green Leaf Dispensary")
    vendor = await make_store(
        db_session, type="vendor", company_name="Sunrise Farms LLC", dba_name="Sunrise Farms"
    )
    return Stores(buyer, vendor)


# --- payload builders (pf_common's classes, as orders/logistics/finance will emit them) ------------


def keys(s: Stores, order_id: uuid.UUID | None = None) -> dict[str, Any]:
    return {
        "order_id": order_id or uuid7(),
        "checkout_group_id": uuid7(),
        "buyer_store_id": s.buyer.id,
        "vendor_store_id": s.vendor.id,
    }


def order_created(s: Stores, **over: Any) -> OrderCreatedV1:
    line = OrderLineSnapshot(
        line_item_id=uuid7(),
        product_id=uuid7(),
        title="Blue Dream 1/8",
        category=ProductCategory.FLOWER,
        unit=ProductUnit.EIGHTH,
        qty=10,
        moq=5,
        unit_price_cents=2500,
        discount_cents=0,
        line_subtotal_cents=25_000,
        line_total_cents=25_000,
        status="pending",
    )
    fields: dict[str, Any] = {
        **keys(s),
        "order_number": 1042,
        "cart_id": uuid7(),
        "status": VendorOrderStatus.CREATED_PENDING,
        "payment_method": PaymentMethod.CASH,
        "currency": Currency.USD,
        "subtotal_cents": 50_000,
        "discounts_cents": 0,
        "tax_cents": 0,
        "transport_fee_cents": 0,
        "total_cents": 50_000,
        "balance_due_cents": 50_000,
        "shipping_address": ShippingAddressSnapshot(state="OK", postal_code="73102", lat=35.46, lng=-97.51),
        "items": [line, line.model_copy(update={"line_item_id": uuid7(), "product_id": uuid7()})],
        "created_at": NOW,
    }
    fields.update(over)
    return OrderCreatedV1(**fields)


def contact(name: str) -> StoreContactSnapshot:
    address = Address(line1="1 Main St", city="Tulsa", state="OK", postal_code="74103", lat=36.15, lng=-95.99)
    return StoreContactSnapshot(company_name=name, address=address)


def license_status(store: Store, status: LicenseStatus, reason: str | None = None) -> LicenseStatusChangedV1:
    return LicenseStatusChangedV1(
        license_id=uuid7(),
        store_id=store.id,
        status=status,
        number="PAAA-1234",
        type=LicenseType.DISPENSARY,
        reason=reason,
    )


def subscription(store: Store, previous: SubscriptionStatus | None, status: SubscriptionStatus, active: bool):
    return SubscriptionStatusChangedV1(
        store_id=store.id,
        subscription_id=uuid7(),
        previous_status=previous,
        status=status,
        subscription_active=active,
        current_period_end=NOW,
        cancel_at_period_end=False,
        changed_at=NOW,
    )


def charge(store: Store, status: ChargeStatus, reason: str | None = None) -> ChargeRecordedV1:
    return ChargeRecordedV1(
        charge_id=uuid7(),
        store_id=store.id,
        type=ChargeType.AD_SPEND,
        status=status,
        amount_cents=12_345,
        failure_reason=reason,
    )


# --- reading what a delivery wrote ---------------------------------------------------------------


async def deliver_twice(deliver, event: EventPayload, **envelope_kw: Any) -> Envelope:
    envelope = event.to_envelope(event_id=uuid7(), occurred_at=NOW, **envelope_kw)
    outcomes = await deliver(envelope, times=2)
    # every consumer of the type (subscription_status_changed also feeds the store mirror)
    # applies it on the first delivery and skips the second
    half = len(outcomes) // 2
    assert outcomes == ["applied"] * half + ["duplicate"] * half, outcomes
    return envelope


async def written(db_session, envelope: Envelope) -> list[tuple[Notification, EmailDelivery | None]]:
    """The notifications (and their staged emails) of one event, vendor/admin rows in a stable order."""
    rows = await db_session.execute(
        sa.select(Notification, EmailDelivery)
        .outerjoin(EmailDelivery, EmailDelivery.notification_id == Notification.id)
        .where(Notification.source == f"{envelope.event_type}:{envelope.event_id}")
        .order_by(Notification.audience, Notification.title, Notification.message)
        .execution_options(populate_existing=True)
    )
    return [(n, e) for n, e in rows.all()]


async def one(db_session, envelope: Envelope) -> tuple[Notification, EmailDelivery | None]:
    [row] = await written(db_session, envelope)
    return row


def shape(n: Notification) -> tuple[str, uuid.UUID, str]:
    return (n.audience, n.store_id, n.type)


def assert_email(email: EmailDelivery | None, kind: str, store: Store, **context: Any) -> None:
    assert email is not None
    assert (email.kind, email.store_id, email.status, email.attempts) == (kind, store.id, "pending", 0)
    assert set(email.context) == set(CONTEXT_KEYS[kind])
    assert {k: email.context[k] for k in context} == context
    render_email(kind, email.context, app_base_url="https://app.example")  # the staged context renders


# --- licenses ----------------------------------------------------------------------------------


async def test_license_submitted_notifies_the_admins_without_email(db_session, deliver, stores):
    event = license_status(stores.vendor, LicenseStatus.PENDING)
    envelope = await deliver_twice(deliver, event, store_id=stores.vendor.id)

    n, email = await one(db_session, envelope)
    assert shape(n) == ("admin", stores.vendor.id, "compliance")
    assert (n.title, n.link) == ("License submitted for review", f"/admin/licenses/{event.license_id}")
    assert "Sunrise Farms" in n.message and "PAAA-1234" in n.message
    assert (n.read_at, email) == (None, None)


async def test_license_verified_notifies_the_store_and_stages_an_email(db_session, deliver, stores):
    event = license_status(stores.buyer, LicenseStatus.VERIFIED)
    envelope = await deliver_twice(deliver, event)

    n, email = await one(db_session, envelope)
    assert shape(n) == ("store", stores.buyer.id, "compliance")
    assert (n.title, n.link) == ("License verified", f"/stores/{stores.buyer.id}/licenses/{event.license_id}")
    assert_email(
        email,
        "license_verified",
        stores.buyer,
        store_name="Green Leaf Dispensary",
        license_id=str(event.license_id),
        license_number="PAAA-1234",
        license_type="dispensary",
    )
    assert email.notification_id == n.id


async def test_license_rejected_carries_the_reason(db_session, deliver, stores):
    event = license_status(stores.vendor, LicenseStatus.REJECTED, reason="document is illegible")
    envelope = await deliver_twice(deliver, event)

    n, email = await one(db_session, envelope)
    assert shape(n) == ("store", stores.vendor.id, "compliance")
    assert n.title == "License rejected"
    assert n.message == "Your dispensary license PAAA-1234 was not approved. Reason: document is illegible"
    assert_email(
        email, "license_rejected", stores.vendor, store_name="Sunrise Farms", reason="document is illegible"
    )


async def test_license_status_expired_is_left_to_license_expired(db_session, deliver, stores):
    envelope = await deliver_twice(deliver, license_status(stores.buyer, LicenseStatus.EXPIRED))

    assert await written(db_session, envelope) == []


async def make_license(db_session, store: Store, number: str = "OK-DISP-77") -> License:
    lic = License(
        id=uuid7(),
        store_id=store.id,
        user_id=store.owner_user_id,
        status="verified",
        media_id=uuid7(),
        gcs_key=f"{store.id}/license_doc/{uuid7()}.pdf",
        issuing_state="OK",
        type="dispensary",
        number=number,
        expiration_date=date(2026, 12, 12),
    )
    db_session.add(lic)
    await db_session.flush()
    return lic


async def test_license_expiring_soon_names_the_license_and_emails(db_session, deliver, stores):
    lic = await make_license(db_session, stores.buyer)
    event = LicenseExpiringSoonV1(
        license_id=lic.id, store_id=stores.buyer.id, expiration_date=date(2026, 12, 12)
    )
    envelope = await deliver_twice(deliver, event)

    n, email = await one(db_session, envelope)
    assert shape(n) == ("store", stores.buyer.id, "compliance")
    assert (n.title, n.link) == ("License expiring soon", f"/stores/{stores.buyer.id}/licenses/{lic.id}")
    assert "OK-DISP-77" in n.message and "2026-12-12" in n.message
    assert_email(
        email,
        "license_expiring_soon",
        stores.buyer,
        license_number="OK-DISP-77",
        expiration_date="2026-12-12",
        days_until_expiration=14,
    )


async def test_license_expired_emails_even_when_the_license_row_is_gone(db_session, deliver, stores):
    license_id = uuid7()  # deleted between the event and its consumer: the id stands in for the number
    event = LicenseExpiredV1(
        license_id=license_id, store_id=stores.vendor.id, expiration_date=date(2026, 11, 27), expired_at=NOW
    )
    envelope = await deliver_twice(deliver, event)

    n, email = await one(db_session, envelope)
    assert shape(n) == ("store", stores.vendor.id, "compliance")
    assert n.title == "License expired"
    assert_email(email, "license_expired", stores.vendor, license_number=str(license_id))


# --- orders ------------------------------------------------------------------------------------


async def test_checkout_converted_notifies_the_buyer(db_session, deliver, stores):
    order_id = uuid7()
    event = CheckoutConvertedV1(
        checkout_group_id=uuid7(),
        cart_id=uuid7(),
        buyer_store_id=stores.buyer.id,
        vendor_order_ids=[order_id],
        vendor_store_ids=[stores.vendor.id],
        payment_method=PaymentMethod.CASH,
        currency=Currency.USD,
        subtotal_cents=50_000,
        discounts_cents=0,
        total_cents=50_000,
        tip_cents=0,
        converted_at=NOW,
    )
    envelope = await deliver_twice(deliver, event)

    n, email = await one(db_session, envelope)
    assert shape(n) == ("store", stores.buyer.id, "order_alert")
    assert (n.title, n.message, n.link) == (
        "Checkout submitted",
        "Your checkout was submitted: 1 order, $500.00 in total.",
        f"/orders/{order_id}",
    )
    assert email is None


async def test_new_order_notifies_and_emails_the_vendor(db_session, deliver, stores):
    event = order_created(stores)
    envelope = await deliver_twice(deliver, event)

    n, email = await one(db_session, envelope)
    assert shape(n) == ("store", stores.vendor.id, "order_alert")
    assert (n.title, n.link) == ("New order", f"/orders/{event.order_id}")
    assert n.message == "Green Leaf Dispensary placed order #1042: 2 items, $500.00."
    assert_email(
        email,
        "order_created",
        stores.vendor,
        store_name="Sunrise Farms",
        order_id=str(event.order_id),
        order_number=1042,
        buyer_store_name="Green Leaf Dispensary",
        item_count=2,
        total_cents=50_000,
    )


async def test_a_retried_order_created_is_left_to_order_retried(db_session, deliver, stores):
    envelope = await deliver_twice(deliver, order_created(stores, retried_from_order_id=uuid7()))

    assert await written(db_session, envelope) == []


async def test_an_order_rejected_at_checkout_tells_the_buyer_without_email(db_session, deliver, stores):
    event = order_created(stores, status=VendorOrderStatus.REJECTED)
    envelope = await deliver_twice(deliver, event)

    n, email = await one(db_session, envelope)
    assert shape(n) == ("store", stores.buyer.id, "order_alert")
    assert (n.title, n.link, email) == ("Order not placed", f"/orders/{event.order_id}", None)
    assert "Sunrise Farms" in n.message


async def test_order_retried_notifies_and_emails_the_vendor(db_session, deliver, stores):
    event = OrderRetriedV1(**keys(stores), original_order_id=uuid7())
    envelope = await deliver_twice(deliver, event)

    n, email = await one(db_session, envelope)
    assert shape(n) == ("store", stores.vendor.id, "order_alert")
    assert (n.title, n.link) == ("Order re-submitted", f"/orders/{event.order_id}")
    assert_email(email, "order_retried", stores.vendor, buyer_store_name="Green Leaf Dispensary")


@pytest.mark.parametrize(
    ("decision", "title", "message"),
    [
        ("accept", "Order accepted", "Sunrise Farms accepted your order."),
        ("implicit_accept", "Order accepted", "Sunrise Farms accepted your order."),
        ("reject", "Order rejected", "Sunrise Farms rejected your order. Reason: out of stock"),
    ],
)
async def test_order_decided_tells_the_buyer(db_session, deliver, stores, decision, title, message):
    event = OrderDecidedV1(
        **keys(stores),
        decision=decision,
        status=VendorOrderStatus.REJECTED if decision == "reject" else VendorOrderStatus.ACCEPTED,
        reason="out of stock" if decision == "reject" else None,
        decided_at=NOW,
    )
    envelope = await deliver_twice(deliver, event)

    n, email = await one(db_session, envelope)
    assert shape(n) == ("store", stores.buyer.id, "order_alert")
    assert (n.title, n.message, n.link, email) == (title, message, f"/orders/{event.order_id}", None)


async def test_order_ready_for_dispatch_tells_the_buyer(db_session, deliver, stores):
    event = OrderReadyForDispatchV1(
        **keys(stores),
        order_number=7,
        fulfillment_status=VendorOrderFulfillmentStatus.FULFILLED,
        shipping_status=VendorOrderShippingStatus.PENDING,
        rejected_item_count=0,
        total_cents=1000,
        discounts_cents=0,
        total_items=1,
        buyer=contact("Green Leaf Dispensary"),
        vendor=contact("Sunrise Farms LLC"),
        ready_at=NOW,
    )
    envelope = await deliver_twice(deliver, event)

    n, email = await one(db_session, envelope)
    assert shape(n) == ("store", stores.buyer.id, "order_alert")
    assert (n.title, n.message, email) == (
        "Order ready for dispatch",
        "Order #7 from Sunrise Farms is ready for dispatch.",
        None,
    )


async def test_order_pending_nudge_emails_the_vendor(db_session, deliver, stores):
    event = OrderPendingNudgeV1(**keys(stores), pending_days=5)
    envelope = await deliver_twice(deliver, event)

    n, email = await one(db_session, envelope)
    assert shape(n) == ("store", stores.vendor.id, "order_alert")
    assert n.title == "Order waiting for your decision"
    assert_email(
        email, "order_nudge", stores.vendor, pending_days=5, buyer_store_name="Green Leaf Dispensary"
    )


async def test_a_buyers_nudge_emails_the_vendor(db_session, deliver, stores):
    event = NotificationRequestedV1(**keys(stores), requested_by_user_id=uuid7())
    envelope = await deliver_twice(deliver, event)

    n, email = await one(db_session, envelope)
    assert shape(n) == ("store", stores.vendor.id, "order_alert")
    assert (n.title, n.link) == ("Order reminder", f"/orders/{event.order_id}")
    assert_email(email, "order_nudge", stores.vendor, pending_days=None)


async def test_order_canceled_tells_the_vendor_without_email(db_session, deliver, stores):
    event = OrderCanceledV1(**keys(stores), canceled_at=NOW)
    envelope = await deliver_twice(deliver, event)

    n, email = await one(db_session, envelope)
    assert shape(n) == ("store", stores.vendor.id, "order_alert")
    assert (n.title, n.message, email) == (
        "Order canceled",
        "Green Leaf Dispensary canceled their order.",
        None,
    )


async def test_order_expired_notifies_and_emails_both_sides(db_session, deliver, stores):
    event = OrderExpiredV1(**keys(stores), expired_at=NOW, ttl_days=10)
    envelope = await deliver_twice(deliver, event)

    rows = await written(db_session, envelope)
    by_store = {n.store_id: (n, e) for n, e in rows}
    assert len(rows) == 2 and set(by_store) == {stores.buyer.id, stores.vendor.id}
    for n, _ in rows:
        assert (n.audience, n.type, n.title, n.link) == (
            "store",
            "order_alert",
            "Order expired",
            f"/orders/{event.order_id}",
        )
    assert_email(
        by_store[stores.buyer.id][1],
        "order_expired",
        stores.buyer,
        store_name="Green Leaf Dispensary",
        audience="buyer",
        counterparty_name="Sunrise Farms",
        ttl_days=10,
    )
    assert_email(
        by_store[stores.vendor.id][1],
        "order_expired",
        stores.vendor,
        store_name="Sunrise Farms",
        audience="vendor",
        counterparty_name="Green Leaf Dispensary",
    )


# --- logistics (the payload names no store: the envelope's store_id routes it) ------------------


@pytest.mark.parametrize(
    ("event_cls", "at", "title"),
    [
        (OrderPickedUpV1, "picked_up_at", "Order picked up"),
        (OrderDeliveredV1, "delivered_at", "Order delivered"),
    ],
)
async def test_pickup_and_delivery_tell_the_buyer(db_session, deliver, stores, event_cls, at, title):
    event = event_cls(order_id=uuid7(), assignment_id=uuid7(), agent_user_id=uuid7(), **{at: NOW})
    envelope = await deliver_twice(deliver, event, store_id=stores.buyer.id)

    n, email = await one(db_session, envelope)
    assert shape(n) == ("store", stores.buyer.id, "order_alert")
    assert (n.title, n.link, email) == (title, f"/orders/{event.order_id}", None)


@pytest.mark.parametrize(
    ("event_cls", "at"), [(OrderPickedUpV1, "picked_up_at"), (OrderDeliveredV1, "delivered_at")]
)
async def test_a_payload_naming_the_buyer_wins_over_the_envelope(db_session, deliver, stores, event_cls, at):
    # producers that set the (optional) store ids need no envelope store_id
    event = event_cls(
        order_id=uuid7(),
        assignment_id=uuid7(),
        agent_user_id=uuid7(),
        buyer_store_id=stores.buyer.id,
        vendor_store_id=stores.vendor.id,
        **{at: NOW},
    )
    envelope = await deliver_twice(deliver, event, store_id=stores.vendor.id)

    n, _ = await one(db_session, envelope)
    assert shape(n) == ("store", stores.buyer.id, "order_alert")


# --- finance -----------------------------------------------------------------------------------


async def test_cash_collected_tells_the_vendor(db_session, deliver, stores):
    event = CashCollectedV1(
        **keys(stores),
        payment_intent_id=uuid7(),
        amount_cents=50_000,
        cash_collected_at=NOW,
        agent_user_id=uuid7(),
        ledger_event_id=uuid7(),
    )
    envelope = await deliver_twice(deliver, event)

    n, email = await one(db_session, envelope)
    assert shape(n) == ("store", stores.vendor.id, "order_alert")
    assert (n.title, n.message, email) == (
        "Cash collected",
        "$500.00 in cash was collected for the order from Green Leaf Dispensary.",
        None,
    )


async def test_order_paid_tells_the_vendor(db_session, deliver, stores):
    event = OrderPaidV1(
        order_id=uuid7(),
        buyer_store_id=stores.buyer.id,
        vendor_store_id=stores.vendor.id,
        payment_intent_id=uuid7(),
        amount_cents=47_500,
        vendor_paid_at=NOW,
        ledger_event_id=uuid7(),
        confirmed_by_user_id=uuid7(),
    )
    envelope = await deliver_twice(deliver, event)

    n, email = await one(db_session, envelope)
    assert shape(n) == ("store", stores.vendor.id, "order_alert")
    assert (n.title, n.link, email) == ("Order paid out", f"/orders/{event.order_id}", None)


@pytest.mark.parametrize(
    ("event_cls", "title"), [(PaymentFailedV1, "Payment failed"), (PaymentRejectedV1, "Payment rejected")]
)
async def test_payment_problems_notify_the_admins(db_session, deliver, stores, event_cls, title):
    event = event_cls(order_id=uuid7(), payment_intent_id=uuid7(), failure_reason="ach_returned")
    envelope = await deliver_twice(deliver, event, store_id=stores.buyer.id)

    n, email = await one(db_session, envelope)
    assert shape(n) == ("admin", stores.buyer.id, "order_alert")
    assert (n.title, n.link, email) == (title, f"/admin/orders/{event.order_id}", None)
    assert "ach_returned" in n.message


async def test_a_subscription_becoming_inactive_alerts_and_emails_the_vendor(db_session, deliver, stores):
    event = subscription(
        stores.vendor, SubscriptionStatus.PAST_DUE, SubscriptionStatus.CANCELED, active=False
    )
    envelope = await deliver_twice(deliver, event)

    n, email = await one(db_session, envelope)
    assert shape(n) == ("store", stores.vendor.id, "security_alert")
    assert (n.title, n.link) == ("Subscription inactive", "/vendor/billing")
    assert_email(email, "subscription_inactive", stores.vendor, store_name="Sunrise Farms", status="canceled")


@pytest.mark.parametrize(
    ("previous", "status", "active"),
    [
        (SubscriptionStatus.ACTIVE, SubscriptionStatus.PAST_DUE, True),  # still active [G-14]
        (SubscriptionStatus.INCOMPLETE, SubscriptionStatus.ACTIVE, True),  # became active
        (None, SubscriptionStatus.INCOMPLETE, False),  # never was active
        (SubscriptionStatus.UNPAID, SubscriptionStatus.CANCELED, False),  # was inactive already
    ],
)
async def test_other_subscription_changes_are_silent(db_session, deliver, stores, previous, status, active):
    envelope = await deliver_twice(deliver, subscription(stores.vendor, previous, status, active))

    assert await written(db_session, envelope) == []


async def test_a_failed_charge_alerts_and_emails_the_vendor(db_session, deliver, stores):
    event = charge(stores.vendor, ChargeStatus.FAILED, reason="card_declined")
    envelope = await deliver_twice(deliver, event)

    n, email = await one(db_session, envelope)
    assert shape(n) == ("store", stores.vendor.id, "security_alert")
    assert (n.title, n.link) == ("Payment failed", "/vendor/billing")
    assert_email(
        email,
        "charge_failed",
        stores.vendor,
        charge_id=str(event.charge_id),
        charge_type="ad_spend",
        amount_cents=12_345,
        failure_reason="card_declined",
    )


@pytest.mark.parametrize("status", [ChargeStatus.SUCCEEDED, ChargeStatus.PENDING, ChargeStatus.REFUNDED])
async def test_other_charges_are_silent(db_session, deliver, stores, status):
    envelope = await deliver_twice(deliver, charge(stores.vendor, status))

    assert await written(db_session, envelope) == []


# --- idempotency beyond the inbox, bad data --------------------------------------------------------


async def test_a_replayed_event_writes_one_notification_and_one_email(db_session, database, stores):
    # A dead letter replayed after the inbox rows were purged (30 days) reaches the handler again.
    event = OrderExpiredV1(**keys(stores), expired_at=NOW)
    envelope = event.to_envelope(event_id=uuid7(), occurred_at=NOW)

    for _ in range(2):
        async with database.transaction() as session:
            await notifications.notify(session, event, envelope, now=NOW)

    rows = await written(db_session, envelope)
    assert len(rows) == 2 and all(e is not None for _, e in rows)
    count = (
        sa.select(sa.func.count())
        .select_from(EmailDelivery)
        .where(EmailDelivery.notification_id.in_([n.id for n, _ in rows]))
    )
    assert (await db_session.execute(count)).scalar_one() == 2


class FakeSubscriber:
    def __init__(self, spec: SubscriptionSpec) -> None:
        self.spec = spec
        self.acked: list[str] = []
        self.nacked: list[str] = []
        self.dead: list[tuple[str, str]] = []

    async def ack(self, delivery: Delivery) -> None:
        self.acked.append(delivery.message_id)

    async def nack(self, delivery: Delivery) -> None:
        self.nacked.append(delivery.message_id)

    async def dead_letter(self, delivery: Delivery, reason: str) -> None:
        self.dead.append((delivery.message_id, reason))


async def handle(database, envelope: Envelope) -> tuple[str, FakeSubscriber]:
    [consumer] = [c for c in CONSUMERS if c.event is not None and c.event.event_type == envelope.event_type]
    runner = ConsumerRunner(database, transport=None, consumer=consumer)  # type: ignore[arg-type]
    subscriber = FakeSubscriber(runner.spec)
    delivery = Delivery("1-0", envelope.to_json().encode(), envelope.attributes(), delivery_count=1)
    return await runner.handle(subscriber, delivery), subscriber  # type: ignore[arg-type]


async def nothing_written(db_session, envelope: Envelope, subscription: str) -> bool:
    processed = platform_tables_for("identity").processed
    n = await db_session.scalar(
        sa.select(sa.func.count())
        .select_from(Notification)
        .where(Notification.source.like(f"%{envelope.event_id}"))
    )
    p = await db_session.scalar(
        sa.select(sa.func.count())
        .select_from(processed)
        .where(processed.c.consumer == subscription, processed.c.event_id == envelope.event_id)
    )
    return (n, p) == (0, 0)


async def test_a_notice_for_an_unknown_store_is_dead_lettered(db_session, database, stores):
    event = order_created(stores, vendor_store_id=uuid7())  # identity has no such store
    envelope = event.to_envelope(event_id=uuid7(), occurred_at=NOW)

    outcome, subscriber = await handle(database, envelope)

    assert outcome == Outcome.DEAD and subscriber.acked == subscriber.nacked == []
    [(_, reason)] = subscriber.dead
    assert reason.startswith("poison: order_created concerns unknown store(s)")
    assert await nothing_written(db_session, envelope, "identity.notify_order_created")


async def test_an_event_that_names_no_store_is_dead_lettered(db_session, database, stores):
    event = OrderDeliveredV1(order_id=uuid7(), assignment_id=uuid7(), agent_user_id=uuid7(), delivered_at=NOW)
    envelope = event.to_envelope(event_id=uuid7(), occurred_at=NOW)  # no envelope store_id

    outcome, subscriber = await handle(database, envelope)

    assert outcome == Outcome.DEAD
    assert "order_delivered names no store" in subscriber.dead[0][1]
    assert await nothing_written(db_session, envelope, "identity.notify_order_delivered")


async def test_every_matrix_event_has_one_consumer_named_after_it():
    subscriptions = {c.event.event_type: c.subscription("identity").name for c in CONSUMERS if c.event}
    for event_type in (
        "license_status_changed",
        "license_expiring_soon",
        "license_expired",
        "checkout_converted",
        "order_created",
        "order_retried",
        "order_decided",
        "order_ready_for_dispatch",
        "order_pending_nudge",
        "notification_requested",
        "order_canceled",
        "order_expired",
        "order_picked_up",
        "order_delivered",
        "cash_collected",
        "order_paid",
        "payment_failed",
        "subscription_status_changed",
        "charge_recorded",
    ):
        assert subscriptions[event_type] == f"identity.notify_{event_type}"
