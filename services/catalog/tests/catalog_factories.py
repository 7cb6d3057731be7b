"""Rows, reads and event payloads for catalog tests (real database)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from pf_catalog.clients.orders import OrdersUnavailable
from pf_catalog.models import InventoryItem, InventoryReservation
from pf_common.events.common import OrderLineSnapshot, ShippingAddressSnapshot
from pf_common.events.logistics import OrderDeliveredV1
from pf_common.events.orders import (
    InventoryReleaseRequestedV1,
    OrderCanceledV1,
    OrderCreatedV1,
    OrderExpiredV1,
)
from pf_common.ids import uuid7

# --- rows ----------------------------------------------------------------------------------------


async def make_inventory(
    session: AsyncSession,
    *,
    available: int = 10,
    reserved: int = 0,
    consumed: int = 0,
    product_id: uuid.UUID | None = None,
    store_id: uuid.UUID | None = None,
) -> InventoryItem:
    item = InventoryItem(
        product_id=product_id or uuid7(),
        store_id=store_id or uuid7(),
        available_qty=available,
        reserved_qty=reserved,
        consumed_qty=consumed,
    )
    session.add(item)
    await session.flush()
    return item


async def make_reservation(
    session: AsyncSession,
    item: InventoryItem,
    *,
    qty: int = 1,
    state: str = "held",
    order_id: uuid.UUID | None = None,
    checkout_group_id: uuid.UUID | None = None,
    hold_expires_at: datetime | None = None,
    id: uuid.UUID | None = None,
) -> InventoryReservation:
    """A reservation row with the stock effect of ``state`` applied to ``item`` (as reserve would)."""
    row = InventoryReservation(
        id=id or uuid7(),
        order_id=order_id or uuid7(),
        checkout_group_id=checkout_group_id or uuid7(),
        product_id=item.product_id,
        qty=qty,
        state=state,
        hold_expires_at=hold_expires_at or datetime.now(UTC) + timedelta(minutes=30),
    )
    session.add(row)
    if state in ("held", "confirmed"):
        item.available_qty -= qty
        item.reserved_qty += qty
    elif state == "consumed":
        item.available_qty -= qty
        item.consumed_qty += qty
    await session.flush()
    return row


class Stock(NamedTuple):
    available: int
    reserved: int
    consumed: int

    @property
    def total(self) -> int:
        return self.available + self.reserved + self.consumed


async def stock_of(session: AsyncSession, product_id: uuid.UUID) -> Stock:
    row = (
        await session.execute(
            sa.select(
                InventoryItem.available_qty, InventoryItem.reserved_qty, InventoryItem.consumed_qty
            ).where(InventoryItem.product_id == product_id)
        )
    ).one()
    return Stock(*row)


async def states_of(session: AsyncSession, ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    rows = await session.execute(
        sa.select(InventoryReservation.id, InventoryReservation.state).where(InventoryReservation.id.in_(ids))
    )
    return {r.id: r.state for r in rows}


# --- event payloads (the pf_common classes, as orders and logistics build them) ----------------


def _keys(order_id: uuid.UUID, **kw: Any) -> dict[str, Any]:
    return {
        "order_id": order_id,
        "checkout_group_id": kw.get("checkout_group_id") or uuid7(),
        "buyer_store_id": kw.get("buyer_store_id") or uuid7(),
        "vendor_store_id": kw.get("vendor_store_id") or uuid7(),
    }


def order_line(
    line_item_id: uuid.UUID, product_id: uuid.UUID, *, qty: int = 1, status: str = "pending"
) -> OrderLineSnapshot:
    return OrderLineSnapshot(
        line_item_id=line_item_id,
        product_id=product_id,
        title="Blue Dream 3.5g",
        category="flower",
        unit="unit",
        qty=qty,
        moq=1,
        unit_price_cents=2500,
        discount_cents=0,
        line_subtotal_cents=2500 * qty,
        line_total_cents=2500 * qty,
        status=status,
    )


def order_created(order_id: uuid.UUID, items: list[OrderLineSnapshot], **kw: Any) -> OrderCreatedV1:
    total = sum(i.line_total_cents for i in items)
    return OrderCreatedV1(
        **_keys(order_id, **kw),
        order_number=1001,
        cart_id=uuid7(),
        status=kw.get("status", "created_pending"),
        payment_method="cash",
        currency="USD",
        subtotal_cents=total,
        discounts_cents=0,
        tax_cents=0,
        transport_fee_cents=0,
        total_cents=total,
        balance_due_cents=total,
        shipping_address=ShippingAddressSnapshot(state="OK", postal_code="73102", lat=35.47, lng=-97.52),
        items=items,
        created_at=datetime.now(UTC),
    )


def release_requested(
    order_id: uuid.UUID, lines: list[InventoryReservation], *, reason: str = "vendor_reject"
) -> InventoryReleaseRequestedV1:
    return InventoryReleaseRequestedV1(
        order_id=order_id,
        reason=reason,
        lines=[{"reservation_id": r.id, "product_id": r.product_id, "qty": r.qty} for r in lines],
    )


def order_canceled(order_id: uuid.UUID, **kw: Any) -> OrderCanceledV1:
    return OrderCanceledV1(**_keys(order_id, **kw), canceled_at=datetime.now(UTC))


def order_expired(order_id: uuid.UUID, **kw: Any) -> OrderExpiredV1:
    return OrderExpiredV1(**_keys(order_id, **kw), expired_at=datetime.now(UTC))


def order_delivered(order_id: uuid.UUID) -> OrderDeliveredV1:
    return OrderDeliveredV1(
        order_id=order_id, assignment_id=uuid7(), agent_user_id=uuid7(), delivered_at=datetime.now(UTC)
    )


# --- other services ------------------------------------------------------------------------------


class OrdersDouble:
    """orders is another service's boundary (and not built yet): tests answer for it through the
    ``OrdersClient`` protocol. ``down=True`` behaves like a refused connection or a timeout."""

    def __init__(self, existing: Iterable[uuid.UUID] = (), *, down: bool = False) -> None:
        self.existing = set(existing)
        self.down = down
        self.calls: list[list[uuid.UUID]] = []

    async def existing_line_items(self, ids: Sequence[uuid.UUID]) -> set[uuid.UUID]:
        self.calls.append(list(ids))
        if self.down:
            raise OrdersUnavailable("ConnectError")
        return self.existing & set(ids)

    async def aclose(self) -> None:
        pass


# --- products, media and stores (the product write side, detail, wishlist) ---------------------


async def make_store(
    session: AsyncSession,
    *,
    store_id: uuid.UUID | None = None,
    type: str = "vendor",
    state: str | None = "CA",
    kyc: str = "verified",
    subscribed: bool = True,
    company_name: str = "Green Acres LLC",
    dba_name: str | None = None,
    logo_media_id: uuid.UUID | None = None,
    logo_url: str | None = None,
) -> Any:
    """A store_projection row, as identity's and finance's events would have left it."""
    from pf_catalog.models import StoreProjection

    row = StoreProjection(
        store_id=store_id or uuid7(),
        type=type,
        company_name=company_name,
        dba_name=dba_name,
        logo_media_id=logo_media_id,
        logo_url=logo_url,
        state=state,
        kyc_status=kyc,
        subscription_active=subscribed,
    )
    session.add(row)
    await session.flush()
    return row


async def make_media(
    session: AsyncSession,
    *,
    store_id: uuid.UUID,
    kind: str = "product",
    status: str = "ready",
    with_key: bool = True,
) -> Any:
    """A media_projection row, as media's events would have left it (public URL for product images)."""
    from pf_catalog.models import MediaProjection

    media_id = uuid7()
    key = f"{store_id}/{kind}/{media_id}.png" if with_key else None
    row = MediaProjection(
        media_id=media_id,
        store_id=store_id,
        kind=kind,
        status=status,
        mime_type="application/pdf" if kind == "coa" else "image/png",
        gcs_key=key,
        public_url=f"https://cdn.example/{key}" if key and kind != "coa" else None,
        source_version=datetime.now(UTC),
    )
    session.add(row)
    await session.flush()
    return row


