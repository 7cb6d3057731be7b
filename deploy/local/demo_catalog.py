"""Demo catalogue for `make up`, through the public API like a real client (#7 seed step).

Runs after demo_licenses (the vendors' KYC is verified by then):

1. Vendors 1 and 2 get an active subscription from finance's seed-only emitter
   (``python -m pf_finance.demo_subscriptions``, replaced when finance bills subscriptions);
   vendor 3 (Cimarron Craft Co.) never does: it is the hidden vendor, its listings exist but
   buyers never see them (DOMAIN §4.5).
2. Each vendor uploads a few generated product photos through media (presign, PUT, wait until
   media has them) and creates its listings with ``POST /api/v1/vendor/products``: the
   deterministic listings of ``pf_catalog.demo_products`` (strains, formats, wholesale prices,
   promotions, volume tiers, THC/CBD), each showing the photo of its category.

Idempotent: a vendor that already has products is skipped, and a subscription already active is
not emitted again. Idempotency keys are derived from the vendor and SKU.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from pf_catalog.demo_products import IMAGE_THEMES, DemoProduct, products_for_vendor

DOMAIN = "demo.example.com"  # as pf_identity.seed
# (login handle, listings, SKU prefix, subscribed)
VENDORS = [
    ("vendor1", 36, "REG", True),  # Red Earth Growers
    ("vendor2", 30, "PWF", True),  # Prairie Wind Farms
    ("vendor3", 24, "CCC", False),  # Cimarron Craft Co.: hidden (no subscription)
]
SEED = 7
PARALLEL = 6  # product POSTs in flight per vendor


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


def _subscribe(store_ids: list[str], env: Mapping[str, str] | None) -> None:
    """Finance's seed-only emitter (replaced by real subscriptions with the finance issue)."""
    subprocess.run(
        [sys.executable, "-m", "pf_finance.demo_subscriptions", *store_ids],
        env=dict(env) if env is not None else None,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def seed(
    gateway: str,
    logins_file: Path,
    *,
    env: Mapping[str, str] | None = None,
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
        to_subscribe = [
            store["id"] for _, _, _, sub, _, store in vendors if sub and not store["subscription_active"]
        ]
        if to_subscribe:
            _subscribe(to_subscribe, env)
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
