"""The orders worker: outbox relay, consumers and scheduled jobs, with one ``OrdersContext``.

``python -m pf_orders.worker [run | job <name> | jobs | dlq list | dlq replay ...]``
"""

import sys

from pf_common.consumer import Consumer
from pf_common.scheduler import Job
from pf_common.worker import main
from pf_orders.context import OrdersContext
from pf_orders.settings import Settings

CONTEXT = OrdersContext
CONSUMERS: list[Consumer] = []
JOBS: list[Job] = []

if __name__ == "__main__":
    sys.exit(main(Settings, CONSUMERS, JOBS, context=CONTEXT))
