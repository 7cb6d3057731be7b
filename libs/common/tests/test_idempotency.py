"""Idempotency-Key on writes: one effect under concurrency, byte-for-byte replay, reuse detection."""

from __future__ import annotations

import asyncio
import uuid
from typing import Annotated, Any

import backbone_app as bb
import sqlalchemy as sa
from fastapi import Depends, Request
from fastapi.responses import JSONResponse
from hypothesis import given
from hypothesis import settings as examples
from hypothesis import strategies as st
from pydantic import BaseModel

from pf_common import resp
from pf_common.db_http import WriteSession
from pf_common.errors import Conflict, InternalError
from pf_common.guards import require_service
from pf_common.idempotency import _CLAIM_SCRIPT, _STORE_SCRIPT, Idempotent
from pf_common.outbox import emit
from pf_common.platform_tables import platform_tables_for
from pf_common.routing import APIRouter
from pf_common.service_auth import ServiceCaller
from pf_common.settings import app_settings
from pf_common.testing.auth_matrix import service_signer

router = APIRouter()


class ThingIn(BaseModel):
    seq: int


@router.post("/things", status_code=201, dependencies=[Idempotent(hours=24)])
async def create_thing(body: ThingIn, session: WriteSession) -> JSONResponse:
    tid = uuid.uuid4()
    await session.execute(sa.insert(bb.things).values(id=tid, seq=body.seq))
    await asyncio.sleep(0.05)  # widen the race window
    await emit(session, bb.ThingHappenedV1(thing_id=tid, seq=body.seq))
    return JSONResponse({"data": {"id": str(tid), "seq": body.seq}}, status_code=201)


@router.post("/flaky", dependencies=[Idempotent(hours=24)])
async def flaky(request: Request) -> dict[str, Any]:
    n = await request.app.state.runtime.redis.incr("flaky-calls")
    if n == 1:
        raise InternalError()
    return {"data": {"calls": n}}


@router.post("/public", dependencies=[Idempotent(hours=24, authenticated=False)])
async def public(request: Request) -> dict[str, Any]:
    return {"data": {"calls": await request.app.state.runtime.redis.incr("public-calls")}}


INTERNAL_CALLERS = require_service("logistics", "orders")


@router.post("/internal/v1/settle", dependencies=[Idempotent(days=7, service_guard=INTERNAL_CALLERS)])
async def internal_settle(
    request: Request, caller: Annotated[ServiceCaller, Depends(INTERNAL_CALLERS)]
) -> dict[str, Any]:
    calls = await request.app.state.runtime.redis.incr("internal-calls")
    return {"data": {"caller": caller.service, "calls": calls}}


@router.post("/not-yet", dependencies=[Idempotent(hours=24)])
async def not_yet(request: Request) -> dict[str, Any]:
    n = await request.app.state.runtime.redis.incr("not-yet-calls")
    if n == 1:  # "come back later": nothing was written
        raise Conflict("not caught up yet; retry with the same key", headers={"Retry-After": "2"})
    return {"data": {"calls": n}}


async def _count(runtime: Any) -> tuple[int, int]:
    async with runtime.db.read() as s:
        things = (await s.execute(sa.select(sa.func.count()).select_from(bb.things))).scalar_one()
        outbox = platform_tables_for("bb_producer").outbox
        events = (await s.execute(sa.select(sa.func.count()).select_from(outbox))).scalar_one()
    return things, events


async def test_fifty_concurrent_identical_posts_have_exactly_one_effect(sandbox, token_for):
    _, client, runtime = await sandbox([router])
    headers = {**await token_for(store_type="buyer", role="owner"), "Idempotency-Key": "checkout-123"}
    responses = await asyncio.gather(
        *(client.post("/things", json={"seq": 7}, headers=headers) for _ in range(50))
    )
    statuses = sorted(r.status_code for r in responses)
    created = [r for r in responses if r.status_code == 201]
    conflicts = [r for r in responses if r.status_code == 409]
    assert len(created) + len(conflicts) == 50, statuses
    assert all(r.json()["error"]["code"] == "CONFLICT" for r in conflicts)
    assert len({r.content for r in created}) == 1  # replays are byte-for-byte the original
    assert await _count(runtime) == (1, 1)
    # after the dust settles the key replays the stored response
    again = await client.post("/things", json={"seq": 7}, headers=headers)
    assert again.status_code == 201
    assert again.content == created[0].content
    assert again.headers["idempotent-replayed"] == "true"
    assert await _count(runtime) == (1, 1)


