"""Usage charges: a store's ad spend of one day, billed off-session (DOMAIN §5.6 usage_charges;
EVENTS.md ``ad_spend_rolled_up`` → ``charge_recorded``).

**Record** (:func:`record_usage`, from ``ad_spend_rolled_up``): insert-if-absent the store's
``ad_spend`` usage charge of ``for_date`` (unique ``(store_id, usage_type, for_date)``; quantity =
impressions, amount in cents, USD). A redelivered or repeated event finds the row and changes
nothing (a different amount is logged, never applied: the first rollup of a day is the one
billed). Amount 0 ⇒ ``skipped`` at once: nothing to charge, no event. Otherwise ``pending`` and
due now (``next_attempt_at``).

**Bill** (:func:`bill_usage_charge`; the consumer right after recording, the ``bill_usage`` job
for every pending row that is due): claim → call → record, never a provider call inside a
transaction (ARCHITECTURE §1):

1. *claim* — one guarded UPDATE: ``pending`` and due ⇒ ``attempt_count + 1`` and
   ``next_attempt_at`` pushed past the call (a lease), RETURNING the row. Of a consumer and a job
   (or two jobs) racing for one row exactly one gets it; the others see it not due and leave.
   In the same transaction the store's billing customer and default card are read; either
   missing ⇒ ``needs_attention`` and ``charge_recorded(failed)`` there and then.
2. *call* — ``charge_off_session`` on the default card, no connection held, with the provider
   idempotency key ``pf_usage_charge:<usage charge id>`` — the last line of defence: a lease
   that ran out while a call was still in flight, or a crash between call and record, repeats
   the key and the provider answers the first charge again instead of charging twice. Stripe
   stores a key's first answer, declines included, so after a *definite* retryable failure the
   next attempt takes a new key (``pf_usage_charge:<id>:<n>``, ``n`` kept in the row's
   metadata ``provider_key_seq``); after an *unknown* outcome (``ProviderUnavailable``: the
   charge may have gone through) the same key is used again.
3. *record* — one guarded UPDATE on ``pending`` and the claimed ``attempt_count`` (only the
   claimant records; a late answer of an expired claim is logged and dropped):

   * succeeded ⇒ ``charged`` + a ``charges`` row (``ad_spend``, ``succeeded``, the usage charge's
     id) and ``charge_recorded`` through :func:`~pf_finance.domain.charges.record_charge`;
   * retryable failure (a processing error, or the provider unreachable) ⇒ stays ``pending``,
     due again after ``retry_base_s × 2^(attempt − 1)``, ``last_error`` kept; the
     ``max_attempts``-th such failure ⇒ ``failed`` + ``charge_recorded(failed)``;
   * a decline, or the provider refusing the card ⇒ ``needs_attention`` +
     ``charge_recorded(failed)`` — a person must fix the card; no automatic retry.

Store-scoped reads go through ``pf_common.tenancy`` (``acting_for`` the event's store).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Final, Literal
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from pf_common.db import Database
from pf_common.ids import uuid7
from pf_common.logging import get_logger
from pf_common.tenancy import acting_for, scoped
from pf_finance.billing.provider import BillingProvider, ChargeResult, ProviderRejected, ProviderUnavailable
from pf_finance.domain.charges import record_charge
from pf_finance.models import BillingCustomer, PaymentMethod, Subscription, UsageCharge

__all__ = [
    "USAGE",
    "BillOutcome",
    "BillingRules",
    "bill_due_usage_charges",
    "bill_usage_charge",
    "charge_key",
    "record_usage",
]

log = get_logger(__name__)

USAGE: sa.Table = UsageCharge.__table__  # type: ignore[attr-defined]
CUSTOMERS: sa.Table = BillingCustomer.__table__  # type: ignore[attr-defined]
PAYMENT_METHODS: sa.Table = PaymentMethod.__table__  # type: ignore[attr-defined]
SUBSCRIPTIONS: sa.Table = Subscription.__table__  # type: ignore[attr-defined]

AD_SPEND: Final = "ad_spend"
CURRENCY: Final = "USD"
# a claim holds the row at least this long: longer than any provider call (Stripe's timeout and
# retries included), so a second biller never claims a row whose call is still in flight
MIN_LEASE_S: Final = 120
KEY_SEQ: Final = "provider_key_seq"

BillOutcome = Literal["charged", "retry", "failed", "needs_attention", "not_due"]


@dataclass(frozen=True, slots=True)
class BillingRules:
    """The retry rules (settings ``usage_charge_max_attempts``, ``usage_charge_retry_base_s``)."""

    max_attempts: int
    retry_base_s: int

    def backoff(self, attempt: int) -> timedelta:
        """How long after the ``attempt``-th failed try the next one is due."""
        return timedelta(seconds=self.retry_base_s * 2 ** max(attempt - 1, 0))

    def lease(self) -> timedelta:
        """How long a claim holds a row (module docstring, step 1)."""
        return timedelta(seconds=max(MIN_LEASE_S, self.retry_base_s))


def charge_key(usage_charge_id: UUID, seq: int) -> str:
    """The provider idempotency key of a usage charge's attempt (module docstring)."""
    return f"pf_usage_charge:{usage_charge_id}" if seq == 0 else f"pf_usage_charge:{usage_charge_id}:{seq}"


