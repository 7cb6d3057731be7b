"""A vendor's subscription (DOMAIN §5.6 subscriptions; API.md §3.6; GAPS G-14, G-16).

Every mutation calls the billing provider, so none holds a database connection across the call
(ARCHITECTURE §1): **read** the store's rows in a short read session → **call** the provider with
no session open → **write** its answer in a short transaction through
:func:`~pf_finance.domain.subscription_state.apply_snapshot` (the one way a subscription row
changes: it locks the row, refuses a fact older than the row's ``provider_event_at`` and stages
``subscription_status_changed`` when ``subscription_active`` flips). The time of the fact is the
``now`` the route read before the call: a webhook (or any write) the provider makes after it
wins over this answer, never the other way round.

* :func:`get_subscription`: the store's subscription (0..1), or None.
* :func:`create_subscription`: an existing subscription that makes the store active
  (``trialing``/``active``/``past_due``) is answered as it is (``created=False`` ⇒ 200) and the
  provider is not called. Otherwise it needs the store's billing customer (409 ``no billing
  customer``), an ``active`` plan — the one named, or the default plan (404) — and a card: the one
  named (a ``payment_methods`` row of the store, else 404) or the store's default card (409 ``no
  card``). The provider creates the subscription with the plan's trial and period (30 or 365
  days), metadata ``{store_id, plan_id}`` and an idempotency key derived from the store and the
  request's ``Idempotency-Key``, so a retried request never creates a second one; its answer is
  applied (``source="api.create"``): ``active``/``trialing`` turn the store on,
  ``incomplete`` (the first payment declined) does not. The local provider bills nothing by
  webhook, so with it the first period's ``subscription`` charge is recorded here when the
  subscription starts ``active`` (a trial pays nothing yet); with Stripe the invoice arrives by
  webhook. A subscription that another request made active meanwhile wins: ours is canceled at
  the provider at once (best effort, logged) and the winner answered (200). A provider that is
  down ⇒ 503 and nothing written (retry with the same key); one that refuses the card ⇒ 409.
* :func:`cancel_subscription`: at the end of the period (``cancel_at_period_end``; the store stays
  active until the provider reports ``canceled``), immediately when the subscription is already
  ``past_due``. A subscription already canceled, or already set to cancel at period end, is
  answered as it is (no provider call).
* :func:`pause_subscription`: ``active``/``trialing`` ⇒ ``paused`` (the gate turns off); any
  other status ⇒ 422 ``STATE_CONFLICT`` (``details.status``).
* :func:`resume_subscription`: ``paused`` ⇒ ``active``; any other status ⇒ 422.
* :func:`reconcile_subscriptions` (the daily job): re-fetch subscriptions updated within the
  window from the provider, least recently confirmed first (``provider_event_at``, which every
  applied answer moves forward, so a backlog larger than one batch rotates), and apply what it
  says (``source="reconcile"``) — one log line per changed subscription, one summary line.

No subscription ⇒ 404 for cancel, pause and resume. Store-scoped reads go through
``pf_common.tenancy``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from pf_common.db import Database
from pf_common.errors import Conflict, NotFound, StateConflict
from pf_common.logging import get_logger
from pf_common.tenancy import StoreScoped, active_store_id, scoped
from pf_finance.billing.provider import (
    BillingProvider,
    ProviderError,
    ProviderRejected,
    ProviderUnavailable,
    SubscriptionSnapshot,
)
from pf_finance.domain.charges import record_charge
from pf_finance.domain.customers import BillingUnavailable, NoBillingCustomer
from pf_finance.domain.subscription_state import Applied, apply_snapshot, is_active, snapshot_of_row
from pf_finance.models import BillingCustomer, BillingPlan, PaymentMethod, Subscription

__all__ = [
    "BillingProviderRefused",
    "BillingUnavailable",
    "NoBillingCustomer",
    "NoCard",
    "PaymentMethodNotFound",
    "PlanNotFound",
    "ReconcileStats",
    "SubscriptionNotFound",
    "SubscriptionStateConflict",
    "SubscriptionView",
    "cancel_subscription",
    "create_subscription",
    "get_subscription",
    "pause_subscription",
    "reconcile_subscriptions",
    "resume_subscription",
]

log = get_logger(__name__)

SUBSCRIPTIONS: sa.Table = Subscription.__table__  # type: ignore[attr-defined]
CUSTOMERS: sa.Table = BillingCustomer.__table__  # type: ignore[attr-defined]
PLANS: sa.Table = BillingPlan.__table__  # type: ignore[attr-defined]
PAYMENT_METHODS: sa.Table = PaymentMethod.__table__  # type: ignore[attr-defined]

PERIOD_DAYS = {"EVERY_30_DAYS": 30, "ANNUAL": 365}
PAUSABLE = frozenset({"active", "trialing"})
# nothing left to cancel: the provider has ended it
ENDED = frozenset({"canceled", "incomplete_expired"})


# --- errors -------------------------------------------------------------------------------------


class SubscriptionNotFound(NotFound):
    default_message = "no subscription"


class PlanNotFound(NotFound):
    default_message = "plan not found"


class PaymentMethodNotFound(NotFound):
    default_message = "payment method not found"


class NoCard(Conflict):
    default_message = "no card"


class BillingProviderRefused(Conflict):
    """409: the provider refused to create the subscription (e.g. the card is not usable)."""

    default_message = "the billing provider refused the request"


class SubscriptionStateConflict(StateConflict):
    """422: the subscription's status does not allow the transition (``details.status``)."""

    def __init__(self, status: str, *, action: str, provider_code: str | None = None) -> None:
        details: dict[str, Any] = {"status": status}
        if provider_code is not None:
            details["provider_code"] = provider_code
        super().__init__(
            f"a {status} subscription cannot be {action}", details=details, reason=f"not_{action}"
        )


