"""The outbox relay: publishes committed ``outbox_events`` rows (spec/EVENTS.md §2).

Per iteration, in one transaction: claim up to ``batch_size`` due rows with
``FOR UPDATE SKIP LOCKED`` (so several relays can run), validate each against
the registry (invalid ⇒ ``outbox_dlq`` as ``non_retryable``), publish them
(bounded by ``publish_timeout_s``), and mark them published, or count the
attempt, record ``last_error`` and schedule the next attempt with exponential
backoff; reaching ``max_attempts`` moves a row to ``outbox_dlq``
(``max_attempts``).

The transaction and its statements are lean (``pf_common.lean``): compiled once per schema, run on
a connection of ``Database.lean(write=True)`` (tests: a savepoint of their shared connection). A
batch of one costs ~1 ms of relay CPU (with the transport's lean Redis pipeline) instead of ~4
through an ORM session and redis-py (``run_once`` in process); ``make bench`` P13: 0.54 ms an event
with producers, was 1.0.

The batch is published in waves: wave k holds the k-th claimed row of each
aggregate, and the rows of a wave are published concurrently (the Redis
transport sends them as one pipeline). A failed row holds back the later rows
of its aggregate, so per-aggregate order is kept.

The broker call happens inside the claim transaction on purpose: the row
locks are the relay's lease, and they die with its connection, so a relay
killed mid-publish leaves its rows to the next relay at once (a duplicate at
worst, which consumers absorb). The call is one pipelined round trip per wave.

Wake-up: after a commit that emitted events, the writer publishes a Redis
message on ``pf:outbox:wake:<service>`` (no database lock is taken, unlike
NOTIFY, which serialises committing writers on a global lock). The relay
waits on that channel, lingers ``linger_ms`` when busy (its last batch held
more than one row) so that the commits of a busy moment go out as one batch,
and also polls with backoff, so a lost signal only delays publication to the
next poll. After a full batch it goes on at once; after a partial one it
waits for the next signal.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

import sqlalchemy as sa
from prometheus_client import Counter, Gauge
from redis.asyncio import Redis
from sqlalchemy.dialects.postgresql import ARRAY

from pf_common import lean
from pf_common.db import Database
from pf_common.events.envelope import Envelope
from pf_common.events.registry import InvalidEvent, topic_for, validate_payload
from pf_common.ids import uuid7
from pf_common.logging import get_logger
from pf_common.platform_tables import PlatformTables, platform_tables_for
from pf_common.resp import command
from pf_common.transports.base import Transport

log = get_logger(__name__)

OUTBOX_PUBLISHED = Counter("pf_outbox_published_total", "Outbox rows published", ["service"])
OUTBOX_FAILED = Counter("pf_outbox_publish_errors_total", "Outbox publish failures", ["service"])
OUTBOX_DLQ = Counter(
    "pf_outbox_dead_lettered_total", "Outbox rows moved to outbox_dlq", ["service", "reason"]
)
OUTBOX_BACKLOG = Gauge("pf_outbox_backlog", "Unpublished outbox rows", ["service"])
OUTBOX_OLDEST = Gauge(
    "pf_outbox_oldest_unpublished_seconds", "Age of the oldest unpublished row", ["service"]
)


@dataclass(frozen=True)
class _RelaySql:
    """The relay's statements for one schema, compiled once (``pf_common.lean``): a batch costs
    its round trips, not SQLAlchemy's session, pool and compile-cache work (~1 ms of CPU a batch)."""

    claim: lean.Statement
    published: lean.Statement
    retry_later: lean.Statement
    give_up: lean.Statement
    dead_letter: lean.Statement


