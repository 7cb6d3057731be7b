"""License routes (API.md §3.1): store upload/list/delete, the admin queue and decision.

A page of licenses carries signed read URLs from media: the page is read and shaped in a read
session, the session is closed, and only then is media asked (ARCHITECTURE §1: no call while a
pooled connection is held).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Literal
from uuid import UUID

from fastapi import Depends, Request, Response
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from pf_common import schemas
from pf_common.db_http import WriteSession, get_database
from pf_common.guards import require_admin, require_store
from pf_common.idempotency import Idempotent
from pf_common.openapi import errors
from pf_common.pagination import Page, PaginationDTO
from pf_common.pagination_http import PageQuery
from pf_common.principal import MANAGE, READ, STAFF, Principal
from pf_common.routing import APIRouter
from pf_common.schemas import Strict
from pf_identity.api.deps import Ctx
from pf_identity.context import IdentityContext
from pf_identity.domain import licenses
from pf_identity.models import License
from pf_identity.settings import Settings

router = APIRouter(tags=["licenses"])

_staff_guard = require_store(roles=STAFF)
Staff = Annotated[Principal, Depends(_staff_guard)]
Reader = Annotated[Principal, Depends(require_store(roles=READ))]
# API.md: "owner, manager" delete (the store's ``admin`` role is a manager too: MANAGE)
Manager = Annotated[Principal, Depends(require_store(roles=MANAGE))]
Admin = Annotated[Principal, Depends(require_admin)]

US_STATES = frozenset(schemas.US_STATES)
NUMBER_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9 ./_\-]*$"
LicenseType = Literal["producer", "grower", "dispensary", "merchant"]


_DEFAULT_MAX_YEARS: int = Settings.model_fields["license_max_validity_years"].default


class LicenseIn(Strict):
    """The dates' rules between fields and around today (UTC) are stated under ``x-pf-rules``
    (the expiration window with the default ``PF_IDENTITY_LICENSE_MAX_VALIDITY_YEARS``)."""

    model_config = ConfigDict(
        json_schema_extra=schemas.rules(
            schemas.compare("expiration_date", ">", "issue_date"),
            schemas.date_window("issue_date", min_days=-licenses.MAX_PAST_DAYS, max_days=0),
            schemas.date_window("expiration_date", max_days=licenses.validity_days(_DEFAULT_MAX_YEARS)),
        )
    )

    media_id: UUID
    issuing_state: Annotated[
        str,
        StringConstraints(min_length=2, max_length=2),
        Field(
            description="a US state code (USPS), either case",
            json_schema_extra={"pattern": schemas.US_STATE_PATTERN},
        ),
    ]
    type: LicenseType
    number: Annotated[
        str, StringConstraints(min_length=3, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9 ./_\-]*$")
    ]
    issue_date: date | None = None
    expiration_date: date | None = None

    @field_validator("issuing_state")
    @classmethod
    def _state(cls, v: str) -> str:
        if v.upper() not in US_STATES:
            raise ValueError("must be a US state code")
        return v.upper()


class DecisionIn(Strict):
    decision: Literal["verified", "rejected"]
    reason: Annotated[str, StringConstraints(min_length=1, max_length=1000)] | None = None


class LicenseDTO(BaseModel):
    id: UUID
    store_id: UUID
    user_id: UUID
    status: str
    media_id: UUID
    issuing_state: str
    issue_date: date | None = None
    expiration_date: date | None = None
    type: str
    number: str
    rejection_reason: str | None = None
    created_at: datetime
    updated_at: datetime
    signed_url: str | None = None


class LicensePage(BaseModel):
    items: list[LicenseDTO]
    pagination: PaginationDTO


def license_dto(lic: License, signed_url: str | None = None) -> LicenseDTO:
    return LicenseDTO.model_validate(
        {c: getattr(lic, c) for c in LicenseDTO.model_fields if c != "signed_url"}
        | {"signed_url": signed_url}
    )


def _shaped(page: Page[License]) -> LicensePage:
    """The page as DTOs, shaped while its rows are loaded (no signed URL yet)."""
    return LicensePage(
        items=[license_dto(lic) for lic in page.items], pagination=PaginationDTO.of(page.pagination)
    )


async def _signed(ctx: IdentityContext, page: LicensePage) -> LicensePage:
    """``page`` with media's signed URLs: call it once the read session is closed."""
    if not page.items:
        return page
    urls = await ctx.media.read_urls([i.media_id for i in page.items])
    items = [i.model_copy(update={"signed_url": urls.get(i.media_id)}) for i in page.items]
    return page.model_copy(update={"items": items})


@router.post(
    "/api/v1/licenses",
    status_code=201,
    dependencies=[Depends(_staff_guard), Idempotent(hours=24)],
    responses=errors(
        400,
        403,
        404,
        409,
        notes={
            400: "invalid dates, or the media is not a license document (kind `license_doc`, PDF or image)",
            403: "the media belongs to another store",
            404: "unknown media",
            409: "the media is not uploaded or ready, already backs another license, or the license "
            "(issuing state, number) is already registered",
        },
    ),
)
async def create_license(
    body: LicenseIn, ctx: Ctx, session: WriteSession, principal: Staff
) -> dict[str, LicenseDTO]:
    lic = await licenses.create_license(
        session,
        principal,
        licenses.LicenseInput(
            media_id=body.media_id,
            issuing_state=body.issuing_state,
            type=body.type,
            number=body.number,
            issue_date=body.issue_date,
            expiration_date=body.expiration_date,
        ),
        now=datetime.now(UTC),
        max_years=ctx.settings.license_max_validity_years,
    )
    return {"data": license_dto(lic)}


@router.get("/api/v1/licenses")
async def list_licenses(
    request: Request, ctx: Ctx, principal: Reader, page: PageQuery
) -> dict[str, LicensePage]:
    async with get_database(request).read() as session:
        shaped = _shaped(await licenses.list_licenses(session, principal, page))
    return {"data": await _signed(ctx, shaped)}


@router.delete(
    "/api/v1/licenses/{license_id}",
    status_code=204,
    response_class=Response,
    responses=errors(
        403,
        404,
        409,
        notes={
            403: "the license belongs to another store",
            404: "unknown license",
            409: "only a rejected or expired license can be deleted",
        },
    ),
)
async def delete_license(license_id: UUID, session: WriteSession, principal: Manager) -> Response:
    await licenses.delete_license(session, principal, license_id, now=datetime.now(UTC))
    return Response(status_code=204)


@router.get("/api/admin/v1/licenses")
async def admin_queue(
    request: Request,
    ctx: Ctx,
    _admin: Admin,
    page: PageQuery,
    status: Literal["pending", "verified", "rejected", "expired"] = "pending",
    store_id: UUID | None = None,
) -> dict[str, LicensePage]:
    async with get_database(request).read() as session:
        shaped = _shaped(await licenses.admin_queue(session, status=status, store_id=store_id, page=page))
    return {"data": await _signed(ctx, shaped)}


@router.post(
    "/api/admin/v1/licenses/{license_id}/verify",
    dependencies=[Idempotent(hours=24)],
    responses=errors(404, 409, notes={404: "unknown license", 409: "the license is not pending"}),
)
async def decide(
    license_id: UUID, body: DecisionIn, session: WriteSession, principal: Admin
) -> dict[str, LicenseDTO]:
    lic = await licenses.decide(
        session, principal, license_id, decision=body.decision, reason=body.reason, now=datetime.now(UTC)
    )
    return {"data": license_dto(lic)}
