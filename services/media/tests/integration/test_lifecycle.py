"""The media state machine after presign (DOMAIN §5.2): bucket notifications through the real
Redis Streams transport and inbox, the deletion job with its grace period, the pending cleanup,
and attachments reconciled from the owners' events."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from media_factories import attach, consumer_named, make_media

from pf_common.consumer import ConsumerRunner, Outcome
from pf_common.events import catalog, identity
from pf_common.events.common import AttachmentEntityType
from pf_common.transports.redis_streams import RedisStreamsTransport
from pf_media.clients.blobs.base import BUCKET_TOPIC, DELETE, FINALIZE, BucketNotification
from pf_media.context import MediaContext
from pf_media.models import Media, MediaAttachment
from pf_media.worker import CONSUMERS


class Recorder:
    def __init__(self) -> None:
        self.sent: list[BucketNotification] = []

    async def __call__(self, note: BucketNotification) -> None:
        self.sent.append(note)

    async def close(self) -> None:
        pass


@pytest.fixture
def notes() -> Recorder:
    return Recorder()


@pytest.fixture
def context(context_factory, settings, notes) -> MediaContext:
    """The process's context (the consumers' and jobs'), its local store recording notifications."""
    from pf_media.clients.blobs.local import LocalBlobStore

    return context_factory(blobs=LocalBlobStore.from_settings(settings, notifier=notes))


@pytest.fixture
async def bucket(database, redis, context):
    """The bucket consumer on a real Redis stream: (runner, subscriber, publish)."""
    transport = RedisStreamsTransport(redis, ack_deadline_ms=500, max_deliveries=3, retry_base_ms=20)
    runner = ConsumerRunner(
        database, transport, consumer_named(CONSUMERS, "bucket_events"), max_deliveries=3, context=context
    )
    await redis.delete(BUCKET_TOPIC)
    subscriber = await transport.subscribe(runner.spec, "test")

    async def publish(note: BucketNotification, **attrs: str) -> None:
        body, attributes = note.to_message()
        await transport.publish(BUCKET_TOPIC, body, {**attributes, **attrs}, ordering_key=note.key)

    yield runner, subscriber, publish
    await subscriber.close()
    await redis.delete(BUCKET_TOPIC)


def finalize(media: Media, bucket: str, *, size: int | None = None, ct: str | None = None, gen: str = "1"):
    return BucketNotification(
        FINALIZE,
        bucket,
        media.gcs_key,
        gen,
        size=media.size_bytes if size is None else size,
        content_type=ct or media.mime_type,
    )


async def drain(bucket_fixture, n: int, timeout_s: float = 10.0) -> list[str]:
    """Handle deliveries until ``n`` were handled (real stream, real inbox)."""
    runner, subscriber, _ = bucket_fixture
    got: list[str] = []
    deadline = time.monotonic() + timeout_s
    while len(got) < n:
        assert time.monotonic() < deadline, f"only {got} in {timeout_s}s"
        for d in await subscriber.fetch(20, 50):
            got.append(await runner.handle(subscriber, d))
    return got


async def test_finalize_moves_pending_to_uploaded_once(context, bucket, db_session, emitted_events, as_store):
    actor = await as_store("vendor", "staff")
    media = await make_media(db_session, store_id=actor.store_id, status="pending")
    _, _, publish = bucket
    await publish(finalize(media, context.blobs.bucket))
    await publish(finalize(media, context.blobs.bucket))  # GCS delivers at least once
    outcomes = await drain(bucket, 2)
    assert outcomes == [Outcome.APPLIED, Outcome.DUPLICATE]
    row = await db_session.get(Media, media.id, populate_existing=True)
    assert row.status == "uploaded" and row.uploaded_at is not None
    assert row.public_url == f"http://test/api/v1/media/public/{media.gcs_key}"  # product: public
    events = await emitted_events("media_uploaded")
    assert len(events) == 1
    assert events[0].payload["media_id"] == str(media.id) and events[0].payload["size_bytes"] == 1234


async def test_compliance_kinds_get_no_public_url(context, bucket, db_session, as_store):
    actor = await as_store("vendor", "staff")
    media = await make_media(
        db_session,
        store_id=actor.store_id,
        status="pending",
        kind="license_doc",
        mime_type="application/pdf",
        file_name="l.pdf",
    )
    await bucket[2](finalize(media, context.blobs.bucket))
    await drain(bucket, 1)
    row = await db_session.get(Media, media.id, populate_existing=True)
    assert row.status == "uploaded" and row.public_url is None


