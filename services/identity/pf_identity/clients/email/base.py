"""The email port: :class:`EmailMessage`, :class:`EmailSender`, its errors, and the factory.

A sender delivers one already-rendered message (see :mod:`.templates`) and either returns a
:class:`SendResult` or raises:

* :class:`TransientEmailError`: try again later (connection failures, timeouts, HTTP 429
  and 5xx, SMTP 4xx). ``retry_after_s`` carries the provider's hint when it gave one.
* :class:`PermanentEmailError`: retrying the same message cannot succeed (a refused
  address, a rejected payload, bad credentials: HTTP 4xx other than 429, SMTP 5xx).

Senders never retry by themselves: the outbox-staged send job owns retries, and passes the
same ``idempotency_key`` on every attempt. The key becomes the SMTP ``Message-ID`` (so mail
clients fold duplicates) and SendGrid's ``custom_args.idempotency_key``. Neither provider
deduplicates on it, so at-most-once delivery rests on the job row, not on the provider.

Senders are built once per process with :func:`make_email_sender` (``IdentityContext.email``)
and injected; they hold no connection between sends (each SMTP send opens its own session).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from email.utils import parseaddr
from typing import TYPE_CHECKING, Any, Final, Protocol, runtime_checkable

from pf_common.logging import get_logger, mask_string

from .settings import EmailSettings

if TYPE_CHECKING:
    from pathlib import Path

__all__ = [
    "EmailConfigError",
    "EmailError",
    "EmailMessage",
    "EmailSender",
    "PermanentEmailError",
    "SendResult",
    "TransientEmailError",
    "default_outbox_file",
    "is_valid_address",
    "log_sent",
    "make_email_sender",
    "mask_addresses",
    "message_id_for",
    "parse_from",
]

log = get_logger(__name__)

MAX_TAGS: Final = 10  # SendGrid accepts at most 10 categories per message
MAX_IDEMPOTENCY_KEY_LEN: Final = 255
# A pragmatic address check: one ``@``, no whitespace, control characters, or characters
# that would need quoting in a header (``<>()[],;:"\``). Providers make the final call.
_ATOM: Final = r"[^@\s\x00-\x1f\x7f<>()\[\],;:\"\\]+"
_ADDRESS_RE: Final = re.compile(rf"{_ATOM}@{_ATOM}")
_HEADER_BREAK_RE: Final = re.compile(r"[\r\n\x00]")
_TAG_RE: Final = re.compile(r"[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?")


# --- errors ----------------------------------------------------------------------------------


class EmailError(Exception):
    """Base of the errors a sender raises."""


class TransientEmailError(EmailError):
    """The send failed but may succeed later: retry with the same idempotency key."""

    def __init__(self, message: str, *, retry_after_s: float | None = None) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


class PermanentEmailError(EmailError):
    """The provider refused this message for good: do not retry it."""


class EmailConfigError(ValueError):
    """The email settings cannot build the chosen backend (raised at startup)."""


# --- message ---------------------------------------------------------------------------------


def is_valid_address(address: str) -> bool:
    """Whether ``address`` is a plain ``local@domain`` address this module accepts.

    Consumers filter recipient lists with it (a store's contact email is free text), so
    that one bad address does not make the whole :class:`EmailMessage` invalid.
    """
    return isinstance(address, str) and _ADDRESS_RE.fullmatch(address.strip()) is not None


def _normalise_recipients(to: Iterable[str]) -> tuple[str, ...]:
    if isinstance(to, str):  # a bare string would iterate over its characters
        to = (to,)
    seen: dict[str, None] = {}
    for raw in to:
        address = raw.strip().lower() if isinstance(raw, str) else raw
        if not is_valid_address(address):
            raise ValueError(f"invalid recipient address: {mask_string(str(address))!r}")
        seen.setdefault(address, None)
    if not seen:
        raise ValueError("an email needs at least one recipient")
    return tuple(seen)


@dataclass(frozen=True, slots=True)
class EmailMessage:
    """One rendered email to one or more recipients.

    ``to`` is normalised on construction: stripped, lower-cased and deduplicated in order.
    ``html`` may be empty for a text-only email. ``idempotency_key`` is the same on every
    attempt of one logical email (e.g. ``"<consumer>:<event_id>"``). ``tags`` are short
    ASCII labels (the notification kind, ...) that become SendGrid categories and the SMTP
    ``X-PF-Tags`` header.
    """

    to: tuple[str, ...]
    subject: str
    text: str
    html: str
    idempotency_key: str
    tags: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        object.__setattr__(self, "to", _normalise_recipients(self.to))
        subject = self.subject.strip() if isinstance(self.subject, str) else ""
        if not subject or _HEADER_BREAK_RE.search(subject):
            raise ValueError("subject must be one non-empty line")
        object.__setattr__(self, "subject", subject)
        if not isinstance(self.text, str) or not self.text.strip():
            raise ValueError("text must not be empty")
        if not isinstance(self.html, str):
            raise ValueError("html must be a string ('' for a text-only email)")
        key = self.idempotency_key
        if (
            not isinstance(key, str)
            or not key
            or len(key) > MAX_IDEMPOTENCY_KEY_LEN
            or not key.isascii()
            or not key.isprintable()
        ):
            raise ValueError(
                f"idempotency_key must be 1..{MAX_IDEMPOTENCY_KEY_LEN} printable ASCII characters"
            )
        tags = (self.tags,) if isinstance(self.tags, str) else tuple(self.tags)
        tags = tuple(dict.fromkeys(tags))
        if len(tags) > MAX_TAGS or not all(isinstance(t, str) and _TAG_RE.fullmatch(t) for t in tags):
            raise ValueError(f"tags must be at most {MAX_TAGS} printable ASCII labels")
        object.__setattr__(self, "tags", tags)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict (to stage the message in a job row); inverse of :meth:`from_dict`."""
        return {
            "to": list(self.to),
            "subject": self.subject,
            "text": self.text,
            "html": self.html,
            "idempotency_key": self.idempotency_key,
            "tags": list(self.tags),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> EmailMessage:
        return cls(
            to=tuple(data["to"]),
            subject=data["subject"],
            text=data["text"],
            html=data["html"],
            idempotency_key=data["idempotency_key"],
            tags=tuple(data.get("tags") or ()),
        )


@dataclass(frozen=True, slots=True)
class SendResult:
    """What the provider said: its message id (SMTP ``Message-ID``, SendGrid ``X-Message-Id``;
    ``None`` for the log sender) and the recipients it refused while accepting the others
    (SMTP only; a retry would duplicate the email to the accepted ones, so it is not an error).
    """

    provider_message_id: str | None
    refused: tuple[str, ...] = ()


@runtime_checkable
class EmailSender(Protocol):
    """Delivers one message. Raises :class:`TransientEmailError` or :class:`PermanentEmailError`."""

    async def send(self, message: EmailMessage) -> SendResult: ...


# --- helpers shared by the senders -----------------------------------------------------------


def parse_from(value: str) -> tuple[str, str]:
    """``"Name <addr@host>"`` (or a bare address) -> ``(name, address)``; ``name`` may be ``""``."""
    name, address = parseaddr(value)
    if not is_valid_address(address) or _HEADER_BREAK_RE.search(value):
        raise EmailConfigError("email_from must be an address or 'Name <address>'")
    return name.strip(), address.strip()


def message_id_for(idempotency_key: str, domain: str) -> str:
    """The RFC 5322 ``Message-ID`` of the email with this idempotency key: the same on every
    attempt, so a duplicate delivery carries the same id (``<pf.<sha256 prefix>@domain>``)."""
    digest = hashlib.sha256(idempotency_key.encode()).hexdigest()[:40]
    return f"<pf.{digest}@{domain}>"


def mask_addresses(addresses: Iterable[str]) -> list[str]:
    """Addresses as logs may show them: ``jane@example.com`` -> ``j***@example.com``."""
    return [mask_string(a) for a in addresses]


def log_sent(backend: str, message: EmailMessage, result: SendResult) -> None:
    """The one ``email.sent`` line of a delivered email: masked recipients, never the body."""
    log.info(
        "email.sent",
        backend=backend,
        to=mask_addresses(message.to),
        recipient_count=len(message.to),
        refused=mask_addresses(result.refused),
        tags=list(message.tags),
        idempotency_key=message.idempotency_key,
        provider_message_id=result.provider_message_id,
    )


# --- factory ---------------------------------------------------------------------------------


def default_outbox_file() -> Path:
    """``<project root>/.pf/mail/outbox.jsonl`` (the log sender's default file)."""
    from pf_common.settings import find_project_root

    return find_project_root() / ".pf" / "mail" / "outbox.jsonl"


def make_email_sender(cfg: EmailSettings, *, environment: str = "dev") -> EmailSender:
    """The sender of ``cfg.email_backend`` (``log``, ``smtp`` or ``sendgrid``); ``environment``
    is the service's (the log backend in ``prod`` is warned about).

    Raises :class:`EmailConfigError` when the backend cannot be built (``sendgrid`` without
    an API key, an unparsable ``email_from``). Does no I/O: connections open per send.
    """
    from_name, from_address = parse_from(cfg.email_from)
    if cfg.email_backend == "log":
        from .log import LogEmailSender

        if environment == "prod":
            log.warning("email.backend.log_in_prod", detail="emails are logged, not delivered")
        return LogEmailSender(cfg.email_outbox_file or default_outbox_file(), email_from=cfg.email_from)
    if cfg.email_backend == "smtp":
        from .smtp import SmtpEmailSender

        return SmtpEmailSender(
            host=cfg.smtp_host,
            port=cfg.smtp_port,
            from_address=from_address,
            from_name=from_name,
            username=cfg.smtp_username,
            password=cfg.smtp_password,
            starttls=cfg.smtp_starttls,
            timeout_s=cfg.smtp_timeout_s,
        )
    if cfg.email_backend == "sendgrid":
        from .sendgrid import SendGridEmailSender

        if cfg.sendgrid_api_key is None or not cfg.sendgrid_api_key.get_secret_value().strip():
            raise EmailConfigError("email_backend 'sendgrid' needs sendgrid_api_key")
        return SendGridEmailSender(
            cfg.sendgrid_api_key,
            from_address=from_address,
            from_name=from_name,
            host=cfg.sendgrid_host,
            timeout_s=cfg.sendgrid_timeout_s,
        )
    raise EmailConfigError(f"unknown email_backend {cfg.email_backend!r}")  # pragma: no cover
