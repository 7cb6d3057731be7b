"""Checkout through real orders and catalog apps (pf_common.testing.stack): real HTTP, service
tokens, committed rows, the outbox relay and Redis Streams between them.

* a two-vendor checkout holds stock at catalog, and catalog's consumer confirms the holds on
  ``order_created``;
* 1,000 buyer stores check out the single unit each of a SKU with 100 in stock, all at once:
  exactly 100 orders are created_pending and 900 rejected, stock is conserved, no 5xx;
* 50 identical checkouts of one cart under one key: one checkout group; the others answer 409
  (in flight) or the stored response; two keys on one cart: one conversion, the loser's holds
  released.
"""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from decimal import Decimal

import httpx
import sqlalchemy as sa
from catalog_factories import make_inventory, states_of, stock_of
from orders_factories import ADDRESS, make_store

from pf_common.ids import uuid7
from pf_common.sessions import SessionRegistry
from pf_common.testing.tokens import TestTokenSigner


class Actors:
    """Access tokens the stack's services trust (the stack's keys), sessions live in its Redis."""

    def __init__(self, stack) -> None:
        orders = stack["orders"]
        self.signer = TestTokenSigner.for_settings(orders.settings)
        self.sessions = SessionRegistry(orders.worker_runtime.redis)

    async def store_user(
        self, store_id: uuid.UUID, store_type: str = "buyer", role: str = "owner"
    ) -> dict[str, str]:
        sid = str(uuid7())
        token = self.signer.mint(
            user_id=uuid7(),
            session_id=sid,
            store_id=store_id,
            store_type=store_type,
            role=role,
            kyc_status="verified",
        )
        await self.sessions.activate(sid, 3600)
        return {"Authorization": f"Bearer {token}"}


# requests in flight at once: what one instance behind a gateway sees in a burst (both apps and the
# load run in this one process, on one event loop, next to another test worker on 2 cores)
IN_FLIGHT = 50
# the races assert outcomes, not latency: on a loaded CI machine a queued request may wait long
RACE_TIMEOUT_S = 120.0
RACE_OVERRIDES = {"orders": {"catalog_timeout_s": 30.0}}


class Race:
    """Many buyer stores, one vendor, one SKU with ``units`` in stock; a quote of one unit each."""

    @classmethod
    async def set_up(cls, stack, *, buyers: int, units: int) -> Race:
        race = cls()
        race.orders, race.catalog = stack["orders"], stack["catalog"]
        actors = Actors(stack)
        async with race.orders.db.transaction() as s:
            race.vendor = await make_store(s, "vendor")
            race.buyers = [await make_store(s, "buyer") for _ in range(buyers)]
        race.sku = await add_product(race.catalog.db, race.vendor, available=units)
        race.headers = {b: await actors.store_user(b) for b in race.buyers}
        race.gate = asyncio.Semaphore(IN_FLIGHT)
        return race

    def client(self) -> httpx.AsyncClient:
        """A client of orders' API that waits as long as a race may take."""
        client = self.orders.client()
        client.timeout = httpx.Timeout(RACE_TIMEOUT_S)
        return client

    async def gated(self, call):
        async with self.gate:
            return await call

    async def quote_all(self, client) -> list[tuple[uuid.UUID, dict]]:
        """(buyer, its quoted cart) for every buyer."""
        carts = await asyncio.gather(
            *(self.gated(quote(client, self.headers[b], b, (self.sku, self.vendor, 1))) for b in self.buyers)
        )
        return list(zip(self.buyers, carts, strict=True))


async def add_product(
    catalog_db, store_id, *, available: int, price_cents: int = 1500, tiers=()
) -> uuid.UUID:
    """A vendor's product with stock (and volume tiers), committed in catalog's schema."""
    product_id = uuid7()
    async with catalog_db.transaction() as s:
        await s.execute(
            sa.text(
                "INSERT INTO catalog.products (id, store_id, sku, title, category, feelings, flavors,"
                " usage, unit, price_cents, strain, classification)"
                " VALUES (:id, :store_id, :sku, 'Blue Dream 3.5g', 'flower', '{relaxed}',"
                " '{earthy}', '{sleep}', 'gram', :price, 'Blue Dream', 'hybrid')"
            ),
            {
                "id": product_id,
                "store_id": store_id,
                "sku": f"BD-{str(product_id)[-6:]}",
                "price": price_cents,
            },
        )
        await make_inventory(s, available=available, product_id=product_id, store_id=store_id)
        for min_qty, percent in tiers:
            await s.execute(
                sa.text(
                    "INSERT INTO catalog.product_volume_discounts (id, store_id, product_id, min_qty,"
                    " discount_percent) VALUES (:id, :store_id, :product_id, :min_qty, :percent)"
                ),
                {
                    "id": uuid7(),
                    "store_id": store_id,
                    "product_id": product_id,
                    "min_qty": min_qty,
                    "percent": Decimal(percent),
                },
            )
    return product_id


