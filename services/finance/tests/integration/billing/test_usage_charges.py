"""Usage charges from ``ad_spend_rolled_up`` (DOMAIN §5.6 usage_charges; EVENTS.md
``charge_recorded``), through the real consumer (``deliver``) and the ``bill_usage`` job
(``run_job``): charged with one ``charges`` row and one ``charge_recorded``; redeliveries and a
repeated rollup charge nothing more; amount 0 is skipped; a processing error or an unreachable
provider is retried with backoff until it succeeds or the third attempt fails; a decline or a
missing customer or card needs a person; a job racing the consumer never charges twice.

The provider is the local one behind ``RecordingProvider`` (conftest), checked here too: a
provider call made while the task holds a database session fails the test."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from pf_common import iosafety
from pf_common.events.ads import AdSpendRolledUpV1
from pf_common.events.common import AdSpendLine
from pf_common.ids import uuid7
from pf_finance.billing.local import LocalBillingProvider
from pf_finance.billing.provider import ChargeResult, ProviderRejected, ProviderUnavailable
from pf_finance.domain import usage_billing

from .conftest import CHARGES, CUSTOMERS, PAYMENT_METHODS, USAGE, RecordingProvider

T0 = datetime(2026, 12, 2, 0, 20, tzinfo=UTC)  # the nightly rollup has just run
DAY = date(2026, 12, 1)
BASE_S = 300  # settings.usage_charge_retry_base_s
LOCAL = LocalBillingProvider()


class HookedProvider(RecordingProvider):
    """The recording provider; ``during_charge`` coroutines run inside the next
    ``charge_off_session`` (a biller racing one whose call is in flight); any provider call made
    inside a database session fails the test."""

    def __init__(self) -> None:
        super().__init__()
        self.during_charge: list[Callable[[], Awaitable[Any]]] = []

    def __getattr__(self, method: str) -> Any:
        call = super().__getattr__(method)

        async def checked(**kwargs: Any) -> Any:
            iosafety.check_io(f"billing provider {method}")
            if method == "charge_off_session" and self.during_charge:
                hooks, self.during_charge = self.during_charge, []
                for hook in hooks:
                    await hook()
            return await call(**kwargs)

        return checked

    def keys(self) -> list[str]:
        return [c["idempotency_key"] for c in self.called("charge_off_session")]


@pytest.fixture
def provider() -> HookedProvider:
    return HookedProvider()


async def billable_store(
    db_session, *, test_card: str | None = "pm_card_visa", customer: bool = True
) -> uuid.UUID:
    """A vendor store with a billing customer (unless ``customer`` is False) and a default card
    of the local provider's test card ``test_card`` (none when None)."""
    store_id = uuid7()
    info = await LOCAL.create_customer(store_id=str(store_id), name=None, email=None, idempotency_key="k")
    if customer:
        await db_session.execute(
            sa.insert(CUSTOMERS).values(
                store_id=store_id, stripe_customer_id=info.customer_id, provider="local"
            )
        )
    if test_card is not None:
        card = await LOCAL.attach_payment_method(customer_id=info.customer_id, payment_method_id=test_card)
        await db_session.execute(
            sa.insert(PAYMENT_METHODS).values(
                id=uuid7(),
                store_id=store_id,
                stripe_payment_method_id=card.payment_method_id,
                type="card",
                card_brand=card.card_brand,
                card_last4=card.card_last4,
                is_default=True,
            )
        )
    return store_id


def rollup(store_id: uuid.UUID, *, amount_cents: int = 1234, for_date: date = DAY) -> AdSpendRolledUpV1:
    return AdSpendRolledUpV1(
        store_id=store_id,
        for_date=for_date,
        amount_cents=amount_cents,
        impressions=5000,
        clicks=40,
        ads=[AdSpendLine(ad_id=uuid7(), impressions=5000, clicks=40, spend_cents=amount_cents)],
    )


async def usage_rows(db_session) -> list[dict[str, Any]]:
    return [
        dict(r) for r in (await db_session.execute(sa.select(USAGE).order_by(USAGE.c.for_date))).mappings()
    ]


