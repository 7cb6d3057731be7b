"""#15: an order across two vendors, through the gateway, on `make up`'s demo data.

The demo buyer (Bricktown Dispensary's owner: OPERATE, KYC verified by the demo licences) quotes
a cart of two lines from vendor1 (Red Earth Growers) and two from vendor2 (Prairie Wind Farms),
both visible in Oklahoma, and checks out: one vendor order each. vendor1 accepts and fulfils
every line (ready_for_dispatch); vendor2 rejects one line and fulfils the other (ready for
dispatch, partly fulfilled); the buyer then reads each order with the recomputed totals and lists
both.

orders learns who may buy and who is visible from its store projection (identity's store and
KYC events, finance's subscription events, consumed by its worker), so right after `make up` the
quote may still answer 403 (buyer not yet verified there) or 404 (vendor not yet visible): the
journey retries it for a bounded time.
"""

from __future__ import annotations

import time
import uuid
from typing import Any

import httpx
import pytest

pytestmark = [pytest.mark.slow]

PROJECTION_WAIT_S = 90.0  # orders' worker consuming identity's and finance's events after make up
ADDRESS_FIELDS = ("line1", "line2", "city", "state", "postal_code", "country", "lat", "lng")


def _idem(auth: dict[str, str]) -> dict[str, str]:
    return {**auth, "Idempotency-Key": str(uuid.uuid4())}


def _me(gw: httpx.Client, auth: dict[str, str]) -> dict[str, Any]:
    r = gw.get("/api/v1/stores/me", headers=auth)
    assert r.status_code == 200, r.text
    return r.json()["data"]


def _orderable(gw: httpx.Client, buyer: dict[str, str], state: str, vendor_id: str, n: int) -> list[dict]:
    """``n`` of ``vendor_id``'s products the buyer sees in ``state`` with stock for one MOQ
    (retried: catalog's store projection, too, learns the demo vendors' visibility from events)."""
    deadline = time.monotonic() + PROJECTION_WAIT_S
    while True:
        r = gw.get("/api/v1/products", params={"state": state, "limit": 100}, headers=buyer)
        assert r.status_code == 200, r.text
        page = r.json()["data"]
        picked, seen = [], {}
        for product in page["products"]:
            if product["vendor_store_id"] != vendor_id:
                continue
            detail = gw.get(f"/api/v1/products/{product['id']}", headers=buyer)
            assert detail.status_code == 200, detail.text
            seen[product["sku"]] = (detail.json()["data"]["inventory"]["available_qty"], product["moq"])
            if seen[product["sku"]][0] >= product["moq"]:
                picked.append(product)
            if len(picked) == n:
                return picked
        if time.monotonic() > deadline:
            facets = {f["vendor_store_id"]: f["count"] for f in page["facets"]["vendor"]}
            pytest.fail(
                f"after {PROJECTION_WAIT_S:.0f}s the buyer sees fewer than {n} products in stock of vendor "
                f"{vendor_id} in {state}: vendors {facets}, its (available, moq) {seen}"
            )
        time.sleep(1)


def _quote(gw: httpx.Client, buyer: dict[str, str], body: dict[str, Any]) -> dict[str, Any]:
    """POST /api/v1/cart, retried while orders' store projection has not caught up with the
    demo data (403: the buyer's licence not verified there yet; 404: a vendor not visible yet).
    Each attempt has a key of its own (a 4xx is replayed for its key)."""
    deadline = time.monotonic() + PROJECTION_WAIT_S
    while True:
        r = gw.post("/api/v1/cart", json=body, headers=_idem(buyer))
        if r.status_code == 200:
            return r.json()["data"]
        if r.status_code not in (403, 404) or time.monotonic() > deadline:
            pytest.fail(
                f"the quote answered {r.status_code} (after {PROJECTION_WAIT_S:.0f}s for 403/404): does "
                f"orders' store projection see the demo buyer KYC verified and vendors 1 and 2 verified, "
                f"subscribed and in OK? (its worker consumes identity's and finance's events) {r.text}"
            )
        time.sleep(0.5)


def _line_decision(
    gw: httpx.Client, vendor: dict[str, str], order_id: str, line_id: str, decision: str, **extra: str
) -> dict[str, Any]:
    r = gw.post(
        f"/api/v1/vendor/orders/{order_id}/line-items/decision",
        json={"line_item_id": line_id, "decision": decision, **extra},
        headers=_idem(vendor),
    )
    assert r.status_code == 200, r.text
    return r.json()["data"]


def _order(gw: httpx.Client, auth: dict[str, str], order_id: str) -> dict[str, Any]:
    r = gw.get(f"/api/v1/orders/{order_id}", headers=auth)
    assert r.status_code == 200, r.text
    return r.json()["data"]


