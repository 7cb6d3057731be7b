"""catalog's projection of stores (DOMAIN §0 "Projections", §5.3 store_projection; EVENTS.md §4, §6).

Identity's ``store_created``/``store_updated``/``store_kyc_status_changed`` and finance's
``subscription_status_changed`` keep ``store_projection`` current, so browse can apply the
vendor gate of DOMAIN §4.5 (``domain/visibility.py``) without calling identity or finance.

The row has three independent sources, each with its own version (the envelope's
``occurred_at`` of the newest event applied from that source):

- profile (``profile_version``): names, logo, state — ``store_created`` and ``store_updated``;
- KYC (``kyc_version``): ``kyc_status`` — ``store_created`` and ``store_kyc_status_changed``;
- subscription (``subscription_version``): ``subscription_active`` — ``subscription_status_changed``.

One version for the whole row would lose data on reordering (a KYC change at T2 applied before a
profile update at T1 would make that update look stale). Each event is one
``INSERT … ON CONFLICT DO UPDATE … WHERE <its version is newer>``: an event about a store catalog
has not seen yet creates a partial row (EVENTS.md §4), later events fill in their own columns, and
an older or equal version changes nothing, so redeliveries, replays and any arrival order converge
on the row of in-order application. ``type`` never changes once known.

``store_created`` carries identity's mirror of ``subscription_active`` (always false at creation),
not a fact of finance: it fills the column only while no ``subscription_status_changed`` has been
applied, and leaves ``subscription_version`` null, so versions are only compared within one
producer's clock.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from pf_catalog.domain.visibility import vendor_name_sql
from pf_catalog.models import Product, StoreProjection
from pf_common.events.common import Address
from pf_common.events.finance import SubscriptionStatusChangedV1
from pf_common.events.identity import StoreCreatedV1, StoreKycStatusChangedV1, StoreUpdatedV1
from pf_common.logging import get_logger

log = get_logger(__name__)

_table = StoreProjection.__table__
_excluded = insert(StoreProjection).excluded


def normalize_state(state: str) -> str:
    """DOMAIN §2 Address: a state is compared upper-cased and trimmed."""
    return state.strip().upper()


def _newer(version: sa.ColumnElement[Any]) -> sa.ColumnElement[bool]:
    """The incoming event is newer than the projected one of its source (strictly: a replay is not)."""
    current = _table.c[version.key]
    return sa.or_(current.is_(None), current < version)


def _when(guard: sa.ColumnElement[bool], column: str) -> sa.ColumnElement[Any]:
    """The event's value of ``column`` when ``guard`` holds, else the projected one."""
    return sa.case((guard, _excluded[column]), else_=_table.c[column])


def _profile(address: Address, **fields: Any) -> dict[str, Any]:
    return {**fields, "state": normalize_state(address.state)}


async def record_store_created(
    session: AsyncSession, event: StoreCreatedV1, *, occurred_at: datetime
) -> None:
    profile = _profile(
        event.address,
        company_name=event.company_name,
        dba_name=event.dba_name,
        logo_media_id=None,
        logo_url=event.logo_url,
    )
    profile_newer = _newer(_excluded.profile_version)
    kyc_newer = _newer(_excluded.kyc_version)
    no_subscription_fact = _table.c.subscription_version.is_(None)
    stmt = insert(StoreProjection).values(
        store_id=event.store_id,
        type=event.type.value,
        kyc_status=event.kyc_status.value,
        subscription_active=event.subscription_active,
        profile_version=occurred_at,
        kyc_version=occurred_at,
        **profile,
    )
    stmt = stmt.on_conflict_do_update(
        index_elements=[StoreProjection.store_id],
        set_={
            "type": sa.func.coalesce(_table.c.type, _excluded.type),
            **{column: _when(profile_newer, column) for column in (*profile, "profile_version")},
            "kyc_status": _when(kyc_newer, "kyc_status"),
            "kyc_version": _when(kyc_newer, "kyc_version"),
            "subscription_active": _when(no_subscription_fact, "subscription_active"),
        },
        # a row without a type was made by another event first: store_created still has to fill it
        where=sa.or_(_table.c.type.is_(None), profile_newer, kyc_newer),
    )
    await _apply(session, stmt, "store_created", event.store_id)


