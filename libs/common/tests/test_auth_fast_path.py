"""The fast path of access tokens (pf_common.access_tokens, pf_common.sessions.LiveSessions):
a token verified once per process, live sessions cached until their revocation is pushed,
and revocation still reaching every instance within a second, whatever fails."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import uuid4

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff

from pf_common.access_tokens import Authenticator, TokenVerifier
from pf_common.errors import DependencyError, Unauthorized
from pf_common.jwks import JwksKeyStore, jwks_from_public_keys
from pf_common.sessions import REVOCATIONS_CHANNEL, LiveSessions, SessionRegistry
from pf_common.testing.tokens import TestTokenSigner

ISS, AUD = "packfinderz-identity", "packfinderz"


@pytest.fixture(scope="module")
def key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture
def signer(key: rsa.RSAPrivateKey) -> TestTokenSigner:
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return TestTokenSigner(pem, "kid-a", ISS, AUD)


@pytest.fixture
def jwks_path(tmp_path: Path, key: rsa.RSAPrivateKey) -> Path:
    path = tmp_path / "jwks.json"
    path.write_text(json.dumps(jwks_from_public_keys({"kid-a": key.public_key()})))
    return path


@dataclass
class Instance:
    """One service process: its own Redis client, authenticator and cache of live sessions."""

    redis: Redis
    authenticator: Authenticator

    @property
    def live(self) -> LiveSessions:
        assert self.authenticator.live_sessions is not None
        return self.authenticator.live_sessions

    async def accepts(self, token: str) -> bool:
        try:
            await self.authenticator.authenticate(token)
        except Unauthorized:
            return False
        return True


async def until(condition: Callable[[], bool | Awaitable[bool]], timeout_s: float = 3.0) -> float:
    """Seconds until ``condition`` holds (fails the test after ``timeout_s``)."""
    start = time.monotonic()
    while True:
        outcome = condition()
        if not isinstance(outcome, bool):
            outcome = await outcome
        if outcome:
            return time.monotonic() - start
        if time.monotonic() - start > timeout_s:
            pytest.fail(f"not within {timeout_s}s")
        await asyncio.sleep(0.01)


@pytest.fixture
async def instances(
    pf_servers: Any, jwks_path: Path, redis: Redis
) -> AsyncIterator[Callable[[], Awaitable[Instance]]]:
    made: list[Instance] = []

    async def make() -> Instance:
        client = Redis.from_url(pf_servers.redis_url)
        live = LiveSessions(client)
        verifier = TokenVerifier(JwksKeyStore(path=jwks_path), ISS, AUD)
        instance = Instance(client, Authenticator(verifier, SessionRegistry(client, live)))
        made.append(instance)
        live.start()
        await until(lambda: live.current)
        return instance

    yield make
    for instance in made:
        await instance.authenticator.aclose()
        await instance.redis.aclose()


async def exists_calls(redis: Redis) -> int:
    stats = await redis.info("commandstats")
    return int(stats.get("cmdstat_exists", {}).get("calls", 0))


async def live_token(redis: Redis, signer: TestTokenSigner) -> tuple[str, str]:
    session_id = str(uuid4())
    await SessionRegistry(redis).activate(session_id, 600)
    return signer.mint(user_id=uuid4(), session_id=session_id), session_id


# --- verified once per process ---------------------------------------------------------------


async def test_a_token_is_verified_once_then_served_from_memory(
    signer: TestTokenSigner, jwks_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    verifier = TokenVerifier(JwksKeyStore(path=jwks_path), ISS, AUD)
    decodes: list[str] = []
    real_decode = jwt.decode
    monkeypatch.setattr(
        jwt, "decode", lambda token, *a, **k: decodes.append(token) or real_decode(token, *a, **k)
    )
    token = signer.mint(user_id=uuid4(), session_id="s-1")

    first = await verifier.verify(token)
    second = await verifier.verify(token)

    assert second == first and second.session_id == "s-1"
    assert decodes == [token]  # the signature was checked once


async def test_a_cached_token_is_refused_once_it_expires(
    signer: TestTokenSigner, jwks_path: Path, frozen_time: Callable[[Any], Any]
) -> None:
    frozen_time("2026-12-04T12:00:00Z")
    verifier = TokenVerifier(JwksKeyStore(path=jwks_path), ISS, AUD)
    token = signer.mint(user_id=uuid4(), session_id="s-1")
    await verifier.verify(token)
    assert token in verifier._verified

    assert signer.ttl_s == 900
    frozen_time("2026-12-04T12:15:01Z")  # a second past its exp
    with pytest.raises(Unauthorized) as caught:
        await verifier.verify(token)

    assert caught.value.reason == "expired"
    assert token not in verifier._verified


async def test_a_cached_token_of_a_retired_key_is_refused_after_the_jwks_changes(
    signer: TestTokenSigner, jwks_path: Path
) -> None:
    keystore = JwksKeyStore(path=jwks_path, refresh_min_interval_s=0)
    verifier = TokenVerifier(keystore, ISS, AUD)
    token = signer.mint(user_id=uuid4(), session_id="s-1")
    await verifier.verify(token)

    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwks_path.write_text(json.dumps(jwks_from_public_keys({"kid-b": other.public_key()})))
    assert await keystore.refresh()
    with pytest.raises(Unauthorized) as caught:
        await verifier.verify(token)

    assert caught.value.reason == "unknown_kid"


async def test_the_verified_token_cache_is_bounded(signer: TestTokenSigner, jwks_path: Path) -> None:
    verifier = TokenVerifier(JwksKeyStore(path=jwks_path), ISS, AUD, cache_size=3)
    tokens = [signer.mint(user_id=uuid4(), session_id=f"s-{i}") for i in range(5)]

    for token in tokens:
        await verifier.verify(token)

    assert len(verifier._verified) == 3
    assert list(verifier._verified) == tokens[2:]  # the oldest went first

    # a full cache drops its oldest tenth at once, not one entry per insert
    big = TokenVerifier(JwksKeyStore(path=jwks_path), ISS, AUD, cache_size=20)
    many = [signer.mint(user_id=uuid4(), session_id=f"m-{i}") for i in range(21)]
    for token in many:
        await big.verify(token)
    assert list(big._verified) == many[2:]


async def test_allow_expired_is_never_served_from_the_cache(signer: TestTokenSigner, jwks_path: Path) -> None:
    verifier = TokenVerifier(JwksKeyStore(path=jwks_path), ISS, AUD)
    token = signer.mint(user_id=uuid4(), session_id="s-1")

    await verifier.verify(token, allow_expired=True)

    assert verifier._verified == {}


# --- live sessions, revocations pushed --------------------------------------------------------


async def test_a_live_session_is_checked_in_redis_once(
    instances: Callable[[], Awaitable[Instance]], redis: Redis, signer: TestTokenSigner
) -> None:
    a = await instances()
    token, session_id = await live_token(redis, signer)
    before = await exists_calls(redis)

    for _ in range(20):
        assert await a.accepts(token)

    assert await exists_calls(redis) == before + 1
    assert a.live.lookup(session_id)


@pytest.mark.parametrize("revoker", ["registry", "lua"])
async def test_a_revocation_reaches_every_instance_within_a_second(
    instances: Callable[[], Awaitable[Instance]], redis: Redis, signer: TestTokenSigner, revoker: str
) -> None:
    # given two instances that both serve the session from their caches
    a, b = await instances(), await instances()
    token, session_id = await live_token(redis, signer)
    for instance in (a, b):
        assert await instance.accepts(token) and await instance.accepts(token)
        assert instance.live.lookup(session_id)

    # when another process revokes it (pf_common's registry, or a script as identity does)
    if revoker == "registry":
        assert await SessionRegistry(redis).revoke(session_id)
    else:
        script = "redis.call('DEL', KEYS[1]); redis.call('PUBLISH', ARGV[1], ARGV[2]); return 1"
        await redis.eval(script, 1, f"pf:session:access:{session_id}", REVOCATIONS_CHANNEL, session_id)
    revoked_at = time.monotonic()

    # then both refuse it within a second
    async def both_refuse() -> bool:
        return not await a.accepts(token) and not await b.accepts(token)

    await until(both_refuse)
    assert time.monotonic() - revoked_at < 1.0
    assert not a.live.lookup(session_id) and not b.live.lookup(session_id)


async def test_revoking_through_the_instances_own_registry_is_seen_by_it_at_once(
    instances: Callable[[], Awaitable[Instance]], redis: Redis, signer: TestTokenSigner
) -> None:
    a = await instances()
    token, session_id = await live_token(redis, signer)
    assert await a.accepts(token)

    await a.authenticator.sessions.revoke(session_id)

    assert not await a.accepts(token)  # no wait: its own revocation is applied synchronously


async def test_revocations_missed_while_disconnected_are_never_served(
    instances: Callable[[], Awaitable[Instance]], redis: Redis, signer: TestTokenSigner
) -> None:
    # given an instance serving a session from its cache
    a = await instances()
    token, session_id = await live_token(redis, signer)
    assert await a.accepts(token) and a.live.lookup(session_id)

    # when its subscription is cut and the session is revoked while it is down (the
    # revocation is published to nobody)
    await redis.execute_command("CLIENT", "KILL", "TYPE", "pubsub")
    await redis.delete(f"pf:session:access:{session_id}")
    revoked_at = time.monotonic()

    # then the instance refuses it within a second all the same
    await until(lambda: _refuses(a, token))
    assert time.monotonic() - revoked_at < 1.0
    # and once resubscribed, it caches again
    await until(lambda: a.live.current)
    token2, session2 = await live_token(redis, signer)
    assert await a.accepts(token2) and await a.accepts(token2)
    assert a.live.lookup(session2)


async def _refuses(instance: Instance, token: str) -> bool:
    return not await instance.accepts(token)


async def test_a_check_that_races_a_revocation_is_not_cached(redis: Redis) -> None:
    live = LiveSessions(redis)
    live.start()
    try:
        await until(lambda: live.current)
        epoch = live.epoch  # a check starts ...
        live.revoked("another-session")  # ... a revocation arrives while it is in flight ...
        live.remember("s-1", epoch)  # ... so what it read is not cached

        assert not live.lookup("s-1")
        live.remember("s-1", live.epoch)
        assert live.lookup("s-1")
    finally:
        await live.aclose()


async def test_without_a_current_subscription_every_check_goes_to_redis(
    signer: TestTokenSigner, jwks_path: Path, redis: Redis
) -> None:
    # a cache whose listener never started is never trusted
    live = LiveSessions(redis)
    live.remember("s-1", live.epoch)
    assert not live.lookup("s-1")

    # and with Redis down, a request is a 503, never a pass from memory
    down = Redis(
        host="127.0.0.1", port=_closed_port(), socket_connect_timeout=0.2, retry=Retry(NoBackoff(), 0)
    )
    idle = LiveSessions(down)
    authenticator = Authenticator(
        TokenVerifier(JwksKeyStore(path=jwks_path), ISS, AUD), SessionRegistry(down, idle)
    )
    try:
        with pytest.raises(DependencyError):
            await authenticator.authenticate(signer.mint(user_id=uuid4(), session_id="s-1"))
        assert not idle.current
    finally:
        await authenticator.aclose()
        await down.aclose()


async def test_entries_expire_and_the_cache_is_bounded(redis: Redis) -> None:
    now = [100.0]
    live = LiveSessions(redis, ttl_s=5, max_entries=3, clock=lambda: now[0])
    live._last_pong = now[0]  # as if a pong just arrived
    for i in range(4):
        live.remember(f"s-{i}", live.epoch)

    assert len(live) == 3 and not live.lookup("s-0") and live.lookup("s-3")
    now[0] += 0.5
    live._last_pong = now[0]
    now[0] += 0.1
    assert live.lookup("s-1")
    now[0] += 5
    live._last_pong = now[0]
    assert not live.lookup("s-1") and len(live) == 2


def _closed_port() -> int:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_the_listener_ends_when_cancelled_even_if_redis_swallows_the_cancellation(
    redis: Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A process's loop cancels the listener once at shutdown, without ``aclose``; redis-py may
    turn that cancellation inside a timed read into a TimeoutError (an OSError): the listener
    must not take it for a lost connection and loop on, or the process never exits."""
    from redis.asyncio.client import PubSub

    real_get_message = PubSub.get_message

    async def swallowing_get_message(self: PubSub, *args: Any, **kw: Any) -> Any:
        try:
            return await real_get_message(self, *args, **kw)
        except asyncio.CancelledError:
            raise TimeoutError("Timeout reading from socket") from None  # what redis-py may do

    monkeypatch.setattr(PubSub, "get_message", swallowing_get_message)
    live = LiveSessions(redis)
    live.start()
    await until(lambda: live.current)
    task = live._task
    assert task is not None
    task.cancel()  # no aclose(): what asyncio.run / uvloop.run do with a task left running
    done, _ = await asyncio.wait({task}, timeout=3)
    assert done, "the listener kept running after its cancellation"
    live._task = None
