"""Redis Streams transport (the embedded default).

* A topic is a stream; a subscription is a consumer group on it, created at
  id ``0`` so a new subscription also sees what was published before it.
* ``fetch`` reclaims, with XAUTOCLAIM, deliveries whose consumer did not
  ack within the ack deadline (it died, or it nacked — a nack shortens the
  remaining idle time to the retry backoff), then reads new entries. The
  reclaim scan runs at most every half retry backoff (≤ 1 s), not on every
  fetch: a busy consumer fetches hundreds of times a second and the scan is a
  round trip that almost always finds nothing.
* ``publish`` calls issued concurrently (the relay publishes a batch with
  ``asyncio.gather``) go to Redis in one pipeline: one write and one read for
  the batch instead of a round trip per entry; calls made while a pipeline is
  on its way go in the next. Each caller still gets its own entry id or its
  own error. ``ack_many`` acks a batch in one ``XACK``. Both go through the
  runtime's lean client (``pf_common.resp``; redis-py for TLS or a unix socket).
  ``fetch`` reads new entries (``XREADGROUP ... BLOCK``) on a lean connection of
  the subscriber's own (``resp.dedicated_lean_redis``: a blocking read on the
  shared one would hold up every command behind it; redis-py parses a stream
  reply at ~3x the CPU), and retries once on a connection error (a connection
  that died with a Redis restart). A fetch cancelled while Redis blocks it drops
  that connection, so nothing published afterwards goes to a read nobody awaits.
* A delivery seen more than ``max_deliveries`` times goes to the dead-letter
  stream ``pf.dlq.<subscription>`` and is acked on the topic.
* ``trim`` never drops an entry that some group has not consumed yet.
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any, cast

from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import ResponseError
from redis.typing import EncodableT, FieldT

from pf_common.logging import get_logger
from pf_common.resp import command, dedicated_lean_redis, pipeline
from pf_common.transports.base import Delivery, SubscriptionSpec, dead_letter_topic

log = get_logger(__name__)


def _s(v: Any) -> str:
    return v.decode() if isinstance(v, bytes) else str(v)


def _b(v: bytes | str) -> bytes:
    return v if isinstance(v, bytes) else v.encode()


def _flat(fields: dict[FieldT, EncodableT]) -> list[Any]:
    return [part for item in fields.items() for part in item]


def _id_tuple(entry_id: str) -> tuple[int, int]:
    ms, _, seq = entry_id.partition("-")
    return int(ms), int(seq or 0)


class RedisStreamsSubscriber:
    def __init__(
        self,
        redis: Redis,
        spec: SubscriptionSpec,
        consumer_name: str,
        *,
        ack_deadline_ms: int,
        max_deliveries: int,
        retry_base_ms: int,
        retry_max_ms: int,
    ) -> None:
        self.redis = redis
        self.spec = spec
        self.consumer_name = consumer_name
        self.ack_deadline_ms = ack_deadline_ms
        self.max_deliveries = max_deliveries
        self.retry_base_ms = retry_base_ms
        self.retry_max_ms = retry_max_ms
        self._claim_cursor = "0-0"
        # a nacked delivery is due after its backoff: scanning every half backoff is prompt enough
        self.reclaim_every_s = max(0.01, min(1.0, retry_base_ms / 2000))
        self._next_reclaim = 0.0
        # new entries are read on a connection of this subscriber's own (None: through redis-py)
        self._reader = dedicated_lean_redis(redis)

    def _delivery(self, entry_id: Any, fields: dict[Any, Any], count: int) -> Delivery:
        f = {_s(k): v for k, v in fields.items()}
        attrs = json.loads(_s(f.get("attributes", b"{}")))
        body = f.get("body", b"")
        return Delivery(
            message_id=_s(entry_id),
            body=body if isinstance(body, bytes) else str(body).encode(),
            attributes=attrs,
            delivery_count=count,
        )

    async def _times_delivered(self, entry_id: str) -> int:
        rows = await self.redis.xpending_range(
            self.spec.topic, self.spec.name, min=entry_id, max=entry_id, count=1
        )
        return int(rows[0]["times_delivered"]) if rows else 1

    async def _reclaim(self, max_messages: int) -> list[Delivery]:
        out: list[Delivery] = []
        res = await self.redis.xautoclaim(
            self.spec.topic,
            self.spec.name,
            self.consumer_name,
            min_idle_time=self.ack_deadline_ms,
            start_id=self._claim_cursor,
            count=max_messages,
        )
        self._claim_cursor = _s(res[0]) if res and res[0] else "0-0"
        for item in res[1] if len(res) > 1 else []:
            if item is None or item[1] is None:  # entry trimmed away
                continue
            entry_id, fields = _s(item[0]), item[1]
            count = await self._times_delivered(entry_id)
            delivery = self._delivery(entry_id, fields, count)
            if count > self.max_deliveries:
                await self.dead_letter(delivery, "max_deliveries")
                continue
            out.append(delivery)
        return out

    async def fetch(self, max_messages: int, timeout_ms: int) -> list[Delivery]:
        """Reclaimed deliveries due again, then new ones (blocking up to ``timeout_ms`` when none).

        A connection error is retried once: after a Redis restart the client's pooled connections
        are dead until used, and the first fetch would otherwise fail on one (the client drops it
        and the retry connects afresh). An entry delivered on a connection that broke before its
        reply was read stays pending and is reclaimed after the ack deadline, as any unacked one."""
        try:
            return await self._fetch(max_messages, timeout_ms)
        except RedisConnectionError:
            return await self._fetch(max_messages, timeout_ms)

    async def _fetch(self, max_messages: int, timeout_ms: int) -> list[Delivery]:
        out: list[Delivery] = []
        now = time.monotonic()
        if now >= self._next_reclaim or self._claim_cursor != "0-0":  # due, or a scan under way
            out = await self._reclaim(max_messages)
            if self._claim_cursor == "0-0":
                self._next_reclaim = now + self.reclaim_every_s
        if len(out) >= max_messages:
            return out
        new = await self._read_new(max_messages - len(out), None if out else max(1, timeout_ms))
        out.extend(self._delivery(entry_id, fields, 1) for entry_id, fields in new)
        return out

    async def _read_new(self, count: int, block_ms: int | None) -> list[tuple[Any, dict[Any, Any]]]:
        """Up to ``count`` entries never delivered to the group (``XREADGROUP ... >``), waiting up
        to ``block_ms`` for one (None: not at all); each as (entry id, fields)."""
        reader = self._reader
        if reader is None:  # TLS or a unix socket: redis-py
            res = await self.redis.xreadgroup(
                self.spec.name, self.consumer_name, {self.spec.topic: ">"}, count=count, block=block_ms
            )
            # RESP2 (this client's protocol) answers [[stream, [(id, fields), ...]], ...]; redis-py's
            # type is the union of that and RESP3's dict
            return [item for _stream, entries in cast("list[list[Any]]", res or []) for item in entries]
        args: list[Any] = ["XREADGROUP", "GROUP", self.spec.name, self.consumer_name, "COUNT", count]
        if block_ms is not None:
            args += ["BLOCK", block_ms]
        args += ["STREAMS", self.spec.topic, ">"]
        try:
            res = await reader.call(*args, timeout_s=reader.timeout_s + (block_ms or 0) / 1000)
        except asyncio.CancelledError:
            # Redis may still hold this read open: an entry published next would be delivered to
            # it (pending, nobody handling it, until the ack deadline). Closed, Redis drops the read.
            await reader.aclose()
            raise
        # [[stream, [[id, [field, value, ...]], ...]]], or None when the block time ran out
        return [
            (entry_id, dict(zip(flat[::2], flat[1::2], strict=True)))
            for _stream, entries in res or []
            for entry_id, flat in entries
        ]

    async def ack(self, delivery: Delivery) -> None:
        await self.ack_many([delivery])

    async def ack_many(self, deliveries: list[Delivery]) -> None:
        """One ``XACK`` for the batch, through the runtime's lean client (``pf_common.resp``)."""
        if deliveries:
            await command(
                self.redis, "XACK", self.spec.topic, self.spec.name, *(d.message_id for d in deliveries)
            )

    def retry_delay_ms(self, delivery_count: int) -> int:
        factor: int = 2 ** max(0, delivery_count - 1)  # typeshed: int ** int is Any (a negative power)
        return min(self.retry_max_ms, self.retry_base_ms * factor)

    async def nack(self, delivery: Delivery) -> None:
        """Leave it pending; it becomes reclaimable after the retry backoff."""
        delay = self.retry_delay_ms(delivery.delivery_count)
        idle = max(0, self.ack_deadline_ms - delay)
        await self.redis.execute_command(
            "XCLAIM",
            self.spec.topic,
            self.spec.name,
            self.consumer_name,
            0,
            delivery.message_id,
            "IDLE",
            idle,
            "JUSTID",
            parse_justid=True,  # else redis-py parses the bare ids as entries and raises
        )

    async def dead_letter(self, delivery: Delivery, reason: str) -> None:
        dlq = dead_letter_topic(self.spec.name)
        await self.redis.xadd(
            dlq,
            {
                "body": delivery.body,
                "attributes": json.dumps(delivery.attributes),
                "reason": reason[:1024],
                "source_id": delivery.message_id,
                "topic": self.spec.topic,
                "subscription": self.spec.name,
                "delivery_count": str(delivery.delivery_count),
                "failed_at": str(int(time.time() * 1000)),
            },
        )
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
        if self._reader is not None:
            await self._reader.aclose()


