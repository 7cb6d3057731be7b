"""``order_paid`` (finance: payout confirmed) ⇒ delivered → closed, payment paid, the intent's
``vendor_paid_at``, one audit row. Rules in ``domain.fulfilment``.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from pf_common.consumer import Consumer
from pf_common.events.envelope import Envelope
from pf_common.events.finance import OrderPaidV1
from pf_orders.domain import fulfilment


async def close_paid_order(session: AsyncSession, event: OrderPaidV1, envelope: Envelope) -> None:
    await fulfilment.apply_payout(session, event, occurred_at=envelope.occurred_at)


CONSUMERS: list[Consumer] = [Consumer(handler=close_paid_order, event=OrderPaidV1)]
