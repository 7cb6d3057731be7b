"""deploy/k8s: the kustomize base and the gke overlay, built offline and checked.

There is no cluster here, so the kustomizations are assembled by a minimal builder that knows
exactly the kustomize features deploy/k8s uses (resources, namespace, configMapGenerator,
JSON 6902 patches with targets, images) and refuses any other. When ``kubectl`` is on the PATH
its real kustomize build must give the same objects.
"""

from __future__ import annotations

import copy
import importlib.util
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import kubernetes_validate
import pytest
import yaml

from pf_common.worker import PLATFORM_JOBS

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
KUBERNETES_VERSION = "1.30"
CLUSTER_SCOPED = {"Namespace"}
POD_KINDS = {"Deployment", "Job", "CronJob"}
Doc = dict[str, Any]


# --------------------------------------------------------------------------- minimal kustomize


def _pointer(path: str) -> list[str]:
    return [p.replace("~1", "/").replace("~0", "~") for p in path.lstrip("/").split("/")]


def apply_json6902(doc: Doc, ops: list[Doc]) -> None:
    """RFC 6902 ``add`` and ``replace`` (all that the overlays use)."""
    for op in ops:
        assert op["op"] in ("add", "replace"), f"unsupported JSON patch op {op['op']!r}"
        *parents, last = _pointer(op["path"])
        node: Any = doc
        for key in parents:
            node = node[int(key)] if isinstance(node, list) else node[key]
        value = copy.deepcopy(op["value"])
        if op["op"] == "add":
            if isinstance(node, list):
                node.insert(len(node) if last == "-" else int(last), value)
            else:
                node[last] = value
        elif isinstance(node, list):
            node[int(last)] = value
        else:
            assert last in node, f"replace of missing {op['path']}"
            node[last] = value


def _matches(doc: Doc, target: Doc) -> bool:
    meta = doc["metadata"]
    for key, value in target.items():
        if key == "kind" and doc["kind"] != value:
            return False
        if key == "name" and not re.fullmatch(value, meta["name"]):
            return False
        if key == "labelSelector":
            for term in value.split(","):
                k, _, v = term.partition("=")
                if meta.get("labels", {}).get(k.strip()) != v.strip():
                    return False
        if key not in ("kind", "name", "labelSelector"):
            raise AssertionError(f"unsupported patch target field {key!r}")
    return True


def _inside(path: Path, root: Path) -> Path:
    resolved = path.resolve()
    # kustomize's default load restrictor: nothing outside the kustomization's folder
    assert resolved.is_relative_to(root.resolve()), f"{path} is outside {root}"
    return resolved


