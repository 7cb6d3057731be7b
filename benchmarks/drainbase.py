"""P14: the event pipeline's maximum end-to-end rate against the code issue #14 measured it on.

Issue #14 asks for "the maximum end-to-end rate (producer commit -> handler committed) at least
3x today's on this machine": today's was 460 ev/s, ``make bench``'s P13 max rate (a backlog of
3,000 committed events drained through the relay and consumer workers) at commit
:data:`BASELINE_COMMIT`, on the machine of that day. Machines change between sessions (that one
was an AMD EPYC; the same code drains 550 ev/s on a 2.6 GHz Xeon), so a rate from another day is
no baseline. P14 measures both in the same run, on the same machine:

* the baseline checkout: ``git worktree add`` of :data:`BASELINE_COMMIT` under the run's scratch
  directory, its own environment (``make env``: its own lock file, so its own library versions);
* one :mod:`benchmarks.drain_driver` process per side, run with that side's interpreter and
  checkout: each starts its own embedded Postgres and Redis and its own relay and consumer
  workers (``PipelineBench``, the same in both checkouts), then drains backlogs on request;
* rounds interleaved (B, T, B, T, ...), each a backlog of ``events`` committed events; the
  figure is the target's rate over the baseline's, per round.

The driver processes wait idle between their drains (the workers block on Redis), so neither side
loads the machine while the other measures.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Final

from benchmarks.drain_driver import REPLY_MARK
from benchmarks.procs import ROOT, BenchError
from benchmarks.stats import spread

#: the commit whose ``make bench`` gave issue #14 its "today's" event rate (2026-11-28-full.json)
BASELINE_COMMIT: Final = "6b1a040028d3912b6dfec529a8d658030b9ffee0"
GOAL: Final = 3.0
READY_TIMEOUT_S: Final = 180.0
DRIVER: Final = Path(__file__).with_name("drain_driver.py")


@dataclass
class Side:
    """One driver process: a checkout's drains, on request. A thread reads its stdout into ``lines``
    (a line buffered by the reader is never missed by a wait on the pipe)."""

    name: str
    proc: subprocess.Popen[str]
    lines: queue.Queue[str | None] = field(default_factory=queue.Queue)
    ready: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        threading.Thread(target=self._read_lines, name=f"p14-{self.name}", daemon=True).start()

    def _read_lines(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line)
        self.lines.put(None)  # the driver closed its stdout: it exited

    def reply(self, timeout_s: float) -> dict[str, Any]:
        """The driver's next reply (a marked JSON line; anything else on its stdout is skipped)."""
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                line = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise BenchError(
                    f"{self.name}: no answer from the drain driver within {timeout_s:.0f} s"
                ) from None
            if line is None:
                raise BenchError(f"{self.name}: the drain driver exited (code {self.proc.wait()})")
            if line.startswith("{"):
                with contextlib.suppress(ValueError):
                    parsed = json.loads(line)
                    if isinstance(parsed, dict) and parsed.pop(REPLY_MARK, False):
                        return parsed

    def run(self, mode: str, events: int) -> dict[str, Any]:
        """``mode`` ("drain" or "produce", the driver's commands) over ``events`` events."""
        assert self.proc.stdin is not None
        self.proc.stdin.write(f"{mode} {events}\n")
        self.proc.stdin.flush()
        reply = self.reply(timeout_s=max(120.0, events / 20))
        if "rate" not in reply:
            raise BenchError(f"{self.name} {mode} answered {reply}")
        return reply

    def stop(self) -> None:
        if self.proc.poll() is None:
            try:
                assert self.proc.stdin is not None
                self.proc.stdin.write("quit\n")
                self.proc.stdin.close()
                self.proc.wait(timeout=60)
            except (OSError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait()


def checkout(commit: str, tmp: Path, say: Callable[[str], None]) -> Path:
    """A worktree of ``commit`` under ``tmp`` with its own environment (``make env``)."""
    tree = tmp / f"baseline-{commit[:7]}"
    say(f"P14 baseline: worktree of {commit[:7]} and its environment (make env)")
    subprocess.run(
        ["git", "worktree", "add", "--detach", "--force", str(tree), commit],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    made = subprocess.run(["make", "env"], cwd=tree, capture_output=True, text=True)
    if made.returncode != 0:
        raise BenchError(f"make env in the baseline checkout failed:\n{(made.stdout + made.stderr)[-2000:]}")
    return tree


def remove_checkout(tree: Path) -> None:
    subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, capture_output=True)
    shutil.rmtree(tree, ignore_errors=True)
    subprocess.run(["git", "worktree", "prune"], cwd=ROOT, capture_output=True)


def start(name: str, python: str, root: Path, scratch: Path, log: IO[str]) -> Side:
    """A driver process with ``python`` and ``root``'s ``benchmarks`` package (the driver is copied
    into ``scratch`` so that its own folder puts nothing of this checkout on ``sys.path``)."""
    scratch.mkdir(parents=True, exist_ok=True)
    script = scratch / DRIVER.name
    shutil.copyfile(DRIVER, script)
    proc = subprocess.Popen(
        [python, str(script), str(scratch)],
        cwd=root,
        env={**_clean_env(), "PYTHONPATH": str(root), "PYTHONUNBUFFERED": "1"},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
        start_new_session=True,
    )
    side = Side(name, proc)
    try:
        side.ready = side.reply(timeout_s=READY_TIMEOUT_S)
    except BaseException:
        side.stop()
        raise
    if not side.ready.get("ready"):
        side.stop()
        raise BenchError(f"{name}: the drain driver answered {side.ready}")
    return side


def _clean_env() -> dict[str, str]:
    # nothing of this checkout's environment (its virtualenv, PF_* settings) leaks into the other's
    return {k: v for k, v in os.environ.items() if not k.startswith(("PF_", "VIRTUAL_ENV", "PYTHONPATH"))}


MODES: Final = ("drain", "produce")


def p14(
    tmp: Path,
    *,
    rounds: int,
    events: int,
    say: Callable[[str], None],
    commit: str = BASELINE_COMMIT,
) -> dict[str, Any]:
    """Interleaved runs of this checkout (T) and ``commit``'s (B), in both modes of the driver:
    the backlog drain (the issue's "today's" measure, the figure) and the closed loop with the
    producers; their rates, the ratios and the CPU per event."""
    tree = checkout(commit, tmp, say)
    logs = tmp / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    sides: list[Side] = []
    runs: dict[str, list[dict[str, Any]]] = {mode: [] for mode in MODES}
    try:
        with open(logs / "p14-drivers.log", "a") as log:
            base = start("baseline", str(tree / ".venv" / "bin" / "python"), tree, tmp / "p14-baseline", log)
            sides.append(base)
            target = start("target", sys.executable, ROOT, tmp / "p14-target", log)
            sides.append(target)
            for side in sides:
                warm = [side.run(mode, min(events, 500))["rate"] for mode in MODES]
                say(
                    f"P14 {side.name} ({side.ready['commit'][:7]}) warmed up: drain {warm[0]:,.0f}, "
                    f"with producers {warm[1]:,.0f} ev/s"
                )
            for i in range(rounds):
                for mode in MODES:
                    b = base.run(mode, events)
                    t = target.run(mode, events)
                    runs[mode].append({"baseline": b, "target": t, "ratio": t["rate"] / b["rate"]})
                    say(
                        f"P14 round {i + 1}/{rounds}  {mode:<7}  B {commit[:7]} {b['rate']:,.0f} ev/s"
                        f"   T {t['rate']:,.0f} ev/s   {t['rate'] / b['rate']:.2f}x"
                    )
    finally:
        for side in sides:
            side.stop()
        remove_checkout(tree)
    return {
        "baseline_commit": commit,
        "target_commit": sides[1].ready.get("commit") if len(sides) > 1 else None,
        "events": events,
        "producer_tasks": runs["produce"][0]["target"].get("producer_tasks") if runs["produce"] else None,
        **{
            mode: {
                "baseline_rate": spread([r["baseline"]["rate"] for r in rs]),
                "target_rate": spread([r["target"]["rate"] for r in rs]),
                "ratio": spread([r["ratio"] for r in rs]),
                "cpu_ms_per_event": {
                    "baseline": _cpu_per_event(rs, "baseline"),
                    "target": _cpu_per_event(rs, "target"),
                },
                "runs": rs,
            }
            for mode, rs in runs.items()
        },
    }


def _cpu_per_event(runs: list[dict[str, Any]], side: str) -> dict[str, Any]:
    """Median CPU ms per event by process over the rounds, and their sum."""
    names = sorted({k for r in runs for k in r[side].get("cpu_ms_per_event", {})})
    out = {n: spread([r[side]["cpu_ms_per_event"].get(n, 0.0) for r in runs])["median"] for n in names}
    out["total"] = round(sum(out.values()), 3)
    return out


def figure(p14: dict[str, Any]) -> dict[str, Any]:
    """The P14 figure: the backlog drain's rate over the baseline's (the measure issue #14's 460 ev/s
    was), with the closed loop with the producers beside it."""
    drain, produce = p14["drain"], p14["produce"]
    ratio = drain["ratio"]
    return {
        "what": f"max event rate, a {p14['events']:,}-event committed backlog drained through relay + "
        f"consumer / the same by the code at {p14['baseline_commit'][:7]} (issue #14's 'today'), "
        "same machine, interleaved rounds",
        "baseline": {"name": p14["baseline_commit"][:7], "rate": drain["baseline_rate"]},
        "target": {"name": "drain", "rate": drain["target_rate"]},
        "ratio": ratio,
        "cpu_ms_per_event": drain["cpu_ms_per_event"],
        "with_producers": {
            "what": f"closed loop with the producers ({p14.get('producer_tasks')} tasks committing P13's "
            "producer transaction, first commit -> last handler), this checkout / the baseline's",
            "baseline_rate": produce["baseline_rate"],
            "target_rate": produce["target_rate"],
            "ratio": produce["ratio"],
            "cpu_ms_per_event": produce["cpu_ms_per_event"],
        },
        "goal": f">= {GOAL:g}",
        "met": bool(ratio["median"] is not None and ratio["median"] >= GOAL),
    }


def table_lines(figs: dict[str, Any]) -> list[str]:
    """P14's lines of the run's table."""
    f = figs.get("P14")
    if not f:
        return []

    def rate(s: dict[str, Any]) -> str:
        return f"{s['median']:,.0f} ±{s['spread_pct'] / 2:.0f}% ev/s" if s.get("median") else "n/a"

    def ratio(s: dict[str, Any]) -> str:
        return f"{s['median']:.2f}x ±{s['spread_pct'] / 2:.0f}%" if s.get("median") else "n/a"

    wp = f["with_producers"]
    cpu_b, cpu_t = wp["cpu_ms_per_event"]["baseline"], wp["cpu_ms_per_event"]["target"]
    return [
        f"{'P14':<6} {f['baseline']['name'] + ' ' + rate(f['baseline']['rate']):<28} "
        f"{'drain ' + rate(f['target']['rate']):<28} {ratio(f['ratio']):<14} {f['goal']:<26} "
        f"{'met' if f['met'] else 'MISSED'}",
        f"{'':<6} with the producers: {rate(wp['target_rate'])} vs {rate(wp['baseline_rate'])} "
        f"({ratio(wp['ratio'])}); CPU ms per event summed over the processes {cpu_t['total']:.2f} "
        f"(baseline {cpu_b['total']:.2f}); {f['what']}",
    ]
