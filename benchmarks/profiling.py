"""Profiles that explain a missed target: cProfile of a server process or of an in-process loop.

``python -m benchmarks.profiling APP PORT OUT`` serves ``APP`` (a uvicorn factory) with the
same uvicorn options as the measured servers; SIGUSR1 switches cProfile on, SIGUSR2 switches
it off and writes the stats to ``OUT``, so only the load window is profiled.
cProfile slows Python code down (roughly 1.5-2x), so a profile tells where the time goes,
not how fast the server is.
"""

from __future__ import annotations

import cProfile
import pstats
import signal
import sys
from pathlib import Path
from typing import Any

_SHORTEN = ("site-packages/", "libs/common/", "lib/python3")
# waiting for I/O, not work: left out of the totals (the asyncio loop's epoll/select calls)
_IDLE = ("<method 'poll' of 'select.epoll' objects>", "<method 'select' of 'select.epoll' objects>")


def _short(path: str) -> str:
    for marker in _SHORTEN:
        i = path.rfind(marker)
        if i >= 0:
            return path[i + len(marker) :].lstrip("/.0123456789")
    return path


def _package(path: str) -> str:
    """The installed package, workspace package or "stdlib" a profiled function lives in."""
    if path == "~":
        return "C calls"
    for marker in ("site-packages/", "libs/common/", "services/identity/", "services/"):
        i = path.rfind(marker)
        if i >= 0:
            return path[i + len(marker) :].split("/")[0].removesuffix(".py")
    if "/lib/python3" in path:
        return "stdlib"
    return Path(path).parent.name or path


def summarize(stats_path: Path | str, *, top: int = 25) -> dict[str, Any]:
    """Top functions by own time and by cumulative time (seconds and share of the total)."""
    st = pstats.Stats(str(stats_path))
    # Stats.stats and Stats.total_tt are public in practice but not in typeshed
    raw: dict[Any, Any] = {k: v for k, v in st.stats.items() if k[2] not in _IDLE}  # type: ignore[attr-defined]
    idle = sum(v[2] for k, v in st.stats.items() if k[2] in _IDLE)  # type: ignore[attr-defined]
    total = max(1e-9, st.total_tt - idle)  # type: ignore[attr-defined]
    rows = []
    for (file, line, func), (_cc, nc, tt, ct, _callers) in raw.items():
        name = f"{func}" if file == "~" else f"{_short(file)}:{line}({func})"
        rows.append({"function": name, "ncalls": nc, "tottime_s": round(tt, 4), "cumtime_s": round(ct, 4)})

    def pick(key: str) -> list[dict[str, Any]]:
        out = sorted(rows, key=lambda r: r[key], reverse=True)[:top]
        return [{**r, "share_pct": round(r[key] / total * 100, 1)} for r in out]

    files: dict[str, float] = {}
    for (file, _line, func), (_cc, _nc, tt, _ct, _callers) in raw.items():
        key = func if file == "~" else _short(file)
        files[key] = files.get(key, 0.0) + tt
    by_file = [
        {"file": f, "tottime_s": round(t, 4), "share_pct": round(t / total * 100, 1)}
        for f, t in sorted(files.items(), key=lambda kv: kv[1], reverse=True)[:top]
    ]
    packages: dict[str, float] = {}
    for (file, _line, _func), (_cc, _nc, tt, _ct, _callers) in raw.items():
        packages[_package(file)] = packages.get(_package(file), 0.0) + tt
    by_package = [
        {"package": k, "tottime_s": round(t, 4), "share_pct": round(t / total * 100, 1)}
        for k, t in sorted(packages.items(), key=lambda kv: kv[1], reverse=True)
    ]
    return {
        "total_s": round(total, 3),
        "idle_wait_s_excluded": round(idle, 3),
        "note": "ncalls counts every resumption of a coroutine or generator as a call",
        "by_package": by_package,
        "by_file": by_file,
        "by_own_time": pick("tottime_s"),
        "by_cumulative": pick("cumtime_s"),
    }


def format_summary(summary: dict[str, Any], *, top: int = 10, indent: str = "    ") -> str:
    """Own time per file and the top functions by own time (cumulative lists are in the JSON)."""
    lines = [f"{indent}profiled CPU {summary['total_s']:.2f}s"]
    if summary.get("by_package"):
        lines.append(
            f"{indent}own time per package: "
            + ", ".join(f"{r['package']} {r['share_pct']:.0f}%" for r in summary["by_package"][:8])
        )
    lines.append(f"{indent}own time per file:")
    for r in summary.get("by_file", [])[:top]:
        lines.append(f"{indent}  {r['share_pct']:5.1f}%  {r['tottime_s']:7.3f}s  {r['file']}")
    lines.append(f"{indent}top functions by own time (ncalls counts coroutine resumptions):")
    for r in summary["by_own_time"][:top]:
        lines.append(
            f"{indent}  {r['share_pct']:5.1f}%  {r['tottime_s']:7.3f}s  {r['ncalls']:>9}  {r['function']}"
        )
    return "\n".join(lines)


def serve(app: str, port: int, out: str) -> None:
    import uvicorn

    prof = cProfile.Profile()

    def start(*_: Any) -> None:
        prof.enable()

    def stop(*_: Any) -> None:
        prof.disable()
        prof.dump_stats(out)

    signal.signal(signal.SIGUSR1, start)
    signal.signal(signal.SIGUSR2, stop)
    uvicorn.run(
        app,
        factory=True,
        host="127.0.0.1",
        port=port,
        http="httptools",
        loop="uvloop",
        workers=1,
        access_log=False,
        log_level="warning",
    )


if __name__ == "__main__":
    serve(sys.argv[1], int(sys.argv[2]), sys.argv[3])
