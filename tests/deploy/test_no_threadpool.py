"""No route of any service hops to FastAPI's threadpool (issue #14, the fast path).

FastAPI runs a plain ``def`` handler or dependency in a worker thread: a thread hop per call
(~50-100 us of CPU with the GIL hand-offs on a busy 2-core machine; ``make bench`` M1 profile:
two hops per presign, from ``Ctx`` and a ``def`` session dependency). Nothing of ours blocks, so
everything is ``async def``; something that must block would run in a thread explicitly.
"""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path
from types import ModuleType

import pytest
from fastapi import APIRouter, Depends

from pf_common.routes import threadpool_calls

GENERATOR = Path(__file__).resolve().parents[2] / "deploy" / "gateway" / "openapi.py"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gateway_openapi_threads", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GEN = _generator()


@pytest.mark.parametrize("svc", GEN.SERVICES)
def test_no_handler_or_dependency_runs_in_the_threadpool(svc: str) -> None:
    with GEN._clean_environment():
        app = importlib.import_module(f"pf_{svc}.app").create_app()
    assert threadpool_calls(app.routes) == []


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
