"""The OpenAPI every service inherits (pf_common.openapi): error envelope, inferred and declared
codes, security schemes, the Idempotency-Key header, and 405 with a full ``Allow``."""

from __future__ import annotations

import copy
import uuid
from typing import Annotated, Any

import jsonschema
import pytest
from fastapi import Depends, FastAPI, Request
from pydantic import BaseModel, ConfigDict

from pf_common.db_http import LeanRead, LeanWrite
from pf_common.errors import StateConflict
from pf_common.guards import get_principal, require_admin, require_service, require_store
from pf_common.idempotency import CLAIM_ATTR, Idempotent
from pf_common.openapi import (
    BEARER_SCHEME,
    ERROR_REF,
    SERVICE_SCHEME,
    error_schema,
    errors,
    problems,
    response_headers,
)
from pf_common.principal import OPERATE, Principal
from pf_common.ratelimit import Policy, rate_limit
from pf_common.routing import APIRouter
from pf_common.testing.openapi_checks import validate_openapi

router = APIRouter()

VendorOperator = Annotated[Principal, Depends(require_store({"vendor"}, OPERATE))]


class ThingIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str


@router.post("/things", status_code=201, dependencies=[Idempotent(hours=24)])
async def create_thing(body: ThingIn, principal: VendorOperator) -> dict[str, Any]:
    return {"data": {"name": body.name}}


@router.get("/lean/{thing_id}")
async def lean_read_thing(thing_id: uuid.UUID, source: LeanRead) -> dict[str, Any]:
    return {"data": str(thing_id)}


@router.post("/lean")
async def lean_write_thing(source: LeanWrite) -> dict[str, Any]:
    return {"data": "ok"}


@router.get("/plain")
async def plain(note: str | None = None) -> dict[str, Any]:
    """No input FastAPI can refuse, no guard: no error response at all."""
    return {"data": note}


@router.get("/things/{thing_id}")
async def get_thing(thing_id: uuid.UUID) -> dict[str, Any]:
    return {"data": str(thing_id)}


@router.post(
    "/things/{thing_id}/close",
    responses=errors(404, 422, notes={422: "the thing is already closed"}),
    dependencies=[Depends(require_admin)],
)
async def close_thing(thing_id: uuid.UUID) -> dict[str, Any]:
    raise StateConflict("already closed", details={"status": "closed"})


@router.get("/limited", dependencies=[Depends(rate_limit(Policy("sandbox_open", 5, 60)))])
async def limited() -> dict[str, Any]:
    return {"data": "ok"}


@router.get(
    "/limited-closed", dependencies=[Depends(rate_limit(Policy("sandbox_closed", 5, 60, fail_open=False)))]
)
async def limited_closed() -> dict[str, Any]:
    return {"data": "ok"}


@router.get("/internal/v1/things", dependencies=[Depends(require_service("orders", "catalog"))])
async def internal_things() -> dict[str, Any]:
    return {"data": []}


async def _token_by_hand(request: Request) -> str:
    return request.headers.get("authorization", "")


@router.post("/refresh", responses=errors(bearer=True) | response_headers(200, {"X-PF-Token": "new token"}))
async def refresh(_token: str = Depends(_token_by_hand)) -> dict[str, Any]:
    return {"data": "ok"}


@router.get("/stores/me")
async def my_store(principal: Principal = Depends(get_principal)) -> dict[str, Any]:
    return {"data": str(principal.store_id)}


@router.put("/stores/me")
async def update_my_store(body: ThingIn, principal: Principal = Depends(get_principal)) -> dict[str, Any]:
    return {"data": body.name}


@router.get("/stores/{store_id}")
async def a_store(store_id: uuid.UUID) -> dict[str, Any]:
    return {"data": str(store_id)}


def op_of(doc: dict[str, Any], method: str, path: str) -> dict[str, Any]:
    return doc["paths"][path][method.lower()]


def documented(doc: dict[str, Any], method: str, path: str) -> set[int]:
    return {int(s) for s in op_of(doc, method, path)["responses"] if s.isdigit()}


