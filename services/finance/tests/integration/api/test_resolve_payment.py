"""``POST /api/admin/v1/orders/{order_id}/resolve-payment`` (GAPS G-7, the exit from ``hold``;
DOMAIN §5.6, §9): an admin settles a payment that failed on an amount mismatch with the cash
actually received. The payable becomes what was received: the intent settled with that amount,
one ``cash_collected`` ledger row of it (actor the admin, resolution metadata), an audit row and
``cash_collected`` (orders lets the order proceed), in one transaction. Only from ``failed``.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from pf_common.ids import uuid7

AGENT = uuid.UUID("0199a1b2-0000-7000-8000-0000000000a1")
TOTAL_CENTS = 4200  # the conftest's make_intent
REPORTED = 4000
REASON = "buyer paid $40; vendor agreed to the discount by phone"


def resolve_url(order_id: uuid.UUID) -> str:
    return f"/api/admin/v1/orders/{order_id}/resolve-payment"


async def failed_by_settle(client, as_service, make_intent) -> dict:
    """An intent the agent's mismatching settle failed (the order is now on hold at orders)."""
    intent = await make_intent()
    r = await client.post(
        f"/internal/v1/payment-intents/{intent['order_id']}:settle",
        json={"amount_cents": REPORTED, "agent_user_id": str(AGENT), "collected_at": "2026-03-02T15:30:00Z"},
        headers={**as_service("logistics"), "Idempotency-Key": str(uuid.uuid4())},
    )
    assert r.status_code == 422, r.text
    return intent


async def test_an_admin_resolves_a_failed_payment_with_the_cash_received(
    client, as_service, as_admin, make_intent, read_intent, ledger_rows, audit_rows, emitted_events
):
    # given a settle that failed on the amount (payment failed, order on hold)
    intent = await failed_by_settle(client, as_service, make_intent)
    admin = await as_admin()
    before = datetime.now(UTC)

    # when the admin records the $40.00 actually received
    r = await client.post(
        resolve_url(intent["order_id"]),
        json={"amount_cents": REPORTED, "reason": f"  {REASON} "},
        headers=admin.with_idempotency("resolve-1"),
    )

    # then the intent is settled for what was received
    assert r.status_code == 200, r.text
    view = r.json()["data"]
    assert {k: v for k, v in view.items() if k != "cash_collected_at"} == {
        "id": str(intent["id"]),
        "method": "cash",
        "status": "settled",
        "amount_cents": REPORTED,
        "vendor_paid_at": None,
        "failure_reason": None,
    }
    stored = await read_intent(intent["order_id"])
    assert (stored["status"], stored["amount_cents"], stored["failure_reason"]) == ("settled", REPORTED, None)
    assert stored["cash_collected_at"] is not None and stored["cash_collected_at"] >= before
    # one cash_collected row of the received amount, by the admin, with the resolution facts
    (ledger,) = await ledger_rows(intent["order_id"])
    assert (ledger["type"], ledger["amount_cents"], ledger["actor_user_id"]) == (
        "cash_collected",
        REPORTED,
        admin.user_id,
    )
    assert ledger["metadata"] == {
        "resolution": True,
        "reason": REASON,
        "payment_intent_id": str(intent["id"]),
        "reported_amount_cents": REPORTED,
        "order_total_cents": TOTAL_CENTS,
    }
    # an audit row: who and why
    (audit,) = await audit_rows(intent["order_id"])
    assert (audit["actor_user_id"], audit["actor_role"], audit["action"], audit["target_type"]) == (
        admin.user_id,
        "admin",
        "payment_resolved",
        "vendor_order",
    )
    assert audit["payload"] == {
        "payment_intent_id": str(intent["id"]),
        "received_amount_cents": REPORTED,
        "reported_amount_cents": REPORTED,
        "order_total_cents": TOTAL_CENTS,
        "failure_reason": "amount_mismatch",
        "reason": REASON,
        "ledger_event_id": str(ledger["id"]),
    }
    # cash_collected, so that orders takes the order out of hold
    (event,) = await emitted_events("cash_collected")
    assert {
        k: event.payload[k] for k in ("order_id", "payment_intent_id", "amount_cents", "agent_user_id")
    } == {
        "order_id": str(intent["order_id"]),
        "payment_intent_id": str(intent["id"]),
        "amount_cents": REPORTED,
        "agent_user_id": str(AGENT),  # the agent who collected it, reported at the failed settle
    }
    assert event.payload["ledger_event_id"] == str(ledger["id"])
    assert event.actor_user_id == admin.user_id


async def test_the_same_key_replays_the_resolution_and_writes_nothing_more(
    client, as_service, as_admin, make_intent, ledger_rows, audit_rows, emitted_events
):
    intent = await failed_by_settle(client, as_service, make_intent)
    admin = await as_admin()
    headers = admin.with_idempotency("resolve-1")
    payload = {"amount_cents": REPORTED, "reason": REASON}

    first = await client.post(resolve_url(intent["order_id"]), json=payload, headers=headers)
    again = await client.post(resolve_url(intent["order_id"]), json=payload, headers=headers)
    new_key = await client.post(
        resolve_url(intent["order_id"]), json=payload, headers=admin.with_idempotency()
    )

    assert (again.status_code, again.content, again.headers["idempotent-replayed"]) == (
        200,
        first.content,
        "true",
    )
    assert new_key.status_code == 422
    assert new_key.json()["error"]["details"] == {"payment_status": "settled"}
    assert len(await ledger_rows(intent["order_id"])) == 1
    assert len(await audit_rows(intent["order_id"])) == 1
    assert len(await emitted_events("cash_collected")) == 1


