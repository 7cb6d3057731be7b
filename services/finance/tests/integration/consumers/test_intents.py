"""orders' and logistics' facts make and move payment intents (DOMAIN §5.6; EVENTS.md §4, §6).

Each event goes through the real consumers and inbox: delivered twice with one event id, the second
is a duplicate. ``times=1`` twice sends the same fact under two event ids (a replay): the handler
itself must then change nothing. The envelope's ``occurred_at`` is each fact's version. Any
arrival order converges on the row of in-order application.
"""

from __future__ import annotations

import itertools
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from pf_common.errors import RetryableError
from pf_common.events.envelope import Envelope
from pf_common.events.logistics import OrderDeliveredV1
from pf_common.events.orders import OrderCanceledV1, OrderCreatedV1, OrderExpiredV1, OrderTotalsChangedV1
from pf_common.events.registry import EventPayload
from pf_common.ids import uuid7
from pf_finance.worker import CONSUMERS

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
T1, T2, T3, T4 = (T0 + timedelta(minutes=n) for n in range(1, 5))
EARLIER = T0 - timedelta(minutes=1)
APPLIED_ONCE = ["applied", "duplicate"]

BUYER = uuid.UUID("0199a1b2-0000-7000-8000-0000000000b1")
VENDOR = uuid.UUID("0199a1b2-0000-7000-8000-0000000000f1")
GROUP = uuid.UUID("0199a1b2-0000-7000-8000-000000000c01")
AGENT = uuid.UUID("0199a1b2-0000-7000-8000-0000000000a1")
ASSIGNMENT = uuid.UUID("0199a1b2-0000-7000-8000-00000000a551")

TOTAL = 4200  # order_created's total
KEYS = {"checkout_group_id": GROUP, "buyer_store_id": BUYER, "vendor_store_id": VENDOR}

Fact = tuple[EventPayload, datetime]


# --- events (each with the envelope time it carries: its version) ------------------------------------


def created(
    order_id: uuid.UUID, *, at: datetime = T0, method: str = "cash", status: str = "created_pending"
) -> Fact:
    event = OrderCreatedV1(
        order_id=order_id,
        **KEYS,
        order_number=1042,
        cart_id=uuid7(),
        status=status,
        payment_method=method,
        currency="USD",
        subtotal_cents=TOTAL,
        discounts_cents=0,
        tax_cents=0,
        transport_fee_cents=0,
        total_cents=TOTAL,
        balance_due_cents=TOTAL,
        shipping_address={"state": "OK", "postal_code": "73102", "lat": 35.47, "lng": -97.52},
        created_at=at,
    )
    return event, at


def totals(order_id: uuid.UUID, total: int, *, at: datetime, status: str = "partially_accepted") -> Fact:
    event = OrderTotalsChangedV1(
        order_id=order_id,
        **KEYS,
        status=status,
        subtotal_cents=total,
        discounts_cents=0,
        total_cents=total,
        balance_due_cents=total,
        changed_at=at,
    )
    return event, at


def delivered(order_id: uuid.UUID, *, at: datetime = T3, with_stores: bool = True) -> Fact:
    stores = {"buyer_store_id": BUYER, "vendor_store_id": VENDOR} if with_stores else {}
    event = OrderDeliveredV1(
        order_id=order_id, assignment_id=ASSIGNMENT, agent_user_id=AGENT, delivered_at=at, **stores
    )
    return event, at


def canceled(order_id: uuid.UUID, *, at: datetime = T2) -> Fact:
    return OrderCanceledV1(order_id=order_id, **KEYS, canceled_at=at), at


def expired(order_id: uuid.UUID, *, at: datetime = T2) -> Fact:
    return OrderExpiredV1(order_id=order_id, **KEYS, expired_at=at), at


async def send(deliver, fact: Fact, *, times: int = 2) -> list[str]:
    event, at = fact
    outcomes: list[str] = await deliver(event, times=times, occurred_at=at)
    return outcomes


def envelope_of(fact: Fact) -> Envelope:
    """One envelope (one event id) to deliver again after a retry."""
    event, at = fact
    return event.to_envelope(event_id=uuid7(), occurred_at=at)


def intent(**over: Any) -> dict[str, Any]:
    """The intent ``order_created`` at T0 opens for a $42.00 cash order (``id`` and ``order_id`` aside)."""
    row: dict[str, Any] = {
        **KEYS,
        "order_number": 1042,
        "method": "cash",
        "status": "unpaid",
        "amount_cents": TOTAL,
        "totals_version": T0,
        "order_seen": True,
        "order_status": "created_pending",
        "order_status_version": T0,
        "delivered_at": None,
        "cash_collected_at": None,
        "collected_by_user_id": None,
        "vendor_paid_at": None,
        "failure_reason": None,
        "reported_amount_cents": None,
    }
    row.update(over)
    return row


