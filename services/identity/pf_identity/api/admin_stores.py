"""Admin KYC override (API.md: ``POST /api/admin/v1/stores/{storeId}/kyc``): suspend / unsuspend."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal
from uuid import UUID

from fastapi import Depends
from pydantic import BaseModel, StringConstraints

from pf_common.db_http import WriteSession
from pf_common.guards import require_admin
from pf_common.openapi import errors
from pf_common.principal import Principal
from pf_common.routing import APIRouter
from pf_common.schemas import Strict
from pf_identity.domain import kyc

router = APIRouter(tags=["admin"])
Admin = Annotated[Principal, Depends(require_admin)]


class KycIn(Strict):
    action: Literal["suspend", "unsuspend"]
    reason: Annotated[str, StringConstraints(min_length=1, max_length=1000)] | None = None


class KycOut(BaseModel):
    store_id: UUID
    kyc_status: str


@router.post(
    "/api/admin/v1/stores/{store_id}/kyc",
    responses=errors(
        404, 409, notes={404: "unknown store", 409: "the store is already suspended (or not suspended)"}
    ),
)
async def set_kyc(
    store_id: UUID,
    body: KycIn,
    session: WriteSession,
    principal: Annotated[Principal, Depends(require_admin)],
) -> dict[str, KycOut]:
    store = await kyc.set_suspended(
        session,
        principal,
        store_id,
        suspend=body.action == "suspend",
        reason=body.reason,
        now=datetime.now(UTC),
    )
    return {"data": KycOut(store_id=store.id, kyc_status=store.kyc_status)}
