"""media's OpenAPI tells the truth (issue #12): a required Idempotency-Key on presign, the error
envelope on every error response, no 422, the bearer and service-token schemes, and the documented
codes are the answered ones."""

from __future__ import annotations

import uuid
from typing import Any

import jsonschema

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
    assert set(operations(doc)) == {
        ("GET", "/health/live"),
        ("GET", "/health/ready"),
        ("POST", "/api/v1/media/presign"),
        ("GET", "/api/v1/media"),
        ("DELETE", "/api/v1/media/{media_id}"),
        ("GET", "/internal/v1/media/{media_id}"),
        ("POST", "/internal/v1/media:read-urls"),
    }


async def test_idempotency_key_envelope_security_and_no_422(app, client):
    doc = (await client.get("/openapi.json")).json()
    ops = operations(doc)
    idempotent = {
        (m, r.path_format)
        for r in api_routes(app.routes)
        if idempotency_ttl_of(r.dependant)
        for m in r.methods
    }
    authenticated = {
        (m, r.path_format)
        for r in api_routes(app.routes)
        if depends_on(r.dependant, lambda call: call is get_principal)
        for m in r.methods
    }

    assert idempotent == {("POST", "/api/v1/media/presign")}
    (key,) = [
        p for p in ops[("POST", "/api/v1/media/presign")]["parameters"] if p["name"] == "Idempotency-Key"
    ]
    assert (key["in"], key["required"]) == ("header", True)
    assert authenticated == {
        ("POST", "/api/v1/media/presign"),
        ("GET", "/api/v1/media"),
        ("DELETE", "/api/v1/media/{media_id}"),
    }
    for k in authenticated:
        assert ops[k]["security"] == [{BEARER_SCHEME: []}], k
    for k in (("GET", "/internal/v1/media/{media_id}"), ("POST", "/internal/v1/media:read-urls")):
        assert ops[k]["security"] == [{SERVICE_SCHEME: []}], k
    for k, op in ops.items():
        assert "422" not in op["responses"], k
        for status, resp in op["responses"].items():
            if int(status) >= 400:
                assert resp["content"]["application/json"]["schema"] == {"$ref": ERROR_REF}, (k, status)
    assert documented_codes(doc, "DELETE", "/api/v1/media/{media_id}") == {
        400: {"VALIDATION_ERROR"},
        401: {"UNAUTHORIZED"},
        403: {"FORBIDDEN"},
        404: {"NOT_FOUND"},
        409: {"CONFLICT"},
        503: {"DEPENDENCY_ERROR"},
    }


async def test_what_the_document_says_is_what_media_answers(client, as_store, as_service):
    doc = (await client.get("/openapi.json")).json()
    staff = await as_store("vendor", "staff")
    missing = str(uuid.uuid4())
    presign = {"media_kind": "product", "mime_type": "image/png", "file_name": "a.png", "size_bytes": 10}
    cases = [
        ("GET", "/api/v1/media", "/api/v1/media", {}, None, 401, "UNAUTHORIZED"),
        (
            "POST",
            "/api/v1/media/presign",
            "/api/v1/media/presign",
            staff.headers,
            presign,
            400,
            "VALIDATION_ERROR",
        ),
        (
            "POST",
            "/api/v1/media/presign",
            "/api/v1/media/presign",
            staff.with_idempotency(),
            {**presign, "mime_type": "application/x-msdownload"},
            400,
            "VALIDATION_ERROR",
        ),
        (
            "DELETE",
            f"/api/v1/media/{missing}",
            "/api/v1/media/{media_id}",
            staff.headers,
            None,
            404,
            "NOT_FOUND",
        ),
        (
            "GET",
            f"/internal/v1/media/{missing}",
            "/internal/v1/media/{media_id}",
            as_service("identity"),
            None,
            404,
            "NOT_FOUND",
        ),
        (
            "GET",
            f"/internal/v1/media/{missing}",
            "/internal/v1/media/{media_id}",
            as_service("orders"),
            None,
            403,
            "FORBIDDEN",
        ),
        (
            "GET",
            f"/internal/v1/media/{missing}",
            "/internal/v1/media/{media_id}",
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


async def test_a_wrong_method_is_405_with_every_method_of_the_path(client):
    # POST /presign and DELETE /{media_id} both match this path
    r = await client.get("/api/v1/media/presign")

    assert r.status_code == 405
    assert r.headers["allow"] == "DELETE, POST"
    assert r.json()["error"]["code"] == "METHOD_NOT_ALLOWED"
    jsonschema.validate(r.json(), error_schema())
    r = await client.put("/api/v1/media")
    assert (r.status_code, r.headers["allow"]) == (405, "GET")
