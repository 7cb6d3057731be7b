"""The agent group (API.md §3.5; DOMAIN §5.5): an agent's orders, the queue, an order's detail,
claim, pickup, deliver and cash collected. The use cases and their rules are
``domain/agent_orders.py``.

Who: the writes need ``role=agent`` (``system_role`` agent; no store). The three reads also admit
an admin (a decision beyond DOMAIN §4.1, reads only): an agent sees its own active assignments,
the queue and the detail of an order assigned to it (403 otherwise); an admin every active
assignment, the queue and any order's detail — what a dispatcher needs before an override.

Idempotency-Key: claim, pickup and deliver 24 h; cash-collected 7 days (API.md §1.7). Pickup,
deliver and cash repeated with a new key answer 200 with the same body and write nothing.
Cash-collected passes finance's answer through (module docstring of the use case); the order
detail calls orders. Neither holds a database session while it waits on the other service.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Final
from uuid import UUID

from fastapi import Depends, Request
from fastapi.responses import JSONResponse
from pydantic import Field, StrictInt, ValidationError

from pf_common.app import request_id_of
from pf_common.db_http import ReadSession, WriteSession, get_database
from pf_common.errors import DependencyError, Forbidden
from pf_common.guards import AUTHENTICATES_ATTR, AUTHORISES, GUARD_ATTR, AgentPrincipal, get_principal
from pf_common.idempotency import Idempotent
from pf_common.logging import get_logger
from pf_common.openapi import errors
from pf_common.pagination_http import PageQuery
from pf_common.principal import Principal
from pf_common.routing import APIRouter
from pf_common.schemas import Strict
from pf_logistics.api import views
from pf_logistics.api.deps import Ctx
from pf_logistics.domain import agent_orders

log = get_logger(__name__)

router = APIRouter(tags=["agent"])

IDEMPOTENCY_HOURS: Final = 24  # claim, pickup, deliver, admin assign-agent
IDEMPOTENCY_DAYS: Final = 7  # cash-collected
MAX_CENTS: Final = 100_000_000_000  # $1B: finance's bound too


async def require_agent_or_admin(request: Request) -> Principal:
    """A dependency: a system agent or a system admin (the agent group's reads), else 403."""
    principal = await get_principal(request)  # itself: one dependency, like pf_common's guards
    if not (principal.is_agent or principal.is_admin):
        raise Forbidden("agents and admins only", reason="not_agent")
    return principal


setattr(require_agent_or_admin, GUARD_ATTR, AUTHORISES)  # documented and tested as a guard
setattr(require_agent_or_admin, AUTHENTICATES_ATTR, True)

AgentOrAdmin = Annotated[Principal, Depends(require_agent_or_admin)]


class CashIn(Strict):
    amount_cents: Annotated[StrictInt, Field(ge=0, le=MAX_CENTS)]


_NOT_ASSIGNED = "the order is not assigned to the calling agent"
_STEP_ERRORS = {403: _NOT_ASSIGNED, 404: "unknown order"}


@router.get("/api/v1/agent/orders")
async def list_my_orders(
    session: ReadSession, principal: AgentOrAdmin, page: PageQuery
) -> dict[str, views.AgentOrderList]:
    result = await agent_orders.list_assigned_orders(session, principal, page)
    return {"data": views.agent_order_list(result)}


@router.get("/api/v1/agent/orders/queue")
async def list_queue(
    session: ReadSession, _principal: AgentOrAdmin, page: PageQuery
) -> dict[str, views.AgentOrderList]:
    result = await agent_orders.list_queue(session, page)
    return {"data": views.agent_order_list(result)}


@router.get(
    "/api/v1/agent/orders/{order_id}",
    responses=errors(
        403,
        404,
        503,
        notes={
            403: _NOT_ASSIGNED,
            404: "unknown order",
            503: "orders or the database is unavailable (retry later)",
        },
    ),
)
async def get_order(
    order_id: UUID, request: Request, principal: AgentOrAdmin, ctx: Ctx
) -> dict[str, views.OrderDetailView]:
    found = await agent_orders.get_order_detail(get_database(request), principal, order_id, orders=ctx.orders)
    try:
        view = views.order_detail(found)
    except ValidationError as exc:
        log.error("logistics.order_detail.unreadable", order_id=str(order_id), errors=exc.error_count())
        raise DependencyError("orders gave an unexpected answer", details={"dependency": "orders"}) from exc
    return {"data": view}


@router.post(
    "/api/v1/agent/orders/{order_id}/claim",
    dependencies=[Idempotent(hours=IDEMPOTENCY_HOURS)],
    responses=errors(
        404,
        409,
        422,
        notes={
            404: "unknown order",
            409: "the order is assigned to another agent",
            422: "the order is not ready for dispatch (`details.status`)",
        },
    ),
)
async def claim_order(
    order_id: UUID, session: WriteSession, principal: AgentPrincipal
) -> dict[str, views.AssignmentView]:
    assignment = await agent_orders.claim_order(session, principal, order_id, now=datetime.now(UTC))
    return {"data": views.assignment_view(assignment)}


@router.post(
    "/api/v1/agent/orders/{order_id}/pickup",
    dependencies=[Idempotent(hours=IDEMPOTENCY_HOURS)],
    responses=errors(
        403,
        404,
        422,
        notes={
            **_STEP_ERRORS,
            403: f"{_NOT_ASSIGNED}; or a party's licence is not verified (`details.party`)",
            422: "the order is not ready for dispatch, e.g. canceled (`details.status`)",
        },
    ),
)
async def pick_up_order(
    order_id: UUID, session: WriteSession, principal: AgentPrincipal
) -> dict[str, views.PickedUpOut]:
    done = await agent_orders.pick_up_order(session, principal, order_id, now=datetime.now(UTC))
    return {"data": views.PickedUpOut(order_id=done.order_id, status="in_transit")}


@router.post(
    "/api/v1/agent/orders/{order_id}/deliver",
    dependencies=[Idempotent(hours=IDEMPOTENCY_HOURS)],
    responses=errors(
        403, 404, 422, notes={**_STEP_ERRORS, 422: "the order is not in transit (`details.status`)"}
    ),
)
async def deliver_order(
    order_id: UUID, session: WriteSession, principal: AgentPrincipal
) -> dict[str, views.DeliveredOut]:
    done = await agent_orders.deliver_order(session, principal, order_id, now=datetime.now(UTC))
    return {"data": views.DeliveredOut(order_id=done.order_id, status="delivered", delivered_at=done.at)}


_RETRY_AFTER = {
    "Retry-After": {"description": "Seconds to wait before retrying.", "schema": {"type": "integer"}}
}
_CASH_ERRORS = errors(
    403,
    404,
    409,
    422,
    503,
    notes={
        **_STEP_ERRORS,
        404: "unknown order; or finance knows no payment for it (finance's answer)",
        409: "finance has not caught up with the order yet, or the same settle is in flight "
        "(finance's answer, nothing recorded): retry with the same `Idempotency-Key` after "
        "`Retry-After` seconds",
        422: "the order is not in transit or delivered (`details.status`); the cash is recorded already "
        "with another amount; or finance's answer: the payment is not unpaid "
        "(`details.payment_status`), or the amount differs from the amount due and the payment is "
        "now failed (`details.expected_amount_cents`, `details.reported_amount_cents`)",
        503: "finance or the database is unavailable: nothing was recorded, retry",
    },
)
_CASH_ERRORS[409]["headers"] = _RETRY_AFTER


@router.post(
    "/api/v1/agent/orders/{order_id}/cash-collected",
    dependencies=[Idempotent(days=IDEMPOTENCY_DAYS)],
    response_model=dict[str, views.CashCollectedOut],
    responses=_CASH_ERRORS,
)
async def collect_cash(
    order_id: UUID, body: CashIn, request: Request, principal: AgentPrincipal, ctx: Ctx
) -> dict[str, views.CashCollectedOut] | JSONResponse:
    outcome = await agent_orders.collect_cash(
        get_database(request),
        principal,
        order_id,
        body.amount_cents,
        finance=ctx.finance,
        now=datetime.now(UTC),
    )
    if isinstance(outcome, agent_orders.FinanceRefused):
        return _finance_refusal(request, outcome)
    return {
        "data": views.CashCollectedOut(
            order_id=outcome.order_id,
            payment_status="settled",
            amount_cents=outcome.amount_cents,
            cash_collected_at=outcome.cash_collected_at,
        )
    }


def _finance_refusal(request: Request, refused: agent_orders.FinanceRefused) -> JSONResponse:
    """finance's error answer as the agent's: its status, code, message and details."""
    error = {k: v for k, v in refused.body["error"].items() if k in ("code", "message", "details")}
    headers: dict[str, str] = {}
    rid = request_id_of(request)
    if rid:
        error["request_id"] = rid
        headers["X-Request-Id"] = rid
    if refused.retry_after is not None:
        headers["Retry-After"] = refused.retry_after
    return JSONResponse({"error": error}, status_code=refused.status, headers=headers)
