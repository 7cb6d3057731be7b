"""logistics' audit rows (DOMAIN §9): admin overrides and the hand-over facts (pickup, delivery,
cash collected).

``payload`` holds what the action decided (the assignment, the agents, the times, the amount),
made JSON-safe; never secrets, tokens or documents.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic_core import to_jsonable_python
from sqlalchemy.ext.asyncio import AsyncSession

from pf_common.ids import uuid7
from pf_common.principal import Principal
from pf_logistics.models import LogisticsAudit


def record(
    session: AsyncSession,
    principal: Principal | None,
    *,
    action: str,
    target_type: str,
    target_id: UUID,
    payload: Mapping[str, Any],
    now: datetime,
) -> LogisticsAudit:
    """One audit row of ``principal``'s action (None: the system — a job or a consumer)."""
    row = LogisticsAudit(
        id=uuid7(),
        actor_user_id=principal.user_id if principal else None,
        actor_store_id=principal.store_id if principal else None,
        actor_role=(principal.system_role or principal.role) if principal else "system",
        action=action,
        target_type=target_type,
        target_id=target_id,
        payload=to_jsonable_python(dict(payload)),
        created_at=now,
    )
    session.add(row)
    return row
