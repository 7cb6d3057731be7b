"""``reconcile_ledger`` (daily, 06:30 UTC): runs the ledger reconciliation
(``domain/reconciliation.py``) and reports drift. Drift ⇒ a warning
``finance.reconciliation.drift`` with the counts (in total and per rule) and the platform's totals
in cents — never an order's or a store's figures — and the gauge
``pf_finance_ledger_drifting_orders`` set to the count; clean ⇒ ``finance.reconciliation.clean``
at info and the gauge at 0. Read-only, so re-runs are harmless.
``python -m pf_finance.worker job reconcile_ledger [--now …]`` runs it once."""

from __future__ import annotations

from prometheus_client import Gauge
from sqlalchemy.ext.asyncio import AsyncSession

from pf_common.logging import get_logger
from pf_common.scheduler import Job, JobContext
from pf_finance.context import FinanceContext
from pf_finance.domain import reconciliation

log = get_logger(__name__)

DRIFTING_ORDERS = Gauge(
    "pf_finance_ledger_drifting_orders",
    "Orders whose payment intent, ledger rows and order projection disagree (last reconciliation)",
)


async def reconcile_ledger(session: AsyncSession, ctx: JobContext[FinanceContext]) -> dict[str, int]:
    report = await reconciliation.reconcile(session, now=ctx.now)
    DRIFTING_ORDERS.set(report.drift_count)
    totals = report.totals
    figures = {
        "vendors": len(report.vendors),
        "collected_cents": totals.collected_cents,
        "paid_out_cents": totals.paid_out_cents,
        "held_cents": totals.held_cents,
    }
    if report.clean:
        log.info("finance.reconciliation.clean", **figures)
    else:
        log.warning(
            "finance.reconciliation.drift",
            drifting_orders=report.drift_count,
            by_reason=report.drift_by_reason,
            **figures,
        )
    return {"drifting_orders": report.drift_count, **figures}


JOBS: list[Job] = [Job("reconcile_ledger", reconcile_ledger, cron="30 6 * * *")]
