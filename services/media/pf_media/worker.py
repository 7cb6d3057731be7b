"""The media worker: outbox relay, consumers and scheduled jobs, with one ``MediaContext``.

``python -m pf_media.worker [run | job <name> | jobs | dlq list | dlq replay ...]``
"""

import sys

from pf_common.worker import main
from pf_media.consumers import CONSUMERS
from pf_media.context import MediaContext
from pf_media.jobs import JOBS
from pf_media.settings import Settings

CONTEXT = MediaContext

__all__ = ["CONSUMERS", "CONTEXT", "JOBS"]

if __name__ == "__main__":
    sys.exit(main(Settings, CONSUMERS, JOBS, context=CONTEXT))
