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
from pf_common.lean import Source, Statement
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

    Read by :func:`store_view` in ONE statement, whatever the number of licenses: store ⟕ owner
    ⟕ owner's role ⟕ licenses, a row per license (one row with no license when it has none).
    The rows are the lean path's (``pf_common.lean``): named tuples with the columns' names and
    values, read as the models they carry the columns of (every column of ``stores`` and
    ``licenses``; the owner's ``id``, names, e-mail and last login) — never mapped instances.
    """

    store: Store
    owner: User | None
    owner_role: str | None
    licenses: tuple[License, ...] = ()


_OWNER_COLUMNS: Final = ("id", "first_name", "last_name", "email", "last_login_at")
_Owner = namedtuple("_Owner", _OWNER_COLUMNS)  # type: ignore[misc]
_STORE_KEYS: Final = tuple(c.key for c in table_of(Store).columns)
_LICENSE_KEYS: Final = tuple(c.key for c in table_of(License).columns)
_StoreRow = namedtuple("_StoreRow", _STORE_KEYS)  # type: ignore[misc]
_LicenseRow = namedtuple("_LicenseRow", _LICENSE_KEYS)  # type: ignore[misc]

# One statement, not one per table: on the lean pool a statement is one plain round trip, two
# are a pipeline, whose client-side cost in psycopg is about twice a plain statement's
# (``make bench`` breakdown). The store's columns repeat on each license's row: a store holds a
# handful of licenses (one per state it trades in).
_STORE_VIEW: Final = Statement(
    sa.select(
        *table_of(Store).columns,
        *(table_of(User).c[name].label(f"owner_{name}") for name in _OWNER_COLUMNS),
        col(StoreMembership.role).label("owner_role"),
        *(column.label(f"license_{column.key}") for column in table_of(License).columns),
    )
    .outerjoin(User, col(User.id) == Store.owner_user_id)
    .outerjoin(
        StoreMembership,
        sa.and_(
            col(StoreMembership.store_id) == Store.id, col(StoreMembership.user_id) == Store.owner_user_id
        ),
    )
    .outerjoin(License, col(License.store_id) == Store.id)
    .where(col(Store.id) == sa.bindparam("store_id"))
    .order_by(col(License.created_at).desc(), col(License.id).desc()),
    name="StoreViewRow",
)
_OWNER_AT: Final = len(_STORE_KEYS)
_ROLE_AT: Final = _OWNER_AT + len(_OWNER_COLUMNS)
_LICENSE_AT: Final = _ROLE_AT + 1

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
    """Store ``store_id`` with its owner, the owner's role and its licenses, newest first
    (None: no such store).

    ``source`` is the lean pool (a read: one statement, one snapshot) or the open transaction of
    a write (the view after an update)."""
    rows = await _STORE_VIEW.all(source, store_id=store_id)
    if not rows:
        return None
    first = rows[0]
    owner = None if first.owner_id is None else _Owner._make(first[_OWNER_AT:_ROLE_AT])
    licenses = tuple(
        cast("License", _LicenseRow._make(row[_LICENSE_AT:])) for row in rows if row.license_id is not None
    )
    return StoreView(
        cast("Store", _StoreRow._make(first[:_OWNER_AT])),
        cast("User | None", owner),
        first.owner_role,
        licenses,
    )
