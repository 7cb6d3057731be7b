"""#18: a new vendor pays to be visible, end to end on `make up` (local billing provider).

A vendor registers in Tulsa, files its license (document uploaded through media) and the demo
admin verifies it: KYC verified, but no subscription, so its listing exists and buyers never see
it. Through the gateway the owner then reads the plans, finds no subscription, adds a card
(Stripe's test token ``pm_card_visa``, which the local provider accepts; finance created the
billing customer from identity's ``store_created``), and subscribes to the default plan: 201
``active`` (a repeat under another key answers 200 with the same subscription). finance's
``subscription_status_changed`` reaches catalog's store projection and the demo buyer sees the
product. The owner pauses: the product vanishes; resumes: it returns; the vendor's charges list
the first period's subscription charge. ONLY_EMBEDDED: it signs in as make up's demo admin and
buyer.

Named to run after test_smoke (which counts exactly the two visible demo vendors). Events cross
workers, so every step that waits on one polls for a bounded time.
"""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from e2e_journeys import PROJECTION_WAIT_S, idem, me, sign_in, until

from pf_common.settings import find_project_root
from pf_finance.models import ACTIVE_SUBSCRIPTION_STATUSES as ACTIVE

pytestmark = [pytest.mark.slow]

LICENSE_PDF = find_project_root() / "services" / "media" / "tests" / "fixtures" / "text.pdf"


def _register_vendor(gw: httpx.Client, register_body: Any) -> dict[str, str]:
    email = f"billing-{uuid.uuid4().hex[:8]}@example.com"
    body = register_body(email, "Billing-Journey-2026!", "E2E Billing Vendor", "vendor")
    r = gw.post("/api/v1/auth/register", json=body, headers=idem({}))
    assert r.status_code == 201, r.text
    return sign_in(gw, email, body["password"])


def _verify_license(gw: httpx.Client, vendor: dict[str, str], admin: dict[str, str], store_id: str) -> None:
    """Upload the license document, file the license (identity learns of the upload from
    media's event: 404/409 until then) and have the admin verify it."""
    data = LICENSE_PDF.read_bytes()
    presign = {"media_kind": "license_doc", "mime_type": "application/pdf", "file_name": "license.pdf"}
    r = gw.post("/api/v1/media/presign", json={**presign, "size_bytes": len(data)}, headers=idem(vendor))
    assert r.status_code == 200, r.text
    grant = r.json()["data"]
    put = httpx.put(grant["signed_put_url"], content=data, headers=grant["headers"], timeout=30)
    assert put.status_code == 200, put.text
    body = {
        "media_id": grant["media_id"],
        "issuing_state": "OK",
        "type": "producer",
        "number": f"PAAA-BILL-{uuid.uuid4().hex[:6].upper()}",
    }

    def filed() -> tuple[Any, Any]:
        r = gw.post("/api/v1/licenses", json=body, headers=idem(vendor))
        assert r.status_code in (201, 404, 409), r.text
        return (r.json()["data"]["id"] if r.status_code == 201 else None), r.text

    license_id = until("identity accepting the license document", filed)
    r = gw.post(
        f"/api/admin/v1/licenses/{license_id}/verify", json={"decision": "verified"}, headers=idem(admin)
    )
    assert r.status_code == 200, r.text
    assert me(gw, vendor)["kyc_status"] == "verified"


def _create_product(gw: httpx.Client, vendor: dict[str, str]) -> str:
    body = {
        "sku": f"BILL-{uuid.uuid4().hex[:6].upper()}",
        "title": "Billing Journey Kush 3.5g",
        "category": "flower",
        "feelings": ["relaxed"],
        "flavors": ["earthy"],
        "usage": ["sleep"],
        "unit": "unit",
        "moq": 1,
        "price_cents": 2500,
        "inventory": {"available_qty": 50},
    }
    r = gw.post("/api/v1/vendor/products", json=body, headers=idem(vendor))
    assert r.status_code == 201, r.text
    return str(r.json()["data"]["id"])