@pytest.mark.parametrize(
    ("size", "ct", "reason"),
    [(999, None, "uploaded size 999"), (None, "image/jpeg", "Content-Type image/jpeg")],
)
async def test_finalize_with_other_size_or_type_fails_the_media(
    context, bucket, db_session, emitted_events, as_store, size, ct, reason
):
    actor = await as_store("vendor", "staff")
    media = await make_media(db_session, store_id=actor.store_id, status="pending")
    await context.blobs.write(media.gcs_key, b"x" * 999, "image/png")
    await bucket[2](finalize(media, context.blobs.bucket, size=size, ct=ct))
    assert await drain(bucket, 1) == [Outcome.APPLIED]
    row = await db_session.get(Media, media.id, populate_existing=True)
    assert row.status == "failed" and reason in row.failure_reason
    assert await context.blobs.head(media.gcs_key) is None  # the refused object is removed
    (processed,) = await emitted_events("media_processed")
    assert processed.payload["status"] == "failed"
    assert await emitted_events("media_uploaded") == []


async def test_untracked_overwritten_and_malformed_notifications(
    context, bucket, db_session, redis, as_store
):
    actor = await as_store("vendor", "staff")
    media = await make_media(db_session, store_id=actor.store_id, status="ready")
    runner, _subscriber, publish = bucket
    await publish(BucketNotification(FINALIZE, context.blobs.bucket, "derived/x/thumb.webp", "3", size=5))
    await publish(
        BucketNotification(DELETE, context.blobs.bucket, media.gcs_key, "1"), overwrittenByGeneration="2"
    )
    await runner.transport.publish(BUCKET_TOPIC, b"{not json", {"eventType": FINALIZE}, ordering_key="k")
    outcomes = await drain(bucket, 3)
    assert outcomes == [Outcome.APPLIED, Outcome.IGNORED, Outcome.DEAD]
    row = await db_session.get(Media, media.id, populate_existing=True)
    assert row.status == "ready"  # an overwrite is not a deletion


async def test_delete_after_grace_then_notification_removes_attachments(
    context, bucket, db_session, emitted_events, run_job, as_store, notes
):
    actor = await as_store("vendor", "staff")
    media = await make_media(db_session, store_id=actor.store_id, status="ready", kind="store")
    await context.blobs.write(media.gcs_key, b"png-bytes", "image/png")
    thumb = media.gcs_key.rsplit("/", 1)[0] + f"/derived/{media.id}/thumb.webp"
    await context.blobs.write(thumb, b"webp", "image/webp")
    media.derivatives = {"thumb.webp": thumb}
    logo = await attach(db_session, media, entity_type="store_logo")
    requested = datetime.now(UTC)
    media.status, media.delete_requested_at = "delete_requested", requested
    await db_session.flush()
    notes.sent.clear()

    await run_job("delete_requested_media", now=requested + timedelta(seconds=30))  # within the grace
    row = await db_session.get(Media, media.id, populate_existing=True)
    assert row.status == "delete_requested" and await context.blobs.head(media.gcs_key) is not None

    await run_job("delete_requested_media", now=requested + timedelta(seconds=61))
    row = await db_session.get(Media, media.id, populate_existing=True)
    assert row.status == "deleted" and row.deleted_at is not None
    assert await context.blobs.head(media.gcs_key) is None and await context.blobs.head(thumb) is None
    deletes = [n for n in notes.sent if n.event_type == DELETE]
    assert {n.key for n in deletes} == {media.gcs_key, thumb}

    for note in deletes:  # what the bucket publishes reaches the consumer
        await bucket[2](note)
    await drain(bucket, 2)
    assert await db_session.scalar(sa.select(sa.func.count()).select_from(MediaAttachment)) == 0
    (deleted,) = await emitted_events("media_deleted")
    assert deleted.payload["attachments"] == [{"entity_type": "store_logo", "entity_id": str(logo.entity_id)}]


