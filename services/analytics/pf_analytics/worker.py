"""The analytics worker: outbox relay, consumers and scheduled jobs, with one ``AnalyticsContext``.

``python -m pf_analytics.worker [run | job <name> | jobs | dlq list | dlq replay ...]``
"""

import sys

from pf_analytics.context import AnalyticsContext
from pf_analytics.settings import Settings
from pf_common.consumer import Consumer
from pf_common.scheduler import Job
from pf_common.worker import main

CONTEXT = AnalyticsContext
CONSUMERS: list[Consumer] = []
JOBS: list[Job] = []

if __name__ == "__main__":
    sys.exit(main(Settings, CONSUMERS, JOBS, context=CONTEXT))