def test_a_buyer_orders_from_two_vendors_one_fulfils_the_other_rejects_a_line(gw, demo_login):
    buyer = demo_login("buyer1-owner")
    vendor_a, vendor_b = demo_login("vendor1-owner"), demo_login("vendor2-owner")
    me = _me(gw, buyer)
    a_id, b_id = _me(gw, vendor_a)["id"], _me(gw, vendor_b)["id"]
    state = me["address"]["state"]

    # browse: two products in stock from each vendor, each at its MOQ
    lines = {a_id: _orderable(gw, buyer, state, a_id, 2), b_id: _orderable(gw, buyer, state, b_id, 2)}
    items = [
        {"product_id": p["id"], "vendor_store_id": v, "quantity": p["moq"]}
        for v, ps in lines.items()
        for p in ps
    ]

    # quote (once orders' projection has caught up) and check out
    cart = _quote(gw, buyer, {"buyer_store_id": me["id"], "items": items})
    assert cart["status"] == "active" and len(cart["items"]) == 4, cart
    assert {g["vendor_store_id"] for g in cart["vendor_groups"]} == {a_id, b_id}
    assert cart["total_cents"] == sum(g["total_cents"] for g in cart["vendor_groups"]) > 0
    address = {k: me["address"][k] for k in ADDRESS_FIELDS if me["address"].get(k) is not None}
    r = gw.post(
        "/api/v1/checkout",
        json={"cart_id": cart["id"], "shipping_address": address, "payment_method": "cash"},
        headers=_idem(buyer),
    )
    assert r.status_code == 201, r.text
    result = r.json()["data"]
    assert result["rejected_vendors"] == [], result["rejected_vendors"]
    placed = {o["vendor_store_id"]: o for o in result["vendor_orders"]}
    assert set(placed) == {a_id, b_id}, result
    assert all(o["status"] == "created_pending" and len(o["items"]) == 2 for o in placed.values()), result
    order_a, order_b = placed[a_id], placed[b_id]
    quoted = {g["vendor_store_id"]: g["total_cents"] for g in cart["vendor_groups"]}
    assert {v: o["total_cents"] for v, o in placed.items()} == quoted

    # vendor A accepts, then fulfils every line: ready for dispatch, nothing taken off
    r = gw.post(
        f"/api/v1/vendor/orders/{order_a['order_id']}/decision",
        json={"decision": "accept"},
        headers=_idem(vendor_a),
    )
    assert r.status_code == 200 and r.json()["data"]["status"] == "accepted", r.text
    for item in order_a["items"]:
        done = _line_decision(gw, vendor_a, order_a["order_id"], item["line_item_id"], "fulfill")
    assert (done["status"], done["fulfillment_status"], done["total_cents"]) == (
        "ready_for_dispatch",
        "fulfilled",
        order_a["total_cents"],
    )

    # vendor B rejects its first line (implicit acceptance) and fulfils the second
    rejected, kept = order_b["items"]
    after_reject = _line_decision(
        gw, vendor_b, order_b["order_id"], rejected["line_item_id"], "reject", notes="out of stock"
    )
    assert after_reject["status"] == "accepted" and after_reject["line_item"]["status"] == "rejected"
    done = _line_decision(gw, vendor_b, order_b["order_id"], kept["line_item_id"], "fulfill")
    assert (done["status"], done["fulfillment_status"]) == ("ready_for_dispatch", "partial"), done

    # the buyer sees the recomputed totals
    detail_b = _order(gw, buyer, order_b["order_id"])
    ob = detail_b["order"]
    statuses = {li["id"]: li["status"] for li in detail_b["line_items"]}
    assert statuses == {rejected["line_item_id"]: "rejected", kept["line_item_id"]: "fulfilled"}
    remaining = sum(li["total_cents"] for li in detail_b["line_items"] if li["status"] != "rejected")
    assert remaining == kept["total_cents"] < order_b["total_cents"]
    assert ob["total_cents"] == remaining + ob["tax_cents"] + ob["transport_fee_cents"], ob
    assert ob["balance_due_cents"] == ob["total_cents"], ob  # cash, nothing paid yet
    assert (ob["status"], ob["fulfillment_status"]) == ("ready_for_dispatch", "partial")
    assert done["total_cents"] == ob["total_cents"]

    detail_a = _order(gw, buyer, order_a["order_id"])
    oa = detail_a["order"]
    assert (oa["status"], oa["fulfillment_status"]) == ("ready_for_dispatch", "fulfilled")
    assert oa["total_cents"] == oa["balance_due_cents"] == order_a["total_cents"]
    assert {li["status"] for li in detail_a["line_items"]} == {"fulfilled"}
    assert detail_a["vendor_store"]["id"] == a_id and detail_a["buyer_store"]["id"] == me["id"]

    # the buyer's list has both, with the same totals; each vendor sees its own
    r = gw.get("/api/v1/orders", params={"limit": 100}, headers=buyer)
    assert r.status_code == 200, r.text
    listed = {o["id"]: o for o in r.json()["data"]["orders"]}
    assert {order_a["order_id"], order_b["order_id"]} <= set(listed), listed.keys()
    assert listed[order_b["order_id"]]["total_cents"] == ob["total_cents"]
    assert listed[order_a["order_id"]]["status"] == "ready_for_dispatch"
    seen_by_b = gw.get("/api/v1/orders", params={"limit": 100}, headers=vendor_b).json()["data"]["orders"]
    assert order_b["order_id"] in {o["id"] for o in seen_by_b}
    assert order_a["order_id"] not in {o["id"] for o in seen_by_b}
    assert gw.get(f"/api/v1/orders/{order_a['order_id']}", headers=vendor_b).status_code == 403
