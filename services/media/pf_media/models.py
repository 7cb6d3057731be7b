"""Tables of the media schema (DOMAIN §5.2): media, media_attachments.

SQLModel table models (``table=True``) on ``MediaTable``, whose registry keeps the schema's one
MetaData. The annotation gives nullability (``X | None``); ``Field(sa_type=...)`` the column type
SQLModel would not pick (TEXT, BIGINT, timestamptz, JSONB, text + CHECK enums). Columns the
database fills (server defaults) have no Python default, so an INSERT leaves them out; nullable
columns default to None.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field

from pf_common.columns import server_filled as _server
from pf_common.columns import text as _text
from pf_common.columns import text_enum as _enum
from pf_common.db import TableModel, make_registry
from pf_common.events.common import AttachmentEntityType, MediaKind, MediaStatus
from pf_common.platform_tables import add_platform_tables

MEDIA_KINDS = tuple(k.value for k in MediaKind)
MEDIA_STATUSES = tuple(s.value for s in MediaStatus)
ENTITY_TYPES = tuple(e.value for e in AttachmentEntityType)
MAX_SIZE_BYTES = 20_971_520

TIMESTAMPTZ = sa.DateTime(timezone=True)


def _ts() -> Any:
    return Field(default=None, sa_type=TIMESTAMPTZ)


class MediaTable(TableModel, registry=make_registry("media")):
    """Base of the media service's table models: their registry and MetaData (schema ``media``)."""


metadata = MediaTable.metadata
platform = add_platform_tables(MediaTable)


class Media(MediaTable, table=True):
    __tablename__ = "media"
    __mapper_args__ = {"eager_defaults": True}
    __table_args__ = (
        sa.UniqueConstraint("gcs_key"),
        sa.CheckConstraint(f"size_bytes BETWEEN 1 AND {MAX_SIZE_BYTES}", name="size_range"),
        sa.CheckConstraint("mime_type = lower(mime_type)", name="mime_lower"),
        sa.Index("ix_media_store_created", "store_id", sa.text("created_at DESC"), sa.text("id DESC")),
        # the workers' queues: pending cleanup and deletions past their grace period
        sa.Index(
            "ix_media_pending_created",
            "created_at",
            postgresql_where=sa.text("status = 'pending'"),
        ),
        sa.Index(
            "ix_media_delete_requested",
            "delete_requested_at",
            postgresql_where=sa.text("status = 'delete_requested'"),
        ),
    )

    id: uuid.UUID = Field(primary_key=True)
    store_id: uuid.UUID
    user_id: uuid.UUID
    kind: str = Field(sa_type=_enum("media_kind", MEDIA_KINDS))
    status: str = _server("pending", sa_type=_enum("media_status", MEDIA_STATUSES))
    gcs_key: str = _text()
    file_name: str = _text()
    mime_type: str = _text()
    size_bytes: int = Field(sa_type=sa.BigInteger)
    public_url: str | None = Field(default=None, sa_type=sa.Text)
    ocr: str | None = Field(default=None, sa_type=sa.Text)  # never logged
    is_compressed: bool = _server(sa.false())
    # Not in DOMAIN §5.2's table: why a row failed (media_processed.failure_reason), the
    # derived objects ({name: key}) and when deletion was asked for (the grace period).
    failure_reason: str | None = Field(default=None, sa_type=sa.Text)
    derivatives: dict[str, Any] = _server("{}", sa_type=JSONB)
    created_at: datetime = _server(sa.func.now(), sa_type=TIMESTAMPTZ)
    updated_at: datetime = _server(
        sa.func.now(), sa_type=TIMESTAMPTZ, sa_column_kwargs={"onupdate": sa.func.now()}
    )
    uploaded_at: datetime | None = _ts()
    verified_at: datetime | None = _ts()
    processing_started_at: datetime | None = _ts()
    ready_at: datetime | None = _ts()
    failed_at: datetime | None = _ts()
    delete_requested_at: datetime | None = _ts()
    deleted_at: datetime | None = _ts()


class MediaAttachment(MediaTable, table=True):
    __tablename__ = "media_attachments"
    __mapper_args__ = {"eager_defaults": True}
    __table_args__ = (
        sa.UniqueConstraint("media_id", "entity_type", "entity_id"),
        sa.Index("ix_media_attachments_entity", "entity_type", "entity_id"),
        sa.Index("ix_media_attachments_media", "media_id"),
    )

    id: uuid.UUID = Field(primary_key=True)
    media_id: uuid.UUID
    entity_type: str = Field(sa_type=_enum("attachment_entity_type", ENTITY_TYPES))
    entity_id: uuid.UUID
    store_id: uuid.UUID
    gcs_key: str = _text()
    is_protected: bool
    created_at: datetime = _server(sa.func.now(), sa_type=TIMESTAMPTZ)
