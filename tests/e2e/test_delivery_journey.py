"""#17: an order delivered by a demo agent on `make up`, through the gateway.

The demo buyer (Bricktown Dispensary's owner) checks out one line of vendor1 (Red Earth Growers),
paid in cash; vendor1 accepts and fulfils it (ready_for_dispatch). logistics queues it and assigns
a random active demo agent (agent1 or agent2, projected from identity's ``agent_upserted``): each
agent signs in and reads its assignments until one lists the order. That agent reads the order's
detail (both parties' phone and address), picks it up (200 in_transit), delivers it (200
delivered) and records the cash, the order's total (200 settled: logistics calls finance's
settle); a repeat of each step answers the same. The buyer then reads the order ``delivered`` and
``settled`` (orders consumes logistics' ``order_delivered`` and finance's ``cash_collected``) and
the admin's payout list holds it (finance learnt the delivery from logistics' real event).

ONLY_EMBEDDED (tests/e2e/conftest.py): it signs in as make up's demo accounts.
"""

from __future__ import annotations

from typing import Any

import pytest
from e2e_journeys import assigned_agent, checkout_and_fulfil, deliver_and_collect, order, payout_row, until

pytestmark = [pytest.mark.slow]


def test_a_demo_agent_delivers_a_fulfilled_order_and_collects_its_cash(gw, demo_login):
    buyer, vendor, admin = demo_login("buyer1-owner"), demo_login("vendor1-owner"), demo_login("admin")
    placed = checkout_and_fulfil(gw, buyer, vendor)

    # logistics assigned a demo agent: one of them lists the order among its assignments
    _handle, agent = assigned_agent(gw, demo_login, placed.order_id)
    r = gw.get(f"/api/v1/agent/orders/{placed.order_id}", headers=agent)
    assert r.status_code == 200, r.text
    detail = r.json()["data"]
    assert detail["order"]["id"] == placed.order_id and detail["order"]["total_cents"] == placed.total
    assert (detail["buyer_store"]["id"], detail["vendor_store"]["id"]) == (placed.buyer_id, placed.vendor_id)
    for party in ("buyer_store", "vendor_store"):
        assert detail[party]["phone"] and detail[party]["address"]["line1"], detail[party]
    assert detail["active_assignment"] is not None, detail

    cash = deliver_and_collect(gw, agent, placed)
    assert cash["amount_cents"] == placed.total

    # the buyer's order: delivered, and settled (cash collected, the vendor not paid yet)
    def delivered_and_settled() -> tuple[bool, Any]:
        got = order(gw, buyer, placed.order_id)
        return (got["status"], got["payment_status"]) == ("delivered", "settled"), got

    until("the buyer never saw the order delivered and settled", delivered_and_settled)
    assert order(gw, buyer, placed.order_id)["delivered_at"] is not None

    # finance has it delivered (logistics' order_delivered) and settled: it waits for its payout
    row = payout_row(gw, admin, placed.order_id)
    assert (row["vendor_store_id"], row["amount_cents"]) == (placed.vendor_id, placed.total), row
