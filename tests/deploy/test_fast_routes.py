"""Every guarded route of every service solves its plain dependencies in one step (issue #14).

``pf_common.routing``: FastAPI's per-dependency bookkeeping cost ~50 us of CPU per dependency
per request; a ``FastRoute`` hands it one dependency for each run of plain ones. A route whose
guard FastAPI still solves alone has lost that (a FastAPI upgrade that changes how a route's
handler is built, or a guard that stopped being plain): this test names it.
"""

from __future__ import annotations

from typing import Any

from pf_common.guards import allowed_services_of, authenticates
from pf_common.routes import api_routes, depends_on
from pf_common.routing import is_compiled


def test_every_guarded_route_of_every_service_is_compiled(service_apps: dict[str, Any]) -> None:
    guarded = {
        svc: [
            r
            for r in api_routes(app.routes)
            if depends_on(r.dependant, authenticates) or allowed_services_of(r.dependant) is not None
        ]
        for svc, app in service_apps.items()
    }
    slow = {
        svc: [f"{sorted(r.methods)} {r.path}" for r in routes if not is_compiled(r)]
        for svc, routes in guarded.items()
    }

    assert slow == {svc: [] for svc in service_apps}
    assert sum(len(routes) for routes in guarded.values()) > 90  # the check saw the services' routes
