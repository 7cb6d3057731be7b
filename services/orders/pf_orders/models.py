"""Tables of the orders schema (DOMAIN §5.4, §9; its own schema, no cross-schema foreign keys).

SQLModel table models (``table=True``) on ``OrdersTable``, whose registry keeps the schema's one
MetaData. The annotation gives nullability (``X | None``); ``Field(sa_type=...)`` the column type
SQLModel would not pick (TEXT, BIGINT, timestamptz, JSONB, arrays, text + CHECK enums). Columns the
database fills (server defaults, the order number sequence) have no Python default, so an INSERT
leaves them out. Money is BIGINT cents with a ``>= 0`` check. ``StoreProjection`` is pf_common's
store projection with the columns orders keeps (gates and contact snapshots).

* ``cart_records`` / ``cart_items`` / ``cart_vendor_groups``: the buyer's quote (one ``active``
  cart per store, partial unique index); checkout converts it once (guarded UPDATE on status).
* ``vendor_orders`` / ``order_line_items``: one vendor order per vendor group with orderable
  items; a line's id is its catalog reservation id, the order's id the reservation's ``order_id``.
* ``order_payments``: finance's payment intent as its events describe it (OrderDetail's
  ``payment_intent``).
* ``audit_logs``: append-only (DOMAIN §9).
* ``reviews``: a buyer store's review of a vendor it bought from (delivered or closed orders).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlmodel import Field

from pf_common.columns import created_now as _now
from pf_common.columns import nullable as _null
from pf_common.columns import server_filled as _server
from pf_common.columns import text as _text
from pf_common.columns import text_enum as _enum
from pf_common.db import TableModel, make_registry
from pf_common.events.common import (
    Currency,
    LineItemStatus,
    PaymentMethod,
    VendorOrderFulfillmentStatus,
    VendorOrderShippingStatus,
    VendorOrderStatus,
)
from pf_common.platform_tables import add_platform_tables
from pf_common.store_projection import store_projection_model

TIMESTAMPTZ = sa.DateTime(timezone=True)
# a nullable JSONB column: Python None is SQL NULL (SQLAlchemy's default writes JSON 'null', which
# `IS NULL` does not match)
NULLABLE_JSONB = JSONB(none_as_null=True)

CART_STATUSES = ("active", "converted")
CART_ITEM_STATUSES = ("ok", "not_available", "invalid")
VENDOR_GROUP_STATUSES = ("ok", "invalid")
CURRENCIES = tuple(c.value for c in Currency)
PAYMENT_METHODS = tuple(m.value for m in PaymentMethod)
ORDER_STATUSES = tuple(s.value for s in VendorOrderStatus)
LINE_STATUSES = tuple(s.value for s in LineItemStatus)
FULFILLMENT_STATUSES = tuple(s.value for s in VendorOrderFulfillmentStatus)
SHIPPING_STATUSES = tuple(s.value for s in VendorOrderShippingStatus)
PAYMENT_STATUSES = ("unpaid", "pending", "settled", "paid", "failed", "rejected")
REFUND_STATUSES = ("none", "partial", "full")

ORDER_NUMBER_SEQUENCE = "vendor_order_number_seq"


def _cents() -> Any:
    return Field(sa_type=sa.BigInteger)


def _money_checks(table: str, *columns: str) -> tuple[sa.CheckConstraint, ...]:
    return tuple(sa.CheckConstraint(f"{c} >= 0", name=f"{c}_non_negative") for c in columns)


class OrdersTable(TableModel, registry=make_registry("orders")):
    """Base of the orders service's table models: their registry and MetaData (schema ``orders``)."""


metadata = OrdersTable.metadata
platform = add_platform_tables(OrdersTable)

order_number_seq = sa.Sequence(ORDER_NUMBER_SEQUENCE, metadata=metadata, schema="orders")


class CartRecord(OrdersTable, table=True):
    """A buyer store's quote (DOMAIN §5.4 cart_records); at most one ``active`` per store."""

    __tablename__ = "cart_records"
    __table_args__ = (
        sa.Index("ix_cart_records_buyer_status", "buyer_store_id", "status"),
        sa.Index(
            "ux_cart_records_one_active",
            "buyer_store_id",
            unique=True,
            postgresql_where=sa.text("status = 'active'"),
        ),
        sa.Index("ix_cart_records_checkout_group_id", "checkout_group_id"),
        *_money_checks("cart_records", "tip_cents", "subtotal_cents", "discounts_cents", "total_cents"),
    )

    id: uuid.UUID = Field(primary_key=True)
    buyer_store_id: uuid.UUID
    checkout_group_id: uuid.UUID | None = _null()
    status: str = Field(sa_type=_enum("cart_status", CART_STATUSES))
    shipping_address: dict[str, Any] | None = _null(NULLABLE_JSONB)
    billing_address: dict[str, Any] | None = _null(NULLABLE_JSONB)
    tip_cents: int = _cents()
    payment_method: str | None = _null(_enum("payment_method", PAYMENT_METHODS))
    shipping_line: dict[str, Any] | None = _null(NULLABLE_JSONB)
    currency: str = Field(sa_type=_enum("currency", CURRENCIES))
    valid_until: datetime = Field(sa_type=TIMESTAMPTZ)
    subtotal_cents: int = _cents()
    discounts_cents: int = _cents()
    total_cents: int = _cents()
    converted_at: datetime | None = _null(TIMESTAMPTZ)
    ad_tokens: list[str] | None = _null(ARRAY(sa.Text))
    created_at: datetime = _now()
    updated_at: datetime = _now()


