"""End-to-end smoke: the real stack (the same code path as `make up`) behind the real gateway.

Random free ports and a fresh data directory; every service is reached through
Caddy, the docs and every OpenAPI document are served offline, and stopping the
stack leaves no process behind.
"""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
from e2e_journeys import sign_in

ROOT = Path(__file__).resolve().parents[2]
STACK = ROOT / "deploy" / "local" / "stack.py"
SERVICES = ("identity", "media", "catalog", "orders", "logistics", "finance", "ads", "analytics")

pytestmark = [pytest.mark.slow]


def test_the_table_lists_the_gateway_docs_and_every_service(stack):
    text = "\n".join(stack["lines"])
    assert "PackFinderz is up" in text
    assert f"API docs  http://localhost:{stack['gateway'].rsplit(':', 1)[1]}/docs" in text
    for service, port in stack["services"].items():
        assert re.search(rf"{service}\s+{port}\s", text), service


SOME_ID = "0190c0de-0000-7000-8000-000000000001"  # fixed: xdist workers must collect the same ids
ROUTES = {
    # one path per service prefix of spec/API.md §1.1, plus the most-specific-wins cases
    "/api/ping": "identity",
    "/api/v1/auth/login": "identity",
    "/api/v1/stores/me": "identity",
    f"/api/v1/stores/{SOME_ID}": "identity",
    "/api/v1/agent/ping": "identity",
    "/api/v1/ping": "identity",
    "/api/admin/v1/ping": "identity",
    "/api/v1/media": "media",
    "/api/v1/products": "catalog",
    f"/api/v1/stores/{SOME_ID}/products": "catalog",
    "/api/v1/inventory": "catalog",
    "/api/v1/cart": "orders",
    "/api/v1/orders": "orders",
    f"/api/v1/stores/{SOME_ID}/orders": "orders",
    "/api/v1/agent/orders": "logistics",
    f"/api/admin/v1/orders/{SOME_ID}/assign-agent": "logistics",
    "/api/admin/v1/orders/payouts": "finance",
    f"/api/admin/v1/orders/{SOME_ID}/confirm-payout": "finance",
    f"/api/admin/v1/orders/{SOME_ID}/resolve-payment": "finance",
    "/api/v1/vendor/billing/plans": "finance",
    "/api/v1/webhooks/stripe": "finance",
    "/api/v1/vendor/ads": "ads",
    "/api/v1/ads/serve": "ads",
    "/api/v1/analytics/marketplace": "analytics",
    "/api/v1/vendor/analytics": "analytics",
}


@pytest.mark.parametrize("path", list(ROUTES))
def test_gateway_routes_each_prefix_to_its_service(gw, path):
    r = gw.get(path, headers={"X-Request-Id": "e2e-route-check"})
    assert r.headers.get("x-pf-service") == ROUTES[path], (path, r.status_code, r.text[:200])
    assert r.headers["x-request-id"] == "e2e-route-check"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "error" in r.json() or "data" in r.json()


def test_every_service_is_ready_directly_and_through_its_docs(gw, stack):
    for service, port in stack["services"].items():
        assert httpx.get(f"http://127.0.0.1:{port}/health/ready", timeout=5).status_code == 200
        spec = gw.get(f"/docs/openapi/{service}.json")
        assert spec.status_code == 200, service
        assert spec.headers["x-pf-service"] == service
        assert service in spec.json()["info"]["title"]
        assert "/health/ready" in spec.json()["paths"]


def test_docs_are_served_offline(gw):
    page = gw.get("/docs")
    assert page.status_code == 200
    assert "swagger-ui-bundle.js" in page.text
    for service in SERVICES:
        assert f"/docs/openapi/{service}.json" in page.text
    assets = gw.get("/docs/assets/swagger-ui-bundle.js")
    assert assets.status_code == 200 and len(assets.content) > 100_000


def test_internal_and_unknown_paths_are_not_routed(gw):
    for path in ("/internal/v1/stores/x", "/api/v9/nothing", "/metrics"):
        r = gw.get(path)
        assert r.status_code == 404, path
        assert "x-pf-service" not in r.headers, path
        assert r.json()["error"]["code"] == "NOT_FOUND"
    minted = gw.get("/api/v9/nothing").headers["x-request-id"]
    assert len(minted) == 36


def test_gateway_refuses_oversized_bodies(stack):
    big = b"x" * (26 * 1024 * 1024)
    r = httpx.post(f"{stack['gateway']}/api/v1/media", content=big, timeout=30)
    assert r.status_code == 413


