"""A vendor store's cards (API.md §3.6 payment methods; DOMAIN §5.6; GAPS G-16), with the local
provider behind the RecordingProvider: the first card is the default, one default at all times
(re-defaulting clears the old one; unsetting the default is refused; deleting it promotes the
newest remaining card), duplicates (same provider id or same fingerprint) are 409, the provider's
unknown token is a 404 on ``payment_method_id``, the provider down is 503 with nothing written,
``Idempotency-Key`` replays, another store's card is 404, MANAGE roles of vendor stores only.

The concurrent PATCH/DELETE storm runs against the real app in
tests/stack/test_finance_cards_stack.py (this client shares one connection)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
import sqlalchemy as sa

from pf_common.ids import uuid7
from pf_finance.billing.provider import ProviderRejected, ProviderUnavailable

from .conftest import CUSTOMERS, PAYMENT_METHODS

LIST = "/api/v1/vendor/payment-methods"
ADD = f"{LIST}/cc"
SETUP = f"{LIST}/setup-intent"
DTO_KEYS = {"id", "card_brand", "card_last4", "card_exp_month", "card_exp_year", "is_default", "created_at"}


def card_url(card_id) -> str:
    return f"{LIST}/{card_id}"


async def billable_vendor(as_store, db_session, *, role: str = "owner"):
    """A vendor store's member whose store has a billing customer (as store_created leaves it)."""
    vendor = await as_store("vendor", role)
    await db_session.execute(
        sa.insert(CUSTOMERS).values(
            store_id=vendor.store_id, stripe_customer_id=f"cus_local_{vendor.store_id.hex}", provider="local"
        )
    )
    return vendor


async def add(client, vendor, card: str = "pm_card_visa", *, key: str | None = None, **body: Any):
    return await client.post(
        ADD, json={"payment_method_id": card, **body}, headers=vendor.with_idempotency(key)
    )


async def cards(db_session, store_id) -> list[dict[str, Any]]:
    stmt = (
        sa.select(PAYMENT_METHODS)
        .where(PAYMENT_METHODS.c.store_id == store_id)
        .order_by(PAYMENT_METHODS.c.created_at, PAYMENT_METHODS.c.id)
    )
    return [dict(r._mapping) for r in await db_session.execute(stmt)]


async def default_ids(db_session, store_id) -> list[uuid.UUID]:
    return [c["id"] for c in await cards(db_session, store_id) if c["is_default"]]


@pytest.fixture
async def vendor(as_store, db_session):
    return await billable_vendor(as_store, db_session)


async def three_cards(client, vendor) -> list[str]:
    """visa (the default: first), mastercard, amex — oldest first."""
    ids = []
    for token in ("pm_card_visa", "pm_card_mastercard", "pm_card_amex"):
        r = await add(client, vendor, token)
        assert r.status_code == 201, r.text
        ids.append(r.json()["data"]["id"])
    return ids


# --- list ------------------------------------------------------------------------------------------


async def test_a_store_without_cards_lists_none(client, vendor):
    r = await client.get(LIST, headers=vendor.headers)

    assert (r.status_code, r.json()) == (200, {"data": {"payment_methods": []}})


async def test_the_list_is_newest_first_and_shows_no_provider_ids(client, vendor):
    ids = await three_cards(client, vendor)

    r = await client.get(LIST, headers=vendor.headers)

    listed = r.json()["data"]["payment_methods"]
    assert [c["id"] for c in listed] == ids[::-1]
    assert all(set(c) == DTO_KEYS for c in listed)
    assert [(c["card_brand"], c["card_last4"], c["is_default"]) for c in listed] == [
        ("amex", "8431", False),
        ("mastercard", "4444", False),
        ("visa", "4242", True),
    ]
    assert "pm_local" not in r.text and "fp_local" not in r.text


# --- add -------------------------------------------------------------------------------------------


