"""The one stack every end-to-end journey shares (session-scoped): ``make up``'s code path on
random free ports and a fresh data directory, reached through the real Caddy gateway.

Every module under tests/e2e runs in the same pytest-xdist worker (tests/conftest.py makes
tests/e2e one scheduling scope), so the stack starts once per run. ``test_zz_stop.py`` runs last
and stops it the way an operator would (``make down``).

``PF_E2E_STACK=compose``: the journeys run through the gateway of docker-compose.yml instead,
started by testcontainers (``docker compose up --build``, project ``packfinderz-e2e``, taken
down with its volumes at the end). The ``stack`` it yields has the gateway URL and the
containers' logs (``lines``); a journey that needs what only ``make up`` has (its data folder,
each API's port, its Redis, its processes) is skipped with the reason (``ONLY_EMBEDDED``, and
any other read of such a key). Where no Docker engine answers, the run says so (a warning and a
terminal line) and runs the embedded stack.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import warnings
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from e2e_journeys import sign_in

ROOT = Path(__file__).resolve().parents[2]
STACK = ROOT / "deploy" / "local" / "stack.py"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
SERVICES = ("identity", "media", "catalog", "orders", "logistics", "finance", "ads", "analytics")

STACK_ENV = "PF_E2E_STACK"
COMPOSE_FILE = ROOT / "docker-compose.yml"
COMPOSE_PROJECT = "packfinderz-e2e"  # never the `packfinderz` project (and volumes) of a developer
COMPOSE_READY_S = 600.0
NO_ENGINE = "PF_E2E_STACK=compose: no Docker engine answers; running the embedded stack"

# Journeys that need what only `make up` has: on compose they are skipped with this reason.
ONLY_EMBEDDED = {
    "test_client_journey.py::test_the_demo_buyer_checks_out_in_cash_through_the_generated_client": (
        "signs in as make up's demo buyer and vendor (demo-logins.json); docker-compose.yml seeds no "
        "demo accounts"
    ),
    "test_delivery_journey.py::test_a_demo_agent_delivers_a_fulfilled_order_and_collects_its_cash": (
        "signs in as make up's demo buyer, vendor, agents and admin (demo-logins.json); "
        "docker-compose.yml seeds no demo accounts"
    ),
    "test_money_journey.py::test_a_delivered_order_is_settled_in_cash_paid_out_and_the_books_are_clean": (
        "signs in as make up's demo buyer, vendor, agents and admin (demo-logins.json); "
        "docker-compose.yml seeds no demo accounts"
    ),
    "test_restart.py::test_a_killed_worker_is_restarted_and_the_stack_keeps_serving": (
        "kills a make-up child by pid (run/stack.json); compose's containers are restarted by "
        "Docker (restart: unless-stopped)"
    ),
    "test_service_tokens.py::test_catalogs_reservation_routes_take_only_orders_tokens": (
        "calls catalog's API on its own port with tokens signed by make up's key folder; compose "
        "publishes only the gateway and keeps the service keys in a volume"
    ),
    "test_smoke.py::test_the_table_lists_the_gateway_docs_and_every_service": (
        "checks the table make up prints when it is ready"
    ),
    "test_smoke.py::test_every_service_is_ready_directly_and_through_its_docs": (
        "calls each API on its own port; compose publishes only the gateway"
    ),
    "test_smoke.py::test_a_store_uploads_processes_lists_reads_and_deletes_media_through_the_gateway": (
        "publishes an event to make up's Redis Streams; compose runs the Pub/Sub transport and "
        "publishes no Redis port"
    ),
    "test_smoke.py::test_a_vendor_license_is_verified_by_the_admin_and_the_store_is_told": (
        "signs in with make up's demo admin (demo-logins.json) and reads its mail outbox; "
        "docker-compose.yml seeds no demo accounts"
    ),
    "test_smoke.py::test_a_buyer_browses_and_searches_and_a_vendor_edits_a_product_and_its_stock": (
        "browses make up's demo catalogue as its demo accounts; docker-compose.yml seeds none"
    ),
    "test_vendor_billing_journey.py::"
    "test_a_new_vendor_subscribes_and_its_products_appear_pause_hides_them_resume_brings_them_back": (
        "signs in as make up's demo admin and buyer (demo-logins.json); docker-compose.yml seeds no "
        "demo accounts"
    ),
    "test_zy_contract_fuzz.py::test_every_operation_keeps_its_contract_under_fuzzing": (
        "fuzzes with the tokens of make up's demo admin, agent, vendor and buyer (demo-logins.json); "
        "docker-compose.yml seeds no demo accounts"
    ),
    "test_zy_contract_fuzz.py::test_the_linked_flows_keep_their_contract_under_stateful_fuzzing": (
        "fuzzes with the tokens of make up's demo admin, agent, vendor and buyer (demo-logins.json); "
        "docker-compose.yml seeds no demo accounts"
    ),
    "test_zz_stop.py::test_zz_stop_leaves_no_process_and_keeps_the_data": (
        "stops make up with make down and reopens its Postgres; the fixture takes compose down"
    ),
}
# What the embedded stack's keys are, for a journey not in ONLY_EMBEDDED that reads one.
EMBEDDED_KEYS = {
    "data_dir": (
        "make up's data folder (demo-logins.json, keys/, mail/outbox.jsonl, run/stack.json); "
        "docker-compose.yml keeps its data in volumes and seeds no demo accounts"
    ),
    "services": "each API's own port; docker-compose.yml publishes only the gateway",
    "redis_port": "make up's Redis; docker-compose.yml publishes no Redis port (Pub/Sub transport)",
    "pid": "make up's process; compose's containers belong to Docker",
    "proc": "make up's process; compose's containers belong to Docker",
    "children": "make up's processes; compose's containers belong to Docker",
}
_MODE = pytest.StashKey[tuple[str, str]]()


def stack_mode(config: pytest.Config) -> tuple[str, str]:
    """("embedded" | "compose", why), decided once per run from PF_E2E_STACK and the engine."""
    if _MODE in config.stash:
        return config.stash[_MODE]
    wanted = os.environ.get(STACK_ENV, "").strip().lower() or "embedded"
    if wanted not in ("embedded", "compose"):
        raise pytest.UsageError(f"{STACK_ENV}={wanted!r}: use embedded (the default) or compose")
    mode = ("embedded", "")
    if wanted == "compose":
        from pf_common.testing.servers import docker_engine

        engine = docker_engine()
        if not engine.answers:
            detail = engine.reason.removeprefix("no Docker engine answers (").removesuffix(")")
            mode = ("embedded", f"{NO_ENGINE} ({detail})")
        elif shutil.which("docker") is None:
            why = f"{engine.reason}, but no docker CLI (docker compose) is on the PATH"
            mode = ("embedded", f"{STACK_ENV}=compose: {why}; running the embedded stack")
        else:
            mode = ("compose", engine.reason)
    config.stash[_MODE] = mode
    return mode


def say(config: pytest.Config, line: str) -> None:
    """A line on the terminal, past output capture (absent in an xdist worker: see warnings)."""
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None:
        return
    capture = config.pluginmanager.get_plugin("capturemanager")
    with capture.global_and_fixture_disabled() if capture else contextlib.nullcontext():
        reporter.write_line(line)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    reason = ONLY_EMBEDDED.get(f"{item.path.name}::{getattr(item, 'originalname', item.name)}")
    if reason and stack_mode(item.config)[0] == "compose":
        pytest.skip(f"{STACK_ENV}=compose: {reason}")


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
def stack(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, heavy_phases: Any
) -> Iterator[dict[str, Any]]:
    mode, why = stack_mode(request.config)
    if mode == "compose":
        yield from compose_stack(request.config)
        return
    if why:  # compose was asked for and cannot run here
        say(request.config, why)
        warnings.warn(pytest.PytestWarning(why), stacklevel=1)
    yield from embedded_stack(tmp_path_factory, heavy_phases)


def embedded_stack(tmp_path_factory: pytest.TempPathFactory, heavy_phases: Any) -> Iterator[dict[str, Any]]:
    # the boot is a heavy phase (pf_common.testing.plugin.HeavyPhases): not beside the stack race
    with heavy_phases.hold("the e2e stack's boot") as waited_s:
        info = _boot_embedded_stack(tmp_path_factory)
    info["waited_for_heavy_phase_s"] = waited_s
    proc = info["proc"]
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
        info["reader"].join(5)
        info["exit_code"] = code


def _boot_embedded_stack(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
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
            reader.join(timeout=5)
            # the whole output on disk; in the message the supervisor's own lines (why it stopped:
            # "make up: ..." comes before the shutdown's lines), then the tail
            (data_dir / "stack-output.log").write_text("\n".join(lines) + "\n")
            own = [line for line in lines if line.startswith(("[stack]", "make up:"))]
            pytest.fail(
                f"stack did not become ready (whole output: {data_dir / 'stack-output.log'}):\n"
                + "\n".join(own)
                + "\n--- last lines\n"
                + "\n".join(lines[-60:])
            )
    info = json.loads((data_dir / "run" / "stack.json").read_text())
    info.update(
        data_dir=data_dir,
        lines=lines,
        ready_s=time.monotonic() - started,
        proc=proc,
        reader=reader,
        mode="embedded",
    )
    return dict(info)


# --------------------------------------------------------------------------- PF_E2E_STACK=compose


class ComposeStack(dict[str, Any]):
    """``stack`` on compose: a key only ``make up`` has skips the journey that reads it."""

    def __missing__(self, key: str) -> Any:
        what = EMBEDDED_KEYS.get(key, "which only make up's stack has")
        pytest.skip(f"{STACK_ENV}=compose: this journey reads stack[{key!r}], {what}")


class ComposeLogs:
    """``stack["lines"]`` on compose: every container's log so far (``docker compose logs``),
    read afresh on each use: iterate it, index or slice it, or ask ``line in``."""

    def __init__(self, compose: Any) -> None:
        self._compose = compose

    def _lines(self) -> list[str]:
        out, err = self._compose.get_logs()
        return [ANSI.sub("", line) for line in (out + err).splitlines()]

    def __getitem__(self, index: Any) -> Any:
        return self._lines()[index]

    def __iter__(self) -> Iterator[str]:
        return iter(self._lines())

    def __contains__(self, line: object) -> bool:
        return line in self._lines()


def compose_gateway_url(compose_file: Path = COMPOSE_FILE) -> str:
    """The gateway as the host sees it: the port docker-compose.yml publishes for 8080."""
    ports = yaml.safe_load(compose_file.read_text())["services"]["gateway"]["ports"]
    published = next(str(p).rsplit(":", 1)[0].rsplit(":", 1)[-1] for p in ports if str(p).endswith(":8080"))
    return f"http://localhost:{published}"


def make_compose() -> Any:
    """testcontainers' DockerCompose on docker-compose.yml, under its own project name."""
    from testcontainers.compose import DockerCompose

    class ProjectCompose(DockerCompose):
        @cached_property
        def compose_command_property(self) -> list[str]:
            cmd = DockerCompose.compose_command_property.func(self)  # [docker, compose, -f, ...]
            return [*cmd[:2], "--project-name", COMPOSE_PROJECT, *cmd[2:]]

    # wait=False: `up --wait` fails on the one-shot migrate/service-keys containers in some
    # Compose versions (docker/compose#10596); readiness is checked through the gateway below
    return ProjectCompose(context=ROOT, compose_file_name=COMPOSE_FILE.name, build=True, wait=False)


