"""The agent pool's jobs (DOMAIN §5.5; rules in ``domain.dispatch``):

* ``bootstrap_agents`` (every 15 min, and at the worker's start): identity's active agents into
  the projection — unknown ones inserted, rows an ``agent_upserted`` versioned never touched,
  bootstrap-only rows identity no longer lists made inactive. It calls identity, so it opens its
  own short transaction after the call (``transaction=False``); identity unavailable ⇒ the run
  fails and the next slot tries again.
* ``assign_waiting_orders`` (every 60 s): orders waiting in the queue (no active agent when they
  arrived) get a random active agent, in short batches (``FOR UPDATE SKIP LOCKED``).

``python -m pf_logistics.worker job <name>`` runs one once.
"""

from __future__ import annotations

from pf_common.scheduler import Job, JobContext
from pf_logistics.context import LogisticsContext
from pf_logistics.domain import dispatch

BOOTSTRAP_INTERVAL_S = 15 * 60
ASSIGN_INTERVAL_S = 60


async def bootstrap_agents(ctx: JobContext[LogisticsContext]) -> dict[str, int]:
    stats = await dispatch.bootstrap_agents(ctx.db, ctx.context.identity, now=ctx.now)
    return stats.as_dict()


async def assign_waiting_orders(ctx: JobContext[LogisticsContext]) -> dict[str, int]:
    return (await dispatch.assign_waiting(ctx.db, now=ctx.now)).as_dict()


JOBS: list[Job] = [
    Job("bootstrap_agents", bootstrap_agents, interval_s=BOOTSTRAP_INTERVAL_S, transaction=False),
    Job("assign_waiting_orders", assign_waiting_orders, interval_s=ASSIGN_INTERVAL_S, transaction=False),
]
