"""Audit rows (DOMAIN §9): who did what to which target, written in the transaction of the action.

Every service with user-facing writes has an append-only ``audit_logs`` table (its own model in
``models.py``: id, actor_user_id, actor_store_id, actor_role, action, target_type, target_id,
payload, created_at). :func:`add_audit_row` makes one row of that model: ``payload`` holds what the
action decided, made JSON-safe (UUIDs, times, decimals as JSON); never secrets, tokens or
documents. The actor is the principal, or the system (a job, a consumer) when it is None.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, TypeVar
from uuid import UUID

from pydantic_core import to_jsonable_python
from sqlalchemy.ext.asyncio import AsyncSession

from pf_common.ids import uuid7
from pf_common.principal import Principal

__all__ = ["SYSTEM_ACTOR", "add_audit_row"]

SYSTEM_ACTOR = "system"
T = TypeVar("T")


def add_audit_row(
    session: AsyncSession,
    model: Callable[..., T],
    principal: Principal | None,
    *,
    action: str,
    target_type: str,
    target_id: UUID | None,
    payload: Mapping[str, Any],
    now: datetime,
) -> T:
    """One row of ``model`` (the service's audit table) for ``principal``'s ``action``, added to
    ``session``; a system user's role (admin, agent) names it, else its store role."""
    row = model(
        id=uuid7(),
        actor_user_id=principal.user_id if principal else None,
        actor_store_id=principal.store_id if principal else None,
        actor_role=(principal.system_role or principal.role) if principal else SYSTEM_ACTOR,
        action=action,
        target_type=target_type,
        target_id=target_id,
        payload=to_jsonable_python(dict(payload)),
        created_at=now,
    )
    session.add(row)
    return row