async def record_store_updated(
    session: AsyncSession, event: StoreUpdatedV1, *, occurred_at: datetime
) -> None:
    # a full snapshot of the profile: a field absent (None) is cleared, e.g. a removed logo
    profile = _profile(
        event.address,
        company_name=event.company_name,
        dba_name=event.dba_name,
        logo_media_id=event.logo_media_id,
        logo_url=event.logo_url,
    )
    stmt = insert(StoreProjection).values(store_id=event.store_id, profile_version=occurred_at, **profile)
    stmt = stmt.on_conflict_do_update(
        index_elements=[StoreProjection.store_id],
        set_={column: _excluded[column] for column in (*profile, "profile_version")},
        where=_newer(_excluded.profile_version),
    )
    await _apply(session, stmt, "store_updated", event.store_id)


async def record_kyc_status_changed(
    session: AsyncSession, event: StoreKycStatusChangedV1, *, occurred_at: datetime
) -> None:
    stmt = insert(StoreProjection).values(
        store_id=event.store_id, kyc_status=event.kyc_status.value, kyc_version=occurred_at
    )
    stmt = stmt.on_conflict_do_update(
        index_elements=[StoreProjection.store_id],
        set_={"kyc_status": _excluded.kyc_status, "kyc_version": _excluded.kyc_version},
        where=_newer(_excluded.kyc_version),
    )
    await _apply(session, stmt, "store_kyc_status_changed", event.store_id)


async def record_subscription_status_changed(
    session: AsyncSession, event: SubscriptionStatusChangedV1, *, occurred_at: datetime
) -> None:
    stmt = insert(StoreProjection).values(
        store_id=event.store_id,
        subscription_active=event.subscription_active,
        subscription_version=occurred_at,
    )
    stmt = stmt.on_conflict_do_update(
        index_elements=[StoreProjection.store_id],
        set_={
            "subscription_active": _excluded.subscription_active,
            "subscription_version": _excluded.subscription_version,
        },
        where=_newer(_excluded.subscription_version),
    )
    await _apply(session, stmt, "subscription_status_changed", event.store_id)


async def _apply(session: AsyncSession, stmt: Any, event_type: str, store_id: UUID) -> None:
    written = await session.execute(stmt.returning(StoreProjection.store_id))
    if written.first() is None:
        log.info("catalog.store_projection.stale_ignored", event_type=event_type, store_id=str(store_id))
        return
    log.info("catalog.store_projection.applied", event_type=event_type, store_id=str(store_id))
    if event_type in ("store_created", "store_updated"):
        await _sync_vendor_name(session, store_id)


async def _sync_vendor_name(session: AsyncSession, store_id: UUID) -> None:
    """Products carry their vendor's display name (lists and search read it without a join)."""
    name = vendor_name_sql(_table.c)
    renamed = await session.execute(
        sa.update(Product)
        .where(
            Product.store_id == store_id,
            _table.c.store_id == store_id,
            Product.vendor_name.is_distinct_from(name),
        )
        .values(vendor_name=name)
    )
    if renamed.rowcount:  # type: ignore[attr-defined]
        log.info("catalog.products.vendor_renamed", store_id=str(store_id), products=renamed.rowcount)  # type: ignore[attr-defined]


# --- reads ---------------------------------------------------------------------------------------


async def projected_store(session: AsyncSession, store_id: UUID) -> StoreProjection | None:
    return await session.get(StoreProjection, store_id)


async def caller_state(session: AsyncSession, store_id: UUID) -> str | None:
    """The caller's own state as the projection knows it (DOMAIN §4.1: never the token's claims)."""
    return (
        await session.execute(sa.select(StoreProjection.state).where(StoreProjection.store_id == store_id))
    ).scalar_one_or_none()
