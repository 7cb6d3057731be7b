"""Subprocess entry of the kill tests: ``python backbone_proc.py consumer|relay URL REDIS_URL``.

``consumer`` applies deliveries and, after the first effect has committed,
hangs before the ack (prints ``COMMITTED``) so the test can SIGKILL it.
``relay`` publishes the first outbox row, then hangs before marking it
published (prints ``PUBLISHED``).
"""

from __future__ import annotations

import asyncio
import sys

import backbone_app as bb
from redis.asyncio import Redis

from pf_common.consumer import ConsumerRunner
from pf_common.relay import OutboxRelay, RelayConfig
from pf_common.transports.redis_streams import RedisStreamsTransport


async def hang(marker: str) -> None:
    print(marker, flush=True)
    await asyncio.sleep(3600)


async def main(mode: str, url: str, redis_url: str) -> None:
    redis = Redis.from_url(redis_url)
    bb.FAIL_COUNTER["redis"] = redis
    producer, consumer = bb.databases(url)
    transport = RedisStreamsTransport(redis, ack_deadline_ms=300, max_deliveries=5, retry_base_ms=50)
    if mode == "consumer":
        runner = ConsumerRunner(consumer, transport, bb.RECORD, block_ms=100)
        subscriber = await transport.subscribe(runner.spec, "doomed-consumer")

        async def ack_then_die(_delivery: object) -> None:
            await hang("COMMITTED")

        subscriber.ack = ack_then_die  # type: ignore[method-assign]
        print("READY", flush=True)
        while True:
            for d in await subscriber.fetch(10, 100):
                await runner.handle(subscriber, d)
    elif mode == "relay":
        real_publish = transport.publish

        async def publish_then_die(*args: object, **kw: object) -> str:
            await real_publish(*args, **kw)  # type: ignore[arg-type]
            await hang("PUBLISHED")
            return ""

        transport.publish = publish_then_die  # type: ignore[method-assign]
        relay = OutboxRelay(producer, transport, RelayConfig(poll_ms=50))
        print("READY", flush=True)
        await relay.run_once()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3]))
