"""finance's OpenAPI tells the truth: a required Idempotency-Key on settle, confirm-payout and
resolve-payment, the error envelope on every error response, 422 exactly where a payment's state
decides, the bearer scheme on admin routes and the service-token scheme on settle, and the
documented codes are the answered ones."""

from __future__ import annotations

import uuid

from pf_common.openapi import documented_codes
from pf_common.testing.openapi_checks import (
    assert_answers_are_documented,
    assert_document_is_truthful,
    authenticated_operations,
    operations,
)

SETTLE = "/internal/v1/payment-intents/{order_id}:settle"
IDEMPOTENT = {
    ("POST", SETTLE),
    ("POST", "/api/admin/v1/orders/{order_id}/confirm-payout"),
    ("POST", "/api/admin/v1/orders/{order_id}/resolve-payment"),
    ("POST", "/api/v1/vendor/payment-methods/cc"),
    ("POST", "/api/v1/vendor/subscriptions"),
    ("POST", "/api/v1/vendor/subscriptions/cancel"),
    ("POST", "/api/v1/vendor/subscriptions/pause"),
    ("POST", "/api/v1/vendor/subscriptions/resume"),
}
WITH_422 = {
    ("POST", SETTLE),
    ("PATCH", "/api/admin/v1/billing/plans/{plan_id}"),  # is_default on a stored non-active plan
    ("GET", "/api/admin/v1/orders/payouts/{order_id}"),
    ("POST", "/api/admin/v1/orders/{order_id}/confirm-payout"),
    ("POST", "/api/admin/v1/orders/{order_id}/resolve-payment"),
    ("POST", "/api/v1/vendor/subscriptions/cancel"),
    ("POST", "/api/v1/vendor/subscriptions/pause"),
    ("POST", "/api/v1/vendor/subscriptions/resume"),
    ("POST", "/api/v1/vendor/payment-methods/cc"),  # the provider refuses to attach the card
}


async def test_the_document_is_truthful(app, client):
    doc = (await client.get("/openapi.json")).json()

    assert_document_is_truthful(app, doc, idempotent=IDEMPOTENT, with_422=WITH_422)
    ops = operations(doc)
    assert {k for k in ops if k[1].startswith("/internal/")} == {("POST", SETTLE)}
    # every public route takes a user's token, but Stripe's webhook: its signature is its credential
    webhook = ("POST", "/api/v1/webhooks/stripe")
    assert {k for k in ops if k[1].startswith("/api/")} - {webhook} == authenticated_operations(app)
    assert webhook in ops and "Stripe-Signature" in {p["name"] for p in ops[webhook].get("parameters", [])}
    assert documented_codes(doc, "POST", SETTLE)[422] == {"STATE_CONFLICT"}
    assert 409 in documented_codes(doc, "POST", SETTLE)  # finance behind orders: retry


async def test_what_the_document_says_is_what_finance_answers(client, as_store, as_admin, as_service):
    doc = (await client.get("/openapi.json")).json()
    admin = await as_admin()
    vendor = await as_store("vendor", "owner")
    missing = str(uuid.uuid4())
    settle = {"amount_cents": 100, "agent_user_id": missing, "collected_at": "2026-12-01T10:00:00Z"}
    url = f"/internal/v1/payment-intents/{missing}:settle"
    logistics = {**as_service("logistics"), "Idempotency-Key": str(uuid.uuid4())}
    cases = [
        ("POST", url, SETTLE, logistics, settle, 404, "NOT_FOUND"),
        ("POST", url, SETTLE, {**as_service("orders"), "Idempotency-Key": "k-1"}, settle, 403, "FORBIDDEN"),
        ("POST", url, SETTLE, {}, settle, 401, "UNAUTHORIZED"),
        (
            "POST",
            url,
            SETTLE,
            {**as_service("logistics"), "Idempotency-Key": str(uuid.uuid4())},
            {**settle, "amount_cents": -1},
            400,
            "VALIDATION_ERROR",
        ),
        (
            "GET",
            "/api/admin/v1/orders/payouts",
            "/api/admin/v1/orders/payouts",
            vendor.headers,
            None,
            403,
            "FORBIDDEN",
        ),
        (
            "POST",
            f"/api/admin/v1/orders/{missing}/confirm-payout",
            "/api/admin/v1/orders/{order_id}/confirm-payout",
            admin.with_idempotency(),
            None,
            404,
            "NOT_FOUND",
        ),
        (
            "POST",
            f"/api/admin/v1/orders/{missing}/confirm-payout",
            "/api/admin/v1/orders/{order_id}/confirm-payout",
            admin.headers,
            None,
            400,
            "VALIDATION_ERROR",
        ),
    ]
    await assert_answers_are_documented(client, doc, cases)
