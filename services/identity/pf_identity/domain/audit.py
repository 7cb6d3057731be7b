"""Append-only audit rows (DOMAIN §9), written in the caller's transaction. Never secrets."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from pf_common.ids import uuid7
from pf_identity.models import AuditLog


def record(
    session: AsyncSession,
    *,
    action: str,
    target_type: str,
    target_id: UUID | None,
    actor_user_id: UUID | None,
    actor_store_id: UUID | None = None,
    actor_role: str | None = None,
    payload: dict[str, Any] | None = None,
) -> AuditLog:
    row = AuditLog(
        id=uuid7(),
        actor_user_id=actor_user_id,
        actor_store_id=actor_store_id,
        actor_role=actor_role,
        action=action,
        target_type=target_type,
        target_id=target_id,
        payload=payload or {},
    )
    session.add(row)
    return row
