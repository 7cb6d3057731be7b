"""orders' store projection as the use cases read it (the consumers write it: pf_common's upserts)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from pf_orders.models import StoreProjection


@dataclass(frozen=True, slots=True)
class Store:
    """A projected store as read (a plain value: it outlives the read session)."""

    store_id: UUID
    type: str | None
    company_name: str | None
    dba_name: str | None
    phone: str | None
    logo_url: str | None
    state: str | None
    address: dict[str, Any] | None
    kyc_status: str
    subscription_active: bool


async def get_stores(session: AsyncSession, ids: Iterable[UUID]) -> dict[UUID, Store]:
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return {}
    rows = await session.execute(sa.select(StoreProjection).where(col(StoreProjection.store_id).in_(wanted)))
    return {
        row.store_id: Store(
            row.store_id,
            row.type,
            row.company_name,
            row.dba_name,
            row.phone,
            row.logo_url,
            row.state,
            row.address,
            row.kyc_status,
            row.subscription_active,
        )
        for row in rows.scalars()
    }


def display_name(store: Store | None) -> str:
    """A store's display name: the DBA name when it has one, else the company name."""
    if store is None:
        return ""
    return store.dba_name or store.company_name or ""


def contact_snapshot(store: Store | None) -> dict[str, Any]:
    """StoreContactSnapshot (pf_common.events.common) of a store as the projection has it now."""
    if store is None:
        return {"company_name": "", "address": None}
    return {
        "company_name": store.company_name or "",
        "dba_name": store.dba_name,
        "phone": store.phone,
        "address": store.address,
        "logo_url": store.logo_url,
    }
