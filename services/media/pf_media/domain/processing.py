"""``uploaded`` → ``processing`` → ``ready``/``failed`` (DOMAIN §5.2), run by the worker.

The object is read back, checked against its declared type (magic bytes), and turned
into derivatives (bounded WebP + thumbnail, video poster + rendition, PDF text / OCR)
stored next to it under ``{store}/{kind}/derived/{id}/``. The CPU work runs in a thread.

Claim → release → call → record (ARCHITECTURE §1): the blob store is never called while a
database connection is held, so the consumer runs with its own transactions
(``Consumer(..., transaction=False)``):

1. **read** the row in a short transaction (the primary: a replica could still say
   ``pending``); nothing to do unless it is ``uploaded``;
2. with no session open: **read** the object, derive in a thread, **write** the derivatives;
3. **record** in one short transaction: the row is locked and re-checked. Still ``uploaded`` ⇒
   the outcome and ``media_processed``. Otherwise (a deletion was asked for meanwhile, or a
   concurrent redelivery recorded first) the derivatives no row keeps are *staged*: listed on
   a row in a deletion state, so that the deletion job removes them with the object;
4. after that commit, the staged derivatives are deleted (idempotent: an object already gone
   is fine; a failure is logged and left to the deletion job).

``processing`` is therefore only ever seen inside that last transaction (processing_started_at
records when the work began). A redelivery re-derives the same keys, so a retry after a crash,
or two runs overlapping, is harmless. OCR text goes to ``media.ocr`` and ``ocr.txt``; it is
never logged.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from pf_common.db import Database
from pf_common.errors import RetryableError
from pf_common.events.common import MediaKind, MediaStatus
from pf_common.events.media import MediaProcessedV1
from pf_common.logging import get_logger
from pf_common.outbox import emit
from pf_media.clients.blobs.base import BlobError, BlobStore
from pf_media.clients.processing import OcrEngine, Outcome, ProcessingOptions, process
from pf_media.domain import rules
from pf_media.models import Media

log = get_logger(__name__)

# a row in these states is on its way out: derivatives written for it are listed on it, so that
# the deletion job (lifecycle.delete_due) removes them with the object
_BEING_DELETED = frozenset({MediaStatus.DELETE_REQUESTED, MediaStatus.DELETE_FAILED})


async def process_uploaded(
    db: Database,
    media_id: UUID,
    *,
    blobs: BlobStore,
    ocr: OcrEngine,
    options: ProcessingOptions,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> str | None:
    """Process one uploaded media; returns its new status (None when there was nothing to do)."""
    async with db.transaction() as session:  # 1. read (no lock: the CPU work takes seconds)
        media = await session.get(Media, media_id)
        if media is None or media.status != MediaStatus.UPLOADED:
            return None
        key, kind, mime = media.gcs_key, MediaKind(media.kind), media.mime_type
    started = clock()
    outcome, derivatives = await _derive(key, kind, mime, blobs=blobs, ocr=ocr, options=options)  # 2.
    async with db.transaction() as session:  # 3. record
        status, staged = await _record(session, media_id, started, outcome, derivatives, kind, clock())
    for derived in staged:  # 4. after the commit
        try:
            await blobs.delete(derived)
        except BlobError as exc:
            log.warning("media.processing.derivative_delete_failed", media_id=str(media_id), error=str(exc))
    return status


async def _derive(
    key: str, kind: MediaKind, mime: str, *, blobs: BlobStore, ocr: OcrEngine, options: ProcessingOptions
) -> tuple[Outcome | None, dict[str, str]]:
    """Read the object, process it, write its derivatives (no database work). The outcome is
    None when the object is missing; the derivatives are those written ({name: key})."""
    try:
        data: bytes | None = await blobs.read(key)
    except FileNotFoundError:  # the store's "no such object"
        data = None
    except BlobError as exc:
        raise RetryableError(f"blob store: {exc}") from exc
    if data is None:
        return None, {}
    outcome = await asyncio.to_thread(
        process, data, kind=kind.value, mime_type=mime, ocr=ocr, options=options
    )
    derivatives: dict[str, str] = {}
    if outcome.status == "ready":
        try:
            for d in outcome.derivatives:
                derived = rules.derived_key(key, d.name)
                await blobs.write(derived, d.data, d.content_type)
                derivatives[d.name] = derived
        except BlobError as exc:
            raise RetryableError(f"blob store: {exc}") from exc
    return outcome, derivatives


async def _record(
    session: AsyncSession,
    media_id: UUID,
    started: datetime,
    outcome: Outcome | None,
    derivatives: dict[str, str],
    kind: MediaKind,
    now: datetime,
) -> tuple[str | None, list[str]]:
    """Lock, re-check and write the outcome; returns (new status or None, keys staged for deletion)."""
    media = await session.scalar(
        sa.select(Media)
        .where(col(Media.id) == media_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if media is None or media.status != MediaStatus.UPLOADED:
        kept = set(media.derivatives.values()) if media is not None else set()
        staged = [k for k in derivatives.values() if k not in kept]
        if media is not None and media.status in _BEING_DELETED and staged:
            media.derivatives = {**derivatives, **media.derivatives}
        log.info("media.processing_superseded", media_id=str(media_id), staged=len(staged))
        return None, staged
    media.processing_started_at = started
    media.derivatives = derivatives
    if outcome is None:
        reason: str | None = "the uploaded object is missing"
    else:
        reason = outcome.failure_reason
    if outcome is not None and outcome.status == "ready":
        media.status = MediaStatus.READY.value
        media.ready_at = now
        media.ocr = outcome.ocr_text or None
        media.is_compressed = outcome.is_compressed
        media.failure_reason = None
    else:
        media.status = MediaStatus.FAILED.value
        media.failed_at = now
        media.failure_reason = (reason or "processing failed")[:500]
    await emit(
        session,
        MediaProcessedV1(
            media_id=media.id,
            store_id=media.store_id,
            kind=kind,
            status=MediaStatus(media.status),
            ocr_available=bool(media.ocr),
            failure_reason=media.failure_reason,
        ),
        store_id=media.store_id,
    )
    log.info(
        "media.processed",
        media_id=str(media.id),
        status=media.status,
        derivatives=sorted(derivatives),
        skipped=list(outcome.skipped) if outcome is not None else [],
        ocr_chars=len(media.ocr or ""),
        reason=media.failure_reason,
    )
    return media.status, []
