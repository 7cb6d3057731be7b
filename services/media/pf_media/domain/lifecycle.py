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

The blob store is never called while a database connection is held (ARCHITECTURE §1): the
bucket consumer and the deletion job run with their own short transactions and delete objects
only after the transaction that decided it committed (see ``finalize_object``, ``delete_due``).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from pf_common.db import Database, rowcount
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
    return await session.scalar(sa.select(Media).where(col(Media.gcs_key) == key).with_for_update())


async def finalize_object(db: Database, note: BucketNotification, *, blobs: BlobStore, now: datetime) -> None:
    """An ``OBJECT_FINALIZE``: the transition in one short transaction, then (after its commit)
    the removal of an object that was refused. A crash in between leaves the row ``failed``;
    the redelivered notification removes the object then."""
    async with db.transaction() as session:
        refused = await on_object_finalized(session, note, blobs=blobs, now=now)
    if refused is None:
        return
    try:
        await blobs.delete(refused)
    except BlobError as exc:  # the row says failed; the object is garbage either way
        log.warning("media.bucket.reject_delete_failed", key=refused, error=str(exc))


async def on_object_finalized(
    session: AsyncSession, note: BucketNotification, *, blobs: BlobStore, now: datetime
) -> str | None:
    """Move a ``pending`` row on; returns the key of an object to remove once this commits
    (a refused upload's), else None. Calls nothing: ``blobs`` only builds the public URL."""
    media = await _locked_by_key(session, note.key)
    if media is None:  # a derivative, or an object we do not track
        log.debug("media.bucket.untracked_object", key=note.key)
        return None
    if media.status == MediaStatus.FAILED and media.uploaded_at is None:
        log.info("media.bucket.refused_object_again", media_id=str(media.id))
        return media.gcs_key  # refused here before: its object goes (again, after a crash)
    if media.status != MediaStatus.PENDING:
        log.info("media.bucket.finalize_ignored", media_id=str(media.id), status=media.status)
        return None
    problems = []
    if note.size is not None and note.size != media.size_bytes:
        problems.append(f"uploaded size {note.size} does not match the declared {media.size_bytes} bytes")
    landed_type = rules.normalize_mime(note.content_type) if note.content_type else None
    if landed_type is not None and landed_type != media.mime_type:
        problems.append(f"uploaded Content-Type {landed_type} does not match the declared {media.mime_type}")
    if problems:
        await _fail(session, media, "; ".join(problems), now=now)
        return media.gcs_key
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
    return None


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
            .where(col(MediaAttachment.media_id) == media.id)
            .returning(col(MediaAttachment.entity_type), col(MediaAttachment.entity_id))
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


async def delete_due(db: Database, *, blobs: BlobStore, now: datetime, grace_s: int) -> int:
    """Delete the objects of rows whose grace period is over; returns how many rows moved.

    Claim → release → call → record, for up to ``DELETE_BATCH`` rows per run:

    1. **claim** (one short transaction): the due ``delete_requested`` rows, ``FOR UPDATE SKIP
       LOCKED``; protection is re-checked under the lock (a protected attachment appeared ⇒
       ``delete_failed``); the others' keys are read and the transaction commits;
    2. **call**: their derivatives and objects are deleted, no transaction open;
    3. **record** (one short transaction per row, guarded on ``delete_requested``): ``deleted``;
       no object was there (so no bucket notification will come) ⇒ finished here; the store
       failed ⇒ ``delete_failed`` with the reason.

    One run at a time (the job's leader lock). A run that dies after 1 leaves the rows
    ``delete_requested``: the next run deletes again (an object already gone is fine). The row
    is not locked while its objects go, so a protected attachment could land in the moment
    between 1 and 3 (never during the grace period, which the claim re-checks): the record step
    logs it, and the owner learns of the deletion through ``media_deleted`` as for any object
    that vanished.
    """
    claimed, blocked = await _claim_due(db, now - timedelta(seconds=grace_s))
    moved = blocked
    for media_id, keys in claimed.items():
        existed, error = await _delete_objects(blobs, keys)
        async with db.transaction() as session:
            moved += await _record_deletion(session, media_id, existed, error, now=now)
    return moved


