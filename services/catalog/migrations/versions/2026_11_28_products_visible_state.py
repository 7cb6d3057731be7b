"""products.visible_state, kept by triggers from store_projection; the browse index

A product's ``visible_state`` is its vendor's state while the vendor passes the gate of DOMAIN
§4.5 (vendor, KYC verified, subscription active), else NULL. Two triggers keep it:

* ``products_visible_state`` (BEFORE INSERT / UPDATE OF store_id on products) reads the vendor's
  projection row, so every way a product is written (API, seed, fixture generator) gets it;
* ``store_projection_visibility`` (AFTER INSERT / UPDATE OF type, kyc_status,
  subscription_active, state on store_projection) rewrites the vendor's products when the gate's
  answer changes, in the same transaction as the projection change.

The gate's predicate is the one of ``pf_catalog.domain.visibility`` (tests compare them).

Also drops the single-column category/price indexes and the search_vector GIN index (see upgrade).

Revision ID: catalog_0004
Revises: catalog_0003
Create Date: 2026-11-28 03:14:37.115066
"""

import sqlalchemy as sa
from alembic import op

revision = "catalog_0004"
down_revision = "catalog_0003"
branch_labels = None
depends_on = None

_GATE = "{p}.type = 'vendor' AND {p}.kyc_status = 'verified' AND {p}.subscription_active"

_PRODUCT_TRIGGER = f"""
CREATE OR REPLACE FUNCTION catalog.products_set_visible_state() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.visible_state := (
        SELECT sp.state FROM catalog.store_projection sp
        WHERE sp.store_id = NEW.store_id AND {_GATE.format(p="sp")}
    );
    RETURN NEW;
END
$$;
CREATE TRIGGER products_visible_state
    BEFORE INSERT OR UPDATE OF store_id ON catalog.products
    FOR EACH ROW EXECUTE FUNCTION catalog.products_set_visible_state();
"""

_PROJECTION_TRIGGER = f"""
CREATE OR REPLACE FUNCTION catalog.store_projection_propagate_visibility() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    visible text := CASE WHEN {_GATE.format(p="NEW")} THEN NEW.state END;
BEGIN
    UPDATE catalog.products SET visible_state = visible
    WHERE store_id = NEW.store_id AND visible_state IS DISTINCT FROM visible;
    RETURN NULL;
END
$$;
CREATE TRIGGER store_projection_visibility
    AFTER INSERT OR UPDATE OF type, kyc_status, subscription_active, state ON catalog.store_projection
    FOR EACH ROW EXECUTE FUNCTION catalog.store_projection_propagate_visibility();
"""


def upgrade() -> None:
    op.add_column(
        "products",
        sa.Column("visible_state", sa.Text(), server_default=sa.FetchedValue(), nullable=True),
        schema="catalog",
    )
    op.execute(_PRODUCT_TRIGGER)
    op.execute(_PROJECTION_TRIGGER)
    # rows that exist already
    op.execute(
        "UPDATE catalog.products p SET visible_state = sp.state FROM catalog.store_projection sp "
        f"WHERE sp.store_id = p.store_id AND {_GATE.format(p='sp')}"
    )
    op.create_index(
        "ix_products_browse",
        "products",
        ["visible_state", "category", "classification", "store_id"],
        unique=False,
        schema="catalog",
        postgresql_include=["price_cents", "thc_percent", "cbd_percent", "has_promo", "created_at", "id"],
        postgresql_where=sa.text("is_active AND visible_state IS NOT NULL"),
    )
    # every buyer read filters visible_state first; these only tempted the planner into BitmapAnds
    # over large parts of the table (price <= X matches ~half of it), and search_vector is read for
    # ranking only
    op.drop_index("ix_products_category", table_name="products", schema="catalog")
    op.drop_index("ix_products_price", table_name="products", schema="catalog")
    op.drop_index("ix_products_search_vector", table_name="products", schema="catalog")


def downgrade() -> None:
    op.create_index(
        "ix_products_search_vector", "products", ["search_vector"], schema="catalog", postgresql_using="gin"
    )
    op.create_index("ix_products_price", "products", ["price_cents"], schema="catalog")
    op.create_index("ix_products_category", "products", ["category"], schema="catalog")
    op.drop_index("ix_products_browse", table_name="products", schema="catalog")
    op.execute("DROP TRIGGER IF EXISTS store_projection_visibility ON catalog.store_projection")
    op.execute("DROP TRIGGER IF EXISTS products_visible_state ON catalog.products")
    op.execute("DROP FUNCTION IF EXISTS catalog.store_projection_propagate_visibility()")
    op.execute("DROP FUNCTION IF EXISTS catalog.products_set_visible_state()")
    op.drop_column("products", "visible_state", schema="catalog")