async def test_the_first_card_is_the_default_even_when_not_asked(client, vendor, provider, db_session):
    r = await add(client, vendor, "pm_card_visa", is_default=False, cardholder_name="Ada Grower")

    assert r.status_code == 201, r.text
    data = r.json()["data"]
    assert set(data) == DTO_KEYS
    assert (data["card_brand"], data["card_last4"], data["card_exp_month"], data["is_default"]) == (
        "visa",
        "4242",
        12,
        True,
    )
    (row,) = await cards(db_session, vendor.store_id)
    assert str(row["id"]) == data["id"]
    assert row["stripe_payment_method_id"].startswith("pm_local_visa_")
    assert (row["type"], row["fingerprint"], row["billing_details"]) == (
        "card",
        "fp_local_visa_4242",
        {"name": "Ada Grower"},
    )
    customer = f"cus_local_{vendor.store_id.hex}"
    assert provider.called("attach_payment_method") == [
        {"customer_id": customer, "payment_method_id": "pm_card_visa"}
    ]
    assert provider.called("set_default_payment_method") == [
        {"customer_id": customer, "payment_method_id": row["stripe_payment_method_id"]}
    ]


async def test_a_later_card_is_the_default_only_when_asked(client, vendor, provider, db_session):
    first = (await add(client, vendor, "pm_card_visa")).json()["data"]
    second = await add(client, vendor, "pm_card_mastercard")
    third = await add(client, vendor, "pm_card_amex", is_default=True)

    assert (second.status_code, second.json()["data"]["is_default"]) == (201, False)
    assert (third.status_code, third.json()["data"]["is_default"]) == (201, True)
    assert [str(i) for i in await default_ids(db_session, vendor.store_id)] == [third.json()["data"]["id"]]
    assert first["id"] != third.json()["data"]["id"]
    told = [c["payment_method_id"] for c in provider.called("set_default_payment_method")]
    assert [t.split("_")[2] for t in told] == ["visa", "amex"]  # not told about the mastercard


async def test_the_same_card_twice_is_409_and_writes_nothing(client, vendor, provider, db_session):
    await add(client, vendor, "pm_card_visa")
    before = await cards(db_session, vendor.store_id)

    r = await add(client, vendor, "pm_card_visa", is_default=True)

    assert (r.status_code, r.json()["error"]["code"]) == (409, "CONFLICT")
    assert await cards(db_session, vendor.store_id) == before
    assert provider.called("detach_payment_method") == []  # the stored card itself: never detached


async def test_another_provider_id_of_the_same_card_is_409_and_detached_again(
    client, vendor, provider, db_session
):
    """Stripe gives every attach of the same card a new id with the same fingerprint."""
    await db_session.execute(
        sa.insert(PAYMENT_METHODS).values(
            id=uuid7(),
            store_id=vendor.store_id,
            stripe_payment_method_id="pm_attached_earlier",
            type="card",
            fingerprint="fp_local_visa_4242",
            card_brand="visa",
            card_last4="4242",
            is_default=True,
        )
    )
    before = await cards(db_session, vendor.store_id)

    r = await add(client, vendor, "pm_card_visa")

    assert (r.status_code, r.json()["error"]["code"]) == (409, "CONFLICT")
    assert await cards(db_session, vendor.store_id) == before
    (detached,) = provider.called("detach_payment_method")
    assert detached["payment_method_id"].startswith("pm_local_visa_")


async def test_the_same_card_in_another_store_is_fine(client, vendor, as_store, db_session):
    other = await billable_vendor(as_store, db_session)

    assert (await add(client, vendor, "pm_card_visa")).status_code == 201
    assert (await add(client, other, "pm_card_visa")).status_code == 201


async def test_a_replay_with_the_same_key_answers_the_same_and_stores_once(
    client, vendor, provider, db_session
):
    key = str(uuid.uuid4())

    first = await add(client, vendor, "pm_card_visa", key=key)
    again = await add(client, vendor, "pm_card_visa", key=key)

    assert first.status_code == 201
    assert (again.status_code, again.content) == (201, first.content)
    assert again.headers["Idempotent-Replayed"] == "true"
    assert len(await cards(db_session, vendor.store_id)) == 1
    assert len(provider.called("attach_payment_method")) == 1


async def test_the_same_key_with_another_body_is_refused(client, vendor, db_session):
    key = str(uuid.uuid4())
    await add(client, vendor, "pm_card_visa", key=key)

    r = await add(client, vendor, "pm_card_mastercard", key=key)

    assert (r.status_code, r.json()["error"]["code"]) == (409, "IDEMPOTENCY_KEY_REUSED")
    assert len(await cards(db_session, vendor.store_id)) == 1


