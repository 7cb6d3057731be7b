"""logistics' and finance's facts move vendor orders (DOMAIN §5.4; EVENTS.md §4, §6; G-7).

Each event goes through the real consumers and inbox: delivered twice with one event id, the second
is a duplicate. ``deliver(..., times=1)`` called twice sends the same fact under two event ids (a
replay): the handler itself must then be safe twice. Any arrival order converges on the row of
in-order application.
"""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pydantic_core import to_jsonable_python

from pf_common.events.finance import CashCollectedV1, OrderPaidV1, PaymentFailedV1, PaymentRejectedV1
from pf_common.events.logistics import OrderAssignedV1, OrderDeliveredV1, OrderPickedUpV1
from pf_common.events.registry import EventPayload
from pf_common.ids import uuid7

T0 = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
T1, T2, T3, T4, T5 = (T0 + timedelta(minutes=n) for n in range(1, 6))
APPLIED_ONCE = ["applied", "duplicate"]
TOTAL_CENTS = 4200  # the total of conftest's ``make_order``

AGENT = uuid.UUID("0199a1b2-0000-7000-8000-0000000000a1")
OTHER_AGENT = uuid.UUID("0199a1b2-0000-7000-8000-0000000000a2")
ADMIN = uuid.UUID("0199a1b2-0000-7000-8000-0000000000ad")
ASSIGNMENT = uuid.UUID("0199a1b2-0000-7000-8000-00000000a551")
REASSIGNMENT = uuid.UUID("0199a1b2-0000-7000-8000-00000000a552")
INTENT = uuid.UUID("0199a1b2-0000-7000-8000-0000000001e7")


def iso(t: datetime) -> str:
    """A time as the JSON of ``active_assignment`` holds it."""
    return to_jsonable_python(t)  # type: ignore[no-any-return]


# --- events (each with the envelope time it carries: the version of finance's facts) -----------------


def assigned(
    order_id: uuid.UUID,
    *,
    assignment_id: uuid.UUID = ASSIGNMENT,
    agent: uuid.UUID = AGENT,
    at: datetime = T0,
    by: uuid.UUID | None = None,
) -> tuple[EventPayload, datetime]:
    event = OrderAssignedV1(
        order_id=order_id,
        assignment_id=assignment_id,
        agent_user_id=agent,
        assigned_by_user_id=by,
        assigned_at=at,
    )
    return event, at


def picked_up(order_id: uuid.UUID, *, at: datetime = T1) -> tuple[EventPayload, datetime]:
    event = OrderPickedUpV1(order_id=order_id, assignment_id=ASSIGNMENT, agent_user_id=AGENT, picked_up_at=at)
    return event, at


def delivered(order_id: uuid.UUID, *, at: datetime = T2) -> tuple[EventPayload, datetime]:
    event = OrderDeliveredV1(
        order_id=order_id, assignment_id=ASSIGNMENT, agent_user_id=AGENT, delivered_at=at
    )
    return event, at


def cash_collected(order_id: uuid.UUID, *, at: datetime = T3) -> tuple[EventPayload, datetime]:
    event = CashCollectedV1(
        order_id=order_id,
        checkout_group_id=None,
        buyer_store_id=uuid7(),
        vendor_store_id=uuid7(),
        payment_intent_id=INTENT,
        amount_cents=TOTAL_CENTS,
        cash_collected_at=at,
        agent_user_id=AGENT,
        ledger_event_id=uuid7(),
    )
    return event, at


RESOLVED_CENTS = 4000  # what the admin's resolution says was received (G-7)


def resolved(order_id: uuid.UUID, *, at: datetime = T4) -> tuple[EventPayload, datetime]:
    """finance's ``cash_collected`` of an admin's resolution of a failed payment (G-7)."""
    event = CashCollectedV1(
        order_id=order_id,
        checkout_group_id=None,
        buyer_store_id=uuid7(),
        vendor_store_id=uuid7(),
        payment_intent_id=INTENT,
        amount_cents=RESOLVED_CENTS,
        cash_collected_at=at,
        agent_user_id=AGENT,
        ledger_event_id=uuid7(),
    )
    return event, at


def payment_failed(order_id: uuid.UUID, *, at: datetime = T3) -> tuple[EventPayload, datetime]:
    event = PaymentFailedV1(order_id=order_id, payment_intent_id=INTENT, failure_reason="amount_mismatch")
    return event, at