def wait_for_gateway(gateway: str, compose: Any, timeout_s: float = COMPOSE_READY_S) -> float:
    """The gateway is live and routes to every API (their OpenAPI documents answer)."""
    started = time.monotonic()
    pending = ["/health/live", *(f"/docs/openapi/{s}.json" for s in SERVICES)]
    with httpx.Client(base_url=gateway, timeout=5) as client:
        while pending:
            with contextlib.suppress(httpx.HTTPError):
                if client.get(pending[0]).status_code == 200:
                    pending.pop(0)
                    continue
            if time.monotonic() - started > timeout_s:
                tail = "\n".join(ComposeLogs(compose)[-80:])
                pytest.fail(f"the compose stack did not answer {pending[0]} in {timeout_s:.0f}s:\n{tail}")
            time.sleep(2)
    return time.monotonic() - started


def compose_stack(config: pytest.Config) -> Iterator[dict[str, Any]]:
    compose = make_compose()
    gateway = compose_gateway_url()
    say(
        config, f"{STACK_ENV}=compose: docker compose --project-name {COMPOSE_PROJECT} up --build ({gateway})"
    )
    started = time.monotonic()
    try:
        try:
            compose.start()
        except subprocess.CalledProcessError as exc:
            detail = (exc.stderr or b"").decode(errors="replace")[-4000:]
            pytest.fail(f"docker compose up failed (exit {exc.returncode}):\n{detail}")
        wait_for_gateway(gateway, compose)
        yield ComposeStack(
            mode="compose",
            gateway=gateway,
            lines=ComposeLogs(compose),
            ready_s=time.monotonic() - started,
            compose=compose,
        )
    finally:
        with contextlib.suppress(Exception):
            compose.stop(down=True)  # down --volumes, of the e2e project only


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def gw(stack: dict[str, Any]) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=stack["gateway"], timeout=10) as client:
        yield client


