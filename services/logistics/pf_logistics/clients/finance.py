"""finance's settle call, as logistics makes it when an agent records the cash (API.md §4).

Contract (finance serves it; never routed by the gateway)::

    POST {finance_internal_url}/internal/v1/payment-intents/{order_id}:settle
    Idempotency-Key: <derived from the assignment>      # a retry gets finance's first answer
    {"amount_cents", "agent_user_id", "collected_at"}
    200 PaymentIntentView (settled)
    422 STATE_CONFLICT (amount mismatch: the intent failed and stays failed; or not settleable)
    409 CONFLICT with Retry-After (finance has not applied the order's latest totals; not stored:
        the same call with the same key runs again) / 409 (the same key in flight)
    404 (finance knows no payment for the order)

logistics does not judge the amount: finance's answer (200 or 4xx) comes back as
:class:`SettleAnswer` and the route passes it through. A connection error, a timeout or a 5xx
raises :class:`FinanceUnavailable` after ``RetryTransport``'s retries (safe: the key makes the call
idempotent at finance, so a retry after a lost response gets the first answer, never a second
effect).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final, Protocol
from uuid import UUID

import httpx

from pf_common.http import InternalClient

SETTLE_PATH: Final = "/internal/v1/payment-intents/{order_id}:settle"


class FinanceUnavailable(Exception):
    """finance gave no answer (down, timeout, 5xx): nothing is known about the settle."""


@dataclass(frozen=True, slots=True)
class SettleAnswer:
    status: int
    body: dict[str, Any]
    retry_after: str | None = None


class FinanceClient(Protocol):
    async def settle(
        self,
        order_id: UUID,
        *,
        amount_cents: int,
        agent_user_id: UUID,
        collected_at: datetime,
        idempotency_key: str,
    ) -> SettleAnswer: ...

    async def aclose(self) -> None: ...


class HttpFinanceClient(InternalClient):
    retries = 2
    default_timeout_s = 5.0

    async def settle(
        self,
        order_id: UUID,
        *,
        amount_cents: int,
        agent_user_id: UUID,
        collected_at: datetime,
        idempotency_key: str,
    ) -> SettleAnswer:
        try:
            r = await self._client.post(
                SETTLE_PATH.format(order_id=order_id),
                json={
                    "amount_cents": amount_cents,
                    "agent_user_id": str(agent_user_id),
                    "collected_at": collected_at.isoformat(),
                },
                headers={"Idempotency-Key": idempotency_key},
            )
        except httpx.HTTPError as exc:
            raise FinanceUnavailable(type(exc).__name__) from exc
        if r.status_code >= 500:
            raise FinanceUnavailable(f"status {r.status_code}")
        try:
            body = r.json()
            if not isinstance(body, dict):
                raise TypeError("not an object")
        except (TypeError, ValueError) as exc:
            raise FinanceUnavailable(f"unexpected body: {type(exc).__name__}") from exc
        return SettleAnswer(r.status_code, body, r.headers.get("retry-after"))
