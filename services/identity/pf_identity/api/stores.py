"""Store profile routes (API.md §3.1): the caller's store (read, update) and any store by id."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends
from pydantic import Field, StringConstraints, field_validator

from pf_common.auth import MANAGE, READ, Principal, require_store
from pf_common.db import ReadSession, WriteSession
from pf_identity.api.schemas import Email, Name, Phone, Social, StoreDTO, Strict, Text
from pf_identity.api.views import store_dto
from pf_identity.domain import stores

router = APIRouter(tags=["stores"])

Reader = Annotated[Principal, Depends(require_store(roles=READ))]
Manager = Annotated[Principal, Depends(require_store(roles=MANAGE))]

Category = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]


class StoreUpdateIn(Strict):
    """PUT /stores/me: every field optional; a field sent as null clears it (company_name excepted).

    ``logo_media_id``/``banner_media_id`` name media of the caller's store (kind store/other,
    uploaded/ready; else 404, checked against identity's media projection).
    Address, type and KYC are not writable: like any unknown field they are a 400.
    """

    company_name: Name | None = None
    description: Text | None = None
    phone: Phone | None = None
    email: Email | None = None
    social: Social | None = None
    categories: Annotated[list[Category], Field(max_length=50)] | None = None
    logo_media_id: UUID | None = None
    banner_media_id: UUID | None = None

    @field_validator("company_name")
    @classmethod
    def _company_name_not_null(cls, v: str | None) -> str:
        if v is None:
            raise ValueError("must not be null")
        return v

    def changes(self) -> dict[str, Any]:
        """The fields the client sent (``social`` whole, so one PUT replaces all its links)."""
        sent = self.model_dump(exclude_unset=True)
        if self.social is not None:
            sent["social"] = self.social.model_dump()
        return sent


@router.get("/api/v1/stores/me")
async def get_my_store(session: ReadSession, principal: Reader) -> dict[str, StoreDTO]:
    return {"data": store_dto(await stores.get_my_store(session, principal))}


@router.put("/api/v1/stores/me")
async def update_my_store(
    body: StoreUpdateIn, session: WriteSession, principal: Manager
) -> dict[str, StoreDTO]:
    store = await stores.update_my_store(session, principal, body.changes(), now=datetime.now(UTC))
    return {"data": store_dto(await stores.view_of(session, store))}


@router.get("/api/v1/stores/{store_id}")
async def get_store(store_id: UUID, session: ReadSession, _principal: Reader) -> dict[str, StoreDTO]:
    return {"data": store_dto(await stores.get_store_by_id(session, store_id))}
