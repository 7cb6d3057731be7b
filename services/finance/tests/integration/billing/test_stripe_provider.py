"""The Stripe adapter against a local HTTP fake of Stripe (``stripe_fake.py``), over real HTTP:
what each method sends (path, form fields, ``Idempotency-Key``, the API key), what it makes of
Stripe's answers (snapshots, payment-method info, charge results) and of Stripe's failures
(500, 429, a refused connection, a timeout ⇒ ProviderUnavailable; 400/404 ⇒ ProviderRejected
with Stripe's code; a declined card ⇒ a failed ChargeResult), and ``to_snapshot`` on both
placements of the billing period."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from pf_common import iosafety
from pf_common.embedded import free_port
from pf_finance.billing.provider import ProviderRejected, ProviderUnavailable, SubscriptionSnapshot
from pf_finance.billing.stripe import StripeBillingProvider, to_snapshot

from .stripe_fake import API_KEY, StripeFake

PRICE = "price_pf_standard"
# stripe's HTTPXClient posts its form as ``data=<str>``, which httpx deprecates (not ours to fix)
pytestmark = pytest.mark.filterwarnings("ignore:Use 'content=<...>':DeprecationWarning")


@pytest.fixture(scope="module")
def stripe_server() -> Iterator[StripeFake]:
    with StripeFake().serve() as fake:
        yield fake


@pytest.fixture
def fake(stripe_server: StripeFake) -> StripeFake:
    stripe_server.reset()
    return stripe_server


@pytest.fixture
async def make_provider(settings_factory, fake):
    built: list[StripeBillingProvider] = []

    def make(**overrides) -> StripeBillingProvider:
        values = {
            "billing_provider": "stripe",
            "stripe_api_key": API_KEY,
            "stripe_api_base": fake.url,
            "stripe_max_network_retries": 0,
            "stripe_timeout_s": 5.0,
            **overrides,
        }
        provider = StripeBillingProvider.from_settings(settings_factory(**values))
        built.append(provider)
        return provider

    yield make
    for provider in built:
        await provider.aclose()


@pytest.fixture
def stripe_provider(make_provider):
    return make_provider()


async def _customer(provider: StripeBillingProvider, store_id: str | None = None) -> str:
    info = await provider.create_customer(
        store_id=store_id or str(uuid.uuid4()),
        name="Green Vendor LLC",
        email=None,
        idempotency_key=str(uuid.uuid4()),
    )
    return info.customer_id


async def _card(provider: StripeBillingProvider, customer: str, card: str = "pm_card_visa") -> str:
    info = await provider.attach_payment_method(customer_id=customer, payment_method_id=card)
    return info.payment_method_id


async def _subscription(
    provider: StripeBillingProvider, *, card: str = "pm_card_visa", trial_days: int = 0
) -> SubscriptionSnapshot:
    customer = await _customer(provider)
    pm = await _card(provider, customer, card)
    return await provider.create_subscription(
        customer_id=customer,
        price_id=PRICE,
        payment_method_id=pm,
        trial_days=trial_days,
        period_days=30,
        metadata={"store_id": "0198a0a0-0000-7000-8000-000000000001", "plan_id": "standard"},
        idempotency_key=str(uuid.uuid4()),
    )


# --------------------------------------------------------------------------- customers


async def test_create_customer_sends_the_store_the_key_and_the_api_key(stripe_provider, fake):
    store_id = str(uuid.uuid4())

    info = await stripe_provider.create_customer(
        store_id=store_id,
        name="Green Vendor LLC",
        email="ops@green.example",
        idempotency_key="pf_customer:abc",
    )

    (request,) = fake.posts("/v1/customers")
    assert request.form == {
        "metadata": {"store_id": store_id},
        "name": "Green Vendor LLC",
        "email": "ops@green.example",
    }
    assert request.headers["idempotency-key"] == "pf_customer:abc"
    assert request.headers["authorization"] == f"Bearer {API_KEY}"
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert request.headers["stripe-version"]
    assert info.customer_id in fake.customers
    assert fake.customers[info.customer_id]["metadata"] == {"store_id": store_id}


async def test_the_same_idempotency_key_creates_one_customer(stripe_provider, fake):
    store_id = str(uuid.uuid4())
    before = len(fake.customers)

    first = await stripe_provider.create_customer(
        store_id=store_id, name=None, email=None, idempotency_key="k-same"
    )
    again = await stripe_provider.create_customer(
        store_id=store_id, name=None, email=None, idempotency_key="k-same"
    )

    assert first == again
    assert len(fake.customers) == before + 1
    assert len(fake.posts("/v1/customers")) == 2


# --------------------------------------------------------------------------- setup intents, payment methods


async def test_setup_intent_is_for_off_session_use_and_returns_its_client_secret(stripe_provider, fake):
    customer = await _customer(stripe_provider)

    info = await stripe_provider.create_setup_intent(customer_id=customer)

    (request,) = fake.posts("/v1/setup_intents")
    assert request.form == {
        "customer": customer,
        "usage": "off_session",
        "allowed_payment_method_types": ["card"],
    }
    assert info.setup_intent_id.startswith("seti_")
    assert info.client_secret == fake.setup_intents[info.setup_intent_id]["client_secret"]
    assert info.client_secret.startswith(f"{info.setup_intent_id}_secret_")


async def test_attach_a_test_card_returns_the_card_without_its_number(stripe_provider, fake):
    customer = await _customer(stripe_provider)

    info = await stripe_provider.attach_payment_method(customer_id=customer, payment_method_id="pm_card_visa")

    (attach,) = fake.posts("/v1/payment_methods/pm_card_visa/attach")
    assert attach.form == {"customer": customer}
    assert info.payment_method_id.startswith("pm_") and info.payment_method_id != "pm_card_visa"
    assert (info.type, info.card_brand, info.card_last4, info.card_exp_month, info.card_exp_year) == (
        "card",
        "visa",
        "4242",
        12,
        2034,
    )
    assert info.fingerprint == "fp_visa_4242"
    assert fake.payment_methods[info.payment_method_id]["customer"] == customer


async def test_attach_again_to_the_same_customer_is_idempotent(stripe_provider, fake):
    customer = await _customer(stripe_provider)
    first = await stripe_provider.attach_payment_method(
        customer_id=customer, payment_method_id="pm_card_visa"
    )
    fake.reset()

    again = await stripe_provider.attach_payment_method(
        customer_id=customer, payment_method_id=first.payment_method_id
    )

    assert again == first
    assert [(r.method, r.path) for r in fake.requests] == [
        ("GET", f"/v1/payment_methods/{first.payment_method_id}")
    ]


async def test_attach_another_customers_card_is_rejected_and_changes_nothing(stripe_provider, fake):
    owner, intruder = await _customer(stripe_provider), await _customer(stripe_provider)
    pm = await _card(stripe_provider, owner)

    with pytest.raises(ProviderRejected) as rejected:
        await stripe_provider.attach_payment_method(customer_id=intruder, payment_method_id=pm)

    assert rejected.value.code == "resource_missing"
    assert fake.payment_methods[pm]["customer"] == owner
    assert fake.posts(f"/v1/payment_methods/{pm}/attach") == []


async def test_attach_an_unknown_payment_method_is_rejected_with_stripes_code(stripe_provider):
    customer = await _customer(stripe_provider)

    with pytest.raises(ProviderRejected) as rejected:
        await stripe_provider.attach_payment_method(customer_id=customer, payment_method_id="pm_nope")

    assert rejected.value.code == "resource_missing"


async def test_detach_is_no_error_when_already_detached_or_unknown(stripe_provider, fake):
    customer = await _customer(stripe_provider)
    pm = await _card(stripe_provider, customer)

    await stripe_provider.detach_payment_method(payment_method_id=pm)
    await stripe_provider.detach_payment_method(payment_method_id=pm)
    await stripe_provider.detach_payment_method(payment_method_id="pm_never_existed")

    assert fake.payment_methods[pm]["customer"] is None
    assert len(fake.posts(f"/v1/payment_methods/{pm}/detach")) == 2


async def test_default_payment_method_is_the_customers_invoice_setting(stripe_provider, fake):
    customer = await _customer(stripe_provider)
    pm = await _card(stripe_provider, customer)

    await stripe_provider.set_default_payment_method(customer_id=customer, payment_method_id=pm)

    (request,) = fake.posts(f"/v1/customers/{customer}")
    assert request.form == {"invoice_settings": {"default_payment_method": pm}}
    assert fake.customers[customer]["invoice_settings"]["default_payment_method"] == pm


async def test_default_payment_method_of_another_customer_is_rejected(stripe_provider):
    owner, other = await _customer(stripe_provider), await _customer(stripe_provider)
    pm = await _card(stripe_provider, owner)

    with pytest.raises(ProviderRejected) as rejected:
        await stripe_provider.set_default_payment_method(customer_id=other, payment_method_id=pm)

    assert rejected.value.code == "resource_missing"


# --------------------------------------------------------------------------- subscriptions


async def test_create_subscription_sends_price_card_metadata_behaviour_and_key(stripe_provider, fake):
    customer = await _customer(stripe_provider)
    pm = await _card(stripe_provider, customer)
    store_id = str(uuid.uuid4())

    snap = await stripe_provider.create_subscription(
        customer_id=customer,
        price_id=PRICE,
        payment_method_id=pm,
        trial_days=0,
        period_days=30,
        metadata={"store_id": store_id, "plan_id": "standard"},
        idempotency_key="pf_subscription:1",
    )

    (request,) = fake.posts("/v1/subscriptions")
    assert request.form == {
        "customer": customer,
        "items": [{"price": PRICE}],
        "default_payment_method": pm,
        "metadata": {"store_id": store_id, "plan_id": "standard"},
        "payment_behavior": "allow_incomplete",
    }
    assert request.headers["idempotency-key"] == "pf_subscription:1"
    item = fake.subscriptions[snap.subscription_id]["items"]["data"][0]
    assert (snap.status, snap.customer_id, snap.price_id, snap.payment_method_id) == (
        "active",
        customer,
        PRICE,
        pm,
    )
    assert (snap.store_id, snap.plan_id, snap.trial_end, snap.cancel_at_period_end) == (
        store_id,
        "standard",
        None,
        False,
    )
    assert snap.current_period_start == datetime.fromtimestamp(item["current_period_start"], UTC)
    assert snap.current_period_end == datetime.fromtimestamp(item["current_period_end"], UTC)


async def test_create_subscription_with_a_trial_is_trialing(stripe_provider, fake):
    snap = await _subscription(stripe_provider, trial_days=14)

    (request,) = fake.posts("/v1/subscriptions")
    assert request.form["trial_period_days"] == "14"
    assert snap.status == "trialing"
    assert snap.trial_end is not None
    assert snap.trial_end - datetime.now(UTC) > timedelta(days=13, hours=23)
    assert snap.current_period_end == snap.trial_end


async def test_a_declined_first_payment_leaves_the_subscription_incomplete(stripe_provider):
    snap = await _subscription(stripe_provider, card="pm_card_chargeDeclined")

    assert snap.status == "incomplete"


async def test_create_subscription_retried_with_the_same_key_creates_one(stripe_provider, fake):
    customer = await _customer(stripe_provider)
    pm = await _card(stripe_provider, customer)
    kwargs = {
        "customer_id": customer,
        "price_id": PRICE,
        "payment_method_id": pm,
        "trial_days": 0,
        "period_days": 30,
        "metadata": {"store_id": str(uuid.uuid4())},
        "idempotency_key": "pf_subscription:retry",
    }
    before = len(fake.subscriptions)

    first = await stripe_provider.create_subscription(**kwargs)
    again = await stripe_provider.create_subscription(**kwargs)

    assert again.subscription_id == first.subscription_id
    assert len(fake.subscriptions) == before + 1


async def test_cancel_at_period_end_keeps_it_active_until_then(stripe_provider, fake):
    snap = await _subscription(stripe_provider)

    done = await stripe_provider.cancel_subscription(current=snap, at_period_end=True)

    (request,) = fake.posts(f"/v1/subscriptions/{snap.subscription_id}")
    assert request.form == {"cancel_at_period_end": "true"}
    assert (done.status, done.cancel_at_period_end) == ("active", True)


async def test_immediate_cancel_deletes_and_a_second_cancel_answers_canceled(stripe_provider, fake):
    snap = await _subscription(stripe_provider)

    done = await stripe_provider.cancel_subscription(current=snap, at_period_end=False)
    again = await stripe_provider.cancel_subscription(current=snap, at_period_end=False)

    deletes = [r for r in fake.requests if r.method == "DELETE"]
    assert [r.path for r in deletes] == [f"/v1/subscriptions/{snap.subscription_id}"] * 2
    assert (done.status, again.status) == ("canceled", "canceled")
    assert done.canceled_at is not None


async def test_pause_reports_paused_and_resume_active(stripe_provider, fake):
    snap = await _subscription(stripe_provider)

    paused = await stripe_provider.pause_subscription(current=snap)
    resumed = await stripe_provider.resume_subscription(current=paused)

    pause, resume = fake.posts(f"/v1/subscriptions/{snap.subscription_id}")
    assert pause.form == {"pause_collection": {"behavior": "void"}}
    assert resume.form == {"pause_collection": ""}
    assert fake.subscriptions[snap.subscription_id]["status"] == "active"  # Stripe keeps it
    assert paused.status == "paused"
    assert resumed.status == "active"
    assert fake.subscriptions[snap.subscription_id]["pause_collection"] is None


async def test_get_subscription_answers_the_current_state_or_none(stripe_provider, fake):
    snap = await _subscription(stripe_provider)
    await stripe_provider.pause_subscription(current=snap)

    found = await stripe_provider.get_subscription(subscription_id=snap.subscription_id)
    missing = await stripe_provider.get_subscription(subscription_id="sub_does_not_exist")

    assert found is not None and found.status == "paused"
    assert missing is None


# --------------------------------------------------------------------------- off-session charges


async def _charge(provider, card: str = "pm_card_visa", key: str | None = None):
    customer = await _customer(provider)
    pm = await _card(provider, customer, card)
    return (
        await provider.charge_off_session(
            customer_id=customer,
            payment_method_id=pm,
            amount_cents=1234,
            currency="USD",
            description="Ad spend 2026-12-01",
            metadata={"usage_charge_id": "u-1", "store_id": "s-1"},
            idempotency_key=key or f"pf_usage_charge:{uuid.uuid4()}",
        ),
        customer,
        pm,
    )


async def test_charge_off_session_confirms_with_the_key_and_succeeds(stripe_provider, fake):
    result, customer, pm = await _charge(stripe_provider, key="pf_usage_charge:42")

    (request,) = fake.posts("/v1/payment_intents")
    assert request.form == {
        "amount": "1234",
        "currency": "usd",
        "customer": customer,
        "payment_method": pm,
        "confirm": "true",
        "off_session": "true",
        "automatic_payment_methods": {"enabled": "true", "allow_redirects": "never"},
        "description": "Ad spend 2026-12-01",
        "metadata": {"usage_charge_id": "u-1", "store_id": "s-1"},
    }
    assert request.headers["idempotency-key"] == "pf_usage_charge:42"
    assert (result.status, result.amount_cents, result.currency, result.retryable) == (
        "succeeded",
        1234,
        "USD",
        False,
    )
    assert result.charge_id in fake.payment_intents
    assert fake.payment_intents[result.charge_id]["status"] == "succeeded"


async def test_a_retried_charge_with_the_same_key_charges_once(stripe_provider, fake):
    customer = await _customer(stripe_provider)
    pm = await _card(stripe_provider, customer)
    kwargs = {
        "customer_id": customer,
        "payment_method_id": pm,
        "amount_cents": 500,
        "currency": "USD",
        "description": "Ad spend",
        "metadata": {},
        "idempotency_key": "pf_usage_charge:once",
    }
    before = len(fake.payment_intents)

    first = await stripe_provider.charge_off_session(**kwargs)
    again = await stripe_provider.charge_off_session(**kwargs)

    assert first == again
    assert len(fake.payment_intents) == before + 1


async def test_a_declined_card_is_a_failed_result_not_retryable(stripe_provider, fake):
    result, _, _ = await _charge(stripe_provider, "pm_card_chargeDeclined")

    assert (result.status, result.failure_code, result.retryable) == ("failed", "card_declined", False)
    assert result.charge_id in fake.payment_intents
    assert "generic_decline" in (result.failure_message or "")


async def test_insufficient_funds_is_a_decline_not_retryable(stripe_provider):
    result, _, _ = await _charge(stripe_provider, "pm_card_chargeDeclinedInsufficientFunds")

    assert (result.status, result.failure_code, result.retryable) == ("failed", "card_declined", False)
    assert "insufficient_funds" in (result.failure_message or "")


async def test_a_processing_error_is_a_failed_result_that_may_be_retried(stripe_provider):
    result, _, _ = await _charge(stripe_provider, "pm_card_chargeDeclinedProcessingError")

    assert (result.status, result.failure_code, result.retryable) == ("failed", "processing_error", True)


# --------------------------------------------------------------------------- errors


async def test_a_500_is_provider_unavailable(stripe_provider, fake):
    fake.fail_next(500)

    with pytest.raises(ProviderUnavailable):
        await stripe_provider.create_customer(store_id="s", name=None, email=None, idempotency_key="k-500")


async def test_a_500_is_retried_with_the_same_idempotency_key(make_provider, fake):
    provider = make_provider(stripe_max_network_retries=1)
    fake.fail_next(500)

    info = await provider.create_customer(store_id="s", name=None, email=None, idempotency_key="k-retried")

    tries = fake.posts("/v1/customers")
    assert [r.headers["idempotency-key"] for r in tries] == ["k-retried", "k-retried"]
    assert info.customer_id in fake.customers


async def test_a_rate_limit_is_provider_unavailable(stripe_provider, fake):
    customer = await _customer(stripe_provider)
    fake.fail_next(429, code="rate_limit", type_="invalid_request_error")

    with pytest.raises(ProviderUnavailable):
        await stripe_provider.create_setup_intent(customer_id=customer)


async def test_a_charge_that_meets_a_500_raises_instead_of_failing_the_charge(stripe_provider, fake):
    customer = await _customer(stripe_provider)
    pm = await _card(stripe_provider, customer)
    fake.fail_next(503)

    with pytest.raises(ProviderUnavailable):
        await stripe_provider.charge_off_session(
            customer_id=customer,
            payment_method_id=pm,
            amount_cents=100,
            currency="USD",
            description="x",
            metadata={},
            idempotency_key="k-503",
        )


async def test_a_refused_connection_is_provider_unavailable(make_provider):
    provider = make_provider(stripe_api_base=f"http://127.0.0.1:{free_port()}")

    with pytest.raises(ProviderUnavailable):
        await provider.get_subscription(subscription_id="sub_1")


async def test_a_timeout_is_provider_unavailable(make_provider, fake):
    provider = make_provider(stripe_timeout_s=0.2)
    fake.delay_next(1.0)

    with pytest.raises(ProviderUnavailable):
        await provider.get_subscription(subscription_id="sub_slow")


async def test_a_400_is_provider_rejected_with_stripes_code(stripe_provider):
    with pytest.raises(ProviderRejected) as rejected:
        await stripe_provider.create_setup_intent(customer_id="cus_unknown")

    assert rejected.value.code == "resource_missing"


async def test_a_wrong_api_key_is_unavailable_and_no_key_is_ever_logged(make_provider, captured_logs):
    wrong = "sk_test_wrong_key_0000000000000000"
    provider = make_provider(stripe_api_key=wrong)
    good = make_provider()

    with pytest.raises(ProviderUnavailable) as refused:
        await provider.create_setup_intent(customer_id="cus_x")
    customer = await _customer(good)
    secret = (await good.create_setup_intent(customer_id=customer)).client_secret

    logged = repr(captured_logs)
    assert any(e["event"] == "billing.stripe.auth_refused" for e in captured_logs)
    for value in (wrong, API_KEY, secret):
        assert value not in logged
        assert value not in str(refused.value)


async def test_every_call_is_announced_to_the_io_guard(stripe_provider, database):
    async with database.transaction():
        with iosafety.recording() as violations:
            await stripe_provider.get_subscription(subscription_id="sub_inside_a_transaction")

    assert [v.operation for v in violations] == ["stripe subscriptions.retrieve"]


# --------------------------------------------------------------------------- to_snapshot

START, END = 1_780_000_000, 1_782_592_000


def _stripe_subscription(**fields) -> dict:
    return {
        "id": "sub_123",
        "object": "subscription",
        "customer": "cus_123",
        "status": "active",
        "cancel_at_period_end": False,
        "canceled_at": None,
        "default_payment_method": "pm_123",
        "metadata": {"store_id": "0198a0a0-0000-7000-8000-000000000001", "plan_id": "standard"},
        "pause_collection": None,
        "trial_end": None,
        "items": {"object": "list", "data": [{"id": "si_1", "price": {"id": PRICE, "object": "price"}}]},
        **fields,
    }


def test_to_snapshot_reads_the_period_on_the_subscription():
    snap = to_snapshot(_stripe_subscription(current_period_start=START, current_period_end=END))

    assert snap == SubscriptionSnapshot(
        subscription_id="sub_123",
        customer_id="cus_123",
        status="active",
        price_id=PRICE,
        payment_method_id="pm_123",
        current_period_start=datetime.fromtimestamp(START, UTC),
        current_period_end=datetime.fromtimestamp(END, UTC),
        cancel_at_period_end=False,
        store_id="0198a0a0-0000-7000-8000-000000000001",
        plan_id="standard",
        metadata={"store_id": "0198a0a0-0000-7000-8000-000000000001", "plan_id": "standard"},
    )


def test_to_snapshot_reads_the_period_on_the_items():
    items = {
        "object": "list",
        "data": [
            {"id": "si_1", "price": {"id": PRICE}, "current_period_start": START, "current_period_end": END},
            {
                "id": "si_2",
                "price": "price_addon",
                "current_period_start": START + 10,
                "current_period_end": END + 10,
            },
        ],
    }

    snap = to_snapshot(_stripe_subscription(items=items))

    assert snap.current_period_start == datetime.fromtimestamp(START, UTC)
    assert snap.current_period_end == datetime.fromtimestamp(END + 10, UTC)
    assert snap.price_id == PRICE


def test_to_snapshot_reports_a_paused_collection_as_paused():
    snap = to_snapshot(
        _stripe_subscription(
            current_period_end=END, pause_collection={"behavior": "void", "resumes_at": END + 100}
        )
    )

    assert snap.status == "paused"
    assert snap.resume_effective_at == datetime.fromtimestamp(END + 100, UTC)


def test_to_snapshot_keeps_a_canceled_status_even_with_a_pause():
    snap = to_snapshot(
        _stripe_subscription(
            status="canceled", canceled_at=END, current_period_end=END, pause_collection={"behavior": "void"}
        )
    )

    assert (snap.status, snap.canceled_at) == ("canceled", datetime.fromtimestamp(END, UTC))


def test_to_snapshot_passes_an_unknown_status_and_expanded_ids_through():
    snap = to_snapshot(
        _stripe_subscription(
            status="some_future_status",
            customer={"id": "cus_expanded", "object": "customer"},
            default_payment_method={"id": "pm_expanded", "object": "payment_method"},
            trial_end=END,
        )
    )

    assert (snap.status, snap.customer_id, snap.payment_method_id) == (
        "some_future_status",
        "cus_expanded",
        "pm_expanded",
    )
    assert snap.current_period_end == datetime.fromtimestamp(END, UTC)  # no period: the trial's end


@pytest.mark.parametrize(
    "obj",
    [
        {"object": "invoice", "id": "in_1"},
        {"object": "subscription"},
        {"id": "sub_1", "object": "subscription"},
    ],
)
def test_to_snapshot_refuses_what_is_not_a_subscription(obj):
    with pytest.raises(ValueError):
        to_snapshot(obj)
