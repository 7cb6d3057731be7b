"""One side of P14: the event pipeline's backlog drain, driven over stdin/stdout.

Run by :mod:`benchmarks.drainbase` with the interpreter of a checkout (this one, or the commit
P14 compares against) and that checkout on ``PYTHONPATH``; it is copied out of the tree first, so
the ``benchmarks`` package it imports is the checkout's own. It therefore uses only what both
checkouts have (``benchmarks.eventbench.PipelineBench`` and ``EventEnv``, ``benchmarks.procs``,
``pf_common.embedded``): the same measurement, each side's own relay and consumer workers.

``python drain_driver.py SCRATCH``: starts its own embedded Postgres and Redis and the event
workers, prints ``{"ready": ...}``; then, one JSON line per command it reads:

* ``drain N``: fills the outbox with N committed events and drains them (``PipelineBench.max_rate``:
  rate, seconds, CPU per process);
* ``produce N``: the closed loop with the producers, written here so that both sides run the same
  one: :data:`PRODUCER_TASKS` tasks commit N producer transactions (a row and its event through
  ``emit()`` in ``Database.transaction()``, P13's producer in both checkouts) as fast as they can
  while the workers relay and consume them; the rate is N over the time from the first commit to
  the last handler's;

``quit`` (or the end of stdin) stops everything.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import os
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

PRODUCER_TASKS = 8
REPLY_MARK = "drain_driver"


def _say(msg: str) -> None:
    print(f"[drain] {msg}", file=sys.stderr, flush=True)


def _emit(obj: dict[str, Any]) -> None:
    # marked: whatever else prints a JSON line on stdout (a log) is not taken for a reply
    sys.stdout.write(json.dumps({**obj, REPLY_MARK: True}) + "\n")
    sys.stdout.flush()


def _git_commit(root: Path) -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return out.stdout.strip()


async def _serve(bench: Any) -> None:
    loop = asyncio.get_running_loop()
    while True:
        line = (await loop.run_in_executor(None, sys.stdin.readline)).strip()
        if not line or line == "quit":
            return
        verb, _, arg = line.partition(" ")
        if verb not in ("drain", "produce") or not arg.isdigit():
            _emit({"error": f"unknown command {line!r}"})
            continue
        _emit(await (bench.max_rate(int(arg)) if verb == "drain" else _produce(bench, int(arg))))


async def _produce(bench: Any, n: int) -> dict[str, Any]:
    """The closed loop with the producers (module docstring): P13's producer transaction, written
    here because the baseline checkout's ``PipelineBench`` has no method for it."""
    import sqlalchemy as sa

    from benchmarks import eventapp
    from pf_common.ids import uuid7
    from pf_common.outbox import emit

    async def produce(i: int) -> None:
        thing = uuid7()
        async with bench.db.transaction() as session:
            await session.execute(sa.insert(eventapp.things).values(id=thing, seq=i))
            await emit(session, eventapp.BenchThingV1(thing_id=thing, seq=i))

    return await closed_loop(bench, n, produce, concurrency=PRODUCER_TASKS)


async def closed_loop(
    bench: Any, n: int, produce: Callable[[int], Awaitable[Any]], *, concurrency: int
) -> dict[str, Any]:
    """``concurrency`` tasks call ``produce(i)`` for i in 0..n-1 as fast as they can while the
    workers relay and consume the events; timed from the first commit to the last handler's, with
    the CPU of every process (``PipelineBench.max_rate_with_producers`` is this too)."""
    import time

    from benchmarks.eventbench import _per_event_ms
    from benchmarks.procs import CpuMeter

    await bench._truncate_effects()
    issued = iter(range(n))

    async def producer() -> None:
        for i in issued:
            await produce(i)

    meter = CpuMeter(bench.cpu_groups())
    meter.start()
    t0 = time.perf_counter()
    await asyncio.gather(*(producer() for _ in range(concurrency)))
    committed = time.perf_counter()
    t1 = await bench._wait_effects(n, timeout_s=max(120.0, n / 20))
    cpu = meter.stop()
    return {
        "events": n,
        "producer_tasks": concurrency,
        "commit_rate": round(n / (committed - t0), 1),
        "seconds": round(t1 - t0, 3),
        "rate": round(n / (t1 - t0), 1),
        "cpu": cpu,
        "cpu_ms_per_event": _per_event_ms(cpu, n),
    }


def event_env(
    database_url: str, pg: Any, rd: Any, children: Any, tmp: Path, say: Callable[[str], None]
) -> Any:
    """The events phase's environment on a database: the bench schemas, dev keys, the workers'
    settings and the CPU groups (this process, Postgres, Redis). ``make bench``'s events phase
    builds its own with it too."""
    from benchmarks import eventapp, eventbench
    from benchmarks.procs import CpuGroup

    try:  # where the dev keys are made moved between the two checkouts
        keys_module = importlib.import_module("pf_common.devkeys")
    except ImportError:
        keys_module = importlib.import_module("pf_common.auth")

    eventapp.create_schemas(database_url)
    keys_module.ensure_dev_keys(tmp / "keys")
    env = {
        "PF_DATABASE_URL": database_url,
        "PF_REDIS_URL": rd.url,
        "PF_KEYS_DIR": str(tmp / "keys"),
        "PF_ENVIRONMENT": "dev",
        "PF_LOG_FORMAT": "json",
        "PYTHONUNBUFFERED": "1",
    }
    return eventbench.EventEnv(
        database_url=database_url,
        redis_url=rd.url,
        children=children,
        env=env,
        tmp=tmp,
        base_cpu=[
            CpuGroup("runner", os.getpid()),  # the producer (P13) or the in-process relay (P11)
            CpuGroup("postgres", pg._proc.pid, tree=True),
            CpuGroup("redis", rd._proc.pid),
        ],
        say=say,
    )


def main(argv: list[str]) -> int:
    import uvloop

    from benchmarks import eventbench
    from benchmarks.procs import ROOT, Children
    from pf_common.embedded import EmbeddedPostgres, EmbeddedRedis

    tmp = Path(argv[1])
    (tmp / "logs").mkdir(parents=True, exist_ok=True)
    with Children(tmp / "logs") as children:
        pg: Any = EmbeddedPostgres(tmp / "pg", ephemeral=True, log_file=tmp / "logs" / "postgres.log").start()
        rd: Any = EmbeddedRedis(tmp / "redis", ephemeral=True, log_file=tmp / "logs" / "redis.log").start()
        try:
            ev = event_env(pg.create_database("pf_bench"), pg, rd, children, tmp, _say)

            async def run() -> None:
                bench = eventbench.PipelineBench(ev)
                try:
                    await bench.open()
                    _emit({"ready": True, "root": str(ROOT), "commit": _git_commit(ROOT)})
                    await _serve(bench)
                finally:
                    await bench.close()

            uvloop.run(run())
        finally:
            rd.stop()
            pg.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
