"""A vendor's subscription through the API (API.md §3.6; DOMAIN §5.6 subscriptions; G-14, G-16):
subscribe with the default plan and card (201, ``subscription_status_changed`` once, the local
provider's first-period charge), a repeat (200, the provider not called again), the 409/404/503
refusals that write nothing, trials and declined cards, pause/resume (the gate flips both ways)
and cancel at period end (it does not), and who may call (vendor MANAGE only).

The provider is the local one behind ``RecordingProvider`` (conftest), here also checked: every
provider call made while the task holds a database session fails the test (``pf_common.iosafety``
— the routes read, call, then write). Billing customers and cards are inserted directly, with the
ids the local provider derives for them."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy as sa

from pf_common import iosafety
from pf_common.ids import uuid7
from pf_finance.billing.local import LocalBillingProvider
from pf_finance.billing.provider import ProviderRejected, ProviderUnavailable

from .conftest import CHARGES, CUSTOMERS, PAYMENT_METHODS, PLANS, SUBSCRIPTIONS, RecordingProvider

URL = "/api/v1/vendor/subscriptions"
T0 = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
LOCAL = LocalBillingProvider()


class CheckedProvider(RecordingProvider):
    """The recording provider, and a failure for any call made inside a database session."""

    def __getattr__(self, method: str) -> Any:
        call = super().__getattr__(method)

        async def checked(**kwargs: Any) -> Any:
            iosafety.check_io(f"billing provider {method}")
            return await call(**kwargs)

        return checked


@pytest.fixture
def provider() -> CheckedProvider:
    return CheckedProvider()


# --- rows -----------------------------------------------------------------------------------------


async def make_customer(db_session, store_id: uuid.UUID) -> str:
    info = await LOCAL.create_customer(store_id=str(store_id), name=None, email=None, idempotency_key="k")
    await db_session.execute(
        sa.insert(CUSTOMERS).values(store_id=store_id, stripe_customer_id=info.customer_id, provider="local")
    )
    return info.customer_id


async def make_card(
    db_session,
    store_id: uuid.UUID,
    customer_id: str,
    *,
    test_card: str = "pm_card_visa",
    is_default: bool = True,
) -> dict[str, Any]:
    info = await LOCAL.attach_payment_method(customer_id=customer_id, payment_method_id=test_card)
    row = {
        "id": uuid7(),
        "store_id": store_id,
        "stripe_payment_method_id": info.payment_method_id,
        "type": "card",
        "fingerprint": info.fingerprint,
        "card_brand": info.card_brand,
        "card_last4": info.card_last4,
        "card_exp_month": info.card_exp_month,
        "card_exp_year": info.card_exp_year,
        "is_default": is_default,
    }
    await db_session.execute(sa.insert(PAYMENT_METHODS).values(**row))
    return row


async def billable_vendor(as_store, db_session, *, test_card: str = "pm_card_visa", role: str = "owner"):
    """A vendor's owner whose store has a billing customer and a default card."""
    vendor = await as_store("vendor", role)
    customer = await make_customer(db_session, vendor.store_id)
    card = await make_card(db_session, vendor.store_id, customer, test_card=test_card)
    return vendor, customer, card


async def subscription_rows(db_session) -> list[dict[str, Any]]:
    return [dict(r) for r in (await db_session.execute(sa.select(SUBSCRIPTIONS))).mappings()]


async def charge_rows(db_session) -> list[dict[str, Any]]:
    return [dict(r) for r in (await db_session.execute(sa.select(CHARGES))).mappings()]


async def flips(emitted_events) -> list[tuple]:
    return [
        (
            e.payload["previous_status"],
            e.payload["status"],
            e.payload["subscription_active"],
            e.occurred_at,
            datetime.fromisoformat(e.payload["changed_at"]),
        )
        for e in await emitted_events("subscription_status_changed")
    ]


def error_of(r) -> tuple[int, str, str]:
    return r.status_code, r.json()["error"]["code"], r.json()["error"]["message"]


async def subscribe(client, vendor, body: dict[str, Any] | None = None, *, key: str | None = None):
    return await client.post(URL, headers=vendor.with_idempotency(key), json=body if body is not None else {})


# --- create -------------------------------------------------------------------------------------


