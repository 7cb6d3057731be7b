"""Rate limits and throttles in Redis (spec/NFR.md §5, spec/API.md §1.4).

Algorithm: a **sliding-window log** in one sorted set per key, run as ONE Lua
script (``_HIT``), so that the read-prune-count-add sequence is atomic on the
server and exact under any concurrency (N concurrent hits on a limit L allow
exactly L). Why not a fixed window (``INCR`` + ``PEXPIRE`` on the first hit)?

* A fixed window lets a client spend the limit twice around a window boundary
  (5 login attempts per email at 00:59 and 5 more at 01:00): for credential
  throttles that burst is exactly what we want to stop. The log never admits
  more than ``limit`` hits in ANY ``window_s`` interval.
* Its cost, O(limit) members per key, is small for our policies (≤ 20 hits
  per window, NFR §5), and the key expires one window after its last hit.
* The clock is the Redis server's (``TIME``), never the callers', so skew
  between replicas cannot widen or narrow a window.
* Only admitted hits are recorded: a client hammering while refused does not
  extend its own lock-out, and ``Retry-After`` (when the oldest admitted hit
  leaves the window) is a promise that holds.

Keys (NFR §5): ``rl:ip:<policy>:<ip>`` (:func:`ip_key`) and
``rl:email:<policy>:<sha256(normalised email)>`` (:func:`email_key`; the email
itself never reaches Redis or logs).

HTTP: :func:`rate_limit` is a FastAPI dependency factory; :func:`enforce` does
the same from inside a route (e.g. an email throttle once the body is parsed).
A refusal raises :class:`~pf_common.errors.RateLimited` (429
``RATE_LIMIT_EXCEEDED``) with ``Retry-After`` and the IETF draft
``RateLimit-Limit`` / ``RateLimit-Remaining`` / ``RateLimit-Reset`` headers,
and increments ``pf_rate_limited_total{service,policy}``. Admitted requests get
the ``RateLimit-*`` headers through FastAPI's ``Response`` parameter (they are
lost if the route returns a ``Response`` object itself, as FastAPI documents).

Redis unavailable: decided per :class:`Policy` (``fail_open``).

* ``fail_open=True`` (the default, meant for the auth/address throttles):
  the request goes through and ``ratelimit.unavailable`` is logged at warning.
  Refusing every login while Redis is down would turn a cache outage into a
  full authentication outage; the throttles are a brake on abuse, not the
  security boundary (Argon2id and the "invalid credentials" answer are), and
  Redis down already makes ``/health/ready`` fail.
* ``fail_open=False`` (ads, NFR "ads fail closed when Redis is down", and any
  limit that protects money or a quota): 503 ``DEPENDENCY_ERROR``.
"""

from __future__ import annotations

import hashlib
import ipaddress
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from inspect import isawaitable
from typing import Any

from fastapi import Request, Response
from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import ReadOnlyError
from redis.exceptions import TimeoutError as RedisTimeoutError

from pf_common import metrics
from pf_common.errors import DependencyError, RateLimited
from pf_common.logging import get_logger
from pf_common.settings import app_settings

__all__ = [
    "KeyFunc",
    "Policy",
    "RateLimitResult",
    "RateLimiter",
    "client_ip",
    "email_key",
    "enforce",
    "ip_key",
    "normalise_email",
    "rate_limit",
]

log = get_logger(__name__)

KeyFunc = Callable[[Request], "Awaitable[str | None] | str | None"]

HEADER_LIMIT = "RateLimit-Limit"
HEADER_REMAINING = "RateLimit-Remaining"
HEADER_RESET = "RateLimit-Reset"
HEADER_RETRY_AFTER = "Retry-After"

KEY_PREFIX = "rl:"

# Errors that mean "Redis is not answering", as opposed to a bug in the script.
_UNAVAILABLE: tuple[type[BaseException], ...] = (
    RedisConnectionError,
    RedisTimeoutError,
    ReadOnlyError,
    OSError,  # includes the builtin TimeoutError (asyncio.timeout)
)

