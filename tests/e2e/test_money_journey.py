"""#16: an order's money, end to end on `make up`: cash collected, the vendor paid out, the books clean.

The demo buyer (Bricktown Dispensary's owner) checks out one line of vendor1 (Red Earth Growers),
paid in cash; vendor1 accepts and fulfils it (ready_for_dispatch). The order is delivered, the
agent's cash is settled through finance's internal endpoint with logistics' service token and the
exact total (200 settled; the same key replays the same bytes), and the demo admin confirms the
vendor's payout through the gateway (200 paid; a repeat answers the same 200). The buyer then
reads the order ``closed`` and ``paid`` (orders consumes finance's ``cash_collected`` and
``order_paid``), and the admin's reconciliation is clean: no drifting order, and vendor1's held
cash is what was collected minus what was paid out (this order moved both by its total).

**Stand-in for logistics (until the logistics issue lands; its journey will replace this).**
logistics is still a platform shell (an outbox and a relay, no domain), so this journey plays its
part from logistics' side: it writes logistics' ``order_delivered`` (``OrderDeliveredV1`` with
the buyer's and vendor's store ids, a made-up assignment and agent) into logistics' own outbox in
make up's Postgres with ``pf_common.outbox.emit`` in a ``pf_common.db.Database`` of the logistics
schema, and signs logistics' service token with make up's key folder for the settle call (on
finance's own port: the gateway never routes ``/internal/*``). The logistics worker's relay
publishes the event; orders (order delivered), finance (the intent's ``delivered_at``: payout
eligibility), catalog (stock consumed) and identity (the buyer's notice) consume it, as they will
logistics' real event. Hence ONLY_EMBEDDED (tests/e2e/conftest.py): it needs make up's Postgres,
key folder, ports and demo accounts.

Events cross workers, so every step that waits on one polls for a bounded time.
"""

from __future__ import annotations

import asyncio
import re
import time
import uuid
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from pf_common.db import Database, make_engine
from pf_common.events.logistics import OrderDeliveredV1
from pf_common.ids import uuid7
from pf_common.outbox import emit
from pf_common.relay import wake_channel
from pf_common.service_auth import ServiceTokenSigner, ensure_service_keys

pytestmark = [pytest.mark.slow]

PROJECTION_WAIT_S = 90.0  # orders' and catalog's store projections catching up after make up
EVENT_WAIT_S = 60.0  # an event relayed by one worker and consumed by another
ADDRESS_FIELDS = ("line1", "line2", "city", "state", "postal_code", "country", "lat", "lng")
DATABASE = "packfinderz"  # make up's database (deploy/local/stack.py)
# the line of make up's ready table that says where its embedded Postgres listens
POSTGRES_LINE = re.compile(r"^\s*postgres 127\.0\.0\.1:(\d+)\s")


# --------------------------------------------------------------------------- helpers


def _idem(auth: dict[str, str], key: str | None = None) -> dict[str, str]:
    return {**auth, "Idempotency-Key": key or str(uuid.uuid4())}


def _me(gw: httpx.Client, auth: dict[str, str]) -> dict[str, Any]:
    r = gw.get("/api/v1/stores/me", headers=auth)
    assert r.status_code == 200, r.text
    return r.json()["data"]


def _orderable(gw: httpx.Client, buyer: dict[str, str], state: str, vendor_id: str) -> dict[str, Any]:
    """One of ``vendor_id``'s products the buyer sees in ``state`` with stock for two MOQs (one
    for this journey, one left for the others), retried while catalog's store projection learns
    the demo vendors' visibility."""
    deadline = time.monotonic() + PROJECTION_WAIT_S
    while True:
        r = gw.get("/api/v1/products", params={"state": state, "limit": 100}, headers=buyer)
        assert r.status_code == 200, r.text
        for product in r.json()["data"]["products"]:
            if product["vendor_store_id"] != vendor_id:
                continue
            detail = gw.get(f"/api/v1/products/{product['id']}", headers=buyer)
            assert detail.status_code == 200, detail.text
            if detail.json()["data"]["inventory"]["available_qty"] >= 2 * product["moq"]:
                return product
        if time.monotonic() > deadline:
            pytest.fail(f"after {PROJECTION_WAIT_S:.0f}s the buyer sees no product of {vendor_id} in stock")
        time.sleep(1)


