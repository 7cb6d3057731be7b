"""Event registry and envelope: typed, versioned payloads validated on emit and on receipt."""

import uuid
from datetime import UTC, datetime
from typing import ClassVar

import backbone_app as bb
import pytest

from pf_common.events.envelope import Envelope
from pf_common.events.registry import (
    EventPayload,
    InvalidEvent,
    UnknownEventType,
    decode_envelope,
    lookup,
    validate_payload,
)


class WidgetShippedV1(EventPayload):
    event_type: ClassVar[str] = "widget_shipped"
    aggregate_type: ClassVar[str] = "widget"
    producer: ClassVar[str] = "bb_producer"
    aggregate_field: ClassVar[str] = "widget_id"
    dedupe_template: ClassVar[str] = "widget_shipped:{widget_id}"
    widget_id: uuid.UUID
    carrier: str


def _env(**over):
    p = WidgetShippedV1(widget_id=uuid.uuid4(), carrier="ups")
    return p.to_envelope(event_id=uuid.uuid4(), **over)


def test_registry_finds_the_class_by_type_and_version():
    assert lookup("widget_shipped", 1) is WidgetShippedV1
    with pytest.raises(UnknownEventType):
        lookup("widget_shipped", 2)


def test_registering_another_class_under_the_same_type_fails():
    with pytest.raises(RuntimeError, match="registered twice"):

        class Impostor(EventPayload):
            event_type: ClassVar[str] = "widget_shipped"
            aggregate_type: ClassVar[str] = "widget"
            producer: ClassVar[str] = "x"
            aggregate_field: ClassVar[str] = "widget_id"
            widget_id: uuid.UUID


def test_envelope_attributes_and_dedupe_key():
    env = _env(store_id=uuid.uuid4())
    attrs = env.attributes()
    assert attrs["event_type"] == "widget_shipped"
    assert attrs["version"] == "1"
    assert attrs["aggregate_id"] == env.payload["widget_id"]
    p = WidgetShippedV1(widget_id=env.aggregate_id, carrier="ups")
    assert p.dedupe_key() == f"widget_shipped:{env.aggregate_id}"


def test_producers_are_strict_consumers_ignore_new_fields():
    with pytest.raises(ValueError):
        WidgetShippedV1(widget_id=uuid.uuid4(), carrier="ups", surprise=1)  # type: ignore[call-arg]
    env = _env()
    newer = env.model_copy(update={"payload": {**env.payload, "added_in_v1_later": True}})
    assert validate_payload(newer) == WidgetShippedV1(widget_id=env.aggregate_id, carrier="ups")


def test_invalid_payloads_and_envelopes_are_rejected():
    env = _env()
    with pytest.raises(InvalidEvent, match="invalid payload"):
        validate_payload(env.model_copy(update={"payload": {"widget_id": "nope"}}))
    with pytest.raises(InvalidEvent, match="aggregate_type"):
        validate_payload(env.model_copy(update={"aggregate_type": "gadget"}))
    with pytest.raises(InvalidEvent, match="malformed envelope"):
        decode_envelope(b'{"event_id": 1}')
    with pytest.raises(InvalidEvent):
        decode_envelope(b"\xff\xfe")


def test_envelope_requires_timezone_and_normalises_to_utc():
    env = _env()
    data = env.model_dump(mode="json")
    data["occurred_at"] = "2026-11-27T10:00:00+02:00"
    assert Envelope.model_validate(data).occurred_at == datetime(2026, 11, 27, 8, tzinfo=UTC)
    data["occurred_at"] = "2026-11-27T10:00:00"
    with pytest.raises(ValueError):
        Envelope.model_validate(data)


async def test_emit_checks_producer_carries_context_and_dedupes(fresh_database):
    import sqlalchemy as sa
    import structlog
    from opentelemetry.sdk.trace import TracerProvider

    from pf_common.outbox import emit
    from pf_common.platform_tables import platform_tables_for

    tracer = TracerProvider().get_tracer("test")

    url = fresh_database("events_emit")
    bb.create_schemas(url)
    producer, consumer = bb.databases(url)
    wid = uuid.uuid4()
    try:
        async with producer.transaction() as s:
            with (
                structlog.contextvars.bound_contextvars(request_id="req-1"),
                tracer.start_as_current_span("checkout") as span,
            ):
                env = await emit(s, WidgetShippedV1(widget_id=wid, carrier="ups"))
                trace_id = format(span.get_span_context().trace_id, "032x")
            await emit(s, WidgetShippedV1(widget_id=wid, carrier="fedex"))  # once-only: skipped
        assert env.request_id == "req-1"
        assert env.traceparent is not None and env.traceparent.split("-")[1] == trace_id
        assert env.producer == "bb_producer"
        async with producer.read() as s:
            rows = (await s.execute(sa.select(platform_tables_for("bb_producer").outbox))).all()
        assert len(rows) == 1
        assert rows[0].payload["payload"]["carrier"] == "ups"
        assert rows[0].dedupe_key == f"widget_shipped:{wid}"
        with pytest.raises(InvalidEvent, match="produced by bb_producer"):
            async with consumer.transaction() as s:
                await emit(s, WidgetShippedV1(widget_id=wid, carrier="ups"))
    finally:
        await producer.dispose()


