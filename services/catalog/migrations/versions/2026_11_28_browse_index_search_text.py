"""a second browse index carrying search_text and search_vector: a text search is index-only

Measured with 500k products (make bench, C1): a text search in the largest state filtered ~18k
rows of ``ix_products_browse`` through their heap pages (7.5k pages, 28 ms of Postgres per
request). ``ix_products_browse_text`` has the same keys and also includes ``search_text`` and
``search_vector``, so the LIKE filter and the relevance score (ts_rank + word similarity) read
index tuples only; the heap is read for the page's rows. The narrow ``ix_products_browse`` stays
for browses without text (a wide index would slow their counting scans ~2x).

Revision ID: catalog_0005
Revises: catalog_0004
Create Date: 2026-11-28 04:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "catalog_0005"
down_revision = "catalog_0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_products_browse_text",
        "products",
        ["visible_state", "category", "classification", "store_id"],
        unique=False,
        schema="catalog",
        postgresql_include=[
            "price_cents",
            "thc_percent",
            "cbd_percent",
            "has_promo",
            "created_at",
            "id",
            "search_text",
            "search_vector",
        ],
        postgresql_where=sa.text("is_active AND visible_state IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_products_browse_text", table_name="products", schema="catalog")