async def test_adding_a_card_needs_an_idempotency_key(client, vendor, db_session):
    r = await client.post(ADD, json={"payment_method_id": "pm_card_visa"}, headers=vendor.headers)

    assert (r.status_code, r.json()["error"]["code"]) == (400, "VALIDATION_ERROR")
    assert await cards(db_session, vendor.store_id) == []


async def test_a_token_the_provider_does_not_know_is_404_on_the_field(client, vendor, provider, db_session):
    r = await add(client, vendor, "pm_card_unknown")

    assert (r.status_code, r.json()["error"]["code"]) == (404, "NOT_FOUND")
    assert r.json()["error"]["message"] == "the billing provider has no such payment method"
    assert await cards(db_session, vendor.store_id) == []
    assert len(provider.called("attach_payment_method")) == 1


async def test_a_card_the_provider_refuses_to_attach_is_422(client, vendor, provider, db_session):
    declined = ProviderRejected("Your card was declined.", code="card_declined")
    provider.fail_next["attach_payment_method"] = declined

    r = await add(client, vendor, "pm_card_visa")

    assert (r.status_code, r.json()["error"]["code"]) == (422, "STATE_CONFLICT")
    assert list(r.json()["error"]["details"]) == ["payment_method_id"]
    assert await cards(db_session, vendor.store_id) == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "payment_method_id"),
        ({"payment_method_id": "tok_visa"}, "payment_method_id"),
        ({"payment_method_id": "pm_card visa"}, "payment_method_id"),
        ({"payment_method_id": "pm_" + "x" * 300}, "payment_method_id"),
        ({"payment_method_id": 42}, "payment_method_id"),
        ({"payment_method_id": "pm_card_visa", "is_default": "true"}, "is_default"),
        ({"payment_method_id": "pm_card_visa", "cardholder_name": ""}, "cardholder_name"),
        ({"payment_method_id": "pm_card_visa", "stripe_customer_id": "cus_x"}, "stripe_customer_id"),
    ],
)
async def test_a_bad_body_is_400_naming_the_field(client, vendor, provider, db_session, body, field):
    r = await client.post(ADD, json=body, headers=vendor.with_idempotency())

    assert (r.status_code, r.json()["error"]["code"]) == (400, "VALIDATION_ERROR"), r.text
    assert field in r.json()["error"]["details"]
    assert await cards(db_session, vendor.store_id) == []
    assert provider.calls == []


async def test_provider_down_is_503_with_nothing_written_and_the_retry_stores_it(
    client, vendor, provider, db_session
):
    key = str(uuid.uuid4())
    provider.fail_next["attach_payment_method"] = ProviderUnavailable("stripe timeout")

    r = await add(client, vendor, "pm_card_visa", key=key)

    assert (r.status_code, r.json()["error"]["code"]) == (503, "DEPENDENCY_ERROR")
    assert await cards(db_session, vendor.store_id) == []
    retry = await add(client, vendor, "pm_card_visa", key=key)  # a 503 is not stored: runs again
    assert (retry.status_code, retry.json()["data"]["is_default"]) == (201, True)
    assert len(await cards(db_session, vendor.store_id)) == 1


async def test_the_provider_failing_to_take_the_default_does_not_fail_the_card(
    client, vendor, provider, db_session
):
    provider.fail_next["set_default_payment_method"] = ProviderUnavailable("stripe 500")

    r = await add(client, vendor, "pm_card_visa")

    assert (r.status_code, r.json()["data"]["is_default"]) == (201, True)
    assert len(await default_ids(db_session, vendor.store_id)) == 1


async def test_without_a_billing_customer_cards_and_setup_intents_are_409(
    client, as_store, provider, db_session
):
    vendor = await as_store("vendor", "owner")  # no billing_customers row

    added = await add(client, vendor, "pm_card_visa")
    setup = await client.post(SETUP, headers=vendor.headers)

    for r in (added, setup):
        assert (r.status_code, r.json()["error"]["code"]) == (409, "CONFLICT")
    assert await cards(db_session, vendor.store_id) == []
    assert provider.calls == []


# --- setup intent ----------------------------------------------------------------------------------


