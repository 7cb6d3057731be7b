"""Small async factories for identity's tests: keyword defaults, one row each (HOUSE_STYLE §6)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from argon2 import PasswordHasher
from sqlalchemy.ext.asyncio import AsyncSession

from pf_common.ids import uuid7
from pf_identity.models import MediaProjection, Store, StoreMembership, User

# Cheap parameters for fixtures only; the service's own hasher (settings) verifies them.
_FAST = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
DEFAULT_PASSWORD = "Correct-Horse-42"

OK_ADDRESS: dict[str, Any] = {
    "line1": "100 N Broadway Ave",
    "city": "Oklahoma City",
    "state": "OK",
    "postal_code": "73102",
    "country": "US",
    "lat": 35.4676,
    "lng": -97.5164,
}
STORED_ADDRESS: dict[str, Any] = {**OK_ADDRESS, "line2": None, "geohash": None}  # as events spell it


async def make_user(
    session: AsyncSession,
    *,
    email: str | None = None,
    password: str = DEFAULT_PASSWORD,
    first_name: str = "Dana",
    last_name: str = "Reyes",
    system_role: str | None = None,
    is_active: bool = True,
) -> User:
    user = User(
        id=uuid7(),
        email=(email or f"user-{uuid.uuid4().hex[:10]}@example.com").lower(),
        password_hash=_FAST.hash(password),
        first_name=first_name,
        last_name=last_name,
        system_role=system_role,
        is_active=is_active,
    )
    session.add(user)
    await session.flush()
    return user


async def make_store(
    session: AsyncSession,
    *,
    owner: User | None = None,
    type: str = "buyer",
    company_name: str = "Green Leaf Dispensary",
    kyc_status: str = "pending_verification",
    address: dict[str, Any] | None = None,
    **fields: Any,
) -> Store:
    owner = owner or await make_user(session)
    store = Store(
        id=uuid7(),
        type=type,
        company_name=company_name,
        kyc_status=kyc_status,
        address=address or OK_ADDRESS,
        owner_user_id=owner.id,
        **fields,
    )
    session.add(store)
    await session.flush()
    await make_membership(session, store=store, user=owner, role="owner")
    return store


async def make_membership(
    session: AsyncSession, *, store: Store, user: User, role: str = "staff", status: str = "active"
) -> StoreMembership:
    m = StoreMembership(id=uuid7(), store_id=store.id, user_id=user.id, role=role, status=status)
    session.add(m)
    await session.flush()
    return m


async def make_media(
    session: AsyncSession,
    *,
    store_id: uuid.UUID,
    kind: str = "store",
    status: str = "uploaded",
    mime_type: str = "image/png",
    public_url: str | None = "default",
    source_version: datetime | None = None,
) -> MediaProjection:
    """A media projection row (as media's events would have left it)."""
    media_id = uuid7()
    key = f"{store_id}/{kind}/{media_id}.png"
    row = MediaProjection(
        media_id=media_id,
        store_id=store_id,
        kind=kind,
        status=status,
        mime_type=mime_type,
        gcs_key=key,
        public_url=f"https://cdn.example/{key}" if public_url == "default" else public_url,
        source_version=source_version or datetime.now(UTC),
    )
    session.add(row)
    await session.flush()
    return row
