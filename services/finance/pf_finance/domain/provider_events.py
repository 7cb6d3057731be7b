"""The billing provider's webhook events (API.md §3.6 ``POST /api/v1/webhooks/stripe``;
HOUSE_STYLE §3.5): stored once, applied once, never moving a store backwards.

:func:`store_provider_event` is the webhook's whole write, in the request's ONE transaction: it
inserts the verified event into the ``provider_events`` inbox (``ON CONFLICT (provider,
provider_event_id) DO NOTHING``) and, only when the row is new, stages
``billing_provider_event_received`` for finance's own consumer. A redelivery (Stripe retries
until it gets a 2xx, and may deliver twice anyway) finds the row and is a ``duplicate``: nothing
written, nothing emitted, the same 200.

:func:`apply_provider_event` is that consumer's whole work, in its transaction (no network): it
locks the row, skips it when ``processed_at`` is set (applied before), applies the event and sets
``processed_at`` and ``outcome``. What each type does (Stripe's names):

* ``customer.subscription.created|updated|deleted|paused|resumed`` ⇒
  :func:`~pf_finance.domain.subscription_state.apply_snapshot` of the event's subscription
  (:func:`~pf_finance.billing.stripe.to_snapshot`) with ``at`` = the event's ``created``: an
  older event than the newest fact applied is ``stale`` and changes nothing, so replays and
  out-of-order deliveries never move a store backwards; ``deleted`` carries Stripe's
  ``canceled``. The outcome is apply_snapshot's (``created``, ``updated``, ``unchanged``,
  ``stale``, ``unknown_store``, ``other_subscription``);
* ``invoice.paid`` / ``invoice.payment_failed`` ⇒ :func:`~pf_finance.domain.charges.record_charge`
  (``subscription``; ``succeeded`` for ``amount_paid`` / ``failed`` for ``amount_due``). The
  store is the one whose subscription the invoice bills (``invoice.subscription``, or
  ``parent.subscription_details.subscription`` in later API versions), else the ``store_id`` of
  the invoice's or its subscription's metadata; neither ⇒ ``unknown_store`` (logged). The
  charge's provider id is the invoice's PaymentIntent (the same across the invoice's payment
  attempts, so a failed attempt and the later payment are one charge that moves ``failed →
  succeeded``), else its charge, else the invoice id (later API versions name neither). A zero
  invoice (a trial's) records nothing (``zero_amount``);
* ``payment_intent.succeeded`` / ``payment_intent.payment_failed`` ⇒ the charge whose provider id
  is the PaymentIntent's moves to ``succeeded``/``failed`` (record_charge moves a charge only
  forward: ``pending → succeeded|failed``, ``failed → succeeded``). Without such a row, a
  *succeeded* PaymentIntent finance created for a usage charge (metadata ``store_id`` and
  ``usage_charge_id``) is recorded as that usage charge's ``ad_spend`` charge — money moved, so
  the fact is kept even if the usage-billing job died before recording it (the job, which
  records the same PaymentIntent id, then finds it; the usage charge's own status stays the
  job's). A *failed* one without a row is left to the job (``no_charge``): its retry rules
  decide whether a failure is final, and a premature ``charge_recorded(failed)`` would alert the
  vendor and block its ads. Any other PaymentIntent is ``no_charge`` (an invoice's: its invoice
  event records it);
* any other type ⇒ ``ignored`` (stored for the record, never fatal).

An event's data that is not what its type promises (a subscription without an id…) is bad data:
:class:`~pf_common.errors.PoisonMessage` (dead-lettered; the row stays unprocessed).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from pf_common.errors import PoisonMessage
from pf_common.events.finance import BillingProviderEventReceivedV1
from pf_common.ids import uuid7
from pf_common.logging import get_logger
from pf_common.outbox import emit
from pf_finance.billing.stripe import to_snapshot
from pf_finance.billing.stripe_webhooks import StripeEvent
from pf_finance.domain.charges import CHARGES, record_charge
from pf_finance.domain.subscription_state import SUBSCRIPTIONS, apply_snapshot
from pf_finance.models import ProviderEvent

__all__ = [
    "CHARGE_EVENTS",
    "PROVIDER_EVENTS",
    "SUBSCRIPTION_EVENTS",
    "StoredProviderEvent",
    "apply_provider_event",
    "store_provider_event",
]

log = get_logger(__name__)

PROVIDER_EVENTS: sa.Table = ProviderEvent.__table__  # type: ignore[attr-defined]

SUBSCRIPTION_EVENTS = frozenset(
    {
        "customer.subscription.created",
        "customer.subscription.updated",
        "customer.subscription.deleted",
        "customer.subscription.paused",
        "customer.subscription.resumed",
    }
)
INVOICE_EVENTS: dict[str, Literal["succeeded", "failed"]] = {
    "invoice.paid": "succeeded",
    "invoice.payment_failed": "failed",
}
PAYMENT_INTENT_EVENTS: dict[str, Literal["succeeded", "failed"]] = {
    "payment_intent.succeeded": "succeeded",
    "payment_intent.payment_failed": "failed",
}
CHARGE_EVENTS = frozenset({*INVOICE_EVENTS, *PAYMENT_INTENT_EVENTS})


@dataclass(frozen=True, slots=True)
class StoredProviderEvent:
    row_id: uuid.UUID | None  # None: a duplicate (the row was stored before)
    duplicate: bool


async def store_provider_event(
    session: AsyncSession, event: StripeEvent, *, provider: Literal["stripe"] = "stripe"
) -> StoredProviderEvent:
    """Insert the verified event into the inbox once and stage its processing (module docstring)."""
    row_id = uuid7()
    inserted = await session.scalar(
        insert(PROVIDER_EVENTS)
        .values(
            id=row_id,
            provider=provider,
            provider_event_id=event.id,
            type=event.type,
            event_created_at=event.created,
            livemode=event.livemode,
            payload=event.payload,
        )
        .on_conflict_do_nothing(index_elements=["provider", "provider_event_id"])
        .returning(PROVIDER_EVENTS.c.id)
    )
    if inserted is None:
        log.info("finance.provider_event.duplicate", provider=provider, event_id=event.id, type=event.type)
        return StoredProviderEvent(None, duplicate=True)
    await emit(
        session,
        BillingProviderEventReceivedV1(
            provider_event_row_id=inserted,
            provider=provider,
            provider_event_id=event.id,
            provider_event_type=event.type,
        ),
    )
    log.info("finance.provider_event.stored", provider=provider, event_id=event.id, type=event.type)
    return StoredProviderEvent(inserted, duplicate=False)


async def apply_provider_event(session: AsyncSession, row_id: uuid.UUID) -> str | None:
    """Apply one stored event once (module docstring). Returns its outcome (None: applied before)."""
    found = (
        (
            await session.execute(
                sa.select(PROVIDER_EVENTS).where(PROVIDER_EVENTS.c.id == row_id).with_for_update()
            )
        )
        .mappings()
        .first()
    )
    if found is None:
        raise PoisonMessage(f"provider event {row_id} is not in the inbox")
    row = dict(found)
    if row["processed_at"] is not None:
        return None
    event_type: str = row["type"]
    at: datetime = row["event_created_at"]
    payload = row["payload"] if isinstance(row["payload"], Mapping) else {}
    data = payload.get("data")
    obj = data.get("object") if isinstance(data, Mapping) else None
    if not isinstance(obj, Mapping):
        raise PoisonMessage(f"provider event {row['provider_event_id']} has no data.object")
    if event_type in SUBSCRIPTION_EVENTS:
        outcome = await _apply_subscription(session, obj, at=at, event_type=event_type)
    elif event_type in INVOICE_EVENTS:
        outcome = await _apply_invoice(session, obj, at=at, status=INVOICE_EVENTS[event_type], row=row)
    elif event_type in PAYMENT_INTENT_EVENTS:
        outcome = await _apply_payment_intent(
            session, obj, at=at, status=PAYMENT_INTENT_EVENTS[event_type], row=row
        )
    else:
        outcome = "ignored"
    await session.execute(
        sa.update(PROVIDER_EVENTS)
        .where(PROVIDER_EVENTS.c.id == row_id)
        .values(processed_at=sa.func.now(), outcome=outcome)
    )
    log.info(
        "finance.provider_event.applied",
        provider=row["provider"],
        event_id=row["provider_event_id"],
        type=event_type,
        outcome=outcome,
    )
    return outcome


# --------------------------------------------------------------------------- subscriptions


async def _apply_subscription(
    session: AsyncSession, obj: Mapping[str, Any], *, at: datetime, event_type: str
) -> str:
    try:
        snap = to_snapshot(obj)
    except ValueError as exc:
        raise PoisonMessage(f"{event_type}: {exc}") from None
    applied = await apply_snapshot(session, snap, at=at, source=f"webhook:{event_type}")
    return applied.outcome


# --------------------------------------------------------------------------- charges


def _id_of(value: Any) -> str | None:
    if isinstance(value, str):
        return value or None
    if isinstance(value, Mapping):
        found = value.get("id")
        return found if isinstance(found, str) and found else None
    return None


def _uuid(value: Any) -> uuid.UUID | None:
    if not isinstance(value, str):
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def _metadata(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _amount(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def _currency(value: Any) -> str:
    return value.upper() if isinstance(value, str) and value else "USD"


def _invoice_subscription(invoice: Mapping[str, Any]) -> tuple[str | None, Mapping[str, Any]]:
    """The invoice's subscription id and that subscription's metadata, wherever the API version
    puts them (``subscription``/``subscription_details`` or ``parent.subscription_details``)."""
    parent = _metadata(invoice.get("parent"))
    details = _metadata(parent.get("subscription_details")) or _metadata(invoice.get("subscription_details"))
    sub_id = _id_of(invoice.get("subscription")) or _id_of(details.get("subscription"))
    return sub_id, _metadata(details.get("metadata"))


def _invoice_charge_id(invoice: Mapping[str, Any]) -> str:
    found = _id_of(invoice.get("payment_intent")) or _id_of(invoice.get("charge"))
    if found is None:
        payments = _metadata(invoice.get("payments")).get("data")
        for p in payments if isinstance(payments, list) else []:
            payment = _metadata(_metadata(p).get("payment"))
            found = _id_of(payment.get("payment_intent")) or _id_of(payment.get("charge"))
            if found is not None:
                break
    return found or str(invoice["id"])


async def _apply_invoice(
    session: AsyncSession,
    invoice: Mapping[str, Any],
    *,
    at: datetime,
    status: Literal["succeeded", "failed"],
    row: dict[str, Any],
) -> str:
    invoice_id = _id_of(invoice)
    if invoice_id is None:
        raise PoisonMessage(f"{row['type']}: the invoice has no id")
    amount = _amount(invoice.get("amount_paid" if status == "succeeded" else "amount_due"))
    if amount == 0:
        return "zero_amount"
    sub_id, sub_metadata = _invoice_subscription(invoice)
    subscription = None
    if sub_id is not None:
        subscription = (
            (
                await session.execute(
                    sa.select(SUBSCRIPTIONS.c.id, SUBSCRIPTIONS.c.store_id).where(
                        SUBSCRIPTIONS.c.stripe_subscription_id == sub_id
                    )
                )
            )
            .mappings()
            .first()
        )
    store_id = (
        subscription["store_id"]
        if subscription is not None
        else _uuid(_metadata(invoice.get("metadata")).get("store_id")) or _uuid(sub_metadata.get("store_id"))
    )
    if store_id is None:
        log.warning(
            "finance.provider_event.unknown_store",
            event_id=row["provider_event_id"],
            type=row["type"],
            invoice_id=invoice_id,
            subscription_id=sub_id,
        )
        return "unknown_store"
    recorded = await record_charge(
        session,
        store_id=store_id,
        type="subscription" if sub_id is not None else "other",
        status=status,
        amount_cents=amount,
        currency=_currency(invoice.get("currency")),
        stripe_charge_id=_invoice_charge_id(invoice),
        at=at,
        subscription_id=subscription["id"] if subscription is not None else None,
        description=f"Subscription invoice {invoice.get('number') or invoice_id}",
        failure_reason="the invoice's payment failed" if status == "failed" else None,
        metadata={"provider": "stripe", "invoice_id": invoice_id, "subscription_id": sub_id},
    )
    return f"charge_{recorded.outcome}"


async def _apply_payment_intent(
    session: AsyncSession,
    intent: Mapping[str, Any],
    *,
    at: datetime,
    status: Literal["succeeded", "failed"],
    row: dict[str, Any],
) -> str:
    intent_id = _id_of(intent)
    if intent_id is None:
        raise PoisonMessage(f"{row['type']}: the payment intent has no id")
    error = _metadata(intent.get("last_payment_error"))
    failure = (
        (str(error.get("code") or error.get("decline_code") or "payment_failed"))
        if status == "failed"
        else None
    )
    existing = (
        (
            await session.execute(
                sa.select(
                    CHARGES.c.store_id, CHARGES.c.type, CHARGES.c.amount_cents, CHARGES.c.currency
                ).where(CHARGES.c.stripe_charge_id == intent_id)
            )
        )
        .mappings()
        .first()
    )
    if existing is not None:
        recorded = await record_charge(
            session,
            store_id=existing["store_id"],
            type=existing["type"],
            status=status,
            amount_cents=existing["amount_cents"],
            currency=existing["currency"],
            stripe_charge_id=intent_id,
            at=at,
            failure_reason=failure,
        )
        return f"charge_{recorded.outcome}"
    metadata = _metadata(intent.get("metadata"))
    usage_charge_id = _uuid(metadata.get("usage_charge_id"))
    if usage_charge_id is None or status == "failed":
        return "no_charge"  # not a usage charge's, or a failure the usage-billing job judges
    store_id = _uuid(metadata.get("store_id"))
    if store_id is None:
        log.warning(
            "finance.provider_event.unknown_store",
            event_id=row["provider_event_id"],
            type=row["type"],
            payment_intent_id=intent_id,
        )
        return "unknown_store"
    recorded = await record_charge(
        session,
        store_id=store_id,
        type="ad_spend",
        status=status,
        amount_cents=_amount(intent.get("amount")),
        currency=_currency(intent.get("currency")),
        stripe_charge_id=intent_id,
        at=at,
        usage_charge_id=usage_charge_id,
        description=intent.get("description") if isinstance(intent.get("description"), str) else None,
        failure_reason=failure,
        metadata={"provider": "stripe", "payment_intent_id": intent_id},
    )
    return f"charge_{recorded.outcome}"
