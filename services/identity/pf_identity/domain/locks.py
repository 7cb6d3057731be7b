"""Row locks of identity (HOUSE_STYLE §3.6): ``SELECT … FOR UPDATE``, parents before children."""

from __future__ import annotations

from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from pf_identity.models import Store


async def lock_store(session: AsyncSession, store_id: UUID) -> Store | None:
    """Lock one store row; membership changes of a store take it first, so they run one at a time."""
    stmt = sa.select(Store).where(Store.id == store_id).with_for_update()
    return (await session.execute(stmt)).scalar_one_or_none()
