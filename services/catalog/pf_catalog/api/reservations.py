"""Inventory reservations for orders' checkout (API.md §4, internal; never routed by the gateway).

* ``POST /internal/v1/inventory/reservations`` — hold every line in one transaction; per-line
  results, idempotent per reservation id (= line item id).
* ``POST /internal/v1/inventory/reservations:confirm`` — held → confirmed; ``{updated}``.
* ``POST /internal/v1/inventory/reservations:release`` — held|confirmed → released; ``{updated}``.

Only orders may call them: each takes orders' service token (``pf_common.service_auth``).
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from typing import Annotated, Any, Final
from uuid import UUID

from fastapi import Depends
from pydantic import Field, StrictInt, field_validator

from pf_catalog.api.deps import Ctx
from pf_catalog.domain import reservations
from pf_common.db_http import WriteSession
from pf_common.guards import require_service
from pf_common.openapi import errors
from pf_common.routing import APIRouter
from pf_common.schemas import Strict
from pf_common.service_auth import ServiceCaller

router = APIRouter(tags=["internal"])

Orders = Annotated[ServiceCaller, Depends(require_service("orders"))]

MAX_LINES: Final = 200  # lines of one checkout (and ids of one confirm or release)
MAX_QTY: Final = 1_000_000  # units of one line


class ReservationLineIn(Strict):
    reservation_id: UUID
    order_id: UUID
    product_id: UUID
    qty: Annotated[StrictInt, Field(gt=0, le=MAX_QTY)]


class ReserveIn(Strict):
    checkout_group_id: UUID
    lines: Annotated[list[ReservationLineIn], Field(min_length=1, max_length=MAX_LINES)]

    @field_validator("lines")
    @classmethod
    def _unique_ids(cls, lines: list[ReservationLineIn]) -> list[ReservationLineIn]:
        counts = Counter(line.reservation_id for line in lines)
        dupes = [i for i, n in counts.items() if n > 1]
        if dupes:
            raise ValueError(f"duplicate reservation_id: {', '.join(sorted(str(d) for d in dupes))}")
        return lines


class ReservationIdsIn(Strict):
    reservation_ids: Annotated[list[UUID], Field(min_length=1, max_length=MAX_LINES)]


@router.post(
    "/internal/v1/inventory/reservations",
    responses=errors(409, notes={409: "a reservation id was used before for a different line"}),
)
async def reserve(_caller: Orders, body: ReserveIn, ctx: Ctx, session: WriteSession) -> dict[str, Any]:
    results = await reservations.reserve(
        session,
        body.checkout_group_id,
        [
            reservations.ReservationLine(line.reservation_id, line.order_id, line.product_id, line.qty)
            for line in body.lines
        ],
        now=datetime.now(UTC),
        hold_s=ctx.settings.reservation_hold_s,
    )
    return {
        "data": {
            "results": [
                {"reservation_id": r.reservation_id, "reserved": r.reserved}
                | ({"reason": r.reason} if r.reason else {})
                for r in results
            ]
        }
    }


@router.post("/internal/v1/inventory/reservations:confirm")
async def confirm(_caller: Orders, body: ReservationIdsIn, session: WriteSession) -> dict[str, Any]:
    return {"data": {"updated": await reservations.confirm(session, body.reservation_ids)}}


@router.post(
    "/internal/v1/inventory/reservations:release",
    responses=errors(409, notes={409: "a product's reserved quantity is below its reservations"}),
)
async def release(_caller: Orders, body: ReservationIdsIn, session: WriteSession) -> dict[str, Any]:
    return {"data": {"updated": await reservations.release(session, body.reservation_ids)}}
