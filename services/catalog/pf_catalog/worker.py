"""The catalog worker: outbox relay, consumers and scheduled jobs, with one ``CatalogContext``.

``python -m pf_catalog.worker [run | job <name> | jobs | dlq list | dlq replay ...]``
"""

import sys

from pf_catalog.consumers.media_projection import CONSUMERS as MEDIA_CONSUMERS
from pf_catalog.consumers.reservations import CONSUMERS as RESERVATION_CONSUMERS
from pf_catalog.consumers.stores import CONSUMERS as STORE_CONSUMERS
from pf_catalog.context import CatalogContext
from pf_catalog.jobs.reservations import JOBS as RESERVATION_JOBS
from pf_catalog.settings import Settings
from pf_common.consumer import Consumer
from pf_common.scheduler import Job
from pf_common.worker import main

CONTEXT = CatalogContext
CONSUMERS: list[Consumer] = [*STORE_CONSUMERS, *RESERVATION_CONSUMERS, *MEDIA_CONSUMERS]
JOBS: list[Job] = [*RESERVATION_JOBS]

if __name__ == "__main__":
    sys.exit(main(Settings, CONSUMERS, JOBS, context=CONTEXT))
