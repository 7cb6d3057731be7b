"""``/health/live`` (no dependencies) and ``/health/ready`` (database and Redis)."""

from __future__ import annotations

import asyncio

from fastapi import Request
from fastapi.responses import JSONResponse

from pf_common.errors import DependencyError
from pf_common.openapi import errors
from pf_common.routing import APIRouter

router = APIRouter(tags=["health"])


@router.get("/health/live")
async def live(request: Request) -> JSONResponse:
    settings = request.app.state.settings
    return JSONResponse(
        {"data": {"status": "ok", "service": settings.service_name}},
        headers={"X-PF-Environment": settings.environment},
    )


async def _check_redis(request: Request) -> None:
    try:
        await asyncio.wait_for(request.app.state.runtime.redis.ping(), timeout=2)
    except Exception as exc:
        raise DependencyError("redis unavailable", details={"dependency": "redis"}) from exc


async def _check_db(request: Request) -> None:
    try:
        await asyncio.wait_for(request.app.state.runtime.db.ping(), timeout=3)
    except DependencyError:
        raise
    except Exception as exc:
        raise DependencyError("database unavailable", details={"dependency": "postgres"}) from exc


@router.get(
    "/health/ready",
    responses=errors(503, notes={503: "Postgres or Redis is unavailable (`details.dependencies`)"}),
)
async def ready(request: Request) -> JSONResponse:
    failures: list[str] = []
    for name, check in (("postgres", _check_db), ("redis", _check_redis)):
        try:
            await check(request)
        except DependencyError:
            failures.append(name)
    if failures:
        raise DependencyError(
            "dependencies unavailable: " + ", ".join(failures), details={"dependencies": failures}
        )
    settings = request.app.state.settings
    return JSONResponse(
        {"data": {"status": "ready", "service": settings.service_name, "checks": ["postgres", "redis"]}}
    )
