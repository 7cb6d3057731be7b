"""The seed-only subscription emitter of make up (pf_finance.demo_subscriptions)."""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from pf_common.events.envelope import Envelope
from pf_common.ids import uuid7
from pf_common.migrations import upgrade
from pf_common.platform_tables import platform_tables_for
from pf_common.testing.plugin import service_dir
from pf_finance.demo_subscriptions import main, seed_only_emit_subscription_active, seed_subscription_id

NOW = datetime(2026, 11, 28, 4, 0, tzinfo=UTC)
OUTBOX = platform_tables_for("finance").outbox


async def test_emits_an_active_subscription_once_per_store(db_session, emitted_events):
    store_id, other_id = uuid7(), uuid7()

    first = await seed_only_emit_subscription_active(db_session, store_id, now=NOW)
    second = await seed_only_emit_subscription_active(db_session, store_id, now=NOW + timedelta(hours=1))
    other = await seed_only_emit_subscription_active(db_session, other_id, now=NOW)

    assert (first, second, other) == (True, False, True)
    events = await emitted_events("subscription_status_changed")
    assert [(e.aggregate_type, e.aggregate_id, e.store_id) for e in events] == [
        ("store", store_id, store_id),
        ("store", other_id, other_id),
    ]
    assert events[0].producer == "finance" and events[0].event_version == 1
    assert events[0].occurred_at == NOW
    assert events[0].payload == {
        "store_id": str(store_id),
        "subscription_id": str(seed_subscription_id(store_id)),
        "previous_status": None,
        "status": "active",
        "subscription_active": True,
        "current_period_end": "2026-12-28T04:00:00Z",
        "cancel_at_period_end": False,
        "changed_at": "2026-11-28T04:00:00Z",
    }


def test_the_synthetic_subscription_id_is_derived_from_the_store():
    store_id = uuid.UUID("0193a0b2-0000-7000-8000-000000000001")
    assert seed_subscription_id(store_id) == seed_subscription_id(uuid.UUID(str(store_id)))
    assert seed_subscription_id(store_id) != seed_subscription_id(uuid7())


def _rows(url: str) -> list[Envelope]:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        payloads = conn.execute(OUTBOX.select().with_only_columns(OUTBOX.c.payload)).scalars().all()
    engine.dispose()
    return [Envelope.model_validate(p) for p in payloads]


def test_the_command_emits_for_each_store_and_a_rerun_emits_nothing(fresh_database, settings_factory, capsys):
    url = fresh_database(f"demo_subscriptions_{os.getpid()}")
    upgrade(service_dir("finance"), url)
    settings = settings_factory(database_url=url)
    stores = [str(uuid7()), str(uuid7())]

    assert main(stores, settings=settings) == 0
    assert main(stores, settings=settings) == 0

    rows = _rows(url)
    assert sorted(str(e.aggregate_id) for e in rows) == sorted(stores)
    assert {e.event_type for e in rows} == {"subscription_status_changed"}
    out = capsys.readouterr().out.splitlines()
    assert [line.endswith("emitted") for line in out] == [True, True, False, False]


def test_the_command_refuses_production_and_bad_ids(settings_factory, capsys):
    assert main([str(uuid7())], settings=settings_factory(environment="prod")) == 2
    assert "refusing" in capsys.readouterr().err
    assert main(["not-a-uuid"], settings=settings_factory()) == 2
    assert main([], settings=settings_factory()) == 2


async def test_refusing_production_writes_nothing(settings_factory, db_session, emitted_events):
    assert main([str(uuid7())], settings=settings_factory(environment="prod")) == 2
    assert await emitted_events("subscription_status_changed") == []
