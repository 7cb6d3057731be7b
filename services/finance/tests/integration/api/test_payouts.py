"""Admin payouts (API.md §3.6; DOMAIN §5.6 ``settled → paid``): the list of delivered + settled
orders (``delivered_at ASC, id ASC``, keyset pages), one order's OrderDetail from orders (a fake
client here), and confirm-payout: ledger ``vendor_payout``, intent ``paid``, ``order_paid``,
an audit row; a repeat is the same 200 and writes nothing; 422/404/403/400 write nothing.

Intents and ledger rows are inserted directly; the 50-concurrent confirmation runs against the
real app in tests/stack/test_finance_payouts_stack.py."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from pf_common.ids import uuid7
from pf_finance.clients.orders import OrdersUnavailable
from pf_finance.models import FinanceAudit, LedgerEvent, PaymentIntent

INTENTS = PaymentIntent.__table__
LEDGER = LedgerEvent.__table__
AUDIT = FinanceAudit.__table__
T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)

LIST = "/api/admin/v1/orders/payouts"


def detail_url(order_id) -> str:
    return f"/api/admin/v1/orders/payouts/{order_id}"


def confirm_url(order_id) -> str:
    return f"/api/admin/v1/orders/{order_id}/confirm-payout"


class FakeOrders:
    """orders' internal OrderDetail at the client's interface: ``details[order_id]``, None (404)
    for others; ``down`` raises ``OrdersUnavailable``."""

    def __init__(self) -> None:
        self.details: dict[uuid.UUID, dict[str, Any]] = {}
        self.calls: list[uuid.UUID] = []
        self.down = False

    async def get_order(self, order_id: uuid.UUID) -> dict[str, Any] | None:
        self.calls.append(order_id)
        if self.down:
            raise OrdersUnavailable("status 503")
        return self.details.get(order_id)

    async def aclose(self) -> None:
        return None


@pytest.fixture
def orders() -> FakeOrders:
    return FakeOrders()


@pytest.fixture
def context(context_factory, orders):
    return context_factory(orders=orders)


async def make_intent(
    db_session,
    *,
    status: str = "settled",
    amount_cents: int = 4200,
    delivered_at: datetime | None = T0,
    order_status: str | None = "delivered",
    vendor_store_id: uuid.UUID | None = None,
    order_number: int | None = 1001,
    cash_row: bool | None = None,
) -> dict[str, Any]:
    """A payment intent (and its cash_collected row when settled, unless ``cash_row`` says)."""
    row = {
        "id": uuid7(),
        "order_id": uuid7(),
        "buyer_store_id": uuid7(),
        "vendor_store_id": vendor_store_id or uuid7(),
        "order_number": order_number,
        "method": "cash",
        "status": status,
        "amount_cents": amount_cents,
        "order_status": order_status,
        "delivered_at": delivered_at,
        "order_seen": True,
        "cash_collected_at": T0 if status in ("settled", "paid") else None,
    }
    await db_session.execute(sa.insert(INTENTS).values(**row))
    if cash_row if cash_row is not None else status in ("settled", "paid"):
        await add_ledger(db_session, row, "cash_collected", amount_cents)
    return row


async def add_ledger(db_session, intent: dict[str, Any], type_: str, amount_cents: int) -> uuid.UUID:
    row_id = uuid7()
    await db_session.execute(
        sa.insert(LEDGER).values(
            id=row_id,
            order_id=intent["order_id"],
            buyer_store_id=intent["buyer_store_id"],
            vendor_store_id=intent["vendor_store_id"],
            actor_user_id=uuid7(),
            type=type_,
            amount_cents=amount_cents,
        )
    )
    return row_id


async def intent_of(db_session, order_id) -> Any:
    return (await db_session.execute(sa.select(INTENTS).where(INTENTS.c.order_id == order_id))).one()


async def ledger_of(db_session, order_id) -> list[Any]:
    stmt = sa.select(LEDGER).where(LEDGER.c.order_id == order_id).order_by(LEDGER.c.created_at, LEDGER.c.id)
    return list((await db_session.execute(stmt)).all())


async def audit_of(db_session, order_id) -> list[Any]:
    return list((await db_session.execute(sa.select(AUDIT).where(AUDIT.c.target_id == order_id))).all())


def order_detail(intent: dict[str, Any]) -> dict[str, Any]:
    return {
        "order": {
            "id": str(intent["order_id"]),
            "order_number": intent["order_number"],
            "status": "delivered",
            "total_cents": intent["amount_cents"],
            "payment_status": "settled",
        },
        "line_items": [{"id": str(uuid7()), "name": "Blue Dream 3.5g", "quantity": 2}],
        "payment_intent": {
            "id": str(intent["id"]),
            "status": "settled",
            "amount_cents": intent["amount_cents"],
        },
        "buyer_store": {"id": str(intent["buyer_store_id"]), "company_name": "Buyer Co"},
        "vendor_store": {"id": str(intent["vendor_store_id"]), "company_name": "Vendor Co"},
        "active_assignment": None,
    }


# --- list -------------------------------------------------------------------------------------


async def test_list_holds_only_delivered_settled_orders_oldest_delivery_first(client, db_session, as_admin):
    # given three payable orders delivered out of insertion order, and five that are not payable
    late = await make_intent(db_session, delivered_at=T0 + timedelta(hours=2), amount_cents=300)
    early = await make_intent(db_session, delivered_at=T0, amount_cents=100, order_number=None)
    middle = await make_intent(db_session, delivered_at=T0 + timedelta(hours=1), amount_cents=200)
    await make_intent(db_session, delivered_at=None, order_status="in_transit")  # settled, not delivered
    await make_intent(db_session, status="paid")
    await make_intent(db_session, status="unpaid")
    await make_intent(db_session, status="failed")
    await make_intent(db_session, status="pending", order_status="delivered")
    admin = await as_admin()

    # when
    r = await client.get(LIST, headers=admin.headers)

    # then
    assert r.status_code == 200, r.text
    body = r.json()["data"]
    assert body["orders"] == [
        {
            "order_id": str(i["order_id"]),
            "order_number": i["order_number"],
            "vendor_store_id": str(i["vendor_store_id"]),
            "amount_cents": i["amount_cents"],
            "delivered_at": i["delivered_at"].isoformat().replace("+00:00", "Z"),
        }
        for i in (early, middle, late)
    ]
    assert body["pagination"]["total"] == 3
    assert body["pagination"]["next"] == ""


async def test_list_pages_by_delivered_at_then_id_without_skips_or_repeats(client, db_session, as_admin):
    # given seven payable orders, three of them delivered at the same instant
    same = T0 + timedelta(minutes=5)
    made = [await make_intent(db_session, delivered_at=same) for _ in range(3)]
    made += [await make_intent(db_session, delivered_at=T0 + timedelta(minutes=m)) for m in (9, 1, 7, 3)]
    expected = [i["order_id"] for i in sorted(made, key=lambda i: (i["delivered_at"], i["id"]))]
    admin = await as_admin()

    # when the admin walks pages of three
    seen, cursor, pages = [], None, []
    while True:
        params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        r = await client.get(LIST, params=params, headers=admin.headers)
        assert r.status_code == 200, r.text
        page = r.json()["data"]
        pages.append(page)
        seen += [uuid.UUID(o["order_id"]) for o in page["orders"]]
        cursor = page["pagination"]["next"]
        if not cursor:
            break

    # then every order once, in order, on three pages that agree on their bounds
    assert seen == expected
    assert [len(p["orders"]) for p in pages] == [3, 3, 1]
    assert {p["pagination"]["total"] for p in pages} == {7}
    assert {p["pagination"]["first"] for p in pages} == {pages[0]["pagination"]["first"]}
    assert {p["pagination"]["last"] for p in pages} == {pages[0]["pagination"]["last"]}
    assert pages[1]["pagination"]["current"] == pages[0]["pagination"]["next"]


async def test_list_refuses_a_bad_cursor_and_limit(client, as_admin):
    admin = await as_admin()

    bad_cursor = await client.get(LIST, params={"cursor": "nope"}, headers=admin.headers)
    bad_limit = await client.get(LIST, params={"limit": 101}, headers=admin.headers)

    assert bad_cursor.status_code == 400
    assert bad_cursor.json()["error"]["details"] == {"cursor": "invalid cursor"}
    assert bad_limit.status_code == 400
    assert bad_limit.json()["error"]["code"] == "VALIDATION_ERROR"


@pytest.mark.parametrize("who", ["vendor_owner", "agent"])
async def test_list_and_detail_are_admin_only(client, db_session, as_store, as_agent, orders, who):
    intent = await make_intent(db_session)
    orders.details[intent["order_id"]] = order_detail(intent)
    actor = (
        await as_store("vendor", "owner", store_id=intent["vendor_store_id"])
        if who != "agent"
        else await as_agent()
    )

    listed = await client.get(LIST, headers=actor.headers)
    detail = await client.get(detail_url(intent["order_id"]), headers=actor.headers)

    assert listed.status_code == 403
    assert detail.status_code == 403
    assert listed.json()["error"]["code"] == "FORBIDDEN"
    assert orders.calls == []


# --- detail -----------------------------------------------------------------------------------


async def test_detail_passes_orders_order_detail_through(client, db_session, as_admin, orders):
    intent = await make_intent(db_session)
    detail = order_detail(intent)
    orders.details[intent["order_id"]] = detail
    admin = await as_admin()

    r = await client.get(detail_url(intent["order_id"]), headers=admin.headers)

    assert r.status_code == 200, r.text
    assert r.json() == {"data": detail}
    assert orders.calls == [intent["order_id"]]


async def test_detail_of_an_unknown_order_is_404_without_asking_orders(client, as_admin, orders):
    admin = await as_admin()

    r = await client.get(detail_url(uuid7()), headers=admin.headers)

    assert r.status_code == 404
    assert r.json()["error"]["code"] == "NOT_FOUND"
    assert orders.calls == []


async def test_detail_is_404_when_orders_does_not_know_the_order(client, db_session, as_admin, orders):
    intent = await make_intent(db_session)
    admin = await as_admin()

    r = await client.get(detail_url(intent["order_id"]), headers=admin.headers)

    assert r.status_code == 404
    assert orders.calls == [intent["order_id"]]


@pytest.mark.parametrize(
    ("status", "delivered_at", "details"),
    [
        ("settled", None, {"payment_status": "settled", "delivered": False}),
        ("unpaid", T0, {"payment_status": "unpaid", "delivered": True}),
        ("paid", T0, {"payment_status": "paid", "delivered": True}),
        ("failed", T0, {"payment_status": "failed", "delivered": True}),
    ],
)
async def test_detail_is_422_when_not_delivered_or_not_settled(
    client, db_session, as_admin, orders, status, delivered_at, details
):
    intent = await make_intent(db_session, status=status, delivered_at=delivered_at)
    orders.details[intent["order_id"]] = order_detail(intent)
    admin = await as_admin()

    r = await client.get(detail_url(intent["order_id"]), headers=admin.headers)

    assert r.status_code == 422
    assert r.json()["error"]["code"] == "STATE_CONFLICT"
    assert r.json()["error"]["details"] == details
    assert orders.calls == []


async def test_detail_is_503_when_orders_is_down(client, db_session, as_admin, orders):
    intent = await make_intent(db_session)
    orders.down = True
    admin = await as_admin()

    r = await client.get(detail_url(intent["order_id"]), headers=admin.headers)

    assert r.status_code == 503
    assert r.json()["error"]["code"] == "DEPENDENCY_ERROR"
    assert r.json()["error"]["details"] == {"dependency": "orders"}


# --- confirm ----------------------------------------------------------------------------------


async def test_confirm_pays_the_vendor_once(client, db_session, as_admin, emitted_events):
    # given a delivered order whose cash was collected
    intent = await make_intent(db_session, amount_cents=12345)
    admin = await as_admin()

    # when the admin confirms the payout
    r = await client.post(confirm_url(intent["order_id"]), headers=admin.with_idempotency())

    # then the intent is paid, with one vendor_payout row of its amount, one order_paid, one audit row
    assert r.status_code == 200, r.text
    data = r.json()["data"]
    row = await intent_of(db_session, intent["order_id"])
    assert row.status == "paid"
    assert row.vendor_paid_at is not None
    assert data == {
        "order_id": str(intent["order_id"]),
        "payment_status": "paid",
        "vendor_paid_at": row.vendor_paid_at.isoformat().replace("+00:00", "Z"),
    }
    ledger = await ledger_of(db_session, intent["order_id"])
    assert [(e.type, e.amount_cents) for e in ledger] == [("cash_collected", 12345), ("vendor_payout", 12345)]
    payout = ledger[1]
    assert payout.actor_user_id == admin.user_id
    assert payout.vendor_store_id == intent["vendor_store_id"]
    assert payout.buyer_store_id == intent["buyer_store_id"]
    assert payout.metadata == {"payment_intent_id": str(intent["id"])}

    events = await emitted_events("order_paid")
    assert len(events) == 1
    assert events[0].payload == {
        "order_id": str(intent["order_id"]),
        "buyer_store_id": str(intent["buyer_store_id"]),
        "vendor_store_id": str(intent["vendor_store_id"]),
        "payment_intent_id": str(intent["id"]),
        "amount_cents": 12345,
        "vendor_paid_at": events[0].payload["vendor_paid_at"],
        "ledger_event_id": str(payout.id),
        "confirmed_by_user_id": str(admin.user_id),
    }
    assert datetime.fromisoformat(events[0].payload["vendor_paid_at"]) == row.vendor_paid_at
    assert (events[0].aggregate_id, events[0].store_id) == (intent["order_id"], intent["vendor_store_id"])

    audit = await audit_of(db_session, intent["order_id"])
    assert [(a.action, a.target_type, a.actor_user_id, a.actor_role) for a in audit] == [
        ("payout_confirmed", "vendor_order", admin.user_id, "admin")
    ]
    assert audit[0].payload == {
        "payment_intent_id": str(intent["id"]),
        "vendor_store_id": str(intent["vendor_store_id"]),
        "amount_cents": 12345,
        "ledger_event_id": str(payout.id),
        "vendor_paid_at": row.vendor_paid_at.isoformat().replace("+00:00", "Z"),
    }


async def test_a_repeat_answers_the_same_200_and_writes_nothing(client, db_session, as_admin, emitted_events):
    intent = await make_intent(db_session)
    admin, other_admin = await as_admin(), await as_admin()
    first = await client.post(confirm_url(intent["order_id"]), headers=admin.with_idempotency("k1"))
    assert first.status_code == 200, first.text

    # when: the same key (replayed), a new key, another admin, and after orders closed the order
    same_key = await client.post(confirm_url(intent["order_id"]), headers=admin.with_idempotency("k1"))
    new_key = await client.post(confirm_url(intent["order_id"]), headers=admin.with_idempotency("k2"))
    other = await client.post(confirm_url(intent["order_id"]), headers=other_admin.with_idempotency())
    await db_session.execute(
        sa.update(INTENTS).where(INTENTS.c.order_id == intent["order_id"]).values(order_status="closed")
    )
    after_close = await client.post(confirm_url(intent["order_id"]), headers=admin.with_idempotency("k3"))

    # then every answer is the first one, byte for byte, and nothing more was written
    for r in (same_key, new_key, other, after_close):
        assert r.status_code == 200, r.text
        assert r.content == first.content
    assert same_key.headers.get("Idempotent-Replayed") == "true"
    assert new_key.headers.get("Idempotent-Replayed") is None
    assert [e.type for e in await ledger_of(db_session, intent["order_id"])] == [
        "cash_collected",
        "vendor_payout",
    ]
    assert len(await emitted_events("order_paid")) == 1
    assert len(await audit_of(db_session, intent["order_id"])) == 1


@pytest.mark.parametrize(
    ("status", "delivered_at", "details"),
    [
        ("settled", None, {"payment_status": "settled", "delivered": False}),  # not delivered
        ("unpaid", T0, {"payment_status": "unpaid", "delivered": True}),  # cash not collected
        ("pending", T0, {"payment_status": "pending", "delivered": True}),
        ("failed", T0, {"payment_status": "failed", "delivered": True}),
        ("rejected", None, {"payment_status": "rejected", "delivered": False}),
    ],
)
async def test_confirm_is_422_when_not_delivered_or_not_settled_and_writes_nothing(
    client, db_session, as_admin, emitted_events, status, delivered_at, details
):
    intent = await make_intent(db_session, status=status, delivered_at=delivered_at)
    before = await ledger_of(db_session, intent["order_id"])
    admin = await as_admin()

    r = await client.post(confirm_url(intent["order_id"]), headers=admin.with_idempotency())

    assert r.status_code == 422
    assert r.json()["error"]["code"] == "STATE_CONFLICT"
    assert r.json()["error"]["details"] == details
    row = await intent_of(db_session, intent["order_id"])
    assert (row.status, row.vendor_paid_at) == (status, None)
    assert await ledger_of(db_session, intent["order_id"]) == before
    assert await emitted_events("order_paid") == []
    assert await audit_of(db_session, intent["order_id"]) == []


async def test_confirm_of_an_unknown_order_is_404(client, db_session, as_admin, emitted_events):
    admin = await as_admin()
    order_id = uuid7()

    r = await client.post(confirm_url(order_id), headers=admin.with_idempotency())

    assert r.status_code == 404
    assert r.json()["error"]["code"] == "NOT_FOUND"
    assert await ledger_of(db_session, order_id) == []
    assert await emitted_events() == []


@pytest.mark.parametrize("who", ["vendor_owner", "buyer_owner", "agent"])
async def test_confirm_is_admin_only(client, db_session, as_store, as_agent, emitted_events, who):
    intent = await make_intent(db_session)
    if who == "agent":
        actor = await as_agent()
    else:
        store_type = who.split("_")[0]
        actor = await as_store(store_type, "owner", store_id=intent[f"{store_type}_store_id"])

    r = await client.post(confirm_url(intent["order_id"]), headers=actor.with_idempotency())

    assert r.status_code == 403
    assert (await intent_of(db_session, intent["order_id"])).status == "settled"
    assert [e.type for e in await ledger_of(db_session, intent["order_id"])] == ["cash_collected"]
    assert await emitted_events() == []


async def test_confirm_without_an_idempotency_key_is_400(client, db_session, as_admin, emitted_events):
    intent = await make_intent(db_session)
    admin = await as_admin()

    r = await client.post(confirm_url(intent["order_id"]), headers=admin.headers)

    assert r.status_code == 400
    assert r.json()["error"]["code"] == "VALIDATION_ERROR"
    assert r.json()["error"]["details"] == {"Idempotency-Key": "required"}
    assert (await intent_of(db_session, intent["order_id"])).status == "settled"
    assert await emitted_events() == []


async def test_an_existing_payout_row_refuses_a_second_payout(client, db_session, as_admin, emitted_events):
    # given drift: the intent is still settled but the ledger already holds the order's payout
    intent = await make_intent(db_session, amount_cents=500)
    await add_ledger(db_session, intent, "vendor_payout", 500)
    admin = await as_admin()

    # when
    r = await client.post(confirm_url(intent["order_id"]), headers=admin.with_idempotency())

    # then the unique index holds: 422, and the confirmation rolled back whole
    assert r.status_code == 422
    assert r.json()["error"]["details"] == {
        "payment_status": "settled",
        "delivered": True,
        "ledger": "vendor_payout_exists",
    }
    row = await intent_of(db_session, intent["order_id"])
    assert (row.status, row.vendor_paid_at) == ("settled", None)
    assert [e.type for e in await ledger_of(db_session, intent["order_id"])] == [
        "cash_collected",
        "vendor_payout",
    ]
    assert await emitted_events() == []
    assert await audit_of(db_session, intent["order_id"]) == []
