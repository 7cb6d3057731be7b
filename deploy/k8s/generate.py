"""Generate the Kubernetes manifests of deploy/k8s: the kustomize base and the ``gke`` overlay.

    .venv/bin/python deploy/k8s/generate.py           # (re)write every generated file
    .venv/bin/python deploy/k8s/generate.py --check   # exit 1 when a committed file is stale

    .venv/bin/python deploy/k8s/generate.py service-keys --root DIR   # print the key Secrets (see README)
    .venv/bin/python deploy/k8s/generate.py images [--tag TAG]        # print the docker build commands

The eight services get the same manifests, differing only by name, so they never drift. The
CronJobs come from ``pf_common.worker.PLATFORM_JOBS`` plus each service's ``JOBS``. The
NetworkPolicies come from the code too: an API accepts the gateway and the services its
``/internal/*`` routes name in ``require_service(...)``, nothing else. The gateway's
Caddyfile is copied byte for byte from ``deploy/gateway/Caddyfile`` into the base, because
kustomize only loads files from inside a kustomization's own folder. The contract every
manifest follows is deploy/README.md (ports, probes, processes, migrations, settings).

The images the manifests name are built from the repository root as ``IMAGE_BUILDS`` says: every
service's from the one ``Dockerfile`` (``--build-arg SERVICE=<svc>``), the migrations image from
the same Dockerfile with every workspace package, the gateway from ``deploy/gateway/Dockerfile``.
docker-compose.yml builds them the same way (tests/deploy checks both against this table).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CADDYFILE = ROOT / "deploy" / "gateway" / "Caddyfile"
# the image of every service (ARG SERVICE) and the gateway's, relative to the repository root
DOCKERFILE = "Dockerfile"
GATEWAY_DOCKERFILE = "deploy/gateway/Dockerfile"

SERVICES = ("identity", "media", "catalog", "orders", "logistics", "finance", "ads", "analytics")
NAMESPACE = "packfinderz"
PART_OF = "packfinderz"
UID = 10001
API_PORT = 8000
METRICS_PORT = 9100
GATEWAY_PORT = 8080
JOB_LABEL = "packfinderz/job"
SERVICE_KEYS_DIR = "/pf/service-keys"
SERVICE_JWKS_DIR = "/pf/service-jwks"
SERVICE_JWKS_CONFIGMAP = "pf-service-jwks"
# Google Cloud Managed Service for Prometheus scrapes from this namespace (gke overlay only)
GKE_MONITORING_NAMESPACE = "gmp-system"

# Settings every process shares (pf_common/settings.py). Environment-specific values and
# secrets come from the overlays.
SHARED_CONFIG = {
    "PF_ENVIRONMENT": "prod",
    "PF_TRANSPORT": "redis",
    "PF_LOG_FORMAT": "json",
    # prod never generates dev signing keys: every service verifies tokens with identity's JWKS
    "PF_JWKS_URL": f"http://identity-api:{API_PORT}/api/v1/auth/.well-known/jwks.json",
    # the APIs are reached only through the gateway: take the client IP from X-Forwarded-For
    "PF_TRUST_FORWARDED": "true",
    "PF_DB_POOL_SIZE": "10",
    "PF_DB_MAX_OVERFLOW": "0",
    # media's pods share no filesystem: blobs live in GCS (the local adapter is for make up)
    "PF_MEDIA_BLOB_BACKEND": "gcs",
    # service-to-service reads (API.md §4): identity asks media for signed license URLs
    "PF_IDENTITY_MEDIA_INTERNAL_URL": f"http://media-api:{API_PORT}",
    "PF_CATALOG_ORDERS_INTERNAL_URL": f"http://orders-api:{API_PORT}",
    "PF_CATALOG_MEDIA_INTERNAL_URL": f"http://media-api:{API_PORT}",
    # orders asks catalog for the quote's products and reserves stock at checkout
    "PF_ORDERS_CATALOG_INTERNAL_URL": f"http://catalog-api:{API_PORT}",
    # finance asks orders for OrderDetail (payout detail) and an order's current total (settle)
    "PF_FINANCE_ORDERS_INTERNAL_URL": f"http://orders-api:{API_PORT}",
    # finance bills vendors through Stripe in production (the local provider refuses prod); its
    # API key and webhook signing secret come from the Secret STRIPE_SECRET (gke overlay)
    "PF_FINANCE_BILLING_PROVIDER": "stripe",
    # logistics: OrderDetail for agents, the settle call of cash, the active agents
    "PF_LOGISTICS_ORDERS_INTERNAL_URL": f"http://orders-api:{API_PORT}",
    "PF_LOGISTICS_FINANCE_INTERNAL_URL": f"http://finance-api:{API_PORT}",
    "PF_LOGISTICS_IDENTITY_INTERNAL_URL": f"http://identity-api:{API_PORT}",
    # service tokens (pf_common.service_auth): each pod mounts its own service's private keys
    # (Secret pf-service-key-<svc>) and every service's public keys (ConfigMap pf-service-jwks)
    "PF_SERVICE_KEYS_DIR": SERVICE_KEYS_DIR,
    "PF_SERVICE_JWKS_DIR": SERVICE_JWKS_DIR,
}

API_RESOURCES = {"requests": {"cpu": "100m", "memory": "256Mi"}, "limits": {"cpu": "1", "memory": "512Mi"}}
WORKER_RESOURCES = {
    "requests": {"cpu": "50m", "memory": "192Mi"},
    "limits": {"cpu": "500m", "memory": "384Mi"},
}
# media's worker decodes images up to 50 Mpx, runs ffmpeg and the OCR model: more memory.
WORKER_RESOURCES_OF = {
    "media": {"requests": {"cpu": "250m", "memory": "768Mi"}, "limits": {"cpu": "2", "memory": "2Gi"}},
}
JOB_RESOURCES = {"requests": {"cpu": "50m", "memory": "128Mi"}, "limits": {"cpu": "500m", "memory": "384Mi"}}
GATEWAY_RESOURCES = {
    "requests": {"cpu": "50m", "memory": "64Mi"},
    "limits": {"cpu": "500m", "memory": "256Mi"},
}

# gke overlay: the values an operator replaces for a real project
GKE_PROJECT = "packfinderz-prod"
GKE_REGISTRY = f"us-docker.pkg.dev/{GKE_PROJECT}/packfinderz"
GKE_IMAGE_TAG = "0.1.0"
GKE_CLOUD_SQL_INSTANCE = f"{GKE_PROJECT}:us-central1:packfinderz"
CLOUD_SQL_PROXY_IMAGE = "gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.2"
# Names of Secrets (made from Secret Manager, never committed), not secrets themselves.
DATABASE_SECRET = "pf-database"  # noqa: S105 one key per service: its postgresql:// URL via the proxy
REDIS_SECRET = "pf-redis"  # noqa: S105 key url: the Memorystore rediss:// URL
# keys api_key and webhook_secret (and, during a rotation, webhook_secret_previous: optional)
STRIPE_SECRET = "pf-stripe"  # noqa: S105

GENERATED_HEADER = (
    "# GENERATED by deploy/k8s/generate.py: edit the generator, then run\n"
    "#   .venv/bin/python deploy/k8s/generate.py\n"
)


# --------------------------------------------------------------------------- helpers


class _Dumper(yaml.SafeDumper):
    """Block style with indented lists, the way Kubernetes manifests are usually written."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> Any:
        return super().increase_indent(flow, False)

    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump(*docs: Any) -> str:
    body = "---\n".join(yaml.dump(d, Dumper=_Dumper, sort_keys=False, width=120) for d in docs)
    return GENERATED_HEADER + body