def kustomize(folder: Path) -> list[Doc]:
    k = yaml.safe_load((folder / "kustomization.yaml").read_text())
    supported = {"apiVersion", "kind", "namespace", "resources", "configMapGenerator", "patches", "images"}
    assert set(k) <= supported, f"{folder}: kustomize fields this builder does not know: {set(k) - supported}"
    docs: list[Doc] = []
    for res in k.get("resources", []):
        path = folder / res
        if path.is_dir():
            docs += kustomize(path)
        else:
            docs += [d for d in yaml.safe_load_all(_inside(path, folder).read_text()) if d]
    for gen in k.get("configMapGenerator", []):
        assert set(gen) <= {"name", "files"}, gen
        data = {}
        for spec in gen["files"]:
            key, _, rel = spec.rpartition("=")
            data[key or Path(rel).name] = _inside(folder / rel, folder).read_text(encoding="utf-8")
        docs.append(
            {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": gen["name"]}, "data": data}
        )
    if "namespace" in k:
        for d in docs:
            if d["kind"] not in CLUSTER_SCOPED:
                d["metadata"]["namespace"] = k["namespace"]
    for patch in k.get("patches", []):
        assert set(patch) == {"path", "target"}, patch
        ops = yaml.safe_load(_inside(folder / patch["path"], folder).read_text())
        assert isinstance(ops, list), f"{patch['path']}: only JSON 6902 patches are supported"
        targets = [d for d in docs if _matches(d, patch["target"])]
        assert targets, f"{patch['path']}: its target {patch['target']} matches nothing"
        for d in targets:
            apply_json6902(d, ops)
    for img in k.get("images", []):
        for c in (c for d in docs for c in containers(d, init=True)):
            if c["image"].split(":")[0] == img["name"]:
                c["image"] = f"{img.get('newName', img['name'])}:{img['newTag']}"
    return docs


# --------------------------------------------------------------------------- reading manifests


def pod_spec(doc: Doc) -> Doc | None:
    if doc["kind"] in ("Deployment", "Job"):
        return doc["spec"]["template"]["spec"]
    if doc["kind"] == "CronJob":
        return doc["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    return None


def containers(doc: Doc, *, init: bool = False) -> list[Doc]:
    spec = pod_spec(doc)
    if spec is None:
        return []
    return [*(spec.get("initContainers", []) if init else []), *spec["containers"]]


def find(docs: list[Doc], kind: str, name: str) -> Doc:
    hits = [d for d in docs if d["kind"] == kind and d["metadata"]["name"] == name]
    assert len(hits) == 1, f"{kind}/{name}: {len(hits)} found"
    return hits[0]


def env_names(container: Doc) -> Iterator[str]:
    for e in container.get("env", []):
        yield e["name"]


def env_value(container: Doc, name: str) -> Any:
    hits = [e for e in container.get("env", []) if e["name"] == name]
    assert len(hits) == 1, f"{container['name']}: env {name} set {len(hits)} times"
    return hits[0].get("value", hits[0].get("valueFrom"))


def port_number(container: Doc, port: int | str) -> int:
    if isinstance(port, int):
        return port
    return next(p["containerPort"] for p in container["ports"] if p["name"] == port)


def load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("pf_k8s_generate", K8S / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def contract_migrations_command() -> list[str]:
    m = re.search(
        r"`(python -m pf_common\.migrations_cli[^`]*)`", (ROOT / "deploy" / "README.md").read_text()
    )
    assert m, "deploy/README.md names no migrations command"
    return m.group(1).split()


BUILDS = {"base": K8S / "base", "gke": K8S / "overlays" / "gke"}


@pytest.fixture(scope="module", params=sorted(BUILDS))
def build(request: pytest.FixtureRequest) -> tuple[str, list[Doc]]:
    return request.param, kustomize(BUILDS[request.param])


@pytest.fixture(scope="module")
def gke() -> list[Doc]:
    return kustomize(BUILDS["gke"])


@pytest.fixture(scope="module")
def generator() -> ModuleType:
    return load_generator()


# --------------------------------------------------------------------------- tests


def test_generated_files_are_up_to_date(generator: ModuleType) -> None:
    assert generator.stale() == [], "run: .venv/bin/python deploy/k8s/generate.py"
    assert set(generator.SERVICES) == {p.parent.name for p in ROOT.glob("services/*/pyproject.toml")}


def test_every_image_has_one_build_recipe(
    generator: ModuleType, image_builds: dict[str, tuple[str, dict[str, str]]], services: tuple[str, ...]
) -> None:
    """The base names packfinderz/<name> images only, each built as IMAGE_BUILDS says (the one
    Dockerfile with SERVICE=<svc>; migrate: every package; the gateway's own Dockerfile)."""
    docs = kustomize(BUILDS["base"])
    named = {c["image"] for d in docs for c in containers(d) + containers(d, init=True)}
    assert named == {f"packfinderz/{n}" for n in image_builds}
    for s in services:
        for d in docs:
            if d["kind"] in POD_KINDS and d["metadata"]["labels"]["app.kubernetes.io/name"] == s:
                assert {c["image"] for c in containers(d)} == {f"packfinderz/{s}"}, d["metadata"]["name"]
        assert image_builds[s] == ("Dockerfile", {"SERVICE": s})
    (job,) = containers(find(docs, "Job", "migrate"))
    assert job["image"] == "packfinderz/migrate"
    assert image_builds["migrate"] == (
        "Dockerfile",
        {"SERVICE": "identity", "SYNC_PACKAGES": "--all-packages"},
    )
    assert image_builds["gateway"] == ("deploy/gateway/Dockerfile", {})
    assert all((ROOT / dockerfile).is_file() for dockerfile, _ in image_builds.values())
    gke_images = yaml.safe_load((BUILDS["gke"] / "kustomization.yaml").read_text())["images"]
    assert [i["name"] for i in gke_images] == [f"packfinderz/{n}" for n in image_builds]
    commands = generator.build_commands("0.1.0")
    assert "docker build -f Dockerfile --build-arg SERVICE=orders -t packfinderz/orders:0.1.0 ." in commands
    assert len(commands) == len(image_builds)


def test_the_base_caddyfile_is_the_gateway_caddyfile() -> None:
    assert (K8S / "base" / "gateway" / "Caddyfile").read_bytes() == (
        ROOT / "deploy" / "gateway" / "Caddyfile"
    ).read_bytes()


def test_every_manifest_is_valid_kubernetes(build: tuple[str, list[Doc]]) -> None:
    _, docs = build
    assert len(docs) > 50
    errors = []
    for d in docs:
        try:
            kubernetes_validate.validate(d, KUBERNETES_VERSION, strict=True)
        except kubernetes_validate.ValidationError as e:
            errors.append(f"{d['kind']}/{d['metadata']['name']}: {e}")
    assert errors == []
    keys = [(d["kind"], d["metadata"].get("namespace"), d["metadata"]["name"]) for d in docs]
    assert len(keys) == len(set(keys)), "duplicate objects"
    assert {d["metadata"].get("namespace") for d in docs if d["kind"] != "Namespace"} == {"packfinderz"}


def test_each_service_has_api_service_hpa_and_worker(
    build: tuple[str, list[Doc]], services: tuple[str, ...]
) -> None:
    _, docs = build
    for s in services:
        api = find(docs, "Deployment", f"{s}-api")
        (c,) = api["spec"]["template"]["spec"]["containers"]
        assert c["command"] == [
            "uvicorn",
            "--factory",
            f"pf_{s}.app:create_app",
            "--host",
            "0.0.0.0",
            "--port",
            "8000",
        ]
        assert port_number(c, "http") == 8000
        assert c["livenessProbe"]["httpGet"]["path"] == "/health/live"
        assert port_number(c, c["livenessProbe"]["httpGet"]["port"]) == 8000
        assert c["readinessProbe"]["httpGet"]["path"] == "/health/ready"
        assert port_number(c, c["readinessProbe"]["httpGet"]["port"]) == 8000
        assert "replicas" not in api["spec"], "the HPA owns the replica count"

        svc = find(docs, "Service", f"{s}-api")
        assert svc["spec"]["selector"] == api["spec"]["selector"]["matchLabels"]
        assert [(p["port"], port_number(c, p["targetPort"])) for p in svc["spec"]["ports"]] == [(8000, 8000)]

        hpa = find(docs, "HorizontalPodAutoscaler", f"{s}-api")
        assert hpa["apiVersion"] == "autoscaling/v2"
        assert hpa["spec"]["scaleTargetRef"] == {
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "name": f"{s}-api",
        }
        assert (hpa["spec"]["minReplicas"], hpa["spec"]["maxReplicas"]) == (2, 10)
        assert hpa["spec"]["metrics"] == [
            {
                "type": "Resource",
                "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 70}},
            }
        ]

        worker = find(docs, "Deployment", f"{s}-worker")
        (w,) = worker["spec"]["template"]["spec"]["containers"]
        assert w["command"] == ["python", "-m", f"pf_{s}.worker"]
        assert w["image"] == c["image"], "one image, two processes"
        assert env_value(w, "PF_WORKER_METRICS_PORT") == "9100"
        assert port_number(w, "metrics") == 9100
        assert env_value(w, "PF_WORKER_METRICS_HOST") == "0.0.0.0"
        assert w["livenessProbe"]["httpGet"] == {"path": "/metrics", "port": "metrics"}
        # the CronJobs run the platform jobs; the worker's own scheduler is off
        assert env_value(w, "PF_WORKER_SCHEDULER_ENABLED") == "false"


def test_every_pod_is_hardened_and_sized(build: tuple[str, list[Doc]], services: tuple[str, ...]) -> None:
    _, docs = build
    pods = [d for d in docs if d["kind"] in POD_KINDS]
    service_jobs = sum(len(importlib.import_module(f"pf_{s}.worker").JOBS) for s in services)
    # api, worker, platform and service jobs; migrate, gateway
    assert len(pods) == 8 * 2 + 8 * len(PLATFORM_JOBS) + service_jobs + 2
    for d in pods:
        where = f"{d['kind']}/{d['metadata']['name']}"
        spec = pod_spec(d)
        assert spec is not None
        pod_sc = spec.get("securityContext", {})
        assert pod_sc.get("seccompProfile") == {"type": "RuntimeDefault"}, where
        for c in containers(d, init=True):
            sc = {**pod_sc, **c.get("securityContext", {})}
            assert sc.get("runAsNonRoot") is True, where
            if c["name"] != "cloud-sql-proxy":
                assert sc.get("runAsUser") == 10001, where
            assert sc.get("readOnlyRootFilesystem") is True, where
            assert sc.get("allowPrivilegeEscalation") is False, where
            assert sc.get("capabilities", {}).get("drop") == ["ALL"], where
            assert {"cpu", "memory"} <= set(c["resources"].get("requests", {})), where
            assert "memory" in c["resources"].get("limits", {}), where


def test_cronjobs_run_the_platform_jobs(
    build: tuple[str, list[Doc]], services: tuple[str, ...], generator: ModuleType
) -> None:
    _, docs = build
    for s in services:
        for job in PLATFORM_JOBS:
            cj = find(docs, "CronJob", f"{s}-{job.name.replace('_', '-')}")
            (c,) = cj["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"]
            assert c["command"] == ["python", "-m", f"pf_{s}.worker", "job", job.name]
            assert cj["spec"]["schedule"] == (job.cron or generator.cron_for(job))
            assert cj["spec"]["timeZone"] == "Etc/UTC"  # pf_common crons are UTC
            assert cj["spec"]["concurrencyPolicy"] == "Forbid"
    assert find(docs, "CronJob", "orders-purge-published-outbox")["spec"]["schedule"] == "17 3 * * *"
    assert find(docs, "CronJob", "orders-trim-streams")["spec"]["schedule"] == "0 * * * *"


def test_migrations_job_runs_the_contract_command(build: tuple[str, list[Doc]]) -> None:
    _, docs = build
    job = find(docs, "Job", "migrate")
    (c,) = job["spec"]["template"]["spec"]["containers"]
    assert c["command"] == contract_migrations_command()
    assert job["spec"]["template"]["spec"]["restartPolicy"] == "Never"


def test_gateway_uses_the_one_caddyfile(
    build: tuple[str, list[Doc]],
    services: tuple[str, ...],
    placeholders: dict[str, str | None],
    gateway_image_env: dict[str, str],
) -> None:
    _, docs = build
    gw = find(docs, "Deployment", "gateway")
    (c,) = gw["spec"]["template"]["spec"]["containers"]
    env = {e["name"]: e["value"] for e in c["env"]}
    for s in services:
        assert env[f"PF_{s.upper()}_UPSTREAM"] == f"{s}-api:8000"
        find(docs, "Service", f"{s}-api")
    upstreams = {k for k in placeholders if k.endswith("_UPSTREAM")}
    assert upstreams == {k for k in env if k.endswith("_UPSTREAM")}
    missing = {
        k for k, default in placeholders.items() if default is None and k not in env | gateway_image_env
    }
    assert missing == set()
    assert port_number(c, c["readinessProbe"]["httpGet"]["port"]) == 8080 == int(env["PF_GATEWAY_PORT"])

    mount = next(m for m in c["volumeMounts"] if m["mountPath"] == "/etc/caddy")
    volume = next(v for v in gw["spec"]["template"]["spec"]["volumes"] if v["name"] == mount["name"])
    cm = find(docs, "ConfigMap", volume["configMap"]["name"])
    assert cm["data"] == {
        "Caddyfile": (ROOT / "deploy" / "gateway" / "Caddyfile").read_text(encoding="utf-8")
    }
    svc = find(docs, "Service", "gateway")
    assert svc["spec"]["selector"] == gw["spec"]["selector"]["matchLabels"]


def test_every_pf_name_is_a_setting(
    build: tuple[str, list[Doc]],
    is_unknown_setting: Callable[[str], bool],
    is_gateway_only: Callable[[str], bool],
) -> None:
    _, docs = build
    bad = []
    for d in docs:
        if d["kind"] == "ConfigMap" and d["metadata"]["name"] == "pf-config":
            bad += [f"pf-config: {k}" for k in d["data"] if is_unknown_setting(k)]
        for c in containers(d, init=True):
            for name in env_names(c):
                if not name.startswith("PF_"):
                    continue
                gateway = d["metadata"]["name"] == "gateway"
                if (gateway and not is_gateway_only(name)) or (not gateway and is_unknown_setting(name)):
                    bad.append(f"{d['kind']}/{d['metadata']['name']}/{c['name']}: {name}")
    assert bad == []


def test_gke_overlay(gke: list[Doc], services: tuple[str, ...]) -> None:
    config = find(gke, "ConfigMap", "pf-config")["data"]
    assert config["PF_TRANSPORT"] == "pubsub" and config["PF_PUBSUB_PROJECT"]
    for d in gke:
        if d["kind"] not in POD_KINDS or d["metadata"]["name"] == "gateway":
            continue
        where = f"{d['kind']}/{d['metadata']['name']}"
        spec = pod_spec(d)
        assert spec is not None
        proxy = [c for c in spec.get("initContainers", []) if c["name"] == "cloud-sql-proxy"]
        assert len(proxy) == 1 and proxy[0]["restartPolicy"] == "Always", f"{where}: Cloud SQL proxy sidecar"
        assert proxy[0]["image"].startswith("gcr.io/cloud-sql-connectors/cloud-sql-proxy:")
        app = spec["containers"][0]
        if d["metadata"]["name"] == "migrate":
            for s in services:
                ref = env_value(app, f"PF_{s.upper()}_DATABASE_URL")["secretKeyRef"]
                assert ref["key"] == s
        else:
            svc = d["metadata"]["labels"]["app.kubernetes.io/name"]
            assert env_value(app, "PF_DATABASE_URL")["secretKeyRef"]["key"] == svc
            assert "secretKeyRef" in env_value(app, "PF_REDIS_URL")
        account = find(gke, "ServiceAccount", spec["serviceAccountName"])
        assert account["metadata"]["annotations"]["iam.gke.io/gcp-service-account"].endswith(
            ".iam.gserviceaccount.com"
        ), where
    images = {c["image"] for d in gke for c in containers(d)}
    assert all(":" in i and not i.startswith("packfinderz/") for i in images), images
    for d in gke:
        if d["kind"] == "CronJob" and d["metadata"]["labels"].get("packfinderz/job") == "trim_streams":
            assert d["spec"]["suspend"] is True, "Redis streams only"


def test_json6902_helper() -> None:
    doc: Doc = {"a": {"l": [1], "m": {}}}
    apply_json6902(
        doc,
        [
            {"op": "add", "path": "/a/l/-", "value": 2},
            {"op": "add", "path": "/a/m/x~1y", "value": 3},
            {"op": "replace", "path": "/a/l/0", "value": 0},
        ],
    )
    assert doc == {"a": {"l": [0, 2], "m": {"x/y": 3}}}
    with pytest.raises(AssertionError):
        apply_json6902(doc, [{"op": "remove", "path": "/a"}])


def _kubectl() -> str | None:
    path = shutil.which("kubectl")
    if path is None:
        return None
    probe = subprocess.run([path, "kustomize", "--help"], capture_output=True, timeout=60, check=False)
    return path if probe.returncode == 0 else None


@pytest.mark.parametrize("name", sorted(BUILDS))
def test_the_minimal_builder_agrees_with_kustomize(name: str) -> None:
    kubectl = _kubectl()
    if kubectl is None:
        pytest.skip("SKIPPED: no `kubectl kustomize` on this machine; only the built-in minimal builder ran")
    out = subprocess.run(
        [kubectl, "kustomize", str(BUILDS[name])], capture_output=True, text=True, timeout=120, check=False
    )
    assert out.returncode == 0, out.stderr
    # kustomize suffixes generated ConfigMap names with a content hash
    text = re.sub(r"\b(gateway-caddyfile)-[a-z0-9]{10}\b", r"\1", out.stdout)

    def key(d: Doc) -> tuple[str, str]:
        return d["kind"], d["metadata"]["name"]

    real = sorted((d for d in yaml.safe_load_all(text) if d), key=key)
    ours = sorted(kustomize(BUILDS[name]), key=key)
    assert [key(d) for d in real] == [key(d) for d in ours]
    for r, o in zip(real, ours, strict=True):
        assert r == o, key(r)


def test_each_api_accepts_only_the_gateway_and_the_callers_its_routes_name(
    build: tuple[str, list[Doc]], services: tuple[str, ...], generator: ModuleType
) -> None:
    name, docs = build
    for s in services:
        policy = find(docs, "NetworkPolicy", f"{s}-api")
        api = find(docs, "Deployment", f"{s}-api")
        assert policy["spec"]["podSelector"]["matchLabels"] == api["spec"]["selector"]["matchLabels"]
        assert policy["spec"]["policyTypes"] == ["Ingress"]
        rules = policy["spec"]["ingress"]
        assert all(r["ports"] == [{"protocol": "TCP", "port": "http"}] for r in rules)
        peers = [peer for r in rules for peer in r["from"]]
        gateway = find(docs, "Deployment", "gateway")["spec"]["template"]["metadata"]["labels"]
        pods = [p["podSelector"] for p in peers if "podSelector" in p]
        assert all(v == gateway[k] for k, v in pods[0]["matchLabels"].items())
        callers = generator.callers_of(s)
        if callers:
            (expr,) = pods[1]["matchExpressions"]
            assert (expr["key"], expr["operator"], expr["values"]) == (
                "app.kubernetes.io/name",
                "In",
                callers,
            )
        assert len(pods) == (2 if callers else 1), f"{s}: nothing but the gateway and its callers"
        namespaces = [p for p in peers if "namespaceSelector" in p]
        if name == "gke":  # Managed Prometheus scrapes /metrics
            assert [p["namespaceSelector"]["matchLabels"] for p in namespaces] == [
                {"kubernetes.io/metadata.name": "gmp-system"}
            ]
        else:
            assert namespaces == []


def test_the_callers_are_read_from_the_code(generator: ModuleType) -> None:
    assert generator.callers_of("catalog") == ["ads", "orders"]
    assert generator.callers_of("orders") == ["catalog", "finance", "logistics"]
    assert generator.callers_of("media") == ["ads", "catalog", "identity"]
    assert generator.callers_of("identity") == [
        "ads",
        "analytics",
        "catalog",
        "finance",
        "logistics",
        "orders",
    ]
    assert generator.callers_of("analytics") == []


def test_each_service_pod_mounts_its_own_key_secret_and_the_public_keys(
    build: tuple[str, list[Doc]], services: tuple[str, ...]
) -> None:
    _, docs = build
    config = find(docs, "ConfigMap", "pf-config")["data"]
    for d in docs:
        if d["kind"] not in POD_KINDS or d["metadata"]["name"] in ("gateway", "migrate"):
            continue
        svc = d["metadata"]["labels"]["app.kubernetes.io/name"]
        spec = pod_spec(d)
        assert spec is not None
        volumes = {v["name"]: v for v in spec["volumes"]}
        assert volumes["service-key"]["secret"] == {
            "secretName": f"pf-service-key-{svc}",
            "defaultMode": 0o440,
        }
        assert volumes["service-jwks"]["configMap"] == {"name": "pf-service-jwks"}
        mounts = {m["name"]: m for m in spec["containers"][0]["volumeMounts"]}
        assert mounts["service-key"]["mountPath"] == config["PF_SERVICE_KEYS_DIR"]
        assert mounts["service-jwks"]["mountPath"] == config["PF_SERVICE_JWKS_DIR"]
        assert mounts["service-key"]["readOnly"] and mounts["service-jwks"]["readOnly"]
    gateway = pod_spec(find(docs, "Deployment", "gateway"))
    assert gateway is not None and "service-key" not in {v["name"] for v in gateway["volumes"]}


def test_the_service_keys_command_prints_one_secret_per_service(
    generator: ModuleType, services: tuple[str, ...], tmp_path: Path
) -> None:
    from pf_common.service_auth import main as service_keys

    service_keys(["--root", str(tmp_path), "ensure", *services])
    docs = list(yaml.safe_load_all(generator.service_key_manifests(tmp_path)))

    secrets = {d["metadata"]["name"]: d for d in docs if d["kind"] == "Secret"}
    assert set(secrets) == {f"pf-service-key-{s}" for s in services}
    import base64

    pem = base64.b64decode(secrets["pf-service-key-orders"]["data"]["key-0.pem"])
    assert pem == (tmp_path / "orders" / "key-0.pem").read_bytes()
    (jwks,) = [d for d in docs if d["kind"] == "ConfigMap"]
    assert jwks["metadata"]["name"] == "pf-service-jwks"
    assert set(jwks["data"]) == {f"{s}.json" for s in services}
    assert all('"d"' not in v for v in jwks["data"].values())  # public halves only
    for d in docs:
        kubernetes_validate.validate(d, KUBERNETES_VERSION, strict=True)