async def test_same_key_with_another_body_is_rejected(sandbox, token_for):
    _, client, runtime = await sandbox([router])
    headers = {**await token_for(store_type="buyer", role="owner"), "Idempotency-Key": "k1"}
    assert (await client.post("/things", json={"seq": 1}, headers=headers)).status_code == 201
    r = await client.post("/things", json={"seq": 2}, headers=headers)
    assert r.status_code == 409
    assert r.json()["error"]["code"] == "IDEMPOTENCY_KEY_REUSED"
    assert await _count(runtime) == (1, 1)


async def test_missing_or_bad_key_is_a_validation_error(sandbox, token_for):
    _, client, runtime = await sandbox([router])
    auth = await token_for(store_type="buyer", role="owner")
    r = await client.post("/things", json={"seq": 1}, headers=auth)
    assert r.status_code == 400
    assert r.json()["error"]["details"] == {"Idempotency-Key": "required"}
    r = await client.post("/things", json={"seq": 1}, headers={**auth, "Idempotency-Key": "x" * 300})
    assert r.status_code == 400
    assert await _count(runtime) == (0, 0)


async def test_keys_are_scoped_per_user_and_store(sandbox, token_for):
    _, client, runtime = await sandbox([router])
    a = {**await token_for(store_type="buyer", role="owner"), "Idempotency-Key": "same"}
    b = {**await token_for(store_type="buyer", role="owner"), "Idempotency-Key": "same"}
    ra = await client.post("/things", json={"seq": 1}, headers=a)
    rb = await client.post("/things", json={"seq": 1}, headers=b)
    assert (ra.status_code, rb.status_code) == (201, 201)
    assert ra.json() != rb.json()
    assert await _count(runtime) == (2, 2)


async def test_server_errors_are_never_stored(sandbox, token_for):
    _, client, _ = await sandbox([router])
    headers = {**await token_for(store_type="buyer", role="owner"), "Idempotency-Key": "retry-me"}
    assert (await client.post("/flaky", json={}, headers=headers)).status_code == 500
    r = await client.post("/flaky", json={}, headers=headers)
    assert r.status_code == 200
    assert r.json() == {"data": {"calls": 2}}
    assert (await client.post("/flaky", json={}, headers=headers)).json() == {"data": {"calls": 2}}


async def test_unauthenticated_request_to_a_protected_route_claims_nothing(sandbox, redis):
    _, client, _ = await sandbox([router])
    r = await client.post("/things", json={"seq": 1}, headers={"Idempotency-Key": "anon"})
    assert r.status_code == 401
    assert [k async for k in redis.scan_iter("pf:idempotency:*")] == []


async def test_public_routes_are_scoped_to_no_user(sandbox):
    _, client, _ = await sandbox([router])
    h = {"Idempotency-Key": "register-1"}
    first = await client.post("/public", json={"email": "a@b.c"}, headers=h)
    second = await client.post("/public", json={"email": "a@b.c"}, headers=h)
    assert first.json() == second.json() == {"data": {"calls": 1}}


def _service_headers(app: Any, caller: str, key: str | None = None) -> dict[str, str]:
    settings = app_settings(app.state)
    assert settings is not None
    token = service_signer(settings, caller).token_for(settings.service_name)
    headers = {"Authorization": f"Bearer {token}"}
    return headers if key is None else {**headers, "Idempotency-Key": key}


async def test_an_internal_route_checks_the_calling_service_before_claiming_the_key(sandbox, redis):
    app, client, _ = await sandbox([router])

    missing = await client.post("/internal/v1/settle", json={}, headers={"Idempotency-Key": "k"})
    refused = await client.post("/internal/v1/settle", json={}, headers=_service_headers(app, "catalog", "k"))
    no_key = await client.post("/internal/v1/settle", json={}, headers=_service_headers(app, "logistics"))

    assert (missing.status_code, missing.json()["error"]["code"]) == (401, "UNAUTHORIZED")
    assert (refused.status_code, refused.json()["error"]["code"]) == (403, "FORBIDDEN")
    assert (no_key.status_code, no_key.json()["error"]["details"]) == (400, {"Idempotency-Key": "required"})
    assert [k async for k in redis.scan_iter("pf:idempotency:*")] == []
    assert await redis.get("internal-calls") is None


