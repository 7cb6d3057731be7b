"""Store member routes (API.md §3.1): list, invite (Idempotency-Key, 24 h), remove."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated
from uuid import UUID

from fastapi import Depends, Response
from pydantic import BaseModel

from pf_common.db_http import ReadSession, WriteSession
from pf_common.guards import require_store
from pf_common.idempotency import Idempotent
from pf_common.openapi import errors
from pf_common.principal import MANAGE, Principal
from pf_common.routing import APIRouter
from pf_identity.api.deps import Ctx, Sessions
from pf_identity.api.schemas import Email, MemberRole, MembershipUserDTO, Name, Strict
from pf_identity.domain import members

router = APIRouter(tags=["members"])

# One guard object: listed first in ``dependencies`` it runs (403) before the idempotency
# claim, and FastAPI reuses its result for the ``principal`` parameter.
_manager_guard = require_store(roles=MANAGE)
Manager = Annotated[Principal, Depends(_manager_guard)]


class InviteIn(Strict):
    email: Email
    first_name: Name
    last_name: Name
    role: MemberRole


class InviteOut(BaseModel):
    user: MembershipUserDTO
    temporary_password: str | None = None  # new users only, shown once


def member_dto(member: members.Member) -> MembershipUserDTO:
    m, u = member.membership, member.user
    return MembershipUserDTO(
        membership_id=m.id,
        store_id=m.store_id,
        user_id=u.id,
        email=u.email,
        first_name=u.first_name,
        last_name=u.last_name,
        role=m.role,
        membership_status=m.status,
        created_at=m.created_at,
        last_login_at=u.last_login_at,
    )


@router.get("/api/v1/stores/me/users")
async def list_members(session: ReadSession, principal: Manager) -> dict[str, list[MembershipUserDTO]]:
    return {"data": [member_dto(m) for m in await members.list_members(session, principal)]}


@router.post(
    "/api/v1/stores/me/users/invite",
    status_code=201,
    dependencies=[Depends(_manager_guard), Idempotent(hours=24)],
    responses=errors(
        403,
        409,
        notes={403: "only an owner may invite an owner", 409: "already a member of the store"},
    ),
)
async def invite_member(
    body: InviteIn, ctx: Ctx, session: WriteSession, principal: Manager
) -> dict[str, InviteOut]:
    invitation = await members.invite_member(
        session,
        principal,
        email=body.email,
        first_name=body.first_name,
        last_name=body.last_name,
        role=body.role,
        passwords=ctx.passwords,
        now=datetime.now(UTC),
    )
    out = InviteOut(user=member_dto(invitation.member), temporary_password=invitation.temporary_password)
    return {"data": out}


@router.delete(
    "/api/v1/stores/me/users/{user_id}",
    status_code=204,
    response_class=Response,
    responses=errors(
        403,
        404,
        409,
        notes={
            403: "only an owner may remove an owner",
            404: "no membership of this user in the store",
            409: "the last owner cannot be removed",
        },
    ),
)
async def remove_member(
    user_id: UUID, sessions: Sessions, session: WriteSession, principal: Manager
) -> Response:
    await members.remove_member(session, principal, user_id)
    # A removed member must not keep acting for the store with the tokens it holds: end
    # their sessions (all of them: a session's store can change by switch-store, and the
    # user simply signs in again for their other stores). Before the commit: if it fails,
    # the worst case is a needless sign-in.
    await sessions.revoke_user(user_id)
    return Response(status_code=204)