@pytest.fixture
async def bb_dbs(fresh_database):
    """The backbone app's producer and consumer databases, on a database of their own."""
    url = fresh_database(f"events_{uuid.uuid4().hex[:10]}")
    bb.create_schemas(url)
    producer, consumer = bb.databases(url)
    yield producer, consumer
    await producer.dispose()  # one engine for both


async def test_emit_in_a_lean_transaction_commits_with_its_statements_or_not_at_all(bb_dbs):
    import sqlalchemy as sa
    import structlog

    from pf_common.lean import Statement, column_params
    from pf_common.outbox import emit
    from pf_common.platform_tables import platform_tables_for

    insert_thing = Statement(sa.insert(bb.things).values(column_params(bb.things, ("id", "seq"))))
    woken: list[int] = []

    async def wake() -> None:
        woken.append(1)

    producer, consumer = bb_dbs
    producer.on_events_committed = wake
    outbox = platform_tables_for("bb_producer").outbox
    kept, dropped = uuid.uuid4(), uuid.uuid4()
    async with producer.lean_transaction() as tx:
        await insert_thing.execute(tx, id=kept, seq=1)
        with structlog.contextvars.bound_contextvars(request_id="req-lean"):
            env = await emit(tx, WidgetShippedV1(widget_id=kept, carrier="ups"))
        await emit(tx, WidgetShippedV1(widget_id=kept, carrier="fedex"))  # once-only: skipped
    assert woken == [1]  # the relay's wake-up, after the commit
    with pytest.raises(RuntimeError, match="abort"):
        async with producer.lean_transaction() as tx:
            await insert_thing.execute(tx, id=dropped, seq=2)
            await emit(tx, WidgetShippedV1(widget_id=dropped, carrier="ups"))
            raise RuntimeError("abort")
    assert woken == [1]  # nothing committed: no wake-up
    async with producer.lean_transaction() as tx:  # no event: no wake-up either
        await insert_thing.execute(tx, id=uuid.uuid4(), seq=3)
    assert woken == [1]

    async with producer.read() as s:
        rows = (await s.execute(sa.select(outbox))).all()
        things = set((await s.execute(sa.select(bb.things.c.id))).scalars())
    [row] = rows
    assert (row.id, row.dedupe_key, row.aggregate_id) == (env.event_id, f"widget_shipped:{kept}", kept)
    assert kept in things and dropped not in things
    # the row an ORM emit writes: the envelope as an object, the store and attempt defaults
    assert row.payload == env.model_dump(mode="json") and row.payload["request_id"] == "req-lean"
    assert (row.event_type, row.event_version, row.aggregate_type) == ("widget_shipped", 1, "widget")
    assert (row.attempt_count, row.published_at, row.created_at is not None) == (0, None, True)
    with pytest.raises(InvalidEvent, match="produced by bb_producer"):
        async with consumer.lean_transaction() as tx:
            await emit(tx, WidgetShippedV1(widget_id=kept, carrier="ups"))


async def test_a_lean_transaction_of_a_database_bound_to_one_connection_is_a_savepoint_of_it(bb_dbs):
    """Tests share one connection (``Database(bind=...)``): a lean transaction and its events are a
    savepoint there, seen on that connection, gone with its outer rollback."""
    import sqlalchemy as sa

    from pf_common.db import Database
    from pf_common.outbox import emit
    from pf_common.platform_tables import platform_tables_for

    producer, _ = bb_dbs
    outbox = platform_tables_for("bb_producer").outbox
    async with producer.engine.connect() as conn:
        await conn.begin()
        bound = Database(service="bb_producer", engine=producer.engine, bind=conn)
        async with bound.lean_transaction() as tx:
            env = await emit(tx, WidgetShippedV1(widget_id=uuid.uuid4(), carrier="ups"))
        with pytest.raises(RuntimeError, match="abort"):
            async with bound.lean_transaction() as tx:
                await emit(tx, WidgetShippedV1(widget_id=uuid.uuid4(), carrier="dhl"))
                raise RuntimeError("abort")
        assert list((await conn.execute(sa.select(outbox.c.id))).scalars()) == [env.event_id]
        await conn.rollback()
    async with producer.read() as s:
        assert (await s.execute(sa.select(outbox.c.id))).all() == []


async def test_emit_needs_a_transaction_of_a_database(bb_dbs):
    from pf_common.lean import transaction
    from pf_common.outbox import emit

    producer, _ = bb_dbs
    with pytest.raises(RuntimeError, match=r"transaction of pf_common\.db\.Database"):
        async with transaction(producer.lean(write=True)) as tx:  # a lean transaction, no schema
            await emit(tx, WidgetShippedV1(widget_id=uuid.uuid4(), carrier="ups"))


def test_a_fresh_process_knows_every_catalogue_event_without_importing_its_module():
    """The relay of a worker looks up events whose payload module nothing imported yet."""
    import subprocess
    import sys

    code = (
        "from pf_common.events.registry import lookup\n"
        "for t in ('store_created', 'media_uploaded', 'order_created', 'ad_created'):\n"
        "    lookup(t, 1)\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "ok", out.stderr