async def test_protected_attachment_appearing_during_grace_blocks_deletion(
    context, db_session, run_job, as_store
):
    actor = await as_store("vendor", "staff")
    media = await make_media(
        db_session,
        store_id=actor.store_id,
        status="delete_requested",
        kind="license_doc",
        mime_type="application/pdf",
        file_name="l.pdf",
        delete_requested_at=datetime.now(UTC) - timedelta(minutes=5),
    )
    await context.blobs.write(media.gcs_key, b"%PDF-1.4", "application/pdf")
    await attach(db_session, media, entity_type="license")
    await run_job("delete_requested_media")
    row = await db_session.get(Media, media.id, populate_existing=True)
    assert row.status == "delete_failed" and "protected" in row.failure_reason
    assert await context.blobs.head(media.gcs_key) is not None


async def test_object_already_gone_finishes_the_deletion_without_a_notification(
    context, db_session, run_job, emitted_events, as_store
):
    actor = await as_store("vendor", "staff")
    media = await make_media(
        db_session,
        store_id=actor.store_id,
        status="delete_requested",
        delete_requested_at=datetime.now(UTC) - timedelta(minutes=5),
    )
    await run_job("delete_requested_media")
    row = await db_session.get(Media, media.id, populate_existing=True)
    assert row.status == "deleted"
    assert len(await emitted_events("media_deleted")) == 1


async def test_pending_cleanup_after_seven_days(context, db_session, run_job, as_store):
    actor = await as_store("vendor", "staff")
    now = datetime.now(UTC)
    old = await make_media(
        db_session, store_id=actor.store_id, status="pending", created_at=now - timedelta(days=8)
    )
    await attach(db_session, old)
    young = await make_media(
        db_session, store_id=actor.store_id, status="pending", created_at=now - timedelta(days=6)
    )
    old_ready = await make_media(db_session, store_id=actor.store_id, created_at=now - timedelta(days=30))
    await run_job("cleanup_pending_media", now=now)
    ids = set(await db_session.scalars(sa.select(Media.id)))
    assert ids == {young.id, old_ready.id}
    assert await db_session.scalar(sa.select(sa.func.count()).select_from(MediaAttachment)) == 0
    await run_job("cleanup_pending_media", now=now)  # a repeated run changes nothing
    assert set(await db_session.scalars(sa.select(Media.id))) == ids


async def _attachments(db_session, entity_id):
    rows = await db_session.execute(
        sa.select(MediaAttachment.media_id, MediaAttachment.is_protected).where(
            MediaAttachment.entity_id == entity_id
        )
    )
    return {m: p for m, p in rows}


async def test_references_reconcile_idempotently(db_session, deliver, as_store, captured_logs):
    actor = await as_store("vendor", "owner")
    a, b, c = [await make_media(db_session, store_id=actor.store_id) for _ in range(3)]
    theirs = await make_media(db_session, store_id=uuid.uuid4())
    unknown = uuid.uuid4()
    product = uuid.uuid4()
    first = catalog.MediaReferencesChangedV1(
        entity_type=AttachmentEntityType.PRODUCT_GALLERY,
        entity_id=product,
        store_id=actor.store_id,
        old_media_ids=[],
        new_media_ids=[a.id, b.id, theirs.id, unknown],
    )
    assert await deliver(first) == [Outcome.APPLIED, Outcome.DUPLICATE]
    assert await _attachments(db_session, product) == {a.id: False, b.id: False}  # unknown/other skipped
    skipped = {e["media_id"]: e["event"] for e in captured_logs if e["event"].startswith("media.attachment.")}
    assert skipped == {
        str(theirs.id): "media.attachment.other_store",
        str(unknown): "media.attachment.unknown_media",
    }

    second = catalog.MediaReferencesChangedV1(
        entity_type=AttachmentEntityType.PRODUCT_GALLERY,
        entity_id=product,
        store_id=actor.store_id,
        old_media_ids=[a.id, b.id],
        new_media_ids=[b.id, c.id],
    )
    await deliver(second)
    assert await _attachments(db_session, product) == {b.id: False, c.id: False}

    license_id = uuid.uuid4()
    await deliver(
        identity.MediaReferencesChangedV1(
            entity_type=AttachmentEntityType.LICENSE,
            entity_id=license_id,
            store_id=actor.store_id,
            old_media_ids=[],
            new_media_ids=[a.id],
        )
    )
    assert await _attachments(db_session, license_id) == {a.id: True}  # licenses protect

    await deliver(
        catalog.MediaReferencesChangedV1(
            entity_type=AttachmentEntityType.PRODUCT_GALLERY,
            entity_id=product,
            store_id=actor.store_id,
            old_media_ids=[b.id, c.id],
            new_media_ids=[],
        )
    )
    assert await _attachments(db_session, product) == {}


