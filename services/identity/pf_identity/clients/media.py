"""media's internal read-URL endpoint (API.md §4), for the license documents identity lists.

Contract (media serves it; never routed by the gateway)::

    POST {media_internal_url}/internal/v1/media:read-urls
    {"media_ids": ["<media id>", ...]}                 # identity sends at most 100
    200 {"data": {"urls": {"<media id>": "<signed URL>", ...}}}   # uploaded/ready media only

The request carries identity's service token (audience ``media``). Read paths degrade instead
of failing: when media is slow or down the URLs are simply missing (the caller shows ``null``)
and a warning is logged. ``IdentityContext.media`` builds one client per process (closed on
shutdown). catalog keeps its own client of the same endpoint (``pf_catalog.clients.media``):
a client of another service's endpoint lives in the service that calls it (ARCHITECTURE §2),
not in pf_common, which is shared runtime only (§3).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final, Protocol
from uuid import UUID

import httpx

from pf_common.http import InternalClient
from pf_common.logging import get_logger

__all__ = ["READ_URLS_PATH", "HttpMediaClient", "MediaReadUrls"]

log = get_logger(__name__)

READ_URLS_PATH: Final = "/internal/v1/media:read-urls"
MAX_IDS: Final = 100


class MediaReadUrls(Protocol):
    async def read_urls(self, media_ids: Sequence[UUID]) -> dict[UUID, str]: ...

    async def aclose(self) -> None: ...


class HttpMediaClient(InternalClient):
    retries = 2
    default_timeout_s = 2.0

    async def read_urls(self, media_ids: Sequence[UUID]) -> dict[UUID, str]:
        ids = list(dict.fromkeys(media_ids))[:MAX_IDS]
        if not ids:
            return {}
        try:
            r = await self._client.post(READ_URLS_PATH, json={"media_ids": [str(i) for i in ids]})
            r.raise_for_status()
            urls = r.json()["data"]["urls"]
            return {UUID(k): str(v) for k, v in urls.items()}
        except (httpx.HTTPError, KeyError, TypeError, ValueError, AttributeError) as exc:
            log.warning("media.read_urls_unavailable", error=type(exc).__name__, count=len(ids))
            return {}
