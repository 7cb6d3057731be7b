"""logistics' API tests: the app with a ``FakeOrders`` and a ``FakeFinance`` at the clients'
interfaces (their own behaviour is tested in orders and finance; the real finance runs in
tests/stack/test_logistics_cash_stack.py), rows inserted directly (what the consumers would have
left: dispatch orders, assignments, store and agent projections) and plain reads of rows (Core
selects: no identity map between a request and the assertion).

Both fakes announce their calls to ``pf_common.iosafety`` as the real clients do, so a call made
while a database session is open fails the test.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from pf_common.ids import uuid7
from pf_common.iosafety import check_io
from pf_logistics.clients.finance import FinanceUnavailable, SettleAnswer
from pf_logistics.clients.orders import OrdersUnavailable
from pf_logistics.models import (
    AgentProjection,
    DispatchOrder,
    LogisticsAudit,
    OrderAssignment,
    StoreProjection,
)

DISPATCH: sa.Table = DispatchOrder.__table__  # type: ignore[attr-defined]
ASSIGNMENTS: sa.Table = OrderAssignment.__table__  # type: ignore[attr-defined]
STORES: sa.Table = StoreProjection.__table__
AGENTS: sa.Table = AgentProjection.__table__  # type: ignore[attr-defined]
AUDIT: sa.Table = LogisticsAudit.__table__  # type: ignore[attr-defined]

TOTAL_CENTS = 4200
ADDRESS = {
    "line1": "1 Market St",
    "city": "San Francisco",
    "state": "CA",
    "postal_code": "94105",
    "country": "US",
    "lat": 37.79,
    "lng": -122.39,
}


def contact(name: str, phone: str | None = "+15555550100") -> dict[str, Any]:
    """A StoreContactSnapshot as ``order_ready_for_dispatch`` carries it."""
    return {"company_name": name, "dba_name": None, "phone": phone, "address": ADDRESS, "logo_url": None}


# --- orders, at the client's interface ------------------------------------------------------------


class FakeOrders:
    """orders' internal OrderDetail: ``details[order_id]`` (None = 404); ``down`` raises
    ``OrdersUnavailable``; ``calls`` records the ids asked."""

    def __init__(self) -> None:
        self.details: dict[uuid.UUID, dict[str, Any]] = {}
        self.calls: list[uuid.UUID] = []
        self.down = False

    def know(self, order: dict[str, Any], **over: Any) -> dict[str, Any]:
        """orders' OrderDetail of a dispatch row (``over`` replaces top-level keys)."""
        oid, buyer, vendor = order["order_id"], order["buyer_store_id"], order["vendor_store_id"]
        party = {"company_name": "", "dba_name": None, "logo_url": None, "address": None, "phone": None}
        detail = {
            "order": {
                "id": str(oid),
                "order_number": order["order_number"],
                "created_at": "2026-12-01T10:00:00Z",
                "status": "ready_for_dispatch",
                "total_cents": order["total_cents"],
                "discount_cents": 0,
                "total_items": order["total_items"],
                "payment_status": "unpaid",
                "fulfillment_status": "fulfilled",
                "shipping_status": "dispatched",
                "buyer": {**party, "id": str(buyer), "company_name": "Buyer Co"},
                "vendor": {**party, "id": str(vendor), "company_name": "Vendor Co"},
                "subtotal_cents": order["total_cents"],
                "discounts_cents": 0,
                "tax_cents": 0,
                "transport_fee_cents": 0,
                "balance_due_cents": order["total_cents"],
                "checkout_group_id": str(order["checkout_group_id"]),
                "shipping_address": ADDRESS,
                "notes": None,
            },
            "line_items": [
                {
                    "id": str(uuid7()),
                    "name": "Blue Dream 3.5g",
                    "category": "flower",
                    "unit": "gram",
                    "unit_price_cents": order["total_cents"],
                    "quantity": 1,
                    "discount_cents": 0,
                    "total_cents": order["total_cents"],
                    "status": "fulfilled",
                }
            ],
            "payment_intent": {"id": None, "method": "cash", "status": "unpaid", "amount_cents": 4200},
            "buyer_store": {**party, "id": str(buyer), "company_name": "Buyer Co", "phone": "+15550001111"},
            "vendor_store": {**party, "id": str(vendor), "company_name": "Vendor Co", "address": ADDRESS},
            "active_assignment": None,
        }
        detail.update(over)
        self.details[oid] = detail
        return detail

    async def get_order(self, order_id: uuid.UUID) -> dict[str, Any] | None:
        check_io(lambda: f"orders GET /internal/v1/orders/{order_id}")
        self.calls.append(order_id)
        if self.down:
            raise OrdersUnavailable("ConnectError")
        return self.details.get(order_id)

    async def aclose(self) -> None:
        return None


