"""Demo compliance data for `make up`, through the public API like a real client (#6 seed step).

Each demo store (see pf_identity.seed) uploads a license document (a small generated PDF)
through media's signed URL, files a license, and the demo admin verifies it — except one
buyer, whose license stays pending so the admin queue is not empty. Idempotent: a store that
already has a license is left alone. Runs after every service is ready (it needs the
workers: the bucket notification, then identity's media projection).
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import httpx

DOMAIN = "demo.example.com"  # as pf_identity.seed
STORES = [  # (login handle, license type, number, keep pending)
    ("vendor1", "producer", "PAAA-OK-1001", False),
    ("vendor2", "grower", "GAAA-OK-1002", False),
    ("vendor3", "producer", "PAAA-OK-1003", False),  # verified, but never subscribed: hidden
    ("buyer1", "dispensary", "DAAA-OK-2001", False),
    ("buyer2", "dispensary", "DAAA-OK-2002", True),
]


def license_pdf(store: str, number: str) -> bytes:
    """A one-page PDF whose text layer names the license (media extracts it as OCR text)."""
    text = f"Oklahoma Medical Marijuana Authority - License {number} - {store}"
    stream = f"BT /F1 14 Tf 50 750 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _until(what: str, fn: Callable[[], bool], timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not fn():
        if time.monotonic() > deadline:
            raise RuntimeError(f"demo licenses: timed out waiting for {what}")
        time.sleep(0.25)


def _login(gw: httpx.Client, email: str, password: str, *, admin: bool = False) -> dict[str, str]:
    path = "/api/admin/v1/auth/login" if admin else "/api/v1/auth/login"
    r = gw.post(path, json={"email": email, "password": password})
    r.raise_for_status()
    return {"Authorization": f"Bearer {r.headers['x-pf-token']}"}


def _file_license(gw: httpx.Client, auth: dict[str, str], handle: str, kind: str, number: str) -> str:
    data = license_pdf(handle, number)
    presign = {
        "media_kind": "license_doc",
        "mime_type": "application/pdf",
        "file_name": f"{number}.pdf",
        "size_bytes": len(data),
    }
    r = gw.post("/api/v1/media/presign", json=presign, headers={**auth, "Idempotency-Key": str(uuid.uuid4())})
    r.raise_for_status()
    grant = r.json()["data"]
    httpx.put(grant["signed_put_url"], content=data, headers=grant["headers"], timeout=30).raise_for_status()
    body = {
        "media_id": grant["media_id"],
        "issuing_state": "OK",
        "type": kind,
        "number": number,
        "issue_date": str(date.today() - timedelta(days=200)),
        "expiration_date": str(date.today() + timedelta(days=530)),
    }
    created: dict[str, str] = {}

    def filed() -> bool:  # 404 until identity's projection has seen the upload
        r = gw.post("/api/v1/licenses", json=body, headers={**auth, "Idempotency-Key": str(uuid.uuid4())})
        if r.status_code in (404, 409) and "media" in r.text.lower():
            return False
        r.raise_for_status()
        created["id"] = r.json()["data"]["id"]
        return True

    _until(f"{handle}'s license document", filed)
    return created["id"]


def seed(gateway: str, logins_file: Path, say: Callable[[str], None] = print) -> int:
    """File (and verify) the demo licenses; returns how many were created."""
    logins = json.loads(logins_file.read_text())
    created = 0
    with httpx.Client(base_url=gateway, timeout=30) as gw:
        admin = _login(gw, f"admin@{DOMAIN}", logins[f"admin@{DOMAIN}"], admin=True)
        for handle, kind, number, keep_pending in STORES:
            email = f"{handle}-owner@{DOMAIN}"
            if email not in logins:
                continue
            auth = _login(gw, email, logins[email])
            existing = gw.get("/api/v1/licenses", headers=auth)
            existing.raise_for_status()
            if existing.json()["data"]["items"]:
                continue
            license_id = _file_license(gw, auth, handle, kind, number)
            created += 1
            if not keep_pending:
                r = gw.post(
                    f"/api/admin/v1/licenses/{license_id}/verify",
                    json={"decision": "verified"},
                    headers={**admin, "Idempotency-Key": str(uuid.uuid4())},
                )
                r.raise_for_status()
    if created:
        verified = sum(not pending for *_, pending in STORES)
        say(f"demo licenses: {created} filed ({verified} verified, 1 pending for the admin queue)")
    return created