def _quote(gw: httpx.Client, buyer: dict[str, str], body: dict[str, Any]) -> dict[str, Any]:
    """POST /api/v1/cart, retried while orders' store projection has not caught up with the demo
    data (403 buyer not verified there yet, 404 vendor not visible yet); a key per attempt."""
    deadline = time.monotonic() + PROJECTION_WAIT_S
    while True:
        r = gw.post("/api/v1/cart", json=body, headers=_idem(buyer))
        if r.status_code == 200:
            return r.json()["data"]
        if r.status_code not in (403, 404) or time.monotonic() > deadline:
            pytest.fail(f"the quote answered {r.status_code} (after {PROJECTION_WAIT_S:.0f}s): {r.text}")
        time.sleep(0.5)


def _order(gw: httpx.Client, auth: dict[str, str], order_id: str) -> dict[str, Any]:
    r = gw.get(f"/api/v1/orders/{order_id}", headers=auth)
    assert r.status_code == 200, r.text
    return r.json()["data"]["order"]


def _until(what: str, probe: Any, timeout_s: float = EVENT_WAIT_S) -> Any:
    """``probe()`` until it returns something truthy; fail with ``what`` and its last answer."""
    deadline = time.monotonic() + timeout_s
    while True:
        got, last = probe()
        if got:
            return got
        if time.monotonic() > deadline:
            pytest.fail(f"after {timeout_s:.0f}s: {what}; last answer: {last}")
        time.sleep(0.5)


def _service_token(stack: dict[str, Any], caller: str, audience: str) -> dict[str, str]:
    """A service token of ``caller`` for ``audience``, signed with the key make up made."""
    root = stack["data_dir"] / "keys" / "services"
    ring = ensure_service_keys(caller, root / caller, root / "jwks")
    return {"Authorization": f"Bearer {ServiceTokenSigner(caller, ring).token_for(audience)}"}


def _database_url(stack: dict[str, Any]) -> str:
    """make up's database, from the table it prints when ready (``postgres 127.0.0.1:<port>``)."""
    ports = [m.group(1) for line in stack["lines"] if (m := POSTGRES_LINE.match(line))]
    assert ports, "make up's ready table names no embedded Postgres"
    return f"postgresql+psycopg://postgres@127.0.0.1:{ports[-1]}/{DATABASE}"


async def _emit_as_logistics(stack: dict[str, Any], event: OrderDeliveredV1, store_id: uuid.UUID) -> None:
    """Stage ``event`` in logistics' outbox as logistics would (one transaction), then wake its
    relay (a hint: the relay polls anyway)."""
    engine = make_engine(
        _database_url(stack), pool_size=1, max_overflow=0, application_name="pf-e2e-logistics-stand-in"
    )
    try:
        async with Database(service="logistics", engine=engine).transaction() as session:
            await emit(session, event, store_id=store_id, occurred_at=event.delivered_at)
    finally:
        await engine.dispose()
    from redis.asyncio import Redis

    redis = Redis(host="127.0.0.1", port=stack["redis_port"])
    try:
        await redis.publish(wake_channel("logistics"), b"1")
    finally:
        await redis.aclose()


MONEY = ("cash_collected", "adjustments", "collected", "paid_out", "refunded", "held")


def _vendor_money(report: dict[str, Any], vendor_id: str) -> dict[str, int]:
    """A vendor's figures of the reconciliation (``*_cents`` without the suffix; 0 when absent)."""
    for v in report["vendors"]:
        if v["vendor_store_id"] == vendor_id:
            return {k: v[f"{k}_cents"] for k in MONEY}
    return dict.fromkeys(MONEY, 0)


