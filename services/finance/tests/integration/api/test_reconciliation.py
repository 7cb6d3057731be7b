"""Ledger reconciliation (``GET /api/admin/v1/billing/reconciliation``; rules in
``pf_finance/domain/reconciliation.py``): cash collected, paid out and held per vendor and in total
to the cent, adjustments counting into collected; every drifting order listed with the rules it
breaks; none on a clean set; the list capped at 100 with the full count; admins only.

Intents and ledger rows are inserted directly (the drift cannot be made through the API)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy as sa

from pf_common.ids import uuid7
from pf_finance.models import LedgerEvent, PaymentIntent

INTENTS = PaymentIntent.__table__
LEDGER = LedgerEvent.__table__
T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
URL = "/api/admin/v1/billing/reconciliation"


async def make_intent(
    db_session,
    *,
    vendor: uuid.UUID,
    status: str,
    amount_cents: int,
    delivered: bool = True,
    order_status: str | None = None,
    ledger: tuple[tuple[str, int], ...] | None = None,
) -> dict[str, Any]:
    """An intent and its ledger rows: by default the rows its status implies (a clean order)."""
    row = {
        "id": uuid7(),
        "order_id": uuid7(),
        "buyer_store_id": uuid7(),
        "vendor_store_id": vendor,
        "method": "cash",
        "status": status,
        "amount_cents": amount_cents,
        "order_status": order_status or ("delivered" if delivered else "in_transit"),
        "delivered_at": T0 if delivered else None,
        "order_seen": True,
    }
    await db_session.execute(sa.insert(INTENTS).values(**row))
    if ledger is None:
        ledger = {
            "settled": (("cash_collected", amount_cents),),
            "paid": (("cash_collected", amount_cents), ("vendor_payout", amount_cents)),
        }.get(status, ())
    for type_, cents in ledger:
        await add_ledger(db_session, row, type_, cents)
    return row


async def add_ledger(db_session, intent: dict[str, Any], type_: str, amount_cents: int, **over: Any) -> None:
    values = {
        "id": uuid7(),
        "order_id": intent["order_id"],
        "buyer_store_id": intent["buyer_store_id"],
        "vendor_store_id": intent["vendor_store_id"],
        "actor_user_id": uuid7(),
        "type": type_,
        "amount_cents": amount_cents,
        **over,
    }
    await db_session.execute(sa.insert(LEDGER).values(**values))


def money(cash: int, adjustments: int, paid_out: int, refunded: int = 0) -> dict[str, int]:
    return {
        "cash_collected_cents": cash,
        "adjustments_cents": adjustments,
        "collected_cents": cash + adjustments,
        "paid_out_cents": paid_out,
        "refunded_cents": refunded,
        "held_cents": cash + adjustments - paid_out - refunded,
    }


async def clean_marketplace(db_session) -> tuple[uuid.UUID, uuid.UUID]:
    """Two vendors' orders in every payment status, every record agreeing."""
    a, b = sorted([uuid7(), uuid7()])
    await make_intent(db_session, vendor=a, status="settled", amount_cents=1234)
    await make_intent(db_session, vendor=a, status="settled", amount_cents=5678)
    await make_intent(db_session, vendor=a, status="paid", amount_cents=999)
    await make_intent(db_session, vendor=a, status="unpaid", amount_cents=777, delivered=False)
    await make_intent(db_session, vendor=b, status="paid", amount_cents=10_001)
    # a corrected settle: 950 in cash plus a +50 adjustment make up the intent's 1000
    await make_intent(
        db_session,
        vendor=b,
        status="settled",
        amount_cents=1000,
        ledger=(("cash_collected", 950), ("adjustment", 50)),
    )
    # paid after an adjustment, and the order since closed by orders
    await make_intent(
        db_session,
        vendor=b,
        status="paid",
        amount_cents=2000,
        order_status="closed",
        ledger=(("cash_collected", 2100), ("adjustment", -100), ("vendor_payout", 2000)),
    )
    await make_intent(db_session, vendor=b, status="failed", amount_cents=400)
    await make_intent(
        db_session, vendor=b, status="settled", amount_cents=300, delivered=False
    )  # not projected yet
    return a, b


async def test_money_per_vendor_and_in_total_to_the_cent_and_no_drift_on_a_clean_set(
    client, db_session, as_admin
):
    a, b = await clean_marketplace(db_session)
    admin = await as_admin()

    r = await client.get(URL, headers=admin.headers)

    assert r.status_code == 200, r.text
    data = r.json()["data"]
    assert data["vendors"] == [
        {"vendor_store_id": str(a), **money(1234 + 5678 + 999, 0, 999)},
        {"vendor_store_id": str(b), **money(10_001 + 950 + 2100 + 300, 50 - 100, 10_001 + 2000)},
    ]
    assert data["totals"] == money(1234 + 5678 + 999 + 10_001 + 950 + 2100 + 300, -50, 999 + 10_001 + 2000)
    assert data["totals"]["held_cents"] == 1234 + 5678 + 1000 + 300
    assert data["clean"] is True
    assert data["drift"] == {"count": 0, "by_reason": {}, "limit": 100, "orders": []}


