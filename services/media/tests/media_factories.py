"""Rows and helpers for media tests (real database, real blob store under tmp)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from pf_common.consumer import Consumer
from pf_common.events.common import MediaKind
from pf_common.ids import uuid7
from pf_media.domain import rules
from pf_media.models import Media, MediaAttachment


async def make_media(
    session: AsyncSession,
    *,
    store_id: uuid.UUID,
    kind: str = "product",
    status: str = "ready",
    mime_type: str = "image/png",
    file_name: str = "photo.png",
    size_bytes: int = 1234,
    user_id: uuid.UUID | None = None,
    created_at: datetime | None = None,
    **extra: Any,
) -> Media:
    media_id = uuid7()
    media = Media(
        id=media_id,
        store_id=store_id,
        user_id=user_id or uuid7(),
        kind=kind,
        status=status,
        gcs_key=rules.object_key(store_id, MediaKind(kind), media_id, file_name),
        file_name=file_name,
        mime_type=mime_type,
        size_bytes=size_bytes,
        uploaded_at=datetime.now(UTC) if status != "pending" else None,
        **({"created_at": created_at} if created_at else {}),
        **extra,
    )
    session.add(media)
    await session.flush()
    return media


async def attach(
    session: AsyncSession,
    media: Media,
    *,
    entity_type: str = "store_logo",
    entity_id: uuid.UUID | None = None,
) -> MediaAttachment:
    row = MediaAttachment(
        id=uuid7(),
        media_id=media.id,
        entity_type=entity_type,
        entity_id=entity_id or uuid7(),
        store_id=media.store_id,
        gcs_key=media.gcs_key,
        is_protected=entity_type in ("license", "ad"),
    )
    session.add(row)
    await session.flush()
    return row


def consumer_named(consumers: list[Consumer], name: str) -> Consumer:
    return next(c for c in consumers if c.handler_name == name)
