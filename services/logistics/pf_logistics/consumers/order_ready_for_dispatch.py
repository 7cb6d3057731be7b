"""``order_ready_for_dispatch`` (orders) ⇒ the dispatch order in the queue and a random active
agent assigned (``order_assigned``); no active agent ⇒ it waits for the ``assign_waiting_orders``
job. A replay changes nothing; a canceled order (its cancel came first) is never enqueued. Rules
in ``domain.dispatch``.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from pf_common.consumer import Consumer
from pf_common.events.envelope import Envelope
from pf_common.events.orders import OrderReadyForDispatchV1
from pf_logistics.domain import dispatch


async def enqueue_and_assign(
    session: AsyncSession, event: OrderReadyForDispatchV1, _envelope: Envelope
) -> None:
    await dispatch.enqueue_order(session, event, now=datetime.now(UTC))


CONSUMERS: list[Consumer] = [Consumer(handler=enqueue_and_assign, event=OrderReadyForDispatchV1)]
