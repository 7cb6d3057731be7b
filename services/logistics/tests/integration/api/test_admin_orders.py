"""``POST /api/admin/v1/orders/{order_id}/assign-agent`` (API.md §3.5; DOMAIN §5.5 admin override;
G-8): the current assignment ends, the named active agent's begins (``assigned_by_user_id`` the
admin), ``order_assigned`` names the previous agent, an audit row records it; the old agent is
then refused (403) and the new one may pick up. 404 unknown order or agent, 422 once picked up.
"""

from __future__ import annotations

import uuid

import pytest

from pf_common.ids import uuid7


def assign_url(order_id: uuid.UUID) -> str:
    return f"/api/admin/v1/orders/{order_id}/assign-agent"


async def override(client, admin, order_id, agent_user_id):
    return await client.post(
        assign_url(order_id), json={"agent_user_id": str(agent_user_id)}, headers=admin.with_idempotency()
    )


@pytest.fixture
async def admin(as_admin):
    return await as_admin()


async def test_an_override_replaces_the_assignment_and_the_old_agent_can_no_longer_pick_up(
    client, admin, as_agent, make_order, assign, make_agent, read_assignments, emitted_events, audit_rows
):
    # given an order assigned to one agent, and another active agent
    old, new = await as_agent(), await as_agent()
    await make_agent(new.user_id)
    order = await make_order()
    before = await assign(order, old.user_id)

    # when an admin assigns the order to the other agent
    r = await override(client, admin, order["order_id"], new.user_id)

    # then the old assignment ended and the new one is the admin's
    assert r.status_code == 200, r.text
    view = r.json()["data"]
    assert (view["agent_user_id"], view["assigned_by_user_id"], view["unassigned_at"]) == (
        str(new.user_id),
        str(admin.user_id),
        None,
    )
    ended, current = await read_assignments(order["order_id"])
    assert (ended["id"], ended["active"]) == (before["id"], False)
    assert ended["unassigned_at"] is not None
    assert (current["id"], current["active"], current["assigned_by_user_id"]) == (
        uuid.UUID(view["id"]),
        True,
        admin.user_id,
    )
    [event] = await emitted_events("order_assigned")
    assert (event.payload["agent_user_id"], event.payload["previous_agent_user_id"]) == (
        str(new.user_id),
        str(old.user_id),
    )
    [audit] = await audit_rows(order["order_id"])
    assert (audit["action"], audit["actor_user_id"], audit["actor_role"]) == (
        "order.agent_assigned",
        admin.user_id,
        "admin",
    )
    assert audit["payload"]["previous_agent_user_id"] == str(old.user_id)

    # and only the new agent may pick it up
    refused = await client.post(
        f"/api/v1/agent/orders/{order['order_id']}/pickup", headers=old.with_idempotency()
    )
    allowed = await client.post(
        f"/api/v1/agent/orders/{order['order_id']}/pickup", headers=new.with_idempotency()
    )
    assert (refused.status_code, allowed.status_code) == (403, 200)


async def test_an_admin_assigns_a_queue_order(client, admin, make_order, make_agent, read_assignments):
    agent_id = await make_agent()
    order = await make_order()

    r = await override(client, admin, order["order_id"], agent_id)

    assert r.status_code == 200, r.text
    [row] = await read_assignments(order["order_id"])
    assert (row["agent_user_id"], row["assigned_by_user_id"], row["active"]) == (
        agent_id,
        admin.user_id,
        True,
    )


async def test_naming_the_agent_already_assigned_changes_nothing(
    client, admin, make_order, make_agent, assign, read_assignments, emitted_events
):
    agent_id = await make_agent()
    order = await make_order()
    current = await assign(order, agent_id)

    r = await override(client, admin, order["order_id"], agent_id)

    assert (r.status_code, r.json()["data"]["id"]) == (200, str(current["id"]))
    assert len(await read_assignments(order["order_id"])) == 1
    assert await emitted_events() == []


@pytest.mark.parametrize("status", ["in_transit", "delivered", "canceled"])
async def test_an_order_no_longer_ready_for_dispatch_cannot_be_reassigned(
    client, admin, as_agent, make_order, make_agent, assign, read_assignments, emitted_events, status
):
    agent_id = await make_agent()
    order = await make_order(status)
    await assign(order, (await as_agent()).user_id)
    before = await read_assignments(order["order_id"])

    r = await override(client, admin, order["order_id"], agent_id)

    assert (r.status_code, r.json()["error"]["details"]) == (422, {"status": status})
    assert await read_assignments(order["order_id"]) == before
    assert await emitted_events() == []


async def test_an_unknown_order_or_agent_is_404(client, admin, make_order, make_agent, read_assignments):
    order = await make_order()
    inactive = await make_agent(is_active=False)

    answers = [
        await override(client, admin, uuid7(), await make_agent()),
        await override(client, admin, order["order_id"], uuid7()),
        await override(client, admin, order["order_id"], inactive),
    ]

    assert [(r.status_code, r.json()["error"]["code"]) for r in answers] == [(404, "NOT_FOUND")] * 3
    assert await read_assignments(order["order_id"]) == []


async def test_only_admins_override(client, as_agent, make_order, make_agent):
    agent = await as_agent()
    order = await make_order()

    r = await client.post(
        assign_url(order["order_id"]),
        json={"agent_user_id": str(await make_agent(agent.user_id))},
        headers=agent.with_idempotency(),
    )

    assert (r.status_code, r.json()["error"]["code"]) == (403, "FORBIDDEN")
