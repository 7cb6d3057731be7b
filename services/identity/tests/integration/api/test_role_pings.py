"""The role pings of the Go system (API.md §3.1 pings row): who gets 200, 401 and 403.

``/api/v1/ping`` takes any valid access token (no store needed), ``/api/admin/v1/ping``
system admins only, ``/api/v1/agent/ping`` system agents only. The older pings
(``/api/ping``, ``/api/admin/ping``, ``/api/public/ping``) are covered in test_pings.py.
"""

from __future__ import annotations

import pytest
from identity_actors import (
    INVALID_TOKEN,
    UNAUTHENTICATED,
    admin_actor,
    agent_actor,
    error_of,
    expired_headers,
    store_actor,
)
from identity_factories import make_user

USER_PING, ADMIN_V1_PING, AGENT_PING = "/api/v1/ping", "/api/admin/v1/ping", "/api/v1/agent/ping"
PINGS = [USER_PING, ADMIN_V1_PING, AGENT_PING]
CALLERS = ["user without a store", "buyer owner", "vendor viewer", "store admin role", "agent", "admin"]

ADMIN_ONLY = (403, {"code": "FORBIDDEN", "message": "admin only"})
AGENTS_ONLY = (403, {"code": "FORBIDDEN", "message": "agents only"})


def pong(scope: str) -> tuple[int, dict[str, dict[str, str]]]:
    return 200, {"data": {"scope": scope, "status": "ok"}}


# caller -> path -> (status, body or error)
EXPECTED = {
    "user without a store": {USER_PING: pong("user"), ADMIN_V1_PING: ADMIN_ONLY, AGENT_PING: AGENTS_ONLY},
    "buyer owner": {USER_PING: pong("user"), ADMIN_V1_PING: ADMIN_ONLY, AGENT_PING: AGENTS_ONLY},
    "vendor viewer": {USER_PING: pong("user"), ADMIN_V1_PING: ADMIN_ONLY, AGENT_PING: AGENTS_ONLY},
    # the store member role "admin" is not the system admin
    "store admin role": {USER_PING: pong("user"), ADMIN_V1_PING: ADMIN_ONLY, AGENT_PING: AGENTS_ONLY},
    "agent": {USER_PING: pong("user"), ADMIN_V1_PING: ADMIN_ONLY, AGENT_PING: pong("agent")},
    "admin": {USER_PING: pong("user"), ADMIN_V1_PING: pong("admin"), AGENT_PING: AGENTS_ONLY},
}


async def caller(who: str, db_session, as_store, mint_actor, *, active_session: bool = True):
    if who == "user without a store":  # a real user, no membership, no system role
        user = await make_user(db_session)
        return await mint_actor(user_id=user.id, active_session=active_session)
    if who == "agent":
        return (await agent_actor(db_session, mint_actor, active_session=active_session))[0]
    if who == "admin":
        return (await admin_actor(db_session, mint_actor, active_session=active_session))[0]
    store_type, role = {
        "buyer owner": ("buyer", "owner"),
        "vendor viewer": ("vendor", "viewer"),
        "store admin role": ("buyer", "admin"),
    }[who]
    actor, _, _ = await store_actor(db_session, as_store, role=role, store_type=store_type)
    if not active_session:
        return await mint_actor(
            store_type=store_type,
            role=role,
            store_id=actor.store_id,
            user_id=actor.user_id,
            active_session=False,
        )
    return actor


def answer(r) -> tuple[int, dict]:
    return r.status_code, (r.json() if r.status_code == 200 else error_of(r))


@pytest.mark.parametrize("path", PINGS)
@pytest.mark.parametrize("who", CALLERS)
async def test_each_caller_gets_its_pings_and_a_403_for_the_others(
    client, db_session, as_store, mint_actor, who, path
):
    actor = await caller(who, db_session, as_store, mint_actor)

    r = await client.get(path, headers=actor.headers)

    assert answer(r) == EXPECTED[who][path]


@pytest.mark.parametrize("path", PINGS)
async def test_no_token_is_401(client, path):
    r = await client.get(path)

    assert (r.status_code, error_of(r)) == (401, UNAUTHENTICATED)
    assert r.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize("path", PINGS)
async def test_a_malformed_token_is_401(client, path):
    r = await client.get(path, headers={"Authorization": "Bearer not.a.jwt"})

    assert (r.status_code, error_of(r)) == (401, INVALID_TOKEN)


@pytest.mark.parametrize(
    ("path", "claims"),
    [
        (USER_PING, {}),
        (ADMIN_V1_PING, {"role": "admin", "system_role": "admin"}),
        (AGENT_PING, {"role": "agent", "system_role": "agent"}),
    ],
)
async def test_an_expired_token_is_401(client, db_session, settings, redis, path, claims):
    user = await make_user(db_session, system_role=claims.get("system_role"))
    headers = await expired_headers(settings, redis, user_id=user.id, **claims)

    r = await client.get(path, headers=headers)

    assert (r.status_code, error_of(r)) == (401, INVALID_TOKEN)


@pytest.mark.parametrize(
    ("path", "who"),
    [
        (USER_PING, "user without a store"),
        (USER_PING, "buyer owner"),
        (ADMIN_V1_PING, "admin"),
        (AGENT_PING, "agent"),
    ],
)
async def test_a_revoked_session_is_401_even_for_the_right_caller(
    client, db_session, as_store, mint_actor, path, who
):
    # given a caller the ping would accept, whose session was revoked (logout)
    actor = await caller(who, db_session, as_store, mint_actor, active_session=False)

    r = await client.get(path, headers=actor.headers)

    assert (r.status_code, error_of(r)) == (401, INVALID_TOKEN)


async def test_the_older_pings_are_still_served(client, db_session, as_store, mint_actor):
    store_member, _, _ = await store_actor(db_session, as_store, role="viewer")
    admin, _ = await admin_actor(db_session, mint_actor)

    answers = [
        answer(await client.get("/api/public/ping")),
        answer(await client.get("/api/ping", headers=store_member.headers)),
        answer(await client.get("/api/admin/ping", headers=admin.headers)),
    ]

    assert answers == [pong("public"), pong("store"), pong("admin")]
