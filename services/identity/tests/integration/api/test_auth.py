"""identity sign-in: register, login, admin login/register, logout, refresh, switch-store, JWKS."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher
from identity_factories import DEFAULT_PASSWORD, OK_ADDRESS, make_membership, make_store, make_user

from pf_identity.models import AuditLog, Store, StoreMembership, User

GOOD_PASSWORD = "Sunny-Meadow-2026"


def register_body(**over: Any) -> dict[str, Any]:
    body = {
        "first_name": "Avery",
        "last_name": "Stone",
        "email": f"avery-{uuid.uuid4().hex[:8]}@example.com",
        "password": GOOD_PASSWORD,
        "company_name": "Red Dirt Cannabis Co",
        "store_type": "buyer",
        "address": dict(OK_ADDRESS),
        "accept_tos": True,
    }
    body.update(over)
    return body


def claims(token: str) -> dict[str, Any]:
    return jwt.decode(token, options={"verify_signature": False})


def idem() -> dict[str, str]:
    return {"Idempotency-Key": str(uuid.uuid4())}


async def count(session, model, *where) -> int:
    return (await session.execute(sa.select(sa.func.count()).select_from(model).where(*where))).scalar_one()


# --------------------------------------------------------------------------- register


async def test_register_creates_user_store_owner_membership_and_emits_store_created(
    client, db_session, emitted_events
):
    body = register_body(email="  Avery.Stone@Example.COM ")
    r = await client.post("/api/v1/auth/register", json=body, headers=idem())
    assert r.status_code == 201, r.text
    data = r.json()["data"]
    assert data["user"]["email"] == "avery.stone@example.com"
    assert data["user"]["system_role"] is None
    [summary] = data["stores"]
    assert summary["name"] == "Red Dirt Cannabis Co" and summary["type"] == "buyer"
    assert len(data["refresh_token"]) >= 43  # 32 random bytes, base64url
    token = claims(r.headers["x-pf-token"])
    assert token["active_store_id"] == summary["id"]
    assert (token["role"], token["store_type"], token["user_id"]) == ("owner", "buyer", data["user"]["id"])
    assert r.headers["cache-control"] == "no-store"

    store = await db_session.get(Store, uuid.UUID(summary["id"]))
    assert store.kyc_status == "pending_verification" and store.subscription_active is False
    assert store.address["state"] == "OK"
    membership = (await db_session.execute(sa.select(StoreMembership))).scalar_one()
    assert (membership.role, membership.status, membership.store_id) == ("owner", "active", store.id)
    [event] = await emitted_events("store_created")
    assert event.payload["store_id"] == summary["id"]
    assert event.payload["owner_email"] == "avery.stone@example.com"
    assert event.payload["subscription_active"] is False
    # the store's own phone (registration's phone is the user's: the store has none yet)
    assert "phone" in event.payload and event.payload["phone"] == store.phone
    assert await count(db_session, AuditLog, AuditLog.action == "store.registered") == 1
    user = await db_session.get(User, uuid.UUID(data["user"]["id"]))
    assert user.password_hash.startswith("$argon2id$")
    assert GOOD_PASSWORD not in r.text


async def test_register_access_token_works_on_another_route(client):
    r = await client.post("/api/v1/auth/register", json=register_body(), headers=idem())
    token = r.headers["x-pf-token"]
    out = await client.post("/api/v1/auth/logout", headers={"Authorization": f"Bearer {token}"})
    assert out.json() == {"data": {"status": "logged_out"}}


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"email": "not-an-email"}, "email"),
        ({"email": "x" * 250 + "@example.com"}, "email"),
        ({"password": "Short-1"}, "password"),
        ({"password": "alllowercaseletters"}, "password"),
        ({"first_name": "n" * 101}, "first_name"),
        ({"last_name": "\x00:"}, "last_name"),
        ({"address": {**OK_ADDRESS, "city": "Tulsa\x00"}}, "address.city"),
        ({"company_name": ""}, "company_name"),
        ({"store_type": "wholesaler"}, "store_type"),
        ({"accept_tos": False}, "accept_tos"),
        ({"address": {**OK_ADDRESS, "lat": 91}}, "address.lat"),
        ({"address": {**OK_ADDRESS, "lng": -181}}, "address.lng"),
        ({"address": {k: v for k, v in OK_ADDRESS.items() if k != "lat"}}, "address.lat"),
        ({"address": {**OK_ADDRESS, "state": "Oklahoma"}}, "address.state"),
        ({"phone": "call me maybe"}, "phone"),
        ({"surprise": 1}, "surprise"),
    ],
)
async def test_register_rejects_bad_input_with_field_details(client, db_session, override, field):
    r = await client.post("/api/v1/auth/register", json=register_body(**override), headers=idem())
    assert r.status_code == 400, r.text
    err = r.json()["error"]
    assert err["code"] == "VALIDATION_ERROR"
    assert field in err["details"], err["details"]
    assert await count(db_session, User) == 0


async def test_register_refuses_a_password_containing_the_email(client, db_session):
    body = register_body(email="maverick@example.com", password="Maverick-2026!")
    r = await client.post("/api/v1/auth/register", json=body, headers=idem())
    assert r.status_code == 400
    assert r.json()["error"]["details"] == {"password": "must not contain the email address"}
    assert await count(db_session, Store) == 0


async def test_register_needs_an_idempotency_key_and_replays_it(client, db_session):
    body = register_body()
    assert (await client.post("/api/v1/auth/register", json=body)).status_code == 400
    key = idem()
    first = await client.post("/api/v1/auth/register", json=body, headers=key)
    second = await client.post("/api/v1/auth/register", json=body, headers=key)
    assert first.status_code == second.status_code == 201
    assert first.content == second.content
    assert await count(db_session, Store) == 1


async def test_register_with_an_existing_email(client, db_session):
    user = await make_user(db_session, email="existing@example.com")
    right = register_body(email="existing@example.com", password=DEFAULT_PASSWORD, company_name="Second Shop")
    r = await client.post("/api/v1/auth/register", json=right, headers=idem())
    assert r.status_code == 201, r.text
    assert r.json()["data"]["user"]["id"] == str(user.id)
    assert {s["name"] for s in r.json()["data"]["stores"]} == {"Second Shop"}
    wrong = register_body(email="existing@example.com", password="Wrong-Password-99")
    r = await client.post("/api/v1/auth/register", json=wrong, headers=idem())
    assert (r.status_code, r.json()["error"]["code"]) == (401, "UNAUTHORIZED")
    assert await count(db_session, Store) == 1


# --------------------------------------------------------------------------- login


async def login(client, email: str, password: str = DEFAULT_PASSWORD, path: str = "/api/v1/auth/login"):
    return await client.post(path, json={"email": email, "password": password})


async def test_login_picks_the_oldest_active_membership_and_activates_invitations(client, db_session):
    user = await make_user(db_session, email="multi@example.com")
    first = await make_store(db_session, owner=user, company_name="First")
    other_owner = await make_user(db_session)
    second = await make_store(db_session, owner=other_owner, type="vendor", company_name="Second")
    await make_membership(db_session, store=second, user=user, role="staff", status="invited")

    r = await login(client, "MULTI@example.com")
    assert r.status_code == 200, r.text
    data = r.json()["data"]
    assert [s["name"] for s in data["stores"]] == ["First", "Second"]
    token = claims(r.headers["x-pf-token"])
    assert (token["active_store_id"], token["role"]) == (str(first.id), "owner")
    status = await db_session.scalar(
        sa.select(StoreMembership.status).where(StoreMembership.store_id == second.id)
    )
    assert status == "active"
    refreshed = await db_session.get(User, user.id, populate_existing=True)
    assert refreshed.last_login_at is not None


@pytest.mark.parametrize("case", ["unknown_email", "wrong_password", "inactive", "no_membership"])
async def test_login_failures_are_one_generic_401(client, db_session, case):
    email = "someone@example.com"
    if case != "unknown_email":
        user = await make_user(db_session, email=email, is_active=case != "inactive")
        if case != "no_membership":
            await make_store(db_session, owner=user)
    password = "Wrong-Password-99" if case == "wrong_password" else DEFAULT_PASSWORD
    r = await login(client, email, password)
    assert r.status_code == 401
    assert r.json()["error"] == {
        "code": "UNAUTHORIZED",
        "message": "invalid credentials",
        "request_id": r.headers["x-request-id"],
    }
    assert "x-pf-token" not in r.headers
    assert await count(db_session, AuditLog, AuditLog.action == "auth.login.failed") == 1


async def test_system_users_log_in_without_a_store(client, db_session):
    await make_user(db_session, email="agent@example.com", system_role="agent")
    r = await login(client, "agent@example.com")
    assert r.status_code == 200
    token = claims(r.headers["x-pf-token"])
    assert (token["system_role"], token["role"], token["active_store_id"]) == ("agent", "agent", None)


async def test_brute_force_on_one_email_is_throttled_while_others_work(client, db_session):
    victim = await make_user(db_session, email="victim@example.com")
    await make_store(db_session, owner=victim)
    other = await make_user(db_session, email="bystander@example.com")
    await make_store(db_session, owner=other)
    statuses = [(await login(client, "victim@example.com", "Guess-Number-1")).status_code for _ in range(5)]
    assert statuses == [401] * 5
    blocked = await login(client, "victim@example.com")  # even the right password
    assert blocked.status_code == 429
    assert blocked.json()["error"]["code"] == "RATE_LIMIT_EXCEEDED"
    assert int(blocked.headers["retry-after"]) >= 1
    assert (await login(client, "bystander@example.com")).status_code == 200


async def test_login_rehashes_a_password_hashed_with_old_parameters(client, db_session):
    user = await make_user(db_session, email="old@example.com")
    await make_store(db_session, owner=user)
    old = PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1).hash(DEFAULT_PASSWORD)
    user.password_hash = old
    await db_session.flush()
    assert (await login(client, "old@example.com")).status_code == 200
    refreshed = await db_session.get(User, user.id, populate_existing=True)
    assert refreshed.password_hash != old
    assert "m=1024,t=1,p=1" in refreshed.password_hash
    assert (await login(client, "old@example.com")).status_code == 200


# --------------------------------------------------------------------------- admin


async def test_admin_login_only_for_admins(client, db_session):
    await make_user(db_session, email="admin@example.com", system_role="admin")
    shopper = await make_user(db_session, email="shopper@example.com")
    await make_store(db_session, owner=shopper)
    r = await login(client, "admin@example.com", path="/api/admin/v1/auth/login")
    assert r.status_code == 200
    token = claims(r.headers["x-pf-token"])
    assert (token["system_role"], token["active_store_id"]) == ("admin", None)
    assert set(r.json()["data"]) == {"user", "refresh_token"}
    r = await login(client, "shopper@example.com", path="/api/admin/v1/auth/login")
    assert r.status_code == 401


async def test_admin_register_outside_production(client, db_session):
    body = {"first_name": "Ada", "last_name": "Root", "email": "ada@example.com", "password": GOOD_PASSWORD}
    r = await client.post("/api/admin/v1/auth/register", json=body)
    assert r.status_code == 201, r.text
    assert claims(r.headers["x-pf-token"])["system_role"] == "admin"
    assert (await client.post("/api/admin/v1/auth/register", json=body)).status_code == 409


async def test_admin_register_is_forbidden_in_production(db_session, redis, context):
    from pf_common.errors import Forbidden
    from pf_identity.domain import accounts

    ctx = context
    with pytest.raises(Forbidden):
        await accounts.admin_register(
            db_session,
            first_name="Ada",
            last_name="Root",
            email="ada@example.com",
            password=GOOD_PASSWORD,
            environment="prod",
            passwords=ctx.passwords,
            sessions=ctx.sessions(redis),
            tokens=accounts.Tokens(ctx.signer),
            now=datetime.now(UTC),
        )
    assert await count(db_session, User) == 0


# --------------------------------------------------------------------------- sessions


async def signed_in(
    client, db_session, *, email: str = "sam@example.com"
) -> tuple[dict[str, str], str, User]:
    user = await make_user(db_session, email=email)
    await make_store(db_session, owner=user)
    r = await login(client, email)
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.headers['x-pf-token']}"}, r.json()["data"]["refresh_token"], user


async def test_logout_revokes_the_session_everywhere_within_one_request(client, db_session, redis):
    auth, _, _ = await signed_in(client, db_session)
    assert (await client.post("/api/v1/auth/logout", headers=auth)).status_code == 200
    r = await client.post("/api/v1/auth/logout", headers=auth)
    assert (r.status_code, r.json()["error"]["code"]) == (401, "UNAUTHORIZED")
    assert [k async for k in redis.scan_iter("pf:session:access:*")] == []


async def test_refresh_rotates_and_the_old_pair_stops_working(client, db_session):
    auth, refresh_token, _ = await signed_in(client, db_session)
    r = await client.post("/api/v1/auth/refresh", json={"refresh_token": refresh_token}, headers=auth)
    assert r.status_code == 200, r.text
    data = r.json()["data"]
    assert data["access_token"] == r.headers["x-pf-token"]
    assert data["refresh_token"] != refresh_token
    new_auth = {"Authorization": f"Bearer {data['access_token']}"}
    assert claims(data["access_token"])["jti"] != claims(auth["Authorization"][7:])["jti"]
    # the old access token's session is gone
    assert (await client.post("/api/v1/auth/logout", headers=auth)).status_code == 401
    # the new one works
    assert (await client.post("/api/v1/auth/logout", headers=new_auth)).status_code == 200


async def test_reusing_a_rotated_refresh_token_revokes_the_whole_session(client, db_session, captured_logs):
    auth, refresh_token, user = await signed_in(client, db_session)
    first = await client.post("/api/v1/auth/refresh", json={"refresh_token": refresh_token}, headers=auth)
    assert first.status_code == 200
    legit_auth = {"Authorization": f"Bearer {first.json()['data']['access_token']}"}
    # a thief replays the first refresh token
    replay = await client.post("/api/v1/auth/refresh", json={"refresh_token": refresh_token}, headers=auth)
    assert replay.status_code == 401
    # ... which ends the legitimate session too
    assert (await client.post("/api/v1/auth/logout", headers=legit_auth)).status_code == 401
    second = first.json()["data"]["refresh_token"]
    again = await client.post("/api/v1/auth/refresh", json={"refresh_token": second}, headers=legit_auth)
    assert again.status_code == 401
    security = [e for e in captured_logs if e["event"] == "identity.security.refresh_token_reused"]
    assert len(security) == 1 and security[0]["user_id"] == str(user.id)
    assert refresh_token not in str(captured_logs)


async def test_concurrent_refreshes_with_one_token_cannot_both_win(client, db_session):
    import asyncio

    auth, refresh_token, _ = await signed_in(client, db_session)
    results = await asyncio.gather(
        *(
            client.post("/api/v1/auth/refresh", json={"refresh_token": refresh_token}, headers=auth)
            for _ in range(5)
        )
    )
    assert sorted(r.status_code for r in results) == [200, 401, 401, 401, 401]


async def test_refresh_accepts_an_expired_access_token_but_checks_its_signature(client, db_session, context):
    auth, refresh_token, user = await signed_in(client, db_session)
    jti = claims(auth["Authorization"][7:])["jti"]
    signer = context.signer
    expired = signer.mint(user_id=user.id, session_id=jti, now=datetime.now(UTC) - timedelta(hours=1))
    r = await client.post(
        "/api/v1/auth/refresh",
        json={"refresh_token": refresh_token},
        headers={"Authorization": f"Bearer {expired}"},
    )
    assert r.status_code == 200, r.text
    tampered = expired[:-4] + ("AAAA" if not expired.endswith("AAAA") else "BBBB")
    bad = await client.post(
        "/api/v1/auth/refresh",
        json={"refresh_token": r.json()["data"]["refresh_token"]},
        headers={"Authorization": f"Bearer {tampered}"},
    )
    assert bad.status_code == 401


async def test_refresh_needs_a_token_and_a_well_formed_body(client, db_session):
    auth, refresh_token, _ = await signed_in(client, db_session)
    assert (
        await client.post("/api/v1/auth/refresh", json={"refresh_token": refresh_token})
    ).status_code == 401
    r = await client.post("/api/v1/auth/refresh", json={"refresh_token": "short"}, headers=auth)
    assert r.status_code == 400 and "refresh_token" in r.json()["error"]["details"]
    r = await client.post("/api/v1/auth/refresh", json={"refresh_token": "x" * 43}, headers=auth)
    assert r.status_code == 401


async def test_switch_store(client, db_session):
    auth, _, user = await signed_in(client, db_session)
    vendor = await make_store(
        db_session, owner=await make_user(db_session), type="vendor", company_name="Vendor"
    )
    await make_membership(db_session, store=vendor, user=user, role="manager", status="invited")
    stranger = await make_store(db_session, owner=await make_user(db_session), company_name="Stranger")

    r = await client.post("/api/v1/auth/switch-store", json={"store_id": str(vendor.id)}, headers=auth)
    assert r.status_code == 200, r.text
    data = r.json()["data"]
    assert (data["store_id"], data["store_name"], data["store_type"]) == (str(vendor.id), "Vendor", "vendor")
    token = claims(r.headers["x-pf-token"])
    assert (token["active_store_id"], token["role"], token["store_type"]) == (
        str(vendor.id),
        "manager",
        "vendor",
    )
    status = await db_session.scalar(
        sa.select(StoreMembership.status).where(StoreMembership.store_id == vendor.id)
    )
    assert status == "active"
    # the session rotated: the old access token is dead
    assert (await client.post("/api/v1/auth/logout", headers=auth)).status_code == 401

    new_auth = {"Authorization": f"Bearer {r.headers['x-pf-token']}"}
    r = await client.post("/api/v1/auth/switch-store", json={"store_id": str(stranger.id)}, headers=new_auth)
    assert (r.status_code, r.json()["error"]["code"]) == (403, "FORBIDDEN")
    r = await client.post("/api/v1/auth/switch-store", json={"store_id": str(uuid.uuid4())}, headers=new_auth)
    assert r.status_code == 404
    r = await client.post("/api/v1/auth/switch-store", json={"store_id": "nope"}, headers=new_auth)
    assert r.status_code == 400
    assert (
        await client.post("/api/v1/auth/switch-store", json={"store_id": str(vendor.id)})
    ).status_code == 401


async def test_a_removed_membership_cannot_be_switched_to(client, db_session):
    auth, _, user = await signed_in(client, db_session)
    other = await make_store(db_session, owner=await make_user(db_session))
    await make_membership(db_session, store=other, user=user, role="staff", status="removed")
    r = await client.post("/api/v1/auth/switch-store", json={"store_id": str(other.id)}, headers=auth)
    assert r.status_code == 403


# --------------------------------------------------------------------------- keys


async def test_jwks_serves_the_signing_key(client, db_session):
    jwks = (await client.get("/api/v1/auth/.well-known/jwks.json")).json()
    auth, _, _ = await signed_in(client, db_session)
    kid = jwt.get_unverified_header(auth["Authorization"][7:])["kid"]
    assert kid in {k["kid"] for k in jwks["keys"]}
    assert all(set(k) >= {"kty", "n", "e", "kid"} and "d" not in k for k in jwks["keys"])


async def test_key_rotation_keeps_old_tokens_valid(settings_factory, context_factory, tmp_path):
    from pf_common.access_tokens import TokenVerifier
    from pf_common.jwks import JwksKeyStore
    from pf_identity.domain.keys import retire, rotate

    settings = settings_factory(keys_dir=tmp_path / "keys")
    before = context_factory(settings)  # a process started before the rotation
    old_token = before.signer.mint(user_id=uuid.uuid4(), session_id="s1")
    new_kid = rotate(tmp_path / "keys")
    after = context_factory(settings)  # ... and one started after it
    assert after.keys.active.kid == new_kid
    new_token = after.signer.mint(user_id=uuid.uuid4(), session_id="s2")
    assert {k["kid"] for k in after.keys.jwks()["keys"]} == {before.keys.active.kid, new_kid}
    verifier = TokenVerifier(
        JwksKeyStore(path=tmp_path / "keys" / "jwks.json"), settings.jwt_issuer, settings.jwt_audience
    )
    assert (await verifier.verify(old_token)).session_id == "s1"
    assert (await verifier.verify(new_token)).session_id == "s2"
    with pytest.raises(ValueError, match="active key"):
        retire(tmp_path / "keys", new_kid)
    assert retire(tmp_path / "keys", before.keys.active.kid) is True
    assert {k["kid"] for k in context_factory(settings).keys.jwks()["keys"]} == {new_kid}


def test_keys_cli_rotates_and_lists(monkeypatch, tmp_path, capsys):
    from pf_identity.keys import main

    monkeypatch.setenv("PF_KEYS_DIR", str(tmp_path / "keys"))
    monkeypatch.setenv("PF_ENVIRONMENT", "test")
    assert main(["list"]) == 0
    [first] = [line for line in capsys.readouterr().out.splitlines() if "\t" in line]
    assert first.endswith("\tactive")
    assert main(["rotate"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert any(line.startswith("new signing key") for line in out)
    assert [line.split("\t")[2] for line in out if "\t" in line] == ["published", "active"]
