"""Where a service request's time goes: the ASGI apps called in-process, piece by piece.

``python -m benchmarks.breakdown OUT.json`` (environment as for the service: PF_DATABASE_URL,
PF_REDIS_URL, PF_KEYS_DIR, PF_BENCH_TOKEN) calls the apps directly with an ASGI scope (no
HTTP, no sockets on the request side) on uvloop and times:

* the FastAPI hello (B1's app) and the service's hello and item routes, per request;
* the service's hello with the root logger at WARNING (so without its INFO request log line);
* the pieces: token verification, the session check in Redis, one JSON request log line,
  one ``ReadSession`` primary-key read, and the same read as a ``pf_common.lean`` statement; one
  Redis command through redis-py and through ``pf_common.resp``;

then profiles the service's hello route in-process with cProfile (top functions and own
time per file). A diagnosis, not a figure: it explains a missed target.
"""

from __future__ import annotations

import cProfile
import json
import logging
import os
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

N = 1500


async def _per_call_us(fn: Callable[[], Awaitable[Any]], n: int = N) -> float:
    for _ in range(min(100, n)):
        await fn()
    t = time.perf_counter()
    for _ in range(n):
        await fn()
    return round((time.perf_counter() - t) / n * 1e6, 1)


def _asgi_caller(app: Any, path: str, token: str | None) -> Callable[[], Awaitable[int]]:
    """An in-process GET of ``path`` (200 or ``RuntimeError``), with ``token`` as its bearer."""
    headers = [(b"host", b"127.0.0.1"), (b"user-agent", b"pf-bench/1.0")]
    if token is not None:
        headers.append((b"authorization", f"Bearer {token}".encode()))
    base = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }
    status: list[int] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            status.append(message["status"])

    async def call() -> int:
        status.clear()
        await app({**base, "state": {}}, receive, send)
        if status[0] != 200:
            raise RuntimeError(f"{path} answered {status[0]}")
        return status[0]

    return call


async def _main(out: Path) -> dict[str, Any]:
    from uuid import UUID

    import sqlalchemy as sa
    import structlog
    from sqlalchemy import text

    from benchmarks import apps, service
    from pf_common.lean import Statement
    from pf_common.logging import get_logger
    from pf_common.resp import lean_redis

    token = os.environ["PF_BENCH_TOKEN"]
    item = os.environ["PF_BENCH_ITEM_PATH"]
    app = service.service_app()  # logs into the counting /dev/null sink, like the server
    b1 = apps.fastapi_hello()
    rt = app.state.runtime
    res: dict[str, Any] = {"requests_per_figure": N}
    res["fastapi_hello_us"] = await _per_call_us(_asgi_caller(b1, apps.HELLO_PATH, token))
    res["service_hello_us"] = await _per_call_us(_asgi_caller(app, apps.HELLO_PATH, token))
    res["service_item_us"] = await _per_call_us(_asgi_caller(app, item, token))
    res["token_verify_us"] = await _per_call_us(lambda: rt.authenticator.verifier.verify(token))
    res["session_check_us"] = await _per_call_us(lambda: rt.authenticator.sessions.is_active("bench"))

    log = get_logger("pf_common.http")

    async def one_line() -> None:
        with structlog.contextvars.bound_contextvars(
            request_id="01a21f15-711f-733a-a379-0e1089c09d36",
            user_id="01a21f15-711f-733a-a379-0e1089c09d37",
            store_id="01a21f15-711f-733a-a379-0e1089c09d38",
        ):
            log.info("request.complete", method="GET", path=apps.HELLO_PATH, status=200, duration_ms=1.23)

    res["one_request_log_line_us"] = await _per_call_us(one_line)

    async def pk_read() -> None:
        async with rt.db.read() as session:
            (
                await session.execute(
                    text(f'SELECT * FROM "{service.SERVICE}".products WHERE id = :id'),
                    {"id": item.rsplit("/", 1)[1]},
                )
            ).one()

    res["read_session_pk_read_us"] = await _per_call_us(pk_read)

    by_id = Statement(service.products.select().where(service.products.c.id == sa.bindparam("id")))
    item_id = UUID(item.rsplit("/", 1)[1])

    async def lean_pk_read() -> None:
        assert await by_id.one_or_none(rt.db.lean(), id=item_id) is not None

    res["lean_pk_read_us"] = await _per_call_us(lean_pk_read)

    # one Redis command (GET of a missing key) through redis-py and through pf_common.resp
    lean_client = lean_redis(rt.redis)
    assert lean_client is not None
    res["redis_py_call_us"] = await _per_call_us(lambda: rt.redis.get("pf:bench:none"))
    res["lean_redis_call_us"] = await _per_call_us(lambda: lean_client.call("GET", "pf:bench:none"))

    prof = cProfile.Profile()
    hello = _asgi_caller(app, apps.HELLO_PATH, token)
    prof.enable()
    for _ in range(N):
        await hello()
    prof.disable()
    stats_path = out.with_suffix(".pstats")
    prof.dump_stats(str(stats_path))
    res["profile_path"] = str(stats_path)

    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.WARNING)
    try:
        res["service_hello_without_info_logs_us"] = await _per_call_us(
            _asgi_caller(app, apps.HELLO_PATH, token)
        )
    finally:
        root.setLevel(level)
    res["service_log_lines_written"] = service.LOG_SINK.lines
    return res


def main(argv: list[str]) -> int:
    import uvloop

    out = Path(argv[0])
    res = uvloop.run(_main(out))
    out.write_text(json.dumps(res))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
