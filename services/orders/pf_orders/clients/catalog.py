"""catalog's internal endpoints orders calls (API.md §4): the quote's products and checkout's
inventory reservations (DOMAIN §5.3, §5.4).

Contract (catalog serves it; never routed by the gateway)::

    POST {catalog_internal_url}/internal/v1/products:batch-get
    {"product_ids": ["<product id>", ...]}                                  # 1..200 ids
    200 {"data": [{"id", "store_id", "sku", "title", "unit", "moq", "max_qty", "price_cents",
                   "is_active", "category", "classification", "strain", "thumbnail_url",
                   "available_qty", "volume_discounts": [{"min_qty": 50,
                                                          "discount_percent": "12.5000"}]}]}

    POST {catalog_internal_url}/internal/v1/inventory/reservations
    {"checkout_group_id": "<id>",
     "lines": [{"reservation_id", "order_id", "product_id", "qty"}, ...]}   # 1..200 lines
    200 {"data": {"results": [{"reservation_id": "<id>", "reserved": false,
                               "reason": "insufficient_inventory"}, ...]}}

    POST {catalog_internal_url}/internal/v1/inventory/reservations:confirm  # held → confirmed
    POST {catalog_internal_url}/internal/v1/inventory/reservations:release  # held|confirmed → released
    {"reservation_ids": ["<id>", ...]}                                      # 1..200 ids
    200 {"data": {"updated": 3}}

Every request carries orders' service token (audience ``catalog``); catalog refuses any other
caller.

* ``batch_get``: the products catalog knows, by id (an unknown id is absent; an inactive product
  is present with ``is_active`` false). Integers must be JSON integers (not booleans, not
  floats); ``max_qty`` is as catalog keeps it (0 = unlimited; a null reads as None);
  ``discount_percent`` is a decimal string (or a JSON integer) read with ``Decimal(str(v))``, a
  JSON float is refused: money never passes through a float. Tiers come highest ``min_qty``
  first.
* ``reserve``: one result per line, in line order. A reservation id is the order line item id,
  ``order_id`` the vendor order id. catalog answers per line (a refused line does not undo the
  others) and is idempotent per reservation id: a repeat gets the stored outcome (held ⇒
  reserved; released ⇒ refused with ``reservation_released``), and a refused line leaves
  nothing behind, so a repeat tries it again. Reasons: ``insufficient_inventory``,
  ``unknown_product`` (catalog has no stock row for it), ``reservation_released``.
* ``confirm`` / ``release``: how many reservations changed state; repeats change nothing (0).
  More than 200 ids go in chunks of 200 and the counts are summed; a failure after some chunks
  raises, the chunks before it stay applied, and repeating the whole call is safe.

Anything but a 200 with a body of the shape above — another status (a 401 without a token, a
409 for a reservation id reused for another line, a 5xx), a refused connection, a timeout, a
body of another shape, a line catalog did not answer for — raises ``CatalogUnavailable`` with a
short reason (operation, status or exception class, or the field that was wrong; never the body
or the token). Ids catalog returns that were not asked about are ignored.

Retries: all four calls are safe to repeat at catalog (a read, and writes idempotent per
reservation id), so every request carries an ``Idempotency-Key`` and ``RetryTransport`` (which
repeats a POST only when it has that header) retries it ``RETRIES`` time(s) on a connect error, a
connect or read timeout, a connection that broke before the answer, or 502/503/504. catalog's
internal routes declare no ``Idempotent`` claim, so its idempotency middleware neither stores nor
replays anything for them: the header is inert there. The key is derived from the request
(operation + SHA-256 of the exact body), so that should catalog ever opt in, one key still always
means one request. After a read timeout the first attempt may have committed: the retry then gets
the stored outcome (reserve) or does not count what the first attempt changed (confirm, release) —
``updated`` is for logs, never for correctness. A catalog that does not answer costs a caller about
(1 + RETRIES) × ``timeout_s`` before ``CatalogUnavailable``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final, Protocol
from uuid import UUID

import httpx

from pf_common.http import InternalClient

__all__ = [
    "BATCH_GET_PATH",
    "CONFIRM_PATH",
    "INSUFFICIENT_INVENTORY",
    "MAX_LINES",
    "RELEASE_PATH",
    "RESERVATION_RELEASED",
    "RESERVE_PATH",
    "UNKNOWN_PRODUCT",
    "CatalogClient",
    "CatalogProduct",
    "CatalogUnavailable",
    "HttpCatalogClient",
    "ReservationLine",
    "ReservationResult",
    "VolumeTier",
]

BATCH_GET_PATH: Final = "/internal/v1/products:batch-get"
RESERVE_PATH: Final = "/internal/v1/inventory/reservations"
CONFIRM_PATH: Final = "/internal/v1/inventory/reservations:confirm"
RELEASE_PATH: Final = "/internal/v1/inventory/reservations:release"

MAX_LINES: Final = 200  # per batch-get / reserve / confirm / release call
RETRIES: Final = 1  # extra attempts of a call on a connect error, timeout or 502/503/504

# per-line refusal reasons catalog gives (pf_catalog.domain.reservations)
INSUFFICIENT_INVENTORY: Final = "insufficient_inventory"
UNKNOWN_PRODUCT: Final = "unknown_product"
RESERVATION_RELEASED: Final = "reservation_released"

_PERCENT = re.compile(r"[0-9]{1,3}(?:\.[0-9]{1,10})?")  # "12.5000": no sign, exponent or spaces


@dataclass(frozen=True, slots=True)
class VolumeTier:
    min_qty: int
    discount_percent: Decimal  # 0..100, exact


@dataclass(frozen=True, slots=True)
class CatalogProduct:
    id: UUID
    store_id: UUID
    sku: str
    title: str
    unit: str
    moq: int
    max_qty: int | None  # as catalog sends it: 0 = unlimited
    price_cents: int
    is_active: bool
    category: str
    classification: str | None
    strain: str | None
    thumbnail_url: str | None
    available_qty: int
    volume_discounts: tuple[VolumeTier, ...]  # min_qty descending


@dataclass(frozen=True, slots=True)
class ReservationLine:
    reservation_id: UUID  # = order line item id
    order_id: UUID  # = vendor order id
    product_id: UUID
    qty: int


@dataclass(frozen=True, slots=True)
class ReservationResult:
    reservation_id: UUID
    reserved: bool
    reason: str | None  # why not reserved: insufficient_inventory, unknown_product, reservation_released


class CatalogUnavailable(Exception):
    """catalog gave no usable answer (down, timeout, 5xx, unexpected body)."""


class CatalogClient(Protocol):
    async def batch_get(self, product_ids: Sequence[UUID]) -> dict[UUID, CatalogProduct]:
        """The known products among ``product_ids`` (unknown ids absent); more than ``MAX_LINES``
        distinct ids ⇒ ``ValueError``; raises ``CatalogUnavailable``."""
        ...

    async def reserve(
        self, checkout_group_id: UUID, lines: Sequence[ReservationLine]
    ) -> list[ReservationResult]:
        """One result per line, in line order; raises ``CatalogUnavailable`` (also when a line
        has no result)."""
        ...

    async def confirm(self, reservation_ids: Sequence[UUID]) -> int:
        """held → confirmed; how many changed. Raises ``CatalogUnavailable``."""
        ...

    async def release(self, reservation_ids: Sequence[UUID]) -> int:
        """held|confirmed → released; how many changed. Raises ``CatalogUnavailable``."""
        ...

    async def aclose(self) -> None: ...


class _Malformed(Exception):
    """A body of another shape; the message names the field (never its value)."""


class HttpCatalogClient(InternalClient):
    """:class:`CatalogClient` over HTTP (module docstring)."""

    """``token_provider``: orders' service tokens for catalog (``ServiceAuth.token_provider``)."""

    retries = RETRIES
    default_timeout_s = 3.0

    async def batch_get(self, product_ids: Sequence[UUID]) -> dict[UUID, CatalogProduct]:
        asked = list(dict.fromkeys(product_ids))
        if not asked:
            return {}
        if len(asked) > MAX_LINES:
            raise ValueError(f"at most {MAX_LINES} product ids per call")
        data = await self._post("batch_get", BATCH_GET_PATH, {"product_ids": [str(i) for i in asked]})
        try:
            found = {p.id: p for p in (_product(row) for row in _list(data, "data"))}
        except _Malformed as exc:
            raise CatalogUnavailable(f"batch_get: unexpected body: {exc}") from None
        return {i: found[i] for i in asked if i in found}  # never trust ids we did not ask about

    async def reserve(
        self, checkout_group_id: UUID, lines: Sequence[ReservationLine]
    ) -> list[ReservationResult]:
        lines = list(lines)
        if not lines:
            return []
        if len(lines) > MAX_LINES:
            raise ValueError(f"at most {MAX_LINES} lines per call")
        ids = [line.reservation_id for line in lines]
        if len(set(ids)) != len(ids):
            raise ValueError("duplicate reservation ids")
        if any(type(line.qty) is not int or line.qty < 1 for line in lines):
            raise ValueError("qty must be a positive int")
        body = {
            "checkout_group_id": str(checkout_group_id),
            "lines": [
                {
                    "reservation_id": str(line.reservation_id),
                    "order_id": str(line.order_id),
                    "product_id": str(line.product_id),
                    "qty": line.qty,
                }
                for line in lines
            ],
        }
        data = await self._post("reserve", RESERVE_PATH, body)
        try:
            by_id: dict[UUID, ReservationResult] = {}
            for item in _list(_dict(data, "data").get("results"), "results"):
                result = _result(item)
                if result.reservation_id in by_id:
                    raise _Malformed("results: duplicate reservation_id")
                by_id[result.reservation_id] = result
        except _Malformed as exc:
            raise CatalogUnavailable(f"reserve: unexpected body: {exc}") from None
        missing = sum(1 for i in ids if i not in by_id)
        if missing:
            raise CatalogUnavailable(f"reserve: no result for {missing} of {len(ids)} lines")
        return [by_id[i] for i in ids]

    async def confirm(self, reservation_ids: Sequence[UUID]) -> int:
        return await self._transition("confirm", CONFIRM_PATH, reservation_ids)

    async def release(self, reservation_ids: Sequence[UUID]) -> int:
        return await self._transition("release", RELEASE_PATH, reservation_ids)

    async def _transition(self, op: str, path: str, reservation_ids: Sequence[UUID]) -> int:
        ids = list(dict.fromkeys(reservation_ids))
        total = 0
        for start in range(0, len(ids), MAX_LINES):
            chunk = ids[start : start + MAX_LINES]
            data = await self._post(op, path, {"reservation_ids": [str(i) for i in chunk]})
            try:
                updated = _int(_dict(data, "data").get("updated"), "updated")
                if updated > len(chunk):
                    raise _Malformed("updated: more than asked")
            except _Malformed as exc:
                raise CatalogUnavailable(f"{op}: unexpected body: {exc}") from None
            total += updated
        return total

    async def _post(self, op: str, path: str, body: dict[str, Any]) -> Any:
        """The ``data`` of a 200 answer to ``body``; anything else ⇒ ``CatalogUnavailable``."""
        content = json.dumps(body, separators=(",", ":")).encode()
        headers = {
            "Content-Type": "application/json",
            # makes RetryTransport retry this POST; inert at catalog (module docstring)
            "Idempotency-Key": f"orders.catalog.{op}.{hashlib.sha256(content).hexdigest()}",
        }
        try:
            r = await self._client.post(path, content=content, headers=headers)
        except httpx.HTTPError as exc:
            raise CatalogUnavailable(f"{op}: {type(exc).__name__}") from exc
        if r.status_code != 200:
            raise CatalogUnavailable(f"{op}: status {r.status_code}")
        try:
            payload = r.json()
        except ValueError:  # not JSON, not UTF-8
            raise CatalogUnavailable(f"{op}: unexpected body: not JSON") from None
        if not isinstance(payload, dict) or "data" not in payload:
            raise CatalogUnavailable(f"{op}: unexpected body: no data")
        return payload["data"]