def without_ids(row: dict[str, Any] | None) -> dict[str, Any]:
    assert row is not None
    return {k: v for k, v in row.items() if k not in ("id", "order_id")}


# --- registration -----------------------------------------------------------------------------------


def test_each_order_event_has_one_consumer_named_by_its_action():
    ordered = [c for c in CONSUMERS if c.event is not None and c.event.producer in {"orders", "logistics"}]
    consumed = Counter(c.event.event_type for c in ordered if c.event is not None)
    names = {c.event.event_type: c.subscription("finance").name for c in ordered if c.event is not None}

    assert {t: n for t, n in consumed.items() if n != 1} == {}
    assert names == {
        "order_created": "finance.open_payment_intent",
        "order_totals_changed": "finance.follow_order_totals",
        "order_delivered": "finance.record_delivery",
        "order_canceled": "finance.zero_canceled_order",
        "order_expired": "finance.zero_expired_order",
    }


# --- order_created ------------------------------------------------------------------------------------


async def test_order_created_opens_an_unpaid_cash_intent_once(deliver, read_intent, count_intents):
    order_id = uuid7()

    outcomes = await send(deliver, created(order_id))

    assert outcomes == APPLIED_ONCE
    assert without_ids(await read_intent(order_id)) == intent()
    assert await count_intents() == 1


async def test_an_ach_order_opens_a_pending_intent(deliver, read_intent):
    order_id = uuid7()

    assert await send(deliver, created(order_id, method="ach")) == APPLIED_ONCE

    assert without_ids(await read_intent(order_id)) == intent(method="ach", status="pending")


async def test_an_order_rejected_at_checkout_opens_an_intent_of_zero(deliver, read_intent):
    order_id = uuid7()

    assert await send(deliver, created(order_id, status="rejected")) == APPLIED_ONCE

    assert without_ids(await read_intent(order_id)) == intent(amount_cents=0, order_status="rejected")


async def test_a_replayed_order_created_writes_nothing(deliver, read_intent, row_version):
    order_id = uuid7()
    await send(deliver, created(order_id), times=1)
    before, version = await read_intent(order_id), await row_version(order_id)

    assert await send(deliver, created(order_id), times=1) == ["applied"]  # a new event id

    assert await read_intent(order_id) == before
    assert await row_version(order_id) == version


# --- order_totals_changed -------------------------------------------------------------------------------


async def test_a_newer_total_is_followed_once(deliver, read_intent, row_version):
    order_id = uuid7()
    await send(deliver, created(order_id))
    fact = totals(order_id, 3900, at=T1)

    assert await send(deliver, fact) == APPLIED_ONCE
    version = await row_version(order_id)
    assert await send(deliver, fact, times=1) == ["applied"]  # replayed under a new event id

    assert without_ids(await read_intent(order_id)) == intent(
        amount_cents=3900, totals_version=T1, order_status="partially_accepted", order_status_version=T1
    )
    assert await row_version(order_id) == version


async def test_an_older_total_after_a_newer_one_is_ignored(deliver, read_intent, row_version):
    order_id = uuid7()
    await send(deliver, created(order_id))
    await send(deliver, totals(order_id, 3600, at=T2, status="accepted"))
    before, version = await read_intent(order_id), await row_version(order_id)

    assert await send(deliver, totals(order_id, 3900, at=T1)) == APPLIED_ONCE

    assert await read_intent(order_id) == before
    assert await row_version(order_id) == version
    assert without_ids(before) == intent(
        amount_cents=3600, totals_version=T2, order_status="accepted", order_status_version=T2
    )


@pytest.mark.parametrize("status", ["rejected", "canceled", "expired"])
async def test_the_total_of_an_order_with_nothing_to_pay_is_zero(deliver, read_intent, status):
    order_id = uuid7()
    await send(deliver, created(order_id))

    await send(deliver, totals(order_id, 1500, at=T1, status=status))

    assert without_ids(await read_intent(order_id)) == intent(
        amount_cents=0, totals_version=T1, order_status=status, order_status_version=T1
    )


