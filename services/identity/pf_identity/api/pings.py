"""Diagnostics (API.md §3.1 pings row): one ping per audience, and a validation echo.

The public pair (``/api/public/ping``, ``/api/public/validate``) is non-production only
(GAPS A, "keep behind non-prod flag"): 403 in prod, like the admin registration.

The role pings of the Go system, for its clients and monitors, answer ``{scope, status}``:

============================  =====================================  ========
path                          who (else 401 no/bad token, 403 role)  scope
============================  =====================================  ========
``GET /api/v1/ping``          any valid access token, store or not   user
``GET /api/ping``             a member of an active store (READ)     store
``GET /api/v1/agent/ping``    system agents                          agent
``GET /api/admin/ping``       system admins                          admin
``GET /api/admin/v1/ping``    system admins                          admin
============================  =====================================  ========

``/api/v1/ping`` is the one ``/api/v1`` route outside auth and the agent group that needs
no active store (DOMAIN §4.1): it checks only that the token and its session are valid.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Depends
from pydantic import BaseModel, Field

from pf_common.errors import Forbidden
from pf_common.guards import AdminPrincipal, AgentPrincipal, CurrentPrincipal, require_store
from pf_common.openapi import errors
from pf_common.principal import READ, Principal
from pf_common.routing import APIRouter
from pf_identity.api.deps import Ctx
from pf_identity.api.schemas import Email, Name, Strict

router = APIRouter(tags=["diagnostics"])

StoreMember = Annotated[Principal, Depends(require_store(roles=READ))]


class Pong(BaseModel):
    scope: Literal["public", "user", "store", "admin", "agent"]
    status: Literal["ok"] = "ok"


class ValidateIn(Strict):
    name: Name
    email: Email
    limit: Annotated[int, Field(ge=1, le=100)] | None = None


async def _not_in_production(ctx: Ctx) -> None:
    if ctx.settings.environment == "prod":
        raise Forbidden("diagnostics are disabled in production", reason="diagnostics_prod")


@router.get(
    "/api/public/ping",
    dependencies=[Depends(_not_in_production)],
    responses=errors(403, notes={403: "diagnostics are disabled in production"}),
)
async def public_ping() -> dict[str, Pong]:
    return {"data": Pong(scope="public")}


@router.post(
    "/api/public/validate",
    dependencies=[Depends(_not_in_production)],
    responses=errors(403, notes={403: "diagnostics are disabled in production"}),
)
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


@router.get("/api/v1/ping")
async def user_ping(_principal: CurrentPrincipal) -> dict[str, Pong]:
    """Any valid access token (a user without a store, a store member, an agent, an admin)."""
    return {"data": Pong(scope="user")}


@router.get("/api/admin/v1/ping")
async def admin_v1_ping(_principal: AdminPrincipal) -> dict[str, Pong]:
    """System admins (403 for everyone else), the versioned twin of ``/api/admin/ping``."""
    return {"data": Pong(scope="admin")}
