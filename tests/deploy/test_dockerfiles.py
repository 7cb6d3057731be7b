"""Lint of the Dockerfiles: the eight service images, the gateway image and .dockerignore."""

from __future__ import annotations

import fnmatch
import json
import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("identity", "media", "catalog", "orders", "logistics", "finance", "ads", "analytics")
GATEWAY = ROOT / "deploy" / "gateway" / "Dockerfile"


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


def normalised(svc: str) -> str:
    text = (ROOT / "services" / svc / "Dockerfile").read_text()
    for old, new in (
        (f"pf-{svc}", "pf-NAME"),
        (f"pf_{svc}", "pf_NAME"),
        (f"services/{svc}/Dockerfile", "services/NAME/Dockerfile"),
        (f"packfinderz/{svc}", "packfinderz/NAME"),
    ):
        text = text.replace(old, new)
    return text


@pytest.mark.parametrize("svc", SERVICES)
def test_service_dockerfile(svc: str) -> None:
    path = ROOT / "services" / svc / "Dockerfile"
    text = path.read_text()
    st = stages(path)
    assert len(st) >= 2, "multi-stage"
    assert st[0][0][1] == "python:3.11-slim AS builder"
    assert ("COPY", "--from=ghcr.io/astral-sh/uv:0.9 /uv /uvx /bin/") in st[0]
    runtime = st[-1]
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
    assert json.loads(last(runtime, "CMD") or "null") == [
        "uvicorn", "--factory", f"pf_{svc}.app:create_app", "--host", "0.0.0.0", "--port", "8000",
    ]  # fmt: skip
    # it names its own package and no other service's
    assert f'SYNC_PACKAGES="--package pf-{svc}"' in text
    assert "uv sync --frozen --no-dev" in text
    for other in SERVICES:
        if other != svc:
            assert f"pf-{other}" not in text and f"pf_{other}" not in text, other


def test_service_dockerfiles_are_identical_but_for_the_name() -> None:
    first = normalised(SERVICES[0])
    assert "NAME" in first
    for svc in SERVICES[1:]:
        assert normalised(svc) == first, svc


@pytest.mark.parametrize("svc", SERVICES)
def test_manifests_come_before_the_code(svc: str) -> None:
    """The dependency layer depends only on the workspace manifests (layer caching)."""
    ins = instructions(ROOT / "services" / svc / "Dockerfile")
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
