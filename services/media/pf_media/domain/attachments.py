"""Attachments: which records use which media (DOMAIN §5.2), reconciled from the owners' events.

Owners (identity, catalog, ads) validate media synchronously and emit
``media_references_changed`` with the entity's full new list; events of one entity arrive
in order (ordering key = entity id), so the new list is the truth: rows of media no longer
listed are deleted, missing ones inserted. Re-applying the same event changes nothing.
Unknown media, media of another store and deleted media are logged and skipped.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from pf_common.db import rowcount
from pf_common.events.common import AttachmentEntityType, MediaStatus
from pf_common.ids import uuid7
from pf_common.logging import get_logger
from pf_common.tenancy import acting_for, owned
from pf_media.domain import rules
from pf_media.models import Media, MediaAttachment

log = get_logger(__name__)


async def reconcile(
    session: AsyncSession,
    *,
    entity_type: AttachmentEntityType,
    entity_id: UUID,
    store_id: UUID,
    new_media_ids: list[UUID],
) -> tuple[int, int]:
    """Make the entity's attachments exactly ``new_media_ids``; returns (inserted, deleted)."""
    wanted = set(new_media_ids)
    removed = await session.execute(
        sa.delete(MediaAttachment).where(
            col(MediaAttachment.entity_type) == entity_type.value,
            col(MediaAttachment.entity_id) == entity_id,
            col(MediaAttachment.media_id).not_in(wanted) if wanted else sa.true(),
        )
    )
    inserted = 0
    if wanted:
        # lock the media rows (in id order) so a deletion running now sees the new rows; ``own``:
        # the media is of the entity's store (the event's), the only store it may be attached for
        found = await session.execute(
            sa.select(Media, owned(Media, acting_for(store_id)).label("own"))
            .where(col(Media.id).in_(wanted))
            .order_by(col(Media.id))
            .with_for_update(of=Media)
        )
        media = {row.Media.id: row for row in found}
        for media_id in sorted(wanted):
            row = media.get(media_id)
            entity = entity_type.value
            if row is None:
                log.warning(
                    "media.attachment.unknown_media", media_id=str(media_id), entity=entity_type.value
                )
                continue
            m: Media = row.Media
            if not row.own:
                log.warning("media.attachment.other_store", media_id=str(media_id), entity=entity)
                continue
            if m.status == MediaStatus.DELETED:
                log.warning(
                    "media.attachment.deleted_media", media_id=str(media_id), entity=entity_type.value
                )
                continue
            res = await session.execute(
                insert(MediaAttachment)
                .values(
                    id=uuid7(),
                    media_id=m.id,
                    entity_type=entity_type.value,
                    entity_id=entity_id,
                    store_id=store_id,
                    gcs_key=m.gcs_key,
                    is_protected=entity_type in rules.PROTECTED_ENTITY_TYPES,
                )
                .on_conflict_do_nothing(index_elements=["media_id", "entity_type", "entity_id"])
                .returning(col(MediaAttachment.id))
            )
            inserted += len(res.all())
    deleted = rowcount(removed)
    log.info("media.attachments.reconciled", entity=entity_type.value, inserted=inserted, deleted=deleted)
    return inserted, deleted


async def license_deleted(
    session: AsyncSession, *, license_id: UUID, media_id: UUID, purge_media: bool, now: datetime
) -> None:
    """Drop the license attachment; with ``purge_media`` and no other use, delete the media."""
    await session.execute(
        sa.delete(MediaAttachment).where(
            col(MediaAttachment.entity_type) == AttachmentEntityType.LICENSE.value,
            col(MediaAttachment.entity_id) == license_id,
        )
    )
    if not purge_media:
        return
    media = await session.scalar(sa.select(Media).where(col(Media.id) == media_id).with_for_update())
    if media is None or media.status in (MediaStatus.DELETE_REQUESTED, MediaStatus.DELETED):
        return
    others = await session.scalar(
        sa.select(sa.func.count())
        .select_from(MediaAttachment)
        .where(col(MediaAttachment.media_id) == media_id)
    )
    if others:
        log.info("media.purge_skipped_in_use", media_id=str(media_id), attachments=others)
        return
    media.status = MediaStatus.DELETE_REQUESTED.value
    media.delete_requested_at = now
    log.info("media.purge_requested", media_id=str(media_id))