async def test_subscribing_with_the_default_plan_and_card_activates_the_store_once(
    client, as_store, db_session, provider, emitted_events, frozen_time
):
    frozen_time(T0)
    vendor, customer, card = await billable_vendor(as_store, db_session)

    r = await subscribe(client, vendor)

    assert r.status_code == 201, r.text
    sub = r.json()["data"]
    (row,) = await subscription_rows(db_session)
    assert sub == {
        "id": str(row["id"]),
        "billing_plan_id": "standard",
        "status": "active",
        "price_id": "price_packfinderz_standard",
        "current_period_start": "2026-12-01T12:00:00Z",
        "current_period_end": "2026-12-31T12:00:00Z",
        "cancel_at_period_end": False,
        "canceled_at": None,
        "paused_at": None,
        "provider": "local",
    }
    assert (row["store_id"], row["stripe_customer_id"], row["stripe_payment_method_id"]) == (
        vendor.store_id,
        customer,
        card["stripe_payment_method_id"],
    )
    (call,) = provider.called("create_subscription")
    assert call["metadata"] == {"store_id": str(vendor.store_id), "plan_id": "standard"}
    assert (call["customer_id"], call["payment_method_id"], call["price_id"]) == (
        customer,
        card["stripe_payment_method_id"],
        "price_packfinderz_standard",
    )
    assert (call["trial_days"], call["period_days"]) == (0, 30)
    assert call["idempotency_key"].startswith(f"pf_subscription_create:{vendor.store_id}:")
    assert await flips(emitted_events) == [(None, "active", True, T0, T0)]
    (event,) = await emitted_events("subscription_status_changed")
    assert event.payload["store_id"] == str(vendor.store_id)
    assert event.payload["subscription_id"] == str(row["id"])
    # the local provider bills nothing by webhook: the first period's charge is recorded here
    (charge,) = await charge_rows(db_session)
    assert (charge["type"], charge["status"], charge["amount_cents"], charge["currency"]) == (
        "subscription",
        "succeeded",
        9900,
        "USD",
    )
    assert (charge["store_id"], charge["subscription_id"], charge["payment_method_id"]) == (
        vendor.store_id,
        row["id"],
        card["id"],
    )
    (recorded,) = await emitted_events("charge_recorded")
    assert (recorded.payload["status"], recorded.payload["type"], recorded.payload["amount_cents"]) == (
        "succeeded",
        "subscription",
        9900,
    )

    got = await client.get(URL, headers=vendor.headers)
    assert got.status_code == 200 and got.json() == {"data": sub}


async def test_a_repeat_answers_the_existing_subscription_without_calling_the_provider(
    client, as_store, db_session, provider, emitted_events
):
    vendor, _, _ = await billable_vendor(as_store, db_session)
    first = await subscribe(client, vendor, key="first")

    again = await subscribe(client, vendor, key="second")
    replay = await subscribe(client, vendor, key="first")

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    assert (replay.status_code, replay.content, replay.headers["Idempotent-Replayed"]) == (
        201,
        first.content,
        "true",
    )
    assert len(provider.called("create_subscription")) == 1
    assert len(await subscription_rows(db_session)) == 1
    assert len(await flips(emitted_events)) == 1
    assert len(await charge_rows(db_session)) == 1


async def test_the_provider_key_is_the_same_for_a_retried_request_and_differs_between_stores(
    client, as_store, db_session, provider
):
    vendor, _, _ = await billable_vendor(as_store, db_session)
    other, _, _ = await billable_vendor(as_store, db_session)
    provider.fail_next["create_subscription"] = ProviderUnavailable("timeout")

    failed = await subscribe(client, vendor, key="k-1")
    retried = await subscribe(client, vendor, key="k-1")  # a 5xx is not stored: it runs again
    elsewhere = await subscribe(client, other, key="k-1")

    assert (failed.status_code, retried.status_code, elsewhere.status_code) == (503, 201, 201)
    keys = [c["idempotency_key"] for c in provider.called("create_subscription")]
    assert keys[0] == keys[1] != keys[2]


async def test_without_a_billing_customer_it_is_409_and_nothing_is_written(
    client, as_store, db_session, provider, emitted_events
):
    vendor = await as_store("vendor", "owner")

    r = await subscribe(client, vendor)

    assert error_of(r) == (409, "CONFLICT", "the store has no billing customer yet")
    assert provider.calls == []
    assert await subscription_rows(db_session) == []
    assert await emitted_events() == []


