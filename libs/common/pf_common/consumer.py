"""Consumers: the inbox and the runner that applies each event once.

A consumer is one handler for one event type::

    CONSUMERS = [Consumer(handler=release_reservations, event=OrderCanceledV1)]

Its subscription is ``<service>.<handler name>`` on the producer's topic.
For each delivery the runner:

1. decodes the envelope; malformed ⇒ dead letter (never crashes the worker);
2. acks and logs types it does not handle or does not know (forward compatible);
3. validates the payload; invalid ⇒ dead letter with the reason;
4. in ONE transaction inserts ``processed_events(consumer, event_id)`` and runs
   the handler; a duplicate insert skips the handler (already applied);
5. acks only after that commit. ``RetryableError`` or any unexpected error ⇒
   nack (redelivered with backoff) until the max deliveries, then dead letter;
   ``PoisonMessage`` ⇒ dead letter at once.

A handler that calls the network or a blob store cannot run inside that transaction
(ARCHITECTURE §1): it is ``Consumer(..., transaction=False)``, gets the ``Database`` instead of
a session and opens its own short transactions (claim → release → call → record); step 4 then
becomes: an event already in the inbox is skipped, the handler runs, and the inbox row is
written after it returned (see ``ConsumerRunner.apply``).

A handler that needs the process's clients (a blob store, another service's client) declares a
fourth parameter, the service context (:mod:`pf_common.context`), and the runner passes its
``context`` there: ``async def process_media(db, event, envelope, ctx: MediaContext)``. Handlers
of three parameters get none; a runner without a context refuses a handler that wants one.
"""

from __future__ import annotations

import asyncio
import inspect
import os
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, cast

import sqlalchemy as sa
import structlog
from prometheus_client import Counter
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from pf_common.context import ServiceContext
from pf_common.db import Database
from pf_common.errors import PoisonMessage, RetryableError
from pf_common.events.envelope import Envelope
from pf_common.events.registry import (
    EventPayload,
    InvalidEvent,
    UnknownEventType,
    decode_envelope,
    topic_for,
    validate_payload,
)
from pf_common.logging import get_logger
from pf_common.platform_tables import platform_tables_for
from pf_common.transports.base import Delivery, Subscriber, SubscriptionSpec, Transport

log = get_logger(__name__)

# handler(session | db, payload, envelope[, context]): the context only when declared (docstring)
Handler = (
    Callable[[AsyncSession, Any, Envelope], Awaitable[None]]
    | Callable[[AsyncSession, Any, Envelope, Any], Awaitable[None]]
)
OwnTransactionsHandler = (
    Callable[[Database, Any, Envelope], Awaitable[None]]
    | Callable[[Database, Any, Envelope, Any], Awaitable[None]]
)

CONSUMED = Counter("pf_consumer_events_total", "Deliveries by outcome", ["subscription", "outcome"])


@dataclass(frozen=True)
class ExternalSource:
    """Messages that are not our envelopes (e.g. Cloud Storage bucket notifications).

    ``decode(delivery)`` returns ``(envelope, payload)``: an envelope whose ``event_id``
    is a stable id of the message (the inbox key, so a redelivery applies once) and the
    payload the handler gets. It raises ``InvalidEvent`` for a message it cannot read
    (dead-lettered) and returns ``None`` for one to ignore (acked).
    """

    topic: str
    decode: Callable[[Delivery], tuple[Envelope, Any] | None]


