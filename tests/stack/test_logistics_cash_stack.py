"""logistics' agent routes through real apps (pf_common.testing.stack): uvicorn, a connection per
request, real commits, real tokens; finance's real settle for the cash.

Races (logistics alone):

* 20 agents claim one queue order at once: one assignment, one ``order_assigned``, the others 409;
* an admin's override racing the assigned agent's pickup ends one way or the other: the pickup
  happened under the old assignment and the override is 422 (no longer ready for dispatch), or
  the override won and the old agent's pickup is 403 — never both, never neither.

The cash call (logistics + finance, intents inserted in finance's schema): finance answers 200,
422 (amount mismatch: the payment fails), is down, or applies the settle and the answer is lost
on the way back (a proxy between logistics' finance client and finance's API drops it) — each ends
with the right state on both sides and exactly one ``cash_collected`` in finance's outbox when the
cash was accepted, none otherwise; the retry with the same key gets finance's stored answer.
"""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from pf_common.ids import uuid7
from pf_common.platform_tables import platform_tables_for
from pf_common.sessions import SessionRegistry
from pf_common.testing.tokens import TestTokenSigner
from pf_finance.models import LedgerEvent, PaymentIntent
from pf_logistics.clients.finance import HttpFinanceClient
from pf_logistics.models import AgentProjection, DispatchOrder, OrderAssignment, StoreProjection

DISPATCH: sa.Table = DispatchOrder.__table__  # type: ignore[attr-defined]
ASSIGNMENTS: sa.Table = OrderAssignment.__table__  # type: ignore[attr-defined]
AGENTS: sa.Table = AgentProjection.__table__  # type: ignore[attr-defined]
STORES: sa.Table = StoreProjection.__table__
INTENTS: sa.Table = PaymentIntent.__table__  # type: ignore[assignment]
LEDGER: sa.Table = LedgerEvent.__table__  # type: ignore[assignment]
LOGISTICS_OUTBOX = platform_tables_for("logistics").outbox
FINANCE_OUTBOX = platform_tables_for("finance").outbox
TOTAL_CENTS = 4200
ADDRESS = {
    "line1": "1 Market St",
    "city": "San Francisco",
    "state": "CA",
    "postal_code": "94105",
    "lat": 37.79,
    "lng": -122.39,
}


class Actors:
    """Access tokens of system users the stack trusts (its keys), sessions live in its Redis."""

    def __init__(self, stack) -> None:
        logistics = stack["logistics"]
        self.signer = TestTokenSigner.for_settings(logistics.settings)
        self.sessions = SessionRegistry(logistics.worker_runtime.redis)

    async def system_user(self, system_role: str) -> tuple[uuid.UUID, dict[str, str]]:
        user_id, sid = uuid7(), str(uuid7())
        token = self.signer.mint(user_id=user_id, session_id=sid, role=system_role, system_role=system_role)
        await self.sessions.activate(sid, 3600)
        return user_id, {"Authorization": f"Bearer {token}"}


def keyed(headers: dict[str, str], key: str | None = None) -> dict[str, str]:
    return {**headers, "Idempotency-Key": key or str(uuid.uuid4())}


