"""Every authenticated catalog route refuses every kind of bad token with 401 UNAUTHORIZED.

The routes are read from the app itself, so a new route is covered the day it is added; the
product, inventory and wishlist routes of #7 must be among them.
"""

from __future__ import annotations

import re

from pf_common.testing.auth_matrix import (
    api_routes,
    assert_internal_routes_refuse_bad_tokens,
    assert_routes_refuse_bad_tokens,
    authenticated_routes,
)

OWN_ROUTES = {
    ("POST", "/api/v1/vendor/products"),
    ("PATCH", "/api/v1/vendor/products/{product_id}"),
    ("DELETE", "/api/v1/vendor/products/{product_id}"),
    ("GET", "/api/v1/products/{product_id}"),
    ("GET", "/api/v1/inventory"),
    ("PUT", "/api/v1/inventory/{product_id}"),
    ("GET", "/api/v1/wishlist"),
    ("GET", "/api/v1/wishlist/ids"),
    ("POST", "/api/v1/wishlist/items"),
    ("DELETE", "/api/v1/wishlist/items/{product_id}"),
}


async def test_every_authenticated_route_refuses_bad_tokens(app, client, settings, redis):
    await assert_routes_refuse_bad_tokens(
        app, client, settings, redis, public=set(), min_routes=len(OWN_ROUTES)
    )


def test_the_product_routes_are_among_them(app):
    # authenticated_routes() (what the matrix walks) asserts every non-public route authenticates
    authenticated_routes(app, public=set())
    declared = {(method, route.path) for route in api_routes(app.routes) for method in route.methods}
    assert declared >= OWN_ROUTES


async def test_every_internal_route_takes_only_the_service_tokens_it_names(app, client, settings, redis):
    allowed = await assert_internal_routes_refuse_bad_tokens(app, client, settings, redis, min_routes=5)

    templated = {re.sub(r"[0-9a-f-]{36}", "{id}", path): who for path, who in allowed.items()}
    assert templated == {
        "/internal/v1/products:batch-get": {"orders"},
        "/internal/v1/products/{id}": {"ads"},
        "/internal/v1/inventory/reservations": {"orders"},
        "/internal/v1/inventory/reservations:confirm": {"orders"},
        "/internal/v1/inventory/reservations:release": {"orders"},
    }
