"""Steps the order journeys share (the delivery and the money journey): a buyer checks out one line
of a vendor in cash, the vendor fulfils it, an agent delivers it and records the cash, all through
the gateway. tests/support is on pytest's ``pythonpath`` (pyproject.toml) and holds no conftest.py, so
``from e2e_journeys import ...`` cannot shadow another suite's ``conftest``.

Events cross workers, so every step that waits on one polls for a bounded time.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

PROJECTION_WAIT_S = 90.0  # the store projections (orders, catalog, logistics) catching up after make up
EVENT_WAIT_S = 60.0  # an event relayed by one worker and consumed by another
ADDRESS_FIELDS = ("line1", "line2", "city", "state", "postal_code", "country", "lat", "lng")
AGENTS = ("agent1", "agent2")  # make up's demo agents (pf_identity.seed)


# identity throttles logins to 20 per client IP per minute (NFR §5) and every journey signs in
# from 127.0.0.1: a 429 waits Retry-After (bounded) and tries again.
LOGIN_THROTTLE_WAIT_S = 90.0


def sign_in(gw: httpx.Client, email: str, password: str, *, admin: bool = False) -> dict[str, str]:
    """Log in through the gateway (waiting out the login throttle): Authorization headers."""
    path = "/api/admin/v1/auth/login" if admin else "/api/v1/auth/login"
    deadline = time.monotonic() + LOGIN_THROTTLE_WAIT_S
    while True:
        r = gw.post(path, json={"email": email, "password": password})
        if r.status_code != 429 or time.monotonic() > deadline:
            break
        time.sleep(min(max(float(r.headers.get("retry-after", "1")), 0.5), 10.0))
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.headers['x-pf-token']}"}


def idem(auth: dict[str, str], key: str | None = None) -> dict[str, str]:
    return {**auth, "Idempotency-Key": key or str(uuid.uuid4())}


def me(gw: httpx.Client, auth: dict[str, str]) -> dict[str, Any]:
    r = gw.get("/api/v1/stores/me", headers=auth)
    assert r.status_code == 200, r.text
    return r.json()["data"]


def until(what: str, probe: Any, timeout_s: float = EVENT_WAIT_S) -> Any:
    """``probe()`` until it returns something truthy; fail with ``what`` and its last answer."""
    deadline = time.monotonic() + timeout_s
    while True:
        got, last = probe()
        if got:
            return got
        if time.monotonic() > deadline:
            pytest.fail(f"after {timeout_s:.0f}s: {what}; last answer: {last}")
        time.sleep(0.5)


def orderable(gw: httpx.Client, buyer: dict[str, str], state: str, vendor_id: str) -> dict[str, Any]:
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


def quote(gw: httpx.Client, buyer: dict[str, str], body: dict[str, Any]) -> dict[str, Any]:
    """POST /api/v1/cart, retried while orders' store projection has not caught up with the demo
    data (403 buyer not verified there yet, 404 vendor not visible yet); a key per attempt."""
    deadline = time.monotonic() + PROJECTION_WAIT_S
    while True:
        r = gw.post("/api/v1/cart", json=body, headers=idem(buyer))
        if r.status_code == 200:
            return r.json()["data"]
        if r.status_code not in (403, 404) or time.monotonic() > deadline:
            pytest.fail(f"the quote answered {r.status_code} (after {PROJECTION_WAIT_S:.0f}s): {r.text}")
        time.sleep(0.5)


def order(gw: httpx.Client, auth: dict[str, str], order_id: str) -> dict[str, Any]:
    r = gw.get(f"/api/v1/orders/{order_id}", headers=auth)
    assert r.status_code == 200, r.text
    return r.json()["data"]["order"]


@dataclass(frozen=True)
class Placed:
    order_id: str
    total: int
    buyer_id: str
    vendor_id: str


def checkout_and_fulfil(gw: httpx.Client, buyer: dict[str, str], vendor: dict[str, str]) -> Placed:
    """The buyer checks out one line of the vendor, cash on delivery; the vendor accepts and
    fulfils it: ready for dispatch, the total unchanged."""
    buyer_store = me(gw, buyer)
    vendor_id = me(gw, vendor)["id"]
    product = orderable(gw, buyer, buyer_store["address"]["state"], vendor_id)
    item = {"product_id": product["id"], "vendor_store_id": vendor_id, "quantity": product["moq"]}
    cart = quote(gw, buyer, {"buyer_store_id": buyer_store["id"], "items": [item]})
    where = buyer_store["address"]
    address = {k: where[k] for k in ADDRESS_FIELDS if where.get(k) is not None}
    r = gw.post(
        "/api/v1/checkout",
        json={"cart_id": cart["id"], "shipping_address": address, "payment_method": "cash"},
        headers=idem(buyer),
    )
    assert r.status_code == 201, r.text
    (placed,) = r.json()["data"]["vendor_orders"]
    order_id, total = placed["order_id"], placed["total_cents"]
    assert total > 0 and placed["status"] == "created_pending", placed

    decide = f"/api/v1/vendor/orders/{order_id}"
    r = gw.post(f"{decide}/decision", json={"decision": "accept"}, headers=idem(vendor))
    assert r.status_code == 200 and r.json()["data"]["status"] == "accepted", r.text
    (line,) = placed["items"]
    r = gw.post(
        f"{decide}/line-items/decision",
        json={"line_item_id": line["line_item_id"], "decision": "fulfill"},
        headers=idem(vendor),
    )
    assert r.status_code == 200, r.text
    done = r.json()["data"]
    assert (done["status"], done["total_cents"]) == ("ready_for_dispatch", total), done
    return Placed(order_id, total, buyer_store["id"], vendor_id)


def assigned_agent(gw: httpx.Client, demo_login: Any, order_id: str) -> tuple[str, dict[str, str]]:
    """The demo agent logistics auto-assigned the order to (``(handle, auth)``): each demo agent
    reads its own assignments until one lists the order (logistics' order_ready_for_dispatch
    consumer picks a random active agent; its agents come from identity's agent_upserted)."""
    agents = {handle: demo_login(handle) for handle in AGENTS}

    def mine() -> tuple[tuple[str, dict[str, str]] | None, Any]:
        seen = {}
        for handle, auth in agents.items():
            r = gw.get("/api/v1/agent/orders", params={"limit": 100}, headers=auth)
            assert r.status_code == 200, r.text
            ids = [o["order_id"] for o in r.json()["data"]["orders"]]
            if order_id in ids:
                return (handle, auth), None
            seen[handle] = len(ids)
        return None, seen

    return until("no demo agent was ever assigned the order", mine, PROJECTION_WAIT_S)


def step(gw: httpx.Client, path: str, headers: dict[str, str], **kwargs: Any) -> httpx.Response:
    """An agent's step, retried while logistics answers 403 on a party's licence (its store
    projection catching up with make up's verified licences) or 409 Retry-After (finance behind
    orders): the same Idempotency-Key each time."""
    deadline = time.monotonic() + PROJECTION_WAIT_S
    while True:
        r = gw.post(path, headers=headers, **kwargs)
        waiting = (r.status_code == 403 and "party" in r.json().get("error", {}).get("details", {})) or (
            r.status_code == 409 and "retry-after" in r.headers
        )
        if not waiting or time.monotonic() > deadline:
            return r
        time.sleep(0.5)


def deliver_and_collect(gw: httpx.Client, agent: dict[str, str], placed: Placed) -> dict[str, Any]:
    """The agent picks the order up, delivers it and records the cash (the order's total); each
    step answers the same on a repeat (same key: replayed bytes; a new key: the same body).
    Returns cash-collected's ``data``."""
    base = f"/api/v1/agent/orders/{placed.order_id}"

    def once(path: str, expected: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        headers = idem(agent)
        first = step(gw, f"{base}/{path}", headers, **kwargs)
        assert first.status_code == 200, (path, first.text)
        data = first.json()["data"]
        assert {k: data[k] for k in expected} == expected, data
        again = gw.post(f"{base}/{path}", headers=headers, **kwargs)
        assert (again.status_code, again.content) == (200, first.content), again.text
        assert again.headers.get("idempotent-replayed") == "true"
        other = gw.post(f"{base}/{path}", headers=idem(agent), **kwargs)
        assert (other.status_code, other.json()["data"]) == (200, data), other.text
        return data

    once("pickup", {"order_id": placed.order_id, "status": "in_transit"})
    delivered = once("deliver", {"order_id": placed.order_id, "status": "delivered"})
    assert delivered["delivered_at"], delivered
    cash = once(
        "cash-collected",
        {"order_id": placed.order_id, "payment_status": "settled", "amount_cents": placed.total},
        json={"amount_cents": placed.total},
    )
    assert cash["cash_collected_at"], cash
    return cash


def payout_row(gw: httpx.Client, admin: dict[str, str], order_id: str) -> dict[str, Any]:
    """The order's row in the admin's payout list, once finance has it settled and delivered."""

    def listed() -> tuple[dict[str, Any] | None, Any]:
        r = gw.get("/api/admin/v1/orders/payouts", params={"limit": 100}, headers=admin)
        assert r.status_code == 200, r.text
        rows = {o["order_id"]: o for o in r.json()["data"]["orders"]}
        return rows.get(order_id), sorted(rows)

    return until("the settled, delivered order never showed in the payout list", listed)
