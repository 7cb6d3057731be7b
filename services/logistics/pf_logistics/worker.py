"""The logistics worker: outbox relay, consumers and scheduled jobs, with one ``LogisticsContext``.

``python -m pf_logistics.worker [run | job <name> | jobs | dlq list | dlq replay ...]``
"""

import sys

from pf_common.consumer import Consumer
from pf_common.scheduler import Job
from pf_common.worker import main
from pf_logistics.consumers import agent_upserted, order_canceled, order_ready_for_dispatch, stores
from pf_logistics.context import LogisticsContext
from pf_logistics.jobs import agents
from pf_logistics.settings import Settings

CONTEXT = LogisticsContext
CONSUMERS: list[Consumer] = [
    *stores.CONSUMERS,
    *agent_upserted.CONSUMERS,
    *order_ready_for_dispatch.CONSUMERS,
    *order_canceled.CONSUMERS,
]
JOBS: list[Job] = [*agents.JOBS]

if __name__ == "__main__":
    sys.exit(main(Settings, CONSUMERS, JOBS, context=CONTEXT))
