"""media's events (EVENTS.md §6 media): the media projection, and products losing deleted media.

* ``media_uploaded`` / ``media_processed`` ⇒ upsert ``media_projection`` (any order converges);
* ``media_deleted`` ⇒ the row becomes ``deleted``; product gallery rows of it go, ``coa_media_id``
  is nulled and ``thumbnail_url`` recomputed (``domain.media_projection.detach_deleted_media``).

Each runs with its inbox row in one transaction: a redelivery changes nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from pf_catalog.domain import media_projection
from pf_common.consumer import Consumer
from pf_common.events.envelope import Envelope
from pf_common.events.media import MediaDeletedV1, MediaProcessedV1, MediaUploadedV1


async def project_media_uploaded(session: AsyncSession, event: MediaUploadedV1, envelope: Envelope) -> None:
    await media_projection.record_media_uploaded(session, event, occurred_at=envelope.occurred_at)


async def project_media_processed(session: AsyncSession, event: MediaProcessedV1, envelope: Envelope) -> None:
    await media_projection.record_media_processed(session, event, occurred_at=envelope.occurred_at)


async def detach_deleted_media(session: AsyncSession, event: MediaDeletedV1, envelope: Envelope) -> None:
    await media_projection.detach_deleted_media(
        session, event, occurred_at=envelope.occurred_at, now=datetime.now(UTC)
    )


CONSUMERS: list[Consumer] = [
    Consumer(handler=project_media_uploaded, event=MediaUploadedV1),
    Consumer(handler=project_media_processed, event=MediaProcessedV1),
    Consumer(handler=detach_deleted_media, event=MediaDeletedV1),
]
