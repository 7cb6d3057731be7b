"""The production sender: SendGrid v3 mail send through the ``sendgrid`` package.

The official client is synchronous (urllib), so each send runs in a worker thread with a
timeout. The request (``POST /v3/mail/send``) carries one personalization with every
recipient, ``from`` (address and name), ``subject``, ``content`` (``text/plain`` then
``text/html``), the message tags as ``categories`` and ``custom_args.idempotency_key``
(searchable in the SendGrid activity feed and echoed in its event webhooks; SendGrid does
not deduplicate on it). The result's ``provider_message_id`` is the ``X-Message-Id`` header.

Errors (see :mod:`.base`): HTTP 429 (with ``Retry-After`` when given) and 5xx, connection
failures and timeouts -> :class:`TransientEmailError`; every other 4xx (400 bad payload or
address, 401/403 bad key or unverified sender, 413) -> :class:`PermanentEmailError`.

The client's own DEBUG logging prints request headers (the API key) and bodies, so this
module keeps the ``python_http_client`` logger at INFO or above.
"""

from __future__ import annotations

import asyncio
import http.client
import json
import logging
import urllib.error
from typing import Any, Final

from pydantic import SecretStr
from python_http_client.exceptions import HTTPError
from sendgrid import SendGridAPIClient
from sendgrid.helpers.mail import (
    Category,
    CustomArg,
    From,
    HtmlContent,
    Mail,
    PlainTextContent,
    To,
)

from pf_common.iosafety import check_io
from pf_common.logging import mask_string

from .base import EmailMessage, PermanentEmailError, SendResult, TransientEmailError, log_sent

__all__ = ["SENDGRID_HOST", "SendGridEmailSender", "build_mail_body"]

SENDGRID_HOST: Final = "https://api.sendgrid.com"
_MAX_ERROR_DETAIL: Final = 300


def build_mail_body(message: EmailMessage, *, from_address: str, from_name: str = "") -> dict[str, Any]:
    """The JSON body of ``POST /v3/mail/send`` for ``message``."""
    mail = Mail(
        from_email=From(from_address, from_name or None),
        to_emails=[To(address) for address in message.to],
        subject=message.subject,
        plain_text_content=PlainTextContent(message.text),
        html_content=HtmlContent(message.html) if message.html else None,
    )
    for tag in message.tags:
        mail.add_category(Category(tag))
    mail.custom_arg = CustomArg("idempotency_key", message.idempotency_key)
    body: dict[str, Any] = mail.get()
    return body


class SendGridEmailSender:
    """Sender of the ``sendgrid`` backend (see the module docstring)."""

    backend = "sendgrid"

    def __init__(
        self,
        api_key: SecretStr,
        *,
        from_address: str,
        from_name: str = "",
        host: str = SENDGRID_HOST,
        timeout_s: float = 10.0,
    ) -> None:
        self.from_address = from_address
        self.from_name = from_name
        self.host = host.rstrip("/")
        self.timeout_s = timeout_s
        self._client = SendGridAPIClient(api_key.get_secret_value(), host=self.host)
        _quiet_http_client_debug_log()

    async def send(self, message: EmailMessage) -> SendResult:
        check_io("email.sendgrid.send")  # a network call: never while a database session is open
        body = build_mail_body(message, from_address=self.from_address, from_name=self.from_name)
        message_id = await asyncio.to_thread(self._post, body)
        result = SendResult(provider_message_id=message_id)
        log_sent(self.backend, message, result)
        return result

    def _post(self, body: dict[str, Any]) -> str | None:
        try:
            response = self._client.client.mail.send.post(request_body=body, timeout=self.timeout_s)
        except HTTPError as exc:
            raise _http_error(exc) from None
        except urllib.error.URLError as exc:  # refused, DNS, TLS, or a timeout while connecting
            raise TransientEmailError(f"SendGrid unreachable: {exc.reason}") from exc
        except (TimeoutError, http.client.HTTPException, OSError) as exc:  # read timeout, reset
            raise TransientEmailError(f"SendGrid request failed: {type(exc).__name__}: {exc}") from exc
        headers = response.headers
        message_id = headers.get("X-Message-Id") if headers is not None else None
        return str(message_id) if message_id else None


def _http_error(exc: HTTPError) -> TransientEmailError | PermanentEmailError:
    status = int(exc.status_code)
    detail = f"SendGrid answered HTTP {status}"
    errors = _error_messages(exc.body)
    if errors:
        detail = f"{detail}: {errors}"
    if status == 429 or status >= 500:
        return TransientEmailError(detail, retry_after_s=_retry_after(exc.headers))
    return PermanentEmailError(detail)


def _error_messages(body: Any) -> str:
    """SendGrid's ``{"errors": [{"message": ...}]}`` as one short line (addresses masked)."""
    try:
        raw = body.decode("utf-8", errors="replace") if isinstance(body, bytes | bytearray) else str(body)
        payload = json.loads(raw)
        messages = [str(e.get("message", "")) for e in payload.get("errors", []) if isinstance(e, dict)]
        text = "; ".join(m for m in messages if m)
    except (ValueError, AttributeError, TypeError):
        return ""
    return mask_string(text)[:_MAX_ERROR_DETAIL]


def _retry_after(headers: Any) -> float | None:
    value = headers.get("Retry-After") if headers is not None else None
    try:
        seconds = float(value) if value is not None else None
    except ValueError:  # an HTTP date: let the job's own backoff decide
        return None
    return seconds if seconds is not None and seconds >= 0 else None


def _quiet_http_client_debug_log() -> None:
    logger = logging.getLogger("python_http_client")
    if logger.level < logging.INFO:
        logger.setLevel(logging.INFO)
