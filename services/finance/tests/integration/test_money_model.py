"""Money that agents hand over ends up owed to the right vendor, once, provably (hypothesis).

Random order histories over a few vendors — totals that change, cancels and expiries, deliveries,
orders' events arriving shuffled and replayed, exact settles, a settle that races ahead of the
order's latest totals (409, then retried), mismatches left failed or resolved by an admin with the
amount received, payouts confirmed twice — go through finance's real consumers and use cases.
Afterwards the reconciliation report shows zero drift, and per vendor its cash collected, paid out
and held equal a plain model of the same histories: Σ collected − Σ paid out = held, to the cent.
"""

from __future__ import annotations

import random
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pf_common.errors import Conflict, StateConflict
from pf_common.events.logistics import OrderDeliveredV1
from pf_common.events.orders import OrderCanceledV1, OrderCreatedV1, OrderExpiredV1, OrderTotalsChangedV1
from pf_common.ids import uuid7
from pf_common.principal import Principal
from pf_finance.domain import payouts, reconciliation, settlements


class Orders:
    """orders' truth at the client's interface: the current total of each order."""

    def __init__(self) -> None:
        self.totals: dict[uuid.UUID, int] = {}
        self.statuses: dict[uuid.UUID, str] = {}

    async def get_order(self, order_id: uuid.UUID) -> dict[str, Any] | None:
        if order_id not in self.totals:
            return None
        return {
            "order": {
                "id": str(order_id),
                "status": self.statuses[order_id],
                "total_cents": self.totals[order_id],
            }
        }

    async def aclose(self) -> None:
        return None


@dataclass(frozen=True)
class History:
    vendor: int
    totals: tuple[int, ...]  # the created total, then each order_totals_changed
    ending: str  # delivered, canceled, expired
    settle: str  # exact, stale_first, mismatch, mismatch_resolved, none
    received: int  # what the admin states was received on a resolution
    payout: bool


HISTORIES = st.builds(
    History,
    vendor=st.integers(0, 2),
    totals=st.lists(st.integers(0, 50_000), min_size=1, max_size=3).map(tuple),
    ending=st.sampled_from(["delivered", "delivered", "canceled", "expired"]),
    settle=st.sampled_from(["exact", "stale_first", "mismatch", "mismatch_resolved", "none"]),
    received=st.integers(0, 50_000),
    payout=st.booleans(),
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(histories=st.lists(HISTORIES, min_size=1, max_size=6), seed=st.integers(0, 2**32 - 1))
async def test_reconciliation_is_exact_over_random_histories(database, db_session, deliver, histories, seed):
    rnd = random.Random(seed)
    vendors = [uuid7() for _ in range(3)]
    orders = Orders()
    expected: dict[uuid.UUID, dict[str, int]] = defaultdict(lambda: {"collected": 0, "paid": 0})
    admin = Principal(user_id=uuid7(), session_id="a", system_role="admin", role="admin")
    agent = uuid7()
    t0 = datetime.now(UTC) - timedelta(days=1)

    for h in histories:
        order_id, group_id, buyer, vendor = uuid7(), uuid7(), uuid7(), vendors[h.vendor]
        keys = {
            "order_id": order_id,
            "checkout_group_id": group_id,
            "buyer_store_id": buyer,
            "vendor_store_id": vendor,
        }
        final = 0 if h.ending in ("canceled", "expired") else h.totals[-1]
        orders.totals[order_id], orders.statuses[order_id] = final, h.ending
        # orders' events, each stamped in order, delivered shuffled and some twice
        events: list[tuple[Any, datetime]] = [
            (
                OrderCreatedV1(
                    **keys,
                    order_number=1,
                    cart_id=uuid7(),
                    status="created_pending",
                    payment_method="cash",
                    currency="USD",
                    subtotal_cents=h.totals[0],
                    discounts_cents=0,
                    tax_cents=0,
                    transport_fee_cents=0,
                    total_cents=h.totals[0],
                    balance_due_cents=h.totals[0],
                    shipping_address={"state": "OK", "postal_code": "74101", "lat": 36.1, "lng": -95.9},
                    created_at=t0,
                ),
                t0,
            )
        ]
        for n, total in enumerate(h.totals[1:], start=1):
            at = t0 + timedelta(seconds=n)
            events.append(
                (
                    OrderTotalsChangedV1(
                        **keys,
                        status="accepted",
                        subtotal_cents=total,
                        discounts_cents=0,
                        total_cents=total,
                        balance_due_cents=total,
                        changed_at=at,
                    ),
                    at,
                )
            )
        end = t0 + timedelta(minutes=1)
        if h.ending == "canceled":
            events.append((OrderCanceledV1(**keys, canceled_at=end), end))
        elif h.ending == "expired":
            events.append((OrderExpiredV1(**keys, expired_at=end), end))
        else:
            events.append(
                (
                    OrderDeliveredV1(
                        order_id=order_id,
                        assignment_id=group_id,
                        agent_user_id=agent,
                        delivered_at=end,
                        buyer_store_id=buyer,
                        vendor_store_id=vendor,
                    ),
                    end,
                )
            )
        rnd.shuffle(events)
        late = []
        if h.settle == "stale_first" and len(events) > 1:
            late = [e for e in events if isinstance(e[0], OrderTotalsChangedV1)][-1:]  # finance lags
        for event, at in events:
            if (event, at) not in late:
                await deliver(event, times=rnd.choice([1, 2]), occurred_at=at)

        if h.ending != "delivered" or h.settle == "none":
            for event, at in late:
                await deliver(event, times=1, occurred_at=at)
            continue
        collected = 0
        request = settlements.SettleRequest(order_id, final, agent, end)
        if h.settle in ("exact", "stale_first"):
            try:
                await settlements.settle_cash(database, orders, request)
            except Conflict:  # finance behind orders: 409, nothing written; the app retries later
                assert late, "only a lagging finance may answer 409"
                for event, at in late:
                    await deliver(event, times=1, occurred_at=at)
                await settlements.settle_cash(database, orders, request)
            collected = final
        else:
            wrong = settlements.SettleRequest(order_id, final + 1, agent, end)
            outcome = await settlements.settle_cash(database, orders, wrong)
            assert outcome.mismatch
            if h.settle == "mismatch_resolved":
                async with database.transaction() as s:
                    await settlements.resolve_failed_payment(
                        s, admin, order_id, received_cents=h.received, reason="counted twice", now=end
                    )
                collected = h.received
        expected[vendor]["collected"] += collected
        if h.payout:
            for _ in range(2):  # a repeat is the same 200
                try:
                    async with database.transaction() as s:
                        await payouts.confirm_payout(s, admin, order_id, now=end + timedelta(minutes=1))
                except StateConflict:
                    assert h.settle == "mismatch", "only an unresolved mismatch cannot be paid out"
                    break
            else:
                expected[vendor]["paid"] += collected

    async with database.read() as s:
        report = await reconciliation.reconcile(s, now=datetime.now(UTC))
    assert report.drift_count == 0, report.drifting_orders
    got = {v.vendor_store_id: v.money for v in report.vendors}
    for vendor, want in expected.items():
        money = got.get(vendor, reconciliation.Money())
        assert (money.collected_cents, money.paid_out_cents) == (want["collected"], want["paid"])
        assert money.held_cents == want["collected"] - want["paid"]
