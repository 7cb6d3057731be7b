"""Billing plans (DOMAIN §5.6 billing_plans; API.md §3.6 plans): what vendors may subscribe to.

* Vendors read ``active`` plans only (:func:`list_plans` with ``active_only``, :func:`get_plan`
  with ``active_only``: a plan that is missing or not active is the same 404). Admins read every
  plan, filtered by ``status`` and ``is_default``. Lists are ordered default first, then by price
  and id (a stable order for a pricing page).
* "Delete" is soft (:func:`hide_plan`): ``status = hidden`` and ``is_default = false``; the row
  stays, as subscriptions and charges name it.
* **At most one default plan** (the plan a subscription gets when the vendor names none). Making a
  plan default clears the previous default in the same transaction. Every transaction that may
  change which plan is default first takes one transaction-scoped advisory lock
  (:data:`_DEFAULT_LOCK`), so concurrent PATCHes/POSTs are serialised and each sees the default
  the previous one committed (without it, two transactions clearing "the" default from their own
  snapshots would both set theirs and the loser would hit the partial unique index
  ``ux_billing_plans_one_default`` — a 500). That index stays the backstop: a violation is
  answered 409, never 500.
* **A default plan is active.** ``is_default = true`` with a resulting status other than ``active``
  is a 400 (``details.is_default``); moving the default plan to ``deprecated``/``hidden`` clears its
  ``is_default`` (as DELETE does). There may be no default at all (after the admin hid it): the
  subscription use case then needs a ``plan_id``.
* ``id`` (a slug) and ``stripe_price_id`` are unique: a duplicate is 409 ``CONFLICT`` naming the
  field in the message and the log (:class:`PlanConflict`), written nothing. Both are checked by
  the database itself (``INSERT … ON CONFLICT DO NOTHING``, a savepoint around an UPDATE), so
  concurrent creations cannot both pass.
* The seeded plan ``standard`` (migration finance_0003) is an ordinary plan: editable, hideable.

Payload validation (slug, enums, non-negative integer cents, currency, ``ui``) is the route's
(``api/plans.py``); this module receives well-formed fields (:class:`PlanFields`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final, TypedDict

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from pf_common.errors import Conflict, NotFound, StateConflict, ValidationFailed
from pf_common.logging import get_logger
from pf_finance.models import BillingPlan

__all__ = [
    "PlanConflict",
    "PlanFields",
    "PlanNotFound",
    "create_plan",
    "get_plan",
    "hide_plan",
    "list_plans",
    "price_amount",
    "update_plan",
]

log = get_logger(__name__)

PLANS: sa.Table = BillingPlan.__table__  # type: ignore[attr-defined]

# pg_advisory_xact_lock key of "which plan is the default" (module docstring)
_DEFAULT_LOCK: Final = "finance.billing_plans.default"
_PRICE_CONSTRAINT: Final = "uq_billing_plans_stripe_price_id"
_DEFAULT_INDEX: Final = "ux_billing_plans_one_default"


class PlanFields(TypedDict, total=False):
    """The writable columns of a plan, as the route validated them (a PATCH sends some)."""

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
    price_amount_cents: int
    currency_code: str
    features: list[str]
    ui: dict[str, Any]


class PlanNotFound(NotFound):
    default_message = "billing plan not found"


class PlanConflict(Conflict):
    """409: another plan has this id or this ``stripe_price_id``."""

    default_message = "a billing plan with this id or stripe_price_id exists"


def price_amount(cents: int) -> str:
    """The DTO's ``price_amount``: integer cents as a decimal string, ``9900 → "99.00"``."""
    sign = "-" if cents < 0 else ""
    whole, frac = divmod(abs(cents), 100)
    return f"{sign}{whole}.{frac:02d}"


# --- reads ------------------------------------------------------------------------------------


def _ordered(stmt: sa.Select[BillingPlan]) -> sa.Select[BillingPlan]:
    return stmt.order_by(
        col(BillingPlan.is_default).desc(), col(BillingPlan.price_amount_cents), col(BillingPlan.id)
    )