# --- views --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SubscriptionView:
    """A subscription row as the API shows it; ``created`` is True only for the call that made it."""

    row: dict[str, Any]
    provider: str
    created: bool = False


def _provider_of(customer: dict[str, Any] | None, provider: BillingProvider) -> str:
    return str(customer["provider"]) if customer is not None else provider.name


async def _current(session: AsyncSession, principal: StoreScoped) -> dict[str, Any] | None:
    row = (
        (await session.execute(scoped(sa.select(SUBSCRIPTIONS), SUBSCRIPTIONS, principal))).mappings().first()
    )
    return dict(row) if row is not None else None


async def _customer(session: AsyncSession, principal: StoreScoped) -> dict[str, Any] | None:
    row = (await session.execute(scoped(sa.select(CUSTOMERS), CUSTOMERS, principal))).mappings().first()
    return dict(row) if row is not None else None


async def get_subscription(
    session: AsyncSession, principal: StoreScoped, *, provider: BillingProvider
) -> SubscriptionView | None:
    """The store's subscription, or None."""
    row = await _current(session, principal)
    if row is None:
        return None
    return SubscriptionView(row, _provider_of(await _customer(session, principal), provider))


# --- create -------------------------------------------------------------------------------------


async def _plan(session: AsyncSession, plan_id: str | None) -> dict[str, Any]:
    stmt = sa.select(PLANS).where(PLANS.c.status == "active")
    stmt = stmt.where(PLANS.c.id == plan_id) if plan_id is not None else stmt.where(PLANS.c.is_default)
    row = (await session.execute(stmt)).mappings().first()
    if row is None:
        raise PlanNotFound(reason="plan_not_found" if plan_id is not None else "no_default_plan")
    return dict(row)


async def _card(
    session: AsyncSession, principal: StoreScoped, payment_method_id: UUID | None
) -> dict[str, Any]:
    stmt = scoped(sa.select(PAYMENT_METHODS), PAYMENT_METHODS, principal)
    if payment_method_id is not None:
        row = (
            (await session.execute(stmt.where(PAYMENT_METHODS.c.id == payment_method_id))).mappings().first()
        )
        if row is None:
            raise PaymentMethodNotFound(reason="payment_method_not_found")
        return dict(row)
    # the default card (G-16 keeps exactly one while the store has cards; the newest otherwise)
    row = (
        (
            await session.execute(
                stmt.order_by(
                    PAYMENT_METHODS.c.is_default.desc(),
                    PAYMENT_METHODS.c.created_at.desc(),
                    PAYMENT_METHODS.c.id.desc(),
                ).limit(1)
            )
        )
        .mappings()
        .first()
    )
    if row is None:
        raise NoCard(reason="no_card")
    return dict(row)


