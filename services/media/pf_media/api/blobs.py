"""The local blob store's HTTP face: signed PUT/GET and the public read (ARCHITECTURE §5 "blobs").

Served only when the app's blob store is the local adapter (on GCS, clients talk to GCS
and these paths are 404). No bearer auth: the HMAC signature is the credential, checked by
``LocalBlobStore.verify_upload``/``verify_read``; this module only maps outcomes to HTTP.

Failures (canonical envelope):

* ``PUT /api/v1/media/blobs/{key}``: expired or tampered signature ⇒ 403; Content-Type absent
  or not the signed one (parameters stripped, lower-cased) ⇒ 403, as GCS answers a header that
  does not match the signature; body larger than the signed size ⇒ 413 (before reading when
  Content-Length says so); smaller ⇒ 400; a key that cannot be a file here ⇒ 400; the store or
  its notification failing ⇒ 503.
* ``GET /api/v1/media/blobs/{key}``: expired or tampered ⇒ 403 (checked before existence);
  missing ⇒ 404.
* ``GET /api/v1/media/public/{key}``: not a public kind, invalid key or missing ⇒ 404.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import FileResponse, JSONResponse

from pf_common.errors import Conflict, DependencyError, Forbidden, NotFound, ValidationFailed
from pf_common.routing import APIRouter
from pf_media.api.deps import Ctx
from pf_media.clients.blobs.base import BlobError
from pf_media.clients.blobs.local import (
    InvalidBlobKey,
    LocalBlobStore,
    LocalFile,
    ObjectExists,
    SignatureError,
    SignatureExpired,
    UploadTooLarge,
    UploadTooSmall,
    attachment_disposition,
    normalize_content_type,
)
from pf_media.domain.rules import PUBLIC_KINDS

router = APIRouter(include_in_schema=False)

PUBLIC_MAX_AGE_S = 3600
# Served inline; anything else (never allowed by the presign rules, but the store does not
# know them) is forced to download so that it cannot run as a page of the API's origin.
_INLINE_TYPES = frozenset(
    {"image/png", "image/jpeg", "image/webp", "image/gif", "video/mp4", "video/webm", "application/pdf"}
)


class BodyTooLarge(ValidationFailed):
    status_code = 413


def _local_store(ctx: Ctx) -> LocalBlobStore:
    store = ctx.blobs
    if not isinstance(store, LocalBlobStore):
        raise NotFound()
    return store


def _refuse(exc: SignatureError) -> Forbidden:
    if isinstance(exc, SignatureExpired):
        return Forbidden("signed URL expired", reason="blob_url_expired")
    return Forbidden("invalid signature", reason="blob_url_invalid")


@router.put("/api/v1/media/blobs/{key:path}")
async def upload_blob(key: str, request: Request, ctx: Ctx) -> JSONResponse:
    store = _local_store(ctx)
    try:
        grant = store.verify_upload(key, request.query_params)
    except SignatureError as exc:
        raise _refuse(exc) from exc
    if normalize_content_type(request.headers.get("content-type")) != grant.content_type:
        raise Forbidden("Content-Type does not match the signed upload", reason="blob_content_type_mismatch")
    too_large = BodyTooLarge("body larger than the signed size", details={"body": f"{grant.size} bytes"})
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > grant.size:
        raise too_large
    try:
        info = await store.write_stream(
            key, request.stream(), grant.content_type, size=grant.size, if_absent=True
        )
    except ObjectExists as exc:
        raise Conflict("the object was already uploaded; ask for a new upload URL") from exc
    except UploadTooLarge as exc:
        raise too_large from exc
    except UploadTooSmall as exc:
        raise ValidationFailed(
            "body smaller than the signed size", details={"body": f"{grant.size} bytes, got {exc.received}"}
        ) from exc
    except InvalidBlobKey as exc:
        raise ValidationFailed("invalid object key", details={"key": str(exc)}) from exc
    except BlobError as exc:
        raise DependencyError("blob store unavailable", details={"dependency": "blobs"}) from exc
    body: dict[str, Any] = {
        "data": {
            "key": info.key,
            "size": info.size,
            "content_type": info.content_type,
            "generation": info.generation,
        }
    }
    return JSONResponse(body, headers={"ETag": f'"{info.generation}"'})


@router.get("/api/v1/media/blobs/{key:path}")
async def read_blob(key: str, request: Request, ctx: Ctx) -> FileResponse:
    store = _local_store(ctx)
    try:
        grant = store.verify_read(key, request.query_params)
    except SignatureError as exc:
        raise _refuse(exc) from exc
    found = await _find(store, key)
    headers = {"Cache-Control": f"private, max-age={grant.max_age_s}"}
    return _file_response(found, headers, grant.download_name)


@router.get("/api/v1/media/public/{key:path}")
async def read_public_blob(key: str, ctx: Ctx) -> FileResponse:
    store = _local_store(ctx)
    segments = key.split("/")
    if len(segments) < 3 or segments[1] not in PUBLIC_KINDS:
        raise NotFound()
    found = await _find(store, key)
    return _file_response(found, {"Cache-Control": f"public, max-age={PUBLIC_MAX_AGE_S}"}, None)


async def _find(store: LocalBlobStore, key: str) -> LocalFile:
    try:
        found = await store.local_file(key)
    except InvalidBlobKey as exc:
        raise NotFound() from exc
    except BlobError as exc:
        raise DependencyError("blob store unavailable", details={"dependency": "blobs"}) from exc
    if found is None:
        raise NotFound()
    return found


def _file_response(found: LocalFile, headers: dict[str, str], download_name: str | None) -> FileResponse:
    content_type = found.info.content_type or "application/octet-stream"
    headers = {**headers, "X-Content-Type-Options": "nosniff"}
    if download_name:
        headers["Content-Disposition"] = attachment_disposition(download_name)
    elif content_type not in _INLINE_TYPES:
        headers["Content-Disposition"] = attachment_disposition(found.path.name)
    return FileResponse(found.path, media_type=content_type, headers=headers)
