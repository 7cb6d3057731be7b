"""catalog's store projection, fed by identity's store events and finance's subscription status.

(DOMAIN §0 "Projections", §5.3 store_projection; EVENTS.md §4 ordering, §6 identity and finance.)
Each event is delivered twice with the same event id (the inbox applies it once); replays (new
event ids), stale events and every arrival order must converge on the row of in-order application.
"""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from pf_catalog.models import Product, StoreProjection
from pf_common.events.common import Address
from pf_common.events.finance import SubscriptionStatusChangedV1
from pf_common.events.identity import StoreCreatedV1, StoreKycStatusChangedV1, StoreUpdatedV1

T0 = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
T1, T2, T3, T4 = (T0 + timedelta(seconds=n) for n in range(1, 5))
APPLIED_ONCE = ["applied", "duplicate"]
LOGO_MEDIA_ID = uuid.UUID("0199a1b2-0000-7000-8000-00000000000a")
LOGO_URL = "https://cdn.example/stores/logo.png"


def address(state: str = "CA") -> Address:
    return Address(line1="1 Main St", city="Oakland", state=state, postal_code="94607", lat=37.8, lng=-122.27)


def created(store_id: uuid.UUID, **over: Any) -> StoreCreatedV1:
    fields: dict[str, Any] = {
        "store_id": store_id,
        "type": "vendor",
        "company_name": "Green Acres LLC",
        "dba_name": None,
        "address": address("ca"),
        "owner_user_id": uuid.uuid4(),
        "owner_email": "owner@example.com",
        "kyc_status": "pending_verification",
        "subscription_active": False,
        "logo_url": None,
        "created_at": T0,
    }
    fields.update(over)
    return StoreCreatedV1(**fields)


def updated(store_id: uuid.UUID, **over: Any) -> StoreUpdatedV1:
    fields: dict[str, Any] = {
        "store_id": store_id,
        "company_name": "Green Acres Holdings LLC",
        "dba_name": "Green Acres",
        "phone": "+15105550100",
        "logo_media_id": LOGO_MEDIA_ID,
        "logo_url": LOGO_URL,
        "address": address("or"),
        "updated_at": T0,
    }
    fields.update(over)
    return StoreUpdatedV1(**fields)


def kyc_changed(store_id: uuid.UUID, status: str = "verified", previous: str = "pending_verification") -> Any:
    return StoreKycStatusChangedV1(
        store_id=store_id, previous_status=previous, kyc_status=status, changed_at=T0
    )


def subscription_changed(store_id: uuid.UUID, *, active: bool = True) -> SubscriptionStatusChangedV1:
    return SubscriptionStatusChangedV1(
        store_id=store_id,
        subscription_id=uuid.uuid4(),
        previous_status="incomplete",
        status="active" if active else "canceled",
        subscription_active=active,
        current_period_end=T0 + timedelta(days=30),
        cancel_at_period_end=False,
        changed_at=T0,
    )


COLUMNS = (
    "type",
    "company_name",
    "dba_name",
    "logo_media_id",
    "logo_url",
    "state",
    "kyc_status",
    "subscription_active",
    "profile_version",
    "kyc_version",
    "subscription_version",
)


async def projected(db_session, store_id: uuid.UUID) -> dict[str, Any] | None:
    db_session.expunge_all()
    row = await db_session.get(StoreProjection, store_id)
    if row is None:
        return None
    return {column: getattr(row, column) for column in COLUMNS}


def row(**over: Any) -> dict[str, Any]:
    """The row ``created(...)`` at T1 projects, with ``over`` changed."""
    values: dict[str, Any] = {
        "type": "vendor",
        "company_name": "Green Acres LLC",
        "dba_name": None,
        "logo_media_id": None,
        "logo_url": None,
        "state": "CA",
        "kyc_status": "pending_verification",
        "subscription_active": False,
        "profile_version": T1,
        "kyc_version": T1,
        "subscription_version": None,
    }
    values.update(over)
    return values


