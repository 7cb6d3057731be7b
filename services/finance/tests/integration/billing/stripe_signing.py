"""Signing webhook payloads exactly as Stripe does (https://docs.stripe.com/webhooks#verify-manually),
written here independently of finance's verifier: ``Stripe-Signature: t=<unix seconds>,v1=<hex>``
where ``<hex>`` is the HMAC-SHA256, keyed by the endpoint's signing secret, of the timestamp, a
dot and the raw body bytes. test_webhooks.py checks Stripe's own library accepts these headers."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any

TEST_SECRET = "whsec_pf_test_current_4f1c7e0b2a9d48c6"
PREVIOUS_SECRET = "whsec_pf_test_previous_9b2e61d07ac34f15"


def signature(body: bytes, secret: str, timestamp: int) -> str:
    return hmac.new(secret.encode("utf-8"), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def sign(
    body: bytes, secret: str = TEST_SECRET, *, timestamp: int | None = None, extra: tuple[str, ...] = ()
) -> str:
    """The ``Stripe-Signature`` header of ``body``; ``extra`` adds more ``v1`` values first (Stripe
    sends one per active secret of the endpoint)."""
    t = int(time.time()) if timestamp is None else timestamp
    parts = [f"t={t}", *(f"v1={value}" for value in extra), f"v1={signature(body, secret, t)}"]
    return ",".join(parts)


def encode(event: dict[str, Any]) -> bytes:
    """A body as Stripe sends it (pretty-printed: the raw bytes, not a re-serialisation, are signed)."""
    return json.dumps(event, indent=2).encode()