# --- record -------------------------------------------------------------------------------------


async def record_usage(
    session: AsyncSession,
    *,
    store_id: UUID,
    for_date: date,
    amount_cents: int,
    impressions: int,
    clicks: int,
    ads: int,
    now: datetime,
) -> dict[str, Any]:
    """Insert-if-absent the store's ad spend of ``for_date``; the row as it is after the call."""
    subscription_id = await session.scalar(
        scoped(sa.select(SUBSCRIPTIONS.c.id), SUBSCRIPTIONS, acting_for(store_id))
    )
    start = datetime.combine(for_date, time.min, tzinfo=UTC)
    skipped = amount_cents == 0
    inserted = (
        (
            await session.execute(
                insert(USAGE)
                .values(
                    id=uuid7(),
                    store_id=store_id,
                    subscription_id=subscription_id,
                    usage_type=AD_SPEND,
                    for_date=for_date,
                    quantity=impressions,
                    amount_cents=amount_cents,
                    currency=CURRENCY,
                    billing_status="skipped" if skipped else "pending",
                    next_attempt_at=None if skipped else now,
                    description=f"Ad spend {for_date.isoformat()}",
                    billing_period_start=start,
                    billing_period_end=start + timedelta(days=1),
                    metadata={"clicks": clicks, "ads": ads},
                )
                .on_conflict_do_nothing(index_elements=["store_id", "usage_type", "for_date"])
                .returning(*USAGE.c)
            )
        )
        .mappings()
        .first()
    )
    if inserted is not None:
        row = dict(inserted)
        log.info(
            "finance.usage.recorded",
            usage_charge_id=str(row["id"]),
            store_id=str(store_id),
            for_date=for_date.isoformat(),
            amount_cents=amount_cents,
            billing_status=row["billing_status"],
        )
        return row
    existing = (
        (
            await session.execute(
                scoped(sa.select(USAGE), USAGE, acting_for(store_id)).where(
                    USAGE.c.usage_type == AD_SPEND, USAGE.c.for_date == for_date
                )
            )
        )
        .mappings()
        .one()
    )
    row = dict(existing)
    if row["amount_cents"] != amount_cents:
        log.warning(
            "finance.usage.amount_differs",
            usage_charge_id=str(row["id"]),
            store_id=str(store_id),
            for_date=for_date.isoformat(),
            recorded_cents=row["amount_cents"],
            event_cents=amount_cents,
        )
    return row


# --- bill ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Claim:
    row: dict[str, Any]
    customer_id: str
    payment_method_id: str  # the provider's id of the default card
    payment_method_row_id: UUID


