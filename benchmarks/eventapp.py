"""Throwaway producer/consumer schemas for the event benchmarks (as libs/common/tests/backbone_app.py).

* ``bench_relay`` produces ``bench_relayed`` (P11: a pre-filled outbox drained by the relay);
* ``bench_producer`` produces ``bench_thing_happened`` (P13: producer transactions that
  insert a ``things`` row and ``emit()`` the event);
* ``bench_consumer`` consumes it: the handler records its own wall-clock time in ``effects``
  (one insert, in the consumer's inbox transaction).

Each side also has its lean variant (``Database.lean_transaction``; ``Consumer(..., lean=True)``):
the same rows written as lean statements, for P13's lean-path diagnostic.
"""

from __future__ import annotations

import time
from typing import Any, ClassVar
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import UUID as PGUUID
from sqlalchemy.ext.asyncio import AsyncSession

from pf_common.consumer import Consumer
from pf_common.db import make_metadata
from pf_common.events.envelope import Envelope
from pf_common.events.registry import EventPayload
from pf_common.lean import LeanTransaction, Statement, column_params
from pf_common.platform_tables import add_platform_tables
from pf_common.settings import ServiceSettings, service_config

RELAY_PRODUCER, PRODUCER, CONSUMER = "bench_relay", "bench_producer", "bench_consumer"

relay_md = make_metadata(RELAY_PRODUCER)
add_platform_tables(relay_md)

producer_md = make_metadata(PRODUCER)
add_platform_tables(producer_md)
things = sa.Table(
    "things",
    producer_md,
    sa.Column("id", PGUUID(as_uuid=True), primary_key=True),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
)

consumer_md = make_metadata(CONSUMER)
add_platform_tables(consumer_md)
effects = sa.Table(
    "effects",
    consumer_md,
    sa.Column("n", sa.BigInteger, sa.Identity(), primary_key=True),
    sa.Column("event_id", PGUUID(as_uuid=True), nullable=False),
    sa.Column("thing_id", PGUUID(as_uuid=True), nullable=False),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("handled_at", sa.Float(precision=53), nullable=False),  # time.time() in the handler
)


class BenchRelayedV1(EventPayload):
    event_type: ClassVar[str] = "bench_relayed"
    event_version: ClassVar[int] = 1
    aggregate_type: ClassVar[str] = "bench_item"
    producer: ClassVar[str] = RELAY_PRODUCER
    aggregate_field: ClassVar[str] = "item_id"

    item_id: UUID
    seq: int = 0


class BenchThingV1(EventPayload):
    event_type: ClassVar[str] = "bench_thing_happened"
    event_version: ClassVar[int] = 1
    aggregate_type: ClassVar[str] = "bench_thing"
    producer: ClassVar[str] = PRODUCER
    aggregate_field: ClassVar[str] = "thing_id"

    thing_id: UUID
    seq: int = 0


# the producer's row insert as a lean statement, for the lean producer (eventbench's producer_cost)
INSERT_THING = Statement(sa.insert(things).values(column_params(things, ("id", "seq"))))


async def record_thing(session: AsyncSession, payload: Any, envelope: Envelope) -> None:
    handled_at = time.time()
    await session.execute(
        sa.insert(effects).values(
            event_id=envelope.event_id, thing_id=payload.thing_id, seq=payload.seq, handled_at=handled_at
        )
    )


INSERT_EFFECT = Statement(
    sa.insert(effects).values(column_params(effects, ("event_id", "thing_id", "seq", "handled_at")))
)


async def record_thing_lean(tx: LeanTransaction, payload: Any, envelope: Envelope) -> None:
    """``record_thing`` on the lean path (the same row, as a lean statement)."""
    handled_at = time.time()
    await INSERT_EFFECT.execute(
        tx, event_id=envelope.event_id, thing_id=payload.thing_id, seq=payload.seq, handled_at=handled_at
    )


RECORD = Consumer(handler=record_thing, event=BenchThingV1)
# the same subscription, its handler on the lean path (a worker started with PF_BENCH_LEAN=1)
RECORD_LEAN = Consumer(handler=record_thing_lean, event=BenchThingV1, name="record_thing", lean=True)


class RelaySettings(ServiceSettings):
    model_config = service_config(RELAY_PRODUCER)
    service_name: ClassVar[str] = RELAY_PRODUCER


class ProducerSettings(ServiceSettings):
    model_config = service_config(PRODUCER)
    service_name: ClassVar[str] = PRODUCER


class ConsumerSettings(ServiceSettings):
    model_config = service_config(CONSUMER)
    service_name: ClassVar[str] = CONSUMER


SETTINGS: dict[str, type[ServiceSettings]] = {
    RELAY_PRODUCER: RelaySettings,
    PRODUCER: ProducerSettings,
    CONSUMER: ConsumerSettings,
}


def create_schemas(url: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        for md in (relay_md, producer_md, consumer_md):
            conn.execute(sa.text(f'CREATE SCHEMA IF NOT EXISTS "{md.schema}"'))
            md.create_all(conn)
    engine.dispose()


def fill_outbox_sql(event: type[EventPayload], n: int) -> str:
    """One ``INSERT ... SELECT generate_series`` of ``n`` valid outbox rows of ``event``.

    Each row's envelope is the one ``emit()`` would write: ``event_id`` = the row id (a
    UUIDv7), ``aggregate_id`` = the payload's aggregate field, ISO ``occurred_at``.
    """
    schema = event.producer
    return f"""
        INSERT INTO "{schema}".outbox_events
            (id, event_type, event_version, aggregate_type, aggregate_id, payload, created_at)
        SELECT e.id, '{event.event_type}', {event.event_version}, '{event.aggregate_type}', e.agg,
            jsonb_build_object(
                'event_id', e.id, 'event_type', '{event.event_type}', 'event_version', {event.event_version},
                'occurred_at', to_jsonb(e.ts), 'producer', '{schema}',
                'aggregate_type', '{event.aggregate_type}', 'aggregate_id', e.agg,
                'store_id', NULL, 'actor_user_id', NULL, 'request_id', 'bench-' || e.g,
                'traceparent', NULL,
                'payload', jsonb_build_object('{event.aggregate_field}', e.agg, 'seq', e.g)),
            e.ts
        FROM (SELECT g, uuidv7() AS id, gen_random_uuid() AS agg, clock_timestamp() AS ts
              FROM generate_series(1, {int(n)}) AS g) AS e
    """
