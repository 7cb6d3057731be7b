"""Reservation transitions driven by orders' and logistics' events (EVENTS.md §6, DOMAIN §5.3).

* ``order_created`` ⇒ confirm the reservations of its ``pending`` lines (id = line item id);
* ``inventory_release_requested`` ⇒ release its lines still held or confirmed;
* ``order_canceled`` / ``order_expired`` ⇒ release every held or confirmed reservation of the order;
* ``order_delivered`` ⇒ consume the order's confirmed reservations.

Each handler runs with its inbox row in one transaction, and every transition is guarded by
the reservation's state, so a redelivery or an event arriving out of order changes nothing
it should not (a confirm after a release finds nothing held).
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from pf_catalog.domain import reservations
from pf_common.consumer import Consumer
from pf_common.events.common import LineItemStatus
from pf_common.events.envelope import Envelope
from pf_common.events.logistics import OrderDeliveredV1
from pf_common.events.orders import (
    InventoryReleaseRequestedV1,
    OrderCanceledV1,
    OrderCreatedV1,
    OrderExpiredV1,
)


async def confirm_reservations(session: AsyncSession, event: OrderCreatedV1, _envelope: Envelope) -> None:
    pending = [item.line_item_id for item in event.items if item.status == LineItemStatus.PENDING]
    await reservations.confirm(session, pending, order_id=event.order_id)


async def release_requested_reservations(
    session: AsyncSession, event: InventoryReleaseRequestedV1, _envelope: Envelope
) -> None:
    await reservations.release(
        session, [line.reservation_id for line in event.lines], order_id=event.order_id
    )


async def release_canceled_order(session: AsyncSession, event: OrderCanceledV1, _envelope: Envelope) -> None:
    await reservations.release_order(session, event.order_id)


async def release_expired_order(session: AsyncSession, event: OrderExpiredV1, _envelope: Envelope) -> None:
    await reservations.release_order(session, event.order_id)


async def consume_reservations(session: AsyncSession, event: OrderDeliveredV1, _envelope: Envelope) -> None:
    await reservations.consume_order(session, event.order_id)


CONSUMERS: list[Consumer] = [
    Consumer(handler=confirm_reservations, event=OrderCreatedV1),
    Consumer(handler=release_requested_reservations, event=InventoryReleaseRequestedV1),
    Consumer(handler=release_canceled_order, event=OrderCanceledV1),
    Consumer(handler=release_expired_order, event=OrderExpiredV1),
    Consumer(handler=consume_reservations, event=OrderDeliveredV1),
]
