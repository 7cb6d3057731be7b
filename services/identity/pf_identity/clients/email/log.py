"""The embedded default sender: log the email, and append it to a JSON-lines outbox file.

Each send writes one ``email.sent`` log line (recipients masked, no subject or body: NFR §5
logs no PII) and appends the whole message as one JSON object per line to the outbox file
(default ``<project>/.pf/mail/outbox.jsonl``), so a developer, or an e2e test with
:func:`read_outbox`, can read what would have been sent. Nothing leaves the machine.

The file is created ``0600`` (its directory ``0700`` when this sender creates it) and each
line is one ``write(2)`` on an ``O_APPEND`` descriptor, so workers in several processes
can append at once without interleaving lines.
"""

from __future__ import annotations

import asyncio
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .base import EmailMessage, SendResult, TransientEmailError, log_sent, message_id_for, parse_from
from .settings import DEFAULT_EMAIL_FROM

__all__ = ["LogEmailSender", "read_outbox"]

_OPEN_FLAGS = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_CLOEXEC", 0)


class LogEmailSender:
    """Sender of the ``log`` backend (see the module docstring)."""

    backend = "log"

    def __init__(self, outbox_file: Path, *, email_from: str = DEFAULT_EMAIL_FROM) -> None:
        self.outbox_file = Path(outbox_file)
        self._email_from = email_from
        self._domain = parse_from(email_from)[1].rsplit("@", 1)[1]

    async def send(self, message: EmailMessage) -> SendResult:
        line = self._line(message)
        try:
            await asyncio.to_thread(self._append, line)
        except OSError as exc:
            raise TransientEmailError(f"cannot append to the email outbox: {exc.strerror or exc}") from exc
        result = SendResult(provider_message_id=None)
        log_sent(self.backend, message, result)
        return result

    def _line(self, message: EmailMessage) -> bytes:
        record: dict[str, Any] = {
            "sent_at": datetime.now(UTC).isoformat(),
            "message_id": message_id_for(message.idempotency_key, self._domain),
            "from": self._email_from,
            **message.to_dict(),
        }
        # One physical line: json.dumps escapes the newlines inside text and html.
        return (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")

    def _append(self, line: bytes) -> None:
        directory = self.outbox_file.parent
        if not directory.is_dir():
            directory.mkdir(parents=True, exist_ok=True, mode=0o700)
            os.chmod(directory, 0o700)  # mkdir's mode is filtered by the umask
        fd = os.open(self.outbox_file, _OPEN_FLAGS, 0o600)
        try:
            written = os.write(fd, line)
        finally:
            os.close(fd)
        if written != len(line):  # a short write (disk full): the line is torn, say so
            raise OSError(f"short write to the email outbox ({written} of {len(line)} bytes)")


def read_outbox(path: Path) -> list[dict[str, Any]]:
    """Every message in a log sender's outbox file, oldest first (``[]`` when there is none)."""
    try:
        content = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    return [json.loads(line) for line in content.splitlines() if line.strip()]
