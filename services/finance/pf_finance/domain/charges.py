"""Charges (DOMAIN §5.6 charges; EVENTS.md ``charge_recorded``): money taken, or tried, from a
vendor store — a subscription invoice (from the provider's webhooks or the local provider's
answer) or a usage charge (ad spend, billed off-session).

:func:`record_charge` is the one writer: it inserts the row — or, when the provider's charge id
is already known (a replayed or reordered webhook, a retried bill), moves the existing row to the
new status only when that is a step forward (``pending`` → ``succeeded``/``failed``, ``succeeded``
→ ``refunded``) — and stages ``charge_recorded`` in the same transaction whenever a row is
created or changes status. Call it inside the caller's transaction.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from pf_common.events.common import ChargeStatus, ChargeType
from pf_common.events.finance import ChargeRecordedV1
from pf_common.ids import uuid7
from pf_common.logging import get_logger
from pf_common.outbox import emit
from pf_finance.models import Charge

__all__ = ["CHARGES", "RecordedCharge", "record_charge"]

log = get_logger(__name__)

CHARGES: sa.Table = Charge.__table__  # type: ignore[attr-defined]

# which status may follow which (anything else is a replay or an older fact: ignored)
_FORWARD: dict[str, frozenset[str]] = {
    "pending": frozenset({"succeeded", "failed"}),
    "failed": frozenset({"succeeded"}),  # a retried invoice that was paid after all
    "succeeded": frozenset({"refunded"}),
    "refunded": frozenset(),
}


@dataclass(frozen=True, slots=True)
class RecordedCharge:
    row: dict[str, Any]
    outcome: Literal["created", "updated", "unchanged"]


async def record_charge(
    session: AsyncSession,
    *,
    store_id: uuid.UUID,
    type: Literal["subscription", "ad_spend", "other"],
    status: Literal["pending", "succeeded", "failed", "refunded"],
    amount_cents: int,
    currency: str,
    stripe_charge_id: str | None,
    at: datetime,
    subscription_id: uuid.UUID | None = None,
    payment_method_id: uuid.UUID | None = None,
    usage_charge_id: uuid.UUID | None = None,
    description: str | None = None,
    failure_reason: str | None = None,
    metadata: dict[str, Any] | None = None,
) -> RecordedCharge:
    """Insert or advance a charge (module docstring); ``at`` is when it was billed (the
    provider's time) and the event's ``occurred_at``."""
    existing: dict[str, Any] | None = None
    if stripe_charge_id is not None:
        found = (
            (
                await session.execute(
                    sa.select(CHARGES).where(CHARGES.c.stripe_charge_id == stripe_charge_id).with_for_update()
                )
            )
            .mappings()
            .first()
        )
        existing = dict(found) if found is not None else None
    if existing is None:
        values = {
            "id": uuid7(),
            "store_id": store_id,
            "type": type,
            "subscription_id": subscription_id,
            "payment_method_id": payment_method_id,
            "usage_charge_id": usage_charge_id,
            "stripe_charge_id": stripe_charge_id,
            "amount_cents": amount_cents,
            "currency": currency,
            "status": status,
            "description": description,
            "failure_reason": failure_reason,
            "billed_at": at,
            "metadata": metadata or {},
        }
        created = (
            (
                await session.execute(
                    insert(CHARGES).values(**values).on_conflict_do_nothing().returning(*CHARGES.c)
                )
            )
            .mappings()
            .first()
        )
        if created is None:  # the same provider charge recorded concurrently: advance it instead
            return await record_charge(
                session,
                store_id=store_id,
                type=type,
                status=status,
                amount_cents=amount_cents,
                currency=currency,
                stripe_charge_id=stripe_charge_id,
                at=at,
                subscription_id=subscription_id,
                payment_method_id=payment_method_id,
                usage_charge_id=usage_charge_id,
                description=description,
                failure_reason=failure_reason,
                metadata=metadata,
            )
        row = dict(created)
        await _emit(session, row, at=at)
        log.info(
            "finance.charge.recorded",
            charge_id=str(row["id"]),
            status=status,
            type=type,
            amount_cents=amount_cents,
        )
        return RecordedCharge(row, "created")
    if status not in _FORWARD[existing["status"]]:
        return RecordedCharge(existing, "unchanged")
    row = dict(
        (
            await session.execute(
                sa.update(CHARGES)
                .where(CHARGES.c.id == existing["id"])
                .values(status=status, failure_reason=failure_reason, billed_at=at, updated_at=sa.func.now())
                .returning(*CHARGES.c)
            )
        )
        .mappings()
        .one()
    )
    await _emit(session, row, at=at)
    log.info("finance.charge.advanced", charge_id=str(row["id"]), previous=existing["status"], status=status)
    return RecordedCharge(row, "updated")


async def _emit(session: AsyncSession, row: dict[str, Any], *, at: datetime) -> None:
    await emit(
        session,
        ChargeRecordedV1(
            charge_id=row["id"],
            store_id=row["store_id"],
            type=ChargeType(row["type"]),
            status=ChargeStatus(row["status"]),
            amount_cents=row["amount_cents"],
            usage_charge_id=row["usage_charge_id"],
            failure_reason=row["failure_reason"],
        ),
        store_id=row["store_id"],
        occurred_at=at,
    )