async def _claim(
    db: Database, usage_charge_id: UUID, *, now: datetime, rules: BillingRules
) -> _Claim | BillOutcome:
    """Step 1 (module docstring): the claimed row with its customer and card, or an outcome."""
    async with db.transaction() as session:
        claimed = (
            (
                await session.execute(
                    sa.update(USAGE)
                    .where(
                        USAGE.c.id == usage_charge_id,
                        USAGE.c.billing_status == "pending",
                        sa.or_(USAGE.c.next_attempt_at.is_(None), USAGE.c.next_attempt_at <= now),
                    )
                    .values(
                        attempt_count=USAGE.c.attempt_count + 1,
                        next_attempt_at=now + rules.lease(),
                        updated_at=now,
                    )
                    .returning(*USAGE.c)
                )
            )
            .mappings()
            .first()
        )
        if claimed is None:
            return "not_due"
        row = dict(claimed)
        store = acting_for(row["store_id"])
        customer = await session.scalar(scoped(sa.select(CUSTOMERS.c.stripe_customer_id), CUSTOMERS, store))
        card = (
            (
                await session.execute(
                    scoped(
                        sa.select(PAYMENT_METHODS.c.id, PAYMENT_METHODS.c.stripe_payment_method_id),
                        PAYMENT_METHODS,
                        store,
                    ).where(PAYMENT_METHODS.c.is_default)
                )
            )
            .mappings()
            .first()
        )
        if customer is None or card is None:
            reason = "no_billing_customer" if customer is None else "no_default_card"
            await _finish(
                session,
                row,
                status="needs_attention",
                failure_reason=reason,
                charge=None,
                card_id=None,
                now=now,
            )
            return "needs_attention"
        return _Claim(row, customer, card["stripe_payment_method_id"], card["id"])


async def bill_usage_charge(
    db: Database, provider: BillingProvider, usage_charge_id: UUID, *, now: datetime, rules: BillingRules
) -> BillOutcome:
    """Claim → charge → record one usage charge (module docstring). ``not_due``: nothing done
    (billed, skipped, given up, or claimed by another biller)."""
    claim = await _claim(db, usage_charge_id, now=now, rules=rules)
    if isinstance(claim, str):
        return claim
    row = claim.row
    attempt = row["attempt_count"]
    seq = int((row["metadata"] or {}).get(KEY_SEQ, 0))
    result: ChargeResult | None = None
    error: str
    try:
        result = await provider.charge_off_session(
            customer_id=claim.customer_id,
            payment_method_id=claim.payment_method_id,
            amount_cents=row["amount_cents"],
            currency=row["currency"],
            description=row["description"] or f"Ad spend {row['for_date']}",
            metadata={
                "usage_charge_id": str(row["id"]),
                "store_id": str(row["store_id"]),
                "for_date": row["for_date"].isoformat(),
            },
            idempotency_key=charge_key(row["id"], seq),
        )
    except ProviderUnavailable as exc:  # outcome unknown: retry with the same key
        error = f"provider_unavailable: {str(exc)[:200]}"
        outcome: BillOutcome = "retry" if attempt < rules.max_attempts else "failed"
    except ProviderRejected as exc:  # the card is unusable (detached, foreign): a person must act
        error = f"provider_rejected: {exc.code or str(exc)[:200]}"
        outcome = "needs_attention"
    else:
        if result.status == "succeeded":
            outcome, error = "charged", ""
        else:
            error = result.failure_code or "charge_failed"
            if result.retryable:
                outcome = "retry" if attempt < rules.max_attempts else "failed"
                seq += 1  # a definite answer is stored under its key: the next try needs a new one
            else:
                outcome = "needs_attention"

    async with db.transaction() as session:
        return await _record(
            session,
            row,
            outcome=outcome,
            error=error,
            result=result,
            seq=seq,
            card_id=claim.payment_method_row_id,
            now=now,
            rules=rules,
        )


