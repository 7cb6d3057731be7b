"""orders' ``order_ready_for_dispatch`` and ``order_canceled`` feed the dispatch queue and its
auto-assignment (DOMAIN §5.5; EVENTS.md §4, §6).

Each event goes through the real consumers and inbox: ``times=2`` with one event id, the second is
a duplicate; ``deliver(..., times=1)`` called twice is a replay under a new event id, which the
handler itself must make harmless.
"""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from pf_common.events.common import Address, StoreContactSnapshot
from pf_common.events.orders import OrderCanceledV1, OrderReadyForDispatchV1
from pf_common.ids import uuid7
from pf_logistics.models import AgentProjection, DispatchOrder, OrderAssignment

DISPATCH: sa.Table = DispatchOrder.__table__  # type: ignore[assignment]
ASSIGNMENTS: sa.Table = OrderAssignment.__table__  # type: ignore[assignment]
AGENTS: sa.Table = AgentProjection.__table__  # type: ignore[assignment]

NOW = datetime(2026, 12, 5, 10, 0, tzinfo=UTC)
READY_AT = NOW - timedelta(minutes=5)
CANCELED_AT = NOW + timedelta(minutes=5)
APPLIED_ONCE = ["applied", "duplicate"]

BUYER = StoreContactSnapshot(
    company_name="Buyer Co",
    dba_name="Buyer",
    phone="+15105550101",
    address=Address(
        line1="1 Main St", city="Oakland", state="CA", postal_code="94607", lat=37.8, lng=-122.27
    ),
)
VENDOR = StoreContactSnapshot(
    company_name="Vendor Co",
    address=Address(line1="9 Farm Rd", city="Eureka", state="CA", postal_code="95501", lat=40.8, lng=-124.16),
    logo_url="https://cdn.example/v.png",
)


def ready(order_id: uuid.UUID, **over: Any) -> OrderReadyForDispatchV1:
    values: dict[str, Any] = {
        "order_id": order_id,
        "checkout_group_id": uuid.UUID(int=order_id.int ^ 1),
        "buyer_store_id": uuid.UUID(int=order_id.int ^ 2),
        "vendor_store_id": uuid.UUID(int=order_id.int ^ 3),
        "order_number": 1042,
        "fulfillment_status": "fulfilled",
        "shipping_status": "pending",
        "rejected_item_count": 0,
        "total_cents": 4200,
        "discounts_cents": 300,
        "total_items": 7,
        "buyer": BUYER,
        "vendor": VENDOR,
        "ready_at": READY_AT,
    }
    values.update(over)
    return OrderReadyForDispatchV1(**values)


def canceled(order_id: uuid.UUID) -> OrderCanceledV1:
    return OrderCanceledV1(
        order_id=order_id,
        checkout_group_id=uuid.UUID(int=order_id.int ^ 1),
        buyer_store_id=uuid.UUID(int=order_id.int ^ 2),
        vendor_store_id=uuid.UUID(int=order_id.int ^ 3),
        canceled_at=CANCELED_AT,
    )


async def add_agent(db_session, *, active: bool = True) -> uuid.UUID:
    user_id = uuid7()
    await db_session.execute(
        sa.insert(AGENTS).values(
            user_id=user_id, first_name="Ag", last_name="Ent", phone="+15105550199", is_active=active
        )
    )
    return user_id


async def dispatch_row(db_session, order_id: uuid.UUID) -> dict[str, Any] | None:
    stmt = sa.select(DISPATCH).where(DISPATCH.c.order_id == order_id)
    row = (await db_session.execute(stmt)).mappings().one_or_none()
    return None if row is None else {k: v for k, v in row.items() if k not in ("created_at", "updated_at")}


async def assignments_of(db_session, order_id: uuid.UUID) -> list[dict[str, Any]]:
    stmt = (
        sa.select(ASSIGNMENTS).where(ASSIGNMENTS.c.order_id == order_id).order_by(ASSIGNMENTS.c.assigned_at)
    )
    return [dict(r) for r in (await db_session.execute(stmt)).mappings()]


async def count(db_session, table: sa.Table) -> int:
    return int((await db_session.execute(sa.select(sa.func.count()).select_from(table))).scalar_one())


def expected_row(order_id: uuid.UUID, **over: Any) -> dict[str, Any]:
    row = {
        "order_id": order_id,
        "order_number": 1042,
        "checkout_group_id": uuid.UUID(int=order_id.int ^ 1),
        "buyer_store_id": uuid.UUID(int=order_id.int ^ 2),
        "vendor_store_id": uuid.UUID(int=order_id.int ^ 3),
        "buyer": BUYER.model_dump(mode="json"),
        "vendor": VENDOR.model_dump(mode="json"),
        "total_cents": 4200,
        "discounts_cents": 300,
        "total_items": 7,
        "fulfillment_status": "fulfilled",
        "status": "ready_for_dispatch",
        "payment_status": "unpaid",
        "ready_at": READY_AT,
        "picked_up_at": None,
        "delivered_at": None,
        "canceled_at": None,
    }
    row.update(over)
    return row


