"""Cash settlement of payment intents (DOMAIN §5.6 state machine and ledger, §9 audit; API.md §4
settle; EVENTS.md §6 ``cash_collected``/``payment_failed``; GAPS G-7).

**Settle** (:func:`settle_cash`, logistics' sync call when its agent records the cash):

1. read the intent (404 unknown order). Only ``unpaid`` settles: ``settled``, ``paid``,
   ``failed``, ``rejected`` and ``pending`` (an ACH intent: no cash to collect) ⇒ 422
   ``STATE_CONFLICT`` with ``details.payment_status``, as does an order finance knows as
   rejected/canceled/expired (nothing to pay). A placeholder (``order_created`` not consumed yet)
   ⇒ 409 retryable (below).
2. the agent's amount equals the intent's ⇒ ONE transaction: the guarded ``UPDATE … SET status =
   'settled' WHERE status = 'unpaid' AND amount_cents = :amount RETURNING``, the order's one
   ``cash_collected`` ledger row (its unique index is the backstop) and ``cash_collected``.
3. it differs ⇒ finance may lag behind ``order_totals_changed``, so orders is asked for the
   order's current total (no transaction open: ``clients/orders.py``):
   - orders' total ≠ finance's amount ⇒ 409 ``CONFLICT`` with ``Retry-After``, nothing written
     (:class:`FinanceBehindOrders`);
   - orders is unavailable ⇒ 503 ``DEPENDENCY_ERROR``, nothing written;
   - orders no longer expects payment (rejected/canceled/expired) ⇒ 422, nothing written;
   - orders agrees with finance ⇒ a real mismatch: ONE transaction, the guarded ``unpaid →
     failed`` (``failure_reason`` ``amount_mismatch``, the reported amount and the reporting agent
     kept for the admin) and ``payment_failed`` (with both store ids). The outcome says
     ``mismatch`` and the route answers 422 with ``details {expected_amount_cents,
     reported_amount_cents}`` — returned, not raised, so this transaction is already committed.

**How logistics (and the agent's app) retries.** Every answer except 409-with-``Retry-After`` and
5xx is stored under the call's ``Idempotency-Key`` (7 days) and replayed to a retry with that key.
409 (finance has not applied the order's latest totals yet) and 503 are never stored: retry the
SAME call with the SAME key after ``Retry-After`` seconds (a few seconds, with backoff) until it
answers 200 or 422; never mint a new key for it — a new key on a settled intent is 422.

**Races.** Concurrent settles of one order (different keys) serialise on the intent's row: the
first guarded UPDATE wins, the others re-check the guard on the committed row and match nothing.
Such a loser answers as if it had come second but raced the winner: 200 with the settled intent
when it reported the same amount (the same cash; nothing written twice), 422 (mismatch) when it
lost to an identical mismatch; otherwise it decides again on the intent as it now is (a settled
intent with another amount ⇒ 422). A settle that starts after the winner committed reads
``settled`` and gets 422. An ``order_totals_changed`` applied between the read and the UPDATE
makes the amount guard miss: the settle decides again on the new amount.

**Resolve** (:func:`resolve_failed_payment`, G-7's exit from ``hold``, admin): only a ``failed``
intent (else 422). The admin states the cash actually received (≥ 0) and why. Decision: the
payable becomes what was received — the intent is ``settled`` with ``amount_cents`` = received,
the ``cash_collected`` ledger row is of that amount (actor the admin, metadata ``resolution``,
``reason``, ``reported_amount_cents``, ``order_total_cents``), so reconciliation stays exact with
no ``adjustment`` row (Σ cash_collected − Σ vendor_payout = held; the later payout pays the vendor
what was collected), and the vendor's shortfall (order total − received) is visible in the ledger
metadata and the audit row. One transaction with an audit row (who, why, the amounts) and
``cash_collected`` (``cash_collected_at`` = now, when finance accepts the cash; ``agent_user_id`` =
the agent who reported it at the failed settle, the admin when unknown), on which orders takes the
order out of ``hold``. ``failure_reason`` is cleared: the intent is settled now; the failure stays
in the ledger metadata and the audit row.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any, Final
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from pf_common.db import Database
from pf_common.errors import Conflict, DependencyError, NotFound, StateConflict
from pf_common.events.finance import CashCollectedV1, PaymentFailedV1
from pf_common.ids import uuid7
from pf_common.logging import get_logger
from pf_common.outbox import emit
from pf_common.principal import Principal
from pf_finance.clients.orders import OrdersClient, OrdersUnavailable
from pf_finance.domain import audit
from pf_finance.models import LedgerEvent, PaymentIntent

__all__ = [
    "AMOUNT_MISMATCH",
    "PAYMENT_RESOLVED",
    "RETRY_AFTER_S",
    "FinanceBehindOrders",
    "Intent",
    "PaymentIntentNotFound",
    "PaymentNotSettleable",
    "SettleOutcome",
    "SettleRequest",
    "resolve_failed_payment",
    "settle_cash",
]

log = get_logger(__name__)

_intents: sa.Table = PaymentIntent.__table__  # type: ignore[attr-defined]
_ledger: sa.Table = LedgerEvent.__table__  # type: ignore[attr-defined]

UNPAID: Final = "unpaid"
SETTLED: Final = "settled"
FAILED: Final = "failed"
CASH_COLLECTED: Final = "cash_collected"
AMOUNT_MISMATCH: Final = "amount_mismatch"
PAYMENT_RESOLVED: Final = "payment_resolved"  # the audit action (DOMAIN §9)
#: order statuses with nothing to pay: no cash is accepted for them
NOTHING_TO_PAY: Final = frozenset({"rejected", "canceled", "expired"})
#: seconds the caller waits before retrying a 409 (finance catching up) or a 503 (orders down)
RETRY_AFTER_S: Final = 3
#: decisions made again when the intent changed under a settle (a concurrent event or settle)
_ATTEMPTS: Final = 3


@dataclass(frozen=True, slots=True)
class Intent:
    """A payment intent as read (a plain value: no session needed to use it)."""

    id: UUID
    order_id: UUID
    checkout_group_id: UUID | None
    buyer_store_id: UUID
    vendor_store_id: UUID
    method: str
    status: str
    amount_cents: int
    order_seen: bool
    order_status: str | None
    cash_collected_at: datetime | None
    collected_by_user_id: UUID | None
    vendor_paid_at: datetime | None
    failure_reason: str | None
    reported_amount_cents: int | None

    @classmethod
    def of(cls, row: sa.RowMapping) -> Intent:
        return cls(**{f.name: row[f.name] for f in fields(cls)})


@dataclass(frozen=True, slots=True)
class SettleRequest:
    order_id: UUID
    amount_cents: int
    agent_user_id: UUID
    collected_at: datetime


@dataclass(frozen=True, slots=True)
class SettleOutcome:
    """The intent after the settle; ``mismatch``: the payment failed (committed), answer 422."""

    intent: Intent
    mismatch: bool = False

    @property
    def mismatch_details(self) -> dict[str, int]:
        assert self.intent.reported_amount_cents is not None
        return {
            "expected_amount_cents": self.intent.amount_cents,
            "reported_amount_cents": self.intent.reported_amount_cents,
        }


class PaymentIntentNotFound(NotFound):
    default_message = "order not found"


class PaymentNotSettleable(StateConflict):
    """422: the intent is not an unpaid cash payment, or the order has nothing to pay."""

    def __init__(self, message: str, *, payment_status: str, reason: str, **details: Any) -> None:
        super().__init__(message, details={"payment_status": payment_status, **details}, reason=reason)


class FinanceBehindOrders(Conflict):
    """409 with ``Retry-After``: finance has not applied the order's latest facts yet. Nothing was
    written, and the idempotency layer does not store it: the same key retried runs again."""

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message, reason=reason, headers={"Retry-After": str(RETRY_AFTER_S)})


# --- settle -----------------------------------------------------------------------------------


async def settle_cash(db: Database, orders: OrdersClient, req: SettleRequest) -> SettleOutcome:
    """The agent's cash for ``req.order_id`` (module docstring). Opens its own transactions; the
    call to orders runs between them, never inside one."""
    for _ in range(_ATTEMPTS):
        async with db.read() as session:
            intent = await _get_intent(session, req.order_id)
        _ensure_settleable(intent)
        if req.amount_cents == intent.amount_cents:
            async with db.transaction() as session:
                outcome = await _settle(session, intent, req)
        else:
            await _ensure_orders_agree(orders, intent)
            async with db.transaction() as session:
                outcome = await _fail(session, intent, req)
        if outcome is not None:
            return outcome
        log.info("finance.settle.intent_changed", order_id=str(req.order_id))
    raise FinanceBehindOrders(
        "the payment changed while it was being settled; retry with the same Idempotency-Key",
        reason="intent_kept_changing",
    )


async def _get_intent(session: AsyncSession, order_id: UUID, *, for_update: bool = False) -> Intent:
    stmt = sa.select(_intents).where(_intents.c.order_id == order_id)
    if for_update:
        stmt = stmt.with_for_update()
    row = (await session.execute(stmt)).mappings().first()
    if row is None:
        raise PaymentIntentNotFound(reason="payment_intent_not_found")
    return Intent.of(row)


def _ensure_settleable(intent: Intent) -> None:
    if not intent.order_seen:
        raise FinanceBehindOrders(
            "finance has not received this order yet; retry in a few seconds with the same Idempotency-Key",
            reason="order_not_seen",
        )
    if intent.status != UNPAID:
        what = "not a cash payment" if intent.method != "cash" else f"the payment is {intent.status}"
        raise PaymentNotSettleable(
            f"cannot collect cash: {what}", payment_status=intent.status, reason="payment_not_unpaid"
        )
    if intent.order_status in NOTHING_TO_PAY:
        raise PaymentNotSettleable(
            f"cannot collect cash: the order is {intent.order_status}",
            payment_status=intent.status,
            order_status=intent.order_status,
            reason="order_not_payable",
        )


async def _ensure_orders_agree(orders: OrdersClient, intent: Intent) -> None:
    """orders' current total equals finance's copy (else 409 retryable): the agent's amount is a
    real mismatch. No transaction is open here."""
    try:
        detail = await orders.get_order(intent.order_id)
    except OrdersUnavailable as exc:
        log.warning("finance.orders.unavailable", operation="settle_check_total", error=str(exc)[:200])
        raise DependencyError(
            "orders is unavailable to confirm the order's total; retry with the same Idempotency-Key",
            details={"dependency": "orders"},
            headers={"Retry-After": str(RETRY_AFTER_S)},
        ) from exc
    if detail is None:  # finance has an intent orders does not know: never expected
        log.error("finance.settle.order_unknown_at_orders", order_id=str(intent.order_id))
        raise PaymentIntentNotFound(reason="order_not_found_at_orders")
    order = detail["order"]
    if order.get("status") in NOTHING_TO_PAY:
        raise PaymentNotSettleable(
            f"cannot collect cash: the order is {order['status']}",
            payment_status=intent.status,
            order_status=order["status"],
            reason="order_not_payable",
        )
    if order["total_cents"] != intent.amount_cents:
        log.info(
            "finance.settle.behind_orders",
            order_id=str(intent.order_id),
            finance_amount_cents=intent.amount_cents,
            orders_total_cents=order["total_cents"],
        )
        raise FinanceBehindOrders(
            "finance has not applied the order's latest totals yet; "
            "retry in a few seconds with the same Idempotency-Key",
            reason="totals_not_applied",
        )


async def _settle(session: AsyncSession, intent: Intent, req: SettleRequest) -> SettleOutcome | None:
    """``unpaid → settled`` with the ledger row and the event; None when the guard missed and the
    settle must decide again (module docstring, races)."""
    row = (
        (
            await session.execute(
                sa.update(_intents)
                .where(
                    _intents.c.id == intent.id,
                    _intents.c.status == UNPAID,
                    _intents.c.amount_cents == req.amount_cents,
                )
                .values(
                    status=SETTLED,
                    cash_collected_at=req.collected_at,
                    collected_by_user_id=req.agent_user_id,
                    updated_at=sa.func.now(),
                )
                .returning(_intents)
            )
        )
        .mappings()
        .first()
    )
    if row is None:
        current = await _get_intent(session, intent.order_id)
        if current.status == SETTLED and current.amount_cents == req.amount_cents:
            log.info("finance.settle.lost_race", order_id=str(intent.order_id))
            return SettleOutcome(current)
        return None
    settled = Intent.of(row)
    assert settled.cash_collected_at is not None
    ledger_id = await _append_cash_collected(
        session,
        settled,
        actor_user_id=req.agent_user_id,
        metadata={"payment_intent_id": str(settled.id), "collected_at": req.collected_at.isoformat()},
    )
    await _emit_cash_collected(session, settled, agent_user_id=req.agent_user_id, ledger_id=ledger_id)
    log.info(
        "finance.settle.settled",
        order_id=str(settled.order_id),
        amount_cents=settled.amount_cents,
        agent_user_id=str(req.agent_user_id),
    )
    return SettleOutcome(settled)


async def _fail(session: AsyncSession, intent: Intent, req: SettleRequest) -> SettleOutcome | None:
    """``unpaid → failed`` (amount mismatch) with ``payment_failed``; None when the guard missed."""
    row = (
        (
            await session.execute(
                sa.update(_intents)
                .where(
                    _intents.c.id == intent.id,
                    _intents.c.status == UNPAID,
                    _intents.c.amount_cents == intent.amount_cents,
                )
                .values(
                    status=FAILED,
                    failure_reason=AMOUNT_MISMATCH,
                    reported_amount_cents=req.amount_cents,
                    collected_by_user_id=req.agent_user_id,
                    updated_at=sa.func.now(),
                )
                .returning(_intents)
            )
        )
        .mappings()
        .first()
    )
    if row is None:
        current = await _get_intent(session, intent.order_id)
        identical = (
            current.status == FAILED
            and current.failure_reason == AMOUNT_MISMATCH
            and current.reported_amount_cents == req.amount_cents
        )
        return SettleOutcome(current, mismatch=True) if identical else None
    failed = Intent.of(row)
    await emit(
        session,
        PaymentFailedV1(
            order_id=failed.order_id,
            payment_intent_id=failed.id,
            failure_reason=AMOUNT_MISMATCH,
            buyer_store_id=failed.buyer_store_id,
            vendor_store_id=failed.vendor_store_id,
        ),
        store_id=failed.vendor_store_id,
        actor_user_id=req.agent_user_id,
    )
    log.warning(
        "finance.settle.amount_mismatch",
        order_id=str(failed.order_id),
        expected_amount_cents=failed.amount_cents,
        reported_amount_cents=req.amount_cents,
        agent_user_id=str(req.agent_user_id),
    )
    return SettleOutcome(failed, mismatch=True)


# --- resolve (G-7) ----------------------------------------------------------------------------


async def resolve_failed_payment(
    session: AsyncSession,
    principal: Principal,
    order_id: UUID,
    *,
    received_cents: int,
    reason: str,
    now: datetime,
) -> Intent:
    """The admin's corrected settle of a ``failed`` intent (module docstring); else 404/422."""
    intent = await _get_intent(session, order_id, for_update=True)  # the row is ours until commit
    if intent.status != FAILED:
        raise PaymentNotSettleable(
            f"only a failed payment can be resolved; the payment is {intent.status}",
            payment_status=intent.status,
            reason="payment_not_failed",
        )
    row = (
        (
            await session.execute(
                sa.update(_intents)
                .where(_intents.c.id == intent.id, _intents.c.status == FAILED)
                .values(
                    status=SETTLED,
                    amount_cents=received_cents,
                    cash_collected_at=now,
                    failure_reason=None,
                    updated_at=now,
                )
                .returning(_intents)
            )
        )
        .mappings()
        .one()
    )
    resolved = Intent.of(row)
    facts = {
        "payment_intent_id": str(intent.id),
        "received_amount_cents": received_cents,
        "reported_amount_cents": intent.reported_amount_cents,
        "order_total_cents": intent.amount_cents,
        "failure_reason": intent.failure_reason,
    }
    ledger_id = await _append_cash_collected(
        session,
        resolved,
        actor_user_id=principal.user_id,
        metadata={
            "resolution": True,
            "reason": reason,
            "payment_intent_id": str(intent.id),
            "reported_amount_cents": intent.reported_amount_cents,
            "order_total_cents": intent.amount_cents,
        },
    )
    audit.record(
        session,
        principal,
        action=PAYMENT_RESOLVED,
        target_type="vendor_order",
        target_id=order_id,
        payload={**facts, "reason": reason, "ledger_event_id": ledger_id},
        now=now,
    )
    await _emit_cash_collected(
        session,
        resolved,
        agent_user_id=intent.collected_by_user_id or principal.user_id,
        ledger_id=ledger_id,
        actor_user_id=principal.user_id,
    )
    log.info(
        "finance.payment.resolved",
        order_id=str(order_id),
        received_amount_cents=received_cents,
        order_total_cents=intent.amount_cents,
    )
    return resolved


