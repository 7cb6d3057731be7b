"""A consumer whose handler calls the network (``Consumer(..., transaction=False)``): it gets the
Database, runs outside any transaction, and the inbox still applies each event once."""

from __future__ import annotations

import uuid

import backbone_app as bb
import pytest
import sqlalchemy as sa

from pf_common import iosafety
from pf_common.consumer import Consumer, ConsumerRunner, Outcome
from pf_common.platform_tables import platform_tables_for


@pytest.fixture
async def consumer_db(sandbox_url):
    producer, consumer = bb.databases(sandbox_url)
    yield consumer
    await producer.dispose()


class Handler:
    """Claims nothing, "calls out" (records what its task holds), then records its effect."""

    def __init__(self, fail_first: int = 0) -> None:
        self.fail_first = fail_first
        self.runs: list[tuple[str, ...]] = []

    async def __call__(self, db, payload, envelope) -> None:
        self.runs.append(iosafety.held_connections())  # the call would be here
        if self.fail_first:
            self.fail_first -= 1
            raise RuntimeError("the other side is down")
        async with db.transaction() as session:
            await session.execute(
                sa.insert(bb.effects).values(
                    handler="own", event_id=envelope.event_id, thing_id=payload.thing_id, seq=payload.seq
                )
            )


def _runner(db, handler: Handler) -> ConsumerRunner:
    handler.__name__ = "own_transactions"  # type: ignore[attr-defined]
    consumer = Consumer(handler=handler, event=bb.ThingHappenedV1, transaction=False)
    return ConsumerRunner(db, transport=None, consumer=consumer)  # type: ignore[arg-type]


async def _inbox(db) -> int:
    processed = platform_tables_for(db.schema).processed
    async with db.read() as s:
        return (await s.execute(sa.select(sa.func.count()).select_from(processed))).scalar_one()


async def test_the_handler_runs_outside_any_transaction_and_applies_once(consumer_db):
    handler = Handler()
    runner = _runner(consumer_db, handler)
    payload = bb.ThingHappenedV1(thing_id=uuid.uuid4(), seq=7)
    envelope = payload.to_envelope(event_id=uuid.uuid4())

    outcomes = [await runner.apply(envelope, payload) for _ in range(3)]

    assert outcomes == [Outcome.APPLIED, Outcome.DUPLICATE, Outcome.DUPLICATE]
    assert handler.runs == [()]  # once, holding no connection
    assert await _inbox(consumer_db) == 1
    async with consumer_db.read() as s:
        assert (await s.execute(sa.select(bb.effects.c.seq))).scalars().all() == [7]


async def test_a_failed_handler_leaves_no_inbox_row_so_the_redelivery_runs_it_again(consumer_db):
    handler = Handler(fail_first=1)
    runner = _runner(consumer_db, handler)
    payload = bb.ThingHappenedV1(thing_id=uuid.uuid4())
    envelope = payload.to_envelope(event_id=uuid.uuid4())

    with pytest.raises(RuntimeError):
        await runner.apply(envelope, payload)
    assert await _inbox(consumer_db) == 0

    assert await runner.apply(envelope, payload) == Outcome.APPLIED
    assert len(handler.runs) == 2 and await _inbox(consumer_db) == 1