async def test_license_deleted_purges_only_unused_documents(db_session, deliver, as_store):
    actor = await as_store("vendor", "owner")
    lone = await make_media(
        db_session,
        store_id=actor.store_id,
        kind="license_doc",
        mime_type="application/pdf",
        file_name="a.pdf",
    )
    shared = await make_media(
        db_session,
        store_id=actor.store_id,
        kind="license_doc",
        mime_type="application/pdf",
        file_name="b.pdf",
    )
    lic1, lic2 = uuid.uuid4(), uuid.uuid4()
    await attach(db_session, lone, entity_type="license", entity_id=lic1)
    await attach(db_session, shared, entity_type="license", entity_id=lic2)
    await attach(db_session, shared, entity_type="license")  # still used by another license
    for lic, media in ((lic1, lone), (lic2, shared)):
        await deliver(
            identity.LicenseDeletedV1(
                license_id=lic, store_id=actor.store_id, media_id=media.id, purge_media=True
            )
        )
    assert (await db_session.get(Media, lone.id, populate_existing=True)).status == "delete_requested"
    assert (await db_session.get(Media, shared.id, populate_existing=True)).status == "ready"
    assert await _attachments(db_session, lic1) == {} and await _attachments(db_session, lic2) == {}


async def test_deletion_asked_while_processing_wins(context, database, db_session, as_store, monkeypatch):
    """The worker holds no lock (nor session) while it works; a delete in the meantime discards
    its output: the derivatives are deleted after the record commits, and listed on the row so
    that the deletion job would remove them too."""
    from pf_media.clients.processing import NoOcr, ProcessingOptions
    from pf_media.domain import processing

    actor = await as_store("vendor", "staff")
    media = await make_media(db_session, store_id=actor.store_id, status="uploaded", mime_type="image/png")
    png = (Path(__file__).resolve().parents[1] / "fixtures" / "logo.png").read_bytes()
    await context.blobs.write(media.gcs_key, png, "image/png")
    real_write = context.blobs.write
    deleted: list[bool] = []

    async def write_while_a_delete_lands(key, data, content_type):
        if not deleted:  # the user's DELETE commits while the worker stores its derivatives
            await db_session.execute(
                sa.update(Media).where(Media.id == media.id).values(status="delete_requested")
            )
            deleted.append(True)
        return await real_write(key, data, content_type)

    monkeypatch.setattr(context.blobs, "write", write_while_a_delete_lands)
    status = await processing.process_uploaded(
        database, media.id, blobs=context.blobs, ocr=NoOcr(), options=ProcessingOptions()
    )
    assert status is None and deleted
    row = await db_session.get(Media, media.id, populate_existing=True)
    thumb = media.gcs_key.rsplit("/", 1)[0] + f"/derived/{media.id}/thumb.webp"
    assert row.status == "delete_requested" and row.derivatives["thumb.webp"] == thumb
    assert [await context.blobs.head(k) for k in row.derivatives.values()] == [None] * len(row.derivatives)
    assert await context.blobs.head(media.gcs_key) is not None  # the object waits for the deletion job