async def list_plans(
    session: AsyncSession,
    *,
    active_only: bool = False,
    status: str | None = None,
    is_default: bool | None = None,
) -> list[BillingPlan]:
    """Plans, default first then by price: vendors' (``active_only``) or the admin's, filtered."""
    stmt = sa.select(BillingPlan)
    if active_only:
        stmt = stmt.where(col(BillingPlan.status) == "active")
    if status is not None:
        stmt = stmt.where(col(BillingPlan.status) == status)
    if is_default is not None:
        stmt = stmt.where(col(BillingPlan.is_default).is_(is_default))
    return list((await session.scalars(_ordered(stmt))).all())


async def get_plan(session: AsyncSession, plan_id: str, *, active_only: bool = False) -> BillingPlan:
    """One plan; missing (or, for vendors, not active) ⇒ 404."""
    plan = await session.scalar(
        sa.select(BillingPlan).where(col(BillingPlan.id) == plan_id),
        execution_options={"populate_existing": True},
    )
    if plan is None or (active_only and plan.status != "active"):
        raise PlanNotFound(reason="billing_plan_not_found")
    return plan


# --- writes -----------------------------------------------------------------------------------


async def _lock_default(session: AsyncSession) -> None:
    """Serialise every change of the default plan (module docstring)."""
    await session.execute(
        sa.select(sa.func.pg_advisory_xact_lock(sa.func.hashtextextended(_DEFAULT_LOCK, 0)))
    )


async def _clear_default(session: AsyncSession, *, keep: str, now: datetime) -> str | None:
    """Unset the current default (other than ``keep``); the id it was, if any."""
    previous: str | None = await session.scalar(
        sa.update(PLANS)
        .where(PLANS.c.is_default.is_(True), PLANS.c.id != keep)
        .values(is_default=False, updated_at=now)
        .returning(PLANS.c.id)
    )
    return previous


class DefaultPlanNotActive(StateConflict):
    default_message = "only an active plan can be the default: this plan is not active"


def _ensure_default_is_active(status: str, is_default: bool, *, status_sent: bool = True) -> None:
    """Only an active plan is the default: both in the body ⇒ 400 (the body schema states it with
    ``if``/``then``); the plan's stored status ⇒ 422, the plan's state."""
    if is_default and status != "active" and not status_sent:
        raise DefaultPlanNotActive(
            details={"is_default": "the plan's status is not active"}, reason="default_plan_not_active"
        )
    if is_default and status != "active":
        raise ValidationFailed(
            "only an active plan can be the default",
            details={"is_default": "only an active plan can be the default"},
            reason="default_plan_not_active",
        )


def _conflict_of(exc: IntegrityError) -> PlanConflict:
    constraint = getattr(getattr(exc.orig, "diag", None), "constraint_name", None)
    if constraint == _PRICE_CONSTRAINT:
        return PlanConflict(
            "another billing plan has this stripe_price_id", reason="billing_plan_price_exists"
        )
    if constraint == _DEFAULT_INDEX:  # the backstop: the advisory lock makes it unreachable
        return PlanConflict(
            "another plan became the default concurrently", reason="billing_plan_default_race"
        )
    if constraint is not None and constraint.startswith("pk_"):
        return PlanConflict("a billing plan with this id exists", reason="billing_plan_id_exists")
    raise exc