async def test_without_a_card_it_is_409_and_nothing_is_written(
    client, as_store, db_session, provider, emitted_events
):
    vendor = await as_store("vendor", "owner")
    await make_customer(db_session, vendor.store_id)

    r = await subscribe(client, vendor)

    assert error_of(r) == (409, "CONFLICT", "no card")
    assert provider.calls == []
    assert await subscription_rows(db_session) == []
    assert await emitted_events() == []


@pytest.mark.parametrize("status", ["hidden", "deprecated"])
async def test_a_plan_that_is_not_active_is_404(
    client, as_store, db_session, provider, emitted_events, status
):
    vendor, _, _ = await billable_vendor(as_store, db_session)
    await db_session.execute(sa.update(PLANS).where(PLANS.c.id == "standard").values(status=status))

    default = await subscribe(client, vendor)
    named = await subscribe(client, vendor, {"plan_id": "standard"})
    unknown = await subscribe(client, vendor, {"plan_id": "no-such-plan"})

    assert [r.status_code for r in (default, named, unknown)] == [404, 404, 404]
    assert error_of(named) == (404, "NOT_FOUND", "plan not found")
    assert provider.calls == []
    assert await subscription_rows(db_session) == []
    assert await emitted_events() == []


async def test_a_named_card_must_be_one_of_the_store(client, as_store, db_session, provider):
    vendor, customer, _ = await billable_vendor(as_store, db_session)
    second = await make_card(
        db_session, vendor.store_id, customer, test_card="pm_card_mastercard", is_default=False
    )
    _, _, foreign = await billable_vendor(as_store, db_session)

    refused = await subscribe(client, vendor, {"payment_method_id": str(foreign["id"])})
    chosen = await subscribe(client, vendor, {"payment_method_id": str(second["id"])})

    assert (refused.status_code, refused.json()["error"]["message"]) == (404, "payment method not found")
    assert chosen.status_code == 201
    (call,) = provider.called("create_subscription")
    assert call["payment_method_id"] == second["stripe_payment_method_id"]


async def test_a_provider_that_is_down_is_503_and_nothing_is_written(
    client, as_store, db_session, provider, emitted_events
):
    vendor, _, _ = await billable_vendor(as_store, db_session)
    provider.fail_next["create_subscription"] = ProviderUnavailable("connection reset")

    r = await subscribe(client, vendor)

    assert r.status_code == 503
    assert r.json()["error"]["code"] == "DEPENDENCY_ERROR"
    assert r.json()["error"]["details"] == {"dependency": "billing_provider"}
    assert await subscription_rows(db_session) == []
    assert await charge_rows(db_session) == []
    assert await emitted_events() == []


async def test_a_provider_that_refuses_the_card_is_409_and_nothing_is_written(
    client, as_store, db_session, provider, emitted_events
):
    vendor, _, _ = await billable_vendor(as_store, db_session)
    provider.fail_next["create_subscription"] = ProviderRejected(
        "no such payment method", code="resource_missing"
    )

    r = await subscribe(client, vendor)

    assert (r.status_code, r.json()["error"]["code"]) == (409, "CONFLICT")
    assert await subscription_rows(db_session) == []
    assert await emitted_events() == []


async def test_a_plan_with_a_trial_starts_trialing_and_charges_nothing_yet(
    client, as_store, db_session, provider, emitted_events, frozen_time
):
    frozen_time(T0)
    await db_session.execute(
        sa.insert(PLANS).values(
            id="annual-trial",
            name="Annual with trial",
            status="active",
            stripe_price_id="price_annual_trial",
            trial_days=14,
            interval="ANNUAL",
            price_amount_cents=99000,
            currency_code="USD",
        )
    )
    vendor, _, _ = await billable_vendor(as_store, db_session)

    r = await subscribe(client, vendor, {"plan_id": "annual-trial"})

    assert r.status_code == 201
    data = r.json()["data"]
    assert (data["status"], data["billing_plan_id"], data["price_id"]) == (
        "trialing",
        "annual-trial",
        "price_annual_trial",
    )
    (call,) = provider.called("create_subscription")
    assert (call["trial_days"], call["period_days"]) == (14, 365)
    assert await flips(emitted_events) == [(None, "trialing", True, T0, T0)]
    assert await charge_rows(db_session) == []