@dataclass(frozen=True)
class Consumer:
    """One handler of one event type (``handler(session, payload, envelope)``).

    ``producer`` picks the topic when several services publish the type
    (``media_references_changed``): one consumer per producer, each its own subscription.
    ``external`` consumes a topic of foreign messages instead (``event`` is then only a label).
    ``transaction=False``: ``handler(db, payload, envelope)`` opens its own transactions (module
    docstring). A fourth parameter of the handler receives the service context.
    """

    handler: Handler | OwnTransactionsHandler
    event: type[EventPayload] | None = None  # None only with ``external``
    name: str | None = None  # defaults to the handler's function name
    producer: str | None = None
    external: ExternalSource | None = None
    transaction: bool = True

    def __post_init__(self) -> None:
        if (self.event is None) == (self.external is None):
            raise ValueError("a consumer has an event type or an external source, not both")

    @property
    def handler_name(self) -> str:
        return self.name or self.handler.__name__

    @property
    def takes_context(self) -> bool:
        """Whether the handler declares a fourth positional parameter (the service context)."""
        try:
            params = inspect.signature(self.handler).parameters.values()
        except (TypeError, ValueError):  # a callable without a signature gets three arguments
            return False
        positional = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
        return sum(p.kind in positional for p in params) >= 4

    @property
    def producer_name(self) -> str:
        if self.event is None:
            return ""
        return self.producer or self.event.producer

    def subscription(self, service: str) -> SubscriptionSpec:
        if self.external is not None:
            return SubscriptionSpec(name=f"{service}.{self.handler_name}", topic=self.external.topic)
        assert self.event is not None
        return SubscriptionSpec(
            name=f"{service}.{self.handler_name}",
            topic=topic_for(self.producer_name),
            event_types=frozenset({self.event.event_type}),
        )


class Outcome:
    APPLIED = "applied"
    DUPLICATE = "duplicate"
    IGNORED = "ignored"
    RETRY = "retry"
    DEAD = "dead_lettered"


