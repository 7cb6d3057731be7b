"""``order_picked_up`` (logistics) ⇒ ready_for_dispatch → in_transit, shipping in_transit, the
assignment's ``pickup_time``. On an order that is not ready for dispatch (or past it), e.g.
canceled, nothing changes: a warning and one audit row. Rules in ``domain.fulfilment``.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from pf_common.consumer import Consumer
from pf_common.events.envelope import Envelope
from pf_common.events.logistics import OrderPickedUpV1
from pf_orders.domain import fulfilment


async def record_pickup(session: AsyncSession, event: OrderPickedUpV1, envelope: Envelope) -> None:
    await fulfilment.apply_pickup(session, event, event_id=envelope.event_id)


CONSUMERS: list[Consumer] = [Consumer(handler=record_pickup, event=OrderPickedUpV1)]