async def make_dispatch_order(
    db, status: str = "ready_for_dispatch", *, agent: uuid.UUID | None = None
) -> dict[str, Any]:
    """A dispatch order between two verified stores, committed (with an active assignment of
    ``agent`` whose facts follow the status)."""
    now = datetime.now(UTC)
    buyer, vendor = uuid7(), uuid7()
    row: dict[str, Any] = {
        "order_id": uuid7(),
        "order_number": 1001,
        "checkout_group_id": uuid7(),
        "buyer_store_id": buyer,
        "vendor_store_id": vendor,
        "buyer": {"company_name": "Buyer Co", "phone": "+15550001111", "address": ADDRESS},
        "vendor": {"company_name": "Vendor Co", "phone": "+15550002222", "address": ADDRESS},
        "total_cents": TOTAL_CENTS,
        "discounts_cents": 0,
        "total_items": 1,
        "status": status,
        "payment_status": "unpaid",
        "ready_at": now - timedelta(hours=2),
        "picked_up_at": now - timedelta(hours=1) if status in ("in_transit", "delivered") else None,
        "delivered_at": now - timedelta(minutes=5) if status == "delivered" else None,
    }
    async with db.transaction() as s:
        for store_id, store_type in ((buyer, "buyer"), (vendor, "vendor")):
            await s.execute(
                sa.insert(STORES).values(store_id=store_id, type=store_type, kyc_status="verified")
            )
        await s.execute(sa.insert(DISPATCH).values(**row))
        if agent is not None:
            row["assignment_id"] = uuid7()
            await s.execute(
                sa.insert(ASSIGNMENTS).values(
                    id=row["assignment_id"],
                    order_id=row["order_id"],
                    agent_user_id=agent,
                    assigned_at=now - timedelta(hours=2),
                    pickup_time=row["picked_up_at"],
                    delivery_time=row["delivered_at"],
                )
            )
    return row


async def add_agent(db, user_id: uuid.UUID) -> None:
    async with db.transaction() as s:
        await s.execute(
            sa.insert(AGENTS).values(user_id=user_id, first_name="Ada", last_name="Agent", is_active=True)
        )


async def assignments_of(db, order_id: uuid.UUID) -> list[dict[str, Any]]:
    async with db.read() as s:
        stmt = (
            sa.select(ASSIGNMENTS)
            .where(ASSIGNMENTS.c.order_id == order_id)
            .order_by(ASSIGNMENTS.c.assigned_at)
        )
        return [dict(r) for r in (await s.execute(stmt)).mappings()]


async def dispatch_of(db, order_id: uuid.UUID) -> dict[str, Any]:
    async with db.read() as s:
        return dict(
            (await s.execute(sa.select(DISPATCH).where(DISPATCH.c.order_id == order_id))).mappings().one()
        )


async def events_of(db, outbox: sa.Table, event_type: str, order_id: uuid.UUID) -> int:
    async with db.read() as s:
        stmt = (
            sa.select(sa.func.count())
            .select_from(outbox)
            .where(outbox.c.event_type == event_type, outbox.c.aggregate_id == order_id)
        )
        return int((await s.execute(stmt)).scalar_one())


# --- races --------------------------------------------------------------------------------------------


async def test_twenty_agents_claiming_one_queue_order_at_once_make_one_assignment(services_stack):
    # given a queue order and 20 agents
    stack = await services_stack("logistics")
    logistics = stack["logistics"]
    actors = Actors(stack)
    order = await make_dispatch_order(logistics.db)
    agents = [await actors.system_user("agent") for _ in range(20)]
    client = logistics.client()

    # when they all claim it at once
    responses = await asyncio.gather(
        *(client.post(f"/api/v1/agent/orders/{order['order_id']}/claim", headers=keyed(h)) for _, h in agents)
    )

    # then one of them holds it, announced once; the others are told it is taken
    statuses = Counter(r.status_code for r in responses)
    assert statuses == {200: 1, 409: 19}, statuses
    [winner] = [r.json()["data"] for r in responses if r.status_code == 200]
    [row] = await assignments_of(logistics.db, order["order_id"])
    assert (str(row["id"]), str(row["agent_user_id"]), row["active"]) == (
        winner["id"],
        winner["agent_user_id"],
        True,
    )
    assert await events_of(logistics.db, LOGISTICS_OUTBOX, "order_assigned", order["order_id"]) == 1


