"""Store profile routes (API.md §3.1): the caller's store (read, update) and any store by id."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import Depends
from pydantic import Field, StringConstraints

from pf_common.db_http import LeanRead, WriteSession
from pf_common.guards import require_store
from pf_common.openapi import errors
from pf_common.principal import MANAGE, READ, Principal
from pf_common.routing import APIRouter
from pf_identity.api.schemas import Email, Name, Phone, Social, StoreDTO, Strict, Text
from pf_identity.api.views import store_dto
from pf_identity.domain import stores

router = APIRouter(tags=["stores"])

Reader = Annotated[Principal, Depends(require_store(roles=READ))]
Manager = Annotated[Principal, Depends(require_store(roles=MANAGE))]

Category = Annotated[str, StringConstraints(min_length=1, max_length=64)]


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

    not_nullable = ("company_name",)

    def changes(self) -> dict[str, Any]:
        """The fields the client sent (``social`` whole, so one PUT replaces all its links)."""
        sent = self.model_dump(exclude_unset=True)
        if self.social is not None:
            sent["social"] = self.social.model_dump()
        return sent


@router.get("/api/v1/stores/me", responses=errors(404, notes={404: "the active store no longer exists"}))
async def get_my_store(source: LeanRead, principal: Reader) -> dict[str, StoreDTO]:
    """The caller's active store, every field included (READ; 403 without an active store).

    ``licenses`` lists every license of the store, newest first, with its facts only (number,
    type, issuing state, status, expiration date): the documents and their signed URLs are
    served by ``GET /api/v1/licenses``, so this read makes no call to media.
    """
    return {"data": store_dto(await stores.get_my_store(source, principal), viewer=principal)}


@router.put(
    "/api/v1/stores/me",
    responses=errors(
        400,
        404,
        notes={
            400: "an invalid or unknown field (address, type and KYC are not writable)",
            404: "a logo or banner media that is not the store's, not of kind store/other or not "
            "uploaded/ready; or the store no longer exists",
        },
    ),
)
async def update_my_store(
    body: StoreUpdateIn, session: WriteSession, principal: Manager
) -> dict[str, StoreDTO]:
    store = await stores.update_my_store(session, principal, body.changes(), now=datetime.now(UTC))
    return {"data": store_dto(await stores.view_of(session, store), viewer=principal)}


@router.get("/api/v1/stores/{store_id}", responses=errors(404, notes={404: "unknown store"}))
async def get_store(store_id: UUID, source: LeanRead, principal: Reader) -> dict[str, StoreDTO]:
    """Any store's profile by id (READ, any store; 404 unknown store, 400 malformed id).

    A reader whose active store is this store gets every field, as on ``/stores/me`` (so
    would a system admin, ``views.sees_private_fields``, but this route needs an active
    store: an admin token is a 403). Any other reader, a member of this store acting for
    another store included, gets the business profile: the same fields and licenses
    (number, type, issuing state, status, expiration date; never a document, media id or
    signed URL), with the owner's personal e-mail and the activity timestamps
    (``owner_detail.email``, ``owner_detail.last_active_at``, ``last_active_at``,
    ``last_logged_in_at``) present and null.
    """
    view = await stores.get_store_by_id(source, store_id)
    return {"data": store_dto(view, viewer=principal)}