def _buyer_sees(gw: httpx.Client, buyer: dict[str, str], product_id: str) -> bool:
    r = gw.get(f"/api/v1/products/{product_id}", headers=buyer)
    assert r.status_code in (200, 404), r.text
    return r.status_code == 200


def _wait_visibility(gw: httpx.Client, buyer: dict[str, str], product_id: str, *, visible: bool) -> None:
    until(
        f"the buyer {'seeing' if visible else 'no longer seeing'} the product",
        lambda: (_buyer_sees(gw, buyer, product_id) == visible, visible),
        timeout_s=PROJECTION_WAIT_S,
    )


def _wait_identity_mirror(gw: httpx.Client, vendor: dict[str, str], *, active: bool) -> None:
    """identity mirrors finance's ``subscription_status_changed`` on the store (``stores/me``)."""
    until(
        f"identity mirroring subscription_active={active}",
        lambda: ((got := me(gw, vendor)["subscription_active"]) == active, got),
    )


def test_a_new_vendor_subscribes_and_its_products_appear_pause_hides_them_resume_brings_them_back(
    gw, demo_login, register_body
):
    vendor = _register_vendor(gw, register_body)
    store = me(gw, vendor)
    _verify_license(gw, vendor, demo_login("admin"), store["id"])
    product_id = _create_product(gw, vendor)
    buyer = demo_login("buyer1-owner")

    # verified but not subscribed: hidden (DOMAIN §4.5)
    assert not _buyer_sees(gw, buyer, product_id)
    r = gw.get("/api/v1/vendor/subscriptions", headers=vendor)
    assert (r.status_code, r.json()["data"]) == (200, None), r.text
    plans = gw.get("/api/v1/vendor/billing/plans", headers=vendor).json()["data"]["plans"]
    default = next(p for p in plans if p["is_default"])

    # a card, once finance has the billing customer (created from identity's store_created)
    def card_added() -> tuple[Any, Any]:
        r = gw.post(
            "/api/v1/vendor/payment-methods/cc",
            json={"payment_method_id": "pm_card_visa"},
            headers=idem(vendor),
        )
        assert r.status_code in (201, 409), r.text
        return (r.json()["data"] if r.status_code == 201 else None), r.text

    card = until("finance creating the vendor's billing customer", card_added)
    assert card["is_default"] and card["card_last4"] == "4242"  # the first card is the default

    r = gw.post("/api/v1/vendor/subscriptions", json={}, headers=idem(vendor))
    assert r.status_code == 201, r.text
    sub = r.json()["data"]
    assert sub["status"] in ACTIVE and sub["billing_plan_id"] == default["id"]
    again = gw.post("/api/v1/vendor/subscriptions", json={}, headers=idem(vendor))
    assert (again.status_code, again.json()["data"]["id"]) == (200, sub["id"]), again.text

    _wait_visibility(gw, buyer, product_id, visible=True)
    _wait_identity_mirror(gw, vendor, active=True)

    r = gw.post("/api/v1/vendor/subscriptions/pause", json={}, headers=idem(vendor))
    assert (r.status_code, r.json()["data"]["status"]) == (200, "paused"), r.text
    _wait_visibility(gw, buyer, product_id, visible=False)
    _wait_identity_mirror(gw, vendor, active=False)

    r = gw.post("/api/v1/vendor/subscriptions/resume", json={}, headers=idem(vendor))
    assert (r.status_code, r.json()["data"]["status"]) == (200, "active"), r.text
    _wait_visibility(gw, buyer, product_id, visible=True)

    charges = gw.get("/api/v1/vendor/billing/charges", headers=vendor).json()["data"]["charges"]
    assert [(c["type"], c["status"], c["amount_cents"]) for c in charges] == [
        ("subscription", "succeeded", default["price_amount_cents"])
    ]
    _wait_identity_mirror(gw, vendor, active=True)
