"""A store's KYC status, recomputed in the same transaction as every license change.

``recompute`` locks the store row, derives the status from its licenses (rules/kyc.py) and,
when it changes, writes it and emits ``store_kyc_status_changed``. Admins suspend and
unsuspend (``suspended`` is never overwritten by derivation; unsuspending derives again).
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from pf_common.errors import Conflict, NotFound
from pf_common.events.identity import StoreKycStatusChangedV1
from pf_common.logging import get_logger
from pf_common.outbox import emit
from pf_common.principal import Principal
from pf_identity.domain import audit
from pf_identity.domain.locks import lock_store
from pf_identity.domain.rules.kyc import SUSPENDED, derive_kyc
from pf_identity.models import License, Store

log = get_logger(__name__)


async def _set(
    session: AsyncSession, store: Store, status: str, *, now: datetime, reason: str | None
) -> bool:
    previous = store.kyc_status
    if previous == status:
        return False
    store.kyc_status = status
    store.updated_at = now
    await emit(
        session,
        StoreKycStatusChangedV1(
            store_id=store.id, previous_status=previous, kyc_status=status, reason=reason, changed_at=now
        ),
        store_id=store.id,
        occurred_at=now,
    )
    log.info("identity.kyc.changed", store_id=str(store.id), previous=previous, kyc_status=status)
    return True


async def recompute(
    session: AsyncSession, store_id: UUID, *, now: datetime, reason: str | None = None
) -> str:
    """Derive and store the KYC status of ``store_id``; returns the (possibly new) status."""
    store = await lock_store(session, store_id)
    if store is None:
        raise NotFound("store not found")
    await session.flush()  # license changes of this transaction are visible to the query
    statuses = await session.scalars(sa.select(col(License.status)).where(col(License.store_id) == store_id))
    await _set(session, store, derive_kyc(statuses, store.kyc_status), now=now, reason=reason)
    return store.kyc_status


async def set_suspended(
    session: AsyncSession,
    principal: Principal,
    store_id: UUID,
    *,
    suspend: bool,
    reason: str | None,
    now: datetime,
) -> Store:
    """Admin suspend (any status → suspended) or unsuspend (suspended → derived); 409 if no-op."""
    store = await lock_store(session, store_id)
    if store is None:
        raise NotFound("store not found")
    if suspend == (store.kyc_status == SUSPENDED):
        raise Conflict("the store is already suspended" if suspend else "the store is not suspended")
    previous = store.kyc_status
    if suspend:
        await _set(session, store, SUSPENDED, now=now, reason=reason)
    else:
        statuses = await session.scalars(
            sa.select(col(License.status)).where(col(License.store_id) == store_id)
        )
        await _set(session, store, derive_kyc(statuses, "unsuspended"), now=now, reason=reason)
    audit.record(
        session,
        action="store.kyc_suspended" if suspend else "store.kyc_unsuspended",
        target_type="store",
        target_id=store.id,
        actor_user_id=principal.user_id,
        actor_role="admin",
        payload={"previous": previous, "kyc_status": store.kyc_status, "reason": reason},
    )
    return store