# --- order_ready_for_dispatch -------------------------------------------------------------------


async def test_a_ready_order_is_queued_and_assigned_to_the_agent_once(
    db_session, deliver, emitted_events, frozen_time
):
    # given one active agent
    frozen_time(NOW)
    agent = await add_agent(db_session)
    order_id = uuid7()

    # when the event is delivered twice
    outcomes = await deliver(ready(order_id), times=2, occurred_at=READY_AT)

    # then one dispatch row, one active auto-assignment and one order_assigned
    assert outcomes == APPLIED_ONCE
    assert await dispatch_row(db_session, order_id) == expected_row(order_id)
    (assignment,) = await assignments_of(db_session, order_id)
    assert {k: assignment[k] for k in ("agent_user_id", "assigned_by_user_id", "assigned_at", "active")} == {
        "agent_user_id": agent,
        "assigned_by_user_id": None,
        "assigned_at": NOW,
        "active": True,
    }
    (event,) = await emitted_events("order_assigned")
    assert event.aggregate_id == order_id
    assert event.payload == {
        "order_id": str(order_id),
        "assignment_id": str(assignment["id"]),
        "agent_user_id": str(agent),
        "assigned_by_user_id": None,
        "previous_agent_user_id": None,
        "assigned_at": "2026-12-05T10:00:00Z",
    }


async def test_a_replay_under_a_new_event_id_changes_nothing(db_session, deliver, emitted_events):
    # given an order queued and assigned
    await add_agent(db_session)
    await add_agent(db_session)
    order_id = uuid7()
    assert await deliver(ready(order_id), times=1) == ["applied"]
    before = await dispatch_row(db_session, order_id)
    assigned_before = await assignments_of(db_session, order_id)

    # when the same fact comes again (another event id), even with other numbers in it
    assert await deliver(ready(order_id, total_cents=1, order_number=7), times=1) == ["applied"]

    # then nothing changed: the row, the one assignment, the one event
    assert await dispatch_row(db_session, order_id) == before
    assert await assignments_of(db_session, order_id) == assigned_before
    assert len(await emitted_events("order_assigned")) == 1


async def test_without_an_active_agent_the_order_waits_in_the_queue(
    db_session, deliver, emitted_events, captured_logs
):
    # given only an inactive agent
    await add_agent(db_session, active=False)
    order_id = uuid7()

    # when
    assert await deliver(ready(order_id), times=2) == APPLIED_ONCE

    # then queued, unassigned, nothing emitted, and a warning says why
    assert (await dispatch_row(db_session, order_id))["status"] == "ready_for_dispatch"  # type: ignore[index]
    assert await assignments_of(db_session, order_id) == []
    assert await emitted_events() == []
    assert [e["order_id"] for e in captured_logs if e["event"] == "logistics.dispatch.no_agent"] == [
        str(order_id)
    ]


async def test_inactive_agents_are_never_chosen(db_session, deliver):
    # given five agents of whom four are inactive
    active = await add_agent(db_session)
    for _ in range(4):
        await add_agent(db_session, active=False)
    orders = [uuid7() for _ in range(20)]

    # when twenty orders become ready
    for order_id in orders:
        assert await deliver(ready(order_id), times=1) == ["applied"]

    # then every one of them went to the active agent
    stmt = sa.select(ASSIGNMENTS.c.agent_user_id).where(
        ASSIGNMENTS.c.order_id.in_(orders), ASSIGNMENTS.c.active
    )
    assert Counter((await db_session.execute(stmt)).scalars()) == {active: 20}


async def test_the_agent_is_drawn_among_all_active_agents(db_session, deliver):
    # given three active agents
    agents = {await add_agent(db_session) for _ in range(3)}
    orders = [uuid7() for _ in range(30)]

    # when thirty orders become ready
    for order_id in orders:
        await deliver(ready(order_id), times=1)

    # then each got one of them, and not always the same (P(one agent only) = 3 * 3^-30)
    stmt = sa.select(ASSIGNMENTS.c.agent_user_id).where(ASSIGNMENTS.c.order_id.in_(orders))
    chosen = list((await db_session.execute(stmt)).scalars())
    assert len(chosen) == 30
    assert set(chosen) <= agents
    assert len(set(chosen)) > 1


# --- order_canceled -----------------------------------------------------------------------------