def payment_rejected(order_id: uuid.UUID, *, at: datetime = T3) -> tuple[EventPayload, datetime]:
    event = PaymentRejectedV1(order_id=order_id, payment_intent_id=INTENT, failure_reason="ach_returned")
    return event, at


def order_paid(order_id: uuid.UUID, *, at: datetime = T4) -> tuple[EventPayload, datetime]:
    event = OrderPaidV1(
        order_id=order_id,
        buyer_store_id=uuid7(),
        vendor_store_id=uuid7(),
        payment_intent_id=INTENT,
        amount_cents=TOTAL_CENTS,
        vendor_paid_at=at,
        ledger_event_id=uuid7(),
        confirmed_by_user_id=ADMIN,
    )
    return event, at


async def send(deliver, fact: tuple[EventPayload, datetime], *, times: int = 2) -> list[str]:
    event, at = fact
    outcomes: list[str] = await deliver(event, times=times, occurred_at=at)
    return outcomes


def assignment_view(**over: Any) -> dict[str, Any]:
    view = {
        "id": str(ASSIGNMENT),
        "agent_user_id": str(AGENT),
        "assigned_by_user_id": None,
        "assigned_at": iso(T0),
        "unassigned_at": None,
        "pickup_time": None,
        "delivery_time": None,
        "cash_pickup_time": None,
    }
    view.update(over)
    return view


def fulfilment_state(order: dict[str, Any]) -> dict[str, Any]:
    keys = (
        "status",
        "shipping_status",
        "payment_status",
        "balance_due_cents",
        "delivered_at",
        "active_assignment",
    )
    return {k: order[k] for k in keys}


# --- order_assigned -------------------------------------------------------------------------------------


async def test_order_assigned_sets_the_assignment_and_dispatches_once(deliver, make_order, read_order):
    order_id = await make_order("ready_for_dispatch")
    before = await read_order(order_id)

    outcomes = await send(deliver, assigned(order_id, by=ADMIN))

    assert outcomes == APPLIED_ONCE
    after = await read_order(order_id)
    assert after == {
        **before,
        "shipping_status": "dispatched",
        "active_assignment": assignment_view(assigned_by_user_id=str(ADMIN)),
    }


async def test_a_reassignment_replaces_the_assignment_and_an_older_one_changes_nothing(
    deliver, make_order, read_order
):
    order_id = await make_order("ready_for_dispatch")
    reassignment = assigned(order_id, assignment_id=REASSIGNMENT, agent=OTHER_AGENT, at=T1, by=ADMIN)

    await send(deliver, assigned(order_id))
    await send(deliver, reassignment)
    newest = await read_order(order_id)
    await send(deliver, assigned(order_id), times=1)  # the first assignment again (a replay)

    expected = assignment_view(
        id=str(REASSIGNMENT),
        agent_user_id=str(OTHER_AGENT),
        assigned_by_user_id=str(ADMIN),
        assigned_at=iso(T1),
    )
    assert newest["active_assignment"] == expected
    assert await read_order(order_id) == newest


async def test_an_older_assignment_arriving_after_the_newer_changes_nothing(deliver, make_order, read_order):
    order_id = await make_order("ready_for_dispatch")

    await send(deliver, assigned(order_id, assignment_id=REASSIGNMENT, agent=OTHER_AGENT, at=T1))
    newest = await read_order(order_id)
    await send(deliver, assigned(order_id, at=T0))

    assert newest["active_assignment"]["id"] == str(REASSIGNMENT)
    assert await read_order(order_id) == newest


async def test_an_assignment_after_pickup_fills_in_the_view_the_pickup_started(
    deliver, make_order, read_order
):
    order_id = await make_order("ready_for_dispatch")

    await send(deliver, picked_up(order_id))
    started = (await read_order(order_id))["active_assignment"]
    await send(
        deliver, assigned(order_id, assignment_id=REASSIGNMENT, agent=OTHER_AGENT, at=T0)
    )  # not the one
    await send(deliver, assigned(order_id))

    assert started == assignment_view(assigned_at=None, pickup_time=iso(T1))
    order = await read_order(order_id)
    assert order["active_assignment"] == assignment_view(pickup_time=iso(T1))
    assert (order["status"], order["shipping_status"]) == ("in_transit", "in_transit")


# --- order_picked_up ------------------------------------------------------------------------------------


