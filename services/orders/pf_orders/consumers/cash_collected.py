"""``cash_collected`` (finance) ⇒ payment settled, ``balance_due_cents`` 0, the intent projected
(``order_payments``), one audit row. orders emits nothing (EVENTS.md §6). Rules in
``domain.fulfilment``.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from pf_common.consumer import Consumer
from pf_common.events.envelope import Envelope
from pf_common.events.finance import CashCollectedV1
from pf_orders.domain import fulfilment


async def settle_payment(session: AsyncSession, event: CashCollectedV1, envelope: Envelope) -> None:
    await fulfilment.apply_cash_collected(session, event, occurred_at=envelope.occurred_at)


CONSUMERS: list[Consumer] = [Consumer(handler=settle_payment, event=CashCollectedV1)]
