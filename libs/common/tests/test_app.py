"""The app factory: canonical error envelope, request ids, body limit, validation details."""

from __future__ import annotations

from typing import Any, ClassVar

import httpx
import pytest
import sqlalchemy as sa
from fastapi import Depends
from pydantic import BaseModel, ConfigDict, Field

from pf_common import lean
from pf_common.app import create_app
from pf_common.db_http import LeanRead, ReadSession
from pf_common.embedded import free_port
from pf_common.errors import CODES, Conflict, DependencyError, NotFound, StateConflict
from pf_common.guards import get_principal, require_admin, require_store
from pf_common.lean import Statement
from pf_common.openapi import documented_codes
from pf_common.principal import Principal
from pf_common.routing import APIRouter
from pf_common.runtime import Runtime
from pf_common.settings import ServiceSettings, service_config

router = APIRouter()


class CreateThing(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=10)
    qty: int = Field(ge=1)


@router.post("/things")
async def create_thing(body: CreateThing) -> dict[str, Any]:
    return {"data": body.model_dump()}


@router.get("/errors/{code}")
async def raise_code(code: str) -> None:
    if code == "STATE_CONFLICT":
        raise StateConflict("nope", details={"violations": [{"product_id": "p"}]})
    raise CODES[code]()


@router.get("/boom")
async def boom() -> None:
    raise ZeroDivisionError("secret internals: password=hunter2")


@router.get("/me")
async def me(p: Principal = Depends(get_principal)) -> dict[str, Any]:
    return {"data": {"user_id": str(p.user_id)}}


@router.get("/vendor-only", dependencies=[Depends(require_store(types={"vendor"}))])
async def vendor_only() -> dict[str, Any]:
    return {"data": "ok"}


@router.get("/admin-only", dependencies=[Depends(require_admin)])
async def admin_only() -> dict[str, Any]:
    return {"data": "ok"}


async def test_every_canonical_code_renders_the_envelope(sandbox):
    _, client, _ = await sandbox([router])
    expected = {
        "VALIDATION_ERROR": 400,
        "UNAUTHORIZED": 401,
        "FORBIDDEN": 403,
        "NOT_FOUND": 404,
        "METHOD_NOT_ALLOWED": 405,
        "CONFLICT": 409,
        "IDEMPOTENCY_KEY_REUSED": 409,
        "STATE_CONFLICT": 422,
        "RATE_LIMIT_EXCEEDED": 429,
        "INTERNAL_ERROR": 500,
        "DEPENDENCY_ERROR": 503,
    }
    assert set(expected) == set(CODES)
    for code, status in expected.items():
        r = await client.get(f"/errors/{code}")
        assert r.status_code == status, code
        err = r.json()["error"]
        assert err["code"] == code
        assert err["request_id"] == r.headers["x-request-id"]
    r = await client.get("/errors/STATE_CONFLICT")
    assert r.json()["error"]["details"] == {"violations": [{"product_id": "p"}]}
    # codes that do not allow details never carry them
    assert "details" not in NotFound(details={"x": 1}).body()["error"]
    assert Conflict().body() == {"error": {"code": "CONFLICT", "message": "conflict"}}
    assert DependencyError(details={"dependency": "redis"}).body()["error"]["details"] == {
        "dependency": "redis"
    }


async def test_validation_errors_name_the_fields(sandbox):
    _, client, _ = await sandbox([router])
    r = await client.post("/things", json={"name": "", "qty": 0, "colour": "red"})
    assert r.status_code == 400
    err = r.json()["error"]
    assert err["code"] == "VALIDATION_ERROR"
    assert set(err["details"]) == {"name", "qty", "colour"}
    assert err["details"]["colour"] == "unknown field"
    r = await client.post("/things", content=b"{bad json", headers={"Content-Type": "application/json"})
    assert r.status_code == 400
    assert r.json()["error"]["code"] == "VALIDATION_ERROR"


