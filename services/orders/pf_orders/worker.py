"""The orders worker: outbox relay, consumers and scheduled jobs, with one ``OrdersContext``.

``python -m pf_orders.worker [run | job <name> | jobs | dlq list | dlq replay ...]``
"""

import sys

from pf_common.consumer import Consumer
from pf_common.scheduler import Job
from pf_common.worker import main
from pf_orders.consumers import (
    cash_collected,
    order_assigned,
    order_delivered,
    order_paid,
    order_picked_up,
    payment_failed,
    payment_rejected,
    stores,
)
from pf_orders.context import OrdersContext
from pf_orders.jobs import order_ttl
from pf_orders.settings import Settings

CONTEXT = OrdersContext
CONSUMERS: list[Consumer] = [
    *stores.CONSUMERS,
    *order_assigned.CONSUMERS,
    *order_picked_up.CONSUMERS,
    *order_delivered.CONSUMERS,
    *cash_collected.CONSUMERS,
    *payment_failed.CONSUMERS,
    *payment_rejected.CONSUMERS,
    *order_paid.CONSUMERS,
]
JOBS: list[Job] = [*order_ttl.JOBS]

if __name__ == "__main__":
    sys.exit(main(Settings, CONSUMERS, JOBS, context=CONTEXT))
