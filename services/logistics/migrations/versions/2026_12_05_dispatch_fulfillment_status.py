"""dispatch_orders.fulfillment_status: orders' fulfilment when the order became ready (fulfilled, or
partial when a line was rejected), shown to agents (AgentOrderSummary). Existing rows are
``fulfilled``: the only value the queue could show before.

Revision ID: logistics_0003
Revises: logistics_0002
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "logistics_0003"
down_revision = "logistics_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "dispatch_orders",
        sa.Column(
            "fulfillment_status",
            sa.Enum(
                "pending",
                "partial",
                "fulfilled",
                name="fulfillment_status",
                native_enum=False,
                create_constraint=True,
                length=32,
                schema="logistics",
            ),
            server_default="fulfilled",
            nullable=False,
        ),
        schema="logistics",
    )


def downgrade() -> None:
    op.drop_column("dispatch_orders", "fulfillment_status", schema="logistics")
