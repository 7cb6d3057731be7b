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
