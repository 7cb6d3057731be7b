"""Ledger reconciliation (admin ``GET /api/admin/v1/billing/reconciliation``; the daily job
``reconcile_ledger``): where the money is, and every order whose records disagree.

**Money**, per vendor (the ``vendor_store_id`` of the ledger rows) and in total, integer cents:

* ``cash_collected_cents`` = Σ ``cash_collected`` rows — cash the agents collected from buyers;
* ``adjustments_cents`` = Σ ``adjustment`` rows (signed) — corrections an admin resolution or a
  corrected settle records; they count into what was collected;
* ``collected_cents`` = ``cash_collected_cents`` + ``adjustments_cents``;
* ``paid_out_cents`` = Σ ``vendor_payout`` rows — what the platform paid the vendors;
* ``refunded_cents`` = Σ ``refund`` rows — money given back to buyers (nothing writes them in the
  MVP, DOMAIN §3 ``refund_status``: always 0 there);
* ``held_cents`` = ``collected_cents`` − ``paid_out_cents`` − ``refunded_cents`` — held by the
  platform (with no refund rows: Σ cash_collected + Σ adjustment − Σ vendor_payout).

**Drift.** Finance knows three things of an order: its payment intent (status, amount), its
ledger rows, and its order projection (``order_status``, ``delivered_at``). Per order (every order
with an intent or a ledger row), with C/P the ``cash_collected``/``vendor_payout`` rows (at most
one each: the unique index), A = Σ adjustment rows, *amount* the intent's ``amount_cents``, they
agree when:

* intent ``unpaid``, ``pending``, ``failed`` or ``rejected`` ⇔ no ledger row at all;
* intent ``settled`` ⇔ one C, C + A = amount, and no P;
* intent ``paid`` ⇔ one C, C + A = amount, one P of amount, and the order delivered
  (``delivered_at`` set and ``order_status`` ``delivered`` or ``closed``);
* every ledger row carries its intent's vendor.

An order that breaks any of these is *drifting*, listed with every rule it breaks (codes below,
several at once possible). A settled intent whose order is not (yet) projected as delivered is
not drift: the sync settle may run before finance consumes ``order_delivered``.

====================================  =====================================================
``ledger_without_intent``             ledger rows for an order finance has no intent of
``ledger_rows_before_settlement``     an unpaid/pending/failed/rejected intent has ledger rows
``cash_row_missing``                  a settled or paid intent without its cash_collected row
``collected_amount_mismatch``         cash_collected + adjustments ≠ the intent's amount
``payout_on_settled_intent``          a vendor_payout row while the intent is still settled
``payout_row_missing``                a paid intent without its vendor_payout row
``payout_amount_mismatch``            the vendor_payout row's amount ≠ the intent's amount
``payout_without_cash``               a vendor_payout row without a cash_collected row
``paid_order_not_delivered``          a paid intent whose order is not delivered/closed
``ledger_vendor_mismatch``            a ledger row of another vendor than the intent's
====================================  =====================================================

The list holds the first :data:`DRIFT_LIMIT` drifting orders (by ``order_id``) with the total count
and the count per rule. Figures and drift are read by separate statements of one read session
(READ COMMITTED): a payout committing in between can show in one and not the other; the next
run sees it settled.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from pf_finance.models import LedgerEvent, PaymentIntent

__all__ = [
    "DRIFT_LIMIT",
    "DRIFT_REASONS",
    "DriftingOrder",
    "Money",
    "Reconciliation",
    "VendorMoney",
    "reconcile",
]

DRIFT_LIMIT: Final = 100

_L: sa.Table = LedgerEvent.__table__  # type: ignore[attr-defined]
_I: sa.Table = PaymentIntent.__table__  # type: ignore[attr-defined]

NO_MONEY_YET: Final = ("unpaid", "pending", "failed", "rejected")
COLLECTED: Final = ("settled", "paid")
DELIVERED_STATUSES: Final = ("delivered", "closed")


@dataclass(frozen=True, slots=True)
class Money:
    cash_collected_cents: int = 0
    adjustments_cents: int = 0
    paid_out_cents: int = 0
    refunded_cents: int = 0

    @property
    def collected_cents(self) -> int:
        return self.cash_collected_cents + self.adjustments_cents

    @property
    def held_cents(self) -> int:
        return self.collected_cents - self.paid_out_cents - self.refunded_cents

    def __add__(self, other: Money) -> Money:
        return Money(
            self.cash_collected_cents + other.cash_collected_cents,
            self.adjustments_cents + other.adjustments_cents,
            self.paid_out_cents + other.paid_out_cents,
            self.refunded_cents + other.refunded_cents,
        )

    def as_dict(self) -> dict[str, int]:
        return {
            "cash_collected_cents": self.cash_collected_cents,
            "adjustments_cents": self.adjustments_cents,
            "collected_cents": self.collected_cents,
            "paid_out_cents": self.paid_out_cents,
            "refunded_cents": self.refunded_cents,
            "held_cents": self.held_cents,
        }


@dataclass(frozen=True, slots=True)
class VendorMoney:
    vendor_store_id: UUID
    money: Money


@dataclass(frozen=True, slots=True)
class DriftingOrder:
    """One drifting order: finance's three views of it and the rules it breaks."""

    order_id: UUID
    reasons: tuple[str, ...]
    payment_intent_id: UUID | None
    vendor_store_id: UUID | None
    payment_status: str | None
    amount_cents: int | None
    order_status: str | None
    delivered_at: datetime | None
    cash_collected_cents: int
    adjustments_cents: int
    paid_out_cents: int
    ledger_rows: int


