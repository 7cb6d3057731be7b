"""The transport contract (``transport_contract.py``) against Redis Streams and Pub/Sub.

Redis runs on the plugin's ``redis`` fixture; the Pub/Sub run needs an emulator
(``PUBSUB_EMULATOR_HOST``, or the Google Cloud SDK's, started by the plugin) and
is skipped, visibly, without one.
Also: pure unit tests of the Pub/Sub naming, filter and topology calls (fake
clients), and of ``RedisStreamsTransport.trim``.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import importlib.util
import os
import sys
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from google.api_core import exceptions as gexc
from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import ResponseError

from pf_common.embedded import EmbeddedRedis
from pf_common.resp import LeanRedis
from pf_common.transports.base import SubscriptionSpec
from pf_common.transports.pubsub import (
    PubSubTransport,
    dead_letter_topic_id,
    ensure_topology,
    filter_expression,
    subscription_id,
    topic_id,
)
from pf_common.transports.redis_streams import RedisStreamsTransport


def _load_contract() -> ModuleType:
    # --import-mode=importlib: sibling test modules are not importable by name.
    name = "pf_common_tests_transport_contract"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name("transport_contract.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


contract = _load_contract()
CHECK_PARAMS = [pytest.param(c, id=c.__name__.removeprefix("check_")) for c in contract.CHECKS]

# -- Redis Streams -------------------------------------------------------------

REDIS_PROFILE = contract.ContractProfile(
    max_deliveries=3,
    redelivery_wait_s=5.0,
    settle_s=0.8,  # > the 300 ms ack deadline: an acked delivery must not come back
    filters_server_side=False,  # the consumer runner filters by event type
    fetch_timeout_ms=200,
)


def redis_transport(redis: Redis) -> RedisStreamsTransport:
    return RedisStreamsTransport(redis, ack_deadline_ms=300, max_deliveries=3, retry_base_ms=50)


@pytest.mark.parametrize("check", CHECK_PARAMS)
async def test_redis_streams_contract(redis: Redis, check: Any) -> None:
    transport = redis_transport(redis)
    try:
        await contract.run_check(check, transport, REDIS_PROFILE, timeout_s=60)
    finally:
        await transport.close()


# -- Pub/Sub (emulator) --------------------------------------------------------

PUBSUB_PROFILE = contract.ContractProfile(
    max_deliveries=5,  # Pub/Sub's minimum max_delivery_attempts
    redelivery_wait_s=30.0,  # the ack deadline cannot be below 10 s
    settle_s=2.0,
    # The emulator stores a subscription's filter but does not apply it (the real
    # service does; test_pubsub_ensure_topology_issues_the_create_calls checks the filter).
    filters_server_side=False,
    fetch_timeout_ms=1000,
)

# The emulator neither redelivers nor forwards a message that exhausted its delivery
# attempts on a subscription with message ordering: it is silently dropped. The real
# service dead-letters on ordered subscriptions, so only this check runs unordered.
PUBSUB_OPTIONS: dict[str, dict[str, Any]] = {
    "check_dead_letter_after_max_deliveries": {"message_ordering": False},
}


def pubsub_transport(check: Any) -> PubSubTransport:
    return PubSubTransport(
        os.environ.get("PF_CONTRACT_PUBSUB_PROJECT", "pf-contract"),
        ack_deadline_s=10,
        max_deliveries=5,
        min_backoff_s=1,
        max_backoff_s=2,
        **PUBSUB_OPTIONS.get(check.__name__, {}),
    )


async def _run_pubsub_check(check: Any) -> None:
    transport = pubsub_transport(check)
    try:
        await contract.run_check(check, transport, PUBSUB_PROFILE, timeout_s=300)
    finally:
        await transport.close()


@pytest.fixture(scope="module")
async def pubsub_checks(
    request: pytest.FixtureRequest, pubsub_emulator_host: str
) -> AsyncIterator[dict[str, asyncio.Task[None]]]:
    """The selected checks against the emulator, all started at once (each on its own topic and
    transport), by name: each test awaits its own. Most of a check is waiting on the emulator,
    whose ack deadline cannot be below 10 s (a redelivery, a dead letter: 10-15 s each): in turn
    they kept a test worker idle for ~70 s."""
    selected = {
        item.callspec.params["check"]
        for item in request.session.items
        if getattr(item, "originalname", None) == "test_pubsub_contract" and hasattr(item, "callspec")
    }
    tasks = {check.__name__: asyncio.ensure_future(_run_pubsub_check(check)) for check in selected}
    yield tasks
    for task in tasks.values():
        task.cancel()
    await asyncio.gather(*tasks.values(), return_exceptions=True)


@pytest.mark.pubsub
@pytest.mark.xdist_group("pubsub")  # one emulator, on one worker
@pytest.mark.parametrize("check", CHECK_PARAMS)
async def test_pubsub_contract(pubsub_checks: dict[str, asyncio.Task[None]], check: Any) -> None:
    await pubsub_checks[check.__name__]


# -- Pub/Sub unit tests (no emulator) --------------------------------------------


class FakePublisher:
    def __init__(self) -> None:
        self.topics: list[str] = []
        self.created: list[str] = []
        self.published: list[tuple[str, bytes, str, dict[str, str]]] = []
        self.resumed: list[tuple[str, str]] = []
        self.fail_with: BaseException | None = None

    def create_topic(self, *, name: str) -> None:
        self.created.append(name)
        if name in self.topics:
            raise gexc.AlreadyExists(name)
        self.topics.append(name)

    def publish(self, topic: str, data: bytes, ordering_key: str = "", **attrs: str) -> Any:
        fut: concurrent.futures.Future[str] = concurrent.futures.Future()
        if self.fail_with is not None:
            fut.set_exception(self.fail_with)
        else:
            self.published.append((topic, data, ordering_key, attrs))
            fut.set_result(str(len(self.published)))
        return fut

    def resume_publish(self, topic: str, ordering_key: str) -> None:
        self.resumed.append((topic, ordering_key))


class FakeSubscriber:
    def __init__(self) -> None:
        self.subscriptions: dict[str, dict[str, Any]] = {}
        self.created: list[str] = []

    def create_subscription(self, *, request: dict[str, Any]) -> None:
        self.created.append(request["name"])
        if request["name"] in self.subscriptions:
            raise gexc.AlreadyExists(request["name"])
        self.subscriptions[request["name"]] = request

    def get_subscription(self, *, subscription: str) -> Any:
        return type("Sub", (), {"filter": self.subscriptions[subscription].get("filter", "")})()


def test_pubsub_names_and_filter() -> None:
    assert topic_id("pf.orders.events") == "pf-orders-events"
    assert topic_id("pf.ads.clickstream") == "pf-ads-clickstream"
    assert subscription_id("catalog.release_reservations") == "catalog-release_reservations"
    assert dead_letter_topic_id("catalog.release_reservations") == "pf-dlq-catalog-release_reservations"
    # Valid ids: start with a letter, no "goog" prefix, at least 3 characters, allowed characters.
    assert subscription_id("9lives.x") == "pf-9lives-x"
    assert subscription_id("google.x") == "pf-google-x"
    assert subscription_id("a") == "a--"
    assert subscription_id("a b/c") == "a-b-c"

    assert filter_expression([]) == ""
    assert filter_expression(["order.canceled"]) == 'attributes.event_type = "order.canceled"'
    assert (
        filter_expression({"order.paid", "order.canceled"})
        == 'attributes.event_type = "order.canceled" OR attributes.event_type = "order.paid"'
    )
    assert filter_expression(['we"ird']) == 'attributes.event_type = "we\\"ird"'


async def test_pubsub_ensure_topology_issues_the_create_calls() -> None:
    pub, sub = FakePublisher(), FakeSubscriber()
    spec = SubscriptionSpec(
        name="catalog.release_reservations",
        topic="pf.orders.events",
        event_types=frozenset({"order.canceled", "order.expired"}),
    )
    await ensure_topology("proj", [spec], topics=["pf.catalog.events"], publisher=pub, subscriber=sub)
    assert pub.topics == [
        "projects/proj/topics/pf-catalog-events",
        "projects/proj/topics/pf-orders-events",
        "projects/proj/topics/pf-dlq-catalog-release_reservations",
    ]
    main = sub.subscriptions["projects/proj/subscriptions/catalog-release_reservations"]
    assert main["topic"] == "projects/proj/topics/pf-orders-events"
    assert main["filter"] == (
        'attributes.event_type = "order.canceled" OR attributes.event_type = "order.expired"'
    )
    assert main["enable_message_ordering"] is True
    assert main["ack_deadline_seconds"] == 60
    assert main["retry_policy"]["minimum_backoff"].seconds == 10
    assert main["retry_policy"]["maximum_backoff"].seconds == 600
    assert main["dead_letter_policy"] == {
        "dead_letter_topic": "projects/proj/topics/pf-dlq-catalog-release_reservations",
        "max_delivery_attempts": 10,
    }
    dlq = sub.subscriptions["projects/proj/subscriptions/pf-dlq-catalog-release_reservations"]
    assert dlq["topic"] == "projects/proj/topics/pf-dlq-catalog-release_reservations"
    assert "dead_letter_policy" not in dlq and "filter" not in dlq

    # The requests are valid Subscription messages.
    from google.cloud.pubsub_v1 import types

    parsed = types.Subscription(**main)
    assert parsed.dead_letter_policy.max_delivery_attempts == 10
    assert parsed.retry_policy.maximum_backoff.total_seconds() == 600
    assert "expiration_policy" in parsed  # set and without ttl: never expires
    types.Subscription(**dlq)

    # Idempotent: AlreadyExists is ignored, nothing new is created.
    await ensure_topology("proj", [spec], publisher=pub, subscriber=sub)
    assert len(pub.topics) == 3 and len(sub.subscriptions) == 2
    assert len(sub.created) == 4

    # No event types: no filter.
    transport = PubSubTransport("proj", publisher=pub, subscriber=sub)
    assert "filter" not in transport.subscription_request(SubscriptionSpec("a.b", "pf.x.events"))
    # Over Pub/Sub's 256-byte filter limit: no server filter (the consumer runner filters).
    many = frozenset(f"order.event_number_{i}" for i in range(20))
    assert "filter" not in transport.subscription_request(SubscriptionSpec("a.b", "pf.x.events", many))


async def test_pubsub_publish_passes_ordering_key_and_resumes_after_failure() -> None:
    pub, sub = FakePublisher(), FakeSubscriber()
    transport = PubSubTransport("proj", publisher=pub, subscriber=sub)
    attrs = {"event_type": "order.paid", "event_id": "e1"}
    assert await transport.publish("pf.orders.events", b"{}", attrs, "agg-1") == "1"
    assert pub.published == [("projects/proj/topics/pf-orders-events", b"{}", "agg-1", attrs)]

    pub.fail_with = gexc.ServiceUnavailable("down")
    with pytest.raises(gexc.ServiceUnavailable):
        await transport.publish("pf.orders.events", b"{}", attrs, "agg-1")
    assert pub.resumed == [("projects/proj/topics/pf-orders-events", "agg-1")]
    await transport.close()  # injected clients are not closed


def test_pubsub_transport_creates_no_client_until_used() -> None:
    transport = PubSubTransport("proj")
    assert transport._publisher is None and transport._subscriber is None
    assert transport.ack_deadline_s == 60 and transport.max_deliveries == 10
    clamped = PubSubTransport("proj", ack_deadline_s=1, max_deliveries=2, min_backoff_s=30, max_backoff_s=5)
    assert (clamped.ack_deadline_s, clamped.max_deliveries) == (10, 5)
    assert (clamped.min_backoff_s, clamped.max_backoff_s) == (30, 30)


# -- RedisStreamsSubscriber.fetch after a Redis restart ---------------------------


async def test_redis_a_fetch_on_a_pooled_connection_that_died_connects_afresh(
    pf_servers, redis: Redis
) -> None:
    client = Redis.from_url(pf_servers.redis_url)  # no retries of its own
    transport = RedisStreamsTransport(client)
    topic = f"pf.restart{uuid.uuid4().hex[:8]}.events"
    try:
        sub = await transport.subscribe(SubscriptionSpec("restart.handler", topic), "c1")
        published = (await contract.publish_event(transport, topic))[0]
        pooled = await client.client_id()  # the pool's one connection (calls made one at a time)
        await redis.execute_command("CLIENT", "KILL", "ID", pooled)  # as a Redis restart leaves it

        fetched = await sub.fetch(10, 100)

        assert [d.message_id for d in fetched] == [published]
        assert await client.client_id() != pooled
    finally:
        await client.aclose()


async def subscribed(redis: Redis, name: str, **kw: Any) -> tuple[RedisStreamsTransport, str, Any]:
    """A transport on ``redis``, a fresh topic and the subscription ``<name>.handler`` to it."""
    transport = RedisStreamsTransport(redis, **kw)
    topic = f"pf.{name}{uuid.uuid4().hex[:8]}.events"
    return transport, topic, await transport.subscribe(SubscriptionSpec(f"{name}.handler", topic), "c1")


async def test_redis_a_fetch_on_its_own_connection_that_died_connects_afresh(redis: Redis) -> None:
    transport, topic, sub = await subscribed(redis, "reader")
    try:
        assert await sub.fetch(10, 1) == []  # the reader has connected
        assert sub._reader is not None
        reader_id = await sub._reader.call("CLIENT", "ID")
        await redis.execute_command("CLIENT", "KILL", "ID", reader_id)  # as a Redis restart leaves it
        published = (await contract.publish_event(transport, topic))[0]

        assert [d.message_id for d in await sub.fetch(10, 100)] == [published]
        assert await sub._reader.call("CLIENT", "ID") != reader_id
    finally:
        await sub.close()


async def blocked_fetch(sub: Any) -> asyncio.Task[Any]:
    """A fetch of ``sub`` that Redis is blocking (up to 5 s): its reclaim scan done first, so that
    the fetch only reads."""
    await sub.fetch(10, 1)
    blocked = asyncio.create_task(sub.fetch(10, 5_000))
    await asyncio.sleep(0.05)
    return blocked


async def test_redis_a_blocked_fetch_holds_up_no_other_command_and_wakes_on_a_publish(redis: Redis) -> None:
    transport, topic, sub = await subscribed(redis, "blocked")
    other = await transport.subscribe(SubscriptionSpec("other.handler", topic), "c1")
    try:
        blocked = await blocked_fetch(sub)
        # the transport's publishes and acks share the runtime's lean connection: not behind the read
        published = (await asyncio.wait_for(contract.publish_event(transport, topic), 1))[0]
        fetched = await asyncio.wait_for(blocked, 1)  # woken by the entry, not by the block time
        assert [d.message_id for d in fetched] == [published]
        (seen,) = await other.fetch(10, 100)
        await asyncio.wait_for(other.ack(seen), 1)
    finally:
        await sub.close()
        await other.close()


async def test_redis_a_fetch_cancelled_while_blocked_leaves_the_next_entry_to_the_next_fetch(
    redis: Redis,
) -> None:
    transport, topic, sub = await subscribed(redis, "cancel", ack_deadline_ms=60_000)
    try:
        blocked = await blocked_fetch(sub)
        blocked.cancel()  # a worker stopping
        with pytest.raises(asyncio.CancelledError):
            await blocked
        published = (await contract.publish_event(transport, topic))[0]
        # not delivered to the abandoned read (it would stay pending until the 60 s ack deadline)
        assert [d.message_id for d in await asyncio.wait_for(sub.fetch(10, 1_000), 2)] == [published]
    finally:
        await sub.close()


async def test_redis_a_closed_subscriber_leaves_no_connection_behind(redis: Redis) -> None:
    _, _, sub = await subscribed(redis, "closed")
    await sub.fetch(10, 1)
    assert sub._reader is not None
    reader_id = await sub._reader.call("CLIENT", "ID")
    await sub.close()
    await asyncio.sleep(0.05)
    listed = (await redis.execute_command("CLIENT", "LIST")).decode()
    ids = {int(f[3:]) for line in listed.splitlines() for f in line.split() if f.startswith("id=")}
    assert reader_id not in ids


async def test_redis_a_fetch_with_redis_down_still_fails(tmp_path: Path) -> None:
    server = EmbeddedRedis(tmp_path / "redis", ephemeral=True).start()
    client = Redis.from_url(server.url, socket_timeout=1, retry=Retry(NoBackoff(), 0))
    transport = RedisStreamsTransport(client)
    try:
        sub = await transport.subscribe(SubscriptionSpec("down.handler", "pf.down.events"), "c1")
        server.stop()
        with pytest.raises(RedisConnectionError):
            await sub.fetch(10, 100)
    finally:
        await client.aclose()
        server.stop()


# -- RedisStreamsTransport.trim --------------------------------------------------


async def test_redis_trim_keeps_what_some_group_has_not_consumed(redis: Redis) -> None:
    transport = RedisStreamsTransport(redis)  # 60 s ack deadline: nothing is reclaimed here
    topic = f"pf.trim{uuid.uuid4().hex[:8]}.events"
    done = await transport.subscribe(SubscriptionSpec("fast.handler", topic), "c1")
    slow = await transport.subscribe(SubscriptionSpec("slow.handler", topic), "c1")
    ids = [(await contract.publish_event(transport, topic))[0] for _ in range(4)]

    for d in await done.fetch(10, 100):
        await done.ack(d)
    # "slow" has consumed nothing: nothing may go.
    assert await transport.trim(topic) == 0
    assert await redis.xlen(topic) == 4

    # "slow" consumes and acks the first half: exactly that half goes.
    half = await slow.fetch(2, 100)
    assert [d.message_id for d in half] == ids[:2]
    for d in half:
        await slow.ack(d)
    assert await transport.trim(topic) == 2
    assert [e[0].decode() for e in await redis.xrange(topic)] == ids[2:]

    # A delivered but unacked entry is never trimmed, even once later ones are acked.
    pending = await slow.fetch(1, 100)
    assert [d.message_id for d in pending] == [ids[2]]
    assert await transport.trim(topic) == 0
    last = await slow.fetch(1, 100)
    assert [d.message_id for d in last] == [ids[3]]
    await slow.ack(last[0])
    assert await transport.trim(topic) == 0
    assert [e[0].decode() for e in await redis.xrange(topic)] == ids[2:]

    await slow.ack(pending[0])
    assert await transport.trim(topic) == 2
    assert await redis.xlen(topic) == 0
    assert await transport.trim("pf.no_such.events") == 0


# -- RedisStreamsTransport.publish: concurrent calls share a pipeline ---------------


@pytest.fixture
def pipelines(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of commands in each pipeline the lean Redis client writes, in order."""
    sizes: list[int] = []
    real_call_many = LeanRedis.call_many

    async def counting_call_many(self: LeanRedis, commands: Any) -> list[Any]:
        sizes.append(len(commands))
        return await real_call_many(self, commands)

    monkeypatch.setattr(LeanRedis, "call_many", counting_call_many)
    return sizes


