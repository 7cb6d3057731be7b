"""Accounts and sign-in: register, login (store and admin), refresh, switch store, logout.

A successful sign-in starts a session family in Redis (``sessions.py``) and mints an
RS256 access token whose ``jti`` is the session id. Every failure of credentials is
the same 401 "invalid credentials" (unknown email, wrong password, inactive user, no
usable membership), and costs the same Argon2 work.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypedDict, cast
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from pf_common.errors import Conflict, Forbidden, NotFound, Unauthorized, ValidationFailed
from pf_common.events.identity import StoreCreatedV1
from pf_common.ids import uuid7
from pf_common.logging import get_logger
from pf_common.outbox import emit
from pf_common.principal import Principal, StoreType, SystemRole
from pf_common.tenancy import StoreScoped, scoped
from pf_identity.domain import audit
from pf_identity.domain.passwords import Passwords
from pf_identity.domain.queries import stores_of, user_by_email
from pf_identity.domain.rules.passwords import password_problem
from pf_identity.domain.sessions import IssuedSession, SessionStore
from pf_identity.domain.tokens import TokenSigner
from pf_identity.models import Store, StoreMembership, User

log = get_logger(__name__)

INVALID_CREDENTIALS = "invalid credentials"


class FailedAttemptAudit(TypedDict):
    """The keywords of ``audit.record`` for a rejected attempt."""

    action: str
    target_type: str
    target_id: UUID | None
    actor_user_id: UUID | None
    payload: dict[str, Any]


class CredentialsRejected(Unauthorized):
    """401 "invalid credentials"; carries the audit row to write outside the failed transaction."""

    def __init__(self, reason: str, *, user_id: UUID | None, action: str = "auth.login.failed", **extra: Any):
        super().__init__(INVALID_CREDENTIALS, reason=f"{action.split('.')[1]}_{reason}")
        self.audit: FailedAttemptAudit = {
            "action": action,
            "target_type": "user",
            "target_id": user_id,
            "actor_user_id": user_id,
            "payload": {"reason": reason, **extra},
        }


@dataclass
class SignIn:
    """The outcome of every endpoint that hands out tokens."""

    user: User
    stores: list[Store]
    active_store: Store | None
    role: str | None
    session: IssuedSession
    access_token: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class NewAccount:
    first_name: str
    last_name: str
    email: str
    password: str
    phone: str | None
    company_name: str
    dba_name: str | None
    store_type: str
    address: dict[str, Any]


class Tokens:
    """Mints access tokens for a user in a store (or none, for system users)."""

    def __init__(self, signer: TokenSigner) -> None:
        self.signer = signer

    def mint(self, user: User, store: Store | None, role: str | None, session_id: str) -> str:
        # the columns are text, held to these values by their CHECK constraints (models.py)
        store_type = cast(StoreType | None, store.type if store else None)
        system_role = cast(SystemRole | None, user.system_role)
        return self.signer.mint(
            user_id=user.id,
            session_id=session_id,
            store_id=store.id if store else None,
            store_type=store_type,
            role=role if store else user.system_role,
            system_role=system_role,
            kyc_status=store.kyc_status if store else None,
        )


def _signed_in(
    tokens: Tokens,
    user: User,
    issued: IssuedSession,
    *,
    store: Store | None = None,
    role: str | None = None,
    stores: list[Store] | None = None,
) -> SignIn:
    """The result of a sign-in: the session's access token minted for ``store`` (or none)."""
    result = SignIn(user, stores or [], store, role, issued)
    result.access_token = tokens.mint(user, store, role, issued.session_id)
    return result


def check_password(password: str, email: str) -> None:
    problem = password_problem(password, email=email)
    if problem:
        raise ValidationFailed("password does not meet the policy", details={"password": problem})


def _membership_of(user_id: UUID) -> sa.Select[str, str]:
    return sa.select(col(StoreMembership.role), col(StoreMembership.status)).where(
        col(StoreMembership.user_id) == user_id
    )


async def _role(session: AsyncSession, stmt: sa.Select[str, str]) -> tuple[str, str] | None:
    row = (await session.execute(stmt)).first()
    return (row.role, row.status) if row else None


async def _role_in(session: AsyncSession, store_id: UUID, user_id: UUID) -> tuple[str, str] | None:
    """The user's (role, status) in a store it names: a switch's target, its default store."""
    return await _role(session, _membership_of(user_id).where(col(StoreMembership.store_id) == store_id))


