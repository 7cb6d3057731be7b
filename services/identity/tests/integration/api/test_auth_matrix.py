"""Every authenticated identity route refuses every kind of bad token with 401 UNAUTHORIZED.

The routes are read from the app itself, so a new route is covered the day it is added.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from pf_common.testing.auth_matrix import (
    api_routes,
    assert_internal_routes_refuse_bad_tokens,
    assert_routes_refuse_bad_tokens,
)

PUBLIC = {
    "/api/v1/auth/register",
    "/api/v1/auth/login",
    "/api/admin/v1/auth/login",
    "/api/admin/v1/auth/register",
    "/api/v1/auth/.well-known/jwks.json",
    "/api/public/ping",
    "/api/public/validate",
    "/api/v1/address/suggest",
    "/api/v1/address/resolve",
}


async def test_every_authenticated_route_refuses_bad_tokens(app, client, settings, redis):
    # refresh accepts an expired token by design: a well-formed body makes it reach rotation
    def body_for(path: str) -> dict[str, Any]:
        return {"refresh_token": "x" * 43} if path == "/api/v1/auth/refresh" else {}

    await assert_routes_refuse_bad_tokens(
        app, client, settings, redis, public=PUBLIC, min_routes=12, body_for=body_for
    )


@pytest.mark.parametrize("path", ["/internal/v1/stores/{store_id}", "/internal/v1/agents"])
def test_internal_routes_exist_but_are_never_in_the_public_prefixes(app, path):
    paths = {r.path for r in api_routes(app.routes)}
    assert path in paths
    assert not path.startswith("/api/")


async def test_every_internal_route_takes_only_the_service_tokens_it_names(app, client, settings, redis):
    allowed = await assert_internal_routes_refuse_bad_tokens(app, client, settings, redis, min_routes=2)

    templated = {re.sub(r"[0-9a-f-]{36}", "{id}", path): who for path, who in allowed.items()}
    assert templated == {
        "/internal/v1/stores/{id}": {"catalog", "orders", "logistics", "finance", "ads", "analytics"},
        "/internal/v1/agents": {"logistics"},
    }
