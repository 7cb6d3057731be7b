"""OpenTelemetry tracing: opt-in OTLP export, auto-instrumentation and W3C trace propagation.

Tracing is off unless an OTLP endpoint is configured (ARCHITECTURE §5): ``setup_tracing()``
then installs nothing and makes no network calls. Propagation helpers work either way:
``current_traceparent()`` is copied into outgoing HTTP calls and event envelopes, and
consumers continue the producer's trace with ``start_span(name, traceparent=...)``.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import urlsplit

import structlog
from opentelemetry import propagate, trace
from opentelemetry.context import Context
from opentelemetry.trace import Span, SpanKind

from pf_common.logging import get_logger

if TYPE_CHECKING:
    from opentelemetry.sdk.trace import TracerProvider

__all__ = ["current_traceparent", "extract_context", "setup_tracing", "start_span", "tracing_enabled"]

log = get_logger(__name__)

_TRACER_NAME: Final = "pf_common"
# Health probes and scrapes are not worth a trace each.
_EXCLUDED_URLS: Final = "/health/live,/health/ready,/metrics"

_provider: TracerProvider | None = None
_instrumented_engines: weakref.WeakSet[Any] = weakref.WeakSet()


def _traces_endpoint(endpoint: str) -> str:
    """``http://collector:4318`` -> ``http://collector:4318/v1/traces``; full URLs are kept."""
    if urlsplit(endpoint).path in ("", "/"):
        return endpoint.rstrip("/") + "/v1/traces"
    return endpoint


def setup_tracing(
    service: str,
    *,
    otlp_endpoint: str | None,
    app: Any = None,
    engine: Any = None,
    redis_instrument: bool = True,
    httpx_instrument: bool = True,
) -> TracerProvider | None:
    """Install a tracer provider exporting to ``otlp_endpoint`` and instrument the libraries.

    Returns ``None`` and does nothing when ``otlp_endpoint`` is empty. Safe to call twice:
    the first call creates the provider, later calls reuse it and only instrument an
    ``app``/``engine`` that is not instrumented yet. ``engine`` may be an ``AsyncEngine``
    (its ``sync_engine`` is instrumented).
    """
    global _provider
    if not otlp_endpoint:
        return None

    from opentelemetry.sdk.resources import SERVICE_NAME, Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    if _provider is None:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        provider = TracerProvider(resource=Resource.create({SERVICE_NAME: service}))
        provider.add_span_processor(
            BatchSpanProcessor(OTLPSpanExporter(endpoint=_traces_endpoint(otlp_endpoint)))
        )
        trace.set_tracer_provider(provider)
        _provider = provider
        log.info("telemetry.tracing.enabled", service=service, endpoint=_traces_endpoint(otlp_endpoint))
    provider = _provider

    if app is not None and not getattr(app, "_is_instrumented_by_opentelemetry", False):
        from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor

        FastAPIInstrumentor.instrument_app(app, tracer_provider=provider, excluded_urls=_EXCLUDED_URLS)

    if engine is not None:
        sync_engine = getattr(engine, "sync_engine", engine)
        if sync_engine not in _instrumented_engines:
            from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor

            instrumentor = SQLAlchemyInstrumentor()
            if instrumentor.is_instrumented_by_opentelemetry:
                # Engines created after the first call are traced by the patched create_engine.
                log.warning("telemetry.sqlalchemy.already_instrumented")
            else:
                # The instrumentation's declared range stops below the SQLAlchemy 2.1 we run;
                # the engine hooks it uses are unchanged, so skip its version check.
                instrumentor.instrument(engine=sync_engine, tracer_provider=provider, skip_dep_check=True)
            _instrumented_engines.add(sync_engine)

    if redis_instrument:
        from opentelemetry.instrumentation.redis import RedisInstrumentor

        if not RedisInstrumentor().is_instrumented_by_opentelemetry:
            RedisInstrumentor().instrument(tracer_provider=provider)

    if httpx_instrument:
        from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor

        if not HTTPXClientInstrumentor().is_instrumented_by_opentelemetry:
            HTTPXClientInstrumentor().instrument(tracer_provider=provider)

    return provider


def current_traceparent() -> str | None:
    """W3C ``traceparent`` of the current span, or ``None`` when there is no valid span."""
    if not trace.get_current_span().get_span_context().is_valid:
        return None
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return carrier.get("traceparent")


def extract_context(traceparent: str | None) -> Context:
    """A Context whose parent is the span described by ``traceparent``.

    Without a (valid) ``traceparent`` this is an empty Context, so a span started in it
    begins a new trace instead of nesting under whatever happens to be current.
    """
    if not traceparent:
        return Context()
    return propagate.extract({"traceparent": traceparent}, context=Context())


def _attribute(value: Any) -> Any:
    if isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, list | tuple) and all(isinstance(v, str | bool | int | float) for v in value):
        return list(value)
    return str(value)


@contextmanager
def start_span(name: str, traceparent: str | None = None, **attributes: Any) -> Iterator[Span]:
    """Start a span as the current span and bind its ``trace_id`` into the log context.

    With ``traceparent`` (e.g. from an event envelope) the span is a ``CONSUMER`` child of
    the producer's span; otherwise it is an ``INTERNAL`` child of the current span.
    ``None`` attribute values are skipped. Exceptions are recorded on the span and re-raised.
    """
    if traceparent is not None:
        context: Context | None = extract_context(traceparent)
        kind = SpanKind.CONSUMER
    else:
        context, kind = None, SpanKind.INTERNAL
    attrs = {k: _attribute(v) for k, v in attributes.items() if v is not None}
    tracer = trace.get_tracer(_TRACER_NAME)
    with tracer.start_as_current_span(name, context=context, kind=kind, attributes=attrs) as span:
        span_context = span.get_span_context()
        if span_context.is_valid:
            with structlog.contextvars.bound_contextvars(
                trace_id=trace.format_trace_id(span_context.trace_id)
            ):
                yield span
        else:
            yield span


def tracing_enabled() -> bool:
    """Whether :func:`setup_tracing` installed a provider (spans are recorded and exported)."""
    return _provider is not None
