"""identity's OpenAPI tells the truth (issue #12): a required Idempotency-Key on every idempotent
route, the error envelope on every error response, 422 nowhere (identity declares none), the
bearer scheme on every authenticated operation, and the documented codes are the answered ones."""

from __future__ import annotations

import uuid
from typing import Any

import jsonschema
from identity_actors import store_actor

from pf_common.auth import get_principal
from pf_common.idempotency import idempotency_ttl_of
from pf_common.openapi import (
    BEARER_SCHEME,
    ERROR_REF,
    SERVICE_SCHEME,
    documented_codes,
    error_schema,
    problems,
)
from pf_common.routes import api_routes, depends_on

IDEMPOTENT = {
    ("POST", "/api/v1/auth/register"),
    ("POST", "/api/v1/stores/me/users/invite"),
    ("POST", "/api/v1/licenses"),
    ("POST", "/api/admin/v1/licenses/{license_id}/verify"),
    ("POST", "/api/v1/notifications/read-all"),
    ("POST", "/api/v1/notifications/{notification_id}/read"),
}
PUBLIC = {
    ("POST", "/api/v1/auth/register"),
    ("POST", "/api/v1/auth/login"),
    ("POST", "/api/admin/v1/auth/login"),
    ("POST", "/api/admin/v1/auth/register"),
    ("GET", "/api/v1/auth/.well-known/jwks.json"),
    ("GET", "/api/v1/address/suggest"),
    ("POST", "/api/v1/address/resolve"),
    ("GET", "/api/public/ping"),
    ("POST", "/api/public/validate"),
    ("GET", "/health/live"),
    ("GET", "/health/ready"),
}


def validate_openapi(doc: dict[str, Any]) -> None:
    """openapi-spec-validator when installed, else the OpenAPI 3.1 meta-schema schemathesis ships."""
    try:
        from openapi_spec_validator import validate  # type: ignore[import-not-found]
    except ImportError:
        from schemathesis.specs.openapi.definitions import OPENAPI_31_VALIDATOR

        OPENAPI_31_VALIDATOR.validate(doc)
    else:
        validate(doc)


def operations(doc: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(m.upper(), path): op for path, item in doc["paths"].items() for m, op in item.items()}


async def test_the_document_is_valid_and_has_no_problems(app, client):
    doc = (await client.get("/openapi.json")).json()

    assert problems(app, doc) == []
    validate_openapi(doc)
    assert len(operations(doc)) >= 35  # the document really lists identity's routes


async def test_every_idempotent_route_declares_a_required_key(app, client):
    doc = (await client.get("/openapi.json")).json()
    idempotent = {
        (method, route.path_format)
        for route in api_routes(app.routes)
        if idempotency_ttl_of(route.dependant) is not None
        for method in route.methods
    }

    assert idempotent == IDEMPOTENT
    for key in idempotent:
        params = operations(doc)[key].get("parameters", [])
        (header,) = [p for p in params if p["name"] == "Idempotency-Key"]
        assert (header["in"], header["required"], header["schema"]["maxLength"]) == ("header", True, 255), key
    for key, op in operations(doc).items():
        if key not in IDEMPOTENT:
            assert all(p["name"] != "Idempotency-Key" for p in op.get("parameters", [])), key


async def test_errors_use_the_envelope_and_no_operation_documents_422(client):
    doc = (await client.get("/openapi.json")).json()

    assert "HTTPValidationError" not in doc["components"]["schemas"]
    for key, op in operations(doc).items():
        assert "422" not in op["responses"], key  # identity raises no STATE_CONFLICT
        for status, resp in op["responses"].items():
            if int(status) >= 400:
                assert resp["content"]["application/json"]["schema"] == {"$ref": ERROR_REF}, (key, status)
    assert documented_codes(doc, "POST", "/api/v1/stores/me/users/invite") == {
        400: {"VALIDATION_ERROR"},
        401: {"UNAUTHORIZED"},
        403: {"FORBIDDEN"},
        409: {"CONFLICT", "IDEMPOTENCY_KEY_REUSED"},
        413: {"VALIDATION_ERROR"},
        503: {"DEPENDENCY_ERROR"},
    }
    assert set(documented_codes(doc, "DELETE", "/api/v1/licenses/{license_id}")) == {
        400,
        401,
        403,
        404,
        409,
        503,
    }