async def test_the_document_is_valid_and_has_no_problems(sandbox):
    app, client, _ = await sandbox([router])
    doc = (await client.get("/openapi.json")).json()

    assert problems(app, doc) == []
    validate_openapi(doc)
    schemas = doc["components"]["schemas"]
    assert "HTTPValidationError" not in schemas and "ValidationError" not in schemas
    assert set(error_schema()["properties"]["error"]["properties"]["code"]["enum"]) >= {
        "VALIDATION_ERROR",
        "METHOD_NOT_ALLOWED",
        "STATE_CONFLICT",
        "DEPENDENCY_ERROR",
    }
    assert doc["components"]["securitySchemes"][BEARER_SCHEME] == {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": doc["components"]["securitySchemes"][BEARER_SCHEME]["description"],
    }
    assert doc["components"]["securitySchemes"][SERVICE_SCHEME]["scheme"] == "bearer"


async def test_an_idempotent_route_declares_the_required_key_and_its_codes(sandbox):
    _, client, _ = await sandbox([router], request_body_limit_bytes=2048)
    doc = (await client.get("/openapi.json")).json()
    op = op_of(doc, "POST", "/things")

    (key,) = [p for p in op["parameters"] if p["name"] == "Idempotency-Key"]
    assert key["in"] == "header" and key["required"] is True
    assert key["schema"] == {"type": "string", "minLength": 1, "maxLength": 255}
    assert "1-255 printable characters" in key["description"]
    assert documented(doc, "POST", "/things") == {201, 400, 401, 403, 409, 413, 503}
    responses = op["responses"]
    assert all(
        responses[s]["content"]["application/json"]["schema"] == {"$ref": ERROR_REF}
        for s in ("400", "401", "403", "409", "413", "503")
    )
    assert "`IDEMPOTENCY_KEY_REUSED`" in responses["409"]["description"]
    assert "`CONFLICT`" in responses["409"]["description"]
    assert "2048 bytes" in responses["413"]["description"]
    assert op["security"] == [{BEARER_SCHEME: []}]


async def test_inference_lists_only_what_a_route_can_return(sandbox):
    _, client, _ = await sandbox([router])
    doc = (await client.get("/openapi.json")).json()

    assert documented(doc, "GET", "/plain") == {200}  # optional str: nothing to refuse
    # the lean path's dependencies reach the database: an outage is 503, as with a session
    assert documented(doc, "GET", "/lean/{thing_id}") == {200, 400, 503}
    assert documented(doc, "POST", "/lean") == {200, 503}
    assert "the database is unavailable" in op_of(doc, "POST", "/lean")["responses"]["503"]["description"]
    assert "security" not in op_of(doc, "GET", "/plain")
    assert documented(doc, "GET", "/things/{thing_id}") == {200, 400}  # a UUID can be malformed
    assert documented(doc, "GET", "/limited") == {200, 429}  # fail-open: no 503
    assert "Retry-After" in op_of(doc, "GET", "/limited")["responses"]["429"]["headers"]
    assert documented(doc, "GET", "/limited-closed") == {200, 429, 503}
    internal = op_of(doc, "GET", "/internal/v1/things")
    assert internal["security"] == [{SERVICE_SCHEME: []}]
    assert documented(doc, "GET", "/internal/v1/things") == {200, 401, 403}
    assert "catalog, orders" in internal["responses"]["403"]["description"]
    # a route that checks the token by hand declares it: bearer security, 401, and its header
    refresh_op = op_of(doc, "POST", "/refresh")
    assert refresh_op["security"] == [{BEARER_SCHEME: []}]
    assert documented(doc, "POST", "/refresh") == {200, 401, 503}
    assert "x-pf-bearer" not in refresh_op["responses"]["401"]
    assert refresh_op["responses"]["200"]["headers"]["X-PF-Token"]["description"] == "new token"


async def test_422_only_where_declared_and_declared_codes_carry_their_note(sandbox):
    _, client, _ = await sandbox([router])
    doc = (await client.get("/openapi.json")).json()

    for path, item in doc["paths"].items():
        for method, op in item.items():
            if (method, path) != ("post", "/things/{thing_id}/close"):
                assert "422" not in op["responses"], (method, path)
    close = op_of(doc, "POST", "/things/{thing_id}/close")["responses"]
    assert set(close) == {"200", "400", "401", "403", "404", "422", "503"}
    assert close["422"]["description"] == "`STATE_CONFLICT`: the thing is already closed"
    assert close["404"]["description"].startswith("`NOT_FOUND`")
    assert close["422"]["content"]["application/json"]["schema"] == {"$ref": ERROR_REF}


