"""Reads of vendor orders (API.md §3.4, §4; DOMAIN §4.4 order perspective, §5.4 order list filters).

* :func:`list_orders` — the caller's orders from one perspective: ``buyer`` (orders its active
  store placed) or ``vendor`` (orders placed with it). The perspective defaults to the store's
  type; a vendor may read as a buyer (G-2); a buyer store asking ``vendor`` is 403. Filters are
  ANDed; ``q`` is an order number or a case-insensitive part of the other party's company or DBA
  name as the order's contact snapshot has it (taken at checkout). Keyset pages, newest first.
* :func:`get_order_detail` — one order for one of its parties (403 for any other store, 404 for
  an unknown id), or for an internal caller (``principal=None``: no perspective, no store check).
* :func:`get_confirmation` — a checkout's orders for its buyer, by checkout group id or cart id.
* :func:`vendor_history` — every order between the caller as buyer and one vendor, with totals.

Every store comparison goes through ``pf_common.tenancy`` (``scoped`` where another store's rows
are simply absent, ``owned`` flags where the route answers 403 for them). Results are plain
values holding the loaded rows: the routes shape them before the read session closes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final, Literal
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from pf_common.errors import Forbidden, NotFound
from pf_common.pagination import PageInfo, PageParams, paginate
from pf_common.principal import Principal
from pf_common.tenancy import active_store_id, owned, scoped
from pf_orders.domain import carts
from pf_orders.domain.errors import OrderNotFound
from pf_orders.models import (
    FULFILLMENT_STATUSES,
    ORDER_STATUSES,
    PAYMENT_STATUSES,
    SHIPPING_STATUSES,
    CartRecord,
    CartVendorGroup,
    OrderLineItem,
    OrderPayment,
    StoreProjection,
    VendorOrder,
)

Perspective = Literal["buyer", "vendor"]
BUYER: Final = "buyer"
VENDOR: Final = "vendor"

#: the values each list filter accepts (the routes validate against them: 400 otherwise)
FILTER_VALUES: Final[dict[str, tuple[str, ...]]] = {
    "order_status": ORDER_STATUSES,
    "fulfillment_status": FULFILLMENT_STATUSES,
    "shipping_status": SHIPPING_STATUSES,
    "payment_status": PAYMENT_STATUSES,
    "actionable_statuses": ORDER_STATUSES,
}
MAX_Q: Final = 100

REJECTED_LINE: Final = "rejected"
_ORDER_NUMBER = re.compile(r"^#?\s*(\d{1,18})$")


class PerspectiveNotAllowed(Forbidden):
    default_message = "a buyer store has no vendor perspective"


class NotAParty(Forbidden):
    default_message = "the active store is not a party to this order"


class NotTheBuyer(Forbidden):
    default_message = "the active store is not the buyer of this checkout"


class ConfirmationNotFound(NotFound):
    default_message = "checkout not found"


class StoreNotFound(NotFound):
    default_message = "store not found"


class NotAVendor(NotFound):
    """A well-formed id of a store that is not a vendor: there is no history with it (404)."""

    default_message = "no vendor store with this id"


class OwnStore(Forbidden):
    default_message = "the active store cannot be its own vendor"


@dataclass(frozen=True, slots=True)
class OrderFilters:
    """DOMAIN §5.4 order list filters, already validated (None = not filtered)."""

    order_status: str | None = None
    fulfillment_status: str | None = None
    shipping_status: str | None = None
    payment_status: str | None = None
    actionable_statuses: tuple[str, ...] | None = None
    date_from: datetime | None = None
    date_to: datetime | None = None
    q: str | None = None


@dataclass(frozen=True, slots=True)
class OrderRow:
    """An order as a list shows it: the row and Σ qty of its non-rejected lines."""

    order: VendorOrder
    total_items: int


@dataclass(frozen=True, slots=True)
class OrderList:
    perspective: Perspective
    items: list[OrderRow]
    pagination: PageInfo


@dataclass(frozen=True, slots=True)
class OrderDetail:
    """One order with its lines (by position) and finance's payment intent when projected.
    ``perspective`` is the caller's, None for an internal caller."""

    order: VendorOrder
    lines: list[OrderLineItem]
    payment: OrderPayment | None
    total_items: int
    perspective: Perspective | None


@dataclass(frozen=True, slots=True)
class ConfirmedOrder:
    order: VendorOrder
    lines: list[OrderLineItem]
    payment: OrderPayment | None


@dataclass(frozen=True, slots=True)
class Confirmation:
    checkout_group_id: UUID
    cart_id: UUID
    orders: list[ConfirmedOrder]
    vendor_groups: list[CartVendorGroup]


@dataclass(frozen=True, slots=True)
class HistoryTotals:
    total_orders: int
    total_items: int
    total_spent: int
    total_discounts: int


@dataclass(frozen=True, slots=True)
class VendorHistory:
    orders: list[OrderRow]
    totals: HistoryTotals


# --- perspective ------------------------------------------------------------------------------


