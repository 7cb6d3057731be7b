"""The catalog worker: outbox relay, consumers and scheduled jobs.

``python -m pf_catalog.worker [run | job <name> | jobs | dlq list | dlq replay ...]``
"""

import sys

from pf_catalog.settings import Settings
from pf_common.consumer import Consumer
from pf_common.scheduler import Job
from pf_common.worker import main

CONSUMERS: list[Consumer] = []
JOBS: list[Job] = []

if __name__ == "__main__":
    sys.exit(main(Settings, CONSUMERS, JOBS))