class RedisStreamsTransport:
    name = "redis"

    def __init__(
        self,
        redis: Redis,
        *,
        ack_deadline_ms: int = 60_000,
        max_deliveries: int = 10,
        retry_base_ms: int = 10_000,
        retry_max_ms: int = 600_000,
    ) -> None:
        self.redis = redis
        self.ack_deadline_ms = ack_deadline_ms
        self.max_deliveries = max_deliveries
        self.retry_base_ms = min(retry_base_ms, ack_deadline_ms)
        self.retry_max_ms = retry_max_ms
        # publishes waiting for the next pipeline: (topic, fields, the caller's future)
        self._queued: list[tuple[str, dict[FieldT, EncodableT], asyncio.Future[str]]] = []
        self._sender: asyncio.Task[None] | None = None

    async def publish(self, topic: str, body: bytes, attributes: dict[str, str], ordering_key: str) -> str:
        """XADD one entry. Concurrent calls share one pipeline (module docstring); entries of one
        pipeline are appended in the order the calls were made."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[str] = loop.create_future()
        fields: dict[FieldT, EncodableT] = {
            "body": body,
            "attributes": json.dumps(attributes),
            "ordering_key": ordering_key,
        }
        self._queued.append((topic, fields, future))
        if self._sender is None or self._sender.done():
            # runs after every task already scheduled (the rest of a gather) has queued its entry
            self._sender = loop.create_task(self._send_queued())
        return await future

    async def _send_queued(self) -> None:
        """Send what is queued, one pipeline per round trip, until nothing is left: entries
        queued while a pipeline is on its way go in the next one."""
        while self._queued:
            batch, self._queued = self._queued, []
            await self._send(batch)

    async def _send(self, batch: list[tuple[str, dict[FieldT, EncodableT], asyncio.Future[str]]]) -> None:
        try:
            # one write for the batch through the runtime's lean client (pf_common.resp)
            results = await pipeline(
                self.redis, [("XADD", topic, "*", *_flat(fields)) for topic, fields, _ in batch]
            )
        except BaseException as exc:  # the connection failed: every entry of the batch failed
            for _, _, future in batch:
                if not future.done():
                    future.set_exception(exc if isinstance(exc, Exception) else ConnectionError(str(exc)))
            if not isinstance(exc, Exception):
                raise
            return
        for (_, _, future), result in zip(batch, results, strict=True):
            if future.done():  # the caller gave up (timeout): the entry may still have been added
                continue
            if isinstance(result, Exception):
                future.set_exception(result)
            else:
                future.set_result(_s(result))

    async def ensure_subscription(self, spec: SubscriptionSpec) -> None:
        try:
            await self.redis.xgroup_create(spec.topic, spec.name, id="0", mkstream=True)
        except ResponseError as exc:
            if "BUSYGROUP" not in str(exc):
                raise

    async def subscribe(self, spec: SubscriptionSpec, consumer_name: str) -> RedisStreamsSubscriber:
        await self.ensure_subscription(spec)
        return RedisStreamsSubscriber(
            self.redis,
            spec,
            consumer_name,
            ack_deadline_ms=self.ack_deadline_ms,
            max_deliveries=self.max_deliveries,
            retry_base_ms=self.retry_base_ms,
            retry_max_ms=self.retry_max_ms,
        )

    async def dead_letters(self, subscription: str, limit: int = 100) -> list[Delivery]:
        entries = await self.redis.xrange(dead_letter_topic(subscription), count=limit)
        out = []
        for entry_id, fields in entries or []:
            if fields is None:  # typed optional for XAUTOCLAIM's trimmed entries; XRANGE has none
                continue
            f = {_s(k): v for k, v in fields.items()}
            out.append(
                Delivery(
                    message_id=_s(entry_id),
                    body=f["body"] if isinstance(f["body"], bytes) else str(f["body"]).encode(),
                    attributes={
                        **json.loads(_s(f.get("attributes", b"{}"))),
                        "dlq_reason": _s(f.get("reason", b"")),
                        "dlq_topic": _s(f.get("topic", b"")),
                    },
                    delivery_count=int(_s(f.get("delivery_count", b"0"))),
                )
            )
        return out

    async def replay_dead_letter(self, subscription: str, message_id: str) -> bool:
        """Republish the same message (same event_id) to its topic; consumers dedupe."""
        dlq = dead_letter_topic(subscription)
        try:
            entries = await self.redis.xrange(dlq, min=message_id, max=message_id)
        except ResponseError:  # not a stream id (a typo on the CLI)
            return False
        if not entries or entries[0][1] is None:
            return False
        fields = {_s(k): v for k, v in entries[0][1].items()}
        attrs = json.loads(_s(fields.get("attributes", b"{}")))
        await self.publish(_s(fields["topic"]), _b(fields["body"]), attrs, attrs.get("aggregate_id", ""))
        await self.redis.xdel(dlq, message_id)
        return True

    async def trim(self, topic: str, *, keep_ms_without_groups: int = 7 * 86_400_000) -> int:
        """Drop entries every group has consumed (acked). Returns entries removed."""
        try:
            groups = await self.redis.xinfo_groups(topic)
        except ResponseError:
            return 0  # no such stream
        if not groups:
            min_id = f"{int(time.time() * 1000) - keep_ms_without_groups}-0"
        else:
            floor: tuple[int, int] | None = None
            for g in groups:
                name = _s(g["name"])
                summary = await self.redis.xpending(topic, name)
                if summary and summary.get("pending"):
                    candidate = _id_tuple(_s(summary["min"]))
                else:
                    ms, seq = _id_tuple(_s(g["last-delivered-id"]))
                    candidate = (ms, seq + 1)
                floor = candidate if floor is None or candidate < floor else floor
            assert floor is not None
            min_id = f"{floor[0]}-{floor[1]}"
        return int(await self.redis.xtrim(topic, minid=min_id, approximate=False))

    async def close(self) -> None:
        return None
