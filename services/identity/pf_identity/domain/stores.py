"""Store profiles (API.md §3.1 ``/stores/me``, ``/stores/{id}``; DOMAIN §5.1 stores).

The profile update writes the writable fields only (address, type and KYC never change
here) and emits ``store_updated`` with the full projection payload in the same
transaction. A logo or banner is validated against identity's media projection (same
store, kind ``store``/``other``, ``uploaded``/``ready``), its ``public_url`` cached as
``logo_url``/``banner_url``, and every change of reference (set, replace or clear) also
emits ``media_references_changed`` so media reconciles its attachments.
When media deletes an object (``media_deleted``), the stores using it lose the reference.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Final
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from pf_common.errors import NotFound, ValidationFailed
from pf_common.events.common import Address, AttachmentEntityType
from pf_common.events.identity import MediaReferencesChangedV1, StoreUpdatedV1
from pf_common.events.media import MediaDeletedV1
from pf_common.lean import Source
from pf_common.logging import get_logger
from pf_common.outbox import emit
from pf_common.principal import Principal
from pf_common.tenancy import active_store_id, scoped
from pf_identity.domain import audit, media_projection
from pf_identity.domain.locks import lock_store, lock_stores_using_media
from pf_identity.domain.members import manager_role
from pf_identity.domain.queries import StoreView, store_view
from pf_identity.models import Store

WRITABLE: Final = frozenset(
    {
        "company_name",
        "description",
        "phone",
        "email",
        "social",
        "categories",
        "logo_media_id",
        "banner_media_id",
    }
)

log = get_logger(__name__)

# media id column -> (cached URL column, attachment entity type of media_references_changed)
_MEDIA: Final = {
    "logo_media_id": ("logo_url", AttachmentEntityType.STORE_LOGO),
    "banner_media_id": ("banner_url", AttachmentEntityType.STORE_BANNER),
}


class StoreNotFound(NotFound):
    default_message = "store not found"


async def get_store_by_id(source: Source, store_id: UUID) -> StoreView:
    """Any store's profile (a directory read); 404 when it does not exist."""
    view = await store_view(source, store_id)
    if view is None:
        raise StoreNotFound(reason="store_not_found")
    return view


async def get_my_store(source: Source, principal: Principal) -> StoreView:
    """The caller's active store (403 without one, 404 when the row is gone)."""
    view = await store_view(source, active_store_id(principal))
    if view is None:
        raise StoreNotFound(reason="store_not_found")
    return view


async def view_of(session: AsyncSession, store: Store) -> StoreView:
    """The DTO view of a store row already loaded (after an update)."""
    view = await store_view(session, store.id)
    assert view is not None  # the row is ours and locked
    return view


def _check_changes(changes: Mapping[str, Any]) -> None:
    problems = {field: "not writable" for field in changes if field not in WRITABLE}
    if "company_name" in changes and changes["company_name"] is None:
        problems["company_name"] = "must not be null"
    if problems:
        raise ValidationFailed("invalid store update", details=problems)


def _normalised(field: str, value: Any) -> Any:
    if field == "email" and value is not None:
        return str(value).lower()
    if field == "categories":
        unique = list(dict.fromkeys(value or ()))  # order kept, duplicates dropped
        return unique or None  # [] (or null) clears
    return value


async def _current_media(session: AsyncSession, principal: Principal) -> dict[str, UUID | None]:
    """The store's logo and banner ids as committed (no lock: see ``update_my_store``)."""
    stmt = scoped(
        sa.select(col(Store.logo_media_id), col(Store.banner_media_id)), Store, principal, column="id"
    )
    row = (await session.execute(stmt)).one_or_none()
    return {} if row is None else {"logo_media_id": row.logo_media_id, "banner_media_id": row.banner_media_id}


def _attaching(changes: Mapping[str, Any], current: Mapping[str, UUID | None]) -> dict[str, UUID]:
    """The media fields set to a new, non-null id (an unchanged id is not validated again)."""
    return {f: changes[f] for f in _MEDIA if changes.get(f) is not None and changes[f] != current.get(f)}


