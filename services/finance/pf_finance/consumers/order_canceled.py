"""``order_canceled`` (orders) ⇒ amount 0 while the intent is unpaid/pending, order status
canceled. Rules in ``domain.intents``.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from pf_common.consumer import Consumer
from pf_common.events.envelope import Envelope
from pf_common.events.orders import OrderCanceledV1
from pf_finance.domain import intents


async def zero_canceled_order(session: AsyncSession, event: OrderCanceledV1, envelope: Envelope) -> None:
    await intents.apply_order_canceled(session, event, occurred_at=envelope.occurred_at)


CONSUMERS: list[Consumer] = [Consumer(handler=zero_canceled_order, event=OrderCanceledV1)]