# --- strict parsing: the JSON types the contract names, nothing coerced --------------------------


def _dict(v: Any, what: str) -> dict[str, Any]:
    if not isinstance(v, dict):
        raise _Malformed(f"{what}: not an object")
    return v


def _list(v: Any, what: str) -> list[Any]:
    if not isinstance(v, list):
        raise _Malformed(f"{what}: not a list")
    return v


def _int(v: Any, what: str, *, minimum: int = 0) -> int:
    if type(v) is not int or v < minimum:  # bool is an int subclass: refused too
        raise _Malformed(f"{what}: not an int >= {minimum}")
    return v


def _bool(v: Any, what: str) -> bool:
    if type(v) is not bool:
        raise _Malformed(f"{what}: not a bool")
    return v


def _str(v: Any, what: str) -> str:
    if not isinstance(v, str):
        raise _Malformed(f"{what}: not a string")
    return v


def _opt_str(v: Any, what: str) -> str | None:
    return None if v is None else _str(v, what)


def _uuid(v: Any, what: str) -> UUID:
    try:
        return UUID(_str(v, what))
    except ValueError:
        raise _Malformed(f"{what}: not a uuid") from None


def _percent(v: Any) -> Decimal:
    """A decimal string ("12.5000") or a JSON integer, 0..100; a float (inexact) is refused."""
    if type(v) is not int and not (isinstance(v, str) and _PERCENT.fullmatch(v)):
        raise _Malformed("discount_percent: not a decimal string")
    percent = Decimal(str(v))
    if not 0 <= percent <= 100:
        raise _Malformed("discount_percent: not within 0..100")
    return percent


