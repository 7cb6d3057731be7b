"""Shared facts of the deployment tests: where things are, the services, the valid PF_* names.

Everything here is offline: no Docker engine, no cluster. The files are read and checked
against the contract in deploy/README.md. (Fixtures, not imports: the suite runs with
``--import-mode=importlib``.)
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import re
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from pf_common.settings import ServiceSettings

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("identity", "media", "catalog", "orders", "logistics", "finance", "ads", "analytics")
CADDYFILE = ROOT / "deploy" / "gateway" / "Caddyfile"

SETTING_FIELDS = frozenset(name.lower() for name in ServiceSettings.model_fields)
# The gateway's own variables (read by Caddy, not by pf_common).
GATEWAY_ONLY = re.compile(r"^PF_(GATEWAY_[A-Z0-9_]+|DOCS_DIR|SWAGGER_UI_DIR|[A-Z0-9]+_UPSTREAM)$")
PLACEHOLDER = re.compile(r"\{\$(PF_[A-Z0-9_]+)(?::([^}]*))?\}")


def unknown_setting(env_name: str) -> bool:
    """True when a PF_* name is no field of ServiceSettings (as PF_<NAME> or PF_<SERVICE>_<NAME>)."""
    name = env_name.upper()
    if not name.startswith("PF_"):
        return False
    rest = name[3:].lower()
    if rest in SETTING_FIELDS:
        return False
    for svc in SERVICES:
        prefix = f"{svc}_"
        if rest.startswith(prefix) and rest[len(prefix) :] in service_setting_fields(svc):
            return False
    return True


@functools.cache
def service_setting_fields(service: str) -> frozenset[str]:
    """The fields of one service's Settings (the shared ones plus its own)."""
    settings_cls = importlib.import_module(f"pf_{service}.settings").Settings
    return frozenset(settings_cls.model_fields)


def load_script(path: Path, name: str) -> ModuleType:
    """A script of the repository (a generator, not a package module) loaded as module ``name``."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def caddyfile_placeholders() -> dict[str, str | None]:
    """``{$PF_...}`` placeholders of the gateway's Caddyfile -> their default (None without one)."""
    found: dict[str, str | None] = {}
    for line in CADDYFILE.read_text(encoding="utf-8").splitlines():
        if line.lstrip().startswith("#"):
            continue
        for m in PLACEHOLDER.finditer(line):
            found[m.group(1)] = m.group(2)
    return found


def dockerfile_env(path: Path) -> dict[str, str]:
    """The ENV of a Dockerfile's last stage (``ENV A=1 B=2`` form)."""
    stages = re.split(r"^FROM\s", path.read_text(), flags=re.M)
    env: dict[str, str] = {}
    for m in re.finditer(r"^ENV\s+(.+)$", stages[-1], flags=re.M):
        for pair in m.group(1).split():
            key, _, value = pair.partition("=")
            env[key] = value
    return env


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def services() -> tuple[str, ...]:
    return SERVICES


@pytest.fixture(scope="session")
def script_loader() -> Callable[[Path, str], ModuleType]:
    return load_script


@pytest.fixture(scope="session")
def gateway_generator() -> ModuleType:
    """deploy/gateway/openapi.py: the merged document's generator (it builds every service's app)."""
    return load_script(ROOT / "deploy" / "gateway" / "openapi.py", "gateway_openapi")


@pytest.fixture(scope="session")
def service_apps(gateway_generator: ModuleType) -> dict[str, Any]:
    """Every service's app as ``create_app()`` builds it, in the generator's clean environment."""
    with gateway_generator._clean_environment():
        return {svc: importlib.import_module(f"pf_{svc}.app").create_app() for svc in SERVICES}


@pytest.fixture(scope="session")
def is_unknown_setting() -> Callable[[str], bool]:
    return unknown_setting


@pytest.fixture(scope="session")
def is_gateway_only() -> Callable[[str], bool]:
    return lambda name: GATEWAY_ONLY.match(name) is not None


@pytest.fixture(scope="session")
def placeholders() -> dict[str, str | None]:
    return caddyfile_placeholders()


@pytest.fixture(scope="session")
def gateway_image_env() -> dict[str, str]:
    return dockerfile_env(ROOT / "deploy" / "gateway" / "Dockerfile")


@pytest.fixture(scope="session")
def image_builds() -> dict[str, tuple[str, dict[str, str]]]:
    """image name -> (Dockerfile, build args): deploy/k8s/generate.py's IMAGE_BUILDS."""
    spec = importlib.util.spec_from_file_location(
        "pf_k8s_generate_builds", ROOT / "deploy" / "k8s" / "generate.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.IMAGE_BUILDS
