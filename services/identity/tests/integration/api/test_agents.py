"""Admin creates delivery agents: POST /api/admin/v1/agents (API.md §3.1, EVENTS.md agent_upserted)."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher
from identity_actors import (
    INVALID_TOKEN,
    UNAUTHENTICATED,
    admin_actor,
    agent_actor,
    count,
    error_of,
    expired_headers,
    iso,
    store_actor,
)
from identity_factories import make_user

from pf_identity.models import AuditLog, User

AGENTS = "/api/admin/v1/agents"
GOOD_PASSWORD = "Route-66-Runner"


def agent_body(**over: Any) -> dict[str, Any]:
    body = {
        "first_name": "Kai",
        "last_name": "Rivers",
        "email": "kai.rivers@example.com",
        "password": GOOD_PASSWORD,
        "phone": "405-555-0142",
    }
    body.update(over)
    return body


async def state(db_session, emitted_events) -> tuple[Any, ...]:
    """Users, outbox and audit rows: what a refused request must leave alone."""
    db_session.expunge_all()
    users = (await db_session.execute(sa.select(User.id, User.email, User.system_role))).all()
    return (sorted(users), await emitted_events(), await count(db_session, AuditLog))


# --------------------------------------------------------------------------- authentication


async def test_no_token_is_401(client, db_session, emitted_events):
    before = await state(db_session, emitted_events)

    r = await client.post(AGENTS, json=agent_body())

    assert (r.status_code, error_of(r)) == (401, UNAUTHENTICATED)
    assert await state(db_session, emitted_events) == before


async def test_expired_token_is_401(client, db_session, emitted_events, settings, redis):
    admin = await make_user(db_session, system_role="admin")
    headers = await expired_headers(settings, redis, user_id=admin.id, role="admin", system_role="admin")
    before = await state(db_session, emitted_events)

    r = await client.post(AGENTS, json=agent_body(), headers=headers)

    assert (r.status_code, error_of(r)) == (401, INVALID_TOKEN)
    assert await state(db_session, emitted_events) == before


async def test_revoked_session_is_401(client, db_session, emitted_events, mint_actor):
    admin, _ = await admin_actor(db_session, mint_actor, active_session=False)
    before = await state(db_session, emitted_events)

    r = await client.post(AGENTS, json=agent_body(), headers=admin.headers)

    assert (r.status_code, error_of(r)) == (401, INVALID_TOKEN)
    assert await state(db_session, emitted_events) == before


# --------------------------------------------------------------------------- authorisation


@pytest.mark.parametrize("role", ["owner", "admin"])
async def test_store_users_are_403_even_a_store_admin(client, db_session, emitted_events, as_store, role):
    actor, _, _ = await store_actor(db_session, as_store, role=role)
    before = await state(db_session, emitted_events)

    r = await client.post(AGENTS, json=agent_body(), headers=actor.headers)

    assert (r.status_code, error_of(r)) == (403, {"code": "FORBIDDEN", "message": "admin only"})
    assert await state(db_session, emitted_events) == before


async def test_agents_are_403(client, db_session, emitted_events, mint_actor):
    agent, _ = await agent_actor(db_session, mint_actor)
    before = await state(db_session, emitted_events)

    r = await client.post(AGENTS, json=agent_body(), headers=agent.headers)

    assert (r.status_code, error_of(r)) == (403, {"code": "FORBIDDEN", "message": "admin only"})
    assert await state(db_session, emitted_events) == before


@pytest.mark.parametrize("demotion", [{"system_role": None}, {"is_active": False}])
async def test_an_admin_token_of_a_demoted_or_deactivated_user_is_403(
    client, db_session, emitted_events, mint_actor, demotion
):
    # given an admin token whose user has since lost the role (or was deactivated)
    admin, user = await admin_actor(db_session, mint_actor)
    for field, value in demotion.items():
        setattr(user, field, value)
    await db_session.flush()
    before = await state(db_session, emitted_events)

    # when it creates an agent
    r = await client.post(AGENTS, json=agent_body(), headers=admin.headers)

    # then the user row decides
    assert (r.status_code, error_of(r)) == (403, {"code": "FORBIDDEN", "message": "admin only"})
    assert await state(db_session, emitted_events) == before


# --------------------------------------------------------------------------- create


async def test_admin_creates_an_agent_emits_agent_upserted_and_audits(
    client, db_session, mint_actor, emitted_events
):
    # given an admin
    admin, admin_user = await admin_actor(db_session, mint_actor)

    # when they create an agent
    r = await client.post(
        AGENTS, json=agent_body(email="  Kai.Rivers@Example.COM ", first_name=" Kai "), headers=admin.headers
    )

    # then the agent exists with the agent system role and the given password
    assert r.status_code == 201, r.text
    db_session.expunge_all()
    user = (
        await db_session.execute(sa.select(User).where(User.email == "kai.rivers@example.com"))
    ).scalar_one()
    assert PasswordHasher().verify(user.password_hash, GOOD_PASSWORD)
    assert r.json() == {
        "data": {
            "id": str(user.id),
            "email": "kai.rivers@example.com",
            "first_name": "Kai",
            "last_name": "Rivers",
            "phone": "405-555-0142",
            "is_active": True,
            "last_login_at": None,
            "system_role": "agent",
            "created_at": iso(user.created_at),
            "updated_at": iso(user.updated_at),
        }
    }
    assert GOOD_PASSWORD not in r.text
    # and logistics hears about it through the outbox
    [event] = await emitted_events("agent_upserted")
    assert (event.aggregate_type, event.aggregate_id, event.actor_user_id, event.store_id) == (
        "user",
        user.id,
        admin_user.id,
        None,
    )
    assert event.payload == {
        "user_id": str(user.id),
        "first_name": "Kai",
        "last_name": "Rivers",
        "email": "kai.rivers@example.com",
        "phone": "405-555-0142",
        "is_active": True,
    }
    # and the admin action is audited
    [row] = (await db_session.execute(sa.select(AuditLog))).scalars().all()
    assert (row.action, row.actor_user_id, row.actor_role, row.target_type, row.target_id, row.payload) == (
        "agent.created",
        admin_user.id,
        "admin",
        "user",
        user.id,
        {"system_role": "agent"},
    )


async def test_phone_is_optional(client, db_session, mint_actor, emitted_events):
    admin, _ = await admin_actor(db_session, mint_actor)
    body = agent_body()
    del body["phone"]

    r = await client.post(AGENTS, json=body, headers=admin.headers)

    assert r.status_code == 201, r.text
    assert r.json()["data"]["phone"] is None
    [event] = await emitted_events("agent_upserted")
    assert event.payload["phone"] is None


async def test_an_existing_email_is_409_in_any_case(client, db_session, mint_actor, emitted_events):
    admin, _ = await admin_actor(db_session, mint_actor)
    await make_user(db_session, email="kai.rivers@example.com")
    before = await state(db_session, emitted_events)

    r = await client.post(AGENTS, json=agent_body(email="KAI.Rivers@example.com"), headers=admin.headers)

    assert (r.status_code, error_of(r)) == (409, {"code": "CONFLICT", "message": "email already registered"})
    assert await state(db_session, emitted_events) == before


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("Short-1", "must be at least 12 characters"),
        ("alllowercaseletters", "must mix at least two of: lower case, upper case, digits, symbols"),
        ("Kai.Rivers-2026!", "must not contain the email address"),
    ],
)
async def test_the_password_policy_is_enforced(
    client, db_session, mint_actor, emitted_events, password, reason
):
    admin, _ = await admin_actor(db_session, mint_actor)
    before = await state(db_session, emitted_events)

    r = await client.post(AGENTS, json=agent_body(password=password), headers=admin.headers)

    assert (r.status_code, error_of(r)) == (
        400,
        {
            "code": "VALIDATION_ERROR",
            "message": "password does not meet the policy",
            "details": {"password": reason},
        },
    )
    assert await state(db_session, emitted_events) == before


@pytest.mark.parametrize(
    ("over", "details"),
    [
        ({"system_role": "admin"}, {"system_role": "unknown field"}),
        ({"first_name": "x" * 101}, {"first_name": "String should have at most 100 characters"}),
        ({"last_name": "  "}, {"last_name": "Value error, must not be blank"}),
        (
            {"email": "kai.rivers.example.com"},
            {"email": "value is not a valid email address: An email address must have an @-sign."},
        ),
        ({"phone": "12"}, {"phone": "String should have at least 7 characters"}),
        (
            {"phone": "ring-ring-ring"},
            {"phone": "String should match pattern '^[0-9+().\\- ]*[0-9+().\\-][0-9+().\\- ]*$'"},
        ),
        ({"password": None}, {"password": "Input should be a valid string"}),
    ],
)
async def test_bad_input_is_400_with_field_details(
    client, db_session, mint_actor, emitted_events, over, details
):
    admin, _ = await admin_actor(db_session, mint_actor)
    before = await state(db_session, emitted_events)

    r = await client.post(AGENTS, json=agent_body(**over), headers=admin.headers)

    assert (r.status_code, error_of(r)) == (
        400,
        {"code": "VALIDATION_ERROR", "message": "invalid request", "details": details},
    )
    assert await state(db_session, emitted_events) == before


async def test_a_missing_field_is_400(client, db_session, mint_actor, emitted_events):
    admin, _ = await admin_actor(db_session, mint_actor)
    body = agent_body()
    del body["last_name"]

    r = await client.post(AGENTS, json=body, headers=admin.headers)

    assert (r.status_code, error_of(r)["details"]) == (400, {"last_name": "Field required"})
    assert await emitted_events() == []
