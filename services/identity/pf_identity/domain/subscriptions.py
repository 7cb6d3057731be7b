"""identity's mirror of a store's ``subscription_active`` (EVENTS.md: finance owns the truth).

One guarded UPDATE per ``subscription_status_changed``: applied only when the event's
``changed_at`` is newer than the last one mirrored, so redeliveries and out-of-order arrivals
converge on finance's latest state. An event for a store identity does not know is bad data
(dead-lettered).
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from pf_common.errors import PoisonMessage
from pf_common.events.finance import SubscriptionStatusChangedV1
from pf_common.logging import get_logger
from pf_identity.models import Store

log = get_logger(__name__)


async def mirror(session: AsyncSession, event: SubscriptionStatusChangedV1) -> bool:
    """Returns whether the store changed (False for an older or repeated event)."""
    newer = sa.or_(
        col(Store.subscription_changed_at).is_(None), col(Store.subscription_changed_at) < event.changed_at
    )
    res = await session.execute(
        sa.update(Store)
        .where(col(Store.id) == event.store_id, newer)
        .values(subscription_active=event.subscription_active, subscription_changed_at=event.changed_at)
        .returning(col(Store.id))
    )
    if res.first() is not None:
        log.info(
            "identity.subscription.mirrored", store_id=str(event.store_id), active=event.subscription_active
        )
        return True
    if await session.scalar(sa.select(col(Store.id)).where(col(Store.id) == event.store_id)) is None:
        raise PoisonMessage(f"subscription of unknown store {event.store_id}")
    return False
