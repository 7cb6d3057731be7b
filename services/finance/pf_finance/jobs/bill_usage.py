"""``bill_usage`` (every 5 minutes): bill the pending usage charges that are due
(``domain/usage_billing.py``): retries after a processing error or an unreachable provider, and
any usage charge whose first bill never ran (a worker that stopped between recording and billing).

The job calls the billing provider, so it runs with its own short transactions
(``transaction=False``: claim → charge → record, no connection held during a call) under the
scheduler's leader lock; the per-row claim keeps it from charging a row the ``ad_spend``
consumer is billing at the same moment. Logs ``finance.usage.billing_run`` with the counts when
it did anything. ``python -m pf_finance.worker job bill_usage`` runs it once.
"""

from __future__ import annotations

from typing import Final

from pf_common.scheduler import Job, JobContext
from pf_finance.context import FinanceContext
from pf_finance.domain import usage_billing

INTERVAL_S: Final = 300


async def bill_usage(ctx: JobContext[FinanceContext]) -> dict[str, int]:
    finance = ctx.context
    return await usage_billing.bill_due_usage_charges(
        ctx.db,
        finance.billing,
        now=ctx.now,
        rules=usage_billing.BillingRules(
            max_attempts=finance.settings.usage_charge_max_attempts,
            retry_base_s=finance.settings.usage_charge_retry_base_s,
        ),
    )


JOBS: list[Job] = [Job("bill_usage", bill_usage, interval_s=INTERVAL_S, transaction=False)]
