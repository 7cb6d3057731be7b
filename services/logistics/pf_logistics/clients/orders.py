"""orders' internal OrderDetail, as logistics shows it to agents (API.md §4).

Contract (orders serves it; never routed by the gateway)::

    GET {orders_internal_url}/internal/v1/orders/{order_id}
    200 {"data": OrderDetail}   # API.md §2, with both parties' phone and address
    404                         # orders does not know the order

The request carries logistics' service token (audience ``orders``). Any other status, a timeout or
a refused connection raises :class:`OrdersUnavailable`; a GET is retried once by ``RetryTransport``.
"""

from __future__ import annotations

from typing import Any, Final, Protocol
from uuid import UUID

import httpx

from pf_common.http import InternalClient

ORDER_PATH: Final = "/internal/v1/orders/{order_id}"


class OrdersUnavailable(Exception):
    """orders gave no usable answer (down, slow, 5xx, unexpected body)."""


class OrdersClient(Protocol):
    async def get_order(self, order_id: UUID) -> dict[str, Any] | None:
        """orders' OrderDetail (the ``data`` object), None on 404; raises ``OrdersUnavailable``."""
        ...

    async def aclose(self) -> None: ...


class HttpOrdersClient(InternalClient):
    retries = 1
    default_timeout_s = 2.0

    async def get_order(self, order_id: UUID) -> dict[str, Any] | None:
        try:
            r = await self._client.get(ORDER_PATH.format(order_id=order_id))
        except httpx.HTTPError as exc:
            raise OrdersUnavailable(type(exc).__name__) from exc
        if r.status_code == 404:
            return None
        if r.status_code != 200:
            raise OrdersUnavailable(f"status {r.status_code}")
        try:
            detail = r.json()["data"]
            if str(detail["order"]["id"]) != str(order_id):
                raise ValueError("another order")
        except (KeyError, TypeError, ValueError) as exc:
            raise OrdersUnavailable(f"unexpected body: {type(exc).__name__}") from exc
        result: dict[str, Any] = detail
        return result
