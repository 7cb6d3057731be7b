"""``order_assigned`` (logistics) ⇒ the order's ``active_assignment``; shipping pending → dispatched.

A reassignment replaces the view only when newer (``assigned_at``); rules in ``domain.fulfilment``.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from pf_common.consumer import Consumer
from pf_common.events.envelope import Envelope
from pf_common.events.logistics import OrderAssignedV1
from pf_orders.domain import fulfilment


async def record_assignment(session: AsyncSession, event: OrderAssignedV1, _envelope: Envelope) -> None:
    await fulfilment.apply_assignment(session, event)


CONSUMERS: list[Consumer] = [Consumer(handler=record_assignment, event=OrderAssignedV1)]
