"""Live sign-in sessions in Redis: the revocation list every access token is checked against.

(Sign-in sessions of DOMAIN §4.1, not database sessions: those are :mod:`pf_common.db`.)

Who imports it: identity records every live session with :meth:`SessionRegistry.activate`
(Redis key ``pf:session:access:<jti>``, see :func:`session_key`; identity may store the hashed
refresh token as the value) and deletes it on logout/rotation with
:meth:`SessionRegistry.revoke` (or its own Lua scripts); every service's
:class:`pf_common.access_tokens.Authenticator` asks :meth:`SessionRegistry.is_active` after
verifying a token. Redis errors are 503 ``DEPENDENCY_ERROR``, never a silent pass. No FastAPI.

**Revocations are pushed.** Whoever deletes a session key also publishes its id on
:data:`REVOCATIONS_CHANNEL` in the same atomic step (a MULTI or a Lua script). Each process
keeps a :class:`LiveSessions` cache of the sessions it recently found live and forgets one the
moment its revocation arrives, so a request of a live session costs no Redis round trip.
The cache answers only while its subscription is *proven current*: a listener pings Redis
on the subscription connection every :data:`HEARTBEAT_S`, and Redis answers a ping only
after every message published before it, so a pong received at ``t`` proves every revocation
published before the ping has been applied. Without a pong for :data:`FRESHNESS_S` (Redis
down, connection lost, event loop starved), every check goes to Redis again, so a revoked
session is refused on every instance within about a second whatever fails.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final

from redis.exceptions import RedisError

from pf_common.errors import DependencyError
from pf_common.logging import get_logger

if TYPE_CHECKING:
    from redis.asyncio import Redis
    from redis.asyncio.client import PubSub

__all__ = [
    "FRESHNESS_S",
    "HEARTBEAT_S",
    "REVOCATIONS_CHANNEL",
    "SESSION_KEY_PREFIX",
    "LiveSessions",
    "SessionRegistry",
    "session_key",
]

log = get_logger("pf_common.auth")

SESSION_KEY_PREFIX: Final = "pf:session:access:"
#: every deleted session id is published here, atomically with its deletion
REVOCATIONS_CHANNEL: Final = "pf:session:revoked"
HEARTBEAT_S: Final = 0.25  # the listener pings this often
FRESHNESS_S: Final = 0.75  # a pong older than this and the cache is not trusted
_PING_PAYLOAD: Final = "pf-live-sessions"


def session_key(session_id: str) -> str:
    """The Redis key of a live session (DOMAIN §4.1): ``pf:session:access:<jti>``."""
    return f"{SESSION_KEY_PREFIX}{session_id}"


class SessionRegistry:
    """Allow-list of live sessions in Redis. Redis errors are 503, never a silent pass.

    ``local`` is this process's :class:`LiveSessions`: what :meth:`revoke` deletes is forgotten
    there at once (other processes learn it from the published revocation).
    """

    def __init__(self, redis: Redis, local: LiveSessions | None = None) -> None:
        self.redis = redis
        self.local = local

    async def activate(self, session_id: str, ttl_s: int, *, value: str | bytes = "1") -> None:
        """Mark a session live for ``ttl_s`` seconds (identity may store the refresh hash as ``value``)."""
        if not session_id:
            raise ValueError("session_id is required")
        if ttl_s <= 0:
            raise ValueError("ttl_s must be positive")
        try:
            await self.redis.set(session_key(session_id), value, ex=int(ttl_s))
        except (RedisError, OSError) as exc:
            raise self._unavailable(exc) from exc

    async def revoke(self, session_id: str) -> bool:
        """Delete a session and publish its revocation (one MULTI); True when it was live."""
        try:
            async with self.redis.pipeline(transaction=True) as pipe:
                pipe.delete(session_key(session_id))
                pipe.publish(REVOCATIONS_CHANNEL, session_id)
                deleted, _ = await pipe.execute()
        except (RedisError, OSError) as exc:
            raise self._unavailable(exc) from exc
        finally:
            if self.local is not None:
                self.local.revoked(session_id)
        return bool(deleted)

    async def is_active(self, session_id: str) -> bool:
        try:
            return bool(await self.redis.exists(session_key(session_id)))
        except (RedisError, OSError) as exc:
            raise self._unavailable(exc) from exc

    @staticmethod
    def _unavailable(exc: BaseException) -> DependencyError:
        log.warning("auth.session_store_unavailable", error_type=type(exc).__name__)
        return DependencyError("session store unavailable", details={"dependency": "redis"})


class LiveSessions:
    """This process's cache of sessions found live, emptied by pushed revocations.

    :meth:`lookup` is synchronous and costs a dict lookup. Use::

        if not cache.lookup(jti):
            epoch = cache.epoch
            live = await registry.is_active(jti)      # the Redis round trip
            if live:
                cache.remember(jti, epoch)

    ``remember`` drops the entry when any revocation (or a resubscription) arrived since
    ``epoch`` was read: a check that raced a revocation is never cached. Entries expire after
    ``ttl_s`` (the token's own expiry is checked by the verifier on every request). When
    ``max_entries`` is reached, the expired entries and then the oldest tenth go at once (one
    sweep per tenth, not one per insert). The listener starts with :meth:`start` (from a
    running event loop) and stops with :meth:`aclose`.
    """

    def __init__(
        self,
        redis: Redis,
        *,
        ttl_s: float = 30.0,
        max_entries: int = 100_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.redis = redis
        self.ttl_s = ttl_s
        self.max_entries = max_entries
        self._clock = clock
        self._entries: dict[str, float] = {}
        self._epoch = 0
        self._last_pong = float("-inf")
        self._task: asyncio.Task[None] | None = None
        self._stopping = False

    # --- the request path -------------------------------------------------------------------

    @property
    def epoch(self) -> int:
        return self._epoch

    @property
    def current(self) -> bool:
        """True while the subscription is proven current (a pong within FRESHNESS_S)."""
        return self._clock() - self._last_pong < FRESHNESS_S

    def lookup(self, session_id: str) -> bool:
        """True when ``session_id`` is known live and no revocation of it can have been missed."""
        until = self._entries.get(session_id)
        if until is None:
            return False
        now = self._clock()
        if until <= now:
            self._entries.pop(session_id, None)
            return False
        return now - self._last_pong < FRESHNESS_S

    def remember(self, session_id: str, epoch: int) -> None:
        """Cache ``session_id`` as live for ``ttl_s`` (its check started at ``epoch``)."""
        if epoch != self._epoch or not self.current:
            return
        if len(self._entries) >= self.max_entries:
            self._evict()
        self._entries[session_id] = self._clock() + self.ttl_s

    def __len__(self) -> int:
        return len(self._entries)

    def _evict(self) -> None:
        now = self._clock()
        expired = [sid for sid, until in self._entries.items() if until <= now]
        for sid in expired:
            del self._entries[sid]
        keep = self.max_entries - max(1, self.max_entries // 10)
        while len(self._entries) > keep:  # oldest first (insertion order)
            del self._entries[next(iter(self._entries))]

    # --- the listener -----------------------------------------------------------------------

    def revoked(self, session_id: str) -> None:
        """Forget ``session_id`` (a revocation arrived)."""
        self._epoch += 1
        self._entries.pop(session_id, None)

    def start(self) -> None:
        """Start the listener (idempotent; needs a running event loop)."""
        if self._task is None or self._task.done():
            self._stopping = False
            self._task = asyncio.get_running_loop().create_task(self._listen(), name="pf-live-sessions")

    async def aclose(self) -> None:
        task, self._task = self._task, None
        self._forget_all()
        if task is not None:
            # redis-py may turn a cancellation inside a timed read into a plain timeout, so the
            # listener also checks this flag at every heartbeat
            self._stopping = True
            task.cancel()
            done, _ = await asyncio.wait({task}, timeout=2 * HEARTBEAT_S + 1)
            if not done:
                log.warning("auth.session_cache.listener_not_stopped")

    def _forget_all(self) -> None:
        self._last_pong = float("-inf")
        self._epoch += 1
        self._entries.clear()

    def _halted(self) -> bool:
        """Stopping, or the task was cancelled (at a process's shutdown the loop cancels it once,
        without ``aclose``): redis-py may turn that cancellation inside a timed read into a
        ``TimeoutError``, which would otherwise read as a lost connection and loop forever."""
        task = asyncio.current_task()
        return self._stopping or (task is not None and task.cancelling() > 0)

    async def _listen(self) -> None:
        backoff = HEARTBEAT_S
        while not self._halted():
            pubsub: PubSub = self.redis.pubsub()
            try:
                await pubsub.subscribe(REVOCATIONS_CHANNEL)
                # Entries cached before this subscription may have missed revocations: drop them,
                # and again whenever redis-py reconnects (and resubscribes) by itself.
                self._forget_all()
                if pubsub.connection is not None:
                    pubsub.connection.register_connect_callback(self._on_connect)
                log.info("auth.session_cache.subscribed", channel=REVOCATIONS_CHANNEL)
                backoff = HEARTBEAT_S
                await self._pump(pubsub)
            except asyncio.CancelledError:
                raise
            except (RedisError, OSError, ConnectionError) as exc:
                self._forget_all()
                log.warning("auth.session_cache.disconnected", error_type=type(exc).__name__, retry_s=backoff)
            finally:
                with contextlib.suppress(Exception):
                    await pubsub.aclose()
            if not self._halted():
                await asyncio.sleep(backoff)
            backoff = min(backoff * 2, 5.0)

    async def _pump(self, pubsub: PubSub) -> None:
        next_ping = 0.0
        while not self._halted():
            now = self._clock()
            if now >= next_ping:
                await pubsub.ping(_PING_PAYLOAD)
                next_ping = now + HEARTBEAT_S
            message = await pubsub.get_message(timeout=max(0.0, next_ping - self._clock()))
            if message is not None:
                self._handle(message)

    def _on_connect(self, _connection: Any) -> None:
        self._forget_all()  # messages published while disconnected are lost

    def _handle(self, message: dict[str, Any]) -> None:
        kind, data = message.get("type"), message.get("data")
        if isinstance(data, bytes):
            data = data.decode("utf-8", "replace")
        if kind == "message":
            self.revoked(str(data))
        elif kind == "pong" and data == _PING_PAYLOAD:
            if not self.current:
                # Checks that started before this proof (e.g. before a resubscription was
                # processed) may have read a session that was revoked unseen: never cache them.
                self._epoch += 1
            self._last_pong = self._clock()
