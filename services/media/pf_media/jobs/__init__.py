"""Media's scheduled jobs (DOMAIN §6, NFR retention); each also runs once via ``worker job <name>``.

``delete_requested_media`` deletes objects, so it runs with its own short transactions
(``transaction=False``; ``lifecycle.delete_due``: claim → release → call → record).
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from pf_common.scheduler import Job, JobContext
from pf_media.context import MediaContext
from pf_media.domain import lifecycle


async def delete_requested_media(ctx: JobContext[MediaContext]) -> int:
    media = ctx.context
    return await lifecycle.delete_due(
        ctx.db, blobs=media.blobs, now=ctx.now, grace_s=media.settings.delete_grace_s
    )


async def cleanup_pending_media(session: AsyncSession, ctx: JobContext[MediaContext]) -> int:
    return await lifecycle.cleanup_pending(
        session, now=ctx.now, older_than_days=ctx.context.settings.pending_retention_days
    )


JOBS: list[Job] = [
    Job("delete_requested_media", delete_requested_media, interval_s=60, transaction=False),
    Job("cleanup_pending_media", cleanup_pending_media, cron="41 3 * * *"),
]
