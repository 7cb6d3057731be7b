"""docker-compose.yml: the Compose Specification, and the contract of deploy/README.md."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker-compose.yml"
SCHEMA = ROOT.parent / "shared" / "data" / "schemas" / "compose-spec.json"


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE.read_text())


@pytest.fixture(scope="module")
def svcs(compose: dict[str, Any]) -> dict[str, Any]:
    return compose["services"]


def env_of(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):  # the KEY=value list form
        env = dict(item.split("=", 1) for item in env)
    return {k: str(v) for k, v in env.items()}


def contract_migrations_command() -> list[str]:
    m = re.search(
        r"`(python -m pf_common\.migrations_cli[^`]*)`", (ROOT / "deploy" / "README.md").read_text()
    )
    assert m, "deploy/README.md names no migrations command"
    return m.group(1).split()


def test_compose_file_matches_the_compose_specification(compose: dict[str, Any]) -> None:
    if not SCHEMA.is_file():
        pytest.skip(
            f"SKIPPED, docker-compose.yml was NOT validated against the Compose Specification: "
            f"schema file {SCHEMA} is absent"
        )
    validator = jsonschema.Draft7Validator(json.loads(SCHEMA.read_text()))
    errors = [
        f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}"
        for e in validator.iter_errors(compose)
    ]
    assert errors == []


def test_every_service_has_an_api_and_a_worker(svcs: dict[str, Any], services: tuple[str, ...]) -> None:
    processes = {name for name in svcs if name.endswith(("-api", "-worker"))}
    assert processes == {f"{s}-{p}" for s in services for p in ("api", "worker")}
    assert set(services) == {
        p.name for p in (ROOT / "services").iterdir() if (p / "pyproject.toml").is_file()
    }


def test_apis_and_workers_build_the_one_dockerfile_with_their_service(
    svcs: dict[str, Any], services: tuple[str, ...]
) -> None:
    for s in services:
        for name in (f"{s}-api", f"{s}-worker"):
            build = svcs[name]["build"]
            assert build == {"context": ".", "dockerfile": "Dockerfile", "args": {"SERVICE": s}}, name
            assert svcs[name]["image"] == f"packfinderz/{s}:dev", name
        assert svcs[f"{s}-api"]["image"] == svcs[f"{s}-worker"]["image"], f"{s}: one image, two processes"
    assert (ROOT / "Dockerfile").is_file()


def test_compose_builds_each_image_as_the_manifests_expect(
    svcs: dict[str, Any], image_builds: dict[str, tuple[str, dict[str, str]]]
) -> None:
    """One recipe per image (deploy/k8s/generate.py IMAGE_BUILDS): compose and Kubernetes run
    the same images, built the same way."""
    built: dict[str, tuple[str, dict[str, str]]] = {}
    for name, svc in svcs.items():
        if "build" not in svc:
            continue
        image = svc["image"].rsplit(":", 1)[0].removeprefix("packfinderz/")
        recipe = (svc["build"]["dockerfile"], {k: str(v) for k, v in svc["build"].get("args", {}).items()})
        assert svc["build"]["context"] == ".", name
        assert built.setdefault(image, recipe) == recipe, f"{name}: {image} built two ways"
    assert built == image_builds
    for dockerfile, _ in built.values():
        assert (ROOT / dockerfile).is_file(), dockerfile


def test_processes_follow_the_contract(svcs: dict[str, Any], services: tuple[str, ...]) -> None:
    for s in services:
        api, worker = svcs[f"{s}-api"], svcs[f"{s}-worker"]
        assert "command" not in api, f"{s}-api runs the image's CMD (uvicorn on 8000)"
        assert worker["command"] == ["python", "-m", f"pf_{s}.worker"]
        assert env_of(worker)["PF_WORKER_METRICS_PORT"] == "9100"
        assert "PF_WORKER_METRICS_PORT" not in env_of(api)
        assert "127.0.0.1:8000/health/" in " ".join(api["healthcheck"]["test"])
        assert "127.0.0.1:9100/metrics" in " ".join(worker["healthcheck"]["test"])
        for proc in (api, worker):
            deps = proc["depends_on"]
            assert deps["migrate"]["condition"] == "service_completed_successfully"
            assert deps["redis"]["condition"] == "service_healthy"


def test_processes_share_the_settings(
    compose: dict[str, Any], svcs: dict[str, Any], services: tuple[str, ...]
) -> None:
    for s in services:
        for name in (f"{s}-api", f"{s}-worker"):
            env = env_of(svcs[name])
            assert (
                env["PF_DATABASE_URL"].startswith("postgresql://")
                and "@postgres:5432/" in env["PF_DATABASE_URL"]
            )
            assert env["PF_REDIS_URL"].startswith("redis://redis:6379")
            assert env["PF_ENVIRONMENT"] == "dev"
            assert env["PF_TRANSPORT"] == "pubsub"
            assert env["PF_PUBSUB_PROJECT"]
            assert env["PUBSUB_EMULATOR_HOST"] == "pubsub:8085"
            assert env["PF_KEYS_DIR"] == "/pf/keys"
            assert env["PF_LOG_FORMAT"] == "json"
            assert "keys:/pf/keys" in svcs[name]["volumes"], f"{name}: the shared dev keys volume"
    assert "keys" in compose["volumes"]


def test_migrations_run_once_before_the_services(svcs: dict[str, Any]) -> None:
    migrate = svcs["migrate"]
    assert migrate["command"] == contract_migrations_command()
    assert migrate["build"]["dockerfile"] == "Dockerfile"
    # one process imports every service's migrations: that image holds every workspace package
    assert migrate["build"]["args"] == {"SERVICE": "identity", "SYNC_PACKAGES": "--all-packages"}
    assert migrate["image"] == "packfinderz/migrate:dev"
    assert svcs["service-keys"]["image"] == migrate["image"] and "build" not in svcs["service-keys"]
    assert "--all-packages" not in svcs["identity-api"]["build"].get("args", {}).values()
    assert migrate["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert migrate.get("restart", "no") == "no"


def test_backing_services(svcs: dict[str, Any]) -> None:
    pg, redis, pubsub, gcs = svcs["postgres"], svcs["redis"], svcs["pubsub"], svcs["gcs"]
    assert pg["image"] == "postgres:17"
    assert "pg_isready" in " ".join(pg["healthcheck"]["test"])
    assert any(v.endswith(":/var/lib/postgresql/data") for v in pg["volumes"])
    assert redis["image"] == "redis:7"
    assert "ping" in redis["healthcheck"]["test"]
    assert pubsub["image"] == "gcr.io/google.com/cloudsdktool/google-cloud-cli:emulators"
    assert pubsub["command"][:5] == ["gcloud", "beta", "emulators", "pubsub", "start"]
    assert "--host-port=0.0.0.0:8085" in pubsub["command"]
    assert gcs["image"].startswith("fsouza/fake-gcs-server")
    assert gcs["command"][gcs["command"].index("-scheme") + 1] == "http"


def test_gateway_routes_to_every_api(svcs: dict[str, Any], services: tuple[str, ...]) -> None:
    gw = svcs["gateway"]
    assert gw["build"] == {"context": ".", "dockerfile": "deploy/gateway/Dockerfile"}
    env = env_of(gw)
    for s in services:
        assert env[f"PF_{s.upper()}_UPSTREAM"] == f"{s}-api:8000"
        assert gw["depends_on"][f"{s}-api"]["condition"] == "service_healthy"
        assert "healthcheck" in svcs[f"{s}-api"]
    assert env["PF_GATEWAY_PORT"] == "8080"
    assert "8080:8080" in gw["ports"]


def test_caddyfile_upstreams_equal_the_gateway_env(
    svcs: dict[str, Any], placeholders: dict[str, str | None], gateway_image_env: dict[str, str]
) -> None:
    env = env_of(svcs["gateway"])
    upstreams = {k for k in placeholders if k.endswith("_UPSTREAM")}
    assert len(upstreams) == 8
    assert upstreams == {k for k in env if k.startswith("PF_") and k.endswith("_UPSTREAM")}
    # and every placeholder without a default has a value (compose env or the image's ENV)
    missing = {
        k for k, default in placeholders.items() if default is None and k not in env | gateway_image_env
    }
    assert missing == set()


def test_every_pf_name_is_a_setting(
    svcs: dict[str, Any],
    is_unknown_setting: Callable[[str], bool],
    is_gateway_only: Callable[[str], bool],
) -> None:
    bad = []
    for name, svc in svcs.items():
        for key in env_of(svc):
            if not key.startswith("PF_"):
                continue
            if name == "gateway":
                if not is_gateway_only(key):
                    bad.append(f"{name}: {key} (not a gateway variable)")
            elif is_unknown_setting(key):
                bad.append(f"{name}: {key}")
    assert bad == []


def test_the_setting_check_catches_typos(is_unknown_setting: Callable[[str], bool]) -> None:
    assert not is_unknown_setting("PF_DATABASE_URL")
    assert not is_unknown_setting("pf_redis_url")
    assert not is_unknown_setting("PF_ORDERS_DATABASE_URL")
    assert not is_unknown_setting("PUBSUB_EMULATOR_HOST")
    assert is_unknown_setting("PF_DATABSE_URL")
    assert is_unknown_setting("PF_NOPE_DATABASE_URL")
    assert is_unknown_setting("PF_ORDERS_UPSTREAM")


def test_each_process_mounts_only_its_own_service_key(
    svcs: dict[str, Any], services: tuple[str, ...]
) -> None:
    one_shot = svcs["service-keys"]
    assert one_shot["command"][:5] == [
        "python",
        "-m",
        "pf_common.service_auth",
        "--root",
        "/pf/service-keys-root",
    ]
    assert one_shot["command"][5:] == ["ensure", *services]
    assert one_shot["volumes"] == ["service-keys:/pf/service-keys-root"]
    for s in services:
        for name in (f"{s}-api", f"{s}-worker"):
            proc = svcs[name]
            env = env_of(proc)
            mounts = {
                v["target"]: v
                for v in proc["volumes"]
                if isinstance(v, dict) and v["source"] == "service-keys"
            }
            assert set(mounts) == {env["PF_SERVICE_KEYS_DIR"], env["PF_SERVICE_JWKS_DIR"]}, name
            assert mounts[env["PF_SERVICE_KEYS_DIR"]]["volume"] == {"subpath": s}, name
            assert mounts[env["PF_SERVICE_JWKS_DIR"]]["volume"] == {"subpath": "jwks"}, name
            assert all(m["read_only"] for m in mounts.values()), name
            assert proc["depends_on"]["service-keys"]["condition"] == "service_completed_successfully"