def test_a_new_user_registers_logs_in_switches_refreshes_and_logs_out_through_the_gateway(gw, register_body):
    email = f"e2e-{uuid.uuid4().hex[:8]}@example.com"
    body = register_body(email, "Gateway-Journey-2026", "E2E Buyer", "buyer")
    r = gw.post("/api/v1/auth/register", json=body, headers={"Idempotency-Key": str(uuid.uuid4())})
    assert r.status_code == 201, r.text
    assert r.headers["x-pf-service"] == "identity"
    second = {**body, "company_name": "E2E Vendor", "store_type": "vendor"}
    r = gw.post("/api/v1/auth/register", json=second, headers={"Idempotency-Key": str(uuid.uuid4())})
    assert r.status_code == 201, r.text  # same email, right password: a second store
    vendor_id = next(s["id"] for s in r.json()["data"]["stores"] if s["name"] == "E2E Vendor")

    auth = sign_in(gw, email, body["password"])
    assert gw.get("/api/v1/stores/me", headers=auth).json()["data"]["company_name"] == "E2E Buyer"

    r = gw.post("/api/v1/auth/switch-store", json={"store_id": vendor_id}, headers=auth)
    assert r.status_code == 200, r.text
    auth = {"Authorization": f"Bearer {r.headers['x-pf-token']}"}
    assert gw.get("/api/v1/stores/me", headers=auth).json()["data"]["type"] == "vendor"

    refresh = {"refresh_token": r.json()["data"]["refresh_token"]}
    r = gw.post("/api/v1/auth/refresh", json=refresh, headers=auth)
    assert r.status_code == 200, r.text
    auth = {"Authorization": f"Bearer {r.json()['data']['access_token']}"}
    assert gw.post("/api/v1/auth/logout", headers=auth).json() == {"data": {"status": "logged_out"}}
    assert gw.get("/api/v1/stores/me", headers=auth).status_code == 401
    jwks = gw.get("/api/v1/auth/.well-known/jwks.json").json()
    assert jwks["keys"] and all("d" not in k for k in jwks["keys"])


FIXTURES = ROOT / "services" / "media" / "tests" / "fixtures"


def _register_vendor(gw: httpx.Client, register_body: Any) -> dict[str, str]:
    email = f"media-{uuid.uuid4().hex[:8]}@example.com"
    body = register_body(email, "Media-Journey-2026!", "E2E Media Vendor", "vendor")
    r = gw.post("/api/v1/auth/register", json=body, headers={"Idempotency-Key": str(uuid.uuid4())})
    assert r.status_code == 201, r.text
    return sign_in(gw, email, body["password"])


def _upload(gw: httpx.Client, auth: dict[str, str], kind: str, mime: str, name: str) -> str:
    data = (FIXTURES / name).read_bytes()
    body = {"media_kind": kind, "mime_type": mime, "file_name": name, "size_bytes": len(data)}
    r = gw.post("/api/v1/media/presign", json=body, headers={**auth, "Idempotency-Key": str(uuid.uuid4())})
    assert r.status_code == 200, r.text
    grant = r.json()["data"]
    assert grant["signed_put_url"].startswith(str(gw.base_url))  # through the gateway
    put = httpx.put(grant["signed_put_url"], content=data, headers=grant["headers"], timeout=30)
    assert put.status_code == 200, put.text
    assert put.headers["x-pf-service"] == "media"
    return grant["media_id"]


def _publish_license_reference(stack: dict[str, Any], store_id: str, media_id: str) -> None:
    """What identity emits when a license uses the document (licenses arrive with issue #6)."""
    import asyncio

    from redis.asyncio import Redis

    from pf_common.events.common import AttachmentEntityType
    from pf_common.events.identity import MediaReferencesChangedV1
    from pf_common.events.registry import topic_for
    from pf_common.ids import uuid7
    from pf_common.transports.redis_streams import RedisStreamsTransport

    payload = MediaReferencesChangedV1(
        entity_type=AttachmentEntityType.LICENSE,
        entity_id=uuid7(),
        store_id=uuid.UUID(store_id),
        old_media_ids=[],
        new_media_ids=[uuid.UUID(media_id)],
    )
    env = payload.to_envelope(event_id=uuid7(), store_id=uuid.UUID(store_id))

    async def publish_and_wait() -> None:
        redis = Redis.from_url(f"redis://127.0.0.1:{stack['redis_port']}/0", decode_responses=True)
        topic = topic_for("identity")
        try:
            transport = RedisStreamsTransport(redis, ack_deadline_ms=60_000, max_deliveries=10)
            msg_id = await transport.publish(
                topic, env.to_json().encode(), env.attributes(), ordering_key=str(env.aggregate_id)
            )
            seq = tuple(int(p) for p in str(msg_id).split("-"))
            deadline = time.monotonic() + 60
            while True:  # media's consumer group has read it and acked it
                groups = {g["name"]: g for g in await redis.xinfo_groups(topic)}
                g = groups.get("media.attachments_identity")
                done = g is not None and not g["pending"]
                if done and tuple(int(p) for p in g["last-delivered-id"].split("-")) >= seq:
                    return
                assert time.monotonic() < deadline, g
                await asyncio.sleep(0.2)
        finally:
            await redis.aclose()

    asyncio.run(publish_and_wait())