async def test_a_cancel_ends_the_assignment_and_cancels_the_dispatch_order(
    db_session, deliver, emitted_events, frozen_time
):
    # given an order queued and assigned
    frozen_time(NOW)
    agent = await add_agent(db_session)
    order_id = uuid7()
    await deliver(ready(order_id), times=1)

    # when its cancel is delivered twice
    assert await deliver(canceled(order_id), times=2) == APPLIED_ONCE

    # then canceled, the assignment inactive, and no event beyond the first order_assigned
    assert await dispatch_row(db_session, order_id) == expected_row(
        order_id, status="canceled", canceled_at=CANCELED_AT
    )
    (assignment,) = await assignments_of(db_session, order_id)
    assert (assignment["agent_user_id"], assignment["active"], assignment["unassigned_at"]) == (
        agent,
        False,
        NOW,
    )
    assert [e.event_type for e in await emitted_events()] == ["order_assigned"]


async def test_a_cancel_before_the_ready_event_means_the_order_is_never_enqueued(
    db_session, deliver, emitted_events
):
    # given an active agent and a cancel that overtook its order's ready event
    await add_agent(db_session)
    order_id = uuid7()
    assert await deliver(canceled(order_id), times=2) == APPLIED_ONCE

    # then a canceled tombstone holds the place
    assert await dispatch_row(db_session, order_id) == expected_row(
        order_id,
        order_number=0,
        buyer={},
        vendor={},
        total_cents=0,
        discounts_cents=0,
        total_items=0,
        status="canceled",
        ready_at=CANCELED_AT,
        canceled_at=CANCELED_AT,
    )

    # when the ready event arrives (twice)
    assert await deliver(ready(order_id), times=2) == APPLIED_ONCE

    # then the row reads right but stays canceled; never assigned, nothing emitted
    assert await dispatch_row(db_session, order_id) == expected_row(
        order_id, status="canceled", canceled_at=CANCELED_AT
    )
    assert await assignments_of(db_session, order_id) == []
    assert await emitted_events() == []


async def test_a_delivered_order_is_not_canceled(db_session, deliver, captured_logs):
    # given a delivered order whose assignment holds the delivery
    agent = await add_agent(db_session)
    order_id = uuid7()
    await deliver(ready(order_id), times=1)
    await db_session.execute(
        sa.update(DISPATCH)
        .where(DISPATCH.c.order_id == order_id)
        .values(status="delivered", picked_up_at=NOW, delivered_at=NOW)
    )
    before = await dispatch_row(db_session, order_id)

    # when a (late) cancel arrives
    assert await deliver(canceled(order_id), times=2) == APPLIED_ONCE

    # then nothing changed, and a warning says so
    assert await dispatch_row(db_session, order_id) == before
    (assignment,) = await assignments_of(db_session, order_id)
    assert (assignment["agent_user_id"], assignment["active"]) == (agent, True)
    assert [e["order_id"] for e in captured_logs if e["event"] == "logistics.dispatch.cancel_ignored"] == [
        str(order_id)
    ]


async def test_a_cancel_of_an_order_in_transit_cancels_it_with_a_warning(db_session, deliver, captured_logs):
    # given an order picked up (orders canceled it before it heard of the pickup)
    await add_agent(db_session)
    order_id = uuid7()
    await deliver(ready(order_id), times=1)
    await db_session.execute(
        sa.update(DISPATCH)
        .where(DISPATCH.c.order_id == order_id)
        .values(status="in_transit", picked_up_at=NOW)
    )

    # when
    assert await deliver(canceled(order_id), times=1) == ["applied"]

    # then canceled, the assignment ended, and a warning for the goods the agent holds
    row = await dispatch_row(db_session, order_id)
    assert (row["status"], row["canceled_at"]) == ("canceled", CANCELED_AT)  # type: ignore[index]
    assert [a["active"] for a in await assignments_of(db_session, order_id)] == [False]
    assert [
        e["log_level"] for e in captured_logs if e["event"] == "logistics.dispatch.canceled_in_transit"
    ] == ["warning"]


async def test_a_cancel_writes_nothing_for_other_orders(db_session, deliver):
    # given two assigned orders
    await add_agent(db_session)
    kept, dropped = uuid7(), uuid7()
    await deliver(ready(kept), times=1)
    await deliver(ready(dropped), times=1)

    # when one is canceled
    await deliver(canceled(dropped), times=1)

    # then the other is untouched
    assert await dispatch_row(db_session, kept) == expected_row(kept)
    assert [a["active"] for a in await assignments_of(db_session, kept)] == [True]
    assert await count(db_session, DISPATCH) == 2


async def test_a_partially_fulfilled_order_is_queued_as_partial(db_session, deliver):
    order_id = uuid7()

    await deliver(ready(order_id, fulfillment_status="partial", rejected_item_count=1), times=1)

    row = await dispatch_row(db_session, order_id)
    assert row is not None and row["fulfillment_status"] == "partial"
