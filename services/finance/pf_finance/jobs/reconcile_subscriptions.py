"""``reconcile_subscriptions`` (daily, 06:45 UTC): the provider's webhooks are the authority on
subscriptions, and this job repairs what a lost or failed webhook left behind
(``domain/subscriptions.py``: :func:`reconcile_subscriptions`). It re-fetches the subscriptions
updated in the last ``PF_FINANCE_RECONCILE_WINDOW_DAYS`` (7), at most
``PF_FINANCE_RECONCILE_BATCH`` (250) a run, least recently confirmed first, and applies what the
provider says (``subscription_status_changed`` when the gate flips). One info line
``finance.subscriptions.drift_repaired`` per change (store, from → to) and a summary
``finance.subscriptions.reconciled`` with the counts; the local provider knows nothing of its own
(every answer is None: counted, nothing changed).

Provider calls happen outside any transaction (``transaction=False``), under the scheduler's
leader lock; re-runs are harmless. ``python -m pf_finance.worker job reconcile_subscriptions``
runs it once.
"""

from __future__ import annotations

from pf_common.scheduler import Job, JobContext
from pf_finance.context import FinanceContext
from pf_finance.domain import subscriptions


async def reconcile_subscriptions(ctx: JobContext[FinanceContext]) -> dict[str, int]:
    finance = ctx.context
    stats = await subscriptions.reconcile_subscriptions(
        ctx.db,
        finance.billing,
        now=ctx.now,
        window_days=finance.settings.reconcile_window_days,
        batch=finance.settings.reconcile_batch,
    )
    return stats.as_dict()


JOBS: list[Job] = [
    Job("reconcile_subscriptions", reconcile_subscriptions, cron="45 6 * * *", transaction=False)
]
