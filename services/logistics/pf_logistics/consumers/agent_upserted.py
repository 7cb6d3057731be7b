"""``agent_upserted`` (identity) ⇒ the agent projection, guarded by ``source_version`` (the
envelope's ``occurred_at``: an older or equal event changes nothing). Inactive agents are no longer
auto-assigned; their current assignments stay. Rules in ``domain.dispatch``.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from pf_common.consumer import Consumer
from pf_common.events.envelope import Envelope
from pf_common.events.identity import AgentUpsertedV1
from pf_logistics.domain import dispatch


async def project_agent(session: AsyncSession, event: AgentUpsertedV1, envelope: Envelope) -> None:
    await dispatch.record_agent(session, event, occurred_at=envelope.occurred_at, now=datetime.now(UTC))


CONSUMERS: list[Consumer] = [Consumer(handler=project_agent, event=AgentUpsertedV1)]