def provider_key(store_id: UUID, request_key: str) -> str:
    """The provider idempotency key of a create: the store and the request's ``Idempotency-Key``
    (hashed: a client key may be 255 characters, Stripe allows 255 in all)."""
    digest = hashlib.sha256(f"{store_id}\x1f{request_key}".encode()).hexdigest()[:40]
    return f"pf_subscription_create:{store_id}:{digest}"


def _local_charge_id(snap: SubscriptionSnapshot) -> str:
    start = snap.current_period_start or snap.current_period_end
    return f"ch_local_{snap.subscription_id}_{int(start.timestamp())}"


async def create_subscription(
    db: Database,
    provider: BillingProvider,
    principal: StoreScoped,
    *,
    plan_id: str | None,
    payment_method_id: UUID | None,
    request_key: str,
    now: datetime,
) -> SubscriptionView:
    """Subscribe the store (module docstring); ``created=False`` for an existing active one."""
    store_id = active_store_id(principal)
    async with db.read() as session:
        existing = await _current(session, principal)
        customer = await _customer(session, principal)
        if existing is not None and is_active(existing["status"]):
            log.info(
                "finance.subscription.already_active",
                store_id=str(store_id),
                status=existing["status"],
                subscription_id=str(existing["id"]),
            )
            return SubscriptionView(existing, _provider_of(customer, provider))
        if customer is None:
            raise NoBillingCustomer(reason="no_billing_customer")
        plan = await _plan(session, plan_id)
        card = await _card(session, principal, payment_method_id)

    try:
        snap = await provider.create_subscription(
            customer_id=customer["stripe_customer_id"],
            price_id=plan["stripe_price_id"],
            payment_method_id=card["stripe_payment_method_id"],
            trial_days=plan["trial_days"],
            period_days=PERIOD_DAYS.get(plan["interval"], 30),
            metadata={"store_id": str(store_id), "plan_id": plan["id"]},
            idempotency_key=provider_key(store_id, request_key),
        )
    except ProviderUnavailable as exc:
        log.warning(
            "finance.subscription.provider_unavailable",
            action="create",
            store_id=str(store_id),
            error=str(exc)[:200],
        )
        raise BillingUnavailable("create_subscription") from exc
    except ProviderRejected as exc:
        log.warning(
            "finance.subscription.provider_refused",
            action="create",
            store_id=str(store_id),
            code=exc.code,
            error=str(exc)[:200],
        )
        raise BillingProviderRefused(reason=exc.code or "provider_rejected") from exc

    async with db.transaction() as session:
        applied = await apply_snapshot(
            session, snap, at=now, store_id=store_id, plan_id=plan["id"], source="api.create"
        )
        if applied.outcome != "other_subscription" and provider.name == "local" and snap.status == "active":
            assert applied.row is not None  # the store is known: we named it
            await record_charge(
                session,
                store_id=store_id,
                type="subscription",
                status="succeeded",
                amount_cents=plan["price_amount_cents"],
                currency=plan["currency_code"],
                stripe_charge_id=_local_charge_id(snap),
                at=now,
                subscription_id=applied.row["id"],
                payment_method_id=card["id"],
                description=f"{plan['name']}: first period",
                metadata={"plan_id": plan["id"], "provider": "local"},
            )
    if applied.outcome == "other_subscription":
        # another request made the store active between our read and our write: keep the winner,
        # end ours at the provider so the store is never billed twice
        await _cancel_duplicate(provider, snap, store_id=store_id)
        assert applied.row is not None
        return SubscriptionView(applied.row, _provider_of(customer, provider))
    assert applied.row is not None
    log.info(
        "finance.subscription.created",
        store_id=str(store_id),
        plan_id=plan["id"],
        status=applied.row["status"],
        outcome=applied.outcome,
        provider=provider.name,
    )
    return SubscriptionView(applied.row, _provider_of(customer, provider), created=True)


