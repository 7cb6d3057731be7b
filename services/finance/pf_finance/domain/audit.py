"""finance's audit rows (DOMAIN §9): payout confirmed, payment resolved, every admin override.

``payload`` holds what the action decided (amounts, the ledger row, the reason), made JSON-safe;
never secrets, tokens or documents. Written in the transaction of the action it records.
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
from pf_finance.models import FinanceAudit


def record(
    session: AsyncSession,
    principal: Principal | None,
    *,
    action: str,
    target_type: str,
    target_id: UUID,
    payload: Mapping[str, Any],
    now: datetime,
) -> FinanceAudit:
    """One audit row of ``principal``'s action (None: the system — a job or a consumer)."""
    row = FinanceAudit(
        id=uuid7(),
        actor_user_id=principal.user_id if principal else None,
        actor_store_id=principal.store_id if principal else None,
        actor_role=(principal.role or principal.system_role) if principal else "system",
        action=action,
        target_type=target_type,
        target_id=target_id,
        payload=to_jsonable_python(dict(payload)),
        created_at=now,
    )
    session.add(row)
    return row


def record_system(
    session: AsyncSession,
    *,
    action: str,
    target_type: str,
    target_id: UUID,
    payload: Mapping[str, Any],
    now: datetime,
) -> FinanceAudit:
    return record(
        session, None, action=action, target_type=target_type, target_id=target_id, payload=payload, now=now
    )
