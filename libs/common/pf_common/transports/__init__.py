"""Event transports behind one interface: Redis Streams (embedded default) and Pub/Sub."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pf_common.transports.base import Delivery, Subscriber, SubscriptionSpec, Transport

if TYPE_CHECKING:
    from redis.asyncio import Redis

    from pf_common.settings import ServiceSettings

__all__ = ["Delivery", "Subscriber", "SubscriptionSpec", "Transport", "make_transport"]


def make_transport(settings: ServiceSettings, redis: Redis | None = None) -> Transport:
    """The transport selected by ``settings.transport``."""
    if settings.transport == "pubsub":
        from pf_common.transports.pubsub import PubSubTransport

        return PubSubTransport(project=settings.pubsub_project)
    from pf_common.transports.redis_streams import RedisStreamsTransport

    if redis is None:
        raise ValueError("the redis transport needs a redis client")
    return RedisStreamsTransport(
        redis,
        ack_deadline_ms=settings.consumer_ack_deadline_ms,
        max_deliveries=settings.consumer_max_deliveries,
    )