async def test_an_override_racing_the_pickup_ends_one_way_or_the_other(services_stack):
    # given orders assigned to one agent, another active agent and an admin
    stack = await services_stack("logistics")
    logistics = stack["logistics"]
    actors = Actors(stack)
    old_id, old = await actors.system_user("agent")
    new_id, new = await actors.system_user("agent")
    _, admin = await actors.system_user("admin")
    await add_agent(logistics.db, new_id)
    client = logistics.client()
    outcomes = Counter()

    for _ in range(8):
        order = await make_dispatch_order(logistics.db, agent=old_id)
        oid = order["order_id"]

        # when the old agent picks it up while the admin gives it to the other agent
        pickup, override = await asyncio.gather(
            client.post(f"/api/v1/agent/orders/{oid}/pickup", headers=keyed(old)),
            client.post(
                f"/api/admin/v1/orders/{oid}/assign-agent",
                json={"agent_user_id": str(new_id)},
                headers=keyed(admin),
            ),
        )

        # then exactly one of them happened, and the rows say which
        outcome = (pickup.status_code, override.status_code)
        outcomes[outcome] += 1
        rows = await assignments_of(logistics.db, oid)
        dispatch = await dispatch_of(logistics.db, oid)
        picked_up = await events_of(logistics.db, LOGISTICS_OUTBOX, "order_picked_up", oid)
        assigned = await events_of(logistics.db, LOGISTICS_OUTBOX, "order_assigned", oid)
        if outcome == (200, 422):  # the pickup came first
            assert override.json()["error"]["details"] == {"status": "in_transit"}
            [row] = rows
            assert (row["agent_user_id"], row["active"], row["pickup_time"] is not None) == (
                old_id,
                True,
                True,
            )
            assert (dispatch["status"], picked_up, assigned) == ("in_transit", 1, 0)
        else:  # the override came first
            assert outcome == (403, 200), (pickup.text, override.text)
            ended, current = rows
            assert (ended["agent_user_id"], ended["active"], ended["pickup_time"]) == (old_id, False, None)
            assert (current["agent_user_id"], current["active"], current["pickup_time"]) == (
                new_id,
                True,
                None,
            )
            assert (dispatch["status"], picked_up, assigned) == ("ready_for_dispatch", 0, 1)
            taken_over = await client.post(f"/api/v1/agent/orders/{oid}/pickup", headers=keyed(new))
            assert taken_over.status_code == 200, taken_over.text
    assert sum(outcomes.values()) == 8, outcomes


# --- the cash call with the real finance ------------------------------------------------------------


class FinanceProxy:
    """Between logistics' finance client and finance's real API (an ``httpx.MockTransport`` around
    a real transport): ``down`` refuses connections; ``drop = n`` forwards the next n calls to
    finance and loses their answers (a read timeout after finance applied the call). ``seen``
    records what finance answered: (status, replayed)."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.down = False
        self.drop = 0
        self.seen: list[tuple[int, bool]] = []

    async def handle(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            raise httpx.ConnectError("finance is down", request=request)
        answer = await self.inner.handle_async_request(request)
        content = await answer.aread()
        self.seen.append((answer.status_code, answer.headers.get("idempotent-replayed") == "true"))
        if self.drop:
            self.drop -= 1
            raise httpx.ReadTimeout("the answer was lost", request=request)
        return httpx.Response(answer.status_code, headers=answer.headers, content=content)


class FinancesOrders:
    """orders at finance's client interface (no orders in this stack): it knows the order's total."""

    async def get_order(self, order_id: uuid.UUID) -> dict[str, Any]:
        return {"order": {"id": str(order_id), "status": "delivered", "total_cents": TOTAL_CENTS}}

    async def aclose(self) -> None:
        return None


@pytest.fixture
async def cash_stack(services_stack):
    """logistics and finance, logistics' finance client going through a :class:`FinanceProxy`,
    finance's orders client answering the order's total."""
    stack = await services_stack("logistics", "finance")
    logistics, finance = stack["logistics"], stack["finance"]
    proxy = FinanceProxy()
    api_context = logistics.app.state.context
    await api_context.finance.aclose()
    api_context.finance = HttpFinanceClient(
        finance.url,
        transport=httpx.MockTransport(proxy.handle),
        token_provider=api_context.service_auth.token_provider("finance"),
    )
    await finance.app.state.context.orders.aclose()
    finance.app.state.context.orders = FinancesOrders()
    yield stack, proxy
    await proxy.inner.aclose()


async def delivered_order_with_intent(
    stack, agent_id: uuid.UUID, status: str = "delivered"
) -> dict[str, Any]:
    """A delivered (or in-transit) order of the agent at logistics, its unpaid $42.00 cash intent at
    finance."""
    order = await make_dispatch_order(stack["logistics"].db, status, agent=agent_id)
    async with stack["finance"].db.transaction() as s:
        await s.execute(
            sa.insert(INTENTS).values(
                id=uuid7(),
                order_id=order["order_id"],
                checkout_group_id=order["checkout_group_id"],
                buyer_store_id=order["buyer_store_id"],
                vendor_store_id=order["vendor_store_id"],
                order_number=order["order_number"],
                method="cash",
                status="unpaid",
                amount_cents=TOTAL_CENTS,
                order_seen=True,
                order_status="delivered",
            )
        )
    return order


async def finance_state(stack, order_id: uuid.UUID) -> tuple[str, list[tuple[str, int]], int]:
    """The intent's status, the ledger rows and the ``cash_collected`` events of the order."""
    db = stack["finance"].db
    async with db.read() as s:
        status = (
            await s.execute(sa.select(INTENTS.c.status).where(INTENTS.c.order_id == order_id))
        ).scalar_one()
        ledger = (
            await s.execute(
                sa.select(LEDGER.c.type, LEDGER.c.amount_cents).where(LEDGER.c.order_id == order_id)
            )
        ).all()
    collected = await events_of(db, FINANCE_OUTBOX, "cash_collected", order_id)
    return status, [tuple(r) for r in ledger], collected


