"""``POST /internal/v1/payment-intents/{order_id}:settle`` (API.md §4; DOMAIN §5.6 ``unpaid →
settled|failed``; EVENTS.md §6 ``cash_collected``, ``payment_failed``; API.md §1.7).

* the exact amount ⇒ 200 settled, one ``cash_collected`` ledger row and event; the same key
  replays it, a new key is 422;
* another amount, with orders agreeing on finance's total ⇒ 422 with details, the failed intent and
  ``payment_failed`` committed (stored: the same key replays the 422);
* another amount while orders has a newer total ⇒ 409 with ``Retry-After``, nothing written and
  nothing stored: the same key succeeds once finance has caught up; orders down ⇒ 503, likewise;
* not unpaid cash, or nothing to pay ⇒ 422; unknown ⇒ 404; logistics only.

50 concurrent settles run against the real app in tests/stack/test_finance_settle_stack.py.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from pf_common.ids import uuid7
from pf_common.testing.auth_matrix import assert_internal_routes_refuse_bad_tokens
from pf_finance.models import PaymentIntent

INTENTS: sa.Table = PaymentIntent.__table__  # type: ignore[assignment]
TOTAL_CENTS = 4200  # the conftest's make_intent
AGENT = uuid.UUID("0199a1b2-0000-7000-8000-0000000000a1")
COLLECTED_AT = datetime(2026, 3, 2, 15, 30, tzinfo=UTC)


def settle_url(order_id: uuid.UUID) -> str:
    return f"/internal/v1/payment-intents/{order_id}:settle"


def body(amount_cents: int = TOTAL_CENTS, **over) -> dict:
    return {
        "amount_cents": amount_cents,
        "agent_user_id": str(AGENT),
        "collected_at": COLLECTED_AT.isoformat(),
    } | over


@pytest.fixture
def logistics(as_service):
    def headers(key: str | None = None) -> dict[str, str]:
        return {**as_service("logistics"), "Idempotency-Key": key or str(uuid.uuid4())}

    return headers


async def settle(client, logistics, order_id, amount_cents=TOTAL_CENTS, *, key=None, **over):
    return await client.post(settle_url(order_id), json=body(amount_cents, **over), headers=logistics(key))


# --- exact amount -------------------------------------------------------------------------------


async def test_the_exact_amount_settles_once_with_one_ledger_row_and_one_event(
    client, logistics, make_intent, read_intent, ledger_rows, emitted_events, orders
):
    intent = await make_intent()

    r = await settle(client, logistics, intent["order_id"], key="cash-1")

    assert r.status_code == 200, r.text
    assert r.json() == {
        "data": {
            "id": str(intent["id"]),
            "method": "cash",
            "status": "settled",
            "amount_cents": TOTAL_CENTS,
            "cash_collected_at": "2026-03-02T15:30:00Z",
            "vendor_paid_at": None,
            "failure_reason": None,
        }
    }
    stored = await read_intent(intent["order_id"])
    assert (stored["status"], stored["cash_collected_at"], stored["collected_by_user_id"]) == (
        "settled",
        COLLECTED_AT,
        AGENT,
    )
    (ledger,) = await ledger_rows(intent["order_id"])
    assert {
        k: ledger[k] for k in ("type", "amount_cents", "actor_user_id", "buyer_store_id", "vendor_store_id")
    } == {
        "type": "cash_collected",
        "amount_cents": TOTAL_CENTS,
        "actor_user_id": AGENT,
        "buyer_store_id": intent["buyer_store_id"],
        "vendor_store_id": intent["vendor_store_id"],
    }
    assert ledger["metadata"] == {
        "payment_intent_id": str(intent["id"]),
        "collected_at": COLLECTED_AT.isoformat(),
    }
    (event,) = await emitted_events("cash_collected")
    assert event.payload == {
        "order_id": str(intent["order_id"]),
        "checkout_group_id": str(intent["checkout_group_id"]),
        "buyer_store_id": str(intent["buyer_store_id"]),
        "vendor_store_id": str(intent["vendor_store_id"]),
        "payment_intent_id": str(intent["id"]),
        "amount_cents": TOTAL_CENTS,
        "cash_collected_at": "2026-03-02T15:30:00Z",
        "agent_user_id": str(AGENT),
        "ledger_event_id": str(ledger["id"]),
    }
    assert (event.store_id, event.actor_user_id) == (intent["vendor_store_id"], AGENT)
    assert orders.calls == []  # the exact amount needs no word from orders


async def test_a_retry_with_the_same_key_replays_and_a_new_key_is_refused(
    client, logistics, make_intent, ledger_rows, emitted_events
):
    intent = await make_intent()
    first = await settle(client, logistics, intent["order_id"], key="cash-1")

    again = await settle(client, logistics, intent["order_id"], key="cash-1")
    new_key = await settle(client, logistics, intent["order_id"], key="cash-2")

    assert (again.status_code, again.content, again.headers["idempotent-replayed"]) == (
        200,
        first.content,
        "true",
    )
    assert new_key.status_code == 422
    assert new_key.json()["error"]["code"] == "STATE_CONFLICT"
    assert new_key.json()["error"]["details"] == {"payment_status": "settled"}
    assert len(await ledger_rows(intent["order_id"])) == 1
    assert len(await emitted_events("cash_collected")) == 1


@pytest.mark.parametrize(
    ("status", "method"),
    [("settled", "cash"), ("paid", "cash"), ("failed", "cash"), ("rejected", "ach"), ("pending", "ach")],
)
async def test_a_payment_that_is_not_unpaid_cash_is_422_and_nothing_is_written(
    client, logistics, make_intent, read_intent, ledger_rows, emitted_events, status, method
):
    intent = await make_intent(status, method=method)
    before = await read_intent(intent["order_id"])

    r = await settle(client, logistics, intent["order_id"])

    assert r.status_code == 422
    assert r.json()["error"]["code"] == "STATE_CONFLICT"
    assert r.json()["error"]["details"] == {"payment_status": status}
    assert await read_intent(intent["order_id"]) == before
    assert await ledger_rows(intent["order_id"]) == []
    assert await emitted_events() == []


@pytest.mark.parametrize("order_status", ["canceled", "expired", "rejected"])
async def test_an_order_with_nothing_to_pay_takes_no_cash(
    client, logistics, make_intent, read_intent, emitted_events, order_status
):
    intent = await make_intent(order_status=order_status, amount_cents=0)

    exact = await settle(client, logistics, intent["order_id"], 0)

    assert exact.status_code == 422
    assert exact.json()["error"]["details"] == {"payment_status": "unpaid", "order_status": order_status}
    assert (await read_intent(intent["order_id"]))["status"] == "unpaid"
    assert await emitted_events() == []


async def test_an_order_orders_reports_canceled_is_no_mismatch(
    client, logistics, make_intent, read_intent, emitted_events, orders
):
    # finance has not consumed the cancel yet: its copy of the total still equals orders' total
    intent = await make_intent(order_status="in_transit")
    orders.statuses[intent["order_id"]] = "canceled"

    r = await settle(client, logistics, intent["order_id"], 4000)

    assert r.status_code == 422
    assert r.json()["error"]["details"] == {"payment_status": "unpaid", "order_status": "canceled"}
    assert (await read_intent(intent["order_id"]))["status"] == "unpaid"
    assert await emitted_events() == []


async def test_an_unknown_order_is_404(client, logistics, emitted_events):
    r = await settle(client, logistics, uuid7())

    assert (r.status_code, r.json()["error"]["code"]) == (404, "NOT_FOUND")
    assert await emitted_events() == []


async def test_an_order_finance_has_only_a_placeholder_of_is_retryable(
    client, logistics, make_intent, read_intent, emitted_events, db_session
):
    # order_totals_changed arrived, order_created not yet: the method is not known
    intent = await make_intent(order_seen=False)

    r = await settle(client, logistics, intent["order_id"], key="early")
    await db_session.execute(sa.update(INTENTS).where(INTENTS.c.id == intent["id"]).values(order_seen=True))
    retried = await settle(client, logistics, intent["order_id"], key="early")

    assert (r.status_code, r.json()["error"]["code"], r.headers["retry-after"]) == (409, "CONFLICT", "3")
    assert (retried.status_code, retried.json()["data"]["status"]) == (200, "settled")
    assert len(await emitted_events("cash_collected")) == 1


# --- another amount -----------------------------------------------------------------------------


async def test_a_mismatch_fails_the_payment_commits_it_and_answers_422(
    client, logistics, make_intent, read_intent, ledger_rows, emitted_events, orders
):
    intent = await make_intent()

    r = await settle(client, logistics, intent["order_id"], 4000, key="short")
    again = await settle(client, logistics, intent["order_id"], 4000, key="short")

    assert r.status_code == 422
    assert r.json()["error"]["code"] == "STATE_CONFLICT"
    assert r.json()["error"]["details"] == {
        "expected_amount_cents": TOTAL_CENTS,
        "reported_amount_cents": 4000,
    }
    assert (again.status_code, again.content, again.headers["idempotent-replayed"]) == (
        422,
        r.content,
        "true",
    )
    stored = await read_intent(intent["order_id"])
    assert {k: stored[k] for k in ("status", "failure_reason", "reported_amount_cents", "amount_cents")} == {
        "status": "failed",
        "failure_reason": "amount_mismatch",
        "reported_amount_cents": 4000,
        "amount_cents": TOTAL_CENTS,
    }
    assert (stored["cash_collected_at"], stored["collected_by_user_id"]) == (None, AGENT)
    assert await ledger_rows(intent["order_id"]) == []
    (event,) = await emitted_events("payment_failed")
    assert event.payload == {
        "order_id": str(intent["order_id"]),
        "payment_intent_id": str(intent["id"]),
        "failure_reason": "amount_mismatch",
        "buyer_store_id": str(intent["buyer_store_id"]),
        "vendor_store_id": str(intent["vendor_store_id"]),
    }
    assert await emitted_events("cash_collected") == []
    assert orders.calls == [intent["order_id"]]  # asked once; the replay ran nothing


async def test_a_settle_after_a_mismatch_with_a_new_key_is_422(
    client, logistics, make_intent, emitted_events
):
    intent = await make_intent()
    await settle(client, logistics, intent["order_id"], 4000)

    r = await settle(client, logistics, intent["order_id"])

    assert r.status_code == 422
    assert r.json()["error"]["details"] == {"payment_status": "failed"}
    assert len(await emitted_events()) == 1  # the one payment_failed


async def test_while_finance_lags_behind_orders_totals_it_answers_409_retryable_and_writes_nothing(
    client, logistics, make_intent, read_intent, ledger_rows, emitted_events, orders, db_session
):
    # the vendor changed a line: orders' total is 4500, finance has not consumed order_totals_changed
    intent = await make_intent()
    orders.totals[intent["order_id"]] = 4500
    before = await read_intent(intent["order_id"])

    behind = await settle(client, logistics, intent["order_id"], 4500, key="cash-1")

    assert behind.status_code == 409
    assert behind.json()["error"]["code"] == "CONFLICT"
    assert "retry" in behind.json()["error"]["message"]
    assert behind.headers["retry-after"] == "3"
    assert await read_intent(intent["order_id"]) == before
    assert await ledger_rows(intent["order_id"]) == []
    assert await emitted_events() == []

    # when finance catches up (what the order_totals_changed consumer does) the same key settles
    await db_session.execute(sa.update(INTENTS).where(INTENTS.c.id == intent["id"]).values(amount_cents=4500))
    retried = await settle(client, logistics, intent["order_id"], 4500, key="cash-1")

    assert retried.status_code == 200, retried.text
    assert retried.headers.get("idempotent-replayed") is None
    assert (retried.json()["data"]["status"], retried.json()["data"]["amount_cents"]) == ("settled", 4500)
    assert [r["amount_cents"] for r in await ledger_rows(intent["order_id"])] == [4500]
    assert len(await emitted_events("cash_collected")) == 1


async def test_orders_unavailable_during_a_mismatch_is_503_and_nothing_is_written(
    client, logistics, make_intent, read_intent, emitted_events, orders
):
    intent = await make_intent()
    before = await read_intent(intent["order_id"])
    orders.down = True

    down = await settle(client, logistics, intent["order_id"], 4000, key="short")

    assert down.status_code == 503
    assert down.json()["error"]["code"] == "DEPENDENCY_ERROR"
    assert down.headers["retry-after"] == "3"
    assert await read_intent(intent["order_id"]) == before
    assert await emitted_events() == []

    # never stored: once orders answers, the same key gets the real answer
    orders.down = False
    retried = await settle(client, logistics, intent["order_id"], 4000, key="short")
    assert retried.status_code == 422
    assert retried.json()["error"]["details"] == {
        "expected_amount_cents": TOTAL_CENTS,
        "reported_amount_cents": 4000,
    }


# --- input and callers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad",
    [
        {"amount_cents": -1},
        {"amount_cents": 42.5},
        {"amount_cents": "4200"},
        {"agent_user_id": "agent-7"},
        {"collected_at": "2026-03-02T15:30:00"},  # no offset
        {"collected_at": (datetime.now(UTC) + timedelta(hours=1)).isoformat()},
        {"extra": 1},
    ],
)
async def test_an_invalid_body_is_400_and_nothing_is_written(
    client, logistics, make_intent, read_intent, emitted_events, bad
):
    intent = await make_intent()

    r = await client.post(settle_url(intent["order_id"]), json=body() | bad, headers=logistics())

    assert (r.status_code, r.json()["error"]["code"]) == (400, "VALIDATION_ERROR")
    assert (await read_intent(intent["order_id"]))["status"] == "unpaid"
    assert await emitted_events() == []


async def test_only_logistics_may_settle(client, as_service, make_intent, read_intent, redis):
    intent = await make_intent()
    url, key = settle_url(intent["order_id"]), {"Idempotency-Key": "k"}

    nobody = await client.post(url, json=body(), headers=key)
    catalog = await client.post(url, json=body(), headers={**as_service("catalog"), **key})
    orders = await client.post(url, json=body(), headers={**as_service("orders"), **key})
    logistics = await client.post(url, json=body(), headers={**as_service("logistics"), **key})

    assert (nobody.status_code, nobody.json()["error"]["code"]) == (401, "UNAUTHORIZED")
    assert [(r.status_code, r.json()["error"]["code"]) for r in (catalog, orders)] == [(403, "FORBIDDEN")] * 2
    assert logistics.status_code == 200
    # the refused calls claimed nothing: only logistics' key is stored
    assert [k.decode() async for k in redis.scan_iter("pf:idempotency:*")] == [
        f"pf:idempotency:service:logistics::POST:{url}:k"
    ]


async def test_internal_routes_refuse_bad_service_tokens(app, client, settings, redis):
    served = await assert_internal_routes_refuse_bad_tokens(
        app, client, settings, redis, body_for=lambda _p: body()
    )

    assert set(served.values()) == {frozenset({"logistics"})}
