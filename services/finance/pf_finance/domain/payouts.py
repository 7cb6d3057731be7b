"""Vendor payouts (DOMAIN §5.6 ``settled → paid``; API.md §3.6 admin payouts).

* :func:`list_payouts`: the orders waiting for the admin to pay their vendor — the intent is
  ``settled`` (cash collected, not yet paid out) and the order delivered (``delivered_at`` of
  finance's order projection set) — oldest delivery first (``delivered_at ASC, id ASC``, served
  by the partial index ``ix_payment_intents_payouts``).
* :func:`get_payout_detail`: orders' OrderDetail of one such order, passed through. finance's
  intent decides first, in a read session that is closed before orders is asked (no call while a
  connection is held): no intent ⇒ 404; not delivered or not settled ⇒ 422; orders does not know
  the order ⇒ 404; orders unavailable ⇒ 503.
* :func:`confirm_payout`: the admin says the vendor was paid. One guarded statement moves the
  intent ``settled → paid`` (``UPDATE … WHERE status = 'settled' AND delivered_at IS NOT NULL
  RETURNING``), so of any number of concurrent confirmations exactly one wins; in the same
  transaction the winner appends the ``vendor_payout`` ledger row (amount = the intent's amount),
  stages ``order_paid`` and writes the audit row. Everyone else finds the intent ``paid`` and
  answers the winner's 200 unchanged (a no-op: nothing written), as does any later confirmation,
  also once orders has closed the order. Not delivered or not settled ⇒ 422 with
  ``details.payment_status``/``details.delivered``. The ledger's unique ``(order_id, type)`` index
  of ``vendor_payout`` is the backstop: a payout row already there for an intent still ``settled``
  (drift, which reconciliation reports) refuses the confirmation (422) rather than pay twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from pf_common.db import Database
from pf_common.errors import DependencyError, NotFound, StateConflict
from pf_common.events.finance import OrderPaidV1
from pf_common.ids import uuid7
from pf_common.logging import get_logger
from pf_common.outbox import emit
from pf_common.pagination import Page, PageParams, paginate_ascending
from pf_common.principal import Principal
from pf_finance.clients.orders import OrdersClient, OrdersUnavailable
from pf_finance.domain import audit
from pf_finance.models import LedgerEvent, PaymentIntent

__all__ = [
    "PAYOUT_CONFIRMED",
    "PaymentNotFound",
    "PayoutNotAllowed",
    "PayoutResult",
    "confirm_payout",
    "get_payout_detail",
    "list_payouts",
]

log = get_logger(__name__)

PAYOUT_CONFIRMED = "payout_confirmed"  # the audit action (DOMAIN §9)

_ledger: sa.Table = LedgerEvent.__table__  # type: ignore[attr-defined]


class PaymentNotFound(NotFound):
    default_message = "order not found"


class PayoutNotAllowed(StateConflict):
    """422: the order is not delivered, or its payment is not settled (``details`` say which)."""

    default_message = "the order is not delivered or its payment is not settled"

    def __init__(self, payment_status: str, *, delivered: bool, reason: str, **more: Any) -> None:
        super().__init__(
            details={"payment_status": payment_status, "delivered": delivered, **more}, reason=reason
        )

    @classmethod
    def of(cls, intent: PaymentIntent, *, reason: str) -> PayoutNotAllowed:
        return cls(intent.status, delivered=intent.delivered_at is not None, reason=reason)


@dataclass(frozen=True, slots=True)
class PayoutResult:
    """What a confirmation answers: the first one and every repeat alike."""

    order_id: UUID
    payment_status: str
    vendor_paid_at: datetime
    confirmed: bool  # True only for the call that paid (False: a repeat, nothing written)


def _payable() -> list[sa.ColumnElement[bool]]:
    """The intent is settled and the order delivered: a payout may be confirmed."""
    return [col(PaymentIntent.status) == "settled", col(PaymentIntent.delivered_at).is_not(None)]


# --- list and detail --------------------------------------------------------------------------


async def list_payouts(session: AsyncSession, page: PageParams) -> Page[PaymentIntent]:
    """Delivered orders whose cash is collected and not yet paid out, ``delivered_at ASC, id ASC``."""
    stmt = sa.select(PaymentIntent).where(*_payable())
    return await paginate_ascending(
        session,
        stmt,
        created_at_col=col(PaymentIntent.delivered_at),
        id_col=col(PaymentIntent.id),
        params=page,
    )


async def _intent(session: AsyncSession, order_id: UUID) -> PaymentIntent:
    intent = await session.scalar(
        sa.select(PaymentIntent).where(col(PaymentIntent.order_id) == order_id),
        execution_options={"populate_existing": True},
    )
    if intent is None:
        raise PaymentNotFound(reason="payment_intent_not_found")
    return intent


def _ensure_payable(intent: PaymentIntent) -> None:
    if intent.status != "settled":
        raise PayoutNotAllowed.of(intent, reason="payment_not_settled")
    if intent.delivered_at is None:
        raise PayoutNotAllowed.of(intent, reason="order_not_delivered")


async def get_payout_detail(db: Database, orders: OrdersClient, order_id: UUID) -> dict[str, Any]:
    """orders' OrderDetail of a payable order (module docstring: 404, 422, 503)."""
    async with db.read() as session:
        _ensure_payable(await _intent(session, order_id))
    try:
        detail = await orders.get_order(order_id)
    except OrdersUnavailable as exc:
        log.warning("finance.orders.unavailable", operation="get_order", error=str(exc)[:200])
        raise DependencyError("orders unavailable", details={"dependency": "orders"}) from exc
    if detail is None:
        raise PaymentNotFound(reason="order_not_found_at_orders")
    return detail