def labels(name: str, component: str, **extra: str) -> dict[str, str]:
    return {
        "app.kubernetes.io/name": name,
        "app.kubernetes.io/component": component,
        "app.kubernetes.io/part-of": PART_OF,
        **extra,
    }


def selector(name: str, component: str) -> dict[str, str]:
    return {"app.kubernetes.io/name": name, "app.kubernetes.io/component": component}


def pod_security() -> dict[str, Any]:
    return {
        "runAsNonRoot": True,
        "runAsUser": UID,
        "runAsGroup": UID,
        "fsGroup": UID,
        "seccompProfile": {"type": "RuntimeDefault"},
    }


def container_security() -> dict[str, Any]:
    return {
        "runAsNonRoot": True,
        "allowPrivilegeEscalation": False,
        "readOnlyRootFilesystem": True,
        "capabilities": {"drop": ["ALL"]},
    }


def image(name: str) -> str:
    return f"packfinderz/{name}"


# image name -> (Dockerfile, build args): how every image the manifests name is built
IMAGE_BUILDS: dict[str, tuple[str, dict[str, str]]] = {
    **{svc: (DOCKERFILE, {"SERVICE": svc}) for svc in SERVICES},
    # any service's image with every workspace package: one process imports every migration
    "migrate": (DOCKERFILE, {"SERVICE": "identity", "SYNC_PACKAGES": "--all-packages"}),
    "gateway": (GATEWAY_DOCKERFILE, {}),
}


