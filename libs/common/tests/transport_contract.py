"""The transport contract suite, shared by every transport (Redis Streams, Pub/Sub).

Each check is a plain async function ``check_x(transport, topic, sub, profile)``:
``topic`` and ``sub`` are a fresh topic name and subscription-name prefix for
that check, and ``profile`` tells what the transport under test is configured
for (max deliveries, how long a redelivery may take, whether the event-type
filter is applied by the server). ``test_transport_contract.py`` runs them.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from pf_common.transports.base import Delivery, Subscriber, SubscriptionSpec, Transport

EVENT_A = "contract.thing_created"
EVENT_B = "contract.thing_archived"


@dataclass(frozen=True)
class ContractProfile:
    """What the transport under test was built with and can promise."""

    max_deliveries: int  # the transport's max deliveries before dead-lettering
    redelivery_wait_s: float  # how long an unacked/nacked delivery may take to come back
    settle_s: float  # how long to watch for a delivery that must NOT arrive
    filters_server_side: bool  # event-type filter applied by the transport itself
    fetch_timeout_ms: int = 500


Check = Callable[[Transport, str, str, ContractProfile], Awaitable[None]]


# -- helpers -------------------------------------------------------------------


def _attributes(event_type: str, aggregate_id: str, event_id: str) -> dict[str, str]:
    return {
        "event_id": event_id,
        "event_type": event_type,
        "aggregate_type": "thing",
        "aggregate_id": aggregate_id,
        "occurred_at": "2025-01-01T00:00:00Z",
        "producer": "contract",
        "version": "1",
    }


async def publish_event(
    transport: Transport,
    topic: str,
    *,
    event_type: str = EVENT_A,
    aggregate_id: str | None = None,
    payload: dict[str, Any] | None = None,
) -> tuple[str, bytes, dict[str, str]]:
    """Publish one envelope; returns (message id, body, attributes)."""
    aggregate_id = aggregate_id or str(uuid.uuid4())
    event_id = str(uuid.uuid4())
    attrs = _attributes(event_type, aggregate_id, event_id)
    body = json.dumps(
        {
            "event_id": event_id,
            "event_type": event_type,
            "event_version": 1,
            "aggregate_type": "thing",
            "aggregate_id": aggregate_id,
            "payload": payload or {},
        }
    ).encode()
    message_id = await transport.publish(topic, body, attrs, aggregate_id)
    assert isinstance(message_id, str) and message_id
    return message_id, body, attrs


async def fetch_until(
    subscriber: Subscriber,
    want: int,
    wait_s: float,
    profile: ContractProfile,
    *,
    ack: bool = True,
    accept: Callable[[Delivery], bool] = lambda d: True,
) -> list[Delivery]:
    """Fetch until ``want`` accepted deliveries arrived or ``wait_s`` passed.

    Accepted deliveries are acked when ``ack``; the others are always acked
    (what the consumer runner does with types it does not handle).
    """
    got: list[Delivery] = []
    deadline = time.monotonic() + wait_s
    while len(got) < want and time.monotonic() < deadline:
        for d in await subscriber.fetch(max(1, want - len(got)), profile.fetch_timeout_ms):
            if accept(d):
                got.append(d)
                if ack:
                    await subscriber.ack(d)
            else:
                await subscriber.ack(d)
    return got


async def assert_nothing_more(subscriber: Subscriber, profile: ContractProfile, wait_s: float) -> None:
    extra = await fetch_until(subscriber, 1, wait_s, profile)
    assert extra == [], f"unexpected deliveries: {[(d.message_id, d.attributes) for d in extra]}"


async def _subscribe(
    transport: Transport, topic: str, name: str, event_types: frozenset[str] = frozenset()
) -> Subscriber:
    return await transport.subscribe(SubscriptionSpec(name=name, topic=topic, event_types=event_types), "c1")


# -- checks --------------------------------------------------------------------


async def check_publish_fetch_ack(
    transport: Transport, topic: str, sub: str, profile: ContractProfile
) -> None:
    """Published messages arrive once with body and attributes intact; acked ones never return."""
    subscriber = await _subscribe(transport, topic, f"{sub}.basic")
    published = [await publish_event(transport, topic, payload={"n": i}) for i in range(3)]
    got = await fetch_until(subscriber, 3, profile.redelivery_wait_s, profile)
    assert len(got) == 3
    by_id = {d.message_id: d for d in got}
    assert set(by_id) == {mid for mid, _, _ in published}
    for mid, body, attrs in published:
        d = by_id[mid]
        assert d.body == body
        assert {k: d.attributes.get(k) for k in attrs} == attrs
        assert d.delivery_count == 1
    await assert_nothing_more(subscriber, profile, profile.settle_s)
    await subscriber.close()


async def check_unacked_is_redelivered(
    transport: Transport, topic: str, sub: str, profile: ContractProfile
) -> None:
    """A delivery not acked within the ack deadline comes back (the consumer may have died)."""
    subscriber = await _subscribe(transport, topic, f"{sub}.unacked")
    mid, body, attrs = await publish_event(transport, topic)
    first = await fetch_until(subscriber, 1, profile.redelivery_wait_s, profile, ack=False)
    assert [d.message_id for d in first] == [mid]
    assert first[0].delivery_count == 1
    # Another consumer of the same subscription takes it over after the deadline.
    other = await transport.subscribe(subscriber.spec, "c2")
    again = await fetch_until(other, 1, profile.redelivery_wait_s, profile)
    assert [d.message_id for d in again] == [mid]
    assert again[0].body == body
    assert again[0].attributes["event_id"] == attrs["event_id"]
    assert again[0].delivery_count >= 2
    await assert_nothing_more(other, profile, profile.settle_s)
    await subscriber.close()
    await other.close()


async def check_nack_redelivers(transport: Transport, topic: str, sub: str, profile: ContractProfile) -> None:
    """A nacked delivery comes back with a higher delivery count."""
    subscriber = await _subscribe(transport, topic, f"{sub}.nack")
    mid, body, _ = await publish_event(transport, topic)
    first = await fetch_until(subscriber, 1, profile.redelivery_wait_s, profile, ack=False)
    assert [d.message_id for d in first] == [mid]
    await subscriber.nack(first[0])
    again = await fetch_until(subscriber, 1, profile.redelivery_wait_s, profile)
    assert [d.message_id for d in again] == [mid]
    assert again[0].body == body
    assert again[0].delivery_count > first[0].delivery_count
    await assert_nothing_more(subscriber, profile, profile.settle_s)
    await subscriber.close()


async def check_dead_letter_after_max_deliveries(
    transport: Transport, topic: str, sub: str, profile: ContractProfile
) -> None:
    """A message nacked on every delivery ends in the dead-letter queue, intact."""
    subscriber = await _subscribe(transport, topic, f"{sub}.poison")
    name = subscriber.spec.name
    mid, body, attrs = await publish_event(transport, topic)
    counts: list[int] = []
    dead: list[Delivery] = []
    deadline = time.monotonic() + profile.redelivery_wait_s * (profile.max_deliveries + 2)
    while time.monotonic() < deadline:
        for d in await subscriber.fetch(1, profile.fetch_timeout_ms):
            assert d.message_id == mid
            counts.append(d.delivery_count)
            await subscriber.nack(d)
        dead = await transport.dead_letters(name)
        if dead:
            break
    assert len(dead) == 1, f"not dead-lettered after {counts}"
    assert counts == sorted(counts), counts
    assert len(counts) >= profile.max_deliveries, counts
    assert dead[0].body == body
    assert dead[0].attributes["event_id"] == attrs["event_id"]
    assert dead[0].attributes["event_type"] == attrs["event_type"]
    assert dead[0].delivery_count >= profile.max_deliveries
    await assert_nothing_more(subscriber, profile, profile.settle_s)
    # Listing does not consume the dead letters.
    assert [d.message_id for d in await transport.dead_letters(name)] == [dead[0].message_id]
    await subscriber.close()


async def check_explicit_dead_letter(
    transport: Transport, topic: str, sub: str, profile: ContractProfile
) -> None:
    """``dead_letter`` moves a delivery to the DLQ at once with its reason; it is not redelivered."""
    subscriber = await _subscribe(transport, topic, f"{sub}.explicit")
    mid, body, attrs = await publish_event(transport, topic)
    got = await fetch_until(subscriber, 1, profile.redelivery_wait_s, profile, ack=False)
    assert [d.message_id for d in got] == [mid]
    await subscriber.dead_letter(got[0], "invalid payload: missing field")
    dead = await transport.dead_letters(subscriber.spec.name)
    assert len(dead) == 1
    assert dead[0].body == body
    assert dead[0].attributes["event_id"] == attrs["event_id"]
    assert dead[0].attributes["dlq_reason"] == "invalid payload: missing field"
    assert dead[0].attributes["dlq_topic"] == topic
    assert dead[0].delivery_count == 1
    assert await transport.dead_letters(f"{sub}.nothing_dead") == []
    await assert_nothing_more(subscriber, profile, profile.settle_s)
    await subscriber.close()


async def check_event_type_filter(
    transport: Transport, topic: str, sub: str, profile: ContractProfile
) -> None:
    """A subscription never loses a message of a type in its filter; others are filtered
    by the server (Pub/Sub) or may reach the consumer, which acks them (Redis)."""
    only_a = await _subscribe(transport, topic, f"{sub}.only_a", frozenset({EVENT_A}))
    everything = await _subscribe(transport, topic, f"{sub}.all")
    published = [
        await publish_event(transport, topic, event_type=t) for t in (EVENT_A, EVENT_B, EVENT_A, EVENT_B)
    ]
    want_a = {mid for mid, _, attrs in published if attrs["event_type"] == EVENT_A}

    seen: list[Delivery] = []
    deadline = time.monotonic() + profile.redelivery_wait_s
    while not want_a <= {d.message_id for d in seen} and time.monotonic() < deadline:
        for d in await only_a.fetch(10, profile.fetch_timeout_ms):
            seen.append(d)
            await only_a.ack(d)
    assert want_a <= {d.message_id for d in seen}
    if profile.filters_server_side:
        assert all(d.attributes["event_type"] == EVENT_A for d in seen), [d.attributes for d in seen]
        await assert_nothing_more(only_a, profile, profile.settle_s)

    all_got = await fetch_until(everything, 4, profile.redelivery_wait_s, profile)
    assert {d.message_id for d in all_got} == {mid for mid, _, _ in published}
    await only_a.close()
    await everything.close()


async def check_ordering_per_key(
    transport: Transport, topic: str, sub: str, profile: ContractProfile
) -> None:
    """Messages with the same ordering key arrive in publish order on one subscriber."""
    subscriber = await _subscribe(transport, topic, f"{sub}.ordered")
    key = str(uuid.uuid4())
    for i in range(10):
        await publish_event(transport, topic, aggregate_id=key, payload={"seq": i})
    got = await fetch_until(subscriber, 10, profile.redelivery_wait_s, profile)
    assert [json.loads(d.body)["payload"]["seq"] for d in got] == list(range(10))
    assert {d.attributes["aggregate_id"] for d in got} == {key}
    await subscriber.close()


async def check_replay_dead_letter(
    transport: Transport, topic: str, sub: str, profile: ContractProfile
) -> None:
    """A replayed dead letter is the same message (same body and event_id) on its topic."""
    subscriber = await _subscribe(transport, topic, f"{sub}.replay")
    name = subscriber.spec.name
    mid, body, attrs = await publish_event(transport, topic)
    got = await fetch_until(subscriber, 1, profile.redelivery_wait_s, profile, ack=False)
    assert [d.message_id for d in got] == [mid]
    await subscriber.dead_letter(got[0], "handler bug")
    dead = await transport.dead_letters(name)
    assert len(dead) == 1

    assert await transport.replay_dead_letter(name, "1-1") is False  # well-formed id, absent
    assert await transport.replay_dead_letter(name, dead[0].message_id) is True
    again = await fetch_until(subscriber, 1, profile.redelivery_wait_s, profile)
    assert len(again) == 1
    assert again[0].body == body
    assert again[0].attributes["event_id"] == attrs["event_id"]
    assert again[0].attributes["event_type"] == attrs["event_type"]
    assert not any(k.startswith("dlq_") for k in again[0].attributes)
    assert await transport.dead_letters(name) == []
    assert await transport.replay_dead_letter(name, dead[0].message_id) is False
    await assert_nothing_more(subscriber, profile, profile.settle_s)
    await subscriber.close()


async def check_ack_many(transport: Transport, topic: str, sub: str, profile: ContractProfile) -> None:
    """``ack_many`` acks every delivery it is given, and only those."""
    subscriber = await _subscribe(transport, topic, f"{sub}.ack_many")
    published = [await publish_event(transport, topic, payload={"n": i}) for i in range(4)]
    got = await fetch_until(subscriber, 4, profile.redelivery_wait_s, profile, ack=False)
    assert {d.message_id for d in got} == {mid for mid, _, _ in published}
    kept = got[0]
    await subscriber.ack_many(got[1:])
    await subscriber.ack_many([])  # nothing to ack: no call, no error
    again = await fetch_until(subscriber, 1, profile.redelivery_wait_s, profile)
    assert [d.message_id for d in again] == [kept.message_id]  # only the unacked one comes back
    await assert_nothing_more(subscriber, profile, profile.settle_s)
    await subscriber.close()


async def check_concurrent_publishes(
    transport: Transport, topic: str, sub: str, profile: ContractProfile
) -> None:
    """Publishes of different keys made concurrently (the relay's waves) each get their own
    message id and all arrive intact."""
    subscriber = await _subscribe(transport, topic, f"{sub}.concurrent")
    published = await asyncio.gather(*(publish_event(transport, topic, payload={"n": i}) for i in range(25)))
    assert len({mid for mid, _, _ in published}) == 25
    got = await fetch_until(subscriber, 25, profile.redelivery_wait_s, profile)
    assert {d.message_id: d.body for d in got} == {mid: body for mid, body, _ in published}
    await assert_nothing_more(subscriber, profile, profile.settle_s)
    await subscriber.close()


CHECKS: list[Check] = [
    check_publish_fetch_ack,
    check_unacked_is_redelivered,
    check_nack_redelivers,
    check_dead_letter_after_max_deliveries,
    check_explicit_dead_letter,
    check_event_type_filter,
    check_ordering_per_key,
    check_replay_dead_letter,
    check_ack_many,
    check_concurrent_publishes,
]


async def run_check(check: Check, transport: Transport, profile: ContractProfile, timeout_s: float) -> None:
    """Run one check on fresh names, bounded in time."""
    tag = uuid.uuid4().hex[:10]
    await asyncio.wait_for(check(transport, f"pf.contract{tag}.events", f"contract{tag}", profile), timeout_s)