UPDATED_PROFILE = {
    "company_name": "Green Acres Holdings LLC",
    "dba_name": "Green Acres",
    "logo_media_id": LOGO_MEDIA_ID,
    "logo_url": LOGO_URL,
    "state": "OR",
}


# --------------------------------------------------------------------------- store_created


async def test_store_created_projects_the_store_once(db_session, deliver, emitted_events):
    store_id = uuid.uuid4()

    outcomes = await deliver(created(store_id), times=2, occurred_at=T1)

    assert outcomes == APPLIED_ONCE
    assert await projected(db_session, store_id) == row()
    assert await emitted_events() == []


async def test_store_created_of_a_buyer_with_a_logo_and_a_dba(db_session, deliver):
    store_id = uuid.uuid4()
    event = created(store_id, type="buyer", dba_name="Corner Shop", logo_url=LOGO_URL, kyc_status="verified")

    await deliver(event, occurred_at=T1)

    assert await projected(db_session, store_id) == row(
        type="buyer", dba_name="Corner Shop", logo_url=LOGO_URL, kyc_status="verified"
    )


@pytest.mark.parametrize(("sent", "stored"), [("ca", "CA"), (" nv ", "NV"), ("Or", "OR"), ("TX", "TX")])
async def test_the_address_state_is_upper_cased_and_trimmed(db_session, deliver, sent, stored):
    store_id = uuid.uuid4()
    await deliver(created(store_id, address=address(sent)), times=1, occurred_at=T1)
    assert (await projected(db_session, store_id) or {})["state"] == stored

    await deliver(updated(store_id, address=address(sent.lower())), times=1, occurred_at=T2)
    assert (await projected(db_session, store_id) or {})["state"] == stored


async def test_a_replayed_store_created_changes_nothing(db_session, deliver):
    # given a store since updated, verified and subscribed
    store_id = uuid.uuid4()
    await deliver(created(store_id), times=1, occurred_at=T1)
    await deliver(updated(store_id), times=1, occurred_at=T2)
    await deliver(kyc_changed(store_id), times=1, occurred_at=T3)
    await deliver(subscription_changed(store_id), times=1, occurred_at=T4)
    before = await projected(db_session, store_id)

    # when store_created is replayed (a new event id, its original occurred_at)
    assert await deliver(created(store_id), times=1, occurred_at=T1) == ["applied"]

    # then nothing moves back
    assert await projected(db_session, store_id) == before


# --------------------------------------------------------------------------- store_updated


async def test_store_updated_overwrites_the_profile_only(db_session, deliver):
    store_id = uuid.uuid4()
    await deliver(created(store_id, kyc_status="verified"), times=1, occurred_at=T1)

    outcomes = await deliver(updated(store_id), times=2, occurred_at=T2)

    assert outcomes == APPLIED_ONCE
    assert await projected(db_session, store_id) == row(
        **UPDATED_PROFILE, kyc_status="verified", profile_version=T2
    )


async def test_store_updated_without_a_logo_or_dba_clears_them(db_session, deliver):
    store_id = uuid.uuid4()
    await deliver(created(store_id), times=1, occurred_at=T1)
    await deliver(updated(store_id), times=1, occurred_at=T2)

    await deliver(updated(store_id, dba_name=None, logo_media_id=None, logo_url=None), occurred_at=T3)

    assert await projected(db_session, store_id) == row(
        **{**UPDATED_PROFILE, "dba_name": None, "logo_media_id": None, "logo_url": None}, profile_version=T3
    )


