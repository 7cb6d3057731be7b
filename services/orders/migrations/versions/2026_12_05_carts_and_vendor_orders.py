"""carts, vendor orders, full order lines, payment and store projections, audit rows

DOMAIN §5.4 (cart_records, cart_items, cart_vendor_groups, vendor_orders with the global order
number sequence, order_line_items), the payment projection fed by finance's events, pf_common's
store projection (frozen v1 helper) and audit_logs (DOMAIN §9). ``order_line_items`` had no rows
before this revision (nothing wrote it), so its new NOT NULL columns need no backfill.

Revision ID: orders_0003
Revises: orders_0002
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from pf_common.store_projection import create_store_projection_v1, drop_store_projection_v1

revision = "orders_0003"
down_revision = "orders_0002"
branch_labels = None
depends_on = None


LINE_CHECKS = (
    ("qty_positive", "qty >= 1"),
    ("unit_price_cents_non_negative", "unit_price_cents >= 0"),
    ("discount_cents_non_negative", "discount_cents >= 0"),
    ("line_subtotal_cents_non_negative", "line_subtotal_cents >= 0"),
    ("total_cents_non_negative", "total_cents >= 0"),
)


def upgrade() -> None:
    op.create_table(
        "audit_logs",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("actor_user_id", sa.Uuid(), nullable=True),
        sa.Column("actor_store_id", sa.Uuid(), nullable=True),
        sa.Column("actor_role", sa.Text(), nullable=True),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("target_type", sa.Text(), nullable=False),
        sa.Column("target_id", sa.Uuid(), nullable=True),
        sa.Column("payload", postgresql.JSONB(astext_type=sa.Text()), server_default="{}", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_logs")),
        schema="orders",
    )
    op.create_index(
        "ix_audit_logs_target",
        "audit_logs",
        ["target_type", "target_id", "created_at"],
        unique=False,
        schema="orders",
    )
    op.create_table(
        "cart_items",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("cart_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("vendor_store_id", sa.Uuid(), nullable=False),
        sa.Column("vendor_store_name", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("thumbnail", sa.Text(), nullable=True),
        sa.Column("unit", sa.Text(), nullable=False),
        sa.Column("category", sa.Text(), nullable=True),
        sa.Column("strain", sa.Text(), nullable=True),
        sa.Column("classification", sa.Text(), nullable=True),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("moq", sa.Integer(), nullable=False),
        sa.Column("max_qty", sa.Integer(), nullable=True),
        sa.Column("unit_price_cents", sa.BigInteger(), nullable=False),
        sa.Column("effective_unit_price_cents", sa.BigInteger(), nullable=False),
        sa.Column("line_subtotal_cents", sa.BigInteger(), nullable=False),
        sa.Column("line_discounts_cents", sa.BigInteger(), nullable=False),
        sa.Column("line_total_cents", sa.BigInteger(), nullable=False),
        sa.Column("applied_volume_discount", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "ok",
                "not_available",
                "invalid",
                name="cart_item_status",
                native_enum=False,
                create_constraint=True,
                length=32,
                schema="orders",
            ),
            nullable=False,
        ),
        sa.Column("warnings", postgresql.JSONB(astext_type=sa.Text()), server_default="[]", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint(
            "effective_unit_price_cents >= 0",
            name=op.f("ck_cart_items_effective_unit_price_cents_non_negative"),
        ),
        sa.CheckConstraint(
            "line_discounts_cents >= 0", name=op.f("ck_cart_items_line_discounts_cents_non_negative")
        ),
        sa.CheckConstraint(
            "line_subtotal_cents >= 0", name=op.f("ck_cart_items_line_subtotal_cents_non_negative")
        ),
        sa.CheckConstraint("line_total_cents >= 0", name=op.f("ck_cart_items_line_total_cents_non_negative")),
        sa.CheckConstraint("quantity >= 1", name=op.f("ck_cart_items_quantity_positive")),
        sa.CheckConstraint("unit_price_cents >= 0", name=op.f("ck_cart_items_unit_price_cents_non_negative")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cart_items")),
        schema="orders",
    )
    op.create_index("ix_cart_items_cart_id", "cart_items", ["cart_id"], unique=False, schema="orders")
    op.create_index("ix_cart_items_product_id", "cart_items", ["product_id"], unique=False, schema="orders")
    op.create_index(
        "ix_cart_items_vendor_store_id", "cart_items", ["vendor_store_id"], unique=False, schema="orders"
    )
    op.create_table(
        "cart_records",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("buyer_store_id", sa.Uuid(), nullable=False),
        sa.Column("checkout_group_id", sa.Uuid(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "active",
                "converted",
                name="cart_status",
                native_enum=False,
                create_constraint=True,
                length=32,
                schema="orders",
            ),
            nullable=False,
        ),
        sa.Column("shipping_address", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("billing_address", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("tip_cents", sa.BigInteger(), nullable=False),
        sa.Column(
            "payment_method",
            sa.Enum(
                "cash",
                "ach",
                name="payment_method",
                native_enum=False,
                create_constraint=True,
                length=32,
                schema="orders",
            ),
            nullable=True,
        ),
        sa.Column("shipping_line", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column(
            "currency",
            sa.Enum(
                "USD",
                "BTC",
                "ETH",
                name="currency",
                native_enum=False,
                create_constraint=True,
                length=32,
                schema="orders",
            ),
            nullable=False,
        ),
        sa.Column("valid_until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("subtotal_cents", sa.BigInteger(), nullable=False),
        sa.Column("discounts_cents", sa.BigInteger(), nullable=False),
        sa.Column("total_cents", sa.BigInteger(), nullable=False),
        sa.Column("converted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ad_tokens", postgresql.ARRAY(sa.Text()), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("discounts_cents >= 0", name=op.f("ck_cart_records_discounts_cents_non_negative")),
        sa.CheckConstraint("subtotal_cents >= 0", name=op.f("ck_cart_records_subtotal_cents_non_negative")),
        sa.CheckConstraint("tip_cents >= 0", name=op.f("ck_cart_records_tip_cents_non_negative")),
        sa.CheckConstraint("total_cents >= 0", name=op.f("ck_cart_records_total_cents_non_negative")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cart_records")),
        schema="orders",
    )
    op.create_index(
        "ix_cart_records_buyer_status",
        "cart_records",
        ["buyer_store_id", "status"],
        unique=False,
        schema="orders",
    )
    op.create_index(
        "ix_cart_records_checkout_group_id",
        "cart_records",
        ["checkout_group_id"],
        unique=False,
        schema="orders",
    )
    op.create_index(
        "ux_cart_records_one_active",
        "cart_records",
        ["buyer_store_id"],
        unique=True,
        schema="orders",
        postgresql_where=sa.text("status = 'active'"),
    )
    op.create_table(
        "cart_vendor_groups",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("cart_id", sa.Uuid(), nullable=False),
        sa.Column("vendor_store_id", sa.Uuid(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "ok",
                "invalid",
                name="vendor_group_status",
                native_enum=False,
                create_constraint=True,
                length=32,
                schema="orders",
            ),
            nullable=False,
        ),
        sa.Column("warnings", postgresql.JSONB(astext_type=sa.Text()), server_default="[]", nullable=False),
        sa.Column("promo", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("subtotal_cents", sa.BigInteger(), nullable=False),
        sa.Column("line_discounts_cents", sa.BigInteger(), nullable=False),
        sa.Column("promo_discount_cents", sa.BigInteger(), nullable=False),
        sa.Column("discounts_cents", sa.BigInteger(), nullable=False),
        sa.Column("total_cents", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint(
            "discounts_cents >= 0", name=op.f("ck_cart_vendor_groups_discounts_cents_non_negative")
        ),
        sa.CheckConstraint(
            "line_discounts_cents >= 0", name=op.f("ck_cart_vendor_groups_line_discounts_cents_non_negative")
        ),
        sa.CheckConstraint(
            "promo_discount_cents >= 0", name=op.f("ck_cart_vendor_groups_promo_discount_cents_non_negative")
        ),
        sa.CheckConstraint(
            "subtotal_cents >= 0", name=op.f("ck_cart_vendor_groups_subtotal_cents_non_negative")
        ),
        sa.CheckConstraint("total_cents >= 0", name=op.f("ck_cart_vendor_groups_total_cents_non_negative")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cart_vendor_groups")),
        sa.UniqueConstraint(
            "cart_id", "vendor_store_id", name=op.f("uq_cart_vendor_groups_cart_id_vendor_store_id")
        ),
        schema="orders",
    )
    op.create_table(
        "order_payments",
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("intent_id", sa.Uuid(), nullable=True),
        sa.Column(
            "method",
            sa.Enum(
                "cash",
                "ach",
                name="payment_method",
                native_enum=False,
                create_constraint=True,
                length=32,
                schema="orders",
            ),
            nullable=True,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "unpaid",
                "pending",
                "settled",
                "paid",
                "failed",
                "rejected",
                name="payment_status",
                native_enum=False,
                create_constraint=True,
                length=32,
                schema="orders",
            ),
            nullable=False,
        ),
        sa.Column("amount_cents", sa.BigInteger(), nullable=True),
        sa.Column("cash_collected_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("vendor_paid_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("failure_reason", sa.Text(), nullable=True),
        sa.Column("source_version", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("order_id", name=op.f("pk_order_payments")),
        schema="orders",
    )
    create_store_projection_v1(
        op,
        "orders",
        columns=(
            "company_name",
            "dba_name",
            "phone",
            "logo_url",
            "state",
            "address",
            "kyc_status",
            "subscription_active",
        ),
    )
    op.execute(sa.schema.CreateSequence(sa.Sequence("vendor_order_number_seq", schema="orders")))
    op.create_table(
        "vendor_orders",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("cart_id", sa.Uuid(), nullable=False),
        sa.Column("checkout_group_id", sa.Uuid(), nullable=False),
        sa.Column("buyer_store_id", sa.Uuid(), nullable=False),
        sa.Column("vendor_store_id", sa.Uuid(), nullable=False),
        sa.Column(
            "order_number",
            sa.BigInteger(),
            server_default=sa.text("nextval('orders.vendor_order_number_seq')"),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "created_pending",
                "accepted",
                "partially_accepted",
                "rejected",
                "fulfilled",
                "ready_for_dispatch",
                "hold",
                "hold_for_pickup",
                "in_transit",
                "delivered",
                "closed",
                "canceled",
                "expired",
                name="vendor_order_status",
                native_enum=False,
                create_constraint=True,
                length=32,
                schema="orders",
            ),
            nullable=False,
        ),
        sa.Column(
            "fulfillment_status",
            sa.Enum(
                "pending",
                "partial",
                "fulfilled",
                name="vendor_order_fulfillment_status",
                native_enum=False,
                create_constraint=True,
                length=32,
                schema="orders",
            ),
            nullable=False,
        ),
        sa.Column(
            "shipping_status",
            sa.Enum(
                "pending",
                "dispatched",
                "in_transit",
                "delivered",
                name="vendor_order_shipping_status",
                native_enum=False,
                create_constraint=True,
                length=32,
                schema="orders",
            ),
            nullable=False,
        ),
        sa.Column(
            "payment_status",
            sa.Enum(
                "unpaid",
                "pending",
                "settled",
                "paid",
                "failed",
                "rejected",
                name="payment_status",
                native_enum=False,
                create_constraint=True,
                length=32,
                schema="orders",
            ),
            nullable=False,
        ),
        sa.Column(
            "refund_status",
            sa.Enum(
                "none",
                "partial",
                "full",
                name="refund_status",
                native_enum=False,
                create_constraint=True,
                length=32,
                schema="orders",
            ),
            nullable=False,
        ),
        sa.Column(
            "payment_method",
            sa.Enum(
                "cash",
                "ach",
                name="payment_method",
                native_enum=False,
                create_constraint=True,
                length=32,
                schema="orders",
            ),
            nullable=False,
        ),
        sa.Column(
            "currency",
            sa.Enum(
                "USD",
                "BTC",
                "ETH",
                name="currency",
                native_enum=False,
                create_constraint=True,
                length=32,
                schema="orders",
            ),
            nullable=False,
        ),
        sa.Column("shipping_address", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("billing_address", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("shipping_line", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("subtotal_cents", sa.BigInteger(), nullable=False),
        sa.Column("discounts_cents", sa.BigInteger(), nullable=False),
        sa.Column("promo_discount_cents", sa.BigInteger(), nullable=False),
        sa.Column("tax_cents", sa.BigInteger(), nullable=False),
        sa.Column("transport_fee_cents", sa.BigInteger(), nullable=False),
        sa.Column("total_cents", sa.BigInteger(), nullable=False),
        sa.Column("balance_due_cents", sa.BigInteger(), nullable=False),
        sa.Column("warnings", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("promo", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("buyer_snapshot", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("vendor_snapshot", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("ad_token", sa.Text(), nullable=True),
        sa.Column("ad_attribution", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("internal_notes", sa.Text(), nullable=True),
        sa.Column("active_assignment", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("retried_from_order_id", sa.Uuid(), nullable=True),
        sa.Column("vendor_responded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("nudged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("fulfilled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("canceled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("expired_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint(
            "balance_due_cents >= 0", name=op.f("ck_vendor_orders_balance_due_cents_non_negative")
        ),
        sa.CheckConstraint(
            "buyer_store_id <> vendor_store_id", name=op.f("ck_vendor_orders_buyer_not_vendor")
        ),
        sa.CheckConstraint(
            "discounts_cents >= 0", name=op.f("ck_vendor_orders_discounts_cents_non_negative")
        ),
        sa.CheckConstraint("subtotal_cents >= 0", name=op.f("ck_vendor_orders_subtotal_cents_non_negative")),
        sa.CheckConstraint("tax_cents >= 0", name=op.f("ck_vendor_orders_tax_cents_non_negative")),
        sa.CheckConstraint("total_cents >= 0", name=op.f("ck_vendor_orders_total_cents_non_negative")),
        sa.CheckConstraint(
            "transport_fee_cents >= 0", name=op.f("ck_vendor_orders_transport_fee_cents_non_negative")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vendor_orders")),
        sa.UniqueConstraint(
            "checkout_group_id",
            "vendor_store_id",
            name=op.f("uq_vendor_orders_checkout_group_id_vendor_store_id"),
        ),
        sa.UniqueConstraint("order_number", name=op.f("uq_vendor_orders_order_number")),
        schema="orders",
    )
    op.create_index(
        "ix_vendor_orders_buyer_created",
        "vendor_orders",
        ["buyer_store_id", sa.literal_column("created_at DESC")],
        unique=False,
        schema="orders",
    )
    op.create_index("ix_vendor_orders_cart_id", "vendor_orders", ["cart_id"], unique=False, schema="orders")
    op.create_index(
        "ix_vendor_orders_checkout_group_id",
        "vendor_orders",
        ["checkout_group_id"],
        unique=False,
        schema="orders",
    )
    op.create_index("ix_vendor_orders_status", "vendor_orders", ["status"], unique=False, schema="orders")
    op.create_index(
        "ix_vendor_orders_vendor_created",
        "vendor_orders",
        ["vendor_store_id", sa.literal_column("created_at DESC")],
        unique=False,
        schema="orders",
    )
    op.create_index(
        "ix_vendor_orders_vendor_status_created",
        "vendor_orders",
        ["vendor_store_id", "status", sa.literal_column("created_at DESC")],
        unique=False,
        schema="orders",
    )
    op.add_column("order_line_items", sa.Column("position", sa.Integer(), nullable=False), schema="orders")
    op.add_column("order_line_items", sa.Column("product_id", sa.Uuid(), nullable=True), schema="orders")
    op.add_column("order_line_items", sa.Column("cart_item_id", sa.Uuid(), nullable=True), schema="orders")
    op.add_column("order_line_items", sa.Column("name", sa.Text(), nullable=False), schema="orders")
    op.add_column("order_line_items", sa.Column("category", sa.Text(), nullable=False), schema="orders")
    op.add_column("order_line_items", sa.Column("strain", sa.Text(), nullable=True), schema="orders")
    op.add_column("order_line_items", sa.Column("classification", sa.Text(), nullable=True), schema="orders")
    op.add_column("order_line_items", sa.Column("unit", sa.Text(), nullable=False), schema="orders")
    op.add_column("order_line_items", sa.Column("thumbnail", sa.Text(), nullable=True), schema="orders")
    op.add_column(
        "order_line_items", sa.Column("unit_price_cents", sa.BigInteger(), nullable=False), schema="orders"
    )
    op.add_column("order_line_items", sa.Column("moq", sa.Integer(), nullable=False), schema="orders")
    op.add_column("order_line_items", sa.Column("max_qty", sa.Integer(), nullable=True), schema="orders")
    op.add_column("order_line_items", sa.Column("qty", sa.Integer(), nullable=False), schema="orders")
    op.add_column(
        "order_line_items", sa.Column("discount_cents", sa.BigInteger(), nullable=False), schema="orders"
    )
    op.add_column(
        "order_line_items", sa.Column("line_subtotal_cents", sa.BigInteger(), nullable=False), schema="orders"
    )
    op.add_column(
        "order_line_items", sa.Column("total_cents", sa.BigInteger(), nullable=False), schema="orders"
    )
    op.add_column(
        "order_line_items",
        sa.Column("warnings", postgresql.JSONB(astext_type=sa.Text()), server_default="[]", nullable=False),
        schema="orders",
    )
    op.add_column(
        "order_line_items",
        sa.Column("applied_volume_discount", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        schema="orders",
    )
    op.add_column("order_line_items", sa.Column("ad_token", sa.Text(), nullable=True), schema="orders")
    op.add_column(
        "order_line_items",
        sa.Column("ad_attribution", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        schema="orders",
    )
    op.add_column(
        "order_line_items",
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "accepted",
                "rejected",
                "fulfilled",
                "hold",
                name="line_item_status",
                native_enum=False,
                create_constraint=True,
                length=32,
                schema="orders",
            ),
            nullable=False,
        ),
        schema="orders",
    )
    op.add_column("order_line_items", sa.Column("notes", sa.Text(), nullable=True), schema="orders")
    op.add_column(
        "order_line_items",
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        schema="orders",
    )
    for name, condition in LINE_CHECKS:
        op.create_check_constraint(
            op.f(f"ck_order_line_items_{name}"), "order_line_items", condition, schema="orders"
        )
    op.create_index(
        "ix_order_line_items_product_id", "order_line_items", ["product_id"], unique=False, schema="orders"
    )
    op.create_index(
        "ix_order_line_items_status", "order_line_items", ["status"], unique=False, schema="orders"
    )


def downgrade() -> None:
    for name, _ in LINE_CHECKS:
        op.drop_constraint(op.f(f"ck_order_line_items_{name}"), "order_line_items", schema="orders")
    op.drop_index("ix_order_line_items_status", table_name="order_line_items", schema="orders")
    op.drop_index("ix_order_line_items_product_id", table_name="order_line_items", schema="orders")
    op.drop_column("order_line_items", "updated_at", schema="orders")
    op.drop_column("order_line_items", "notes", schema="orders")
    op.drop_column("order_line_items", "status", schema="orders")
    op.drop_column("order_line_items", "ad_attribution", schema="orders")
    op.drop_column("order_line_items", "ad_token", schema="orders")
    op.drop_column("order_line_items", "applied_volume_discount", schema="orders")
    op.drop_column("order_line_items", "warnings", schema="orders")
    op.drop_column("order_line_items", "total_cents", schema="orders")
    op.drop_column("order_line_items", "line_subtotal_cents", schema="orders")
    op.drop_column("order_line_items", "discount_cents", schema="orders")
    op.drop_column("order_line_items", "qty", schema="orders")
    op.drop_column("order_line_items", "max_qty", schema="orders")
    op.drop_column("order_line_items", "moq", schema="orders")
    op.drop_column("order_line_items", "unit_price_cents", schema="orders")
    op.drop_column("order_line_items", "thumbnail", schema="orders")
    op.drop_column("order_line_items", "unit", schema="orders")
    op.drop_column("order_line_items", "classification", schema="orders")
    op.drop_column("order_line_items", "strain", schema="orders")
    op.drop_column("order_line_items", "category", schema="orders")
    op.drop_column("order_line_items", "name", schema="orders")
    op.drop_column("order_line_items", "cart_item_id", schema="orders")
    op.drop_column("order_line_items", "product_id", schema="orders")
    op.drop_column("order_line_items", "position", schema="orders")
    op.drop_index("ix_vendor_orders_vendor_status_created", table_name="vendor_orders", schema="orders")
    op.drop_index("ix_vendor_orders_vendor_created", table_name="vendor_orders", schema="orders")
    op.drop_index("ix_vendor_orders_status", table_name="vendor_orders", schema="orders")
    op.drop_index("ix_vendor_orders_checkout_group_id", table_name="vendor_orders", schema="orders")
    op.drop_index("ix_vendor_orders_cart_id", table_name="vendor_orders", schema="orders")
    op.drop_index("ix_vendor_orders_buyer_created", table_name="vendor_orders", schema="orders")
    op.drop_table("vendor_orders", schema="orders")
    op.execute(sa.schema.DropSequence(sa.Sequence("vendor_order_number_seq", schema="orders")))
    drop_store_projection_v1(op, "orders")
    op.drop_table("order_payments", schema="orders")
    op.drop_table("cart_vendor_groups", schema="orders")
    op.drop_index(
        "ux_cart_records_one_active",
        table_name="cart_records",
        schema="orders",
        postgresql_where=sa.text("status = 'active'"),
    )
    op.drop_index("ix_cart_records_checkout_group_id", table_name="cart_records", schema="orders")
    op.drop_index("ix_cart_records_buyer_status", table_name="cart_records", schema="orders")
    op.drop_table("cart_records", schema="orders")
    op.drop_index("ix_cart_items_vendor_store_id", table_name="cart_items", schema="orders")
    op.drop_index("ix_cart_items_product_id", table_name="cart_items", schema="orders")
    op.drop_index("ix_cart_items_cart_id", table_name="cart_items", schema="orders")
    op.drop_table("cart_items", schema="orders")
    op.drop_index("ix_audit_logs_target", table_name="audit_logs", schema="orders")
    op.drop_table("audit_logs", schema="orders")
