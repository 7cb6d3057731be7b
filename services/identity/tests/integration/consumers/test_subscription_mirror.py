"""identity mirrors ``subscription_active`` from finance's subscription_status_changed."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from identity_factories import make_store

from pf_common.errors import PoisonMessage
from pf_common.events.finance import SubscriptionStatusChangedV1
from pf_identity.consumers.subscriptions import mirror_subscription_status
from pf_identity.models import Store

T0 = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def changed(
    store_id, *, active: bool, at: datetime, status: str | None = None
) -> SubscriptionStatusChangedV1:
    return SubscriptionStatusChangedV1(
        store_id=store_id,
        subscription_id=uuid.uuid4(),
        status=status or ("active" if active else "canceled"),
        subscription_active=active,
        current_period_end=at + timedelta(days=30),
        cancel_at_period_end=False,
        changed_at=at,
    )


async def active(db_session, store_id) -> bool:
    return (await db_session.get(Store, store_id, populate_existing=True)).subscription_active


async def test_the_mirror_follows_finance_once_per_event(db_session, deliver):
    store = await make_store(db_session, type="vendor")
    outcomes = await deliver(changed(store.id, active=True, at=T0))
    assert "applied" in outcomes and "duplicate" in outcomes
    assert await active(db_session, store.id) is True
    await deliver(changed(store.id, active=False, at=T0 + timedelta(days=1)))
    assert await active(db_session, store.id) is False


async def test_an_older_event_arriving_late_changes_nothing(db_session, deliver):
    store = await make_store(db_session, type="vendor")
    await deliver(changed(store.id, active=False, at=T0 + timedelta(hours=2)))
    await deliver(changed(store.id, active=True, at=T0 + timedelta(hours=1)))  # late, older
    assert await active(db_session, store.id) is False


async def test_an_unknown_store_is_poison(db_session):
    event = changed(uuid.uuid4(), active=True, at=T0)
    with pytest.raises(PoisonMessage):
        await mirror_subscription_status(db_session, event, event.to_envelope(event_id=uuid.uuid4()))