def test_a_store_uploads_processes_lists_reads_and_deletes_media_through_the_gateway(
    gw, stack, register_body
):
    auth = _register_vendor(gw, register_body)
    me = gw.get("/api/v1/stores/me", headers=auth).json()["data"]
    image_id = _upload(gw, auth, "product", "image/jpeg", "photo.jpg")
    pdf_id = _upload(gw, auth, "license_doc", "application/pdf", "scanned_coa.pdf")

    deadline = time.monotonic() + 120  # the worker: bucket notification, then processing (OCR)
    while True:
        items = {i["id"]: i for i in gw.get("/api/v1/media", headers=auth).json()["data"]["items"]}
        if all(items[m]["status"] in ("ready", "failed") for m in (image_id, pdf_id)):
            break
        assert time.monotonic() < deadline, {m: items[m]["status"] for m in (image_id, pdf_id)}
        time.sleep(0.5)
    image, pdf = items[image_id], items[pdf_id]
    assert image["status"] == "ready" and pdf["status"] == "ready", (image, pdf)

    original = httpx.get(image["signed_url"], timeout=30)
    assert original.status_code == 200 and original.content == (FIXTURES / "photo.jpg").read_bytes()
    thumb = httpx.get(image["derivatives"]["thumb.webp"], timeout=30)
    assert thumb.status_code == 200 and thumb.content[8:12] == b"WEBP"
    assert pdf["ocr_available"] is True and pdf["signed_url"]
    ocr = httpx.get(pdf["derivatives"]["ocr.txt"], timeout=30).text
    assert "certificate" in ocr.lower().replace(" ", "")  # the scanned page went through OCR

    _publish_license_reference(stack, me["id"], pdf_id)  # returns once media applied it
    r = gw.delete(f"/api/v1/media/{pdf_id}", headers=auth)
    assert r.status_code == 409, r.text  # a license document is protected
    assert "license" in r.json()["error"]["message"]

    assert gw.delete(f"/api/v1/media/{image_id}", headers=auth).status_code == 204
    listed = {i["id"]: i["status"] for i in gw.get("/api/v1/media", headers=auth).json()["data"]["items"]}
    assert listed[image_id] == "delete_requested" and listed[pdf_id] == "ready"
    # nothing any worker handled along the way was dead-lettered
    dead = [ln for ln in stack["lines"] if "dead_letter" in ln]
    assert dead == [], dead[:5]


def test_a_vendor_license_is_verified_by_the_admin_and_the_store_is_told(
    gw, stack, register_body, demo_login
):
    """#6: upload the document, file the license, the admin verifies it from the queue, KYC
    becomes verified, the store sees the in-app notification and the email is in the log
    sender's output."""
    auth = _register_vendor(gw, register_body)
    me = gw.get("/api/v1/stores/me", headers=auth).json()["data"]
    assert me["kyc_status"] == "pending_verification"
    media_id = _upload(gw, auth, "license_doc", "application/pdf", "text.pdf")
    number = f"PAAA-E2E-{uuid.uuid4().hex[:6].upper()}"
    body = {"media_id": media_id, "issuing_state": "OK", "type": "producer", "number": number}
    deadline = time.monotonic() + 60
    while True:  # identity learns about the upload from media's event
        r = gw.post("/api/v1/licenses", json=body, headers={**auth, "Idempotency-Key": str(uuid.uuid4())})
        if r.status_code == 201:
            break
        assert r.status_code in (404, 409) and time.monotonic() < deadline, r.text
        time.sleep(0.3)
    license_id = r.json()["data"]["id"]
    listed = gw.get("/api/v1/licenses", headers=auth).json()["data"]["items"]
    assert listed[0]["id"] == license_id and listed[0]["signed_url"]  # media signed it
    assert httpx.get(listed[0]["signed_url"], timeout=30).content.startswith(b"%PDF")

    admin = demo_login("admin")  # one session per demo account, waiting out the login throttle
    queue = gw.get("/api/admin/v1/licenses", params={"store_id": me["id"]}, headers=admin).json()["data"]
    assert [i["id"] for i in queue["items"]] == [license_id]
    r = gw.post(
        f"/api/admin/v1/licenses/{license_id}/verify",
        json={"decision": "verified"},
        headers={**admin, "Idempotency-Key": str(uuid.uuid4())},
    )
    assert r.status_code == 200, r.text
    assert gw.get("/api/v1/stores/me", headers=auth).json()["data"]["kyc_status"] == "verified"

    outbox = stack["data_dir"] / "mail" / "outbox.jsonl"
    deadline = time.monotonic() + 60
    while True:  # the consumer writes the notification, the worker's job sends the email
        items = gw.get("/api/v1/notifications", headers=auth).json()["data"]["items"]
        mails = [json.loads(line) for line in outbox.read_text().splitlines()] if outbox.exists() else []
        mine = [m for m in mails if number in (m.get("text") or "")]
        if items and mine:
            break
        assert time.monotonic() < deadline, (items, len(mails))
        time.sleep(0.5)
    assert items[0]["type"] == "compliance" and number in items[0]["message"]
    assert me["owner_detail"]["email"] in mine[0]["to"]  # the owner is among the recipients


