"""A lean HTTP/1.1 load generator: uvloop + raw asyncio protocols over keep-alive connections.

Runs in its own process, so its CPU is separate from the server's and measurable::

    python -m benchmarks.loadgen '{"port": 8000, "paths": ["/"], "mode": "closed", ...}'

* ``closed``: ``connections`` connections, each sends its next request as soon as the
  previous response is complete (throughput). Latencies of a closed loop are reported but
  are not the latency figures (coordinated omission).
* ``open``: a constant arrival rate: request *i* is due at ``t0 + i / rate`` on a fixed
  timeline, handed to an idle connection of a pool of ``connections`` (or queued when all
  are busy) and its latency is measured from the *scheduled* time, so a slow server shows
  up as latency instead of silently lowering the send rate (no coordinated omission).
  The dispatcher ticks every millisecond (the event loop's timer resolution), so a
  latency below about a millisecond is overstated by up to one tick; ``send_lag`` shows
  how late requests actually went out.

Requests are ``GET`` unless the spec has ``"method"`` (and a JSON ``"body"``, sent with
``Content-Type: application/json`` and its length): the same request on every connection,
except that with ``"unique_header": "<Name>"`` every request carries that header with a value
of its own (``<pid>-<random>-<counter>``: e.g. a fresh ``Idempotency-Key`` per request).

Protocol: ``MEASURE_START`` and ``MEASURE_END`` lines on stdout bracket the measurement
window (the parent samples server CPU there), then one ``RESULT {json}`` line.
The generator's own CPU (``resource.getrusage``) over the window is part of the result.
"""

from __future__ import annotations

import asyncio
import collections
import json
import os
import resource
import sys
import time
import uuid
from array import array
from typing import Any

from benchmarks.stats import latency_summary

VERSION = "1.2"
TICK_S = 0.001
NAME = "benchmarks.loadgen"

_now = time.perf_counter


def _cpu_s() -> float:
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


class _Conn(asyncio.Protocol):
    """One keep-alive connection: one request in flight, responses parsed in place."""

    def __init__(self, gen: _Gen) -> None:
        self.gen = gen
        self.buf = bytearray()
        self.transport: asyncio.Transport | None = None
        self.t_start = 0.0  # send time (closed) or scheduled time (open)
        self.busy = False
        self.path_i = 0
        self.ready = asyncio.get_running_loop().create_future()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # a TCP connection's transport is an asyncio.Transport (the protocol method is typed wider)
        self.transport = transport  # type: ignore[assignment]
        if not self.ready.done():
            self.ready.set_result(None)

    def connection_lost(self, exc: Exception | None) -> None:
        self.transport = None
        if self.busy:
            self.busy = False
            self.gen.on_lost(self)
        else:
            self.gen.on_idle_lost(self)

    def send(self, t_start: float) -> None:
        self.t_start = t_start
        self.busy = True
        reqs = self.gen.requests
        self.path_i = (self.path_i + 1) % len(reqs)
        assert self.transport is not None
        if self.gen.unique_parts is None:
            self.transport.write(reqs[self.path_i])
        else:
            self.transport.write(self.gen.unique_request(self.path_i))

    def data_received(self, data: bytes) -> None:
        buf = self.buf
        buf += data
        while True:
            end = buf.find(b"\r\n\r\n")
            if end < 0:
                return
            head = bytes(buf[:end]).lower()
            body_at = end + 4
            i = head.find(b"\r\ncontent-length:")
            if i >= 0:
                j = head.find(b"\r\n", i + 2)
                total = body_at + int(head[i + 17 : j if j >= 0 else None])
                if len(buf) < total:
                    return
            elif b"transfer-encoding: chunked" in head:
                total = _chunked_end(buf, body_at)
                if total < 0:
                    return
            else:
                total = body_at
            status = int(head[9:12])
            del buf[:total]
            self.busy = False
            self.gen.on_response(self, status)


def _chunked_end(buf: bytearray, pos: int) -> int:
    """Offset just past a complete chunked body starting at ``pos``; -1 when incomplete."""
    while True:
        eol = buf.find(b"\r\n", pos)
        if eol < 0:
            return -1
        size = int(bytes(buf[pos:eol]).split(b";")[0], 16)
        if size == 0:
            end = buf.find(b"\r\n\r\n", eol)  # trailers (usually none) end with an empty line
            return -1 if end < 0 else end + 4
        pos = eol + 2 + size + 2
        if pos > len(buf):
            return -1


