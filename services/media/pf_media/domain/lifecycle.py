"""The media state machine after presign (DOMAIN §5.2, [G-26]).

Driven by bucket notifications (GCS's own, or the local adapter's in the same shape):

* ``OBJECT_FINALIZE`` of a ``pending`` row: the declared size and Content-Type must match
  what landed, else ``failed`` with the reason (and the object removed); otherwise
  ``uploaded`` (+ ``public_url`` for public kinds) and ``media_uploaded``.
* ``OBJECT_DELETE`` of the object: attachments removed, ``deleted``, ``media_deleted``
  (once per media: the event's dedupe key). Deletes caused by an overwrite are ignored by
  the decoder (GCS sets ``overwrittenByGeneration``).

and by two jobs: deletions past their grace period (protection re-checked under the row
lock; the object deleted; failure ⇒ ``delete_failed``) and the daily cleanup of
``pending`` rows nobody uploaded (rows and attachments removed, objects not touched).
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from pf_common.events.common import AttachmentRef, MediaKind, MediaStatus
from pf_common.events.media import MediaDeletedV1, MediaProcessedV1, MediaUploadedV1
from pf_common.logging import get_logger
from pf_common.outbox import emit
from pf_media.clients.blobs.base import BlobError, BlobStore, BucketNotification
from pf_media.domain import rules
from pf_media.models import Media, MediaAttachment

log = get_logger(__name__)

DELETE_BATCH = 50
# An object can vanish from these states (deleted by us, or out of band): the row follows.
_GONE_FROM = frozenset(
    {
        MediaStatus.UPLOADED,
        MediaStatus.PROCESSING,
        MediaStatus.READY,
        MediaStatus.DELETE_REQUESTED,
        MediaStatus.DELETED,
        MediaStatus.DELETE_FAILED,
    }
)


async def _locked_by_key(session: AsyncSession, key: str) -> Media | None:
    return await session.scalar(sa.select(Media).where(Media.gcs_key == key).with_for_update())


async def on_object_finalized(
    session: AsyncSession, note: BucketNotification, *, blobs: BlobStore, now: datetime
) -> None:
    media = await _locked_by_key(session, note.key)
    if media is None:  # a derivative, or an object we do not track
        log.debug("media.bucket.untracked_object", key=note.key)
        return
    if media.status != MediaStatus.PENDING:
        log.info("media.bucket.finalize_ignored", media_id=str(media.id), status=media.status)
        return
    problems = []
    if note.size is not None and note.size != media.size_bytes:
        problems.append(f"uploaded size {note.size} does not match the declared {media.size_bytes} bytes")
    landed_type = rules.normalize_mime(note.content_type) if note.content_type else None
    if landed_type is not None and landed_type != media.mime_type:
        problems.append(f"uploaded Content-Type {landed_type} does not match the declared {media.mime_type}")
    if problems:
        await _fail(session, media, "; ".join(problems), now=now)
        try:
            await blobs.delete(media.gcs_key)
        except BlobError as exc:  # the row says failed; the object is garbage either way
            log.warning("media.bucket.reject_delete_failed", media_id=str(media.id), error=str(exc))
        return
    media.status = MediaStatus.UPLOADED.value
    media.uploaded_at = now
    kind = MediaKind(media.kind)
    if kind in rules.PUBLIC_KINDS:
        media.public_url = blobs.public_url(media.gcs_key)
    await emit(
        session,
        MediaUploadedV1(
            media_id=media.id,
            store_id=media.store_id,
            kind=kind,
            mime_type=media.mime_type,
            gcs_key=media.gcs_key,
            size_bytes=media.size_bytes,
            uploaded_at=now,
            public_url=media.public_url,
        ),
        store_id=media.store_id,
        actor_user_id=media.user_id,
    )
    log.info("media.uploaded", media_id=str(media.id), kind=media.kind, size_bytes=media.size_bytes)


async def _fail(session: AsyncSession, media: Media, reason: str, *, now: datetime) -> None:
    media.status = MediaStatus.FAILED.value
    media.failed_at = now
    media.failure_reason = reason[:500]
    await emit(
        session,
        MediaProcessedV1(
            media_id=media.id,
            store_id=media.store_id,
            kind=MediaKind(media.kind),
            status=MediaStatus.FAILED,
            ocr_available=False,
            failure_reason=media.failure_reason,
        ),
        store_id=media.store_id,
    )
    log.info("media.failed", media_id=str(media.id), reason=media.failure_reason)


async def on_object_deleted(session: AsyncSession, note: BucketNotification, *, now: datetime) -> None:
    media = await _locked_by_key(session, note.key)
    if media is None:
        log.debug("media.bucket.untracked_object", key=note.key)
        return
    if media.status not in _GONE_FROM:
        log.info("media.bucket.delete_ignored", media_id=str(media.id), status=media.status)
        return
    await object_gone(session, media, now=now)


async def object_gone(session: AsyncSession, media: Media, *, now: datetime) -> None:
    """The object no longer exists: drop the attachments, mark ``deleted``, tell the owners."""
    removed = (
        await session.execute(
            sa.delete(MediaAttachment)
            .where(MediaAttachment.media_id == media.id)
            .returning(MediaAttachment.entity_type, MediaAttachment.entity_id)
        )
    ).all()
    if media.status != MediaStatus.DELETED:
        media.status = MediaStatus.DELETED.value
        media.deleted_at = now
    media.public_url = None
    await emit(
        session,
        MediaDeletedV1(
            media_id=media.id,
            store_id=media.store_id,
            gcs_key=media.gcs_key,
            attachments=[AttachmentRef(entity_type=t, entity_id=i) for t, i in removed],
        ),
        store_id=media.store_id,
    )
    log.info("media.deleted", media_id=str(media.id), attachments=len(removed))


async def delete_due(session: AsyncSession, *, blobs: BlobStore, now: datetime, grace_s: int) -> int:
    """Delete the objects of rows whose grace period is over; returns how many rows moved."""
    due = list(
        await session.scalars(
            sa.select(Media)
            .where(
                Media.status == MediaStatus.DELETE_REQUESTED.value,
                Media.delete_requested_at <= now - timedelta(seconds=grace_s),
            )
            .order_by(Media.delete_requested_at)
            .limit(DELETE_BATCH)
            .with_for_update(skip_locked=True)
        )
    )
    for media in due:
        protected = list(
            await session.execute(
                sa.select(MediaAttachment.entity_type, MediaAttachment.entity_id).where(
                    MediaAttachment.media_id == media.id, MediaAttachment.is_protected.is_(True)
                )
            )
        )
        if protected:
            names = ", ".join(f"{t} {i}" for t, i in protected)
            media.status = MediaStatus.DELETE_FAILED.value
            media.failure_reason = f"protected attachment appeared: {names}"[:500]
            log.warning("media.delete_blocked", media_id=str(media.id), attachments=len(protected))
            continue
        try:
            for key in media.derivatives.values():
                await blobs.delete(key)
            existed = await blobs.delete(media.gcs_key)
        except BlobError as exc:
            media.status = MediaStatus.DELETE_FAILED.value
            media.failure_reason = f"object deletion failed: {exc}"[:500]
            log.warning("media.delete_failed", media_id=str(media.id), error=str(exc))
            continue
        media.status = MediaStatus.DELETED.value
        media.deleted_at = now
        if not existed:  # no bucket notification will come: finish here
            await object_gone(session, media, now=now)
    return len(due)


async def cleanup_pending(session: AsyncSession, *, now: datetime, older_than_days: int) -> int:
    """Remove ``pending`` rows never uploaded (NFR: 7 days) and their attachments."""
    stale = (
        sa.select(Media.id)
        .where(
            Media.status == MediaStatus.PENDING.value,
            Media.created_at < now - timedelta(days=older_than_days),
        )
        .scalar_subquery()
    )
    await session.execute(sa.delete(MediaAttachment).where(MediaAttachment.media_id.in_(stale)))
    res = await session.execute(
        sa.delete(Media).where(
            Media.status == MediaStatus.PENDING.value,
            Media.created_at < now - timedelta(days=older_than_days),
        )
    )
    count = int(res.rowcount or 0)  # type: ignore[attr-defined]
    log.info("media.pending_cleaned", rows=count)
    return count