async def test_order_picked_up_puts_a_ready_order_in_transit_once(deliver, make_order, read_order):
    order_id = await make_order("ready_for_dispatch")
    await send(deliver, assigned(order_id))
    before = await read_order(order_id)

    outcomes = await send(deliver, picked_up(order_id))

    assert outcomes == APPLIED_ONCE
    assert await read_order(order_id) == {
        **before,
        "status": "in_transit",
        "shipping_status": "in_transit",
        "active_assignment": assignment_view(pickup_time=iso(T1)),
    }


@pytest.mark.parametrize("status", ["canceled", "created_pending", "accepted", "rejected", "expired"])
async def test_a_late_pickup_changes_nothing_and_is_audited_once(
    deliver, make_order, read_order, audit_rows, captured_logs, status
):
    # given an order the buyer canceled (or one that never became ready for dispatch)
    order_id = await make_order(status, canceled_at=T0 if status == "canceled" else None)
    before = await read_order(order_id)

    # when the agent's pickup arrives, twice, then again under another event id
    outcomes = await send(deliver, picked_up(order_id))
    await send(deliver, picked_up(order_id), times=1)

    # then the order is untouched, and one audit row and a warning per application record it
    assert outcomes == APPLIED_ONCE
    assert await read_order(order_id) == before
    (row,) = await audit_rows(order_id)
    assert row["action"] == "order.late_pickup_ignored"
    assert row["target_type"] == "vendor_order"
    assert (row["actor_user_id"], row["actor_role"]) == (AGENT, "agent")
    assert row["payload"]["status"] == status
    assert row["payload"]["picked_up_at"] == iso(T1)
    warnings = [e for e in captured_logs if e["event"] == "orders.logistics.late_fact"]
    assert len(warnings) == 2
    assert warnings[0]["log_level"] == "warning"
    assert warnings[0]["status"] == status


# --- order_delivered ------------------------------------------------------------------------------------


async def test_order_delivered_delivers_an_order_in_transit_once(deliver, make_order, read_order):
    order_id = await make_order("ready_for_dispatch")
    await send(deliver, assigned(order_id))
    await send(deliver, picked_up(order_id))
    before = await read_order(order_id)

    outcomes = await send(deliver, delivered(order_id))

    assert outcomes == APPLIED_ONCE
    assert await read_order(order_id) == {
        **before,
        "status": "delivered",
        "shipping_status": "delivered",
        "delivered_at": T2,
        "active_assignment": assignment_view(pickup_time=iso(T1), delivery_time=iso(T2)),
    }


async def test_a_delivery_before_its_pickup_delivers_and_the_pickup_then_only_adds_its_time(
    deliver, make_order, read_order
):
    order_id = await make_order("ready_for_dispatch")
    await send(deliver, assigned(order_id))

    await send(deliver, delivered(order_id))
    early = await read_order(order_id)
    await send(deliver, picked_up(order_id))

    assert (early["status"], early["shipping_status"], early["delivered_at"]) == (
        "delivered",
        "delivered",
        T2,
    )
    order = await read_order(order_id)
    assert fulfilment_state(order) == {
        "status": "delivered",
        "shipping_status": "delivered",
        "payment_status": "unpaid",
        "balance_due_cents": TOTAL_CENTS,
        "delivered_at": T2,
        "active_assignment": assignment_view(pickup_time=iso(T1), delivery_time=iso(T2)),
    }


@pytest.mark.parametrize("status", ["hold", "closed"])
async def test_a_delivery_never_moves_a_held_or_closed_order_back(deliver, make_order, read_order, status):
    order_id = await make_order(status, shipping_status="delivered", delivered_at=T2)
    before = await read_order(order_id)

    await send(deliver, delivered(order_id, at=T5))

    order = await read_order(order_id)
    assert (order["status"], order["shipping_status"], order["delivered_at"]) == (status, "delivered", T2)
    assert order == {**before, "active_assignment": assignment_view(assigned_at=None, delivery_time=iso(T5))}


async def test_a_late_delivery_of_a_canceled_order_changes_nothing_and_is_audited_once(
    deliver, make_order, read_order, audit_rows
):
    order_id = await make_order("canceled", canceled_at=T0)
    before = await read_order(order_id)

    await send(deliver, delivered(order_id))
    await send(deliver, delivered(order_id), times=1)

    assert await read_order(order_id) == before
    assert [r["action"] for r in await audit_rows(order_id)] == ["order.late_delivery_ignored"]


# --- cash_collected -------------------------------------------------------------------------------------


