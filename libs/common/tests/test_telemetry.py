"""pf_common.telemetry: opt-in setup, traceparent propagation and consumer spans."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import pytest
import structlog
from fastapi import FastAPI
from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind
from opentelemetry.util._once import Once

from pf_common import telemetry
from pf_common.telemetry import current_traceparent, extract_context, setup_tracing, start_span


def _reset_global_provider() -> None:
    trace._TRACER_PROVIDER_SET_ONCE = Once()
    trace._TRACER_PROVIDER = None


@pytest.fixture(autouse=True)
def _clean_otel(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    _reset_global_provider()
    monkeypatch.setattr(telemetry, "_provider", None)
    structlog.contextvars.clear_contextvars()
    yield
    _reset_global_provider()
    structlog.contextvars.clear_contextvars()


@pytest.fixture
def exporter() -> Iterator[InMemorySpanExporter]:
    exp = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exp))
    trace.set_tracer_provider(provider)
    yield exp
    provider.shutdown()


def test_disabled_without_endpoint_installs_nothing() -> None:
    app = FastAPI()
    assert setup_tracing("orders", otlp_endpoint=None, app=app) is None
    assert setup_tracing("orders", otlp_endpoint="", app=app) is None
    assert isinstance(trace.get_tracer_provider(), trace.ProxyTracerProvider)
    assert not getattr(app, "_is_instrumented_by_opentelemetry", False)
    assert telemetry._provider is None


def test_no_traceparent_without_a_span() -> None:
    assert current_traceparent() is None
    with start_span("jobs.expire") as span:  # no-op tracer: invalid span, nothing bound
        assert not span.get_span_context().is_valid
        assert current_traceparent() is None
        assert "trace_id" not in structlog.contextvars.get_contextvars()


def test_enabled_sets_provider_with_service_name_and_instruments_app_and_engine(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.sdk.trace.export import SpanExportResult

    exported: list[ReadableSpan] = []

    def fake_export(self: OTLPSpanExporter, spans: Sequence[ReadableSpan]) -> SpanExportResult:
        exported.extend(spans)
        return SpanExportResult.SUCCESS

    monkeypatch.setattr(OTLPSpanExporter, "export", fake_export)  # no network in tests
    from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor
    from sqlalchemy import create_engine, text

    app = FastAPI()
    engine = create_engine("sqlite://")
    try:
        provider = setup_tracing(
            "orders",
            otlp_endpoint="http://127.0.0.1:4318",
            app=app,
            engine=engine,
            redis_instrument=False,
            httpx_instrument=False,
        )
        assert isinstance(provider, TracerProvider)
        assert trace.get_tracer_provider() is provider
        assert provider.resource.attributes["service.name"] == "orders"
        processors = provider._active_span_processor._span_processors
        exporters = [p.span_exporter for p in processors]
        assert len(exporters) == 1
        assert isinstance(exporters[0], OTLPSpanExporter)
        assert exporters[0]._endpoint == "http://127.0.0.1:4318/v1/traces"
        assert app._is_instrumented_by_opentelemetry is True
        assert SQLAlchemyInstrumentor().is_instrumented_by_opentelemetry

        # Spans from the instrumented engine go through the batch processor to the OTLP exporter.
        with engine.connect() as conn:
            conn.execute(text("select 1"))
        assert provider.force_flush(timeout_millis=2000)
        assert "select" in [s.name for s in exported]

        # Second call: same provider, no second exporter.
        again = setup_tracing("orders", otlp_endpoint="http://127.0.0.1:4318", app=app, engine=engine)
        assert again is provider
        assert len(provider._active_span_processor._span_processors) == 1
    finally:
        SQLAlchemyInstrumentor().uninstrument()
        from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
        from opentelemetry.instrumentation.redis import RedisInstrumentor

        HTTPXClientInstrumentor().uninstrument()
        RedisInstrumentor().uninstrument()
        engine.dispose()
        if telemetry._provider is not None:
            telemetry._provider.shutdown()


def test_traceparent_of_active_span(exporter: InMemorySpanExporter) -> None:
    tracer = trace.get_tracer("test")
    with tracer.start_as_current_span("orders.checkout") as span:
        ctx = span.get_span_context()
        traceparent = current_traceparent()
        assert traceparent == f"00-{ctx.trace_id:032x}-{ctx.span_id:016x}-{int(ctx.trace_flags):02x}"
        assert int(traceparent.rsplit("-", 1)[1], 16) & 0x01  # sampled
    assert current_traceparent() is None


def test_consumer_span_continues_producer_trace_and_binds_trace_id(exporter: InMemorySpanExporter) -> None:
    tracer = trace.get_tracer("test")
    with tracer.start_as_current_span("outbox.emit") as producer:
        traceparent = current_traceparent()
    producer_ctx = producer.get_span_context()

    with start_span(
        "consumer.release_reservations", traceparent=traceparent, event_type="order_canceled", n=2
    ):
        bound = structlog.contextvars.get_contextvars()
        assert bound["trace_id"] == f"{producer_ctx.trace_id:032x}"
        with start_span("inner.step", skipped=None):
            pass
    assert "trace_id" not in structlog.contextvars.get_contextvars()

    spans = {s.name: s for s in exporter.get_finished_spans()}
    consumer = spans["consumer.release_reservations"]
    assert consumer.context.trace_id == producer_ctx.trace_id
    assert consumer.parent is not None
    assert consumer.parent.span_id == producer_ctx.span_id
    assert consumer.kind is SpanKind.CONSUMER
    assert consumer.attributes == {"event_type": "order_canceled", "n": 2}
    inner = spans["inner.step"]
    assert inner.parent is not None
    assert inner.parent.span_id == consumer.context.span_id
    assert inner.kind is SpanKind.INTERNAL
    assert "skipped" not in (inner.attributes or {})


def test_start_span_restores_previous_trace_id_and_records_errors(exporter: InMemorySpanExporter) -> None:
    structlog.contextvars.bind_contextvars(trace_id="outer")
    with pytest.raises(RuntimeError), start_span("jobs.expire"):
        assert structlog.contextvars.get_contextvars()["trace_id"] != "outer"
        raise RuntimeError("boom")
    assert structlog.contextvars.get_contextvars()["trace_id"] == "outer"
    (span,) = exporter.get_finished_spans()
    assert not span.status.is_ok
    assert span.events[0].name == "exception"


def test_extract_context() -> None:
    tp = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
    parent = trace.get_current_span(extract_context(tp)).get_span_context()
    assert parent.is_valid
    assert parent.is_remote
    assert parent.trace_id == 0x0AF7651916CD43DD8448EB211C80319C
    assert parent.span_id == 0xB7AD6B7169203331
    for bad in (None, "", "garbage"):
        assert not trace.get_current_span(extract_context(bad)).get_span_context().is_valid


def test_consumer_trace_id_is_logged_even_when_tracing_is_disabled() -> None:
    tp = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
    with start_span("consumer.x", traceparent=tp):
        assert structlog.contextvars.get_contextvars()["trace_id"] == "0af7651916cd43dd8448eb211c80319c"