def build_commands(tag: str = "latest") -> list[str]:
    """``docker build`` of every image, run from the repository root."""
    out = []
    for name, (dockerfile, args) in IMAGE_BUILDS.items():
        flags = "".join(f" --build-arg {k}={v}" for k, v in args.items())
        out.append(f"docker build -f {dockerfile}{flags} -t {image(name)}:{tag} .")
    return out


def service_account(name: str, component: str) -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "ServiceAccount",
        "metadata": {
            "name": f"pf-{name}",
            "labels": {"app.kubernetes.io/name": name, "app.kubernetes.io/part-of": PART_OF},
        },
        # nothing here talks to the Kubernetes API (GKE Workload Identity needs no token mount)
        "automountServiceAccountToken": False,
    }


def service_key_secret(svc: str) -> str:
    return f"pf-service-key-{svc}"  # its name, never its content (made by the operator)


def app_container(name: str, svc: str, command: list[str], resources: dict[str, Any]) -> dict[str, Any]:
    mounts: list[dict[str, Any]] = [{"name": "tmp", "mountPath": "/tmp"}]  # noqa: S108
    if svc in SERVICES:
        mounts += [
            {"name": "service-key", "mountPath": SERVICE_KEYS_DIR, "readOnly": True},
            {"name": "service-jwks", "mountPath": SERVICE_JWKS_DIR, "readOnly": True},
        ]
    return {
        "name": name,
        "image": image(svc),
        "imagePullPolicy": "IfNotPresent",
        "command": command,
        "envFrom": [{"configMapRef": {"name": "pf-config"}}],
        "env": [],
        "resources": resources,
        "securityContext": container_security(),
        # the root filesystem is read-only: an emptyDir for temporary files (uploads spool there)
        "volumeMounts": mounts,
    }


def pod_spec(
    svc_account: str, containers: list[dict[str, Any]], *, service: str | None = None, **extra: Any
) -> dict[str, Any]:
    volumes: list[dict[str, Any]] = [{"name": "tmp", "emptyDir": {"sizeLimit": "256Mi"}}]
    if service is not None:
        volumes += [
            # readable by the pod's group (fsGroup) only
            {
                "name": "service-key",
                "secret": {"secretName": service_key_secret(service), "defaultMode": 0o440},
            },
            {"name": "service-jwks", "configMap": {"name": SERVICE_JWKS_CONFIGMAP}},
        ]
    return {
        "serviceAccountName": svc_account,
        "securityContext": pod_security(),
        **extra,
        "containers": containers,
        "volumes": volumes,
    }


def cron_for(job: Any) -> str:
    """The CronJob schedule of a pf_common Job (cron, or an interval that divides a day)."""
    if job.cron:
        return str(job.cron)
    seconds = int(job.interval_s)
    if seconds != job.interval_s or seconds <= 0:
        raise ValueError(f"job {job.name}: interval {job.interval_s}s is not a whole number of seconds")
    if seconds < 60:  # a CronJob runs at most once a minute (e.g. send_emails, every 10 s in make up)
        return "* * * * *"
    if seconds == 86400:
        return "0 0 * * *"
    if seconds % 3600 == 0 and 86400 % seconds == 0:
        hours = seconds // 3600
        return "0 * * * *" if hours == 1 else f"0 */{hours} * * *"
    if seconds % 60 == 0 and 3600 % seconds == 0:
        return f"*/{seconds // 60} * * * *"
    raise ValueError(f"job {job.name}: interval {job.interval_s}s has no cron equivalent")


def jobs_of(svc: str) -> list[Any]:
    platform = importlib.import_module("pf_common.worker").PLATFORM_JOBS
    own = importlib.import_module(f"pf_{svc}.worker").JOBS
    return [*platform, *own]


# --------------------------------------------------------------------------- base


def namespace() -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "Namespace",
        "metadata": {
            "name": NAMESPACE,
            "labels": {
                "app.kubernetes.io/part-of": PART_OF,
                # every pod here meets the restricted Pod Security Standard
                "pod-security.kubernetes.io/enforce": "restricted",
                "pod-security.kubernetes.io/enforce-version": "latest",
            },
        },
    }


def shared_config() -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": "pf-config", "labels": {"app.kubernetes.io/part-of": PART_OF}},
        "data": dict(SHARED_CONFIG),
    }


