"""Line items as other services ask about them (API.md §4)."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from pf_orders.models import OrderLineItem


async def existing_line_item_ids(session: AsyncSession, ids: Sequence[UUID]) -> list[UUID]:
    """The asked ids that orders committed, whatever the line's status (one index lookup per id)."""
    if not ids:
        return []
    rows = await session.execute(sa.select(col(OrderLineItem.id)).where(col(OrderLineItem.id).in_(list(ids))))
    return list(rows.scalars())