async def test_a_setup_intent_answers_a_client_secret(client, vendor, provider):
    r = await client.post(SETUP, headers=vendor.headers)

    assert r.status_code == 200, r.text
    data = r.json()["data"]
    assert data["provider"] == "local"
    assert data["client_secret"].startswith("seti_local_") and "_secret_" in data["client_secret"]
    assert provider.called("create_setup_intent") == [{"customer_id": f"cus_local_{vendor.store_id.hex}"}]


async def test_a_setup_intent_with_the_provider_down_is_503(client, vendor, provider):
    provider.fail_next["create_setup_intent"] = ProviderUnavailable("down")

    r = await client.post(SETUP, headers=vendor.headers)

    assert (r.status_code, r.json()["error"]["code"]) == (503, "DEPENDENCY_ERROR")


# --- patch -----------------------------------------------------------------------------------------


async def test_making_a_card_the_default_clears_the_old_one(client, vendor, provider, db_session):
    visa, master, _ = await three_cards(client, vendor)
    provider.calls.clear()

    r = await client.patch(card_url(master), json={"is_default": True}, headers=vendor.headers)

    assert (r.status_code, r.json()["data"]["id"], r.json()["data"]["is_default"]) == (200, master, True)
    assert [str(i) for i in await default_ids(db_session, vendor.store_id)] == [master]
    (told,) = provider.called("set_default_payment_method")
    assert told["payment_method_id"].startswith("pm_local_mastercard_")
    same = await client.patch(card_url(master), json={"is_default": True}, headers=vendor.headers)
    assert (same.status_code, same.json()["data"]["is_default"]) == (200, True)
    assert len(provider.called("set_default_payment_method")) == 1  # nothing changed: not told again
    assert visa != master


async def test_unsetting_the_default_card_is_409_and_changes_nothing(client, vendor, db_session):
    visa, master, _ = await three_cards(client, vendor)
    before = await cards(db_session, vendor.store_id)

    refused = await client.patch(card_url(visa), json={"is_default": False}, headers=vendor.headers)
    fine = await client.patch(card_url(master), json={"is_default": False}, headers=vendor.headers)

    assert (refused.status_code, refused.json()["error"]["code"]) == (409, "CONFLICT")
    assert (fine.status_code, fine.json()["data"]["is_default"]) == (200, False)
    assert await cards(db_session, vendor.store_id) == before


async def test_the_only_card_stays_the_default(client, vendor, db_session):
    await add(client, vendor, "pm_card_visa")
    (card,) = await cards(db_session, vendor.store_id)

    r = await client.patch(card_url(card["id"]), json={"is_default": False}, headers=vendor.headers)

    assert r.status_code == 409
    assert await default_ids(db_session, vendor.store_id) == [card["id"]]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "is_default"),
        ({"is_default": "yes"}, "is_default"),
        ({"is_default": 1}, "is_default"),
        ({"is_default": None}, "is_default"),
        ({"is_default": True, "x": 1}, "x"),
    ],
)
async def test_patch_validates_strictly(client, vendor, db_session, body, field):
    visa, _, _ = await three_cards(client, vendor)
    before = await cards(db_session, vendor.store_id)

    r = await client.patch(card_url(visa), json=body, headers=vendor.headers)

    assert (r.status_code, r.json()["error"]["code"]) == (400, "VALIDATION_ERROR")
    assert field in r.json()["error"]["details"]
    assert await cards(db_session, vendor.store_id) == before


async def test_another_stores_card_is_404_to_patch_and_delete(client, vendor, as_store, db_session):
    other = await billable_vendor(as_store, db_session)
    _, theirs_second = [
        (await add(client, other, t)).json()["data"]["id"] for t in ("pm_card_visa", "pm_card_amex")
    ]
    before = await cards(db_session, other.store_id)

    for r in (
        await client.patch(card_url(theirs_second), json={"is_default": True}, headers=vendor.headers),
        await client.delete(card_url(theirs_second), headers=vendor.headers),
        await client.patch(card_url(uuid7()), json={"is_default": True}, headers=vendor.headers),
        await client.delete(card_url(uuid7()), headers=vendor.headers),
    ):
        assert (r.status_code, r.json()["error"]["code"]) == (404, "NOT_FOUND")
    assert await cards(db_session, other.store_id) == before
    not_uuid = await client.delete(card_url("nope"), headers=vendor.headers)
    assert (not_uuid.status_code, not_uuid.json()["error"]["code"]) == (400, "VALIDATION_ERROR")