def _reconciliation(gw: httpx.Client, admin: dict[str, str]) -> dict[str, Any]:
    r = gw.get("/api/admin/v1/billing/reconciliation", headers=admin)
    assert r.status_code == 200, r.text
    return r.json()["data"]


# --------------------------------------------------------------------------- the journey


def test_a_delivered_order_is_settled_in_cash_paid_out_and_the_books_are_clean(stack, gw, demo_login):
    buyer, vendor, admin = demo_login("buyer1-owner"), demo_login("vendor1-owner"), demo_login("admin")
    me = _me(gw, buyer)
    vendor_id = _me(gw, vendor)["id"]
    before = _vendor_money(_reconciliation(gw, admin), vendor_id)

    # the buyer checks out one line of vendor1, cash on delivery
    product = _orderable(gw, buyer, me["address"]["state"], vendor_id)
    item = {"product_id": product["id"], "vendor_store_id": vendor_id, "quantity": product["moq"]}
    cart = _quote(gw, buyer, {"buyer_store_id": me["id"], "items": [item]})
    address = {k: me["address"][k] for k in ADDRESS_FIELDS if me["address"].get(k) is not None}
    r = gw.post(
        "/api/v1/checkout",
        json={"cart_id": cart["id"], "shipping_address": address, "payment_method": "cash"},
        headers=_idem(buyer),
    )
    assert r.status_code == 201, r.text
    (placed,) = r.json()["data"]["vendor_orders"]
    order_id, total = placed["order_id"], placed["total_cents"]
    assert total > 0 and placed["status"] == "created_pending", placed

    # vendor1 accepts and fulfils its line: ready for dispatch, the total unchanged
    decide = f"/api/v1/vendor/orders/{order_id}"
    r = gw.post(f"{decide}/decision", json={"decision": "accept"}, headers=_idem(vendor))
    assert r.status_code == 200 and r.json()["data"]["status"] == "accepted", r.text
    (line,) = placed["items"]
    r = gw.post(
        f"{decide}/line-items/decision",
        json={"line_item_id": line["line_item_id"], "decision": "fulfill"},
        headers=_idem(vendor),
    )
    assert r.status_code == 200, r.text
    done = r.json()["data"]
    assert (done["status"], done["total_cents"]) == ("ready_for_dispatch", total), done

    # logistics' stand-in: the agent delivered the order (logistics' outbox → its relay → consumers)
    agent_id = uuid7()
    delivered = OrderDeliveredV1(
        order_id=uuid.UUID(order_id),
        assignment_id=uuid7(),
        agent_user_id=agent_id,
        delivered_at=datetime.now(UTC),
        buyer_store_id=uuid.UUID(me["id"]),
        vendor_store_id=uuid.UUID(vendor_id),
    )
    asyncio.run(_emit_as_logistics(stack, delivered, store_id=uuid.UUID(me["id"])))

    def orders_delivered() -> tuple[bool, Any]:
        order = _order(gw, buyer, order_id)
        return order["status"] == "delivered" and order["delivered_at"] is not None, order

    _until("orders never delivered the order (order_delivered from logistics' relay)", orders_delivered)

    def finance_delivered() -> tuple[bool, Any]:
        # not payable yet (cash not collected): 422 says whether finance knows it was delivered
        r = gw.get(f"/api/admin/v1/orders/payouts/{order_id}", headers=admin)
        details = r.json().get("error", {}).get("details", {}) if r.status_code == 422 else {}
        return details == {"payment_status": "unpaid", "delivered": True}, (r.status_code, r.text)

    _until("finance never learnt the delivery (the intent's delivered_at)", finance_delivered)

    # logistics settles the agent's cash: the exact total, logistics' service token, finance's port
    finance = f"http://127.0.0.1:{stack['services']['finance']}"
    settle_path = f"/internal/v1/payment-intents/{order_id}:settle"
    settle_url = finance + settle_path
    collected_at = datetime.now(UTC).isoformat()
    settle = {"amount_cents": total, "agent_user_id": str(agent_id), "collected_at": collected_at}
    settle_headers = _idem(_service_token(stack, "logistics", "finance"))

    def settled() -> tuple[httpx.Response | None, Any]:
        r = httpx.post(settle_url, json=settle, headers=settle_headers, timeout=10)
        if r.status_code == 409 and "retry-after" in r.headers:  # finance behind orders' totals: same key
            return None, (r.status_code, r.text)
        return r, None

    first = _until("the settle kept answering 409 Retry-After", settled)
    assert first.status_code == 200, first.text
    intent = first.json()["data"]
    assert (intent["status"], intent["method"], intent["amount_cents"]) == ("settled", "cash", total), intent
    assert intent["cash_collected_at"] is not None and intent["vendor_paid_at"] is None
    again = httpx.post(settle_url, json=settle, headers=settle_headers, timeout=10)
    assert (again.status_code, again.content) == (200, first.content)
    assert again.headers.get("idempotent-replayed") == "true"
    # the gateway never routes the internal endpoint
    assert gw.post(settle_path, json=settle, headers=settle_headers).status_code == 404

    # settled and delivered: the order waits in the admin's payout list
    def listed() -> tuple[dict[str, Any] | None, Any]:
        r = gw.get("/api/admin/v1/orders/payouts", params={"limit": 100}, headers=admin)
        assert r.status_code == 200, r.text
        rows = {o["order_id"]: o for o in r.json()["data"]["orders"]}
        return rows.get(order_id), sorted(rows)

    payout = _until("the settled, delivered order never showed in the payout list", listed)
    assert (payout["vendor_store_id"], payout["amount_cents"]) == (vendor_id, total), payout
    r = gw.get(f"/api/admin/v1/orders/payouts/{order_id}", headers=admin)
    assert r.status_code == 200, r.text

    # the admin confirms the payout through the gateway; a repeat is the same 200
    confirm_url = f"/api/admin/v1/orders/{order_id}/confirm-payout"
    confirm_headers = _idem(admin)
    paid = gw.post(confirm_url, headers=confirm_headers)
    assert paid.status_code == 200, paid.text
    body = paid.json()["data"]
    assert (body["order_id"], body["payment_status"]) == (order_id, "paid") and body["vendor_paid_at"], body
    repeat = gw.post(confirm_url, headers=confirm_headers)
    assert (repeat.status_code, repeat.content) == (200, paid.content)
    another_key = gw.post(confirm_url, headers=_idem(admin))
    assert (another_key.status_code, another_key.json()["data"]) == (200, body)
    r = gw.get("/api/admin/v1/orders/payouts", params={"limit": 100}, headers=admin)
    assert order_id not in {o["order_id"] for o in r.json()["data"]["orders"]}

    # the buyer's order ends closed and paid (orders consumes cash_collected and order_paid)
    def closed() -> tuple[bool, Any]:
        order = _order(gw, buyer, order_id)
        return (order["status"], order["payment_status"]) == ("closed", "paid"), order

    _until("the buyer never saw the order closed and paid", closed)
    order = _order(gw, buyer, order_id)
    assert order["balance_due_cents"] == 0 and order["total_cents"] == total, order

    # the books: no drift, and vendor1's held cash is collected minus paid out, moved by this order
    report = _reconciliation(gw, admin)
    assert report["clean"] is True and report["drift"]["count"] == 0, report["drift"]
    after = _vendor_money(report, vendor_id)
    assert after["refunded"] == 0 and after["held"] == after["collected"] - after["paid_out"], after
    moved = {k: after[k] - before[k] for k in MONEY}
    assert moved == {
        "cash_collected": total,
        "adjustments": 0,
        "collected": total,
        "paid_out": total,
        "refunded": 0,
        "held": 0,
    }, moved
    totals = {k: report["totals"][f"{k}_cents"] for k in MONEY}
    assert totals["held"] == totals["collected"] - totals["paid_out"] - totals["refunded"], totals
