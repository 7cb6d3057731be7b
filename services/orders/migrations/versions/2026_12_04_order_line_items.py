"""order_line_items: the line ids catalog's reservation sweeper asks about

Only ``id``, ``order_id`` and ``created_at`` for now; checkout adds the rest of DOMAIN §5.4.

Revision ID: orders_0002
Revises: orders_0001
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "orders_0002"
down_revision = "orders_0001"
branch_labels = None
depends_on = None

SCHEMA = "orders"


def upgrade() -> None:
    op.create_table(
        "order_line_items",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_order_line_items")),
        schema=SCHEMA,
    )
    op.create_index("ix_order_line_items_order_id", "order_line_items", ["order_id"], schema=SCHEMA)


def downgrade() -> None:
    op.drop_index("ix_order_line_items_order_id", table_name="order_line_items", schema=SCHEMA)
    op.drop_table("order_line_items", schema=SCHEMA)