def test_errors_refuses_what_cannot_be_declared():
    with pytest.raises(ValueError, match="not declarable"):
        errors(418)
    with pytest.raises(ValueError, match="not declarable"):
        errors(500)
    with pytest.raises(ValueError, match="notes for statuses not declared"):
        errors(404, notes={409: "oops"})
    with pytest.raises(ValueError, match="at least one"):
        errors()
    assert errors(404, 404) == errors(404)


async def test_a_route_whose_claim_does_not_declare_the_header_is_a_problem(sandbox):
    """The check bites: an idempotency claim that reads the key by hand (as before issue #12)
    leaves the header out of the document, and ``problems`` names the route."""

    async def hand_read_claim(request: Request) -> str | None:
        return request.headers.get("Idempotency-Key")

    setattr(hand_read_claim, CLAIM_ATTR, 86_400)
    bad = APIRouter()

    @bad.post("/legacy", dependencies=[Depends(hand_read_claim)])
    async def legacy() -> dict[str, Any]:
        return {"data": "ok"}

    app, client, _ = await sandbox([router, bad])
    doc = (await client.get("/openapi.json")).json()
    assert [p["name"] for p in op_of(doc, "POST", "/legacy").get("parameters", [])] == []
    assert problems(app, doc) == ["POST /legacy: idempotent but declares no required Idempotency-Key header"]


async def test_problems_names_each_untruth(sandbox):
    app, client, _ = await sandbox([router])
    good = (await client.get("/openapi.json")).json()

    def broken(edit: Any) -> list[str]:
        doc = copy.deepcopy(good)
        edit(doc)
        return problems(app, doc)

    def drop_key_required(doc: dict[str, Any]) -> None:
        for p in op_of(doc, "POST", "/things")["parameters"]:
            p["required"] = False

    assert broken(drop_key_required) == [
        "POST /things: idempotent but declares no required Idempotency-Key header"
    ]

    def add_422(doc: dict[str, Any]) -> None:
        op_of(doc, "GET", "/things/{thing_id}")["responses"]["422"] = {
            "description": "`STATE_CONFLICT`: x",
            "content": {"application/json": {"schema": {"$ref": ERROR_REF}}},
        }

    assert broken(add_422) == ["GET /things/{thing_id}: documents 422 but the route does not declare it"]

    def other_schema(doc: dict[str, Any]) -> None:
        op_of(doc, "GET", "/things/{thing_id}")["responses"]["400"]["content"]["application/json"] = {
            "schema": {"type": "object"}
        }

    assert broken(other_schema) == ["GET /things/{thing_id}: 400 does not reference ErrorResponse"]

    def no_security(doc: dict[str, Any]) -> None:
        del op_of(doc, "GET", "/stores/me")["security"]

    assert broken(no_security) == ["GET /stores/me: authenticated but has no bearerAuth security requirement"]

    def lose_401(doc: dict[str, Any]) -> None:
        del op_of(doc, "GET", "/stores/me")["responses"]["401"]

    assert broken(lose_401) == ["GET /stores/me: 401 is not documented"]

    def unnamed_code(doc: dict[str, Any]) -> None:
        op_of(doc, "GET", "/stores/me")["responses"]["401"]["description"] = "Unauthorized"

    assert broken(unnamed_code) == ["GET /stores/me: 401 description names none of ['UNAUTHORIZED']"]


