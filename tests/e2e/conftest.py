"""The one stack every end-to-end journey shares (session-scoped): ``make up``'s code path on
random free ports and a fresh data directory, reached through the real Caddy gateway.

Every module under tests/e2e runs in the same pytest-xdist worker (tests/conftest.py makes
tests/e2e one scheduling scope), so the stack starts once per run. ``test_zz_stop.py`` runs last
and stops it the way an operator would (``make down``).
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
STACK = ROOT / "deploy" / "local" / "stack.py"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie that nobody reaped is gone for our purposes
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(") ")[1][0] != "Z"
    except OSError:
        return False


@pytest.fixture(scope="session")
def process_alive() -> Any:
    """``process_alive(pid)``: the process exists and is not a zombie."""
    return alive


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    data_dir = tmp_path_factory.mktemp("stack")
    env = {k: v for k, v in os.environ.items() if k not in ("PF_DATABASE_URL", "PF_REDIS_URL")}
    proc = subprocess.Popen(
        [sys.executable, str(STACK), "up", "--data-dir", str(data_dir), "--auto-ports"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    lines: list[str] = []
    ready = threading.Event()

    def pump() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            clean = ANSI.sub("", line.rstrip())
            lines.append(clean)
            if clean == "[stack] ready":
                ready.set()

    reader = threading.Thread(target=pump, daemon=True)
    reader.start()
    started = time.monotonic()
    while not ready.wait(0.5):
        if proc.poll() is not None or time.monotonic() - started > 240:
            proc.kill()
            pytest.fail("stack did not become ready:\n" + "\n".join(lines[-80:]))
    info = json.loads((data_dir / "run" / "stack.json").read_text())
    info.update(data_dir=data_dir, lines=lines, ready_s=time.monotonic() - started, proc=proc)
    try:
        yield info
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
        try:
            code = proc.wait(90)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
        reader.join(5)
        info["exit_code"] = code


@pytest.fixture(scope="session")
def gw(stack: dict[str, Any]) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=stack["gateway"], timeout=10) as client:
        yield client


@pytest.fixture(scope="session")
def demo_logins(stack: dict[str, Any]) -> dict[str, str]:
    """email → password of the demo accounts ``make up`` seeded."""
    return json.loads((stack["data_dir"] / "demo-logins.json").read_text())


@pytest.fixture(scope="session")
def demo_login(gw: httpx.Client, demo_logins: dict[str, str]) -> Any:
    """``demo_login("vendor1-owner")`` → Authorization headers of that demo account."""

    def login(handle: str) -> dict[str, str]:
        email = next(e for e in demo_logins if e.startswith(f"{handle}@"))
        path = "/api/admin/v1/auth/login" if handle.startswith("admin") else "/api/v1/auth/login"
        r = gw.post(path, json={"email": email, "password": demo_logins[email]})
        assert r.status_code == 200, r.text
        return {"Authorization": f"Bearer {r.headers['x-pf-token']}"}

    return login


TULSA = {
    "line1": "1 Main St",
    "city": "Tulsa",
    "state": "OK",
    "postal_code": "74103",
    "lat": 36.15,
    "lng": -95.99,
}


@pytest.fixture(scope="session")
def register_body() -> Any:
    """``register_body(email, password, company_name, store_type)`` → a valid registration body."""

    def body(email: str, password: str, company_name: str, store_type: str) -> dict[str, Any]:
        return {
            "first_name": "Eve",
            "last_name": "Tester",
            "email": email,
            "password": password,
            "company_name": company_name,
            "store_type": store_type,
            "address": TULSA,
            "accept_tos": True,
        }

    return body