@cache
def _relay_sql(schema: str, batch_size: int, max_attempts: int) -> _RelaySql:
    tables = platform_tables_for(schema)
    o, dlq = tables.outbox, tables.dlq

    def update(*columns: str) -> lean.Statement:
        by_id = o.c.id == sa.bindparam("id", type_=o.c.id.type)
        return lean.Statement(sa.update(o).where(by_id).values(lean.column_params(o, columns)))

    now = sa.bindparam("now", type_=o.c.next_attempt_at.type)
    claim = (
        sa.select(o)
        .where(
            o.c.published_at.is_(None),
            o.c.attempt_count < max_attempts,
            sa.or_(o.c.next_attempt_at.is_(None), o.c.next_attempt_at <= now),
        )
        .order_by(o.c.created_at, o.c.id)
        .limit(batch_size)
        .with_for_update(skip_locked=True)
    )
    ids = sa.bindparam("ids", type_=ARRAY(o.c.id.type))
    published = sa.update(o).where(o.c.id == sa.any_(ids)).values(published_at=sa.func.now(), last_error=None)
    dead_letter = sa.insert(dlq).values(
        lean.column_params(
            dlq,
            (
                "id",
                "event_id",
                "event_type",
                "aggregate_type",
                "aggregate_id",
                "payload_json",
                "error_reason",
                "error_message",
                "attempt_count",
            ),
        )
    )
    return _RelaySql(
        claim=lean.Statement(claim, name="OutboxRow"),
        published=lean.Statement(published),
        retry_later=update("attempt_count", "last_error", "next_attempt_at"),
        give_up=update("attempt_count", "last_error"),
        dead_letter=lean.Statement(dead_letter),
    )


def _about(row: Any) -> dict[str, str]:
    """What a log line about an outbox row says of it."""
    return {"outbox_id": str(row.id), "event_type": row.event_type, "aggregate_id": str(row.aggregate_id)}


def wake_channel(service: str) -> str:
    return f"pf:outbox:wake:{service}"


class OutboxWaker:
    """Signals the relay of ``service`` that new rows were committed.

    Called after each such commit, it returns at once: one background task publishes the
    signal, and the commits that come while a signal is on its way share the next one (each
    commit is still followed by a signal sent after it). A busy process thus sends one signal
    per Redis round trip, not one per commit, and no request waits for Redis. A failure is
    logged and dropped: the signal is a hint, the relay also polls.
    """

    def __init__(self, redis: Redis, service: str) -> None:
        self.redis = redis
        self.channel = wake_channel(service)
        self._wanted = False
        self._sender: asyncio.Task[None] | None = None

    async def __call__(self) -> None:
        self._wanted = True
        if self._sender is None or self._sender.done():
            self._sender = asyncio.get_running_loop().create_task(self._send())

    async def _send(self) -> None:
        while self._wanted:
            self._wanted = False  # commits from here on need the next signal
            try:
                await command(self.redis, "PUBLISH", self.channel, b"1")  # pf_common.resp: lean
            except Exception as exc:
                log.warning("outbox.wakeup.failed", channel=self.channel, error=str(exc))
                return


@dataclass
class RelayConfig:
    batch_size: int = 50
    max_attempts: int = 10
    poll_ms: int = 500
    max_sleep_ms: int = 10_000
    publish_timeout_s: float = 15.0
    linger_ms: int = 5
    retry_base_s: float = 1.0
    retry_max_s: float = 600.0
    retention_days: int = 30

    @classmethod
    def from_settings(cls, s: Any) -> RelayConfig:
        return cls(
            batch_size=s.outbox_publish_batch_size,
            max_attempts=s.outbox_max_attempts,
            poll_ms=s.outbox_publish_poll_ms,
            max_sleep_ms=s.outbox_publish_max_sleep_ms,
            publish_timeout_s=s.outbox_publish_timeout_s,
            linger_ms=s.outbox_publish_linger_ms,
            retention_days=s.outbox_retention_days,
        )