def api_deployment(svc: str) -> dict[str, Any]:
    c = app_container(
        "api",
        svc,
        ["uvicorn", "--factory", f"pf_{svc}.app:create_app", "--host", "0.0.0.0", "--port", str(API_PORT)],
        API_RESOURCES,
    )
    c["ports"] = [{"name": "http", "containerPort": API_PORT}]
    c["startupProbe"] = {
        "httpGet": {"path": "/health/live", "port": "http"},
        "periodSeconds": 2,
        "failureThreshold": 30,
    }
    c["livenessProbe"] = {
        "httpGet": {"path": "/health/live", "port": "http"},
        "periodSeconds": 10,
        "timeoutSeconds": 3,
        "failureThreshold": 3,
    }
    c["readinessProbe"] = {
        "httpGet": {"path": "/health/ready", "port": "http"},
        "periodSeconds": 5,
        "timeoutSeconds": 5,
        "failureThreshold": 3,
    }
    # let the Service drop this pod before uvicorn stops accepting connections
    c["lifecycle"] = {"preStop": {"exec": {"command": ["sleep", "5"]}}}
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": f"{svc}-api", "labels": labels(svc, "api")},
        "spec": {
            # no replicas: the HorizontalPodAutoscaler owns the count
            "revisionHistoryLimit": 5,
            "selector": {"matchLabels": selector(svc, "api")},
            "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": 0}},
            "template": {
                "metadata": {"labels": labels(svc, "api")},
                "spec": pod_spec(f"pf-{svc}", [c], service=svc, terminationGracePeriodSeconds=30),
            },
        },
    }


def api_service(svc: str) -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": f"{svc}-api", "labels": labels(svc, "api")},
        "spec": {
            "selector": selector(svc, "api"),
            "ports": [{"name": "http", "port": API_PORT, "targetPort": "http"}],
        },
    }


def api_hpa(svc: str) -> dict[str, Any]:
    return {
        "apiVersion": "autoscaling/v2",
        "kind": "HorizontalPodAutoscaler",
        "metadata": {"name": f"{svc}-api", "labels": labels(svc, "api")},
        "spec": {
            "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": f"{svc}-api"},
            "minReplicas": 2,
            "maxReplicas": 10,
            "metrics": [
                {
                    "type": "Resource",
                    "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 70}},
                }
            ],
        },
    }


def pdb(name: str, app: str, component: str) -> dict[str, Any]:
    return {
        "apiVersion": "policy/v1",
        "kind": "PodDisruptionBudget",
        "metadata": {"name": name, "labels": labels(app, component)},
        "spec": {"minAvailable": 1, "selector": {"matchLabels": selector(app, component)}},
    }


def worker_deployment(svc: str) -> dict[str, Any]:
    c = app_container(
        "worker", svc, ["python", "-m", f"pf_{svc}.worker"], WORKER_RESOURCES_OF.get(svc, WORKER_RESOURCES)
    )
    c["env"] = [
        {"name": "PF_WORKER_METRICS_PORT", "value": str(METRICS_PORT)},
        {"name": "PF_WORKER_METRICS_HOST", "value": "0.0.0.0"},  # Prometheus scrapes the pod
        # the platform jobs run as the CronJobs below, not in the worker's scheduler loop
        {"name": "PF_WORKER_SCHEDULER_ENABLED", "value": "false"},
    ]
    c["ports"] = [{"name": "metrics", "containerPort": METRICS_PORT}]
    c["livenessProbe"] = {
        "httpGet": {"path": "/metrics", "port": "metrics"},
        "initialDelaySeconds": 20,
        "periodSeconds": 30,
        "timeoutSeconds": 10,
        "failureThreshold": 3,
    }
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": f"{svc}-worker", "labels": labels(svc, "worker")},
        "spec": {
            # relay (SKIP LOCKED), consumer groups and the scheduler's advisory lock let it scale out
            "replicas": 1,
            "revisionHistoryLimit": 5,
            "selector": {"matchLabels": selector(svc, "worker")},
            "template": {
                "metadata": {"labels": labels(svc, "worker")},
                "spec": pod_spec(f"pf-{svc}", [c], service=svc, terminationGracePeriodSeconds=60),
            },
        },
    }


