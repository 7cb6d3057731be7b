"""No route of any service hops to FastAPI's threadpool (issue #14, the fast path).

FastAPI runs a plain ``def`` handler or dependency in a worker thread: a thread hop per call
(~0.5 ms of CPU per request with the GIL hand-offs on a busy 2-core machine; ``make bench`` M1:
3.0 -> 1.2 ms of server CPU per presign once ``Ctx`` and the session dependency were async).
Nothing of ours blocks, so everything is ``async def``; something that must block would run in
a thread explicitly.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from fastapi import APIRouter, Depends

from pf_common.routes import threadpool_calls


def test_no_handler_or_dependency_of_any_service_runs_in_the_threadpool(
    gateway_generator: ModuleType, services: tuple[str, ...]
) -> None:
    found: dict[str, list[str]] = {}
    with gateway_generator._clean_environment():
        for svc in services:
            app = importlib.import_module(f"pf_{svc}.app").create_app()
            found[svc] = threadpool_calls(app.routes)
    assert found == {svc: [] for svc in services}


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