async def update_my_store(
    session: AsyncSession, principal: Principal, changes: Mapping[str, Any], *, now: datetime
) -> Store:
    """Apply the writable fields given in ``changes`` (a key present with None clears it).

    Only a current manager of the store may write (the token's role is re-checked against
    the membership row). Nothing changes ⇒ nothing is written or emitted.

    Lock order is media rows, then the store (as in ``detach_deleted_media``): the media to
    attach are validated and held ``FOR SHARE`` before the store row is locked. Should the
    store change in between (a logo cleared by ``media_deleted``), a media id that has become
    a change is validated after the lock.
    """
    actor_role = await manager_role(session, principal)
    _check_changes(changes)
    images = await media_projection.get_store_images(
        session, principal, _attaching(changes, await _current_media(session, principal))
    )
    store = await lock_store(session, active_store_id(principal))
    if store is None:
        raise StoreNotFound(reason="store_not_found")
    late = {
        f: m
        for f, m in _attaching(changes, {f: getattr(store, f) for f in _MEDIA}).items()
        if f not in images
    }
    images.update(await media_projection.get_store_images(session, principal, late))

    changed: list[str] = []
    media_changes: list[tuple[AttachmentEntityType, UUID | None, UUID | None]] = []
    for field, raw in changes.items():
        value = _normalised(field, raw)
        if getattr(store, field) == value:
            continue
        if field in _MEDIA:  # the cached URL follows the reference
            url_field, entity_type = _MEDIA[field]
            media_changes.append((entity_type, getattr(store, field), value))
            setattr(store, url_field, None if value is None else images[field].public_url)
        setattr(store, field, value)
        changed.append(field)
    if not changed:
        return store

    store.updated_at = now
    await session.flush()
    await _emit_store_updated(session, store, now=now, actor_user_id=principal.user_id)
    for entity_type, old_media_id, new_media_id in media_changes:
        await emit(
            session,
            MediaReferencesChangedV1(
                entity_type=entity_type,
                entity_id=store.id,
                store_id=store.id,
                old_media_ids=[old_media_id] if old_media_id else [],
                new_media_ids=[new_media_id] if new_media_id else [],
            ),
            store_id=store.id,
            actor_user_id=principal.user_id,
            occurred_at=now,
        )
    audit.record(
        session,
        action="store.updated",
        target_type="store",
        target_id=store.id,
        actor_user_id=principal.user_id,
        actor_store_id=store.id,
        actor_role=actor_role,
        payload={"fields": sorted(changed)},
    )
    return store


async def detach_deleted_media(
    session: AsyncSession, event: MediaDeletedV1, *, occurred_at: datetime, now: datetime
) -> list[Store]:
    """``media_deleted`` (EVENTS.md §6): the projected media becomes ``deleted`` and every store
    whose logo or banner it was loses the reference and its cached URL, with one
    ``store_updated`` per changed store. Media has already removed its attachments, so no
    ``media_references_changed`` follows. Safe twice: the second time no store uses the media.
    """
    await media_projection.record_media_deleted(session, event, occurred_at=occurred_at)
    stores = await lock_stores_using_media(session, event.media_id)
    for store in stores:
        fields = [f for f in _MEDIA if getattr(store, f) == event.media_id]
        for field in fields:
            setattr(store, field, None)
            setattr(store, _MEDIA[field][0], None)
        store.updated_at = now
        await session.flush()
        await _emit_store_updated(session, store, now=now, actor_user_id=None)
        log.info(
            "identity.store.media_detached",
            store_id=str(store.id),
            media_id=str(event.media_id),
            fields=fields,
        )
    return stores


async def _emit_store_updated(
    session: AsyncSession, store: Store, *, now: datetime, actor_user_id: UUID | None
) -> None:
    await emit(
        session,
        StoreUpdatedV1(
            store_id=store.id,
            company_name=store.company_name,
            dba_name=store.dba_name,
            phone=store.phone,
            email=store.email,
            logo_media_id=store.logo_media_id,
            logo_url=store.logo_url,
            banner_url=store.banner_url,
            address=Address.model_validate(store.address),
            badge=store.badge,
            updated_at=now,
        ),
        store_id=store.id,
        actor_user_id=actor_user_id,
        occurred_at=now,
    )
