"""Tables of the media schema (DOMAIN §5.2): media, media_attachments."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from pf_common.db import make_metadata
from pf_common.events.common import AttachmentEntityType, MediaKind, MediaStatus
from pf_common.platform_tables import add_platform_tables

metadata = make_metadata("media")
platform = add_platform_tables(metadata)

MEDIA_KINDS = tuple(k.value for k in MediaKind)
MEDIA_STATUSES = tuple(s.value for s in MediaStatus)
ENTITY_TYPES = tuple(e.value for e in AttachmentEntityType)
MAX_SIZE_BYTES = 20_971_520


def _enum(name: str, values: tuple[str, ...]) -> sa.Enum:
    # text + CHECK (DOMAIN §0): values are only ever added
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def _ts() -> Mapped[datetime | None]:
    return mapped_column(sa.DateTime(timezone=True))


class Base(DeclarativeBase):
    metadata = metadata


class Media(Base):
    __tablename__ = "media"
    __mapper_args__ = {"eager_defaults": True}

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    store_id: Mapped[uuid.UUID] = mapped_column(nullable=False)
    user_id: Mapped[uuid.UUID] = mapped_column(nullable=False)
    kind: Mapped[str] = mapped_column(_enum("media_kind", MEDIA_KINDS), nullable=False)
    status: Mapped[str] = mapped_column(
        _enum("media_status", MEDIA_STATUSES), nullable=False, server_default="pending"
    )
    gcs_key: Mapped[str] = mapped_column(sa.Text, nullable=False)
    file_name: Mapped[str] = mapped_column(sa.Text, nullable=False)
    mime_type: Mapped[str] = mapped_column(sa.Text, nullable=False)
    size_bytes: Mapped[int] = mapped_column(sa.BigInteger, nullable=False)
    public_url: Mapped[str | None] = mapped_column(sa.Text)
    ocr: Mapped[str | None] = mapped_column(sa.Text)  # never logged
    is_compressed: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, server_default=sa.false())
    # Not in DOMAIN §5.2's table: why a row failed (media_processed.failure_reason), the
    # derived objects ({name: key}) and when deletion was asked for (the grace period).
    failure_reason: Mapped[str | None] = mapped_column(sa.Text)
    derivatives: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False, server_default="{}")
    created_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
    )
    updated_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now(), onupdate=sa.func.now()
    )
    uploaded_at: Mapped[datetime | None] = _ts()
    verified_at: Mapped[datetime | None] = _ts()
    processing_started_at: Mapped[datetime | None] = _ts()
    ready_at: Mapped[datetime | None] = _ts()
    failed_at: Mapped[datetime | None] = _ts()
    delete_requested_at: Mapped[datetime | None] = _ts()
    deleted_at: Mapped[datetime | None] = _ts()

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


class MediaAttachment(Base):
    __tablename__ = "media_attachments"
    __mapper_args__ = {"eager_defaults": True}

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    media_id: Mapped[uuid.UUID] = mapped_column(nullable=False)
    entity_type: Mapped[str] = mapped_column(_enum("attachment_entity_type", ENTITY_TYPES), nullable=False)
    entity_id: Mapped[uuid.UUID] = mapped_column(nullable=False)
    store_id: Mapped[uuid.UUID] = mapped_column(nullable=False)
    gcs_key: Mapped[str] = mapped_column(sa.Text, nullable=False)
    is_protected: Mapped[bool] = mapped_column(sa.Boolean, nullable=False)
    created_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
    )

    __table_args__ = (
        sa.UniqueConstraint("media_id", "entity_type", "entity_id"),
        sa.Index("ix_media_attachments_entity", "entity_type", "entity_id"),
        sa.Index("ix_media_attachments_media", "media_id"),
    )
