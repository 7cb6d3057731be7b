"""Store media routes (API.md §3.2): presign (Idempotency-Key, 24 h), list, delete."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import Depends, Query, Response
from pydantic import BaseModel, Field, StringConstraints
from pydantic.json_schema import JsonSchemaValue

from pf_common.db_http import LeanWrite, ReadSession, WriteSession
from pf_common.events.common import MediaKind, MediaStatus
from pf_common.guards import require_store
from pf_common.idempotency import Idempotent
from pf_common.openapi import errors
from pf_common.pagination import PaginationDTO
from pf_common.pagination_http import PageQuery
from pf_common.principal import READ, STAFF, Principal
from pf_common.routing import APIRouter
from pf_common.schemas import Strict
from pf_media.api.deps import Ctx
from pf_media.context import MediaContext
from pf_media.domain import library
from pf_media.domain.rules import ALLOWED_MIME, MAX_SIZE_BYTES
from pf_media.models import Media

router = APIRouter(tags=["media"])

_staff_guard = require_store(roles=STAFF)
Staff = Annotated[Principal, Depends(_staff_guard)]
Reader = Annotated[Principal, Depends(require_store(roles=READ))]


# every MIME type some kind allows (a Literal type built at run time: for mypy it is not a type)
MimeType = Literal[tuple(sorted(set().union(*ALLOWED_MIME.values())))]  # type: ignore[valid-type]


class PresignIn(Strict):
    """``mime_type`` is one of the kind's MIME types, exactly (DOMAIN §5.2); a file name with
    nothing usable left once its path and control characters are gone becomes ``upload.<ext>``.

    The schema is one branch per kind (``oneOf``; each a whole body: its ``media_kind`` const and
    that kind's MIME types), so a request the schema accepts is one the server accepts and a
    generated client gets one typed body per kind (issue #19)."""

    media_kind: MediaKind
    mime_type: MimeType  # type: ignore[valid-type]
    file_name: Annotated[str, StringConstraints(min_length=1, max_length=255)]
    size_bytes: int = Field(ge=1, le=MAX_SIZE_BYTES)

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: Any) -> JsonSchemaValue:
        schema: JsonSchemaValue = super().__get_pydantic_json_schema__(core_schema, handler)
        target = handler.resolve_ref_schema(schema)
        whole = {k: target.pop(k) for k in ("type", "properties", "required", "additionalProperties")}
        target["oneOf"] = [
            {
                **whole,
                "title": f"{kind.value.replace('_', ' ')} upload",
                "properties": {
                    **whole["properties"],
                    "media_kind": {"type": "string", "const": kind.value},
                    "mime_type": {"type": "string", "enum": sorted(mimes)},
                },
            }
            for kind, mimes in ALLOWED_MIME.items()
        ]
        return schema


class PresignOut(BaseModel):
    media_id: UUID
    gcs_key: str
    signed_put_url: str
    content_type: str
    headers: dict[str, str]  # send these with the PUT (Content-Type at least)
    expires_at: datetime


class MediaDTO(BaseModel):
    id: UUID
    kind: str
    status: str
    file_name: str
    mime_type: str
    size_bytes: int
    created_at: datetime
    uploaded_at: datetime | None = None
    public_url: str | None = None
    signed_url: str | None = None  # only uploaded/ready
    # derived objects once ready: display.webp, thumb.webp, poster.jpg, video.mp4, ocr.txt
    derivatives: dict[str, str] = Field(default_factory=dict)
    ocr_available: bool = False
    failure_reason: str | None = None


class MediaPage(BaseModel):
    items: list[MediaDTO]
    pagination: PaginationDTO


async def media_dto(ctx: MediaContext, media: Media) -> MediaDTO:
    blobs, expiry = ctx.blobs, ctx.settings.download_url_expiry_s
    url = await library.read_url(blobs, media, expires_s=expiry)
    return MediaDTO(
        id=media.id,
        kind=media.kind,
        status=media.status,
        file_name=media.file_name,
        mime_type=media.mime_type,
        size_bytes=media.size_bytes,
        created_at=media.created_at,
        uploaded_at=media.uploaded_at,
        public_url=media.public_url,
        signed_url=url,
        derivatives=await library.derivative_urls(blobs, media, expires_s=expiry),
        ocr_available=bool(media.ocr),
        failure_reason=media.failure_reason,
    )


@router.post(
    "/api/v1/media/presign",
    dependencies=[Depends(_staff_guard), Idempotent(hours=24)],
    responses=errors(
        400, notes={400: "the MIME type is not allowed for the kind, or a bad file name or size (`details`)"}
    ),
)
async def presign(body: PresignIn, ctx: Ctx, source: LeanWrite, principal: Staff) -> dict[str, PresignOut]:
    result = await library.presign(
        source,
        principal,
        kind=body.media_kind,
        mime_type=body.mime_type,
        file_name=body.file_name,
        size_bytes=body.size_bytes,
        blobs=ctx.blobs,
        upload_expiry_s=ctx.settings.upload_url_expiry_s,
    )
    up = result.upload
    out = PresignOut(
        media_id=result.media_id,
        gcs_key=result.gcs_key,
        signed_put_url=up.url,
        content_type=result.mime_type,
        headers=up.headers,
        expires_at=up.expires_at,
    )
    return {"data": out}


@router.get("/api/v1/media")
async def list_media(
    ctx: Ctx,
    session: ReadSession,
    principal: Reader,
    page: PageQuery,
    kind: MediaKind | None = None,
    status: MediaStatus | None = None,
    mime_type: Annotated[str | None, Query(max_length=100)] = None,
    search: Annotated[str | None, Query(max_length=200)] = None,
) -> dict[str, MediaPage]:
    filters = library.MediaFilter(kind=kind, status=status, mime_type=mime_type, search=search or None)
    result = await library.list_media(session, principal, filters, page)
    items = [await media_dto(ctx, m) for m in result.items]
    return {"data": MediaPage(items=items, pagination=PaginationDTO.of(result.pagination))}


@router.delete(
    "/api/v1/media/{media_id}",
    status_code=204,
    response_class=Response,
    responses=errors(
        403,
        404,
        409,
        notes={
            403: "the media belongs to another store",
            404: "unknown media",
            409: "the media is not uploaded or ready, or is attached to protected records (listed)",
        },
    ),
)
async def delete_media(media_id: UUID, session: WriteSession, principal: Staff) -> Response:
    await library.request_delete(session, principal, media_id, now=datetime.now(UTC))
    return Response(status_code=204)