async def charge_rows(db_session) -> list[dict[str, Any]]:
    return [dict(r) for r in (await db_session.execute(sa.select(CHARGES))).mappings()]


async def recorded(emitted_events) -> list[tuple]:
    return [
        (e.payload["type"], e.payload["status"], e.payload["amount_cents"], e.payload["failure_reason"])
        for e in await emitted_events("charge_recorded")
    ]


def later(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


# --- the happy path and repeats -----------------------------------------------------------------


async def test_a_rollup_is_charged_once_with_its_charge_row_and_event(
    db_session, deliver, provider, emitted_events, frozen_time
):
    frozen_time(T0)
    store = await billable_store(db_session)

    outcomes = await deliver(rollup(store), times=2)

    assert outcomes == ["applied", "duplicate"]
    (usage,) = await usage_rows(db_session)
    assert {k: usage[k] for k in ("store_id", "usage_type", "for_date", "quantity", "amount_cents")} == {
        "store_id": store,
        "usage_type": "ad_spend",
        "for_date": DAY,
        "quantity": 5000,
        "amount_cents": 1234,
    }
    assert (usage["currency"], usage["billing_status"], usage["attempt_count"], usage["next_attempt_at"]) == (
        "USD",
        "charged",
        1,
        None,
    )
    (charge,) = await charge_rows(db_session)
    assert (charge["type"], charge["status"], charge["amount_cents"], charge["currency"]) == (
        "ad_spend",
        "succeeded",
        1234,
        "USD",
    )
    assert (charge["store_id"], charge["usage_charge_id"], usage["charge_id"]) == (
        store,
        usage["id"],
        charge["id"],
    )
    (call,) = provider.called("charge_off_session")
    assert call["idempotency_key"] == f"pf_usage_charge:{usage['id']}"
    assert (call["amount_cents"], call["currency"]) == (1234, "USD")
    assert call["metadata"] == {
        "usage_charge_id": str(usage["id"]),
        "store_id": str(store),
        "for_date": "2026-12-01",
    }
    assert charge["stripe_charge_id"].startswith("ch_local_")
    assert await recorded(emitted_events) == [("ad_spend", "succeeded", 1234, None)]
    (event,) = await emitted_events("charge_recorded")
    assert (event.payload["usage_charge_id"], event.occurred_at) == (str(usage["id"]), T0)


async def test_the_same_rollup_published_again_charges_nothing_more(
    db_session, deliver, provider, emitted_events, captured_logs
):
    store = await billable_store(db_session)

    await deliver(rollup(store), times=1)
    await deliver(rollup(store), times=1)  # a new event id: the inbox does not stop it
    await deliver(rollup(store, amount_cents=999), times=1)  # a re-rollup with another figure

    assert len(provider.called("charge_off_session")) == 1
    assert len(await charge_rows(db_session)) == 1
    (usage,) = await usage_rows(db_session)
    assert (usage["billing_status"], usage["amount_cents"]) == ("charged", 1234)
    assert len(await recorded(emitted_events)) == 1
    assert any(
        e["event"] == "finance.usage.amount_differs" and e["event_cents"] == 999 for e in captured_logs
    )


async def test_each_store_and_day_is_its_own_usage_charge(db_session, deliver, provider):
    store = await billable_store(db_session)
    other = await billable_store(db_session)

    await deliver(rollup(store), times=1)
    await deliver(rollup(store, for_date=DAY + timedelta(days=1)), times=1)
    await deliver(rollup(other), times=1)

    rows = await usage_rows(db_session)
    assert len(rows) == 3 and {r["billing_status"] for r in rows} == {"charged"}
    assert len(set(provider.keys())) == 3
    assert len(await charge_rows(db_session)) == 3


async def test_a_zero_rollup_is_skipped_without_calling_the_provider(
    db_session, deliver, provider, emitted_events
):
    store = await billable_store(db_session)

    await deliver(rollup(store, amount_cents=0))

    (usage,) = await usage_rows(db_session)
    assert (usage["billing_status"], usage["attempt_count"], usage["charge_id"]) == ("skipped", 0, None)
    assert provider.calls == []
    assert await charge_rows(db_session) == []
    assert await emitted_events("charge_recorded") == []


# --- retries --------------------------------------------------------------------------------------


async def test_a_processing_error_is_retried_with_backoff_until_it_fails_for_good(
    db_session, deliver, run_job, provider, emitted_events, frozen_time
):
    frozen_time(T0)
    store = await billable_store(db_session, test_card="pm_card_chargeDeclinedProcessingError")

    await deliver(rollup(store))

    (usage,) = await usage_rows(db_session)
    assert (usage["billing_status"], usage["attempt_count"], usage["last_error"]) == (
        "pending",
        1,
        "processing_error",
    )
    assert usage["next_attempt_at"] == later(BASE_S)
    assert await charge_rows(db_session) == [] and await emitted_events("charge_recorded") == []

    await run_job("bill_usage", now=later(BASE_S - 1))  # not due yet
    assert len(provider.called("charge_off_session")) == 1

    await run_job("bill_usage", now=later(BASE_S))  # attempt 2: backoff doubles
    (usage,) = await usage_rows(db_session)
    assert (usage["billing_status"], usage["attempt_count"]) == ("pending", 2)
    assert usage["next_attempt_at"] == later(BASE_S + 2 * BASE_S)
    assert await emitted_events("charge_recorded") == []

    await run_job("bill_usage", now=later(3 * BASE_S))  # attempt 3 of 3: failed
    (usage,) = await usage_rows(db_session)
    assert (usage["billing_status"], usage["attempt_count"], usage["next_attempt_at"]) == ("failed", 3, None)
    (charge,) = await charge_rows(db_session)
    assert (charge["type"], charge["status"], charge["usage_charge_id"], charge["failure_reason"]) == (
        "ad_spend",
        "failed",
        usage["id"],
        "processing_error",
    )
    assert await recorded(emitted_events) == [("ad_spend", "failed", 1234, "processing_error")]
    # Stripe replays a key's first answer: each definite failure moves the next try to a new key
    assert provider.keys() == [
        f"pf_usage_charge:{usage['id']}",
        f"pf_usage_charge:{usage['id']}:1",
        f"pf_usage_charge:{usage['id']}:2",
    ]

    await run_job("bill_usage", now=later(86_400))  # given up: never tried again
    assert len(provider.called("charge_off_session")) == 3


async def test_a_retry_that_succeeds_charges_once(
    db_session, deliver, run_job, provider, emitted_events, frozen_time
):
    frozen_time(T0)
    store = await billable_store(db_session)
    provider.charge_results = [
        ChargeResult(
            status="failed",
            charge_id="ch_flaky",
            amount_cents=1234,
            currency="USD",
            failure_code="processing_error",
            retryable=True,
        )
    ]

    await deliver(rollup(store))
    assert (await usage_rows(db_session))[0]["billing_status"] == "pending"
    await run_job("bill_usage", now=later(BASE_S))

    (usage,) = await usage_rows(db_session)
    assert (usage["billing_status"], usage["attempt_count"], usage["last_error"]) == ("charged", 2, None)
    (charge,) = await charge_rows(db_session)
    assert (charge["status"], charge["id"]) == ("succeeded", usage["charge_id"])
    assert await recorded(emitted_events) == [("ad_spend", "succeeded", 1234, None)]


async def test_an_unreachable_provider_is_retried_with_the_same_key(
    db_session, deliver, run_job, provider, emitted_events, frozen_time
):
    frozen_time(T0)
    store = await billable_store(db_session)
    provider.fail_next["charge_off_session"] = ProviderUnavailable("timeout")

    outcomes = await deliver(rollup(store))

    assert outcomes[0] == "applied"  # the event is done: the job owns the retry
    (usage,) = await usage_rows(db_session)
    assert (usage["billing_status"], usage["next_attempt_at"]) == ("pending", later(BASE_S))
    assert usage["last_error"].startswith("provider_unavailable")

    await run_job("bill_usage", now=later(BASE_S))

    assert (await usage_rows(db_session))[0]["billing_status"] == "charged"
    # the first call's outcome was unknown (it may have charged): the same key, so never twice
    assert provider.keys() == [f"pf_usage_charge:{usage['id']}"] * 2
    assert len(await charge_rows(db_session)) == 1
    assert await recorded(emitted_events) == [("ad_spend", "succeeded", 1234, None)]


async def test_an_unreachable_provider_three_times_fails_the_usage_charge(
    db_session, deliver, run_job, provider, emitted_events, frozen_time
):
    frozen_time(T0)
    store = await billable_store(db_session)
    provider.fail_next["charge_off_session"] = ProviderUnavailable("down")
    await deliver(rollup(store))
    provider.fail_next["charge_off_session"] = ProviderUnavailable("down")
    await run_job("bill_usage", now=later(BASE_S))
    provider.fail_next["charge_off_session"] = ProviderUnavailable("down")
    await run_job("bill_usage", now=later(3 * BASE_S))

    (usage,) = await usage_rows(db_session)
    assert (usage["billing_status"], usage["attempt_count"]) == ("failed", 3)
    (charge,) = await charge_rows(db_session)
    assert (charge["status"], charge["stripe_charge_id"]) == ("failed", None)
    assert [r[:2] for r in await recorded(emitted_events)] == [("ad_spend", "failed")]


# --- a person must act ----------------------------------------------------------------------------


async def test_a_declined_card_needs_attention_and_is_not_retried(
    db_session, deliver, run_job, provider, emitted_events
):
    store = await billable_store(db_session, test_card="pm_card_chargeDeclined")

    await deliver(rollup(store))
    await run_job("bill_usage", now=datetime.now(UTC) + timedelta(days=1))

    (usage,) = await usage_rows(db_session)
    assert (usage["billing_status"], usage["attempt_count"], usage["last_error"]) == (
        "needs_attention",
        1,
        "card_declined",
    )
    assert len(provider.called("charge_off_session")) == 1
    (charge,) = await charge_rows(db_session)
    assert (charge["status"], charge["failure_reason"], usage["charge_id"]) == (
        "failed",
        "card_declined",
        charge["id"],
    )
    assert await recorded(emitted_events) == [("ad_spend", "failed", 1234, "card_declined")]


async def test_a_card_the_provider_refuses_needs_attention(db_session, deliver, provider, emitted_events):
    store = await billable_store(db_session)
    provider.fail_next["charge_off_session"] = ProviderRejected(
        "no such payment method", code="resource_missing"
    )

    await deliver(rollup(store))

    (usage,) = await usage_rows(db_session)
    assert (usage["billing_status"], usage["last_error"]) == (
        "needs_attention",
        "provider_rejected: resource_missing",
    )
    assert [r[:2] for r in await recorded(emitted_events)] == [("ad_spend", "failed")]


@pytest.mark.parametrize(
    ("customer", "test_card", "reason"),
    [(True, None, "no_default_card"), (False, "pm_card_visa", "no_billing_customer")],
)
async def test_a_store_without_customer_or_card_needs_attention(
    db_session, deliver, run_job, provider, emitted_events, customer, test_card, reason
):
    store = await billable_store(db_session, test_card=test_card, customer=customer)

    await deliver(rollup(store))
    await run_job("bill_usage", now=datetime.now(UTC) + timedelta(days=1))

    (usage,) = await usage_rows(db_session)
    assert (usage["billing_status"], usage["last_error"]) == ("needs_attention", reason)
    assert provider.calls == []
    (charge,) = await charge_rows(db_session)
    assert (charge["type"], charge["status"], charge["failure_reason"], charge["stripe_charge_id"]) == (
        "ad_spend",
        "failed",
        reason,
        None,
    )
    assert await recorded(emitted_events) == [("ad_spend", "failed", 1234, reason)]


# --- racing billers -------------------------------------------------------------------------------


async def test_the_job_running_while_the_consumer_charges_does_not_charge_again(
    db_session, deliver, run_job, provider, emitted_events, frozen_time
):
    frozen_time(T0)
    store = await billable_store(db_session)
    job_runs: list[str] = []

    async def job_now() -> None:
        job_runs.append(await run_job("bill_usage", now=T0))

    provider.during_charge.append(job_now)

    await deliver(rollup(store))

    assert job_runs == ["ran"]
    assert len(provider.called("charge_off_session")) == 1  # the job found the row claimed
    (usage,) = await usage_rows(db_session)
    assert (usage["billing_status"], usage["attempt_count"]) == ("charged", 1)
    assert len(await charge_rows(db_session)) == 1
    assert len(await recorded(emitted_events)) == 1


async def test_a_biller_that_picked_the_row_before_the_claim_does_not_charge_it(
    db_session, database, deliver, provider, context, emitted_events, frozen_time
):
    """The claim itself (not the job's due query) decides: a second biller that selected the
    row before the first claimed it tries to claim while the first one's call is in flight."""
    frozen_time(T0)
    store = await billable_store(db_session)
    second: list[str] = []

    async def racing_biller() -> None:
        (usage,) = await usage_rows(db_session)
        rules = usage_billing.BillingRules(max_attempts=3, retry_base_s=BASE_S)
        second.append(
            await usage_billing.bill_usage_charge(database, context.billing, usage["id"], now=T0, rules=rules)
        )

    provider.during_charge.append(racing_biller)

    await deliver(rollup(store))

    assert second == ["not_due"]
    assert len(provider.called("charge_off_session")) == 1
    (usage,) = await usage_rows(db_session)
    assert (usage["billing_status"], usage["attempt_count"]) == ("charged", 1)
    assert len(await recorded(emitted_events)) == 1


async def test_a_claim_that_ran_out_mid_call_is_saved_by_the_provider_key(
    db_session, deliver, run_job, provider, emitted_events, frozen_time, captured_logs
):
    frozen_time(T0)
    store = await billable_store(db_session)

    async def job_much_later() -> None:  # the consumer's call hangs past its lease
        await run_job("bill_usage", now=later(86_400))

    provider.during_charge.append(job_much_later)

    await deliver(rollup(store))

    (usage,) = await usage_rows(db_session)
    # both billers called, with the same key: the provider charged once (same charge id)
    assert provider.keys() == [f"pf_usage_charge:{usage['id']}"] * 2
    assert (usage["billing_status"], usage["attempt_count"]) == ("charged", 2)
    (charge,) = await charge_rows(db_session)
    assert charge["status"] == "succeeded"
    assert len(await recorded(emitted_events)) == 1
    assert any(e["event"] == "finance.usage.claim_lost" for e in captured_logs)


async def test_the_job_bills_only_pending_rows_that_are_due(db_session, run_job, provider):
    store = await billable_store(db_session)
    rows = {
        "due": {"billing_status": "pending", "next_attempt_at": T0},
        "never_tried": {"billing_status": "pending", "next_attempt_at": None},
        "later": {"billing_status": "pending", "next_attempt_at": later(3600)},
        "charged": {"billing_status": "charged", "next_attempt_at": None},
        "needs_attention": {"billing_status": "needs_attention", "next_attempt_at": None},
    }
    ids = {}
    for i, (name, values) in enumerate(rows.items()):
        ids[name] = uuid7()
        await db_session.execute(
            sa.insert(USAGE).values(
                id=ids[name],
                store_id=store,
                for_date=DAY - timedelta(days=i),
                quantity=1,
                amount_cents=100,
                currency="USD",
                **values,
            )
        )

    await run_job("bill_usage", now=later(60))

    assert sorted(provider.keys()) == sorted(f"pf_usage_charge:{ids[n]}" for n in ("due", "never_tried"))
    status = {r["id"]: r["billing_status"] for r in await usage_rows(db_session)}
    assert [status[ids[n]] for n in rows] == ["charged", "charged", "pending", "charged", "needs_attention"]