@pytest.fixture(scope="session")
def demo_logins(stack: dict[str, Any]) -> dict[str, str]:
    """email → password of the demo accounts ``make up`` seeded."""
    return json.loads((stack["data_dir"] / "demo-logins.json").read_text())


# every journey signs in from 127.0.0.1, right after make up's demo seeding signed in ~10 times:
# one login per demo account is reused for a while (access tokens live up to 15 min), and
# e2e_journeys.sign_in waits out identity's login throttle (429 ⇒ Retry-After).
DEMO_TOKEN_REUSE_S = 600.0


@pytest.fixture(scope="session")
def demo_login(gw: httpx.Client, demo_logins: dict[str, str]) -> Any:
    """``demo_login("vendor1-owner")`` → Authorization headers of that demo account (one
    session per account, reused for ``DEMO_TOKEN_REUSE_S``; see the throttle note above)."""
    signed_in: dict[str, tuple[float, dict[str, str]]] = {}

    def login(handle: str) -> dict[str, str]:
        if handle in signed_in and time.monotonic() - signed_in[handle][0] < DEMO_TOKEN_REUSE_S:
            return dict(signed_in[handle][1])
        email = next(e for e in demo_logins if e.startswith(f"{handle}@"))
        headers = sign_in(gw, email, demo_logins[email], admin=handle.startswith("admin"))
        signed_in[handle] = (time.monotonic(), headers)
        return dict(headers)

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
