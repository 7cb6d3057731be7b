"""Notification routes (API.md §3.1): a store's notices (list, mark read, mark all read) and the
admin console's notices (list). Store routes see only the store audience of the caller's store.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal
from uuid import UUID

from fastapi import Depends, Query
from pydantic import BaseModel

from pf_common.db_http import ReadSession, WriteSession
from pf_common.guards import require_admin, require_store
from pf_common.idempotency import Idempotent
from pf_common.openapi import errors
from pf_common.pagination import Page, PaginationDTO
from pf_common.pagination_http import PageQuery
from pf_common.principal import READ, Principal
from pf_common.routing import APIRouter
from pf_identity.domain import notifications
from pf_identity.models import Notification

router = APIRouter(tags=["notifications"])

# One guard object: listed first in ``dependencies`` it runs (403) before the idempotency
# claim, and FastAPI reuses its result for the ``principal`` parameter.
_reader_guard = require_store(roles=READ)
Reader = Annotated[Principal, Depends(_reader_guard)]
Admin = Annotated[Principal, Depends(require_admin)]
UnreadOnly = Annotated[bool, Query(alias="unreadOnly", description="only notifications not read yet")]


class NotificationDTO(BaseModel):
    id: UUID
    store_id: UUID
    audience: Literal["store", "admin"]
    type: str
    title: str
    message: str
    link: str | None = None
    read_at: datetime | None = None
    created_at: datetime


class NotificationPage(BaseModel):
    items: list[NotificationDTO]
    pagination: PaginationDTO


class ReadOut(BaseModel):
    read: bool


class ReadAllOut(BaseModel):
    updated: int


def notification_dto(n: Notification) -> NotificationDTO:
    return NotificationDTO.model_validate({c: getattr(n, c) for c in NotificationDTO.model_fields})


def _page(page: Page[Notification]) -> NotificationPage:
    return NotificationPage(
        items=[notification_dto(n) for n in page.items], pagination=PaginationDTO.of(page.pagination)
    )


@router.get("/api/v1/notifications")
async def list_notifications(
    session: ReadSession, principal: Reader, page: PageQuery, unread_only: UnreadOnly = False
) -> dict[str, NotificationPage]:
    result = await notifications.list_notifications(session, principal, page, unread_only=unread_only)
    return {"data": _page(result)}


@router.post("/api/v1/notifications/read-all", dependencies=[Depends(_reader_guard), Idempotent(hours=24)])
async def mark_all_read(session: WriteSession, principal: Reader) -> dict[str, ReadAllOut]:
    updated = await notifications.mark_all_read(session, principal, now=datetime.now(UTC))
    return {"data": ReadAllOut(updated=updated)}


@router.post(
    "/api/v1/notifications/{notification_id}/read",
    dependencies=[Depends(_reader_guard), Idempotent(hours=24)],
    responses=errors(404, notes={404: "unknown notification, or one of another store"}),
)
async def mark_read(notification_id: UUID, session: WriteSession, principal: Reader) -> dict[str, ReadOut]:
    await notifications.mark_read(session, principal, notification_id, now=datetime.now(UTC))
    return {"data": ReadOut(read=True)}


@router.get("/api/admin/v1/notifications")
async def list_admin_notifications(
    session: ReadSession, _admin: Admin, page: PageQuery, unread_only: UnreadOnly = False
) -> dict[str, NotificationPage]:
    result = await notifications.list_admin_notifications(session, page, unread_only=unread_only)
    return {"data": _page(result)}
