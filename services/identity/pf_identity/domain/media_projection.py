"""identity's projection of media (DOMAIN §0 "Projections", §5.2; EVENTS.md §4, §6 media).

Media's events keep ``media_projection`` current, so identity validates a store's logo or
banner (and, later, license documents) without a synchronous call to media: a profile
update does not depend on media being up. Each event upserts its row: an event about a
media id identity has not seen creates it (a placeholder when it carries no kind or MIME
type), and ``rules.media.supersedes`` decides whether its status replaces the projected one,
so redeliveries and reordering (``media_processed`` before ``media_uploaded``, an
``uploaded`` after ``deleted``) converge on the same row.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from pf_common.errors import NotFound
from pf_common.events.media import MediaDeletedV1, MediaProcessedV1, MediaUploadedV1
from pf_common.logging import get_logger
from pf_common.tenancy import StoreScoped
from pf_identity.domain import locks
from pf_identity.domain.rules import media as rules
from pf_identity.models import MediaProjection

log = get_logger(__name__)


class MediaNotFound(NotFound):
    """404 (API.md §3.1 PUT /stores/me): the media is unknown, of another store, or not usable."""

    default_message = "media not found"


_PROBLEM_MESSAGES = {
    "media_not_found": "media not found",
    "media_kind_not_allowed": "media kind must be store or other",
    "media_not_attachable": "media must be uploaded or ready",
}


async def record_media_uploaded(
    session: AsyncSession, event: MediaUploadedV1, *, occurred_at: datetime
) -> None:
    await _project(
        session,
        event.media_id,
        store_id=event.store_id,
        status=rules.UPLOADED,
        version=occurred_at,
        facts={
            "kind": event.kind.value,
            "mime_type": event.mime_type,
            "gcs_key": event.gcs_key,
            "public_url": event.public_url,
        },
    )


async def record_media_processed(
    session: AsyncSession, event: MediaProcessedV1, *, occurred_at: datetime
) -> None:
    await _project(
        session,
        event.media_id,
        store_id=event.store_id,
        status=str(event.status),
        version=occurred_at,
        facts={"kind": event.kind.value},
    )


async def record_media_deleted(
    session: AsyncSession, event: MediaDeletedV1, *, occurred_at: datetime
) -> None:
    """The row ends ``deleted`` (whatever came before) and keeps it lock-held for the caller."""
    await _project(
        session,
        event.media_id,
        store_id=event.store_id,
        status=rules.DELETED,
        version=occurred_at,
        facts={"gcs_key": event.gcs_key},
    )


async def _project(
    session: AsyncSession,
    media_id: Any,
    *,
    store_id: Any,
    status: str,
    version: datetime,
    facts: dict[str, Any],
) -> None:
    """Insert the row as this event describes it, or merge the event into the existing row.

    ``facts`` (kind, MIME type, key, URL) never change for a media id: a value the event
    carries fills the row whatever its status; only ``status``/``source_version`` are ordered.
    The row is locked either way (the insert, or ``FOR UPDATE``) until the transaction ends.
    """
    known = {k: v for k, v in facts.items() if v is not None}
    if status == rules.DELETED:
        known["public_url"] = None  # media drops the URL with the object
    inserted = await session.execute(
        insert(MediaProjection)
        .values(media_id=media_id, store_id=store_id, status=status, source_version=version, **known)
        .on_conflict_do_nothing(index_elements=[MediaProjection.media_id])
        .returning(MediaProjection.media_id)
    )
    if inserted.first() is not None:
        log.info("identity.media_projection.created", media_id=str(media_id), status=status)
        return

    row = await locks.lock_media(session, media_id)
    assert row is not None  # it conflicted, and projection rows are never deleted
    if rules.supersedes(row.status, row.source_version, status, version):
        row.status, row.source_version = status, version
    elif status != row.status:
        log.info(
            "identity.media_projection.stale_status_ignored",
            media_id=str(media_id),
            status=row.status,
            ignored=status,
        )
    if row.status == rules.DELETED:
        known["public_url"] = None
    for field, value in known.items():
        if getattr(row, field) != value:
            setattr(row, field, value)
    await session.flush()


async def get_store_images(
    session: AsyncSession, principal: StoreScoped, wanted: dict[str, Any]
) -> dict[str, MediaProjection]:
    """The media rows a store profile update attaches (``{field: media_id}``), validated.

    Each must exist in the caller's store (another store's media is indistinguishable from
    unknown media), be of kind ``store``/``other`` and be ``uploaded``/``ready``; otherwise
    404 naming the field (API.md §3.1). The rows stay ``FOR SHARE`` locked until the
    transaction ends, so a concurrent ``media_deleted`` waits for this update and then
    clears the reference it made.
    """
    if not wanted:
        return {}
    rows = await locks.share_store_media(session, principal, wanted.values())
    found: dict[str, MediaProjection] = {}
    for field, media_id in sorted(wanted.items()):
        row = rows.get(media_id)
        problem = "media_not_found" if row is None else rules.store_image_problem(row.kind, row.status)
        if problem is not None:
            raise MediaNotFound(f"{field}: {_PROBLEM_MESSAGES[problem]}", reason=problem)
        assert row is not None
        found[field] = row
    return found
