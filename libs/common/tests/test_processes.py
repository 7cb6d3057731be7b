"""A service's real processes: the API under uvicorn and the worker, run and stopped for real."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import httpx
import pytest

from pf_common.embedded import free_port
from pf_common.migrations import upgrade
from pf_common.testing.plugin import service_dir


@pytest.fixture
def orders_env(fresh_database, pf_servers, tmp_path):
    url = fresh_database(f"proc_orders_{os.getpid()}")
    upgrade(service_dir("orders"), url)
    return {
        **os.environ,
        "PF_DATABASE_URL": url,
        "PF_REDIS_URL": pf_servers.redis_url,
        "PF_KEYS_DIR": str(tmp_path / "keys"),
        "PF_LOG_FORMAT": "json",
        "PF_ENVIRONMENT": "test",
    }


def _stop(proc: subprocess.Popen[str]) -> tuple[int, str]:
    proc.send_signal(signal.SIGTERM)
    try:
        out, _ = proc.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
        raise AssertionError(f"did not stop on SIGTERM:\n{out[-3000:]}") from None
    return proc.returncode, out


@pytest.mark.slow
def test_api_process_serves_health_and_logs_json(orders_env):
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "pf_orders.app:create_app", "--port", str(port)],
        env=orders_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/health/ready", timeout=2)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stdout.read()  # type: ignore[union-attr]
                assert time.monotonic() < deadline, "API did not start"
                time.sleep(0.1)
        assert r.status_code == 200, r.text
        assert r.json()["data"]["status"] == "ready"
        r = httpx.get(f"http://127.0.0.1:{port}/nope", headers={"X-Request-Id": "proc-req-1"})
        assert r.json()["error"]["code"] == "NOT_FOUND"
    finally:
        code, out = _stop(proc)
    assert code in (0, -signal.SIGTERM), out[-3000:]  # uvicorn re-raises the signal after a clean shutdown
    assert "Application shutdown complete." in out
    events = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    assert any(e.get("event") == "app.started" and e.get("service") == "orders" for e in events)
    assert any(e.get("event") == "request.complete" and e.get("request_id") == "proc-req-1" for e in events)


@pytest.mark.slow
def test_worker_process_starts_and_stops_cleanly(orders_env):
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "pf_orders.worker"],
        env={**orders_env, "PF_WORKER_METRICS_PORT": str(port)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                metrics = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=2).text
                if "pf_outbox_backlog{" in metrics:
                    break
            except httpx.TransportError:
                pass
            assert proc.poll() is None, proc.stdout.read()  # type: ignore[union-attr]
            assert time.monotonic() < deadline, "worker did not report its outbox backlog"
            time.sleep(0.1)
        assert 'pf_outbox_backlog{service="orders"} 0.0' in metrics
    finally:
        code, out = _stop(proc)
    assert code == 0, out[-3000:]
    events = [json.loads(line).get("event") for line in out.splitlines() if line.startswith("{")]
    assert "worker.started" in events and "worker.stopped" in events
    assert "outbox.relay.started" in events and "scheduler.started" in events
