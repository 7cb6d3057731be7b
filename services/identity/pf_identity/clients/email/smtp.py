"""The optional SMTP sender: the stdlib ``smtplib`` in a worker thread.

Each send opens one session (``EHLO``, optional ``STARTTLS`` + ``EHLO``, optional ``AUTH``),
sends one ``multipart/alternative`` message (text, then html) to every recipient, and
quits. The ``Message-ID`` is derived from the idempotency key, so a retried email carries
the id of the first attempt.

Errors (see :mod:`.base`):

* connection refused, timeouts, a dropped connection, a refused greeting, SMTP 4xx
  -> :class:`TransientEmailError`;
* SMTP 5xx (every recipient refused, sender refused, message rejected, bad credentials) and
  a server without ``STARTTLS``/``AUTH`` when they are configured -> :class:`PermanentEmailError`.

When the server accepts some recipients and refuses others, the email went out: the send
succeeds with the refused addresses in :attr:`SendResult.refused` (retrying would send it
twice to the accepted ones).
"""

from __future__ import annotations

import asyncio
import smtplib
import ssl
from email.message import EmailMessage as MimeMessage
from email.policy import SMTP as SMTP_POLICY
from email.utils import formataddr, formatdate

from pydantic import SecretStr

from pf_common.iosafety import check_io

from .base import (
    EmailMessage,
    PermanentEmailError,
    SendResult,
    TransientEmailError,
    log_sent,
    message_id_for,
)

__all__ = ["SmtpEmailSender"]


class SmtpEmailSender:
    """Sender of the ``smtp`` backend (see the module docstring).

    ``ssl_context`` (tests, private CAs) replaces the default verifying context of STARTTLS;
    ``local_hostname`` is the ``EHLO`` name (default: this host's FQDN, as smtplib does).
    """

    backend = "smtp"

    def __init__(
        self,
        *,
        host: str,
        port: int,
        from_address: str,
        from_name: str = "",
        username: str | None = None,
        password: SecretStr | str | None = None,
        starttls: bool = False,
        timeout_s: float = 10.0,
        ssl_context: ssl.SSLContext | None = None,
        local_hostname: str | None = None,
    ) -> None:
        self.host = host
        self.port = port
        self.from_address = from_address
        self.from_name = from_name
        self.username = username
        self._password = password if isinstance(password, SecretStr | None) else SecretStr(password)
        self.starttls = starttls
        self.timeout_s = timeout_s
        self._ssl_context = ssl_context
        self._local_hostname = local_hostname
        self._domain = from_address.rsplit("@", 1)[1]

    def build_mime(self, message: EmailMessage) -> MimeMessage:
        """The RFC 5322 message sent for ``message`` (text/plain + text/html alternatives)."""
        mime = MimeMessage(policy=SMTP_POLICY)
        mime["From"] = formataddr((self.from_name, self.from_address))
        mime["To"] = ", ".join(message.to)
        mime["Subject"] = message.subject
        mime["Date"] = formatdate(usegmt=True)
        mime["Message-ID"] = message_id_for(message.idempotency_key, self._domain)
        mime["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies, please
        if message.tags:
            mime["X-PF-Tags"] = ", ".join(message.tags)
        mime.set_content(message.text)
        if message.html:
            mime.add_alternative(message.html, subtype="html")
        return mime

    async def send(self, message: EmailMessage) -> SendResult:
        check_io("email.smtp.send")  # a network call: never while a database session is open
        mime = self.build_mime(message)
        refused = await asyncio.to_thread(self._deliver, mime, message.to)
        result = SendResult(provider_message_id=str(mime["Message-ID"]), refused=refused)
        log_sent(self.backend, message, result)
        return result

    def _deliver(self, mime: MimeMessage, to: tuple[str, ...]) -> tuple[str, ...]:
        where = f"{self.host}:{self.port}"
        try:
            with smtplib.SMTP(
                self.host, self.port, timeout=self.timeout_s, local_hostname=self._local_hostname
            ) as smtp:
                smtp.ehlo()
                if self.starttls:
                    smtp.starttls(context=self._ssl_context or ssl.create_default_context())
                    smtp.ehlo()
                if self.username:
                    password = self._password.get_secret_value() if self._password else ""
                    smtp.login(self.username, password)
                refused = smtp.send_message(mime, from_addr=self.from_address, to_addrs=list(to))
        except smtplib.SMTPRecipientsRefused as exc:  # every recipient refused
            codes = sorted({code for code, _ in exc.recipients.values()})
            detail = f"SMTP server {where} refused every recipient (codes {codes})"
            if any(400 <= code < 500 for code in codes):
                raise TransientEmailError(detail) from None
            raise PermanentEmailError(detail) from None
        except smtplib.SMTPConnectError as exc:  # the greeting was not 220
            raise TransientEmailError(
                f"SMTP server {where} refused the connection ({exc.smtp_code})"
            ) from None
        except smtplib.SMTPResponseException as exc:  # sender/data/auth/helo refused
            detail = f"SMTP server {where} answered {exc.smtp_code} ({type(exc).__name__})"
            if 400 <= exc.smtp_code < 500:
                raise TransientEmailError(detail) from None
            raise PermanentEmailError(detail) from None
        except smtplib.SMTPServerDisconnected as exc:
            raise TransientEmailError(f"SMTP server {where} disconnected: {exc}") from None
        except smtplib.SMTPException as exc:  # STARTTLS/AUTH not offered, no common AUTH mechanism
            raise PermanentEmailError(f"SMTP server {where}: {exc}") from None
        except (OSError, TimeoutError) as exc:  # refused, unreachable, timed out, TLS failure
            raise TransientEmailError(
                f"SMTP server {where} unreachable: {type(exc).__name__}: {exc}"
            ) from exc
        return tuple(sorted(refused))