def resolve_perspective(principal: Principal, requested: Perspective | None) -> Perspective:
    """The list's perspective: the one asked, else the store's type (DOMAIN §4.4, G-2). A buyer
    store has no vendor side: asking for it is 403."""
    active_store_id(principal)  # 403 without an active store
    if requested is None:
        return VENDOR if principal.store_type == VENDOR else BUYER
    if requested == VENDOR and principal.store_type != VENDOR:
        raise PerspectiveNotAllowed(reason="perspective_not_allowed")
    return requested


def _party_column(perspective: Perspective) -> str:
    return "buyer_store_id" if perspective == BUYER else "vendor_store_id"


def _other_snapshot(perspective: Perspective) -> Any:
    return col(VendorOrder.vendor_snapshot) if perspective == BUYER else col(VendorOrder.buyer_snapshot)


# --- list -------------------------------------------------------------------------------------


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _filtered(stmt: Any, filters: OrderFilters, perspective: Perspective) -> Any:
    conditions: list[Any] = []
    for name, column in (
        ("order_status", VendorOrder.status),
        ("fulfillment_status", VendorOrder.fulfillment_status),
        ("shipping_status", VendorOrder.shipping_status),
        ("payment_status", VendorOrder.payment_status),
    ):
        value = getattr(filters, name)
        if value is not None:
            conditions.append(col(column) == value)
    if filters.actionable_statuses is not None:
        conditions.append(col(VendorOrder.status).in_(filters.actionable_statuses))
    if filters.date_from is not None:
        conditions.append(col(VendorOrder.created_at) >= filters.date_from)
    if filters.date_to is not None:
        conditions.append(col(VendorOrder.created_at) <= filters.date_to)
    if filters.q:
        snapshot = _other_snapshot(perspective)
        pattern = _like(filters.q)
        matches: list[Any] = [
            snapshot["company_name"].astext.ilike(pattern, escape="\\"),
            snapshot["dba_name"].astext.ilike(pattern, escape="\\"),
        ]
        number = _ORDER_NUMBER.match(filters.q)
        if number is not None:
            matches.append(col(VendorOrder.order_number) == int(number.group(1)))
        conditions.append(sa.or_(*matches))
    return stmt.where(*conditions) if conditions else stmt


async def _total_items(session: AsyncSession, order_ids: Sequence[UUID]) -> dict[UUID, int]:
    """Σ qty of the non-rejected lines of each order (OrderSummary ``total_items``)."""
    if not order_ids:
        return {}
    rows = await session.execute(
        sa.select(col(OrderLineItem.order_id), sa.func.coalesce(sa.func.sum(col(OrderLineItem.qty)), 0))
        .where(col(OrderLineItem.order_id).in_(order_ids), col(OrderLineItem.status) != REJECTED_LINE)
        .group_by(col(OrderLineItem.order_id))
    )
    counted = {order_id: int(total) for order_id, total in rows.all()}
    return {order_id: counted.get(order_id, 0) for order_id in order_ids}


async def _rows(session: AsyncSession, orders: Sequence[VendorOrder]) -> list[OrderRow]:
    items = await _total_items(session, [o.id for o in orders])
    return [OrderRow(o, items[o.id]) for o in orders]


async def list_orders(
    session: AsyncSession,
    principal: Principal,
    *,
    perspective: Perspective | None,
    filters: OrderFilters,
    page: PageParams,
) -> OrderList:
    """One page of the caller's orders from ``perspective`` (``created_at DESC, id DESC``)."""
    side = resolve_perspective(principal, perspective)
    stmt = scoped(sa.select(VendorOrder), VendorOrder, principal, column=_party_column(side))
    stmt = _filtered(stmt, filters, side)
    result = await paginate(
        session, stmt, created_at_col=col(VendorOrder.created_at), id_col=col(VendorOrder.id), params=page
    )
    return OrderList(side, await _rows(session, result.items), result.pagination)


# --- detail -----------------------------------------------------------------------------------


async def _lines(session: AsyncSession, order_ids: Sequence[UUID]) -> dict[UUID, list[OrderLineItem]]:
    by_order: dict[UUID, list[OrderLineItem]] = {order_id: [] for order_id in order_ids}
    if not order_ids:
        return by_order
    rows = await session.execute(
        sa.select(OrderLineItem)
        .where(col(OrderLineItem.order_id).in_(order_ids))
        .order_by(col(OrderLineItem.order_id), col(OrderLineItem.position), col(OrderLineItem.id))
    )
    for line in rows.scalars():
        by_order[line.order_id].append(line)
    return by_order


async def _payments(session: AsyncSession, order_ids: Sequence[UUID]) -> dict[UUID, OrderPayment]:
    if not order_ids:
        return {}
    rows = await session.execute(sa.select(OrderPayment).where(col(OrderPayment.order_id).in_(order_ids)))
    return {p.order_id: p for p in rows.scalars()}


