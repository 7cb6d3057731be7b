"""Outgoing email (ARCHITECTURE §5 "email"): the port, its three adapters and the templates.

* :mod:`.base`: :class:`EmailMessage`, the :class:`EmailSender` protocol, :class:`SendResult`,
  :class:`TransientEmailError` / :class:`PermanentEmailError` and :func:`make_email_sender`.
* :mod:`.log` (embedded default), :mod:`.smtp` (optional), :mod:`.sendgrid` (production).
* :mod:`.templates`: :func:`render_email` / :func:`compose_email` per notification kind.
* :mod:`.settings`: the :class:`EmailSettings` mixin of identity's ``Settings``.
* :mod:`.memory`: :class:`InMemoryEmailSender` for tests.

Typical use in the send job: the worker's ``IdentityContext.email`` (``make_email_sender``,
built once per process); ``await sender.send(EmailMessage.from_dict(row.payload))`` per staged
email, retrying on :class:`TransientEmailError` and giving up on :class:`PermanentEmailError`.
"""

from .base import (
    EmailConfigError,
    EmailError,
    EmailMessage,
    EmailSender,
    PermanentEmailError,
    SendResult,
    TransientEmailError,
    is_valid_address,
    make_email_sender,
)
from .settings import EmailSettings
from .templates import (
    CONTEXT_KEYS,
    EMAIL_KINDS,
    EmailContextError,
    RenderedEmail,
    UnknownEmailKind,
    compose_email,
    link_path,
    render_email,
)

__all__ = [
    "CONTEXT_KEYS",
    "EMAIL_KINDS",
    "EmailConfigError",
    "EmailContextError",
    "EmailError",
    "EmailMessage",
    "EmailSender",
    "EmailSettings",
    "PermanentEmailError",
    "RenderedEmail",
    "SendResult",
    "TransientEmailError",
    "UnknownEmailKind",
    "compose_email",
    "is_valid_address",
    "link_path",
    "make_email_sender",
    "render_email",
]
