"""Stripe's webhook (API.md §3.6 ``POST /api/v1/webhooks/stripe``; HOUSE_STYLE §3.5): verify,
store, answer 2xx at once, process in a consumer.

Public (no user token: Stripe calls it; the signature is the authentication). The route reads
the RAW body and checks ``Stripe-Signature`` against every configured signing secret
(``PF_FINANCE_STRIPE_WEBHOOK_SECRET`` and, during a rotation, ``…_SECRET_PREVIOUS``) with the
settings' tolerance (``billing/stripe_webhooks.py``). The signature is the caller's credential:
a signature that does not verify (another secret, a tampered body, a malformed header, a
timestamp outside the tolerance) ⇒ 401 ``UNAUTHORIZED``, nothing stored; with no secret
configured (the local provider) every delivery is refused the same way, so nothing can pose as
Stripe. A missing header, or a verified body that is not a Stripe event ⇒ 400
``VALIDATION_ERROR``. (API.md says 400 for a bad signature; 401 is the authentication failure
it is, and a schema-valid request must never be a 400 — issue #19. Stripe retries any non-2xx.)
Only then is a database connection taken: ONE transaction stores the event in the
``provider_events`` inbox and stages its processing (``domain/provider_events.py``); the
answer is 200 ``{"data": {"received": true, "duplicate": …}}`` — a redelivery too,
``duplicate: true``, so Stripe stops retrying. Logs name the event id, type and the reason of
a refusal — never a secret, a signature or the payload.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Header, Request
from pydantic import BaseModel

from pf_common.db_http import get_database
from pf_common.errors import Unauthorized, ValidationFailed
from pf_common.logging import get_logger
from pf_common.openapi import errors
from pf_common.routing import APIRouter
from pf_finance.api.deps import Ctx
from pf_finance.billing.stripe_webhooks import (
    InvalidWebhookEvent,
    SignatureRejected,
    parse_event,
    verify_signature,
)
from pf_finance.domain import provider_events

router = APIRouter(tags=["billing"])

log = get_logger(__name__)

SIGNATURE_HEADER = "Stripe-Signature"


class WebhookReceived(BaseModel):
    received: bool
    duplicate: bool


_EVENT_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "A Stripe event, exactly as Stripe sends it (verified on these raw bytes).",
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["id", "type", "created", "data"],
                    "properties": {
                        "id": {"type": "string", "examples": ["evt_1NG8Du2eZvKYlo2CUI79vXWy"]},
                        "type": {"type": "string", "examples": ["customer.subscription.updated"]},
                        "created": {"type": "integer", "description": "Unix seconds: the event's time"},
                        "livemode": {"type": "boolean"},
                        "data": {
                            "type": "object",
                            "required": ["object"],
                            "properties": {"object": {"type": "object"}},
                        },
                    },
                }
            }
        },
    }
}


@router.post(
    "/api/v1/webhooks/stripe",
    summary="Receive a Stripe event",
    responses=errors(
        400,
        401,
        503,
        notes={
            400: "no `Stripe-Signature`, or a verified body that is not a Stripe event; nothing stored",
            401: "`Stripe-Signature` does not verify (another secret, a changed body, a malformed "
            "header, a timestamp outside the tolerance) or no signing secret is configured; "
            "nothing stored",
            503: "the database is unavailable (Stripe retries)",
        },
    ),
    openapi_extra=_EVENT_BODY,
)
async def receive_stripe_event(
    request: Request,
    ctx: Ctx,
    stripe_signature: Annotated[
        str,
        Header(
            alias=SIGNATURE_HEADER,
            description='`t=<unix seconds>,v1=<hex HMAC-SHA256 of "{t}.{raw body}">` (one or more v1)',
        ),
    ],
) -> dict[str, WebhookReceived]:
    body = await request.body()
    settings = ctx.settings
    try:
        verify_signature(
            body,
            stripe_signature,
            settings.webhook_secrets(),
            tolerance_s=settings.stripe_webhook_tolerance_s,
            now=datetime.now(UTC),
        )
        event = parse_event(body)
    except SignatureRejected as exc:
        log.warning("finance.webhook.rejected", provider="stripe", reason=exc.reason)
        raise Unauthorized(exc.message, reason=exc.reason) from None
    except InvalidWebhookEvent as exc:
        log.warning("finance.webhook.rejected", provider="stripe", reason="invalid_event")
        raise ValidationFailed(str(exc), details={"body": str(exc)}, reason="invalid_event") from None
    async with get_database(request).transaction() as session:
        stored = await provider_events.store_provider_event(session, event)
    log.info(
        "finance.webhook.received",
        provider="stripe",
        event_id=event.id,
        type=event.type,
        duplicate=stored.duplicate,
    )
    return {"data": WebhookReceived(received=True, duplicate=stored.duplicate)}