def cronjob(svc: str, job: Any) -> dict[str, Any]:
    name = f"{svc}-{job.name.replace('_', '-')}"
    if len(name) > 52:
        raise ValueError(f"CronJob name {name!r} is longer than 52 characters")
    lab = labels(svc, "job", **{JOB_LABEL: job.name})
    c = app_container("job", svc, ["python", "-m", f"pf_{svc}.worker", "job", job.name], JOB_RESOURCES)
    return {
        "apiVersion": "batch/v1",
        "kind": "CronJob",
        "metadata": {"name": name, "labels": lab},
        "spec": {
            "schedule": cron_for(job),
            "timeZone": "Etc/UTC",
            "concurrencyPolicy": "Forbid",
            "startingDeadlineSeconds": 600,
            "successfulJobsHistoryLimit": 1,
            "failedJobsHistoryLimit": 3,
            "jobTemplate": {
                "metadata": {"labels": lab},
                "spec": {
                    "backoffLimit": 2,
                    "activeDeadlineSeconds": 1800,
                    "ttlSecondsAfterFinished": 86400,
                    "template": {
                        "metadata": {"labels": lab},
                        "spec": pod_spec(f"pf-{svc}", [c], service=svc, restartPolicy="Never"),
                    },
                },
            },
        },
    }


def internal_callers(svc: str) -> dict[str, frozenset[str]]:
    """``{internal path: services allowed}`` of one service, read from its routes."""
    from pf_common.guards import allowed_services_of
    from pf_common.routes import api_routes

    routers = importlib.import_module(f"pf_{svc}.app").ROUTERS
    out: dict[str, frozenset[str]] = {}
    for router in routers:
        for route in api_routes(router.routes):
            if route.path.startswith("/internal/"):
                out[route.path] = allowed_services_of(route.dependant) or frozenset()
    return out


def callers_of(svc: str) -> list[str]:
    return sorted({c for allowed in internal_callers(svc).values() for c in allowed} - {svc})


def network_policy(svc: str) -> dict[str, Any]:
    """The API pods of ``svc`` accept the gateway, and the pods (api, worker, jobs) of the services
    its internal routes name; nothing else (kubelet probes come from the node and are not
    subject to NetworkPolicies)."""
    port = [{"protocol": "TCP", "port": "http"}]
    ingress: list[dict[str, Any]] = [
        {"from": [{"podSelector": {"matchLabels": selector("gateway", "gateway")}}], "ports": port}
    ]
    callers = callers_of(svc)
    if callers:
        expression = {"key": "app.kubernetes.io/name", "operator": "In", "values": callers}
        ingress.append({"from": [{"podSelector": {"matchExpressions": [expression]}}], "ports": port})
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "NetworkPolicy",
        "metadata": {"name": f"{svc}-api", "labels": labels(svc, "api")},
        "spec": {
            "podSelector": {"matchLabels": selector(svc, "api")},
            "policyTypes": ["Ingress"],
            "ingress": ingress,
        },
    }


def migrate_job() -> dict[str, Any]:
    c = app_container(
        "migrate", "migrate", ["python", "-m", "pf_common.migrations_cli", *SERVICES], JOB_RESOURCES
    )
    return {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": "migrate", "labels": labels("migrate", "migrate")},
        "spec": {
            "backoffLimit": 3,
            "activeDeadlineSeconds": 900,
            # gone ten minutes after it finished, so the next `kubectl apply` runs it again
            "ttlSecondsAfterFinished": 600,
            "template": {
                "metadata": {"labels": labels("migrate", "migrate")},
                "spec": pod_spec("pf-migrate", [c], restartPolicy="Never"),
            },
        },
    }


def gateway_deployment() -> dict[str, Any]:
    env = [{"name": "PF_GATEWAY_PORT", "value": str(GATEWAY_PORT)}]
    env += [{"name": f"PF_{s.upper()}_UPSTREAM", "value": f"{s}-api:{API_PORT}"} for s in SERVICES]
    probe = {"httpGet": {"path": "/health/live", "port": "http"}, "periodSeconds": 10, "timeoutSeconds": 3}
    c = {
        "name": "caddy",
        "image": image("gateway"),
        "imagePullPolicy": "IfNotPresent",
        "env": env,
        "ports": [{"name": "http", "containerPort": GATEWAY_PORT}],
        "livenessProbe": probe,
        "readinessProbe": {**probe, "periodSeconds": 5},
        "lifecycle": {"preStop": {"exec": {"command": ["sleep", "5"]}}},
        "resources": GATEWAY_RESOURCES,
        "securityContext": container_security(),
        "volumeMounts": [
            {"name": "caddyfile", "mountPath": "/etc/caddy", "readOnly": True},
            {"name": "data", "mountPath": "/data"},
            {"name": "config", "mountPath": "/config"},
            {"name": "tmp", "mountPath": "/tmp"},  # noqa: S108
        ],
    }
    spec = pod_spec("pf-gateway", [c], terminationGracePeriodSeconds=30)
    spec["volumes"] = [
        {"name": "caddyfile", "configMap": {"name": "gateway-caddyfile"}},
        {"name": "data", "emptyDir": {"sizeLimit": "64Mi"}},
        {"name": "config", "emptyDir": {"sizeLimit": "16Mi"}},
        {"name": "tmp", "emptyDir": {"sizeLimit": "64Mi"}},
    ]
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "gateway", "labels": labels("gateway", "gateway")},
        "spec": {
            "replicas": 2,
            "revisionHistoryLimit": 5,
            "selector": {"matchLabels": selector("gateway", "gateway")},
            "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1, "maxUnavailable": 0}},
            "template": {"metadata": {"labels": labels("gateway", "gateway")}, "spec": spec},
        },
    }


