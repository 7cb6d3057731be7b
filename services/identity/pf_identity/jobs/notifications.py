"""``cleanup_notifications`` (daily, DOMAIN §6 order 2, §7): delete notifications older than the
retention period (30 days) and the sent or dead emails of that age. Re-running it is harmless.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from pf_common.logging import get_logger
from pf_common.scheduler import Job, JobContext
from pf_identity.context import IdentityContext
from pf_identity.domain import emails, notifications

log = get_logger(__name__)


async def cleanup_notifications(session: AsyncSession, ctx: JobContext[IdentityContext]) -> dict[str, int]:
    days = ctx.context.settings.notification_retention_days
    deleted = {
        "notifications": await notifications.delete_old_notifications(
            session, now=ctx.now, retention_days=days
        ),
        "email_deliveries": await emails.delete_old_deliveries(session, now=ctx.now, retention_days=days),
    }
    log.info("identity.notifications.cleaned", retention_days=days, **deleted)
    return deleted


# after the license schedule (00:05), before the platform purges (03:17, 03:27)
JOBS = [Job("cleanup_notifications", cleanup_notifications, cron="47 2 * * *")]
