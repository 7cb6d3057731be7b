"""make up's supervisor (deploy/local/stack.py) without the whole stack.

The children are small ``python -c`` processes that follow a plan (crash, run a while then
crash, stay up) counted in a file, under a shortened RestartPolicy, so the backoff, its reset,
the crash-loop stop and ``stop()`` are observed in a few seconds. The ready banner's logins
table is checked on its own.
"""

from __future__ import annotations

import importlib.util
import io
import json
import re
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import psutil
import pytest

ROOT = Path(__file__).resolve().parents[2]
ANSI = re.compile(r"\x1b\[[0-9;]*m")
RESTART = re.compile(
    r"\[stack\] (\S+) exited with (code -?\d+(?: \(signal \w+\))?); restarting in (\S+) s \(restart (\d+)\)"
)

# argv: counter file, plan ("crash,healthy,stay": one step per run, the last one repeats),
# how long a "healthy" run lasts
CHILD = """
import os, sys, time
from pathlib import Path
counter = Path(sys.argv[1])
run = int(counter.read_text()) + 1 if counter.exists() else 1
counter.write_text(str(run))
plan = sys.argv[2].split(",")
step = plan[min(run, len(plan)) - 1]
print(f"run {run} pid {os.getpid()} {step}", flush=True)
if step == "crash":
    sys.exit(3)
if step == "healthy":
    time.sleep(float(sys.argv[3]))
    sys.exit(3)
time.sleep(600)
"""


