"""``order_expired`` (orders) ⇒ amount 0 while the intent is unpaid/pending, order status expired.
Rules in ``domain.intents``.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from pf_common.consumer import Consumer
from pf_common.events.envelope import Envelope
from pf_common.events.orders import OrderExpiredV1
from pf_finance.domain import intents


async def zero_expired_order(session: AsyncSession, event: OrderExpiredV1, envelope: Envelope) -> None:
    await intents.apply_order_expired(session, event, occurred_at=envelope.occurred_at)


CONSUMERS: list[Consumer] = [Consumer(handler=zero_expired_order, event=OrderExpiredV1)]
