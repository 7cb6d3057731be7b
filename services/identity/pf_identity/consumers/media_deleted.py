"""``media_deleted`` (media): the projected media becomes ``deleted`` and stores drop it as logo/banner."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from pf_common.events.envelope import Envelope
from pf_common.events.media import MediaDeletedV1
from pf_identity.domain import stores


async def detach_deleted_media(session: AsyncSession, event: MediaDeletedV1, envelope: Envelope) -> None:
    await stores.detach_deleted_media(session, event, occurred_at=envelope.occurred_at, now=datetime.now(UTC))