async def test_every_disagreeing_order_is_listed_with_the_rules_it_breaks(client, db_session, as_admin):
    # given a clean marketplace and, at a third vendor, one order breaking each rule
    await clean_marketplace(db_session)
    v = uuid7()
    drifting: dict[uuid.UUID, list[str]] = {}

    async def drift(reasons: list[str], **kw: Any) -> dict[str, Any]:
        intent = await make_intent(db_session, vendor=v, **kw)
        drifting[intent["order_id"]] = reasons
        return intent

    no_cash = await drift(["cash_row_missing"], status="settled", amount_cents=4200, ledger=())
    await drift(
        ["collected_amount_mismatch"], status="settled", amount_cents=4200, ledger=(("cash_collected", 4100),)
    )
    await drift(
        ["payout_on_settled_intent"],
        status="settled",
        amount_cents=4200,
        ledger=(("cash_collected", 4200), ("vendor_payout", 4200)),
    )
    await drift(["payout_row_missing"], status="paid", amount_cents=4200, ledger=(("cash_collected", 4200),))
    await drift(
        ["payout_amount_mismatch"],
        status="paid",
        amount_cents=4200,
        ledger=(("cash_collected", 4200), ("vendor_payout", 4000)),
    )
    await drift(
        ["cash_row_missing", "payout_without_cash"],
        status="paid",
        amount_cents=4200,
        ledger=(("vendor_payout", 4200),),
    )
    await drift(["paid_order_not_delivered"], status="paid", amount_cents=4200, delivered=False)
    await drift(["paid_order_not_delivered"], status="paid", amount_cents=4200, order_status="canceled")
    await drift(
        ["ledger_rows_before_settlement"],
        status="unpaid",
        amount_cents=4200,
        ledger=(("cash_collected", 4200),),
    )
    await drift(
        ["ledger_rows_before_settlement"], status="failed", amount_cents=4200, ledger=(("adjustment", 10),)
    )
    foreign = await drift(["ledger_vendor_mismatch"], status="settled", amount_cents=4200, ledger=())
    await add_ledger(db_session, foreign, "cash_collected", 4200, vendor_store_id=uuid7())
    orphan = {"order_id": uuid7(), "buyer_store_id": uuid7(), "vendor_store_id": v}
    await add_ledger(db_session, orphan, "cash_collected", 3000)
    drifting[orphan["order_id"]] = ["ledger_without_intent"]
    admin = await as_admin()

    # when
    r = await client.get(URL, headers=admin.headers)

    # then each is listed once, by order id, with exactly the rules it breaks
    assert r.status_code == 200, r.text
    drift_out = r.json()["data"]["drift"]
    assert r.json()["data"]["clean"] is False
    assert drift_out["count"] == len(drifting) == 12
    assert [(uuid.UUID(o["order_id"]), o["reasons"]) for o in drift_out["orders"]] == sorted(drifting.items())
    assert drift_out["by_reason"] == {
        "ledger_without_intent": 1,
        "ledger_rows_before_settlement": 2,
        "cash_row_missing": 2,
        "collected_amount_mismatch": 1,
        "payout_on_settled_intent": 1,
        "payout_row_missing": 1,
        "payout_amount_mismatch": 1,
        "payout_without_cash": 1,
        "paid_order_not_delivered": 2,
        "ledger_vendor_mismatch": 1,
    }
    listed = {o["order_id"]: o for o in drift_out["orders"]}
    assert listed[str(no_cash["order_id"])] == {
        "order_id": str(no_cash["order_id"]),
        "reasons": ["cash_row_missing"],
        "payment_intent_id": str(no_cash["id"]),
        "vendor_store_id": str(v),
        "payment_status": "settled",
        "amount_cents": 4200,
        "order_status": "delivered",
        "delivered_at": "2026-03-02T10:00:00Z",
        "cash_collected_cents": 0,
        "adjustments_cents": 0,
        "paid_out_cents": 0,
        "ledger_rows": 0,
    }
    orphan_out = listed[str(orphan["order_id"])]
    assert (
        orphan_out["payment_intent_id"],
        orphan_out["payment_status"],
        orphan_out["cash_collected_cents"],
    ) == (
        None,
        None,
        3000,
    )


async def test_the_drift_list_is_capped_at_100_with_the_full_count(client, db_session, as_admin):
    v = uuid7()
    rows = [
        {
            "id": uuid7(),
            "order_id": uuid7(),
            "buyer_store_id": uuid7(),
            "vendor_store_id": v,
            "method": "cash",
            "status": "settled",
            "amount_cents": 100,
            "order_seen": True,
        }
        for _ in range(103)
    ]
    await db_session.execute(sa.insert(INTENTS), rows)  # settled, none with its cash row
    admin = await as_admin()

    r = await client.get(URL, headers=admin.headers)

    drift_out = r.json()["data"]["drift"]
    assert drift_out["count"] == 103
    assert drift_out["by_reason"] == {"cash_row_missing": 103}
    assert [o["order_id"] for o in drift_out["orders"]] == sorted(str(x["order_id"]) for x in rows)[:100]


@pytest.mark.parametrize("who", ["vendor_owner", "agent"])
async def test_reconciliation_is_admin_only(client, as_store, as_agent, who):
    actor = await as_agent() if who == "agent" else await as_store("vendor", "owner")

    r = await client.get(URL, headers=actor.headers)

    assert r.status_code == 403
    assert r.json()["error"]["code"] == "FORBIDDEN"