async def test_unhandled_error_is_500_with_request_id_and_no_internals(sandbox, captured_logs):
    _, client, _ = await sandbox([router])
    r = await client.get("/boom", headers={"X-Request-Id": "trace-me-42"})
    assert r.status_code == 500
    body = r.json()
    assert body == {
        "error": {"code": "INTERNAL_ERROR", "message": "internal error", "request_id": "trace-me-42"}
    }
    assert "hunter2" not in r.text and "Traceback" not in r.text
    logged = [e for e in captured_logs if e["event"] == "request.unhandled_error"]
    assert logged and logged[0]["error_type"] == "ZeroDivisionError"


async def test_request_id_is_generated_echoed_and_sanitised(sandbox):
    _, client, _ = await sandbox([router])
    generated = (await client.get("/health/live")).headers["x-request-id"]
    assert len(generated) == 36
    assert (await client.get("/health/live", headers={"X-Request-Id": "abc-1"})).headers[
        "x-request-id"
    ] == "abc-1"
    hostile = (await client.get("/health/live", headers={"X-Request-Id": "a b\x7f<script>"})).headers[
        "x-request-id"
    ]
    assert hostile != "a b\x7f<script>" and len(hostile) == 36


async def test_body_limit(sandbox):
    _, client, _ = await sandbox([router], request_body_limit_bytes=64)
    r = await client.post("/things", content=b'{"name": "' + b"x" * 200 + b'", "qty": 1}')
    assert r.status_code == 413
    assert r.json()["error"]["code"] == "VALIDATION_ERROR"


async def test_auth_guards_render_401_and_403(sandbox, token_for):
    _, client, _ = await sandbox([router])
    r = await client.get("/me")
    assert (r.status_code, r.json()["error"]["code"]) == (401, "UNAUTHORIZED")
    r = await client.get("/me", headers={"Authorization": "Bearer not-a-jwt"})
    assert r.status_code == 401
    buyer = await token_for(store_type="buyer", role="owner")
    assert (await client.get("/me", headers=buyer)).status_code == 200
    r = await client.get("/vendor-only", headers=buyer)
    assert (r.status_code, r.json()["error"]["code"]) == (403, "FORBIDDEN")
    assert (await client.get("/admin-only", headers=buyer)).status_code == 403
    admin = await token_for(role="admin", system_role="admin")
    assert (await client.get("/admin-only", headers=admin)).status_code == 200


async def test_bursts_beyond_the_redis_pool_wait_instead_of_failing(sandbox):
    import asyncio

    _, client, _ = await sandbox([router], redis_max_connections=2)
    responses = await asyncio.gather(*(client.get("/health/ready") for _ in range(40)))
    assert [r.status_code for r in responses] == [200] * 40


class _DownSettings(ServiceSettings):
    model_config = service_config("orders")
    service_name: ClassVar[str] = "orders"


_rows_router = APIRouter()


@_rows_router.get("/api/v1/rows")
async def _rows(session: ReadSession) -> dict[str, list[int]]:
    await session.execute(sa.text("SELECT 1"))
    return {"data": []}


_PK = Statement(sa.select(sa.literal(1).label("one")))


@_rows_router.get("/api/v1/lean-rows")
async def _lean_rows(source: LeanRead) -> dict[str, list[int]]:
    return {"data": [r.one for r in await _PK.all(source)]}


@pytest.mark.parametrize("path", ["/api/v1/rows", "/api/v1/lean-rows"])
async def test_a_database_outage_is_a_documented_503_not_a_500(
    pf_servers, tmp_path, captured_logs, monkeypatch, path
):
    monkeypatch.setattr(lean, "WAIT_S", 0.5)  # the lean pool's wait for a connection it cannot make
    settings = _DownSettings(
        database_url=f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/none",
        redis_url=pf_servers.redis_url,
        keys_dir=tmp_path,
        environment="test",
    )
    runtime = Runtime.create(settings)
    app = create_app(settings, routers=[_rows_router], runtime=runtime)
    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
            r = await c.get(path)
    finally:
        await runtime.close()

    assert r.status_code == 503
    assert r.json()["error"]["code"] == "DEPENDENCY_ERROR"
    assert r.json()["error"]["details"] == {"dependency": "postgres"}
    assert "DEPENDENCY_ERROR" in documented_codes(app.openapi(), "get", path)[503]
    logged = [e for e in captured_logs if e["event"] == "request.database_unavailable"]
    assert logged and "SELECT" not in logged[0]["error"]  # the driver's message, not the statement