class CartItem(OrdersTable, table=True):
    """A quoted line (DOMAIN §5.4 cart_items): prices are the server's, never the client's."""

    __tablename__ = "cart_items"
    __table_args__ = (
        sa.Index("ix_cart_items_cart_id", "cart_id"),
        sa.Index("ix_cart_items_vendor_store_id", "vendor_store_id"),
        sa.Index("ix_cart_items_product_id", "product_id"),
        sa.CheckConstraint("quantity >= 1", name="quantity_positive"),
        *_money_checks(
            "cart_items",
            "unit_price_cents",
            "effective_unit_price_cents",
            "line_subtotal_cents",
            "line_discounts_cents",
            "line_total_cents",
        ),
    )

    id: uuid.UUID = Field(primary_key=True)
    cart_id: uuid.UUID
    position: int
    product_id: uuid.UUID
    vendor_store_id: uuid.UUID
    vendor_store_name: str = _text()
    title: str = _text()
    thumbnail: str | None = _null(sa.Text)
    unit: str = _text()
    category: str | None = _null(sa.Text)
    strain: str | None = _null(sa.Text)
    classification: str | None = _null(sa.Text)
    quantity: int
    moq: int
    max_qty: int | None = _null()
    unit_price_cents: int = _cents()
    effective_unit_price_cents: int = _cents()
    line_subtotal_cents: int = _cents()
    line_discounts_cents: int = _cents()
    line_total_cents: int = _cents()
    applied_volume_discount: dict[str, Any] | None = _null(NULLABLE_JSONB)
    status: str = Field(sa_type=_enum("cart_item_status", CART_ITEM_STATUSES))
    warnings: list[dict[str, Any]] = _server("[]", sa_type=JSONB)
    created_at: datetime = _now()
    updated_at: datetime = _now()


class CartVendorGroup(OrdersTable, table=True):
    """One vendor's part of a quote (DOMAIN §5.4 cart_vendor_groups)."""

    __tablename__ = "cart_vendor_groups"
    __table_args__ = (
        sa.UniqueConstraint("cart_id", "vendor_store_id"),
        *_money_checks(
            "cart_vendor_groups",
            "subtotal_cents",
            "line_discounts_cents",
            "promo_discount_cents",
            "discounts_cents",
            "total_cents",
        ),
    )

    id: uuid.UUID = Field(primary_key=True)
    cart_id: uuid.UUID
    vendor_store_id: uuid.UUID
    status: str = Field(sa_type=_enum("vendor_group_status", VENDOR_GROUP_STATUSES))
    warnings: list[dict[str, Any]] = _server("[]", sa_type=JSONB)
    promo: dict[str, Any] | None = _null(NULLABLE_JSONB)
    subtotal_cents: int = _cents()
    line_discounts_cents: int = _cents()
    promo_discount_cents: int = _cents()
    discounts_cents: int = _cents()
    total_cents: int = _cents()
    created_at: datetime = _now()
    updated_at: datetime = _now()


