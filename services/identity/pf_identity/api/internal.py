"""Service-to-service reads (API.md §4): store bootstrap for projections, active agents.

Never routed by the gateway (it answers 404 for ``/internal/*``); each route takes a service
token (``pf_common.service_auth``) of the services it names:

* ``GET /internal/v1/stores/{id}`` — the services that keep a store projection (bootstrap);
* ``GET /internal/v1/agents`` — logistics (the auto-assign pool).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import Depends
from pydantic import BaseModel

from pf_common.db_http import LeanRead, ReadSession
from pf_common.guards import require_service
from pf_common.openapi import errors
from pf_common.routing import APIRouter
from pf_common.service_auth import ServiceCaller
from pf_identity.domain import agents, stores
from pf_identity.models import Store

router = APIRouter(tags=["internal"])

# every service that keeps a store projection may bootstrap it (DOMAIN §1)
ProjectionKeeper = Annotated[
    ServiceCaller, Depends(require_service("catalog", "orders", "logistics", "finance", "ads", "analytics"))
]
Logistics = Annotated[ServiceCaller, Depends(require_service("logistics"))]


class InternalStore(BaseModel):
    """The StoreDTO subset a projection needs (the fields of store_created/store_updated)."""

    id: UUID
    type: str
    company_name: str
    dba_name: str | None = None
    phone: str | None = None
    email: str | None = None
    kyc_status: str
    subscription_active: bool
    badge: str | None = None
    delivery_radius_meters: int
    address: dict[str, object]
    logo_media_id: UUID | None = None
    logo_url: str | None = None
    banner_media_id: UUID | None = None
    banner_url: str | None = None
    owner: UUID
    created_at: datetime
    updated_at: datetime


class InternalAgent(BaseModel):
    user_id: UUID
    first_name: str
    last_name: str
    phone: str | None = None


def _internal_store(store: Store) -> InternalStore:
    return InternalStore(
        id=store.id,
        type=store.type,
        company_name=store.company_name,
        dba_name=store.dba_name,
        phone=store.phone,
        email=store.email,
        kyc_status=store.kyc_status,
        subscription_active=store.subscription_active,
        badge=store.badge,
        delivery_radius_meters=store.delivery_radius_meters,
        address=store.address,
        logo_media_id=store.logo_media_id,
        logo_url=store.logo_url,
        banner_media_id=store.banner_media_id,
        banner_url=store.banner_url,
        owner=store.owner_user_id,
        created_at=store.created_at,
        updated_at=store.updated_at,
    )


@router.get("/internal/v1/stores/{store_id}", responses=errors(404, notes={404: "unknown store"}))
async def get_store(_caller: ProjectionKeeper, store_id: UUID, source: LeanRead) -> dict[str, InternalStore]:
    return {"data": _internal_store((await stores.get_store_by_id(source, store_id)).store)}


@router.get("/internal/v1/agents")
async def list_agents(
    _caller: Logistics, session: ReadSession, active: bool = True
) -> dict[str, list[InternalAgent]]:
    """Agents by ``is_active`` (``?active=true``, the default: the auto-assign pool)."""
    rows = await agents.list_agents(session, active=active)
    return {
        "data": [
            InternalAgent(user_id=u.id, first_name=u.first_name, last_name=u.last_name, phone=u.phone)
            for u in rows
        ]
    }
