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

from sqlalchemy.ext.asyncio import AsyncSession

from pf_common.audit import add_audit_row
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
    return add_audit_row(
        session,
        LogisticsAudit,
        principal,
        action=action,
        target_type=target_type,
        target_id=target_id,
        payload=payload,
        now=now,
    )
