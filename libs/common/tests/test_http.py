"""pf_common.http: correlation/auth headers, timeouts and retry policy of the service client."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable

import httpx
import pytest
import structlog
from opentelemetry.sdk.trace import TracerProvider

from pf_common.http import RetryTransport, make_http_client

BASE = "http://catalog.internal"


class Recorder:
    """MockTransport handler that replays ``outcomes`` (status codes or exceptions) and records requests."""

    def __init__(self, outcomes: Iterable[int | type[Exception]]) -> None:
        self.outcomes = list(outcomes)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        outcome = self.outcomes[min(len(self.requests), len(self.outcomes)) - 1]
        if isinstance(outcome, type):
            raise outcome("simulated", request=request)
        return httpx.Response(outcome, json={"n": len(self.requests)})

    @property
    def calls(self) -> int:
        return len(self.requests)


def _client(recorder: Callable[[httpx.Request], httpx.Response], **kwargs: object) -> httpx.AsyncClient:
    return make_http_client(
        base_url=BASE,
        transport=httpx.MockTransport(recorder),
        backoff_base_s=0.001,
        backoff_max_s=0.005,
        **kwargs,  # type: ignore[arg-type]
    )


async def test_adds_request_id_traceparent_and_bearer_headers() -> None:
    rec = Recorder([200])
    tracer = TracerProvider().get_tracer("test")
    async with _client(rec, bearer_token="svc-token") as client:
        with (
            structlog.contextvars.bound_contextvars(request_id="req-42"),
            tracer.start_as_current_span("orders.checkout") as span,
        ):
            await client.get("/v1/products/1")
    (req,) = rec.requests
    ctx = span.get_span_context()
    assert req.url == f"{BASE}/v1/products/1"
    assert req.headers["x-request-id"] == "req-42"
    assert req.headers["traceparent"].startswith(f"00-{ctx.trace_id:032x}-{ctx.span_id:016x}-")
    assert req.headers["authorization"] == "Bearer svc-token"


async def test_no_correlation_headers_without_context() -> None:
    rec = Recorder([200])
    async with _client(rec) as client:
        await client.get("/x")
    (req,) = rec.requests
    assert "x-request-id" not in req.headers
    assert "traceparent" not in req.headers
    assert "authorization" not in req.headers


async def test_token_provider_is_called_per_request_and_explicit_authorization_wins() -> None:
    tokens = iter(["t1", "t2"])
    rec = Recorder([200])
    async with _client(rec, bearer_token="static", token_provider=lambda: next(tokens)) as client:
        await client.get("/a")
        await client.get("/b")
        await client.get("/c", headers={"Authorization": "Bearer caller"})
    assert [r.headers["authorization"] for r in rec.requests] == ["Bearer t1", "Bearer t2", "Bearer caller"]


async def test_explicit_request_id_header_is_kept() -> None:
    rec = Recorder([200])
    async with _client(rec) as client:
        with structlog.contextvars.bound_contextvars(request_id="from-context"):
            await client.get("/x", headers={"X-Request-Id": "explicit"})
    assert rec.requests[0].headers["x-request-id"] == "explicit"


async def test_timeouts_are_set_on_every_phase() -> None:
    async with make_http_client(base_url=BASE, timeout_s=2.5) as client:
        assert client.timeout == httpx.Timeout(connect=2.5, read=2.5, write=2.5, pool=2.5)
        assert client.base_url.host == "catalog.internal"


async def test_get_is_retried_on_503_then_succeeds() -> None:
    rec = Recorder([503, 200])
    async with _client(rec, retries=2) as client:
        response = await client.get("/v1/products")
    assert response.status_code == 200
    assert response.json() == {"n": 2}
    assert rec.calls == 2


@pytest.mark.parametrize("status", [502, 504])
async def test_get_is_retried_on_other_gateway_errors(status: int) -> None:
    rec = Recorder([status, 200])
    async with _client(rec) as client:
        assert (await client.get("/x")).status_code == 200
    assert rec.calls == 2


@pytest.mark.parametrize("status", [500, 404, 409, 429])
async def test_other_statuses_are_not_retried(status: int) -> None:
    rec = Recorder([status, 200])
    async with _client(rec) as client:
        assert (await client.get("/x")).status_code == status
    assert rec.calls == 1


@pytest.mark.parametrize("method", ["POST", "PATCH"])
async def test_non_idempotent_request_without_key_is_not_retried(method: str) -> None:
    rec = Recorder([503, 200])
    async with _client(rec) as client:
        response = await client.request(method, "/v1/orders", json={"a": 1})
    assert response.status_code == 503
    assert rec.calls == 1


async def test_post_connect_error_without_key_is_not_retried() -> None:
    rec = Recorder([httpx.ConnectError, 200])
    async with _client(rec) as client:
        with pytest.raises(httpx.ConnectError):
            await client.post("/v1/orders", json={"a": 1})
    assert rec.calls == 1


async def test_post_with_idempotency_key_is_retried_with_same_body() -> None:
    rec = Recorder([503, httpx.ReadTimeout, 201])
    async with _client(rec) as client:
        response = await client.post(
            "/v1/orders", json={"cart_id": "c-1"}, headers={"Idempotency-Key": "k-1"}
        )
    assert response.status_code == 201
    assert rec.calls == 3
    assert [json.loads(r.content) for r in rec.requests] == [{"cart_id": "c-1"}] * 3
    assert {r.headers["idempotency-key"] for r in rec.requests} == {"k-1"}


async def test_streamed_body_is_buffered_for_retries() -> None:
    rec = Recorder([503, 200])

    async def body():  # type: ignore[no-untyped-def]
        yield b"chunk-1;"
        yield b"chunk-2"

    async with _client(rec) as client:
        response = await client.put("/v1/blob", content=body())
    assert response.status_code == 200
    assert [r.content for r in rec.requests] == [b"chunk-1;chunk-2"] * 2


@pytest.mark.parametrize("error", [httpx.ConnectError, httpx.ConnectTimeout, httpx.ReadTimeout])
async def test_get_is_retried_on_connect_errors_and_read_timeouts(error: type[Exception]) -> None:
    rec = Recorder([error, 200])
    async with _client(rec) as client:
        assert (await client.get("/x")).status_code == 200
    assert rec.calls == 2


@pytest.mark.parametrize("error", [httpx.ReadError, httpx.RemoteProtocolError, httpx.WriteError])
async def test_a_connection_broken_before_the_answer_is_retried_when_safe(error: type[Exception]) -> None:
    # a kept-alive connection the server closed as the request went out (the 1,000-buyer stack
    # race saw one: orders' batch_get to catalog failed with ReadError, a 503 for the buyer)
    rec = Recorder([error, 200])
    async with _client(rec) as client:
        assert (await client.post("/x", json={}, headers={"Idempotency-Key": "k"})).status_code == 200
    assert rec.calls == 2
    rec = Recorder([error, 200])
    async with _client(rec) as client:
        with pytest.raises(error):
            await client.post("/x", json={})  # not safe to repeat: the first may have been applied
    assert rec.calls == 1


@pytest.mark.parametrize("retries", [0, 1, 3])
async def test_gives_up_after_retries_and_returns_last_response(retries: int) -> None:
    rec = Recorder([503])
    async with _client(rec, retries=retries) as client:
        response = await client.delete("/v1/things/1")
    assert response.status_code == 503
    assert rec.calls == retries + 1


async def test_gives_up_after_retries_and_reraises_last_error() -> None:
    rec = Recorder([httpx.ConnectError])
    async with _client(rec, retries=2) as client:
        with pytest.raises(httpx.ConnectError):
            await client.get("/x")
    assert rec.calls == 3


async def test_backoff_is_exponential_capped_and_honours_retry_after() -> None:
    delays: list[float] = []

    async def fake_sleep(delay: float) -> None:
        delays.append(delay)

    def handler(request: httpx.Request) -> httpx.Response:
        headers = {"Retry-After": "0.3"} if len(delays) == 3 else {}
        return httpx.Response(503, headers=headers)

    transport = RetryTransport(
        httpx.MockTransport(handler), retries=4, backoff_base_s=0.1, backoff_max_s=0.25, sleep=fake_sleep
    )
    async with httpx.AsyncClient(transport=transport, base_url=BASE) as client:
        assert (await client.get("/x")).status_code == 503
    assert len(delays) == 4
    assert 0.05 <= delays[0] <= 0.1
    assert 0.1 <= delays[1] <= 0.2
    assert 0.125 <= delays[2] <= 0.25  # capped at backoff_max_s
    assert delays[3] == 0.25  # Retry-After 0.3 s, capped at backoff_max_s


def test_negative_retries_rejected() -> None:
    with pytest.raises(ValueError, match="retries"):
        RetryTransport(httpx.MockTransport(lambda r: httpx.Response(200)), retries=-1)
