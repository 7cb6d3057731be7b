"""The local billing provider (the embedded default) and the settings that choose a provider:
stateless, well-formed ids derived from their inputs (so the API and the worker agree without
sharing state), Stripe's test tokens, charges that succeed, decline or fail retryably by card,
and refused in production."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError

from pf_finance.billing import make_provider
from pf_finance.billing.local import LOCAL_TEST_CARDS, LocalBillingProvider
from pf_finance.billing.provider import ProviderRejected
from pf_finance.settings import Settings


@pytest.fixture
def local() -> LocalBillingProvider:
    return LocalBillingProvider()


async def _card(
    local: LocalBillingProvider, card: str = "pm_card_visa", customer: str = "cus_local_a"
) -> str:
    return (await local.attach_payment_method(customer_id=customer, payment_method_id=card)).payment_method_id


def test_production_refuses_the_local_provider_and_stripe_needs_a_key():
    with pytest.raises(ValidationError, match="refused in production"):
        Settings(environment="prod", billing_provider="local")
    with pytest.raises(ValidationError, match="STRIPE_API_KEY"):
        Settings(billing_provider="stripe")
    assert (
        Settings(environment="prod", billing_provider="stripe", stripe_api_key="sk_test_x").billing_provider
        == "stripe"
    )
    assert make_provider(Settings()).name == "local"


def test_webhook_secrets_list_the_current_then_the_previous_one():
    s = Settings(stripe_webhook_secret="whsec_new", stripe_webhook_secret_previous="whsec_old")
    assert s.webhook_secrets() == ["whsec_new", "whsec_old"]
    assert Settings().webhook_secrets() == []
    assert "whsec_new" not in repr(s)


async def test_ids_are_well_formed_and_derived_from_their_inputs(local):
    a = await local.create_customer(store_id="s1", name="A", email=None, idempotency_key="k")
    again = await local.create_customer(store_id="s1", name="A", email=None, idempotency_key="other")
    b = await local.create_customer(store_id="s2", name="B", email=None, idempotency_key="k")
    setup = await local.create_setup_intent(customer_id=a.customer_id)

    assert re.fullmatch(r"cus_local_[0-9a-f]{24}", a.customer_id)
    assert a == again and a != b
    assert re.fullmatch(r"seti_local_[0-9a-f]{24}_secret_[0-9a-f]{24}", setup.client_secret)
    assert setup.client_secret.startswith(setup.setup_intent_id + "_secret_")


async def test_test_tokens_become_cards_of_their_customer(local):
    info = await local.attach_payment_method(customer_id="cus_local_a", payment_method_id="pm_card_visa")
    same = await local.attach_payment_method(customer_id="cus_local_a", payment_method_id="pm_card_visa")
    reattached = await local.attach_payment_method(
        customer_id="cus_local_a", payment_method_id=info.payment_method_id
    )
    other = await local.attach_payment_method(customer_id="cus_local_b", payment_method_id="pm_card_visa")

    assert info.payment_method_id.startswith("pm_local_visa_")
    assert (info.card_brand, info.card_last4, info.type) == ("visa", "4242", "card")
    assert info.card_exp_year > datetime.now(UTC).year
    assert same == reattached == info  # attaching again is idempotent
    assert other.payment_method_id != info.payment_method_id and other.fingerprint == info.fingerprint
    with pytest.raises(ProviderRejected, match="another customer"):
        await local.attach_payment_method(customer_id="cus_local_b", payment_method_id=info.payment_method_id)
    with pytest.raises(ProviderRejected, match="no such payment method"):
        await local.attach_payment_method(customer_id="cus_local_a", payment_method_id="pm_1NotAToken")


@pytest.mark.parametrize(
    ("token", "status", "code", "retryable"),
    [
        ("pm_card_visa", "succeeded", None, False),
        ("pm_card_chargeDeclined", "failed", "card_declined", False),
        ("pm_card_chargeDeclinedInsufficientFunds", "failed", "insufficient_funds", False),
        ("pm_card_chargeDeclinedProcessingError", "failed", "processing_error", True),
    ],
)
async def test_charges_behave_as_the_card_says(local, token, status, code, retryable):
    pm = await _card(local, token)
    kw = {"customer_id": "cus_local_a", "payment_method_id": pm, "amount_cents": 1234, "currency": "USD"}
    first = await local.charge_off_session(
        **kw, description="ads", metadata={}, idempotency_key="pf_usage_charge:1"
    )
    again = await local.charge_off_session(
        **kw, description="ads", metadata={}, idempotency_key="pf_usage_charge:1"
    )

    assert (first.status, first.failure_code, first.retryable, first.amount_cents) == (
        status,
        code,
        retryable,
        1234,
    )
    assert first.charge_id == again.charge_id and first.charge_id.startswith("ch_local_")


async def test_subscriptions_activate_at_once_trial_or_incomplete_by_the_card(local):
    ok, declined = await _card(local), await _card(local, "pm_card_chargeDeclined")
    kw = {"customer_id": "cus_local_a", "price_id": "price_1", "period_days": 30}
    meta = {"store_id": "s1", "plan_id": "standard"}

    active = await local.create_subscription(
        **kw, payment_method_id=ok, trial_days=0, metadata=meta, idempotency_key="a"
    )
    trial = await local.create_subscription(
        **kw, payment_method_id=ok, trial_days=14, metadata=meta, idempotency_key="b"
    )
    failed = await local.create_subscription(
        **kw, payment_method_id=declined, trial_days=0, metadata=meta, idempotency_key="c"
    )
    same = await local.create_subscription(
        **kw, payment_method_id=ok, trial_days=0, metadata=meta, idempotency_key="a"
    )

    assert (active.status, trial.status, failed.status) == ("active", "trialing", "incomplete")
    assert active.subscription_id == same.subscription_id and active.subscription_id.startswith("sub_local_")
    assert active.current_period_end - active.current_period_start == timedelta(days=30)
    assert trial.trial_end == trial.current_period_end
    assert (active.store_id, active.plan_id) == ("s1", "standard")
    assert await local.get_subscription(subscription_id=active.subscription_id) is None


async def test_pause_resume_and_cancel_answer_from_finances_view(local):
    ok = await _card(local)
    sub = await local.create_subscription(
        customer_id="c",
        price_id="p",
        payment_method_id=ok,
        trial_days=0,
        period_days=30,
        metadata={},
        idempotency_key="k",
    )
    paused = await local.pause_subscription(current=sub)
    resumed = await local.resume_subscription(current=paused)
    at_end = await local.cancel_subscription(current=resumed, at_period_end=True)
    now = await local.cancel_subscription(current=resumed, at_period_end=False)

    assert (paused.status, paused.paused_at is not None) == ("paused", True)
    assert (resumed.status, resumed.paused_at, resumed.resume_effective_at is not None) == (
        "active",
        None,
        True,
    )
    assert (at_end.status, at_end.cancel_at_period_end) == ("active", True)
    assert (now.status, now.canceled_at is not None) == ("canceled", True)


def test_every_test_token_has_a_distinct_card_key():
    keys = [c.key for c in LOCAL_TEST_CARDS.values()]
    assert len(keys) == len(set(keys)) and all("_" not in k for k in keys)
