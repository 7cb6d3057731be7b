"""What a store does with its media (API.md §3.2) and what other services ask of it (§4).

* presign: validate kind/MIME/size/name, insert the ``pending`` row, hand out a signed PUT
  URL bound to the Content-Type (the row moves on when the bucket says the object landed);
* list: the store's media, filtered, newest first, with signed read URLs for readable rows;
* request deletion: ``uploaded``/``ready`` (and ``failed``/``delete_failed``, which a user
  must be able to clean up) → ``delete_requested``; protected attachments ⇒ 409 naming them;
  the worker deletes after the grace period (lifecycle.py);
* internal: one media row for owner validation, and signed read URLs in bulk.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Final
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from pf_common.db import table_of
from pf_common.errors import Conflict, Forbidden, NotFound, ValidationFailed
from pf_common.events.common import MediaKind, MediaStatus
from pf_common.ids import uuid7
from pf_common.lean import Source, Statement
from pf_common.logging import get_logger
from pf_common.pagination import Page, PageParams, paginate
from pf_common.principal import Principal
from pf_common.tenancy import active_store_id, owned, scoped
from pf_media.clients.blobs.base import BlobStore, SignedUpload
from pf_media.domain import rules
from pf_media.models import Media, MediaAttachment

log = get_logger(__name__)

# Users may delete what they can see and is not in flight (spec: uploaded/ready; we add the
# two terminal failures so a failed upload is not stuck forever).
DELETABLE = frozenset(
    {MediaStatus.UPLOADED, MediaStatus.READY, MediaStatus.FAILED, MediaStatus.DELETE_FAILED}
)
ALREADY_GONE = frozenset({MediaStatus.DELETE_REQUESTED, MediaStatus.DELETED})


@dataclass(frozen=True)
class Presigned:
    media_id: UUID
    gcs_key: str
    mime_type: str
    upload: SignedUpload


# The pending row: one INSERT, its own transaction (it emits no event), on the lean path.
_INSERT_PENDING: Final = Statement(
    sa.insert(table_of(Media)).values(
        {
            name: sa.bindparam(name)
            for name in ("id", "store_id", "user_id", "kind", "status", "gcs_key", "file_name", "mime_type")
        }
        | {"size_bytes": sa.bindparam("size_bytes", type_=sa.BigInteger)}
    )
)


async def presign(
    source: Source,
    principal: Principal,
    *,
    kind: MediaKind,
    mime_type: str,
    file_name: str,
    size_bytes: int,
    blobs: BlobStore,
    upload_expiry_s: int,
) -> Presigned:
    """Validate, sign the upload URL, then insert the ``pending`` row (one statement).

    Signed first: an INSERT that fails leaves an unused URL (no object can land without a row:
    the bucket's notification finds none), where the other order would leave a pending row
    without a URL until the cleanup; and no connection is held while signing.
    """
    store_id = active_store_id(principal)
    mime = mime_type  # exact, as the request schema states it (no case folding, no parameters)
    details: dict[str, str] = {}
    if not rules.mime_allowed(kind, mime):
        allowed = ", ".join(sorted(rules.ALLOWED_MIME[kind]))
        details["mime_type"] = f"{mime or 'empty'} is not allowed for {kind.value} (allowed: {allowed})"
    name = rules.sanitize_file_name(file_name) or rules.fallback_file_name(mime)
    if not 1 <= size_bytes <= rules.MAX_SIZE_BYTES:
        details["size_bytes"] = f"must be between 1 and {rules.MAX_SIZE_BYTES}"
    if details:
        raise ValidationFailed("invalid upload", details=details)
    media_id = uuid7()
    key = rules.object_key(store_id, kind, media_id, name)
    upload = await blobs.signed_upload(
        key, content_type=mime, size_bytes=size_bytes, expires_s=upload_expiry_s
    )
    await _INSERT_PENDING.execute(
        source,
        id=media_id,
        store_id=store_id,
        user_id=principal.user_id,
        kind=kind.value,
        status=MediaStatus.PENDING.value,
        gcs_key=key,
        file_name=name,
        mime_type=mime,
        size_bytes=size_bytes,
    )
    log.info("media.presigned", media_id=str(media_id), kind=kind.value, size_bytes=size_bytes)
    return Presigned(media_id=media_id, gcs_key=key, mime_type=mime, upload=upload)


@dataclass(frozen=True)
class MediaFilter:
    kind: MediaKind | None = None
    status: MediaStatus | None = None
    mime_type: str | None = None
    search: str | None = None


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


async def list_media(
    session: AsyncSession, principal: Principal, filters: MediaFilter, page: PageParams
) -> Page[Media]:
    stmt = scoped(sa.select(Media), Media, principal)
    if filters.status is not None:
        stmt = stmt.where(col(Media.status) == filters.status.value)
    else:  # deleted rows are history, not library content
        stmt = stmt.where(col(Media.status) != MediaStatus.DELETED.value)
    if filters.kind is not None:
        stmt = stmt.where(col(Media.kind) == filters.kind.value)
    if filters.mime_type:
        stmt = stmt.where(col(Media.mime_type) == rules.normalize_mime(filters.mime_type))
    if filters.search:
        pattern = f"%{_like_escape(filters.search)}%"
        stmt = stmt.where(
            sa.or_(
                col(Media.file_name).ilike(pattern, escape="\\"),
                col(Media.gcs_key).ilike(pattern, escape="\\"),
            )
        )
    return await paginate(
        session, stmt, created_at_col=col(Media.created_at), id_col=col(Media.id), params=page
    )


async def read_url(blobs: BlobStore, media: Media, *, expires_s: int) -> str | None:
    """A signed read URL for a readable row (uploaded/ready), else None."""
    if media.status not in rules.READABLE:
        return None
    return await blobs.signed_read(media.gcs_key, expires_s=expires_s, download_name=media.file_name)


async def derivative_urls(blobs: BlobStore, media: Media, *, expires_s: int) -> dict[str, str]:
    """Signed read URLs of the derived objects (thumbnail, renditions, ``ocr.txt``) of a readable row."""
    if media.status not in rules.READABLE:
        return {}
    return {
        name: await blobs.signed_read(key, expires_s=expires_s)
        for name, key in sorted((media.derivatives or {}).items())
    }


async def _protected_attachments(session: AsyncSession, media_id: UUID) -> list[MediaAttachment]:
    rows = await session.scalars(
        sa.select(MediaAttachment)
        .where(col(MediaAttachment.media_id) == media_id, col(MediaAttachment.is_protected).is_(True))
        .order_by(col(MediaAttachment.created_at))
    )
    return list(rows)


async def _locked_own(session: AsyncSession, principal: Principal, media_id: UUID) -> Media:
    """The caller's store's media ``FOR UPDATE``: unknown ⇒ 404, another store's ⇒ 403
    (API.md §3.2 DELETE /media/{id})."""
    stmt = (
        sa.select(Media, owned(Media, principal).label("own"))
        .where(col(Media.id) == media_id)
        .with_for_update(of=Media)
    )
    row = (await session.execute(stmt)).one_or_none()
    if row is None:
        raise NotFound("media not found")
    if not row.own:
        raise Forbidden("media belongs to another store")
    media: Media = row.Media
    return media


async def request_delete(
    session: AsyncSession, principal: Principal, media_id: UUID, *, now: datetime
) -> bool:
    """Mark the media for deletion; False when it was already on its way out (still 204)."""
    media = await _locked_own(session, principal, media_id)
    if media.status in ALREADY_GONE:
        return False
    if media.status not in DELETABLE:
        raise Conflict(f"media is {media.status}; only uploaded or ready media can be deleted")
    protected = await _protected_attachments(session, media.id)
    if protected:
        names = ", ".join(f"{a.entity_type} {a.entity_id}" for a in protected)
        raise Conflict(f"media is attached to protected records: {names}")
    media.status = MediaStatus.DELETE_REQUESTED.value
    media.delete_requested_at = now
    log.info("media.delete_requested", media_id=str(media.id))
    return True


async def get_media(session: AsyncSession, media_id: UUID) -> Media:
    media = await session.get(Media, media_id)
    if media is None:
        raise NotFound("media not found")
    return media


async def read_urls(
    session: AsyncSession, blobs: BlobStore, media_ids: Sequence[UUID], *, expires_s: int
) -> dict[UUID, str]:
    if not media_ids:
        return {}
    rows = await session.scalars(
        sa.select(Media).where(
            col(Media.id).in_(set(media_ids)), col(Media.status).in_([s.value for s in rules.READABLE])
        )
    )
    urls: dict[UUID, str] = {}
    for media in rows:
        url = await read_url(blobs, media, expires_s=expires_s)
        if url is not None:
            urls[media.id] = url
    return urls
