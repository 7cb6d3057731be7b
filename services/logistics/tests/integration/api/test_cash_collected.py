"""``POST /api/v1/agent/orders/{order_id}/cash-collected`` (API.md §3.5; DOMAIN §5.5; G-7) against a
``FakeFinance`` with finance's rules and idempotency store (the real finance app runs in
tests/stack/test_logistics_cash_stack.py).

* finance settles ⇒ 200 ``{order_id, payment_status: settled, amount_cents, cash_collected_at}``,
  ``cash_pickup_time`` and ``cash_amount_cents`` once, an audit row; a repeat answers the same
  without calling finance again; another amount afterwards is 422;
* cash on ``in_transit`` delivers first (one ``order_delivered``); on ``ready_for_dispatch`` 422
  without calling finance;
* finance's 422/404/409 pass through with nothing recorded (409 keeps ``Retry-After`` and is not
  stored: the same key runs again); finance down, or an answer lost after finance applied it ⇒
  503 with nothing recorded, and the retry gets finance's first answer — one settle, never two;
* the settle call carries a key derived from the assignment and a body that is the same on every
  retry (``collected_at`` = the delivery time).
"""

from __future__ import annotations

import uuid
from datetime import datetime

import pytest

from .conftest import TOTAL_CENTS


def cash_url(order_id: uuid.UUID) -> str:
    return f"/api/v1/agent/orders/{order_id}/cash-collected"


async def report(client, agent, order_id, amount_cents=TOTAL_CENTS, *, key=None):
    return await client.post(
        cash_url(order_id), json={"amount_cents": amount_cents}, headers=agent.with_idempotency(key)
    )


@pytest.fixture
async def agent(as_agent):
    return await as_agent()


@pytest.fixture
async def delivered(make_order, assign, agent):
    """A delivered order of the agent, its assignment."""
    order = await make_order("delivered")
    return order, await assign(order, agent.user_id)


async def test_finance_settles_and_the_cash_is_recorded_once(
    client, agent, delivered, finance, read_order, read_assignments, audit_rows, emitted_events
):
    order, mine = delivered

    # when the agent reports the cash, then repeats with a new key
    first = await report(client, agent, order["order_id"])
    again = await report(client, agent, order["order_id"])

    # then finance was asked once, with a key of the assignment and the delivery time
    assert first.status_code == 200, first.text
    [call] = finance.calls
    assert (call.order_id, call.amount_cents, call.agent_user_id) == (
        order["order_id"],
        TOTAL_CENTS,
        agent.user_id,
    )
    assert call.idempotency_key == f"logistics.cash:{mine['id']}:{TOTAL_CENTS}"
    assert call.collected_at == mine["delivery_time"]
    assert finance.collected == [order["order_id"]]
    # and the answer is finance's settled payment, repeated byte for byte
    data = first.json()["data"]
    assert (data["order_id"], data["payment_status"], data["amount_cents"]) == (
        str(order["order_id"]),
        "settled",
        TOTAL_CENTS,
    )
    assert datetime.fromisoformat(data["cash_collected_at"]) == mine["delivery_time"]
    assert again.content == first.content
    # and the cash is recorded once on the assignment, with one audit row and no event of logistics
    [assignment] = await read_assignments(order["order_id"])
    assert (assignment["cash_pickup_time"], assignment["cash_amount_cents"]) == (
        mine["delivery_time"],
        TOTAL_CENTS,
    )
    assert (await read_order(order["order_id"]))["payment_status"] == "settled"
    [audit] = await audit_rows(order["order_id"])
    assert (audit["action"], audit["actor_user_id"], audit["payload"]["amount_cents"]) == (
        "order.cash_collected",
        agent.user_id,
        TOTAL_CENTS,
    )
    assert await emitted_events() == []


async def test_another_amount_after_the_cash_is_recorded_is_422_without_asking_finance(
    client, agent, delivered, finance
):
    order, _ = delivered
    assert (await report(client, agent, order["order_id"])).status_code == 200

    r = await report(client, agent, order["order_id"], TOTAL_CENTS - 1)

    assert (r.status_code, r.json()["error"]["details"]) == (
        422,
        {"payment_status": "settled", "amount_cents": TOTAL_CENTS},
    )
    assert len(finance.calls) == 1


async def test_cash_on_an_order_in_transit_delivers_it_first(
    client, agent, make_order, assign, finance, read_order, read_assignments, emitted_events
):
    # given an order the agent carries
    order = await make_order("in_transit")
    await assign(order, agent.user_id)

    # when it reports the cash
    r = await report(client, agent, order["order_id"])

    # then the order is delivered (once, announced) and the cash settled at the delivery time
    assert r.status_code == 200, r.text
    row = await read_order(order["order_id"])
    [assignment] = await read_assignments(order["order_id"])
    assert row["status"] == "delivered"
    assert assignment["delivery_time"] == row["delivered_at"] == assignment["cash_pickup_time"]
    assert finance.calls[0].collected_at == row["delivered_at"]
    [event] = await emitted_events("order_delivered")
    assert event.payload["buyer_store_id"] == str(order["buyer_store_id"])


