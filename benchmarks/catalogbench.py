"""The catalog figures (C0, C1, C2): the real catalog app on a generated 500,000-product catalog.

The runner (``benchmarks.run``, ``--only catalog`` or a full run) calls :func:`run_group`, which

* migrates a database of its own (``pf_catalog``) with ``pf_common.migrations.upgrade`` and
  fills it with the catalog's own generator, ``python -m pf_catalog.generate --products N
  --stores M`` (``PF_CATALOG_DATABASE_URL``): **C0** is its wall time (reported, no target),
  with the CPU of the generator and of Postgres and the rows it wrote; ``VACUUM ANALYZE`` follows,
  timed apart;
* serves the catalog app (``uvicorn --factory pf_catalog.app:create_app``, the same command
  line as every server, its JSON INFO logs into ``/dev/null``) behind its own Caddy from the
  real Caddyfile (``PF_CATALOG_UPSTREAM`` = the app), and P4's service (``benchmarks.service``,
  its ``GET /api/v1/products/{id}`` = P4's target ``DB``) on the run's ``pf_bench`` database;
* measures, interleaved per round: ``DB`` (P4's endpoint, direct), ``BROWSE``
  (``GET /api/v1/products?state=S&category=…&price_max_cents=…&q=…`` through the gateway, a
  buyer store of state S, rotating over :data:`QUERIES`), each closed loop (max rate) then open
  loop at 50 % of it; then ``RES_UNI`` and ``RES_HOT`` (``POST /internal/v1/inventory/reservations``
  direct to the app, one fresh single-line reservation per request, on products spread
  uniformly over :data:`UNIFORM_SKUS` SKUs, or all on one SKU), closed loop.
  **C1** = browse p95 / P4 p95 at 50 % of each one's max (goal ≤ 5, and browse p95 < 50 ms);
  **C2** = reservations/s hot / uniform (goal ≥ 0.5).

Every window runs in a child of its own, ``python -m benchmarks.catalogbench load SPEC``: the
load generator of ``benchmarks.loadgen`` (the same code, the same stdout protocol) with two
additions, used identically for baseline and target: p95 in the latency summary, and the
reservation body built fresh for every request (new checkout group, reservation and order ids;
the SKU drawn uniformly or the hot one).

Missed targets are explained (``profiles``): C1 by a cProfile of a catalog process under the
browse loop (``run.profile_server``), the CPU per request of every process, and the plans of
the statements one browse request runs, ``EXPLAIN ANALYZE`` by ``auto_explain`` inside a catalog
process of its own (``PGOPTIONS``), so the statements are exactly the app's with its parameters;
C2 by a cProfile of a catalog process under the hot loop, and the wait events of the catalog's
Postgres backends sampled during a hot and a uniform window.
"""

from __future__ import annotations

import collections
import itertools
import json
import random
import re
import resource
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from benchmarks import loadgen
from benchmarks.identitybench import request
from benchmarks.procs import ROOT, BenchError, Child, Children, CpuGroup, CpuMeter, python_module
from benchmarks.stats import percentile, spread

SERVICE_DIR = ROOT / "services" / "catalog"
FACTORY = "pf_catalog.app:create_app"
GENERATOR = "pf_catalog.generate"
DATABASE = "pf_catalog"
BROWSE_PATH = "/api/v1/products"
RESERVE_PATH = "/internal/v1/inventory/reservations"

PRODUCTS = 500_000
STORES = 2_000
LOAD_TIMEOUT_S = 900.0
UNIFORM_SKUS = 10_000  # products the uniform reservations are spread over (drawn from the catalog)
STOCK = 1_000_000_000  # available_qty of the reserved products: neither run can sell out
BUYER_COMPANY = "Bench Buyer Co"

# C1's request: two filters and a text query, as a buyer types them. The queries rotate (one per
# request and connection, in order); every one must match in the buyer's state (checked).
CATEGORY = "flower"
PRICE_MAX_CENTS = 5_000
QUERIES = (
    "og kush",
    "gelato",
    "blue dream",
    "wedding cake",
    "sour diesel",
    "gorilla glue",
    "runtz",
    "zkittlez",
)

TARGETS = {"C1_p95_vs_p4": 5.0, "C1_p95_ms": 50.0, "C2": 0.5}

RESERVE_BODY = (
    '{"checkout_group_id":"%s","lines":[{"reservation_id":"%s","order_id":"%s","product_id":"%s","qty":1}]}'
)


# =========================================================================== the load child


class _Gen(loadgen._Gen):
    """``benchmarks.loadgen``'s generator with p95 in its latency summary and, with
    ``"reserve": "<file of product ids, one per line>"``, a fresh reservation body on every request."""

    def __init__(self, cfg: dict[str, Any]) -> None:
        super().__init__(cfg)
        spec = cfg.get("reserve")
        if spec:
            self.product_ids: list[str] = Path(spec).read_text().split()
            self.rng = random.Random()
            host = cfg.get("host", "127.0.0.1")
            length = len(RESERVE_BODY % (("0" * 36,) * 4))
            extra = "".join(f"{k}: {v}\r\n" for k, v in cfg.get("headers", {}).items())
            self.head = (
                f"POST {cfg['paths'][0]} HTTP/1.1\r\nHost: {host}:{cfg['port']}\r\n"
                f"User-Agent: pf-bench/{loadgen.VERSION}\r\nContent-Type: application/json\r\n"
                f"{extra}Content-Length: {length}\r\n\r\n"
            ).encode()
            self.unique_parts = []  # not None: every request comes from unique_request

    def unique_request(self, i: int) -> bytes:
        ids = self.product_ids
        pid = ids[0] if len(ids) == 1 else ids[self.rng.randrange(len(ids))]
        body = RESERVE_BODY % (uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), pid)
        return self.head + body.encode()

    def _result(self, window_s: float, cpu_s: float, extra: dict[str, Any]) -> dict[str, Any]:
        res = super()._result(window_s, cpu_s, extra)
        p95 = percentile(sorted(self.lat), 95)
        if p95 is not None:
            res["latency"]["p95_ms"] = round(p95 * 1000, 3)
        res["tool"] = "benchmarks.catalogbench load (benchmarks.loadgen + p95 + reservation bodies)"
        return res


