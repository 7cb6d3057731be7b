"""Outgoing service-to-service HTTP: an ``httpx.AsyncClient`` with timeouts, correlation and retries.

Every request carries ``X-Request-Id`` (from the structlog context), ``traceparent`` (from
the current span) and, when configured, ``Authorization: Bearer ...``. ``RetryTransport``
retries only requests that are safe to repeat (idempotent methods, or any request with an
``Idempotency-Key``) on connect errors, read timeouts, a connection that broke before the
answer and 502/503/504, with capped exponential backoff and jitter. A request started while the
task holds a database connection is reported by ``pf_common.iosafety`` (a warning; a failure in
tests).
"""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections.abc import Awaitable, Callable, Collection
from typing import Final

import httpx
import structlog

from pf_common.http_wire import WireTransport
from pf_common.iosafety import check_io
from pf_common.logging import get_logger
from pf_common.telemetry import current_traceparent

__all__ = ["IDEMPOTENT_METHODS", "RETRY_STATUSES", "InternalClient", "RetryTransport", "make_http_client"]

log = get_logger(__name__)

IDEMPOTENT_METHODS: Final = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
RETRY_STATUSES: Final = frozenset({502, 503, 504})
# connect errors and timeouts, and a connection that broke before the answer (a kept-alive
# connection the server closed as the request went out: ReadError, RemoteProtocolError, WriteError)
_RETRY_EXCEPTIONS: Final = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.ReadTimeout,
    httpx.ReadError,
    httpx.RemoteProtocolError,
    httpx.WriteError,
)