async def quote(client, headers, buyer_id, *items) -> dict:
    r = await client.post(
        "/api/v1/cart",
        json={
            "buyer_store_id": str(buyer_id),
            "items": [{"product_id": str(p), "vendor_store_id": str(v), "quantity": q} for p, v, q in items],
        },
        headers={**headers, "Idempotency-Key": str(uuid.uuid4())},
    )
    assert r.status_code == 200, r.text
    return r.json()["data"]


async def check_out(client, headers, cart_id, key=None):
    return await client.post(
        "/api/v1/checkout",
        json={"cart_id": str(cart_id), "shipping_address": ADDRESS, "payment_method": "cash"},
        headers={**headers, "Idempotency-Key": key or str(uuid.uuid4())},
    )


async def test_a_checkout_holds_stock_at_catalog_and_order_created_confirms_it(services_stack):
    stack = await services_stack("orders", "catalog")
    orders, catalog = stack["orders"], stack["catalog"]
    actors = Actors(stack)
    async with orders.db.transaction() as s:
        buyer = await make_store(s, "buyer")
        v1, v2 = await make_store(s, "vendor"), await make_store(s, "vendor")
    tiered = await add_product(catalog.db, v1, available=20, price_cents=1299, tiers=[(10, "12.5")])
    plain = await add_product(catalog.db, v2, available=5, price_cents=500)
    headers = await actors.store_user(buyer)

    async with orders.client() as client:
        cart = await quote(client, headers, buyer, (tiered, v1, 12), (plain, v2, 3))
        r = await check_out(client, headers, cart["id"])

    assert r.status_code == 201, r.text
    result = r.json()["data"]
    assert sorted(o["total_cents"] for o in result["vendor_orders"]) == [1500, 13644]
    line_ids = [uuid.UUID(i["line_item_id"]) for o in result["vendor_orders"] for i in o["items"]]
    async with catalog.db.read() as s:
        assert tuple(await stock_of(s, tiered)) == (8, 12, 0)
        assert tuple(await stock_of(s, plain)) == (2, 3, 0)

    async def confirmed() -> bool:
        async with catalog.db.read() as s:
            return set((await states_of(s, line_ids)).values()) == {"confirmed"}

    await stack.wait_for(confirmed, what="catalog confirming the holds on order_created")


async def test_a_thousand_buyers_race_for_a_hundred_units(services_stack, heavy_phases):
    # not beside the e2e stack's boot on the other worker: with both, 2 cores starve the pools
    async with heavy_phases.hold_async("the 1,000-buyer race"):
        race = await Race.set_up(
            await services_stack("orders", "catalog", overrides=RACE_OVERRIDES), buyers=1000, units=100
        )
        orders, catalog, sku = race.orders, race.catalog, race.sku

        async with race.client() as client:
            carts = await race.quote_all(client)
            answers = await asyncio.gather(
                *(race.gated(check_out(client, race.headers[b], c["id"])) for b, c in carts)
            )

    assert Counter(r.status_code for r in answers) == {201: 1000}
    statuses = Counter(r.json()["data"]["vendor_orders"][0]["status"] for r in answers)
    assert statuses == {"created_pending": 100, "rejected": 900}
    async with catalog.db.read() as s:
        assert tuple(await stock_of(s, sku)) == (0, 100, 0)  # available, reserved, consumed
    async with orders.db.read() as s:
        pending = (
            await s.execute(
                sa.text("SELECT count(*) FROM orders.vendor_orders WHERE status = 'created_pending'")
            )
        ).scalar()
        assert pending == 100


