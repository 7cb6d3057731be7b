"""#16: an order's money, end to end on `make up`: cash collected, the vendor paid out, the books clean.

The demo buyer (Bricktown Dispensary's owner) checks out one line of vendor1 (Red Earth Growers),
paid in cash; vendor1 accepts and fulfils it (ready_for_dispatch). logistics assigns it a demo
agent, who picks it up, delivers it and records the cash, the exact total, through the gateway
(logistics settles with finance; 200 settled, a repeat answers the same: tests/e2e/journeys.py).
The demo admin confirms the vendor's payout through the gateway (200 paid; a repeat answers the
same 200). The buyer then reads the order ``closed`` and ``paid`` (orders consumes finance's
``cash_collected`` and ``order_paid``), and the admin's reconciliation is clean: no drifting
order, and vendor1's held cash is what was collected minus what was paid out (this order moved
both by its total). ONLY_EMBEDDED (tests/e2e/conftest.py): it signs in as make up's demo accounts.

Events cross workers, so every step that waits on one polls for a bounded time.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from e2e_journeys import (
    assigned_agent,
    checkout_and_fulfil,
    deliver_and_collect,
    idem,
    order,
    payout_row,
    until,
)

pytestmark = [pytest.mark.slow]


# --------------------------------------------------------------------------- helpers

MONEY = ("cash_collected", "adjustments", "collected", "paid_out", "refunded", "held")


def _vendor_money(report: dict[str, Any], vendor_id: str) -> dict[str, int]:
    """A vendor's figures of the reconciliation (``*_cents`` without the suffix; 0 when absent)."""
    for v in report["vendors"]:
        if v["vendor_store_id"] == vendor_id:
            return {k: v[f"{k}_cents"] for k in MONEY}
    return dict.fromkeys(MONEY, 0)


def _reconciliation(gw: httpx.Client, admin: dict[str, str]) -> dict[str, Any]:
    r = gw.get("/api/admin/v1/billing/reconciliation", headers=admin)
    assert r.status_code == 200, r.text
    return r.json()["data"]


# --------------------------------------------------------------------------- the journey


def test_a_delivered_order_is_settled_in_cash_paid_out_and_the_books_are_clean(gw, demo_login):
    buyer, vendor, admin = demo_login("buyer1-owner"), demo_login("vendor1-owner"), demo_login("admin")
    before_report = _reconciliation(gw, admin)

    # the buyer checks out one line of vendor1, cash on delivery; vendor1 accepts and fulfils it
    placed = checkout_and_fulfil(gw, buyer, vendor)
    order_id, total, vendor_id = placed.order_id, placed.total, placed.vendor_id
    before = _vendor_money(before_report, vendor_id)

    # the demo agent logistics assigned picks it up, delivers it and records the cash (settled)
    _handle, agent = assigned_agent(gw, demo_login, order_id)
    cash = deliver_and_collect(gw, agent, placed)
    assert cash["amount_cents"] == total
    # the gateway never routes finance's internal settle
    settle_path = f"/internal/v1/payment-intents/{order_id}:settle"
    assert gw.post(settle_path, json={"amount_cents": total}, headers=idem(agent)).status_code == 404

    # settled and delivered: the order waits in the admin's payout list
    payout = payout_row(gw, admin, order_id)
    assert (payout["vendor_store_id"], payout["amount_cents"]) == (vendor_id, total), payout
    r = gw.get(f"/api/admin/v1/orders/payouts/{order_id}", headers=admin)
    assert r.status_code == 200, r.text

    # the admin confirms the payout through the gateway; a repeat is the same 200
    confirm_url = f"/api/admin/v1/orders/{order_id}/confirm-payout"
    confirm_headers = idem(admin)
    paid = gw.post(confirm_url, headers=confirm_headers)
    assert paid.status_code == 200, paid.text
    body = paid.json()["data"]
    assert (body["order_id"], body["payment_status"]) == (order_id, "paid") and body["vendor_paid_at"], body
    repeat = gw.post(confirm_url, headers=confirm_headers)
    assert (repeat.status_code, repeat.content) == (200, paid.content)
    another_key = gw.post(confirm_url, headers=idem(admin))
    assert (another_key.status_code, another_key.json()["data"]) == (200, body)
    r = gw.get("/api/admin/v1/orders/payouts", params={"limit": 100}, headers=admin)
    assert order_id not in {o["order_id"] for o in r.json()["data"]["orders"]}

    # the buyer's order ends closed and paid (orders consumes cash_collected and order_paid)
    def closed() -> tuple[bool, Any]:
        got = order(gw, buyer, order_id)
        return (got["status"], got["payment_status"]) == ("closed", "paid"), got

    until("the buyer never saw the order closed and paid", closed)
    got = order(gw, buyer, order_id)
    assert got["balance_due_cents"] == 0 and got["total_cents"] == total, got

    # the books: no drift, and vendor1's held cash is collected minus paid out, moved by this order
    report = _reconciliation(gw, admin)
    assert report["clean"] is True and report["drift"]["count"] == 0, report["drift"]
    after = _vendor_money(report, vendor_id)
    assert after["refunded"] == 0 and after["held"] == after["collected"] - after["paid_out"], after
    moved = {k: after[k] - before[k] for k in MONEY}
    assert moved == {
        "cash_collected": total,
        "adjustments": 0,
        "collected": total,
        "paid_out": total,
        "refunded": 0,
        "held": 0,
    }, moved
    totals = {k: report["totals"][f"{k}_cents"] for k in MONEY}
    assert totals["held"] == totals["collected"] - totals["paid_out"] - totals["refunded"], totals
