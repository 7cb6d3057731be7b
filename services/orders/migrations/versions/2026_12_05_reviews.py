"""reviews: buyer stores' reviews of vendor stores

DOMAIN §5.4 reviews (optional module, G-1): ``review_type`` text + CHECK (only ``store`` is
written in MVP), rating 1-5 (CHECK), title at most 150 characters, a buyer never reviews itself
(CHECK, as on vendor_orders); indexes ``(vendor_store_id, created_at)`` for a vendor's list and
``(created_at)``. A new, empty table: no backfill.

Revision ID: orders_0004
Revises: orders_0003
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "orders_0004"
down_revision = "orders_0003"
branch_labels = None
depends_on = None

SCHEMA = "orders"


def upgrade() -> None:
    op.create_table(
        "reviews",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column(
            "review_type",
            sa.Enum(
                "store",
                "product",
                name="review_type",
                native_enum=False,
                create_constraint=True,
                length=32,
                schema=SCHEMA,
            ),
            nullable=False,
        ),
        sa.Column("buyer_store_id", sa.Uuid(), nullable=False),
        sa.Column("buyer_user_id", sa.Uuid(), nullable=False),
        sa.Column("vendor_store_id", sa.Uuid(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=True),
        sa.Column("order_id", sa.Uuid(), nullable=True),
        sa.Column("rating", sa.SmallInteger(), nullable=False),
        sa.Column("title", sa.String(length=150), nullable=True),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("is_verified_purchase", sa.Boolean(), nullable=False),
        sa.Column("is_visible", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("buyer_store_id <> vendor_store_id", name=op.f("ck_reviews_buyer_not_vendor")),
        sa.CheckConstraint("rating BETWEEN 1 AND 5", name=op.f("ck_reviews_rating_between_1_and_5")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reviews")),
        schema=SCHEMA,
    )
    op.create_index("ix_reviews_created_at", "reviews", ["created_at"], unique=False, schema=SCHEMA)
    op.create_index(
        "ix_reviews_vendor_store_id_created_at",
        "reviews",
        ["vendor_store_id", "created_at"],
        unique=False,
        schema=SCHEMA,
    )


def downgrade() -> None:
    op.drop_index("ix_reviews_vendor_store_id_created_at", table_name="reviews", schema=SCHEMA)
    op.drop_index("ix_reviews_created_at", table_name="reviews", schema=SCHEMA)
    op.drop_table("reviews", schema=SCHEMA)
