"""A throwaway producer/consumer pair used by the event backbone tests.

Two schemas in one database stand for two services: ``bb_producer`` emits
``thing_happened``; ``bb_consumer`` records each application in ``effects``
(no unique key, so a double application shows up as two rows).
"""

from __future__ import annotations

from typing import Any, ClassVar
from uuid import UUID

import sqlalchemy as sa
from redis.asyncio import Redis
from sqlalchemy.dialects.postgresql import UUID as PGUUID
from sqlalchemy.ext.asyncio import AsyncSession

from pf_common.consumer import Consumer
from pf_common.db import Database, make_engine, make_metadata
from pf_common.errors import RetryableError
from pf_common.events.envelope import Envelope
from pf_common.events.registry import EventPayload
from pf_common.lean import LeanTransaction, Statement, column_params
from pf_common.platform_tables import add_platform_tables

PRODUCER, CONSUMER = "bb_producer", "bb_consumer"

producer_md = make_metadata(PRODUCER)
add_platform_tables(producer_md)
things = sa.Table(
    "things",
    producer_md,
    sa.Column("id", PGUUID(as_uuid=True), primary_key=True),
    sa.Column("seq", sa.Integer, nullable=False),
)

consumer_md = make_metadata(CONSUMER)
add_platform_tables(consumer_md)
effects = sa.Table(
    "effects",
    consumer_md,
    sa.Column("n", sa.BigInteger, sa.Identity(), primary_key=True),
    sa.Column("handler", sa.Text, nullable=False),
    sa.Column("event_id", PGUUID(as_uuid=True), nullable=False),
    sa.Column("thing_id", PGUUID(as_uuid=True), nullable=False),
    sa.Column("seq", sa.Integer, nullable=False),
)


class ThingHappenedV1(EventPayload):
    event_type: ClassVar[str] = "thing_happened"
    event_version: ClassVar[int] = 1
    aggregate_type: ClassVar[str] = "thing"
    producer: ClassVar[str] = PRODUCER
    aggregate_field: ClassVar[str] = "thing_id"

    thing_id: UUID
    seq: int = 0
    fail_times: int = 0  # the handler raises RetryableError this many times first
    always_fail: bool = False


# Redis client the handlers use to count failures across redeliveries.
FAIL_COUNTER: dict[str, Redis] = {}


async def _fail_as_told(handler: str, payload: ThingHappenedV1, envelope: Envelope) -> None:
    if payload.always_fail:
        raise RuntimeError("this thing can never be applied")
    if payload.fail_times:
        redis = FAIL_COUNTER["redis"]
        n = await redis.incr(f"bb:fail:{handler}:{envelope.event_id}")
        if n <= payload.fail_times:
            raise RetryableError(f"transient failure {n}")


async def _record(handler: str, session: AsyncSession, payload: ThingHappenedV1, envelope: Envelope) -> None:
    await _fail_as_told(handler, payload, envelope)
    await session.execute(
        sa.insert(effects).values(
            handler=handler, event_id=envelope.event_id, thing_id=payload.thing_id, seq=payload.seq
        )
    )


async def record_thing(session: AsyncSession, payload: Any, envelope: Envelope) -> None:
    await _record("record_thing", session, payload, envelope)


async def audit_thing(session: AsyncSession, payload: Any, envelope: Envelope) -> None:
    await _record("audit_thing", session, payload, envelope)


_INSERT_EFFECT = Statement(
    sa.insert(effects).values(column_params(effects, ("handler", "event_id", "thing_id", "seq")))
)


async def record_lean(tx: LeanTransaction, payload: Any, envelope: Envelope) -> None:
    """``record_thing`` as a lean consumer's handler: the same row, as a lean statement."""
    # an ORM session would run the statement too: the runner must hand over a lean transaction
    assert isinstance(tx, LeanTransaction), f"a lean handler got a {type(tx).__name__}"
    await _fail_as_told("record_lean", payload, envelope)
    await _INSERT_EFFECT.execute(
        tx, handler="record_lean", event_id=envelope.event_id, thing_id=payload.thing_id, seq=payload.seq
    )


RECORD = Consumer(handler=record_thing, event=ThingHappenedV1)
AUDIT = Consumer(handler=audit_thing, event=ThingHappenedV1)
RECORD_LEAN = Consumer(handler=record_lean, event=ThingHappenedV1, lean=True)


def create_schemas(url: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        for schema in (PRODUCER, CONSUMER):
            conn.execute(sa.text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
        producer_md.create_all(conn)
        consumer_md.create_all(conn)
    engine.dispose()


def databases(url: str, on_events_committed: Any = None) -> tuple[Database, Database]:
    engine = make_engine(url, pool_size=10, max_overflow=20)
    return (
        Database(service=PRODUCER, engine=engine, on_events_committed=on_events_committed),
        Database(service=CONSUMER, engine=engine),
    )