@pytest.fixture(scope="module")
def stack_mod() -> ModuleType:
    spec = importlib.util.spec_from_file_location("pf_local_stack", ROOT / "deploy" / "local" / "stack.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


class Out(io.StringIO):
    """The stack's output; ``text`` without colours."""

    @property
    def text(self) -> str:
        return ANSI.sub("", self.getvalue())


@pytest.fixture
def make_stack(stack_mod: ModuleType, tmp_path: Path) -> Iterator[Callable[..., Any]]:
    made = []

    def make(**policy: float) -> Any:
        ports = stack_mod.Ports(1, dict.fromkeys(stack_mod.SERVICES, 2), 3, 4)
        stack = stack_mod.Stack(
            data_dir=tmp_path,
            ports=ports,
            database_url="postgresql://unused",
            redis_url="redis://unused",
            out=Out(),
            policy=stack_mod.RestartPolicy(**policy),
            poll_s=0.02,
        )
        made.append(stack)
        return stack

    yield make
    for stack in made:  # whatever a failing test left
        stack.stop()


def child(stack: Any, tmp_path: Path, name: str, plan: str, healthy_s: float = 0.0) -> Any:
    counter = tmp_path / f"{name}.runs"
    return stack.spawn(name, [sys.executable, "-c", CHILD, str(counter), plan, str(healthy_s)], 32)


def pids(text: str, name: str) -> list[int]:
    return [int(p) for p in re.findall(rf"{name} \| run \d+ pid (\d+)", text)]


def alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def until(what: str, fn: Callable[[], object], timeout_s: float = 15.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not fn():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.02)


def supervise_in_thread(stack: Any) -> tuple[threading.Event, threading.Thread, list[int]]:
    stop, result = threading.Event(), []
    thread = threading.Thread(target=lambda: result.append(stack.supervise(stop)), daemon=True)
    thread.start()
    return stop, thread, result


def test_backoff_doubles_resets_after_a_healthy_run_and_stop_leaves_no_process(make_stack, tmp_path):
    stack = make_stack(base_s=0.2, cap_s=5.0, healthy_after_s=1.5, max_restarts=10, window_s=60.0)
    flaky = child(stack, tmp_path, "flaky", "crash,crash,healthy,crash,stay", healthy_s=2.0)
    steady = child(stack, tmp_path, "steady", "stay")
    steady_pid = steady.proc.pid
    stack.write_run_file()
    stop, thread, result = supervise_in_thread(stack)

    until("the fifth run of flaky", lambda: "flaky | run 5 " in stack.out.text)
    until("the fourth restart", lambda: re.search(r"restarted flaky \(pid \d+, restart 4\)", stack.out.text))
    text = stack.out.text
    restarts = RESTART.findall(text)
    assert [r[0] for r in restarts] == ["flaky"] * 4  # the steady one is left alone
    assert all(r[1] == "code 3" for r in restarts)
    # 0.2, 0.4; then a run of 2 s (>= healthy_after_s) resets the backoff: 0.2, 0.4
    assert [float(r[2]) for r in restarts] == [0.2, 0.4, 0.2, 0.4]
    assert [int(r[3]) for r in restarts] == [1, 2, 3, 4]
    # loud: the restart lines are red and bold
    assert re.search(
        r"\x1b\[1;31m\[stack\] flaky exited with code 3; restarting in 0\.2 s", stack.out.getvalue()
    )
    # the prefix of the restarted process is the one of its first run
    assert "flaky | run 5 " in text
    # the run file names the current processes
    run_file = json.loads((tmp_path / "run" / "stack.json").read_text())
    assert run_file["children"] == {"flaky": flaky.proc.pid, "steady": steady_pid}
    all_pids = pids(text, "flaky")
    assert len(all_pids) == 5 and all_pids[-1] == flaky.proc.pid
    assert alive(flaky.proc.pid) and alive(steady_pid)
    assert not any(alive(p) for p in all_pids[:-1])

    stop.set()
    thread.join(5)
    assert result == [0]
    stack.stop()
    assert not alive(flaky.proc.pid) and not alive(steady_pid)
    assert not (tmp_path / "run" / "stack.json").exists()


def test_the_backoff_is_waited_before_a_restart(make_stack, tmp_path):
    stack = make_stack(base_s=0.6, cap_s=5.0, max_restarts=10, window_s=60.0)
    child(stack, tmp_path, "slow", "crash,stay")
    stop, thread, _ = supervise_in_thread(stack)
    until("the restart line", lambda: "restarting in 0.6 s" in stack.out.text)
    announced = time.monotonic()
    until("the second run", lambda: "slow | run 2 " in stack.out.text)
    assert time.monotonic() - announced >= 0.5
    stop.set()
    thread.join(5)
    stack.stop()


def test_a_crash_loop_stops_the_stack_with_code_1(make_stack, tmp_path, stack_mod):
    stack = make_stack(base_s=0.05, cap_s=0.2, healthy_after_s=60.0, max_restarts=4, window_s=60.0)
    child(stack, tmp_path, "broken", "crash")
    steady = child(stack, tmp_path, "steady", "stay")
    started = time.monotonic()
    code = stack.supervise(threading.Event())  # returns by itself
    assert code == 1
    assert time.monotonic() - started < 10
    text = stack.out.text
    restarts = RESTART.findall(text)
    assert [float(r[2]) for r in restarts] == [0.05, 0.1, 0.2, 0.2]  # doubles, then capped
    assert [int(r[3]) for r in restarts] == [1, 2, 3, 4]
    assert (
        "[stack] broken exited with code 3 after 4 restarts within 60 s: crash loop, stopping the stack"
        in text
    )
    assert len(pids(text, "broken")) == 5  # no sixth run
    assert alive(steady.proc.pid)

    # what up() does next
    stack.stop()
    assert not alive(steady.proc.pid)
    assert not any(alive(p) for p in pids(text, "broken"))


def test_a_kill_9_is_named_and_stop_during_a_backoff_is_prompt(make_stack, tmp_path):
    stack = make_stack(base_s=30.0)
    victim = child(stack, tmp_path, "worker", "stay")
    first_pid = victim.proc.pid
    until("the first run", lambda: "worker | run 1 " in stack.out.text)
    stop, thread, result = supervise_in_thread(stack)
    psutil.Process(first_pid).kill()
    until("the restart line", lambda: "restarting in 30 s" in stack.out.text)
    assert "worker exited with code -9 (signal SIGKILL); restarting in 30 s (restart 1)" in stack.out.text

    asked = time.monotonic()
    stop.set()  # Ctrl-C / make down during the 30 s wait
    thread.join(5)
    assert result == [0]
    stack.stop()
    assert time.monotonic() - asked < 3
    assert pids(stack.out.text, "worker") == [first_pid]  # never restarted
    assert victim.proc.pid == first_pid


def test_an_exit_during_start_up_fails_fast(make_stack, tmp_path, stack_mod):
    stack = make_stack()
    early = child(stack, tmp_path, "early", "crash")
    early.proc.wait(10)
    with pytest.raises(stack_mod.StackError, match="process exited during start-up: early"):
        stack.check_alive()


def test_describe_exit_names_the_signal(stack_mod):
    assert stack_mod.describe_exit(1) == "code 1"
    assert stack_mod.describe_exit(-9) == "code -9 (signal SIGKILL)"
    assert stack_mod.describe_exit(-15) == "code -15 (signal SIGTERM)"


def test_the_default_policy_is_the_documented_one(stack_mod):
    policy = stack_mod.RestartPolicy()
    assert [policy.delay(k) for k in range(8)] == [1, 2, 4, 8, 16, 30, 30, 30]
    assert (policy.healthy_after_s, policy.max_restarts, policy.window_s) == (60, 5, 300)
    for doc in (ROOT / "README.md", ROOT / "deploy" / "README.md"):
        text = " ".join(doc.read_text().split())
        for fact in ("1 s", "30 s", "60 s", "5 restarts", "5 minutes", "exit code 1"):
            assert fact in text, (doc.name, fact)


WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def test_the_readme_counts_the_licenses_the_stack_files():
    spec = importlib.util.spec_from_file_location(
        "pf_demo_licenses", ROOT / "deploy" / "local" / "demo_licenses.py"
    )
    assert spec is not None and spec.loader is not None
    demo = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(demo)
    filed = len(demo.STORES)
    pending = sum(keep_pending for *_, keep_pending in demo.STORES)
    readme = " ".join((ROOT / "README.md").read_text().split())
    assert f"files the {WORDS[filed]} demo stores' licenses" in readme
    assert f"{WORDS[filed - pending]} verified, {WORDS[pending]} left pending" in readme


SEED_OUTPUT = """\
Demo logins (http://localhost:8080; admins use /api/admin/v1/auth/login):
  admin         admin@demo.example.com                   Demo-aaaaaaaaaaaaaa-7  admin login
  agent         agent1@demo.example.com                  Demo-bbbbbbbbbbbbbb-7  agent
  vendor owner  vendor1-owner@demo.example.com           Demo-cccccccccccccc-7  Red Earth Growers
  buyer staff   buyer2-staff@demo.example.com            Demo-dddddddddddddd-7  Tulsa Green Shop
"""


def test_the_ready_banner_ends_with_the_logins_the_seed_printed(make_stack, stack_mod):
    stack = make_stack()
    stack.demo_logins = stack_mod.login_rows("some log line\n" + SEED_OUTPUT + "after\n")
    assert len(stack.demo_logins) == 4
    banner = stack.table(12.3)
    lines = banner.splitlines()
    health = max(i for i, line in enumerate(lines) if "/health/ready" in line)
    for row in SEED_OUTPUT.splitlines()[1:]:
        assert row in lines
        assert lines.index(row) > health  # under the services, so the last thing above "ready"
    assert "Red Earth Growers" in banner and "Demo-aaaaaaaaaaaaaa-7" in banner
    assert "after" not in banner
    assert "restarted" in banner


def test_without_the_seed_table_the_banner_reads_the_logins_file(make_stack, tmp_path):
    stack = make_stack()
    assert "demo logins" not in stack.table(1.0)
    (tmp_path / "demo-logins.json").write_text(json.dumps({"admin@demo.example.com": "Demo-secret-7"}))
    banner = stack.table(1.0)
    assert "demo logins" in banner
    assert re.search(r"admin@demo\.example\.com\s+Demo-secret-7", banner)


def test_seed_makes_every_services_key_ring_once(make_stack, stack_mod, tmp_path):
    stack = make_stack()
    stack.make_keys()
    keys = tmp_path / "keys" / "services"
    for service in stack_mod.SERVICES:
        assert list((keys / service).glob("*.pem")), service
        assert json.loads((keys / "jwks" / f"{service}.json").read_text())["keys"], service
    before = {p: p.read_bytes() for p in keys.rglob("*") if p.is_file()}
    stack.make_keys()  # a second make up keeps them
    assert {p: p.read_bytes() for p in keys.rglob("*") if p.is_file()} == before


def test_the_gateway_runs_go_on_a_quarter_of_the_cores_unless_told(make_stack, stack_mod, monkeypatch):
    assert [stack_mod.gateway_gomaxprocs(n) for n in (1, 2, 4, 8, 16)] == [1, 1, 1, 2, 4]
    monkeypatch.delenv("GOMAXPROCS", raising=False)
    assert make_stack().env()["GOMAXPROCS"] == str(stack_mod.gateway_gomaxprocs())
    monkeypatch.setenv("GOMAXPROCS", "3")  # an operator's value wins
    assert make_stack().env()["GOMAXPROCS"] == "3"


def test_auto_ports_are_free_distinct_and_below_the_ephemeral_range(stack_mod):
    """Chosen before the datastores start and bound after migrations and seeds: a port of the
    ephemeral range could meanwhile become the local port of any outgoing connection."""
    import argparse
    import socket

    from pf_common.embedded import _ephemeral_range

    ports = stack_mod.Ports.choose(argparse.Namespace(auto_ports=True))
    chosen = [ports.gateway, ports.postgres, ports.redis, *ports.services.values()]
    assert len(set(chosen)) == len(chosen) == 3 + len(stack_mod.SERVICES)
    assert set(ports.services) == set(stack_mod.SERVICES)
    first_ephemeral, _ = _ephemeral_range()
    assert all(20000 <= p < first_ephemeral for p in chosen)
    for port in chosen:
        with socket.socket() as s:
            s.bind(("127.0.0.1", port))