async def _record(
    session: AsyncSession,
    row: dict[str, Any],
    *,
    outcome: BillOutcome,
    error: str,
    result: ChargeResult | None,
    seq: int,
    card_id: UUID,
    now: datetime,
    rules: BillingRules,
) -> BillOutcome:
    """Step 3 (module docstring): only the claimant (same ``attempt_count``, still pending)."""
    still_ours = (
        await session.execute(
            sa.select(USAGE.c.id)
            .where(
                USAGE.c.id == row["id"],
                USAGE.c.billing_status == "pending",
                USAGE.c.attempt_count == row["attempt_count"],
            )
            .with_for_update()
        )
    ).first()
    if still_ours is None:
        log.warning(
            "finance.usage.claim_lost",
            usage_charge_id=str(row["id"]),
            attempt=row["attempt_count"],
            outcome=outcome,
        )
        return "not_due"
    if outcome == "retry":
        due = now + rules.backoff(row["attempt_count"])
        await session.execute(
            sa.update(USAGE)
            .where(USAGE.c.id == row["id"])
            .values(
                next_attempt_at=due,
                last_error=error,
                metadata={**(row["metadata"] or {}), KEY_SEQ: seq},
                updated_at=now,
            )
        )
        log.warning(
            "finance.usage.retry_scheduled",
            usage_charge_id=str(row["id"]),
            store_id=str(row["store_id"]),
            attempt=row["attempt_count"],
            max_attempts=rules.max_attempts,
            next_attempt_at=due.isoformat(),
            error=error,
        )
        return "retry"
    status: Literal["charged", "failed", "needs_attention"] = (
        "charged" if outcome == "charged" else "failed" if outcome == "failed" else "needs_attention"
    )
    await _finish(
        session,
        {**row, "metadata": {**(row["metadata"] or {}), KEY_SEQ: seq}},
        status=status,
        failure_reason=error or None,
        charge=result,
        card_id=card_id,
        now=now,
    )
    return outcome


async def _finish(
    session: AsyncSession,
    row: dict[str, Any],
    *,
    status: Literal["charged", "failed", "needs_attention"],
    failure_reason: str | None,
    charge: ChargeResult | None,
    card_id: UUID | None,
    now: datetime,
) -> None:
    """The usage charge's final status with its ``charges`` row and ``charge_recorded``."""
    recorded = await record_charge(
        session,
        store_id=row["store_id"],
        type="ad_spend",
        status="succeeded" if status == "charged" else "failed",
        amount_cents=row["amount_cents"],
        currency=row["currency"],
        stripe_charge_id=charge.charge_id if charge is not None else None,
        at=now,
        subscription_id=row["subscription_id"],
        payment_method_id=card_id,
        usage_charge_id=row["id"],
        description=row["description"],
        failure_reason=failure_reason,
        metadata={"for_date": row["for_date"].isoformat(), "attempts": row["attempt_count"]},
    )
    await session.execute(
        sa.update(USAGE)
        .where(USAGE.c.id == row["id"])
        .values(
            billing_status=status,
            charge_id=recorded.row["id"],
            next_attempt_at=None,
            last_error=failure_reason,
            metadata=row["metadata"] or {},
            updated_at=now,
        )
    )
    log_at = log.info if status == "charged" else log.warning
    log_at(
        "finance.usage.billed",
        usage_charge_id=str(row["id"]),
        store_id=str(row["store_id"]),
        billing_status=status,
        amount_cents=row["amount_cents"],
        attempts=row["attempt_count"],
        charge_id=str(recorded.row["id"]),
        failure_reason=failure_reason,
    )


# --- the job ------------------------------------------------------------------------------------


async def bill_due_usage_charges(
    db: Database, provider: BillingProvider, *, now: datetime, rules: BillingRules, batch: int = 100
) -> dict[str, int]:
    """Bill every pending usage charge that is due at ``now`` (oldest due first, served by
    ``ix_usage_charges_due``), a batch at a time. A row that fails unexpectedly is logged and
    left to its lease (due again later); the others go on."""
    counts: dict[str, int] = {
        "charged": 0,
        "retry": 0,
        "failed": 0,
        "needs_attention": 0,
        "not_due": 0,
        "errors": 0,
    }
    seen: set[UUID] = set()
    while True:
        async with db.read() as session:
            ids = [
                i
                for i in (
                    await session.scalars(
                        sa.select(USAGE.c.id)
                        .where(
                            USAGE.c.billing_status == "pending",
                            sa.or_(USAGE.c.next_attempt_at.is_(None), USAGE.c.next_attempt_at <= now),
                        )
                        .order_by(USAGE.c.next_attempt_at.asc().nulls_first(), USAGE.c.id)
                        .limit(batch)
                    )
                ).all()
                if i not in seen
            ]
        if not ids:
            break
        for usage_charge_id in ids:
            seen.add(usage_charge_id)
            try:
                counts[await bill_usage_charge(db, provider, usage_charge_id, now=now, rules=rules)] += 1
            except Exception:
                counts["errors"] += 1
                log.exception("finance.usage.bill_error", usage_charge_id=str(usage_charge_id))
    if any(counts.values()):
        log.info("finance.usage.billing_run", **counts)
    return counts
