"""``sweep_reservations`` (every 60 s): holds past their 30 minutes whose order line never appeared.

The job asks orders over HTTP, so it runs with its own short transactions
(``transaction=False``; ``domain.reservations.sweep_expired``: claim → release → call → record):
no transaction, row lock or session is held while orders is asked. The orders client is the
worker's (``CatalogContext.orders``, built once per process with catalog's service tokens; a
test builds the context with its double). ``python -m pf_catalog.worker job sweep_reservations``
runs it once.
"""

from __future__ import annotations

from typing import Final

from pf_catalog.context import CatalogContext
from pf_catalog.domain import reservations
from pf_common.scheduler import Job, JobContext


async def sweep_reservations(ctx: JobContext[CatalogContext]) -> dict[str, int]:
    catalog = ctx.context
    stats = await reservations.sweep_expired(
        ctx.db,
        now=ctx.now,
        orders=catalog.orders,
        batch_size=catalog.settings.reservation_sweep_batch_size,
    )
    return stats.as_dict()


SWEEP_INTERVAL_S: Final = 60  # so an expired hold is looked at within a minute

JOBS: list[Job] = [
    Job("sweep_reservations", sweep_reservations, interval_s=SWEEP_INTERVAL_S, transaction=False)
]