async def test_nothing_received_settles_at_zero(client, as_service, as_admin, make_intent, ledger_rows):
    intent = await failed_by_settle(client, as_service, make_intent)
    admin = await as_admin()

    r = await client.post(
        resolve_url(intent["order_id"]),
        json={"amount_cents": 0, "reason": "cash lost; written off"},
        headers=admin.with_idempotency(),
    )

    assert (r.status_code, r.json()["data"]["amount_cents"]) == (200, 0)
    assert [row["amount_cents"] for row in await ledger_rows(intent["order_id"])] == [0]


@pytest.mark.parametrize("status", ["unpaid", "pending", "settled", "paid", "rejected"])
async def test_only_a_failed_payment_can_be_resolved(
    client, as_admin, make_intent, read_intent, ledger_rows, audit_rows, emitted_events, status
):
    intent = await make_intent(status, method="ach" if status in ("pending", "rejected") else "cash")
    before = await read_intent(intent["order_id"])
    admin = await as_admin()

    r = await client.post(
        resolve_url(intent["order_id"]),
        json={"amount_cents": REPORTED, "reason": REASON},
        headers=admin.with_idempotency(),
    )

    assert (r.status_code, r.json()["error"]["code"]) == (422, "STATE_CONFLICT")
    assert r.json()["error"]["details"] == {"payment_status": status}
    assert await read_intent(intent["order_id"]) == before
    assert await ledger_rows(intent["order_id"]) == []
    assert await audit_rows(intent["order_id"]) == []
    assert await emitted_events() == []


async def test_an_unknown_order_is_404(client, as_admin):
    admin = await as_admin()

    r = await client.post(
        resolve_url(uuid7()),
        json={"amount_cents": REPORTED, "reason": REASON},
        headers=admin.with_idempotency(),
    )

    assert (r.status_code, r.json()["error"]["code"]) == (404, "NOT_FOUND")


async def test_only_an_admin_may_resolve_and_a_refusal_claims_no_key(
    client, as_service, as_store, as_agent, make_intent, read_intent, redis
):
    intent = await failed_by_settle(client, as_service, make_intent)
    before = await read_intent(intent["order_id"])
    await redis.flushdb()  # forget the settle's key
    vendor, agent = await as_store("vendor", "owner"), await as_agent()
    payload = {"amount_cents": REPORTED, "reason": REASON}

    nobody = await client.post(
        resolve_url(intent["order_id"]), json=payload, headers={"Idempotency-Key": "k"}
    )
    refused = [
        await client.post(resolve_url(intent["order_id"]), json=payload, headers=actor.with_idempotency("k"))
        for actor in (vendor, agent)
    ]

    assert (nobody.status_code, nobody.json()["error"]["code"]) == (401, "UNAUTHORIZED")
    assert [(r.status_code, r.json()["error"]["code"]) for r in refused] == [(403, "FORBIDDEN")] * 2
    assert await read_intent(intent["order_id"]) == before
    assert [k async for k in redis.scan_iter("pf:idempotency:*")] == []


@pytest.mark.parametrize(
    "payload",
    [
        {"amount_cents": REPORTED},  # no reason
        {"amount_cents": REPORTED, "reason": "   "},
        {"amount_cents": REPORTED, "reason": "x" * 501},
        {"reason": REASON},  # no amount
        {"amount_cents": -1, "reason": REASON},
        {"amount_cents": 40.5, "reason": REASON},  # 40.0 is an integer (JSON Schema): accepted
        {"amount_cents": "40", "reason": REASON},
        {"amount_cents": REPORTED, "reason": REASON, "extra": True},
    ],
)
async def test_an_invalid_body_is_400_and_nothing_is_written(
    client, as_service, as_admin, make_intent, read_intent, ledger_rows, payload
):
    intent = await failed_by_settle(client, as_service, make_intent)
    before = await read_intent(intent["order_id"])
    admin = await as_admin()

    r = await client.post(resolve_url(intent["order_id"]), json=payload, headers=admin.with_idempotency())

    assert (r.status_code, r.json()["error"]["code"]) == (400, "VALIDATION_ERROR")
    assert await read_intent(intent["order_id"]) == before
    assert await ledger_rows(intent["order_id"]) == []


async def test_a_missing_idempotency_key_is_400(client, as_service, as_admin, make_intent, read_intent):
    intent = await failed_by_settle(client, as_service, make_intent)
    admin = await as_admin()

    r = await client.post(
        resolve_url(intent["order_id"]),
        json={"amount_cents": REPORTED, "reason": REASON},
        headers=admin.headers,
    )

    assert r.status_code == 400
    assert r.json()["error"]["details"] == {"Idempotency-Key": "required"}
    assert (await read_intent(intent["order_id"]))["status"] == "failed"