async def get_order_detail(
    session: AsyncSession, order_id: UUID, *, principal: Principal | None = None
) -> OrderDetail:
    """The order for one of its parties (else 403; unknown 404), or for an internal caller when
    ``principal`` is None."""
    perspective: Perspective | None = None
    if principal is None:
        order = (
            await session.execute(sa.select(VendorOrder).where(col(VendorOrder.id) == order_id))
        ).scalar_one_or_none()
        if order is None:
            raise OrderNotFound(reason="order_not_found")
    else:
        row = (
            await session.execute(
                sa.select(
                    VendorOrder,
                    owned(VendorOrder, principal, column="buyer_store_id").label("as_buyer"),
                    owned(VendorOrder, principal, column="vendor_store_id").label("as_vendor"),
                ).where(col(VendorOrder.id) == order_id)
            )
        ).one_or_none()
        if row is None:
            raise OrderNotFound(reason="order_not_found")
        order = row[0]
        if row.as_buyer:
            perspective = BUYER
        elif row.as_vendor:
            perspective = VENDOR
        else:
            raise NotAParty(reason="not_a_party")
    lines = (await _lines(session, [order.id]))[order.id]
    payment = (await _payments(session, [order.id])).get(order.id)
    total_items = sum(line.qty for line in lines if line.status != REJECTED_LINE)
    return OrderDetail(order, lines, payment, total_items, perspective)


# --- checkout confirmation --------------------------------------------------------------------


async def get_confirmation(session: AsyncSession, principal: Principal, identifier: UUID) -> Confirmation:
    """A checkout's vendor orders for its buyer. ``identifier`` is a checkout group id (a
    checkout's, or a retry's) or the cart's id (its checkout's group). 404 when neither names a
    converted cart; 403 when it is another store's checkout."""
    active_store_id(principal)
    order_rows = (
        await session.execute(
            sa.select(VendorOrder, owned(VendorOrder, principal, column="buyer_store_id").label("own"))
            .where(col(VendorOrder.checkout_group_id) == identifier)
            .order_by(col(VendorOrder.created_at), col(VendorOrder.id))
        )
    ).all()
    if order_rows:
        if not all(row.own for row in order_rows):
            raise NotTheBuyer(reason="not_the_buyer")
        orders = [row[0] for row in order_rows]
        cart = await session.get(CartRecord, orders[0].cart_id)
        if cart is None:  # a checkout commits its cart with its orders
            raise ConfirmationNotFound(reason="cart_not_found")
        group_id = identifier
    else:
        cart_row = (
            await session.execute(
                sa.select(
                    CartRecord, owned(CartRecord, principal, column="buyer_store_id").label("own")
                ).where(col(CartRecord.id) == identifier)
            )
        ).one_or_none()
        cart = cart_row[0] if cart_row is not None else None
        if cart_row is None or cart is None or cart.checkout_group_id is None:
            raise ConfirmationNotFound(reason="checkout_not_found")  # unknown, or not checked out
        if not cart_row.own:
            raise NotTheBuyer(reason="not_the_buyer")
        group_id = cart.checkout_group_id
        orders = list(
            (
                await session.execute(
                    sa.select(VendorOrder)
                    .where(col(VendorOrder.checkout_group_id) == group_id)
                    .order_by(col(VendorOrder.created_at), col(VendorOrder.id))
                )
            ).scalars()
        )
    ids = [o.id for o in orders]
    lines = await _lines(session, ids)
    payments = await _payments(session, ids)
    view = await carts.load_cart_rows(session, cart)
    return Confirmation(
        checkout_group_id=group_id,
        cart_id=cart.id,
        orders=[ConfirmedOrder(o, lines[o.id], payments.get(o.id)) for o in orders],
        vendor_groups=view.groups,
    )


# --- purchase history with one vendor ---------------------------------------------------------


async def vendor_history(session: AsyncSession, principal: Principal, vendor_store_id: UUID) -> VendorHistory:
    """Every order of the caller's store (as buyer) with ``vendor_store_id``, newest first, and
    their totals: orders, Σ items of non-rejected lines, Σ ``total_cents``, Σ ``discounts_cents``
    (canceled, expired and rejected orders count with the totals they were left with: 0).
    404 unknown store (orders' projection), 400 a store that is not a vendor, 403 the caller's
    own store."""
    row = (
        await session.execute(
            sa.select(
                col(StoreProjection.type),
                owned(StoreProjection, principal, column="store_id").label("own"),
            ).where(col(StoreProjection.store_id) == vendor_store_id)
        )
    ).one_or_none()
    if row is None:
        raise StoreNotFound(reason="store_not_found")
    if row.own:
        raise OwnStore(reason="own_store")
    if row.type != VENDOR:
        raise NotAVendor(reason="not_a_vendor")
    orders = list(
        (
            await session.execute(
                scoped(
                    sa.select(VendorOrder).where(col(VendorOrder.vendor_store_id) == vendor_store_id),
                    VendorOrder,
                    principal,
                    column="buyer_store_id",
                ).order_by(col(VendorOrder.created_at).desc(), col(VendorOrder.id).desc())
            )
        ).scalars()
    )
    rows = await _rows(session, orders)
    totals = HistoryTotals(
        total_orders=len(rows),
        total_items=sum(r.total_items for r in rows),
        total_spent=sum(r.order.total_cents for r in rows),
        total_discounts=sum(r.order.discounts_cents for r in rows),
    )
    return VendorHistory(rows, totals)
