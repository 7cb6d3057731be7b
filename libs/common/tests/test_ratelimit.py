"""pf_common.ratelimit: atomic sliding-window limits, throttle keys, 429 headers, Redis down."""

from __future__ import annotations

import asyncio
import hashlib
import socket
from collections.abc import AsyncIterator
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from fastapi import Depends, FastAPI, Request, Response
from prometheus_client import REGISTRY
from pydantic import BaseModel
from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from starlette.requests import Request as StarletteRequest
from structlog.testing import capture_logs

from pf_common.app import install_error_handlers
from pf_common.errors import RateLimited
from pf_common.ratelimit import (
    Policy,
    RateLimiter,
    RateLimitResult,
    client_ip,
    email_key,
    enforce,
    ip_key,
    normalise_email,
    rate_limit,
)
from pf_common.settings import ServiceSettings

PING = Policy("ping", 2, 60)
LOGIN_EMAIL = Policy("login", 3, 60)
ADS = Policy("adclick", 5, 60, fail_open=False)


class LoginBody(BaseModel):
    email: str


def _app(redis: Redis, *, trust_forwarded: bool = False) -> FastAPI:
    app = FastAPI()
    app.state.runtime = SimpleNamespace(redis=redis)
    app.state.settings = SimpleNamespace(service_name="t", trust_forwarded=trust_forwarded)
    install_error_handlers(app)

    @app.get("/ping", dependencies=[Depends(rate_limit(PING))])
    async def ping() -> dict[str, Any]:
        return {"data": "pong"}

    @app.get("/ads", dependencies=[Depends(rate_limit(ADS, key=ip_key(ADS)))])
    async def ads() -> dict[str, Any]:
        return {"data": "ad"}

    @app.post("/login")
    async def login(body: LoginBody, request: Request, response: Response) -> dict[str, Any]:
        await enforce(request, LOGIN_EMAIL, email_key(LOGIN_EMAIL, body.email), response=response)
        return {"data": None}

    return app


@pytest.fixture
async def client(redis: Redis) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=_app(redis))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        yield c


def _dead_redis() -> Redis:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    # Nothing listens on ``port`` any more; no retries so that the test stays fast.
    return Redis(host="127.0.0.1", port=port, socket_connect_timeout=0.5, retry=Retry(NoBackoff(), 0))


def _refused(policy: str) -> float:
    return REGISTRY.get_sample_value("pf_rate_limited_total", {"service": "t", "policy": policy}) or 0.0


# --- the limiter -----------------------------------------------------------------------------


async def test_limit_is_exact_under_50_concurrent_hits(redis: Redis) -> None:
    limiter = RateLimiter(redis)
    key = "rl:ip:burst:198.51.100.1"

    results = await asyncio.gather(*(limiter.hit(key, 10, 60) for _ in range(50)))

    allowed = [r for r in results if r.allowed]
    refused = [r for r in results if not r.allowed]
    assert len(allowed) == 10
    assert sorted(r.remaining for r in allowed) == list(range(10))
    assert len(refused) == 40
    assert all(r.remaining == 0 and r.limit == 10 and 1 <= r.reset_s <= 60 for r in refused)
    # Refused hits are not recorded, and the key expires one window after its last hit.
    assert await redis.zcard(key) == 10
    assert 0 < await redis.pttl(key) <= 60_000


async def test_window_expiry_admits_again(redis: Redis) -> None:
    limiter = RateLimiter(redis)
    key = "rl:ip:short:198.51.100.2"

    first = [await limiter.hit(key, 2, 1) for _ in range(3)]
    assert [r.allowed for r in first] == [True, True, False]
    assert first[2] == RateLimitResult(allowed=False, limit=2, remaining=0, reset_s=1)

    await asyncio.sleep(1.1)

    again = await limiter.hit(key, 2, 1)
    assert again == RateLimitResult(allowed=True, limit=2, remaining=1, reset_s=1)


