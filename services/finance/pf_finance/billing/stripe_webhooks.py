"""Stripe's webhook deliveries: the ``Stripe-Signature`` check and the event envelope.

:func:`verify_signature` checks a delivery exactly as Stripe's libraries do, on the RAW body
(the bytes as received — never re-serialised JSON):

* the header is ``t=<unix seconds>,v1=<hex>[,v1=<hex>…][,v0=…]``: comma-separated ``key=value``
  pairs; one ``t`` and any number of ``v1`` signatures (Stripe sends several while an endpoint
  has more than one secret); other schemes (``v0``) are ignored;
* the expected signature is the hex HMAC-SHA256 of ``"{t}." + body`` under a signing secret;
  each configured secret — the current one and, during a rotation, the previous one — is tried
  against every ``v1`` value with a constant-time compare;
* only a matching signature has its timestamp judged: ``|now − t|`` beyond the tolerance
  (300 s by default) is refused, in both directions (a replay of an old delivery, a clock far
  ahead).

Every refusal is a :class:`SignatureRejected` with a stable ``reason`` (``no_secret``,
``missing_header``, ``malformed_header``, ``no_signature``, ``bad_signature``, ``stale``) for logs;
no secret and no signature value ever appears in a message.

:func:`parse_event` reads the verified body as a Stripe event: ``id``, ``type``, ``created``
(an aware UTC datetime — the event's own time, which decides ordering), ``livemode`` and
``data.object``; anything else is an :class:`InvalidWebhookEvent`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

__all__ = [
    "InvalidWebhookEvent",
    "SignatureRejected",
    "StripeEvent",
    "parse_event",
    "verify_signature",
]

SCHEME = "v1"


class SignatureRejected(Exception):
    """The delivery's signature does not prove it came from Stripe (``reason`` for logs)."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


class InvalidWebhookEvent(Exception):
    """A verified body that is not a Stripe event."""


@dataclass(frozen=True, slots=True)
class StripeEvent:
    id: str
    type: str
    created: datetime
    livemode: bool
    object: dict[str, Any]
    payload: dict[str, Any]  # the whole event, as stored in the inbox


def _parse_header(header: str) -> tuple[int, list[str]]:
    timestamp: int | None = None
    signatures: list[str] = []
    for part in header.split(","):
        key, sep, value = part.strip().partition("=")
        if not sep:
            continue
        if key == "t":
            try:
                timestamp = int(value)
            except ValueError:
                raise SignatureRejected(
                    "malformed_header", "Stripe-Signature has an invalid timestamp"
                ) from None
        elif key == SCHEME and value:
            signatures.append(value)
    if timestamp is None:
        raise SignatureRejected("malformed_header", "Stripe-Signature has no timestamp")
    if not signatures:
        raise SignatureRejected("no_signature", f"Stripe-Signature has no {SCHEME} signature")
    return timestamp, signatures


def verify_signature(
    body: bytes, header: str | None, secrets: Sequence[str], *, tolerance_s: int, now: datetime
) -> datetime:
    """Check a delivery (module docstring); returns the signature's timestamp."""
    if not secrets:
        raise SignatureRejected("no_secret", "Stripe webhooks are not configured: no signing secret is set")
    if not header or not header.strip():
        raise SignatureRejected("missing_header", "the Stripe-Signature header is missing")
    timestamp, signatures = _parse_header(header)
    signed = f"{timestamp}.".encode() + body
    matched = False
    for secret in secrets:
        expected = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
        for candidate in signatures:
            # constant time over every pair: no early exit tells which secret or value matched
            matched = hmac.compare_digest(expected.encode(), candidate.encode()) or matched
    if not matched:
        raise SignatureRejected("bad_signature", "no Stripe-Signature signature matches the payload")
    if abs(now.timestamp() - timestamp) > tolerance_s:
        raise SignatureRejected(
            "stale", f"the Stripe-Signature timestamp is outside the {tolerance_s} s tolerance"
        )
    return datetime.fromtimestamp(timestamp, UTC)


def parse_event(body: bytes) -> StripeEvent:
    """The verified body as a :class:`StripeEvent` (module docstring)."""
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise InvalidWebhookEvent("the body is not JSON") from None
    if not isinstance(payload, dict):
        raise InvalidWebhookEvent("the body is not a JSON object")
    event_id, event_type, created = payload.get("id"), payload.get("type"), payload.get("created")
    if not isinstance(event_id, str) or not event_id:
        raise InvalidWebhookEvent("the event has no id")
    if not isinstance(event_type, str) or not event_type:
        raise InvalidWebhookEvent("the event has no type")
    if isinstance(created, bool) or not isinstance(created, int):
        raise InvalidWebhookEvent("the event has no created time")
    data = payload.get("data")
    obj = data.get("object") if isinstance(data, Mapping) else None
    if not isinstance(obj, dict):
        raise InvalidWebhookEvent("the event has no data.object")
    return StripeEvent(
        id=event_id,
        type=event_type,
        created=datetime.fromtimestamp(created, UTC),
        livemode=bool(payload.get("livemode", False)),
        object=obj,
        payload=payload,
    )
