"""``uploaded`` → ``processing`` → ``ready``/``failed`` (DOMAIN §5.2), run by the worker.

The object is read back, checked against its declared type (magic bytes), and turned
into derivatives (bounded WebP + thumbnail, video poster + rendition, PDF text / OCR)
stored next to it under ``{store}/{kind}/derived/{id}/``. The CPU work runs in a thread.
No row lock is held while the CPU works: the row is locked and re-checked at the end,
and if a deletion was asked for meanwhile the derivatives are dropped. ``processing`` is
therefore only ever seen inside that last transaction (processing_started_at records
when the work began). A redelivery re-derives the same keys, so a retry after a crash is
harmless. OCR text goes to ``media.ocr`` and ``ocr.txt``; it is never logged.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from pf_common.errors import RetryableError
from pf_common.events.common import MediaKind, MediaStatus
from pf_common.events.media import MediaProcessedV1
from pf_common.logging import get_logger
from pf_common.outbox import emit
from pf_media.clients.blobs.base import BlobError, BlobStore
from pf_media.clients.processing import OcrEngine, ProcessingOptions, process
from pf_media.domain import rules
from pf_media.models import Media

log = get_logger(__name__)


async def process_uploaded(
    session: AsyncSession,
    media_id: UUID,
    *,
    blobs: BlobStore,
    ocr: OcrEngine,
    options: ProcessingOptions,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> str | None:
    """Process one uploaded media; returns its new status (None when there was nothing to do)."""
    media = await session.get(Media, media_id)  # no lock while the CPU works (seconds)
    if media is None or media.status != MediaStatus.UPLOADED:
        return None
    started = clock()
    key, kind, mime = media.gcs_key, MediaKind(media.kind), media.mime_type
    try:
        data: bytes | None = await blobs.read(key)
    except FileNotFoundError:  # the store's "no such object"
        data = None
    except BlobError as exc:
        raise RetryableError(f"blob store: {exc}") from exc
    outcome = None
    if data is None:
        status, reason = MediaStatus.FAILED, "the uploaded object is missing"
    else:
        outcome = await asyncio.to_thread(
            process, data, kind=kind.value, mime_type=mime, ocr=ocr, options=options
        )
        status = MediaStatus.READY if outcome.status == "ready" else MediaStatus.FAILED
        reason = outcome.failure_reason
    derivatives: dict[str, str] = {}
    if outcome is not None and status == MediaStatus.READY:
        try:
            for d in outcome.derivatives:
                derived = rules.derived_key(key, d.name)
                await blobs.write(derived, d.data, d.content_type)
                derivatives[d.name] = derived
        except BlobError as exc:
            raise RetryableError(f"blob store: {exc}") from exc
    # Now lock and re-check: a deletion may have been asked for while we worked.
    media = await session.scalar(
        sa.select(Media)
        .where(Media.id == media_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if media is None or media.status != MediaStatus.UPLOADED:
        log.info("media.processing_superseded", media_id=str(media_id))
        for derived in derivatives.values():
            await blobs.delete(derived)
        return None
    media.processing_started_at = started
    now = clock()
    media.derivatives = derivatives
    if status == MediaStatus.READY and outcome is not None:
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
            status=MediaStatus(media.status),  # type: ignore[arg-type]
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
    return media.status
