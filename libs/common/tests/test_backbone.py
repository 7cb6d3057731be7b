"""The event backbone on real Postgres and Redis: outbox → relay → Redis Streams → inbox.

Two throwaway schemas stand for a producing and a consuming service
(``backbone_app.py``). Reliability cases kill real subprocesses with SIGKILL.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import backbone_app as bb
import pytest
import sqlalchemy as sa
from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff

from pf_common.consumer import Consumer, ConsumerRunner, Outcome
from pf_common.db import Database
from pf_common.embedded import EmbeddedRedis
from pf_common.outbox import emit
from pf_common.platform_tables import platform_tables_for
from pf_common.relay import OutboxRelay, OutboxWaker, RelayConfig
from pf_common.transports.base import Subscriber
from pf_common.transports.redis_streams import RedisStreamsTransport

HERE = Path(__file__).parent
TOPIC = "pf.bb_producer.events"


@pytest.fixture
def bb_url(fresh_database: Callable[[str], str]) -> str:
    url = fresh_database(f"bb_{uuid.uuid4().hex[:10]}")
    bb.create_schemas(url)
    return url


@pytest.fixture
async def dbs(bb_url: str, redis: Redis) -> AsyncIterator[tuple[Database, Database]]:
    bb.FAIL_COUNTER["redis"] = redis
    producer, consumer = bb.databases(bb_url, on_events_committed=OutboxWaker(redis, bb.PRODUCER))
    yield producer, consumer
    await producer.dispose()


@pytest.fixture
def transport(redis: Redis) -> RedisStreamsTransport:
    return RedisStreamsTransport(redis, ack_deadline_ms=300, max_deliveries=3, retry_base_ms=50)


async def emit_things(
    db: Database, n: int = 1, *, thing_id: uuid.UUID | None = None, **kw: Any
) -> list[uuid.UUID]:
    ids = []
    async with db.transaction() as session:
        for i in range(n):
            tid = thing_id or uuid.uuid4()
            if thing_id is None or i == 0:
                await session.execute(sa.insert(bb.things).values(id=tid, seq=i))
            env = await emit(session, bb.ThingHappenedV1(thing_id=tid, seq=i, **kw))
            ids.append(env.event_id)
    return ids


async def drain_relay(relay: OutboxRelay) -> None:
    while await relay.run_once():
        pass


async def consume(
    runner: ConsumerRunner, subscriber: Subscriber, until: Callable[[], Any], timeout_s: float = 10.0
) -> list[str]:
    outcomes: list[str] = []
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for d in await subscriber.fetch(20, 50):
            outcomes.append(await runner.handle(subscriber, d))
        if await until():
            return outcomes
    raise AssertionError(f"condition not reached in {timeout_s}s; outcomes={outcomes}")


async def effect_rows(db: Database, handler: str = "record_thing") -> list[Any]:
    async with db.read() as s:
        return (
            await s.execute(
                sa.select(bb.effects).where(bb.effects.c.handler == handler).order_by(bb.effects.c.n)
            )
        ).all()


async def pending(redis: Redis, group: str) -> int:
    return int((await redis.xpending(TOPIC, group))["pending"])


def relay_for(db: Database, transport: Any, **cfg: Any) -> OutboxRelay:
    return OutboxRelay(db, transport, RelayConfig(**{"poll_ms": 50, "retry_base_s": 0.01, **cfg}))


async def test_committed_emit_reaches_every_subscription(dbs, transport, redis):
    producer, consumer = dbs
    record = ConsumerRunner(consumer, transport, bb.RECORD)
    audit = ConsumerRunner(consumer, transport, bb.AUDIT)
    subs = [await transport.subscribe(r.spec, "c1") for r in (record, audit)]

    [event_id] = await emit_things(producer)
    await drain_relay(relay_for(producer, transport))

    for runner, sub in zip((record, audit), subs, strict=True):

        async def done(h: str = runner.consumer.handler_name) -> bool:
            return len(await effect_rows(consumer, h)) == 1

        await consume(runner, sub, done)
    assert [r.event_id for r in await effect_rows(consumer, "record_thing")] == [event_id]
    assert [r.event_id for r in await effect_rows(consumer, "audit_thing")] == [event_id]
    assert await pending(redis, "bb_consumer.record_thing") == 0


async def test_rolled_back_transaction_emits_nothing(dbs, transport, redis):
    producer, _ = dbs
    with pytest.raises(RuntimeError):
        async with producer.transaction() as session:
            await session.execute(sa.insert(bb.things).values(id=uuid.uuid4(), seq=0))
            await emit(session, bb.ThingHappenedV1(thing_id=uuid.uuid4()))
            raise RuntimeError("business rule failed after the emit")
    async with producer.read() as s:
        assert (await s.execute(sa.select(sa.func.count()).select_from(bb.things))).scalar_one() == 0
        outbox = platform_tables_for(bb.PRODUCER).outbox
        assert (await s.execute(sa.select(sa.func.count()).select_from(outbox))).scalar_one() == 0
    assert await relay_for(producer, transport).run_once() == 0
    assert await redis.exists(TOPIC) == 0


async def the_emitted_envelope(producer: Database) -> Any:
    """Emit one event and read back its envelope from the outbox."""
    from pf_common.events.envelope import Envelope

    await emit_things(producer)
    async with producer.read() as s:
        payload = (await s.execute(sa.select(platform_tables_for(bb.PRODUCER).outbox.c.payload))).scalar_one()
    return Envelope.model_validate(payload)


@pytest.mark.parametrize("record", [bb.RECORD, bb.RECORD_LEAN], ids=["orm", "lean"])
async def test_duplicate_delivery_applies_once(dbs, transport, record):
    from pf_common.events.registry import validate_payload

    producer, consumer = dbs
    env = await the_emitted_envelope(producer)
    runner = ConsumerRunner(consumer, transport, record)
    outcomes = [await runner.apply(env, validate_payload(env)) for _ in range(3)]
    assert outcomes == [Outcome.APPLIED, Outcome.DUPLICATE, Outcome.DUPLICATE]
    assert [(r.event_id, r.thing_id) for r in await effect_rows(consumer, record.handler_name)] == [
        (env.event_id, env.aggregate_id)
    ]


def _spawn(mode: str, url: str, redis_url: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.Popen(
        [sys.executable, str(HERE / "backbone_proc.py"), mode, url, redis_url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    return proc


async def _wait_line(proc: subprocess.Popen[str], marker: str, timeout_s: float = 30.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        line = await asyncio.wait_for(loop.run_in_executor(None, proc.stdout.readline), timeout_s)  # type: ignore[union-attr]
        if line.strip() == marker:
            return
        if not line and proc.poll() is not None:
            raise AssertionError(f"subprocess died: {proc.stderr.read()}")  # type: ignore[union-attr]
    raise AssertionError(f"no {marker} from subprocess")


@pytest.mark.slow
async def test_consumer_killed_after_commit_before_ack_applies_once(
    dbs, transport, redis, bb_url, pf_servers
):
    producer, consumer = dbs
    [event_id] = await emit_things(producer)
    await drain_relay(relay_for(producer, transport))

    proc = _spawn("consumer", bb_url, pf_servers.redis_url)
    try:
        await _wait_line(proc, "COMMITTED")
        assert len(await effect_rows(consumer)) == 1  # the effect committed ...
        assert await pending(redis, "bb_consumer.record_thing") == 1  # ... but was never acked
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()

    runner = ConsumerRunner(consumer, transport, bb.RECORD)
    sub = await transport.subscribe(runner.spec, "survivor")

    async def acked() -> bool:
        return await pending(redis, "bb_consumer.record_thing") == 0

    outcomes = await consume(runner, sub, acked)
    assert Outcome.DUPLICATE in outcomes  # redelivered after the ack deadline, absorbed by the inbox
    assert [r.event_id for r in await effect_rows(consumer)] == [event_id]


@pytest.mark.slow
async def test_relay_killed_between_publish_and_mark_duplicate_absorbed(
    dbs, transport, redis, bb_url, pf_servers
):
    producer, consumer = dbs
    [event_id] = await emit_things(producer)
    runner = ConsumerRunner(consumer, transport, bb.RECORD)
    sub = await transport.subscribe(runner.spec, "c1")

    proc = _spawn("relay", bb_url, pf_servers.redis_url)
    try:
        await _wait_line(proc, "PUBLISHED")
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
    outbox = platform_tables_for(bb.PRODUCER).outbox
    async with producer.read() as s:
        assert (await s.execute(sa.select(outbox.c.published_at))).scalar_one() is None  # never marked

    await drain_relay(relay_for(producer, transport))  # publishes it again
    entries = await redis.xrange(TOPIC)
    assert [json.loads(f[b"attributes"])["event_id"] for _, f in entries] == [str(event_id)] * 2

    async def both_handled() -> bool:
        return await pending(redis, "bb_consumer.record_thing") == 0 and len(await redis.xrange(TOPIC)) == 2

    outcomes = await consume(runner, sub, both_handled)
    outcomes += await consume(runner, sub, both_handled, timeout_s=0.3) if len(outcomes) < 2 else []
    assert sorted(outcomes) == [Outcome.APPLIED, Outcome.DUPLICATE]
    assert [r.event_id for r in await effect_rows(consumer)] == [event_id]


async def test_poison_message_dead_lettered_without_blocking_later_ones(dbs, transport, redis):
    producer, consumer = dbs
    [bad] = await emit_things(producer, always_fail=True)
    [good] = await emit_things(producer)
    await drain_relay(relay_for(producer, transport))
    runner = ConsumerRunner(consumer, transport, bb.RECORD, max_deliveries=3)
    sub = await transport.subscribe(runner.spec, "c1")

    async def settled() -> bool:
        return await pending(redis, "bb_consumer.record_thing") == 0

    outcomes = await consume(runner, sub, settled)
    assert outcomes.count(Outcome.RETRY) == 2
    assert outcomes.count(Outcome.DEAD) == 1
    assert [r.event_id for r in await effect_rows(consumer)] == [good]
    [dead] = await transport.dead_letters("bb_consumer.record_thing")
    assert dead.attributes["event_id"] == str(bad)
    assert "never be applied" in dead.attributes["dlq_reason"]


@pytest.mark.parametrize("record", [bb.RECORD, bb.RECORD_LEAN], ids=["orm", "lean"])
async def test_handler_failing_twice_then_succeeding_applies_once(dbs, transport, redis, record):
    producer, consumer = dbs
    [event_id] = await emit_things(producer, fail_times=2)
    await drain_relay(relay_for(producer, transport))
    runner = ConsumerRunner(consumer, transport, record, max_deliveries=5)
    sub = await transport.subscribe(runner.spec, "c1")

    async def done() -> bool:
        return await pending(redis, runner.spec.name) == 0

    outcomes = await consume(runner, sub, done)
    assert outcomes == [Outcome.RETRY, Outcome.RETRY, Outcome.APPLIED]
    assert [r.event_id for r in await effect_rows(consumer, record.handler_name)] == [event_id]
    assert await transport.dead_letters(runner.spec.name) == []


async def test_malformed_and_invalid_messages_are_dead_lettered_and_worker_survives(
    dbs, transport, redis, captured_logs
):
    producer, consumer = dbs
    runner = ConsumerRunner(consumer, transport, bb.RECORD)
    sub = await transport.subscribe(runner.spec, "c1")
    attrs = {"event_type": "thing_happened"}
    await transport.publish(TOPIC, b"{not json", attrs, "x")
    bad_payload = {
        "event_id": str(uuid.uuid4()),
        "event_type": "thing_happened",
        "event_version": 1,
        "occurred_at": "2026-11-27T00:00:00Z",
        "producer": "bb_producer",
        "aggregate_type": "thing",
        "aggregate_id": str(uuid.uuid4()),
        "payload": {"thing_id": "not-a-uuid"},
    }
    await transport.publish(TOPIC, json.dumps(bad_payload).encode(), attrs, "x")
    unknown = {**bad_payload, "event_id": str(uuid.uuid4()), "event_type": "thing_renamed", "payload": {}}
    await transport.publish(TOPIC, json.dumps(unknown).encode(), {"event_type": "thing_renamed"}, "x")
    [good] = await emit_things(producer)
    await drain_relay(relay_for(producer, transport))

    async def settled() -> bool:
        return await pending(redis, "bb_consumer.record_thing") == 0 and len(await effect_rows(consumer)) == 1

    outcomes = await consume(runner, sub, settled)
    assert sorted(outcomes) == sorted([Outcome.DEAD, Outcome.DEAD, Outcome.IGNORED, Outcome.APPLIED])
    reasons = [d.attributes["dlq_reason"] for d in await transport.dead_letters("bb_consumer.record_thing")]
    assert reasons[0].startswith("malformed envelope")
    assert reasons[1].startswith("invalid payload")
    assert [r.event_id for r in await effect_rows(consumer)] == [good]


async def test_unknown_event_type_is_acked_and_logged(dbs, transport, redis, captured_logs):
    _, consumer = dbs
    from pf_common.consumer import Consumer

    # a consumer without a type filter sees every type of the topic
    everything = Consumer(handler=bb.record_thing, event=bb.ThingHappenedV1, name="everything")
    runner = ConsumerRunner(consumer, transport, everything)
    sub = await transport.subscribe(runner.spec, "c1")
    object.__setattr__(sub, "spec", type(sub.spec)(sub.spec.name, sub.spec.topic, frozenset()))
    env = {
        "event_id": str(uuid.uuid4()),
        "event_type": "brand_new_thing",
        "event_version": 1,
        "occurred_at": "2026-11-27T00:00:00Z",
        "producer": "bb_producer",
        "aggregate_type": "thing",
        "aggregate_id": str(uuid.uuid4()),
        "payload": {"whatever": 1},
    }
    await transport.publish(TOPIC, json.dumps(env).encode(), {"event_type": "brand_new_thing"}, "x")

    async def acked() -> bool:
        return await pending(redis, "bb_consumer.everything") == 0

    assert await consume(runner, sub, acked) == [Outcome.IGNORED]
    assert any(e["event"] == "consumer.unknown_event_type" for e in captured_logs)
    assert await transport.dead_letters("bb_consumer.everything") == []


async def test_per_aggregate_order_holds_for_a_single_consumer(dbs, transport, redis):
    producer, consumer = dbs
    thing = uuid.uuid4()
    for batch in range(4):  # several transactions, several relay batches
        async with producer.transaction() as session:
            if batch == 0:
                await session.execute(sa.insert(bb.things).values(id=thing, seq=0))
            for i in range(5):
                await emit(session, bb.ThingHappenedV1(thing_id=thing, seq=batch * 5 + i))
    await drain_relay(relay_for(producer, transport, batch_size=3))
    runner = ConsumerRunner(consumer, transport, bb.RECORD)
    sub = await transport.subscribe(runner.spec, "c1")

    async def all_in() -> bool:
        return len(await effect_rows(consumer)) == 20

    await consume(runner, sub, all_in)
    assert [r.seq for r in await effect_rows(consumer)] == list(range(20))


async def test_relay_dead_letters_invalid_rows_and_keeps_publishing(dbs, transport, redis):
    producer, _ = dbs
    [first] = await emit_things(producer)
    outbox = platform_tables_for(bb.PRODUCER).outbox
    async with producer.transaction() as s:  # corrupt the stored envelope
        await s.execute(sa.update(outbox).where(outbox.c.id == first).values(payload={"event_id": "garbage"}))
    [second] = await emit_things(producer)
    await drain_relay(relay_for(producer, transport))
    entries = await redis.xrange(TOPIC)
    assert [json.loads(f[b"attributes"])["event_id"] for _, f in entries] == [str(second)]
    dlq = platform_tables_for(bb.PRODUCER).dlq
    async with producer.read() as s:
        rows = (await s.execute(sa.select(dlq))).all()
    assert [(r.event_id, r.error_reason) for r in rows] == [(first, "non_retryable")]


class _BrokenTransport:
    name = "broken"

    def __init__(self) -> None:
        self.calls = 0

    async def publish(self, *args: Any, **kw: Any) -> str:
        self.calls += 1
        raise ConnectionError("broker unreachable")


async def test_relay_retries_with_backoff_then_dead_letters_after_max_attempts(dbs):
    producer, _ = dbs
    [event_id] = await emit_things(producer)
    broken = _BrokenTransport()
    relay = relay_for(producer, broken, max_attempts=3, retry_base_s=0.0)
    outbox = platform_tables_for(bb.PRODUCER).outbox
    for expected in (1, 2):
        assert await relay.run_once() == 1
        async with producer.read() as s:
            row = (await s.execute(sa.select(outbox))).one()
        assert row.attempt_count == expected
        assert row.last_error == "ConnectionError: broker unreachable"
        assert row.published_at is None
    assert await relay.run_once() == 1
    assert await relay.run_once() == 0  # terminal: never claimed again
    assert broken.calls == 3
    dlq = platform_tables_for(bb.PRODUCER).dlq
    async with producer.read() as s:
        [row] = (await s.execute(sa.select(dlq))).all()
    assert (row.event_id, row.error_reason, row.attempt_count) == (event_id, "max_attempts", 3)
    count, _age = await relay.refresh_metrics()
    assert count == 0


async def test_failed_publish_holds_back_later_events_of_the_same_aggregate(dbs, transport, redis):
    producer, _ = dbs
    thing = uuid.uuid4()
    await emit_things(producer, 3, thing_id=thing)
    calls = {"n": 0}
    real = transport.publish

    async def fail_first(*args: Any, **kw: Any) -> str:
        calls["n"] += 1
        if calls["n"] == 1:
            raise ConnectionError("blip")
        return await real(*args, **kw)

    transport.publish = fail_first  # type: ignore[method-assign]
    relay = relay_for(producer, transport, retry_base_s=0.0)
    await relay.run_once()
    assert await redis.xlen(TOPIC) == 0  # seq 1 and 2 wait for seq 0
    await drain_relay(relay)
    seqs = [json.loads(f[b"body"])["payload"]["seq"] for _, f in await redis.xrange(TOPIC)]
    assert seqs == [0, 1, 2]


async def test_relay_wakes_on_commit_instead_of_waiting_for_the_poll(dbs, transport, redis):
    producer, _ = dbs
    relay = OutboxRelay(producer, transport, RelayConfig(poll_ms=30_000, max_sleep_ms=30_000), redis=redis)
    task = asyncio.create_task(relay.run())
    try:
        await asyncio.sleep(0.3)  # the relay found nothing and sleeps for 30 s
        await emit_things(producer)
        deadline = time.monotonic() + 5
        while await redis.xlen(TOPIC) == 0:
            assert time.monotonic() < deadline, "relay was not woken by the commit"
            await asyncio.sleep(0.02)
    finally:
        relay.stop()
        await asyncio.wait_for(task, 35)


@pytest.mark.slow
async def test_redis_outage_backlog_grows_then_everything_is_delivered(bb_url, tmp_path):
    server = EmbeddedRedis(tmp_path / "redis", ephemeral=False).start()
    redis = Redis.from_url(server.url, socket_timeout=1, socket_connect_timeout=1)
    bb.FAIL_COUNTER["redis"] = redis
    producer, consumer = bb.databases(bb_url, on_events_committed=OutboxWaker(redis, bb.PRODUCER))
    transport = RedisStreamsTransport(redis, ack_deadline_ms=300, max_deliveries=3, retry_base_ms=50)
    relay = relay_for(producer, transport, max_attempts=1000, retry_base_s=0.05, retry_max_s=0.2)
    runner = ConsumerRunner(consumer, transport, bb.RECORD)
    try:
        sub = await transport.subscribe(runner.spec, "c1")
        before = await emit_things(producer, 2)
        await drain_relay(relay)

        server.stop()
        during = []
        for _ in range(5):  # emits keep committing while Redis is down
            during += await emit_things(producer)
            await relay.run_once()
        backlog, _ = await relay.refresh_metrics()
        assert backlog == 5

        server.start()
        deadline = time.monotonic() + 20
        while (await relay.refresh_metrics())[0]:
            assert time.monotonic() < deadline
            await relay.run_once()
            await asyncio.sleep(0.05)

        async def all_in() -> bool:
            return len(await effect_rows(consumer)) == 7

        await consume(runner, sub, all_in, timeout_s=20)
        assert sorted(r.event_id for r in await effect_rows(consumer)) == sorted(before + during)
    finally:
        await redis.aclose()
        await producer.dispose()
        server.stop()


# -- batching: the same guarantees at a lower cost per event ---------------------------------


async def _published_deliveries(
    producer: Database, transport: RedisStreamsTransport, runner: ConsumerRunner, n: int
) -> tuple[Subscriber, list[Any]]:
    sub = await transport.subscribe(runner.spec, "c1")
    await drain_relay(relay_for(producer, transport))
    deliveries = await sub.fetch(20, 500)
    assert len(deliveries) == n
    return sub, deliveries


async def _transactions_of_effects(db: Database) -> int:
    async with db.read() as s:
        return int(await s.scalar(sa.text('SELECT count(DISTINCT xmin::text) FROM "bb_consumer".effects')))


@pytest.mark.parametrize("record", [bb.RECORD, bb.RECORD_LEAN], ids=["orm", "lean"])
async def test_a_fetched_batch_is_applied_in_one_transaction_and_acked_at_once(dbs, transport, redis, record):
    producer, consumer = dbs
    ids = [eid for _ in range(5) for eid in await emit_things(producer)]
    runner = ConsumerRunner(consumer, transport, record)
    sub, deliveries = await _published_deliveries(producer, transport, runner, 5)

    assert await runner.handle_batch(sub, deliveries) == [Outcome.APPLIED] * 5
    assert [r.event_id for r in await effect_rows(consumer, record.handler_name)] == ids  # delivery order
    assert await _transactions_of_effects(consumer) == 1
    assert await pending(redis, runner.spec.name) == 0
    # the same batch again (a redelivery after a lost ack): every event is a duplicate
    assert await runner.handle_batch(sub, deliveries) == [Outcome.DUPLICATE] * 5
    assert len(await effect_rows(consumer, record.handler_name)) == 5


@pytest.mark.parametrize("record", [bb.RECORD, bb.RECORD_LEAN], ids=["orm", "lean"])
async def test_a_failing_handler_rolls_back_its_batch_and_the_others_apply_once(
    dbs, transport, redis, record
):
    producer, consumer = dbs
    first = await emit_things(producer)
    transient = await emit_things(producer, fail_times=1)  # fails once: inside the batch attempt
    broken = await emit_things(producer, always_fail=True)
    last = await emit_things(producer)
    runner = ConsumerRunner(consumer, transport, record)
    sub, deliveries = await _published_deliveries(producer, transport, runner, 4)

    outcomes = await runner.handle_batch(sub, deliveries)

    assert outcomes == [Outcome.APPLIED, Outcome.APPLIED, Outcome.RETRY, Outcome.APPLIED]
    effects = await effect_rows(consumer, record.handler_name)
    assert [r.event_id for r in effects] == first + transient + last  # once each
    assert await pending(redis, runner.spec.name) == 1  # the broken one, nacked
    [again] = await consume_once(sub, broken[0])
    assert again.delivery_count == 2
    # a redelivery is applied on its own, so it cannot roll back the others' batch again
    assert await runner.handle_batch(sub, [again]) == [Outcome.RETRY]
    assert broken[0] not in {r.event_id for r in await effect_rows(consumer, record.handler_name)}


async def consume_once(sub: Subscriber, event_id: uuid.UUID, timeout_s: float = 10.0) -> list[Any]:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        got = [d for d in await sub.fetch(20, 50) if d.attributes["event_id"] == str(event_id)]
        if got:
            return got
    raise AssertionError(f"{event_id} was not redelivered in {timeout_s}s")


async def test_the_same_event_twice_in_one_batch_applies_once(dbs, transport, redis):
    producer, consumer = dbs
    [event_id] = await emit_things(producer)
    runner = ConsumerRunner(consumer, transport, bb.RECORD)
    sub = await transport.subscribe(runner.spec, "c1")
    await drain_relay(relay_for(producer, transport))
    [(_, fields)] = await redis.xrange(TOPIC)
    await redis.xadd(TOPIC, fields)  # published twice (a relay killed before marking it)
    deliveries = await sub.fetch(20, 500)

    assert await runner.handle_batch(sub, deliveries) == [Outcome.APPLIED, Outcome.DUPLICATE]
    assert [r.event_id for r in await effect_rows(consumer)] == [event_id]
    assert await pending(redis, "bb_consumer.record_thing") == 0


async def test_a_held_back_aggregate_does_not_hold_back_the_others(dbs, transport, redis):
    producer, _ = dbs
    held, free = uuid.uuid4(), uuid.uuid4()
    for seq in range(3):  # interleaved: held 0, free 0, held 1, free 1, ...
        for thing in (held, free):
            async with producer.transaction() as session:
                if seq == 0:
                    await session.execute(sa.insert(bb.things).values(id=thing, seq=0))
                await emit(session, bb.ThingHappenedV1(thing_id=thing, seq=seq))
    real = transport.publish
    failed: list[int] = []

    async def fail_held_once(topic: str, body: bytes, attrs: dict[str, str], key: str) -> str:
        if key == str(held) and not failed:
            failed.append(json.loads(body)["payload"]["seq"])
            raise ConnectionError("blip")
        return await real(topic, body, attrs, key)

    transport.publish = fail_held_once  # type: ignore[method-assign]
    relay = relay_for(producer, transport, retry_base_s=0.0)
    assert await relay.run_once() == 6

    def seqs(entries: list[Any], thing: uuid.UUID) -> list[int]:
        bodies = [json.loads(f[b"body"]) for _, f in entries]
        return [b["payload"]["seq"] for b in bodies if b["aggregate_id"] == str(thing)]

    entries = await redis.xrange(TOPIC)
    assert failed == [0]
    assert seqs(entries, free) == [0, 1, 2]  # published in the same run
    assert seqs(entries, held) == []  # 1 and 2 wait for 0
    await drain_relay(relay)
    assert seqs(await redis.xrange(TOPIC), held) == [0, 1, 2]


async def test_a_busy_relay_lingers_so_that_close_commits_share_one_batch(dbs, transport, redis):
    producer, _ = dbs
    batches: list[int] = []

    class CountingRelay(OutboxRelay):
        async def run_once(self) -> int:
            handled = await super().run_once()
            if handled:
                batches.append(handled)
            return handled

    async def published(n: int, within_s: float) -> float:
        t0 = time.monotonic()
        while await redis.xlen(TOPIC) < n:
            assert time.monotonic() - t0 < within_s, f"{n} not published within {within_s}s"
            await asyncio.sleep(0.01)
        return time.monotonic() - t0

    relay = CountingRelay(
        producer, transport, RelayConfig(poll_ms=30_000, max_sleep_ms=30_000, linger_ms=1500), redis=redis
    )
    task = asyncio.create_task(relay.run())
    try:
        await asyncio.sleep(0.3)  # the relay found nothing and waits for a signal
        await emit_things(producer)  # a lone event after a quiet spell: out at once, no linger
        assert await published(1, within_s=1.0) < 1.0
        await emit_things(producer, 2)  # two in one commit: the relay's batch has company ...
        await published(3, within_s=1.0)
        for _ in range(5):  # ... so it lingers after the next signal: five commits, one batch
            await emit_things(producer)
        await published(8, within_s=5.0)
        await asyncio.sleep(0.3)  # leftover signals may wake it again: it must find nothing
    finally:
        relay.stop()
        await asyncio.wait_for(task, 35)
    assert batches == [1, 2, 5]


async def test_waker_sends_one_signal_for_commits_that_came_while_none_was_sent(redis, captured_logs):
    pubsub = redis.pubsub(ignore_subscribe_messages=True)
    await pubsub.subscribe("pf:outbox:wake:bb_producer")
    waker = OutboxWaker(redis, bb.PRODUCER)

    async def signals(settle_s: float = 0.3) -> int:
        n, deadline = 0, time.monotonic() + settle_s
        while time.monotonic() < deadline:
            if await pubsub.get_message(timeout=0.05) is not None:
                n += 1
        return n

    try:
        for _ in range(10):  # ten commits before the background send ran: one signal
            await waker()
        assert await signals() == 1
        await waker()
        await asyncio.sleep(0)  # the send is under way ...
        await waker()  # ... so this commit may be later than it: it gets a signal of its own
        assert await signals() == 2

        unreachable = Redis(host="127.0.0.1", port=1, retry=Retry(NoBackoff(), 0))
        broken = OutboxWaker(unreachable, bb.PRODUCER)
        await broken()  # a hint only: never raises into the committing code
        deadline = time.monotonic() + 10  # after the client's own retries
        while not any(e["event"] == "outbox.wakeup.failed" for e in captured_logs):
            assert time.monotonic() < deadline, "the failed signal was not logged"
            await asyncio.sleep(0.05)
        await unreachable.aclose()
    finally:
        await pubsub.aclose()


# -- a lean consumer (Consumer(..., lean=True)): the tests above parametrized [lean] run it -------


def test_a_lean_consumer_runs_in_the_runners_transaction():
    with pytest.raises(ValueError, match="not with transaction=False"):
        Consumer(handler=bb.record_lean, event=bb.ThingHappenedV1, lean=True, transaction=False)
