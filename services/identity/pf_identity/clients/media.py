"""Signed read URLs of license documents, from media's internal endpoint (API.md §4).

``POST /internal/v1/media:read-urls {media_ids}`` → ``{urls: {id: url}}`` (uploaded/ready only).
Read paths degrade instead of failing: when media is slow or down the URLs are simply
missing (``signed_url`` null) and a warning is logged.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol
from uuid import UUID

import httpx

from pf_common.http import make_http_client
from pf_common.logging import get_logger

log = get_logger(__name__)


class MediaReadUrls(Protocol):
    async def read_urls(self, media_ids: Sequence[UUID]) -> dict[UUID, str]: ...


class HttpMediaClient:
    def __init__(self, base_url: str, *, timeout_s: float = 2.0) -> None:
        self._client = make_http_client(base_url=base_url.rstrip("/"), timeout_s=timeout_s)

    async def read_urls(self, media_ids: Sequence[UUID]) -> dict[UUID, str]:
        ids = list(dict.fromkeys(media_ids))[:100]
        if not ids:
            return {}
        try:
            r = await self._client.post(
                "/internal/v1/media:read-urls", json={"media_ids": [str(i) for i in ids]}
            )
            r.raise_for_status()
            urls = r.json()["data"]["urls"]
            return {UUID(k): str(v) for k, v in urls.items()}
        except (httpx.HTTPError, KeyError, ValueError) as exc:
            log.warning("identity.media.read_urls_unavailable", error=type(exc).__name__, count=len(ids))
            return {}

    async def aclose(self) -> None:
        await self._client.aclose()