async def cash(client, headers, order_id, amount_cents=TOTAL_CENTS, key=None):
    return await client.post(
        f"/api/v1/agent/orders/{order_id}/cash-collected",
        json={"amount_cents": amount_cents},
        headers=keyed(headers, key),
    )


async def test_finance_settles_the_cash_once_and_a_repeat_answers_the_same(cash_stack):
    # given an order the agent delivered, unpaid at finance
    stack, proxy = cash_stack
    agent_id, agent = await Actors(stack).system_user("agent")
    order = await delivered_order_with_intent(stack, agent_id)
    client = stack["logistics"].client()

    # when the agent reports the cash, then repeats with a new key
    first = await cash(client, agent, order["order_id"])
    again = await cash(client, agent, order["order_id"])

    # then finance settled it once, logistics recorded it once, and both answers are the same
    assert first.status_code == 200, first.text
    assert again.content == first.content
    data = first.json()["data"]
    assert (data["payment_status"], data["amount_cents"]) == ("settled", TOTAL_CENTS)
    assert datetime.fromisoformat(data["cash_collected_at"]) == order["delivered_at"]
    assert await finance_state(stack, order["order_id"]) == ("settled", [("cash_collected", TOTAL_CENTS)], 1)
    [row] = await assignments_of(stack["logistics"].db, order["order_id"])
    assert (row["cash_pickup_time"], row["cash_amount_cents"]) == (order["delivered_at"], TOTAL_CENTS)
    assert (await dispatch_of(stack["logistics"].db, order["order_id"]))["payment_status"] == "settled"
    assert proxy.seen == [(200, False)]  # the repeat never reached finance


