"""Search-scale fixture: vendors, buyers and products straight into the catalog tables.

    python -m pf_catalog.generate --products 500000 --stores 2000 [--seed N] [--batch 25000]

For measuring browse and search at a realistic size, never for production (refuses
``environment=prod``). The database is catalog's (``PF_CATALOG_DATABASE_URL``, then
``PF_DATABASE_URL``), migrated to head. Rows are written with ``COPY`` in batches of
``--batch`` products (a child process builds the next batch while Postgres takes the current one), all in
one transaction: an interrupted run leaves nothing. A large load drops the secondary indexes of
``products`` and rebuilds them before committing (``REBUILD_INDEXES_FROM``; the table is locked
meanwhile, so browse on a running stack waits). Every table written is then ANALYZEd. The
generated and trigger-kept columns (``has_promo``, ``search_text``, ``search_vector``,
``visible_state``) are left to Postgres.

What it writes, deterministic from ``--seed`` (only the timestamps depend on the clock):

* ``store_projection``: ``--stores`` vendors plus one buyer per ten vendors, as identity's and
  finance's events would have projected them. States follow rough market size among states with
  a legal market (``STATES``: about a fifth in Oklahoma, then California, Michigan, Colorado ...).
  Vendors pass the gate of DOMAIN §4.5 in exact quotas (``VENDOR_GATES``): 85% visible (KYC
  verified, subscription active); hidden: 6% verified without a subscription, 4% subscribed with
  KYC pending, 2% neither, 1.5% suspended, 1% expired, 0.5% rejected. Buyers are 90% verified.
* ``products``: the listings of ``pf_catalog.demo_products`` (strains, formats, wholesale prices,
  promotions, THC/CBD), ``vendor_name`` = the store's name, 96% active, created over the last
  year (ids are UUIDv7 of that time). Vendors' catalogue sizes are skewed (Pareto): a few carry
  thousands of listings, most a few dozen to a few hundred; every vendor has at least one.
* ``inventory_items``: one per product (about 4% out of stock); ``product_volume_discounts``:
  the tiers of about a third of the products.

A seed can be loaded once per database (the first store id is checked); use another ``--seed``
to add more.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import sys
import time
import traceback
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import IO, Any

import psycopg

from pf_catalog.demo_products import DemoProduct, store_names, vendor_factory
from pf_catalog.settings import Settings

# (state, weight): states with a licensed market, weighted roughly by the number of licensees
STATES: tuple[tuple[str, int], ...] = (
    ("OK", 20), ("CA", 14), ("MI", 9), ("CO", 8), ("WA", 6), ("OR", 6), ("IL", 5), ("MA", 5),
    ("AZ", 4), ("NV", 4), ("MO", 4), ("NY", 4), ("NJ", 3), ("MT", 2), ("NM", 2), ("MD", 2),
    ("ME", 1), ("VT", 1), ("CT", 1), ("RI", 1), ("DE", 1), ("MN", 1), ("VA", 1), ("OH", 2),
)  # fmt: skip
# (kyc_status, subscription_active, share of vendors); only the first passes the gate
VENDOR_GATES: tuple[tuple[str, bool, float], ...] = (
    ("verified", True, 0.85),
    ("verified", False, 0.06),
    ("pending_verification", True, 0.04),
    ("pending_verification", False, 0.02),
    ("suspended", True, 0.015),
    ("expired", True, 0.01),
    ("rejected", False, 0.005),
)
BUYERS_PER_VENDOR = 0.1
ACTIVE_SHARE = 0.96
HISTORY = timedelta(days=365)
# Loading at least this many products, and at least as many as the table holds, drops the
# secondary indexes of products (GIN search indexes above all) and rebuilds them at the end:
# building them once is about 2x faster than maintaining them row by row.
REBUILD_INDEXES_FROM = 50_000
# From this many products a child process builds the rows (start-up ~1 s) while this one copies.
CHILD_PROCESS_FROM = 50_000
DEFAULT_BATCH = 25_000  # products per COPY batch (--batch)
# Catalogue sizes: Pareto weights of this shape (lower = more skewed; a draw is at least 1),
# each capped at this many times the smallest possible weight
PARETO_SHAPE = 1.2
PARETO_CAP = 60.0
# Memory for the index rebuilds of a large load (Postgres's default is 64MB)
MAINTENANCE_WORK_MEM = "512MB"
PRODUCT_COLUMNS = (
    "id", "store_id", "sku", "title", "subtitle", "body_html", "category", "feelings", "flavors", "usage",
    "strain", "classification", "unit", "moq", "max_qty", "price_cents", "compare_at_price_cents",
    "is_active", "is_featured", "thc_percent", "cbd_percent", "vendor_name", "created_at", "updated_at",
)  # fmt: skip
INVENTORY_COLUMNS = ("product_id", "store_id", "available_qty", "low_stock_threshold", "updated_at")
TIER_COLUMNS = ("id", "store_id", "product_id", "min_qty", "discount_percent", "created_at")
STORE_COLUMNS = (
    "store_id", "type", "company_name", "state", "kyc_status", "subscription_active",
    "profile_version", "kyc_version", "subscription_version",
)  # fmt: skip


class GenerateError(Exception):
    """A condition the operator must fix (printed as one line)."""


@dataclass(frozen=True, slots=True)
class Store:
    id: uuid.UUID
    type: str
    name: str
    state: str
    kyc_status: str
    subscription_active: bool

    @property
    def visible(self) -> bool:
        return self.type == "vendor" and self.kyc_status == "verified" and self.subscription_active


@dataclass
class Summary:
    vendors: int = 0
    visible_vendors: int = 0
    buyers: int = 0
    products: int = 0
    active_products: int = 0
    visible_products: int = 0
    inventory_items: int = 0
    volume_discounts: int = 0
    seconds: float = 0.0
    states: Counter[str] = field(default_factory=Counter)

    @property
    def rows_per_s(self) -> float:
        return self.products / self.seconds if self.seconds else 0.0


# --- plan ------------------------------------------------------------------------------------------


def _quotas(total: int, shares: Sequence[float]) -> list[int]:
    """Largest-remainder split of ``total`` by ``shares`` (exact: sums to ``total``)."""
    raw = [total * s / sum(shares) for s in shares]
    counts = [int(r) for r in raw]
    by_remainder = sorted(range(len(raw)), key=lambda i: (counts[i] - raw[i], i))
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _uuid7(rng: random.Random, ms: int) -> uuid.UUID:
    rand = rng.getrandbits(74)
    value = (ms << 80) | (0x7 << 76) | ((rand >> 62) << 64) | (0b10 << 62) | (rand & ((1 << 62) - 1))
    return uuid.UUID(int=value)


def plan_stores(rng: random.Random, vendors: int) -> list[Store]:
    """The vendors (gate quotas shuffled over them) then the buyers. Ids are drawn first, so the
    first store's id depends on the seed only (``generate`` checks it to refuse a second load)."""
    buyers = max(1, round(vendors * BUYERS_PER_VENDOR))
    ids = [_uuid(rng) for _ in range(vendors + buyers)]
    gates = [
        (kyc, sub)
        for (kyc, sub, _), n in zip(
            VENDOR_GATES, _quotas(vendors, [s for *_, s in VENDOR_GATES]), strict=True
        )
        for _ in range(n)
    ]
    rng.shuffle(gates)
    states = [s for s, _ in STATES]
    weights = [w for _, w in STATES]
    stores = [
        Store(ids[i], "vendor", name, rng.choices(states, weights)[0], kyc, sub)
        for i, (name, (kyc, sub)) in enumerate(zip(store_names(rng, vendors), gates, strict=True))
    ]
    stores += [
        Store(
            ids[vendors + i],
            "buyer",
            name,
            rng.choices(states, weights)[0],
            "verified" if rng.random() < 0.9 else "pending_verification",
            False,
        )
        for i, name in enumerate(store_names(rng, buyers, vendor=False))
    ]
    return stores


