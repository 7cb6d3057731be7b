"""``create_app``: the FastAPI application every service builds.

It installs: request-id and access-log middleware (``X-Request-Id`` echoed, one
``request.complete`` line per request, ``request.start`` at DEBUG, Prometheus metrics), a request
body limit, the idempotency middleware, the canonical error envelope for every
exception (validation ⇒ 400 ``VALIDATION_ERROR`` with field details; a wrong
method ⇒ 405 ``METHOD_NOT_ALLOWED`` whose ``Allow`` lists every method served at
the path; unhandled ⇒ 500 with the request id and no stack trace), ``/health/*``,
``/metrics`` and ``/openapi.json`` (completed by :mod:`pf_common.openapi`: error
responses, security schemes, the ``Idempotency-Key`` header).

It keeps the service's context (:mod:`pf_common.context`) for the routes, which take it through
:func:`context_dependency`, and the runtime (:data:`AppRuntime`).
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Annotated, Any, TypeVar

import psycopg
import structlog
from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from psycopg_pool import PoolTimeout
from sqlalchemy import exc as sa_exc
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pf_common import health, metrics, openapi
from pf_common.context import ServiceContext, aclose_all
from pf_common.db import is_database_unavailable
from pf_common.errors import AppError, DependencyError, MethodNotAllowed, ValidationFailed
from pf_common.guards import check_internal_routes
from pf_common.ids import uuid7
from pf_common.logging import get_logger, info_line
from pf_common.routes import api_routes
from pf_common.routing import check_fast_routes
from pf_common.runtime import Runtime
from pf_common.settings import ServiceSettings

log = get_logger("pf_common.http")

_REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9._:\-]{1,128}$")

_HTTP_CODES = {
    400: "VALIDATION_ERROR",
    401: "UNAUTHORIZED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    409: "CONFLICT",
    413: "VALIDATION_ERROR",
    415: "VALIDATION_ERROR",
    422: "STATE_CONFLICT",
    429: "RATE_LIMIT_EXCEEDED",
    503: "DEPENDENCY_ERROR",
}


def request_id_of(request: Request) -> str | None:
    request_id: str | None = request.scope.get("state", {}).get("request_id")
    return request_id


def error_response(request: Request, exc: AppError) -> JSONResponse:
    headers = dict(exc.headers)
    rid = request_id_of(request)
    body = exc.body()
    if rid:
        headers["X-Request-Id"] = rid
        body["error"]["request_id"] = rid
    return JSONResponse(body, status_code=exc.status_code, headers=headers)


def _field_path(loc: Sequence[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header", "cookie")]
    return ".".join(parts) or (str(loc[0]) if loc else "request")


def _validation_details(exc: RequestValidationError) -> dict[str, str]:
    details: dict[str, str] = {}
    for err in exc.errors():
        loc = err.get("loc", ())
        key = _field_path(loc)
        msg = err.get("msg", "invalid")
        if err.get("type") == "extra_forbidden":
            msg = "unknown field"
        elif err.get("type") == "json_invalid":
            key, msg = "body", "malformed JSON"
        details.setdefault(key, msg)
    return details


def _routes(app: Any) -> list[Any]:
    return [*api_routes(app.routes), *(r for r in app.routes if isinstance(r, Route))]


def literal_paths(app: Any) -> dict[str, frozenset[str]]:
    """``{path: methods}`` of the routes whose path has no parameter (computed once per app)."""
    cached: dict[str, frozenset[str]] | None = getattr(app.state, "pf_literal_paths", None)
    if cached is None:
        found: dict[str, set[str]] = {}
        for route in _routes(app):
            if route.methods and "{" not in route.path_format:
                found.setdefault(route.path_format, set()).update(route.methods)
        cached = {path: frozenset(methods) for path, methods in found.items()}
        app.state.pf_literal_paths = cached
    return cached


def allowed_methods(app: Any, path: str) -> list[str]:
    """Every method served at ``path``: those of the routes that serve it literally when there
    are any (``/api/v1/media/presign`` is not a media id: :class:`LiteralPathsFirst`), else
    the union over all routes whose path matches it (Starlette's own 405 names only the first
    partially matching route's methods)."""
    literal = literal_paths(app).get(path)
    if literal is not None:
        return sorted(literal)
    methods: set[str] = set()
    for route in _routes(app):
        if route.methods and route.path_regex.match(path):
            methods |= route.methods
    return sorted(methods)


def _route_path(scope: Scope) -> str:
    path, root = scope["path"], scope.get("root_path", "")
    if root and path.startswith(root):
        path = path[len(root) :]  # routes match the path without the mount prefix
    return str(path)


def _not_allowed(method: str, methods: Sequence[str]) -> MethodNotAllowed:
    allow = ", ".join(methods)
    return MethodNotAllowed(
        f"{method} is not allowed here; allowed: {allow or 'none'}", headers={"Allow": allow}
    )


def _method_not_allowed(request: Request, exc: StarletteHTTPException) -> MethodNotAllowed:
    methods = allowed_methods(request.app, _route_path(request.scope))
    if not methods:
        methods = [m.strip() for m in (exc.headers or {}).get("Allow", "").split(",") if m.strip()]
    return _not_allowed(request.method, methods)


class LiteralPathsFirst:
    """A path a route serves literally belongs to that route (pure ASGI, issue #19).

    Starlette would hand ``DELETE /api/v1/media/presign`` to ``DELETE /api/v1/media/{media_id}``
    (a 400 for the media id "presign"), although the document lists only ``POST`` at that path:
    a method the literal path does not serve is 405 ``METHOD_NOT_ALLOWED`` with its ``Allow``.
    """

    def __init__(self, app: ASGIApp, fastapi_app: FastAPI) -> None:
        self.app = app
        self.fastapi_app = fastapi_app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            methods = literal_paths(self.fastapi_app).get(_route_path(scope))
            if methods is not None and scope["method"] not in methods:
                request = Request(scope, receive)
                response = error_response(request, _not_allowed(request.method, sorted(methods)))
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def install_error_handlers(app: FastAPI) -> None:
    from pf_common import idempotency

    idempotency.install(app)

    @app.exception_handler(AppError)
    async def _app_error(request: Request, exc: AppError) -> JSONResponse:
        if exc.status_code >= 500:
            log.error("request.error", error_code=exc.code, error=exc.message, reason=exc.reason)
        return error_response(request, exc)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(request, ValidationFailed("invalid request", details=_validation_details(exc)))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 405:
            return error_response(request, _method_not_allowed(request, exc))
        code = _HTTP_CODES.get(
            exc.status_code, "INTERNAL_ERROR" if exc.status_code >= 500 else "VALIDATION_ERROR"
        )
        err = AppError(str(exc.detail) if exc.detail else code.lower())
        # this one error's status and code, over the class defaults (ClassVars, by design elsewhere)
        err.status_code = exc.status_code  # type: ignore[misc]
        err.code = code  # type: ignore[misc]
        err.headers = dict(exc.headers or {})
        return error_response(request, err)

    async def _database_error(request: Request, exc: Exception) -> JSONResponse:
        if not is_database_unavailable(exc):
            return await _unhandled(request, exc)
        # a retryable outage, not a bug: 503 with no internals, the cause in the log
        cause = getattr(exc, "orig", None) or exc  # the driver's message, never the SQL or its parameters
        log.error("request.database_unavailable", error_type=type(cause).__name__, error=str(cause)[:200])
        return error_response(
            request, DependencyError("database unavailable", details={"dependency": "postgres"})
        )

    # SQLAlchemy's errors are handled here (not by the catch-all below, which Starlette re-raises
    # to the server after answering): an outage is one error line, not a traceback per request
    # (the lean path, pf_common.lean, raises the driver's and its pool's own)
    for database_error in (sa_exc.DBAPIError, sa_exc.TimeoutError, psycopg.Error, PoolTimeout):
        app.add_exception_handler(database_error, _database_error)

    @app.exception_handler(Exception)
    async def _unhandled(request: Request, exc: Exception) -> JSONResponse:
        log.exception("request.unhandled_error", error_type=type(exc).__name__)
        return error_response(request, AppError("internal error"))


class RequestContextMiddleware:
    """Request id, log context, the access log line and HTTP metrics (pure ASGI).

    One ``request.complete`` line per request at INFO (method, path, status, duration; the
    request id, user and store from the context); ``request.start`` only at DEBUG. The metric
    children are resolved once per (method, route, status), not per request.
    """

    def __init__(self, app: ASGIApp, service: str) -> None:
        self.app = app
        self.service = service
        self._service_header = (b"x-pf-service", service.encode())
        self._counters: dict[tuple[str, str, int], Any] = {}
        self._histograms: dict[tuple[str, str], Any] = {}
        self._std_log = logging.getLogger("pf_common.http")

    def _observe(self, method: str, route_path: str, status: int, duration: float) -> None:
        counter = self._counters.get((method, route_path, status))
        if counter is None:
            counter = metrics.HTTP_REQUESTS.labels(self.service, method, route_path, str(status))
            self._counters[(method, route_path, status)] = counter
        counter.inc()
        histogram = self._histograms.get((method, route_path))
        if histogram is None:
            histogram = metrics.HTTP_LATENCY.labels(self.service, method, route_path)
            self._histograms[(method, route_path)] = histogram
        histogram.observe(duration)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = ""
        for name, value in scope["headers"]:  # ASGI header names are lower-case bytes
            if name == b"x-request-id":
                incoming = value.decode("latin-1")
                rid = incoming if _REQUEST_ID_RE.match(incoming) else ""
                break
        if not rid:
            rid = str(uuid7())
        scope.setdefault("state", {})["request_id"] = rid
        method, path = scope["method"], scope["path"]
        start = time.perf_counter()
        status = 500

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                hdrs = list(message.get("headers", ()))
                if not any(k.lower() == b"x-request-id" for k, _ in hdrs):
                    hdrs.append((b"x-request-id", rid.encode()))
                hdrs.append(self._service_header)  # which service answered
                message["headers"] = hdrs
            await send(message)

        quiet = path.startswith("/health/") or path == "/metrics"
        # bind and reset (not ``bound_contextvars``, which copies the whole context to save what it
        # replaces): the reset restores whatever request_id was bound before, exactly
        tokens = structlog.contextvars.bind_contextvars(request_id=rid)
        try:
            if not quiet and self._std_log.isEnabledFor(logging.DEBUG):
                log.debug("request.start", method=method, path=path)
            try:
                await self.app(scope, receive, send_wrapper)
            finally:
                duration = time.perf_counter() - start
                route = scope.get("route")
                self._observe(method, getattr(route, "path", "unmatched"), status, duration)
                if not quiet and self._std_log.isEnabledFor(logging.INFO):
                    fields = {
                        "method": method,
                        "path": path,
                        "status": status,
                        "duration_ms": round(duration * 1000, 2),
                    }
                    if not info_line(self._std_log, "request.complete", fields):
                        log.info("request.complete", **fields)
        finally:
            structlog.contextvars.reset_contextvars(**tokens)


class BodyLimitMiddleware:
    """Refuse bodies above ``limit`` bytes with 413 (declared or streamed)."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for k, v in scope.get("headers", []):
            if k == b"content-length" and v.isdigit() and int(v) > self.limit:
                await _too_large(scope, send, self.limit)
                return
        seen = 0

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _BodyTooLarge
            return message

        try:
            await self.app(scope, limited_receive, send)
        except _BodyTooLarge:
            await _too_large(scope, send, self.limit)


class _BodyTooLarge(Exception):
    pass


async def _too_large(scope: Scope, send: Send, limit: int) -> None:
    rid = scope.get("state", {}).get("request_id", "")
    body = ValidationFailed("request body too large", details={"body": f"at most {limit} bytes"}).body()
    body["error"]["request_id"] = rid
    resp = JSONResponse(body, status_code=413, headers={"X-Request-Id": rid})
    await resp(scope, _noop_receive, send)


async def _noop_receive() -> Message:
    return {"type": "http.disconnect"}


def create_app(
    settings: ServiceSettings,
    *,
    routers: Sequence[APIRouter] = (),
    runtime: Runtime | None = None,
    context: ServiceContext[Any] | None = None,
    context_class: type[ServiceContext[Any]] = ServiceContext,
    title: str | None = None,
    version: str = "0.1.0",
) -> FastAPI:
    """Build a service's FastAPI app.

    The service's context (:mod:`pf_common.context`) is ``context`` when given (a test's), else
    built here, once, by ``context_class.build(settings)``; routes reach it through one
    dependency, ``Annotated[<Svc>Context, Depends(context_dependency(<Svc>Context))]``.
    ``runtime`` is injected by tests; otherwise the lifespan builds one from ``settings``.
    On shutdown the lifespan closes the context it built, then the runtime it built (a
    context or runtime handed in is closed by whoever built it).

    Every ``/internal/*`` route must declare ``require_service(...)``: the app refuses to start
    otherwise.
    """
    context_owned = context is None
    if context is None:
        context = context_class.build(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        from pf_common.logging import configure_logging

        configure_logging(settings.service_name, level=settings.log_level, fmt=settings.log_format)
        owned = app.state.runtime is None
        if owned:
            app.state.runtime = Runtime.create(settings)
        _setup_tracing(settings, app)
        log.info("app.started", service=settings.service_name, environment=settings.environment)
        try:
            yield
        finally:
            if context_owned:
                await aclose_all(context.aclose)
            if owned:
                await app.state.runtime.close()
                app.state.runtime = None

    app = FastAPI(
        title=title or f"PackFinderz {settings.service_name}",
        version=version,
        lifespan=lifespan,
        openapi_url="/openapi.json",
        docs_url=None,
        redoc_url=None,
        # FastAPI's native OpenTelemetry stays off: traces come from pf_common.telemetry's
        # instrumentation (which would otherwise be doubled once a provider is installed) and
        # metrics from Prometheus; off, it also stops checking for providers on every request
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    # pf_common's own dependencies read these (db_http, guards, health, ratelimit); a
    # service's routes take its context through ``context_dependency`` instead.
    app.state.settings = settings
    app.state.runtime = runtime
    app.state.context = context
    app.state.service_auth = context.service_auth
    install_error_handlers(app)
    # The service's routes first: a request is matched against the routes in order (nested
    # router by nested router), and the probes and /metrics are the rarest paths.
    for router in routers:
        app.include_router(router)
    app.include_router(health.router)
    app.include_router(metrics.router)
    check_internal_routes(app.routes)
    check_fast_routes(app.routes)
    openapi.install(app)

    from pf_common.idempotency import IdempotencyMiddleware

    # Outermost last: request context wraps everything, then the body limit.
    app.add_middleware(IdempotencyMiddleware)
    app.add_middleware(LiteralPathsFirst, fastapi_app=app)
    app.add_middleware(BodyLimitMiddleware, limit=settings.request_body_limit_bytes)
    app.add_middleware(RequestContextMiddleware, service=settings.service_name)
    return app


C = TypeVar("C", bound=ServiceContext[Any])


def context_dependency(cls: type[C]) -> Callable[[Request], Awaitable[C]]:
    """The FastAPI dependency that hands a route the app's context, typed as ``cls``::

        Ctx = Annotated[MediaContext, Depends(context_dependency(MediaContext))]

    An app built with another kind of context is a wiring error (500), not a silent ``None``.
    """

    async def current_context(request: Request) -> C:
        context = request.app.state.context
        if not isinstance(context, cls):
            raise TypeError(f"this app's context is a {type(context).__name__}, not a {cls.__name__}")
        return context

    current_context.__name__ = f"current_{cls.__name__}"
    return current_context


async def get_runtime(request: Request) -> Runtime:
    """The process's runtime (database, Redis, authenticator), as a dependency: ``AppRuntime``."""
    runtime: Runtime = request.app.state.runtime
    return runtime


AppRuntime = Annotated[Runtime, Depends(get_runtime)]


def _setup_tracing(settings: ServiceSettings, app: FastAPI) -> None:
    if not settings.otel_exporter_otlp_endpoint:
        return
    from pf_common.telemetry import setup_tracing

    setup_tracing(
        settings.service_name,
        otlp_endpoint=settings.otel_exporter_otlp_endpoint,
        app=app,
        engine=app.state.runtime.db.engine,
    )