@dataclass(frozen=True, slots=True)
class Reconciliation:
    as_of: datetime
    totals: Money
    vendors: list[VendorMoney]
    drift_count: int
    drift_by_reason: dict[str, int]
    drifting_orders: list[DriftingOrder] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return self.drift_count == 0


# --- money ------------------------------------------------------------------------------------


def _sum_of(type_: str) -> sa.ColumnElement[Any]:
    return sa.func.coalesce(sa.func.sum(_L.c.amount_cents).filter(_L.c.type == type_), 0)


async def _money_by_vendor(session: AsyncSession) -> list[VendorMoney]:
    stmt = (
        sa.select(
            _L.c.vendor_store_id,
            _sum_of("cash_collected"),
            _sum_of("adjustment"),
            _sum_of("vendor_payout"),
            _sum_of("refund"),
        )
        .group_by(_L.c.vendor_store_id)
        .order_by(_L.c.vendor_store_id)
    )
    return [
        VendorMoney(vendor, Money(int(cash), int(adjustments), int(paid_out), int(refunded)))
        for vendor, cash, adjustments, paid_out, refunded in (await session.execute(stmt)).all()
    ]


# --- drift ------------------------------------------------------------------------------------


def _facts() -> sa.Subquery:
    """One row per order with an intent or a ledger row: the intent's fields and the ledger's
    per-order aggregates (zeros without rows)."""
    joined = _L.outerjoin(_I, _I.c.order_id == _L.c.order_id)
    per_order = (
        sa.select(
            _L.c.order_id,
            sa.func.count().filter(_L.c.type == "cash_collected").label("cash_rows"),
            _sum_of("cash_collected").label("cash_cents"),
            sa.func.count().filter(_L.c.type == "vendor_payout").label("payout_rows"),
            _sum_of("vendor_payout").label("payout_cents"),
            _sum_of("adjustment").label("adjustment_cents"),
            sa.func.count().label("ledger_rows"),
            sa.func.bool_or(_L.c.vendor_store_id != _I.c.vendor_store_id).label("foreign_vendor"),
        )
        .select_from(joined)
        .group_by(_L.c.order_id)
        .subquery("per_order")
    )
    return (
        sa.select(
            sa.func.coalesce(_I.c.order_id, per_order.c.order_id).label("order_id"),
            _I.c.id.label("payment_intent_id"),
            _I.c.vendor_store_id,
            _I.c.status.label("payment_status"),
            _I.c.amount_cents,
            _I.c.order_status,
            _I.c.delivered_at,
            sa.func.coalesce(per_order.c.cash_rows, 0).label("cash_rows"),
            sa.func.coalesce(per_order.c.cash_cents, 0).label("cash_cents"),
            sa.func.coalesce(per_order.c.payout_rows, 0).label("payout_rows"),
            sa.func.coalesce(per_order.c.payout_cents, 0).label("payout_cents"),
            sa.func.coalesce(per_order.c.adjustment_cents, 0).label("adjustment_cents"),
            sa.func.coalesce(per_order.c.ledger_rows, 0).label("ledger_rows"),
            sa.func.coalesce(per_order.c.foreign_vendor, sa.false()).label("foreign_vendor"),
        )
        .select_from(_I.join(per_order, per_order.c.order_id == _I.c.order_id, full=True))
        .subquery("facts")
    )


