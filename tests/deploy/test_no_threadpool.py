"""No route of any service hops to FastAPI's threadpool (issue #14, the fast path).

FastAPI runs a plain ``def`` handler or dependency in a worker thread: a thread hop per call
(~0.5 ms of CPU per request with the GIL hand-offs on a busy 2-core machine; ``make bench`` M1:
3.0 -> 1.2 ms of server CPU per presign once ``Ctx`` and the session dependency were async).
Nothing of ours blocks, so everything is ``async def``; something that must block would run in
a thread explicitly.
"""

from __future__ import annotations

from typing import Any

from fastapi import Depends

from pf_common.routes import threadpool_calls
from pf_common.routing import APIRouter


def test_no_handler_or_dependency_of_any_service_runs_in_the_threadpool(service_apps: dict[str, Any]) -> None:
    found = {svc: threadpool_calls(app.routes) for svc, app in service_apps.items()}
    assert found == {svc: [] for svc in service_apps}


def test_the_check_finds_a_sync_handler_and_a_sync_dependency() -> None:
    def blocking_dependency() -> int:
        return 1

    router = APIRouter()

    @router.get("/sync")
    def sync_handler(value: int = Depends(blocking_dependency)) -> int:
        return value

    @router.get("/async")
    async def async_handler(value: int = Depends(blocking_dependency)) -> int:
        return value

    found = threadpool_calls(router.routes)
    assert any(f.startswith("GET /sync: ") and "sync_handler" in f for f in found)
    assert sum("blocking_dependency" in f for f in found) == 2
