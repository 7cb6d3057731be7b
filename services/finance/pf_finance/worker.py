"""The finance worker: outbox relay, consumers and scheduled jobs, with one ``FinanceContext``.

``python -m pf_finance.worker [run | job <name> | jobs | dlq list | dlq replay ...]``
"""

import sys

from pf_common.consumer import Consumer
from pf_common.scheduler import Job
from pf_common.worker import main
from pf_finance.context import FinanceContext
from pf_finance.settings import Settings

CONTEXT = FinanceContext
CONSUMERS: list[Consumer] = []
JOBS: list[Job] = []

if __name__ == "__main__":
    sys.exit(main(Settings, CONSUMERS, JOBS, context=CONTEXT))
