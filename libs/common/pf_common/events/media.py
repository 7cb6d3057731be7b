"""Payloads published by media on topic ``pf.media.events``.

Catalogue rows 10-12 of spec/EVENTS.md §5; fields and consumer actions in §6 (media).
(Bucket finalize/delete notifications arrive on ``pf.media.bucket`` and are not catalogue events.)
"""

from __future__ import annotations

from typing import ClassVar
from uuid import UUID

from pydantic import AwareDatetime, Field

from pf_common.events.common import AttachmentRef, MediaKind, Payload, ProcessedMediaStatus


class MediaUploadedV1(Payload):
    """media.processing: OCR (license_doc, coa, pdf) or compression (images, videos) ⇒ ready/failed."""

    event_type: ClassVar[str] = "media_uploaded"
    producer: ClassVar[str] = "media"
    aggregate_type: ClassVar[str] = "media"
    aggregate_field: ClassVar[str] = "media_id"
    dedupe_template: ClassVar[str | None] = "media_uploaded:{media_id}"

    media_id: UUID
    store_id: UUID
    kind: MediaKind
    mime_type: str
    gcs_key: str
    size_bytes: int = Field(ge=1)
    uploaded_at: AwareDatetime
    # Additive (EVENTS.md §3): the CDN URL of public kinds (product, ads, store, user), else None.
    # identity caches it as a store's logo_url/banner_url without calling media.
    public_url: str | None = None


class MediaProcessedV1(Payload):
    """catalog: COA drafts waiting on this media start extraction or move to ``rejected``."""

    event_type: ClassVar[str] = "media_processed"
    producer: ClassVar[str] = "media"
    aggregate_type: ClassVar[str] = "media"
    aggregate_field: ClassVar[str] = "media_id"

    media_id: UUID
    store_id: UUID
    kind: MediaKind
    status: ProcessedMediaStatus
    ocr_available: bool
    failure_reason: str | None = None


class MediaDeletedV1(Payload):
    """identity/catalog/ads: drop references to the media (logo/banner, product media and COA, creatives)."""

    event_type: ClassVar[str] = "media_deleted"
    producer: ClassVar[str] = "media"
    aggregate_type: ClassVar[str] = "media"
    aggregate_field: ClassVar[str] = "media_id"
    dedupe_template: ClassVar[str | None] = "media_deleted:{media_id}"

    media_id: UUID
    store_id: UUID
    gcs_key: str
    attachments: list[AttachmentRef] = Field(default_factory=list)
