"""The agent group (API.md §3.5; DOMAIN §5.5; GAPS G-7, G-8): the caller's orders, the queue, an
order's detail, claim, pickup and deliver — with their events, facts and audit rows. The cash
step is test_cash_collected.py; the admin override test_admin_orders.py.

* an agent reads and acts only on its own assignments (403 on every route for another agent's
  order, 404 for an unknown one; non-agents 403); an admin reads everything, writes nothing here;
* pickup and deliver write each fact once and emit their event once (with both store ids); a
  repeat answers 200 with the same body;
* the licence gate at pickup names the party whose KYC is not verified.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from pf_common.ids import uuid7

from .conftest import ADDRESS, STORES, TOTAL_CENTS

STEPS = ("pickup", "deliver")


def url(order_id: uuid.UUID, step: str | None = None) -> str:
    return f"/api/v1/agent/orders/{order_id}" + (f"/{step}" if step else "")


async def post(client, actor, order_id, step, *, key=None, json=None):
    return await client.post(url(order_id, step), headers=actor.with_idempotency(key), json=json)


@pytest.fixture
async def agent(as_agent):
    return await as_agent()


@pytest.fixture
async def other_agent(as_agent):
    return await as_agent()


# --- lists --------------------------------------------------------------------------------------


async def test_an_agent_lists_the_orders_of_its_active_assignments_only(
    client, agent, other_agent, make_order, assign
):
    # given two orders of the agent, one of another agent, one in the queue and one it lost
    ready = await make_order()
    await assign(ready, agent.user_id)
    moving = await make_order("in_transit")
    await assign(moving, agent.user_id)
    await assign(await make_order(), other_agent.user_id)
    await make_order()
    lost = await make_order()
    await assign(lost, agent.user_id, active=False, unassigned_at=datetime.now(UTC))
    await assign(lost, other_agent.user_id)

    # when it lists its orders
    r = await client.get("/api/v1/agent/orders", headers=agent.headers)

    # then it sees its two, newest first, with both parties' contacts
    assert r.status_code == 200, r.text
    data = r.json()["data"]
    assert [o["order_id"] for o in data["orders"]] == [str(moving["order_id"]), str(ready["order_id"])]
    assert [o["shipping_status"] for o in data["orders"]] == ["in_transit", "dispatched"]
    first = data["orders"][0]
    assert first["buyer"] == {
        "id": str(moving["buyer_store_id"]),
        "company_name": "Buyer Co",
        "dba_name": None,
        "logo_url": None,
        "address": ADDRESS,
        "phone": "+15550001111",
    }
    assert first["vendor"]["phone"] == "+15550002222"
    assert (first["order_number"], first["total_cents"], first["total_items"]) == (
        moving["order_number"],
        TOTAL_CENTS,
        3,
    )
    assert data["pagination"]["total"] == 2


async def test_the_queue_is_the_ready_orders_without_an_active_assignment_paged_newest_first(
    client, agent, other_agent, make_order, assign
):
    # given two unassigned ready orders, one whose assignment ended, and orders not in the queue
    older = await make_order(created_at=datetime.now(UTC) - timedelta(minutes=2))
    newer = await make_order()
    released = await make_order(created_at=datetime.now(UTC) - timedelta(minutes=1))
    await assign(released, other_agent.user_id, active=False, unassigned_at=datetime.now(UTC))
    await assign(await make_order(), other_agent.user_id)
    await make_order("in_transit")
    await make_order("canceled")

    # when an agent pages through the queue
    first = (await client.get("/api/v1/agent/orders/queue?limit=2", headers=agent.headers)).json()["data"]
    cursor = first["pagination"]["next"]
    second = (
        await client.get(f"/api/v1/agent/orders/queue?limit=2&cursor={cursor}", headers=agent.headers)
    ).json()["data"]

    # then it sees the three claimable orders once each, newest first
    ids = [o["order_id"] for o in first["orders"] + second["orders"]]
    assert ids == [str(newer["order_id"]), str(released["order_id"]), str(older["order_id"])]
    assert {o["shipping_status"] for o in first["orders"] + second["orders"]} == {"pending"}
    assert first["pagination"]["total"] == 3
    assert second["pagination"]["next"] == ""


async def test_an_admin_lists_every_active_assignment_and_the_queue(
    client, as_admin, agent, other_agent, make_order, assign
):
    mine, theirs = await make_order(), await make_order()
    await assign(mine, agent.user_id)
    await assign(theirs, other_agent.user_id)
    queued = await make_order()
    admin = await as_admin()

    assigned = (await client.get("/api/v1/agent/orders", headers=admin.headers)).json()["data"]
    queue = (await client.get("/api/v1/agent/orders/queue", headers=admin.headers)).json()["data"]

    assert {o["order_id"] for o in assigned["orders"]} == {str(mine["order_id"]), str(theirs["order_id"])}
    assert [o["order_id"] for o in queue["orders"]] == [str(queued["order_id"])]


async def test_a_bad_page_is_400(client, agent):
    r = await client.get("/api/v1/agent/orders/queue?limit=0", headers=agent.headers)
    assert (r.status_code, r.json()["error"]["code"]) == (400, "VALIDATION_ERROR")


# --- who may do what ------------------------------------------------------------------------------


async def test_store_users_are_refused_on_every_route_and_admins_on_every_agent_write(
    client, as_store, as_admin, make_order, emitted_events
):
    order = await make_order()
    store_user = await as_store("buyer", "owner")
    admin = await as_admin()
    oid = order["order_id"]
    reads = [url(oid), "/api/v1/agent/orders", "/api/v1/agent/orders/queue"]
    writes = [url(oid, step) for step in ("claim", "pickup", "deliver", "cash-collected")]
    admin_write = f"/api/admin/v1/orders/{oid}/assign-agent"

    answers = [(await client.get(u, headers=store_user.headers)).status_code for u in reads]
    answers += [
        (await client.post(u, headers=store_user.with_idempotency(), json={"amount_cents": 1})).status_code
        for u in [*writes, admin_write]
    ]
    answers += [
        (await client.post(u, headers=admin.with_idempotency(), json={"amount_cents": 1})).status_code
        for u in writes
    ]

    assert answers == [403] * 12
    assert await emitted_events() == []


@pytest.mark.parametrize("step", ["detail", "pickup", "deliver", "cash-collected"])
async def test_another_agents_order_is_403_on_every_route_and_nothing_is_written(
    client,
    agent,
    other_agent,
    make_order,
    assign,
    read_order,
    read_assignments,
    emitted_events,
    step,
    orders,
    finance,
):
    # given an order in transit assigned to another agent
    order = await make_order("in_transit")
    await assign(order, other_agent.user_id)
    orders.know(order)
    before = (await read_order(order["order_id"]), await read_assignments(order["order_id"]))

    # when the agent reads it or acts on it
    if step == "detail":
        r = await client.get(url(order["order_id"]), headers=agent.headers)
    else:
        r = await post(client, agent, order["order_id"], step, json={"amount_cents": TOTAL_CENTS})

    # then it is refused and nothing changed, nobody was called
    assert (r.status_code, r.json()["error"]["code"]) == (403, "FORBIDDEN")
    assert (await read_order(order["order_id"]), await read_assignments(order["order_id"])) == before
    assert await emitted_events() == []
    assert orders.calls == [] and finance.calls == []


@pytest.mark.parametrize("step", ["detail", "claim", "pickup", "deliver", "cash-collected"])
async def test_an_unknown_order_is_404_on_every_route(client, agent, step):
    missing = uuid7()
    if step == "detail":
        r = await client.get(url(missing), headers=agent.headers)
    else:
        r = await post(client, agent, missing, step, json={"amount_cents": TOTAL_CENTS})
    assert (r.status_code, r.json()["error"]["code"]) == (404, "NOT_FOUND")


# --- detail -----------------------------------------------------------------------------------------


async def test_the_assigned_agent_reads_orders_detail_with_both_parties_contacts_and_its_assignment(
    client, agent, make_order, assign, orders
):
    # given an order assigned to the agent that orders knows (without the buyer's address and the
    # vendor's phone, and with a stale assignment of its own)
    order = await make_order()
    mine = await assign(order, agent.user_id)
    orders.know(order, active_assignment={"id": str(uuid7()), "agent_user_id": str(uuid7())})

    # when the agent reads it
    r = await client.get(url(order["order_id"]), headers=agent.headers)

    # then it gets orders' OrderDetail, the contacts completed from the dispatch snapshot and
    # logistics' own assignment
    assert r.status_code == 200, r.text
    detail = r.json()["data"]
    assert detail["order"]["id"] == str(order["order_id"])
    assert detail["line_items"][0]["name"] == "Blue Dream 3.5g"
    assert (detail["buyer_store"]["phone"], detail["buyer_store"]["address"]) == ("+15550001111", ADDRESS)
    assert (detail["vendor_store"]["phone"], detail["vendor_store"]["address"]) == ("+15550002222", ADDRESS)
    assert detail["active_assignment"]["id"] == str(mine["id"])
    assert detail["active_assignment"]["agent_user_id"] == str(agent.user_id)
    assert orders.calls == [order["order_id"]]


async def test_an_admin_reads_any_orders_detail(client, as_admin, other_agent, make_order, assign, orders):
    order = await make_order()
    await assign(order, other_agent.user_id)
    orders.know(order)
    admin = await as_admin()

    r = await client.get(url(order["order_id"]), headers=admin.headers)

    assert r.status_code == 200, r.text
    assert r.json()["data"]["active_assignment"]["agent_user_id"] == str(other_agent.user_id)


async def test_a_queue_order_is_403_to_an_agent_until_it_claims_it(client, agent, make_order, orders):
    order = await make_order()
    orders.know(order)

    before = await client.get(url(order["order_id"]), headers=agent.headers)
    claimed = await post(client, agent, order["order_id"], "claim")
    after = await client.get(url(order["order_id"]), headers=agent.headers)

    assert (before.status_code, claimed.status_code, after.status_code) == (403, 200, 200)


async def test_detail_is_503_while_orders_is_down_and_404_when_orders_does_not_know_it(
    client, agent, make_order, assign, orders
):
    order = await make_order()
    await assign(order, agent.user_id)

    unknown = await client.get(url(order["order_id"]), headers=agent.headers)
    orders.down = True
    down = await client.get(url(order["order_id"]), headers=agent.headers)

    assert (unknown.status_code, unknown.json()["error"]["code"]) == (404, "NOT_FOUND")
    assert (down.status_code, down.json()["error"]["code"]) == (503, "DEPENDENCY_ERROR")
    assert down.json()["error"]["details"] == {"dependency": "orders"}


# --- claim --------------------------------------------------------------------------------------------


async def test_an_agent_claims_a_queue_order_once(
    client, agent, other_agent, make_order, read_assignments, emitted_events
):
    # given a queue order
    order = await make_order()

    # when the agent claims it, claims it again, and another agent tries
    first = await post(client, agent, order["order_id"], "claim")
    again = await post(client, agent, order["order_id"], "claim")
    theirs = await post(client, other_agent, order["order_id"], "claim")

    # then the agent holds one assignment, announced once; the other agent is told it is taken
    assert first.status_code == 200, first.text
    view = first.json()["data"]
    assert (view["agent_user_id"], view["assigned_by_user_id"], view["pickup_time"]) == (
        str(agent.user_id),
        None,
        None,
    )
    assert again.json() == first.json()
    assert (theirs.status_code, theirs.json()["error"]["code"]) == (409, "CONFLICT")
    [row] = await read_assignments(order["order_id"])
    assert (row["id"], row["agent_user_id"], row["active"]) == (uuid.UUID(view["id"]), agent.user_id, True)
    [event] = await emitted_events("order_assigned")
    assert event.payload["assignment_id"] == view["id"]
    assert event.payload["assigned_by_user_id"] is None


@pytest.mark.parametrize("status", ["in_transit", "delivered", "canceled"])
async def test_only_a_ready_order_can_be_claimed(client, agent, make_order, read_assignments, status):
    order = await make_order(status)

    r = await post(client, agent, order["order_id"], "claim")

    assert (r.status_code, r.json()["error"]["details"]) == (422, {"status": status})
    assert await read_assignments(order["order_id"]) == []


# --- pickup -------------------------------------------------------------------------------------------


async def test_pickup_moves_the_order_in_transit_once_and_a_repeat_answers_the_same(
    client, agent, make_order, assign, read_order, read_assignments, emitted_events, audit_rows
):
    # given a ready order assigned to the agent
    order = await make_order()
    mine = await assign(order, agent.user_id)

    # when the agent picks it up, then repeats with a new key
    first = await post(client, agent, order["order_id"], "pickup")
    again = await post(client, agent, order["order_id"], "pickup")

    # then the order is in transit, the pickup written once, announced once with both stores
    assert first.status_code == 200, first.text
    assert first.json()["data"] == {"order_id": str(order["order_id"]), "status": "in_transit"}
    assert again.content == first.content
    row = await read_order(order["order_id"])
    [assignment] = await read_assignments(order["order_id"])
    assert row["status"] == "in_transit"
    assert row["picked_up_at"] == assignment["pickup_time"] is not None
    [event] = await emitted_events("order_picked_up")
    assert event.payload == {
        "order_id": str(order["order_id"]),
        "assignment_id": str(mine["id"]),
        "agent_user_id": str(agent.user_id),
        "picked_up_at": event.payload["picked_up_at"],
        "buyer_store_id": str(order["buyer_store_id"]),
        "vendor_store_id": str(order["vendor_store_id"]),
    }
    assert (event.actor_user_id, event.store_id) == (agent.user_id, order["vendor_store_id"])
    [audit] = await audit_rows(order["order_id"])
    assert (audit["action"], audit["actor_user_id"], audit["actor_role"]) == (
        "order.picked_up",
        agent.user_id,
        "agent",
    )
    assert audit["payload"]["assignment_id"] == str(mine["id"])


@pytest.mark.parametrize(("party", "kyc"), [("buyer", "pending_verification"), ("vendor", None)])
async def test_pickup_is_refused_while_a_partys_licence_is_not_verified_and_allowed_once_it_is(
    client, agent, make_order, make_store, assign, db_session, read_order, emitted_events, party, kyc
):
    # given an order whose buyer is pending, or whose vendor logistics does not know yet
    store_id = uuid7()
    if kyc is not None:
        await make_store(party, kyc=kyc, store_id=store_id)
    order = await make_order(**{f"{party}_store_id": store_id})
    await assign(order, agent.user_id)

    # when the agent tries to pick it up
    refused = await post(client, agent, order["order_id"], "pickup")

    # then it is refused naming the party, and nothing happened
    assert (refused.status_code, refused.json()["error"]["code"]) == (403, "FORBIDDEN")
    assert refused.json()["error"]["details"] == {
        "party": party,
        "store_id": str(store_id),
        "kyc_status": kyc or "unknown",
    }
    assert (await read_order(order["order_id"]))["status"] == "ready_for_dispatch"
    assert await emitted_events("order_picked_up") == []

    # and once the licence is verified the pickup goes through
    if kyc is None:
        await make_store(party, kyc="verified", store_id=store_id)
    else:
        await db_session.execute(
            sa.update(STORES).where(STORES.c.store_id == store_id).values(kyc_status="verified")
        )
    allowed = await post(client, agent, order["order_id"], "pickup")
    assert allowed.status_code == 200, allowed.text


async def test_pickup_of_a_canceled_order_is_422_for_its_last_agent_and_403_for_others(
    client, agent, other_agent, make_order, assign, emitted_events
):
    # given an order canceled while assigned to the agent (the cancel deactivated the assignment)
    order = await make_order("canceled")
    await assign(order, agent.user_id, active=False, unassigned_at=datetime.now(UTC))

    mine = await post(client, agent, order["order_id"], "pickup")
    theirs = await post(client, other_agent, order["order_id"], "pickup")

    assert (mine.status_code, mine.json()["error"]["details"]) == (422, {"status": "canceled"})
    assert theirs.status_code == 403
    assert await emitted_events() == []


# --- deliver ------------------------------------------------------------------------------------------


async def test_deliver_needs_the_pickup_first(client, agent, make_order, assign, emitted_events):
    order = await make_order()
    await assign(order, agent.user_id)

    r = await post(client, agent, order["order_id"], "deliver")

    assert (r.status_code, r.json()["error"]["details"]) == (422, {"status": "ready_for_dispatch"})
    assert await emitted_events() == []


async def test_deliver_hands_the_order_over_once_and_a_repeat_answers_the_same(
    client, agent, make_order, assign, read_order, read_assignments, emitted_events, audit_rows
):
    # given an order the agent picked up
    order = await make_order()
    mine = await assign(order, agent.user_id)
    assert (await post(client, agent, order["order_id"], "pickup")).status_code == 200

    # when it delivers it, then repeats with a new key and repeats the pickup too
    first = await post(client, agent, order["order_id"], "deliver")
    again = await post(client, agent, order["order_id"], "deliver")
    pickup_again = await post(client, agent, order["order_id"], "pickup")

    # then the order is delivered once, announced once with both stores; repeats answer the same
    assert first.status_code == 200, first.text
    data = first.json()["data"]
    row = await read_order(order["order_id"])
    [assignment] = await read_assignments(order["order_id"])
    assert row["status"] == "delivered"
    assert row["delivered_at"] == assignment["delivery_time"]
    assert datetime.fromisoformat(data["delivered_at"]) == row["delivered_at"]
    assert (data["order_id"], data["status"]) == (str(order["order_id"]), "delivered")
    assert again.content == first.content
    assert pickup_again.json()["data"] == {"order_id": str(order["order_id"]), "status": "in_transit"}
    [event] = await emitted_events("order_delivered")
    assert (
        event.payload["assignment_id"],
        event.payload["buyer_store_id"],
        event.payload["vendor_store_id"],
    ) == (
        str(mine["id"]),
        str(order["buyer_store_id"]),
        str(order["vendor_store_id"]),
    )
    assert len(await emitted_events("order_picked_up")) == 1
    assert [a["action"] for a in await audit_rows(order["order_id"])] == [
        "order.picked_up",
        "order.delivered",
    ]


async def test_the_same_key_replays_the_stored_answer(client, agent, make_order, assign):
    order = await make_order()
    await assign(order, agent.user_id)

    first = await post(client, agent, order["order_id"], "pickup", key="pickup-1")
    again = await post(client, agent, order["order_id"], "pickup", key="pickup-1")

    assert again.content == first.content
    assert again.headers.get("idempotent-replayed") == "true"
