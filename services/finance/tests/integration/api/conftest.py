"""finance's API tests: the app with a ``FakeOrders`` at the orders client's interface (orders'
own behaviour is tested in orders), intents inserted directly (what the intent consumers would
have left) and plain reads of intents, ledger rows and audit rows (Core selects: no identity map
between a request and the assertion). A test module may override ``orders``/``context``."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
import sqlalchemy as sa

from pf_common.ids import uuid7
from pf_finance.clients.orders import OrdersUnavailable
from pf_finance.models import FinanceAudit, LedgerEvent, PaymentIntent

INTENTS: sa.Table = PaymentIntent.__table__  # type: ignore[assignment]
LEDGER: sa.Table = LedgerEvent.__table__  # type: ignore[assignment]
AUDIT: sa.Table = FinanceAudit.__table__  # type: ignore[assignment]

TOTAL_CENTS = 4200


class FakeOrders:
    """orders' internal OrderDetail at the client's interface: ``totals[order_id]`` (and
    ``statuses``) make the detail, None (404) for other orders; ``down`` raises
    ``OrdersUnavailable``; ``calls`` records the order ids asked."""

    def __init__(self) -> None:
        self.totals: dict[uuid.UUID, int] = {}
        self.statuses: dict[uuid.UUID, str] = {}
        self.calls: list[uuid.UUID] = []
        self.down = False

    async def get_order(self, order_id: uuid.UUID) -> dict[str, Any] | None:
        self.calls.append(order_id)
        if self.down:
            raise OrdersUnavailable("status 503")
        if order_id not in self.totals:
            return None
        return {
            "order": {
                "id": str(order_id),
                "status": self.statuses.get(order_id, "delivered"),
                "total_cents": self.totals[order_id],
            }
        }

    async def aclose(self) -> None:
        return None


@pytest.fixture
def orders() -> FakeOrders:
    return FakeOrders()


@pytest.fixture
def context(context_factory, orders):
    return context_factory(orders=orders)


@pytest.fixture
def make_intent(db_session, orders) -> Callable[..., Awaitable[dict[str, Any]]]:
    """``await make_intent(status="unpaid", **columns)``: a seen $42.00 cash intent of a delivered
    order, which orders (the fake) knows with the same total; its row."""

    async def make(status: str = "unpaid", **over: Any) -> dict[str, Any]:
        row: dict[str, Any] = {
            "id": uuid7(),
            "order_id": uuid7(),
            "checkout_group_id": uuid7(),
            "buyer_store_id": uuid7(),
            "vendor_store_id": uuid7(),
            "order_number": 1001,
            "method": "cash",
            "status": status,
            "amount_cents": TOTAL_CENTS,
            "order_seen": True,
            "order_status": "delivered",
        }
        row.update(over)
        await db_session.execute(sa.insert(INTENTS).values(**row))
        orders.totals[row["order_id"]] = row["amount_cents"]
        return row

    return make


@pytest.fixture
def read_intent(db_session) -> Callable[[uuid.UUID], Awaitable[dict[str, Any]]]:
    """The intent of an order (``updated_at`` left out: it moves with every change)."""

    async def read(order_id: uuid.UUID) -> dict[str, Any]:
        row = (
            (await db_session.execute(sa.select(INTENTS).where(INTENTS.c.order_id == order_id)))
            .mappings()
            .one()
        )
        return {k: v for k, v in row.items() if k != "updated_at"}

    return read


@pytest.fixture
def ledger_rows(db_session) -> Callable[[uuid.UUID], Awaitable[list[dict[str, Any]]]]:
    async def read(order_id: uuid.UUID) -> list[dict[str, Any]]:
        stmt = (
            sa.select(LEDGER).where(LEDGER.c.order_id == order_id).order_by(LEDGER.c.created_at, LEDGER.c.id)
        )
        return [dict(r) for r in (await db_session.execute(stmt)).mappings()]

    return read


@pytest.fixture
def audit_rows(db_session) -> Callable[[uuid.UUID], Awaitable[list[dict[str, Any]]]]:
    async def read(order_id: uuid.UUID) -> list[dict[str, Any]]:
        stmt = sa.select(AUDIT).where(AUDIT.c.target_id == order_id).order_by(AUDIT.c.created_at)
        return [dict(r) for r in (await db_session.execute(stmt)).mappings()]

    return read
