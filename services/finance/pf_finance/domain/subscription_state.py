"""A store's subscription follows the provider (DOMAIN §5.6 subscriptions; GAPS G-14).

:func:`apply_snapshot` is the one way a subscription row changes: the subscription routes apply
the provider's answer to their call, the webhook consumer the subscription a provider event
carries, the reconcile job what it re-fetched. Under the row's lock (``SELECT … FOR UPDATE``) it

* resolves the store: the row holding the provider's subscription id, else the store the caller
  names or the snapshot's metadata ``store_id``; neither ⇒ ``unknown_store`` (logged, nothing
  written — never fatal);
* refuses a stale fact: ``at`` (the provider's time of the fact: a webhook event's ``created``,
  or the moment an API call answered) older than the row's ``provider_event_at`` ⇒ ``stale``, so
  replays and out-of-order deliveries never move a store backwards; an equal time applies (a
  replay of the same fact is a no-op; two facts in the same provider second keep arrival order);
* keeps one subscription per store: a snapshot of another subscription of the store replaces the
  row only when the row's subscription no longer makes the store active (canceled, expired,
  incomplete…) — a late event of an old subscription never overwrites the current one
  (``other_subscription``);
* writes every provider field, and when ``subscription_active`` (``status ∈ {trialing, active,
  past_due}``) flips, stages ``subscription_status_changed`` in the same transaction with
  ``occurred_at = changed_at = at`` and the previous status (catalog versions its projection by
  the envelope's ``occurred_at``, identity by ``changed_at``; identity's notice reads
  ``previous_status``).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from pf_common.events.common import SubscriptionStatus
from pf_common.events.finance import SubscriptionStatusChangedV1
from pf_common.ids import uuid7
from pf_common.logging import get_logger
from pf_common.outbox import emit
from pf_finance.billing.provider import SubscriptionSnapshot
from pf_finance.models import ACTIVE_SUBSCRIPTION_STATUSES, Subscription

__all__ = ["Applied", "apply_snapshot", "is_active", "snapshot_of_row"]

log = get_logger(__name__)

SUBSCRIPTIONS: sa.Table = Subscription.__table__  # type: ignore[attr-defined]

Outcome = Literal["created", "updated", "unchanged", "stale", "unknown_store", "other_subscription"]


@dataclass(frozen=True, slots=True)
class Applied:
    outcome: Outcome
    row: dict[str, Any] | None  # the row after the call (None: unknown store)
    flipped: bool = False


def is_active(status: str | None) -> bool:
    return status in ACTIVE_SUBSCRIPTION_STATUSES


def snapshot_of_row(row: dict[str, Any]) -> SubscriptionSnapshot:
    """finance's view of a subscription as a snapshot (what the local provider answers from)."""
    return SubscriptionSnapshot(
        subscription_id=row["stripe_subscription_id"],
        customer_id=row["stripe_customer_id"],
        status=row["status"],
        price_id=row["price_id"],
        payment_method_id=row["stripe_payment_method_id"],
        current_period_start=row["current_period_start"],
        current_period_end=row["current_period_end"],
        cancel_at_period_end=row["cancel_at_period_end"],
        canceled_at=row["canceled_at"],
        paused_at=row["paused_at"],
        resume_effective_at=row["resume_effective_at"],
        trial_end=row["trial_end"],
        store_id=str(row["store_id"]),
        plan_id=row["billing_plan_id"],
        metadata={k: str(v) for k, v in (row["metadata"] or {}).items()},
    )


def _values(
    snap: SubscriptionSnapshot, *, at: datetime, plan_id: str | None, old: dict[str, Any] | None
) -> dict[str, Any]:
    same = old is not None and old["stripe_subscription_id"] == snap.subscription_id
    paused = snap.status == "paused"
    return {
        "stripe_subscription_id": snap.subscription_id,
        "stripe_customer_id": snap.customer_id,
        "billing_plan_id": plan_id or snap.plan_id or (old["billing_plan_id"] if same and old else None),
        "stripe_payment_method_id": snap.payment_method_id
        or (old["stripe_payment_method_id"] if same and old else None),
        "status": snap.status,
        "price_id": snap.price_id,
        "current_period_start": snap.current_period_start,
        "current_period_end": snap.current_period_end,
        "cancel_at_period_end": snap.cancel_at_period_end,
        "canceled_at": snap.canceled_at,
        "paused_at": (snap.paused_at or (old["paused_at"] if same and old else None) or at)
        if paused
        else None,
        "pause_effective_at": (snap.paused_at or at) if paused else None,
        "resume_effective_at": snap.resume_effective_at,
        "trial_end": snap.trial_end,
        "provider_event_at": at,
        "metadata": dict(snap.metadata),
    }


_COMPARED = (
    "stripe_subscription_id",
    "stripe_customer_id",
    "billing_plan_id",
    "stripe_payment_method_id",
    "status",
    "price_id",
    "current_period_start",
    "current_period_end",
    "cancel_at_period_end",
    "canceled_at",
    "paused_at",
    "resume_effective_at",
    "trial_end",
)


