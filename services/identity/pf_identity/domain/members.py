"""Store members (API.md §3.1 ``/stores/me/users``; DOMAIN §4.3, §5.1 store_memberships).

Every use case re-reads the caller's role from its membership row: the token's role is a
routing hint that may be up to one access-token lifetime stale (DOMAIN §4.1).

* An invite of a new email creates the user with a random 16-character temporary password,
  returned once; an existing user keeps their password (G-10). The membership starts
  ``invited`` and turns ``active`` at the user's next login or store switch.
* Only owners invite or remove owners; removing the last active owner is refused (409).
* Removing deletes the membership row. Both changes leave an audit row.
"""

from __future__ import annotations

import secrets
import string
from dataclasses import dataclass
from datetime import datetime
from typing import Final
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from pf_common.errors import Conflict, Forbidden, NotFound
from pf_common.ids import uuid7
from pf_common.principal import MANAGE, Principal
from pf_common.tenancy import active_store_id, scoped
from pf_identity.domain import audit
from pf_identity.domain.locks import lock_store
from pf_identity.domain.passwords import Passwords
from pf_identity.domain.queries import user_by_email
from pf_identity.domain.rules.memberships import can_invite, removal_leaves_an_owner
from pf_identity.domain.rules.passwords import password_problem
from pf_identity.models import StoreMembership, User

TEMPORARY_PASSWORD_LENGTH: Final = 16
_SYMBOLS: Final = "!#$%*+-=?@^_"
_ALPHABET: Final = string.ascii_letters + string.digits + _SYMBOLS


class NotAManager(Forbidden):
    default_message = "insufficient role"


class OwnersOnly(Forbidden):
    default_message = "only owners may invite or remove owners"


class AlreadyMember(Conflict):
    default_message = "already a member of this store"


class MembershipNotFound(NotFound):
    default_message = "membership not found"


class LastOwner(Conflict):
    default_message = "a store keeps at least one owner"


@dataclass(frozen=True)
class Member:
    """A membership row with its user."""

    membership: StoreMembership
    user: User


@dataclass(frozen=True)
class Invitation:
    member: Member
    temporary_password: str | None  # only when the invite created the user


async def manager_role(session: AsyncSession, principal: Principal) -> str:
    """The caller's current role in its active store, which must be a MANAGE role (else 403)."""
    stmt = sa.select(col(StoreMembership.role)).where(
        col(StoreMembership.user_id) == principal.user_id, col(StoreMembership.status) == "active"
    )
    role = (await session.execute(scoped(stmt, StoreMembership, principal))).scalar_one_or_none()
    if role is None or role not in MANAGE:
        raise NotAManager(reason="membership_role")
    return role


async def list_members(session: AsyncSession, principal: Principal) -> list[Member]:
    """Every membership of the caller's store, oldest first."""
    await manager_role(session, principal)
    stmt = (
        sa.select(StoreMembership, User)
        .join(User, col(User.id) == StoreMembership.user_id)
        .order_by(col(StoreMembership.created_at), col(StoreMembership.id))
    )
    rows = await session.execute(scoped(stmt, StoreMembership, principal))
    return [Member(m, u) for m, u in rows]


def temporary_password(email: str) -> str:
    """16 random characters from ``secrets``, with every character class, accepted by the policy."""
    while True:
        candidate = "".join(secrets.choice(_ALPHABET) for _ in range(TEMPORARY_PASSWORD_LENGTH))
        has_all_classes = (
            any(c.islower() for c in candidate)
            and any(c.isupper() for c in candidate)
            and any(c.isdigit() for c in candidate)
            and any(c in _SYMBOLS for c in candidate)
        )
        if has_all_classes and password_problem(candidate, email=email) is None:
            return candidate


async def invite_member(
    session: AsyncSession,
    principal: Principal,
    *,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    passwords: Passwords,
    now: datetime,
) -> Invitation:
    """Invite ``email`` to the caller's store with ``role`` (membership ``invited``)."""
    actor_role = await manager_role(session, principal)
    if not can_invite(actor_role, role):
        raise OwnersOnly(reason="invite_owner")
    store_id = active_store_id(principal)
    email = email.strip().lower()

    user = await user_by_email(session, email)
    password: str | None = None
    if user is not None:
        existing = await session.execute(
            scoped(
                sa.select(col(StoreMembership.id)).where(col(StoreMembership.user_id) == user.id),
                StoreMembership,
                principal,
            )
        )
        if existing.first() is not None:
            raise AlreadyMember(reason="already_member")
    else:
        password = temporary_password(email)
        user = User(
            id=uuid7(),
            email=email,
            password_hash=await passwords.hash(password),
            first_name=first_name,
            last_name=last_name,
            is_active=True,
            created_at=now,
            updated_at=now,
        )
    membership = StoreMembership(
        id=uuid7(),
        store_id=store_id,
        user_id=user.id,
        role=role,
        status="invited",
        invited_by_user_id=principal.user_id,
        created_at=now,
        updated_at=now,
    )
    try:
        async with session.begin_nested():  # a concurrent invite of the same email loses with 409
            if password is not None:
                session.add(user)
                await session.flush()
            session.add(membership)
            await session.flush()
    except IntegrityError:
        raise AlreadyMember(reason="invite_race") from None

    audit.record(
        session,
        action="member.invited",
        target_type="store_membership",
        target_id=membership.id,
        actor_user_id=principal.user_id,
        actor_store_id=store_id,
        actor_role=actor_role,
        payload={"user_id": str(user.id), "role": role, "new_user": password is not None},
    )
    return Invitation(Member(membership, user), password)


async def _active_owner_count(session: AsyncSession, principal: Principal) -> int:
    stmt = sa.select(sa.func.count()).where(
        col(StoreMembership.role) == "owner", col(StoreMembership.status) == "active"
    )
    return (await session.execute(scoped(stmt, StoreMembership, principal))).scalar_one()


async def remove_member(session: AsyncSession, principal: Principal, user_id: UUID) -> None:
    """Delete the membership of ``user_id`` in the caller's store (404 when there is none)."""
    actor_role = await manager_role(session, principal)
    store_id = active_store_id(principal)
    await lock_store(session, store_id)  # serialises removals: two owners cannot remove each other
    stmt = scoped(
        sa.select(StoreMembership).where(col(StoreMembership.user_id) == user_id), StoreMembership, principal
    )
    membership = (await session.execute(stmt)).scalar_one_or_none()
    if membership is None:
        raise MembershipNotFound(reason="membership_not_found")
    if not can_invite(actor_role, membership.role):
        raise OwnersOnly(reason="remove_owner")
    if membership.status == "active" and not removal_leaves_an_owner(
        membership.role, await _active_owner_count(session, principal)
    ):
        raise LastOwner(reason="last_owner")

    await session.delete(membership)
    await session.flush()
    audit.record(
        session,
        action="member.removed",
        target_type="store_membership",
        target_id=membership.id,
        actor_user_id=principal.user_id,
        actor_store_id=store_id,
        actor_role=actor_role,
        payload={"user_id": str(user_id), "role": membership.role, "status": membership.status},
    )
