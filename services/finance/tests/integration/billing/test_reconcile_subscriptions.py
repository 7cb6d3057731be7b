"""The daily ``reconcile_subscriptions`` job (DOMAIN §5.6: webhooks are the authority; a daily job
re-fetches the subscriptions updated in the last 7 days, at most 250 a run): drift is repaired
through ``apply_snapshot`` (``subscription_status_changed`` when the gate flips) and logged one
line per change; the window and the batch are respected, least recently confirmed first so a
backlog rotates; a fact newer than the run wins; the local provider (which knows nothing) changes
nothing; a provider that is down ends the run without harm.

The provider double answers ``get_subscription`` from ``remote`` (None for what it does not
know) and fails any call made while the task holds a database session."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from pf_common import iosafety
from pf_common.ids import uuid7
from pf_finance.billing.provider import ProviderUnavailable, SubscriptionSnapshot
from pf_finance.domain.subscription_state import snapshot_of_row

from .conftest import SUBSCRIPTIONS, RecordingProvider

NOW = datetime(2026, 12, 10, 6, 45, tzinfo=UTC)


class RemoteProvider(RecordingProvider):
    """``get_subscription`` answers ``remote[subscription id]`` (None when absent) unless
    ``local`` (then the local provider answers: None always)."""

    def __init__(self, *, local: bool = False) -> None:
        super().__init__()
        self.remote: dict[str, SubscriptionSnapshot] = {}
        self.local = local

    def __getattr__(self, method: str) -> Any:
        call = super().__getattr__(method)

        async def checked(**kwargs: Any) -> Any:
            iosafety.check_io(f"billing provider {method}")
            answer = await call(**kwargs)
            if method == "get_subscription" and not self.local:
                return self.remote.get(kwargs["subscription_id"])
            return answer

        return checked

    def fetched(self) -> list[str]:
        return [c["subscription_id"] for c in self.called("get_subscription")]


@pytest.fixture
def provider() -> RemoteProvider:
    return RemoteProvider()


async def make_subscription(
    db_session,
    *,
    status: str = "active",
    updated_at: datetime = NOW - timedelta(days=1),
    provider_event_at: datetime | None = None,
) -> dict[str, Any]:
    row = {
        "id": uuid7(),
        "store_id": uuid7(),
        "billing_plan_id": "standard",
        "stripe_subscription_id": f"sub_{uuid.uuid4().hex[:16]}",
        "stripe_customer_id": f"cus_{uuid.uuid4().hex[:16]}",
        "stripe_payment_method_id": "pm_1",
        "status": status,
        "price_id": "price_packfinderz_standard",
        "current_period_start": NOW - timedelta(days=10),
        "current_period_end": NOW + timedelta(days=20),
        "cancel_at_period_end": False,
        "provider_event_at": provider_event_at or updated_at,
        "metadata": {},
        "created_at": updated_at,
        "updated_at": updated_at,
    }
    stored = (
        await db_session.execute(sa.insert(SUBSCRIPTIONS).values(**row).returning(*SUBSCRIPTIONS.c))
    ).mappings()
    return dict(stored.one())


async def status_of(db_session, row: dict[str, Any]) -> str:
    return (
        await db_session.execute(sa.select(SUBSCRIPTIONS.c.status).where(SUBSCRIPTIONS.c.id == row["id"]))
    ).scalar_one()


async def flips(emitted_events) -> list[tuple]:
    return [
        (
            e.payload["store_id"],
            e.payload["previous_status"],
            e.payload["status"],
            e.payload["subscription_active"],
            e.occurred_at,
        )
        for e in await emitted_events("subscription_status_changed")
    ]


def logged(captured_logs, event: str) -> list[dict[str, Any]]:
    return [e for e in captured_logs if e["event"] == event]


async def test_drift_is_repaired_announced_and_logged(
    db_session, run_job, provider, emitted_events, captured_logs
):
    drifted = await make_subscription(db_session, status="active")
    same = await make_subscription(db_session, status="active")
    provider.remote[drifted["stripe_subscription_id"]] = replace(
        snapshot_of_row(drifted), status="canceled", canceled_at=NOW - timedelta(hours=3)
    )
    provider.remote[same["stripe_subscription_id"]] = snapshot_of_row(same)

    assert await run_job("reconcile_subscriptions", now=NOW) == "ran"

    assert await status_of(db_session, drifted) == "canceled"
    assert await status_of(db_session, same) == "active"
    assert await flips(emitted_events) == [(str(drifted["store_id"]), "active", "canceled", False, NOW)]
    assert [
        {k: e[k] for k in ("store_id", "from_status", "to_status", "flipped")}
        for e in logged(captured_logs, "finance.subscriptions.drift_repaired")
    ] == [
        {
            "store_id": str(drifted["store_id"]),
            "from_status": "active",
            "to_status": "canceled",
            "flipped": True,
        }
    ]
    (summary,) = logged(captured_logs, "finance.subscriptions.reconciled")
    assert {
        k: summary[k] for k in ("examined", "changed", "flipped", "unchanged", "unknown_at_provider")
    } == {
        "examined": 2,
        "changed": 1,
        "flipped": 1,
        "unchanged": 1,
        "unknown_at_provider": 0,
    }


async def test_a_repair_that_does_not_flip_the_gate_emits_nothing(
    db_session, run_job, provider, emitted_events
):
    row = await make_subscription(db_session, status="active")
    provider.remote[row["stripe_subscription_id"]] = replace(snapshot_of_row(row), status="past_due")

    await run_job("reconcile_subscriptions", now=NOW)

    assert await status_of(db_session, row) == "past_due"
    assert await flips(emitted_events) == []


async def test_only_subscriptions_updated_within_the_window_are_fetched(db_session, run_job, provider):
    inside = await make_subscription(db_session, updated_at=NOW - timedelta(days=6, hours=23))
    outside = await make_subscription(db_session, updated_at=NOW - timedelta(days=7, hours=1))

    await run_job("reconcile_subscriptions", now=NOW)

    assert provider.fetched() == [inside["stripe_subscription_id"]]
    assert outside["stripe_subscription_id"] not in provider.fetched()


class TestBatch:
    @pytest.fixture
    def context(self, context_factory, settings_factory, provider):
        return context_factory(settings_factory(reconcile_batch=2), billing=provider)

    async def test_a_run_fetches_at_most_a_batch_least_recently_confirmed_first(
        self, db_session, run_job, provider, captured_logs
    ):
        rows = [
            await make_subscription(
                db_session, provider_event_at=NOW - timedelta(days=d), updated_at=NOW - timedelta(hours=1)
            )
            for d in (1, 3, 2)
        ]
        for row in rows:
            provider.remote[row["stripe_subscription_id"]] = snapshot_of_row(row)
        ids = [r["stripe_subscription_id"] for r in rows]

        await run_job("reconcile_subscriptions", now=NOW)
        await run_job("reconcile_subscriptions", now=NOW + timedelta(days=1))

        # first run: the two confirmed longest ago; the second starts with the one left over
        assert provider.fetched()[:2] == [ids[1], ids[2]]
        assert provider.fetched()[2] == ids[0]
        assert len(provider.fetched()) == 4
        assert [s["examined"] for s in logged(captured_logs, "finance.subscriptions.reconciled")] == [2, 2]


async def test_a_fact_applied_after_the_run_started_is_not_overwritten(
    db_session, run_job, provider, emitted_events
):
    row = await make_subscription(db_session, status="active", provider_event_at=NOW + timedelta(minutes=1))
    provider.remote[row["stripe_subscription_id"]] = replace(snapshot_of_row(row), status="canceled")

    await run_job("reconcile_subscriptions", now=NOW)

    assert await status_of(db_session, row) == "active"
    assert await flips(emitted_events) == []


async def test_a_provider_that_is_down_ends_the_run_and_changes_nothing(
    db_session, run_job, provider, emitted_events, captured_logs
):
    first = await make_subscription(db_session, provider_event_at=NOW - timedelta(days=2))
    await make_subscription(db_session, provider_event_at=NOW - timedelta(days=1))
    provider.remote[first["stripe_subscription_id"]] = replace(snapshot_of_row(first), status="canceled")
    provider.fail_next["get_subscription"] = ProviderUnavailable("down")

    assert await run_job("reconcile_subscriptions", now=NOW) == "ran"

    assert len(provider.fetched()) == 1
    assert await status_of(db_session, first) == "active"
    assert await flips(emitted_events) == []
    (summary,) = logged(captured_logs, "finance.subscriptions.reconciled")
    assert (summary["examined"], summary["unavailable"]) == (0, 2)


class TestLocalProvider:
    @pytest.fixture
    def provider(self) -> RemoteProvider:
        return RemoteProvider(local=True)

    async def test_the_local_provider_knows_nothing_so_nothing_changes(
        self, db_session, run_job, provider, emitted_events, captured_logs
    ):
        row = await make_subscription(db_session, status="active")
        before = dict(
            (await db_session.execute(sa.select(SUBSCRIPTIONS).where(SUBSCRIPTIONS.c.id == row["id"])))
            .mappings()
            .one()
        )

        await run_job("reconcile_subscriptions", now=NOW)

        after = dict(
            (await db_session.execute(sa.select(SUBSCRIPTIONS).where(SUBSCRIPTIONS.c.id == row["id"])))
            .mappings()
            .one()
        )
        assert after == before
        assert provider.fetched() == [row["stripe_subscription_id"]]
        assert await emitted_events() == []
        (summary,) = logged(captured_logs, "finance.subscriptions.reconciled")
        assert (summary["examined"], summary["unknown_at_provider"], summary["changed"]) == (1, 1, 0)
