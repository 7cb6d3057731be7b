"""``order_delivered`` (logistics) ⇒ the intent's ``delivered_at`` (payout eligibility) and order
status delivered. Before ``order_created``: a placeholder when the payload names both stores, else
a retry. Rules in ``domain.intents``.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from pf_common.consumer import Consumer
from pf_common.events.envelope import Envelope
from pf_common.events.logistics import OrderDeliveredV1
from pf_finance.domain import intents


async def record_delivery(session: AsyncSession, event: OrderDeliveredV1, envelope: Envelope) -> None:
    await intents.apply_delivery(session, event, occurred_at=envelope.occurred_at)


CONSUMERS: list[Consumer] = [Consumer(handler=record_delivery, event=OrderDeliveredV1)]
