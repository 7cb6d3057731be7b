"""Row locks of identity (HOUSE_STYLE §3.6): ``SELECT … FOR UPDATE``, parents before children."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from pf_common.tenancy import StoreScoped, scoped
from pf_identity.models import MediaProjection, Store


async def lock_store(session: AsyncSession, store_id: UUID) -> Store | None:
    """Lock one store row; membership changes of a store take it first, so they run one at a time."""
    stmt = sa.select(Store).where(col(Store.id) == store_id).with_for_update()
    return (await session.execute(stmt)).scalar_one_or_none()


# A media projection row is locked FOR UPDATE by the media event consumers
# (``pf_common.media_projection.lock_media``). Lock order: a media row before the stores that
# reference it, there and in the profile update (which holds its media rows ``FOR SHARE``
# before locking the store), so a ``media_deleted`` and a profile update attaching the same
# media serialise without deadlock.


async def lock_stores_using_media(session: AsyncSession, media_id: UUID) -> list[Store]:
    """Lock the stores whose logo or banner is ``media_id``, in primary-key order."""
    stmt = (
        sa.select(Store)
        .where(sa.or_(col(Store.logo_media_id) == media_id, col(Store.banner_media_id) == media_id))
        .order_by(col(Store.id))
        .with_for_update()
    )
    return list((await session.execute(stmt)).scalars().all())


async def share_store_media(
    session: AsyncSession, principal: StoreScoped, media_ids: Iterable[UUID]
) -> dict[UUID, MediaProjection]:
    """The caller's store's media rows among ``media_ids``, held ``FOR SHARE`` (a row another store
    owns is simply absent). Taken before the store row (see the lock order above)."""
    stmt = (
        sa.select(MediaProjection)
        .where(col(MediaProjection.media_id).in_(sorted(set(media_ids))))
        .order_by(col(MediaProjection.media_id))
        .with_for_update(read=True)
    )
    rows = (await session.execute(scoped(stmt, MediaProjection, principal))).scalars().all()
    return {row.media_id: row for row in rows}
