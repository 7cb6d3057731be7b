"""The agent pool's jobs (DOMAIN §5.5): ``bootstrap_agents`` takes identity's active agents into the
projection without ever overwriting a row an ``agent_upserted`` versioned; ``assign_waiting_orders``
gives queued orders a random active agent. identity is a fake at the client's interface (its HTTP
contract is the client's own test)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from pf_common.events.common import Address, StoreContactSnapshot
from pf_common.events.identity import AgentUpsertedV1
from pf_common.events.orders import OrderCanceledV1, OrderReadyForDispatchV1
from pf_common.ids import uuid7
from pf_logistics.clients.identity import Agent, IdentityUnavailable
from pf_logistics.models import AgentProjection, DispatchOrder, OrderAssignment
from pf_logistics.worker import JOBS

AGENTS: sa.Table = AgentProjection.__table__  # type: ignore[assignment]
ASSIGNMENTS: sa.Table = OrderAssignment.__table__  # type: ignore[assignment]
DISPATCH: sa.Table = DispatchOrder.__table__  # type: ignore[assignment]

NOW = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)
T1 = NOW - timedelta(hours=1)
ADDRESS = Address(
    line1="1 Main St", city="Sacramento", state="CA", postal_code="95814", lat=38.58, lng=-121.49
)


class FakeIdentity:
    """identity's active agents as the test sets them; ``fail`` makes it unavailable."""

    def __init__(self) -> None:
        self.agents: list[Agent] = []
        self.fail = False
        self.calls = 0

    async def active_agents(self) -> list[Agent]:
        self.calls += 1
        if self.fail:
            raise IdentityUnavailable("status 503")
        return list(self.agents)

    async def aclose(self) -> None:
        pass


@pytest.fixture
def identity() -> FakeIdentity:
    return FakeIdentity()


@pytest.fixture
def context(context_factory, identity):
    return context_factory(identity=identity)


def listed(user_id: uuid.UUID, first_name: str = "Ida", phone: str | None = "+15105550111") -> Agent:
    return Agent(user_id=user_id, first_name=first_name, last_name="Listed", phone=phone)


async def bootstrap_row(db_session, user_id: uuid.UUID, *, active: bool = True) -> None:
    """A row an earlier bootstrap wrote (no source_version, no email)."""
    await db_session.execute(
        sa.insert(AGENTS).values(user_id=user_id, first_name="Ida", last_name="Listed", is_active=active)
    )


async def agent_row(db_session, user_id: uuid.UUID) -> dict[str, Any] | None:
    stmt = sa.select(AGENTS).where(AGENTS.c.user_id == user_id)
    row = (await db_session.execute(stmt)).mappings().one_or_none()
    return None if row is None else {k: v for k, v in row.items() if k not in ("created_at", "updated_at")}


async def all_agents(db_session) -> dict[uuid.UUID, dict[str, Any]]:
    rows = (await db_session.execute(sa.select(AGENTS))).mappings()
    return {r["user_id"]: dict(r) for r in rows}


def ready(order_id: uuid.UUID) -> OrderReadyForDispatchV1:
    contact = StoreContactSnapshot(company_name="Co", address=ADDRESS)
    return OrderReadyForDispatchV1(
        order_id=order_id,
        checkout_group_id=uuid7(),
        buyer_store_id=uuid7(),
        vendor_store_id=uuid7(),
        order_number=9,
        fulfillment_status="fulfilled",
        shipping_status="pending",
        rejected_item_count=0,
        total_cents=1000,
        discounts_cents=0,
        total_items=1,
        buyer=contact,
        vendor=contact,
        ready_at=T1,
    )


def agent_upserted(user_id: uuid.UUID, *, is_active: bool = True, first_name: str = "Eve") -> AgentUpsertedV1:
    return AgentUpsertedV1(
        user_id=user_id,
        first_name=first_name,
        last_name="Event",
        email="eve@example.com",
        phone=None,
        is_active=is_active,
    )


