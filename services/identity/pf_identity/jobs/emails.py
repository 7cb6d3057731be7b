"""``send_emails`` (every 10 s): deliver the emails staged with notifications.

Claim, send and record run in separate short transactions (``domain.emails``): no transaction
is held across the call to the email provider, nor by the runner (``transaction=False``: its
leader lock holds no transaction). ``python -m pf_identity.worker job send_emails`` runs it once.
The sender is the worker's (``IdentityContext.email``, built once per process).
"""

from __future__ import annotations

from pf_common.scheduler import Job, JobContext
from pf_identity.context import IdentityContext
from pf_identity.domain import emails


async def send_emails(ctx: JobContext[IdentityContext]) -> dict[str, int]:
    settings = ctx.context.settings
    stats = await emails.send_due_emails(
        ctx.db,
        ctx.context.email,
        now=ctx.now,
        max_attempts=settings.email_max_attempts,
        app_base_url=settings.app_base_url,
    )
    return stats.as_dict()


JOBS = [Job("send_emails", send_emails, interval_s=10, transaction=False)]
