"""What a service-to-service call costs the caller: httpx's own transport vs ``pf_common.http_wire``.

``python -m benchmarks.calls`` starts a bare ASGI app under uvicorn (httptools, uvloop; its own
process) and POSTs a small JSON body to it from an ``httpx.AsyncClient`` on uvloop, with 8 and
then 50 calls in flight, over httpx's default transport (httpcore, anyio, h11) and over
``WireTransport`` (what ``pf_common.http.InternalClient`` uses), in interleaved rounds; prints the
caller's and the server's CPU per call (the best round of each). A diagnosis (issue #14), not a
figure: ``make bench`` measures the services through the gateway.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from typing import Any

IN_FLIGHT = (8, 50)

_SERVER = """
import sys, uvicorn
async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    await receive()
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"application/json"), (b"content-length", b"11")]})
    await send({"type": "http.response.body", "body": b'{"ok":true}'})
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="error", loop="uvloop", http="httptools")
"""


def _server_cpu_s(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def _round(
    port: int, server_pid: int, transport: Any, in_flight: int, calls: int
) -> tuple[float, float]:
    import httpx

    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", transport=transport) as client:
        gate = asyncio.Semaphore(in_flight)

        async def one() -> None:
            async with gate:
                (await client.post("/v1/x", json={"n": 1})).raise_for_status()

        await asyncio.gather(*(one() for _ in range(min(500, calls))))  # warm: connections, caches
        cpu, server = time.process_time(), _server_cpu_s(server_pid)
        await asyncio.gather(*(one() for _ in range(calls)))
        return (time.process_time() - cpu) / calls * 1e6, (_server_cpu_s(server_pid) - server) / calls * 1e6


async def _run(port: int, server_pid: int, rounds: int, calls: int) -> dict[str, Any]:
    import httpx

    from pf_common.http_wire import WireTransport

    out: dict[str, Any] = {}
    for in_flight in IN_FLIGHT:
        best: dict[str, tuple[float, float]] = {}
        for _ in range(rounds):
            for name, make in (("httpx", httpx.AsyncHTTPTransport), ("wire", WireTransport)):
                caller, server = await _round(port, server_pid, make(), in_flight, calls)
                if name not in best or caller < best[name][0]:
                    best[name] = (caller, server)
        out[str(in_flight)] = {
            name: {"caller_us": round(c, 1), "server_us": round(s, 1)} for name, (c, s) in best.items()
        }
        print(
            f"{in_flight} in flight: httpx {best['httpx'][0]:,.0f} us, wire {best['wire'][0]:,.0f} us of the "
            f"caller's CPU per call (server {best['httpx'][1]:,.0f} / {best['wire'][1]:,.0f} us)",
            file=sys.stderr,
        )
    return out


def main(argv: list[str]) -> int:
    import uvloop

    from pf_common.embedded import free_port

    p = argparse.ArgumentParser(prog="python -m benchmarks.calls", description=__doc__.splitlines()[0])
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--calls", type=int, default=3_000)
    args = p.parse_args(argv)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-c", _SERVER, str(port)])
    try:
        deadline = time.monotonic() + 30
        while True:  # up once it accepts a connection
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.1)
        print(json.dumps(uvloop.run(_run(port, server.pid, args.rounds, args.calls))))
    finally:
        server.terminate()
        server.wait(10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