async def _claim_due(db: Database, cutoff: datetime) -> tuple[dict[UUID, list[str]], int]:
    """The due rows cleared for deletion ({media id: [derivative keys..., object key]}) and how
    many were blocked (``delete_failed``: a protected attachment appeared)."""
    claimed: dict[UUID, list[str]] = {}
    blocked = 0
    async with db.transaction() as session:
        due = list(
            await session.scalars(
                sa.select(Media)
                .where(
                    col(Media.status) == MediaStatus.DELETE_REQUESTED.value,
                    col(Media.delete_requested_at) <= cutoff,
                )
                .order_by(col(Media.delete_requested_at))
                .limit(DELETE_BATCH)
                .with_for_update(skip_locked=True)
            )
        )
        for media in due:
            names = await _protected(session, media.id)
            if names:
                media.status = MediaStatus.DELETE_FAILED.value
                media.failure_reason = f"protected attachment appeared: {names}"[:500]
                log.warning("media.delete_blocked", media_id=str(media.id))
                blocked += 1
                continue
            claimed[media.id] = [*media.derivatives.values(), media.gcs_key]
    return claimed, blocked


async def _protected(session: AsyncSession, media_id: UUID) -> str:
    protected = list(
        await session.execute(
            sa.select(col(MediaAttachment.entity_type), col(MediaAttachment.entity_id)).where(
                col(MediaAttachment.media_id) == media_id, col(MediaAttachment.is_protected).is_(True)
            )
        )
    )
    return ", ".join(f"{t} {i}" for t, i in protected)


async def _delete_objects(blobs: BlobStore, keys: list[str]) -> tuple[bool, str | None]:
    """Delete the derivatives then the object (the last key): (whether the object existed, the
    store's error or None)."""
    try:
        for key in keys[:-1]:
            await blobs.delete(key)
        return await blobs.delete(keys[-1]), None
    except BlobError as exc:
        return True, str(exc)


async def _record_deletion(
    session: AsyncSession, media_id: UUID, existed: bool, error: str | None, *, now: datetime
) -> int:
    media = await session.scalar(
        sa.select(Media)
        .where(col(Media.id) == media_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if media is None or media.status != MediaStatus.DELETE_REQUESTED:
        return 0
    if error is not None:
        media.status = MediaStatus.DELETE_FAILED.value
        media.failure_reason = f"object deletion failed: {error}"[:500]
        log.warning("media.delete_failed", media_id=str(media.id), error=error)
        return 1
    names = await _protected(session, media.id)
    if names:  # too late to keep the object: the owners learn it through media_deleted
        log.error("media.protected_attachment_during_delete", media_id=str(media.id))
    media.status = MediaStatus.DELETED.value
    media.deleted_at = now
    if not existed:  # no bucket notification will come: finish here
        await object_gone(session, media, now=now)
    return 1


async def cleanup_pending(session: AsyncSession, *, now: datetime, older_than_days: int) -> int:
    """Remove ``pending`` rows never uploaded (NFR: 7 days) and their attachments."""
    stale = (
        sa.select(col(Media.id))
        .where(
            col(Media.status) == MediaStatus.PENDING.value,
            col(Media.created_at) < now - timedelta(days=older_than_days),
        )
        .scalar_subquery()
    )
    await session.execute(sa.delete(MediaAttachment).where(col(MediaAttachment.media_id).in_(stale)))
    res = await session.execute(
        sa.delete(Media).where(
            col(Media.status) == MediaStatus.PENDING.value,
            col(Media.created_at) < now - timedelta(days=older_than_days),
        )
    )
    count = rowcount(res)
    log.info("media.pending_cleaned", rows=count)
    return count