async def test_a_declined_first_payment_leaves_the_subscription_incomplete_and_the_store_hidden(
    client, as_store, db_session, provider, emitted_events
):
    vendor, _, _ = await billable_vendor(as_store, db_session, test_card="pm_card_chargeDeclined")

    r = await subscribe(client, vendor)

    assert (r.status_code, r.json()["data"]["status"]) == (201, "incomplete")
    assert await flips(emitted_events) == []
    assert await charge_rows(db_session) == []

    # a new card, a new attempt: the incomplete subscription is replaced, the store turns on
    customer = (await db_session.execute(sa.select(CUSTOMERS.c.stripe_customer_id))).scalar_one()
    await db_session.execute(sa.update(PAYMENT_METHODS).values(is_default=False))
    await make_card(db_session, vendor.store_id, customer, test_card="pm_card_visa")
    retry = await subscribe(client, vendor)
    assert (retry.status_code, retry.json()["data"]["status"]) == (201, "active")
    assert [f[:3] for f in await flips(emitted_events)] == [("incomplete", "active", True)]
    assert len(await subscription_rows(db_session)) == 1


# --- pause, resume, cancel ----------------------------------------------------------------------


async def test_pause_hides_the_store_and_resume_brings_it_back(
    client, as_store, db_session, provider, emitted_events
):
    vendor, _, _ = await billable_vendor(as_store, db_session)
    created = (await subscribe(client, vendor)).json()["data"]

    paused = await client.post(f"{URL}/pause", headers=vendor.with_idempotency())
    paused_again = await client.post(f"{URL}/pause", headers=vendor.with_idempotency())

    assert paused.status_code == 200, paused.text
    assert (paused.json()["data"]["status"], paused.json()["data"]["id"]) == ("paused", created["id"])
    assert paused.json()["data"]["paused_at"] is not None
    assert paused_again.status_code == 422
    assert paused_again.json()["error"]["code"] == "STATE_CONFLICT"
    assert paused_again.json()["error"]["details"] == {"status": "paused"}
    (pause_call,) = provider.called("pause_subscription")
    assert (
        pause_call["current"].subscription_id
        == (await subscription_rows(db_session))[0]["stripe_subscription_id"]
    )
    assert pause_call["current"].status == "active"

    resumed = await client.post(f"{URL}/resume", headers=vendor.with_idempotency())
    resumed_again = await client.post(f"{URL}/resume", headers=vendor.with_idempotency())

    assert (resumed.status_code, resumed.json()["data"]["status"]) == (200, "active")
    assert resumed.json()["data"]["paused_at"] is None
    assert (resumed_again.status_code, resumed_again.json()["error"]["details"]) == (
        422,
        {"status": "active"},
    )
    assert [f[:3] for f in await flips(emitted_events)] == [
        (None, "active", True),
        ("active", "paused", False),
        ("paused", "active", True),
    ]
    assert len(provider.called("pause_subscription")) == 1
    assert len(provider.called("resume_subscription")) == 1


async def test_cancel_is_at_period_end_and_keeps_the_store_active(
    client, as_store, db_session, provider, emitted_events
):
    vendor, _, _ = await billable_vendor(as_store, db_session)
    await subscribe(client, vendor)

    canceled = await client.post(f"{URL}/cancel", headers=vendor.with_idempotency())
    again = await client.post(f"{URL}/cancel", headers=vendor.with_idempotency())

    assert canceled.status_code == 200
    data = canceled.json()["data"]
    assert (data["status"], data["cancel_at_period_end"], data["canceled_at"]) == ("active", True, None)
    assert again.json() == canceled.json()
    (call,) = provider.called("cancel_subscription")  # the repeat asks nothing
    assert call["at_period_end"] is True
    assert [f[:3] for f in await flips(emitted_events)] == [(None, "active", True)]
    (row,) = await subscription_rows(db_session)
    assert row["cancel_at_period_end"] is True


async def test_a_past_due_subscription_is_canceled_at_once(
    client, as_store, db_session, provider, emitted_events
):
    vendor, _, _ = await billable_vendor(as_store, db_session)
    await subscribe(client, vendor)
    await db_session.execute(sa.update(SUBSCRIPTIONS).values(status="past_due"))

    r = await client.post(f"{URL}/cancel", headers=vendor.with_idempotency())

    assert r.status_code == 200
    assert (r.json()["data"]["status"], r.json()["data"]["canceled_at"] is not None) == ("canceled", True)
    (call,) = provider.called("cancel_subscription")
    assert call["at_period_end"] is False
    assert [f[:3] for f in await flips(emitted_events)][-1] == ("past_due", "canceled", False)