async def test_an_older_store_updated_after_a_newer_one_is_ignored(db_session, deliver, captured_logs):
    # given the profile as of T3
    store_id = uuid.uuid4()
    await deliver(created(store_id), times=1, occurred_at=T1)
    await deliver(updated(store_id), times=1, occurred_at=T3)
    newer = row(**UPDATED_PROFILE, profile_version=T3)

    # when an update made at T2 arrives late
    stale = updated(store_id, company_name="Old Name LLC", dba_name="Old", logo_media_id=None, logo_url=None)
    assert await deliver(stale, times=1, occurred_at=T2) == ["applied"]  # consumed, but changes nothing

    # then the T3 profile stays, and the stale event is logged as such
    assert await projected(db_session, store_id) == newer
    assert {
        "event": "store_projection.stale_ignored",
        "table": "catalog.store_projection",
        "event_type": "store_updated",
        "store_id": str(store_id),
        "log_level": "info",
    } in captured_logs


async def test_a_store_updated_with_the_same_occurred_at_is_not_newer(db_session, deliver):
    store_id = uuid.uuid4()
    await deliver(created(store_id), times=1, occurred_at=T1)
    await deliver(updated(store_id), times=1, occurred_at=T2)

    await deliver(updated(store_id, company_name="Other LLC"), times=1, occurred_at=T2)

    assert (await projected(db_session, store_id) or {})["company_name"] == "Green Acres Holdings LLC"


async def test_store_updated_before_store_created_keeps_the_newer_profile(db_session, deliver):
    # given the update arrives first: a partial row without a type (not a visible vendor yet)
    store_id = uuid.uuid4()
    await deliver(updated(store_id), occurred_at=T2)
    assert await projected(db_session, store_id) == row(
        **UPDATED_PROFILE, type=None, profile_version=T2, kyc_version=None
    )

    # when store_created arrives
    assert await deliver(created(store_id, kyc_status="verified"), occurred_at=T1) == APPLIED_ONCE

    # then it fills the type and KYC, and the newer profile stays
    assert await projected(db_session, store_id) == row(
        **UPDATED_PROFILE, kyc_status="verified", profile_version=T2
    )


# --------------------------------------------------------------------------- store_kyc_status_changed


@pytest.mark.parametrize("status", ["verified", "rejected", "expired", "suspended"])
async def test_store_kyc_status_changed_sets_the_status(db_session, deliver, status):
    store_id = uuid.uuid4()
    await deliver(created(store_id), times=1, occurred_at=T1)

    outcomes = await deliver(kyc_changed(store_id, status), times=2, occurred_at=T2)

    assert outcomes == APPLIED_ONCE
    assert await projected(db_session, store_id) == row(kyc_status=status, kyc_version=T2)


async def test_kyc_change_before_store_created_is_kept_and_the_profile_filled_later(db_session, deliver):
    # given KYC verified before catalog heard of the store: a partial row
    store_id = uuid.uuid4()
    await deliver(kyc_changed(store_id, "verified"), occurred_at=T2)
    assert await projected(db_session, store_id) == {
        "type": None,
        "company_name": None,
        "dba_name": None,
        "logo_media_id": None,
        "logo_url": None,
        "state": None,
        "kyc_status": "verified",
        "subscription_active": False,
        "profile_version": None,
        "kyc_version": T2,
        "subscription_version": None,
    }

    # when store_created (KYC pending at T1) arrives
    assert await deliver(created(store_id), occurred_at=T1) == APPLIED_ONCE

    # then the profile is filled and the newer KYC stays
    assert await projected(db_session, store_id) == row(kyc_status="verified", kyc_version=T2)


async def test_an_older_kyc_change_is_ignored(db_session, deliver):
    store_id = uuid.uuid4()
    await deliver(created(store_id), times=1, occurred_at=T1)
    await deliver(kyc_changed(store_id, "suspended", previous="verified"), times=1, occurred_at=T3)

    await deliver(kyc_changed(store_id, "verified"), occurred_at=T2)

    assert await projected(db_session, store_id) == row(kyc_status="suspended", kyc_version=T3)


# --------------------------------------------------------------------------- subscription_status_changed