def product_counts(rng: random.Random, vendors: int, products: int) -> list[int]:
    """Listings per vendor: at least one each (while they last), the rest Pareto-skewed."""
    if products <= vendors:
        return [1] * products + [0] * (vendors - products)
    weights = [min(rng.paretovariate(PARETO_SHAPE), PARETO_CAP) for _ in range(vendors)]
    return [1 + n for n in _quotas(products - vendors, weights)]


# --- COPY text format ---------------------------------------------------------------------------------

_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
NULL = "\\N"


def _text(value: str | None) -> str:
    return NULL if value is None else value.translate(_ESCAPES)


def _array(values: Iterable[str]) -> str:
    return "{" + ",".join(values) + "}"  # vocabulary words: nothing to quote


def _opt(value: object) -> str:
    return NULL if value is None else str(value)


def _product_line(
    p: DemoProduct, pid: uuid.UUID, store: Store, active: bool, stamp: str
) -> str:  # fmt: skip
    return "\t".join(
        (
            str(pid),
            str(store.id),
            _text(p.sku),
            _text(p.title),
            _text(p.subtitle),
            _text(p.body_html),
            p.category,
            _array(p.feelings),
            _array(p.flavors),
            _array(p.usage),
            _text(p.strain),
            _opt(p.classification),
            p.unit,
            str(p.moq),
            str(p.max_qty),
            str(p.price_cents),
            _opt(p.compare_at_price_cents),
            "t" if active else "f",
            "t" if p.is_featured else "f",
            _opt(p.thc_percent),
            _opt(p.cbd_percent),
            _text(store.name),
            stamp,
            stamp,
        )
    )


