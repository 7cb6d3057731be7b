"""Queries used by several identity modules (HOUSE_STYLE §2: a shared query lives here)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from pf_identity.models import License, Store, StoreMembership, User


async def member_role(session: AsyncSession, store_id: UUID, user_id: UUID) -> str | None:
    return (
        await session.execute(
            sa.select(col(StoreMembership.role)).where(
                col(StoreMembership.store_id) == store_id, col(StoreMembership.user_id) == user_id
            )
        )
    ).scalar_one_or_none()


async def stores_of(
    session: AsyncSession, user_id: UUID, *, statuses: tuple[str, ...] = ("active",)
) -> list[Store]:
    """The user's stores by membership age (oldest first: the default store of a login)."""
    rows = await session.execute(
        sa.select(Store)
        .join(StoreMembership, col(StoreMembership.store_id) == Store.id)
        .where(col(StoreMembership.user_id) == user_id, col(StoreMembership.status).in_(statuses))
        .order_by(col(StoreMembership.created_at), col(StoreMembership.id))
    )
    return list(rows.scalars().all())


async def user_by_email(session: AsyncSession, email: str) -> User | None:
    return (
        await session.execute(sa.select(User).where(col(User.email) == email.lower()))
    ).scalar_one_or_none()


@dataclass(frozen=True)
class StoreView:
    """A store with what its DTO shows of the owner and its licenses.

    Two statements, whatever the number of licenses: store ⟕ owner ⟕ owner's role, then
    every license of the store (``store_licenses``).
    """

    store: Store
    owner: User | None
    owner_role: str | None
    licenses: tuple[License, ...] = ()


def store_view_select() -> sa.Select[Store, User, str]:
    owner_membership = sa.and_(
        col(StoreMembership.store_id) == Store.id, col(StoreMembership.user_id) == Store.owner_user_id
    )
    return (
        sa.select(Store, User, col(StoreMembership.role))
        .outerjoin(User, col(User.id) == Store.owner_user_id)
        .outerjoin(StoreMembership, owner_membership)
    )


async def store_licenses(session: AsyncSession, store_id: UUID) -> list[License]:
    """Every license of a store, newest first (``created_at DESC, id DESC``), in one query."""
    rows = await session.scalars(
        sa.select(License)
        .where(col(License.store_id) == store_id)
        .order_by(col(License.created_at).desc(), col(License.id).desc())
    )
    return list(rows.all())


async def store_view(session: AsyncSession, stmt: sa.Select[Store, User, str]) -> StoreView | None:
    """Run a ``store_view_select()`` narrowed to one store, then load its licenses."""
    row = (await session.execute(stmt)).one_or_none()
    if row is None:
        return None
    store, owner, owner_role = row[0], row[1], row[2]
    return StoreView(store, owner, owner_role, tuple(await store_licenses(session, store.id)))