@pytest.mark.parametrize("active", [True, False])
async def test_subscription_status_changed_sets_subscription_active(db_session, deliver, active):
    store_id = uuid.uuid4()
    await deliver(created(store_id, subscription_active=not active), times=1, occurred_at=T1)

    outcomes = await deliver(subscription_changed(store_id, active=active), times=2, occurred_at=T2)

    assert outcomes == APPLIED_ONCE
    assert await projected(db_session, store_id) == row(subscription_active=active, subscription_version=T2)


async def test_an_older_subscription_change_is_ignored(db_session, deliver):
    store_id = uuid.uuid4()
    await deliver(created(store_id), times=1, occurred_at=T1)
    await deliver(subscription_changed(store_id, active=False), times=1, occurred_at=T4)

    await deliver(subscription_changed(store_id, active=True), occurred_at=T3)

    assert await projected(db_session, store_id) == row(subscription_active=False, subscription_version=T4)


async def test_store_created_never_overrides_finance_on_subscription(db_session, deliver):
    # store_created carries identity's mirror (false at creation); finance's event is the fact, even
    # when its clock reads earlier than identity's
    store_id = uuid.uuid4()
    await deliver(subscription_changed(store_id, active=True), occurred_at=T0)

    await deliver(created(store_id, subscription_active=False), occurred_at=T1)

    assert await projected(db_session, store_id) == row(subscription_active=True, subscription_version=T0)


# --------------------------------------------------------------------------- any arrival order


def _events(store_id: uuid.UUID) -> dict[str, tuple[Any, datetime]]:
    """The store's history in order: created, updated, verified, subscribed (T1 < T2 < T3 < T4)."""
    return {
        "created": (created(store_id), T1),
        "updated": (updated(store_id), T2),
        "kyc": (kyc_changed(store_id, "verified"), T3),
        "subscription": (subscription_changed(store_id, active=True), T4),
    }


IN_ORDER = ("created", "updated", "kyc", "subscription")
FINAL_ROW = row(
    **UPDATED_PROFILE,
    kyc_status="verified",
    subscription_active=True,
    profile_version=T2,
    kyc_version=T3,
    subscription_version=T4,
)


@pytest.mark.parametrize("order", list(itertools.permutations(IN_ORDER)), ids="-".join)
async def test_every_arrival_order_ends_in_the_in_order_row(db_session, deliver, order):
    # given the same history applied in order to one store
    in_order_id, reordered_id = uuid.uuid4(), uuid.uuid4()
    for name in IN_ORDER:
        event, occurred_at = _events(in_order_id)[name]
        await deliver(event, times=1, occurred_at=occurred_at)
    assert await projected(db_session, in_order_id) == FINAL_ROW

    # when another store's history arrives in this order (each event twice)
    for name in order:
        event, occurred_at = _events(reordered_id)[name]
        assert await deliver(event, times=2, occurred_at=occurred_at) == APPLIED_ONCE

    # then both rows are the same
    assert await projected(db_session, reordered_id) == FINAL_ROW


async def test_a_vendor_rename_reaches_its_products_and_their_search_text(db_session, deliver):
    store_id = uuid.uuid4()
    await deliver(created(store_id, type="vendor"), times=1, occurred_at=T1)
    product = Product(
        id=uuid.uuid4(),
        store_id=store_id,
        sku="RN-1",
        title="Blue Dream",
        category="flower",
        feelings=["happy"],
        flavors=["sweet"],
        usage=["sleep"],
        unit="gram",
        price_cents=100,
    )
    db_session.add(product)
    await db_session.flush()

    await deliver(
        updated(store_id, company_name="Old Name", dba_name="Zephyr Gardens"), times=1, occurred_at=T2
    )
    await deliver(updated(store_id, company_name="Older", dba_name="Stale"), times=1, occurred_at=T1)  # stale

    await db_session.refresh(product)
    assert product.vendor_name == "Zephyr Gardens"
    assert "zephyr gardens" in product.search_text