# --- finance, at the client's interface -----------------------------------------------------------


@dataclass(frozen=True)
class SettleCall:
    order_id: uuid.UUID
    amount_cents: int
    agent_user_id: uuid.UUID
    collected_at: datetime
    idempotency_key: str


class FakeFinance:
    """finance's settle with its rules and its idempotency store: ``due[order_id]`` is the unpaid
    amount (no entry: 404); the exact amount settles (``collected`` gets the order once: finance's
    one ``cash_collected``), another fails the payment (422 with the amounts); a settled or failed
    payment is 422. Answers are stored per ``Idempotency-Key`` and replayed; the same key with
    another body is 409 ``IDEMPOTENCY_KEY_REUSED``. ``behind`` answers 409 with ``Retry-After``
    (not stored), ``down`` raises ``FinanceUnavailable``, ``lose_answers = n`` applies the next n
    calls and then loses their answers (a timeout after applying)."""

    def __init__(self) -> None:
        self.due: dict[uuid.UUID, int] = {}
        self.status: dict[uuid.UUID, str] = {}
        self.stored: dict[str, tuple[tuple[Any, ...], SettleAnswer]] = {}
        self.calls: list[SettleCall] = []
        self.collected: list[uuid.UUID] = []
        self.down = False
        self.behind = False
        self.lose_answers = 0

    async def settle(
        self,
        order_id: uuid.UUID,
        *,
        amount_cents: int,
        agent_user_id: uuid.UUID,
        collected_at: datetime,
        idempotency_key: str,
    ) -> SettleAnswer:
        check_io(lambda: f"finance POST settle {order_id}")
        self.calls.append(SettleCall(order_id, amount_cents, agent_user_id, collected_at, idempotency_key))
        if self.down:
            raise FinanceUnavailable("ConnectError")
        body = (order_id, amount_cents, agent_user_id, collected_at.isoformat())
        if idempotency_key in self.stored:
            first_body, answer = self.stored[idempotency_key]
            if first_body != body:
                return _error(409, "IDEMPOTENCY_KEY_REUSED", "key reused", {"key": idempotency_key})
            return answer
        if self.behind:
            return SettleAnswer(409, _error(409, "CONFLICT", "finance is behind").body, "3")
        answer = self._decide(order_id, amount_cents, collected_at)
        self.stored[idempotency_key] = (body, answer)
        if self.lose_answers:
            self.lose_answers -= 1
            raise FinanceUnavailable("ReadTimeout")
        return answer

    def _decide(self, order_id: uuid.UUID, amount_cents: int, collected_at: datetime) -> SettleAnswer:
        if order_id not in self.due:
            return _error(404, "NOT_FOUND", "order not found")
        status = self.status.get(order_id, "unpaid")
        if status != "unpaid":
            return _error(422, "STATE_CONFLICT", "not settleable", {"payment_status": status})
        due = self.due[order_id]
        if amount_cents != due:
            self.status[order_id] = "failed"
            details = {"expected_amount_cents": due, "reported_amount_cents": amount_cents}
            return _error(422, "STATE_CONFLICT", "the payment failed", details)
        self.status[order_id] = "settled"
        self.collected.append(order_id)
        data = {
            "id": str(uuid7()),
            "method": "cash",
            "status": "settled",
            "amount_cents": amount_cents,
            "cash_collected_at": collected_at.isoformat(),
            "vendor_paid_at": None,
            "failure_reason": None,
        }
        return SettleAnswer(200, {"data": data})

    async def aclose(self) -> None:
        return None


def _error(status: int, code: str, message: str, details: dict[str, Any] | None = None) -> SettleAnswer:
    error: dict[str, Any] = {"code": code, "message": message, "request_id": "finance-rid"}
    if details is not None:
        error["details"] = details
    return SettleAnswer(status, {"error": error})


@pytest.fixture
def orders() -> FakeOrders:
    return FakeOrders()


@pytest.fixture
def finance() -> FakeFinance:
    return FakeFinance()


@pytest.fixture
def context(context_factory, orders, finance):
    return context_factory(orders=orders, finance=finance)


# --- rows -------------------------------------------------------------------------------------------


@pytest.fixture
def make_store(db_session) -> Callable[..., Awaitable[uuid.UUID]]:
    """``await make_store("vendor", kyc="verified")``: a projected store (identity's events)."""

    async def make(store_type: str = "buyer", *, kyc: str = "verified", store_id: uuid.UUID | None = None):
        sid = store_id or uuid7()
        await db_session.execute(
            sa.insert(STORES).values(
                store_id=sid,
                type=store_type,
                company_name=f"{store_type.title()} Co",
                phone="+15555550100",
                address=ADDRESS,
                kyc_status=kyc,
            )
        )
        return sid

    return make


