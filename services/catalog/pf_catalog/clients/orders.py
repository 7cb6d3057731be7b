"""orders' internal endpoint the reservation sweeper asks (API.md §4, row "reservation sweeper").

Contract (orders serves it; never routed by the gateway)::

    POST {orders_internal_url}/internal/v1/line-items:exists
    {"ids": ["<line item id>", ...]}                 # 1..1000 ids (catalog sends at most 1000)
    200 {"data": {"existing": ["<line item id>", ...]}}   # the asked ids that exist, any order

The request carries catalog's service token (audience ``orders``); orders refuses any other
caller. A line item id is the id of its reservation (DOMAIN §5.3). ``existing`` lists the asked ids
that orders committed, whatever the line's status; an id absent from it does not exist (its
checkout never committed). It is a read: safe to repeat, no side effects. Any other status,
a timeout, a refused connection or a body of another shape means "orders cannot tell now":
the client raises ``OrdersUnavailable`` and the sweeper leaves the holds alone until its next run.

The request is a POST (a batch read), so ``RetryTransport`` does not retry it: the sweeper
runs again within a minute, which is the retry.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final, Protocol
from uuid import UUID

import httpx

from pf_common.http import InternalClient

LINE_ITEMS_EXISTS_PATH: Final = "/internal/v1/line-items:exists"
MAX_IDS: Final = 1000


class OrdersUnavailable(Exception):
    """orders did not give a usable answer (down, slow, 5xx, unexpected body)."""


class OrdersClient(Protocol):
    async def existing_line_items(self, ids: Sequence[UUID]) -> set[UUID]:
        """The subset of ``ids`` that exist at orders; raises ``OrdersUnavailable``."""
        ...

    async def aclose(self) -> None: ...


class HttpOrdersClient(InternalClient):
    """``token_provider``: catalog's service tokens for orders (``ServiceAuth.token_provider``)."""

    retries = 0
    default_timeout_s = 2.0

    async def existing_line_items(self, ids: Sequence[UUID]) -> set[UUID]:
        asked = list(dict.fromkeys(ids))
        if not asked:
            return set()
        if len(asked) > MAX_IDS:
            raise ValueError(f"at most {MAX_IDS} ids per call")
        try:
            r = await self._client.post(LINE_ITEMS_EXISTS_PATH, json={"ids": [str(i) for i in asked]})
        except httpx.HTTPError as exc:
            raise OrdersUnavailable(type(exc).__name__) from exc
        if r.status_code != 200:
            raise OrdersUnavailable(f"status {r.status_code}")
        try:
            existing = {UUID(str(v)) for v in r.json()["data"]["existing"]}
        except (KeyError, TypeError, ValueError) as exc:
            raise OrdersUnavailable(f"unexpected body: {type(exc).__name__}") from exc
        return existing & set(asked)  # never trust ids we did not ask about