async def test_totals_before_order_created_leave_a_placeholder_that_converges(deliver, read_intent):
    order_id, in_order = uuid7(), uuid7()

    assert await send(deliver, totals(order_id, 3900, at=T1)) == APPLIED_ONCE

    assert without_ids(await read_intent(order_id)) == intent(
        order_number=None,
        amount_cents=3900,
        totals_version=T1,
        order_seen=False,
        order_status="partially_accepted",
        order_status_version=T1,
    )

    await send(deliver, created(order_id, method="ach"))
    for fact in (created(in_order, method="ach"), totals(in_order, 3900, at=T1)):
        await send(deliver, fact)

    assert without_ids(await read_intent(order_id)) == without_ids(await read_intent(in_order))
    assert without_ids(await read_intent(order_id)) == intent(
        method="ach",
        status="pending",
        amount_cents=3900,
        totals_version=T1,
        order_status="partially_accepted",
        order_status_version=T1,
    )


async def test_order_created_takes_the_amount_of_a_placeholder_older_than_itself(deliver, read_intent):
    order_id = uuid7()
    await send(deliver, totals(order_id, 3900, at=EARLIER))

    await send(deliver, created(order_id))

    assert without_ids(await read_intent(order_id)) == intent()


@pytest.mark.parametrize("status", ["settled", "paid", "failed", "rejected"])
async def test_totals_after_the_payment_left_unpaid_never_change_its_amount(
    deliver, make_intent, read_intent, status
):
    order_id = uuid7()
    await make_intent(
        order_id, status, **KEYS, amount_cents=TOTAL, totals_version=T0, order_status="delivered"
    )
    before = await read_intent(order_id)
    assert before is not None

    assert await send(deliver, totals(order_id, 1500, at=T4, status="accepted")) == APPLIED_ONCE

    # the amount and its version stay; the order's status is a projection and follows
    assert await read_intent(order_id) == {**before, "order_status": "accepted", "order_status_version": T4}


# --- order_canceled / order_expired -------------------------------------------------------------------


@pytest.mark.parametrize(("fact", "status"), [(canceled, "canceled"), (expired, "expired")])
async def test_a_canceled_or_expired_order_owes_nothing(deliver, read_intent, row_version, fact, status):
    order_id = uuid7()
    await send(deliver, created(order_id))
    await send(deliver, totals(order_id, 3900, at=T1))

    assert await send(deliver, fact(order_id, at=T2)) == APPLIED_ONCE
    version = await row_version(order_id)
    assert await send(deliver, fact(order_id, at=T2), times=1) == ["applied"]  # a replay

    assert without_ids(await read_intent(order_id)) == intent(
        amount_cents=0, totals_version=T2, order_status=status, order_status_version=T2
    )
    assert await row_version(order_id) == version


@pytest.mark.parametrize("fact", [canceled, expired])
async def test_an_older_total_after_a_cancel_or_expiry_does_not_bring_the_amount_back(
    deliver, read_intent, fact
):
    order_id = uuid7()
    await send(deliver, created(order_id))
    await send(deliver, fact(order_id, at=T2))
    before = await read_intent(order_id)

    await send(deliver, totals(order_id, 3900, at=T1))

    assert await read_intent(order_id) == before
    assert before is not None
    assert before["amount_cents"] == 0


@pytest.mark.parametrize(("fact", "status"), [(canceled, "canceled"), (expired, "expired")])
async def test_a_cancel_or_expiry_before_order_created_leaves_a_placeholder_of_zero(
    deliver, read_intent, fact, status
):
    order_id = uuid7()

    await send(deliver, fact(order_id, at=T2))
    await send(deliver, created(order_id))

    assert without_ids(await read_intent(order_id)) == intent(
        amount_cents=0, totals_version=T2, order_status=status, order_status_version=T2
    )


async def test_a_cancel_of_a_settled_intent_keeps_its_amount(deliver, make_intent, read_intent):
    order_id = uuid7()
    await make_intent(order_id, "settled", amount_cents=TOTAL, totals_version=T0)

    await send(deliver, canceled(order_id, at=T2))

    row = await read_intent(order_id)
    assert row is not None
    assert (row["status"], row["amount_cents"], row["totals_version"]) == ("settled", TOTAL, T0)
    assert (row["order_status"], row["order_status_version"]) == ("canceled", T2)


# --- order_delivered ----------------------------------------------------------------------------------------


async def test_a_delivery_records_delivered_at_once(deliver, read_intent, row_version):
    order_id = uuid7()
    await send(deliver, created(order_id))

    assert await send(deliver, delivered(order_id)) == APPLIED_ONCE
    version = await row_version(order_id)
    assert await send(deliver, delivered(order_id), times=1) == ["applied"]  # a replay

    assert without_ids(await read_intent(order_id)) == intent(
        delivered_at=T3, order_status="delivered", order_status_version=T3
    )
    assert await row_version(order_id) == version


