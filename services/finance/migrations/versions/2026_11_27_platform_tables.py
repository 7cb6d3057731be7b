"""platform tables: outbox_events, outbox_dlq, processed_events

Revision ID: finance_0001
Revises:
Create Date: 2026-11-27
"""

from alembic import op

from pf_common.platform_tables import create_platform_tables_v1, drop_platform_tables_v1

revision = "finance_0001"
down_revision = None
branch_labels = None
depends_on = None

SCHEMA = "finance"


def upgrade() -> None:
    create_platform_tables_v1(op, SCHEMA)


def downgrade() -> None:
    drop_platform_tables_v1(op, SCHEMA)