async def test_cash_collected_settles_the_payment_once(
    deliver, make_order, read_order, read_payment, audit_rows
):
    order_id = await make_order("delivered", shipping_status="delivered", delivered_at=T2)
    before = await read_order(order_id)

    outcomes = await send(deliver, cash_collected(order_id))
    await send(deliver, cash_collected(order_id), times=1)  # a replay: still one audit row

    assert outcomes == APPLIED_ONCE
    assert await read_order(order_id) == {**before, "payment_status": "settled", "balance_due_cents": 0}
    assert await read_payment(order_id) == {
        "order_id": order_id,
        "intent_id": INTENT,
        "method": "cash",
        "status": "settled",
        "amount_cents": TOTAL_CENTS,
        "cash_collected_at": T3,
        "vendor_paid_at": None,
        "failure_reason": None,
        "source_version": T3,
    }
    (row,) = await audit_rows(order_id)
    assert (row["action"], row["actor_user_id"], row["actor_role"]) == (
        "order.cash_collected",
        AGENT,
        "agent",
    )
    assert row["payload"]["amount_cents"] == TOTAL_CENTS
    assert row["payload"]["payment_intent_id"] == str(INTENT)


async def test_cash_collected_before_order_delivered_converges(deliver, make_order, read_order):
    # cash on an in_transit order (G-7: logistics delivers it first) whose delivery lags
    order_id = await make_order("ready_for_dispatch")
    await send(deliver, assigned(order_id))
    await send(deliver, picked_up(order_id))

    await send(deliver, cash_collected(order_id))
    early = await read_order(order_id)
    await send(deliver, delivered(order_id))

    assert (early["status"], early["payment_status"], early["balance_due_cents"]) == (
        "in_transit",
        "settled",
        0,
    )
    assert fulfilment_state(await read_order(order_id)) == {
        "status": "delivered",
        "shipping_status": "delivered",
        "payment_status": "settled",
        "balance_due_cents": 0,
        "delivered_at": T2,
        "active_assignment": assignment_view(pickup_time=iso(T1), delivery_time=iso(T2)),
    }


# --- payment_failed / payment_rejected ------------------------------------------------------------------


@pytest.mark.parametrize("status", ["in_transit", "delivered"])
async def test_payment_failed_puts_the_order_on_hold(deliver, make_order, read_order, read_payment, status):
    order_id = await make_order(status)
    before = await read_order(order_id)

    outcomes = await send(deliver, payment_failed(order_id))

    assert outcomes == APPLIED_ONCE
    assert await read_order(order_id) == {**before, "status": "hold", "payment_status": "failed"}
    payment = await read_payment(order_id)
    assert payment is not None
    assert (payment["status"], payment["failure_reason"], payment["intent_id"]) == (
        "failed",
        "amount_mismatch",
        INTENT,
    )
    assert payment["amount_cents"] is None  # the view shows the order's total until finance names one


@pytest.mark.parametrize("status", ["ready_for_dispatch", "canceled", "accepted"])
async def test_payment_failed_elsewhere_changes_the_payment_fields_only(
    deliver, make_order, read_order, status
):
    order_id = await make_order(status)
    before = await read_order(order_id)

    await send(deliver, payment_failed(order_id))

    assert await read_order(order_id) == {**before, "payment_status": "failed"}


async def test_a_pickup_after_a_failed_payment_holds_the_order(deliver, make_order, read_order):
    order_id = await make_order("ready_for_dispatch")

    await send(deliver, payment_failed(order_id))
    await send(deliver, picked_up(order_id))

    order = await read_order(order_id)
    assert (order["status"], order["shipping_status"], order["payment_status"]) == (
        "hold",
        "in_transit",
        "failed",
    )


async def test_payment_rejected_rejects_the_payment_and_holds_the_order(
    deliver, make_order, read_order, read_payment
):
    order_id = await make_order("in_transit", shipping_status="in_transit")
    before = await read_order(order_id)

    outcomes = await send(deliver, payment_rejected(order_id))

    assert outcomes == APPLIED_ONCE
    assert await read_order(order_id) == {**before, "status": "hold", "payment_status": "rejected"}
    payment = await read_payment(order_id)
    assert payment is not None
    assert (payment["status"], payment["failure_reason"]) == ("rejected", "ach_returned")


async def test_a_failure_after_settlement_changes_nothing(deliver, make_order, read_order, read_payment):
    order_id = await make_order("delivered", shipping_status="delivered", delivered_at=T2)
    await send(deliver, cash_collected(order_id, at=T3))
    settled_order, settled_payment = await read_order(order_id), await read_payment(order_id)

    await send(deliver, payment_failed(order_id, at=T1))  # older than the settlement

    assert await read_order(order_id) == settled_order
    assert await read_payment(order_id) == settled_payment