async def test_one_key_fifty_times_is_one_checkout_and_two_keys_convert_once(services_stack):
    stack = await services_stack("orders", "catalog")
    orders, catalog = stack["orders"], stack["catalog"]
    actors = Actors(stack)
    async with orders.db.transaction() as s:
        vendor = await make_store(s, "vendor")
        buyer, other = await make_store(s, "buyer"), await make_store(s, "buyer")
    sku = await add_product(catalog.db, vendor, available=10)
    headers, other_headers = await actors.store_user(buyer), await actors.store_user(other)

    async with orders.client() as client:
        cart = await quote(client, headers, buyer, (sku, vendor, 2))
        key = str(uuid.uuid4())
        same_key = await asyncio.gather(*(check_out(client, headers, cart["id"], key) for _ in range(50)))
        # two keys at once on another buyer's cart
        cart2 = await quote(client, other_headers, other, (sku, vendor, 3))
        two_keys = await asyncio.gather(*(check_out(client, other_headers, cart2["id"]) for _ in range(2)))

    codes = Counter(r.status_code for r in same_key)
    assert set(codes) <= {201, 409} and codes[201] >= 1, codes
    assert len({r.json()["data"]["checkout_group_id"] for r in same_key if r.status_code == 201}) == 1
    assert sorted(r.status_code for r in two_keys) in ([200, 201], [201, 201])
    assert len({r.json()["data"]["checkout_group_id"] for r in two_keys}) == 1
    async with orders.db.read() as s:
        groups = (
            await s.execute(sa.text("SELECT count(DISTINCT checkout_group_id) FROM orders.vendor_orders"))
        ).scalar()
        assert groups == 2
    async with catalog.db.read() as s:
        assert tuple(await stock_of(s, sku)) == (5, 5, 0)  # the loser's holds went back


async def test_catalog_killed_mid_run_leaves_no_held_stock_without_an_order(services_stack):
    """300 buyers race for 100 units while catalog's API is killed and restarted: every checkout
    answers 201 or 503 (never a 5xx of another kind), and once catalog's sweeper has run, the
    stock held at catalog is exactly what orders' pending lines hold — a hold whose checkout
    never committed (its answer lost with the crash) is released, none is lost."""
    race = await Race.set_up(
        await services_stack("orders", "catalog", overrides=RACE_OVERRIDES), buyers=300, units=100
    )
    orders, catalog, sku = race.orders, race.catalog, race.sku

    async with race.client() as client:
        carts = await race.quote_all(client)
        started = 0
        cut = asyncio.Event()  # a checkout answered 503: the outage was seen

        async def one(buyer, cart):
            nonlocal started
            async with race.gate:
                started += 1
                r = await check_out(client, race.headers[buyer], cart["id"])
            if r.status_code == 503:
                cut.set()
            return r

        async def crash_catalog():
            while started < 120:
                await asyncio.sleep(0.005)
            # down until a checkout has met the outage: orders calls catalog in bursts (gaps up to
            # ~0.9 s on a loaded runner), so a fixed short outage could fall between two of them
            await catalog.restart_api(down_s=0.5, until=lambda: asyncio.wait_for(cut.wait(), 60))

        *answers, _ = await asyncio.gather(*(one(b, c) for b, c in carts), crash_catalog())

    codes = Counter(r.status_code for r in answers)
    assert set(codes) <= {201, 503}, codes
    assert codes[503] > 0, "the crash should have cut some checkouts (else this test proves nothing)"
    # the sweeper releases holds past their time whose line never committed
    from datetime import UTC, datetime, timedelta

    assert await catalog.run_job("sweep_reservations", now=datetime.now(UTC) + timedelta(hours=1)) == "ran"
    async with orders.db.read() as s:
        pending_units = (
            await s.execute(
                sa.text(
                    "SELECT coalesce(sum(l.qty), 0) FROM orders.order_line_items l"
                    " JOIN orders.vendor_orders o ON o.id = l.order_id"
                    " WHERE l.status = 'pending' AND o.status = 'created_pending'"
                )
            )
        ).scalar()
    async with catalog.db.read() as s:
        available, reserved, consumed = tuple(await stock_of(s, sku))
    assert (available + reserved, consumed) == (100, 0)  # conserved
    assert reserved == pending_units  # no hold without an order, no order without its hold
    created = sum(
        1
        for r in answers
        if r.status_code == 201 and r.json()["data"]["vendor_orders"][0]["status"] == "created_pending"
    )
    assert created == pending_units