class VendorOrder(OrdersTable, table=True):
    """One vendor's order of a checkout (DOMAIN §5.4 vendor_orders and its state machine)."""

    __tablename__ = "vendor_orders"
    __mapper_args__ = {"eager_defaults": True}
    __table_args__ = (
        sa.UniqueConstraint("checkout_group_id", "vendor_store_id"),
        sa.UniqueConstraint("order_number"),
        sa.CheckConstraint("buyer_store_id <> vendor_store_id", name="buyer_not_vendor"),
        sa.Index("ix_vendor_orders_cart_id", "cart_id"),
        sa.Index("ix_vendor_orders_checkout_group_id", "checkout_group_id"),
        sa.Index("ix_vendor_orders_buyer_created", "buyer_store_id", sa.text("created_at DESC")),
        sa.Index("ix_vendor_orders_vendor_created", "vendor_store_id", sa.text("created_at DESC")),
        sa.Index(
            "ix_vendor_orders_vendor_status_created", "vendor_store_id", "status", sa.text("created_at DESC")
        ),
        sa.Index("ix_vendor_orders_status", "status"),
        *_money_checks(
            "vendor_orders",
            "subtotal_cents",
            "discounts_cents",
            "tax_cents",
            "transport_fee_cents",
            "total_cents",
            "balance_due_cents",
        ),
    )

    id: uuid.UUID = Field(primary_key=True)
    cart_id: uuid.UUID
    checkout_group_id: uuid.UUID
    buyer_store_id: uuid.UUID
    vendor_store_id: uuid.UUID
    order_number: int = _server(order_number_seq.next_value(), sa_type=sa.BigInteger)
    status: str = Field(sa_type=_enum("vendor_order_status", ORDER_STATUSES))
    fulfillment_status: str = Field(sa_type=_enum("vendor_order_fulfillment_status", FULFILLMENT_STATUSES))
    shipping_status: str = Field(sa_type=_enum("vendor_order_shipping_status", SHIPPING_STATUSES))
    payment_status: str = Field(sa_type=_enum("payment_status", PAYMENT_STATUSES))
    refund_status: str = Field(sa_type=_enum("refund_status", REFUND_STATUSES))
    payment_method: str = Field(sa_type=_enum("payment_method", PAYMENT_METHODS))
    currency: str = Field(sa_type=_enum("currency", CURRENCIES))
    shipping_address: dict[str, Any] | None = _null(NULLABLE_JSONB)
    billing_address: dict[str, Any] | None = _null(NULLABLE_JSONB)
    shipping_line: dict[str, Any] | None = _null(NULLABLE_JSONB)
    subtotal_cents: int = _cents()
    discounts_cents: int = _cents()
    promo_discount_cents: int = _cents()
    tax_cents: int = _cents()
    transport_fee_cents: int = _cents()
    total_cents: int = _cents()
    balance_due_cents: int = _cents()
    warnings: list[dict[str, Any]] | None = _null(NULLABLE_JSONB)
    promo: dict[str, Any] | None = _null(NULLABLE_JSONB)
    # contact snapshots of both parties at checkout (StoreContactSnapshot: names, phone, address)
    buyer_snapshot: dict[str, Any] = Field(sa_type=JSONB)
    vendor_snapshot: dict[str, Any] = Field(sa_type=JSONB)
    ad_token: str | None = _null(sa.Text)
    ad_attribution: dict[str, Any] | None = _null(NULLABLE_JSONB)
    notes: str | None = _null(sa.Text)
    internal_notes: str | None = _null(sa.Text)
    active_assignment: dict[str, Any] | None = _null(NULLABLE_JSONB)
    retried_from_order_id: uuid.UUID | None = _null()
    vendor_responded_at: datetime | None = _null(TIMESTAMPTZ)
    nudged_at: datetime | None = _null(TIMESTAMPTZ)
    fulfilled_at: datetime | None = _null(TIMESTAMPTZ)
    delivered_at: datetime | None = _null(TIMESTAMPTZ)
    canceled_at: datetime | None = _null(TIMESTAMPTZ)
    expired_at: datetime | None = _null(TIMESTAMPTZ)
    created_at: datetime = Field(sa_type=TIMESTAMPTZ)
    updated_at: datetime = _now()


class OrderLineItem(OrdersTable, table=True):
    """A line of a vendor order (DOMAIN §5.4). Its id is also its catalog reservation id."""

    __tablename__ = "order_line_items"
    __table_args__ = (
        sa.Index("ix_order_line_items_order_id", "order_id"),
        sa.Index("ix_order_line_items_product_id", "product_id"),
        sa.Index("ix_order_line_items_status", "status"),
        sa.CheckConstraint("qty >= 1", name="qty_positive"),
        *_money_checks(
            "order_line_items", "unit_price_cents", "discount_cents", "line_subtotal_cents", "total_cents"
        ),
    )

    id: uuid.UUID = Field(primary_key=True)
    order_id: uuid.UUID
    position: int
    product_id: uuid.UUID | None = _null()
    cart_item_id: uuid.UUID | None = _null()
    name: str = _text()
    category: str = _text()
    strain: str | None = _null(sa.Text)
    classification: str | None = _null(sa.Text)
    unit: str = _text()
    thumbnail: str | None = _null(sa.Text)
    unit_price_cents: int = _cents()
    moq: int
    max_qty: int | None = _null()
    qty: int
    discount_cents: int = _cents()
    line_subtotal_cents: int = _cents()
    total_cents: int = _cents()
    warnings: list[dict[str, Any]] = _server("[]", sa_type=JSONB)
    applied_volume_discount: dict[str, Any] | None = _null(NULLABLE_JSONB)
    ad_token: str | None = _null(sa.Text)
    ad_attribution: dict[str, Any] | None = _null(NULLABLE_JSONB)
    status: str = Field(sa_type=_enum("line_item_status", LINE_STATUSES))
    notes: str | None = _null(sa.Text)
    # filled by the database (no Python default, so the INSERT leaves it out)
    created_at: datetime = _now()
    updated_at: datetime = _now()


