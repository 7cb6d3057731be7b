"""catalog's projection of stores (DOMAIN §0 "Projections", §5.3 store_projection; EVENTS.md §4, §6).

Identity's ``store_created``/``store_updated``/``store_kyc_status_changed`` and finance's
``subscription_status_changed`` keep ``store_projection`` current, so browse can apply the
vendor gate of DOMAIN §4.5 (``domain/visibility.py``) without calling identity or finance.

The table and its guarded upserts are pf_common's store projection (``pf_common.store_projection``:
one version per source — profile, KYC, subscription — so redeliveries, replays and any arrival
order converge on the row of in-order application; an event about a store not seen yet makes a
placeholder row; ``type`` never changes once known). catalog keeps names, logo, state, KYC status
and ``subscription_active``. Its own rules:

- an applied profile event (``store_created``, ``store_updated``) re-syncs the vendor's products'
  ``vendor_name`` (lists and search read it without a join);
- products' ``visible_state`` follows the row through the triggers of migration catalog_0004, in
  the same transaction as the upsert.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from pf_catalog.domain.visibility import vendor_name_sql
from pf_catalog.models import Product, StoreProjection
from pf_common import store_projection as projection
from pf_common.db import rowcount
from pf_common.events.finance import SubscriptionStatusChangedV1
from pf_common.events.identity import StoreCreatedV1, StoreKycStatusChangedV1, StoreUpdatedV1
from pf_common.logging import get_logger

log = get_logger(__name__)

_table = StoreProjection.__table__


async def record_store_created(
    session: AsyncSession, event: StoreCreatedV1, *, occurred_at: datetime
) -> None:
    if await projection.record_store_created(session, StoreProjection, event, occurred_at=occurred_at):
        await _sync_vendor_name(session, event.store_id)


async def record_store_updated(
    session: AsyncSession, event: StoreUpdatedV1, *, occurred_at: datetime
) -> None:
    if await projection.record_store_updated(session, StoreProjection, event, occurred_at=occurred_at):
        await _sync_vendor_name(session, event.store_id)


async def record_kyc_status_changed(
    session: AsyncSession, event: StoreKycStatusChangedV1, *, occurred_at: datetime
) -> None:
    await projection.record_kyc_status_changed(session, StoreProjection, event, occurred_at=occurred_at)


async def record_subscription_status_changed(
    session: AsyncSession, event: SubscriptionStatusChangedV1, *, occurred_at: datetime
) -> None:
    await projection.record_subscription_status_changed(
        session, StoreProjection, event, occurred_at=occurred_at
    )


async def _sync_vendor_name(session: AsyncSession, store_id: UUID) -> None:
    """Products carry their vendor's display name (lists and search read it without a join)."""
    name = vendor_name_sql(_table.c)
    renamed = await session.execute(
        sa.update(Product)
        .where(
            col(Product.store_id) == store_id,
            _table.c.store_id == store_id,
            col(Product.vendor_name).is_distinct_from(name),
        )
        .values(vendor_name=name)
    )
    if rowcount(renamed):
        log.info("catalog.products.vendor_renamed", store_id=str(store_id), products=rowcount(renamed))


# --- reads ---------------------------------------------------------------------------------------


async def projected_store(session: AsyncSession, store_id: UUID) -> StoreProjection | None:
    return await session.get(StoreProjection, store_id)


async def caller_state(session: AsyncSession, store_id: UUID) -> str | None:
    """The caller's own state as the projection knows it (DOMAIN §4.1: never the token's claims)."""
    return (
        await session.execute(
            sa.select(col(StoreProjection.state)).where(col(StoreProjection.store_id) == store_id)
        )
    ).scalar_one_or_none()
