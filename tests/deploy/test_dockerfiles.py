"""Lint of the Dockerfiles: the one Dockerfile of the eight service images (``ARG SERVICE``), the
gateway image and .dockerignore. Nothing is built: the instructions are read, and the shell of
the RUN lines that choose the service runs here as it would in the build."""

from __future__ import annotations

import fnmatch
import importlib
import json
import os
import re
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("identity", "media", "catalog", "orders", "logistics", "finance", "ads", "analytics")
DOCKERFILE = ROOT / "Dockerfile"
GATEWAY = ROOT / "deploy" / "gateway" / "Dockerfile"
API_COMMAND = ["uvicorn", "--factory", "pf_{svc}.app:create_app", "--host", "0.0.0.0", "--port", "8000"]


def instructions(path: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined and comments dropped."""
    text = re.sub(r"\\\n", " ", path.read_text())
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


def stages(path: Path) -> list[list[tuple[str, str]]]:
    out: list[list[tuple[str, str]]] = []
    for ins in instructions(path):
        if ins[0] == "FROM":
            out.append([])
        if out:
            out[-1].append(ins)
    return out


def last(stage: list[tuple[str, str]], word: str) -> str | None:
    found = [args for w, args in stage if w == word]
    return found[-1] if found else None


def substitute(text: str, args: dict[str, str]) -> str:
    """Dockerfile variable substitution (``$NAME``, ``${NAME}``) of build args, as in ENV/LABEL."""
    return re.sub(r"\$\{?([A-Z_]+)\}?", lambda m: args.get(m.group(1), m.group(0)), text)


def env_pairs(args: str) -> dict[str, str]:
    out = {}
    for pair in args.split():
        key, _, value = pair.partition("=")
        out[key] = value.strip('"')
    return out


def sync_commands() -> list[str]:
    """The ``uv sync`` commands of the RUN lines, without Docker's RUN flags (``--mount``)."""
    out = []
    for w, args in instructions(DOCKERFILE):
        if w == "RUN" and "uv sync" in args:
            out.append("uv sync" + args.split("uv sync", 1)[1].split("&&")[0].rstrip())
    return out


def shell_words(command: str, env: dict[str, str]) -> list[str]:
    """The words ``sh`` makes of a RUN command (expansions and field splitting), not running it."""
    r = subprocess.run(
        ["sh", "-c", f"printf '%s\\n' {command}"],
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return r.stdout.splitlines()


def effective_api_command(svc: str) -> list[str]:
    """What ``docker run packfinderz/<svc>`` starts: the CMD, with uvicorn's APP from UVICORN_APP."""
    runtime = stages(DOCKERFILE)[-1]
    env = {}
    for w, args in runtime:
        if w == "ENV":
            env |= env_pairs(substitute(args, {"SERVICE": svc}))
    cmd = json.loads(last(runtime, "CMD") or "null")
    assert cmd[0] == "uvicorn"
    return [cmd[0], cmd[1], env["UVICORN_APP"], *cmd[2:]]


def test_one_dockerfile_for_every_service_and_one_for_the_gateway() -> None:
    found = []
    for here, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d != "node_modules"]
        found += [Path(here, f).relative_to(ROOT) for f in files if f == "Dockerfile"]
    assert sorted(found) == [Path("Dockerfile"), Path("deploy/gateway/Dockerfile")]


def test_nothing_names_a_per_service_dockerfile() -> None:
    per_service = re.compile(r"services/[\w<>{}$-]+/Dockerfile")
    files = [ROOT / "docker-compose.yml", ROOT / "Makefile", ROOT / "README.md", ROOT / "Dockerfile"]
    files += [p for p in (ROOT / "deploy").rglob("*") if p.is_file() and p.suffix in (".md", ".py", ".yaml")]
    hits = [
        f"{p.relative_to(ROOT)}: {m}"
        for p in files
        if p.is_file()
        for m in per_service.findall(p.read_text())
    ]
    assert hits == []


def test_service_dockerfile() -> None:
    st = stages(DOCKERFILE)
    assert len(st) >= 2, "multi-stage"
    builder, runtime = st[0], st[-1]
    assert builder[0][1] == "python:3.11-slim AS builder"
    assert ("COPY", "--from=ghcr.io/astral-sh/uv:0.9 /uv /uvx /bin/") in builder
    assert runtime[0][1] == "python:3.11-slim"
    assert all("astral-sh/uv" not in args for _, args in runtime), "no uv in the runtime image"
    assert any(w == "COPY" and args.startswith("--from=builder") and "/app" in args for w, args in runtime)
    # non-root, numeric so Kubernetes' runAsNonRoot can check it
    assert last(runtime, "USER") == "10001:10001"
    env = last(runtime, "ENV") or ""
    assert "PATH=/app/.venv/bin:$PATH" in env and "PYTHONUNBUFFERED=1" in env
    assert last(runtime, "EXPOSE") == "8000 9100"
    healthcheck = last(runtime, "HEALTHCHECK") or ""
    assert "urllib" in healthcheck and "http://127.0.0.1:8000/health/live" in healthcheck
    # SERVICE has no default (a build without it fails) and each stage that uses it declares it
    for stage in (builder, runtime):
        assert ("ARG", "SERVICE") in stage
    assert ("ARG", "SYNC_PACKAGES") in builder
    # it names no service: the service comes from the build arg only
    text = "\n".join(f"{w} {a}" for w, a in instructions(DOCKERFILE) if "pyproject.toml" not in a)
    for svc in SERVICES:
        assert f"pf-{svc}" not in text and f"pf_{svc}" not in text and f"={svc}" not in text, svc
    assert sync_commands() == [
        "uv sync --frozen --no-dev --no-install-workspace ${SYNC_PACKAGES:---package pf-$SERVICE}",
        "uv sync --frozen --no-dev ${SYNC_PACKAGES:---package pf-$SERVICE}",
    ]


@pytest.mark.parametrize("svc", SERVICES)
def test_the_service_build_arg_makes_that_services_image(svc: str) -> None:
    package = tomllib.loads((ROOT / "services" / svc / "pyproject.toml").read_text())["project"]["name"]
    assert package == f"pf-{svc}"
    # uv installs that service's package (and pf-common, its dependency) and no other service
    for command in sync_commands():
        assert shell_words(command, {"SERVICE": svc})[-2:] == ["--package", package]
    # the default CMD is that service's API; the worker is the same image's other process
    assert effective_api_command(svc) == [w.format(svc=svc) for w in API_COMMAND]
    runtime = stages(DOCKERFILE)[-1]
    assert substitute(last(runtime, "LABEL") or "", {"SERVICE": svc}) == (
        f'org.opencontainers.image.title="pf-{svc}"'
    )


def test_the_migrations_image_installs_every_package() -> None:
    for command in sync_commands():
        words = shell_words(command, {"SERVICE": "identity", "SYNC_PACKAGES": "--all-packages"})
        assert words[-1] == "--all-packages" and "--package" not in words


def test_a_build_without_a_known_service_stops_at_once() -> None:
    (check,) = [a for w, a in instructions(DOCKERFILE) if w == "RUN" and "SERVICE" in a and "uv " not in a]
    ins = instructions(DOCKERFILE)
    assert ins.index(("RUN", check)) < next(
        i for i, (w, a) in enumerate(ins) if w == "RUN" and "uv sync" in a
    )

    def run(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
        env = {"PATH": os.environ["PATH"], **env}
        return subprocess.run(["sh", "-c", check], cwd=ROOT, env=env, capture_output=True, text=True)

    assert run({"SERVICE": "orders"}).returncode == 0
    for bad in ({}, {"SERVICE": ""}, {"SERVICE": "nope"}):
        r = run(bad)
        assert r.returncode == 1, bad
        assert "--build-arg SERVICE=" in r.stderr and "orders" in r.stderr, bad


def test_uvicorn_takes_the_app_from_UVICORN_APP(monkeypatch: pytest.MonkeyPatch) -> None:
    """The image's CMD names no app: the locked uvicorn reads it from the environment."""
    cli = importlib.import_module("uvicorn.main").main
    monkeypatch.setenv("UVICORN_APP", "pf_orders.app:create_app")
    cmd = json.loads(last(stages(DOCKERFILE)[-1], "CMD") or "null")
    with cli.make_context(cmd[0], cmd[1:]) as ctx:
        assert ctx.params["app"] == "pf_orders.app:create_app"
        assert (ctx.params["factory"], ctx.params["host"], ctx.params["port"]) == (True, "0.0.0.0", 8000)


def test_manifests_come_before_the_code() -> None:
    """The dependency layer depends only on the workspace manifests (layer caching)."""
    ins = instructions(DOCKERFILE)
    members = [
        "libs/common",
        *sorted(f"services/{p.parent.name}" for p in ROOT.glob("services/*/pyproject.toml")),
    ]
    copied = [args for w, args in ins if w == "COPY" and "pyproject.toml" in args]
    for m in members:
        assert any(a.startswith(f"{m}/pyproject.toml ") for a in copied), f"{m}/pyproject.toml is not copied"
    first_code = next(
        i for i, (w, a) in enumerate(ins) if w == "COPY" and a.split()[0] in ("libs/common", "services")
    )
    deps = next(i for i, (w, a) in enumerate(ins) if w == "RUN" and "--no-install-workspace" in a)
    last_manifest = max(i for i, (w, a) in enumerate(ins) if w == "COPY" and "pyproject.toml" in a)
    assert last_manifest < deps < first_code


def test_gateway_dockerfile() -> None:
    st = stages(GATEWAY)
    assert len(st) >= 2, "multi-stage"
    build, runtime = st[0], st[-1]
    assert build[0][1].startswith("python:3.11")
    assert any(w == "RUN" and "swagger-ui-bundle==1.1.0" in a for w, a in build)
    assert any(w == "RUN" and "vendor/swagger-ui-4.15.5" in a for w, a in build)
    assert runtime[0][1] == "caddy:2.8-alpine"
    copies = [a for w, a in runtime if w == "COPY"]
    assert "deploy/gateway/Caddyfile /etc/caddy/Caddyfile" in copies
    assert "deploy/gateway/docs /srv/docs" in copies
    assert any(a.startswith("--from=") and a.endswith(" /srv/swagger-ui") for a in copies)
    env = last(runtime, "ENV") or ""
    assert "PF_DOCS_DIR=/srv/docs" in env and "PF_SWAGGER_UI_DIR=/srv/swagger-ui" in env
    assert last(runtime, "USER") not in (None, "root", "0", "0:0")
    assert "/health/live" in (last(runtime, "HEALTHCHECK") or "")
    # the pinned Swagger UI bundle is the one the workspace locks (make up serves the same assets)
    lock = tomllib.loads((ROOT / "uv.lock").read_text())
    versions = {p["version"] for p in lock["package"] if p["name"] == "swagger-ui-bundle"}
    assert versions == {"1.1.0"}


def test_dockerignore_keeps_out_local_state_but_not_the_sources() -> None:
    patterns = [
        p.strip()
        for p in (ROOT / ".dockerignore").read_text().splitlines()
        if p.strip() and not p.startswith("#")
    ]
    for must in (".git", ".venv", ".pf"):
        assert must in patterns, must
    assert any("__pycache__" in p for p in patterns)
    sources = {"pyproject.toml", "uv.lock", "libs/common", "deploy/gateway/Caddyfile", "deploy/gateway/docs"}
    sources |= {f"services/{s}" for s in SERVICES} | {f"services/{s}/pyproject.toml" for s in SERVICES}
    sources |= {f"services/{s}/migrations" for s in SERVICES} | {
        f"services/{s}/alembic.ini" for s in SERVICES
    }
    for src in sorted(sources):
        parts = src.split("/")
        prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
        hits = [p for p in patterns if not p.startswith("!") for pre in prefixes if fnmatch.fnmatch(pre, p)]
        assert hits == [], f"{src} is excluded from the build context by {hits}"