async def test_a_provider_down_during_pause_is_503_and_changes_nothing(
    client, as_store, db_session, provider, emitted_events
):
    vendor, _, _ = await billable_vendor(as_store, db_session)
    await subscribe(client, vendor)
    provider.fail_next["pause_subscription"] = ProviderUnavailable("down")

    r = await client.post(f"{URL}/pause", headers=vendor.with_idempotency())

    assert r.status_code == 503
    (row,) = await subscription_rows(db_session)
    assert row["status"] == "active"
    assert len(await flips(emitted_events)) == 1


@pytest.mark.parametrize("action", ["cancel", "pause", "resume"])
async def test_without_a_subscription_the_changes_are_404(client, as_store, db_session, provider, action):
    vendor, _, _ = await billable_vendor(as_store, db_session)

    r = await client.post(f"{URL}/{action}", headers=vendor.with_idempotency())

    assert error_of(r) == (404, "NOT_FOUND", "no subscription")
    assert provider.calls == []


async def test_a_store_sees_only_its_own_subscription(client, as_store, db_session):
    vendor, _, _ = await billable_vendor(as_store, db_session)
    other, _, _ = await billable_vendor(as_store, db_session)
    await subscribe(client, vendor)

    mine = await client.get(URL, headers=vendor.headers)
    theirs = await client.get(URL, headers=other.headers)
    pause_theirs = await client.post(f"{URL}/pause", headers=other.with_idempotency())

    assert mine.json()["data"]["status"] == "active"
    assert theirs.status_code == 200 and theirs.json() == {"data": None}
    assert pause_theirs.status_code == 404


# --- who may call, what may be sent -------------------------------------------------------------


@pytest.mark.parametrize(
    ("store_type", "role"),
    [("vendor", "ops"), ("vendor", "staff"), ("vendor", "viewer"), ("buyer", "owner"), ("buyer", "manager")],
)
async def test_only_a_vendors_managers_may_call(client, as_store, db_session, provider, store_type, role):
    actor = await as_store(store_type, role)
    await make_customer(db_session, actor.store_id)

    answers = [
        (await client.get(URL, headers=actor.headers)).status_code,
        *[
            (await client.post(f"{URL}{tail}", headers=actor.with_idempotency(), json={})).status_code
            for tail in ("", "/cancel", "/pause", "/resume")
        ],
    ]

    assert answers == [403] * 5
    assert provider.calls == []


@pytest.mark.parametrize("role", ["owner", "admin", "manager"])
async def test_every_manage_role_may_subscribe(client, as_store, db_session, role):
    vendor, _, _ = await billable_vendor(as_store, db_session, role=role)

    assert (await subscribe(client, vendor)).status_code == 201


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"plan_id": 5}, "plan_id"),
        ({"plan_id": ""}, "plan_id"),
        ({"payment_method_id": "not-a-uuid"}, "payment_method_id"),
        ({"coupon": "FREE"}, "coupon"),
    ],
)
async def test_a_bad_body_is_400_with_the_field(client, as_store, db_session, provider, body, field):
    vendor, _, _ = await billable_vendor(as_store, db_session)

    r = await subscribe(client, vendor, body)

    assert r.status_code == 400
    error = r.json()["error"]
    assert error["code"] == "VALIDATION_ERROR"
    assert any(field in key for key in error["details"]), error
    assert provider.calls == []
    assert await subscription_rows(db_session) == []


async def test_subscribe_without_a_body_uses_the_defaults(client, as_store, db_session):
    vendor, _, _ = await billable_vendor(as_store, db_session)

    r = await client.post(URL, headers=vendor.with_idempotency())

    assert (r.status_code, r.json()["data"]["billing_plan_id"]) == (201, "standard")


async def test_a_missing_idempotency_key_is_400(client, as_store, db_session, provider):
    vendor, _, _ = await billable_vendor(as_store, db_session)

    r = await client.post(URL, headers=vendor.headers, json={})

    assert (r.status_code, r.json()["error"]["code"]) == (400, "VALIDATION_ERROR")
    assert provider.calls == []