async def test_an_internal_route_replays_per_calling_service(sandbox, redis):
    app, client, _ = await sandbox([router])
    logistics = _service_headers(app, "logistics", "settle-1")

    first = await client.post("/internal/v1/settle", json={"amount_cents": 1}, headers=logistics)
    again = await client.post("/internal/v1/settle", json={"amount_cents": 1}, headers=logistics)
    other = await client.post(
        "/internal/v1/settle", json={"amount_cents": 1}, headers=_service_headers(app, "orders", "settle-1")
    )

    assert first.json() == {"data": {"caller": "logistics", "calls": 1}}
    assert (again.content, again.headers["idempotent-replayed"]) == (first.content, "true")
    assert other.json() == {"data": {"caller": "orders", "calls": 2}}  # another service's key space
    keys = sorted([k.decode() async for k in redis.scan_iter("pf:idempotency:*")])
    assert keys == [
        "pf:idempotency:service:logistics::POST:/internal/v1/settle:settle-1",
        "pf:idempotency:service:orders::POST:/internal/v1/settle:settle-1",
    ]


async def test_an_answer_with_retry_after_is_not_stored(sandbox, token_for):
    _, client, _ = await sandbox([router])
    headers = {**await token_for(store_type="buyer", role="owner"), "Idempotency-Key": "later"}

    refused = await client.post("/not-yet", json={}, headers=headers)
    retried = await client.post("/not-yet", json={}, headers=headers)
    replayed = await client.post("/not-yet", json={}, headers=headers)

    assert (refused.status_code, refused.headers["retry-after"]) == (409, "2")
    assert (retried.status_code, retried.json()) == (200, {"data": {"calls": 2}})
    assert (replayed.content, replayed.headers["idempotent-replayed"]) == (retried.content, "true")


async def test_the_scripts_are_sent_by_hash_and_reloaded_after_a_script_flush(sandbox, token_for):
    _, client, runtime = await sandbox([router])
    auth = await token_for(store_type="buyer", role="owner")
    assert (
        await client.post("/things", json={"seq": 1}, headers={**auth, "Idempotency-Key": "a"})
    ).status_code == 201
    assert await runtime.redis.script_exists(_CLAIM_SCRIPT.sha, _STORE_SCRIPT.sha) == [True, True]
    await runtime.redis.script_flush()  # a Redis restart or failover forgets them
    first = await client.post("/things", json={"seq": 2}, headers={**auth, "Idempotency-Key": "b"})
    again = await client.post("/things", json={"seq": 2}, headers={**auth, "Idempotency-Key": "b"})
    assert first.status_code == again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true" and again.content == first.content
    assert await runtime.redis.script_exists(_CLAIM_SCRIPT.sha, _STORE_SCRIPT.sha) == [True, True]
    assert await _count(runtime) == (2, 2)


async def test_a_client_the_lean_one_cannot_serve_keeps_the_behaviour(sandbox, token_for, monkeypatch):
    # given a runtime whose Redis connections are not plain TCP (TLS, a unix socket): redis-py serves
    monkeypatch.setattr(resp, "lean_redis", lambda _redis: None)
    _, client, runtime = await sandbox([router])
    auth = await token_for(store_type="buyer", role="owner")
    await runtime.redis.script_flush()  # redis-py's EVALSHA meets NOSCRIPT and sends the source

    # when the same request is sent twice, and another body with the same key
    first = await client.post("/things", json={"seq": 7}, headers={**auth, "Idempotency-Key": "tls"})
    again = await client.post("/things", json={"seq": 7}, headers={**auth, "Idempotency-Key": "tls"})
    other = await client.post("/things", json={"seq": 8}, headers={**auth, "Idempotency-Key": "tls"})

    # then one effect, the replay byte for byte, the reuse refused, and no lock left behind
    assert (first.status_code, again.headers["Idempotent-Replayed"]) == (201, "true")
    assert again.content == first.content
    assert other.status_code == 409
    assert await _count(runtime) == (1, 1)
    assert await runtime.redis.keys("pf:idempotency:*:lock") == []
    assert await runtime.redis.script_exists(_CLAIM_SCRIPT.sha, _STORE_SCRIPT.sha) == [True, True]


@examples(max_examples=400, deadline=None)
@given(
    path=st.text(min_size=0, max_size=30).map(lambda s: "/" + s),
    host=st.sampled_from([None, b"api.packfinderz.com", b"127.0.0.1:8000", b"[::1]:9"]),
)
def test_the_records_path_is_the_urls_path_for_any_asgi_path(path: str, host: bytes | None) -> None:
    """Records are keyed by ``request.url.path``; ``_url_path`` gives the same without building
    the URL (a different key after a deploy would let a retry run twice)."""
    from starlette.requests import Request as StarletteRequest

    from pf_common.idempotency import _url_path

    headers = [(b"host", host)] if host is not None else []
    scope = {"type": "http", "method": "POST", "path": path, "headers": headers, "query_string": b"x=1"}
    scope["server"] = ("127.0.0.1", 8000)
    request = StarletteRequest(scope)
    assert _url_path(request) == request.url.path