def gateway_service() -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": "gateway", "labels": labels("gateway", "gateway")},
        "spec": {
            "selector": selector("gateway", "gateway"),
            "ports": [{"name": "http", "port": GATEWAY_PORT, "targetPort": "http"}],
        },
    }


def base_files() -> dict[str, str]:
    files: dict[str, str] = {
        "namespace.yaml": dump(namespace()),
        "config.yaml": dump(shared_config()),
        "migrate.yaml": dump(service_account("migrate", "migrate"), migrate_job()),
        "gateway.yaml": dump(
            service_account("gateway", "gateway"),
            gateway_deployment(),
            gateway_service(),
            pdb("gateway", "gateway", "gateway"),
        ),
        "gateway/Caddyfile": CADDYFILE.read_text(encoding="utf-8"),
    }
    for svc in SERVICES:
        files[f"services/{svc}.yaml"] = dump(
            service_account(svc, "api"),
            api_deployment(svc),
            api_service(svc),
            api_hpa(svc),
            pdb(f"{svc}-api", svc, "api"),
            network_policy(svc),
            worker_deployment(svc),
            *(cronjob(svc, j) for j in jobs_of(svc)),
        )
    kustomization = {
        "apiVersion": "kustomize.config.k8s.io/v1beta1",
        "kind": "Kustomization",
        "namespace": NAMESPACE,
        "resources": [
            "namespace.yaml",
            "config.yaml",
            "migrate.yaml",
            *(f"services/{s}.yaml" for s in SERVICES),
            "gateway.yaml",
        ],
        # the ONE gateway config (a byte-identical copy of deploy/gateway/Caddyfile)
        "configMapGenerator": [{"name": "gateway-caddyfile", "files": ["Caddyfile=gateway/Caddyfile"]}],
    }
    files["kustomization.yaml"] = dump(kustomization)
    return files


# --------------------------------------------------------------------------- gke overlay


def cloud_sql_proxy() -> dict[str, Any]:
    """The Cloud SQL Auth Proxy as a native sidecar (an init container that keeps running)."""
    return {
        "name": "cloud-sql-proxy",
        "image": CLOUD_SQL_PROXY_IMAGE,
        "restartPolicy": "Always",
        "args": [
            "--structured-logs",
            "--private-ip",
            "--port=5432",
            "--health-check",
            "--http-address=0.0.0.0",
            "--http-port=9090",
            "--exit-zero-on-sigterm",
            "$(INSTANCE_CONNECTION_NAME)",
        ],
        "env": [
            {
                "name": "INSTANCE_CONNECTION_NAME",
                "valueFrom": {"configMapKeyRef": {"name": "cloud-sql", "key": "instance"}},
            }
        ],
        "ports": [{"name": "proxy-health", "containerPort": 9090}],
        "startupProbe": {
            "httpGet": {"path": "/startup", "port": "proxy-health"},
            "periodSeconds": 1,
            "failureThreshold": 60,
        },
        "livenessProbe": {"httpGet": {"path": "/liveness", "port": "proxy-health"}, "periodSeconds": 10},
        "resources": {"requests": {"cpu": "50m", "memory": "64Mi"}, "limits": {"memory": "256Mi"}},
        "securityContext": container_security(),
    }


def database_env(name: str, svc: str) -> dict[str, Any]:
    return {"name": name, "valueFrom": {"secretKeyRef": {"name": DATABASE_SECRET, "key": svc}}}


REDIS_ENV = {"name": "PF_REDIS_URL", "valueFrom": {"secretKeyRef": {"name": REDIS_SECRET, "key": "url"}}}


def stripe_env(name: str, key: str, *, optional: bool = False) -> dict[str, Any]:
    ref: dict[str, Any] = {"name": STRIPE_SECRET, "key": key}
    if optional:
        ref["optional"] = True
    return {"name": name, "valueFrom": {"secretKeyRef": ref}}