def _rules(f: sa.Subquery) -> dict[str, sa.ColumnElement[bool]]:
    """The drift rules of the module docstring, each true when the order breaks it (NULL-safe)."""
    c = f.c
    status = c.payment_status
    collected = status.in_(COLLECTED)
    rules: dict[str, sa.ColumnElement[bool]] = {
        "ledger_without_intent": c.payment_intent_id.is_(None),
        "ledger_rows_before_settlement": sa.and_(status.in_(NO_MONEY_YET), c.ledger_rows > 0),
        "cash_row_missing": sa.and_(collected, c.cash_rows == 0),
        "collected_amount_mismatch": sa.and_(
            collected, c.cash_rows == 1, c.cash_cents + c.adjustment_cents != c.amount_cents
        ),
        "payout_on_settled_intent": sa.and_(status == "settled", c.payout_rows > 0),
        "payout_row_missing": sa.and_(status == "paid", c.payout_rows == 0),
        "payout_amount_mismatch": sa.and_(
            status == "paid", c.payout_rows == 1, c.payout_cents != c.amount_cents
        ),
        "payout_without_cash": sa.and_(c.payout_rows > 0, c.cash_rows == 0),
        "paid_order_not_delivered": sa.and_(
            status == "paid",
            sa.or_(
                c.delivered_at.is_(None),
                c.order_status.is_(None),
                c.order_status.not_in(DELIVERED_STATUSES),
            ),
        ),
        "ledger_vendor_mismatch": c.foreign_vendor,
    }
    return {code: sa.func.coalesce(rule, sa.false()) for code, rule in rules.items()}


DRIFT_REASONS: Final = tuple(_rules(_facts()))


async def _drift(session: AsyncSession, limit: int) -> tuple[int, dict[str, int], list[DriftingOrder]]:
    facts = _facts()
    rules = _rules(facts)
    drifting = sa.or_(*rules.values())
    counts = (
        await session.execute(
            sa.select(
                sa.func.count().filter(drifting),
                *(sa.func.count().filter(rule) for rule in rules.values()),
            ).select_from(facts)
        )
    ).one()
    total, per_rule = int(counts[0]), [int(n) for n in counts[1:]]
    by_reason = {code: n for code, n in zip(rules, per_rule, strict=True) if n}
    if not total:
        return 0, {}, []
    rows = (
        await session.execute(
            sa.select(facts, *(rule.label(f"rule_{code}") for code, rule in rules.items()))
            .where(drifting)
            .order_by(facts.c.order_id)
            .limit(limit)
        )
    ).mappings()
    orders = [
        DriftingOrder(
            order_id=r["order_id"],
            reasons=tuple(code for code in rules if r[f"rule_{code}"]),
            payment_intent_id=r["payment_intent_id"],
            vendor_store_id=r["vendor_store_id"],
            payment_status=r["payment_status"],
            amount_cents=r["amount_cents"],
            order_status=r["order_status"],
            delivered_at=r["delivered_at"],
            cash_collected_cents=int(r["cash_cents"]),
            adjustments_cents=int(r["adjustment_cents"]),
            paid_out_cents=int(r["payout_cents"]),
            ledger_rows=int(r["ledger_rows"]),
        )
        for r in rows
    ]
    return total, by_reason, orders


# --- the report -------------------------------------------------------------------------------


async def reconcile(session: AsyncSession, *, now: datetime, limit: int = DRIFT_LIMIT) -> Reconciliation:
    """Money per vendor and in total, and the drifting orders (the first ``limit`` and the count)."""
    vendors = await _money_by_vendor(session)
    totals = sum((v.money for v in vendors), Money())
    count, by_reason, orders = await _drift(session, limit)
    return Reconciliation(
        as_of=now,
        totals=totals,
        vendors=vendors,
        drift_count=count,
        drift_by_reason=by_reason,
        drifting_orders=orders,
    )