def load_child(cfg: dict[str, Any]) -> dict[str, Any]:
    import uvloop

    async def main() -> dict[str, Any]:
        gen = _Gen(cfg)
        try:
            return await (gen.open() if gen.open_mode else gen.closed())
        finally:
            for c in gen.conns:
                if c.transport is not None:
                    c.transport.close()

    return uvloop.run(main())


# =========================================================================== setup


def missing() -> str | None:
    """Why the group cannot run here (the catalog generator is not installed), else None."""
    import importlib.util

    try:
        found = importlib.util.find_spec(GENERATOR) is not None
    except ModuleNotFoundError:
        found = False
    return None if found else f"{GENERATOR} is not installed (uv sync, or a checkout without it)"


def dsn(database_url: str) -> str:
    return database_url.replace("postgresql+psycopg://", "postgresql://")


def migrate(database_url: str) -> None:
    from pf_common.migrations import upgrade

    upgrade(SERVICE_DIR, database_url)


def server_env(base: dict[str, str], database_url: str) -> dict[str, str]:
    return {**base, "PF_DATABASE_URL": database_url, "PF_CATALOG_DATABASE_URL": database_url}


def _count(conn: Any, sql: str, *args: Any) -> int:
    row = conn.execute(sql, args or None).fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def load_catalog(
    children: Children,
    env: dict[str, str],
    database_url: str,
    pg_cpu: CpuGroup,
    products: int,
    stores: int,
    say: Callable[[str], None],
) -> dict[str, Any]:
    """C0: the generator into the migrated database, timed (wall, CPU); then VACUUM ANALYZE, timed apart."""
    import psycopg

    args = python_module(GENERATOR, "--products", str(products), "--stores", str(stores))
    say(f"C0: loading {products:,} products across {stores:,} stores (python -m {' '.join(args[2:])})")
    meter = CpuMeter([pg_cpu])
    meter.start()
    ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)  # the generator's CPU once it is reaped
    t0 = time.perf_counter()
    child = children.spawn("catalog-generate", args, env=env)
    try:
        rc = child.proc.wait(LOAD_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        rc = None
    wall = time.perf_counter() - t0
    cpu = meter.stop()
    children.stop(child)
    ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    gen_s = (ru1.ru_utime + ru1.ru_stime) - (ru0.ru_utime + ru0.ru_stime)
    cpu["generator"] = {"cpu_s": round(gen_s, 3), "cores": round(gen_s / wall, 3) if wall else None}
    if wall and cpu.get("unaccounted_cores") is not None:
        cpu["unaccounted_cores"] = round(max(0.0, cpu["unaccounted_cores"] - gen_s / wall), 3)
    if rc != 0:
        raise BenchError(f"the catalog generator failed (exit {rc}) after {wall:.0f}s:\n{child.log_tail()}")
    with psycopg.connect(dsn(database_url), autocommit=True) as conn:
        t1 = time.perf_counter()
        # VACUUM too, as autovacuum would soon after a bulk load: COPY sets no all-visible bits,
        # and browse's index-only scans would read the heap for every row until they are set
        conn.execute("VACUUM (ANALYZE)")
        analyze_s = time.perf_counter() - t1
        rows = {
            "products": _count(conn, "SELECT count(*) FROM catalog.products"),
            "active_products": _count(conn, "SELECT count(*) FROM catalog.products WHERE is_active"),
            "inventory_items": _count(conn, "SELECT count(*) FROM catalog.inventory_items"),
            "stores": _count(conn, "SELECT count(*) FROM catalog.store_projection"),
            "vendor_stores": _count(
                conn, "SELECT count(*) FROM catalog.store_projection WHERE type = 'vendor'"
            ),
        }
        size = conn.execute(
            "SELECT pg_total_relation_size('catalog.products'), pg_database_size(current_database())"
        ).fetchone()
        vm = conn.execute(
            "SELECT relpages, relallvisible FROM pg_class WHERE oid = 'catalog.products'::regclass"
        ).fetchone()
        assert vm is not None  # the table exists: pg_class has its row
        say(f"C0: products heap pages {vm[0]:,}, all-visible after VACUUM {vm[1]:,}")
    if rows["products"] < products:
        raise BenchError(f"the generator wrote {rows['products']:,} products, {products:,} were asked for")
    say(
        f"C0: {rows['products']:,} products, {rows['stores']:,} stores in {wall:.1f}s "
        f"({rows['products'] / wall:,.0f} products/s); VACUUM ANALYZE {analyze_s:.1f}s"
    )
    return {
        "command": ["python", *args[1:]],
        "products_asked": products,
        "stores_asked": stores,
        "wall_s": round(wall, 2),
        "products_per_s": round(rows["products"] / wall, 1),
        "analyze_s": round(analyze_s, 2),
        "cpu": cpu,
        "rows": rows,
        "products_table_bytes": size[0] if size else None,
        "database_bytes": size[1] if size else None,
    }


@dataclass
class Buyer:
    state: str
    store_id: str
    inserted: bool  # the generator had no buyer store in that state
    visible_vendors: int
    visible_products: int


def pick_buyer(database_url: str) -> Buyer:
    """The state with the most products visible to its buyers, and a buyer store there (one of the
    generator's, else one inserted into the projection like a ``store_created`` would)."""
    import psycopg

    from pf_common.ids import uuid7

    with psycopg.connect(dsn(database_url), autocommit=True) as conn:
        row = conn.execute(
            "SELECT s.state, count(DISTINCT s.store_id), count(*) FROM catalog.products p "
            "JOIN catalog.store_projection s ON s.store_id = p.store_id "
            "WHERE p.is_active AND s.type = 'vendor' AND s.kyc_status = 'verified' AND s.subscription_active "
            "GROUP BY s.state ORDER BY count(*) DESC, s.state LIMIT 1"
        ).fetchone()
        if row is None:
            raise BenchError("the generated catalog has no product visible in any state")
        state, vendors, visible = row
        found = conn.execute(
            "SELECT store_id FROM catalog.store_projection WHERE type = 'buyer' AND state = %s "
            "AND kyc_status = 'verified' ORDER BY store_id LIMIT 1",
            (state,),
        ).fetchone()
        if found is not None:
            return Buyer(state, str(found[0]), False, vendors, visible)
        store_id = uuid7()
        conn.execute(
            "INSERT INTO catalog.store_projection (store_id, type, company_name, state, kyc_status, "
            "subscription_active, profile_version, kyc_version) "
            "VALUES (%s, 'buyer', %s, %s, 'verified', true, now(), now())",
            (store_id, BUYER_COMPANY, state),
        )
        return Buyer(state, str(store_id), True, vendors, visible)


def browse_paths(state: str) -> list[str]:
    return [
        f"{BROWSE_PATH}?"
        + urlencode({"state": state, "category": CATEGORY, "price_max_cents": PRICE_MAX_CENTS, "q": q})
        for q in QUERIES
    ]


def check_browse(gw_port: int, paths: list[str], headers: dict[str, str]) -> list[dict[str, Any]]:
    """Every query of C1 answers 200 through the gateway from catalog, with products, a total and
    facets consistent with the filters; without a token 401. Returns what each page held."""
    out = []
    for path in paths:
        status, hdrs, raw = request(gw_port, "GET", path, headers=headers)
        if status != 200:
            raise BenchError(f"browse {path} answered {status}: {raw[:300]!r}")
        if hdrs.get("x-pf-service") != "catalog":
            raise BenchError(f"{path} through the gateway was not answered by catalog: {hdrs}")
        data = json.loads(raw)["data"]
        products, pagination, facets = data.get("products"), data.get("pagination"), data.get("facets")
        if not products:
            raise BenchError(f"browse {path} found no product: the query does not match the generated data")
        if not isinstance(pagination, dict) or not isinstance(facets, dict):
            raise BenchError(f"browse {path} answered without pagination or facets: {list(data)}")
        total = pagination.get("total")
        wrong = [
            p.get("id")
            for p in products
            if p.get("category") not in (None, CATEGORY)
            or (p.get("price_cents") is not None and p["price_cents"] > PRICE_MAX_CENTS)
        ]
        if wrong:
            raise BenchError(f"browse {path} returned products outside its filters: {wrong[:5]}")
        if not isinstance(total, int) or total < len(products):
            raise BenchError(f"browse {path}: total {total!r} with {len(products)} products on the page")
        # the facets count the filtered set: one category (the filter's) holding the total, and
        # every product under one vendor
        cats = {f["value"]: f["count"] for f in facets.get("category") or []}
        vendors = sum(f["count"] for f in facets.get("vendor") or [])
        if cats != {CATEGORY: total} or vendors != total:
            raise BenchError(
                f"browse {path}: total {total}, category facet {cats}, vendor facet sum {vendors}"
            )
        out.append(
            {
                "path": path,
                "products_on_page": len(products),
                "total": total,
                "facets": {k: (len(v) if isinstance(v, list | dict) else v) for k, v in facets.items()},
                "category_facet": facets.get("category"),
                "first_titles": [p.get("title") for p in products[:3]],
            }
        )
    status, _, _ = request(gw_port, "GET", paths[0])
    if status != 401:
        raise BenchError(f"browse answered {status} without a token: authentication is not enforced")
    return out


def reservation_products(database_url: str, n: int) -> tuple[str, list[str]]:
    """The hot SKU and ``n`` SKUs for the uniform run (active products drawn evenly over the
    catalog, the hot one among them), each given ``available_qty`` = :data:`STOCK`."""
    import psycopg

    with psycopg.connect(dsn(database_url), autocommit=True) as conn:
        total = _count(conn, "SELECT count(*) FROM catalog.inventory_items")
        if total == 0:
            raise BenchError("the generated catalog has no inventory rows")
        step = max(1, total // n)
        rows = conn.execute(
            "SELECT product_id FROM (SELECT product_id, row_number() OVER (ORDER BY product_id) AS k "
            "FROM catalog.inventory_items) t WHERE k %% %s = 0 LIMIT %s",
            (step, n),
        ).fetchall()
        ids = [str(r[0]) for r in rows]
        conn.execute(
            "UPDATE catalog.inventory_items SET available_qty = %s WHERE product_id = ANY(%s::uuid[])",
            (STOCK, ids),
        )
        conn.execute("VACUUM ANALYZE catalog.inventory_items")
    return ids[len(ids) // 2], ids


def orders_token(keys_dir: Path) -> dict[str, str]:
    """orders' service token for catalog (the only caller of the reservation routes), signed with
    the key the catalog process trusts (``<PF_KEYS_DIR>/services``); valid for 10 minutes."""
    from pf_common.service_auth import MAX_TTL_S, ServiceTokenSigner, ensure_service_keys

    root = keys_dir / "services"
    signer = ServiceTokenSigner(
        "orders", ensure_service_keys("orders", root / "orders", root / "jwks"), ttl_s=MAX_TTL_S
    )
    return {"Authorization": f"Bearer {signer.token_for('catalog')}"}


def check_reserve(port: int, product_id: str, keys_dir: Path) -> None:
    body = json.loads(RESERVE_BODY % (uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), product_id))
    status, _, raw = request(port, "POST", RESERVE_PATH, body=body, headers=orders_token(keys_dir))
    if status != 200:
        raise BenchError(f"reserve answered {status}: {raw[:300]!r}")
    results = json.loads(raw)["data"]["results"]
    if results != [{"reservation_id": body["lines"][0]["reservation_id"], "reserved": True}]:
        raise BenchError(f"reserve answered {results}")


def reservation_rows(database_url: str) -> int:
    import psycopg

    with psycopg.connect(dsn(database_url), autocommit=True) as conn:
        return _count(conn, "SELECT count(*) FROM catalog.inventory_reservations")


# =========================================================================== the group


@dataclass
class CatalogSetup:
    server: Child
    gateway: Child
    port: int
    gw_port: int
    env: dict[str, str]
    database_url: str
    buyer: Buyer
    paths: list[str]
    hot: str
    uniform: list[str]
    hot_file: str
    uniform_file: str


@dataclass
class Window:
    key: str
    label: str
    port: int
    paths: list[str]
    cpu: list[CpuGroup]
    headers: dict[str, str]
    reserve: str | None = None  # a file of product ids: a fresh reservation body per request
    keys_dir: Path | None = None  # reservations: orders' service token, minted when the window starts


def run_group(
    result: dict[str, Any],
    cfg: dict[str, Any],
    children: Children,
    tmp: Path,
    bench_database_url: str,
    pg: Any,
    rd: Any,
    *,
    profile: bool,
) -> None:
    """C0 (load), C1 (browse p95 vs P4 p95), C2 (reservations hot / uniform); profiles when missed."""
    from benchmarks import run as runner
    from pf_common.devkeys import ensure_dev_keys
    from pf_common.embedded import free_port

    say, warnings = runner.say, runner.WARNINGS
    if (why := missing()) is not None:
        raise BenchError(f"the catalog group cannot run: {why}")
    keys_dir = tmp / "keys"
    ensure_dev_keys(keys_dir)
    base = {
        "PF_REDIS_URL": rd.url,
        "PF_KEYS_DIR": str(keys_dir),
        "PF_ENVIRONMENT": "dev",
        "PF_LOG_FORMAT": "json",
        "PYTHONUNBUFFERED": "1",
    }
    pg_cpu, redis_cpu = CpuGroup("postgres", pg._proc.pid, tree=True), CpuGroup("redis", rd._proc.pid)

    url = pg.create_database(DATABASE)
    migrate(url)
    env = server_env(base, url)
    load = load_catalog(children, env, url, pg_cpu, cfg["catalog_products"], cfg["catalog_stores"], say)
    buyer = pick_buyer(url)
    hot, uniform = reservation_products(url, UNIFORM_SKUS)

    # the catalog app behind its own gateway; P4's service on the run's pf_bench database
    port, gw_port, svc_port = free_port(), free_port(), free_port()
    server = children.spawn("catalog", runner.uvicorn_args(FACTORY, port), env=env, stdout=subprocess.DEVNULL)
    gateway = runner.start_gateway(children, "gateway-catalog", gw_port, port, tmp)
    svc_env = {**base, "PF_DATABASE_URL": bench_database_url}
    product_ids = runner.seed_products(bench_database_url)
    svc = children.spawn(
        "service", runner.uvicorn_args("benchmarks.service:service_app", svc_port), env=svc_env
    )
    from benchmarks.procs import wait_http

    wait_http(server, port, "/health/live")
    wait_http(gateway, gw_port, "/health/live")
    buyer_headers = {"Authorization": f"Bearer {runner.mint_token(keys_dir, rd.url, buyer.store_id)}"}
    paths = browse_paths(buyer.state)
    checks = check_browse(gw_port, paths, buyer_headers)
    check_reserve(port, hot, keys_dir)
    from benchmarks import service

    item_paths = [service.ITEM_PATH.format(product_id=i) for i in product_ids]
    svc_headers = {"Authorization": f"Bearer {runner.mint_token(keys_dir, rd.url)}"}
    body = wait_http(svc, svc_port, item_paths[0], headers=svc_headers)
    if product_ids[0].encode() not in body:
        raise BenchError(f"the item route answered {body[:200]!r}")
    hot_file, uniform_file = tmp / "catalog-hot-sku.txt", tmp / "catalog-uniform-skus.txt"
    hot_file.write_text(hot + "\n")
    uniform_file.write_text("\n".join(uniform) + "\n")
    setup = CatalogSetup(
        server, gateway, port, gw_port, env, url, buyer, paths, hot, uniform, str(hot_file), str(uniform_file)
    )
    say(
        f"catalog up: app :{port}, gateway :{gw_port}, service :{svc_port}; buyer in {buyer.state} "
        f"({buyer.visible_products:,} visible products of {buyer.visible_vendors} vendors"
        f"{', buyer store inserted' if buyer.inserted else ''}); "
        + ", ".join(f"{QUERIES[i]!r} {c['total']}" for i, c in enumerate(checks))
    )

    cat_cpu = [CpuGroup("caddy", gateway.pid), CpuGroup("server", server.pid), redis_cpu, pg_cpu]
    db_w = Window(
        "DB", "P4's GET + PK read (service, direct)", svc_port, item_paths,
        [CpuGroup("server", svc.pid), redis_cpu, pg_cpu], svc_headers,
    )  # fmt: skip
    browse_w = Window("BROWSE", "catalog browse through the gateway", gw_port, paths, cat_cpu, buyer_headers)
    res_cpu = [CpuGroup("server", server.pid), pg_cpu]
    uni_w = Window(
        "RES_UNI", f"reservations over {len(uniform):,} SKUs (direct)", port, [RESERVE_PATH], res_cpu, {},
        reserve=setup.uniform_file, keys_dir=keys_dir,
    )  # fmt: skip
    hot_w = Window(
        "RES_HOT",
        "reservations on one SKU (direct)",
        port,
        [RESERVE_PATH],
        res_cpu,
        {},
        reserve=setup.hot_file,
        keys_dir=keys_dir,
    )
    runs: dict[str, list[dict[str, Any]]] = {w.key: [] for w in (db_w, browse_w, uni_w, hot_w)}

    def window(w: Window, load_cfg: dict[str, Any]) -> dict[str, Any]:
        discarded: list[dict[str, Any]] = []
        for attempt in range(cfg["retries"] + 1):
            before = reservation_rows(url) if w.reserve else 0
            res = measure(children, w, load_cfg)
            if w.reserve:
                committed = reservation_rows(url) - before
                res["reservations_committed"] = committed
                # requests in flight when the loop stops (one per connection at most) may commit
                # unanswered: more rows than responses means every answered request reserved
                res["success_fraction"] = (
                    min(1.0, committed / res["total_responses"]) if res["total_responses"] else None
                )
                res["reservations_per_s"] = round(
                    res["ok"] / res["window_s"] * (res["success_fraction"] or 0), 1
                )
            other = res["server_cpu"].get("unaccounted_cores") or 0.0
            if other <= cfg["max_other_cores"] or attempt == cfg["retries"]:
                res["discarded_attempts"] = discarded
                if other > cfg["max_other_cores"]:
                    warnings.append(
                        f"{w.key} {load_cfg['mode']} loop: other processes took {other:.2f} cores"
                    )
                if res["errors"] or res.get("unanswered"):
                    msg = (
                        f"{w.key} ({w.label}), {res['mode']} loop: {res['errors']} errors, "
                        f"{res.get('unanswered', 0)} unanswered, status {res['status']}"
                    )
                    warnings.append(msg)
                    say(f"WARNING {msg}")
                return res
            discarded.append({"rps": res.get("rps"), "other_processes_cores": other})
            say(f"  {w.key} disturbed by other processes ({other:.2f} cores): again")
            time.sleep(1.0)
        raise AssertionError("unreachable")

    closed_cfg = {
        "mode": "closed", "connections": cfg["connections"], "duration": cfg["duration"],
        "warmup": cfg["warmup"],
    }  # fmt: skip
    for r in range(cfg["rounds"]):
        for w in (db_w, browse_w):
            closed = window(w, closed_cfg)
            rate = max(1.0, closed["rps"] * cfg["open_fraction"])
            open_cfg = {
                "mode": "open", "rate": rate, "connections": cfg["open_connections"],
                "duration": cfg["duration"], "warmup": min(cfg["warmup"], 0.5),
            }  # fmt: skip
            opened = window(w, open_cfg)
            runs[w.key].append({"closed": closed, "open": opened})
            lat = opened["latency"]
            say(
                f"catalog round {r + 1}/{cfg['rounds']}  {w.key:<7} {closed['rps']:>8,.0f} req/s   "
                f"@{rate:,.0f}/s: p50 {lat['p50_ms']:.2f} ms p95 {lat['p95_ms']:.2f} ms "
                f"p99 {lat['p99_ms']:.2f} ms"
            )
        for w in (uni_w, hot_w):
            closed = window(w, closed_cfg)
            runs[w.key].append({"closed": closed})
            say(
                f"catalog round {r + 1}/{cfg['rounds']}  {w.key:<7} {closed['reservations_per_s']:>8,.0f} "
                f"reservations/s (p50 {closed['latency']['p50_ms']:.1f} ms, "
                f"p99 {closed['latency']['p99_ms']:.1f} ms)"
            )
    figs = figures(load, runs)
    result["figures"].update(figs)
    result["catalog"] = {
        "database": f"{DATABASE}, migrated by pf_common.migrations.upgrade(services/catalog, url), filled "
        f"by python -m {GENERATOR}",
        "load": load,
        "buyer": buyer.__dict__,
        "browse": {
            "paths": paths,
            "filters": {"category": CATEGORY, "price_max_cents": PRICE_MAX_CENTS},
            "queries": list(QUERIES),
            "checks": checks,
        },
        "reservations": {"hot_product_id": hot, "uniform_skus": len(uniform), "available_qty": STOCK},
        "commands": {
            "catalog": runner.uvicorn_args(FACTORY, 0)[1:],
            "service": runner.uvicorn_args("benchmarks.service:service_app", 0)[1:],
        },
        "runs": runs,
        "cpu_closed_loop": cpu_table(runs),
    }
    if profile and figs["C1"]["met"] is False:
        _profile_browse(result, cfg, children, tmp, setup, buyer_headers, pg)
    if profile and figs["C2"]["met"] is False:
        _profile_reservations(result, cfg, children, tmp, setup, pg)


def measure(
    children: Children,
    w: Window,
    load_cfg: dict[str, Any],
    on_start: Callable[[], None] | None = None,
    on_end: Callable[[], None] | None = None,
) -> dict[str, Any]:
    """One window of ``python -m benchmarks.catalogbench load`` against ``w``; its CPU groups sampled."""
    from benchmarks import run as runner

    spec: dict[str, Any] = {"port": w.port, "paths": w.paths, "headers": w.headers, **load_cfg}
    if w.reserve:
        spec["reserve"] = w.reserve
        assert w.keys_dir is not None, "the reservation routes take orders' service token"
        spec["headers"] = {**w.headers, **orders_token(w.keys_dir)}
    args = python_module("benchmarks.catalogbench", "load", json.dumps(spec))
    return runner.run_marked(
        children, f"catalog-load-{w.key}", args, [CpuGroup("loadgen", 0), *w.cpu], load_cfg, w.label,
        on_start=on_start, on_end=on_end,
    )  # fmt: skip


# =========================================================================== figures


def cpu_table(runs: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """Cores busy and µs of CPU per request of every process, closed loop (as run.http_figures)."""
    out: dict[str, Any] = {}
    for k, v in runs.items():
        first = v[0]["closed"]["server_cpu"]
        entry: dict[str, Any] = {
            "loadgen_cores": spread([x["closed"]["loadgen_cores"] for x in v]),
            "other_processes_cores": spread([x["closed"]["server_cpu"].get("unaccounted_cores") for x in v]),
        }
        for n in (n for n, x in first.items() if isinstance(x, dict) and n != "loadgen"):
            entry[f"{n}_cores"] = spread([x["closed"]["server_cpu"][n]["cores"] for x in v])
            entry[f"{n}_us_per_request"] = spread(
                [
                    x["closed"]["server_cpu"][n]["cpu_s"] / x["closed"]["requests"] * 1e6
                    for x in v
                    if x["closed"]["requests"]
                ]
            )
        out[k] = entry
    return out


def _div(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def figures(load: dict[str, Any], runs: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    figs: dict[str, Any] = {}
    figs["C0"] = {
        "what": f"python -m {GENERATOR}: {load['rows']['products']:,} products across "
        f"{load['rows']['stores']:,} stores into the migrated catalog database (wall time)",
        "wall_s": load["wall_s"],
        "products_per_s": load["products_per_s"],
        "analyze_s": load["analyze_s"],
        "generator_cores": load["cpu"].get("generator", {}).get("cores"),
        "postgres_cores": load["cpu"].get("postgres", {}).get("cores"),
        "goal": None,
        "met": None,
    }

    def lat(key: str, q: str) -> list[float | None]:
        return [x["open"]["latency"].get(q) for x in runs[key]]

    db95, br95 = lat("DB", "p95_ms"), lat("BROWSE", "p95_ms")
    ratio = spread([_div(t, b) for b, t in zip(db95, br95, strict=True)])
    abs95 = spread(br95)
    g = TARGETS
    figs["C1"] = {
        "what": "browse GET /api/v1/products?state&category&price_max_cents&q (through the gateway, "
        "buyer token) p95 / P4's GET + PK read p95, each at 50 % of its own closed-loop max, "
        "interleaved rounds",
        "baseline": {
            "name": "DB",
            "rps": spread([x["closed"]["rps"] for x in runs["DB"]]),
            "rate": spread([x["open"]["rate_target"] for x in runs["DB"]]),
            "p50_ms": spread(lat("DB", "p50_ms")),
            "p95_ms": spread(db95),
            "p99_ms": spread(lat("DB", "p99_ms")),
        },
        "target": {
            "name": "BROWSE",
            "rps": spread([x["closed"]["rps"] for x in runs["BROWSE"]]),
            "rate": spread([x["open"]["rate_target"] for x in runs["BROWSE"]]),
            "p50_ms": spread(lat("BROWSE", "p50_ms")),
            "p95_ms": abs95,
            "p99_ms": spread(lat("BROWSE", "p99_ms")),
        },
        "ratio": ratio,
        "goal": f"p95 <= {g['C1_p95_vs_p4']:.0f}x P4 p95 and < {g['C1_p95_ms']:.0f} ms",
        "met": bool(
            ratio["median"] is not None
            and ratio["median"] <= g["C1_p95_vs_p4"]
            and abs95["median"] is not None
            and abs95["median"] < g["C1_p95_ms"]
        ),
    }
    uni = [x["closed"]["reservations_per_s"] for x in runs["RES_UNI"]]
    hot = [x["closed"]["reservations_per_s"] for x in runs["RES_HOT"]]
    r2 = spread([_div(t, b) for b, t in zip(uni, hot, strict=True)])

    def side(key: str, vals: list[float]) -> dict[str, Any]:
        rs = runs[key]
        return {
            "name": key,
            "rate": spread(vals),
            "p50_ms": spread([x["closed"]["latency"].get("p50_ms") for x in rs]),
            "p99_ms": spread([x["closed"]["latency"].get("p99_ms") for x in rs]),
            "success_fraction": spread([x["closed"].get("success_fraction") for x in rs]),
        }

    figs["C2"] = {
        "what": "successful single-line reservations per second, closed loop (POST "
        f"{RESERVE_PATH}, direct): all on one SKU / spread uniformly over many SKUs",
        "baseline": side("RES_UNI", uni),
        "target": side("RES_HOT", hot),
        "ratio": r2,
        "goal": f">= {g['C2']}",
        "met": bool(r2["median"] is not None and r2["median"] >= g["C2"]),
    }
    return figs


def _fs(s: dict[str, Any], fmt: str = "{:,.0f}") -> str:
    if s.get("median") is None:
        return "n/a"
    sp = f" ±{s['spread_pct'] / 2:.0f}%" if s.get("spread_pct") is not None else ""
    return fmt.format(s["median"]) + sp


def table_lines(figs: dict[str, Any], catalog: dict[str, Any] | None) -> list[str]:
    """C0, C1, C2 in the run's table (same columns: fig, baseline, target, ratio, goal, result)."""
    lines: list[str] = []
    f = figs.get("C0")
    if f:
        lines.append(
            f"{'C0':<6} {'—':<28} {'load ' + format(f['wall_s'], '.1f') + ' s':<28} {'—':<14} "
            f"{'— (reported)':<26} —"
        )
        lines.append(
            f"{'':<6} {f['what']}: {f['products_per_s']:,.0f} products/s, generator "
            f"{f['generator_cores'] or 0:.2f} cores, Postgres {f['postgres_cores'] or 0:.2f} cores; "
            f"ANALYZE {f['analyze_s']:.1f} s"
        )
    f = figs.get("C1")
    if f:
        b, t = f["baseline"], f["target"]
        verdict = "met" if f["met"] else "MISSED"
        lines.append(
            f"{'C1':<6} {'P4 p95 ' + _fs(b['p95_ms'], '{:.2f}') + ' ms':<28} "
            f"{'browse p95 ' + _fs(t['p95_ms'], '{:.1f}') + ' ms':<28} {_fs(f['ratio'], '{:.1f}x'):<14} "
            f"{'p95<=5x P4 & <50ms':<26} {verdict}"
        )
        lines.append(
            f"{'':<6} max rate: P4 {_fs(b['rps'])} req/s, browse {_fs(t['rps'])} req/s; at 50 %: P4 p50 "
            f"{_fs(b['p50_ms'], '{:.2f}')} p99 {_fs(b['p99_ms'], '{:.2f}')} ms, browse p50 "
            f"{_fs(t['p50_ms'], '{:.1f}')} p99 {_fs(t['p99_ms'], '{:.1f}')} ms"
        )
        if catalog:
            buyer, br = catalog["buyer"], catalog["browse"]
            totals = ", ".join(
                f"{q!r} {c['total']}" for q, c in zip(br["queries"], br["checks"], strict=False)
            )
            lines.append(
                f"{'':<6} buyer in {buyer['state']} ({buyer['visible_products']:,} visible products); "
                f"category={br['filters']['category']}, price_max_cents={br['filters']['price_max_cents']}, "
                f"q rotating; totals: {totals}"
            )
    f = figs.get("C2")
    if f:
        b, t = f["baseline"], f["target"]
        verdict = "met" if f["met"] else "MISSED"
        lines.append(
            f"{'C2':<6} {'uniform ' + _fs(b['rate']) + ' res/s':<28} "
            f"{'hot ' + _fs(t['rate']) + ' res/s':<28} {_fs(f['ratio'], '{:.3f}'):<14} "
            f"{f['goal']:<26} {verdict}"
        )
        lines.append(
            f"{'':<6} closed loop p50/p99: uniform "
            f"{_fs(b['p50_ms'], '{:.1f}')}/{_fs(b['p99_ms'], '{:.1f}')} ms, "
            f"hot {_fs(t['p50_ms'], '{:.1f}')}/{_fs(t['p99_ms'], '{:.1f}')} ms; every request a fresh "
            "single-unit reservation"
        )
    if catalog:
        lines.append(f"{'':<6} CPU in the closed loop (cores busy; µs of CPU per request):")
        for k, v in catalog["cpu_closed_loop"].items():
            parts = [f"loadgen {_fs(v['loadgen_cores'], '{:.2f}')}"]
            for name in ("server", "caddy", "redis", "postgres"):
                if f"{name}_cores" in v:
                    parts.append(
                        f"{name} {_fs(v[f'{name}_cores'], '{:.2f}')} ({_fs(v[f'{name}_us_per_request'])} µs)"
                    )
            parts.append(f"other {_fs(v['other_processes_cores'], '{:.2f}')}")
            lines.append(f"{'':<8}{k:<8} " + "   ".join(parts))
    return lines


# =========================================================================== profiles


def _profile_browse(
    result: dict[str, Any],
    cfg: dict[str, Any],
    children: Children,
    tmp: Path,
    setup: CatalogSetup,
    headers: dict[str, str],
    pg: Any,
) -> None:
    """C1 missed: cProfile of a catalog process under the browse loop (direct, same database and
    token), CPU per process, and EXPLAIN ANALYZE of every statement of one request per query."""
    from benchmarks import run as runner

    runner.say(f"profiling the catalog process for C1 (cProfile, {cfg['profile_duration']:.0f}s closed loop)")
    result["profiles"]["C1"] = {
        "kind": "cProfile of the uvicorn catalog process (browse, direct, same database and token)",
        **runner.profile_server(
            children, cfg, setup.env, tmp, setup.paths, headers, "C1", app=FACTORY, quiet=True,
            ready_path="/health/live",
        ),
    }  # fmt: skip
    result["profiles"]["C1explain"] = explain_browse(children, tmp, setup, headers, pg)
    cpu = result["catalog"]["cpu_closed_loop"]
    result["profiles"]["C1cpu"] = {
        "kind": "CPU accounting per process (closed loop): P4's GET vs browse through the gateway",
        "DB": cpu.get("DB"),
        "BROWSE": cpu.get("BROWSE"),
    }


EXPLAIN_ROLE = "pf_bench_explain"
EXPLAIN_SETTINGS = {
    "session_preload_libraries": "auto_explain",
    "auto_explain.log_min_duration": "0",
    "auto_explain.log_analyze": "on",
    "auto_explain.log_buffers": "on",
    "auto_explain.log_timing": "on",
    "auto_explain.log_nested_statements": "on",
}
_ENTRY = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", re.M)


def explain_browse(
    children: Children, tmp: Path, setup: CatalogSetup, headers: dict[str, str], pg: Any
) -> dict[str, Any]:
    """The plans of what one browse request runs, as executed by the app: a catalog process of its
    own connecting as a role of its own (:data:`EXPLAIN_ROLE`) whose sessions load ``auto_explain``
    (every statement, ANALYZE, BUFFERS, into the Postgres log; the measured servers' role is left
    alone); one request per query, then the log entries of that process."""
    import psycopg

    from benchmarks import run as runner
    from benchmarks.procs import wait_http
    from pf_common.embedded import free_port

    log = tmp / "logs" / "postgres.log"
    port = free_port()
    with psycopg.connect(
        f"host=127.0.0.1 port={pg.port} user=postgres dbname=postgres", autocommit=True
    ) as c:
        if c.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (EXPLAIN_ROLE,)).fetchone() is None:
            c.execute(f"CREATE ROLE {EXPLAIN_ROLE} LOGIN SUPERUSER")
        c.execute("LOAD 'auto_explain'")
        for name, value in EXPLAIN_SETTINGS.items():
            c.execute(f"ALTER ROLE {EXPLAIN_ROLE} SET {name} = '{value}'")
    url = setup.database_url.replace("//postgres@", f"//{EXPLAIN_ROLE}@")
    env = server_env(setup.env, url)
    server = children.spawn(
        "catalog-explain", runner.uvicorn_args(FACTORY, port), env=env, stdout=subprocess.DEVNULL
    )
    requests: list[dict[str, Any]] = []
    try:
        wait_http(server, port, "/health/live")
        request(port, "GET", setup.paths[0], headers=headers)  # connections opened, caches warm
        time.sleep(0.3)
        start = log.stat().st_size if log.exists() else 0
        for path in setup.paths:
            t0 = time.perf_counter()
            status, _, _ = request(port, "GET", path, headers=headers)
            requests.append(
                {"path": path, "status": status, "ms": round((time.perf_counter() - t0) * 1000, 2)}
            )
        time.sleep(0.5)  # the log is written by the backends
    finally:
        children.stop(server)
    text = log.read_text(errors="replace")[start:] if log.exists() else ""
    starts = [m.start() for m in _ENTRY.finditer(text)] + [len(text)]
    plans: list[dict[str, Any]] = []
    for a, b in itertools.pairwise(starts):
        entry = text[a:b].rstrip()
        m = re.search(r"duration: ([0-9.]+) ms\s+plan:\n(.*)", entry, re.S)
        if not m:
            continue
        lines = m.group(2).split("\n")
        at = next((i for i, ln in enumerate(lines) if ln.lstrip().startswith("Query Parameters:")), None)
        if at is None:  # no parameters: the plan starts after the query's first line
            at, params = 1, ""
        else:
            params = lines[at].strip()
            at += 1
        plans.append(
            {
                "duration_ms": float(m.group(1)),
                "query": "\n".join(lines[: at - (1 if params else 0)]).replace("Query Text:", "").strip(),
                "parameters": params,
                "plan": "\n".join(ln.removeprefix("\t") for ln in lines[at:]),
            }
        )
    return {
        "kind": "EXPLAIN ANALYZE (auto_explain in the app's own connections) of every statement one "
        "browse request runs, one request per query",
        "settings": EXPLAIN_SETTINGS,
        "requests": requests,
        "statements": plans,
        "slowest": sorted(plans, key=lambda p: p["duration_ms"], reverse=True)[:3],
    }


def _profile_reservations(
    result: dict[str, Any], cfg: dict[str, Any], children: Children, tmp: Path, setup: CatalogSetup, pg: Any
) -> None:
    """C2 missed: cProfile of a catalog process under the hot loop, and the wait events of the
    catalog's backends sampled every 20 ms during a hot and a uniform window (direct)."""
    import signal

    from benchmarks import run as runner
    from benchmarks.procs import wait_http
    from benchmarks.profiling import summarize
    from pf_common.embedded import free_port

    runner.say(
        f"profiling the catalog process for C2 (cProfile, {cfg['profile_duration']:.0f}s closed loop, "
        "hot SKU), then sampling Postgres wait events"
    )
    port = free_port()
    out = tmp / "C2.pstats"
    server = children.spawn(
        "profiled-C2", python_module("benchmarks.profiling", FACTORY, str(port), str(out)),
        env=setup.env, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    load_cfg = {
        "mode": "closed", "connections": cfg["connections"], "duration": cfg["profile_duration"],
        "warmup": cfg["warmup"],
    }  # fmt: skip
    try:
        wait_http(server, port, "/health/live")
        w = Window(
            "RES_HOT", "profiled hot reservations", port, [RESERVE_PATH],
            [CpuGroup("server", server.pid)], {}, reserve=setup.hot_file,
            keys_dir=Path(setup.env["PF_KEYS_DIR"]),
        )  # fmt: skip
        res = measure(
            children, w, load_cfg,
            on_start=lambda: server.signal(signal.SIGUSR1), on_end=lambda: server.signal(signal.SIGUSR2),
        )  # fmt: skip
        deadline = time.monotonic() + 20
        while not out.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(0.5)  # the dump may still be in progress
    finally:
        children.stop(server)
    if out.exists():
        result["profiles"]["C2"] = {
            "kind": "cProfile of the uvicorn catalog process (reservations on one SKU, direct)",
            "rps_under_profiler": res["rps"],
            "summary": summarize(out),
        }
    waits = {}
    for key, ids in (("RES_HOT", setup.hot_file), ("RES_UNI", setup.uniform_file)):
        w = Window(
            key, f"{key} with wait sampling", setup.port, [RESERVE_PATH], [], {}, reserve=ids,
            keys_dir=Path(setup.env["PF_KEYS_DIR"]),
        )  # fmt: skip
        waits[key] = sample_waits(children, w, load_cfg, pg, DATABASE)
    result["profiles"]["C2waits"] = {
        "kind": "wait events of the catalog database's active backends, sampled every 20 ms over a "
        "closed-loop window (share of samples; 'CPU' = active, not waiting)",
        **waits,
    }


def sample_waits(
    children: Children, w: Window, load_cfg: dict[str, Any], pg: Any, database: str
) -> dict[str, Any]:
    """``pg_stat_activity`` of ``database``'s active backends, every 20 ms over ``w``'s window."""
    import psycopg

    counts: collections.Counter[str] = collections.Counter()
    stop = threading.Event()
    samples = 0

    def sampler() -> None:
        nonlocal samples
        with psycopg.connect(
            f"host=127.0.0.1 port={pg.port} user=postgres dbname=postgres", autocommit=True
        ) as c:
            while not stop.is_set():
                rows = c.execute(
                    "SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU') FROM pg_stat_activity "
                    "WHERE datname = %s AND state = 'active' AND pid <> pg_backend_pid()",
                    (database,),
                ).fetchall()
                samples += 1
                counts.update(r[0] for r in rows)
                time.sleep(0.02)

    t = threading.Thread(target=sampler, daemon=True)
    res = measure(children, w, load_cfg, on_start=t.start, on_end=stop.set)
    stop.set()
    if t.is_alive():
        t.join(5)
    total = sum(counts.values())
    return {
        "rps": res["rps"],
        "samples": samples,
        "active_backends_mean": round(total / samples, 2) if samples else None,
        "share_pct": {k: round(v / total * 100, 1) for k, v in counts.most_common(12)} if total else {},
    }


PROFILE_KEYS = ("C1explain", "C1cpu", "C2waits")  # printed by format_profile; C1 and C2 are cProfiles


def format_profile(key: str, prof: dict[str, Any]) -> str:
    lines: list[str] = []
    if key == "C1explain":
        for r in prof["requests"]:
            lines.append(f"    {r['status']} in {r['ms']:.1f} ms  {r['path']}")
        lines.append(f"    {len(prof['statements'])} statements; the slowest:")
        for p in prof["slowest"]:
            query = " ".join(p["query"].split())
            lines.append(
                f"    --- {p['duration_ms']:.1f} ms: {query[:240]}{' …' if len(query) > 240 else ''}"
            )
            lines.append(f"      {p['parameters'][:240]}")
            lines += ["      " + ln for ln in p["plan"].splitlines()[:45]]
    elif key == "C1cpu":
        for k in ("DB", "BROWSE"):
            v = prof.get(k) or {}
            parts = [
                f"{n.removesuffix('_cores')} {_fs(v[n], '{:.2f}')} cores "
                f"({_fs(v[n[:-6] + '_us_per_request'])} µs/req)"
                for n in v
                if n.endswith("_cores") and n not in ("loadgen_cores", "other_processes_cores")
            ]
            lines.append(f"    {k}: " + ", ".join(parts))
    elif key == "C2waits":
        for k in ("RES_HOT", "RES_UNI"):
            v = prof.get(k) or {}
            shares = ", ".join(f"{n} {p:.0f}%" for n, p in (v.get("share_pct") or {}).items())
            lines.append(
                f"    {k}: {v.get('rps', 0):,.0f} req/s, {v.get('active_backends_mean')} active backends on "
                f"average; {shares}"
            )
    return "\n".join(lines)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "load":
        loadgen._mark("RESULT " + json.dumps(load_child(json.loads(sys.argv[2]))))
    else:
        raise SystemExit("usage: python -m benchmarks.catalogbench load SPEC")