async def test_authenticated_operations_carry_the_bearer_scheme(app, client):
    doc = (await client.get("/openapi.json")).json()
    ops = operations(doc)
    authenticated = {
        (method, route.path_format)
        for route in api_routes(app.routes)
        if depends_on(route.dependant, lambda call: call is get_principal)
        for method in route.methods
    }

    assert len(authenticated) >= 20
    for key in authenticated:
        assert ops[key]["security"] == [{BEARER_SCHEME: []}], key
    # refresh checks the (possibly expired) token by hand and declares it
    assert ops[("POST", "/api/v1/auth/refresh")]["security"] == [{BEARER_SCHEME: []}]
    for key in PUBLIC:
        assert "security" not in ops[key], key
    internal = {k for k in ops if k[1].startswith("/internal/")}
    assert internal == {("GET", "/internal/v1/stores/{store_id}"), ("GET", "/internal/v1/agents")}
    assert all(ops[k]["security"] == [{SERVICE_SCHEME: []}] for k in internal)
    assert set(ops) == authenticated | PUBLIC | internal | {("POST", "/api/v1/auth/refresh")}
    # the token the docs tell people to paste is documented where it is minted
    for key, status in (
        (("POST", "/api/v1/auth/register"), "201"),
        (("POST", "/api/v1/auth/login"), "200"),
        (("POST", "/api/v1/auth/refresh"), "200"),
        (("POST", "/api/v1/auth/switch-store"), "200"),
        (("POST", "/api/admin/v1/auth/login"), "200"),
        (("POST", "/api/admin/v1/auth/register"), "201"),
    ):
        assert "X-PF-Token" in ops[key]["responses"][status]["headers"], key


async def test_what_the_document_says_is_what_identity_answers(client, db_session, as_store):
    doc = (await client.get("/openapi.json")).json()
    owner, _, _ = await store_actor(db_session, as_store)
    viewer, _, _ = await store_actor(db_session, as_store, role="viewer")
    missing = str(uuid.uuid4())
    cases = [
        # (method, path, template, headers, body, status, code)
        ("GET", "/api/v1/stores/me", "/api/v1/stores/me", {}, None, 401, "UNAUTHORIZED"),
        (
            "POST",
            "/api/v1/stores/me/users/invite",
            "/api/v1/stores/me/users/invite",
            owner.headers,
            {"email": "a@example.com", "first_name": "A", "last_name": "B", "role": "staff"},
            400,
            "VALIDATION_ERROR",
        ),
        (
            "POST",
            "/api/v1/stores/me/users/invite",
            "/api/v1/stores/me/users/invite",
            viewer.with_idempotency(),
            {"email": "a@example.com", "first_name": "A", "last_name": "B", "role": "staff"},
            403,
            "FORBIDDEN",
        ),
        ("POST", "/api/v1/auth/register", "/api/v1/auth/register", {}, {}, 400, "VALIDATION_ERROR"),
        (
            "GET",
            f"/api/v1/stores/{missing}",
            "/api/v1/stores/{store_id}",
            owner.headers,
            None,
            404,
            "NOT_FOUND",
        ),
        (
            "GET",
            "/api/v1/stores/not-a-uuid",
            "/api/v1/stores/{store_id}",
            owner.headers,
            None,
            400,
            "VALIDATION_ERROR",
        ),
        (
            "DELETE",
            f"/api/v1/stores/me/users/{missing}",
            "/api/v1/stores/me/users/{user_id}",
            owner.headers,
            None,
            404,
            "NOT_FOUND",
        ),
        (
            "GET",
            f"/internal/v1/stores/{missing}",
            "/internal/v1/stores/{store_id}",
            {},
            None,
            401,
            "UNAUTHORIZED",
        ),
    ]
    for method, path, template, headers, body, status, code in cases:
        r = await client.request(method, path, headers=headers, json=body)
        assert (r.status_code, r.json()["error"]["code"]) == (status, code), (method, path, r.text)
        jsonschema.validate(r.json(), error_schema())
        assert code in documented_codes(doc, method, template).get(status, set()), (method, template, status)
    no_key = await client.post("/api/v1/auth/register", json={}, headers={"Content-Type": "application/json"})
    assert "Idempotency-Key" in no_key.json()["error"]["details"]


async def test_a_wrong_method_is_405_with_every_method_of_the_path(client):
    r = await client.delete("/api/v1/stores/me")

    assert r.status_code == 405
    assert r.headers["allow"] == "GET, PUT"
    assert r.json()["error"]["code"] == "METHOD_NOT_ALLOWED"
    jsonschema.validate(r.json(), error_schema())
    r = await client.put(f"/api/v1/stores/{uuid.uuid4()}")
    assert (r.status_code, r.headers["allow"], r.json()["error"]["code"]) == (
        405,
        "GET",
        "METHOD_NOT_ALLOWED",
    )
