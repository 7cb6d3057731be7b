"""Store members: list, invite (Idempotency-Key), remove (API.md §3.1; DOMAIN §4.3, §5.1)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher
from identity_actors import (
    INVALID_TOKEN,
    UNAUTHENTICATED,
    admin_actor,
    count,
    error_of,
    expired_headers,
    iso,
    store_actor,
)
from identity_factories import DEFAULT_PASSWORD, make_membership, make_store, make_user

from pf_identity.domain.rules.passwords import password_problem
from pf_identity.models import AuditLog, StoreMembership, User

USERS = "/api/v1/stores/me/users"
INVITE = "/api/v1/stores/me/users/invite"
ROUTES = [("GET", USERS), ("POST", INVITE), ("DELETE", USERS + "/{user_id}")]
INSUFFICIENT_ROLE = {"code": "FORBIDDEN", "message": "insufficient role"}

NOT_AN_ADDRESS = "value is not a valid email address: It is not a local part, an @-sign and a domain name."


def invite_body(**over: Any) -> dict[str, Any]:
    body = {"email": "jo.park@example.com", "first_name": "Jo", "last_name": "Park", "role": "staff"}
    body.update(over)
    return body


def idem(headers: dict[str, str], key: str | None = None) -> dict[str, str]:
    return {**headers, "Idempotency-Key": key or str(uuid.uuid4())}


def member_json(membership: StoreMembership, user: User) -> dict[str, Any]:
    """The MembershipUserDTO of API.md §2."""
    return {
        "membership_id": str(membership.id),
        "store_id": str(membership.store_id),
        "user_id": str(user.id),
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "role": membership.role,
        "membership_status": membership.status,
        "created_at": iso(membership.created_at),
        "last_login_at": iso(user.last_login_at),
    }


async def memberships(db_session) -> list[tuple[uuid.UUID, uuid.UUID, str, str]]:
    db_session.expunge_all()
    rows = await db_session.execute(
        sa.select(
            StoreMembership.store_id, StoreMembership.user_id, StoreMembership.role, StoreMembership.status
        ).order_by(StoreMembership.created_at, StoreMembership.id)
    )
    return [tuple(r) for r in rows]


async def state(db_session) -> tuple[Any, ...]:
    """Users, memberships and audit rows: what a refused request must leave alone."""
    return (await count(db_session, User), await memberships(db_session), await count(db_session, AuditLog))


async def membership_of(db_session, store_id, user_id) -> StoreMembership:
    stmt = sa.select(StoreMembership).where(
        StoreMembership.store_id == store_id, StoreMembership.user_id == user_id
    )
    return (await db_session.execute(stmt)).scalar_one()


async def audits(db_session, action: str) -> list[AuditLog]:
    return list((await db_session.execute(sa.select(AuditLog).where(AuditLog.action == action))).scalars())


# --------------------------------------------------------------------------- authentication


async def _request(client, method: str, path: str, headers: dict[str, str], user_id: uuid.UUID) -> Any:
    body = invite_body() if method == "POST" else None
    return await client.request(
        method,
        path.format(user_id=user_id),
        json=body,
        headers=idem(headers) if method == "POST" else headers,
    )


@pytest.mark.parametrize(("method", "path"), ROUTES)
async def test_no_token_is_401(client, db_session, as_store, method, path):
    _, store, _ = await store_actor(db_session, as_store)
    staff = await make_user(db_session)
    await make_membership(db_session, store=store, user=staff)
    before = await state(db_session)

    r = await _request(client, method, path, {}, staff.id)

    assert (r.status_code, error_of(r)) == (401, UNAUTHENTICATED)
    assert await state(db_session) == before


@pytest.mark.parametrize(("method", "path"), ROUTES)
async def test_expired_token_is_401(client, db_session, as_store, settings, redis, method, path):
    _, store, owner = await store_actor(db_session, as_store)
    staff = await make_user(db_session)
    await make_membership(db_session, store=store, user=staff)
    headers = await expired_headers(
        settings, redis, user_id=owner.id, store_id=store.id, store_type="buyer", role="owner"
    )
    before = await state(db_session)

    r = await _request(client, method, path, headers, staff.id)

    assert (r.status_code, error_of(r)) == (401, INVALID_TOKEN)
    assert await state(db_session) == before


@pytest.mark.parametrize(("method", "path"), ROUTES)
async def test_revoked_session_is_401(client, db_session, mint_actor, method, path):
    owner = await make_user(db_session)
    store = await make_store(db_session, owner=owner)
    staff = await make_user(db_session)
    await make_membership(db_session, store=store, user=staff)
    revoked = await mint_actor(
        store_type="buyer", role="owner", store_id=store.id, user_id=owner.id, active_session=False
    )
    before = await state(db_session)

    r = await _request(client, method, path, revoked.headers, staff.id)

    assert (r.status_code, error_of(r)) == (401, INVALID_TOKEN)
    assert await state(db_session) == before


# --------------------------------------------------------------------------- authorisation


@pytest.mark.parametrize(("method", "path"), ROUTES)
@pytest.mark.parametrize("role", ["viewer", "staff", "ops", "agent"])
async def test_roles_outside_manage_are_403(client, db_session, as_store, role, method, path):
    actor, store, _ = await store_actor(db_session, as_store, role=role, store_type="vendor")
    staff = await make_user(db_session)
    await make_membership(db_session, store=store, user=staff)
    before = await state(db_session)

    r = await _request(client, method, path, actor.headers, staff.id)

    assert (r.status_code, error_of(r)) == (403, INSUFFICIENT_ROLE)
    assert await state(db_session) == before


@pytest.mark.parametrize(("method", "path"), ROUTES)
async def test_a_token_without_a_store_is_403(client, db_session, mint_actor, method, path):
    admin, _ = await admin_actor(db_session, mint_actor)
    before = await state(db_session)

    r = await _request(client, method, path, admin.headers, uuid.uuid4())

    assert (r.status_code, error_of(r)) == (
        403,
        {"code": "FORBIDDEN", "message": "an active store is required"},
    )
    assert await state(db_session) == before


@pytest.mark.parametrize(("method", "path"), ROUTES)
async def test_a_stale_manager_token_is_403_once_the_membership_is_gone(
    client, db_session, as_store, method, path
):
    # given a manager token whose membership has since been deleted
    actor, store, manager = await store_actor(db_session, as_store, role="manager")
    await db_session.delete(await membership_of(db_session, store.id, manager.id))
    staff = await make_user(db_session)
    await make_membership(db_session, store=store, user=staff)
    await db_session.flush()
    before = await state(db_session)

    # when it is used
    r = await _request(client, method, path, actor.headers, staff.id)

    # then the membership row decides
    assert (r.status_code, error_of(r)) == (403, INSUFFICIENT_ROLE)
    assert await state(db_session) == before


# --------------------------------------------------------------------------- list


async def test_list_members_of_my_store_only_oldest_first(client, db_session, as_store):
    # given an owner, an invited manager, and a member of another store
    actor, store, owner = await store_actor(db_session, as_store)
    manager = await make_user(db_session, first_name="Mo", last_name="Grant")
    invited = await make_membership(db_session, store=store, user=manager, role="manager", status="invited")
    other_store = await make_store(db_session)
    await make_membership(db_session, store=other_store, user=await make_user(db_session))

    # when the owner lists members
    r = await client.get(USERS, headers=actor.headers)

    # then only this store's memberships come back, oldest first
    assert r.status_code == 200, r.text
    owner_membership = await membership_of(db_session, store.id, owner.id)
    assert r.json() == {"data": [member_json(owner_membership, owner), member_json(invited, manager)]}


# --------------------------------------------------------------------------- invite


async def test_inviting_a_new_email_creates_the_user_with_a_temporary_password(
    client, db_session, as_store, emitted_events
):
    # given a manager of a store
    actor, store, manager = await store_actor(db_session, as_store, role="manager")

    # when they invite an unknown email
    r = await client.post(
        INVITE, json=invite_body(email="  Jo.Park@Example.COM "), headers=idem(actor.headers)
    )

    # then a user exists with a one-time temporary password, and an invited membership
    assert r.status_code == 201, r.text
    data = r.json()["data"]
    password = data["temporary_password"]
    assert len(password) == 16 and password_problem(password, email="jo.park@example.com") is None
    db_session.expunge_all()
    user = (await db_session.execute(sa.select(User).where(User.email == "jo.park@example.com"))).scalar_one()
    assert PasswordHasher().verify(user.password_hash, password)
    assert user.password_hash.startswith("$argon2id$")
    assert (user.first_name, user.last_name, user.system_role, user.is_active) == ("Jo", "Park", None, True)
    membership = await membership_of(db_session, store.id, user.id)
    assert (membership.role, membership.status, membership.invited_by_user_id) == (
        "staff",
        "invited",
        manager.id,
    )
    assert data == {"user": member_json(membership, user), "temporary_password": password}
    # and the invitation is audited without the password
    [row] = await audits(db_session, "member.invited")
    assert (row.actor_user_id, row.actor_store_id, row.actor_role, row.target_type, row.target_id) == (
        manager.id,
        store.id,
        "manager",
        "store_membership",
        membership.id,
    )
    assert row.payload == {"user_id": str(user.id), "role": "staff", "new_user": True}
    assert await emitted_events() == []


async def test_inviting_an_existing_user_keeps_their_password_and_name(client, db_session, as_store):
    # given a user who already belongs to another store
    actor, store, _ = await store_actor(db_session, as_store)
    existing = await make_user(db_session, email="sam@example.com", first_name="Sam", last_name="Lee")
    hash_before = existing.password_hash

    # when the owner invites that email as a manager
    r = await client.post(
        INVITE,
        json=invite_body(email="SAM@example.com", first_name="Other", last_name="Name", role="manager"),
        headers=idem(actor.headers),
    )

    # then no password is issued and the user row is untouched
    assert r.status_code == 201, r.text
    db_session.expunge_all()
    user = await db_session.get(User, existing.id)
    assert (user.password_hash, user.first_name, user.last_name) == (hash_before, "Sam", "Lee")
    membership = await membership_of(db_session, store.id, existing.id)
    assert r.json() == {"data": {"user": member_json(membership, user), "temporary_password": None}}
    assert (membership.role, membership.status) == ("manager", "invited")
    [row] = await audits(db_session, "member.invited")
    assert row.payload == {"user_id": str(existing.id), "role": "manager", "new_user": False}
    assert await count(db_session, User) == 2


async def test_only_owners_invite_owners(client, db_session, as_store):
    actor, _, _ = await store_actor(db_session, as_store, role="manager")
    before = await state(db_session)

    r = await client.post(INVITE, json=invite_body(role="owner"), headers=idem(actor.headers))

    assert (r.status_code, error_of(r)) == (
        403,
        {"code": "FORBIDDEN", "message": "only owners may invite or remove owners"},
    )
    assert await state(db_session) == before


async def test_an_owner_invites_an_owner(client, db_session, as_store):
    actor, store, owner = await store_actor(db_session, as_store)

    r = await client.post(INVITE, json=invite_body(role="owner"), headers=idem(actor.headers))

    assert r.status_code == 201, r.text
    invited = (
        await db_session.execute(sa.select(User).where(User.email == "jo.park@example.com"))
    ).scalar_one()
    assert await memberships(db_session) == [
        (store.id, owner.id, "owner", "active"),
        (store.id, invited.id, "owner", "invited"),
    ]


@pytest.mark.parametrize("status", ["active", "invited"])
async def test_inviting_a_member_again_is_409(client, db_session, as_store, status):
    actor, store, _ = await store_actor(db_session, as_store)
    member = await make_user(db_session, email="jo.park@example.com")
    await make_membership(db_session, store=store, user=member, status=status)
    before = await state(db_session)

    r = await client.post(INVITE, json=invite_body(), headers=idem(actor.headers))

    assert (r.status_code, error_of(r)) == (
        409,
        {"code": "CONFLICT", "message": "already a member of this store"},
    )
    assert await state(db_session) == before


async def test_the_same_idempotency_key_invites_once_and_replays_the_password(client, db_session, as_store):
    # given one invitation sent twice with the same key
    actor, store, _ = await store_actor(db_session, as_store)
    headers = idem(actor.headers, "invite-jo-1")

    first = await client.post(INVITE, json=invite_body(), headers=headers)
    second = await client.post(INVITE, json=invite_body(), headers=headers)

    # then the second answer is the first, byte for byte, and only one user/membership exists
    assert (first.status_code, second.status_code) == (201, 201)
    assert second.content == first.content
    assert second.headers["idempotent-replayed"] == "true"
    assert first.json()["data"]["temporary_password"] is not None
    assert await count(db_session, User, User.email == "jo.park@example.com") == 1
    assert await count(db_session, StoreMembership, StoreMembership.store_id == store.id) == 2
    assert len(await audits(db_session, "member.invited")) == 1


async def test_reusing_a_key_with_another_body_is_409_and_writes_nothing(client, db_session, as_store):
    actor, _, _ = await store_actor(db_session, as_store)
    headers = idem(actor.headers, "invite-key")
    assert (await client.post(INVITE, json=invite_body(), headers=headers)).status_code == 201
    before = await state(db_session)

    r = await client.post(INVITE, json=invite_body(email="someone.else@example.com"), headers=headers)

    assert r.status_code == 409
    assert error_of(r)["code"] == "IDEMPOTENCY_KEY_REUSED"
    assert await state(db_session) == before


async def test_an_invite_without_an_idempotency_key_is_400(client, db_session, as_store):
    actor, _, _ = await store_actor(db_session, as_store)
    before = await state(db_session)

    r = await client.post(INVITE, json=invite_body(), headers=actor.headers)

    assert (r.status_code, error_of(r)) == (
        400,
        {
            "code": "VALIDATION_ERROR",
            "message": "Idempotency-Key header is required",
            "details": {"Idempotency-Key": "required"},
        },
    )
    assert await state(db_session) == before


@pytest.mark.parametrize(
    ("over", "details"),
    [
        ({"store_id": str(uuid.uuid4())}, {"store_id": "unknown field"}),
        ({"first_name": "x" * 101}, {"first_name": "String should have at most 100 characters"}),
        ({"last_name": ""}, {"last_name": "String should have at least 1 character"}),
        (
            {"email": "jo@"},
            {"email": NOT_AN_ADDRESS},
        ),
        (
            {"role": "superuser"},
            {"role": "Input should be 'owner', 'admin', 'manager', 'viewer', 'agent', 'staff' or 'ops'"},
        ),
        (
            {"role": None},
            {"role": "Input should be 'owner', 'admin', 'manager', 'viewer', 'agent', 'staff' or 'ops'"},
        ),
    ],
)
async def test_bad_invites_are_400_with_field_details(client, db_session, as_store, over, details):
    actor, _, _ = await store_actor(db_session, as_store)
    before = await state(db_session)

    r = await client.post(INVITE, json=invite_body(**over), headers=idem(actor.headers))

    assert (r.status_code, error_of(r)) == (
        400,
        {"code": "VALIDATION_ERROR", "message": "invalid request", "details": details},
    )
    assert await state(db_session) == before


# --------------------------------------------------------------------------- remove


async def test_removing_a_member_deletes_the_row_and_audits(client, db_session, as_store):
    # given a store with a staff member
    actor, store, owner = await store_actor(db_session, as_store)
    staff = await make_user(db_session)
    membership = await make_membership(db_session, store=store, user=staff, role="staff")

    # when the owner removes them
    r = await client.delete(f"{USERS}/{staff.id}", headers=actor.headers)

    # then the membership row is gone (the user stays) and the removal is audited
    assert (r.status_code, r.content) == (204, b"")
    assert await memberships(db_session) == [(store.id, owner.id, "owner", "active")]
    assert await count(db_session, User, User.id == staff.id) == 1
    [row] = await audits(db_session, "member.removed")
    assert (row.actor_user_id, row.actor_store_id, row.actor_role, row.target_type, row.target_id) == (
        owner.id,
        store.id,
        "owner",
        "store_membership",
        membership.id,
    )
    assert row.payload == {"user_id": str(staff.id), "role": "staff", "status": "active"}


async def test_removing_a_member_ends_their_sessions_at_once(client, db_session, as_store, redis):
    # given a staff member signed in twice (two devices) and the owner signed in
    actor, store, _owner = await store_actor(db_session, as_store)
    staff = await make_user(db_session, email="leaver@example.com")
    await make_membership(db_session, store=store, user=staff, role="staff")
    devices = []
    for _ in range(2):
        r = await client.post("/api/v1/auth/login", json={"email": staff.email, "password": DEFAULT_PASSWORD})
        assert r.status_code == 200, r.text
        devices.append(
            ({"Authorization": f"Bearer {r.headers['x-pf-token']}"}, r.json()["data"]["refresh_token"])
        )
    assert (await client.get("/api/v1/stores/me", headers=devices[0][0])).status_code == 200

    # when the owner removes them
    assert (await client.delete(f"{USERS}/{staff.id}", headers=actor.headers)).status_code == 204

    # then neither access token nor refresh token works any more; the owner is unaffected
    for auth, refresh in devices:
        assert (await client.get("/api/v1/stores/me", headers=auth)).status_code == 401
        r = await client.post("/api/v1/auth/refresh", json={"refresh_token": refresh}, headers=auth)
        assert r.status_code == 401
    assert (await client.get(USERS, headers=actor.headers)).status_code == 200
    assert not await redis.exists(f"pf:session:user:{staff.id}")


async def test_removing_a_member_of_another_store_is_404_and_deletes_nothing(client, db_session, as_store):
    # given store A's owner and a member of store B
    actor_a, _, _ = await store_actor(db_session, as_store)
    _, store_b, _ = await store_actor(db_session, as_store)
    member_b = await make_user(db_session)
    await make_membership(db_session, store=store_b, user=member_b)
    before = await state(db_session)

    # when A tries to remove B's member
    r = await client.delete(f"{USERS}/{member_b.id}", headers=actor_a.headers)

    # then it looks like no such membership, and B keeps its member
    assert (r.status_code, error_of(r)) == (404, {"code": "NOT_FOUND", "message": "membership not found"})
    assert await state(db_session) == before


async def test_removing_an_unknown_user_is_404(client, db_session, as_store):
    actor, _, _ = await store_actor(db_session, as_store)
    before = await state(db_session)

    r = await client.delete(f"{USERS}/{uuid.uuid4()}", headers=actor.headers)

    assert (r.status_code, error_of(r)) == (404, {"code": "NOT_FOUND", "message": "membership not found"})
    assert await state(db_session) == before


async def test_a_malformed_user_id_is_400(client, db_session, as_store):
    actor, _, _ = await store_actor(db_session, as_store)

    r = await client.delete(f"{USERS}/not-a-uuid", headers=actor.headers)

    assert (r.status_code, error_of(r)) == (
        400,
        {
            "code": "VALIDATION_ERROR",
            "message": "invalid request",
            "details": {"user_id": "Input should be a valid UUID, invalid character: found `n` at 0"},
        },
    )


async def test_the_last_owner_cannot_be_removed(client, db_session, as_store):
    # given a store whose only active owner is the caller (an invited owner does not count)
    actor, store, owner = await store_actor(db_session, as_store)
    await make_membership(
        db_session, store=store, user=await make_user(db_session), role="owner", status="invited"
    )
    before = await state(db_session)

    # when the owner removes themself
    r = await client.delete(f"{USERS}/{owner.id}", headers=actor.headers)

    # then it is refused and the row is still there
    assert (r.status_code, error_of(r)) == (
        409,
        {"code": "CONFLICT", "message": "a store keeps at least one owner"},
    )
    assert await state(db_session) == before
    assert (await membership_of(db_session, store.id, owner.id)).role == "owner"


async def test_owners_of_another_store_do_not_keep_this_one_owned(client, db_session, as_store):
    # given a store whose only active owner is the caller, and another store with two owners,
    # one of them the caller's user
    actor, _, owner = await store_actor(db_session, as_store)
    other = await make_store(db_session, owner=owner)
    await make_membership(db_session, store=other, user=await make_user(db_session), role="owner")
    before = await state(db_session)

    # when the owner removes themself from the caller's store
    r = await client.delete(f"{USERS}/{owner.id}", headers=actor.headers)

    # then only the caller's store's owners count: refused, nothing changed
    assert r.status_code == 409, r.text
    assert await state(db_session) == before


async def test_a_member_of_another_store_is_invited_not_already_a_member(client, db_session, as_store):
    # given a user who is an active member of another store only
    actor, store, _ = await store_actor(db_session, as_store)
    member = await make_user(db_session, email="kim@example.com")
    await make_membership(db_session, store=await make_store(db_session), user=member, role="manager")

    # when the owner invites them
    r = await client.post(INVITE, json=invite_body(email="kim@example.com"), headers=idem(actor.headers))

    # then the other store's membership is not theirs: a new invitation, the other left alone
    assert r.status_code == 201, r.text
    assert (await membership_of(db_session, store.id, member.id)).status == "invited"
    assert len([m for m in await memberships(db_session) if m[1] == member.id]) == 2


async def test_an_owner_is_removable_while_another_active_owner_remains(client, db_session, as_store):
    actor, store, owner = await store_actor(db_session, as_store)
    co_owner = await make_user(db_session)
    await make_membership(db_session, store=store, user=co_owner, role="owner")

    r = await client.delete(f"{USERS}/{co_owner.id}", headers=actor.headers)

    assert r.status_code == 204, r.text
    assert await memberships(db_session) == [(store.id, owner.id, "owner", "active")]


async def test_an_invited_owner_is_removable_by_the_only_active_owner(client, db_session, as_store):
    actor, store, owner = await store_actor(db_session, as_store)
    invited = await make_user(db_session)
    await make_membership(db_session, store=store, user=invited, role="owner", status="invited")

    r = await client.delete(f"{USERS}/{invited.id}", headers=actor.headers)

    assert r.status_code == 204, r.text
    assert await memberships(db_session) == [(store.id, owner.id, "owner", "active")]


async def test_a_manager_cannot_remove_an_owner(client, db_session, as_store):
    # given two owners and a manager
    owner = await make_user(db_session)
    store = await make_store(db_session, owner=owner)
    await make_membership(db_session, store=store, user=await make_user(db_session), role="owner")
    actor, _, _ = await store_actor(db_session, as_store, role="manager", store=store)
    before = await state(db_session)

    # when the manager removes an owner
    r = await client.delete(f"{USERS}/{owner.id}", headers=actor.headers)

    # then only an owner may do that
    assert (r.status_code, error_of(r)) == (
        403,
        {"code": "FORBIDDEN", "message": "only owners may invite or remove owners"},
    )
    assert await state(db_session) == before
