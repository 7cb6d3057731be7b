"""Demo catalogue for `make up`, through the public API like a real client (#7 seed step).

Runs after demo_licenses (the vendors' KYC is verified by then):

1. Vendors 1 and 2 subscribe through the gateway as their owners, like a real vendor: add a card
   (``POST /api/v1/vendor/payment-methods/cc`` with Stripe's test token ``pm_card_visa``, which
   finance's local provider accepts) and subscribe to the default plan
   (``POST /api/v1/vendor/subscriptions``). finance creates each vendor's billing customer from
   identity's ``store_created``, so the card is retried while finance answers 409 "no billing
   customer". Vendor 3 (Cimarron Craft Co.) never subscribes: it is the hidden vendor, its
   listings exist but buyers never see them (DOMAIN §4.5).
2. Each vendor uploads a few generated product photos through media (presign, PUT, wait until
   media has them) and creates its listings with ``POST /api/v1/vendor/products``: the
   deterministic listings of ``pf_catalog.demo_products`` (strains, formats, wholesale prices,
   promotions, volume tiers, THC/CBD), each showing the photo of its category.

Idempotent: a vendor that already has products is skipped, and one whose
``GET /api/v1/vendor/subscriptions`` is already active (trialing, active, past_due) does not
subscribe again. Idempotency keys are derived from the vendor and SKU (and the attempt).
"""

from __future__ import annotations

import io
import json
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from pf_catalog.demo_products import IMAGE_THEMES, DemoProduct, products_for_vendor
from pf_finance.models import ACTIVE_SUBSCRIPTION_STATUSES as ACTIVE  # subscription_active (G-14)

DOMAIN = "demo.example.com"  # as pf_identity.seed
# (login handle, listings, SKU prefix, subscribed)
VENDORS = [
    ("vendor1", 36, "REG", True),  # Red Earth Growers
    ("vendor2", 30, "PWF", True),  # Prairie Wind Farms
    ("vendor3", 24, "CCC", False),  # Cimarron Craft Co.: hidden (no subscription)
]
SEED = 7
PARALLEL = 6  # product POSTs in flight per vendor
DEMO_CARD = "pm_card_visa"  # Stripe's test token; finance's local provider accepts it


