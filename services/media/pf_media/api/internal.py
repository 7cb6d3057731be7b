"""Service-to-service reads (API.md §4): one media row for owner validation, signed reads in bulk.

Never routed by the gateway (it answers 404 for ``/internal/*``); both take a service token
(``pf_common.service_auth``) of the services that show or attach media: identity (licenses),
catalog (products, COAs) and ads (creatives).
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import Depends
from pydantic import BaseModel, Field

from pf_common.db_http import ReadSession
from pf_common.guards import require_service
from pf_common.openapi import errors
from pf_common.routing import APIRouter
from pf_common.schemas import Strict
from pf_common.service_auth import ServiceCaller
from pf_media.api.deps import Ctx
from pf_media.domain import library

router = APIRouter(tags=["internal"])

MediaOwner = Annotated[ServiceCaller, Depends(require_service("identity", "catalog", "ads"))]


class InternalMedia(BaseModel):
    id: UUID
    store_id: UUID
    kind: str
    status: str
    mime_type: str
    gcs_key: str
    public_url: str | None = None


class ReadUrlsIn(Strict):
    media_ids: Annotated[list[UUID], Field(max_length=100)]


class ReadUrlsOut(BaseModel):
    urls: dict[UUID, str]


@router.get("/internal/v1/media/{media_id}", responses=errors(404, notes={404: "unknown media"}))
async def get_media(_caller: MediaOwner, media_id: UUID, session: ReadSession) -> dict[str, InternalMedia]:
    m = await library.get_media(session, media_id)
    return {
        "data": InternalMedia(
            id=m.id,
            store_id=m.store_id,
            kind=m.kind,
            status=m.status,
            mime_type=m.mime_type,
            gcs_key=m.gcs_key,
            public_url=m.public_url,
        )
    }


@router.post("/internal/v1/media:read-urls")
async def read_urls(
    _caller: MediaOwner, body: ReadUrlsIn, ctx: Ctx, session: ReadSession
) -> dict[str, ReadUrlsOut]:
    urls = await library.read_urls(
        session, ctx.blobs, body.media_ids, expires_s=ctx.settings.download_url_expiry_s
    )
    return {"data": ReadUrlsOut(urls=urls)}
