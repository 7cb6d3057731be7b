"""Bucket notifications of the local blob store, published like GCS does (ARCHITECTURE §5).

GCS publishes ``OBJECT_FINALIZE``/``OBJECT_DELETE`` to Pub/Sub itself; the local store calls
a ``TransportNotifier`` after each write and delete, which publishes the same message
(``BucketNotification.to_message()``) on ``pf.media.bucket`` through the process's event
transport, ordered by object key.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pf_media.clients.blobs.base import BUCKET_TOPIC, BucketNotification

if TYPE_CHECKING:
    from redis.asyncio import Redis

    from pf_common.settings import ServiceSettings
    from pf_common.transports import Transport


class TransportNotifier:
    """``await notifier(notification)`` publishes it; the Redis client and the transport are
    created on first use (never at construction) and released by ``close()``."""

    def __init__(self, settings: ServiceSettings) -> None:
        self._settings = settings
        self._redis: Redis | None = None
        self._transport: Transport | None = None

    async def __call__(self, notification: BucketNotification) -> None:
        body, attributes = notification.to_message()
        await self._ensure().publish(BUCKET_TOPIC, body, attributes, ordering_key=notification.key)

    def _ensure(self) -> Transport:
        # No await between the check and the assignment: one transport per notifier.
        if self._transport is None:
            from pf_common.runtime import make_redis
            from pf_common.transports import make_transport

            redis: Any = make_redis(self._settings) if self._settings.transport == "redis" else None
            self._transport = make_transport(self._settings, redis)
            self._redis = redis
        return self._transport

    async def close(self) -> None:
        transport, self._transport = self._transport, None
        redis, self._redis = self._redis, None
        if transport is not None:
            await transport.close()
        if redis is not None:
            await redis.aclose()
