"""The finance worker: outbox relay, consumers and scheduled jobs, with one ``FinanceContext``.

``python -m pf_finance.worker [run | job <name> | jobs | dlq list | dlq replay ...]``
"""

import sys

from pf_common.consumer import Consumer
from pf_common.scheduler import Job
from pf_common.worker import main
from pf_finance.consumers import (
    ad_spend,
    billing_customers,
    order_canceled,
    order_created,
    order_delivered,
    order_expired,
    order_totals_changed,
    provider_events,
    stores,
)
from pf_finance.context import FinanceContext
from pf_finance.jobs import bill_usage, reconcile_ledger, reconcile_subscriptions
from pf_finance.settings import Settings

CONTEXT = FinanceContext
CONSUMERS: list[Consumer] = [
    *order_created.CONSUMERS,
    *order_totals_changed.CONSUMERS,
    *order_delivered.CONSUMERS,
    *order_canceled.CONSUMERS,
    *order_expired.CONSUMERS,
    *stores.CONSUMERS,
    *billing_customers.CONSUMERS,
    *provider_events.CONSUMERS,
    *ad_spend.CONSUMERS,
]
JOBS: list[Job] = [*reconcile_ledger.JOBS, *reconcile_subscriptions.JOBS, *bill_usage.JOBS]

if __name__ == "__main__":
    sys.exit(main(Settings, CONSUMERS, JOBS, context=CONTEXT))
