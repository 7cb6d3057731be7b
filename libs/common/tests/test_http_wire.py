"""pf_common.http_wire: the transport of service-to-service calls, against a real TCP server whose
answers each test scripts (kept-alive, chunked, close-delimited, broken, slow)."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
from opentelemetry import trace as otel_trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from pf_common import telemetry
from pf_common.http import InternalClient, RetryTransport
from pf_common.http_wire import WireTransport

OK = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 11\r\n\r\n" + b'{"ok":true}'


class Seen:
    def __init__(self, method: str, path: str, headers: dict[str, str], body: bytes, conn: int) -> None:
        self.method, self.path, self.headers, self.body, self.conn = method, path, headers, body, conn


Answer = Callable[[Seen], Any]  # bytes, (bytes,) then close, or "drop" (close at once); or a coroutine


class Server:
    """A TCP server speaking just enough HTTP/1.1: reads each request (Content-Length bodies) and
    writes what ``answer`` returns for it; counts connections and the most open at once."""

    def __init__(self, answer: Answer) -> None:
        self.answer = answer
        self.seen: list[Seen] = []
        self.connections = 0
        self.open = 0
        self.most_open = 0
        self.port = 0
        self._server: asyncio.Server | None = None

    async def __aenter__(self) -> Server:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *_: Any) -> None:
        assert self._server is not None
        self._server.close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        conn = self.connections
        self.open += 1
        self.most_open = max(self.most_open, self.open)
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, ConnectionError):
                    return
                lines = head.decode("latin-1").split("\r\n")
                method, path, _ = lines[0].split(" ")
                headers = {k.lower(): v for k, v in (line.split(": ", 1) for line in lines[1:] if line)}
                body = await reader.readexactly(int(headers.get("content-length", "0")))
                seen = Seen(method, path, headers, body, conn)
                self.seen.append(seen)
                out = self.answer(seen)
                if asyncio.iscoroutine(out):
                    out = await out
                if out == "drop":
                    return
                close = isinstance(out, tuple)  # (bytes,): write them, then close
                data = out[0] if close else out
                writer.write(data)
                await writer.drain()
                head_of = data.lower().split(b"\r\n\r\n")[0]
                framed = b"content-length" in head_of or b"transfer-encoding: chunked" in head_of
                if close or b"connection: close" in head_of or not framed:
                    return
        finally:
            self.open -= 1
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()


def delayed(seconds: float, path: str | None = None) -> Answer:
    """Answers ``OK`` after ``seconds`` to ``path`` (to every path when ``None``), at once otherwise."""

    async def answer(seen: Seen) -> bytes:
        if path is None or seen.path == path:
            await asyncio.sleep(seconds)
        return OK

    return answer


@contextlib.asynccontextmanager
async def client_of(server: Server, **kw: Any) -> AsyncIterator[tuple[httpx.AsyncClient, WireTransport]]:
    transport = WireTransport(**kw)
    async with httpx.AsyncClient(base_url=server.url, transport=transport, timeout=5.0) as client:
        yield client, transport


async def test_calls_share_one_kept_alive_connection_and_round_trip_json() -> None:
    async with Server(lambda s: OK) as server, client_of(server) as (client, transport):
        answers = [
            await client.post("/v1/x?q=1", json={"n": n}, headers={"X-Request-Id": "r1"}) for n in range(3)
        ]
        assert transport.idle_connections == 1

    assert [r.status_code for r in answers] == [200, 200, 200]
    assert answers[0].json() == {"ok": True} and answers[0].headers["content-type"] == "application/json"
    assert server.connections == 1
    assert [json.loads(s.body) for s in server.seen] == [{"n": 0}, {"n": 1}, {"n": 2}]
    first = server.seen[0]
    assert (first.method, first.path) == ("POST", "/v1/x?q=1")
    assert first.headers["x-request-id"] == "r1" and first.headers["host"] == f"127.0.0.1:{server.port}"
    assert first.headers["content-type"] == "application/json"


async def test_a_chunked_answer_is_read_whole_and_keeps_the_connection() -> None:
    chunked = b'HTTP/1.1 201 Created\r\ntransfer-encoding: chunked\r\n\r\n4\r\n{"a"\r\n3\r\n:1}\r\n0\r\n\r\n'
    async with Server(lambda s: chunked) as server, client_of(server) as (client, _):
        first = await client.get("/a")
        second = await client.get("/b")
    assert (first.status_code, first.json(), second.json()) == (201, {"a": 1}, {"a": 1})
    assert server.connections == 1


async def test_an_answer_ended_by_the_close_is_read_whole_and_the_next_call_reconnects() -> None:
    close_delimited = b"HTTP/1.1 200 OK\r\nconnection: close\r\n\r\nall of it"
    async with Server(lambda s: close_delimited) as server, client_of(server) as (client, transport):
        first = await client.get("/a")
        second = await client.get("/b")
        assert transport.idle_connections == 0
    assert first.content == second.content == b"all of it"
    assert server.connections == 2


async def test_connection_close_is_honoured_and_a_server_closed_idle_connection_is_not_reused() -> None:
    closing = b"HTTP/1.1 200 OK\r\nconnection: close\r\ncontent-length: 2\r\n\r\nok"
    async with Server(lambda s: closing) as server, client_of(server) as (client, _):
        assert (await client.get("/a")).content == b"ok"
        assert (await client.get("/b")).content == b"ok"
    assert server.connections == 2

    # the server closes a kept-alive connection once idle (no header said so): the client sees the
    # close and reconnects instead of writing to a dead connection
    async with (
        Server(lambda s: (OK,) if s.path == "/first" else OK) as server,
        client_of(server) as (client, _),
    ):
        assert (await client.get("/first")).status_code == 200
        await asyncio.sleep(0.05)  # the close reaches the idle connection
        assert (await client.get("/second")).status_code == 200
    assert server.connections == 2


@pytest.mark.parametrize(
    ("broken", "error"),
    [
        ("drop", httpx.RemoteProtocolError),  # closed before any byte of the answer
        ((b"HTTP/1.1 200 OK\r\ncontent-length: 50\r\n\r\nonly part",), httpx.ReadError),  # then closed
        (b"SMTP ready\r\n\r\n", httpx.RemoteProtocolError),  # not HTTP
    ],
)
async def test_a_broken_answer_is_an_httpx_error_and_its_connection_is_dropped(
    broken: Any, error: type
) -> None:
    async with (
        Server(lambda s: broken if s.path == "/broken" else OK) as server,
        client_of(server) as (
            client,
            transport,
        ),
    ):
        with pytest.raises(error):
            await client.get("/broken")
        assert transport.idle_connections == 0
        assert (await client.get("/fine")).status_code == 200
    assert server.connections == 2


async def test_a_slow_answer_is_a_read_timeout_and_its_connection_is_not_reused() -> None:
    async with Server(delayed(0.5, "/slow")) as server, client_of(server) as (client, _):
        with pytest.raises(httpx.ReadTimeout):
            await client.get("/slow", timeout=httpx.Timeout(5.0, read=0.1))
        assert (await client.get("/fast")).status_code == 200
    assert server.connections == 2


async def test_nothing_listening_is_a_connect_error() -> None:
    async with Server(lambda s: OK) as server:
        url = server.url
    transport = WireTransport()
    async with httpx.AsyncClient(base_url=url, transport=transport) as client:
        with pytest.raises(httpx.ConnectError):
            await client.get("/")


async def test_at_most_max_connections_are_in_flight_and_the_pool_timeout_bounds_the_wait() -> None:
    async with Server(delayed(0.05)) as server, client_of(server, max_connections=2) as (client, transport):
        answers = await asyncio.gather(*(client.get(f"/{n}") for n in range(6)))
        assert transport.idle_connections == 2
    assert [r.status_code for r in answers] == [200] * 6
    assert server.most_open == 2 and server.connections == 2

    async with Server(delayed(0.5)) as server, client_of(server, max_connections=1) as (client, _):
        held = asyncio.create_task(client.get("/held"))
        await asyncio.sleep(0.05)
        with pytest.raises(httpx.PoolTimeout):
            await client.get("/waiting", timeout=httpx.Timeout(5.0, pool=0.05))
        assert (await held).status_code == 200


async def test_an_idle_connection_past_its_expiry_is_replaced() -> None:
    async with Server(lambda s: OK) as server, client_of(server, keepalive_expiry_s=0.05) as (client, _):
        await client.get("/a")
        await client.get("/b")  # within the expiry: the same connection
        await asyncio.sleep(0.1)
        await client.get("/c")
    assert [s.conn for s in server.seen] == [1, 1, 2]


async def test_a_cancelled_call_closes_its_connection() -> None:
    async with Server(delayed(1, "/slow")) as server, client_of(server) as (client, transport):
        call = asyncio.create_task(client.get("/slow"))
        await asyncio.sleep(0.05)
        call.cancel()
        with pytest.raises(asyncio.CancelledError):
            await call
        assert transport.idle_connections == 0
        assert (await client.get("/next")).status_code == 200
    assert server.connections == 2


async def test_https_goes_to_httpx_own_transport() -> None:
    transport = WireTransport()
    try:
        with pytest.raises(httpx.ConnectError):
            await transport.handle_async_request(httpx.Request("GET", "https://127.0.0.1:1/"))
        assert isinstance(transport._fallback, httpx.AsyncHTTPTransport)
    finally:
        await transport.aclose()


async def test_internal_clients_use_it_and_a_safe_call_is_retried_on_a_new_connection() -> None:
    async def first_dropped(seen: Seen) -> Any:
        return "drop" if seen.conn == 1 else OK

    class Client(InternalClient):
        retries = 1

    async with Server(first_dropped) as server:
        internal = Client(server.url, token_provider=lambda: "tok")
        try:
            retry = internal._client._transport
            assert isinstance(retry, RetryTransport) and isinstance(retry._transport, WireTransport)
            retry._sleep = _no_sleep
            r = await internal._client.get("/v1/thing")
        finally:
            await internal.aclose()
    assert r.status_code == 200
    assert [s.conn for s in server.seen] == [1, 2]
    assert server.seen[1].headers["authorization"] == "Bearer tok"


async def _no_sleep(_: float) -> None:
    return None


async def test_with_tracing_on_each_call_is_a_client_span_and_the_callee_its_child(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    monkeypatch.setattr(telemetry, "_provider", provider)
    monkeypatch.setattr(otel_trace, "get_tracer", lambda name: provider.get_tracer(name))
    assert telemetry.tracing_enabled()

    async with Server(lambda s: OK) as server, client_of(server) as (client, _):
        await client.post("/v1/x", json={})

    (span,) = exporter.get_finished_spans()
    assert span.name == "POST" and span.attributes is not None
    assert span.attributes["http.response.status_code"] == 200
    trace_id, span_id = format(span.context.trace_id, "032x"), format(span.context.span_id, "016x")
    assert server.seen[0].headers["traceparent"].split("-")[1:3] == [trace_id, span_id]


async def test_a_head_answer_ends_at_its_headers_and_its_connection_is_not_reused() -> None:
    head_only = b"HTTP/1.1 200 OK\r\ncontent-length: 11\r\n\r\n"  # the length of a GET's body, no body
    async with (
        Server(lambda s: head_only if s.method == "HEAD" else OK) as server,
        client_of(server) as (
            client,
            transport,
        ),
    ):
        r = await client.head("/x", timeout=httpx.Timeout(5.0, read=1.0))
        assert (r.status_code, r.content, r.headers["content-length"]) == (200, b"", "11")
        assert transport.idle_connections == 0
        assert (await client.get("/y")).json() == {"ok": True}
    assert server.connections == 2
