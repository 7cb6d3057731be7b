"""identity's OpenAPI tells the truth (issue #12): a required Idempotency-Key on every idempotent
route, the error envelope on every error response, 422 nowhere (identity declares none), the
bearer scheme on every authenticated operation, and the documented codes are the answered ones."""

from __future__ import annotations

import uuid

import jsonschema
from identity_actors import store_actor

from pf_common.openapi import BEARER_SCHEME, SERVICE_SCHEME, documented_codes, error_schema
from pf_common.testing.openapi_checks import (
    assert_answers_are_documented,
    assert_document_is_truthful,
    authenticated_operations,
    operations,
)

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


async def test_the_document_is_truthful(app, client):
    doc = (await client.get("/openapi.json")).json()

    assert_document_is_truthful(app, doc, idempotent=IDEMPOTENT)  # identity raises no STATE_CONFLICT
    assert len(operations(doc)) >= 35  # the document really lists identity's routes
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
    authenticated = authenticated_operations(app)

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
    await assert_answers_are_documented(client, doc, cases)
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