def pod_patch(pod: str, svc: str) -> list[dict[str, Any]]:
    """Cloud SQL proxy + PF_DATABASE_URL (Cloud SQL) + PF_REDIS_URL (Memorystore) on one pod template
    (finance's also get Stripe's API key and webhook secrets)."""
    env = [database_env("PF_DATABASE_URL", svc), REDIS_ENV]
    if svc == "finance":
        env += [
            stripe_env("PF_FINANCE_STRIPE_API_KEY", "api_key"),
            stripe_env("PF_FINANCE_STRIPE_WEBHOOK_SECRET", "webhook_secret"),
            stripe_env("PF_FINANCE_STRIPE_WEBHOOK_SECRET_PREVIOUS", "webhook_secret_previous", optional=True),
        ]
    return [
        {"op": "add", "path": f"{pod}/initContainers", "value": [cloud_sql_proxy()]},
        *({"op": "add", "path": f"{pod}/containers/0/env/-", "value": e} for e in env),
    ]


def gke_files() -> dict[str, str]:
    files: dict[str, str] = {}
    patches: list[dict[str, Any]] = []

    def patch(path: str, ops: list[dict[str, Any]], **target: str) -> None:
        files[path] = dump(ops)
        patches.append({"path": path, "target": target})

    # Pub/Sub instead of Redis Streams
    patch(
        "patches/pf-config.yaml",
        [
            {"op": "replace", "path": "/data/PF_TRANSPORT", "value": "pubsub"},
            {"op": "add", "path": "/data/PF_PUBSUB_PROJECT", "value": GKE_PROJECT},
        ],
        kind="ConfigMap",
        name="pf-config",
    )
    # trim_streams trims Redis streams: nothing to do on Pub/Sub
    patch(
        "patches/trim-streams.yaml",
        [{"op": "add", "path": "/spec/suspend", "value": True}],
        kind="CronJob",
        labelSelector=f"{JOB_LABEL}=trim_streams",
    )
    # Cloud SQL (proxy sidecar, URL from a Secret) and Memorystore (URL from a Secret)
    for svc in SERVICES:
        patch(
            f"patches/{svc}-deployments.yaml",
            pod_patch("/spec/template/spec", svc),
            kind="Deployment",
            labelSelector=f"app.kubernetes.io/name={svc}",
        )
        patch(
            f"patches/{svc}-cronjobs.yaml",
            pod_patch("/spec/jobTemplate/spec/template/spec", svc),
            kind="CronJob",
            labelSelector=f"app.kubernetes.io/name={svc}",
        )
    pod = "/spec/template/spec"
    patch(
        "patches/migrate.yaml",
        [
            {"op": "add", "path": f"{pod}/initContainers", "value": [cloud_sql_proxy()]},
            {
                "op": "add",
                "path": f"{pod}/containers/0/env",
                "value": [database_env(f"PF_{s.upper()}_DATABASE_URL", s) for s in SERVICES],
            },
        ],
        kind="Job",
        name="migrate",
    )
    # Managed Prometheus scrapes the APIs' /metrics from its own namespace: the one ingress
    # the APIs accept besides the gateway and their named callers
    patch(
        "patches/networkpolicy-monitoring.yaml",
        [
            {
                "op": "add",
                "path": "/spec/ingress/-",
                "value": {
                    "from": [
                        {
                            "namespaceSelector": {
                                "matchLabels": {"kubernetes.io/metadata.name": GKE_MONITORING_NAMESPACE}
                            }
                        }
                    ],
                    "ports": [{"protocol": "TCP", "port": "http"}],
                },
            }
        ],
        kind="NetworkPolicy",
    )
    # Workload Identity: each Kubernetes service account acts as its own Google service account
    for account in (*SERVICES, "migrate"):
        gsa = f"pf-{account}@{GKE_PROJECT}.iam.gserviceaccount.com"
        patch(
            f"patches/serviceaccount-{account}.yaml",
            [
                {
                    "op": "add",
                    "path": "/metadata/annotations",
                    "value": {"iam.gke.io/gcp-service-account": gsa},
                }
            ],
            kind="ServiceAccount",
            name=f"pf-{account}",
        )

    files["cloud-sql.yaml"] = dump(
        {
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "metadata": {"name": "cloud-sql", "labels": {"app.kubernetes.io/part-of": PART_OF}},
            "data": {"instance": GKE_CLOUD_SQL_INSTANCE},
        }
    )
    kustomization = {
        "apiVersion": "kustomize.config.k8s.io/v1beta1",
        "kind": "Kustomization",
        "namespace": NAMESPACE,
        "resources": ["../../base", "cloud-sql.yaml"],
        "images": [
            {"name": image(n), "newName": f"{GKE_REGISTRY}/{n}", "newTag": GKE_IMAGE_TAG}
            for n in IMAGE_BUILDS
        ],
        "patches": patches,
    }
    files["kustomization.yaml"] = dump(kustomization)
    return files


