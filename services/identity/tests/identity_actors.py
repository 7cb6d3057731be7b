"""Callers with real tokens for real rows, and the small assertions the API tests share."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import httpx
import sqlalchemy as sa
from identity_factories import make_membership, make_store, make_user
from sqlalchemy.ext.asyncio import AsyncSession

from pf_common.devkeys import ensure_dev_keys
from pf_common.ids import uuid7
from pf_common.sessions import SessionRegistry
from pf_identity.domain.tokens import TokenSigner
from pf_identity.models import Store, User


async def store_actor(
    db_session: AsyncSession,
    as_store: Any,
    *,
    role: str = "owner",
    store_type: str = "buyer",
    store: Store | None = None,
    user: User | None = None,
) -> tuple[Any, Store, User]:
    """A member of ``store`` (a new store when None) with a token for it.

    An owner of a new store is its creator; any other role joins a store another user owns.
    """
    user = user or await make_user(db_session)
    if store is None:
        store = await make_store(db_session, type=store_type, owner=user if role == "owner" else None)
        if role != "owner":
            await make_membership(db_session, store=store, user=user, role=role)
    else:
        await make_membership(db_session, store=store, user=user, role=role)
    actor = await as_store(store.type, role, store_id=store.id, user_id=user.id)
    return actor, store, user


async def admin_actor(db_session: AsyncSession, mint_actor: Any, **kw: Any) -> tuple[Any, User]:
    """A system admin user row and its token (no store)."""
    admin = await make_user(db_session, system_role="admin", first_name="Ada", last_name="Root")
    return await mint_actor(role="admin", system_role="admin", user_id=admin.id, **kw), admin


async def agent_actor(db_session: AsyncSession, mint_actor: Any, **kw: Any) -> tuple[Any, User]:
    """A system agent user row and its token (no store)."""
    agent = await make_user(db_session, system_role="agent", first_name="Kit", last_name="Driver")
    return await mint_actor(role="agent", system_role="agent", user_id=agent.id, **kw), agent


async def expired_headers(
    settings: Any,
    redis: Any,
    *,
    user_id: UUID,
    store_id: UUID | None = None,
    store_type: str | None = None,
    role: str | None = None,
    system_role: str | None = None,
) -> dict[str, str]:
    """A correctly signed token issued an hour ago (expired) whose session is still live."""
    keys = ensure_dev_keys(settings.resolved_keys_dir())
    signer = TokenSigner(keys.private_pem, keys.kid, settings.jwt_issuer, settings.jwt_audience)
    session_id = str(uuid7())
    token = signer.mint(
        user_id=user_id,
        session_id=session_id,
        store_id=store_id,
        store_type=store_type,  # type: ignore[arg-type]
        role=role,
        system_role=system_role,  # type: ignore[arg-type]
        now=datetime.now(UTC) - timedelta(hours=1),
    )
    await SessionRegistry(redis).activate(session_id, 3600)  # only the expiry can fail
    return {"Authorization": f"Bearer {token}"}


def error_of(response: httpx.Response) -> dict[str, Any]:
    """The error object of an error envelope, without its per-request id."""
    body = response.json()
    assert set(body) == {"error"}, body
    error = dict(body["error"])
    error.pop("request_id", None)
    return error


def iso(value: datetime | None) -> str | None:
    """A timestamp as the API serialises it (pydantic JSON)."""
    from pydantic import TypeAdapter

    return TypeAdapter(datetime | None).dump_python(value, mode="json")


async def count(session: AsyncSession, model: Any, *where: Any) -> int:
    stmt = sa.select(sa.func.count()).select_from(model).where(*where)
    return (await session.execute(stmt)).scalar_one()


UNAUTHENTICATED = {"code": "UNAUTHORIZED", "message": "authentication required"}
INVALID_TOKEN = {"code": "UNAUTHORIZED", "message": "invalid token"}
