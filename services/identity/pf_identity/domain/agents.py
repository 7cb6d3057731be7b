"""Delivery agents (API.md §3.1 ``POST /api/admin/v1/agents``, §4 ``/internal/v1/agents``).

An agent is a user with ``system_role = agent`` and no store. Creating one emits
``agent_upserted`` (logistics keeps the agent projection it auto-assigns from) and
leaves an ``agent.created`` audit row, in the same transaction.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from pf_common.errors import Conflict, Forbidden, ValidationFailed
from pf_common.events.identity import AgentUpsertedV1
from pf_common.ids import uuid7
from pf_common.outbox import emit
from pf_common.principal import Principal
from pf_identity.domain import audit
from pf_identity.domain.passwords import Passwords
from pf_identity.domain.queries import user_by_email
from pf_identity.domain.rules.passwords import password_problem
from pf_identity.models import User


class EmailTaken(Conflict):
    default_message = "email already registered"


class NotAnAdmin(Forbidden):
    default_message = "admin only"


async def _require_admin(session: AsyncSession, principal: Principal) -> None:
    """The token says admin; the user row must still say so (and be active)."""
    actor = await session.get(User, principal.user_id)
    if actor is None or not actor.is_active or actor.system_role != "admin":
        raise NotAnAdmin(reason="admin_row")


async def create_agent(
    session: AsyncSession,
    principal: Principal,
    *,
    first_name: str,
    last_name: str,
    email: str,
    password: str,
    phone: str | None,
    passwords: Passwords,
    now: datetime,
) -> User:
    """A new active agent user (409 when the email exists; 400 when the password is refused)."""
    await _require_admin(session, principal)
    email = email.strip().lower()
    if await user_by_email(session, email) is not None:
        raise EmailTaken(reason="email_taken")
    problem = password_problem(password, email=email)
    if problem is not None:
        raise ValidationFailed("password does not meet the policy", details={"password": problem})

    user = User(
        id=uuid7(),
        email=email,
        password_hash=await passwords.hash(password),
        first_name=first_name,
        last_name=last_name,
        phone=phone,
        is_active=True,
        system_role="agent",
        created_at=now,
        updated_at=now,
    )
    try:
        async with session.begin_nested():  # a concurrent create of the same email loses with 409
            session.add(user)
            await session.flush()
    except IntegrityError:
        raise EmailTaken(reason="email_race") from None

    await emit(
        session,
        AgentUpsertedV1(
            user_id=user.id,
            first_name=user.first_name,
            last_name=user.last_name,
            email=user.email,
            phone=user.phone,
            is_active=user.is_active,
        ),
        actor_user_id=principal.user_id,
        occurred_at=now,
    )
    audit.record(
        session,
        action="agent.created",
        target_type="user",
        target_id=user.id,
        actor_user_id=principal.user_id,
        actor_role="admin",
        payload={"system_role": "agent"},
    )
    return user


async def list_agents(session: AsyncSession, *, active: bool = True) -> list[User]:
    """Agent users whose ``is_active`` equals ``active``, oldest first."""
    stmt = (
        sa.select(User)
        .where(col(User.system_role) == "agent", col(User.is_active).is_(active))
        .order_by(col(User.created_at), col(User.id))
    )
    return list((await session.execute(stmt)).scalars().all())