async def test_an_amount_finance_refuses_is_its_422_and_nothing_is_recorded(cash_stack):
    # given an order the agent carries, unpaid at finance
    stack, _ = cash_stack
    agent_id, agent = await Actors(stack).system_user("agent")
    order = await delivered_order_with_intent(stack, agent_id, "in_transit")
    client = stack["logistics"].client()

    # when the agent reports less than is due
    r = await cash(client, agent, order["order_id"], TOTAL_CENTS - 200)

    # then finance's 422 comes back, the payment failed there, nothing was collected; the order
    # was delivered first and stays delivered
    assert r.status_code == 422, r.text
    assert r.json()["error"]["details"] == {
        "expected_amount_cents": TOTAL_CENTS,
        "reported_amount_cents": TOTAL_CENTS - 200,
    }
    assert await finance_state(stack, order["order_id"]) == ("failed", [], 0)
    assert await events_of(stack["finance"].db, FINANCE_OUTBOX, "payment_failed", order["order_id"]) == 1
    [row] = await assignments_of(stack["logistics"].db, order["order_id"])
    assert (row["cash_pickup_time"], row["cash_amount_cents"]) == (None, None)
    assert row["delivery_time"] is not None
    assert (await dispatch_of(stack["logistics"].db, order["order_id"]))["status"] == "delivered"
    assert await events_of(stack["logistics"].db, LOGISTICS_OUTBOX, "order_delivered", order["order_id"]) == 1

    # and the right amount afterwards is refused too: the payment is failed (G-7)
    retry = await cash(client, agent, order["order_id"])
    assert (retry.status_code, retry.json()["error"]["details"]) == (422, {"payment_status": "failed"})
    assert await finance_state(stack, order["order_id"]) == ("failed", [], 0)


async def test_finance_down_is_503_with_nothing_recorded_and_the_retry_settles_once(cash_stack):
    stack, proxy = cash_stack
    agent_id, agent = await Actors(stack).system_user("agent")
    order = await delivered_order_with_intent(stack, agent_id)
    client = stack["logistics"].client()
    proxy.down = True

    down = await cash(client, agent, order["order_id"], key="cash-1")

    assert (down.status_code, down.json()["error"]["code"]) == (503, "DEPENDENCY_ERROR")
    assert await finance_state(stack, order["order_id"]) == ("unpaid", [], 0)
    assert (await assignments_of(stack["logistics"].db, order["order_id"]))[0]["cash_pickup_time"] is None

    proxy.down = False
    retried = await cash(client, agent, order["order_id"], key="cash-1")
    assert retried.status_code == 200, retried.text
    assert await finance_state(stack, order["order_id"]) == ("settled", [("cash_collected", TOTAL_CENTS)], 1)


@pytest.mark.parametrize(
    ("lost", "first_status"),
    [
        (1, 200),  # the client's own retry (same key) gets finance's stored answer
        (3, 503),  # every attempt of the first report is lost: the agent's retry gets it
    ],
)
async def test_an_answer_lost_after_finance_applied_it_never_settles_twice(cash_stack, lost, first_status):
    # given a delivered order and a network that loses finance's next answers after it applied them
    stack, proxy = cash_stack
    agent_id, agent = await Actors(stack).system_user("agent")
    order = await delivered_order_with_intent(stack, agent_id)
    client = stack["logistics"].client()
    proxy.drop = lost

    # when the agent reports the cash (and retries with the same key after a 503)
    first = await cash(client, agent, order["order_id"], key="cash-1")
    assert first.status_code == first_status, first.text
    if first_status == 503:
        assert await finance_state(stack, order["order_id"]) == (
            "settled",
            [("cash_collected", TOTAL_CENTS)],
            1,
        )
        assert (await assignments_of(stack["logistics"].db, order["order_id"]))[0]["cash_pickup_time"] is None
        first = await cash(client, agent, order["order_id"], key="cash-1")
        assert first.status_code == 200, first.text

    # then finance applied the first call and replayed its answer to every later one: one settle,
    # one ledger row, one cash_collected; logistics recorded the cash once
    assert proxy.seen[0] == (200, False)
    assert all(seen == (200, True) for seen in proxy.seen[1:]), proxy.seen
    assert await finance_state(stack, order["order_id"]) == ("settled", [("cash_collected", TOTAL_CENTS)], 1)
    [row] = await assignments_of(stack["logistics"].db, order["order_id"])
    assert row["cash_amount_cents"] == TOTAL_CENTS
    assert datetime.fromisoformat(first.json()["data"]["cash_collected_at"]) == order["delivered_at"]
