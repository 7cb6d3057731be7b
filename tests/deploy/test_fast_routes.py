"""Every route of every service that pf_common.routing would compile is compiled (issue #14).

``pf_common.routing``: FastAPI's per-dependency bookkeeping costs 15-50 us of CPU per dependency
per request; a ``FastRoute`` hands it one dependency for each run of plain ones. A route built
without it (a FastAPI upgrade that changes how an included route's handler is built) has lost
that: this test names it, and checks that the hot routes are among the compiled ones.
"""

from __future__ import annotations

from typing import Any

from pf_common.routes import api_routes
from pf_common.routing import compile_dependant, is_compiled

HOT = {
    "identity": ["GET /api/v1/stores/me"],
    "media": ["POST /api/v1/media/presign"],
    "orders": ["POST /api/v1/checkout"],
}


def test_every_route_with_plain_dependencies_to_compile_is_compiled(service_apps: dict[str, Any]) -> None:
    compilable = {
        svc: [r for r in api_routes(app.routes) if compile_dependant(r.dependant) is not None]
        for svc, app in service_apps.items()
    }
    slow = {
        svc: [f"{sorted(r.methods)} {r.path}" for r in routes if not is_compiled(r)]
        for svc, routes in compilable.items()
    }
    names = {svc: {f"{m} {r.path}" for r in routes for m in r.methods} for svc, routes in compilable.items()}

    assert slow == {svc: [] for svc in service_apps}
    assert {svc: [h for h in hot if h not in names[svc]] for svc, hot in HOT.items()} == {
        svc: [] for svc in HOT
    }
    assert sum(len(routes) for routes in compilable.values()) > 40  # the check saw the services' routes
