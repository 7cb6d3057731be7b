"""The dispatch queue and its automatic assignment; the agent pool it draws from.

(DOMAIN §5.5 rules; EVENTS.md §4 consumer rules, §6 rows ``order_ready_for_dispatch``,
``order_canceled``, ``agent_upserted``.) Every handler here is safe twice and tolerates any arrival
order: each change is one guarded statement (an upsert with a ``WHERE``), never read-then-write.

**The queue.** ``dispatch_orders`` rows with status ``ready_for_dispatch`` and no active assignment.
:func:`enqueue_order` inserts the row if absent (a replay changes nothing), then takes its row lock
and, while it is still ``ready_for_dispatch`` and has no active assignment, assigns a uniformly
random active agent (:func:`assignments.assign`, whose ``ON CONFLICT`` arbitrates a concurrent
claim or override: ``None`` there means someone else assigned it, which is fine). No active agent
⇒ the order waits in the queue (``logistics.dispatch.no_agent``) and :func:`assign_waiting` (the
``assign_waiting_orders`` job) assigns it once an agent is there. The ``payment_status`` of a new
row is ``unpaid``: ``order_ready_for_dispatch`` does not carry the payment (cash is settled at
delivery through finance; nothing else moves it yet).

**Cancels and tombstones.** ``order_canceled`` makes a ``ready_for_dispatch`` or ``in_transit``
order ``canceled`` (``canceled_at`` from the event) and ends its active assignment (deactivate; no
event: orders already knows). A delivered order stays delivered (``logistics.dispatch.cancel_ignored``
warning: orders cancels only before pickup, so this is a race an admin reconciles); an
``in_transit`` order is canceled but warned about (``logistics.dispatch.canceled_in_transit``): the
agent holds the goods. A cancel of an order logistics has not seen yet (its ``order_ready_for_dispatch``
is still on the way: each event type is its own subscription) leaves a **tombstone**: a
``canceled`` row with ``order_number = 0`` (real order numbers start at 1), empty contacts, zero
totals and ``ready_at = canceled_at`` as placeholders (EVENTS.md §4: an event about an unknown
aggregate creates a placeholder row). The late ``order_ready_for_dispatch`` then fills in the
tombstone's snapshot (so the canceled row reads right) but its status stays ``canceled`` and it is
never enqueued nor assigned. Readers of the queue select by status, so a tombstone never shows as
work; a list of canceled orders may show ``order_number = 0`` until the ready event arrives (for an
order canceled before it was ever ready, never). The cancel and the ready event each take the
dispatch row (an upsert locks it), so a cancel racing an auto-assign either sees the assignment
and ends it, or makes the row canceled before the assign looks at it.

**Agents.** ``agent_projection`` follows ``agent_upserted`` with ``source_version`` = the
envelope's ``occurred_at``: an older or equal version changes nothing. A row the bootstrap wrote
has no version, so any event wins over it. Only ``is_active`` agents are auto-assigned; an agent
who becomes inactive keeps the assignments it has (an admin overrides them if needed: taking
orders away from an agent in the middle of a pickup is not logistics' call to make on its own).

**Bootstrap.** :func:`bootstrap_agents` (the ``bootstrap_agents`` job) asks identity for its active
agents outside any transaction, then in one short transaction inserts the unknown ones, refreshes
the rows that only the bootstrap ever wrote (no ``source_version``), and marks inactive the
bootstrap-only rows identity no longer lists as active. A row an event versioned is never touched:
the event stream is the newer truth about it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from pf_common.db import Database
from pf_common.events.identity import AgentUpsertedV1
from pf_common.events.orders import OrderCanceledV1, OrderReadyForDispatchV1
from pf_common.logging import get_logger
from pf_logistics.clients.identity import Agent, IdentityClient
from pf_logistics.domain import assignments
from pf_logistics.domain.assignments import ASSIGNMENTS, Assigned
from pf_logistics.models import AgentProjection, DispatchOrder

log = get_logger(__name__)

DISPATCH: sa.Table = DispatchOrder.__table__  # type: ignore[attr-defined]
AGENTS: sa.Table = AgentProjection.__table__  # type: ignore[attr-defined]

READY: Final = "ready_for_dispatch"
IN_TRANSIT: Final = "in_transit"
DELIVERED: Final = "delivered"
CANCELED: Final = "canceled"
#: statuses ``order_canceled`` moves to canceled (not ``delivered``: that fact is final)
CANCELABLE: Final = (READY, IN_TRANSIT)
UNPAID: Final = "unpaid"
#: ``order_number`` of a cancel's placeholder row (real order numbers start at 1)
TOMBSTONE_ORDER_NUMBER: Final = 0

ASSIGN_BATCH: Final = 100
BOOTSTRAP_CHUNK: Final = 500

#: the columns ``order_ready_for_dispatch`` describes (a tombstone gets them filled in)
_SNAPSHOT_COLUMNS: Final = (
    "order_number",
    "checkout_group_id",
    "buyer_store_id",
    "vendor_store_id",
    "buyer",
    "vendor",
    "total_cents",
    "discounts_cents",
    "total_items",
    "fulfillment_status",
    "ready_at",
)


# --- the queue ----------------------------------------------------------------------------------


async def enqueue_order(
    session: AsyncSession, event: OrderReadyForDispatchV1, *, now: datetime
) -> Assigned | None:
    """``order_ready_for_dispatch``: the dispatch row (inserted if absent; a tombstone's snapshot
    filled in, its status kept), then a random active agent's assignment if the order is still
    ``ready_for_dispatch`` and unassigned. The assignment made, or None."""
    snapshot: dict[str, Any] = {
        "order_number": event.order_number,
        "checkout_group_id": event.checkout_group_id,
        "buyer_store_id": event.buyer_store_id,
        "vendor_store_id": event.vendor_store_id,
        "buyer": event.buyer.model_dump(mode="json"),
        "vendor": event.vendor.model_dump(mode="json"),
        "total_cents": event.total_cents,
        "discounts_cents": event.discounts_cents,
        "total_items": event.total_items,
        "fulfillment_status": event.fulfillment_status,
        "ready_at": event.ready_at,
    }
    stmt = insert(DISPATCH).values(
        order_id=event.order_id,
        **snapshot,
        status=READY,
        payment_status=UNPAID,
        created_at=now,
        updated_at=now,
    )
    await session.execute(
        stmt.on_conflict_do_update(
            index_elements=[DISPATCH.c.order_id],
            set_={**{c: stmt.excluded[c] for c in _SNAPSHOT_COLUMNS}, "updated_at": now},
            where=DISPATCH.c.order_number == TOMBSTONE_ORDER_NUMBER,
        )
    )
    status = await _lock_status(session, event.order_id)
    if status != READY:
        log.info("logistics.dispatch.not_enqueued", order_id=str(event.order_id), status=status)
        return None
    if await _has_active_assignment(session, event.order_id):
        return None
    return await _auto_assign(session, event.order_id, now=now)


async def cancel_order(session: AsyncSession, event: OrderCanceledV1, *, now: datetime) -> bool:
    """``order_canceled``: a ready or in-transit order becomes canceled and its active assignment
    ends; an unknown order gets a tombstone (module docstring); a delivered or already canceled
    one changes nothing. True when a row changed."""
    stmt = insert(DISPATCH).values(
        order_id=event.order_id,
        order_number=TOMBSTONE_ORDER_NUMBER,
        checkout_group_id=event.checkout_group_id,
        buyer_store_id=event.buyer_store_id,
        vendor_store_id=event.vendor_store_id,
        buyer={},
        vendor={},
        total_cents=0,
        discounts_cents=0,
        total_items=0,
        status=CANCELED,
        payment_status=UNPAID,
        ready_at=event.canceled_at,
        canceled_at=event.canceled_at,
        created_at=now,
        updated_at=now,
    )
    row = (
        await session.execute(
            stmt.on_conflict_do_update(
                index_elements=[DISPATCH.c.order_id],
                set_={"status": CANCELED, "canceled_at": event.canceled_at, "updated_at": now},
                where=DISPATCH.c.status.in_(CANCELABLE),
            ).returning(DISPATCH.c.picked_up_at, sa.literal_column("xmax = 0", sa.Boolean).label("inserted"))
        )
    ).first()
    order_id = str(event.order_id)
    if row is None:
        status = await _lock_status(session, event.order_id)
        if status == DELIVERED:
            log.warning("logistics.dispatch.cancel_ignored", order_id=order_id, status=status)
        return False
    if row.inserted:
        log.info("logistics.dispatch.tombstone", order_id=order_id)
        return True
    agent = await assignments.deactivate(session, event.order_id, now=now)
    if row.picked_up_at is not None:
        log.warning("logistics.dispatch.canceled_in_transit", order_id=order_id)
    log.info(
        "logistics.dispatch.canceled",
        order_id=order_id,
        agent_user_id=None if agent is None else str(agent),
    )
    return True


@dataclass(slots=True)
class AssignStats:
    assigned: int = 0
    taken: int = 0  # assigned meanwhile by someone else (a claim, an override)
    waiting: int = 0  # left in the queue: no active agent

    def as_dict(self) -> dict[str, int]:
        return {"assigned": self.assigned, "taken": self.taken, "waiting": self.waiting}


async def assign_waiting(db: Database, *, now: datetime, batch: int = ASSIGN_BATCH) -> AssignStats:
    """Queue orders (``ready_for_dispatch``, no active assignment), oldest first, each get a random
    active agent: ``batch`` orders per short transaction, their dispatch rows taken ``FOR UPDATE
    SKIP LOCKED`` (an order a cancel or a claim is changing now is left to the next run). Stops
    when the queue is empty or no agent is active. Re-runnable: an assigned order no longer
    matches."""
    stats = AssignStats()
    unassigned = ~sa.exists().where(ASSIGNMENTS.c.order_id == DISPATCH.c.order_id, ASSIGNMENTS.c.active)
    while True:
        async with db.transaction() as session:
            due = list(
                (
                    await session.execute(
                        sa.select(DISPATCH.c.order_id)
                        .where(DISPATCH.c.status == READY, unassigned)
                        .order_by(DISPATCH.c.created_at, DISPATCH.c.order_id)
                        .limit(batch)
                        .with_for_update(of=DISPATCH, skip_locked=True)
                    )
                ).scalars()
            )
            for i, order_id in enumerate(due):
                agent = await _random_active_agent(session)
                if agent is None:
                    stats.waiting += len(due) - i
                    log.warning("logistics.dispatch.no_agent", waiting=len(due) - i)
                    break
                assigned = await assignments.assign(
                    session, order_id, agent, assigned_by_user_id=None, now=now
                )
                if assigned is None:
                    stats.taken += 1
                else:
                    stats.assigned += 1
        if stats.waiting or len(due) < batch:
            break
    if stats.assigned or stats.taken or stats.waiting:
        log.info("logistics.dispatch.queue_assigned", **stats.as_dict())
    return stats


# --- agents -------------------------------------------------------------------------------------


async def record_agent(
    session: AsyncSession, event: AgentUpsertedV1, *, occurred_at: datetime, now: datetime
) -> bool:
    """``agent_upserted``: the projection row, unless it holds a version as new or newer (a replay
    or a stale event). True when it changed."""
    stmt = insert(AGENTS).values(
        user_id=event.user_id,
        first_name=event.first_name,
        last_name=event.last_name,
        email=event.email,
        phone=event.phone,
        is_active=event.is_active,
        source_version=occurred_at,
        created_at=now,
        updated_at=now,
    )
    fields = ("first_name", "last_name", "email", "phone", "is_active", "source_version")
    row = (
        await session.execute(
            stmt.on_conflict_do_update(
                index_elements=[AGENTS.c.user_id],
                set_={**{c: stmt.excluded[c] for c in fields}, "updated_at": now},
                where=sa.or_(
                    AGENTS.c.source_version.is_(None), AGENTS.c.source_version < stmt.excluded.source_version
                ),
            ).returning(AGENTS.c.user_id)
        )
    ).first()
    if row is None:
        log.info("logistics.agents.stale_event", user_id=str(event.user_id))
        return False
    log.info("logistics.agents.projected", user_id=str(event.user_id), is_active=event.is_active)
    return True


@dataclass(slots=True)
class BootstrapStats:
    fetched: int = 0
    inserted: int = 0
    refreshed: int = 0  # bootstrap-only rows whose names, phone or activity changed
    deactivated: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "fetched": self.fetched,
            "inserted": self.inserted,
            "refreshed": self.refreshed,
            "deactivated": self.deactivated,
        }


async def bootstrap_agents(db: Database, identity: IdentityClient, *, now: datetime) -> BootstrapStats:
    """identity's active agents into the projection (module docstring): unknown ones inserted,
    bootstrap-only rows refreshed, bootstrap-only rows identity no longer lists made inactive;
    rows an ``agent_upserted`` versioned are never touched. The call to identity happens before
    the transaction; ``IdentityUnavailable`` propagates (the job fails and runs again at its next
    slot)."""
    agents = {a.user_id: a for a in await identity.active_agents()}  # one row per agent
    stats = BootstrapStats(fetched=len(agents))
    async with db.transaction() as session:
        rows = list(agents.values())
        for start in range(0, len(rows), BOOTSTRAP_CHUNK):
            inserted, refreshed = await _bootstrap_chunk(session, rows[start : start + BOOTSTRAP_CHUNK], now)
            stats.inserted += inserted
            stats.refreshed += refreshed
        result = await session.execute(
            sa.update(AGENTS)
            .where(
                AGENTS.c.is_active,
                AGENTS.c.source_version.is_(None),
                AGENTS.c.user_id.not_in(list(agents)),
            )
            .values(is_active=False, updated_at=now)
            .returning(AGENTS.c.user_id)
        )
        stats.deactivated = len(result.all())
    log.info("logistics.agents.bootstrapped", **stats.as_dict())
    return stats


async def _bootstrap_chunk(session: AsyncSession, agents: list[Agent], now: datetime) -> tuple[int, int]:
    stmt = insert(AGENTS).values(
        [
            {
                "user_id": a.user_id,
                "first_name": a.first_name,
                "last_name": a.last_name,
                "phone": a.phone,
                "is_active": True,
                "created_at": now,
                "updated_at": now,
            }
            for a in agents
        ]
    )
    fields = ("first_name", "last_name", "phone", "is_active")
    current = sa.tuple_(*(AGENTS.c[c] for c in fields))
    listed = sa.tuple_(*(stmt.excluded[c] for c in fields))
    upsert = stmt.on_conflict_do_update(
        index_elements=[AGENTS.c.user_id],
        set_={**{c: stmt.excluded[c] for c in fields}, "updated_at": now},
        where=sa.and_(AGENTS.c.source_version.is_(None), current.is_distinct_from(listed)),
    ).returning(sa.literal_column("xmax = 0", sa.Boolean).label("inserted"))
    flags: list[bool] = [bool(r.inserted) for r in await session.execute(upsert)]
    return sum(flags), len(flags) - sum(flags)


# --- queries ------------------------------------------------------------------------------------


async def _lock_status(session: AsyncSession, order_id: UUID) -> str | None:
    stmt = sa.select(DISPATCH.c.status).where(DISPATCH.c.order_id == order_id).with_for_update()
    status: str | None = (await session.execute(stmt)).scalar_one_or_none()
    return status


async def _has_active_assignment(session: AsyncSession, order_id: UUID) -> bool:
    stmt = sa.select(sa.exists().where(ASSIGNMENTS.c.order_id == order_id, ASSIGNMENTS.c.active))
    return bool((await session.execute(stmt)).scalar_one())


async def _random_active_agent(session: AsyncSession) -> UUID | None:
    """A uniformly random active agent (``ORDER BY random()``: the pool is small), or None."""
    stmt = sa.select(AGENTS.c.user_id).where(AGENTS.c.is_active).order_by(sa.func.random()).limit(1)
    agent: UUID | None = (await session.execute(stmt)).scalar_one_or_none()
    return agent


async def _auto_assign(session: AsyncSession, order_id: UUID, *, now: datetime) -> Assigned | None:
    agent = await _random_active_agent(session)
    if agent is None:
        log.warning("logistics.dispatch.no_agent", order_id=str(order_id))
        return None
    assigned = await assignments.assign(session, order_id, agent, assigned_by_user_id=None, now=now)
    if assigned is None:
        log.info("logistics.dispatch.already_assigned", order_id=str(order_id))
    else:
        log.info("logistics.dispatch.assigned", order_id=str(order_id), agent_user_id=str(agent))
    return assigned
