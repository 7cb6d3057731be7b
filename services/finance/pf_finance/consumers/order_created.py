"""``order_created`` (orders) ⇒ the order's payment intent: unpaid for cash, pending for ach,
amount = total (0 when rejected at checkout); a placeholder left by an earlier event is filled in.
Rules in ``domain.intents``.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from pf_common.consumer import Consumer
from pf_common.events.envelope import Envelope
from pf_common.events.orders import OrderCreatedV1
from pf_finance.domain import intents


async def open_payment_intent(session: AsyncSession, event: OrderCreatedV1, envelope: Envelope) -> None:
    await intents.apply_order_created(session, event, occurred_at=envelope.occurred_at)


CONSUMERS: list[Consumer] = [Consumer(handler=open_payment_intent, event=OrderCreatedV1)]