async def _locked(session: AsyncSession, where: sa.ColumnElement[bool]) -> dict[str, Any] | None:
    row = (await session.execute(sa.select(SUBSCRIPTIONS).where(where).with_for_update())).mappings().first()
    return dict(row) if row is not None else None


async def apply_snapshot(
    session: AsyncSession,
    snap: SubscriptionSnapshot,
    *,
    at: datetime,
    store_id: uuid.UUID | None = None,
    plan_id: str | None = None,
    source: str,
) -> Applied:
    """Apply the provider's view of a subscription (module docstring). ``source`` names the
    caller in logs (``api.create``, ``webhook:customer.subscription.updated``, ``reconcile``)."""
    row = await _locked(session, SUBSCRIPTIONS.c.stripe_subscription_id == snap.subscription_id)
    if row is None:
        store = store_id or _metadata_store(snap)
        if store is None:
            log.warning(
                "finance.subscription.unknown_store", subscription_id=snap.subscription_id, source=source
            )
            return Applied("unknown_store", None)
        row = await _locked(session, SUBSCRIPTIONS.c.store_id == store)
        if row is None:
            values = {"id": uuid7(), "store_id": store, **_values(snap, at=at, plan_id=plan_id, old=None)}
            created = (
                (
                    await session.execute(
                        insert(SUBSCRIPTIONS)
                        .values(**values)
                        .on_conflict_do_nothing(index_elements=["store_id"])
                        .returning(*SUBSCRIPTIONS.c)
                    )
                )
                .mappings()
                .first()
            )
            if created is None:  # a concurrent first fact of the store won: apply on top of it
                return await apply_snapshot(
                    session, snap, at=at, store_id=store, plan_id=plan_id, source=source
                )
            new = dict(created)
            flipped = is_active(new["status"])
            if flipped:
                await _emit_change(session, new, previous_status=None, at=at)
            log.info(
                "finance.subscription.applied",
                outcome="created",
                store_id=str(store),
                status=new["status"],
                source=source,
            )
            return Applied("created", new, flipped)
    if at < row["provider_event_at"]:
        log.info(
            "finance.subscription.stale",
            store_id=str(row["store_id"]),
            subscription_id=snap.subscription_id,
            source=source,
        )
        return Applied("stale", row)
    if row["stripe_subscription_id"] != snap.subscription_id and is_active(row["status"]):
        log.warning(
            "finance.subscription.other_subscription",
            store_id=str(row["store_id"]),
            current=row["stripe_subscription_id"],
            ignored=snap.subscription_id,
            source=source,
        )
        return Applied("other_subscription", row)
    values = _values(snap, at=at, plan_id=plan_id, old=row)
    if all(values[k] == row[k] for k in _COMPARED):
        if at > row["provider_event_at"]:
            await session.execute(
                sa.update(SUBSCRIPTIONS).where(SUBSCRIPTIONS.c.id == row["id"]).values(provider_event_at=at)
            )
            row = {**row, "provider_event_at": at}
        return Applied("unchanged", row)
    new = dict(
        (
            await session.execute(
                sa.update(SUBSCRIPTIONS)
                .where(SUBSCRIPTIONS.c.id == row["id"])
                .values(**values, updated_at=sa.func.now())
                .returning(*SUBSCRIPTIONS.c)
            )
        )
        .mappings()
        .one()
    )
    flipped = is_active(row["status"]) != is_active(new["status"])
    if flipped:
        await _emit_change(session, new, previous_status=row["status"], at=at)
    log.info(
        "finance.subscription.applied",
        outcome="updated",
        store_id=str(new["store_id"]),
        previous_status=row["status"],
        status=new["status"],
        flipped=flipped,
        source=source,
    )
    return Applied("updated", new, flipped)


def _metadata_store(snap: SubscriptionSnapshot) -> uuid.UUID | None:
    raw = snap.store_id or snap.metadata.get("store_id")
    if not raw:
        return None
    try:
        return uuid.UUID(raw)
    except ValueError:
        return None


def _known(status: str | None) -> SubscriptionStatus | None:
    try:
        return SubscriptionStatus(status) if status is not None else None
    except ValueError:
        return None


async def _emit_change(
    session: AsyncSession, row: dict[str, Any], *, previous_status: str | None, at: datetime
) -> None:
    status = _known(row["status"])
    # an unknown provider status is inactive; the event's enum names it as the closest known one
    await emit(
        session,
        SubscriptionStatusChangedV1(
            store_id=row["store_id"],
            subscription_id=row["id"],
            previous_status=_known(previous_status),
            status=status or SubscriptionStatus.UNPAID,
            subscription_active=is_active(row["status"]),
            current_period_end=row["current_period_end"],
            cancel_at_period_end=row["cancel_at_period_end"],
            changed_at=at,
        ),
        store_id=row["store_id"],
        occurred_at=at,
    )
