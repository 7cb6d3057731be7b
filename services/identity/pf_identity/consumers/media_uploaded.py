"""``media_uploaded`` (media): the media projection learns the row (kind, MIME type, key, URL)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from pf_common.events.envelope import Envelope
from pf_common.events.media import MediaUploadedV1
from pf_identity.domain import media_projection


async def project_uploaded_media(session: AsyncSession, event: MediaUploadedV1, envelope: Envelope) -> None:
    await media_projection.record_media_uploaded(session, event, occurred_at=envelope.occurred_at)
