"""Queries used by several identity modules (HOUSE_STYLE §2: a shared query lives here)."""

from __future__ import annotations

from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from pf_identity.models import Store, StoreMembership, User


async def member_role(session: AsyncSession, store_id: UUID, user_id: UUID) -> str | None:
    return (
        await session.execute(
            sa.select(StoreMembership.role).where(
                StoreMembership.store_id == store_id, StoreMembership.user_id == user_id
            )
        )
    ).scalar_one_or_none()


async def stores_of(
    session: AsyncSession, user_id: UUID, *, statuses: tuple[str, ...] = ("active",)
) -> list[Store]:
    """The user's stores by membership age (oldest first: the default store of a login)."""
    rows = await session.execute(
        sa.select(Store)
        .join(StoreMembership, StoreMembership.store_id == Store.id)
        .where(StoreMembership.user_id == user_id, StoreMembership.status.in_(statuses))
        .order_by(StoreMembership.created_at, StoreMembership.id)
    )
    return list(rows.scalars().all())


async def user_by_email(session: AsyncSession, email: str) -> User | None:
    return (await session.execute(sa.select(User).where(User.email == email.lower()))).scalar_one_or_none()
