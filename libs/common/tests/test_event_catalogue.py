"""The event catalogue (spec/EVENTS.md §5-6): one typed payload per emitted event, per producer."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

import pytest
from pydantic import ValidationError

from pf_common.events import ads, catalog, common, finance, identity, logistics, media, orders
from pf_common.events.envelope import Envelope
from pf_common.events.registry import (
    EventPayload,
    decode_envelope,
    load_catalogue,
    lookup,
    registered,
    topic_for,
    validate_payload,
)

PRODUCERS = ("identity", "media", "catalog", "orders", "logistics", "finance", "ads")

# spec/EVENTS.md §5, rows 1-37 (row 34 and 37 are several events; R rows are never emitted):
# (event_type, producer, aggregate_type, aggregate field).
CATALOGUE: list[tuple[str, str, str, str]] = [
    ("store_created", "identity", "store", "store_id"),
    ("store_updated", "identity", "store", "store_id"),
    ("store_kyc_status_changed", "identity", "store", "store_id"),
    ("license_status_changed", "identity", "license", "license_id"),
    ("license_expiring_soon", "identity", "license", "license_id"),
    ("license_expired", "identity", "license", "license_id"),
    ("license_deleted", "identity", "license", "license_id"),
    ("agent_upserted", "identity", "user", "user_id"),
    ("media_references_changed", "identity", "entity", "entity_id"),
    ("media_uploaded", "media", "media", "media_id"),
    ("media_processed", "media", "media", "media_id"),
    ("media_deleted", "media", "media", "media_id"),
    ("product_deleted", "catalog", "product", "product_id"),
    ("checkout_converted", "orders", "checkout_group", "checkout_group_id"),
    ("order_created", "orders", "vendor_order", "order_id"),
    ("order_decided", "orders", "vendor_order", "order_id"),
    ("order_totals_changed", "orders", "vendor_order", "order_id"),
    ("order_ready_for_dispatch", "orders", "vendor_order", "order_id"),
    ("order_canceled", "orders", "vendor_order", "order_id"),
    ("order_expired", "orders", "vendor_order", "order_id"),
    ("order_pending_nudge", "orders", "vendor_order", "order_id"),
    ("notification_requested", "orders", "vendor_order", "order_id"),
    ("order_retried", "orders", "vendor_order", "order_id"),
    ("inventory_release_requested", "orders", "vendor_order", "order_id"),
    ("order_assigned", "logistics", "vendor_order", "order_id"),
    ("order_picked_up", "logistics", "vendor_order", "order_id"),
    ("order_delivered", "logistics", "vendor_order", "order_id"),
    ("cash_collected", "finance", "vendor_order", "order_id"),
    ("payment_failed", "finance", "vendor_order", "order_id"),
    ("payment_rejected", "finance", "vendor_order", "order_id"),
    ("order_paid", "finance", "vendor_order", "order_id"),
    ("subscription_status_changed", "finance", "store", "store_id"),
    ("charge_recorded", "finance", "charge", "charge_id"),
    ("ad_created", "ads", "ad", "ad_id"),
    ("ad_updated", "ads", "ad", "ad_id"),
    ("ad_paused", "ads", "ad", "ad_id"),
    ("ad_activated", "ads", "ad", "ad_id"),
    ("ad_expired", "ads", "ad", "ad_id"),
    ("ad_daily_charge_recorded", "ads", "ad", "ad_id"),
    ("ad_spend_rolled_up", "ads", "store", "store_id"),
    ("ad_impression", "ads", "ad", "ad_id"),
    ("ad_click", "ads", "ad", "ad_id"),
    # finance-internal (not in EVENTS.md): a stored webhook event handed to finance's own consumer
    ("billing_provider_event_received", "finance", "provider_event", "provider_event_row_id"),
]

# Never emitted (R) or named differently outside the catalogue (ARCHITECTURE.md §1).
NOT_EMITTED = [
    "order_state_changed",
    "line_item_state_changed",
    "payment_settled",
    "vendor_payout_recorded",
    "reservation_released",
    "ad_daily_rollup_ready",
    "store_kyc_changed",
    "subscription_changed",
    "user_registered",
]

# Event types the spec's consumer actions and flows (EVENTS.md §6-7) rely on.
REFERENCED_BY_CONSUMERS = [
    "ad_paused",
    "order_assigned",
    "license_status_changed",
    "store_kyc_status_changed",
    "order_created",
    "checkout_converted",
    "order_decided",
    "inventory_release_requested",
    "order_totals_changed",
    "order_ready_for_dispatch",
    "order_picked_up",
    "order_delivered",
    "cash_collected",
    "order_paid",
    "order_pending_nudge",
    "order_expired",
    "order_retried",
    "subscription_status_changed",
    "ad_daily_charge_recorded",
    "ad_spend_rolled_up",
    "charge_recorded",
]

MODULES = {
    m.__name__.rsplit(".", 1)[1]: m for m in (identity, media, catalog, orders, logistics, finance, ads)
}


def _class_name(event_type: str) -> str:
    return "".join(part.capitalize() for part in event_type.split("_")) + "V1"


def _cls(event_type: str, module: str | None = None) -> type[EventPayload]:
    producer = next(p for t, p, _, _ in CATALOGUE if t == event_type)
    return getattr(MODULES[module or producer], _class_name(event_type))


# --- samples -------------------------------------------------------------------------------------

STORE = UUID("00000000-0000-4000-8000-000000000001")
VENDOR = UUID("00000000-0000-4000-8000-000000000002")
USER = UUID("00000000-0000-4000-8000-000000000003")
LICENSE = UUID("00000000-0000-4000-8000-000000000004")
MEDIA = UUID("00000000-0000-4000-8000-000000000005")
PRODUCT = UUID("00000000-0000-4000-8000-000000000006")
ORDER = UUID("00000000-0000-4000-8000-000000000007")
GROUP = UUID("00000000-0000-4000-8000-000000000008")
CART = UUID("00000000-0000-4000-8000-000000000009")
AD = UUID("00000000-0000-4000-8000-00000000000a")
CHARGE = UUID("00000000-0000-4000-8000-00000000000b")
LINE = UUID("00000000-0000-4000-8000-00000000000c")
INTENT = UUID("00000000-0000-4000-8000-00000000000d")
LEDGER = UUID("00000000-0000-4000-8000-00000000000e")
ASSIGNMENT = UUID("00000000-0000-4000-8000-00000000000f")
OTHER = UUID("00000000-0000-4000-8000-000000000010")

AT = datetime(2026, 3, 14, 9, 30, tzinfo=UTC)
DAY = date(2026, 3, 13)
EXPIRES = date(2026, 3, 28)

ADDRESS = {
    "line1": "1 Main St",
    "city": "Tulsa",
    "state": "OK",
    "postal_code": "74103",
    "lat": 36.15,
    "lng": -95.99,
}
OK = {"order_id": ORDER, "checkout_group_id": GROUP, "buyer_store_id": STORE, "vendor_store_id": VENDOR}
CONTACT = {"company_name": "Green Co", "dba_name": "Green", "address": ADDRESS}
LINE_ITEM = {
    "line_item_id": LINE,
    "product_id": PRODUCT,
    "title": "Blue Dream 1g",
    "category": "flower",
    "classification": "hybrid",
    "unit": "gram",
    "qty": 10,
    "moq": 5,
    "unit_price_cents": 500,
    "discount_cents": 250,
    "line_subtotal_cents": 5000,
    "line_total_cents": 4750,
    "status": "pending",
    "warnings": [{"type": "clamped_to_moq", "message": "raised to the minimum"}],
    "ad_token": "tok",
}
AD_SNAPSHOT = {
    "ad_id": AD,
    "store_id": VENDOR,
    "status": "active",
    "placement": "hero",
    "target_type": "product",
    "target_id": PRODUCT,
    "bid_cents": 250,
    "daily_budget_cents": 10_000,
    "starts_at": AT,
    "changed_at": AT,
}
CLICKSTREAM = {
    "ad_id": AD,
    "vendor_store_id": VENDOR,
    "buyer_store_id": STORE,
    "buyer_user_id": USER,
    "placement": "store",
    "request_id": "req-1",
    "token_id": OTHER,
    "occurred_at": AT,
}
MEDIA_REFS = {
    "entity_type": "license",
    "entity_id": LICENSE,
    "store_id": STORE,
    "old_media_ids": [OTHER],
    "new_media_ids": [MEDIA],
}

SAMPLES: dict[str, dict[str, Any]] = {
    "store_created": {
        "store_id": STORE,
        "type": "buyer",
        "company_name": "Green Co",
        "address": {**ADDRESS, "line2": "Suite 2", "geohash": "9y6"},
        "owner_user_id": USER,
        "owner_email": "owner@example.com",
        "kyc_status": "pending_verification",
        "subscription_active": False,
        "created_at": AT,
    },
    "store_updated": {
        "store_id": STORE,
        "company_name": "Green Co",
        "phone": "+15555550100",
        "logo_media_id": MEDIA,
        "logo_url": "https://cdn.example.com/logo.png",
        "address": ADDRESS,
        "badge": "top_brand",
        "updated_at": AT,
    },
    "store_kyc_status_changed": {
        "store_id": STORE,
        "previous_status": "pending_verification",
        "kyc_status": "verified",
        "changed_at": AT,
    },
    "license_status_changed": {
        "license_id": LICENSE,
        "store_id": STORE,
        "status": "rejected",
        "number": "PAAA-1234",
        "type": "dispensary",
        "reason": "blurry scan",
    },
    "license_expiring_soon": {
        "license_id": LICENSE,
        "store_id": STORE,
        "expiration_date": EXPIRES,
        "days_until_expiration": 14,
    },
    "license_expired": {"license_id": LICENSE, "store_id": STORE, "expiration_date": DAY, "expired_at": AT},
    "license_deleted": {"license_id": LICENSE, "store_id": STORE, "media_id": MEDIA, "purge_media": True},
    "agent_upserted": {
        "user_id": USER,
        "first_name": "Ada",
        "last_name": "Agent",
        "email": "ada@example.com",
        "is_active": True,
    },
    "media_references_changed": MEDIA_REFS,
    "media_uploaded": {
        "media_id": MEDIA,
        "store_id": STORE,
        "kind": "license_doc",
        "mime_type": "application/pdf",
        "gcs_key": f"{STORE}/license_doc/{MEDIA}.pdf",
        "size_bytes": 1024,
        "uploaded_at": AT,
    },
    "media_processed": {
        "media_id": MEDIA,
        "store_id": STORE,
        "kind": "coa",
        "status": "failed",
        "ocr_available": False,
        "failure_reason": "unreadable",
    },
    "media_deleted": {
        "media_id": MEDIA,
        "store_id": STORE,
        "gcs_key": f"{STORE}/store/{MEDIA}.png",
        "attachments": [{"entity_type": "store_logo", "entity_id": STORE}],
    },
    "product_deleted": {"product_id": PRODUCT, "store_id": VENDOR, "deleted_at": AT},
    "checkout_converted": {
        "checkout_group_id": GROUP,
        "cart_id": CART,
        "buyer_store_id": STORE,
        "vendor_order_ids": [ORDER],
        "vendor_store_ids": [VENDOR],
        "rejected_vendor_store_ids": [OTHER],
        "payment_method": "cash",
        "currency": "USD",
        "subtotal_cents": 5000,
        "discounts_cents": 250,
        "total_cents": 4750,
        "tip_cents": 0,
        "converted_at": AT,
    },
    "order_created": {
        **OK,
        "order_number": 1001,
        "cart_id": CART,
        "status": "created_pending",
        "payment_method": "cash",
        "currency": "USD",
        "subtotal_cents": 5000,
        "discounts_cents": 250,
        "tax_cents": 0,
        "transport_fee_cents": 0,
        "total_cents": 4750,
        "balance_due_cents": 4750,
        "shipping_address": {"state": "OK", "postal_code": "74103", "lat": 36.15, "lng": -95.99},
        "items": [LINE_ITEM],
        "ad_token": "tok",
        "created_at": AT,
    },
    "order_decided": {**OK, "decision": "implicit_accept", "status": "accepted", "decided_at": AT},
    "order_totals_changed": {
        **OK,
        "status": "accepted",
        "subtotal_cents": 5000,
        "discounts_cents": 250,
        "total_cents": 4750,
        "balance_due_cents": 4750,
        "changed_at": AT,
    },
    "order_ready_for_dispatch": {
        **OK,
        "order_number": 1001,
        "fulfillment_status": "partial",
        "shipping_status": "pending",
        "rejected_item_count": 1,
        "total_cents": 4750,
        "discounts_cents": 250,
        "total_items": 10,
        "buyer": CONTACT,
        "vendor": {**CONTACT, "phone": "+15555550101", "logo_url": "https://cdn.example.com/v.png"},
        "ready_at": AT,
    },
    "order_canceled": {**OK, "reason": "buyer_cancel", "canceled_at": AT},
    "order_expired": {**OK, "expired_at": AT, "ttl_days": 10},
    "order_pending_nudge": {**OK, "pending_days": 5},
    "notification_requested": {**OK, "type": "order_nudge", "requested_by_user_id": USER},
    "order_retried": {"original_order_id": OTHER, **OK},
    "inventory_release_requested": {
        "order_id": ORDER,
        "reason": "expired",
        "lines": [{"reservation_id": LINE, "product_id": PRODUCT, "qty": 10}],
    },
    "order_assigned": {
        "order_id": ORDER,
        "assignment_id": ASSIGNMENT,
        "agent_user_id": USER,
        "previous_agent_user_id": OTHER,
        "assigned_at": AT,
    },
    "order_picked_up": {
        "order_id": ORDER,
        "assignment_id": ASSIGNMENT,
        "agent_user_id": USER,
        "picked_up_at": AT,
    },
    "order_delivered": {
        "order_id": ORDER,
        "assignment_id": ASSIGNMENT,
        "agent_user_id": USER,
        "delivered_at": AT,
    },
    "cash_collected": {
        **OK,
        "checkout_group_id": None,
        "payment_intent_id": INTENT,
        "amount_cents": 4750,
        "cash_collected_at": AT,
        "agent_user_id": USER,
        "ledger_event_id": LEDGER,
    },
    "payment_failed": {"order_id": ORDER, "payment_intent_id": INTENT, "failure_reason": "amount_mismatch"},
    "payment_rejected": {"order_id": ORDER, "payment_intent_id": INTENT, "failure_reason": "ach_returned"},
    "order_paid": {
        "order_id": ORDER,
        "buyer_store_id": STORE,
        "vendor_store_id": VENDOR,
        "payment_intent_id": INTENT,
        "amount_cents": 4750,
        "vendor_paid_at": AT,
        "ledger_event_id": LEDGER,
        "confirmed_by_user_id": USER,
    },
    "subscription_status_changed": {
        "store_id": VENDOR,
        "subscription_id": OTHER,
        "previous_status": "active",
        "status": "past_due",
        "subscription_active": True,
        "current_period_end": AT,
        "cancel_at_period_end": False,
        "changed_at": AT,
    },
    "charge_recorded": {
        "charge_id": CHARGE,
        "store_id": VENDOR,
        "type": "ad_spend",
        "status": "failed",
        "amount_cents": 1,
        "usage_charge_id": OTHER,
        "failure_reason": "card_declined",
    },
    "ad_created": {**AD_SNAPSHOT, "status": "draft"},
    "ad_updated": AD_SNAPSHOT,
    "ad_paused": {**AD_SNAPSHOT, "status": "paused"},
    "ad_activated": {**AD_SNAPSHOT, "ends_at": AT},
    "ad_expired": {**AD_SNAPSHOT, "status": "expired"},
    "ad_daily_charge_recorded": {
        "ad_id": AD,
        "vendor_store_id": VENDOR,
        "day": DAY,
        "impressions": 3,
        "clicks": 1,
        "spend_cents": 1,
        "occurred_at": datetime(2026, 3, 13, 23, 59, 59, tzinfo=UTC),
    },
    "ad_spend_rolled_up": {
        "store_id": VENDOR,
        "for_date": DAY,
        "amount_cents": 1,
        "impressions": 3,
        "clicks": 1,
        "ads": [{"ad_id": AD, "impressions": 3, "clicks": 1, "spend_cents": 1}],
    },
    "ad_impression": {**CLICKSTREAM, "cost_millicents": 250},
    "ad_click": CLICKSTREAM,
    "billing_provider_event_received": {
        "provider_event_row_id": OTHER,
        "provider": "stripe",
        "provider_event_id": "evt_1",
        "provider_event_type": "invoice.paid",
    },
}

# The "Once-only dedupe_key" column of EVENTS.md §5, filled in with the samples above.
DEDUPE_KEYS: dict[str, str] = {
    "store_created": f"store_created:{STORE}",
    "license_expiring_soon": f"license_expiring_soon:{LICENSE}:2026-03-28",
    "license_expired": f"license_expired:{LICENSE}",
    "license_deleted": f"license_deleted:{LICENSE}",
    "media_uploaded": f"media_uploaded:{MEDIA}",
    "media_deleted": f"media_deleted:{MEDIA}",
    "product_deleted": f"product_deleted:{PRODUCT}",
    "checkout_converted": f"checkout_converted:{GROUP}",
    "order_created": f"order_created:{ORDER}",
    "order_ready_for_dispatch": f"order_ready_for_dispatch:{ORDER}",
    "order_canceled": f"order_canceled:{ORDER}",
    "order_expired": f"order_expired:{ORDER}",
    "order_pending_nudge": f"order_pending_nudge:{ORDER}",
    "order_retried": f"order_retried:{ORDER}",
    "order_picked_up": f"order_picked_up:{ORDER}",
    "order_delivered": f"order_delivered:{ORDER}",
    "cash_collected": f"cash_collected:{ORDER}",
    "order_paid": f"order_paid:{ORDER}",
    "ad_daily_charge_recorded": f"ad_daily_charge:{AD}:2026-03-13",
    "ad_spend_rolled_up": f"ad_spend:{VENDOR}:2026-03-13",
    "billing_provider_event_received": f"billing_provider_event:{OTHER}",
}

EVENT_TYPES = [t for t, *_ in CATALOGUE]
# media_references_changed is also emitted by catalog and ads (a subclass per producer).
EMITTERS = [(t, p) for t, p, *_ in CATALOGUE] + [
    ("media_references_changed", "catalog"),
    ("media_references_changed", "ads"),
]


def _sample(event_type: str, module: str | None = None) -> EventPayload:
    return _cls(event_type, module)(**SAMPLES[event_type])


# --- the registry --------------------------------------------------------------------------------


def test_registry_holds_exactly_the_catalogue():
    load_catalogue()
    ours = {key: cls for key, cls in registered().items() if cls.producer in PRODUCERS}
    assert set(ours) == {(t, 1) for t in EVENT_TYPES}
    assert len(EVENT_TYPES) == len(set(EVENT_TYPES)) == 43
    assert set(SAMPLES) == set(EVENT_TYPES)


@pytest.mark.parametrize(("event_type", "producer", "aggregate_type", "aggregate_field"), CATALOGUE)
def test_class_metadata_follows_the_catalogue(event_type, producer, aggregate_type, aggregate_field):
    cls = lookup(event_type, 1)
    assert cls is _cls(event_type)
    assert cls.__name__ == _class_name(event_type)
    assert cls.__module__ == f"pf_common.events.{producer}"
    assert (cls.event_version, cls.producer) == (1, producer)
    assert (cls.aggregate_type, cls.aggregate_field) == (aggregate_type, aggregate_field)
    assert aggregate_field in cls.model_fields
    assert cls.__doc__ and cls.__doc__.strip()
    template = cls.dedupe_template
    if template is not None:
        assert set(re.findall(r"{(\w+)}", template)) <= set(cls.model_fields)


def test_events_the_spec_relies_on_exist_and_retired_names_do_not():
    load_catalogue()
    types = {t for t, _ in registered()}
    assert set(REFERENCED_BY_CONSUMERS) <= types
    assert not set(NOT_EMITTED) & types


# --- round trip through the envelope ------------------------------------------------------------


@pytest.mark.parametrize(("event_type", "module"), EMITTERS)
def test_sample_round_trips_through_the_envelope(event_type, module):
    payload = _sample(event_type, module)
    env = payload.to_envelope(event_id=uuid.uuid4(), occurred_at=AT)
    assert env.producer == module
    assert env.event_type == event_type and env.event_version == 1
    assert env.aggregate_type == payload.envelope_aggregate_type()
    assert env.aggregate_id == getattr(payload, payload.aggregate_field)
    if event_type in ("ad_impression", "ad_click"):
        assert payload.topic == ads.CLICKSTREAM_TOPIC == "pf.ads.clickstream"
    else:
        assert topic_for(env.producer) == f"pf.{module}.events"

    received = validate_payload(decode_envelope(env.model_dump_json()))
    assert type(received) is lookup(event_type, 1)
    if type(payload) is type(received):
        assert received == payload
    else:  # the catalog/ads variants of media_references_changed validate as identity's schema
        assert received.model_dump() == payload.model_dump()


def test_media_references_changed_variants_share_one_registered_schema():
    registered_cls = lookup("media_references_changed", 1)
    assert registered_cls is identity.MediaReferencesChangedV1
    for module, producer in ((catalog, "catalog"), (ads, "ads")):
        variant = module.MediaReferencesChangedV1
        assert issubclass(variant, registered_cls) and variant.producer == producer
        assert "event_type" not in variant.__dict__  # not registered a second time
        assert variant.model_fields.keys() == registered_cls.model_fields.keys()


def test_envelope_json_uses_iso_dates_and_integer_cents():
    env = _sample("ad_spend_rolled_up").to_envelope(event_id=uuid.uuid4())
    data = Envelope.model_validate_json(env.model_dump_json()).payload
    assert data["for_date"] == "2026-03-13"
    assert data["amount_cents"] == 1 and isinstance(data["amount_cents"], int)
    assert data["ads"][0]["ad_id"] == str(AD)


# --- dedupe keys ---------------------------------------------------------------------------------


@pytest.mark.parametrize("event_type", EVENT_TYPES)
def test_dedupe_key_matches_the_catalogue(event_type):
    assert _sample(event_type).dedupe_key() == DEDUPE_KEYS.get(event_type)


def test_once_only_events_are_exactly_those_of_the_catalogue():
    once_only = {t for t in EVENT_TYPES if _cls(t).dedupe_template is not None}
    assert once_only == set(DEDUPE_KEYS)


# --- validation ----------------------------------------------------------------------------------


@pytest.mark.parametrize("event_type", EVENT_TYPES)
def test_negative_money_and_naive_datetimes_are_rejected(event_type):
    cls = _cls(event_type)
    sample = SAMPLES[event_type]
    cents = [k for k in sample if k.endswith("_cents")]
    times = [k for k, v in sample.items() if isinstance(v, datetime)]
    for field in cents:
        with pytest.raises(ValidationError, match=field):
            cls(**{**sample, field: -1})
    for field in times:
        with pytest.raises(ValidationError, match="timezone"):
            cls(**{**sample, field: datetime(2026, 3, 14, 9, 30)})


def test_field_types_follow_the_conventions():
    """``*_cents`` are non-negative int, ``*_at`` timezone-aware datetimes, days are dates."""
    load_catalogue()
    for cls in {c for c in registered().values() if c.producer in PRODUCERS}:
        for name, info in cls.model_fields.items():
            where = (cls.__name__, name)
            if name.endswith("_cents"):
                assert info.annotation is int, where
                assert any(getattr(m, "ge", None) == 0 for m in info.metadata), where
            if name.endswith("_at"):
                assert "AwareDatetime" in str(info.annotation), where
            if name in ("day", "for_date", "expiration_date"):
                assert info.annotation is date, where


def test_nested_values_are_validated_too():
    sample = SAMPLES["order_created"]
    with pytest.raises(ValidationError, match="unit_price_cents"):
        orders.OrderCreatedV1(**{**sample, "items": [{**LINE_ITEM, "unit_price_cents": -1}]})
    with pytest.raises(ValidationError, match="category"):
        orders.OrderCreatedV1(**{**sample, "items": [{**LINE_ITEM, "category": "weed"}]})
    with pytest.raises(ValidationError, match="status"):
        orders.OrderCreatedV1(**{**sample, "status": "accepted"})  # created_pending | rejected only


@pytest.mark.parametrize("event_type", EVENT_TYPES)
def test_unknown_fields_rejected_on_emit_ignored_on_receipt(event_type):
    cls = _cls(event_type)
    sample = SAMPLES[event_type]
    with pytest.raises(ValidationError, match="extra_field"):
        cls(**sample, extra_field=1)
    wire = cls(**sample).model_dump(mode="json")
    assert cls.parse_received({**wire, "extra_field": 1}) == cls(**sample)


def test_unknown_nested_fields_rejected_on_emit_ignored_on_receipt():
    sample = SAMPLES["order_created"]
    newer_item = {**LINE_ITEM, "added_later": True}
    with pytest.raises(ValidationError, match="added_later"):
        orders.OrderCreatedV1(**{**sample, "items": [newer_item]})
    env = orders.OrderCreatedV1(**sample).to_envelope(event_id=uuid.uuid4())
    wire = env.model_dump(mode="json")
    wire["payload"]["items"][0]["added_later"] = True
    wire["payload"]["shipping_address"]["country"] = "US"
    assert validate_payload(decode_envelope(Envelope.model_validate(wire).model_dump_json())) == (
        orders.OrderCreatedV1(**sample)
    )


def test_optional_fields_default_to_none_and_lists_to_empty():
    minimal = orders.CheckoutConvertedV1(
        **{
            k: v
            for k, v in SAMPLES["checkout_converted"].items()
            if k not in ("vendor_order_ids", "vendor_store_ids", "rejected_vendor_store_ids")
        }
    )
    assert minimal.vendor_order_ids == [] and minimal.rejected_vendor_store_ids == []
    created = identity.StoreCreatedV1(**SAMPLES["store_created"])
    assert created.dba_name is None and created.logo_url is None and created.phone is None
    assert created.address.country == "US"
    canceled = orders.OrderCanceledV1(**OK, canceled_at=AT)
    assert canceled.reason == "buyer_cancel"
    cash = finance.CashCollectedV1(
        **{k: v for k, v in SAMPLES["cash_collected"].items() if k != "checkout_group_id"}
    )
    assert cash.checkout_group_id is None
    with pytest.raises(ValidationError, match="checkout_group_id"):  # required on other OK payloads
        orders.OrderCanceledV1(**{**OK, "checkout_group_id": None}, canceled_at=AT)


# --- enumerations mirror spec/DOMAIN.md §3 ------------------------------------------------------

DOMAIN_ENUMS: dict[type, str] = {
    common.StoreType: "buyer, vendor",
    common.KycStatus: "pending_verification, verified, rejected, expired, suspended",
    common.StoreBadge: "top_brand, quality_verified",
    common.LicenseStatus: "pending, verified, rejected, expired",
    common.LicenseType: "producer, grower, dispensary, merchant",
    common.MediaKind: "product, ads, pdf, license_doc, coa, manifest, user, store, other",
    common.MediaStatus: (
        "pending, uploaded, processing, ready, failed, delete_requested, deleted, delete_failed"
    ),
    common.AttachmentEntityType: (
        "license, ad, product_gallery, product_coa, store_logo, store_banner, user_avatar"
    ),
    common.ProductCategory: (
        "flower, cart, pre_roll, edible, concentrate, beverage, vape, topical, tincture, seed, "
        "seedling, accessory"
    ),
    common.ProductClassification: "sativa, hybrid, indica, cbd, hemp, balanced",
    common.ProductUnit: "unit, gram, ounce, pound, eighth, sixteenth",
    common.CartItemWarningType: (
        "clamped_to_moq, clamped_to_max, price_changed, not_available, vendor_invalid, "
        "vendor_mismatch, invalid_promo"
    ),
    common.Currency: "USD, BTC, ETH",
    common.PaymentMethod: "cash, ach",
    common.VendorOrderStatus: (
        "created_pending, accepted, partially_accepted, rejected, fulfilled, ready_for_dispatch, hold, "
        "hold_for_pickup, in_transit, delivered, closed, canceled, expired"
    ),
    common.LineItemStatus: "pending, accepted, rejected, fulfilled, hold",
    common.VendorOrderFulfillmentStatus: "pending, partial, fulfilled",
    common.VendorOrderShippingStatus: "pending, dispatched, in_transit, delivered",
    common.SubscriptionStatus: (
        "trialing, active, past_due, canceled, incomplete, incomplete_expired, unpaid, paused"
    ),
    common.ChargeType: "subscription, ad_spend, other",
    common.ChargeStatus: "pending, succeeded, failed, refunded",
    common.AdStatus: "draft, active, paused, exhausted, expired, archived",
    common.AdPlacement: "hero, store, product",
    common.AdTargetType: "store, product",
}


@pytest.mark.parametrize("enum", DOMAIN_ENUMS, ids=lambda e: e.__name__)
def test_enums_mirror_the_domain(enum):
    assert [m.value for m in enum] == DOMAIN_ENUMS[enum].split(", ")


def test_media_references_changed_carries_the_owning_entity_as_its_aggregate():
    from pf_common.events.registry import InvalidEvent, validate_payload

    base = SAMPLES["media_references_changed"]
    expected = {
        "license": "license",
        "ad": "ad",
        "product_gallery": "product",
        "product_coa": "product",
        "store_logo": "store",
        "store_banner": "store",
        "user_avatar": "user",
    }
    for entity_type, aggregate in expected.items():
        env = identity.MediaReferencesChangedV1(**{**base, "entity_type": entity_type}).to_envelope(
            event_id=uuid.uuid4()
        )
        assert env.aggregate_type == aggregate
        assert validate_payload(env).entity_type == entity_type
    env = identity.MediaReferencesChangedV1(**base).to_envelope(event_id=uuid.uuid4())
    with pytest.raises(InvalidEvent, match="aggregate_type"):
        validate_payload(env.model_copy(update={"aggregate_type": "entity"}))
