"""catalog's audit rows (DOMAIN §9): product and inventory create/update/delete, who and what.

``payload`` holds the fields that changed (``{"before", "after"}`` for updates), made JSON-safe;
never secrets, tokens or documents (product fields are none of those).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from pf_catalog.models import CatalogAudit
from pf_common.ids import uuid7
from pf_common.principal import Principal


def jsonable(value: Any) -> Any:
    """A value as it goes into ``payload`` (UUIDs and timestamps as strings, decimals as floats)."""
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


def record(
    session: AsyncSession,
    principal: Principal,
    *,
    action: str,
    target_type: str,
    target_id: UUID,
    payload: Mapping[str, Any],
    now: datetime,
) -> CatalogAudit:
    row = CatalogAudit(
        id=uuid7(),
        actor_user_id=principal.user_id,
        actor_store_id=principal.store_id,
        actor_role=principal.role,
        action=action,
        target_type=target_type,
        target_id=target_id,
        payload=jsonable(payload),
        created_at=now,
    )
    session.add(row)
    return row