class RetryTransport(httpx.AsyncBaseTransport):
    """Wraps another transport and retries requests that are safe to repeat.

    A request is retried only if its method is idempotent or it carries an
    ``Idempotency-Key`` header, and only on connect errors, read timeouts, a connection that
    broke before the answer came (read, write or protocol error: typically a kept-alive
    connection the server closed as the request went out) and ``retry_statuses``. After
    ``retries`` extra attempts the last response is returned (or the last exception re-raised).
    The delay before retry ``n`` (1-based) is ``min(backoff_max_s, backoff_base_s * 2 ** (n - 1))``
    with equal jitter, raised to a ``Retry-After`` given in seconds but never above
    ``backoff_max_s``.
    """

    def __init__(
        self,
        transport: httpx.AsyncBaseTransport,
        *,
        retries: int = 2,
        backoff_base_s: float = 0.05,
        backoff_max_s: float = 1.0,
        retry_statuses: Collection[int] = RETRY_STATUSES,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if retries < 0:
            raise ValueError("retries must be >= 0")
        self._transport = transport
        self._retries = retries
        self._backoff_base_s = backoff_base_s
        self._backoff_max_s = backoff_max_s
        self._retry_statuses = frozenset(retry_statuses)
        self._sleep = sleep

    @staticmethod
    def is_retryable(request: httpx.Request) -> bool:
        return request.method.upper() in IDEMPOTENT_METHODS or "idempotency-key" in request.headers

    def _delay(self, attempt: int, response: httpx.Response | None) -> float:
        ceiling: float = min(self._backoff_max_s, self._backoff_base_s * 2 ** (attempt - 1))
        delay = ceiling / 2 + random.uniform(0, ceiling / 2)
        if response is not None:
            retry_after = response.headers.get("retry-after", "")
            with contextlib.suppress(ValueError):  # HTTP-date form is ignored
                delay = max(delay, min(float(retry_after), self._backoff_max_s))
        return delay

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        # never while the task holds a database connection (ARCHITECTURE §1; pf_common.iosafety)
        check_io(lambda: f"HTTP {request.method} {request.url.copy_with(query=None, fragment=None)}")
        retryable = self._retries > 0 and self.is_retryable(request)
        if retryable:
            # Buffer a streamed body so that it can be sent again.
            await request.aread()
        attempt = 0
        while True:
            response: httpx.Response | None = None
            try:
                response = await self._transport.handle_async_request(request)
            except _RETRY_EXCEPTIONS as exc:
                if not retryable or attempt >= self._retries:
                    raise
                reason = type(exc).__name__
            else:
                if (
                    not retryable
                    or attempt >= self._retries
                    or response.status_code not in self._retry_statuses
                ):
                    return response
                reason = str(response.status_code)
                await response.aclose()
            attempt += 1
            delay = self._delay(attempt, response)
            log.warning(
                "http.client.retry",
                method=request.method,
                url=str(request.url.copy_with(query=None, fragment=None)),
                attempt=attempt,
                reason=reason,
                delay_s=round(delay, 3),
            )
            await self._sleep(delay)

    async def aclose(self) -> None:
        await self._transport.aclose()


def _header_hook(
    bearer_token: str | None, token_provider: Callable[[], str | None] | None
) -> Callable[[httpx.Request], Awaitable[None]]:
    async def add_headers(request: httpx.Request) -> None:
        request_id = structlog.contextvars.get_contextvars().get("request_id")
        if request_id and "x-request-id" not in request.headers:
            request.headers["X-Request-Id"] = str(request_id)
        traceparent = current_traceparent()
        if traceparent and "traceparent" not in request.headers:
            request.headers["traceparent"] = traceparent
        if "authorization" not in request.headers:
            token = token_provider() if token_provider is not None else bearer_token
            if token:
                request.headers["Authorization"] = f"Bearer {token}"

    return add_headers


def make_http_client(
    *,
    base_url: str,
    timeout_s: float = 5.0,
    retries: int = 2,
    bearer_token: str | None = None,
    token_provider: Callable[[], str | None] | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    backoff_base_s: float = 0.05,
    backoff_max_s: float = 1.0,
) -> httpx.AsyncClient:
    """An ``AsyncClient`` for calling another service at ``base_url``.

    ``timeout_s`` bounds connect, read, write and pool acquisition separately.
    ``token_provider`` (called per request) takes precedence over ``bearer_token``; an
    ``Authorization`` header set on the request itself is never replaced. ``transport``
    (e.g. ``httpx.MockTransport`` in tests; default httpx's own) is wrapped by ``RetryTransport``.
    """
    inner = transport if transport is not None else httpx.AsyncHTTPTransport()
    return httpx.AsyncClient(
        base_url=base_url,
        timeout=httpx.Timeout(connect=timeout_s, read=timeout_s, write=timeout_s, pool=timeout_s),
        transport=RetryTransport(
            inner, retries=retries, backoff_base_s=backoff_base_s, backoff_max_s=backoff_max_s
        ),
        event_hooks={"request": [_header_hook(bearer_token, token_provider)]},
    )


class InternalClient:
    """Base of a service's client of another service's internal API (API.md §4): one
    ``httpx.AsyncClient`` from :func:`make_http_client` (timeouts, correlation headers, the caller's
    service token from ``token_provider``, ``retries`` of :class:`RetryTransport`) over a
    :class:`pf_common.http_wire.WireTransport` (kept-alive HTTP/1.1 at a fraction of httpx's own
    transport's CPU), closed by :meth:`aclose`. A subclass sets ``retries`` and
    ``default_timeout_s`` and adds its calls on ``self._client``; tests pass ``transport`` (an
    ``httpx.MockTransport``)."""

    retries: int = 0
    default_timeout_s: float = 2.0

    def __init__(
        self,
        base_url: str,
        *,
        timeout_s: float | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        token_provider: Callable[[], str | None] | None = None,
    ) -> None:
        self._client = make_http_client(
            base_url=base_url.rstrip("/"),
            timeout_s=self.default_timeout_s if timeout_s is None else timeout_s,
            retries=self.retries,
            transport=transport if transport is not None else WireTransport(),
            token_provider=token_provider,
        )

    async def aclose(self) -> None:
        await self._client.aclose()
