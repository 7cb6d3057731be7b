"""Revocation stays prompt with cached sessions: two identity instances on one Redis, each
serving a signed-in user's requests from its cache of live sessions; a logout, a replayed
(rotated-away) refresh token or a member's removal on one instance is refused on the other
within a second (pf_common.sessions.LiveSessions, revocations published by identity's scripts)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import jwt
import pytest
from identity_actors import store_actor
from identity_factories import DEFAULT_PASSWORD, make_membership, make_store, make_user
from redis.asyncio import Redis

from pf_common.runtime import Runtime
from pf_common.sessions import LiveSessions
from pf_common.testing.plugin import create_service_app

ME = "/api/v1/stores/me"


@pytest.fixture
async def other(settings: Any, database: Any, context: Any, pf_servers: Any) -> AsyncIterator[Any]:
    """A second identity instance: its own app, Redis client and authenticator (cache)."""
    redis = Redis.from_url(pf_servers.redis_url)
    runtime = Runtime.create(settings, db=database, redis=redis)
    app = create_service_app("identity", settings, runtime=runtime, context=context)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://other") as client:
        client.runtime = runtime  # type: ignore[attr-defined]
        yield client
    await runtime.authenticator.aclose()
    await redis.aclose()


def live_of(client: Any) -> LiveSessions:
    live = client.runtime.authenticator.live_sessions
    assert live is not None
    return live


def session_of(headers: dict[str, str]) -> str:
    return str(jwt.decode(headers["Authorization"][7:], options={"verify_signature": False})["jti"])


async def served_from_cache(other: Any, headers: dict[str, str]) -> None:
    """Make ``other`` cache the session of ``headers`` (proven, not assumed)."""
    live = live_of(other)
    assert (await other.get(ME, headers=headers)).status_code == 200  # starts its listener
    deadline = time.monotonic() + 3
    while not live.current:
        assert time.monotonic() < deadline, "the revocation listener never became current"
        await asyncio.sleep(0.01)
    assert (await other.get(ME, headers=headers)).status_code == 200
    assert live.lookup(session_of(headers))


async def refused_within_a_second(other: Any, headers: dict[str, str], since: float) -> None:
    while (r := await other.get(ME, headers=headers)).status_code == 200:
        assert time.monotonic() - since < 1.0, "still served after a second"
        await asyncio.sleep(0.01)
    assert r.status_code == 401 and r.json()["error"]["code"] == "UNAUTHORIZED"
    assert time.monotonic() - since < 1.0


async def sign_in(client: Any, email: str) -> tuple[dict[str, str], str]:
    r = await client.post("/api/v1/auth/login", json={"email": email, "password": DEFAULT_PASSWORD})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.headers['x-pf-token']}"}, r.json()["data"]["refresh_token"]


async def test_a_logout_on_one_instance_is_refused_on_the_other_within_a_second(client, other, db_session):
    user = await make_user(db_session, email="twice@example.com")
    await make_store(db_session, owner=user)
    auth, _ = await sign_in(client, user.email)
    await served_from_cache(other, auth)

    assert (await client.post("/api/v1/auth/logout", headers=auth)).status_code == 200
    logged_out = time.monotonic()

    await refused_within_a_second(other, auth, logged_out)
    assert (await client.get(ME, headers=auth)).status_code == 401  # and at once where it happened


async def test_a_replayed_refresh_token_ends_the_family_on_every_instance(client, other, db_session):
    user = await make_user(db_session, email="thief@example.com")
    await make_store(db_session, owner=user)
    auth, refresh = await sign_in(client, user.email)
    first = await client.post("/api/v1/auth/refresh", json={"refresh_token": refresh}, headers=auth)
    assert first.status_code == 200
    legit = {"Authorization": f"Bearer {first.json()['data']['access_token']}"}
    await served_from_cache(other, legit)

    replay = await client.post("/api/v1/auth/refresh", json={"refresh_token": refresh}, headers=auth)
    assert replay.status_code == 401
    replayed = time.monotonic()

    await refused_within_a_second(other, legit, replayed)
    assert (await client.get(ME, headers=legit)).status_code == 401


async def test_a_removed_member_is_refused_on_every_instance_within_a_second(
    client, other, db_session, as_store
):
    owner_actor, store, _ = await store_actor(db_session, as_store)
    staff = await make_user(db_session, email="leaver@example.com")
    await make_membership(db_session, store=store, user=staff, role="staff")
    auth, _ = await sign_in(client, staff.email)
    await served_from_cache(other, auth)
    assert (await client.get(ME, headers=auth)).status_code == 200

    r = await client.delete(f"{ME}/users/{staff.id}", headers=owner_actor.headers)
    assert r.status_code == 204, r.text
    removed = time.monotonic()

    await refused_within_a_second(other, auth, removed)
    assert (await client.get(ME, headers=auth)).status_code == 401