async def test_cash_on_an_order_ready_for_dispatch_is_422_and_finance_is_not_asked(
    client, agent, make_order, assign, finance, read_assignments, emitted_events
):
    order = await make_order()
    await assign(order, agent.user_id)

    r = await report(client, agent, order["order_id"])

    assert (r.status_code, r.json()["error"]["details"]) == (422, {"status": "ready_for_dispatch"})
    assert finance.calls == []
    assert (await read_assignments(order["order_id"]))[0]["cash_pickup_time"] is None
    assert await emitted_events() == []


async def test_an_amount_finance_refuses_is_passed_through_and_nothing_is_recorded(
    client, agent, delivered, finance, read_order, read_assignments, audit_rows
):
    order, _ = delivered

    r = await report(client, agent, order["order_id"], TOTAL_CENTS - 100)

    assert r.status_code == 422, r.text
    error = r.json()["error"]
    assert (error["code"], error["details"]) == (
        "STATE_CONFLICT",
        {"expected_amount_cents": TOTAL_CENTS, "reported_amount_cents": TOTAL_CENTS - 100},
    )
    assert error["request_id"] == r.headers["x-request-id"]  # logistics' request, not finance's
    [assignment] = await read_assignments(order["order_id"])
    assert (assignment["cash_pickup_time"], assignment["cash_amount_cents"]) == (None, None)
    row = await read_order(order["order_id"])
    assert (row["status"], row["payment_status"]) == ("delivered", "unpaid")
    assert await audit_rows(order["order_id"]) == []
    assert finance.collected == []


async def test_finance_not_knowing_the_payment_is_404(client, agent, delivered, finance, read_assignments):
    order, _ = delivered
    del finance.due[order["order_id"]]

    r = await report(client, agent, order["order_id"])

    assert (r.status_code, r.json()["error"]["code"]) == (404, "NOT_FOUND")
    assert (await read_assignments(order["order_id"]))[0]["cash_pickup_time"] is None


async def test_finance_behind_is_409_with_retry_after_and_the_same_key_runs_again(
    client, agent, delivered, finance, read_assignments
):
    order, _ = delivered
    finance.behind = True

    behind = await report(client, agent, order["order_id"], key="cash-1")
    finance.behind = False
    caught_up = await report(client, agent, order["order_id"], key="cash-1")

    assert (behind.status_code, behind.json()["error"]["code"], behind.headers["retry-after"]) == (
        409,
        "CONFLICT",
        "3",
    )
    assert caught_up.status_code == 200, caught_up.text
    assert "idempotent-replayed" not in caught_up.headers
    assert (await read_assignments(order["order_id"]))[0]["cash_amount_cents"] == TOTAL_CENTS


async def test_finance_down_is_503_with_nothing_recorded_and_a_retry_works(
    client, agent, delivered, finance, read_assignments, audit_rows
):
    order, _ = delivered
    finance.down = True

    down = await report(client, agent, order["order_id"], key="cash-1")

    assert (down.status_code, down.json()["error"]["code"]) == (503, "DEPENDENCY_ERROR")
    assert down.json()["error"]["details"] == {"dependency": "finance"}
    assert (await read_assignments(order["order_id"]))[0]["cash_pickup_time"] is None
    assert await audit_rows(order["order_id"]) == []

    finance.down = False
    retried = await report(client, agent, order["order_id"], key="cash-1")
    assert retried.status_code == 200, retried.text
    assert finance.collected == [order["order_id"]]


async def test_an_answer_lost_after_finance_applied_it_is_503_and_the_retry_gets_finances_first_answer(
    client, agent, make_order, assign, finance, read_assignments, emitted_events
):
    # given an order in transit, and finance that settles the first call but whose answer is lost
    order = await make_order("in_transit")
    await assign(order, agent.user_id)
    finance.lose_answers = 1

    # when the agent reports the cash and retries
    lost = await report(client, agent, order["order_id"], key="cash-1")
    retried = await report(client, agent, order["order_id"], key="cash-1")

    # then the first answer is 503 with nothing recorded but the delivery, and the retry gets
    # finance's stored settle: the same key and the same body, one settle, one delivery
    assert lost.status_code == 503
    assert retried.status_code == 200, retried.text
    first, second = finance.calls
    assert first == second
    assert finance.collected == [order["order_id"]]
    assert (await read_assignments(order["order_id"]))[0]["cash_amount_cents"] == TOTAL_CENTS
    assert len(await emitted_events("order_delivered")) == 1
