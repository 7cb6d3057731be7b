"""Rows and reads for the intent consumer tests: an intent inserted directly (what a settlement or
payout would have left), and plain reads of it (Core selects: no identity map between a delivery
and the assertion)."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
import sqlalchemy as sa

from pf_common.ids import uuid7
from pf_finance.models import PaymentIntent

INTENTS: sa.Table = PaymentIntent.__table__  # type: ignore[assignment]


@pytest.fixture
def make_intent(db_session) -> Callable[..., Awaitable[uuid.UUID]]:
    """``await make_intent(order_id, status="settled", **columns)``: a seen $42.00 cash intent; its id."""

    async def make(order_id: uuid.UUID, status: str = "settled", **over: Any) -> uuid.UUID:
        values: dict[str, Any] = {
            "id": uuid7(),
            "order_id": order_id,
            "buyer_store_id": uuid7(),
            "vendor_store_id": uuid7(),
            "method": "cash",
            "status": status,
            "amount_cents": 4200,
            "order_seen": True,
        }
        values.update(over)
        await db_session.execute(sa.insert(INTENTS).values(**values))
        return values["id"]

    return make


@pytest.fixture
def read_intent(db_session) -> Callable[[uuid.UUID], Awaitable[dict[str, Any] | None]]:
    """The intent of an order (``created_at``/``updated_at`` left out), or None."""

    async def read(order_id: uuid.UUID) -> dict[str, Any] | None:
        stmt = sa.select(INTENTS).where(INTENTS.c.order_id == order_id)
        row = (await db_session.execute(stmt)).mappings().one_or_none()
        if row is None:
            return None
        return {k: v for k, v in row.items() if k not in ("created_at", "updated_at")}

    return read


@pytest.fixture
def row_version(db_session) -> Callable[[uuid.UUID], Awaitable[str]]:
    """The intent row's ``xmin``: each delivery runs in its own (sub)transaction, so it changes
    exactly when a delivery wrote the row (``now()`` would not: the test is one transaction)."""

    async def read(order_id: uuid.UUID) -> str:
        stmt = (
            sa.select(sa.literal_column("xmin::text"))
            .select_from(INTENTS)
            .where(INTENTS.c.order_id == order_id)
        )
        return str((await db_session.execute(stmt)).scalar_one())

    return read


@pytest.fixture
def count_intents(db_session) -> Callable[[], Awaitable[int]]:
    """Every intent of the schema (negative tests: nothing written)."""

    async def count() -> int:
        return int((await db_session.execute(sa.select(sa.func.count()).select_from(INTENTS))).scalar_one())

    return count
