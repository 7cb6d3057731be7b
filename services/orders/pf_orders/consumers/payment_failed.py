"""``payment_failed`` (finance: cash amount mismatch) ⇒ payment failed and an ``in_transit`` or
``delivered`` order on hold (G-7); other statuses get the payment fields only. Rules in
``domain.fulfilment``.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from pf_common.consumer import Consumer
from pf_common.events.envelope import Envelope
from pf_common.events.finance import PaymentFailedV1
from pf_orders.domain import fulfilment


async def hold_failed_payment(session: AsyncSession, event: PaymentFailedV1, envelope: Envelope) -> None:
    await fulfilment.apply_payment_failure(session, event, occurred_at=envelope.occurred_at)


CONSUMERS: list[Consumer] = [Consumer(handler=hold_failed_payment, event=PaymentFailedV1)]