# --- confirm ----------------------------------------------------------------------------------


async def confirm_payout(
    session: AsyncSession, principal: Principal, order_id: UUID, *, now: datetime
) -> PayoutResult:
    """``settled → paid`` with its ledger row, event and audit row; a repeat is the same 200."""
    paid = await _mark_paid(session, order_id, now=now)
    if paid is None:
        # not payable: unknown, already paid (a repeat, or a concurrent winner that committed while
        # the UPDATE waited on its row lock: READ COMMITTED re-checks the guard on the new row), or
        # not delivered / not settled. Payable again means it became so between the two
        # statements (a delivery just projected): one more try.
        intent = await _intent(session, order_id)
        if intent.status == "paid" and intent.vendor_paid_at is not None:
            log.info("finance.payout.already_paid", order_id=str(intent.order_id))
            return PayoutResult(intent.order_id, intent.status, intent.vendor_paid_at, confirmed=False)
        _ensure_payable(intent)
        paid = await _mark_paid(session, order_id, now=now)
        if paid is None:
            raise PayoutNotAllowed.of(await _intent(session, order_id), reason="payout_not_allowed")

    assert paid.vendor_paid_at is not None  # the statement above set it
    ledger_id = await _append_payout(session, paid, principal, now=now)
    await emit(
        session,
        OrderPaidV1(
            order_id=paid.order_id,
            buyer_store_id=paid.buyer_store_id,
            vendor_store_id=paid.vendor_store_id,
            payment_intent_id=paid.id,
            amount_cents=paid.amount_cents,
            vendor_paid_at=paid.vendor_paid_at,
            ledger_event_id=ledger_id,
            confirmed_by_user_id=principal.user_id,
        ),
        store_id=paid.vendor_store_id,
        actor_user_id=principal.user_id,
        occurred_at=now,
    )
    audit.record(
        session,
        principal,
        action=PAYOUT_CONFIRMED,
        target_type="vendor_order",
        target_id=paid.order_id,
        payload={
            "payment_intent_id": paid.id,
            "vendor_store_id": paid.vendor_store_id,
            "amount_cents": paid.amount_cents,
            "ledger_event_id": ledger_id,
            "vendor_paid_at": paid.vendor_paid_at,
        },
        now=now,
    )
    log.info(
        "finance.payout.confirmed",
        order_id=str(paid.order_id),
        vendor_store_id=str(paid.vendor_store_id),
        amount_cents=paid.amount_cents,
    )
    return PayoutResult(paid.order_id, paid.status, paid.vendor_paid_at, confirmed=True)


async def _mark_paid(session: AsyncSession, order_id: UUID, *, now: datetime) -> PaymentIntent | None:
    """The guarded ``settled → paid`` (one statement; None when the intent is not payable)."""
    return await session.scalar(
        sa.update(PaymentIntent)
        .where(col(PaymentIntent.order_id) == order_id, *_payable())
        .values(status="paid", vendor_paid_at=now, updated_at=now)
        .returning(PaymentIntent),
        execution_options={"synchronize_session": False, "populate_existing": True},
    )


async def _append_payout(
    session: AsyncSession, intent: PaymentIntent, principal: Principal, *, now: datetime
) -> UUID:
    """The order's one ``vendor_payout`` row; a row already there (the unique index) ⇒ 422 and the
    whole confirmation rolls back."""
    ledger_id = uuid7()
    inserted = await session.scalar(
        insert(_ledger)
        .values(
            id=ledger_id,
            order_id=intent.order_id,
            buyer_store_id=intent.buyer_store_id,
            vendor_store_id=intent.vendor_store_id,
            actor_user_id=principal.user_id,
            type="vendor_payout",
            amount_cents=intent.amount_cents,
            metadata={"payment_intent_id": str(intent.id)},
            created_at=now,
        )
        .on_conflict_do_nothing(
            index_elements=["order_id", "type"],
            index_where=sa.text("type IN ('cash_collected', 'vendor_payout')"),
        )
        .returning(_ledger.c.id)
    )
    if inserted is None:
        log.error("finance.payout.ledger_row_exists", order_id=str(intent.order_id))
        raise PayoutNotAllowed(
            "settled", delivered=True, reason="vendor_payout_already_recorded", ledger="vendor_payout_exists"
        )
    return ledger_id
