"""orders' audit rows (DOMAIN §9): order accept/reject/fulfil/cancel/expire, late logistics facts.

``payload`` holds what the action decided (reason, notes, the line), made JSON-safe; never
secrets, tokens or documents.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from pf_common.audit import add_audit_row
from pf_common.principal import Principal
from pf_orders.models import OrdersAudit


def record(
    session: AsyncSession,
    principal: Principal | None,
    *,
    action: str,
    target_type: str,
    target_id: UUID,
    payload: Mapping[str, Any],
    now: datetime,
) -> OrdersAudit:
    """One audit row of ``principal``'s action (None: the system — a job or a consumer)."""
    return add_audit_row(
        session,
        OrdersAudit,
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
) -> OrdersAudit:
    return record(
        session, None, action=action, target_type=target_type, target_id=target_id, payload=payload, now=now
    )
