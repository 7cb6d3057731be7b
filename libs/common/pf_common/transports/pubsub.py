"""Google Cloud Pub/Sub transport (production).

Same contract as the Redis Streams transport (``transports/base.py``):

* Topic ``pf.<service>.events`` is the Pub/Sub topic ``pf-<service>-events``;
  subscription ``<consumer>.<handler>`` is ``<consumer>-<handler>``
  (:func:`topic_id`, :func:`subscription_id`).
* ``publish`` uses an ordering publisher; the ordering key is the aggregate id
  and the attributes (``event_type``, ``event_id``, ...) are passed through.
* A subscription filters on ``attributes.event_type`` (:func:`filter_expression`),
  has message ordering, the ack deadline, an exponential retry policy and a
  dead-letter policy to ``pf-dlq-<subscription>``; the dead-letter topic has a
  subscription of the same id so that dead letters are retained for the CLI.
* ``fetch`` is a synchronous pull run in a thread; ``nack`` sets the ack
  deadline to 0 so the retry policy's backoff applies; ``dead_letter``
  republishes to the dead-letter topic (with ``dlq_reason`` and ``dlq_topic``)
  and acks.
* Works against the emulator when ``PUBSUB_EMULATOR_HOST`` is set (the client
  libraries honour it).

Clients are created lazily, never at import.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from pf_common.logging import get_logger
from pf_common.transports.base import Delivery, SubscriptionSpec, dead_letter_topic

log = get_logger(__name__)

# Pub/Sub limits (https://cloud.google.com/pubsub/quotas).
MAX_FILTER_BYTES = 256
MIN_ACK_DEADLINE_S, MAX_ACK_DEADLINE_S = 10, 600
MIN_DELIVERY_ATTEMPTS, MAX_DELIVERY_ATTEMPTS = 5, 100
MAX_BACKOFF_S = 600
MAX_PULL_MESSAGES = 1000
RETENTION = timedelta(days=7)

# Attributes added on dead-lettering, dropped again on replay.
DLQ_ATTRIBUTES = ("dlq_reason", "dlq_topic", "dlq_delivery_count", "dlq_source_message_id")
_PUBSUB_DLQ_PREFIX = "CloudPubSubDeadLetter"  # attributes the service adds when it forwards
_SOURCE_DELIVERY_COUNT = "CloudPubSubDeadLetterSourceDeliveryCount"

_INVALID = re.compile(r"[^A-Za-z0-9\-_.~+%]")


def _resource_id(name: str) -> str:
    """A valid Pub/Sub resource id: dots become dashes, other invalid characters too."""
    rid = _INVALID.sub("-", name.replace(".", "-"))
    if not rid[:1].isalpha():
        rid = f"pf-{rid}"
    if rid.lower().startswith("goog"):
        rid = f"pf-{rid}"
    rid = rid.ljust(3, "-")
    if len(rid) > 255:
        raise ValueError(f"Pub/Sub id too long ({len(rid)} > 255): {name!r}")
    return rid


def topic_id(topic: str) -> str:
    """``pf.orders.events`` -> ``pf-orders-events``."""
    return _resource_id(topic)


def subscription_id(subscription: str) -> str:
    """``catalog.release_reservations`` -> ``catalog-release_reservations``."""
    return _resource_id(subscription)


def dead_letter_topic_id(subscription: str) -> str:
    """``catalog.release_reservations`` -> ``pf-dlq-catalog-release_reservations``."""
    return topic_id(dead_letter_topic(subscription))


def topic_path(project: str, topic: str) -> str:
    return f"projects/{project}/topics/{topic_id(topic)}"


def subscription_path(project: str, subscription: str) -> str:
    return f"projects/{project}/subscriptions/{subscription_id(subscription)}"


def dead_letter_subscription_path(project: str, subscription: str) -> str:
    """The subscription on the dead-letter topic (same id as that topic)."""
    return f"projects/{project}/subscriptions/{dead_letter_topic_id(subscription)}"


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def filter_expression(event_types: Iterable[str]) -> str:
    """``attributes.event_type = "a" OR attributes.event_type = "b"`` (sorted); ``""`` = all."""
    return " OR ".join(f"attributes.event_type = {_quote(t)}" for t in sorted(set(event_types)))


def _subscription_filter(spec: SubscriptionSpec) -> str:
    expr = filter_expression(spec.event_types)
    if len(expr.encode()) > MAX_FILTER_BYTES:
        # The consumer runner filters by event type as well, so nothing is lost.
        log.warning(
            "transport.pubsub.filter_too_long",
            subscription=spec.name,
            bytes=len(expr.encode()),
            limit=MAX_FILTER_BYTES,
        )
        return ""
    return expr


def _clamp(value: int, lo: int, hi: int) -> int:
    return max(lo, min(hi, value))


def _exc(name: str) -> type[BaseException]:
    from google.api_core import exceptions

    exc: type[BaseException] = getattr(exceptions, name)
    return exc


def _pull_empty_errors() -> tuple[type[BaseException], ...]:
    from google.api_core import exceptions

    return (exceptions.DeadlineExceeded, exceptions.RetryError)


class PubSubSubscriber:
    def __init__(self, transport: PubSubTransport, spec: SubscriptionSpec, consumer_name: str) -> None:
        self.transport = transport
        self.spec = spec
        self.consumer_name = consumer_name
        self.path = subscription_path(transport.project, spec.name)

    async def fetch(self, max_messages: int, timeout_ms: int) -> list[Delivery]:
        received = await self.transport._pull(self.path, max_messages, timeout_ms)
        return [_delivery(m) for m in received]

    async def ack(self, delivery: Delivery) -> None:
        await self.transport._acknowledge(self.path, [delivery.handle])

    async def ack_many(self, deliveries: list[Delivery]) -> None:
        if deliveries:
            await self.transport._acknowledge(self.path, [d.handle for d in deliveries])

    async def nack(self, delivery: Delivery) -> None:
        """Deadline 0: available again once the subscription's retry backoff has passed."""
        await self.transport._modify_ack_deadline(self.path, [delivery.handle], 0)

    async def dead_letter(self, delivery: Delivery, reason: str) -> None:
        attrs = {k: v for k, v in delivery.attributes.items() if k not in DLQ_ATTRIBUTES}
        attrs.update(
            dlq_reason=reason[:1024],
            dlq_topic=self.spec.topic,
            dlq_delivery_count=str(delivery.delivery_count),
            dlq_source_message_id=delivery.message_id,
        )
        await self.transport.publish(dead_letter_topic(self.spec.name), delivery.body, attrs, "")
        await self.ack(delivery)
        log.warning(
            "transport.dead_lettered",
            subscription=self.spec.name,
            message_id=delivery.message_id,
            event_id=delivery.attributes.get("event_id"),
            event_type=delivery.attributes.get("event_type"),
            reason=reason[:200],
        )

    async def close(self) -> None:
        return None