async def test_keys_are_independent(redis: Redis) -> None:
    limiter = RateLimiter(redis)

    assert (await limiter.hit("rl:ip:p:198.51.100.3", 1, 60)).allowed
    assert not (await limiter.hit("rl:ip:p:198.51.100.3", 1, 60)).allowed
    assert (await limiter.hit("rl:ip:p:198.51.100.4", 1, 60)).allowed
    assert (await limiter.hit("rl:ip:q:198.51.100.3", 1, 60)).allowed


def test_refusal_headers_follow_the_ietf_draft() -> None:
    refused = RateLimitResult(allowed=False, limit=5, remaining=0, reset_s=42)
    allowed = RateLimitResult(allowed=True, limit=5, remaining=3, reset_s=60)

    assert refused.headers() == {
        "RateLimit-Limit": "5",
        "RateLimit-Remaining": "0",
        "RateLimit-Reset": "42",
        "Retry-After": "42",
    }
    assert allowed.headers() == {"RateLimit-Limit": "5", "RateLimit-Remaining": "3", "RateLimit-Reset": "60"}


def test_policy_rejects_nonsense() -> None:
    for args in (("", 1, 1), ("a:b", 1, 1), ("p", 0, 1), ("p", 1, 0)):
        with pytest.raises(ValueError):
            Policy(*args)


# --- keys ------------------------------------------------------------------------------------


def test_email_key_hashes_the_normalised_email() -> None:
    digest = hashlib.sha256(b"buyer@example.com").hexdigest()

    assert normalise_email("  Buyer@Example.COM\t") == "buyer@example.com"
    assert email_key(LOGIN_EMAIL, "  Buyer@Example.COM\t") == f"rl:email:login:{digest}"
    assert email_key("login", "buyer@example.com") == f"rl:email:login:{digest}"
    assert "example" not in email_key("login", "buyer@example.com")


def _request(
    headers: dict[str, str], *, client: str = "10.0.0.9", trust: bool | None = None
) -> StarletteRequest:
    settings = ServiceSettings() if trust is None else ServiceSettings(trust_forwarded=trust)
    scope = {
        "type": "http",
        "method": "GET",
        "path": "/",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": (client, 1234),
        "app": SimpleNamespace(state=SimpleNamespace(settings=settings)),
    }
    return StarletteRequest(scope)


def test_client_ip_uses_the_first_forwarded_hop_only_when_trusted() -> None:
    xff = {"X-Forwarded-For": "203.0.113.7, 10.0.0.1"}

    assert client_ip(_request(xff)) == "10.0.0.9"  # not configured: never trusted
    assert client_ip(_request(xff, trust=False)) == "10.0.0.9"
    assert client_ip(_request(xff, trust=True)) == "203.0.113.7"
    assert client_ip(_request(xff), trust_forwarded=True) == "203.0.113.7"
    assert client_ip(_request({"X-Forwarded-For": "not-an-ip"}, trust=True)) == "10.0.0.9"
    assert client_ip(_request({}, trust=True)) == "10.0.0.9"
    assert ip_key(PING)(_request(xff, trust=True)) == "rl:ip:ping:203.0.113.7"


# --- HTTP ------------------------------------------------------------------------------------


async def test_allowed_responses_carry_ratelimit_headers(client: httpx.AsyncClient, redis: Redis) -> None:
    first = await client.get("/ping")
    second = await client.get("/ping")

    assert first.status_code == 200
    assert first.json() == {"data": "pong"}
    assert first.headers["RateLimit-Limit"] == "2"
    assert first.headers["RateLimit-Remaining"] == "1"
    assert 1 <= int(first.headers["RateLimit-Reset"]) <= 60
    assert "Retry-After" not in first.headers
    assert second.headers["RateLimit-Remaining"] == "0"
    # ASGITransport's client address is 127.0.0.1: the key follows NFR §5.
    assert await redis.zcard("rl:ip:ping:127.0.0.1") == 2