class _Gen:
    def __init__(self, cfg: dict[str, Any]) -> None:
        self.cfg = cfg
        host = cfg.get("host", "127.0.0.1")
        hdrs = "".join(f"{k}: {v}\r\n" for k, v in (cfg.get("headers") or {}).items())
        method, body = cfg.get("method", "GET"), (cfg.get("body") or "").encode()
        if body:
            hdrs += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        head = f"Host: {host}:{cfg['port']}\r\nUser-Agent: pf-bench/{VERSION}\r\n{hdrs}\r\n"
        self.requests = [f"{method} {p} HTTP/1.1\r\n{head}".encode() + body for p in cfg["paths"]]
        # a header whose value differs on every request: the request split around it
        self.unique_parts: list[tuple[bytes, bytes]] | None = None
        self.unique_n = 0
        if cfg.get("unique_header"):
            start = f"{cfg['unique_header']}: {os.getpid()}-{uuid.uuid4().hex[:12]}-".encode()
            self.unique_parts = [
                (f"{method} {p} HTTP/1.1\r\n{head[:-2]}".encode() + start, b"\r\n\r\n" + body)
                for p in cfg["paths"]
            ]
        self.conns: list[_Conn] = []
        self.measuring = False
        self.running = True
        self.lat = array("d")
        self.status: collections.Counter[int] = collections.Counter()
        self.lost = 0
        self.done = 0  # responses in the window
        self.total = 0  # every response, warm-up included
        self.idle: list[_Conn] = []
        self.queue: collections.deque[float] = collections.deque()
        self.measure_from = 0.0  # open loop: requests scheduled from here on count
        self.open_mode = cfg["mode"] == "open"
        self.outstanding = 0
        self.tasks: set[asyncio.Task[None]] = set()

    async def connect(self, n: int) -> None:
        loop = asyncio.get_running_loop()
        host, port = self.cfg.get("host", "127.0.0.1"), self.cfg["port"]
        for _ in range(n):
            _t, conn = await loop.create_connection(lambda: _Conn(self), host, port)
            await conn.ready
            self.conns.append(conn)

    def unique_request(self, i: int) -> bytes:
        assert self.unique_parts is not None
        self.unique_n += 1
        before, after = self.unique_parts[i]
        return before + str(self.unique_n).encode() + after

    # -- callbacks ---------------------------------------------------------------------------

    def on_response(self, conn: _Conn, status: int) -> None:
        now = _now()
        self.total += 1
        if self.open_mode:
            self.outstanding -= 1
            if conn.t_start >= self.measure_from:
                self.lat.append(now - conn.t_start)
                self.status[status] += 1
                self.done += 1
            if self.queue:
                self.outstanding += 1
                conn.send(self.queue.popleft())
            else:
                self.idle.append(conn)
            return
        if self.measuring:
            self.lat.append(now - conn.t_start)
            self.status[status] += 1
            self.done += 1
        if self.running:
            conn.send(now)

    def on_lost(self, conn: _Conn) -> None:
        self.lost += 1
        if self.open_mode:
            self.outstanding -= 1
        if self.running:
            self._replace_later(conn)

    def on_idle_lost(self, conn: _Conn) -> None:
        """The server closed a connection with nothing in flight (open loop: one waiting in
        ``idle``): replaced, and no request counts as lost (a run once died sending on it)."""
        if conn in self.idle:
            self.idle.remove(conn)
        if self.running and self.open_mode and conn in self.conns:
            self._replace_later(conn)

    def _replace_later(self, dead: _Conn) -> None:
        task = asyncio.get_running_loop().create_task(self._replace(dead))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def _replace(self, dead: _Conn) -> None:
        loop = asyncio.get_running_loop()
        host, port = self.cfg.get("host", "127.0.0.1"), self.cfg["port"]
        try:
            _t, conn = await loop.create_connection(lambda: _Conn(self), host, port)
        except OSError:
            return
        self.conns[self.conns.index(dead)] = conn
        if not self.running:
            return
        if self.open_mode:
            if self.queue:
                self.outstanding += 1
                conn.send(self.queue.popleft())
            else:
                self.idle.append(conn)
        else:
            conn.send(_now())

    # -- runs --------------------------------------------------------------------------------

    async def closed(self) -> dict[str, Any]:
        cfg = self.cfg
        await self.connect(cfg["connections"])
        for c in self.conns:
            c.send(_now())
        await asyncio.sleep(cfg.get("warmup", 1.0))
        _mark("MEASURE_START")
        cpu0, t0 = _cpu_s(), _now()
        self.measuring = True
        await asyncio.sleep(cfg["duration"])
        self.measuring = False
        t1, cpu1 = _now(), _cpu_s()
        _mark("MEASURE_END")
        self.running = False
        await asyncio.sleep(0.05)
        return self._result(t1 - t0, cpu1 - cpu0, {})

    async def open(self) -> dict[str, Any]:
        cfg = self.cfg
        rate = float(cfg["rate"])
        warmup, duration = cfg.get("warmup", 1.0), cfg["duration"]
        await self.connect(cfg["connections"])
        self.idle = list(self.conns)
        total = int(rate * (warmup + duration))
        interval = 1.0 / rate
        t0 = _now() + 0.01
        self.measure_from = t0 + warmup
        lag = array("d")
        sent = 0
        measuring = False
        cpu0 = t_m0 = 0.0
        while sent < total:
            now = _now()
            if not measuring and now >= self.measure_from:
                measuring = True
                _mark("MEASURE_START")
                cpu0, t_m0 = _cpu_s(), now
            due = min(total, int((now - t0) * rate) + 1)
            while sent < due:
                sched = t0 + sent * interval
                if sched >= self.measure_from:
                    lag.append(now - sched)
                if self.idle:
                    self.outstanding += 1
                    self.idle.pop().send(sched)
                else:
                    self.queue.append(sched)
                sent += 1
            # the event loop's timers have millisecond resolution: tick at most every 1 ms (a
            # shorter sleep would spin a core); requests falling due meanwhile go out together
            # and their latency still counts from their scheduled time (see send_lag)
            await asyncio.sleep(max(TICK_S, t0 + sent * interval - _now()))
        # every request is sent or queued; wait for the answers (bounded)
        deadline = _now() + cfg.get("drain_timeout", 10.0)
        while (self.outstanding > 0 or self.queue) and _now() < deadline:  # noqa: ASYNC110 - bounded poll
            await asyncio.sleep(0.005)
        t_m1, cpu1 = _now(), _cpu_s()
        _mark("MEASURE_END")
        self.running = False
        unanswered = self.outstanding + len(self.queue)
        extra = {
            "rate_target": rate,
            "scheduled": total - int(rate * warmup),
            "unanswered": unanswered,
            "send_lag": latency_summary(lag),
            "achieved_rps": round(self.done / duration, 1),
        }
        res = self._result(t_m1 - t_m0, cpu1 - cpu0, extra)
        res["rps"] = extra["achieved_rps"]
        return res

    def _result(self, window_s: float, cpu_s: float, extra: dict[str, Any]) -> dict[str, Any]:
        ok = sum(n for s, n in self.status.items() if 200 <= s < 300)
        return {
            "tool": f"{NAME} {VERSION}",
            "mode": self.cfg["mode"],
            "connections": len(self.conns),
            "window_s": round(window_s, 3),
            "requests": self.done,
            "total_responses": self.total,
            "ok": ok,
            "errors": self.done - ok + self.lost,
            "status": {str(k): v for k, v in sorted(self.status.items())},
            "connections_lost": self.lost,
            "rps": round(self.done / window_s, 1) if window_s else None,
            "latency": latency_summary(self.lat),
            "loadgen_cpu_s": round(cpu_s, 3),
            "loadgen_cores": round(cpu_s / window_s, 3) if window_s else None,
            **extra,
        }


def _mark(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


async def _main(cfg: dict[str, Any]) -> dict[str, Any]:
    gen = _Gen(cfg)
    try:
        return await (gen.open() if gen.open_mode else gen.closed())
    finally:
        for c in gen.conns:
            if c.transport is not None:
                c.transport.close()


def run(cfg: dict[str, Any]) -> dict[str, Any]:
    try:
        import uvloop
    except ImportError as exc:  # pragma: no cover - uvicorn[standard] brings it
        raise SystemExit("benchmarks.loadgen needs uvloop (uvicorn[standard]; uv sync installs it)") from exc
    return uvloop.run(_main(cfg))


if __name__ == "__main__":
    result = run(json.loads(sys.argv[1]))
    _mark("RESULT " + json.dumps(result))
