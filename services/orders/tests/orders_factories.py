"""Rows of the orders schema for tests that need them without a checkout (importable by every
test: ``pythonpath`` in pyproject.toml)."""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from pf_common.ids import uuid7


def line_item_values(order_id: uuid.UUID, *, id: uuid.UUID | None = None, **overrides: Any) -> dict[str, Any]:
    """The columns of one ``order_line_items`` row (a pending 2-unit line at $10.00)."""
    values: dict[str, Any] = {
        "id": id or uuid7(),
        "order_id": order_id,
        "position": 0,
        "product_id": uuid7(),
        "name": "Blue Dream 3.5g",
        "category": "flower",
        "unit": "eighth",
        "unit_price_cents": 1000,
        "moq": 1,
        "qty": 2,
        "discount_cents": 0,
        "line_subtotal_cents": 2000,
        "total_cents": 2000,
        "status": "pending",
    }
    values.update(overrides)
    return values


async def insert_line_items(session: AsyncSession, order_id: uuid.UUID, ids: list[uuid.UUID]) -> None:
    """Line rows with these ids under ``order_id`` (what a checkout commits; no order row)."""
    from pf_orders.models import OrderLineItem

    await session.execute(
        sa.insert(OrderLineItem.__table__),  # type: ignore[arg-type]
        [line_item_values(order_id, id=i, position=n) for n, i in enumerate(ids)],
    )


# --- the store projection ------------------------------------------------------------------------

ADDRESS = {
    "line1": "1 Main St",
    "city": "Sacramento",
    "state": "CA",
    "postal_code": "95814",
    "country": "US",
    "lat": 38.58,
    "lng": -121.49,
}


async def make_store(
    session: AsyncSession,
    store_type: str,
    *,
    store_id: uuid.UUID | None = None,
    state: str | None = "CA",
    kyc: str = "verified",
    subscription: bool = True,
    name: str | None = None,
) -> uuid.UUID:
    """A projected store (what identity's and finance's events would have written)."""
    from pf_orders.models import StoreProjection

    sid = store_id or uuid7()
    await session.execute(
        sa.insert(StoreProjection.__table__).values(  # type: ignore[attr-defined]
            store_id=sid,
            type=store_type,
            company_name=name or f"{store_type.title()} Co {str(sid)[-4:]}",
            phone="+15555550100",
            state=state,
            address={**ADDRESS, "state": state or ""},
            kyc_status=kyc,
            subscription_active=subscription,
        )
    )
    return sid


async def set_kyc(session: AsyncSession, store_id: uuid.UUID, kyc: str) -> None:
    from pf_orders.models import StoreProjection

    table = StoreProjection.__table__  # type: ignore[attr-defined]
    await session.execute(sa.update(table).where(table.c.store_id == store_id).values(kyc_status=kyc))


# --- catalog, at the orders client's interface ------------------------------------------------------


class FakeCatalog:
    """An in-memory catalog behind ``pf_orders.clients.catalog.CatalogClient``: products with stock
    and tiers, reservations that hold stock once per reservation id (catalog's own rules: a line
    reserves only if ``available_qty >= qty``; a repeat answers the first result; release gives the
    stock back once). ``down = True`` makes every call raise ``CatalogUnavailable``."""

    def __init__(self) -> None:
        self.products: dict[uuid.UUID, Any] = {}
        self.stock: dict[uuid.UUID, int] = {}
        self.reservations: dict[uuid.UUID, dict[str, Any]] = {}
        self.calls: list[str] = []
        self.down = False

    def add_product(
        self,
        vendor_store_id: uuid.UUID,
        *,
        price_cents: int = 1000,
        moq: int = 1,
        max_qty: int | None = None,
        available: int = 100,
        tiers: list[tuple[int, str]] = (),  # type: ignore[assignment]
        is_active: bool = True,
        title: str = "Blue Dream 3.5g",
    ) -> uuid.UUID:
        from decimal import Decimal

        from pf_orders.clients.catalog import CatalogProduct, VolumeTier

        pid = uuid7()
        self.products[pid] = CatalogProduct(
            id=pid,
            store_id=vendor_store_id,
            sku=f"SKU-{str(pid)[-6:]}",
            title=title,
            unit="eighth",
            moq=moq,
            max_qty=max_qty,
            price_cents=price_cents,
            is_active=is_active,
            category="flower",
            classification="hybrid",
            strain="Blue Dream",
            thumbnail_url=None,
            available_qty=available,
            volume_discounts=tuple(
                sorted((VolumeTier(q, Decimal(p)) for q, p in tiers), key=lambda t: -t.min_qty)
            ),
        )
        self.stock[pid] = available
        return pid

    def update(self, product_id: uuid.UUID, **changes: Any) -> None:
        import dataclasses

        self.products[product_id] = dataclasses.replace(self.products[product_id], **changes)
        if "available_qty" in changes:
            self.stock[product_id] = changes["available_qty"]

    def _check(self, op: str) -> None:
        from pf_orders.clients.catalog import CatalogUnavailable

        self.calls.append(op)
        if self.down:
            raise CatalogUnavailable(f"{op}: down")

    async def batch_get(self, product_ids: Any) -> dict[uuid.UUID, Any]:
        import dataclasses

        self._check("batch_get")
        return {
            p: dataclasses.replace(self.products[p], available_qty=self.stock[p])
            for p in product_ids
            if p in self.products
        }

    async def reserve(self, checkout_group_id: uuid.UUID, lines: Any) -> list[Any]:
        from pf_orders.clients.catalog import ReservationResult

        self._check("reserve")
        out = []
        for line in lines:
            held = self.reservations.get(line.reservation_id)
            if held is not None:
                out.append(
                    ReservationResult(line.reservation_id, held["state"] != "refused", held.get("reason"))
                )
                continue
            if line.product_id not in self.products:
                self.reservations[line.reservation_id] = {"state": "refused", "reason": "unknown_product"}
                out.append(ReservationResult(line.reservation_id, False, "unknown_product"))
            elif self.stock[line.product_id] >= line.qty:
                self.stock[line.product_id] -= line.qty
                self.reservations[line.reservation_id] = {
                    "state": "held",
                    "product_id": line.product_id,
                    "qty": line.qty,
                    "order_id": line.order_id,
                }
                out.append(ReservationResult(line.reservation_id, True, None))
            else:
                self.reservations[line.reservation_id] = {
                    "state": "refused",
                    "reason": "insufficient_inventory",
                }
                out.append(ReservationResult(line.reservation_id, False, "insufficient_inventory"))
        return out

    async def confirm(self, reservation_ids: Any) -> int:
        self._check("confirm")
        n = 0
        for rid in reservation_ids:
            held = self.reservations.get(rid)
            if held and held["state"] == "held":
                held["state"] = "confirmed"
                n += 1
        return n

    async def release(self, reservation_ids: Any) -> int:
        self._check("release")
        n = 0
        for rid in reservation_ids:
            held = self.reservations.get(rid)
            if held and held["state"] in ("held", "confirmed"):
                held["state"] = "released"
                self.stock[held["product_id"]] += held["qty"]
                n += 1
        return n

    def held_units(self) -> int:
        return sum(r["qty"] for r in self.reservations.values() if r["state"] in ("held", "confirmed"))

    async def aclose(self) -> None:
        return None