async def test_gcs_notifications_over_pubsub_take_the_same_path(
    context, database, db_session, as_store, pubsub_emulator_host, emitted_events
):
    """Production: GCS publishes OBJECT_FINALIZE to Pub/Sub (topic pf-media-bucket) itself, in
    its own message shape; the same consumer reads it through the Pub/Sub transport."""
    import json

    from pf_common.transports.pubsub import PubSubTransport

    actor = await as_store("vendor", "staff")
    media = await make_media(db_session, store_id=actor.store_id, status="pending")
    transport = PubSubTransport(f"pf-media-{uuid.uuid4().hex[:8]}", ack_deadline_s=10, max_deliveries=5)
    runner = ConsumerRunner(database, transport, consumer_named(CONSUMERS, "bucket_events"), context=context)
    subscriber = await transport.subscribe(runner.spec, "test")
    try:
        gcs_body = {  # what Cloud Storage sends (payload format JSON_API_V1), trimmed
            "kind": "storage#object",
            "id": f"{context.blobs.bucket}/{media.gcs_key}/1700000000000000",
            "name": media.gcs_key,
            "bucket": context.blobs.bucket,
            "generation": "1700000000000000",
            "contentType": "image/png",
            "size": str(media.size_bytes),
            "md5Hash": "AAAAAAAAAAAAAAAAAAAAAA==",
        }
        attributes = {
            "notificationConfig": f"projects/_/buckets/{context.blobs.bucket}/notificationConfigs/1",
            "eventType": "OBJECT_FINALIZE",
            "payloadFormat": "JSON_API_V1",
            "bucketId": context.blobs.bucket,
            "objectId": media.gcs_key,
            "objectGeneration": "1700000000000000",
            "eventTime": "2026-11-27T12:00:00.000000Z",
        }
        await transport.publish(BUCKET_TOPIC, json.dumps(gcs_body).encode(), attributes, ordering_key="")
        deadline = time.monotonic() + 30
        outcomes: list[str] = []
        while Outcome.APPLIED not in outcomes:
            assert time.monotonic() < deadline, outcomes
            for d in await subscriber.fetch(10, 500):
                outcomes.append(await runner.handle(subscriber, d))
    finally:
        await subscriber.close()
        await transport.close()
    row = await db_session.get(Media, media.id, populate_existing=True)
    assert row.status == "uploaded"
    assert len(await emitted_events("media_uploaded")) == 1


async def test_a_refused_object_left_by_a_crash_goes_on_redelivery(context, database, db_session, as_store):
    """The refused object is deleted after the transaction that failed the row commits: a worker
    dying in between leaves it, and the redelivered notification removes it then."""
    from pf_media.domain import lifecycle

    # given a row refused at finalize whose object is still there
    actor = await as_store("vendor", "staff")
    media = await make_media(db_session, store_id=actor.store_id, status="pending")
    await db_session.execute(
        sa.update(Media).where(Media.id == media.id).values(status="failed", failure_reason="size")
    )
    await context.blobs.write(media.gcs_key, b"x" * 999, "image/png")

    # when its notification is handled again
    note = finalize(media, context.blobs.bucket, size=999)
    await lifecycle.finalize_object(database, note, blobs=context.blobs, now=datetime.now(UTC))

    # then the object is gone and the row is as it was
    assert await context.blobs.head(media.gcs_key) is None
    row = await db_session.get(Media, media.id, populate_existing=True)
    assert (row.status, row.failure_reason) == ("failed", "size")


async def test_a_deletion_run_that_dies_is_redone_and_a_store_failure_is_delete_failed(
    context, db_session, run_job, as_store, monkeypatch
):
    from pf_media.clients.blobs.base import BlobError

    actor = await as_store("vendor", "staff")
    due = datetime.now(UTC) - timedelta(minutes=5)
    media = await make_media(
        db_session, store_id=actor.store_id, status="delete_requested", delete_requested_at=due
    )
    await context.blobs.write(media.gcs_key, b"png-bytes", "image/png")
    real_delete = context.blobs.delete

    async def crash(key):
        raise RuntimeError("the worker died")

    # a run that dies after its claim leaves the row as it was
    monkeypatch.setattr(context.blobs, "delete", crash)
    with pytest.raises(RuntimeError):
        await run_job("delete_requested_media")
    row = await db_session.get(Media, media.id, populate_existing=True)
    assert row.status == "delete_requested" and await context.blobs.head(media.gcs_key) is not None

    # the next run deletes the object
    monkeypatch.setattr(context.blobs, "delete", real_delete)
    await run_job("delete_requested_media")
    row = await db_session.get(Media, media.id, populate_existing=True)
    assert row.status == "deleted" and await context.blobs.head(media.gcs_key) is None

    # and a store that fails makes the row delete_failed, with the reason
    other = await make_media(
        db_session, store_id=actor.store_id, status="delete_requested", delete_requested_at=due
    )

    async def refuse(key):
        raise BlobError("permission denied")

    monkeypatch.setattr(context.blobs, "delete", refuse)
    await run_job("delete_requested_media")
    row = await db_session.get(Media, other.id, populate_existing=True)
    assert row.status == "delete_failed" and "permission denied" in row.failure_reason
