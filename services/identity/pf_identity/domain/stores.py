"""Store profiles (API.md §3.1 ``/stores/me``, ``/stores/{id}``; DOMAIN §5.1 stores).

The profile update writes the writable fields only (address, type and KYC never change
here) and emits ``store_updated`` with the full projection payload in the same
transaction; clearing a logo or banner also emits ``media_references_changed``.
Attaching a new logo or banner waits for the media service (issue #5).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Final
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from pf_common.auth import Principal
from pf_common.errors import NotFound, ValidationFailed
from pf_common.events.common import Address, AttachmentEntityType
from pf_common.events.identity import MediaReferencesChangedV1, StoreUpdatedV1
from pf_common.outbox import emit
from pf_common.tenancy import active_store_id, scoped
from pf_identity.domain import audit
from pf_identity.domain.locks import lock_store
from pf_identity.domain.members import manager_role
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
MEDIA_NOT_YET: Final = "media attachments arrive with the media service"

# media id column -> (cached URL column, attachment entity type of media_references_changed)
_MEDIA: Final = {
    "logo_media_id": ("logo_url", AttachmentEntityType.STORE_LOGO),
    "banner_media_id": ("banner_url", AttachmentEntityType.STORE_BANNER),
}


class StoreNotFound(NotFound):
    default_message = "store not found"


async def get_store_by_id(session: AsyncSession, store_id: UUID) -> Store:
    """Any store's profile (a directory read); 404 when it does not exist."""
    store = await session.get(Store, store_id)
    if store is None:
        raise StoreNotFound(reason="store_not_found")
    return store


async def get_my_store(session: AsyncSession, principal: Principal) -> Store:
    """The caller's active store (403 without one, 404 when the row is gone)."""
    stmt = scoped(sa.select(Store), Store, principal, column="id")
    store = (await session.execute(stmt)).scalar_one_or_none()
    if store is None:
        raise StoreNotFound(reason="store_not_found")
    return store


def _check_changes(changes: Mapping[str, Any]) -> None:
    problems = {field: "not writable" for field in changes if field not in WRITABLE}
    if "company_name" in changes and changes["company_name"] is None:
        problems["company_name"] = "must not be null"
    problems.update({f: MEDIA_NOT_YET for f in _MEDIA if changes.get(f) is not None})
    if problems:
        raise ValidationFailed("invalid store update", details=problems)


def _normalised(field: str, value: Any) -> Any:
    if field == "email" and value is not None:
        return str(value).lower()
    if field == "categories":
        unique = list(dict.fromkeys(value or ()))  # order kept, duplicates dropped
        return unique or None  # [] (or null) clears
    return value


async def update_my_store(
    session: AsyncSession, principal: Principal, changes: Mapping[str, Any], *, now: datetime
) -> Store:
    """Apply the writable fields given in ``changes`` (a key present with None clears it).

    Only a current manager of the store may write (the token's role is re-checked against
    the membership row). Nothing changes ⇒ nothing is written or emitted.
    """
    actor_role = await manager_role(session, principal)
    _check_changes(changes)
    store = await lock_store(session, active_store_id(principal))
    if store is None:
        raise StoreNotFound(reason="store_not_found")

    changed: list[str] = []
    media_changes: list[tuple[AttachmentEntityType, UUID]] = []
    for field, raw in changes.items():
        value = _normalised(field, raw)
        if getattr(store, field) == value:
            continue
        if field in _MEDIA:  # only None reaches here: the cached URL goes with the reference
            url_field, entity_type = _MEDIA[field]
            media_changes.append((entity_type, getattr(store, field)))
            setattr(store, url_field, None)
        setattr(store, field, value)
        changed.append(field)
    if not changed:
        return store

    store.updated_at = now
    await session.flush()
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
        actor_user_id=principal.user_id,
        occurred_at=now,
    )
    for entity_type, old_media_id in media_changes:
        await emit(
            session,
            MediaReferencesChangedV1(
                entity_type=entity_type,
                entity_id=store.id,
                store_id=store.id,
                old_media_ids=[old_media_id],
                new_media_ids=[],
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
