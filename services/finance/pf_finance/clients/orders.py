"""orders' internal OrderDetail, as finance asks it (API.md §4, row "agent/admin detail views").

Contract (orders serves it; never routed by the gateway)::

    GET {orders_internal_url}/internal/v1/orders/{order_id}
    200 {"data": OrderDetail}   # API.md §2: order {id, order_number, status, total_cents, ...},
                                # line_items, payment_intent, buyer_store, vendor_store, ...
    404                         # orders does not know the order

The request carries finance's service token (audience ``orders``). Two uses: the admin payout
detail shows the OrderDetail as orders has it, and a settle whose amount disagrees with finance's
copy of the total asks orders for the order's current total before it calls the cash a mismatch
(finance may lag behind ``order_totals_changed``). Any other status, a timeout or a refused
connection raises :class:`OrdersUnavailable`; a GET is retried once by ``RetryTransport``.
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
        """orders' OrderDetail of ``order_id`` (the ``data`` object), None when orders answers 404;
        raises ``OrdersUnavailable``."""
        ...

    async def aclose(self) -> None: ...


class HttpOrdersClient(InternalClient):
    """``token_provider``: finance's service tokens for orders (``ServiceAuth.token_provider``)."""

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
            order = detail["order"]
            if str(order["id"]) != str(order_id) or not isinstance(order["total_cents"], int):
                raise ValueError("another order or a total that is not an integer")
        except (KeyError, TypeError, ValueError) as exc:
            raise OrdersUnavailable(f"unexpected body: {type(exc).__name__}") from exc
        result: dict[str, Any] = detail
        return result
