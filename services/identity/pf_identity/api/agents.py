"""Admin route that creates delivery agents (API.md §3.1 ``POST /api/admin/v1/agents``)."""

from __future__ import annotations

from datetime import UTC, datetime

from pf_common.db_http import WriteSession
from pf_common.guards import AdminPrincipal
from pf_common.openapi import errors
from pf_common.routing import APIRouter
from pf_identity.api.deps import Ctx
from pf_identity.api.schemas import Email, Name, NewPassword, Phone, Strict, UserDTO
from pf_identity.api.views import user_dto
from pf_identity.domain import agents

router = APIRouter(tags=["agents"])


class AgentIn(Strict):
    first_name: Name
    last_name: Name
    email: Email
    password: NewPassword
    phone: Phone | None = None


@router.post(
    "/api/admin/v1/agents",
    status_code=201,
    responses=errors(
        400,
        403,
        409,
        notes={
            400: "the password does not meet the policy (`details.password`)",
            403: "the caller's user is no longer an active admin",
            409: "the email is already registered",
        },
    ),
)
async def create_agent(
    body: AgentIn, ctx: Ctx, session: WriteSession, principal: AdminPrincipal
) -> dict[str, UserDTO]:
    user = await agents.create_agent(
        session,
        principal,
        first_name=body.first_name,
        last_name=body.last_name,
        email=body.email,
        password=body.password,
        phone=body.phone,
        passwords=ctx.passwords,
        now=datetime.now(UTC),
    )
    return {"data": user_dto(user)}