@pytest.fixture
def make_order(db_session, make_store, finance) -> Callable[..., Awaitable[dict[str, Any]]]:
    """``await make_order(status=…, **columns)``: a dispatch order between two verified stores (what
    ``order_ready_for_dispatch`` leaves), that finance expects $42.00 cash for; its row."""
    numbers = iter(range(1001, 10_000))

    async def make(status: str = "ready_for_dispatch", **over: Any) -> dict[str, Any]:
        now = datetime.now(UTC)
        row: dict[str, Any] = {
            "order_id": uuid7(),
            "order_number": next(numbers),
            "checkout_group_id": uuid7(),
            "buyer_store_id": over.pop("buyer_store_id", None) or await make_store("buyer"),
            "vendor_store_id": over.pop("vendor_store_id", None) or await make_store("vendor"),
            "buyer": contact("Buyer Co", phone="+15550001111"),
            "vendor": contact("Vendor Co", phone="+15550002222"),
            "total_cents": TOTAL_CENTS,
            "discounts_cents": 0,
            "total_items": 3,
            "status": status,
            "payment_status": "unpaid",
            "ready_at": now,
        }
        if status in ("in_transit", "delivered"):
            row["picked_up_at"] = now - timedelta(hours=1)
        if status == "delivered":
            row["delivered_at"] = now - timedelta(minutes=5)
        if status == "canceled":
            row["canceled_at"] = now
        row.update(over)
        await db_session.execute(sa.insert(DISPATCH).values(**row))
        finance.due[row["order_id"]] = row["total_cents"]
        return row

    return make


@pytest.fixture
def assign(db_session) -> Callable[..., Awaitable[dict[str, Any]]]:
    """``await assign(order, agent_user_id)``: an assignment of the order (its hand-over facts follow
    the order's status unless given)."""

    async def make(order: dict[str, Any], agent_user_id: uuid.UUID, **over: Any) -> dict[str, Any]:
        row: dict[str, Any] = {
            "id": uuid7(),
            "order_id": order["order_id"],
            "agent_user_id": agent_user_id,
            "assigned_at": datetime.now(UTC) - timedelta(hours=2),
            "active": True,
            "pickup_time": order.get("picked_up_at"),
            "delivery_time": order.get("delivered_at"),
        }
        row.update(over)
        await db_session.execute(sa.insert(ASSIGNMENTS).values(**row))
        return row

    return make


@pytest.fixture
def make_agent(db_session) -> Callable[..., Awaitable[uuid.UUID]]:
    async def make(user_id: uuid.UUID | None = None, *, is_active: bool = True) -> uuid.UUID:
        uid = user_id or uuid7()
        await db_session.execute(
            sa.insert(AGENTS).values(user_id=uid, first_name="Ada", last_name="Agent", is_active=is_active)
        )
        return uid

    return make


@pytest.fixture
def read_order(db_session) -> Callable[[uuid.UUID], Awaitable[dict[str, Any]]]:
    async def read(order_id: uuid.UUID) -> dict[str, Any]:
        row = (
            await db_session.execute(sa.select(DISPATCH).where(DISPATCH.c.order_id == order_id))
        ).mappings()
        return {k: v for k, v in row.one().items() if k != "updated_at"}

    return read


@pytest.fixture
def read_assignments(db_session) -> Callable[[uuid.UUID], Awaitable[list[dict[str, Any]]]]:
    async def read(order_id: uuid.UUID) -> list[dict[str, Any]]:
        stmt = (
            sa.select(ASSIGNMENTS)
            .where(ASSIGNMENTS.c.order_id == order_id)
            .order_by(ASSIGNMENTS.c.assigned_at, ASSIGNMENTS.c.id)
        )
        return [
            {k: v for k, v in r.items() if k not in ("updated_at", "created_at")}
            for r in (await db_session.execute(stmt)).mappings()
        ]

    return read


@pytest.fixture
def audit_rows(db_session) -> Callable[[uuid.UUID], Awaitable[list[dict[str, Any]]]]:
    async def read(order_id: uuid.UUID) -> list[dict[str, Any]]:
        stmt = sa.select(AUDIT).where(AUDIT.c.target_id == order_id).order_by(AUDIT.c.created_at, AUDIT.c.id)
        return [dict(r) for r in (await db_session.execute(stmt)).mappings()]

    return read
