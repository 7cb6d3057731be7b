"""``POST /api/admin/v1/orders/{order_id}/assign-agent`` (API.md §3.5; DOMAIN §5.5 admin
override, G-8): an admin makes an active agent the order's agent. The use case is
``domain/agent_orders.py`` (``assign_agent``).

Body ``{agent_user_id}`` → 200 AssignmentView (the new assignment, ``assigned_by_user_id`` = the
admin). 404 unknown order, or an agent ``agent_projection`` does not know as active; 422 the
order is not ready for dispatch (picked up, delivered, canceled). The current assignment is
deactivated in the same transaction, ``order_assigned`` names the previous agent, and an audit row
records the override. ``Idempotency-Key`` required (24 h).
"""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from pf_common.db_http import WriteSession
from pf_common.guards import AdminPrincipal
from pf_common.idempotency import Idempotent
from pf_common.openapi import errors
from pf_common.routing import APIRouter
from pf_common.schemas import Strict
from pf_logistics.api import views
from pf_logistics.api.agent_orders import IDEMPOTENCY_HOURS
from pf_logistics.domain import agent_orders

router = APIRouter(tags=["admin"])


class AssignAgentIn(Strict):
    agent_user_id: UUID


@router.post(
    "/api/admin/v1/orders/{order_id}/assign-agent",
    dependencies=[Idempotent(hours=IDEMPOTENCY_HOURS)],
    responses=errors(
        404,
        409,
        422,
        notes={
            404: "unknown order, or no active agent with this id",
            409: "another assignment landed meanwhile: retry",
            422: "the order is not ready for dispatch (`details.status`)",
        },
    ),
)
async def assign_agent(
    order_id: UUID, body: AssignAgentIn, session: WriteSession, principal: AdminPrincipal
) -> dict[str, views.AssignmentView]:
    assignment = await agent_orders.assign_agent(
        session, principal, order_id, body.agent_user_id, now=datetime.now(UTC)
    )
    return {"data": views.assignment_view(assignment)}
