"""A vendor pays to be visible (#18), through finance's and catalog's real apps and workers
(pf_common.testing.stack): real HTTP, the real outbox relay and Redis Streams, committed data.

identity's ``store_created`` of a vendor and a buyer (published on identity's topic, as identity's
relay would) reaches finance — which creates the vendor's billing customer at the local provider —
and catalog's store projection. The vendor's product is then hidden from the buyer (KYC verified,
no subscription). The vendor adds a card and subscribes through finance's API: finance's
``subscription_status_changed`` goes through its outbox and relay to catalog's consumer, and the
buyer sees the product. The vendor pauses: it vanishes; resumes: it returns.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import sqlalchemy as sa

from pf_common.events.common import Address, KycStatus, StoreType
from pf_common.events.identity import StoreCreatedV1
from pf_common.events.registry import topic_for
from pf_common.ids import uuid7
from pf_common.sessions import SessionRegistry
from pf_common.testing.tokens import TestTokenSigner
from pf_common.transports import make_transport

OKC = Address(line1="1 Main St", city="Oklahoma City", state="OK", postal_code="73102", lat=35.47, lng=-97.52)
WAIT_S = 30.0


async def _publish_store_created(finance, store_id: uuid.UUID, store_type: StoreType, name: str) -> None:
    """What identity's relay publishes when a store registers (its KYC already verified here)."""
    event = StoreCreatedV1(
        store_id=store_id,
        type=store_type,
        company_name=name,
        address=OKC,
        owner_user_id=uuid7(),
        owner_email=f"owner-{store_id.hex[:8]}@example.com",
        kyc_status=KycStatus.VERIFIED,
        created_at=datetime.now(UTC),
    )
    envelope = event.to_envelope(event_id=uuid7(), store_id=store_id)
    transport = make_transport(finance.settings, finance.worker_runtime.redis)
    await transport.publish(
        topic_for("identity"), envelope.to_json().encode(), envelope.attributes(), ordering_key=str(store_id)
    )


async def _headers(finance, store_id: uuid.UUID, store_type: str) -> dict[str, str]:
    signer = TestTokenSigner.for_settings(finance.settings)
    sid = str(uuid7())
    token = signer.mint(
        user_id=uuid7(),
        session_id=sid,
        store_id=store_id,
        store_type=store_type,  # type: ignore[arg-type]
        role="owner",
        kyc_status="verified",
    )
    await SessionRegistry(finance.worker_runtime.redis).activate(sid, 3600)
    return {"Authorization": f"Bearer {token}"}


async def _add_product(catalog, store_id: uuid.UUID) -> uuid.UUID:
    product_id = uuid7()
    async with catalog.db.transaction() as s:
        await s.execute(
            sa.text(
                "INSERT INTO catalog.products (id, store_id, sku, title, category, feelings, flavors,"
                " usage, unit, price_cents) VALUES (:id, :store_id, :sku, 'Blue Dream 3.5g', 'flower',"
                " '{relaxed}', '{earthy}', '{sleep}', 'gram', 2500)"
            ),
            {"id": product_id, "store_id": store_id, "sku": f"BD-{product_id.hex[-6:]}"},
        )
        await s.execute(
            sa.text(
                "INSERT INTO catalog.inventory_items (product_id, store_id, available_qty)"
                " VALUES (:id, :store_id, 10)"
            ),
            {"id": product_id, "store_id": store_id},
        )
    return product_id


async def _default_plan(finance) -> None:
    """The plan migration finance_0003 seeds (the stack empties every table when it starts)."""
    async with finance.db.transaction() as s:
        await s.execute(
            sa.text(
                "INSERT INTO finance.billing_plans (id, name, status, stripe_price_id, is_default, interval,"
                " price_amount_cents, currency_code) VALUES ('standard', 'PackFinderz Standard', 'active',"
                " 'price_packfinderz_standard', true, 'EVERY_30_DAYS', 9900, 'USD') ON CONFLICT DO NOTHING"
            )
        )


async def test_subscribing_shows_the_vendor_pausing_hides_it_resuming_shows_it_again(services_stack):
    stack = await services_stack("finance", "catalog")
    finance, catalog = stack["finance"], stack["catalog"]
    await _default_plan(finance)
    vendor_id, buyer_id = uuid7(), uuid7()
    await _publish_store_created(finance, vendor_id, StoreType.VENDOR, "Red Dirt Growers")
    await _publish_store_created(finance, buyer_id, StoreType.BUYER, "Bricktown Dispensary")
    vendor = await _headers(finance, vendor_id, "vendor")
    buyer = await _headers(finance, buyer_id, "buyer")

    async def customer_created() -> bool:
        async with finance.db.read() as s:
            got = await s.scalar(
                sa.text("SELECT stripe_customer_id FROM finance.billing_customers WHERE store_id = :s"),
                {"s": vendor_id},
            )
        return got is not None

    async def projected() -> bool:
        async with catalog.db.read() as s:
            n = await s.scalar(
                sa.text("SELECT count(*) FROM catalog.store_projection WHERE store_id IN (:v, :b)"),
                {"v": vendor_id, "b": buyer_id},
            )
        return n == 2

    await stack.wait_for(
        customer_created, what="finance creating the vendor's billing customer", timeout_s=WAIT_S
    )
    await stack.wait_for(projected, what="catalog projecting both stores", timeout_s=WAIT_S)
    product_id = await _add_product(catalog, vendor_id)

    async with finance.client() as fin, catalog.client() as cat:

        async def buyer_sees() -> bool:
            r = await cat.get(f"/api/v1/products/{product_id}", headers=buyer)
            assert r.status_code in (200, 404), r.text
            return r.status_code == 200

        async def hidden() -> bool:
            return not await buyer_sees()

        assert not await buyer_sees()  # verified, in the buyer's state, but not subscribed

        def idem() -> dict[str, str]:
            return {**vendor, "Idempotency-Key": str(uuid.uuid4())}

        r = await fin.post(
            "/api/v1/vendor/payment-methods/cc", json={"payment_method_id": "pm_card_visa"}, headers=idem()
        )
        assert r.status_code == 201, r.text
        r = await fin.post("/api/v1/vendor/subscriptions", json={}, headers=idem())
        assert (r.status_code, r.json()["data"]["status"]) == (201, "active"), r.text
        await stack.wait_for(
            buyer_sees, what="the product appearing after the subscription", timeout_s=WAIT_S
        )

        r = await fin.post("/api/v1/vendor/subscriptions/pause", json={}, headers=idem())
        assert (r.status_code, r.json()["data"]["status"]) == (200, "paused"), r.text
        await stack.wait_for(hidden, what="the product vanishing after the pause", timeout_s=WAIT_S)

        r = await fin.post("/api/v1/vendor/subscriptions/resume", json={}, headers=idem())
        assert (r.status_code, r.json()["data"]["status"]) == (200, "active"), r.text
        await stack.wait_for(buyer_sees, what="the product returning after the resume", timeout_s=WAIT_S)

    async with catalog.db.read() as s:
        active = await s.scalar(
            sa.text("SELECT subscription_active FROM catalog.store_projection WHERE store_id = :v"),
            {"v": vendor_id},
        )
    assert active is True
