"""Live sign-in sessions in Redis: the revocation list every access token is checked against.

(Sign-in sessions of DOMAIN §4.1, not database sessions: those are :mod:`pf_common.db`.)

Who imports it: identity records every live session with :meth:`SessionRegistry.activate`
(Redis key ``pf:session:access:<jti>``, see :func:`session_key`; identity may store the hashed
refresh token as the value) and deletes it on logout/rotation with
:meth:`SessionRegistry.revoke`; every service's :class:`pf_common.access_tokens.Authenticator`
asks :meth:`SessionRegistry.is_active` after verifying a token. Redis errors are 503
``DEPENDENCY_ERROR``, never a silent pass. No FastAPI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from redis.exceptions import RedisError

from pf_common.errors import DependencyError
from pf_common.logging import get_logger

if TYPE_CHECKING:
    from redis.asyncio import Redis

__all__ = ["SESSION_KEY_PREFIX", "SessionRegistry", "session_key"]

log = get_logger("pf_common.auth")

SESSION_KEY_PREFIX: Final = "pf:session:access:"


def session_key(session_id: str) -> str:
    """The Redis key of a live session (DOMAIN §4.1): ``pf:session:access:<jti>``."""
    return f"{SESSION_KEY_PREFIX}{session_id}"


class SessionRegistry:
    """Allow-list of live sessions in Redis. Redis errors are 503, never a silent pass."""

    def __init__(self, redis: Redis) -> None:
        self.redis = redis

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
        """Delete a session; True when it was live."""
        try:
            return bool(await self.redis.delete(session_key(session_id)))
        except (RedisError, OSError) as exc:
            raise self._unavailable(exc) from exc

    async def is_active(self, session_id: str) -> bool:
        try:
            return bool(await self.redis.exists(session_key(session_id)))
        except (RedisError, OSError) as exc:
            raise self._unavailable(exc) from exc

    @staticmethod
    def _unavailable(exc: BaseException) -> DependencyError:
        log.warning("auth.session_store_unavailable", error_type=type(exc).__name__)
        return DependencyError("session store unavailable", details={"dependency": "redis"})
