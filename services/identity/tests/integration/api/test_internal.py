"""Service-to-service reads: GET /internal/v1/stores/{id}, GET /internal/v1/agents (API.md §4)."""

from __future__ import annotations

import uuid

import pytest
from identity_actors import error_of, iso
from identity_factories import OK_ADDRESS, make_store, make_user


@pytest.fixture
def client(client, as_service):
    """logistics may call both routes (it keeps a store projection and asks for agents)."""
    client.headers.update(as_service("logistics"))
    return client


async def test_store_subset_for_projection_bootstrap(client, db_session):
    # given a vendor store with a logo, a badge and a verified KYC
    owner = await make_user(db_session)
    logo = uuid.uuid4()
    store = await make_store(
        db_session,
        owner=owner,
        type="vendor",
        company_name="Red Earth Farms",
        dba_name="Red Earth",
        kyc_status="verified",
        subscription_active=True,
        badge="top_brand",
        phone="405-555-0110",
        email="hello@redearth.example",
        logo_media_id=logo,
        logo_url="https://media.example/logo.png",
        description="not part of the subset",
    )

    # when another service bootstraps its projection
    r = await client.get(f"/internal/v1/stores/{store.id}")

    # then it gets the projected fields
    assert r.status_code == 200, r.text
    assert r.json() == {
        "data": {
            "id": str(store.id),
            "type": "vendor",
            "company_name": "Red Earth Farms",
            "dba_name": "Red Earth",
            "phone": "405-555-0110",
            "email": "hello@redearth.example",
            "kyc_status": "verified",
            "subscription_active": True,
            "badge": "top_brand",
            "delivery_radius_meters": 0,
            "address": OK_ADDRESS,
            "logo_media_id": str(logo),
            "logo_url": "https://media.example/logo.png",
            "banner_media_id": None,
            "banner_url": None,
            "owner": str(owner.id),
            "created_at": iso(store.created_at),
            "updated_at": iso(store.updated_at),
        }
    }


async def test_an_unknown_store_is_404(client):
    r = await client.get(f"/internal/v1/stores/{uuid.uuid4()}")

    assert (r.status_code, error_of(r)) == (404, {"code": "NOT_FOUND", "message": "store not found"})


async def test_a_malformed_store_id_is_400(client):
    r = await client.get("/internal/v1/stores/42")

    assert r.status_code == 400
    assert list(error_of(r)["details"]) == ["store_id"]


@pytest.mark.parametrize("query", ["?active=true", ""])
async def test_active_agents_only_oldest_first(client, db_session, query):
    # given two active agents, an inactive one, an admin and a store user
    first = await make_user(db_session, system_role="agent", first_name="Ana", last_name="Lopez")
    first.phone = "405-555-0101"
    second = await make_user(db_session, system_role="agent", first_name="Ben", last_name="Ortiz")
    await make_user(db_session, system_role="agent", is_active=False)
    await make_user(db_session, system_role="admin")
    await make_store(db_session)
    await db_session.flush()

    # when logistics asks for the auto-assign pool
    r = await client.get(f"/internal/v1/agents{query}")

    # then only active agents come back
    assert r.status_code == 200, r.text
    assert r.json() == {
        "data": [
            {"user_id": str(first.id), "first_name": "Ana", "last_name": "Lopez", "phone": "405-555-0101"},
            {"user_id": str(second.id), "first_name": "Ben", "last_name": "Ortiz", "phone": None},
        ]
    }


async def test_inactive_agents_on_request(client, db_session):
    await make_user(db_session, system_role="agent")
    retired = await make_user(
        db_session, system_role="agent", is_active=False, first_name="Cy", last_name="Old"
    )

    r = await client.get("/internal/v1/agents?active=false")

    assert (r.status_code, r.json()) == (
        200,
        {"data": [{"user_id": str(retired.id), "first_name": "Cy", "last_name": "Old", "phone": None}]},
    )


async def test_no_agents_is_an_empty_list(client):
    r = await client.get("/internal/v1/agents?active=true")

    assert (r.status_code, r.json()) == (200, {"data": []})


async def test_a_malformed_active_flag_is_400(client):
    r = await client.get("/internal/v1/agents?active=maybe")

    assert (r.status_code, error_of(r)) == (
        400,
        {
            "code": "VALIDATION_ERROR",
            "message": "invalid request",
            "details": {"active": "Input should be a valid boolean, unable to interpret input"},
        },
    )