def _delivery(received: Any) -> Delivery:
    message = received.message
    return Delivery(
        message_id=message.message_id,
        body=bytes(message.data),
        attributes=dict(message.attributes),
        delivery_count=int(received.delivery_attempt or 1),
        handle=received.ack_id,
    )


class PubSubTransport:
    name = "pubsub"

    def __init__(
        self,
        project: str,
        *,
        ack_deadline_s: int = 60,
        max_deliveries: int = 10,
        min_backoff_s: int = 10,
        max_backoff_s: int = 600,
        message_ordering: bool = True,
        publisher: Any = None,
        subscriber: Any = None,
    ) -> None:
        self.project = project
        self.message_ordering = message_ordering  # of the subscriptions; publishes are always ordered
        self.ack_deadline_s = _clamp(ack_deadline_s, MIN_ACK_DEADLINE_S, MAX_ACK_DEADLINE_S)
        self.max_deliveries = _clamp(max_deliveries, MIN_DELIVERY_ATTEMPTS, MAX_DELIVERY_ATTEMPTS)
        self.min_backoff_s = _clamp(min_backoff_s, 0, MAX_BACKOFF_S)
        self.max_backoff_s = _clamp(max_backoff_s, self.min_backoff_s, MAX_BACKOFF_S)
        self._publisher = publisher
        self._subscriber = subscriber
        self._owns_clients = publisher is None, subscriber is None
        self._known_topics: set[str] = set()
        self._ensured: set[SubscriptionSpec] = set()

    # -- clients ---------------------------------------------------------------

    @property
    def publisher(self) -> Any:
        if self._publisher is None:
            from google.cloud import pubsub_v1

            self._publisher = pubsub_v1.PublisherClient(
                publisher_options=pubsub_v1.types.PublisherOptions(enable_message_ordering=True)
            )
        return self._publisher

    @property
    def subscriber(self) -> Any:
        if self._subscriber is None:
            from google.cloud import pubsub_v1

            self._subscriber = pubsub_v1.SubscriberClient()
        return self._subscriber

    # -- publishing --------------------------------------------------------------

    async def publish(self, topic: str, body: bytes, attributes: dict[str, str], ordering_key: str) -> str:
        path = topic_path(self.project, topic)
        try:
            return await self._publish_path(path, body, attributes, ordering_key)
        except _exc("NotFound"):
            # Like a Redis stream, a topic comes into being on first publish.
            await self._create_topic(path)
            return await self._publish_path(path, body, attributes, ordering_key)

    async def _publish_path(
        self, path: str, body: bytes, attributes: dict[str, str], ordering_key: str
    ) -> str:
        attrs = {str(k): str(v) for k, v in attributes.items()}
        try:
            future = await asyncio.to_thread(
                self.publisher.publish, path, body, ordering_key=ordering_key or "", **attrs
            )
            message_id = await asyncio.wrap_future(future)
        except Exception:
            if ordering_key:
                # An ordered publish failure pauses the key; let later publishes through.
                self.publisher.resume_publish(path, ordering_key)
            raise
        return str(message_id)

    # -- topology ----------------------------------------------------------------

    async def _create_topic(self, path: str) -> None:
        if path in self._known_topics:
            return
        try:
            await asyncio.to_thread(self.publisher.create_topic, name=path)
        except _exc("AlreadyExists"):
            pass
        self._known_topics.add(path)

    def subscription_request(self, spec: SubscriptionSpec) -> dict[str, Any]:
        """The ``create_subscription`` request of ``spec``."""
        from google.protobuf import duration_pb2

        request: dict[str, Any] = {
            "name": subscription_path(self.project, spec.name),
            "topic": topic_path(self.project, spec.topic),
            "ack_deadline_seconds": self.ack_deadline_s,
            "enable_message_ordering": self.message_ordering,
            "retry_policy": {
                "minimum_backoff": duration_pb2.Duration(seconds=self.min_backoff_s),
                "maximum_backoff": duration_pb2.Duration(seconds=self.max_backoff_s),
            },
            "dead_letter_policy": {
                "dead_letter_topic": topic_path(self.project, dead_letter_topic(spec.name)),
                "max_delivery_attempts": self.max_deliveries,
            },
            "message_retention_duration": duration_pb2.Duration(seconds=int(RETENTION.total_seconds())),
            "expiration_policy": {},  # no ttl: never expires while idle
        }
        expr = _subscription_filter(spec)
        if expr:
            request["filter"] = expr
        return request

    def dead_letter_subscription_request(self, subscription: str) -> dict[str, Any]:
        from google.protobuf import duration_pb2

        return {
            "name": dead_letter_subscription_path(self.project, subscription),
            "topic": topic_path(self.project, dead_letter_topic(subscription)),
            "ack_deadline_seconds": self.ack_deadline_s,
            "message_retention_duration": duration_pb2.Duration(seconds=int(RETENTION.total_seconds())),
            "expiration_policy": {},
        }

    async def _create_subscription(self, request: dict[str, Any]) -> None:
        try:
            await asyncio.to_thread(self.subscriber.create_subscription, request=request)
        except _exc("AlreadyExists"):
            await self._warn_if_filter_changed(request)

    async def _warn_if_filter_changed(self, request: dict[str, Any]) -> None:
        """A subscription's filter cannot be changed; a new spec needs a new subscription."""
        try:
            existing = await asyncio.to_thread(self.subscriber.get_subscription, subscription=request["name"])
        except Exception:  # only a diagnostic
            return
        current = getattr(existing, "filter", None)
        if isinstance(current, str) and current != request.get("filter", ""):
            log.warning(
                "transport.pubsub.filter_mismatch",
                subscription=request["name"],
                existing=current,
                wanted=request.get("filter", ""),
            )

    async def ensure_topology(
        self, topics: Iterable[str] = (), subscriptions: Iterable[SubscriptionSpec] = ()
    ) -> None:
        """Create topics, dead-letter topics and subscriptions; idempotent."""
        specs = list(subscriptions)
        wanted = [*topics, *(s.topic for s in specs), *(dead_letter_topic(s.name) for s in specs)]
        for topic in dict.fromkeys(wanted):
            await self._create_topic(topic_path(self.project, topic))
        for spec in specs:
            await self._create_subscription(self.dead_letter_subscription_request(spec.name))
            await self._create_subscription(self.subscription_request(spec))

    async def subscribe(self, spec: SubscriptionSpec, consumer_name: str) -> PubSubSubscriber:
        if spec not in self._ensured:
            await self.ensure_topology(subscriptions=[spec])
            self._ensured.add(spec)
        return PubSubSubscriber(self, spec, consumer_name)

    # -- pull / ack ----------------------------------------------------------------

    async def _pull(self, path: str, max_messages: int, timeout_ms: int) -> list[Any]:
        n = _clamp(max_messages, 1, MAX_PULL_MESSAGES)
        timeout = max(0.1, timeout_ms / 1000)
        try:
            response = await asyncio.to_thread(
                self.subscriber.pull, subscription=path, max_messages=n, timeout=timeout
            )
        except _pull_empty_errors():
            return []
        return list(response.received_messages)

    async def _acknowledge(self, path: str, ack_ids: list[str]) -> None:
        if ack_ids:
            await asyncio.to_thread(self.subscriber.acknowledge, subscription=path, ack_ids=ack_ids)

    async def _modify_ack_deadline(self, path: str, ack_ids: list[str], seconds: int) -> None:
        if ack_ids:
            await asyncio.to_thread(
                self.subscriber.modify_ack_deadline,
                subscription=path,
                ack_ids=ack_ids,
                ack_deadline_seconds=seconds,
            )

    # -- dead letters --------------------------------------------------------------

    async def _pull_dead_letters(self, subscription: str, limit: int) -> tuple[str, list[Any]]:
        """Pull up to ``limit`` distinct messages from the DLQ subscription (not acked)."""
        path = dead_letter_subscription_path(self.project, subscription)
        seen: dict[str, Any] = {}
        while len(seen) < limit:
            try:
                batch = await self._pull(path, limit - len(seen), 2000)
            except _exc("NotFound"):
                break
            fresh = [m for m in batch if m.message.message_id not in seen]
            for m in batch:
                seen.setdefault(m.message.message_id, m)
            if not fresh:
                break
        return path, list(seen.values())

    async def _release(self, path: str, received: list[Any]) -> None:
        await self._modify_ack_deadline(path, [m.ack_id for m in received], 0)

    async def dead_letters(self, subscription: str, limit: int = 100) -> list[Delivery]:
        path, received = await self._pull_dead_letters(subscription, limit)
        try:
            return [_dead_letter_delivery(m) for m in received]
        finally:
            await self._release(path, received)

    async def _original_topic_path(self, subscription: str, attributes: dict[str, str]) -> str:
        if attributes.get("dlq_topic"):
            return topic_path(self.project, attributes["dlq_topic"])
        # Forwarded by the service's dead-letter policy: the subscription knows its topic.
        sub = await asyncio.to_thread(
            self.subscriber.get_subscription, subscription=subscription_path(self.project, subscription)
        )
        return str(sub.topic)

    async def replay_dead_letter(self, subscription: str, message_id: str) -> bool:
        """Republish the same message (same body, same event_id) to its topic and ack it."""
        path, received = await self._pull_dead_letters(subscription, MAX_PULL_MESSAGES)
        found = next((m for m in received if m.message.message_id == message_id), None)
        others = [m for m in received if m is not found]
        try:
            if found is None:
                return False
            attrs = {
                k: v
                for k, v in dict(found.message.attributes).items()
                if k not in DLQ_ATTRIBUTES and not k.startswith(_PUBSUB_DLQ_PREFIX)
            }
            target = await self._original_topic_path(subscription, dict(found.message.attributes))
            await self._publish_path(target, bytes(found.message.data), attrs, attrs.get("aggregate_id", ""))
            await self._acknowledge(path, [found.ack_id])
            log.info(
                "transport.dead_letter_replayed",
                subscription=subscription,
                message_id=message_id,
                event_id=attrs.get("event_id"),
            )
            return True
        finally:
            await self._release(path, others)

    # -- lifecycle -----------------------------------------------------------------

    async def close(self) -> None:
        owns_publisher, owns_subscriber = self._owns_clients
        if self._publisher is not None and owns_publisher:
            publisher, self._publisher = self._publisher, None
            await asyncio.to_thread(_stop_publisher, publisher)
        if self._subscriber is not None and owns_subscriber:
            subscriber, self._subscriber = self._subscriber, None
            await asyncio.to_thread(subscriber.close)


