"""The ads worker: outbox relay, consumers and scheduled jobs, with one ``AdsContext``.

``python -m pf_ads.worker [run | job <name> | jobs | dlq list | dlq replay ...]``
"""

import sys

from pf_ads.context import AdsContext
from pf_ads.settings import Settings
from pf_common.consumer import Consumer
from pf_common.scheduler import Job
from pf_common.worker import main

CONTEXT = AdsContext
CONSUMERS: list[Consumer] = []
JOBS: list[Job] = []

if __name__ == "__main__":
    sys.exit(main(Settings, CONSUMERS, JOBS, context=CONTEXT))
