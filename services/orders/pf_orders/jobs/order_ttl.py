"""``order_ttl`` (daily, 00:10 UTC; DOMAIN §6 orders row 1): orders the vendor never answered get
one nudge at created_at + 5 d and expire at + 10 d (``domain.vendor_orders.run_ttl``: short
transactions, re-runnable). ``python -m pf_orders.worker job order_ttl [--now …]`` runs it once."""

from __future__ import annotations

from pf_common.scheduler import Job, JobContext
from pf_orders.context import OrdersContext
from pf_orders.domain import vendor_orders


async def order_ttl(ctx: JobContext[OrdersContext]) -> dict[str, int]:
    return (await vendor_orders.run_ttl(ctx.db, now=ctx.now)).as_dict()


JOBS: list[Job] = [Job("order_ttl", order_ttl, cron="10 0 * * *", transaction=False)]