def _tier(v: Any) -> VolumeTier:
    row = _dict(v, "volume_discounts")
    return VolumeTier(
        min_qty=_int(row.get("min_qty"), "min_qty", minimum=1),
        discount_percent=_percent(row.get("discount_percent")),
    )


_PRODUCT_FIELDS: Final = tuple(CatalogProduct.__dataclass_fields__)


def _product(v: Any) -> CatalogProduct:
    row = _dict(v, "product")
    for name in _PRODUCT_FIELDS:  # every field present (null only where the type allows it)
        if name not in row:
            raise _Malformed(f"{name}: missing")
    tiers = sorted(
        (_tier(t) for t in _list(row["volume_discounts"], "volume_discounts")),
        key=lambda t: t.min_qty,
        reverse=True,
    )
    if len({t.min_qty for t in tiers}) != len(tiers):
        raise _Malformed("volume_discounts: duplicate min_qty")
    max_qty = row["max_qty"]
    return CatalogProduct(
        id=_uuid(row["id"], "id"),
        store_id=_uuid(row["store_id"], "store_id"),
        sku=_str(row["sku"], "sku"),
        title=_str(row["title"], "title"),
        unit=_str(row["unit"], "unit"),
        moq=_int(row["moq"], "moq", minimum=1),
        max_qty=None if max_qty is None else _int(max_qty, "max_qty"),
        price_cents=_int(row["price_cents"], "price_cents"),
        is_active=_bool(row["is_active"], "is_active"),
        category=_str(row["category"], "category"),
        classification=_opt_str(row["classification"], "classification"),
        strain=_opt_str(row["strain"], "strain"),
        thumbnail_url=_opt_str(row["thumbnail_url"], "thumbnail_url"),
        available_qty=_int(row["available_qty"], "available_qty"),
        volume_discounts=tuple(tiers),
    )


def _result(v: Any) -> ReservationResult:
    row = _dict(v, "result")
    return ReservationResult(
        reservation_id=_uuid(row.get("reservation_id"), "reservation_id"),
        reserved=_bool(row.get("reserved"), "reserved"),
        reason=_opt_str(row.get("reason"), "reason"),
    )