# --------------------------------------------------------------------------- files


def render() -> dict[Path, str]:
    """Every generated file, by path relative to deploy/k8s."""
    out: dict[Path, str] = {}
    for rel, text in base_files().items():
        out[Path("base") / rel] = text
    for rel, text in gke_files().items():
        out[Path("overlays/gke") / rel] = text
    return out


OWNED_DIRS = (Path("base"), Path("overlays/gke"))


def on_disk(root: Path) -> Iterable[Path]:
    for d in OWNED_DIRS:
        for p in sorted((root / d).rglob("*")):
            if p.is_file():
                yield p.relative_to(root)


def stale(root: Path = HERE) -> list[str]:
    """Paths (relative to deploy/k8s) that differ from what the generator writes."""
    want = render()
    problems = [str(p) for p, text in want.items() if not _same(root / p, text)]
    problems += [f"{p} (not generated)" for p in on_disk(root) if p not in want]
    return sorted(problems)


def _same(path: Path, text: str) -> bool:
    return path.is_file() and path.read_bytes() == text.encode("utf-8")


def write(root: Path = HERE) -> list[Path]:
    want = render()
    for p in on_disk(root):
        if p not in want:
            (root / p).unlink()
    changed = []
    for p, text in want.items():
        target = root / p
        if _same(target, text):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode("utf-8"))
        changed.append(p)
    return changed


def service_key_manifests(root: Path, namespace: str = NAMESPACE) -> str:
    """The Secret of each service's private keys and the ConfigMap of every public JWKS, from a
    folder made by ``python -m pf_common.service_auth --root DIR ensure <services>`` (kept out of
    the repository; pipe the output to ``kubectl apply -f -``)."""
    import base64

    docs: list[dict[str, Any]] = []
    jwks: dict[str, str] = {}
    for svc in SERVICES:
        pems = sorted((root / svc).glob("*.pem"))
        if not pems:
            raise SystemExit(
                f"no keys for {svc} under {root / svc}: run python -m pf_common.service_auth ensure"
            )
        docs.append(
            {
                "apiVersion": "v1",
                "kind": "Secret",
                "type": "Opaque",
                "metadata": {
                    "name": service_key_secret(svc),
                    "namespace": namespace,
                    "labels": labels(svc, "keys"),
                },
                "data": {p.name: base64.b64encode(p.read_bytes()).decode() for p in pems},
            }
        )
        jwks[f"{svc}.json"] = (root / "jwks" / f"{svc}.json").read_text(encoding="utf-8")
    docs.append(
        {
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "metadata": {
                "name": SERVICE_JWKS_CONFIGMAP,
                "namespace": namespace,
                "labels": {"app.kubernetes.io/part-of": PART_OF},
            },
            "data": jwks,
        }
    )
    return "---\n".join(yaml.dump(d, Dumper=_Dumper, sort_keys=False, width=120) for d in docs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when a generated file is out of date")
    sub = parser.add_subparsers(dest="cmd")
    keys = sub.add_parser("service-keys", help="print the service-key Secrets and the public JWKS ConfigMap")
    keys.add_argument("--root", type=Path, required=True, help="folder of pf_common.service_auth ensure")
    keys.add_argument("--namespace", default=NAMESPACE)
    images = sub.add_parser("images", help="print the docker build command of every image (repository root)")
    images.add_argument("--tag", default="latest")
    args = parser.parse_args(argv)
    if args.cmd == "service-keys":
        sys.stdout.write(service_key_manifests(args.root, args.namespace))
        return 0
    if args.cmd == "images":
        sys.stdout.write("".join(f"{c}\n" for c in build_commands(args.tag)))
        return 0
    if args.check:
        problems = stale()
        for p in problems:
            sys.stderr.write(f"out of date: deploy/k8s/{p}\n")
        if problems:
            sys.stderr.write("run: .venv/bin/python deploy/k8s/generate.py\n")
        return 1 if problems else 0
    for written in write():
        sys.stdout.write(f"wrote deploy/k8s/{written}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
