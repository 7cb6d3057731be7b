"""Assignments of agents to dispatch orders (DOMAIN §5.5): the one place one is created.

At most one active assignment per order: the unique partial index ``(order_id) WHERE active`` makes
``INSERT … ON CONFLICT DO NOTHING`` the arbiter of every race (auto-assign on
``order_ready_for_dispatch``, an agent's claim, two claims, a claim and an admin's override): the
insert that lands is the assignment, the others see ``None``. An admin's override first
deactivates the current one (``active = false``, ``unassigned_at``) in the same transaction.
Each created assignment stages ``order_assigned`` in the outbox with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from pf_common.events.logistics import OrderAssignedV1
from pf_common.ids import uuid7
from pf_common.outbox import emit
from pf_logistics.models import OrderAssignment

ASSIGNMENTS: sa.Table = OrderAssignment.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class Assigned:
    assignment_id: UUID
    order_id: UUID
    agent_user_id: UUID
    assigned_by_user_id: UUID | None
    assigned_at: datetime


async def assign(
    session: AsyncSession,
    order_id: UUID,
    agent_user_id: UUID,
    *,
    assigned_by_user_id: UUID | None,
    previous_agent_user_id: UUID | None = None,
    now: datetime,
) -> Assigned | None:
    """Make ``agent_user_id`` the order's active assignment unless one exists (then None), and
    stage ``order_assigned``. The caller checks the order's status first (under its row lock)."""
    assignment_id = uuid7()
    row = (
        await session.execute(
            insert(ASSIGNMENTS)
            .values(
                id=assignment_id,
                order_id=order_id,
                agent_user_id=agent_user_id,
                assigned_by_user_id=assigned_by_user_id,
                assigned_at=now,
                active=True,
            )
            .on_conflict_do_nothing(index_elements=["order_id"], index_where=sa.text("active"))
            .returning(ASSIGNMENTS.c.id)
        )
    ).first()
    if row is None:
        return None
    await emit(
        session,
        OrderAssignedV1(
            order_id=order_id,
            assignment_id=assignment_id,
            agent_user_id=agent_user_id,
            assigned_by_user_id=assigned_by_user_id,
            previous_agent_user_id=previous_agent_user_id,
            assigned_at=now,
        ),
    )
    return Assigned(assignment_id, order_id, agent_user_id, assigned_by_user_id, now)


async def deactivate(session: AsyncSession, order_id: UUID, *, now: datetime) -> UUID | None:
    """End the order's active assignment (an override, a cancel); its agent, or None."""
    row = (
        await session.execute(
            sa.update(ASSIGNMENTS)
            .where(col(OrderAssignment.order_id) == order_id, ASSIGNMENTS.c.active)
            .values(active=False, unassigned_at=now, updated_at=now)
            .returning(ASSIGNMENTS.c.agent_user_id)
        )
    ).first()
    return None if row is None else row.agent_user_id
