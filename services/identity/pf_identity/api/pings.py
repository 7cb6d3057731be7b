"""Diagnostics (API.md §3.1 pings row): one ping per audience, and a validation echo.

The public pair (``/api/public/ping``, ``/api/public/validate``) is non-production only
(GAPS A, "keep behind non-prod flag"): 403 in prod, like the admin registration.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from pf_common.auth import READ, AdminPrincipal, AgentPrincipal, Principal, require_store
from pf_common.errors import Forbidden
from pf_identity.api.schemas import Email, Name, Strict
from pf_identity.context import identity_of

router = APIRouter(tags=["diagnostics"])

StoreMember = Annotated[Principal, Depends(require_store(roles=READ))]


class Pong(BaseModel):
    scope: Literal["public", "store", "admin", "agent"]
    status: Literal["ok"] = "ok"


class ValidateIn(Strict):
    name: Name
    email: Email
    limit: Annotated[int, Field(ge=1, le=100)] | None = None


def _not_in_production(request: Request) -> None:
    if identity_of(request).settings.environment == "prod":
        raise Forbidden("diagnostics are disabled in production", reason="diagnostics_prod")


@router.get("/api/public/ping", dependencies=[Depends(_not_in_production)])
async def public_ping() -> dict[str, Pong]:
    return {"data": Pong(scope="public")}


@router.post("/api/public/validate", dependencies=[Depends(_not_in_production)])
async def public_validate(body: ValidateIn) -> dict[str, ValidateIn]:
    """Echo the body after validation (trimmed, e-mail normalised); errors are the 400 envelope."""
    return {"data": body}


@router.get("/api/ping")
async def store_ping(_principal: StoreMember) -> dict[str, Pong]:
    return {"data": Pong(scope="store")}


@router.get("/api/admin/ping")
async def admin_ping(_principal: AdminPrincipal) -> dict[str, Pong]:
    return {"data": Pong(scope="admin")}


@router.get("/api/v1/agent/ping")
async def agent_ping(_principal: AgentPrincipal) -> dict[str, Pong]:
    return {"data": Pong(scope="agent")}
