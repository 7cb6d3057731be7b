"""The blob-store contract (ARCHITECTURE §5, "blobs"), shared by the GCS and local adapters.

Objects are addressed by key inside one private bucket. Clients upload with a signed
PUT URL that binds the Content-Type (and, on the local adapter, the exact size); reads
go through signed URLs, except public kinds which also get a CDN-readable URL.

When an object is written or deleted, the store publishes a *bucket notification* in
the shape of Cloud Storage's Pub/Sub notifications (JSON_API_V1) on the topic
``pf.media.bucket``: GCS does it itself, the local adapter does it after its own
write/delete, so one consumer path serves both.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Final, Literal, Protocol

BUCKET_TOPIC = "pf.media.bucket"
FINALIZE: Final = "OBJECT_FINALIZE"
DELETE: Final = "OBJECT_DELETE"
BucketEventType = Literal["OBJECT_FINALIZE", "OBJECT_DELETE"]


class BlobError(Exception):
    """The store failed (network, permission); the caller may retry."""


@dataclass(frozen=True)
class SignedUpload:
    url: str
    headers: dict[str, str]  # headers the client must send with its PUT (Content-Type at least)
    expires_at: datetime


@dataclass(frozen=True)
class BlobInfo:
    key: str
    size: int
    content_type: str | None
    generation: str


@dataclass(frozen=True)
class BucketNotification:
    event_type: BucketEventType
    bucket: str
    key: str
    generation: str
    size: int | None = None
    content_type: str | None = None

    def to_message(self) -> tuple[bytes, dict[str, str]]:
        """(body, attributes) exactly as GCS publishes them (payload format JSON_API_V1)."""
        resource: dict[str, str] = {
            "kind": "storage#object",
            "bucket": self.bucket,
            "name": self.key,
            "generation": self.generation,
        }
        if self.size is not None:
            resource["size"] = str(self.size)
        if self.content_type is not None:
            resource["contentType"] = self.content_type
        attributes = {
            "eventType": self.event_type,
            "bucketId": self.bucket,
            "objectId": self.key,
            "objectGeneration": self.generation,
            "payloadFormat": "JSON_API_V1",
        }
        return json.dumps(resource).encode(), attributes


class InvalidNotification(ValueError):
    pass


def parse_notification(body: bytes, attributes: dict[str, str]) -> BucketNotification:
    """Decode a GCS (or local) bucket notification; raises ``InvalidNotification``."""
    event_type = attributes.get("eventType")
    if event_type not in (FINALIZE, DELETE):
        raise InvalidNotification(f"unsupported eventType {event_type!r}")
    try:
        resource = json.loads(body) if body else {}
    except ValueError as exc:
        raise InvalidNotification(f"body is not JSON: {exc}") from exc
    if not isinstance(resource, dict):
        raise InvalidNotification("body is not a JSON object")
    key = attributes.get("objectId") or resource.get("name")
    bucket = attributes.get("bucketId") or resource.get("bucket")
    if not key or not bucket:
        raise InvalidNotification("objectId/bucketId missing")
    size = resource.get("size")
    try:
        size_int = int(size) if size is not None else None
    except (TypeError, ValueError) as exc:
        raise InvalidNotification(f"bad size {size!r}") from exc
    return BucketNotification(
        # FINALIZE or DELETE, checked above (mypy does not narrow a str by `in`)
        event_type=event_type,  # type: ignore[arg-type]
        bucket=str(bucket),
        key=str(key),
        generation=str(attributes.get("objectGeneration") or resource.get("generation") or "0"),
        size=size_int,
        content_type=resource.get("contentType"),
    )


class BlobStore(Protocol):
    bucket: str

    async def signed_upload(
        self, key: str, *, content_type: str, size_bytes: int, expires_s: int
    ) -> SignedUpload: ...

    async def signed_read(self, key: str, *, expires_s: int, download_name: str | None = None) -> str: ...

    def public_url(self, key: str) -> str: ...

    async def head(self, key: str) -> BlobInfo | None: ...

    async def read(self, key: str) -> bytes: ...  # FileNotFoundError when there is no such object

    async def write(self, key: str, data: bytes, content_type: str) -> BlobInfo: ...

    async def delete(self, key: str) -> bool: ...  # False when the object was already gone

    async def close(self) -> None: ...