def _until(what: str, fn: Callable[[], bool], timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not fn():
        if time.monotonic() > deadline:
            raise RuntimeError(f"demo catalog: timed out waiting for {what}")
        time.sleep(0.2)


def _login(gw: httpx.Client, email: str, password: str) -> dict[str, str]:
    r = gw.post("/api/v1/auth/login", json={"email": email, "password": password})
    r.raise_for_status()
    return {"Authorization": f"Bearer {r.headers['x-pf-token']}"}


def product_photo(title: str, vendor: str, top: tuple[int, int, int], bottom: tuple[int, int, int]) -> bytes:
    """A 640x480 JPEG: a vertical gradient with the category and the vendor's name."""
    from PIL import Image, ImageDraw, ImageFont

    width, height = 640, 480
    img = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(img)
    for y in range(height):
        t = y / (height - 1)
        draw.line(
            [(0, y), (width, y)], fill=tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        )
    draw.ellipse((220, 120, 420, 320), outline=(255, 255, 255), width=6)
    big, small = ImageFont.load_default(size=44), ImageFont.load_default(size=26)
    draw.text((width / 2, 360), title, fill="white", font=big, anchor="mm")
    draw.text((width / 2, 410), vendor, fill="white", font=small, anchor="mm")
    out = io.BytesIO()
    img.save(out, format="JPEG", quality=80)
    return out.getvalue()


def _upload_photos(gw: httpx.Client, auth: dict[str, str], handle: str, vendor: str) -> list[str]:
    ids = []
    for i, (title, top, bottom) in enumerate(IMAGE_THEMES):
        data = product_photo(title, vendor, top, bottom)
        presign = {
            "media_kind": "product",
            "mime_type": "image/jpeg",
            "file_name": f"{handle}-{i + 1}-{title.lower().replace(' ', '-').replace('&', 'and')}.jpg",
            "size_bytes": len(data),
        }
        r = gw.post(
            "/api/v1/media/presign", json=presign, headers={**auth, "Idempotency-Key": str(uuid.uuid4())}
        )
        r.raise_for_status()
        grant = r.json()["data"]
        httpx.put(
            grant["signed_put_url"], content=data, headers=grant["headers"], timeout=30
        ).raise_for_status()
        ids.append(grant["media_id"])

    def all_uploaded() -> bool:
        r = gw.get("/api/v1/media", params={"kind": "product", "limit": 100}, headers=auth)
        r.raise_for_status()
        done = {m["id"] for m in r.json()["data"]["items"] if m["status"] in ("uploaded", "ready")}
        return done.issuperset(ids)

    _until(f"{handle}'s product photos", all_uploaded)
    return ids


def _create(
    gw: httpx.Client, auth: dict[str, str], handle: str, product: DemoProduct, photos: list[str]
) -> None:
    body = product.api_body([photos[product.image]])
    attempt = 0

    def created() -> bool:  # 404 until catalog's media projection has seen the upload
        nonlocal attempt
        attempt += 1  # a 4xx is replayed for its key: each retry needs a key of its own
        key = f"demo-catalog:{handle}:{product.sku}:{attempt}"
        r = gw.post("/api/v1/vendor/products", json=body, headers={**auth, "Idempotency-Key": key})
        if r.status_code == 404 and "media" in r.text.lower():
            return False
        if r.status_code >= 400:
            raise RuntimeError(f"demo catalog: {product.sku} refused ({r.status_code}): {r.text}")
        return True

    _until(f"{handle}'s {product.sku}", created)


def _subscribed(gw: httpx.Client, auth: dict[str, str]) -> bool:
    r = gw.get("/api/v1/vendor/subscriptions", headers=auth)
    r.raise_for_status()
    sub = r.json()["data"]
    return sub is not None and sub["status"] in ACTIVE


def _subscribe(gw: httpx.Client, auth: dict[str, str], handle: str) -> None:
    """Add the demo card (once finance has the vendor's billing customer) and subscribe."""
    cards = gw.get("/api/v1/vendor/payment-methods", headers=auth)
    cards.raise_for_status()
    if not cards.json()["data"]["payment_methods"]:
        attempt = 0

        def card_added() -> bool:  # 409 until finance's worker has created the billing customer
            nonlocal attempt
            attempt += 1  # a 4xx is replayed for its key: each retry needs a key of its own
            key = f"demo-billing:{handle}:card:{attempt}"
            r = gw.post(
                "/api/v1/vendor/payment-methods/cc",
                json={"payment_method_id": DEMO_CARD, "is_default": True},
                headers={**auth, "Idempotency-Key": key},
            )
            if r.status_code == 409 and "customer" in r.text.lower():
                return False
            if r.status_code >= 400:
                raise RuntimeError(f"demo catalog: {handle}'s card refused ({r.status_code}): {r.text}")
            return True

        _until(f"{handle}'s billing customer", card_added)
    r = gw.post(
        "/api/v1/vendor/subscriptions",
        json={},
        headers={**auth, "Idempotency-Key": f"demo-billing:{handle}:sub"},
    )
    if r.status_code >= 400:
        raise RuntimeError(f"demo catalog: {handle}'s subscription refused ({r.status_code}): {r.text}")
    if r.json()["data"]["status"] not in ACTIVE:
        raise RuntimeError(f"demo catalog: {handle}'s subscription is {r.json()['data']['status']}")


def seed(
    gateway: str,
    logins_file: Path,
    *,
    say: Callable[[str], None] = print,
) -> int:
    """Subscribe the visible demo vendors and create the demo listings; returns products created."""
    started = time.monotonic()
    logins = json.loads(logins_file.read_text())
    created = 0
    with httpx.Client(base_url=gateway, timeout=30) as gw:
        vendors = []
        for handle, count, prefix, subscribed in VENDORS:
            email = f"{handle}-owner@{DOMAIN}"
            if email not in logins:
                continue
            auth = _login(gw, email, logins[email])
            me = gw.get("/api/v1/stores/me", headers=auth)
            me.raise_for_status()
            vendors.append((handle, count, prefix, subscribed, auth, me.json()["data"]))
        to_subscribe = [(h, auth) for h, _, _, sub, auth, _ in vendors if sub and not _subscribed(gw, auth)]
        for handle, auth in to_subscribe:
            _subscribe(gw, auth, handle)
        for handle, count, prefix, _, auth, store in vendors:
            mine = gw.get("/api/v1/vendor/products", params={"limit": 1}, headers=auth)
            mine.raise_for_status()
            if mine.json()["data"]["products"]:
                continue
            photos = _upload_photos(gw, auth, handle, store["company_name"])
            listings = products_for_vendor(handle, count, seed=SEED, sku_prefix=prefix)
            with ThreadPoolExecutor(PARALLEL) as pool:
                list(pool.map(lambda p, a=auth, h=handle, m=photos: _create(gw, a, h, p, m), listings))
            created += len(listings)
    if created or to_subscribe:
        hidden = sum(count for _, count, _, sub in VENDORS if not sub)
        say(
            f"demo catalog: {created} products ({hidden} of the hidden vendor3), "
            f"{len(to_subscribe)} subscriptions in {time.monotonic() - started:.1f}s"
        )
    return created
