"""What the outbox relay writes, column by column (its statements are compiled once, on the lean
path): the published mark, the retry schedule of a failed publish, and the dead-letter row.

The behaviour around them (order, waves, kill -9, outages) is the backbone suite's
(test_backbone.py); these pin the values each statement stores.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import backbone_app as bb
import pytest
import sqlalchemy as sa
from redis.asyncio import Redis

from pf_common.db import Database
from pf_common.outbox import emit
from pf_common.platform_tables import platform_tables_for
from pf_common.relay import OutboxRelay, RelayConfig
from pf_common.transports.redis_streams import RedisStreamsTransport

outbox = platform_tables_for(bb.PRODUCER).outbox
dlq = platform_tables_for(bb.PRODUCER).dlq


@pytest.fixture
async def producer(fresh_database: Callable[[str], str]) -> AsyncIterator[Database]:
    url = fresh_database(f"rw_{uuid.uuid4().hex[:10]}")
    bb.create_schemas(url)
    db, _ = bb.databases(url)
    yield db
    await db.dispose()


class _Refusing:
    """A transport whose every publish fails."""

    name = "refusing"

    async def publish(self, *args: Any, **kw: Any) -> str:
        raise ConnectionError("broker unreachable")


async def _emit(db: Database) -> uuid.UUID:
    async with db.transaction() as session:
        thing = uuid.uuid4()
        await session.execute(sa.insert(bb.things).values(id=thing, seq=7))
        return (await emit(session, bb.ThingHappenedV1(thing_id=thing, seq=7))).event_id


async def _row(db: Database, table: sa.Table) -> Any:
    async with db.read() as s:
        return (await s.execute(sa.select(table))).one()


async def test_a_published_row_is_marked_with_the_database_time_and_its_error_cleared(
    producer: Database, redis: Redis
) -> None:
    event_id = await _emit(producer)
    async with producer.transaction() as s:  # as left by an earlier failed attempt
        await s.execute(sa.update(outbox).values(attempt_count=1, last_error="ConnectionError: earlier"))
    before = datetime.now(UTC)

    assert await OutboxRelay(producer, RedisStreamsTransport(redis)).run_once() == 1

    row = await _row(producer, outbox)
    assert row.id == event_id and row.last_error is None and row.attempt_count == 1
    assert before - timedelta(seconds=1) <= row.published_at <= datetime.now(UTC) + timedelta(seconds=1)


async def test_a_failed_publish_counts_the_attempt_and_schedules_the_next_after_its_backoff(
    producer: Database,
) -> None:
    await _emit(producer)
    relay = OutboxRelay(producer, _Refusing(), RelayConfig(retry_base_s=30.0, max_attempts=5))
    before = datetime.now(UTC)

    assert await relay.run_once() == 1

    row = await _row(producer, outbox)
    assert (row.attempt_count, row.last_error, row.published_at) == (
        1,
        "ConnectionError: broker unreachable",
        None,
    )
    assert before + timedelta(seconds=29) <= row.next_attempt_at <= datetime.now(UTC) + timedelta(seconds=31)
    assert await relay.run_once() == 0  # not due before its backoff


async def test_the_dead_letter_keeps_the_row_and_why_it_gave_up(producer: Database) -> None:
    event_id = await _emit(producer)
    stored = (await _row(producer, outbox)).payload
    relay = OutboxRelay(producer, _Refusing(), RelayConfig(retry_base_s=0.0, max_attempts=2))

    assert await relay.run_once() == 1
    assert await relay.run_once() == 1

    dead = await _row(producer, dlq)
    source = await _row(producer, outbox)
    assert (dead.event_id, dead.event_type, dead.aggregate_type, dead.aggregate_id) == (
        event_id,
        source.event_type,
        source.aggregate_type,
        source.aggregate_id,
    )
    assert dead.payload_json == stored  # the envelope as an object, not a string of it
    assert (dead.error_reason, dead.error_message, dead.attempt_count) == (
        "max_attempts",
        "ConnectionError: broker unreachable",
        2,
    )
    assert dead.resolved_at is None and dead.id != event_id
    # the outbox row is terminal: counted to the maximum, never claimed again
    assert (source.attempt_count, source.published_at) == (2, None)
    assert await relay.run_once() == 0
