"""Billing plans (API.md §3.6; DOMAIN §5.6 billing_plans). The use cases are ``domain/plans.py``.

Vendors (a vendor store, MANAGE role: owner, admin or manager, else 403 — GAPS G-16) read the
``active`` plans; a plan that is missing or not active is 404. System admins list every plan
(``status``/``is_default`` filters; a bad value is 400), create (201; 409 duplicate id or
``stripe_price_id``), change any field but the id (PATCH; 404; 409 duplicate price) and "delete"
(``hidden`` + ``is_default=false``, 200 with the plan). Making a plan the default clears the
previous default in the same transaction; only an active plan can be the default (400 when the
body says both, 422 when ``is_default`` meets a stored status that is not active).

Bodies are strict (unknown fields, nulls for required values, strings for numbers or booleans are
400 ``VALIDATION_ERROR`` naming the field). ``price_amount`` in BillingPlanDTO is the decimal
string of ``price_amount_cents`` (``"99.00"``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import Path, Query
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StringConstraints

from pf_common.db_http import ReadSession, WriteSession
from pf_common.guards import AdminPrincipal
from pf_common.openapi import errors
from pf_common.routing import APIRouter
from pf_common.schemas import Strict
from pf_finance.api.deps import BillingManager
from pf_finance.domain import plans
from pf_finance.domain.plans import PlanFields
from pf_finance.models import BillingPlan

router = APIRouter(tags=["billing"])


PlanStatus = Literal["active", "deprecated", "hidden"]
Interval = Literal["EVERY_30_DAYS", "ANNUAL"]
PLAN_ID_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,63}$"
PlanId = Annotated[str, StringConstraints(pattern=PLAN_ID_PATTERN)]
PlanIdPath = Annotated[str, Path(max_length=64, description="the plan's slug id")]
Name = Annotated[str, StringConstraints(min_length=1, max_length=120)]
PriceId = Annotated[str, StringConstraints(min_length=1, max_length=255, pattern=r"^[A-Za-z0-9_\-]+$")]
Cents = Annotated[int, Field(strict=True, ge=0, le=100_000_000_00)]
TrialDays = Annotated[int, Field(strict=True, ge=0, le=730)]
Currency = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
Feature = Annotated[str, StringConstraints(min_length=1, max_length=100)]
Features = Annotated[list[Feature], Field(max_length=50)]


class PlanUi(Strict):
    """How a pricing page shows the plan (all optional)."""

    badge: Annotated[str, StringConstraints(max_length=60)] | None = None
    description: Annotated[str, StringConstraints(max_length=500)] | None = None
    bullets: (
        Annotated[list[Annotated[str, StringConstraints(max_length=200)]], Field(max_length=20)] | None
    ) = None


# only an active plan can be the default: with is_default true in the body, a status in the
# same body must be active (JSON Schema's if/then; a stored status is the plan's state: 422)
_DEFAULT_IS_ACTIVE: dict[str, Any] = {
    "if": {"properties": {"is_default": {"const": True}}, "required": ["is_default"]},
    "then": {"properties": {"status": {"const": "active"}}},
}


class _PlanBody(Strict):
    model_config = ConfigDict(json_schema_extra=_DEFAULT_IS_ACTIVE)

    # a PATCH may leave a field out, never null it (every column is NOT NULL)
    not_nullable = ("*",)

    def fields(self) -> PlanFields:
        sent = self.model_dump(exclude_unset=True)
        if "ui" in sent:
            sent["ui"] = self.ui_dict()
        return PlanFields(**sent)  # type: ignore[typeddict-item]

    def ui_dict(self) -> dict[str, Any]:
        ui: PlanUi | None = getattr(self, "ui", None)
        return ui.model_dump(exclude_none=True) if ui is not None else {}


class PlanCreate(_PlanBody):
    id: PlanId
    name: Name
    status: PlanStatus
    stripe_price_id: PriceId
    interval: Interval
    price_amount_cents: Cents
    currency_code: Currency
    test: StrictBool = False
    is_default: StrictBool = False
    trial_days: TrialDays = 0
    trial_require_payment_method: StrictBool = False
    trial_start_on_activation: StrictBool = True
    features: Features = Field(default_factory=list)
    ui: PlanUi = Field(default_factory=PlanUi)

    def fields(self) -> PlanFields:
        return PlanFields(**{**self.model_dump(), "ui": self.ui_dict()})  # type: ignore[typeddict-item]


class PlanPatch(_PlanBody):
    """Any field of the creation but ``id`` (an ``id`` is an unknown field: 400)."""

    name: Name | None = None
    status: PlanStatus | None = None
    stripe_price_id: PriceId | None = None
    interval: Interval | None = None
    price_amount_cents: Cents | None = None
    currency_code: Currency | None = None
    test: StrictBool | None = None
    is_default: StrictBool | None = None
    trial_days: TrialDays | None = None
    trial_require_payment_method: StrictBool | None = None
    trial_start_on_activation: StrictBool | None = None
    features: Features | None = None
    ui: PlanUi | None = None


class BillingPlanDTO(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    name: str
    status: str
    stripe_price_id: str
    test: bool
    is_default: bool
    trial_days: int
    trial_require_payment_method: bool
    trial_start_on_activation: bool
    interval: str
    price_amount: str = Field(description='decimal string of price_amount_cents, e.g. "99.00"')
    price_amount_cents: int
    currency_code: str
    features: list[str]
    ui: dict[str, Any]
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, plan: BillingPlan) -> BillingPlanDTO:
        return cls(
            id=plan.id,
            name=plan.name,
            status=plan.status,
            stripe_price_id=plan.stripe_price_id,
            test=plan.test,
            is_default=plan.is_default,
            trial_days=plan.trial_days,
            trial_require_payment_method=plan.trial_require_payment_method,
            trial_start_on_activation=plan.trial_start_on_activation,
            interval=plan.interval,
            price_amount=plans.price_amount(plan.price_amount_cents),
            price_amount_cents=plan.price_amount_cents,
            currency_code=plan.currency_code,
            features=list(plan.features or []),
            ui=dict(plan.ui or {}),
            created_at=plan.created_at,
            updated_at=plan.updated_at,
        )


class PlanList(BaseModel):
    plans: list[BillingPlanDTO]


def _now() -> datetime:
    return datetime.now(UTC)


# --- vendors ----------------------------------------------------------------------------------


@router.get("/api/v1/vendor/billing/plans")
async def list_vendor_plans(session: ReadSession, _principal: BillingManager) -> dict[str, PlanList]:
    found = await plans.list_plans(session, active_only=True)
    return {"data": PlanList(plans=[BillingPlanDTO.of(p) for p in found])}


@router.get(
    "/api/v1/vendor/billing/plans/{plan_id}",
    responses=errors(404, notes={404: "no such plan, or the plan is not active"}),
)
async def get_vendor_plan(
    plan_id: PlanIdPath, session: ReadSession, _principal: BillingManager
) -> dict[str, BillingPlanDTO]:
    return {"data": BillingPlanDTO.of(await plans.get_plan(session, plan_id, active_only=True))}


# --- admins -----------------------------------------------------------------------------------


@router.get("/api/admin/v1/billing/plans")
async def list_admin_plans(
    session: ReadSession,
    _admin: AdminPrincipal,
    status: Annotated[PlanStatus | None, Query(description="only plans of this status")] = None,
    is_default: Annotated[
        bool | None, Query(description="only the default plan (true) or the others")
    ] = None,
) -> dict[str, PlanList]:
    found = await plans.list_plans(session, status=status, is_default=is_default)
    return {"data": PlanList(plans=[BillingPlanDTO.of(p) for p in found])}


@router.post(
    "/api/admin/v1/billing/plans",
    status_code=201,
    responses=errors(
        400,
        409,
        notes={
            400: "invalid field (`details` names it), or a default plan that is not active",
            409: "a plan with this id or this stripe_price_id exists",
        },
    ),
)
async def create_plan(
    body: PlanCreate, session: WriteSession, _admin: AdminPrincipal
) -> dict[str, BillingPlanDTO]:
    return {"data": BillingPlanDTO.of(await plans.create_plan(session, body.fields(), now=_now()))}


@router.patch(
    "/api/admin/v1/billing/plans/{plan_id}",
    responses=errors(
        400,
        404,
        409,
        422,
        notes={
            400: "invalid field (`details` names it), or `is_default` with a `status` that is not active",
            404: "no such plan",
            409: "another plan has this stripe_price_id",
            422: "`is_default` true on a plan whose status is not active",
        },
    ),
)
async def update_plan(
    plan_id: PlanIdPath, body: PlanPatch, session: WriteSession, _admin: AdminPrincipal
) -> dict[str, BillingPlanDTO]:
    return {"data": BillingPlanDTO.of(await plans.update_plan(session, plan_id, body.fields(), now=_now()))}


@router.delete(
    "/api/admin/v1/billing/plans/{plan_id}",
    responses=errors(404, notes={404: "no such plan"}),
)
async def delete_plan(
    plan_id: PlanIdPath, session: WriteSession, _admin: AdminPrincipal
) -> dict[str, BillingPlanDTO]:
    return {"data": BillingPlanDTO.of(await plans.hide_plan(session, plan_id, now=_now()))}
