"""Concurrent payout confirmations through finance's real app (pf_common.testing.stack): real HTTP,
a connection per request, committed rows.

50 admins' confirmations of one order at once, each under its own Idempotency-Key (so only the
database can tell them apart): one ``settled → paid``, one ``vendor_payout`` ledger row, one
``order_paid`` in the outbox, one audit row, and every caller gets the winner's 200, byte for
byte. The guarded ``UPDATE … WHERE status = 'settled' … RETURNING`` decides; the unique ledger
index ``(order_id, type)`` is the backstop.
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime

import sqlalchemy as sa

from pf_common.ids import uuid7
from pf_common.sessions import SessionRegistry
from pf_common.testing.tokens import TestTokenSigner

CALLERS = 50


async def _admin_headers(finance) -> dict[str, str]:
    """An admin's access token the stack trusts, its session live in the stack's Redis."""
    signer = TestTokenSigner.for_settings(finance.settings)
    sid = str(uuid7())
    token = signer.mint(user_id=uuid7(), session_id=sid, role="admin", system_role="admin")
    await SessionRegistry(finance.worker_runtime.redis).activate(sid, 3600)
    return {"Authorization": f"Bearer {token}"}


async def _settled_delivered_order(finance, *, amount_cents: int) -> dict:
    """What finance holds once the order was delivered and its cash collected (committed)."""
    intent = {
        "id": uuid7(),
        "order_id": uuid7(),
        "buyer_store_id": uuid7(),
        "vendor_store_id": uuid7(),
        "amount_cents": amount_cents,
    }
    now = datetime.now(UTC)
    async with finance.db.transaction() as s:
        await s.execute(
            sa.text(
                "INSERT INTO finance.payment_intents (id, order_id, buyer_store_id, vendor_store_id, method,"
                " status, amount_cents, order_status, delivered_at, cash_collected_at, order_seen)"
                " VALUES (:id, :order_id, :buyer_store_id, :vendor_store_id, 'cash', 'settled',"
                " :amount_cents, 'delivered', :now, :now, true)"
            ),
            {**intent, "now": now},
        )
        await s.execute(
            sa.text(
                "INSERT INTO finance.ledger_events (id, order_id, buyer_store_id, vendor_store_id,"
                " actor_user_id, type, amount_cents) VALUES (:id, :order_id, :buyer_store_id,"
                " :vendor_store_id, :actor, 'cash_collected', :amount_cents)"
            ),
            {**intent, "id": uuid7(), "actor": uuid7()},
        )
    return intent


async def _count(finance, sql: str, **params) -> int:
    async with finance.db.read() as s:
        return int((await s.execute(sa.text(sql), params)).scalar_one())


async def test_fifty_concurrent_confirmations_pay_the_vendor_once(services_stack):
    stack = await services_stack("finance")
    finance = stack["finance"]
    intent = await _settled_delivered_order(finance, amount_cents=98_765)
    admins = [await _admin_headers(finance) for _ in range(5)]
    client = finance.client()
    url = f"/api/admin/v1/orders/{intent['order_id']}/confirm-payout"

    # when 50 confirmations (five admins, each its own key) arrive at once
    responses = await asyncio.gather(
        *(
            client.post(url, headers={**admins[n % 5], "Idempotency-Key": str(uuid.uuid4())})
            for n in range(CALLERS)
        )
    )

    # then every caller gets the same 200
    assert [r.status_code for r in responses] == [200] * CALLERS, [
        r.text for r in responses if r.status_code != 200
    ]
    assert len({r.content for r in responses}) == 1
    data = responses[0].json()["data"]
    assert (data["order_id"], data["payment_status"]) == (str(intent["order_id"]), "paid")

    # and the vendor was paid once: one payout row of the intent's amount, one event, one audit row
    order = {"order_id": intent["order_id"]}
    assert (
        await _count(
            finance,
            "SELECT count(*) FROM finance.ledger_events WHERE order_id = :order_id AND type = 'vendor_payout'"
            " AND amount_cents = 98765",
            **order,
        )
        == 1
    )
    assert (
        await _count(
            finance,
            "SELECT count(*) FROM finance.outbox_events WHERE event_type = 'order_paid'"
            " AND aggregate_id = :order_id",
            **order,
        )
        == 1
    )
    assert (
        await _count(
            finance,
            "SELECT count(*) FROM finance.audit_logs WHERE target_id = :order_id"
            " AND action = 'payout_confirmed'",
            **order,
        )
        == 1
    )
    async with finance.db.read() as s:
        status, paid_at = (
            await s.execute(
                sa.text(
                    "SELECT status, vendor_paid_at FROM finance.payment_intents WHERE order_id = :order_id"
                ),
                order,
            )
        ).one()
    assert status == "paid"
    assert datetime.fromisoformat(data["vendor_paid_at"]) == paid_at

    # and a confirmation after all that is still the same 200
    again = await client.post(url, headers={**admins[0], "Idempotency-Key": str(uuid.uuid4())})
    assert (again.status_code, again.content) == (200, responses[0].content)
