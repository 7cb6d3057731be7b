"""``payment_rejected`` (finance, ACH: future) ⇒ payment rejected and, as for ``payment_failed``,
an ``in_transit`` or ``delivered`` order on hold (EVENTS.md §6). Rules in ``domain.fulfilment``.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from pf_common.consumer import Consumer
from pf_common.events.envelope import Envelope
from pf_common.events.finance import PaymentRejectedV1
from pf_orders.domain import fulfilment


async def hold_rejected_payment(session: AsyncSession, event: PaymentRejectedV1, envelope: Envelope) -> None:
    await fulfilment.apply_payment_failure(session, event, occurred_at=envelope.occurred_at)


CONSUMERS: list[Consumer] = [Consumer(handler=hold_rejected_payment, event=PaymentRejectedV1)]
