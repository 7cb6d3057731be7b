"""The worker CLI and the platform jobs (outbox purge, inbox purge, outbox DLQ replay)."""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import UTC, datetime, timedelta

import backbone_app as bb
import pytest
import sqlalchemy as sa

from pf_common.outbox import emit
from pf_common.platform_tables import platform_tables_for
from pf_common.relay import OutboxRelay, RelayConfig
from pf_common.scheduler import Job, run_job_once
from pf_common.worker import PLATFORM_JOBS, main, replay_outbox_dlq


async def test_purge_jobs_delete_only_old_rows(sandbox_url, redis, service_context):
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
        await run_job_once(jobs["purge_published_outbox"], db=producer, redis=redis, context=service_context)
        await run_job_once(jobs["purge_processed_events"], db=producer, redis=redis, context=service_context)
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


# --- job --now: the clock override --------------------------------------------------------------


def _now_recorder() -> tuple[Job, list[datetime]]:
    seen: list[datetime] = []

    async def record_now(session, ctx):
        await session.execute(sa.select(1))
        seen.append(ctx.now)

    return Job("record_now", record_now, cron="0 0 * * *"), seen


def _log_events(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


async def test_cli_runs_a_job_at_the_given_instant_without_recording_it_as_the_last_run(
    sandbox_url, pf_servers, redis, capsys
):
    from conftest import SandboxSettings

    def settings():
        return SandboxSettings(database_url=sandbox_url, redis_url=pf_servers.redis_url, environment="test")

    job, seen = _now_recorder()
    last_run = "pf:job:last:bb_producer:record_now"
    await redis.set(last_run, "1767225600.0", ex=3600)

    at_z = ["job", "record_now", "--now", "2026-12-20T00:00:00Z"]
    assert await asyncio.to_thread(main, settings, [], [job], at_z) == 0
    out = capsys.readouterr().out

    assert seen == [datetime(2026, 12, 20, tzinfo=UTC)]
    assert "job record_now: ran (now=2026-12-20T00:00:00Z)" in out
    [logged] = [e for e in _log_events(out) if e["event"] == "job.clock_overridden"]
    assert (logged["job"], logged["now"], logged["environment"]) == (
        "record_now",
        "2026-12-20T00:00:00Z",
        "test",
    )
    assert logged["level"] == "warning"
    # the scheduler's record of the last run is left as it was (value and expiry)
    assert await redis.get(last_run) == b"1767225600.0"
    assert 3500 < await redis.ttl(last_run) <= 3600

    # an offset is converted to UTC; an absent record stays absent
    await redis.delete(last_run)
    at_offset = ["job", "record_now", "--now", "2026-12-20T01:30:00.25+01:30"]
    assert await asyncio.to_thread(main, settings, [], [job], at_offset) == 0
    assert seen[1] == datetime(2026, 12, 20, 0, 0, 0, 250000, tzinfo=UTC)
    assert await redis.exists(last_run) == 0

    # without --now the job runs on the real clock and that run is recorded
    capsys.readouterr()
    before = datetime.now(UTC)
    assert await asyncio.to_thread(main, settings, [], [job], ["job", "record_now"]) == 0
    out = capsys.readouterr().out
    assert before <= seen[2] <= datetime.now(UTC)
    assert float(await redis.get(last_run)) == seen[2].timestamp()
    assert "job record_now: ran\n" in out
    assert not [e for e in _log_events(out) if e["event"] == "job.clock_overridden"]


def test_cli_refuses_a_clock_override_in_prod(capsys):
    from conftest import SandboxSettings

    job, seen = _now_recorder()

    def prod():
        return SandboxSettings(environment="prod")

    code = main(prod, [], [job], ["job", "record_now", "--now", "2026-12-20T00:00:00Z"])

    captured = capsys.readouterr()
    assert code == 2
    assert seen == []
    assert "--now is refused in prod" in captured.err
    [logged] = [e for e in _log_events(captured.out) if e["event"] == "job.clock_override_refused"]
    assert logged["job"] == "record_now"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("2026-12-20T00:00:00", "no UTC offset"),
        ("2026-12-20 00:00:00", "no UTC offset"),
        ("2026-12-20", "no UTC offset"),
        ("tomorrow", "not an RFC 3339 timestamp"),
        ("", "not an RFC 3339 timestamp"),
        ("2026-12-20T00:00:00+25:00", "bad offset"),
        ("2026-13-01T00:00:00Z", "month must be in 1..12"),
        ("2026-02-30T00:00:00Z", "day is out of range for month"),
    ],
)
@pytest.mark.parametrize("environment", ["dev", "staging"])
def test_cli_refuses_a_malformed_or_naive_clock_override(capsys, raw, reason, environment):
    from conftest import SandboxSettings

    job, seen = _now_recorder()

    def settings():
        return SandboxSettings(environment=environment)

    code = main(settings, [], [job], ["job", "record_now", "--now", raw])

    err = capsys.readouterr().err
    assert code == 2
    assert seen == []
    assert "--now must be an RFC 3339 timestamp with a UTC offset" in err
    assert repr(raw) in err and reason in err