# KEYS[1] = the throttle key
# ARGV[1] = limit, ARGV[2] = window in milliseconds, ARGV[3] = a unique token
# Returns {allowed (0|1), hits in the window after this call, µs until the oldest hit leaves it}.
_HIT = """
local key = KEYS[1]
local limit = tonumber(ARGV[1])
local window_us = tonumber(ARGV[2]) * 1000
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window_us)
local count = redis.call('ZCARD', key)
local allowed = 0
if count < limit then
  redis.call('ZADD', key, now, t[1] .. '.' .. t[2] .. ':' .. ARGV[3])
  count = count + 1
  allowed = 1
end
if count > 0 then
  redis.call('PEXPIRE', key, ARGV[2])
end
local reset_us = window_us
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
if oldest[2] then
  reset_us = tonumber(oldest[2]) + window_us - now
end
return {allowed, count, reset_us}
"""


@dataclass(frozen=True, slots=True)
class RateLimitResult:
    """The outcome of one hit. ``reset_s`` = whole seconds (≥ 1) until one unit of
    quota comes back (the oldest admitted hit leaves the window)."""

    allowed: bool
    limit: int
    remaining: int
    reset_s: int

    def headers(self) -> dict[str, str]:
        """The IETF draft ``RateLimit-*`` headers (plus ``Retry-After`` when refused)."""
        out = {
            HEADER_LIMIT: str(self.limit),
            HEADER_REMAINING: str(self.remaining),
            HEADER_RESET: str(self.reset_s),
        }
        if not self.allowed:
            out[HEADER_RETRY_AFTER] = str(max(1, self.reset_s))
        return out


@dataclass(frozen=True, slots=True)
class Policy:
    """A named limit: at most ``limit`` hits per sliding ``window_s`` seconds.

    ``fail_open`` decides what happens when Redis is unavailable (see the module
    docstring): True admits with a warning (auth throttles), False answers 503.
    """

    name: str
    limit: int
    window_s: int
    fail_open: bool = True

    def __post_init__(self) -> None:
        if not self.name or ":" in self.name:
            raise ValueError("policy name must be non-empty and contain no ':'")
        if self.limit < 1 or self.window_s < 1:
            raise ValueError("limit and window_s must be >= 1")


