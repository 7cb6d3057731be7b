"""PF_E2E_STACK=compose (tests/e2e/conftest.py) without a Docker engine: the choice of stack and
what it says, the docker compose commands testcontainers would run (recorded, not run), the
stack the journeys get, and the skip table against the journeys that exist."""

from __future__ import annotations

import ast
import importlib.util
import subprocess
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
E2E = ROOT / "tests" / "e2e"


@pytest.fixture(scope="module")
def e2e() -> ModuleType:
    spec = importlib.util.spec_from_file_location("pf_e2e_conftest", E2E / "conftest.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _config() -> Any:
    return SimpleNamespace(stash=pytest.Stash())


def test_without_an_engine_compose_falls_back_to_the_embedded_stack_and_says_so(
    e2e: ModuleType, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PF_E2E_STACK", "compose")
    monkeypatch.setenv("DOCKER_HOST", f"unix://{tmp_path}/docker.sock")  # nothing listens there

    mode, why = e2e.stack_mode(_config())

    assert mode == "embedded"
    assert e2e.NO_ENGINE == "PF_E2E_STACK=compose: no Docker engine answers; running the embedded stack"
    assert why.startswith(e2e.NO_ENGINE + " (") and why.count("no Docker engine answers") == 1, why


def test_with_an_engine_compose_is_used(e2e: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    from pf_common.testing import servers

    monkeypatch.setenv("PF_E2E_STACK", "compose")
    monkeypatch.setattr(
        servers, "docker_engine", lambda: servers.DockerEngine(True, "Docker engine 27 answers")
    )
    monkeypatch.setattr(e2e.shutil, "which", lambda name: f"/usr/bin/{name}")

    assert e2e.stack_mode(_config()) == ("compose", "Docker engine 27 answers")


def test_the_default_is_the_embedded_stack_and_nothing_is_probed(
    e2e: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pf_common.testing import servers

    monkeypatch.delenv("PF_E2E_STACK", raising=False)
    monkeypatch.setattr(servers, "docker_engine", lambda: pytest.fail("probed"))
    assert e2e.stack_mode(_config()) == ("embedded", "")
    monkeypatch.setenv("PF_E2E_STACK", "kubernetes")
    with pytest.raises(pytest.UsageError, match="use embedded"):
        e2e.stack_mode(_config())


def test_the_skip_table_names_journeys_that_exist(e2e: ModuleType) -> None:
    journeys = set()
    for path in E2E.glob("test_*.py"):
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test"):
                journeys.add(f"{path.name}::{node.name}")
    assert set(e2e.ONLY_EMBEDDED) <= journeys, set(e2e.ONLY_EMBEDDED) - journeys
    assert (
        "test_docs_journey.py::test_the_docs_say_enough_to_register_authorize_and_write"
        not in e2e.ONLY_EMBEDDED
    )


def test_the_gateway_is_the_port_compose_publishes_and_media_signs_for(e2e: ModuleType) -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())

    assert e2e.compose_gateway_url() == "http://localhost:8080"
    # signed upload URLs point at the gateway the journeys call
    assert compose["x-media-env"]["PF_MEDIA_PUBLIC_BASE_URL"] == e2e.compose_gateway_url()


def test_testcontainers_runs_docker_compose_under_its_own_project(
    e2e: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    compose = e2e.make_compose()
    ran: list[list[str]] = []

    def record(cmd: list[str], context: str | None = None) -> subprocess.CompletedProcess[bytes]:
        ran.append(cmd[1:])
        return subprocess.CompletedProcess(cmd, 0, b"gateway-1  | ready\n", b"")

    monkeypatch.setattr(compose, "_run_command", record)

    compose.start()
    logs = e2e.ComposeLogs(compose)
    assert list(logs) == ["gateway-1  | ready"]
    compose.stop(down=True)

    base = ["compose", "--project-name", "packfinderz-e2e", "-f", "docker-compose.yml"]
    assert ran == [[*base, "up", "--build", "--detach"], [*base, "logs"], [*base, "down", "--volumes"]]
    assert Path(compose.context) == ROOT


def test_the_compose_stack_has_the_gateway_and_the_logs_and_skips_the_rest(e2e: ModuleType) -> None:
    class FakeCompose:
        def get_logs(self) -> tuple[str, str]:
            return "orders-worker-1  | \x1b[32minfo\x1b[0m relay.published\n", "media-1  | x dead_letter y\n"

    stack = e2e.ComposeStack(gateway="http://localhost:8080", lines=e2e.ComposeLogs(FakeCompose()))

    assert stack["gateway"] == "http://localhost:8080"
    lines = stack["lines"]
    assert list(lines) == ["orders-worker-1  | info relay.published", "media-1  | x dead_letter y"]
    assert lines[-1] == "media-1  | x dead_letter y" and "media-1  | x dead_letter y" in lines
    assert [ln for ln in lines if "dead_letter" in ln] == ["media-1  | x dead_letter y"]
    with pytest.raises(pytest.skip.Exception, match=r"stack\['data_dir'\].*demo-logins.json"):
        stack["data_dir"]
    with pytest.raises(pytest.skip.Exception, match=r"publishes only the gateway"):
        stack["services"]


def test_the_compose_stack_is_taken_down_after_the_run(
    e2e: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []

    class FakeCompose:
        def start(self) -> None:
            calls.append("up")

        def stop(self, down: bool = True) -> None:
            calls.append(f"down={down}")

    monkeypatch.setattr(e2e, "make_compose", FakeCompose)
    monkeypatch.setattr(e2e, "wait_for_gateway", lambda gateway, compose: calls.append(f"wait {gateway}"))
    run = e2e.compose_stack(SimpleNamespace(pluginmanager=SimpleNamespace(get_plugin=lambda name: None)))

    stack = next(run)
    assert (stack["mode"], stack["gateway"]) == ("compose", "http://localhost:8080")
    run.close()

    assert calls == ["up", "wait http://localhost:8080", "down=True"]
