"""Cash settles through finance's real API (pf_common.testing.stack): uvicorn, a connection per
request, real commits, logistics' service tokens.

* 50 settles of one order at once, each under its own ``Idempotency-Key`` (an agent's app
  retrying with fresh keys): one ``unpaid → settled``, one ``cash_collected`` ledger row, one
  ``cash_collected`` event; every caller gets the settled intent (200: it raced the winner) or
  422 (it read the settled intent), never a 5xx.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections import Counter

import sqlalchemy as sa

from pf_common.ids import uuid7
from pf_common.platform_tables import platform_tables_for
from pf_common.testing.auth_matrix import service_signer
from pf_finance.models import LedgerEvent, PaymentIntent

INTENTS: sa.Table = PaymentIntent.__table__  # type: ignore[assignment]
LEDGER: sa.Table = LedgerEvent.__table__  # type: ignore[assignment]
OUTBOX = platform_tables_for("finance").outbox
TOTAL_CENTS = 4200


async def test_fifty_concurrent_settles_with_different_keys_collect_the_cash_once(services_stack):
    # given an unpaid $42.00 cash intent of a delivered order, committed
    stack = await services_stack("finance")
    finance = stack["finance"]
    order_id, intent_id = uuid7(), uuid7()
    async with finance.db.transaction() as s:
        await s.execute(
            sa.insert(INTENTS).values(
                id=intent_id,
                order_id=order_id,
                buyer_store_id=uuid7(),
                vendor_store_id=uuid7(),
                method="cash",
                status="unpaid",
                amount_cents=TOTAL_CENTS,
                order_seen=True,
                order_status="delivered",
            )
        )
    token = service_signer(finance.settings, "logistics").token_for("finance")
    client = finance.client(Authorization=f"Bearer {token}")
    body = {
        "amount_cents": TOTAL_CENTS,
        "agent_user_id": str(uuid7()),
        "collected_at": "2026-03-02T15:30:00Z",
    }

    # when 50 settles with 50 keys arrive at once
    responses = await asyncio.gather(
        *(
            client.post(
                f"/internal/v1/payment-intents/{order_id}:settle",
                json=body,
                headers={"Idempotency-Key": str(uuid.uuid4())},
            )
            for _ in range(50)
        )
    )

    # then the cash is collected once
    statuses = Counter(r.status_code for r in responses)
    assert set(statuses) <= {200, 422}, statuses
    assert statuses[200] >= 1
    (settled,) = {r.content for r in responses if r.status_code == 200}  # the winner and the race's losers
    assert json.loads(settled)["data"]["status"] == "settled"
    assert all(
        r.json()["error"]["details"] == {"payment_status": "settled"}
        for r in responses
        if r.status_code == 422
    )
    async with finance.db.read() as s:
        ledger = (
            await s.execute(
                sa.select(LEDGER.c.type, LEDGER.c.amount_cents).where(LEDGER.c.order_id == order_id)
            )
        ).all()
        events = (
            await s.execute(
                sa.select(sa.func.count())
                .select_from(OUTBOX)
                .where(OUTBOX.c.event_type == "cash_collected", OUTBOX.c.aggregate_id == order_id)
            )
        ).scalar_one()
        status = (await s.execute(sa.select(INTENTS.c.status).where(INTENTS.c.id == intent_id))).scalar_one()
    assert [tuple(r) for r in ledger] == [("cash_collected", TOTAL_CENTS)]
    assert events == 1
    assert status == "settled"