async def _role_in_active_store(
    session: AsyncSession, principal: StoreScoped, user_id: UUID
) -> tuple[str, str] | None:
    """The user's (role, status) in the principal's active store."""
    return await _role(session, scoped(_membership_of(user_id), StoreMembership, principal))


async def register(
    session: AsyncSession,
    new: NewAccount,
    *,
    passwords: Passwords,
    sessions: SessionStore,
    tokens: Tokens,
    now: datetime,
) -> SignIn:
    """User + first store + owner membership; an existing email with its right password
    gets an extra store instead (API.md §3.1), a wrong password is 401."""
    email = new.email.lower()
    user = await user_by_email(session, email)
    if user is not None:
        if not user.is_active or not await passwords.verify(user.password_hash, new.password):
            raise CredentialsRejected("existing_email", user_id=user.id, action="auth.register.rejected")
    else:
        check_password(new.password, email)
        user = User(
            id=uuid7(),
            email=email,
            password_hash=await passwords.hash(new.password),
            first_name=new.first_name,
            last_name=new.last_name,
            phone=new.phone,
        )
        session.add(user)
    user.last_login_at = now
    store = Store(
        id=uuid7(),
        type=new.store_type,
        company_name=new.company_name,
        dba_name=new.dba_name,
        address=new.address,
        owner_user_id=user.id,
        kyc_status="pending_verification",
        subscription_active=False,
        last_logged_in_at=now,
        created_at=now,
        updated_at=now,
    )
    session.add(store)
    await session.flush()
    session.add(
        StoreMembership(id=uuid7(), store_id=store.id, user_id=user.id, role="owner", status="active")
    )
    await emit(
        session,
        StoreCreatedV1(
            store_id=store.id,
            type=store.type,
            company_name=store.company_name,
            dba_name=store.dba_name,
            phone=store.phone,
            address=store.address,
            owner_user_id=user.id,
            owner_email=user.email,
            kyc_status=store.kyc_status,
            subscription_active=False,
            logo_url=None,
            created_at=now,
        ),
        store_id=store.id,
        actor_user_id=user.id,
    )
    audit.record(
        session,
        action="store.registered",
        target_type="store",
        target_id=store.id,
        actor_user_id=user.id,
        actor_store_id=store.id,
        actor_role="owner",
        payload={"store_type": store.type},
    )
    await session.flush()  # autoflush is off: the membership must exist for stores_of
    issued = await sessions.start(user.id)
    stores = await stores_of(session, user.id)
    return _signed_in(tokens, user, issued, store=store, role="owner", stores=stores)


async def _authenticate(
    session: AsyncSession, email: str, password: str, *, passwords: Passwords, admin: bool
) -> User:
    user = await user_by_email(session, email)
    ok = await passwords.verify(user.password_hash if user else None, password)
    reason = None
    if user is None:
        reason = "unknown_email"
    elif not ok:
        reason = "wrong_password"
    elif not user.is_active:
        reason = "inactive"
    elif admin and user.system_role != "admin":
        reason = "not_admin"
    if reason is not None:
        log.info("identity.login.failed", reason=reason, admin=admin)
        raise CredentialsRejected(reason, user_id=user.id if user else None, admin=admin)
    assert user is not None
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = await passwords.hash(password)
        log.info("identity.password.rehashed", user_id=str(user.id))
    return user


async def login(
    session: AsyncSession,
    email: str,
    password: str,
    *,
    passwords: Passwords,
    sessions: SessionStore,
    tokens: Tokens,
    now: datetime,
) -> SignIn:
    """Store users: the oldest active membership is the active store; invited memberships
    become active now (G-10). System users without a store get a token without one."""
    user = await _authenticate(session, email, password, passwords=passwords, admin=False)
    await session.execute(
        sa.update(StoreMembership)
        .where(col(StoreMembership.user_id) == user.id, col(StoreMembership.status) == "invited")
        .values(status="active", updated_at=now)
    )
    stores = await stores_of(session, user.id)
    if not stores and user.system_role is None:
        raise CredentialsRejected("no_membership", user_id=user.id, admin=False)
    active = stores[0] if stores else None
    role = None
    if active is not None:
        found = await _role_in(session, active.id, user.id)
        role = found[0] if found else None
        active.last_logged_in_at = now
    user.last_login_at = now
    audit.record(
        session,
        action="auth.login.succeeded",
        target_type="user",
        target_id=user.id,
        actor_user_id=user.id,
        actor_store_id=active.id if active else None,
        actor_role=role or user.system_role,
    )
    issued = await sessions.start(user.id)
    return _signed_in(tokens, user, issued, store=active, role=role, stores=stores)