# --- an admin's resolution of a failed payment (G-7) -----------------------------------------------------


async def test_a_resolution_settles_a_held_delivered_order_and_delivers_it(
    deliver, make_order, read_order, read_payment, audit_rows
):
    # given a delivered order held on a cash mismatch
    order_id = await make_order("delivered", shipping_status="delivered", delivered_at=T2)
    await send(deliver, payment_failed(order_id))
    held = await read_order(order_id)
    assert (held["status"], held["payment_status"]) == ("hold", "failed")

    # when finance's resolution arrives (twice, and replayed)
    outcomes = await send(deliver, resolved(order_id))
    await send(deliver, resolved(order_id), times=1)

    # then the order proceeds: delivered, settled, nothing due
    assert outcomes == APPLIED_ONCE
    assert await read_order(order_id) == {
        **held,
        "status": "delivered",
        "payment_status": "settled",
        "balance_due_cents": 0,
    }
    payment = await read_payment(order_id)
    assert payment is not None
    assert {k: payment[k] for k in ("status", "amount_cents", "failure_reason", "cash_collected_at")} == {
        "status": "settled",
        "amount_cents": RESOLVED_CENTS,
        "failure_reason": None,
        "cash_collected_at": T4,
    }
    assert [r["action"] for r in await audit_rows(order_id)] == ["order.cash_collected"]


async def test_a_resolution_of_an_order_held_in_transit_puts_it_back_in_transit(
    deliver, make_order, read_order
):
    order_id = await make_order("in_transit", shipping_status="in_transit")
    await send(deliver, payment_failed(order_id))

    await send(deliver, resolved(order_id))
    back = await read_order(order_id)
    await send(deliver, delivered(order_id))

    assert (back["status"], back["payment_status"], back["balance_due_cents"]) == ("in_transit", "settled", 0)
    order = await read_order(order_id)
    assert (order["status"], order["payment_status"], order["delivered_at"]) == ("delivered", "settled", T2)


async def test_a_payout_overtaking_the_resolution_closes_the_held_order(deliver, make_order, read_order):
    order_id = await make_order("delivered", shipping_status="delivered", delivered_at=T2)
    await send(deliver, payment_failed(order_id))

    await send(deliver, order_paid(order_id, at=T5))
    await send(deliver, resolved(order_id, at=T4))

    order = await read_order(order_id)
    assert (order["status"], order["payment_status"], order["balance_due_cents"]) == ("closed", "paid", 0)


@pytest.mark.parametrize("status", ["hold", "delivered"])
async def test_a_cash_collected_never_settles_a_rejected_payment(deliver, make_order, read_order, status):
    order_id = await make_order(status, payment_status="rejected")
    before = await read_order(order_id)

    await send(deliver, resolved(order_id))

    assert await read_order(order_id) == before


# --- order_paid -----------------------------------------------------------------------------------------


async def test_order_paid_closes_a_delivered_order_once(
    deliver, make_order, read_order, read_payment, audit_rows
):
    order_id = await make_order("delivered", shipping_status="delivered", delivered_at=T2)
    await send(deliver, cash_collected(order_id))
    before = await read_order(order_id)

    outcomes = await send(deliver, order_paid(order_id))

    assert outcomes == APPLIED_ONCE
    assert await read_order(order_id) == {**before, "status": "closed", "payment_status": "paid"}
    payment = await read_payment(order_id)
    assert payment is not None
    assert (payment["status"], payment["vendor_paid_at"], payment["cash_collected_at"]) == ("paid", T4, T3)
    assert payment["source_version"] == T4
    assert [(r["action"], r["actor_user_id"]) for r in await audit_rows(order_id)] == [
        ("order.cash_collected", AGENT),
        ("order.payout_confirmed", ADMIN),
    ]


async def test_an_older_payment_event_never_wins_but_fills_in_its_facts(deliver, make_order, read_payment):
    order_id = await make_order("delivered", shipping_status="delivered", delivered_at=T2)

    await send(deliver, order_paid(order_id, at=T4))
    await send(deliver, cash_collected(order_id, at=T3))

    payment = await read_payment(order_id)
    assert payment is not None
    assert (payment["status"], payment["source_version"]) == ("paid", T4)
    assert (payment["cash_collected_at"], payment["vendor_paid_at"]) == (T3, T4)


