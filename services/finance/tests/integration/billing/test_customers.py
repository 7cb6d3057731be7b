"""Billing customers (DOMAIN §5.6 billing_customers): create-or-fetch, one provider customer per
vendor store — on identity's ``store_created`` of a vendor (buyers get none; delivered twice, one
customer; provider down ⇒ retried, nothing written) and through the admin's
``POST /api/admin/v1/billing/customers`` (404 unknown or buyer store; 503 provider down, nothing
written; repeats answer the same customer). Two callers racing store one row: the winner's."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from pf_common.errors import PoisonMessage, RetryableError
from pf_common.events.common import Address
from pf_common.events.identity import StoreCreatedV1
from pf_common.ids import uuid7
from pf_finance.billing.provider import CustomerInfo, ProviderRejected, ProviderUnavailable
from pf_finance.domain import customers

from .conftest import CUSTOMERS, STORES

URL = "/api/admin/v1/billing/customers"
T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
ADDRESS = Address(
    line1="1 Main St", city="Sacramento", state="CA", postal_code="95814", lat=38.58, lng=-121.49
)


def store_created(store_id: uuid.UUID, *, store_type: str = "vendor") -> StoreCreatedV1:
    return StoreCreatedV1(
        store_id=store_id,
        type=store_type,
        company_name="Green Acres LLC",
        address=ADDRESS,
        owner_user_id=uuid7(),
        owner_email="owner@example.com",
        kyc_status="verified",
        created_at=T0,
    )


async def project_store(
    db_session, *, store_type: str | None = "vendor", name: str = "Green Acres LLC"
) -> uuid.UUID:
    """A store as finance's projection holds it once identity's store_created was applied."""
    store_id = uuid7()
    await db_session.execute(
        sa.insert(STORES).values(store_id=store_id, type=store_type, company_name=name, kyc_status="verified")
    )
    return store_id


async def customer_rows(db_session) -> list[dict]:
    result = await db_session.execute(sa.select(CUSTOMERS).order_by(CUSTOMERS.c.created_at))
    return [dict(r._mapping) for r in result]


@pytest.fixture
async def admin(as_admin):
    return await as_admin()


# --- the admin's create-or-fetch ------------------------------------------------------------------


async def test_admin_creates_a_vendors_customer_once(client, admin, provider, db_session):
    store_id = await project_store(db_session)

    first = await client.post(URL, json={"store_id": str(store_id)}, headers=admin.headers)
    second = await client.post(URL, json={"store_id": str(store_id)}, headers=admin.headers)

    assert first.status_code == 200, first.text
    data = first.json()["data"]
    assert data["store_id"] == str(store_id)
    assert data["stripe_customer_id"].startswith("cus_local_")
    assert (second.status_code, second.json()) == (200, first.json())
    (row,) = await customer_rows(db_session)
    assert (row["store_id"], row["stripe_customer_id"], row["provider"]) == (
        store_id,
        data["stripe_customer_id"],
        "local",
    )
    assert provider.called("create_customer") == [
        {
            "store_id": str(store_id),
            "name": "Green Acres LLC",
            "email": None,
            "idempotency_key": f"pf_customer:{store_id}",
        }
    ]


@pytest.mark.parametrize("store_type", [None, "buyer", "unknown"])
async def test_admin_gets_404_for_a_store_that_is_not_a_known_vendor(
    client, admin, provider, db_session, store_type
):
    store_id = uuid7() if store_type == "unknown" else await project_store(db_session, store_type=store_type)

    r = await client.post(URL, json={"store_id": str(store_id)}, headers=admin.headers)

    assert (r.status_code, r.json()["error"]["code"]) == (404, "NOT_FOUND")
    assert await customer_rows(db_session) == []
    assert provider.calls == []


async def test_provider_down_is_503_with_nothing_written_and_a_retry_succeeds(
    client, admin, provider, db_session
):
    store_id = await project_store(db_session)
    provider.fail_next["create_customer"] = ProviderUnavailable("stripe 502")

    r = await client.post(URL, json={"store_id": str(store_id)}, headers=admin.headers)

    assert (r.status_code, r.json()["error"]["code"]) == (503, "DEPENDENCY_ERROR")
    assert r.json()["error"]["details"] == {"dependency": "billing_provider"}
    assert await customer_rows(db_session) == []
    retry = await client.post(URL, json={"store_id": str(store_id)}, headers=admin.headers)
    assert retry.status_code == 200
    assert len(await customer_rows(db_session)) == 1


async def test_only_system_admins_may_create_customers(client, as_store, db_session):
    store_id = await project_store(db_session)
    owner = await as_store("vendor", "owner", store_id=store_id)

    r = await client.post(URL, json={"store_id": str(store_id)}, headers=owner.headers)

    assert (r.status_code, r.json()["error"]["code"]) == (403, "FORBIDDEN")
    assert await customer_rows(db_session) == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "store_id"),
        ({"store_id": "not-a-uuid"}, "store_id"),
        ({"store_id": str(uuid.uuid4()), "x": 1}, "x"),
    ],
)
async def test_a_bad_body_is_400(client, admin, body, field):
    r = await client.post(URL, json=body, headers=admin.headers)

    assert (r.status_code, r.json()["error"]["code"]) == (400, "VALIDATION_ERROR")
    assert field in r.json()["error"]["details"]


# --- store_created ------------------------------------------------------------------------------


async def test_store_created_of_a_vendor_creates_its_customer_once(deliver, provider, db_session):
    store_id = uuid7()

    outcomes = await deliver(store_created(store_id), times=2)

    assert outcomes.count("applied") == 2  # the projection's consumer and this one, once each
    (row,) = await customer_rows(db_session)
    assert (row["store_id"], row["provider"]) == (store_id, "local")
    assert len(provider.called("create_customer")) == 1


async def test_store_created_of_a_buyer_creates_no_customer(deliver, provider, db_session):
    await deliver(store_created(uuid7(), store_type="buyer"))

    assert await customer_rows(db_session) == []
    assert provider.called("create_customer") == []


async def test_provider_down_on_store_created_is_retried_then_applied(deliver, provider, db_session):
    store_id = uuid7()
    provider.fail_next["create_customer"] = ProviderUnavailable("timeout")
    event = store_created(store_id)
    envelope = event.to_envelope(event_id=uuid7())

    with pytest.raises(RetryableError):
        await deliver(envelope, times=1)
    assert await customer_rows(db_session) == []

    await deliver(envelope, times=1)  # the redelivery
    assert [r["store_id"] for r in await customer_rows(db_session)] == [store_id]


async def test_provider_refusing_on_store_created_dead_letters(deliver, provider, db_session):
    provider.fail_next["create_customer"] = ProviderRejected("no", code="invalid_request")

    with pytest.raises(PoisonMessage):
        await deliver(store_created(uuid7()), times=1)
    assert await customer_rows(db_session) == []


# --- the race -----------------------------------------------------------------------------------


async def test_two_callers_racing_get_the_winners_customer(database, provider, db_session):
    """The row appears between ensure_customer's read and its insert (another caller won): the
    insert does nothing and the stored (winner's) id is returned."""
    store_id = uuid7()

    class Racing:
        name = "local"

        async def create_customer(self, **kw):
            async with database.transaction() as s:
                await s.execute(
                    sa.insert(CUSTOMERS).values(
                        store_id=store_id, stripe_customer_id="cus_winner", provider="local"
                    )
                )
            return CustomerInfo(customer_id="cus_loser")

    got = await customers.ensure_customer(database, Racing(), store_id, name="Green Acres LLC")

    assert got == "cus_winner"
    assert [(r["store_id"], r["stripe_customer_id"]) for r in await customer_rows(db_session)] == [
        (store_id, "cus_winner")
    ]
