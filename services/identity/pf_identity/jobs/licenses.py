"""The daily license schedule (DOMAIN §5.1, §6): warn at 14 days, expire, purge after 30 days.

Leader-elected by the worker's scheduler (advisory lock), or run once by a CronJob:
``python -m pf_identity.worker job license_schedule``. Re-running it the same day does nothing.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from pf_common.scheduler import Job, JobContext
from pf_identity.domain import licenses


async def license_schedule(session: AsyncSession, ctx: JobContext) -> dict[str, int]:
    result = await licenses.run_schedule(session, now=ctx.now)
    return {"warned": result.warned, "expired": result.expired, "purged": result.purged}


JOBS = [Job("license_schedule", license_schedule, cron="5 0 * * *")]
