"""``subscription_status_changed`` (finance): mirror ``stores.subscription_active``."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from pf_common.events.envelope import Envelope
from pf_common.events.finance import SubscriptionStatusChangedV1
from pf_identity.domain import subscriptions


async def mirror_subscription_status(
    session: AsyncSession, event: SubscriptionStatusChangedV1, _envelope: Envelope
) -> None:
    await subscriptions.mirror(session, event)