# --- shared writes ----------------------------------------------------------------------------


async def _append_cash_collected(
    session: AsyncSession, intent: Intent, *, actor_user_id: UUID, metadata: dict[str, Any]
) -> UUID:
    """The order's one ``cash_collected`` row (amount = the intent's); the unique index refuses a
    second one (an IntegrityError rolls the whole transaction back: never two collections)."""
    ledger_id = uuid7()
    await session.execute(
        sa.insert(_ledger).values(
            id=ledger_id,
            order_id=intent.order_id,
            buyer_store_id=intent.buyer_store_id,
            vendor_store_id=intent.vendor_store_id,
            actor_user_id=actor_user_id,
            type=CASH_COLLECTED,
            amount_cents=intent.amount_cents,
            metadata=metadata,
        )
    )
    return ledger_id


async def _emit_cash_collected(
    session: AsyncSession,
    intent: Intent,
    *,
    agent_user_id: UUID,
    ledger_id: UUID,
    actor_user_id: UUID | None = None,
) -> None:
    assert intent.cash_collected_at is not None
    await emit(
        session,
        CashCollectedV1(
            order_id=intent.order_id,
            checkout_group_id=intent.checkout_group_id,
            buyer_store_id=intent.buyer_store_id,
            vendor_store_id=intent.vendor_store_id,
            payment_intent_id=intent.id,
            amount_cents=intent.amount_cents,
            cash_collected_at=intent.cash_collected_at,
            agent_user_id=agent_user_id,
            ledger_event_id=ledger_id,
        ),
        store_id=intent.vendor_store_id,
        actor_user_id=actor_user_id or agent_user_id,
    )
