"""Who may call the billing routes (API.md §3.6): every vendor route and every admin billing route,
enumerated from the app so a new one is covered too — no token ⇒ 401, a buyer store (vendor
routes) or a store user (admin routes) ⇒ 403, a vendor's staff member ⇒ 403 (MANAGE only, G-16);
each in the error envelope and before anything is read or written."""

from __future__ import annotations

import re
import uuid

import pytest
from fastapi.routing import APIRoute

from pf_finance.api import ROUTERS

PREFIXES = (
    "/api/v1/vendor/billing",
    "/api/v1/vendor/subscriptions",
    "/api/v1/vendor/payment-methods",
    "/api/admin/v1/billing",
)
ROUTES = sorted(
    (method, route.path)
    for router in ROUTERS
    for route in router.routes
    if isinstance(route, APIRoute) and route.path.startswith(PREFIXES)
    for method in route.methods
)


def _url(path: str) -> str:
    return re.sub(r"\{plan_id\}", "standard", re.sub(r"\{[a-z_]+_id\}", str(uuid.uuid4()), path))


def _headers(auth: dict[str, str]) -> dict[str, str]:
    return {**auth, "Idempotency-Key": str(uuid.uuid4())}


def test_every_billing_route_is_enumerated():
    assert len(ROUTES) >= 18
    assert ("POST", "/api/v1/vendor/subscriptions") in ROUTES and (
        "DELETE",
        "/api/admin/v1/billing/plans/{plan_id}",
    ) in ROUTES


@pytest.mark.parametrize(("method", "path"), ROUTES)
async def test_no_token_is_401(client, method, path):
    r = await client.request(method, _url(path), headers=_headers({}), json={})
    assert (r.status_code, r.json()["error"]["code"]) == (401, "UNAUTHORIZED"), r.text


@pytest.mark.parametrize(("method", "path"), ROUTES)
async def test_the_wrong_kind_of_caller_is_403(client, as_store, method, path):
    callers = (
        [await as_store("vendor", "owner"), await as_store("buyer", "owner")]
        if path.startswith("/api/admin/")
        else [await as_store("buyer", "owner"), await as_store("vendor", "staff")]
    )
    for caller in callers:
        r = await client.request(method, _url(path), headers=_headers(caller.headers), json={})
        assert (r.status_code, r.json()["error"]["code"]) == (403, "FORBIDDEN"), (caller, r.text)
