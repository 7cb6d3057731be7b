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

The runner applies what one fetch returned as a batch (``ConsumerRunner.handle_batch``): the
first deliveries of the batch share one transaction (one inbox statement, the handlers in
delivery order, one commit) and one ack. If any handler raises, that transaction rolls back and
the batch is applied one by one as above, so batching changes the cost of an event, never its
outcome. A handler therefore never sees partial effects of another event of its batch that
failed. After a fetch that brought more than one delivery but did not fill a batch (a busy
stream) the runner waits ``linger_ms`` (5 ms in the worker) before the next one, so that a busy
stream is read in batches rather than an event at a time; a lone event after a quiet spell is
applied at once, and an idle stream costs nothing (its fetch blocks until an entry arrives).

A handler that calls the network or a blob store cannot run inside that transaction
(ARCHITECTURE §1): it is ``Consumer(..., transaction=False)``, gets the ``Database`` instead of
a session and opens its own short transactions (claim → release → call → record); step 4 then
becomes: an event already in the inbox is skipped, the handler runs, and the inbox row is
written after it returned (see ``ConsumerRunner.apply``).

A handler whose effect is a few known statements can run them as lean statements
(``pf_common.lean``) in a lean transaction instead of an ORM session: ``Consumer(..., lean=True)``
gets ``handler(tx, payload, envelope)`` with ``tx`` a ``LeanTransaction`` of
``Database.lean_transaction()``; the inbox statement and the commit are the same, one ORM
session's overhead less per batch or event. (The inbox statement is a ``pf_common.lean``
Statement on either: in an ORM session it is sent on the session's connection, not through
SQLAlchemy.)

A handler that needs the process's clients (a blob store, another service's client) declares a
fourth parameter, the service context (:mod:`pf_common.context`), and the runner passes its
``context`` there: ``async def process_media(db, event, envelope, ctx: MediaContext)``. Handlers
of three parameters get none; a runner without a context refuses a handler that wants one.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import os
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, cast
from uuid import UUID

import sqlalchemy as sa
import structlog
from prometheus_client import Counter
from sqlalchemy.dialects.postgresql import ARRAY, insert
from sqlalchemy.dialects.postgresql import UUID as PGUUID
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
from pf_common.lean import LeanTransaction, Statement
from pf_common.logging import get_logger
from pf_common.platform_tables import platform_tables_for
from pf_common.transports.base import Delivery, Subscriber, SubscriptionSpec, Transport

log = get_logger(__name__)

