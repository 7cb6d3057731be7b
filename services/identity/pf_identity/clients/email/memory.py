"""An in-memory sender for tests of the code that sends email (consumers, the send job).

``sender.sent`` lists the delivered messages in order; ``fail_with`` makes the next sends
raise (one exception per send, in order) to exercise retry and give-up paths.
"""

from __future__ import annotations

from collections.abc import Iterable

from .base import EmailError, EmailMessage, SendResult, message_id_for

__all__ = ["InMemoryEmailSender"]


class InMemoryEmailSender:
    backend = "memory"

    def __init__(self, *, fail_with: Iterable[EmailError] = ()) -> None:
        self.sent: list[EmailMessage] = []
        self.attempts = 0
        self._failures = list(fail_with)

    def fail_next(self, *errors: EmailError) -> None:
        self._failures.extend(errors)

    async def send(self, message: EmailMessage) -> SendResult:
        self.attempts += 1
        if self._failures:
            raise self._failures.pop(0)
        self.sent.append(message)
        return SendResult(provider_message_id=message_id_for(message.idempotency_key, "memory.invalid"))