async def test_refusal_is_429_with_retry_after_and_counted(client: httpx.AsyncClient) -> None:
    before = _refused("ping")
    await client.get("/ping")
    await client.get("/ping")

    refused = await client.get("/ping")

    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "RATE_LIMIT_EXCEEDED"
    assert "details" not in refused.json()["error"]
    retry_after = int(refused.headers["Retry-After"])
    assert 1 <= retry_after <= 60
    assert refused.headers["RateLimit-Limit"] == "2"
    assert refused.headers["RateLimit-Remaining"] == "0"
    assert int(refused.headers["RateLimit-Reset"]) == retry_after
    assert _refused("ping") == before + 1


async def test_forwarded_address_is_the_key_when_trusted(redis: Redis) -> None:
    transport = httpx.ASGITransport(app=_app(redis, trust_forwarded=True))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        a = [await c.get("/ping", headers={"X-Forwarded-For": "203.0.113.7"}) for _ in range(3)]
        b = await c.get("/ping", headers={"X-Forwarded-For": "203.0.113.8, 10.0.0.1"})

    assert [r.status_code for r in a] == [200, 200, 429]
    assert b.status_code == 200
    assert await redis.zcard("rl:ip:ping:203.0.113.7") == 2
    assert await redis.zcard("rl:ip:ping:203.0.113.8") == 1


async def test_email_throttle_normalises_case_and_whitespace(client: httpx.AsyncClient, redis: Redis) -> None:
    spellings = ["buyer@example.com", " BUYER@example.com", "Buyer@Example.Com  ", "buyer@EXAMPLE.COM"]

    responses = [await client.post("/login", json={"email": e}) for e in spellings]

    assert [r.status_code for r in responses] == [200, 200, 200, 429]
    assert [r.headers["RateLimit-Remaining"] for r in responses] == ["2", "1", "0", "0"]
    digest = hashlib.sha256(b"buyer@example.com").hexdigest()
    assert await redis.keys("rl:email:*") == [f"rl:email:login:{digest}".encode()]


async def test_enforce_raises_rate_limited_directly(redis: Redis) -> None:
    request = _request({})
    request.app.state.runtime = SimpleNamespace(redis=redis)
    policy = Policy("direct", 1, 60)

    assert (await enforce(request, policy, "rl:ip:direct:10.0.0.9")) is not None
    with pytest.raises(RateLimited) as info:
        await enforce(request, policy, "rl:ip:direct:10.0.0.9")
    assert info.value.status_code == 429
    assert info.value.headers["Retry-After"].isdigit()
    assert await enforce(request, policy, None) is None  # no key: not limited


# --- Redis down ------------------------------------------------------------------------------


async def test_redis_down_fails_open_with_a_warning_for_auth_throttles() -> None:
    dead = _dead_redis()
    transport = httpx.ASGITransport(app=_app(dead))
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
            with capture_logs() as logs:
                responses = [await c.get("/ping") for _ in range(3)]  # beyond the limit of 2
    finally:
        await dead.aclose()

    assert [r.status_code for r in responses] == [200, 200, 200]
    assert "RateLimit-Limit" not in responses[0].headers
    warnings = [e for e in logs if e["event"] == "ratelimit.unavailable"]
    assert len(warnings) == 3
    assert all(e["log_level"] == "warning" and e["policy"] == "ping" and e["fail_open"] for e in warnings)


async def test_redis_down_fails_closed_for_fail_closed_policies() -> None:
    dead = _dead_redis()
    transport = httpx.ASGITransport(app=_app(dead))
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
            with capture_logs() as logs:
                response = await c.get("/ads")
    finally:
        await dead.aclose()

    assert response.status_code == 503
    assert response.json()["error"]["code"] == "DEPENDENCY_ERROR"
    assert response.json()["error"]["details"] == {"dependency": "redis"}
    assert [e["log_level"] for e in logs if e["event"] == "ratelimit.unavailable"] == ["error"]
