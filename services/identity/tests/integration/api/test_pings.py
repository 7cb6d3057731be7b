"""Diagnostics: one ping per audience and the validation echo (API.md §3.1 pings row)."""

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
from identity_factories import make_store, make_user

STORE_PING, ADMIN_PING, AGENT_PING = "/api/ping", "/api/admin/ping", "/api/v1/agent/ping"
GUARDED = [STORE_PING, ADMIN_PING, AGENT_PING]


def pong(scope: str) -> dict[str, dict[str, str]]:
    return {"data": {"scope": scope, "status": "ok"}}


# --------------------------------------------------------------------------- public


async def test_public_ping_needs_no_token(client):
    r = await client.get("/api/public/ping")

    assert (r.status_code, r.json()) == (200, pong("public"))


async def test_validate_echoes_the_normalised_body(client):
    r = await client.post(
        "/api/public/validate", json={"name": "  Ada Lovelace ", "email": "ada@Example.COM", "limit": 25}
    )

    assert (r.status_code, r.json()) == (
        200,
        {"data": {"name": "Ada Lovelace", "email": "ada@example.com", "limit": 25}},
    )


async def test_validate_limit_is_optional(client):
    r = await client.post("/api/public/validate", json={"name": "Ada", "email": "ada@example.com"})

    assert (r.status_code, r.json()) == (
        200,
        {"data": {"name": "Ada", "email": "ada@example.com", "limit": None}},
    )


@pytest.mark.parametrize(
    ("body", "details"),
    [
        ({"name": "Ada", "email": "ada@example.com", "debug": True}, {"debug": "unknown field"}),
        (
            {"name": "x" * 101, "email": "ada@example.com"},
            {"name": "String should have at most 100 characters"},
        ),
        (
            {"name": "Ada", "email": "ada"},
            {"email": "value is not a valid email address: An email address must have an @-sign."},
        ),
        (
            {"name": "Ada", "email": "ada@example.com", "limit": 0},
            {"limit": "Input should be greater than or equal to 1"},
        ),
        (
            {"name": "Ada", "email": "ada@example.com", "limit": 101},
            {"limit": "Input should be less than or equal to 100"},
        ),
        ({"email": "ada@example.com"}, {"name": "Field required"}),
    ],
)
async def test_validate_reports_field_details(client, body, details):
    r = await client.post("/api/public/validate", json=body)

    assert (r.status_code, error_of(r)) == (
        400,
        {"code": "VALIDATION_ERROR", "message": "invalid request", "details": details},
    )


async def test_validate_reports_malformed_json(client):
    r = await client.post(
        "/api/public/validate", content=b'{"name": ', headers={"Content-Type": "application/json"}
    )

    assert (r.status_code, error_of(r)["details"]) == (400, {"body": "malformed JSON"})


@pytest.mark.parametrize(("method", "path"), [("GET", "/api/public/ping"), ("POST", "/api/public/validate")])
async def test_public_diagnostics_are_off_in_production(client, context, method, path):
    # given the service runs in production
    context.settings = context.settings.model_copy(update={"environment": "prod"})

    # when a public diagnostic is called
    r = await client.request(method, path, json={"name": "Ada", "email": "ada@example.com"})

    # then it is refused
    assert (r.status_code, error_of(r)) == (
        403,
        {"code": "FORBIDDEN", "message": "diagnostics are disabled in production"},
    )


# --------------------------------------------------------------------------- authenticated pings


@pytest.mark.parametrize("path", GUARDED)
async def test_no_token_is_401(client, path):
    r = await client.get(path)

    assert (r.status_code, error_of(r)) == (401, UNAUTHENTICATED)


