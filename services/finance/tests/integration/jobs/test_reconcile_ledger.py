"""``reconcile_ledger`` (daily, morning UTC): drift ⇒ a warning ``finance.reconciliation.drift``
with the counts and the gauge ``pf_finance_ledger_drifting_orders`` at the count; clean ⇒ an info
line and the gauge back at 0. It writes nothing."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from croniter import croniter
from prometheus_client import REGISTRY

from pf_common.ids import uuid7
from pf_finance.models import LedgerEvent, PaymentIntent
from pf_finance.worker import JOBS

INTENTS = PaymentIntent.__table__
LEDGER = LedgerEvent.__table__
NOW = datetime(2026, 3, 3, 6, 30, tzinfo=UTC)
GAUGE = "pf_finance_ledger_drifting_orders"


async def settled(db_session, *, amount_cents: int, cash_row: bool) -> dict:
    row = {
        "id": uuid7(),
        "order_id": uuid7(),
        "buyer_store_id": uuid7(),
        "vendor_store_id": uuid7(),
        "method": "cash",
        "status": "settled",
        "amount_cents": amount_cents,
        "order_status": "delivered",
        "delivered_at": NOW,
        "order_seen": True,
    }
    await db_session.execute(sa.insert(INTENTS).values(**row))
    if cash_row:
        await db_session.execute(
            sa.insert(LEDGER).values(
                id=uuid7(),
                order_id=row["order_id"],
                buyer_store_id=row["buyer_store_id"],
                vendor_store_id=row["vendor_store_id"],
                actor_user_id=uuid7(),
                type="cash_collected",
                amount_cents=amount_cents,
            )
        )
    return row


def entries(logs, event: str) -> list[dict]:
    return [e for e in logs if e["event"] == event]


def test_the_job_runs_every_morning_utc():
    (job,) = [j for j in JOBS if j.name == "reconcile_ledger"]
    runs = croniter(job.cron, datetime(2026, 3, 3, tzinfo=UTC))
    first = runs.get_next(datetime)
    assert first.date() == datetime(2026, 3, 3).date()
    assert 5 <= first.hour < 9
    assert (runs.get_next(datetime) - first).total_seconds() == 86_400


async def test_drift_logs_a_warning_with_counts_and_sets_the_gauge(db_session, run_job, captured_logs):
    # given one clean settled order and two whose cash_collected row is missing
    await settled(db_session, amount_cents=1500, cash_row=True)
    await settled(db_session, amount_cents=700, cash_row=False)
    await settled(db_session, amount_cents=800, cash_row=False)
    ledger_before = (await db_session.execute(sa.select(sa.func.count()).select_from(LEDGER))).scalar_one()

    # when
    assert await run_job("reconcile_ledger", now=NOW) == "ran"

    # then
    (warning,) = entries(captured_logs, "finance.reconciliation.drift")
    assert warning["log_level"] == "warning"
    assert {
        k: warning[k] for k in ("drifting_orders", "by_reason", "vendors", "collected_cents", "held_cents")
    } == {
        "drifting_orders": 2,
        "by_reason": {"cash_row_missing": 2},
        "vendors": 1,
        "collected_cents": 1500,
        "held_cents": 1500,
    }
    assert entries(captured_logs, "finance.reconciliation.clean") == []
    assert REGISTRY.get_sample_value(GAUGE) == 2
    ledger_after = (await db_session.execute(sa.select(sa.func.count()).select_from(LEDGER))).scalar_one()
    assert ledger_after == ledger_before


async def test_a_clean_ledger_logs_info_and_resets_the_gauge(db_session, run_job, captured_logs):
    # given a gauge left at drift by an earlier run, and now only clean orders
    from pf_finance.jobs.reconcile_ledger import DRIFTING_ORDERS

    DRIFTING_ORDERS.set(5)
    await settled(db_session, amount_cents=1500, cash_row=True)

    # when
    assert await run_job("reconcile_ledger", now=NOW) == "ran"

    # then
    (info,) = entries(captured_logs, "finance.reconciliation.clean")
    assert info["log_level"] == "info"
    assert (info["collected_cents"], info["paid_out_cents"], info["held_cents"]) == (1500, 0, 1500)
    assert entries(captured_logs, "finance.reconciliation.drift") == []
    assert REGISTRY.get_sample_value(GAUGE) == 0
