"""``media_processed`` (media): the projected media becomes ``ready`` or ``failed``."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from pf_common.events.envelope import Envelope
from pf_common.events.media import MediaProcessedV1
from pf_identity.domain import media_projection


async def project_processed_media(session: AsyncSession, event: MediaProcessedV1, envelope: Envelope) -> None:
    await media_projection.record_media_processed(session, event, occurred_at=envelope.occurred_at)