async def admin_login(
    session: AsyncSession,
    email: str,
    password: str,
    *,
    passwords: Passwords,
    sessions: SessionStore,
    tokens: Tokens,
    now: datetime,
) -> SignIn:
    user = await _authenticate(session, email, password, passwords=passwords, admin=True)
    user.last_login_at = now
    audit.record(
        session,
        action="auth.admin_login.succeeded",
        target_type="user",
        target_id=user.id,
        actor_user_id=user.id,
        actor_role="admin",
    )
    return _signed_in(tokens, user, await sessions.start(user.id))


async def admin_register(
    session: AsyncSession,
    *,
    first_name: str,
    last_name: str,
    email: str,
    password: str,
    environment: str,
    passwords: Passwords,
    sessions: SessionStore,
    tokens: Tokens,
    now: datetime,
) -> SignIn:
    """Non-production only: creates an admin (403 in prod, 409 when the email exists)."""
    if environment == "prod":
        raise Forbidden("admin registration is disabled in production")
    email = email.lower()
    if await user_by_email(session, email) is not None:
        raise Conflict("email already registered")
    check_password(password, email)
    user = User(
        id=uuid7(),
        email=email,
        password_hash=await passwords.hash(password),
        first_name=first_name,
        last_name=last_name,
        system_role="admin",
        last_login_at=now,
    )
    session.add(user)
    await session.flush()
    audit.record(
        session,
        action="admin.registered",
        target_type="user",
        target_id=user.id,
        actor_user_id=user.id,
        actor_role="admin",
        payload={"environment": environment},
    )
    return _signed_in(tokens, user, await sessions.start(user.id))


async def refresh(
    session: AsyncSession,
    principal: Principal,
    refresh_token: str,
    *,
    sessions: SessionStore,
    tokens: Tokens,
) -> SignIn:
    """Rotate the refresh token; the new access token keeps the active store (if still a member)."""
    issued = await sessions.rotate(
        session_id=principal.session_id, refresh_token=refresh_token, user_id=principal.user_id
    )
    user = await session.get(User, principal.user_id)
    if user is None or not user.is_active:
        await sessions.end(issued.session_id)
        raise Unauthorized("invalid refresh token", reason="refresh_inactive_user")
    store, role = None, None
    if principal.store_id is not None:
        found = await _role_in_active_store(session, principal, user.id)
        if found and found[1] == "active":
            store, role = await session.get(Store, principal.store_id), found[0]
        else:  # removed meanwhile: fall back to the default store
            stores = await stores_of(session, user.id)
            store = stores[0] if stores else None
            role = (await _role_in(session, store.id, user.id) or (None, None))[0] if store else None
    return _signed_in(tokens, user, issued, store=store, role=role)


async def switch_store(
    session: AsyncSession,
    principal: Principal,
    store_id: UUID,
    *,
    sessions: SessionStore,
    tokens: Tokens,
    now: datetime,
) -> SignIn:
    store = await session.get(Store, store_id)
    if store is None:
        raise NotFound("store not found")
    found = await _role_in(session, store_id, principal.user_id)
    if found is None or found[1] not in ("active", "invited"):
        raise Forbidden("not a member of this store")
    role, status = found
    if status == "invited":  # DOMAIN §5.1: first login or switch activates an invitation
        await session.execute(
            sa.update(StoreMembership)
            .where(
                col(StoreMembership.store_id) == store_id, col(StoreMembership.user_id) == principal.user_id
            )
            .values(status="active", updated_at=now)
        )
    user = await session.get(User, principal.user_id)
    if user is None or not user.is_active:
        raise Unauthorized("invalid token", reason="switch_inactive_user")
    issued = await sessions.rotate(session_id=principal.session_id, refresh_token=None, user_id=user.id)
    store.last_logged_in_at = now
    audit.record(
        session,
        action="auth.store_switched",
        target_type="store",
        target_id=store.id,
        actor_user_id=user.id,
        actor_store_id=store.id,
        actor_role=role,
        payload={"from_store_id": str(principal.store_id) if principal.store_id else None},
    )
    return _signed_in(tokens, user, issued, store=store, role=role)
