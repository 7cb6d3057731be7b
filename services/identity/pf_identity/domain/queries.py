"""Queries used by several identity modules (HOUSE_STYLE §2: a shared query lives here)."""

from __future__ import annotations

from collections import namedtuple
from dataclasses import dataclass
from typing import Final, cast
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from pf_common.db import table_of
from pf_common.lean import Source, Statement, read_together
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

    Read by :func:`store_view` in two statements, whatever the number of licenses: store ⟕ owner
    ⟕ owner's role, then every license of the store. The rows are the lean path's
    (``pf_common.lean``): named tuples with the columns' names and values, read as the models
    they carry the columns of (every column of ``stores`` and ``store_licenses``; the owner's
    ``id``, names, e-mail and last login) — never mapped instances.
    """

    store: Store
    owner: User | None
    owner_role: str | None
    licenses: tuple[License, ...] = ()


_OWNER_COLUMNS: Final = ("id", "first_name", "last_name", "email", "last_login_at")
_Owner = namedtuple("_Owner", _OWNER_COLUMNS)  # type: ignore[misc]

_STORE_VIEW: Final = Statement(
    sa.select(
        *table_of(Store).columns,
        *(table_of(User).c[name].label(f"owner_{name}") for name in _OWNER_COLUMNS),
        col(StoreMembership.role).label("owner_role"),
    )
    .outerjoin(User, col(User.id) == Store.owner_user_id)
    .outerjoin(
        StoreMembership,
        sa.and_(
            col(StoreMembership.store_id) == Store.id, col(StoreMembership.user_id) == Store.owner_user_id
        ),
    )
    .where(col(Store.id) == sa.bindparam("store_id")),
    name="StoreRow",
)
_STORE_COLUMN_COUNT: Final = len(table_of(Store).columns)

_STORE_LICENSES: Final = Statement(
    sa.select(*table_of(License).columns)
    .where(col(License.store_id) == sa.bindparam("store_id"))
    .order_by(col(License.created_at).desc(), col(License.id).desc()),
    name="LicenseRow",
)


async def store_licenses(source: Source, store_id: UUID) -> list[License]:
    """Every license of a store, newest first (``created_at DESC, id DESC``), in one query."""
    return cast("list[License]", await _STORE_LICENSES.all(source, store_id=store_id))


async def store_view(source: Source, store_id: UUID) -> StoreView | None:
    """Store ``store_id`` with its owner, the owner's role and its licenses (None: no such store).

    ``source`` is the lean pool (a read: two statements in one round trip, each its own snapshot)
    or the open transaction of a write (the view after an update)."""
    rows, licenses = await read_together(
        source, _STORE_VIEW.bind(store_id=store_id), _STORE_LICENSES.bind(store_id=store_id)
    )
    if not rows:
        return None
    (row,) = rows
    store = row[:_STORE_COLUMN_COUNT]
    owner_id = row.owner_id
    owner = None if owner_id is None else _Owner._make(row[_STORE_COLUMN_COUNT : _STORE_COLUMN_COUNT + 5])
    return StoreView(
        cast("Store", _StoreRow._make(store)), cast("User | None", owner), row.owner_role, tuple(licenses)
    )


_StoreRow = namedtuple("_StoreRow", [c.key for c in table_of(Store).columns])  # type: ignore[misc]