class OrderPayment(OrdersTable, table=True):
    """finance's payment intent of an order, as finance's events describe it (a projection).

    ``source_version`` is the ``occurred_at`` of the newest event applied; older ones change nothing.
    """

    __tablename__ = "order_payments"

    order_id: uuid.UUID = Field(primary_key=True)
    intent_id: uuid.UUID | None = _null()
    method: str | None = _null(_enum("payment_method", PAYMENT_METHODS))
    status: str = Field(sa_type=_enum("payment_status", PAYMENT_STATUSES))
    amount_cents: int | None = _null(sa.BigInteger)
    cash_collected_at: datetime | None = _null(TIMESTAMPTZ)
    vendor_paid_at: datetime | None = _null(TIMESTAMPTZ)
    failure_reason: str | None = _null(sa.Text)
    source_version: datetime = Field(sa_type=TIMESTAMPTZ)
    created_at: datetime = _now()
    updated_at: datetime = _now()


class OrdersAudit(OrdersTable, table=True):
    """Append-only audit rows (DOMAIN §9): decisions, cancel, expire, late logistics facts."""

    __tablename__ = "audit_logs"
    __table_args__ = (sa.Index("ix_audit_logs_target", "target_type", "target_id", "created_at"),)

    id: uuid.UUID = Field(primary_key=True)
    actor_user_id: uuid.UUID | None = _null()
    actor_store_id: uuid.UUID | None = _null()
    actor_role: str | None = _null(sa.Text)
    action: str = _text()
    target_type: str = _text()
    target_id: uuid.UUID | None = _null()
    payload: dict[str, Any] = _server("{}", sa_type=JSONB)
    created_at: datetime = _now()


# Built by pf_common's factory (a class statement cannot choose its fields): ``store_id``, ``type``
# (null until store_created), the columns below and one version per source.
STORE_PROJECTION_COLUMNS = (
    "company_name",
    "dba_name",
    "phone",
    "logo_url",
    "state",  # upper-cased address state
    "address",  # the full Address (lat/lng) for contact snapshots
    "kyc_status",
    "subscription_active",
)
if TYPE_CHECKING:

    class StoreProjection(OrdersTable):
        """What ``store_projection_model`` declares below, for mypy (it cannot see a class built at
        run time); ``tests/unit/test_models.py`` checks that the two agree."""

        __table__: ClassVar[sa.Table]

        store_id: uuid.UUID
        type: str | None
        company_name: str | None
        dba_name: str | None
        phone: str | None
        logo_url: str | None
        state: str | None
        address: dict[str, Any] | None
        kyc_status: str
        subscription_active: bool
        profile_version: datetime | None
        kyc_version: datetime | None
        subscription_version: datetime | None

else:
    StoreProjection = store_projection_model(
        OrdersTable,
        columns=STORE_PROJECTION_COLUMNS,
        doc="""Stores as identity's and finance's events describe them: the KYC and visibility gates
    of quote, checkout and acceptance (DOMAIN §4.5) and the contact snapshots of orders.""",
    )


REVIEW_TYPES = ("store", "product")
REVIEW_TITLE_MAX = 150


class Review(OrdersTable, table=True):
    """A buyer store's review of a vendor store (DOMAIN §5.4 reviews, optional module G-1).

    Only ``review_type = 'store'`` is written (MVP); ``product_id``/``order_id`` name what the
    review is about when the author gave them. Lists show ``is_visible`` rows only.
    """

    __tablename__ = "reviews"
    __table_args__ = (
        sa.CheckConstraint("rating BETWEEN 1 AND 5", name="rating_between_1_and_5"),
        sa.CheckConstraint("buyer_store_id <> vendor_store_id", name="buyer_not_vendor"),
        sa.Index("ix_reviews_vendor_store_id_created_at", "vendor_store_id", "created_at"),
        sa.Index("ix_reviews_created_at", "created_at"),
    )

    id: uuid.UUID = Field(primary_key=True)
    review_type: str = Field(sa_type=_enum("review_type", REVIEW_TYPES))
    buyer_store_id: uuid.UUID
    buyer_user_id: uuid.UUID
    vendor_store_id: uuid.UUID
    product_id: uuid.UUID | None = _null()
    order_id: uuid.UUID | None = _null()
    rating: int = Field(sa_type=sa.SmallInteger)
    title: str | None = _null(sa.String(REVIEW_TITLE_MAX))
    body: str | None = _null(sa.Text)
    is_verified_purchase: bool
    is_visible: bool = _server(sa.true())
    created_at: datetime = _now()
    updated_at: datetime = _now()
