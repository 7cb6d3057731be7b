"""The whole pipeline in one process on real components: presign through the API, PUT to the
local adapter's signed URL, its bucket notification over Redis Streams, the bucket consumer,
the outbox relay, the processing consumer, then a signed read — and the deletion path back."""

from __future__ import annotations

import io
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from media_factories import consumer_named
from PIL import Image

from pf_common.consumer import ConsumerRunner
from pf_common.relay import OutboxRelay, RelayConfig
from pf_common.transports.redis_streams import RedisStreamsTransport
from pf_media.clients.blobs.base import BUCKET_TOPIC
from pf_media.models import Media
from pf_media.worker import CONSUMERS

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
EVENTS_TOPIC = "pf.media.events"


@pytest.fixture
async def worker(database, redis, context):
    """The media worker's parts, driven step by step: (step, relay); the process's context is the
    test's (the app's too, as when API and worker share a blob store)."""
    await redis.delete(BUCKET_TOPIC, EVENTS_TOPIC)
    transport = RedisStreamsTransport(redis, ack_deadline_ms=2000, max_deliveries=3, retry_base_ms=20)
    relay = OutboxRelay(database, transport, RelayConfig(poll_ms=50, retry_base_s=0.01))
    runners = [
        ConsumerRunner(database, transport, consumer_named(CONSUMERS, name), context=context)
        for name in ("bucket_events", "process_media")
    ]
    subscribers = [await transport.subscribe(r.spec, "test") for r in runners]

    async def step() -> int:
        """Relay what is committed, then handle what is delivered; returns deliveries handled."""
        while await relay.run_once():
            pass
        handled = 0
        for runner, sub in zip(runners, subscribers, strict=True):
            for d in await sub.fetch(20, 20):
                await runner.handle(sub, d)
                handled += 1
        return handled

    yield step
    for sub in subscribers:
        await sub.close()
    await redis.delete(BUCKET_TOPIC, EVENTS_TOPIC)


async def settle(step, db_session, media_id, want: set[str], timeout_s: float = 60.0) -> Media:
    deadline = time.monotonic() + timeout_s
    while True:
        await step()
        row = await db_session.get(Media, media_id, populate_existing=True)
        if row.status in want:
            return row
        assert time.monotonic() < deadline, f"media stuck in {row.status}"


async def upload(client, actor, *, kind: str, mime: str, path: Path) -> tuple[str, dict]:
    data = path.read_bytes()
    body = {"media_kind": kind, "mime_type": mime, "file_name": path.name, "size_bytes": len(data)}
    r = await client.post("/api/v1/media/presign", json=body, headers=actor.with_idempotency())
    assert r.status_code == 200, r.text
    grant = r.json()["data"]
    url = urlsplit(grant["signed_put_url"])
    put = await client.put(f"{url.path}?{url.query}", content=data, headers=grant["headers"])
    assert put.status_code in (200, 201), put.text
    again = await client.put(f"{url.path}?{url.query}", content=data, headers=grant["headers"])
    assert again.status_code == 409  # one-shot: a landed object cannot be swapped
    return grant["media_id"], grant


async def signed_get(client, url: str):
    parts = urlsplit(url)
    return await client.get(f"{parts.path}?{parts.query}")


async def test_image_and_pdf_become_ready_with_derivatives(
    client, as_store, db_session, worker, emitted_events
):
    actor = await as_store("vendor", "staff")
    photo_id, _ = await upload(client, actor, kind="product", mime="image/jpeg", path=FIXTURES / "photo.jpg")
    coa_id, _ = await upload(client, actor, kind="coa", mime="application/pdf", path=FIXTURES / "text.pdf")

    photo = await settle(worker, db_session, photo_id, {"ready", "failed"})
    assert photo.status == "ready", photo.failure_reason
    assert {"display.webp", "thumb.webp"} <= set(photo.derivatives)
    assert photo.public_url and photo.is_compressed
    coa = await settle(worker, db_session, coa_id, {"ready", "failed"})
    assert coa.status == "ready", coa.failure_reason
    assert "THC 23.4%" in coa.ocr and "ocr.txt" in coa.derivatives
    assert coa.public_url is None  # compliance documents: signed URLs only

    statuses = {e.payload["media_id"]: e.payload["status"] for e in await emitted_events("media_processed")}
    assert statuses == {photo_id: "ready", coa_id: "ready"}

    r = await client.get("/api/v1/media", headers=actor.headers)
    items = {i["id"]: i for i in r.json()["data"]["items"]}
    got = await signed_get(client, items[photo_id]["signed_url"])
    assert got.status_code == 200 and got.content == (FIXTURES / "photo.jpg").read_bytes()
    assert got.headers["content-type"].startswith("image/jpeg")
    thumb = await signed_get(client, items[photo_id]["derivatives"]["thumb.webp"])
    assert thumb.status_code == 200
    assert max(Image.open(io.BytesIO(thumb.content)).size) <= 320
    public_thumb = await client.get(f"/api/v1/media/public/{photo.derivatives['thumb.webp']}")
    assert public_thumb.content == thumb.content  # product media: the CDN prefix serves it too
    assert items[coa_id]["ocr_available"] is True
    ocr = await signed_get(client, items[coa_id]["derivatives"]["ocr.txt"])
    assert "THC 23.4%" in ocr.text
    assert (await client.get(f"/api/v1/media/public/{coa.derivatives['ocr.txt']}")).status_code == 404


async def test_bytes_that_lie_about_their_type_fail_with_the_reason(client, as_store, db_session, worker):
    actor = await as_store("vendor", "staff")
    media_id, _ = await upload(client, actor, kind="product", mime="image/jpeg", path=FIXTURES / "fake.jpg")
    row = await settle(worker, db_session, media_id, {"ready", "failed"})
    assert row.status == "failed" and "does not match" in row.failure_reason


async def test_delete_through_the_api_ends_in_media_deleted(
    client, as_store, db_session, worker, run_job, emitted_events
):
    actor = await as_store("vendor", "staff")
    media_id, grant = await upload(client, actor, kind="store", mime="image/png", path=FIXTURES / "logo.png")
    await settle(worker, db_session, media_id, {"ready"})
    assert (await client.delete(f"/api/v1/media/{media_id}", headers=actor.headers)).status_code == 204
    await run_job("delete_requested_media", now=datetime.now(UTC) + timedelta(seconds=61))
    row = await db_session.get(Media, media_id, populate_existing=True)
    assert row.status == "deleted"
    deadline = time.monotonic() + 20
    while not await emitted_events("media_deleted"):  # the bucket's delete notification
        assert time.monotonic() < deadline
        await worker()
    assert (await client.get(f"/api/v1/media/public/{grant['gcs_key']}")).status_code == 404
    remaining = await db_session.scalar(
        sa.select(sa.func.count()).select_from(Media).where(Media.status != "deleted")
    )
    assert remaining == 0