class RateLimiter:
    """Sliding-window-log limiter over a ``redis.asyncio.Redis`` client."""

    def __init__(self, redis: Redis) -> None:
        self.redis = redis
        # register_script only hashes the source: no I/O. EVALSHA, SCRIPT LOAD on NOSCRIPT.
        self._script = redis.register_script(_HIT)

    async def hit(self, key: str, limit: int, window_s: int) -> RateLimitResult:
        """Record one hit on ``key`` if fewer than ``limit`` hits happened in the last
        ``window_s`` seconds. Atomic; raises redis errors when Redis is unavailable."""
        if limit < 1 or window_s < 1:
            raise ValueError("limit and window_s must be >= 1")
        raw = await self._script(keys=[key], args=[limit, window_s * 1000, secrets.token_hex(8)])
        allowed, count, reset_us = (int(v) for v in raw)
        reset_s = max(1, -(-reset_us // 1_000_000))
        return RateLimitResult(
            allowed=bool(allowed),
            limit=limit,
            remaining=max(0, limit - count),
            reset_s=reset_s,
        )


# --- keys ------------------------------------------------------------------------------------


def _policy_name(policy: Policy | str) -> str:
    return policy.name if isinstance(policy, Policy) else policy


def normalise_email(email: str) -> str:
    """The form an email is throttled under: trimmed and lower-cased."""
    return email.strip().lower()


def email_key(policy: Policy | str, email: str) -> str:
    """``rl:email:<policy>:<sha256 hex of the normalised email>``."""
    digest = hashlib.sha256(normalise_email(email).encode("utf-8")).hexdigest()
    return f"{KEY_PREFIX}email:{_policy_name(policy)}:{digest}"


def _ip_key_of(policy: Policy | str, ip: str) -> str:
    return f"{KEY_PREFIX}ip:{_policy_name(policy)}:{ip}"


def client_ip(request: Request, *, trust_forwarded: bool | None = None) -> str | None:
    """The client's IP address.

    The first ``X-Forwarded-For`` hop is used only when ``trust_forwarded`` is
    true (argument, else ``settings.trust_forwarded`` of the app, default
    false): only a deployment behind a proxy that overwrites the header may set
    it, or every client could pick its own throttle key. Otherwise, and when
    the header is absent or not an IP, ``request.client.host``.
    """
    if trust_forwarded is None:
        settings = app_settings(request.app.state)
        trust_forwarded = settings is not None and settings.trust_forwarded
    if trust_forwarded:
        forwarded = request.headers.get("x-forwarded-for", "")
        first = forwarded.split(",", 1)[0].strip()
        if first:
            try:
                return str(ipaddress.ip_address(first))
            except ValueError:
                pass
    return request.client.host if request.client else None


def ip_key(policy: Policy | str) -> Callable[[Request], str | None]:
    """A key function for :func:`rate_limit`: ``rl:ip:<policy>:<client ip>``."""

    def _key(request: Request) -> str | None:
        ip = client_ip(request)
        return _ip_key_of(policy, ip) if ip else None

    return _key


async def _resolve_key(policy: Policy, key: KeyFunc, request: Request) -> str | None:
    value: Any = key(request)
    if isawaitable(value):
        value = await value
    if value is None or value == "":
        return None
    value = str(value)
    # A full throttle key (ip_key/email_key) is used as is; a bare subject (client_ip) is an IP.
    return value if value.startswith(KEY_PREFIX) else _ip_key_of(policy, value)


# --- HTTP ------------------------------------------------------------------------------------


def _service_name(request: Request) -> str:
    settings = app_settings(request.app.state)
    return settings.service_name if settings is not None else "unknown"


def _set_headers(response: Response, result: RateLimitResult) -> None:
    # Several policies on one route: expose the most restrictive one.
    current = response.headers.get(HEADER_REMAINING)
    if current is not None and current.isdigit() and int(current) < result.remaining:
        return
    for name, value in result.headers().items():
        response.headers[name] = value


async def enforce(
    request: Request,
    policy: Policy,
    key: str | None,
    *,
    response: Response | None = None,
) -> RateLimitResult | None:
    """Count one hit of ``policy`` on ``key`` (a full key, e.g. from :func:`email_key`).

    Raises ``RateLimited`` (429) when refused. Returns the result when admitted
    (and sets the ``RateLimit-*`` headers on ``response`` if given), or None
    when ``key`` is None or Redis is unavailable under a fail-open policy; a
    fail-closed policy raises ``DependencyError`` (503) instead.
    """
    if key is None:
        return None
    runtime = getattr(request.app.state, "runtime", None)
    redis = getattr(runtime, "redis", None)
    try:
        if redis is None:
            raise RedisConnectionError("no redis client")
        result = await RateLimiter(redis).hit(key, policy.limit, policy.window_s)
    except _UNAVAILABLE as exc:
        if not policy.fail_open:
            log.error(
                "ratelimit.unavailable", policy=policy.name, fail_open=False, error_type=type(exc).__name__
            )
            raise DependencyError("rate limiter unavailable", details={"dependency": "redis"}) from exc
        log.warning(
            "ratelimit.unavailable", policy=policy.name, fail_open=True, error_type=type(exc).__name__
        )
        return None
    if not result.allowed:
        metrics.RATE_LIMITED.labels(_service_name(request), policy.name).inc()
        log.info("ratelimit.refused", policy=policy.name, retry_after_s=result.reset_s)
        raise RateLimited(headers=result.headers(), reason=f"rate_limited_{policy.name}")
    if response is not None:
        _set_headers(response, result)
    return result


def rate_limit(
    policy: Policy, *, key: KeyFunc = client_ip
) -> Callable[..., Awaitable[RateLimitResult | None]]:
    """A FastAPI dependency enforcing ``policy``::

        LOGIN_IP = Policy("login", 20, 60)
        @router.post("/login", dependencies=[Depends(rate_limit(LOGIN_IP))])

    ``key(request)`` (sync or async) returns the subject: a full key such as
    :func:`email_key` builds (``rl:`` prefix, used as is), or a bare client IP
    (the default, :func:`client_ip`), which becomes ``rl:ip:<policy>:<ip>``.
    None skips the limit for this request.
    """

    async def _dependency(request: Request, response: Response) -> RateLimitResult | None:
        resolved = await _resolve_key(policy, key, request)
        return await enforce(request, policy, resolved, response=response)

    _dependency.__name__ = f"rate_limit_{policy.name}"
    return _dependency