def _copy(cur: psycopg.Cursor, table: str, columns: Sequence[str], data: bytes) -> None:
    """``data``: rows in COPY text format, each ending with a newline."""
    if not data:
        return
    with cur.copy(f"COPY catalog.{table} ({', '.join(columns)}) FROM STDIN") as copy:
        copy.write(data)


def _rows(lines: list[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode() if lines else b""


# --- run ------------------------------------------------------------------------------------------------


def _conninfo(url: str) -> str:
    """SQLAlchemy's ``postgresql+psycopg://`` URL as libpq takes it."""
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def _say(out: IO[str], msg: str) -> None:
    out.write(msg + "\n")
    out.flush()


@dataclass(frozen=True, slots=True)
class _Batch:
    """COPY data of up to ``batch`` products with their inventory and tiers."""

    products: bytes
    inventory: bytes
    tiers: bytes
    n_products: int
    n_tiers: int
    active: int
    visible: int


def _batches(
    vendors: Sequence[Store], counts: Sequence[int], *, seed: int, batch: int, now: datetime
) -> Iterator[_Batch]:
    now_ms = int(now.timestamp() * 1000)
    history_ms = int(HISTORY.total_seconds() * 1000)
    products: list[str] = []
    inventory: list[str] = []
    tiers: list[str] = []
    active_n = visible_n = 0

    def pack() -> _Batch:
        return _Batch(
            _rows(products), _rows(inventory), _rows(tiers), len(products), len(tiers), active_n, visible_n
        )

    for index, (store, count) in enumerate(zip(vendors, counts, strict=True)):
        factory = vendor_factory(str(store.id), seed=seed, sku_prefix=f"V{index:05d}")
        prng = factory.rng
        for i in range(count):
            p = factory.product(i)
            ms = now_ms - prng.randrange(history_ms)
            pid = _uuid7(prng, ms)
            created = datetime.fromtimestamp(ms / 1000, UTC).isoformat()
            active = prng.random() < ACTIVE_SHARE
            products.append(_product_line(p, pid, store, active, created))
            inventory.append(f"{pid}\t{store.id}\t{p.available_qty}\t{p.low_stock_threshold}\t{created}")
            for min_qty, percent in p.volume_discounts:
                tiers.append(f"{_uuid(prng)}\t{store.id}\t{pid}\t{min_qty}\t{percent}\t{created}")
            active_n += active
            visible_n += active and store.visible
            if len(products) >= batch:
                yield pack()
                products, inventory, tiers = [], [], []
                active_n = visible_n = 0
    if products:
        yield pack()


def _produce(out: Any, vendors: list[Store], counts: list[int], seed: int, batch: int, now: datetime) -> None:
    """Child process body: build the batches while the parent copies (Python and Postgres then
    use a core each; a thread would share the parent's GIL with the COPY)."""
    try:
        for b in _batches(vendors, counts, seed=seed, batch=batch, now=now):
            out.put(b)
        out.put(None)
    except BaseException:
        out.put(traceback.format_exc())
        raise


def _from_child(
    vendors: list[Store], counts: list[int], *, seed: int, batch: int, now: datetime
) -> Iterator[_Batch]:
    ctx = multiprocessing.get_context("spawn")
    pending = ctx.Queue(maxsize=2)
    child = ctx.Process(
        target=_produce, args=(pending, vendors, counts, seed, batch, now), name="generate-rows", daemon=True
    )
    child.start()
    try:
        while (item := pending.get()) is not None:
            if isinstance(item, str):
                raise GenerateError(f"building rows failed:\n{item}")
            yield item
        child.join()
    finally:
        if child.is_alive():
            child.terminate()
            child.join()


def _secondary_indexes(cur: psycopg.Cursor) -> list[tuple[str, str]]:
    """(name, definition) of the products indexes that back no constraint."""
    cur.execute(
        "SELECT i.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x "
        "JOIN pg_class i ON i.oid = x.indexrelid "
        "WHERE x.indrelid = 'catalog.products'::regclass "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid) ORDER BY 1"
    )
    return [(name, ddl) for name, ddl in cur.fetchall()]


def generate(
    database_url: str,
    *,
    products: int,
    stores: int,
    seed: int = 0,
    batch: int = DEFAULT_BATCH,
    now: datetime | None = None,
    out: IO[str] = sys.stdout,
) -> Summary:
    """Write the fixture (see the module docstring); returns what was written."""
    if products < 0 or stores < 1 or batch < 1:
        raise GenerateError("need --stores >= 1, --products >= 0 and --batch >= 1")
    now = now or datetime.now(UTC)
    rng = random.Random(f"pf-catalog-generate:{seed}")
    plan = plan_stores(rng, stores)
    vendors = [s for s in plan if s.type == "vendor"]
    counts = product_counts(rng, len(vendors), products)
    summary = Summary(
        vendors=len(vendors),
        visible_vendors=sum(s.visible for s in vendors),
        buyers=len(plan) - len(vendors),
        states=Counter(s.state for s in vendors),
    )
    started = time.monotonic()
    stamp = now.isoformat()
    with psycopg.connect(_conninfo(database_url), autocommit=False) as conn, conn.cursor() as cur:
        cur.execute("SET statement_timeout = 0")
        cur.execute(f"SET maintenance_work_mem = '{MAINTENANCE_WORK_MEM}'")
        cur.execute("SELECT 1 FROM catalog.store_projection WHERE store_id = %s", (plan[0].id,))
        if cur.fetchone() is not None:
            raise GenerateError(f"seed {seed} is already loaded in this database: use another --seed")
        store_lines = [
            "\t".join(
                (
                    str(s.id),
                    s.type,
                    _text(s.name),
                    s.state,
                    s.kyc_status,
                    "t" if s.subscription_active else "f",
                    stamp,
                    stamp,
                    stamp if s.type == "vendor" else NULL,
                )
            )
            for s in plan
        ]
        _copy(cur, "store_projection", STORE_COLUMNS, _rows(store_lines))
        # products' visible_state trigger looks each product's store up: with the statistics of
        # an empty table it would scan the projection once per product
        cur.execute("ANALYZE catalog.store_projection")
        _say(out, f"generate: {len(vendors):,} vendors ({summary.visible_vendors:,} visible), "
                  f"{summary.buyers:,} buyers")  # fmt: skip
        cur.execute("SELECT count(*) FROM catalog.products")
        counted = cur.fetchone()
        assert counted is not None  # count(*) returns one row
        existing = counted[0]
        rebuild: list[tuple[str, str]] = []
        if products >= max(REBUILD_INDEXES_FROM, existing):
            rebuild = _secondary_indexes(cur)
            for name, _ in rebuild:
                cur.execute(f'DROP INDEX catalog."{name}"')
            _say(out, f"generate: {len(rebuild)} secondary indexes of products dropped until the end")

        if products >= CHILD_PROCESS_FROM:
            batches = _from_child(vendors, counts, seed=seed, batch=batch, now=now)
        else:
            batches = _batches(vendors, counts, seed=seed, batch=batch, now=now)
        for item in batches:
            _copy(cur, "products", PRODUCT_COLUMNS, item.products)
            _copy(cur, "inventory_items", INVENTORY_COLUMNS, item.inventory)
            _copy(cur, "product_volume_discounts", TIER_COLUMNS, item.tiers)
            summary.products += item.n_products
            summary.inventory_items += item.n_products
            summary.volume_discounts += item.n_tiers
            summary.active_products += item.active
            summary.visible_products += item.visible
            elapsed = time.monotonic() - started
            rate = summary.products / elapsed if elapsed else 0.0
            eta = (products - summary.products) / rate if rate else 0.0
            _say(
                out,
                f"generate: products {summary.products:,}/{products:,} "
                f"({100 * summary.products / max(products, 1):.0f}%)  {rate:,.0f} rows/s  ETA {eta:,.0f}s",
            )
        for i, (name, ddl) in enumerate(rebuild, 1):
            t = time.monotonic()
            cur.execute(ddl)
            _say(out, f"generate: index {i}/{len(rebuild)} {name} rebuilt ({time.monotonic() - t:.1f}s)")
        conn.commit()
        _say(out, "generate: ANALYZE")
        conn.autocommit = True
        for table in ("store_projection", "products", "inventory_items", "product_volume_discounts"):
            cur.execute(f"ANALYZE catalog.{table}")
    summary.seconds = time.monotonic() - started
    return summary


def report(summary: Summary) -> str:
    top = ", ".join(f"{state} {n}" for state, n in summary.states.most_common(6))
    return "\n".join(
        (
            f"generate: done in {summary.seconds:,.1f}s ({summary.rows_per_s:,.0f} products/s)",
            f"  stores            {summary.vendors:,} vendors ({summary.visible_vendors:,} visible), "
            f"{summary.buyers:,} buyers; vendors by state: {top}, ...",
            f"  products          {summary.products:,} ({summary.active_products:,} active, "
            f"{summary.visible_products:,} active at visible vendors)",
            f"  inventory_items   {summary.inventory_items:,}",
            f"  volume discounts  {summary.volume_discounts:,}",
        )
    )


def main(argv: Sequence[str] | None = None, *, settings: Settings | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pf_catalog.generate", description=__doc__.split("\n")[0])
    parser.add_argument("--products", type=int, required=True)
    parser.add_argument("--stores", type=int, required=True, help="vendor stores (buyers: one per ten)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--batch", type=int, default=DEFAULT_BATCH, help="products per COPY transaction")
    args = parser.parse_args(argv)
    settings = settings or Settings()
    if settings.environment == "prod":
        sys.stderr.write("generate: refusing to write fixture data in production\n")
        return 2
    try:
        summary = generate(
            settings.database_url.get_secret_value(),
            products=args.products,
            stores=args.stores,
            seed=args.seed,
            batch=args.batch,
        )
    except GenerateError as exc:
        sys.stderr.write(f"generate: {exc}\n")
        return 2
    sys.stdout.write(report(summary) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
