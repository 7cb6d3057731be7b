"""orders' OpenAPI tells the truth: a required Idempotency-Key on every idempotent route, the error
envelope on every error response, 422 exactly on the routes with state transitions or order
limits, the bearer and service-token schemes, and the documented codes are the answered ones."""

from __future__ import annotations

import uuid

from pf_common.openapi import documented_codes
from pf_common.testing.openapi_checks import (
    assert_answers_are_documented,
    assert_document_is_truthful,
    authenticated_operations,
    operations,
)

IDEMPOTENT = {
    ("POST", "/api/v1/cart"),
    ("POST", "/api/v1/checkout"),
    ("POST", "/api/v1/vendor/orders/{order_id}/decision"),
    ("POST", "/api/v1/vendor/orders/{order_id}/line-items/decision"),
    ("POST", "/api/v1/orders/{order_id}/cancel"),
    ("POST", "/api/v1/orders/{order_id}/nudge"),
    ("POST", "/api/v1/orders/{order_id}/retry"),
    ("POST", "/api/v1/reviews"),
}
WITH_422 = {
    ("POST", "/api/v1/checkout"),
    ("POST", "/api/v1/vendor/orders/{order_id}/decision"),
    ("POST", "/api/v1/vendor/orders/{order_id}/line-items/decision"),
    ("POST", "/api/v1/orders/{order_id}/cancel"),
    ("POST", "/api/v1/orders/{order_id}/nudge"),
    ("POST", "/api/v1/orders/{order_id}/retry"),
    ("POST", "/api/v1/reviews"),
}


async def test_the_document_is_truthful(app, client):
    doc = (await client.get("/openapi.json")).json()

    assert_document_is_truthful(app, doc, idempotent=IDEMPOTENT, with_422=WITH_422)
    ops = operations(doc)
    internal = {k for k in ops if k[1].startswith("/internal/")}
    assert internal == {("POST", "/internal/v1/line-items:exists"), ("GET", "/internal/v1/orders/{order_id}")}
    public = {k for k in ops if k[1].startswith("/api/")}
    assert public == authenticated_operations(app)
    assert set(documented_codes(doc, "POST", "/api/v1/checkout")) == {400, 401, 403, 404, 409, 413, 422, 503}
    assert documented_codes(doc, "POST", "/api/v1/checkout")[422] == {"STATE_CONFLICT"}


async def test_what_the_document_says_is_what_orders_answers(client, as_store, as_service):
    doc = (await client.get("/openapi.json")).json()
    buyer = await as_store("buyer", "owner")
    vendor = await as_store("vendor", "owner")
    missing = str(uuid.uuid4())
    checkout = {
        "cart_id": missing,
        "payment_method": "cash",
        "shipping_address": {
            "line1": "1 Main",
            "city": "Tulsa",
            "state": "OK",
            "postal_code": "74101",
            "lat": 36.1,
            "lng": -95.9,
        },
    }
    cases = [
        ("POST", "/api/v1/checkout", "/api/v1/checkout", buyer.headers, checkout, 400, "VALIDATION_ERROR"),
        (
            "POST",
            "/api/v1/checkout",
            "/api/v1/checkout",
            buyer.with_idempotency(),
            checkout,
            404,
            "NOT_FOUND",
        ),
        ("POST", "/api/v1/checkout", "/api/v1/checkout", {}, checkout, 401, "UNAUTHORIZED"),
        ("GET", "/api/v1/cart", "/api/v1/cart", buyer.headers, None, 404, "NOT_FOUND"),
        (
            "POST",
            f"/api/v1/vendor/orders/{missing}/decision",
            "/api/v1/vendor/orders/{order_id}/decision",
            vendor.with_idempotency(),
            {"decision": "accept"},
            404,
            "NOT_FOUND",
        ),
        (
            "POST",
            f"/api/v1/vendor/orders/{missing}/decision",
            "/api/v1/vendor/orders/{order_id}/decision",
            buyer.with_idempotency(),
            {"decision": "accept"},
            403,
            "FORBIDDEN",
        ),
        (
            "POST",
            f"/api/v1/orders/{missing}/cancel",
            "/api/v1/orders/{order_id}/cancel",
            buyer.with_idempotency(),
            None,
            404,
            "NOT_FOUND",
        ),
        (
            "GET",
            f"/internal/v1/orders/{missing}",
            "/internal/v1/orders/{order_id}",
            as_service("logistics"),
            None,
            404,
            "NOT_FOUND",
        ),
        (
            "GET",
            f"/internal/v1/orders/{missing}",
            "/internal/v1/orders/{order_id}",
            as_service("catalog"),
            None,
            403,
            "FORBIDDEN",
        ),
    ]
    await assert_answers_are_documented(client, doc, cases)
