"""Settings fields of outgoing email, as a mixin for identity's ``Settings``.

Mixed in as ``class Settings(ServiceSettings, EmailSettings, ...)``: the fields are read
like every other setting (``PF_IDENTITY_EMAIL_BACKEND``, then ``PF_EMAIL_BACKEND``), and
:func:`pf_identity.clients.email.make_email_sender` takes them typed.

Backends (ARCHITECTURE §5 "email"): ``log`` (embedded default: one log line per email and
the full message appended to ``email_outbox_file``), ``smtp`` (optional, any SMTP relay)
and ``sendgrid`` (production).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal, Self

from pydantic import BaseModel, Field, SecretStr, model_validator

__all__ = ["DEFAULT_APP_BASE_URL", "DEFAULT_EMAIL_FROM", "EmailBackend", "EmailSettings"]

EmailBackend = Literal["log", "smtp", "sendgrid"]

DEFAULT_EMAIL_FROM = "PackFinderz <no-reply@packfinderz.test>"
DEFAULT_APP_BASE_URL = "http://localhost:8080"


class EmailSettings(BaseModel):
    """Fields of outgoing email (mixin; see the module docstring)."""

    email_backend: EmailBackend = "log"
    # RFC 5322 mailbox: ``Name <address>`` or a bare address.
    email_from: str = DEFAULT_EMAIL_FROM
    # log backend: JSON-lines file of every message; default <project>/.pf/mail/outbox.jsonl
    email_outbox_file: Path | None = None

    # smtp backend
    smtp_host: str = "127.0.0.1"
    smtp_port: int = Field(default=25, ge=1, le=65535)
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_starttls: bool = False
    smtp_timeout_s: float = Field(default=10.0, gt=0, le=300)

    # sendgrid backend (v3 mail send)
    sendgrid_api_key: SecretStr | None = None
    sendgrid_host: str = "https://api.sendgrid.com"
    sendgrid_timeout_s: float = Field(default=10.0, gt=0, le=300)

    # Links in emails are absolute: this origin + an app path (``/orders/{id}``).
    app_base_url: str = DEFAULT_APP_BASE_URL

    @model_validator(mode="after")
    def _backend_is_configured(self) -> Self:
        if self.email_backend == "sendgrid" and not _secret(self.sendgrid_api_key):
            raise ValueError(
                "email_backend 'sendgrid' needs sendgrid_api_key "
                "(PF_IDENTITY_SENDGRID_API_KEY or PF_SENDGRID_API_KEY)"
            )
        if self.smtp_password is not None and not self.smtp_username:
            raise ValueError("smtp_password is set but smtp_username is not")
        if not self.app_base_url.startswith(("http://", "https://")):
            raise ValueError("app_base_url must be an absolute http(s) URL")
        return self


def _secret(value: SecretStr | None) -> str:
    return value.get_secret_value().strip() if value is not None else ""
