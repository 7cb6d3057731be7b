"""Media's consumers (EVENTS.md: media.bucket, media.processing, media.attachments).

* ``bucket_events`` — Cloud Storage notifications (``pf.media.bucket``; also what the local
  adapter publishes): finalize ⇒ ``uploaded``, delete ⇒ ``deleted`` + ``media_deleted``;
* ``process_media`` — our own ``media_uploaded`` ⇒ derivatives, OCR ⇒ ``ready``/``failed``;
* ``attachments_<producer>`` — ``media_references_changed`` of identity, catalog and ads;
* ``license_documents`` — identity's ``license_deleted``.

``bucket_events`` and ``process_media`` call the blob store, so they run with their own short
transactions (``transaction=False``: claim → release → call → record, ARCHITECTURE §1); the
others are one transaction each. Those two take the worker's ``MediaContext`` (blob store, OCR
engine, processing options) as their fourth parameter; the others need nothing of it.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from pf_common.consumer import Consumer, ExternalSource
from pf_common.db import Database
from pf_common.events import ads, catalog, identity
from pf_common.events.envelope import Envelope
from pf_common.events.identity import LicenseDeletedV1
from pf_common.events.media import MediaUploadedV1
from pf_common.events.registry import InvalidEvent
from pf_common.transports.base import Delivery
from pf_media.clients.blobs.base import (
    BUCKET_TOPIC,
    FINALIZE,
    BucketNotification,
    InvalidNotification,
    parse_notification,
)
from pf_media.context import MediaContext
from pf_media.domain import attachments, lifecycle, processing

# uuid5 namespace of bucket notifications: one inbox key per (object generation, event type)
_BUCKET_NS = uuid.UUID("7b0a6f0e-3d5c-4f53-9a43-8d1f0c2b6e11")


def decode_bucket_message(delivery: Delivery) -> tuple[Envelope, BucketNotification] | None:
    """A GCS notification → (synthetic envelope keyed for the inbox, the notification)."""
    if delivery.attributes.get("overwrittenByGeneration"):
        return None  # the delete half of an overwrite: the object still exists
    try:
        note = parse_notification(delivery.body, delivery.attributes)
    except InvalidNotification as exc:
        raise InvalidEvent(str(exc)) from exc
    ident = f"{note.bucket}/{note.key}#{note.generation}/{note.event_type}"
    envelope = Envelope(
        event_id=uuid.uuid5(_BUCKET_NS, ident),
        event_type=f"bucket.{note.event_type.lower()}",
        event_version=1,
        occurred_at=datetime.now(UTC),
        producer="bucket",
        aggregate_type="object",
        aggregate_id=uuid.uuid5(_BUCKET_NS, f"{note.bucket}/{note.key}"),
        payload={},
    )
    return envelope, note


async def bucket_events(
    db: Database, note: BucketNotification, _envelope: Envelope, ctx: MediaContext
) -> None:
    if note.bucket != ctx.blobs.bucket:
        return
    now = datetime.now(UTC)
    if note.event_type == FINALIZE:
        await lifecycle.finalize_object(db, note, blobs=ctx.blobs, now=now)
    else:
        async with db.transaction() as session:
            await lifecycle.on_object_deleted(session, note, now=now)


async def process_media(db: Database, event: MediaUploadedV1, _envelope: Envelope, ctx: MediaContext) -> None:
    await processing.process_uploaded(
        db, event.media_id, blobs=ctx.blobs, ocr=ctx.ocr, options=ctx.processing
    )


async def reconcile_attachments(session: AsyncSession, event: Any, _envelope: Envelope) -> None:
    await attachments.reconcile(
        session,
        entity_type=event.entity_type,
        entity_id=event.entity_id,
        store_id=event.store_id,
        new_media_ids=list(event.new_media_ids),
    )


async def license_documents(session: AsyncSession, event: LicenseDeletedV1, _envelope: Envelope) -> None:
    await attachments.license_deleted(
        session,
        license_id=event.license_id,
        media_id=event.media_id,
        purge_media=event.purge_media,
        now=datetime.now(UTC),
    )


CONSUMERS: list[Consumer] = [
    Consumer(
        handler=bucket_events,
        external=ExternalSource(topic=BUCKET_TOPIC, decode=decode_bucket_message),
        transaction=False,
    ),
    Consumer(handler=process_media, event=MediaUploadedV1, transaction=False),
    *(
        Consumer(
            handler=reconcile_attachments,
            event=module.MediaReferencesChangedV1,
            name=f"attachments_{producer}",
            producer=producer,
        )
        for producer, module in (("identity", identity), ("catalog", catalog), ("ads", ads))
    ),
    Consumer(handler=license_documents, event=LicenseDeletedV1),
]