async def test_what_the_document_says_is_what_the_app_answers(sandbox, token_for):
    _, client, _ = await sandbox([router])
    doc = (await client.get("/openapi.json")).json()
    envelope = error_schema()
    vendor = await token_for(store_type="vendor", role="owner")
    buyer = await token_for(store_type="buyer", role="owner")

    cases = [
        ("POST", "/things", {}, {"name": "a"}, 401),
        ("POST", "/things", {**buyer, "Idempotency-Key": "k0"}, {"name": "a"}, 403),
        ("POST", "/things", vendor, {"name": "a"}, 400),  # no Idempotency-Key
        ("POST", "/things", {**vendor, "Idempotency-Key": "k1"}, {"name": "a", "x": 1}, 400),
        ("GET", "/things/not-a-uuid", {}, None, 400),
        ("POST", f"/things/{uuid.uuid4()}/close", vendor, None, 403),
        ("GET", "/internal/v1/things", {}, None, 401),
    ]
    for method, path, headers, body, status in cases:
        r = await client.request(method, path, headers=headers, json=body)
        assert r.status_code == status, (method, path, r.text)
        jsonschema.validate(r.json(), envelope)
        template = (
            path
            if path in ("/things", "/internal/v1/things")
            else ("/things/{thing_id}" if path.startswith("/things/not") else "/things/{thing_id}/close")
        )
        assert status in documented(doc, method, template), (method, path, status)
    no_key = await client.post("/things", json={"name": "a"}, headers=vendor)
    assert no_key.json()["error"]["details"] == {"Idempotency-Key": "required"}
    created = await client.post("/things", json={"name": "a"}, headers={**vendor, "Idempotency-Key": "k2"})
    assert created.status_code == 201
    reused = await client.post("/things", json={"name": "b"}, headers={**vendor, "Idempotency-Key": "k2"})
    assert (reused.status_code, reused.json()["error"]["code"]) == (409, "IDEMPOTENCY_KEY_REUSED")
    assert "`IDEMPOTENCY_KEY_REUSED`" in op_of(doc, "POST", "/things")["responses"]["409"]["description"]
    admin = await token_for(role="admin", system_role="admin")
    closed = await client.post(f"/things/{uuid.uuid4()}/close", headers=admin)
    assert (closed.status_code, closed.json()["error"]["code"]) == (422, "STATE_CONFLICT")
    assert 422 in documented(doc, "POST", "/things/{thing_id}/close")


async def test_a_wrong_method_is_405_with_every_method_of_the_path(sandbox):
    _, client, _ = await sandbox([router])

    r = await client.delete("/stores/me", headers={"X-Request-Id": "wrong-method-1"})
    assert r.status_code == 405
    assert r.headers["allow"] == "GET, PUT"  # both routes of the path, not the first one only
    assert r.json() == {
        "error": {
            "code": "METHOD_NOT_ALLOWED",
            "message": "DELETE is not allowed here; allowed: GET, PUT",
            "request_id": "wrong-method-1",
        }
    }
    jsonschema.validate(r.json(), error_schema())
    r = await client.post("/things/" + str(uuid.uuid4()))
    assert (r.status_code, r.headers["allow"]) == (405, "GET")
    assert r.json()["error"]["code"] == "METHOD_NOT_ALLOWED"
    r = await client.patch("/health/live")
    assert (r.status_code, r.headers["allow"]) == (405, "GET")
    # an unknown path is still 404
    r = await client.delete("/no/such/path")
    assert (r.status_code, r.json()["error"]["code"]) == (404, "NOT_FOUND")


async def test_auth_is_still_checked_before_the_key_and_the_key_before_the_claim(sandbox, token_for, redis):
    _, client, _ = await sandbox([router])
    r = await client.post("/things", json={"name": "a"})
    assert (r.status_code, r.json()["error"]["code"]) == (401, "UNAUTHORIZED")
    vendor = await token_for(store_type="vendor", role="owner")
    r = await client.post("/things", json={"name": "a"}, headers={**vendor, "Idempotency-Key": "   "})
    assert r.status_code == 400
    assert r.json()["error"] == {
        "code": "VALIDATION_ERROR",
        "message": "Idempotency-Key header is required",
        "details": {"Idempotency-Key": "required"},
        "request_id": r.headers["x-request-id"],
    }
    assert [k async for k in redis.scan_iter("pf:idempotency:*")] == []


def test_the_completed_document_is_cached_and_fastapi_apps_without_create_app_are_untouched():
    from pf_common.openapi import install

    app = FastAPI()
    app.include_router(router)
    plain_doc = app.openapi()
    assert "HTTPValidationError" in plain_doc["components"]["schemas"]  # FastAPI's own default
    app2 = FastAPI()
    app2.include_router(router)
    install(app2)
    first = app2.openapi()
    assert first is app2.openapi()
    assert "HTTPValidationError" not in first["components"]["schemas"]