# handler(session | tx | db, payload, envelope[, context]): the context only when declared (docstring)
Handler = (
    Callable[[AsyncSession, Any, Envelope], Awaitable[None]]
    | Callable[[AsyncSession, Any, Envelope, Any], Awaitable[None]]
)
LeanHandler = (
    Callable[[LeanTransaction, Any, Envelope], Awaitable[None]]
    | Callable[[LeanTransaction, Any, Envelope, Any], Awaitable[None]]
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
    docstring). ``lean=True``: ``handler(tx, payload, envelope)`` runs lean statements in a lean
    transaction (module docstring). A fourth parameter of the handler receives the service context.
    """

    handler: Handler | LeanHandler | OwnTransactionsHandler
    event: type[EventPayload] | None = None  # None only with ``external``
    name: str | None = None  # defaults to the handler's function name
    producer: str | None = None
    external: ExternalSource | None = None
    transaction: bool = True
    lean: bool = False

    def __post_init__(self) -> None:
        if (self.event is None) == (self.external is None):
            raise ValueError("a consumer has an event type or an external source, not both")
        if self.lean and not self.transaction:
            raise ValueError("a lean consumer runs in the runner's transaction: not with transaction=False")

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


@dataclass(frozen=True, slots=True)
class _Prepared:
    """A delivery decoded and validated: what its handler gets, and the log context to bind."""

    envelope: Envelope
    payload: Any
    bind: dict[str, str]


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
    linger_ms: int = 0  # after a partial batch, let more arrive before the next fetch
    consumer_name: str = field(default_factory=lambda: f"{socket.gethostname()}-{os.getpid()}")
    context: ServiceContext[Any] | None = None
    _stop: asyncio.Event = field(default_factory=asyncio.Event)
    _extra_args: tuple[Any, ...] = field(init=False, default=())
    _spec: SubscriptionSpec = field(init=False, repr=False)
    _inbox_insert: Statement = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._spec = self.consumer.subscription(self.db.service)
        # the inbox statement, built once: the rows of a batch (or of one event) from one array, as
        # a lean statement: on a lean transaction and on an ORM session alike (pf_common.lean)
        processed = platform_tables_for(self.db.schema).processed
        ids = sa.func.unnest(sa.bindparam("event_ids", type_=ARRAY(PGUUID(as_uuid=True))))
        self._inbox_insert = Statement(
            insert(processed)
            .from_select(["consumer", "event_id"], sa.select(sa.bindparam("consumer", type_=sa.Text), ids))
            .on_conflict_do_nothing()
            .returning(processed.c.event_id),
            name="InboxRow",
        )
        if self.consumer.takes_context:
            if self.context is None:
                raise ValueError(
                    f"consumer {self.consumer.handler_name} takes the service context: "
                    "give the runner one (ConsumerRunner(..., context=...))"
                )
            self._extra_args = (self.context,)

    @property
    def spec(self) -> SubscriptionSpec:
        return self._spec

    async def apply(self, envelope: Envelope, payload: Any) -> str:
        """Inbox insert + handler in one transaction. Returns APPLIED or DUPLICATE.

        A ``transaction=False`` consumer: an event already in the inbox is a DUPLICATE; else the
        handler runs outside any transaction and the inbox row is written once it returned. A
        crash in between, or a redelivery while it runs, runs the handler again: it must be
        idempotent also when two runs overlap (every write guarded on the current state).
        """
        if not self.consumer.transaction:
            return await self._apply_own_transactions(envelope, payload)
        handler = cast("Callable[..., Awaitable[None]]", self.consumer.handler)
        async with self._transaction() as tx:
            if not await self._inbox(tx, [envelope]):
                return Outcome.DUPLICATE
            await handler(tx, payload, envelope, *self._extra_args)
        return Outcome.APPLIED

    async def _inbox(self, tx: AsyncSession | LeanTransaction, envelopes: list[Envelope]) -> set[UUID]:
        """Insert the inbox rows of ``envelopes``: the event ids inserted (the others were applied
        before)."""
        rows = await self._inbox_insert.all(
            tx, consumer=self.spec.name, event_ids=[e.event_id for e in envelopes]
        )
        return {row.event_id for row in rows}

    async def _apply_own_transactions(self, envelope: Envelope, payload: Any) -> str:
        processed = platform_tables_for(self.db.schema).processed
        key = (processed.c.consumer == self.spec.name) & (processed.c.event_id == envelope.event_id)
        async with self.db.transaction() as session:
            if await session.scalar(sa.select(sa.literal(1)).where(key)) is not None:
                return Outcome.DUPLICATE
        handler = cast("Callable[..., Awaitable[None]]", self.consumer.handler)
        await handler(self.db, payload, envelope, *self._extra_args)
        async with self.db.transaction() as session:
            return Outcome.APPLIED if await self._inbox(session, [envelope]) else Outcome.DUPLICATE

    async def handle(self, subscriber: Subscriber, delivery: Delivery) -> str:
        """Apply one delivery (steps 1–5 of the module docstring) and ack, nack or dead-letter it."""
        prepared = await self._prepare(subscriber, delivery)
        if isinstance(prepared, str):
            if prepared == Outcome.IGNORED:
                await subscriber.ack(delivery)
            return prepared
        return await self._apply_one(subscriber, delivery, prepared)

    async def handle_batch(self, subscriber: Subscriber, deliveries: list[Delivery]) -> list[str]:
        """Apply a fetched batch: the outcome of each delivery, in order.

        First deliveries of a ``transaction=True`` consumer are applied together: one transaction
        inserts their inbox rows in one statement and runs their handlers in delivery order, then
        one ``ack_many``. If any handler raises, that transaction rolls back and every delivery
        of the batch goes through ``handle``'s path one by one, so a failure is judged (retry,
        dead letter) exactly as without batching. Redeliveries, which may be the failing ones,
        go one by one from the start.
        """
        outcomes: list[str | None] = [None] * len(deliveries)
        batch: list[tuple[int, Delivery, _Prepared]] = []
        to_ack: list[Delivery] = []
        applied_together: list[_Prepared] = []
        for i, delivery in enumerate(deliveries):
            prepared = await self._prepare(subscriber, delivery)
            if isinstance(prepared, str):
                outcomes[i] = prepared
                if prepared == Outcome.IGNORED:
                    to_ack.append(delivery)
            elif self.consumer.transaction and delivery.delivery_count == 1:
                batch.append((i, delivery, prepared))
            else:
                outcomes[i] = await self._apply_one(subscriber, delivery, prepared)
        applied = await self._apply_together([p for _, _, p in batch]) if len(batch) > 1 else None
        if applied is None:  # a lone first delivery, or a batch that rolled back: one by one
            for i, delivery, prepared in batch:
                outcomes[i] = await self._apply_one(subscriber, delivery, prepared)
        else:
            for (i, delivery, prepared), outcome in zip(batch, applied, strict=True):
                outcomes[i] = outcome
                to_ack.append(delivery)
                if outcome == Outcome.APPLIED:
                    applied_together.append(prepared)
        await subscriber.ack_many(to_ack)
        for prepared in applied_together:
            with structlog.contextvars.bound_contextvars(**prepared.bind):
                log.info("consumer.applied", subscription=self.spec.name)
        assert None not in outcomes  # every delivery got its outcome above
        return cast("list[str]", outcomes)

    async def _apply_one(self, subscriber: Subscriber, delivery: Delivery, prepared: _Prepared) -> str:
        with structlog.contextvars.bound_contextvars(**prepared.bind):
            return await self._apply_delivery(subscriber, delivery, prepared.envelope, prepared.payload)

    async def _apply_together(self, items: list[_Prepared]) -> list[str] | None:
        """Inbox rows and handlers of ``items`` in one transaction; None when it rolled back."""
        handler = cast("Callable[..., Awaitable[None]]", self.consumer.handler)
        outcomes: list[str] = []
        try:
            async with self._transaction() as session:
                inserted = await self._inbox(session, [p.envelope for p in items])
                for p in items:
                    if p.envelope.event_id not in inserted:  # applied before, or earlier in this batch
                        outcomes.append(Outcome.DUPLICATE)
                        continue
                    inserted.discard(p.envelope.event_id)
                    with structlog.contextvars.bound_contextvars(**p.bind):
                        await handler(session, p.payload, p.envelope, *self._extra_args)
                    outcomes.append(Outcome.APPLIED)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.info(
                "consumer.batch_rolled_back",
                subscription=self.spec.name,
                batch_size=len(items),
                error=f"{type(exc).__name__}: {exc}"[:300],
            )
            return None
        return outcomes

    def _transaction(self) -> contextlib.AbstractAsyncContextManager[AsyncSession | LeanTransaction]:
        return self.db.lean_transaction() if self.consumer.lean else self.db.transaction()

    async def _prepare(self, subscriber: Subscriber, delivery: Delivery) -> _Prepared | str:
        """Decode and validate a delivery: what to apply, or the outcome when there is nothing to
        apply (dead-lettered here, or IGNORED: the caller acks it)."""
        if self.consumer.external is not None:
            try:
                decoded = self.consumer.external.decode(delivery)
            except InvalidEvent as exc:
                await subscriber.dead_letter(delivery, f"undecodable message: {exc}")
                return Outcome.DEAD
            if decoded is None:
                return Outcome.IGNORED
            envelope, payload = decoded
            return _Prepared(envelope, payload, {"event_id": str(envelope.event_id)})
        event = self.consumer.event
        assert event is not None
        event_type = delivery.attributes.get("event_type")
        spec = subscriber.spec
        if spec.event_types and event_type is not None and event_type not in spec.event_types:
            return Outcome.IGNORED
        try:
            envelope = decode_envelope(delivery.body)
        except InvalidEvent as exc:
            await subscriber.dead_letter(delivery, f"malformed envelope: {exc}")
            return Outcome.DEAD
        if spec.event_types and envelope.event_type not in spec.event_types:
            return Outcome.IGNORED
        bind = {"event_id": str(envelope.event_id), "event_type": envelope.event_type}
        if envelope.request_id:
            bind["request_id"] = envelope.request_id
        try:
            if envelope.event_version != event.event_version:
                version = envelope.event_version
                raise UnknownEventType(f"unsupported version {version} of {envelope.event_type}")
            payload = validate_payload(envelope)
        except UnknownEventType as exc:
            with structlog.contextvars.bound_contextvars(**bind):
                if envelope.event_type == event.event_type:
                    await subscriber.dead_letter(delivery, str(exc))
                    return Outcome.DEAD
                log.info("consumer.unknown_event_type", subscription=spec.name)
                return Outcome.IGNORED
        except InvalidEvent as exc:
            with structlog.contextvars.bound_contextvars(**bind):
                await subscriber.dead_letter(delivery, str(exc))
                return Outcome.DEAD
        return _Prepared(envelope, payload, bind)

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
        counters = {
            o: CONSUMED.labels(self.spec.name, o)
            for o in (Outcome.APPLIED, Outcome.DUPLICATE, Outcome.IGNORED, Outcome.RETRY, Outcome.DEAD)
        }
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
                if not deliveries:
                    continue
                try:
                    outcomes = await self.handle_batch(subscriber, deliveries)
                except asyncio.CancelledError:
                    raise
                except Exception as exc:  # ack/nack failed: what was not acked will be redelivered
                    log.warning("consumer.delivery_failed", subscription=self.spec.name, error=str(exc))
                    outcomes = [Outcome.RETRY] * len(deliveries)
                for outcome in outcomes:
                    counters[outcome].inc()
                if self.linger_ms and 1 < len(deliveries) < self.batch_size:  # busy, not full
                    await asyncio.sleep(self.linger_ms / 1000)
        finally:
            await subscriber.close()
            log.info("consumer.stopped", subscription=self.spec.name)
