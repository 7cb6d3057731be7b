"""``billing_provider_event_received`` (finance's own, staged by the Stripe webhook with the inbox
row) ⇒ apply the stored provider event once: subscription state, charges, or ignored. In the
consumer's transaction, no network: the event carries everything. Rules in
``domain.provider_events``.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from pf_common.consumer import Consumer
from pf_common.events.envelope import Envelope
from pf_common.events.finance import BillingProviderEventReceivedV1
from pf_finance.domain import provider_events


async def apply_provider_event(
    session: AsyncSession, event: BillingProviderEventReceivedV1, envelope: Envelope
) -> None:
    await provider_events.apply_provider_event(session, event.provider_event_row_id)


CONSUMERS: list[Consumer] = [Consumer(handler=apply_provider_event, event=BillingProviderEventReceivedV1)]
