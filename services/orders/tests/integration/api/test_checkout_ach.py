"""ACH at checkout with ``PF_FEATURE_ALLOW_ACH`` on (off: test_checkout.py refuses it)."""

import pytest
from orders_factories import ADDRESS, make_store


@pytest.fixture
def context(context_factory, settings_factory, catalog):
    return context_factory(settings_factory(feature_allow_ach=True), catalog=catalog)


async def test_ach_is_accepted_when_the_flag_is_on(client, as_store, db_session, catalog):
    buyer = await as_store("buyer", "owner")
    await make_store(db_session, "buyer", store_id=buyer.store_id)
    vendor = await make_store(db_session, "vendor")
    pid = catalog.add_product(vendor)
    cart = (
        await client.post(
            "/api/v1/cart",
            json={
                "buyer_store_id": str(buyer.store_id),
                "items": [{"product_id": str(pid), "vendor_store_id": str(vendor), "quantity": 1}],
            },
            headers=buyer.with_idempotency(),
        )
    ).json()["data"]

    r = await client.post(
        "/api/v1/checkout",
        json={"cart_id": cart["id"], "shipping_address": ADDRESS, "payment_method": "ach"},
        headers=buyer.with_idempotency(),
    )

    assert r.status_code == 201, r.text
    assert r.json()["data"]["payment_method"] == "ach"
