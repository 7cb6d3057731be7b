"""catalog's OpenAPI tells the truth (issue #12): a required Idempotency-Key on every idempotent
route, the error envelope on every error response, 422 only on browse (the one route declaring
STATE_CONFLICT), the bearer and service-token schemes, and the documented codes are the answered
ones."""

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

IDEMPOTENT = {
    ("POST", "/api/v1/vendor/products"),
    ("PUT", "/api/v1/inventory/{product_id}"),
    ("POST", "/api/v1/wishlist/items"),
}


async def test_the_document_is_truthful(app, client):
    doc = (await client.get("/openapi.json")).json()

    assert_document_is_truthful(
        app,
        doc,
        idempotent=IDEMPOTENT,
        with_422={("GET", "/api/v1/products"), ("PATCH", "/api/v1/vendor/products/{product_id}")},
    )
    ops = operations(doc)
    internal = {k for k in ops if k[1].startswith("/internal/")}
    assert len(internal) == 5
    assert set(ops) == authenticated_operations(app) | internal | {
        ("GET", "/health/live"),
        ("GET", "/health/ready"),
    }
    assert documented_codes(doc, "GET", "/api/v1/products")[422] == {"STATE_CONFLICT"}
    assert set(documented_codes(doc, "DELETE", "/api/v1/vendor/products/{product_id}")) == {
        400,
        401,
        403,
        404,
        409,
        503,
    }


async def test_what_the_document_says_is_what_catalog_answers(client, as_store, as_service):
    doc = (await client.get("/openapi.json")).json()
    buyer = await as_store("buyer", "owner")
    vendor = await as_store("vendor", "owner")
    missing = str(uuid.uuid4())
    cases = [
        # a buyer whose projected state is unknown cannot browse another state
        ("GET", "/api/v1/products?state=CA", "/api/v1/products", buyer.headers, None, 422, "STATE_CONFLICT"),
        # without state: its own, unknown too
        ("GET", "/api/v1/products", "/api/v1/products", buyer.headers, None, 422, "STATE_CONFLICT"),
        (
            "GET",
            "/api/v1/products?category=shoes",
            "/api/v1/products",
            buyer.headers,
            None,
            400,
            "VALIDATION_ERROR",
        ),
        ("GET", "/api/v1/products", "/api/v1/products", {}, None, 401, "UNAUTHORIZED"),
        (
            "PUT",
            f"/api/v1/inventory/{missing}",
            "/api/v1/inventory/{product_id}",
            vendor.headers,
            {"available_qty": 1},
            400,
            "VALIDATION_ERROR",
        ),
        (
            "PUT",
            f"/api/v1/inventory/{missing}",
            "/api/v1/inventory/{product_id}",
            vendor.with_idempotency(),
            {"available_qty": 1},
            404,
            "NOT_FOUND",
        ),
        (
            "PUT",
            f"/api/v1/inventory/{missing}",
            "/api/v1/inventory/{product_id}",
            buyer.with_idempotency(),
            {"available_qty": 1},
            403,
            "FORBIDDEN",
        ),
        (
            "DELETE",
            f"/api/v1/vendor/products/{missing}",
            "/api/v1/vendor/products/{product_id}",
            vendor.headers,
            None,
            404,
            "NOT_FOUND",
        ),
        (
            "POST",
            "/internal/v1/products:batch-get",
            "/internal/v1/products:batch-get",
            {},
            {"product_ids": [missing]},
            401,
            "UNAUTHORIZED",
        ),
        (
            "POST",
            "/internal/v1/products:batch-get",
            "/internal/v1/products:batch-get",
            as_service("ads"),
            {"product_ids": [missing]},
            403,
            "FORBIDDEN",
        ),
        (
            "GET",
            f"/internal/v1/products/{missing}",
            "/internal/v1/products/{product_id}",
            as_service("ads"),
            None,
            404,
            "NOT_FOUND",
        ),
    ]
    await assert_answers_are_documented(client, doc, cases)


async def test_a_wrong_method_is_405_with_every_method_of_the_path(client):
    r = await client.get(f"/api/v1/vendor/products/{uuid.uuid4()}")

    assert r.status_code == 405
    assert r.headers["allow"] == "DELETE, PATCH"
    assert r.json()["error"]["code"] == "METHOD_NOT_ALLOWED"
    jsonschema.validate(r.json(), error_schema())
    r = await client.post("/api/v1/products")
    assert (r.status_code, r.headers["allow"]) == (405, "GET")