async def active_assignments(db_session) -> dict[uuid.UUID, uuid.UUID]:
    stmt = sa.select(ASSIGNMENTS.c.order_id, ASSIGNMENTS.c.agent_user_id).where(ASSIGNMENTS.c.active)
    return {r.order_id: r.agent_user_id for r in await db_session.execute(stmt)}


def test_the_jobs_and_their_intervals():
    by_name = {j.name: j for j in JOBS}
    assert (by_name["bootstrap_agents"].interval_s, by_name["bootstrap_agents"].transaction) == (900, False)
    assert (by_name["assign_waiting_orders"].interval_s, by_name["assign_waiting_orders"].transaction) == (
        60,
        False,
    )


# --- bootstrap_agents ---------------------------------------------------------------------------


async def test_bootstrap_inserts_the_agents_it_does_not_know(db_session, run_job, identity):
    # given identity lists two active agents (one twice) and the projection is empty
    a, b = uuid7(), uuid7()
    identity.agents = [listed(a), listed(b, phone=None), listed(a)]

    # when
    assert await run_job("bootstrap_agents", now=NOW) == "ran"

    # then both are there, active, unversioned
    rows = await all_agents(db_session)
    assert {
        k: {c: v[c] for c in ("first_name", "phone", "email", "is_active", "source_version")}
        for k, v in rows.items()
    } == {
        a: {
            "first_name": "Ida",
            "phone": "+15105550111",
            "email": None,
            "is_active": True,
            "source_version": None,
        },
        b: {"first_name": "Ida", "phone": None, "email": None, "is_active": True, "source_version": None},
    }

    # and a second run changes nothing
    before = await all_agents(db_session)
    assert await run_job("bootstrap_agents", now=NOW + timedelta(minutes=15)) == "ran"
    assert await all_agents(db_session) == before


async def test_bootstrap_never_overwrites_an_agent_an_event_versioned(db_session, run_job, deliver, identity):
    # given identity's event made one agent inactive and renamed another
    inactive, renamed = uuid7(), uuid7()
    await deliver(agent_upserted(inactive, is_active=False), times=1, occurred_at=T1)
    await deliver(agent_upserted(renamed, first_name="Eve"), times=1, occurred_at=T1)
    before = {u: await agent_row(db_session, u) for u in (inactive, renamed)}

    # when the (older) list says both are active under other names
    identity.agents = [listed(inactive), listed(renamed, first_name="Other")]
    assert await run_job("bootstrap_agents", now=NOW) == "ran"

    # then neither row moved
    assert {u: await agent_row(db_session, u) for u in (inactive, renamed)} == before
    assert before[inactive]["is_active"] is False  # type: ignore[index]


async def test_bootstrap_deactivates_only_bootstrap_rows_identity_no_longer_lists(
    db_session, run_job, deliver, identity
):
    # given a bootstrap-only agent and an event-versioned one, both active, and neither listed now
    gone, versioned, kept = uuid7(), uuid7(), uuid7()
    await bootstrap_row(db_session, gone)
    await deliver(agent_upserted(versioned), times=1, occurred_at=T1)
    await bootstrap_row(db_session, kept)
    identity.agents = [listed(kept)]

    # when
    assert await run_job("bootstrap_agents", now=NOW) == "ran"

    # then only the bootstrap-only row identity dropped is inactive
    rows = await all_agents(db_session)
    assert {u: r["is_active"] for u, r in rows.items()} == {gone: False, versioned: True, kept: True}


async def test_bootstrap_refreshes_a_bootstrap_row_identity_lists_again(db_session, run_job, identity):
    # given a bootstrap-only agent once dropped (inactive), now listed again with a new phone
    user_id = uuid7()
    await bootstrap_row(db_session, user_id, active=False)
    identity.agents = [listed(user_id, phone="+15105550999")]

    assert await run_job("bootstrap_agents", now=NOW) == "ran"

    assert await agent_row(db_session, user_id) == {
        "user_id": user_id,
        "first_name": "Ida",
        "last_name": "Listed",
        "email": None,
        "phone": "+15105550999",
        "is_active": True,
        "source_version": None,
    }