def product_body(**over: Any) -> dict[str, Any]:
    """A valid ``POST /api/v1/vendor/products`` body (API.md §3.3)."""
    body: dict[str, Any] = {
        "sku": f"BD-{uuid.uuid4().hex[:8]}",
        "title": "Blue Dream 3.5g",
        "subtitle": "Sativa-dominant hybrid",
        "body_html": "<p>Sweet <strong>berry</strong> aroma</p>",
        "category": "flower",
        "feelings": ["happy", "uplifted"],
        "flavors": ["sweet"],
        "usage": ["stress_relief"],
        "strain": "Blue Dream",
        "classification": "hybrid",
        "unit": "gram",
        "moq": 2,
        "max_qty": 100,
        "price_cents": 2500,
        "compare_at_price_cents": 3000,
        "thc_percent": 21.5,
        "cbd_percent": 0.3,
        "inventory": {"available_qty": 40, "low_stock_threshold": 5},
        "volume_discounts": [
            {"min_qty": 10, "discount_percent": 5},
            {"min_qty": 50, "discount_percent": 12.5},
        ],
    }
    body.update(over)
    return body


async def post_product(client: Any, actor: Any, **over: Any) -> Any:
    return await client.post(
        "/api/v1/vendor/products", json=product_body(**over), headers=actor.with_idempotency()
    )
