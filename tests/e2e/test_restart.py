"""A crashed process of the running stack is restarted, loudly, without stopping the others
(as Kubernetes would restart a container)."""

from __future__ import annotations

import json
import os
import signal
import time

import pytest

pytestmark = [pytest.mark.slow]


def test_a_killed_worker_is_restarted_and_the_stack_keeps_serving(stack, gw, process_alive):
    run_file = stack["data_dir"] / "run" / "stack.json"
    before = json.loads(run_file.read_text())["children"]
    victim = before["analytics-worker"]

    os.kill(victim, signal.SIGKILL)

    deadline = time.monotonic() + 30
    while True:
        now = json.loads(run_file.read_text())["children"]
        if now["analytics-worker"] != victim and process_alive(now["analytics-worker"]):
            break
        assert time.monotonic() < deadline, "analytics-worker was not restarted"
        time.sleep(0.2)
    assert any("analytics-worker exited with" in line and "restarting in" in line for line in stack["lines"])
    assert {k: v for k, v in now.items() if k != "analytics-worker"} == {
        k: v for k, v in before.items() if k != "analytics-worker"
    }, "nothing else was restarted"
    assert stack["proc"].poll() is None, "the stack is still running"
    assert gw.get("/health/live").status_code == 200
