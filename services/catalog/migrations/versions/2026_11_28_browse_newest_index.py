"""an index for the default browse (a state's visible products, newest first)

Without text, the page (``ORDER BY created_at DESC, id DESC LIMIT 26``) and the last row are read
straight off this index instead of sorting every visible product of the state (71k in the largest
state of the 500k bench catalogue); the facet counts stay an index-only scan of ix_products_browse.

Revision ID: catalog_0006
Revises: catalog_0005
Create Date: 2026-11-28 04:55:00
"""

import sqlalchemy as sa
from alembic import op

revision = "catalog_0006"
down_revision = "catalog_0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_products_browse_newest",
        "products",
        ["visible_state", "created_at", "id"],
        unique=False,
        schema="catalog",
        postgresql_where=sa.text("is_active AND visible_state IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_products_browse_newest", table_name="products", schema="catalog")
