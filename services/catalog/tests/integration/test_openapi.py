"""catalog's OpenAPI tells the truth (issue #12): a required Idempotency-Key on every idempotent
route, the error envelope on every error response, 422 only on browse (the one route declaring
STATE_CONFLICT), the bearer and service-token schemes, and the documented codes are the answered
ones."""

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

IDEMPOTENT = {
    ("POST", "/api/v1/vendor/products"),
    ("PUT", "/api/v1/inventory/{product_id}"),
    ("POST", "/api/v1/wishlist/items"),
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
    assert len(operations(doc)) >= 19


async def test_idempotency_key_envelope_security_and_422_only_where_declared(app, client):
    doc = (await client.get("/openapi.json")).json()
    ops = operations(doc)
    routes = api_routes(app.routes)
    idempotent = {(m, r.path_format) for r in routes if idempotency_ttl_of(r.dependant) for m in r.methods}
    authenticated = {
        (m, r.path_format)
        for r in routes
        if depends_on(r.dependant, lambda call: call is get_principal)
        for m in r.methods
    }

    assert idempotent == IDEMPOTENT
    for k in idempotent:
        (key,) = [p for p in ops[k]["parameters"] if p["name"] == "Idempotency-Key"]
        assert (key["in"], key["required"]) == ("header", True), k
    internal = {k for k in ops if k[1].startswith("/internal/")}
    assert len(internal) == 5
    assert set(ops) == authenticated | internal | {("GET", "/health/live"), ("GET", "/health/ready")}
    for k in authenticated:
        assert ops[k]["security"] == [{BEARER_SCHEME: []}], k
    for k in internal:
        assert ops[k]["security"] == [{SERVICE_SCHEME: []}], k
    with_422 = {k for k, op in ops.items() if "422" in op["responses"]}
    assert with_422 == {("GET", "/api/v1/products")}
    assert documented_codes(doc, "GET", "/api/v1/products")[422] == {"STATE_CONFLICT"}
    for k, op in ops.items():
        for status, resp in op["responses"].items():
            if int(status) >= 400:
                assert resp["content"]["application/json"]["schema"] == {"$ref": ERROR_REF}, (k, status)
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
        ("GET", "/api/v1/products", "/api/v1/products", buyer.headers, None, 400, "VALIDATION_ERROR"),
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
    for method, path, template, headers, body, status, code in cases:
        r = await client.request(method, path, headers=headers, json=body)
        assert (r.status_code, r.json()["error"]["code"]) == (status, code), (method, path, r.text)
        jsonschema.validate(r.json(), error_schema())
        assert code in documented_codes(doc, method, template).get(status, set()), (method, template, status)


async def test_a_wrong_method_is_405_with_every_method_of_the_path(client):
    r = await client.get(f"/api/v1/vendor/products/{uuid.uuid4()}")

    assert r.status_code == 405
    assert r.headers["allow"] == "DELETE, PATCH"
    assert r.json()["error"]["code"] == "METHOD_NOT_ALLOWED"
    jsonschema.validate(r.json(), error_schema())
    r = await client.post("/api/v1/products")
    assert (r.status_code, r.headers["allow"]) == (405, "GET")