async def create_plan(session: AsyncSession, fields: PlanFields, *, now: datetime) -> BillingPlan:
    """Insert a plan (201); a duplicate id or price ⇒ 409; a default clears the previous one."""
    is_default = bool(fields.get("is_default", False))
    _ensure_default_is_active(fields["status"], is_default)
    previous = None
    if is_default:
        await _lock_default(session)
        previous = await _clear_default(session, keep=fields["id"], now=now)
    values: dict[str, Any] = {**fields, "created_at": now, "updated_at": now}
    created: BillingPlan | None = await session.scalar(
        insert(BillingPlan).values(**values).on_conflict_do_nothing().returning(BillingPlan),
        execution_options={"populate_existing": True},
    )
    if created is None:
        taken_id = await session.scalar(sa.select(PLANS.c.id).where(PLANS.c.id == fields["id"]))
        log.info(
            "finance.billing_plan.create_conflict",
            plan_id=fields["id"],
            field="id" if taken_id is not None else "stripe_price_id",
        )
        if taken_id is not None:
            raise PlanConflict("a billing plan with this id exists", reason="billing_plan_id_exists")
        raise PlanConflict(
            "another billing plan has this stripe_price_id", reason="billing_plan_price_exists"
        )
    log.info(
        "finance.billing_plan.created",
        plan_id=created.id,
        status=created.status,
        is_default=created.is_default,
        previous_default=previous,
        price_amount_cents=created.price_amount_cents,
    )
    return created


async def _plan_for_update(session: AsyncSession, plan_id: str) -> BillingPlan:
    plan = await session.scalar(
        sa.select(BillingPlan).where(col(BillingPlan.id) == plan_id).with_for_update(),
        execution_options={"populate_existing": True},
    )
    if plan is None:
        raise PlanNotFound(reason="billing_plan_not_found")
    return plan


async def update_plan(
    session: AsyncSession, plan_id: str, changes: PlanFields, *, now: datetime
) -> BillingPlan:
    """Change the given fields (not ``id``); 404 unknown; 409 duplicate price (module docstring)."""
    changes = changes.copy()
    changes.pop("id", None)  # the id never changes
    touches_default = "is_default" in changes or "status" in changes
    if touches_default:
        await _lock_default(session)  # before the row lock: one order of locks for every writer
    plan = await _plan_for_update(session, plan_id)
    status = changes.get("status", plan.status)
    wants_default = changes.get("is_default", plan.is_default)
    if "is_default" in changes:
        _ensure_default_is_active(status, bool(changes["is_default"]), status_sent="status" in changes)
    elif plan.is_default and status != "active":
        changes["is_default"] = False  # the default plan leaves `active`: no longer the default
        wants_default = False
    previous = None
    if wants_default and not plan.is_default:
        previous = await _clear_default(session, keep=plan_id, now=now)
    if not changes:
        return plan
    try:
        async with session.begin_nested():
            updated: BillingPlan | None = await session.scalar(
                sa.update(BillingPlan)
                .where(col(BillingPlan.id) == plan_id)
                .values(**changes, updated_at=now)
                .returning(BillingPlan),
                execution_options={"synchronize_session": False, "populate_existing": True},
            )
    except IntegrityError as exc:
        conflict = _conflict_of(exc)
        log.info("finance.billing_plan.update_conflict", plan_id=plan_id, reason=conflict.reason)
        raise conflict from None
    assert updated is not None  # locked above
    log.info(
        "finance.billing_plan.updated",
        plan_id=plan_id,
        fields=sorted(changes),
        status=updated.status,
        is_default=updated.is_default,
        previous_default=previous,
    )
    return updated


async def hide_plan(session: AsyncSession, plan_id: str, *, now: datetime) -> BillingPlan:
    """The admin's DELETE: ``hidden`` and not the default (a repeat answers the same)."""
    plan = await _plan_for_update(session, plan_id)
    if plan.status == "hidden" and not plan.is_default:
        return plan
    hidden: BillingPlan | None = await session.scalar(
        sa.update(BillingPlan)
        .where(col(BillingPlan.id) == plan_id)
        .values(status="hidden", is_default=False, updated_at=now)
        .returning(BillingPlan),
        execution_options={"synchronize_session": False, "populate_existing": True},
    )
    assert hidden is not None
    log.info("finance.billing_plan.hidden", plan_id=plan_id, was_default=plan.is_default)
    return hidden