async def test_redis_concurrent_publishes_go_in_one_pipeline_in_call_order_and_fail_alone(
    redis: Redis, pipelines: list[int]
) -> None:
    transport = redis_transport(redis)
    topic = f"pf.pipe{uuid.uuid4().hex[:8]}.events"
    not_a_stream = f"{topic}.string"
    await redis.set(not_a_stream, "x")  # XADD to it fails with WRONGTYPE
    results = await asyncio.gather(
        *(
            transport.publish(not_a_stream if i == 2 else topic, f"{i}".encode(), {"n": str(i)}, "k")
            for i in range(5)
        ),
        return_exceptions=True,
    )

    assert pipelines == [5]  # one write for the five
    assert isinstance(results[2], ResponseError) and "WRONGTYPE" in str(results[2])
    entries = await redis.xrange(topic)
    assert [f[b"body"] for _, f in entries] == [b"0", b"1", b"3", b"4"]  # in call order
    assert [e.decode() for e, _ in entries] == [results[i] for i in (0, 1, 3, 4)]
    # later calls start a new pipeline
    assert await transport.publish(topic, b"5", {}, "k")
    assert pipelines == [5, 1] and await redis.xlen(topic) == 5


async def test_redis_publishes_made_while_a_pipeline_is_on_its_way_go_in_the_next(
    redis: Redis, pipelines: list[int]
) -> None:
    transport = redis_transport(redis)
    topic = f"pf.next{uuid.uuid4().hex[:8]}.events"
    first = [asyncio.create_task(transport.publish(topic, b"a", {}, str(i))) for i in range(3)]
    while not pipelines:  # the first pipeline is on its way
        await asyncio.sleep(0)
    later = [asyncio.create_task(transport.publish(topic, b"b", {}, str(i))) for i in range(2)]
    ids = await asyncio.wait_for(asyncio.gather(*first, *later), 5)
    assert pipelines == [3, 2]
    assert [e.decode() for e, _ in await redis.xrange(topic)] == ids


async def test_redis_publishes_fail_together_when_the_connection_fails(tmp_path: Path) -> None:
    server = EmbeddedRedis(tmp_path / "redis", ephemeral=True).start()
    client = Redis.from_url(server.url, socket_timeout=1, retry=Retry(NoBackoff(), 0))
    transport = RedisStreamsTransport(client)
    try:
        assert await transport.publish("pf.gone.events", b"0", {}, "k")
        server.stop()
        results = await asyncio.gather(
            *(transport.publish("pf.gone.events", b"x", {}, "k") for _ in range(3)), return_exceptions=True
        )
        assert [type(r) for r in results] == [RedisConnectionError] * 3
    finally:
        await client.aclose()
        server.stop()
