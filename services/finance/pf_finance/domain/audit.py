"""finance's audit rows (DOMAIN §9): payout confirmed, payment resolved, every admin override.

``payload`` holds what the action decided (amounts, the ledger row, the reason), made JSON-safe;
never secrets, tokens or documents. Written in the transaction of the action it records.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from pf_common.audit import add_audit_row
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
    return add_audit_row(
        session,
        FinanceAudit,
        principal,
        action=action,
        target_type=target_type,
        target_id=target_id,
        payload=payload,
        now=now,
    )


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
