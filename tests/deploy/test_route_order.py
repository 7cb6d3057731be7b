"""No route of any service is shadowed by one before it (services order routes hottest first).

FastAPI tries routes in order (~20 us of CPU per route passed on the bench machine), so a
service lists its hottest routers first (identity: the store profile before auth). An order must
not let an earlier pattern answer for a later route.
"""

from __future__ import annotations

from typing import Any

from pf_common.routes import shadowed_routes
from pf_common.routing import APIRouter


def test_no_route_of_any_service_is_shadowed_by_an_earlier_one(service_apps: dict[str, Any]) -> None:
    found = {svc: shadowed_routes(app.routes) for svc, app in service_apps.items()}
    assert found == {svc: [] for svc in service_apps}


def test_the_check_finds_a_pattern_that_answers_for_a_later_route() -> None:
    router = APIRouter()

    @router.get("/stores/{store_id}")
    async def one(store_id: str) -> str:
        return store_id

    @router.get("/stores/search")
    async def search() -> str:
        return "never reached"

    @router.post("/stores/search")
    async def other_method() -> str:  # another method: not shadowed
        return "reached"

    assert shadowed_routes(router.routes) == ["GET /stores/{store_id} shadows /stores/search"]
    router.routes.reverse()
    assert shadowed_routes(router.routes) == []
