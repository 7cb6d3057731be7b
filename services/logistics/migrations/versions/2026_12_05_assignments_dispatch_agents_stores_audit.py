"""order assignments (one active per order), the dispatch queue, agents, stores, audit rows

DOMAIN §5.5 order_assignments, dispatch_orders and agent_projection; pf_common's store projection
(frozen v1 helper); DOMAIN §9 audit_logs.

Revision ID: logistics_0002
Revises: logistics_0001
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from pf_common.store_projection import create_store_projection_v1, drop_store_projection_v1

revision = "logistics_0002"
down_revision = "logistics_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "agent_projection",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("first_name", sa.Text(), nullable=False),
        sa.Column("last_name", sa.Text(), nullable=False),
        sa.Column("email", sa.Text(), nullable=True),
        sa.Column("phone", sa.Text(), nullable=True),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("source_version", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_agent_projection")),
        schema="logistics",
    )
    op.create_index(
        "ix_agent_projection_active",
        "agent_projection",
        ["user_id"],
        unique=False,
        schema="logistics",
        postgresql_where=sa.text("is_active"),
    )
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
        schema="logistics",
    )
    op.create_index(
        "ix_audit_logs_target",
        "audit_logs",
        ["target_type", "target_id", "created_at"],
        unique=False,
        schema="logistics",
    )
    op.create_table(
        "dispatch_orders",
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("order_number", sa.BigInteger(), nullable=False),
        sa.Column("checkout_group_id", sa.Uuid(), nullable=False),
        sa.Column("buyer_store_id", sa.Uuid(), nullable=False),
        sa.Column("vendor_store_id", sa.Uuid(), nullable=False),
        sa.Column("buyer", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("vendor", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("total_cents", sa.BigInteger(), nullable=False),
        sa.Column("discounts_cents", sa.BigInteger(), nullable=False),
        sa.Column("total_items", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "ready_for_dispatch",
                "in_transit",
                "delivered",
                "canceled",
                name="dispatch_status",
                native_enum=False,
                create_constraint=True,
                length=32,
                schema="logistics",
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
                schema="logistics",
            ),
            nullable=False,
        ),
        sa.Column("ready_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("picked_up_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("canceled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("total_cents >= 0", name=op.f("ck_dispatch_orders_total_cents_non_negative")),
        sa.PrimaryKeyConstraint("order_id", name=op.f("pk_dispatch_orders")),
        schema="logistics",
    )
    op.create_index(
        "ix_dispatch_orders_status_created",
        "dispatch_orders",
        ["status", "created_at"],
        unique=False,
        schema="logistics",
    )
    op.create_table(
        "order_assignments",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("agent_user_id", sa.Uuid(), nullable=False),
        sa.Column("assigned_by_user_id", sa.Uuid(), nullable=True),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("unassigned_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("active", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column("pickup_time", sa.DateTime(timezone=True), nullable=True),
        sa.Column("delivery_time", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cash_pickup_time", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cash_amount_cents", sa.BigInteger(), nullable=True),
        sa.Column("pickup_signature_gcs_key", sa.Text(), nullable=True),
        sa.Column("delivery_signature_gcs_key", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_order_assignments")),
        schema="logistics",
    )
    op.create_index(
        "ix_order_assignments_agent_active",
        "order_assignments",
        ["agent_user_id", "active"],
        unique=False,
        schema="logistics",
    )
    op.create_index(
        "ix_order_assignments_order_id", "order_assignments", ["order_id"], unique=False, schema="logistics"
    )
    op.create_index(
        "ux_order_assignments_one_active",
        "order_assignments",
        ["order_id"],
        unique=True,
        schema="logistics",
        postgresql_where=sa.text("active"),
    )
    create_store_projection_v1(
        op, "logistics", columns=("company_name", "dba_name", "phone", "address", "kyc_status")
    )


def downgrade() -> None:
    drop_store_projection_v1(op, "logistics")
    op.drop_index(
        "ux_order_assignments_one_active",
        table_name="order_assignments",
        schema="logistics",
        postgresql_where=sa.text("active"),
    )
    op.drop_index("ix_order_assignments_order_id", table_name="order_assignments", schema="logistics")
    op.drop_index("ix_order_assignments_agent_active", table_name="order_assignments", schema="logistics")
    op.drop_table("order_assignments", schema="logistics")
    op.drop_index("ix_dispatch_orders_status_created", table_name="dispatch_orders", schema="logistics")
    op.drop_table("dispatch_orders", schema="logistics")
    op.drop_index("ix_audit_logs_target", table_name="audit_logs", schema="logistics")
    op.drop_table("audit_logs", schema="logistics")
    op.drop_index(
        "ix_agent_projection_active",
        table_name="agent_projection",
        schema="logistics",
        postgresql_where=sa.text("is_active"),
    )
    op.drop_table("agent_projection", schema="logistics")
