"""logistics' OpenAPI tells the truth: a required Idempotency-Key on claim, pickup, deliver,
cash-collected and assign-agent, the error envelope on every error response, 422 exactly where the
order's state decides, the bearer scheme on every route, and the documented codes are the answered
ones. Every route refuses bad tokens."""

from __future__ import annotations

import uuid

from pf_common.openapi import documented_codes
from pf_common.testing.auth_matrix import assert_routes_refuse_bad_tokens
from pf_common.testing.openapi_checks import (
    assert_answers_are_documented,
    assert_document_is_truthful,
    authenticated_operations,
    operations,
)

AGENT = "/api/v1/agent/orders/{order_id}"
CLAIM, PICKUP, DELIVER, CASH = (
    f"{AGENT}/{step}" for step in ("claim", "pickup", "deliver", "cash-collected")
)
ASSIGN = "/api/admin/v1/orders/{order_id}/assign-agent"
WRITES = {("POST", CLAIM), ("POST", PICKUP), ("POST", DELIVER), ("POST", CASH), ("POST", ASSIGN)}


async def test_the_document_is_truthful(app, client):
    doc = (await client.get("/openapi.json")).json()

    assert_document_is_truthful(app, doc, idempotent=WRITES, with_422=WRITES)
    ops = operations(doc)
    assert (
        {k for k in ops if k[1].startswith("/api/")}
        == authenticated_operations(app)
        == {
            ("GET", "/api/v1/agent/orders"),
            ("GET", "/api/v1/agent/orders/queue"),
            ("GET", AGENT),
            *WRITES,
        }
    )
    assert {k for k in ops if k[1].startswith("/internal/")} == set()
    cash = documented_codes(doc, "POST", CASH)
    assert (cash[409] >= {"CONFLICT"}, cash[422], cash[503]) == (
        True,
        {"STATE_CONFLICT"},
        {"DEPENDENCY_ERROR"},
    )
    assert documented_codes(doc, "GET", AGENT)[503] == {"DEPENDENCY_ERROR"}
    assert "Retry-After" in ops[("POST", CASH)]["responses"]["409"]["headers"]


async def test_what_the_document_says_is_what_logistics_answers(client, as_store, as_admin, as_agent):
    doc = (await client.get("/openapi.json")).json()
    admin, agent = await as_admin(), await as_agent()
    store = await as_store("vendor", "owner")
    missing = str(uuid.uuid4())
    cases = [
        ("GET", "/api/v1/agent/orders", "/api/v1/agent/orders", store.headers, None, 403, "FORBIDDEN"),
        (
            "GET",
            "/api/v1/agent/orders?limit=101",
            "/api/v1/agent/orders",
            agent.headers,
            None,
            400,
            "VALIDATION_ERROR",
        ),
        ("GET", "/api/v1/agent/orders/queue", "/api/v1/agent/orders/queue", {}, None, 401, "UNAUTHORIZED"),
        ("GET", f"/api/v1/agent/orders/{missing}", AGENT, agent.headers, None, 404, "NOT_FOUND"),
        ("GET", "/api/v1/agent/orders/not-a-uuid", AGENT, agent.headers, None, 400, "VALIDATION_ERROR"),
        (
            "POST",
            f"/api/v1/agent/orders/{missing}/claim",
            CLAIM,
            agent.with_idempotency(),
            None,
            404,
            "NOT_FOUND",
        ),
        (
            "POST",
            f"/api/v1/agent/orders/{missing}/pickup",
            PICKUP,
            agent.headers,
            None,
            400,
            "VALIDATION_ERROR",
        ),
        (
            "POST",
            f"/api/v1/agent/orders/{missing}/deliver",
            DELIVER,
            admin.with_idempotency(),
            None,
            403,
            "FORBIDDEN",
        ),
        (
            "POST",
            f"/api/v1/agent/orders/{missing}/cash-collected",
            CASH,
            agent.with_idempotency(),
            {"amount_cents": -1},
            400,
            "VALIDATION_ERROR",
        ),
        (
            "POST",
            f"/api/v1/agent/orders/{missing}/cash-collected",
            CASH,
            agent.with_idempotency(),
            {"amount_cents": 4200},
            404,
            "NOT_FOUND",
        ),
        (
            "POST",
            f"/api/admin/v1/orders/{missing}/assign-agent",
            ASSIGN,
            admin.with_idempotency(),
            {"agent_user_id": missing},
            404,
            "NOT_FOUND",
        ),
        (
            "POST",
            f"/api/admin/v1/orders/{missing}/assign-agent",
            ASSIGN,
            agent.with_idempotency(),
            {"agent_user_id": missing},
            403,
            "FORBIDDEN",
        ),
    ]
    await assert_answers_are_documented(client, doc, cases)


async def test_every_route_refuses_bad_tokens(app, client, settings, redis):
    await assert_routes_refuse_bad_tokens(app, client, settings, redis, public=set(), min_routes=8)