@dataclass
class ConsumerRunner:
    """Runs one consumer against its subscription until stopped.

    ``context`` (the process's service context) goes to a handler that declares it."""

    db: Database
    transport: Transport
    consumer: Consumer
    max_deliveries: int = 10
    batch_size: int = 20
    block_ms: int = 1000
    consumer_name: str = field(default_factory=lambda: f"{socket.gethostname()}-{os.getpid()}")
    context: ServiceContext[Any] | None = None
    _stop: asyncio.Event = field(default_factory=asyncio.Event)
    _extra_args: tuple[Any, ...] = field(init=False, default=())

    def __post_init__(self) -> None:
        if self.consumer.takes_context:
            if self.context is None:
                raise ValueError(
                    f"consumer {self.consumer.handler_name} takes the service context: "
                    "give the runner one (ConsumerRunner(..., context=...))"
                )
            self._extra_args = (self.context,)

    @property
    def spec(self) -> SubscriptionSpec:
        return self.consumer.subscription(self.db.service)

    async def apply(self, envelope: Envelope, payload: Any) -> str:
        """Inbox insert + handler in one transaction. Returns APPLIED or DUPLICATE.

        A ``transaction=False`` consumer: an event already in the inbox is a DUPLICATE; else the
        handler runs outside any transaction and the inbox row is written once it returned. A
        crash in between, or a redelivery while it runs, runs the handler again: it must be
        idempotent also when two runs overlap (every write guarded on the current state).
        """
        if not self.consumer.transaction:
            return await self._apply_own_transactions(envelope, payload)
        processed = platform_tables_for(self.db.schema).processed
        async with self.db.transaction() as session:
            inserted = await session.execute(
                insert(processed)
                .values(consumer=self.spec.name, event_id=envelope.event_id)
                .on_conflict_do_nothing()
                .returning(processed.c.event_id)
            )
            if inserted.first() is None:
                return Outcome.DUPLICATE
            handler = cast("Callable[..., Awaitable[None]]", self.consumer.handler)
            await handler(session, payload, envelope, *self._extra_args)
        return Outcome.APPLIED

    async def _apply_own_transactions(self, envelope: Envelope, payload: Any) -> str:
        processed = platform_tables_for(self.db.schema).processed
        key = (processed.c.consumer == self.spec.name) & (processed.c.event_id == envelope.event_id)
        async with self.db.transaction() as session:
            if await session.scalar(sa.select(sa.literal(1)).where(key)) is not None:
                return Outcome.DUPLICATE
        handler = cast("Callable[..., Awaitable[None]]", self.consumer.handler)
        await handler(self.db, payload, envelope, *self._extra_args)
        async with self.db.transaction() as session:
            inserted = await session.execute(
                insert(processed)
                .values(consumer=self.spec.name, event_id=envelope.event_id)
                .on_conflict_do_nothing()
                .returning(processed.c.event_id)
            )
            return Outcome.APPLIED if inserted.first() is not None else Outcome.DUPLICATE

    async def handle(self, subscriber: Subscriber, delivery: Delivery) -> str:
        if self.consumer.external is not None:
            try:
                decoded = self.consumer.external.decode(delivery)
            except InvalidEvent as exc:
                await subscriber.dead_letter(delivery, f"undecodable message: {exc}")
                return Outcome.DEAD
            if decoded is None:
                await subscriber.ack(delivery)
                return Outcome.IGNORED
            envelope, payload = decoded
            with structlog.contextvars.bound_contextvars(event_id=str(envelope.event_id)):
                return await self._apply_delivery(subscriber, delivery, envelope, payload)
        event = self.consumer.event
        assert event is not None
        event_type = delivery.attributes.get("event_type")
        spec = subscriber.spec
        if spec.event_types and event_type is not None and event_type not in spec.event_types:
            await subscriber.ack(delivery)
            return Outcome.IGNORED
        try:
            envelope = decode_envelope(delivery.body)
        except InvalidEvent as exc:
            await subscriber.dead_letter(delivery, f"malformed envelope: {exc}")
            return Outcome.DEAD
        if spec.event_types and envelope.event_type not in spec.event_types:
            await subscriber.ack(delivery)
            return Outcome.IGNORED
        bind = {"event_id": str(envelope.event_id), "event_type": envelope.event_type}
        if envelope.request_id:
            bind["request_id"] = envelope.request_id
        with structlog.contextvars.bound_contextvars(**bind):
            try:
                if envelope.event_version != event.event_version:
                    raise UnknownEventType(
                        f"unsupported version {envelope.event_version} of {envelope.event_type}"
                    )
                payload = validate_payload(envelope)
            except UnknownEventType as exc:
                if envelope.event_type == event.event_type:
                    await subscriber.dead_letter(delivery, str(exc))
                    return Outcome.DEAD
                log.info("consumer.unknown_event_type", subscription=spec.name)
                await subscriber.ack(delivery)
                return Outcome.IGNORED
            except InvalidEvent as exc:
                await subscriber.dead_letter(delivery, str(exc))
                return Outcome.DEAD
            return await self._apply_delivery(subscriber, delivery, envelope, payload)

    async def _apply_delivery(
        self, subscriber: Subscriber, delivery: Delivery, envelope: Envelope, payload: Any
    ) -> str:
        spec = subscriber.spec
        try:
            outcome = await self.apply(envelope, payload)
        except PoisonMessage as exc:
            await subscriber.dead_letter(delivery, f"poison: {exc}")
            return Outcome.DEAD
        except Exception as exc:
            reason = f"{type(exc).__name__}: {exc}"
            retryable = isinstance(exc, RetryableError)
            if delivery.delivery_count >= self.max_deliveries:
                await subscriber.dead_letter(delivery, f"max deliveries: {reason}")
                return Outcome.DEAD
            log.warning(
                "consumer.handler_failed",
                subscription=spec.name,
                delivery_count=delivery.delivery_count,
                retryable=retryable,
                error=reason[:300],
                exc_info=not retryable,
            )
            await subscriber.nack(delivery)
            return Outcome.RETRY
        await subscriber.ack(delivery)
        if outcome == Outcome.APPLIED:
            log.info("consumer.applied", subscription=spec.name)
        return outcome

    def stop(self) -> None:
        self._stop.set()

    async def run(self) -> None:
        subscriber = await self.transport.subscribe(self.spec, self.consumer_name)
        log.info("consumer.started", subscription=self.spec.name, topic=self.spec.topic)
        backoff = 0.1
        try:
            while not self._stop.is_set():
                try:
                    deliveries = await subscriber.fetch(self.batch_size, self.block_ms)
                    backoff = 0.1
                except asyncio.CancelledError:
                    raise
                except Exception as exc:  # transport down: retry with backoff
                    log.warning("consumer.fetch_failed", subscription=self.spec.name, error=str(exc))
                    await asyncio.sleep(backoff)
                    backoff = min(backoff * 2, 5.0)
                    continue
                for delivery in deliveries:
                    try:
                        outcome = await self.handle(subscriber, delivery)
                    except asyncio.CancelledError:
                        raise
                    except Exception as exc:  # ack/nack failed: it will be redelivered
                        log.warning("consumer.delivery_failed", subscription=self.spec.name, error=str(exc))
                        outcome = Outcome.RETRY
                    CONSUMED.labels(self.spec.name, outcome).inc()
        finally:
            await subscriber.close()
            log.info("consumer.stopped", subscription=self.spec.name)