async def test_the_earliest_delivery_time_stays_and_an_older_status_does_not_undo_delivered(
    deliver, read_intent
):
    order_id = uuid7()
    await send(deliver, created(order_id))
    await send(deliver, delivered(order_id, at=T4))

    await send(deliver, delivered(order_id, at=T3))  # a second delivery fact, earlier: it wins
    await send(deliver, totals(order_id, 3900, at=T1, status="accepted"))  # late, older status

    assert without_ids(await read_intent(order_id)) == intent(
        amount_cents=3900,
        totals_version=T1,
        delivered_at=T3,
        order_status="delivered",
        order_status_version=T4,
    )


async def test_a_delivery_naming_its_stores_before_order_created_leaves_a_placeholder(deliver, read_intent):
    order_id = uuid7()

    assert await send(deliver, delivered(order_id)) == APPLIED_ONCE

    assert without_ids(await read_intent(order_id)) == intent(
        checkout_group_id=None,
        order_number=None,
        amount_cents=0,
        totals_version=None,
        order_seen=False,
        delivered_at=T3,
        order_status="delivered",
        order_status_version=T3,
    )

    await send(deliver, created(order_id))

    assert without_ids(await read_intent(order_id)) == intent(
        delivered_at=T3, order_status="delivered", order_status_version=T3
    )


async def test_a_delivery_without_its_stores_before_order_created_is_retried(
    deliver, read_intent, count_intents
):
    order_id = uuid7()
    delivery = envelope_of(delivered(order_id, with_stores=False))

    with pytest.raises(RetryableError):
        await deliver(delivery, times=1)

    assert await count_intents() == 0  # nothing written, the inbox row rolled back with it

    await send(deliver, created(order_id))
    assert await deliver(delivery) == APPLIED_ONCE  # the redelivery, same event id

    assert without_ids(await read_intent(order_id)) == intent(
        delivered_at=T3, order_status="delivered", order_status_version=T3
    )


# --- any arrival order ------------------------------------------------------------------------------------


async def _arrive(deliver, facts: list[Fact]) -> None:
    """Deliver each fact once, in this order; a retried one comes back after the others (the
    transport's redelivery), with its event id."""
    queue = [envelope_of(f) for f in facts]
    retries = 0
    while queue:
        envelope = queue.pop(0)
        try:
            assert await deliver(envelope, times=1) == ["applied"]
        except RetryableError:
            retries += 1
            assert retries <= len(facts) * len(facts)
            queue.append(envelope)


async def test_facts_of_one_instant_converge_whatever_their_arrival_order(deliver, read_intent):
    # equal clocks (facts of one orders transaction): the smaller amount, the greater status wins
    def facts(order_id: uuid.UUID) -> list[Fact]:
        return [totals(order_id, 3900, at=T1, status="accepted"), canceled(order_id, at=T1)]

    rows = []
    for order_of_arrival in (facts(uuid7()), facts(uuid7())[::-1]):
        order_id = order_of_arrival[0][0].order_id  # type: ignore[attr-defined]
        await send(deliver, created(order_id))
        await _arrive(deliver, order_of_arrival)
        rows.append(without_ids(await read_intent(order_id)))

    assert (
        rows[0]
        == rows[1]
        == intent(amount_cents=0, totals_version=T1, order_status="canceled", order_status_version=T1)
    )


@pytest.mark.parametrize(
    "with_stores", [True, False], ids=["delivery_names_stores", "delivery_without_stores"]
)
async def test_every_arrival_order_converges_on_the_in_order_row(deliver, read_intent, with_stores):
    def facts(order_id: uuid.UUID) -> dict[str, Fact]:
        return {
            "created": created(order_id, method="ach"),
            "totals_t1": totals(order_id, 3900, at=T1),
            "totals_t2": totals(order_id, 3600, at=T2, status="accepted"),
            "delivered": delivered(order_id, with_stores=with_stores),
        }

    names = list(facts(uuid7()))
    rows: dict[tuple[str, ...], dict[str, Any]] = {}
    for order_of_arrival in itertools.permutations(names):
        order_id = uuid7()
        by_name = facts(order_id)
        await _arrive(deliver, [by_name[n] for n in order_of_arrival])
        rows[order_of_arrival] = without_ids(await read_intent(order_id))

    in_order = rows[tuple(names)]
    assert in_order == intent(
        method="ach",
        status="pending",
        amount_cents=3600,
        totals_version=T2,
        delivered_at=T3,
        order_status="delivered",
        order_status_version=T3,
    )
    assert len(rows) == 24
    assert {k: v for k, v in rows.items() if v != in_order} == {}