async def _cancel_duplicate(provider: BillingProvider, snap: SubscriptionSnapshot, *, store_id: UUID) -> None:
    try:
        await provider.cancel_subscription(current=snap, at_period_end=False)
    except ProviderError as exc:
        log.error(
            "finance.subscription.duplicate_not_canceled",
            store_id=str(store_id),
            subscription_id=snap.subscription_id,
            error=str(exc)[:200],
        )
        return
    log.warning(
        "finance.subscription.duplicate_canceled",
        store_id=str(store_id),
        subscription_id=snap.subscription_id,
    )


# --- cancel, pause, resume ----------------------------------------------------------------------

Call = Callable[[SubscriptionSnapshot], Awaitable[SubscriptionSnapshot]]


async def _read_for_change(
    db: Database, principal: StoreScoped, provider: BillingProvider
) -> tuple[dict[str, Any], str]:
    async with db.read() as session:
        row = await _current(session, principal)
        if row is None:
            raise SubscriptionNotFound(reason="subscription_not_found")
        return row, _provider_of(await _customer(session, principal), provider)


async def _change(
    db: Database, row: dict[str, Any], *, action: str, call: Call, now: datetime
) -> dict[str, Any]:
    """Call the provider (no session open) and apply its answer in a short transaction."""
    try:
        snap = await call(snapshot_of_row(row))
    except ProviderUnavailable as exc:
        log.warning(
            "finance.subscription.provider_unavailable",
            action=action,
            store_id=str(row["store_id"]),
            error=str(exc)[:200],
        )
        raise BillingUnavailable(f"{action}_subscription") from exc
    except ProviderRejected as exc:
        log.warning(
            "finance.subscription.provider_refused",
            action=action,
            store_id=str(row["store_id"]),
            code=exc.code,
            error=str(exc)[:200],
        )
        raise SubscriptionStateConflict(row["status"], action=action, provider_code=exc.code) from exc
    async with db.transaction() as session:
        applied = await apply_snapshot(
            session, snap, at=now, store_id=row["store_id"], source=f"api.{action}"
        )
    assert applied.row is not None  # the row exists: found by its provider id
    log.info(
        "finance.subscription.changed",
        action=action,
        store_id=str(row["store_id"]),
        previous_status=row["status"],
        status=applied.row["status"],
        cancel_at_period_end=applied.row["cancel_at_period_end"],
        outcome=applied.outcome,
    )
    return applied.row


async def cancel_subscription(
    db: Database, provider: BillingProvider, principal: StoreScoped, *, now: datetime
) -> SubscriptionView:
    """Cancel at period end; immediately when already ``past_due`` (module docstring)."""
    row, provider_name = await _read_for_change(db, principal, provider)
    immediately = row["status"] == "past_due"
    if row["status"] in ENDED or (row["cancel_at_period_end"] and not immediately):
        log.info(
            "finance.subscription.cancel_noop",
            store_id=str(row["store_id"]),
            status=row["status"],
            cancel_at_period_end=row["cancel_at_period_end"],
        )
        return SubscriptionView(row, provider_name)

    async def call(current: SubscriptionSnapshot) -> SubscriptionSnapshot:
        return await provider.cancel_subscription(current=current, at_period_end=not immediately)

    return SubscriptionView(await _change(db, row, action="canceled", call=call, now=now), provider_name)


async def pause_subscription(
    db: Database, provider: BillingProvider, principal: StoreScoped, *, now: datetime
) -> SubscriptionView:
    """``active``/``trialing`` ⇒ ``paused``; otherwise 422."""
    row, provider_name = await _read_for_change(db, principal, provider)
    if row["status"] not in PAUSABLE:
        raise SubscriptionStateConflict(row["status"], action="paused")

    async def call(current: SubscriptionSnapshot) -> SubscriptionSnapshot:
        return await provider.pause_subscription(current=current)

    return SubscriptionView(await _change(db, row, action="paused", call=call, now=now), provider_name)