async def test_identity_unavailable_fails_the_run_and_writes_nothing(db_session, run_job, identity):
    # given a bootstrap-only agent identity would no longer list
    user_id = uuid7()
    await bootstrap_row(db_session, user_id)
    identity.fail = True

    with pytest.raises(IdentityUnavailable):
        await run_job("bootstrap_agents", now=NOW)

    assert identity.calls == 1
    assert (await agent_row(db_session, user_id))["is_active"] is True  # type: ignore[index]


# --- assign_waiting_orders ----------------------------------------------------------------------


async def test_queued_orders_are_assigned_once_an_agent_arrives(db_session, deliver, run_job, emitted_events):
    # given two orders that became ready while no agent was active
    first, second = uuid7(), uuid7()
    await deliver(ready(first), times=1)
    await deliver(ready(second), times=1)
    assert await active_assignments(db_session) == {}

    # when an agent arrives and the job runs
    agent = uuid7()
    await deliver(agent_upserted(agent), times=1, occurred_at=T1)
    assert await run_job("assign_waiting_orders", now=NOW) == "ran"

    # then both went to that agent, one order_assigned each
    assert await active_assignments(db_session) == {first: agent, second: agent}
    events = await emitted_events("order_assigned")
    assert sorted(
        (e.payload["order_id"], e.payload["agent_user_id"], e.payload["assigned_at"]) for e in events
    ) == sorted((str(o), str(agent), "2026-12-05T12:00:00Z") for o in (first, second))

    # and a second run finds nothing to do
    assert await run_job("assign_waiting_orders", now=NOW + timedelta(minutes=1)) == "ran"
    assert len(await emitted_events("order_assigned")) == 2


async def test_the_job_leaves_canceled_and_assigned_orders_alone(
    db_session, deliver, run_job, emitted_events
):
    # given an order assigned to the first agent, and a queued order canceled before any agent
    queued_then_canceled = uuid7()
    await deliver(ready(queued_then_canceled), times=1)
    await deliver(
        OrderCanceledV1(
            order_id=queued_then_canceled,
            checkout_group_id=uuid7(),
            buyer_store_id=uuid7(),
            vendor_store_id=uuid7(),
            canceled_at=T1,
        ),
        times=1,
    )
    first_agent = uuid7()
    await deliver(agent_upserted(first_agent), times=1, occurred_at=T1)
    assigned = uuid7()
    await deliver(ready(assigned), times=1)
    await deliver(agent_upserted(uuid7()), times=1, occurred_at=T1)

    # when
    assert await run_job("assign_waiting_orders", now=NOW) == "ran"

    # then nothing new
    assert await active_assignments(db_session) == {assigned: first_agent}
    assert len(await emitted_events("order_assigned")) == 1


async def test_without_an_active_agent_the_job_leaves_the_queue_waiting(
    db_session, deliver, run_job, emitted_events, captured_logs
):
    # given a queued order and only an inactive agent
    await deliver(agent_upserted(uuid7(), is_active=False), times=1, occurred_at=T1)
    order_id = uuid7()
    await deliver(ready(order_id), times=1)

    # when
    assert await run_job("assign_waiting_orders", now=NOW) == "ran"

    # then still waiting
    assert await active_assignments(db_session) == {}
    assert await emitted_events("order_assigned") == []
    assert [
        e["waiting"] for e in captured_logs if e["event"] == "logistics.dispatch.no_agent" and "waiting" in e
    ] == [1]
    status = (
        await db_session.execute(sa.select(DISPATCH.c.status).where(DISPATCH.c.order_id == order_id))
    ).scalar_one()
    assert status == "ready_for_dispatch"


async def test_the_job_works_through_more_than_one_batch(db_session, deliver, run_job):
    # given more queued orders than one batch holds (ASSIGN_BATCH = 100)
    orders = [uuid7() for _ in range(105)]
    for order_id in orders:
        await deliver(ready(order_id), times=1)
    agent = uuid7()
    await deliver(agent_upserted(agent), times=1, occurred_at=T1)

    assert await run_job("assign_waiting_orders", now=NOW) == "ran"

    assert await active_assignments(db_session) == dict.fromkeys(orders, agent)
