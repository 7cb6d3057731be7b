"""``order_delivered`` (logistics) ⇒ in_transit (or ready_for_dispatch, when the pickup has not
arrived yet) → delivered, shipping delivered, ``delivered_at``, the assignment's ``delivery_time``.
Never backwards; a late delivery of a canceled order is a warning and one audit row. Rules in
``domain.fulfilment``.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from pf_common.consumer import Consumer
from pf_common.events.envelope import Envelope
from pf_common.events.logistics import OrderDeliveredV1
from pf_orders.domain import fulfilment


async def record_delivery(session: AsyncSession, event: OrderDeliveredV1, envelope: Envelope) -> None:
    await fulfilment.apply_delivery(session, event, event_id=envelope.event_id)


CONSUMERS: list[Consumer] = [Consumer(handler=record_delivery, event=OrderDeliveredV1)]
