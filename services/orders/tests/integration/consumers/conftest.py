"""Rows and reads for the consumer tests: a vendor order inserted directly (what checkout and the
vendor's decisions would have left), and plain reads of the order, its payment and audit rows
(Core selects: no identity map between a delivery and the assertion)."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy as sa

from pf_common.ids import uuid7
from pf_orders.models import OrderPayment, OrdersAudit, VendorOrder

ORDERS: sa.Table = VendorOrder.__table__  # type: ignore[assignment]
PAYMENTS: sa.Table = OrderPayment.__table__  # type: ignore[assignment]
AUDIT: sa.Table = OrdersAudit.__table__  # type: ignore[assignment]

TOTAL_CENTS = 4200


@pytest.fixture
def make_order(db_session) -> Callable[..., Awaitable[uuid.UUID]]:
    """``await make_order(status="ready_for_dispatch", **columns)``: a $42.00 cash order, unpaid,
    fulfilled, shipping pending, no assignment; its id."""

    async def make(status: str = "ready_for_dispatch", **over: Any) -> uuid.UUID:
        values: dict[str, Any] = {
            "id": uuid7(),
            "cart_id": uuid7(),
            "checkout_group_id": uuid7(),
            "buyer_store_id": uuid7(),
            "vendor_store_id": uuid7(),
            "status": status,
            "fulfillment_status": "fulfilled" if status != "created_pending" else "pending",
            "shipping_status": "pending",
            "payment_status": "unpaid",
            "refund_status": "none",
            "payment_method": "cash",
            "currency": "USD",
            "subtotal_cents": TOTAL_CENTS,
            "discounts_cents": 0,
            "promo_discount_cents": 0,
            "tax_cents": 0,
            "transport_fee_cents": 0,
            "total_cents": TOTAL_CENTS,
            "balance_due_cents": TOTAL_CENTS,
            "buyer_snapshot": {"company_name": "Buyer Co"},
            "vendor_snapshot": {"company_name": "Vendor Co"},
            # what the ORM writes for an unset JSONB column at checkout: JSON null, not SQL NULL
            "active_assignment": None,
            "created_at": datetime(2026, 11, 20, tzinfo=UTC),
        }
        values.update(over)
        await db_session.execute(sa.insert(ORDERS).values(**values))
        return values["id"]

    return make


@pytest.fixture
def read_order(db_session) -> Callable[[uuid.UUID], Awaitable[dict[str, Any]]]:
    """The order's columns (``updated_at`` left out: it moves with every applied change)."""

    async def read(order_id: uuid.UUID) -> dict[str, Any]:
        row = (await db_session.execute(sa.select(ORDERS).where(ORDERS.c.id == order_id))).mappings().one()
        return {k: v for k, v in row.items() if k != "updated_at"}

    return read


@pytest.fixture
def read_payment(db_session) -> Callable[[uuid.UUID], Awaitable[dict[str, Any] | None]]:
    async def read(order_id: uuid.UUID) -> dict[str, Any] | None:
        stmt = sa.select(PAYMENTS).where(PAYMENTS.c.order_id == order_id)
        row = (await db_session.execute(stmt)).mappings().one_or_none()
        if row is None:
            return None
        return {k: v for k, v in row.items() if k not in ("created_at", "updated_at")}

    return read


@pytest.fixture
def audit_rows(db_session) -> Callable[[uuid.UUID], Awaitable[list[dict[str, Any]]]]:
    async def read(order_id: uuid.UUID) -> list[dict[str, Any]]:
        stmt = sa.select(AUDIT).where(AUDIT.c.target_id == order_id).order_by(AUDIT.c.action)
        return [dict(r) for r in (await db_session.execute(stmt)).mappings()]

    return read


@pytest.fixture
def count_audit(db_session) -> Callable[[], Awaitable[int]]:
    """Every audit row of the schema (negative tests: nothing written anywhere)."""

    async def count() -> int:
        return int((await db_session.execute(sa.select(sa.func.count()).select_from(AUDIT))).scalar_one())

    return count
