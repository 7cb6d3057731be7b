"""identity's events feed logistics' projections (DOMAIN §0 "Projections", §5.5; EVENTS.md §4, §6):
``agent_upserted`` the agent pool (``source_version`` = the envelope's ``occurred_at``: older or
equal events change nothing), and the store events pf_common's store projection (its own rules are
pf_common's tests; here: logistics' consumers exist and apply once)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from pf_common.events.common import Address, StoreContactSnapshot
from pf_common.events.identity import AgentUpsertedV1, StoreCreatedV1
from pf_common.events.orders import OrderReadyForDispatchV1
from pf_common.ids import uuid7
from pf_logistics.models import AgentProjection, OrderAssignment, StoreProjection

AGENTS: sa.Table = AgentProjection.__table__  # type: ignore[assignment]
ASSIGNMENTS: sa.Table = OrderAssignment.__table__  # type: ignore[assignment]
STORES: sa.Table = StoreProjection.__table__

T0 = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)
T1, T2 = T0 + timedelta(minutes=1), T0 + timedelta(minutes=2)
APPLIED_ONCE = ["applied", "duplicate"]
ADDRESS = Address(
    line1="1 Main St", city="Sacramento", state="CA", postal_code="95814", lat=38.58, lng=-121.49
)


def upserted(user_id: uuid.UUID, **over: Any) -> AgentUpsertedV1:
    values: dict[str, Any] = {
        "user_id": user_id,
        "first_name": "Ada",
        "last_name": "Driver",
        "email": "ada@example.com",
        "phone": "+15105550123",
        "is_active": True,
    }
    values.update(over)
    return AgentUpsertedV1(**values)


def ready(order_id: uuid.UUID) -> OrderReadyForDispatchV1:
    contact = StoreContactSnapshot(company_name="Co", address=ADDRESS)
    return OrderReadyForDispatchV1(
        order_id=order_id,
        checkout_group_id=uuid7(),
        buyer_store_id=uuid7(),
        vendor_store_id=uuid7(),
        order_number=7,
        fulfillment_status="fulfilled",
        shipping_status="pending",
        rejected_item_count=0,
        total_cents=1000,
        discounts_cents=0,
        total_items=1,
        buyer=contact,
        vendor=contact,
        ready_at=T0,
    )


async def agent_row(db_session, user_id: uuid.UUID) -> dict[str, Any] | None:
    stmt = sa.select(AGENTS).where(AGENTS.c.user_id == user_id)
    row = (await db_session.execute(stmt)).mappings().one_or_none()
    return None if row is None else {k: v for k, v in row.items() if k not in ("created_at", "updated_at")}


def expected_agent(user_id: uuid.UUID, **over: Any) -> dict[str, Any]:
    row = {
        "user_id": user_id,
        "first_name": "Ada",
        "last_name": "Driver",
        "email": "ada@example.com",
        "phone": "+15105550123",
        "is_active": True,
        "source_version": T1,
    }
    row.update(over)
    return row


# --- agent_upserted -----------------------------------------------------------------------------


async def test_agent_upserted_projects_the_agent_once(db_session, deliver):
    user_id = uuid7()

    outcomes = await deliver(upserted(user_id), times=2, occurred_at=T1)

    assert outcomes == APPLIED_ONCE
    assert await agent_row(db_session, user_id) == expected_agent(user_id)


async def test_a_newer_event_overwrites_the_agent(db_session, deliver):
    user_id = uuid7()
    await deliver(upserted(user_id), times=1, occurred_at=T1)

    await deliver(
        upserted(user_id, last_name="Deactivated", phone=None, is_active=False), times=1, occurred_at=T2
    )

    assert await agent_row(db_session, user_id) == expected_agent(
        user_id, last_name="Deactivated", phone=None, is_active=False, source_version=T2
    )


async def test_an_older_or_equal_event_changes_nothing(db_session, deliver):
    # given the agent as of T2 (inactive)
    user_id = uuid7()
    await deliver(upserted(user_id, is_active=False), times=1, occurred_at=T2)
    before = await agent_row(db_session, user_id)

    # when an event of T1 arrives late, and one of T2 again under another event id
    assert await deliver(upserted(user_id, first_name="Old", is_active=True), times=1, occurred_at=T1) == [
        "applied"
    ]
    assert await deliver(upserted(user_id, first_name="Same", is_active=True), times=1, occurred_at=T2) == [
        "applied"
    ]

    # then the row is still T2's
    assert await agent_row(db_session, user_id) == before
    assert before == expected_agent(user_id, is_active=False, source_version=T2)


async def test_any_event_wins_over_a_bootstrap_row(db_session, deliver):
    # given a row the bootstrap wrote (no version, no email)
    user_id = uuid7()
    await db_session.execute(
        sa.insert(AGENTS).values(user_id=user_id, first_name="Boot", last_name="Strap", is_active=True)
    )

    await deliver(upserted(user_id, is_active=False), times=1, occurred_at=T1)

    assert await agent_row(db_session, user_id) == expected_agent(user_id, is_active=False)


async def test_an_agent_made_inactive_keeps_its_assignments_but_gets_no_new_one(db_session, deliver):
    # given the only agent, assigned to an order
    user_id = uuid7()
    await deliver(upserted(user_id), times=1, occurred_at=T1)
    first = uuid7()
    await deliver(ready(first), times=1)

    # when identity deactivates the agent and another order becomes ready
    await deliver(upserted(user_id, is_active=False), times=1, occurred_at=T2)
    second = uuid7()
    await deliver(ready(second), times=1)

    # then the first order keeps its agent, the second waits unassigned
    stmt = sa.select(ASSIGNMENTS.c.order_id, ASSIGNMENTS.c.agent_user_id, ASSIGNMENTS.c.active)
    assert [tuple(r) for r in (await db_session.execute(stmt))] == [(first, user_id, True)]


# --- store events -------------------------------------------------------------------------------


async def test_store_created_projects_the_store_once(db_session, deliver):
    store_id = uuid7()
    event = StoreCreatedV1(
        store_id=store_id,
        type="vendor",
        company_name="Green Acres LLC",
        dba_name="Green Acres",
        phone="+15105550100",
        address=ADDRESS,
        owner_user_id=uuid7(),
        owner_email="owner@example.com",
        kyc_status="verified",
        subscription_active=False,
        created_at=T0,
    )

    outcomes = await deliver(event, times=2, occurred_at=T1)

    assert outcomes == APPLIED_ONCE
    row = (await db_session.execute(sa.select(STORES).where(STORES.c.store_id == store_id))).mappings().one()
    assert {k: row[k] for k in ("type", "company_name", "dba_name", "phone", "address", "kyc_status")} == {
        "type": "vendor",
        "company_name": "Green Acres LLC",
        "dba_name": "Green Acres",
        "phone": "+15105550100",
        "address": ADDRESS.model_dump(mode="json"),
        "kyc_status": "verified",
    }
    assert (row["profile_version"], row["kyc_version"]) == (T1, T1)