def _stop_publisher(publisher: Any) -> None:
    try:
        publisher.stop()  # flushes pending batches
    finally:
        transport = getattr(publisher, "transport", None)
        if transport is not None and hasattr(transport, "close"):
            transport.close()


def _dead_letter_delivery(received: Any) -> Delivery:
    message = received.message
    attrs = dict(message.attributes)
    count = attrs.get("dlq_delivery_count") or attrs.get(_SOURCE_DELIVERY_COUNT) or "0"
    attrs.setdefault("dlq_reason", "max_deliveries" if _SOURCE_DELIVERY_COUNT in attrs else "")
    return Delivery(
        message_id=message.message_id,
        body=bytes(message.data),
        attributes=attrs,
        delivery_count=int(count) if count.isdigit() else 0,
        handle=received.ack_id,
    )


async def ensure_topology(
    project: str,
    specs: Iterable[SubscriptionSpec],
    *,
    topics: Iterable[str] = (),
    publisher: Any = None,
    subscriber: Any = None,
    **options: Any,
) -> None:
    """Create the topics, dead-letter topics and subscriptions of ``specs`` in ``project``."""
    transport = PubSubTransport(project, publisher=publisher, subscriber=subscriber, **options)
    try:
        await transport.ensure_topology(topics, list(specs))
    finally:
        await transport.close()
