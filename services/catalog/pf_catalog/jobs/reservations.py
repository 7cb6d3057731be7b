"""``sweep_reservations`` (every 60 s): holds past their 30 minutes whose order line never appeared.

The job asks orders over HTTP, so it runs with its own short transactions
(``transaction=False``; ``domain.reservations.sweep_expired``: claim → release → call → record):
no transaction, row lock or session is held while orders is asked. The orders client is built
once per process from the settings and kept in the scheduler's job extras (a test puts its
double there). ``python -m pf_catalog.worker job sweep_reservations`` runs it once.
"""

from __future__ import annotations

from pf_catalog.domain import reservations
from pf_common.scheduler import Job, JobContext


async def sweep_reservations(ctx: JobContext) -> dict[str, int]:
    stats = await reservations.sweep_expired(
        ctx.db,
        now=ctx.now,
        orders=reservations.orders_client(ctx.settings, ctx.extras),
        batch_size=ctx.settings.reservation_sweep_batch_size,
    )
    return stats.as_dict()


JOBS: list[Job] = [Job("sweep_reservations", sweep_reservations, interval_s=60, transaction=False)]
