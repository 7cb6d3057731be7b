"""Product detail (API.md §3.3 GET /products/{id}; DOMAIN §4.5 gating, §5.3 visibility rules).

The owner always sees its product; anyone else only an active product of a vendor that is KYC
verified, subscribed and in the caller's own projected state — else 404. The gate follows the
store projection as identity's and finance's events move it (never the token's claims).
"""

from __future__ import annotations

import itertools
import json
import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest
import sqlalchemy as sa
from catalog_factories import make_media, make_store, post_product

from pf_catalog.clients.media import READ_URLS_PATH, HttpMediaClient
from pf_catalog.domain import queries, vendor_products
from pf_catalog.models import Product, StoreProjection
from pf_common.events.finance import SubscriptionStatusChangedV1
from pf_common.events.identity import StoreKycStatusChangedV1
from pf_common.ids import uuid7
from pf_common.tenancy import NoActiveStore

_clock = itertools.count(1)


class _NoStore:
    store_id = None


NO_STORE = _NoStore()  # a principal without an active store (a system user, an admin)


def later() -> datetime:
    return datetime.now(UTC) + timedelta(seconds=next(_clock))


class MediaService:
    """media's internal read-URL endpoint behind the real client (``down`` = connection refused)."""

    def __init__(self) -> None:
        self.down = False
        self.asked: list[list[str]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            raise httpx.ConnectError("refused", request=request)
        assert request.url.path == READ_URLS_PATH
        ids = json.loads(request.content)["media_ids"]
        self.asked.append(ids)
        return httpx.Response(200, json={"data": {"urls": {i: f"https://signed.example/{i}" for i in ids}}})


@pytest.fixture
def media_service() -> MediaService:
    return MediaService()


@pytest.fixture
def context(context_factory, media_service):
    """The app's context, its media client (the real one) talking to ``media_service``."""
    return context_factory(
        media=HttpMediaClient("http://media.test", transport=httpx.MockTransport(media_service))
    )


@pytest.fixture
async def vendor(as_store, db_session):
    actor = await as_store("vendor", "owner")
    await make_store(db_session, store_id=actor.store_id, state="CA", company_name="Green Acres LLC")
    return actor


@pytest.fixture
async def buyer(as_store, db_session):
    actor = await as_store("buyer", "viewer")
    await make_store(db_session, store_id=actor.store_id, type="buyer", state="CA")
    return actor


async def product_of(client, db_session, vendor, **over) -> dict:
    coa = await make_media(db_session, store_id=vendor.store_id, kind="coa")
    image = await make_media(db_session, store_id=vendor.store_id)
    r = await post_product(
        client, vendor, coa_media_id=str(coa.media_id), media_ids=[str(image.media_id)], **over
    )
    assert r.status_code == 201, r.text
    return r.json()["data"]


async def get(client, actor, product_id) -> httpx.Response:
    return await client.get(f"/api/v1/products/{product_id}", headers=actor.headers)


async def test_a_buyer_in_the_vendors_state_sees_the_product_with_a_signed_coa_url(
    client, db_session, vendor, buyer, media_service
):
    p = await product_of(client, db_session, vendor)

    r = await get(client, buyer, p["id"])

    assert r.status_code == 200, r.text
    detail = r.json()["data"]
    assert detail["coa_read_url"] == f"https://signed.example/{p['coa_media_id']}"
    assert media_service.asked == [[p["coa_media_id"]]]
    assert {k: v for k, v in detail.items() if k != "coa_read_url"} == {
        k: v for k, v in p.items() if k != "coa_read_url"
    }
    assert detail["vendor"]["company_name"] == "Green Acres LLC"
    assert detail["media"][0]["url"] == detail["thumbnail_url"]


async def test_media_down_leaves_the_coa_url_null_and_logs_a_warning(
    client, db_session, vendor, buyer, media_service, captured_logs
):
    p = await product_of(client, db_session, vendor)
    media_service.down = True

    r = await get(client, buyer, p["id"])

    assert r.status_code == 200
    assert r.json()["data"]["coa_read_url"] is None
    assert any(
        e["event"] == "media.read_urls_unavailable" and e["log_level"] == "warning" for e in captured_logs
    )


async def test_a_hidden_vendors_product_is_404_to_others_and_visible_to_its_owner(
    client, db_session, as_store, buyer, media_service
):
    for gate in ({"kyc": "pending_verification"}, {"subscribed": False}, {"state": "NV"}):
        vendor = await as_store("vendor", "owner")
        await make_store(db_session, store_id=vendor.store_id, **{"state": "CA", **gate})
        p = await product_of(client, db_session, vendor)

        hidden = await get(client, buyer, p["id"])

        assert (hidden.status_code, hidden.json()["error"]["code"]) == (404, "NOT_FOUND"), gate
        assert (await get(client, vendor, p["id"])).status_code == 200, gate


async def test_a_buyer_of_another_state_or_unknown_to_the_projection_gets_404(
    client, db_session, as_store, vendor, media_service
):
    p = await product_of(client, db_session, vendor)
    elsewhere = await as_store("buyer", "owner")
    await make_store(db_session, store_id=elsewhere.store_id, type="buyer", state="NV")
    unknown = await as_store("buyer", "owner")  # no store_projection row yet

    assert (await get(client, elsewhere, p["id"])).status_code == 404
    assert (await get(client, unknown, p["id"])).status_code == 404


async def test_an_inactive_product_is_404_to_others_and_visible_to_its_owner(
    client, db_session, as_store, vendor, buyer, media_service
):
    p = await product_of(client, db_session, vendor, is_active=False)
    other_vendor = await as_store("vendor", "viewer")
    await make_store(db_session, store_id=other_vendor.store_id, state="CA")

    assert (await get(client, buyer, p["id"])).status_code == 404
    assert (await get(client, other_vendor, p["id"])).status_code == 404
    mine = await get(client, vendor, p["id"])
    assert (mine.status_code, mine.json()["data"]["is_active"]) == (200, False)


async def test_unknown_product_is_404_and_a_bad_id_400(client, buyer, media_service):
    assert (await get(client, buyer, uuid7())).status_code == 404
    assert (await get(client, buyer, "not-a-uuid")).status_code == 400


async def test_detail_disappears_and_reappears_as_kyc_and_subscription_flip(
    client, db_session, deliver, vendor, buyer, media_service
):
    p = await product_of(client, db_session, vendor)
    store = vendor.store_id

    async def kyc(status: str, previous: str) -> None:
        event = StoreKycStatusChangedV1(
            store_id=store, previous_status=previous, kyc_status=status, changed_at=datetime.now(UTC)
        )
        await deliver(event, occurred_at=later())

    async def subscription(active: bool) -> None:
        event = SubscriptionStatusChangedV1(
            store_id=store,
            subscription_id=uuid.uuid4(),
            previous_status="active" if not active else "canceled",
            status="active" if active else "canceled",
            subscription_active=active,
            current_period_end=datetime.now(UTC) + timedelta(days=30),
            cancel_at_period_end=False,
            changed_at=datetime.now(UTC),
        )
        await deliver(event, occurred_at=later())

    assert (await get(client, buyer, p["id"])).status_code == 200
    await kyc("suspended", "verified")
    assert (await get(client, buyer, p["id"])).status_code == 404
    await kyc("verified", "suspended")
    assert (await get(client, buyer, p["id"])).status_code == 200
    await subscription(False)
    assert (await get(client, buyer, p["id"])).status_code == 404
    await subscription(True)
    assert (await get(client, buyer, p["id"])).status_code == 200


async def test_the_callers_state_comes_from_the_projection_not_the_token(
    client, db_session, vendor, buyer, media_service
):
    p = await product_of(client, db_session, vendor)

    async def move_buyer(state: str) -> None:  # as store_updated would (the token is unchanged)
        row = await db_session.get(StoreProjection, buyer.store_id)
        row.state = state
        await db_session.flush()

    await move_buyer("NV")
    assert (await get(client, buyer, p["id"])).status_code == 404
    await move_buyer("CA")
    assert (await get(client, buyer, p["id"])).status_code == 200


async def test_the_domain_reads_answer_another_stores_product_as_unknown(
    client, db_session, as_store, vendor, media_service
):
    # given a visible product of a vendor, another vendor of the same state, and a store without one
    p = await product_of(client, db_session, vendor)
    other_vendor = await as_store("vendor", "owner")
    await make_store(db_session, store_id=other_vendor.store_id, state="CA")
    product_id = uuid.UUID(p["id"])

    # when each read behind a route runs for them
    # then the owner reads it through both; the other vendor sees the visible product but its
    # own-product read (after vendor writes) is a 404, like an unknown id; no store is a 403
    assert (await queries.get_visible_product(db_session, vendor, product_id)).id == product_id
    assert (await vendor_products.get_own_detail(db_session, vendor, product_id)).product.id == product_id
    assert (await queries.get_visible_product(db_session, other_vendor, product_id)).id == product_id
    with pytest.raises(queries.ProductNotFound):
        await vendor_products.get_own_detail(db_session, other_vendor, product_id)
    with pytest.raises(queries.ProductNotFound):
        await vendor_products.get_own_detail(db_session, vendor, uuid7())
    with pytest.raises(NoActiveStore):
        await queries.get_visible_product(db_session, NO_STORE, product_id)
    with pytest.raises(NoActiveStore):
        await vendor_products.get_own_detail(db_session, NO_STORE, product_id)


async def test_readable_is_the_one_product_rule_of_detail_and_wishlist(
    client, db_session, as_store, vendor, buyer, media_service
):
    # given a visible vendor's active and inactive products, and a hidden vendor's product
    hidden = await as_store("vendor", "owner")
    await make_store(db_session, store_id=hidden.store_id, state="CA", kyc="pending_verification")
    active = uuid.UUID((await product_of(client, db_session, vendor))["id"])
    inactive = uuid.UUID((await product_of(client, db_session, vendor, is_active=False))["id"])
    of_hidden = uuid.UUID((await product_of(client, db_session, hidden))["id"])
    everything = sa.select(Product.id).where(Product.id.in_([active, inactive, of_hidden]))

    async def readable_by(actor) -> set[uuid.UUID]:
        return set((await db_session.scalars(await queries.readable(db_session, actor, everything))).all())

    # then each owner reads all of its own (whatever is_active and gating) and the other's visible
    # active product; a buyer reads only the active product of the visible vendor
    assert await readable_by(vendor) == {active, inactive}
    assert await readable_by(hidden) == {active, of_hidden}
    assert await readable_by(buyer) == {active}
