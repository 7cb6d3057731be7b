"""identity's projection of media (DOMAIN §0 "Projections", §5.2; EVENTS.md §4, §6 media).

Media's events keep ``media_projection`` current, so identity validates a store's logo or
banner (and, later, license documents) without a synchronous call to media: a profile
update does not depend on media being up. Each event upserts its row: an event about a
media id identity has not seen creates it (a placeholder when it carries no kind or MIME
type), and ``supersedes`` decides whether its status replaces the projected one, so
redeliveries and reordering (``media_processed`` before ``media_uploaded``, an ``uploaded``
after ``deleted``) converge on the same row. The upsert/merge is pf_common's
(``pf_common.media_projection``, shared with catalog); the store-image rules are identity's.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from pf_common import media_projection as projection
from pf_common.errors import NotFound
from pf_common.events.media import MediaDeletedV1, MediaProcessedV1, MediaUploadedV1
from pf_common.tenancy import StoreScoped
from pf_identity.domain import locks
from pf_identity.domain.rules import media as rules
from pf_identity.models import MediaProjection


class MediaNotFound(NotFound):
    """404 (API.md §3.1 PUT /stores/me): the media is unknown, of another store, or not usable."""

    default_message = "media not found"


_PROBLEM_MESSAGES = {
    "media_not_found": "media not found",
    "media_kind_not_allowed": "media kind must be store or other",
    "media_not_attachable": "media must be uploaded or ready",
}


async def record_media_uploaded(
    session: AsyncSession, event: MediaUploadedV1, *, occurred_at: datetime
) -> None:
    await projection.record_media_uploaded(session, MediaProjection, event, occurred_at=occurred_at)


async def record_media_processed(
    session: AsyncSession, event: MediaProcessedV1, *, occurred_at: datetime
) -> None:
    await projection.record_media_processed(session, MediaProjection, event, occurred_at=occurred_at)


async def record_media_deleted(
    session: AsyncSession, event: MediaDeletedV1, *, occurred_at: datetime
) -> None:
    """The row ends ``deleted`` (whatever came before) and keeps it lock-held for the caller."""
    await projection.record_media_deleted(session, MediaProjection, event, occurred_at=occurred_at)


async def get_store_images(
    session: AsyncSession, principal: StoreScoped, wanted: dict[str, Any]
) -> dict[str, MediaProjection]:
    """The media rows a store profile update attaches (``{field: media_id}``), validated.

    Each must exist in the caller's store (another store's media is indistinguishable from
    unknown media), be of kind ``store``/``other`` and be ``uploaded``/``ready``; otherwise
    404 naming the field (API.md §3.1). The rows stay ``FOR SHARE`` locked until the
    transaction ends, so a concurrent ``media_deleted`` waits for this update and then
    clears the reference it made.
    """
    if not wanted:
        return {}
    rows = await locks.share_store_media(session, principal, wanted.values())
    found: dict[str, MediaProjection] = {}
    for field, media_id in sorted(wanted.items()):
        row = rows.get(media_id)
        problem = "media_not_found" if row is None else rules.store_image_problem(row.kind, row.status)
        if problem is not None:
            raise MediaNotFound(f"{field}: {_PROBLEM_MESSAGES[problem]}", reason=problem)
        assert row is not None
        found[field] = row
    return found
