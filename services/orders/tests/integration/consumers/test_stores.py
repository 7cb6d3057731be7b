"""orders' store projection, fed by identity's store events and finance's subscription status
through pf_common's ready-made consumers (DOMAIN §0 "Projections"; EVENTS.md §4, §6). The upserts'
own rules (versions per source, any arrival order) are pf_common's tests; here: orders' consumers
exist, apply once, and fill the columns orders keeps (``models.STORE_PROJECTION_COLUMNS``)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from pf_common.events.common import Address
from pf_common.events.finance import SubscriptionStatusChangedV1
from pf_common.events.identity import StoreCreatedV1, StoreKycStatusChangedV1, StoreUpdatedV1
from pf_orders.models import StoreProjection

T0 = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
T1, T2, T3, T4 = (T0 + timedelta(seconds=n) for n in range(1, 5))
APPLIED_ONCE = ["applied", "duplicate"]
TABLE: sa.Table = StoreProjection.__table__
ADDRESS = Address(
    line1="1 Main St", city="Sacramento", state="ca", postal_code="95814", lat=38.58, lng=-121.49
)


def created(store_id: uuid.UUID) -> StoreCreatedV1:
    return StoreCreatedV1(
        store_id=store_id,
        type="vendor",
        company_name="Green Acres LLC",
        dba_name="Green Acres",
        phone="+15105550100",
        address=ADDRESS,
        owner_user_id=uuid.uuid4(),
        owner_email="owner@example.com",
        kyc_status="pending_verification",
        subscription_active=False,
        logo_url="https://cdn.example/logo.png",
        created_at=T0,
    )


async def projected(db_session, store_id: uuid.UUID) -> dict[str, Any] | None:
    stmt = sa.select(TABLE).where(TABLE.c.store_id == store_id)
    row = (await db_session.execute(stmt)).mappings().one_or_none()
    return None if row is None else {k: v for k, v in row.items() if k not in ("created_at", "updated_at")}


async def test_store_created_projects_the_store_once(db_session, deliver, emitted_events):
    store_id = uuid.uuid4()

    outcomes = await deliver(created(store_id), times=2, occurred_at=T1)

    assert outcomes == APPLIED_ONCE
    assert await projected(db_session, store_id) == {
        "store_id": store_id,
        "type": "vendor",
        "company_name": "Green Acres LLC",
        "dba_name": "Green Acres",
        "phone": "+15105550100",
        "logo_url": "https://cdn.example/logo.png",
        "state": "CA",
        "address": ADDRESS.model_dump(mode="json"),
        "kyc_status": "pending_verification",
        "subscription_active": False,
        "profile_version": T1,
        "kyc_version": T1,
        "subscription_version": None,
    }
    assert await emitted_events() == []


async def test_updates_kyc_and_subscription_apply_once_each(db_session, deliver):
    store_id = uuid.uuid4()
    await deliver(created(store_id), times=1, occurred_at=T1)
    update = StoreUpdatedV1(
        store_id=store_id,
        company_name="Green Acres Holdings",
        address=ADDRESS.model_copy(update={"state": "nv"}),
        updated_at=T2,
    )
    kyc = StoreKycStatusChangedV1(
        store_id=store_id, previous_status="pending_verification", kyc_status="verified", changed_at=T3
    )
    subscription = SubscriptionStatusChangedV1(
        store_id=store_id,
        subscription_id=uuid.uuid4(),
        status="active",
        subscription_active=True,
        current_period_end=T0 + timedelta(days=30),
        cancel_at_period_end=False,
        changed_at=T4,
    )

    assert await deliver(update, times=2, occurred_at=T2) == APPLIED_ONCE
    assert await deliver(kyc, times=2, occurred_at=T3) == APPLIED_ONCE
    assert await deliver(subscription, times=2, occurred_at=T4) == APPLIED_ONCE

    row = await projected(db_session, store_id)
    assert row is not None
    assert (row["company_name"], row["dba_name"], row["state"]) == ("Green Acres Holdings", None, "NV")
    assert (row["kyc_status"], row["subscription_active"]) == ("verified", True)
    assert (row["profile_version"], row["kyc_version"], row["subscription_version"]) == (T2, T3, T4)
