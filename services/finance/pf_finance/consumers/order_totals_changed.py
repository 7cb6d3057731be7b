"""``order_totals_changed`` (orders) ⇒ an unpaid/pending intent follows the newer total (0 for a
rejected, canceled or expired order); before ``order_created``, a placeholder. Rules in
``domain.intents``.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from pf_common.consumer import Consumer
from pf_common.events.envelope import Envelope
from pf_common.events.orders import OrderTotalsChangedV1
from pf_finance.domain import intents


async def follow_order_totals(session: AsyncSession, event: OrderTotalsChangedV1, envelope: Envelope) -> None:
    await intents.apply_totals_changed(session, event, occurred_at=envelope.occurred_at)


CONSUMERS: list[Consumer] = [Consumer(handler=follow_order_totals, event=OrderTotalsChangedV1)]