# --- any arrival order -----------------------------------------------------------------------------------

HAPPY_PATH = (assigned, picked_up, delivered, cash_collected, order_paid)
FAILED_PATH = (assigned, picked_up, delivered, payment_failed)
RESOLVED_PATH = (assigned, picked_up, delivered, payment_failed, resolved)


async def _final_states(deliver, make_order, read_order, read_payment, path) -> dict[tuple[str, ...], Any]:
    states = {}
    for order_of_arrival in itertools.permutations(path):
        order_id = await make_order("ready_for_dispatch")
        for fact in order_of_arrival:
            await send(deliver, fact(order_id), times=1)
        payment = await read_payment(order_id)
        if payment is not None:
            payment.pop("order_id")
        key = tuple(f.__name__ for f in order_of_arrival)
        states[key] = (fulfilment_state(await read_order(order_id)), payment)
    return states


async def test_every_arrival_order_of_a_paid_delivery_converges(
    deliver, make_order, read_order, read_payment
):
    states = await _final_states(deliver, make_order, read_order, read_payment, HAPPY_PATH)

    in_order = states[tuple(f.__name__ for f in HAPPY_PATH)]
    assert in_order[0] == {
        "status": "closed",
        "shipping_status": "delivered",
        "payment_status": "paid",
        "balance_due_cents": 0,
        "delivered_at": T2,
        "active_assignment": assignment_view(pickup_time=iso(T1), delivery_time=iso(T2)),
    }
    assert in_order[1] == {
        "intent_id": INTENT,
        "method": "cash",
        "status": "paid",
        "amount_cents": TOTAL_CENTS,
        "cash_collected_at": T3,
        "vendor_paid_at": T4,
        "failure_reason": None,
        "source_version": T4,
    }
    assert {k: v for k, v in states.items() if v != in_order} == {}


async def test_every_arrival_order_of_a_failed_cash_payment_converges_on_hold(
    deliver, make_order, read_order, read_payment
):
    states = await _final_states(deliver, make_order, read_order, read_payment, FAILED_PATH)

    in_order = states[tuple(f.__name__ for f in FAILED_PATH)]
    assert in_order[0] == {
        "status": "hold",
        "shipping_status": "delivered",
        "payment_status": "failed",
        "balance_due_cents": TOTAL_CENTS,
        "delivered_at": T2,
        "active_assignment": assignment_view(pickup_time=iso(T1), delivery_time=iso(T2)),
    }
    assert {k: v for k, v in states.items() if v != in_order} == {}


async def test_every_arrival_order_of_a_resolved_cash_payment_converges_on_delivered(
    deliver, make_order, read_order, read_payment
):
    states = await _final_states(deliver, make_order, read_order, read_payment, RESOLVED_PATH)

    in_order = states[tuple(f.__name__ for f in RESOLVED_PATH)]
    assert in_order[0] == {
        "status": "delivered",
        "shipping_status": "delivered",
        "payment_status": "settled",
        "balance_due_cents": 0,
        "delivered_at": T2,
        "active_assignment": assignment_view(pickup_time=iso(T1), delivery_time=iso(T2)),
    }
    assert in_order[1] == {
        "intent_id": INTENT,
        "method": "cash",
        "status": "settled",
        "amount_cents": RESOLVED_CENTS,
        "cash_collected_at": T4,
        "vendor_paid_at": None,
        "failure_reason": None,
        "source_version": T4,
    }
    assert {k: v for k, v in states.items() if v != in_order} == {}


# --- unknown orders ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fact", [assigned, picked_up, delivered, cash_collected, payment_failed, payment_rejected, order_paid]
)
async def test_a_fact_about_an_unknown_order_is_acked_and_logged(
    deliver, read_payment, count_audit, captured_logs, fact
):
    order_id = uuid7()

    outcomes = await send(deliver, fact(order_id))

    assert outcomes == APPLIED_ONCE  # acked: a retry cannot make the order appear
    assert [e["order_id"] for e in captured_logs if e["event"] == "orders.fulfilment.unknown_order"] == [
        str(order_id)
    ]
    assert await count_audit() == 0
    payment = await read_payment(order_id)
    if fact in (assigned, picked_up, delivered):
        assert payment is None
    else:  # finance's intent keeps its placeholder row (EVENTS.md §4)
        assert payment is not None
        assert (payment["intent_id"], payment["method"]) == (INTENT, None)