@pytest.mark.parametrize(
    ("path", "claims"),
    [
        (STORE_PING, {"store_type": "buyer", "role": "owner"}),
        (ADMIN_PING, {"role": "admin", "system_role": "admin"}),
        (AGENT_PING, {"role": "agent", "system_role": "agent"}),
    ],
)
async def test_expired_token_is_401(client, db_session, settings, redis, path, claims):
    user = await make_user(db_session, system_role=claims.get("system_role"))
    store = await make_store(db_session, owner=user) if "store_type" in claims else None
    headers = await expired_headers(
        settings, redis, user_id=user.id, store_id=store.id if store else None, **claims
    )

    r = await client.get(path, headers=headers)

    assert (r.status_code, error_of(r)) == (401, INVALID_TOKEN)


@pytest.mark.parametrize("path", GUARDED)
async def test_revoked_session_is_401(client, db_session, mint_actor, path):
    # given a caller who would pass the guard, but whose session was revoked
    if path == STORE_PING:
        user = await make_user(db_session)
        store = await make_store(db_session, owner=user)
        actor = await mint_actor(
            store_type="buyer", role="owner", store_id=store.id, user_id=user.id, active_session=False
        )
    elif path == ADMIN_PING:
        actor, _ = await admin_actor(db_session, mint_actor, active_session=False)
    else:
        actor, _ = await agent_actor(db_session, mint_actor, active_session=False)

    r = await client.get(path, headers=actor.headers)

    assert (r.status_code, error_of(r)) == (401, INVALID_TOKEN)


@pytest.mark.parametrize(
    ("store_type", "role"), [("buyer", "viewer"), ("vendor", "owner"), ("buyer", "agent")]
)
async def test_store_ping_for_any_member(client, db_session, as_store, store_type, role):
    actor, _, _ = await store_actor(db_session, as_store, role=role, store_type=store_type)

    r = await client.get(STORE_PING, headers=actor.headers)

    assert (r.status_code, r.json()) == (200, pong("store"))


@pytest.mark.parametrize("who", ["admin", "agent"])
async def test_store_ping_needs_a_store(client, db_session, mint_actor, who):
    actor, _ = await (admin_actor if who == "admin" else agent_actor)(db_session, mint_actor)

    r = await client.get(STORE_PING, headers=actor.headers)

    assert (r.status_code, error_of(r)) == (
        403,
        {"code": "FORBIDDEN", "message": "an active store is required"},
    )


async def test_admin_ping_for_admins(client, db_session, mint_actor):
    admin, _ = await admin_actor(db_session, mint_actor)

    r = await client.get(ADMIN_PING, headers=admin.headers)

    assert (r.status_code, r.json()) == (200, pong("admin"))


@pytest.mark.parametrize("who", ["store admin", "agent"])
async def test_admin_ping_refuses_everyone_else(client, db_session, as_store, mint_actor, who):
    if who == "agent":
        actor, _ = await agent_actor(db_session, mint_actor)
    else:  # the store member role "admin" is not the system admin
        actor, _, _ = await store_actor(db_session, as_store, role="admin")

    r = await client.get(ADMIN_PING, headers=actor.headers)

    assert (r.status_code, error_of(r)) == (403, {"code": "FORBIDDEN", "message": "admin only"})


async def test_agent_ping_for_agents(client, db_session, mint_actor):
    agent, _ = await agent_actor(db_session, mint_actor)

    r = await client.get(AGENT_PING, headers=agent.headers)

    assert (r.status_code, r.json()) == (200, pong("agent"))


@pytest.mark.parametrize("who", ["buyer", "buyer agent member", "admin"])
async def test_agent_ping_refuses_everyone_else(client, db_session, as_store, mint_actor, who):
    if who == "admin":
        actor, _ = await admin_actor(db_session, mint_actor)
    else:  # a store member with role "agent" is not a delivery agent
        actor, _, _ = await store_actor(db_session, as_store, role="agent" if "agent" in who else "owner")

    r = await client.get(AGENT_PING, headers=actor.headers)

    assert (r.status_code, error_of(r)) == (403, {"code": "FORBIDDEN", "message": "agents only"})
