"""The transport contract shared by Redis Streams and Pub/Sub.

* ``publish`` sends one envelope to a topic; the ordering key is the aggregate id.
* ``subscribe`` returns a ``Subscriber`` bound to one subscription
  (``<consumer-service>.<handler>``) on one topic, filtered by event type.
* A subscriber ``fetch``es deliveries, then ``ack``s each one (or a batch of
  them, ``ack_many``) only after the handler's transaction committed,
  ``nack``s to get it redelivered later, or ``dead_letter``s it. A delivery
  not acked within the ack deadline is redelivered (the process may have died).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True)
class SubscriptionSpec:
    name: str  # <consumer-service>.<handler>
    topic: str  # pf.<producer>.events
    event_types: frozenset[str] = field(default_factory=frozenset)  # empty = all


@dataclass
class Delivery:
    message_id: str
    body: bytes
    attributes: dict[str, str]
    delivery_count: int
    handle: Any = None  # transport-specific ack handle


class Subscriber(Protocol):
    spec: SubscriptionSpec

    async def fetch(self, max_messages: int, timeout_ms: int) -> list[Delivery]: ...

    async def ack(self, delivery: Delivery) -> None: ...

    async def ack_many(self, deliveries: list[Delivery]) -> None: ...

    async def nack(self, delivery: Delivery) -> None: ...

    async def dead_letter(self, delivery: Delivery, reason: str) -> None: ...

    async def close(self) -> None: ...


class Transport(Protocol):
    name: str

    async def publish(
        self, topic: str, body: bytes, attributes: dict[str, str], ordering_key: str
    ) -> str: ...

    async def subscribe(self, spec: SubscriptionSpec, consumer_name: str) -> Subscriber: ...

    async def dead_letters(self, subscription: str, limit: int = 100) -> list[Delivery]: ...

    async def replay_dead_letter(self, subscription: str, message_id: str) -> bool: ...

    async def close(self) -> None: ...


def dead_letter_topic(subscription: str) -> str:
    """``pf.dlq.<consumer>`` (spec/EVENTS.md §1)."""
    return f"pf.dlq.{subscription}"