async def resume_subscription(
    db: Database, provider: BillingProvider, principal: StoreScoped, *, now: datetime
) -> SubscriptionView:
    """``paused`` ⇒ ``active``; otherwise 422."""
    row, provider_name = await _read_for_change(db, principal, provider)
    if row["status"] != "paused":
        raise SubscriptionStateConflict(row["status"], action="resumed")

    async def call(current: SubscriptionSnapshot) -> SubscriptionSnapshot:
        return await provider.resume_subscription(current=current)

    return SubscriptionView(await _change(db, row, action="resumed", call=call, now=now), provider_name)


# --- reconcile (daily job) ----------------------------------------------------------------------


@dataclass(slots=True)
class ReconcileStats:
    examined: int = 0
    changed: int = 0
    flipped: int = 0
    unchanged: int = 0
    unknown_at_provider: int = 0  # the provider answered None (the local provider always does)
    not_applied: int = 0  # stale (a newer fact landed meanwhile) or another subscription
    unavailable: int = 0  # the provider failed: the rest of the batch waits for the next run
    changes: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, int]:
        return {
            "examined": self.examined,
            "changed": self.changed,
            "flipped": self.flipped,
            "unchanged": self.unchanged,
            "unknown_at_provider": self.unknown_at_provider,
            "not_applied": self.not_applied,
            "unavailable": self.unavailable,
        }


async def reconcile_subscriptions(
    db: Database, provider: BillingProvider, *, now: datetime, window_days: int, batch: int
) -> ReconcileStats:
    """Re-fetch the subscriptions updated in the last ``window_days`` (at most ``batch``, least
    recently confirmed first) and repair drift. ``now`` (the run's start) is the time of every
    fact applied: anything the provider's webhooks applied after it wins."""
    since = now - timedelta(days=window_days)
    async with db.read() as session:
        rows = [
            dict(r)
            for r in (
                await session.execute(
                    sa.select(SUBSCRIPTIONS)
                    .where(SUBSCRIPTIONS.c.updated_at >= since)
                    .order_by(SUBSCRIPTIONS.c.provider_event_at.asc(), SUBSCRIPTIONS.c.id.asc())
                    .limit(batch)
                )
            ).mappings()
        ]
    stats = ReconcileStats()
    for row in rows:
        try:
            snap = await provider.get_subscription(subscription_id=row["stripe_subscription_id"])
        except ProviderUnavailable as exc:
            stats.unavailable = len(rows) - stats.examined
            log.warning(
                "finance.subscriptions.reconcile_provider_unavailable",
                left_for_next_run=stats.unavailable,
                error=str(exc)[:200],
            )
            break
        stats.examined += 1
        if snap is None:
            stats.unknown_at_provider += 1
            continue
        async with db.transaction() as session:
            applied = await apply_snapshot(
                session, snap, at=now, store_id=row["store_id"], source="reconcile"
            )
        _count(stats, row, applied)
    log.info("finance.subscriptions.reconciled", window_days=window_days, batch=batch, **stats.as_dict())
    return stats


def _count(stats: ReconcileStats, row: dict[str, Any], applied: Applied) -> None:
    if applied.outcome in ("updated", "created"):
        assert applied.row is not None
        stats.changed += 1
        stats.flipped += int(applied.flipped)
        change = {
            "store_id": str(row["store_id"]),
            "subscription_id": str(row["id"]),
            "from_status": row["status"],
            "to_status": applied.row["status"],
            "flipped": applied.flipped,
        }
        stats.changes.append(change)
        log.info("finance.subscriptions.drift_repaired", **change)
    elif applied.outcome == "unchanged":
        stats.unchanged += 1
    else:
        stats.not_applied += 1
        log.info(
            "finance.subscriptions.reconcile_skipped",
            store_id=str(row["store_id"]),
            outcome=applied.outcome,
        )