# --- delete ----------------------------------------------------------------------------------------


async def test_deleting_a_card_that_is_not_the_default_keeps_the_default(
    client, vendor, provider, db_session
):
    visa, master, amex = await three_cards(client, vendor)
    provider.calls.clear()

    r = await client.delete(card_url(master), headers=vendor.headers)

    assert (r.status_code, r.content) == (204, b"")
    assert [str(c["id"]) for c in await cards(db_session, vendor.store_id)] == [visa, amex]
    assert [str(i) for i in await default_ids(db_session, vendor.store_id)] == [visa]
    (detached,) = provider.called("detach_payment_method")
    assert detached["payment_method_id"].startswith("pm_local_mastercard_")
    assert provider.called("set_default_payment_method") == []


async def test_deleting_the_default_promotes_the_newest_remaining_card(client, vendor, provider, db_session):
    visa, master, amex = await three_cards(client, vendor)
    provider.calls.clear()

    r = await client.delete(card_url(visa), headers=vendor.headers)

    assert r.status_code == 204
    assert [str(i) for i in await default_ids(db_session, vendor.store_id)] == [amex]
    (told,) = provider.called("set_default_payment_method")
    assert told["payment_method_id"].startswith("pm_local_amex_")
    again = await client.delete(card_url(amex), headers=vendor.headers)
    assert again.status_code == 204
    assert [str(i) for i in await default_ids(db_session, vendor.store_id)] == [master]
    last = await client.delete(card_url(master), headers=vendor.headers)
    assert last.status_code == 204
    assert await cards(db_session, vendor.store_id) == []
    gone = await client.delete(card_url(master), headers=vendor.headers)
    assert gone.status_code == 404


async def test_a_detach_failure_does_not_undo_the_delete(client, vendor, provider, db_session):
    visa, _, _ = await three_cards(client, vendor)
    provider.fail_next["detach_payment_method"] = ProviderUnavailable("down")

    r = await client.delete(card_url(visa), headers=vendor.headers)

    assert r.status_code == 204
    assert len(await cards(db_session, vendor.store_id)) == 2
    assert len(await default_ids(db_session, vendor.store_id)) == 1


async def test_a_new_card_in_a_store_without_a_default_becomes_the_default(client, vendor, db_session):
    """A store with cards but no default (an older bug, a manual repair) gets one back."""
    await db_session.execute(
        sa.insert(PAYMENT_METHODS).values(
            id=uuid7(),
            store_id=vendor.store_id,
            stripe_payment_method_id="pm_old",
            type="card",
            is_default=False,
        )
    )

    r = await add(client, vendor, "pm_card_visa")

    assert r.json()["data"]["is_default"] is True
    assert len(await default_ids(db_session, vendor.store_id)) == 1


# --- who -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("store_type", "role"), [("vendor", "ops"), ("vendor", "staff"), ("vendor", "viewer"), ("buyer", "owner")]
)
async def test_only_managers_of_vendor_stores_handle_cards(
    client, as_store, provider, db_session, store_type, role
):
    actor = await as_store(store_type, role)
    await db_session.execute(
        sa.insert(CUSTOMERS).values(
            store_id=actor.store_id, stripe_customer_id=f"cus_{actor.store_id.hex}", provider="local"
        )
    )
    card = uuid7()

    for method, url, body, headers in (
        ("GET", LIST, None, actor.headers),
        ("POST", SETUP, None, actor.headers),
        ("POST", ADD, {"payment_method_id": "pm_card_visa"}, actor.with_idempotency()),
        ("PATCH", card_url(card), {"is_default": True}, actor.headers),
        ("DELETE", card_url(card), None, actor.headers),
    ):
        r = await client.request(method, url, json=body, headers=headers)
        assert (r.status_code, r.json()["error"]["code"]) == (403, "FORBIDDEN"), (method, url)
    assert provider.calls == []
    assert await cards(db_session, actor.store_id) == []


@pytest.mark.parametrize("role", ["owner", "admin", "manager"])
async def test_every_manage_role_adds_cards(client, as_store, db_session, role):
    vendor = await billable_vendor(as_store, db_session, role=role)

    assert (await add(client, vendor, "pm_card_visa")).status_code == 201
