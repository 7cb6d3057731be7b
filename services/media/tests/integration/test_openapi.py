"""media's OpenAPI tells the truth (issue #12): a required Idempotency-Key on presign, the error
envelope on every error response, no 422, the bearer and service-token schemes, and the documented
codes are the answered ones."""

from __future__ import annotations

import uuid

import jsonschema

from pf_common.openapi import documented_codes, error_schema
from pf_common.testing.openapi_checks import (
    assert_answers_are_documented,
    assert_document_is_truthful,
    authenticated_operations,
    operations,
)


async def test_the_document_is_truthful(app, client):
    doc = (await client.get("/openapi.json")).json()

    assert_document_is_truthful(app, doc, idempotent={("POST", "/api/v1/media/presign")})
    assert set(operations(doc)) == {
        ("GET", "/health/live"),
        ("GET", "/health/ready"),
        ("POST", "/api/v1/media/presign"),
        ("GET", "/api/v1/media"),
        ("DELETE", "/api/v1/media/{media_id}"),
        ("GET", "/internal/v1/media/{media_id}"),
        ("POST", "/internal/v1/media:read-urls"),
    }
    assert authenticated_operations(app) == {
        ("POST", "/api/v1/media/presign"),
        ("GET", "/api/v1/media"),
        ("DELETE", "/api/v1/media/{media_id}"),
    }
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
    await assert_answers_are_documented(client, doc, cases)


async def test_a_wrong_method_is_405_with_every_method_of_the_path(client):
    # /presign is served literally by POST only: DELETE /{media_id} does not take it for an id
    r = await client.get("/api/v1/media/presign")
    deleted = await client.delete("/api/v1/media/presign")

    assert r.status_code == 405
    assert r.headers["allow"] == "POST"
    assert (deleted.status_code, deleted.headers["allow"]) == (405, "POST")
    assert r.json()["error"]["code"] == "METHOD_NOT_ALLOWED"
    jsonschema.validate(r.json(), error_schema())
    r = await client.put("/api/v1/media")
    assert (r.status_code, r.headers["allow"]) == (405, "GET")
