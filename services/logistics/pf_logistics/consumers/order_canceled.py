"""``order_canceled`` (orders) ⇒ the dispatch order canceled (unless delivered) and its active
assignment ended; an order not seen yet gets a canceled tombstone, so its late
``order_ready_for_dispatch`` never enqueues it. Rules in ``domain.dispatch``.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from pf_common.consumer import Consumer
from pf_common.events.envelope import Envelope
from pf_common.events.orders import OrderCanceledV1
from pf_logistics.domain import dispatch


async def drop_canceled_order(session: AsyncSession, event: OrderCanceledV1, _envelope: Envelope) -> None:
    await dispatch.cancel_order(session, event, now=datetime.now(UTC))


CONSUMERS: list[Consumer] = [Consumer(handler=drop_canceled_order, event=OrderCanceledV1)]
