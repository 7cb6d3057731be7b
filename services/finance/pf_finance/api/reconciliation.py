"""Ledger reconciliation for admins (``GET /api/admin/v1/billing/reconciliation``; an addition to
API.md §3.6): cash collected, paid out and held by the platform, per vendor and in total, to the
cent, and the orders whose intent, ledger rows and order projection disagree (the first 100 and
their count). The figures and the rules of drift are ``domain/reconciliation.py``'s."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from pydantic import BaseModel

from pf_common.db_http import ReadSession
from pf_common.guards import AdminPrincipal
from pf_common.routing import APIRouter
from pf_finance.domain import reconciliation
from pf_finance.domain.reconciliation import DriftingOrder, Money

router = APIRouter(tags=["finance"])


class MoneyOut(BaseModel):
    cash_collected_cents: int
    adjustments_cents: int
    collected_cents: int
    paid_out_cents: int
    refunded_cents: int
    held_cents: int

    @classmethod
    def of(cls, money: Money) -> MoneyOut:
        return cls(**money.as_dict())


class VendorMoneyOut(MoneyOut):
    vendor_store_id: UUID


class DriftingOrderOut(BaseModel):
    order_id: UUID
    reasons: list[str]
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

    @classmethod
    def of(cls, order: DriftingOrder) -> DriftingOrderOut:
        return cls(
            order_id=order.order_id,
            reasons=list(order.reasons),
            payment_intent_id=order.payment_intent_id,
            vendor_store_id=order.vendor_store_id,
            payment_status=order.payment_status,
            amount_cents=order.amount_cents,
            order_status=order.order_status,
            delivered_at=order.delivered_at,
            cash_collected_cents=order.cash_collected_cents,
            adjustments_cents=order.adjustments_cents,
            paid_out_cents=order.paid_out_cents,
            ledger_rows=order.ledger_rows,
        )


class DriftOut(BaseModel):
    count: int
    by_reason: dict[str, int]
    limit: int
    orders: list[DriftingOrderOut]


class ReconciliationOut(BaseModel):
    as_of: datetime
    clean: bool
    totals: MoneyOut
    vendors: list[VendorMoneyOut]
    drift: DriftOut


@router.get("/api/admin/v1/billing/reconciliation")
async def get_reconciliation(session: ReadSession, _admin: AdminPrincipal) -> dict[str, ReconciliationOut]:
    report = await reconciliation.reconcile(session, now=datetime.now(UTC))
    return {
        "data": ReconciliationOut(
            as_of=report.as_of,
            clean=report.clean,
            totals=MoneyOut.of(report.totals),
            vendors=[
                VendorMoneyOut(vendor_store_id=v.vendor_store_id, **v.money.as_dict()) for v in report.vendors
            ],
            drift=DriftOut(
                count=report.drift_count,
                by_reason=report.drift_by_reason,
                limit=reconciliation.DRIFT_LIMIT,
                orders=[DriftingOrderOut.of(o) for o in report.drifting_orders],
            ),
        )
    }