def test_a_buyer_browses_and_searches_and_a_vendor_edits_a_product_and_its_stock(gw, demo_login):
    """#7: the demo catalogue through the gateway — an Oklahoma buyer browses with filters and
    facets and searches; the hidden vendor (no subscription) is absent everywhere; a vendor edits
    a product and sets its stock, and the buyer sees the change."""
    buyer = demo_login("buyer1-staff")
    vendor = demo_login("vendor1-owner")
    hidden = demo_login("vendor3-owner")
    hidden_id = gw.get("/api/v1/stores/me", headers=hidden).json()["data"]["id"]
    vendor_id = gw.get("/api/v1/stores/me", headers=vendor).json()["data"]["id"]

    r = gw.get("/api/v1/products", params={"state": "OK", "limit": 100}, headers=buyer)
    assert r.status_code == 200, r.text
    page = r.json()["data"]
    vendors = {f["vendor_store_id"]: f["count"] for f in page["facets"]["vendor"]}
    assert vendor_id in vendors and len(vendors) == 2, vendors  # vendor1 and vendor2, never vendor3
    assert hidden_id not in vendors
    assert page["pagination"]["total"] == sum(vendors.values()) >= 40
    assert sum(f["count"] for f in page["facets"]["category"]) == page["pagination"]["total"]
    assert all(p["vendor"]["vendor_name"] and p["thumbnail_url"] for p in page["products"])

    # two filters and a text query: every hit satisfies them, facets describe the same set
    sample = page["products"][0]
    word = sample["title"].split()[0]
    params = {
        "state": "OK",
        "category": sample["category"],
        "price_max_cents": sample["price_cents"],
        "q": word,
    }
    hits = gw.get("/api/v1/products", params=params, headers=buyer).json()["data"]
    assert sample["id"] in [p["id"] for p in hits["products"]]
    assert all(p["category"] == sample["category"] and p["price_cents"] <= sample["price_cents"]
               for p in hits["products"])  # fmt: skip
    assert [f["value"] for f in hits["facets"]["category"]] == [sample["category"]]
    # the hidden vendor's storefront and products are 404 for the buyer; its owner still lists them
    assert gw.get(f"/api/v1/stores/{hidden_id}/products", headers=buyer).status_code == 404
    own = gw.get("/api/v1/vendor/products", headers=hidden).json()["data"]["products"]
    assert own and gw.get(f"/api/v1/products/{own[0]['id']}", headers=buyer).status_code == 404
    assert gw.get(f"/api/v1/products/{own[0]['id']}", headers=hidden).status_code == 200

    # the vendor edits one of its products and sets its stock
    mine = gw.get("/api/v1/vendor/products", params={"limit": 1}, headers=vendor).json()["data"]["products"][
        0
    ]
    title = f"E2E Edited {uuid.uuid4().hex[:6]}"
    r = gw.patch(f"/api/v1/vendor/products/{mine['id']}", json={"title": title}, headers=vendor)
    assert r.status_code == 200, r.text
    r = gw.put(
        f"/api/v1/inventory/{mine['id']}",
        json={"available_qty": 77},
        headers={**vendor, "Idempotency-Key": str(uuid.uuid4())},
    )
    assert r.status_code == 200 and r.json()["data"]["available_qty"] == 77, r.text
    found = gw.get("/api/v1/products", params={"state": "OK", "q": title}, headers=buyer).json()["data"]
    assert [p["id"] for p in found["products"]] == [mine["id"]]
    detail = gw.get(f"/api/v1/products/{mine['id']}", headers=buyer).json()["data"]
    assert detail["title"] == title and detail["inventory"]["available_qty"] == 77


def test_a_busy_port_is_one_clear_line(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        busy = s.getsockname()[1]
        r = subprocess.run(
            [sys.executable, str(STACK), "up", "--data-dir", str(tmp_path), "--gateway-port", str(busy)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert r.returncode == 1
    assert f"make up: port {busy} (gateway) is already in use" in r.stderr
    assert "PF_GATEWAY_PORT" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
