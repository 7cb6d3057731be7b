"""The one writer of subscription rows (``domain/subscription_state.apply_snapshot``): the store
resolved by the provider's subscription id or the metadata store id, stale facts refused by the
provider's time, one subscription per store, and ``subscription_status_changed`` exactly when
``subscription_active`` flips (with ``occurred_at = changed_at =`` the fact's time)."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from pf_common.ids import uuid7
from pf_finance.billing.provider import SubscriptionSnapshot
from pf_finance.domain.subscription_state import apply_snapshot, is_active, snapshot_of_row
from pf_finance.models import Subscription

SUBSCRIPTIONS = Subscription.__table__

T0 = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def snap(
    store_id: uuid.UUID | None, status: str = "active", sub: str = "sub_1", **kw
) -> SubscriptionSnapshot:
    values = {
        "subscription_id": sub,
        "customer_id": "cus_1",
        "status": status,
        "price_id": "price_1",
        "payment_method_id": "pm_1",
        "current_period_start": T0,
        "current_period_end": T0 + timedelta(days=30),
        "cancel_at_period_end": False,
        "store_id": str(store_id) if store_id else None,
        "metadata": {"store_id": str(store_id)} if store_id else {},
    }
    values.update(kw)
    return SubscriptionSnapshot(**values)


async def changes(emitted_events) -> list[tuple]:
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


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


@pytest.mark.parametrize(
    ("status", "active"),
    [
        ("trialing", True),
        ("active", True),
        ("past_due", True),
        ("paused", False),
        ("unpaid", False),
        ("incomplete", False),
        ("incomplete_expired", False),
        ("canceled", False),
        ("something_new", False),
    ],
)
def test_the_gate_is_trialing_active_or_past_due_only(status, active):
    assert is_active(status) is active


async def test_a_first_active_fact_creates_the_row_and_announces_it_once(db_session, emitted_events):
    store = uuid7()
    first = await apply_snapshot(db_session, snap(store), at=at(0), plan_id="standard", source="test")
    again = await apply_snapshot(db_session, snap(store), at=at(0), source="test")

    assert (first.outcome, first.flipped, again.outcome) == ("created", True, "unchanged")
    assert first.row["store_id"] == store and first.row["billing_plan_id"] == "standard"
    assert await changes(emitted_events) == [(None, "active", True, at(0), at(0))]
    (event,) = await emitted_events("subscription_status_changed")
    assert event.payload["subscription_id"] == str(first.row["id"])


async def test_only_flips_are_announced_and_carry_the_previous_status(db_session, emitted_events):
    store = uuid7()
    await apply_snapshot(db_session, snap(store, "incomplete"), at=at(0), source="test")  # inactive: silent
    await apply_snapshot(db_session, snap(store, "active"), at=at(1), source="test")
    await apply_snapshot(db_session, snap(store, "past_due"), at=at(2), source="test")  # still active
    await apply_snapshot(db_session, snap(store, "paused"), at=at(3), source="test")
    await apply_snapshot(db_session, snap(store, "active"), at=at(4), source="test")

    assert await changes(emitted_events) == [
        ("incomplete", "active", True, at(1), at(1)),
        ("past_due", "paused", False, at(3), at(3)),
        ("paused", "active", True, at(4), at(4)),
    ]


async def test_an_older_fact_never_moves_the_store_backwards(db_session, emitted_events):
    store = uuid7()
    await apply_snapshot(db_session, snap(store, "active"), at=at(0), source="test")
    await apply_snapshot(db_session, snap(store, "paused"), at=at(5), source="test")
    late = await apply_snapshot(db_session, snap(store, "active"), at=at(3), source="test")

    assert late.outcome == "stale"
    row = (await db_session.execute(sa.select(SUBSCRIPTIONS).where(SUBSCRIPTIONS.c.store_id == store))).one()
    assert (row.status, row.provider_event_at) == ("paused", at(5))
    assert [c[1] for c in await changes(emitted_events)] == ["active", "paused"]


async def test_the_store_comes_from_the_subscription_id_then_the_metadata(db_session):
    store = uuid7()
    await apply_snapshot(db_session, snap(store), at=at(0), source="test")
    # a later fact without metadata finds the row by the provider's subscription id
    later = await apply_snapshot(db_session, snap(None, "past_due"), at=at(1), source="test")
    unknown = await apply_snapshot(db_session, snap(None, sub="sub_unknown"), at=at(1), source="test")
    garbage = await apply_snapshot(
        db_session, snap(None, sub="sub_2", metadata={"store_id": "not-a-uuid"}), at=at(1), source="test"
    )

    assert (later.outcome, later.row["store_id"], later.row["status"]) == ("updated", store, "past_due")
    assert (unknown.outcome, unknown.row, garbage.outcome) == ("unknown_store", None, "unknown_store")
    assert await db_session.scalar(sa.select(sa.func.count()).select_from(SUBSCRIPTIONS)) == 1


async def test_a_new_subscription_replaces_an_inactive_one_never_an_active_one(db_session, emitted_events):
    store = uuid7()
    await apply_snapshot(db_session, snap(store, "incomplete", sub="sub_old"), at=at(0), source="test")
    new = await apply_snapshot(db_session, snap(store, "active", sub="sub_new"), at=at(1), source="test")
    # a late event of the old subscription (now expired) does not touch the active new one
    old = await apply_snapshot(
        db_session, snap(store, "incomplete_expired", sub="sub_old"), at=at(2), source="test"
    )

    assert (new.outcome, new.row["stripe_subscription_id"]) == ("updated", "sub_new")
    assert old.outcome == "other_subscription"
    row = (await db_session.execute(sa.select(SUBSCRIPTIONS).where(SUBSCRIPTIONS.c.store_id == store))).one()
    assert (row.stripe_subscription_id, row.status) == ("sub_new", "active")
    assert [c[:2] for c in await changes(emitted_events)] == [("incomplete", "active")]


async def test_pause_records_when_and_resume_clears_it(db_session):
    store = uuid7()
    await apply_snapshot(db_session, snap(store), at=at(0), source="test")
    paused = await apply_snapshot(db_session, snap(store, "paused"), at=at(1), source="test")
    resumed = await apply_snapshot(
        db_session, snap(store, "active", resume_effective_at=at(2)), at=at(2), source="test"
    )

    assert (paused.row["paused_at"], paused.row["pause_effective_at"]) == (at(1), at(1))
    assert (resumed.row["paused_at"], resumed.row["resume_effective_at"]) == (None, at(2))


async def test_an_unknown_provider_status_is_stored_and_inactive(db_session, emitted_events):
    store = uuid7()
    await apply_snapshot(db_session, snap(store), at=at(0), source="test")
    odd = await apply_snapshot(db_session, snap(store, "on_hold_by_bank"), at=at(1), source="test")

    assert odd.row["status"] == "on_hold_by_bank" and odd.flipped
    assert (await changes(emitted_events))[-1][:3] == ("active", "unpaid", False)


async def test_a_row_round_trips_through_its_snapshot(db_session):
    store = uuid7()
    applied = await apply_snapshot(
        db_session, snap(store, trial_end=at(60)), at=at(0), plan_id="standard", source="test"
    )
    back = snapshot_of_row(applied.row)
    assert replace(back, metadata={}) == replace(
        snap(store, trial_end=at(60)), plan_id="standard", metadata={}
    )
