"""Processes of the event benchmarks (P13), started by the runner::

    python -m benchmarks.eventworkers worker bench_producer   # relay (+ its Redis wake-up, + scheduler)
    python -m benchmarks.eventworkers worker bench_consumer   # ConsumerRunner of record_thing
    python -m benchmarks.eventworkers raw-consumer '{"stream": ..., "count": ...}'

``worker`` is the production worker itself (``pf_common.worker.main``: default asyncio loop,
JSON logs on stdout, which the runner sends to a log file). ``raw-consumer`` is the baseline:
plain ``XREADGROUP`` (the ConsumerRunner's batch size and block time) + ``XACK`` on the same
kind of loop, recording ``read time - XADD time`` of every entry.
"""

from __future__ import annotations

import asyncio
import cProfile
import json
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any, cast


def _profile_on_signals(out: Path) -> None:
    """SIGUSR1 starts cProfile, SIGUSR2 stops it and writes ``out`` (the runner profiles a window)."""
    prof = cProfile.Profile()

    def start(*_: Any) -> None:
        prof.enable()

    def stop(*_: Any) -> None:
        prof.disable()
        prof.dump_stats(str(out))

    signal.signal(signal.SIGUSR1, start)
    signal.signal(signal.SIGUSR2, stop)


def run_worker(service: str) -> int:
    from benchmarks import eventapp
    from pf_common.worker import main

    profile_dir = os.environ.get("PF_BENCH_PROFILE_DIR")
    if profile_dir:
        _profile_on_signals(Path(profile_dir) / f"{service}.pstats")

    record = eventapp.RECORD_LEAN if os.environ.get("PF_BENCH_LEAN") == "1" else eventapp.RECORD
    consumers = [record] if service == eventapp.CONSUMER else []
    settings_cls = eventapp.SETTINGS[service]
    return main(lambda: settings_cls(log_format="json"), consumers, [], argv=["run"])


async def _raw_consumer(cfg: dict[str, Any]) -> dict[str, Any]:
    from redis.asyncio import Redis

    redis = Redis.from_url(cfg["redis_url"], socket_timeout=5, socket_connect_timeout=5)
    stream, group, count = cfg["stream"], cfg["group"], int(cfg["count"])
    lat: list[float] = []
    sched_lat: list[float] = []
    await redis.ping()
    sys.stdout.write("READY\n")
    sys.stdout.flush()
    deadline = time.monotonic() + float(cfg.get("timeout_s", 120))
    try:
        while len(lat) < count and time.monotonic() < deadline:
            res = await redis.xreadgroup(
                group,
                "raw-consumer",
                {stream: ">"},
                count=cfg.get("batch", 20),
                block=cfg.get("block_ms", 1000),
            )
            now = time.time()
            # RESP2: [[stream, [(id, fields), ...]], ...] (redis-py's type also covers RESP3's dict)
            for _stream, entries in cast("list[list[Any]]", res or []):
                for entry_id, fields in entries:
                    lat.append(now - float(fields[b"ts"]))
                    sched_lat.append(now - float(fields[b"sched"]))
                    await redis.xack(stream, group, entry_id)
    finally:
        await redis.aclose()
    return {"latencies_s": lat, "sched_latencies_s": sched_lat}


def main(argv: list[str]) -> int:
    if len(argv) >= 2 and argv[0] == "worker":
        return run_worker(argv[1])
    if len(argv) >= 2 and argv[0] == "raw-consumer":
        cfg = json.loads(argv[1])
        result = asyncio.run(_raw_consumer(cfg))
        with open(cfg["out"], "w") as fh:
            json.dump(result, fh)
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
