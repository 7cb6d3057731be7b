"""The worker CLI and the platform jobs (outbox purge, inbox purge, outbox DLQ replay)."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

import backbone_app as bb
import sqlalchemy as sa

from pf_common.outbox import emit
from pf_common.platform_tables import platform_tables_for
from pf_common.relay import OutboxRelay, RelayConfig
from pf_common.scheduler import run_job_once
from pf_common.worker import PLATFORM_JOBS, main, replay_outbox_dlq


async def test_purge_jobs_delete_only_old_rows(sandbox_url, redis):
    producer, _ = bb.databases(sandbox_url)
    t = platform_tables_for("bb_producer")
    now = datetime.now(UTC)
    try:
        async with producer.transaction() as s:
            for age_days, published in ((40, True), (10, True), (40, False)):
                env = await emit(s, bb.ThingHappenedV1(thing_id=uuid.uuid4()))
                await s.execute(
                    sa.update(t.outbox)
                    .where(t.outbox.c.id == env.event_id)
                    .values(published_at=now - timedelta(days=age_days) if published else None)
                )
            await s.execute(
                sa.insert(t.processed).values(
                    [
                        {"consumer": "x", "event_id": uuid.uuid4(), "processed_at": now - timedelta(days=31)},
                        {"consumer": "x", "event_id": uuid.uuid4(), "processed_at": now - timedelta(days=1)},
                    ]
                )
            )
        jobs = {j.name: j for j in PLATFORM_JOBS}
        await run_job_once(jobs["purge_published_outbox"], db=producer, redis=redis)
        await run_job_once(jobs["purge_processed_events"], db=producer, redis=redis)
        async with producer.read() as s:
            left = (await s.execute(sa.select(t.outbox.c.published_at))).scalars().all()
            processed = (await s.execute(sa.select(sa.func.count()).select_from(t.processed))).scalar_one()
        assert len(left) == 2 and None in left  # the unpublished row is never purged
        assert processed == 1
    finally:
        await producer.dispose()


class _Down:
    name = "down"

    async def publish(self, *a, **k):
        raise ConnectionError("down")


async def test_outbox_dlq_replay_resets_the_row_with_the_same_event_id(sandbox_url, redis):
    producer, _ = bb.databases(sandbox_url)
    t = platform_tables_for("bb_producer")
    try:
        async with producer.transaction() as s:
            env = await emit(s, bb.ThingHappenedV1(thing_id=uuid.uuid4()))
        relay = OutboxRelay(producer, _Down(), RelayConfig(max_attempts=1))
        await relay.run_once()
        async with producer.transaction() as s:
            assert await replay_outbox_dlq(s, "bb_producer", env.event_id) is True
            assert await replay_outbox_dlq(s, "bb_producer", env.event_id) is False  # already resolved
        async with producer.read() as s:
            row = (await s.execute(sa.select(t.outbox))).one()
            dlq = (await s.execute(sa.select(t.dlq))).one()
        assert (row.id, row.attempt_count, row.last_error) == (env.event_id, 0, None)
        assert dlq.resolved_at is not None
    finally:
        await producer.dispose()


def test_cli_lists_jobs(capsys):
    from conftest import SandboxSettings

    assert main(SandboxSettings, [], [], ["jobs"]) == 0
    out = capsys.readouterr().out
    assert "purge_published_outbox" in out and "trim_streams" in out


def test_cli_rejects_an_unknown_job(capsys, sandbox_url, pf_servers):
    from conftest import SandboxSettings

    def settings():
        return SandboxSettings(database_url=sandbox_url, redis_url=pf_servers.redis_url, environment="test")

    assert main(settings, [], [], ["job", "nope"]) == 2
    assert "unknown job" in capsys.readouterr().err
    assert main(settings, [], [], ["job", "purge_processed_events"]) == 0
    assert "purge_processed_events: ran" in capsys.readouterr().out


async def test_cli_lists_and_replays_dead_letters(sandbox_url, pf_servers, redis, capsys):
    from conftest import SandboxSettings

    from pf_common.transports.base import Delivery
    from pf_common.transports.redis_streams import RedisStreamsTransport

    transport = RedisStreamsTransport(redis)
    sub = await transport.subscribe(bb.RECORD.subscription("bb_producer"), "c1")
    await transport.publish(
        "pf.bb_producer.events", b"{}", {"event_type": "thing_happened", "event_id": "e1"}, "k"
    )
    [delivery] = await sub.fetch(1, 100)
    assert isinstance(delivery, Delivery)
    await sub.dead_letter(delivery, "poison: bad data")

    def settings():
        return SandboxSettings(database_url=sandbox_url, redis_url=pf_servers.redis_url, environment="test")

    assert await asyncio.to_thread(main, settings, [bb.RECORD], [], ["dlq", "list"]) == 0
    out = capsys.readouterr().out
    [line] = [ln for ln in out.splitlines() if ln.startswith("bb_producer.record_thing")]
    assert "e1" in line and "poison: bad data" in line
    message_id = line.split("\t")[1]
    args = ["dlq", "replay", "bb_producer.record_thing", message_id]
    assert await asyncio.to_thread(main, settings, [bb.RECORD], [], args) == 0
    assert await transport.dead_letters("bb_producer.record_thing") == []
    assert await transport.replay_dead_letter("bb_producer.record_thing", "not-a-stream-id") is False
    assert await redis.xlen("pf.bb_producer.events") == 2  # the original and its replay


def test_the_worker_redis_pool_has_a_connection_per_consumer():
    from pf_common.consumer import Consumer
    from pf_common.events.media import MediaUploadedV1
    from pf_common.settings import ServiceSettings
    from pf_common.worker import worker_redis_settings

    async def handler(session, payload, envelope):  # pragma: no cover - never called
        pass

    settings = ServiceSettings(redis_max_connections=20)
    many = [Consumer(handler=handler, event=MediaUploadedV1, name=f"h{i}") for i in range(30)]
    assert worker_redis_settings(settings, many).redis_max_connections == 38
    assert worker_redis_settings(settings, many[:3]) is settings