class OutboxRelay:
    def __init__(
        self,
        db: Database,
        transport: Transport,
        config: RelayConfig | None = None,
        *,
        redis: Redis | None = None,
    ) -> None:
        self.db = db
        self.transport = transport
        self.config = config or RelayConfig()
        self.redis = redis
        self.service = db.service
        self.tables: PlatformTables = platform_tables_for(db.schema)
        self.topic = topic_for(db.service)
        self._sql = _relay_sql(db.schema, self.config.batch_size, self.config.max_attempts)
        self._stop = asyncio.Event()

    def backoff_s(self, attempt_count: int) -> float:
        factor: int = 2 ** max(0, attempt_count - 1)  # typeshed: int ** int is Any (a negative power)
        return min(self.config.retry_max_s, self.config.retry_base_s * factor)

    async def _dead_letter(
        self, tx: lean.LeanTransaction, row: Any, reason: str, message: str, attempts: int
    ) -> None:
        await self._sql.dead_letter.execute(
            tx,
            id=uuid7(),
            event_id=row.id,
            event_type=row.event_type,
            aggregate_type=row.aggregate_type,
            aggregate_id=row.aggregate_id,
            payload_json=row.payload,
            error_reason=reason,
            error_message=message[:1024],
            attempt_count=attempts,
        )
        await self._sql.give_up.execute(
            tx, id=row.id, attempt_count=self.config.max_attempts, last_error=message[:1024]
        )
        OUTBOX_DLQ.labels(self.service, reason).inc()
        log.error(
            "outbox.relay.dead_lettered",
            **_about(row),
            event_id=str(row.id),
            reason=reason,
            attempt_count=attempts,
            last_error=message[:200],
        )

    async def run_once(self) -> int:
        """Publish one batch. Returns the number of rows handled (published or failed)."""
        now = datetime.now(UTC)
        async with lean.transaction(self.db.lean(write=True)) as tx:
            rows: Sequence[Any] = await self._sql.claim.all(tx, now=now)
            waves: list[list[tuple[Any, Envelope]]] = []
            position: dict[Any, int] = {}  # aggregate -> rows of it seen so far
            for row in rows:
                try:
                    envelope = Envelope.model_validate(row.payload)
                    if envelope.event_id != row.id or envelope.aggregate_id != row.aggregate_id:
                        raise InvalidEvent("envelope does not match its outbox row")
                    validate_payload(envelope)
                except (InvalidEvent, ValueError) as exc:
                    await self._dead_letter(tx, row, "non_retryable", str(exc), row.attempt_count)
                    continue
                k = position.get(row.aggregate_id, 0)
                position[row.aggregate_id] = k + 1
                if k == len(waves):
                    waves.append([])
                waves[k].append((row, envelope))
            blocked: set[Any] = set()  # aggregates with a failed row: their later rows wait
            published: list[Any] = []
            for wave in waves:
                todo = [(row, env) for row, env in wave if row.aggregate_id not in blocked]
                for (row, _env), result in zip(todo, await self._publish(todo), strict=True):
                    if isinstance(result, BaseException):
                        blocked.add(row.aggregate_id)
                        await self._failed(tx, row, result, now, len(rows))
                    else:
                        published.append(row.id)
            if published:  # one statement for the batch, not one per row
                await self._sql.published.execute(tx, ids=published)
                OUTBOX_PUBLISHED.labels(self.service).inc(len(published))
            if rows:
                log.debug("outbox.relay.batch", batch_size=len(rows), published=len(published))
        return len(rows)

    async def _publish(self, items: list[tuple[Any, Envelope]]) -> list[Any]:
        """Publish concurrently; per item its message id or the exception it failed with."""
        if not items:
            return []
        calls = [
            self.transport.publish(
                self.topic, env.to_json().encode(), env.attributes(), str(env.aggregate_id)
            )
            for _row, env in items
        ]
        try:
            async with asyncio.timeout(self.config.publish_timeout_s):
                if len(calls) == 1:
                    return [await calls[0]]
                return await asyncio.gather(*calls, return_exceptions=True)
        except Exception as exc:  # the timeout, or the one publish failed: any failure is retryable
            return [exc] * len(items)

    async def _failed(
        self, tx: lean.LeanTransaction, row: Any, exc: BaseException, now: datetime, batch_size: int
    ) -> None:
        attempts = row.attempt_count + 1
        err = f"{type(exc).__name__}: {exc}"[:1024]
        OUTBOX_FAILED.labels(self.service).inc()
        log.warning(
            "outbox.relay.publish_failed",
            **_about(row),
            attempt_count=attempts,
            batch_size=batch_size,
            last_error=err[:200],
        )
        if attempts >= self.config.max_attempts:
            await self._dead_letter(tx, row, "max_attempts", err, attempts)
            return
        await self._sql.retry_later.execute(
            tx,
            id=row.id,
            attempt_count=attempts,
            last_error=err,
            next_attempt_at=now + timedelta(seconds=self.backoff_s(attempts)),
        )

    async def refresh_metrics(self) -> tuple[int, float]:
        o = self.tables.outbox
        async with self.db.read() as session:
            count, oldest = (
                await session.execute(
                    sa.select(sa.func.count(), sa.func.min(o.c.created_at)).where(
                        o.c.published_at.is_(None), o.c.attempt_count < self.config.max_attempts
                    )
                )
            ).one()
        age = (datetime.now(UTC) - oldest).total_seconds() if oldest else 0.0
        OUTBOX_BACKLOG.labels(self.service).set(count)
        OUTBOX_OLDEST.labels(self.service).set(age)
        return int(count), age

    def stop(self) -> None:
        self._stop.set()

    async def run(self) -> None:
        """Loop until ``stop()``: publish, then sleep with backoff or until woken."""
        pubsub = None
        if self.redis is not None:
            pubsub = self.redis.pubsub(ignore_subscribe_messages=True)
            try:
                await pubsub.subscribe(wake_channel(self.service))
            except Exception as exc:
                log.warning("outbox.relay.wake_unavailable", error=str(exc))
                pubsub = None
        idle_loops = 0
        next_metrics = 0.0
        log.info("outbox.relay.started", topic=self.topic)
        try:
            while not self._stop.is_set():
                now_mono = asyncio.get_running_loop().time()
                if now_mono >= next_metrics:  # backlog gauges, at most every 10 s
                    next_metrics = now_mono + 10
                    with contextlib.suppress(Exception):
                        await self.refresh_metrics()
                try:
                    handled = await self.run_once()
                except Exception as exc:
                    log.warning("outbox.relay.iteration_failed", error=f"{type(exc).__name__}: {exc}")
                    handled = 0
                if handled >= self.config.batch_size:  # a full batch: more is probably due
                    idle_loops = 0
                    continue
                # a partial batch took everything due: the next commit's signal wakes us
                idle_loops = 0 if handled else idle_loops + 1
                sleep_ms = min(self.config.max_sleep_ms, self.config.poll_ms * 2 ** max(0, idle_loops - 1))
                sleep_s = sleep_ms / 1000 + random.uniform(0, 0.25)
                woken = await self._sleep_or_wake(pubsub, sleep_s)
                if woken and handled > 1 and self.config.linger_ms:
                    # busy (the last batch had company): let the commits of this moment join the
                    # next batch; a lone event after a quiet spell goes out at once
                    await asyncio.sleep(self.config.linger_ms / 1000)
                    await self._drain_signals(pubsub)
        finally:
            if pubsub is not None:
                with contextlib.suppress(Exception):  # shutting down
                    await pubsub.aclose()
            log.info("outbox.relay.stopped")

    async def _sleep_or_wake(self, pubsub: Any, timeout_s: float) -> bool:
        """Wait for a wake-up signal, ``stop()`` or the timeout. True when a signal came.

        Signals queued meanwhile are drained: they announced commits the next batch will see."""
        if pubsub is None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), timeout=timeout_s)
            return False
        deadline = asyncio.get_running_loop().time() + timeout_s
        try:
            while not self._stop.is_set():
                remaining = deadline - asyncio.get_running_loop().time()
                if remaining <= 0:
                    return False
                # short slices so stop() is honoured promptly
                msg = await pubsub.get_message(timeout=min(remaining, 0.5))
                if msg is not None:
                    await self._drain_signals(pubsub)
                    return True
        except Exception as exc:  # Redis down: plain polling
            log.debug("outbox.relay.wake_wait_failed", error=str(exc))
            await asyncio.sleep(min(timeout_s, 1.0))
        return False

    @staticmethod
    async def _drain_signals(pubsub: Any) -> None:
        """Drop queued signals: they announce commits that the next batch sees anyway."""
        with contextlib.suppress(Exception):  # Redis down: the poll covers it
            while await pubsub.get_message(timeout=0) is not None:
                pass
