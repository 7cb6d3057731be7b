"""Tables of the catalog schema (DOMAIN §5.3; its own schema, no cross-schema foreign keys).

SQLModel table models (``table=True``) on ``CatalogTable``, whose registry keeps the schema's one
MetaData. The annotation gives nullability (``X | None``); ``Field(sa_type=...)`` the column type
SQLModel would not pick (TEXT, BIGINT, NUMERIC(p, s), timestamptz, JSONB, arrays, tsvector, text +
CHECK enums). Columns the database fills (server defaults, the ``visible_state`` triggers, the
generated ``has_promo``/``search_text``/``search_vector``) have no Python default, so an INSERT
leaves them out (Postgres refuses any value for a generated column, even NULL); nullable columns
default to None. ``StoreProjection`` is pf_common's store projection, built by its factory with the
columns catalog keeps.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TSVECTOR
from sqlmodel import Field

from pf_common.columns import created_now as _now
from pf_common.columns import nullable as _null
from pf_common.columns import server_filled as _server
from pf_common.columns import text as _text
from pf_common.columns import text_enum as _enum
from pf_common.db import TableModel, make_registry
from pf_common.events.common import ProductCategory, ProductClassification, ProductUnit
from pf_common.platform_tables import add_platform_tables
from pf_common.store_projection import store_projection_model

CATEGORIES = tuple(c.value for c in ProductCategory)
CLASSIFICATIONS = tuple(c.value for c in ProductClassification)
UNITS = tuple(u.value for u in ProductUnit)
FLAVORS = ("earthy", "citrus", "fruity", "floral", "cheese", "diesel", "spicy", "sweet", "pine", "herbal")
FEELINGS = (
    "relaxed",
    "happy",
    "euphoric",
    "focused",
    "hungry",
    "talkative",
    "creative",
    "sleepy",
    "uplifted",
    "calm",
)
USAGES = (
    "stress_relief",
    "pain_relief",
    "sleep",
    "depression",
    "muscle_relaxant",
    "nausea",
    "anxiety",
    "appetite_stimulation",
)
RESERVATION_STATES = ("held", "confirmed", "released", "consumed")
MEDIA_KINDS = ("product", "ads", "license_doc", "coa", "store", "user", "other")
PROJECTED_MEDIA_STATUSES = ("uploaded", "ready", "failed", "deleted")

# Search (migration catalog_0003): ``catalog.immutable_unaccent`` wraps unaccent() so that generated
# columns and indexes may use it. ``search_text`` (lower-cased, unaccented title, strain, SKU and
# vendor name) serves substring and fuzzy matching through a trigram GIN index; ``search_vector``
# serves full-text matching and ranking (``simple`` configuration: strain names are not English).
_UNACCENT = "catalog.immutable_unaccent"
SEARCH_TEXT_SQL = (
    f"lower({_UNACCENT}(title || ' ' || coalesce(strain, '') || ' ' || sku || ' ' "
    "|| coalesce(vendor_name, '')))"
)
SEARCH_VECTOR_SQL = (
    f"setweight(to_tsvector('simple'::regconfig, {_UNACCENT}(title || ' ' || sku)), 'A') || "
    f"setweight(to_tsvector('simple'::regconfig, {_UNACCENT}(coalesce(strain, ''))), 'B') || "
    f"setweight(to_tsvector('simple'::regconfig, {_UNACCENT}(coalesce(vendor_name, ''))), 'C')"
)


TIMESTAMPTZ = sa.DateTime(timezone=True)


def _generated(sa_type: Any, sql: str) -> Any:
    """A stored generated column (NOT NULL): no Python default, never written by the app."""
    return Field(nullable=False, sa_type=sa_type, sa_column_args=[sa.Computed(sql, persisted=True)])


class CatalogTable(TableModel, registry=make_registry("catalog")):
    """Base of the catalog service's table models: their registry and MetaData (schema ``catalog``)."""


metadata = CatalogTable.metadata
platform = add_platform_tables(CatalogTable)


class Product(CatalogTable, table=True):
    __tablename__ = "products"
    __mapper_args__ = {"eager_defaults": True}

    id: uuid.UUID = Field(primary_key=True)
    store_id: uuid.UUID
    sku: str = _text()
    title: str = _text()
    subtitle: str | None = _null(sa.Text)
    body_html: str | None = _null(sa.Text)
    category: str = Field(sa_type=_enum("product_category", CATEGORIES))
    feelings: list[str] = Field(sa_type=ARRAY(sa.Text))
    flavors: list[str] = Field(sa_type=ARRAY(sa.Text))
    usage: list[str] = Field(sa_type=ARRAY(sa.Text))
    strain: str | None = _null(sa.Text)
    classification: str | None = _null(_enum("product_classification", CLASSIFICATIONS))
    unit: str = Field(sa_type=_enum("product_unit", UNITS))
    moq: int = _server("1")
    max_qty: int = _server("0")  # 0 = unlimited
    price_cents: int = Field(sa_type=sa.BigInteger)
    compare_at_price_cents: int | None = _null(sa.BigInteger)
    is_active: bool = _server(sa.true())
    is_featured: bool = _server(sa.false())
    thc_percent: Decimal | None = _null(sa.Numeric(5, 2))
    cbd_percent: Decimal | None = _null(sa.Numeric(5, 2))
    coa_media_id: uuid.UUID | None = _null()
    batch_id: str | None = _null(sa.Text)
    metric_tag: str | None = _null(sa.Text)
    barcode: str | None = _null(sa.Text)
    packaging_type: str | None = _null(sa.Text)
    draft_id: uuid.UUID | None = _null()
    # denormalised for lists and search: the vendor's display name (from store_projection, kept
    # current by the store consumers) and the URL of the lowest-position gallery image
    vendor_name: str | None = _null(sa.Text)
    # the vendor's state while the vendor passes the visibility gate (DOMAIN §4.5), else NULL;
    # kept by triggers (migration catalog_0004) from store_projection, never written by the app:
    # buyer browse is ``visible_state = :buyer_state AND is_active`` on one index. No Python
    # default: a None set by the constructor would go into the INSERT and skip the RETURNING.
    visible_state: str | None = Field(
        sa_type=sa.Text,
        sa_column_kwargs={"server_default": sa.FetchedValue(), "server_onupdate": sa.FetchedValue()},
    )
    thumbnail_url: str | None = _null(sa.Text)
    has_promo: bool = _generated(sa.Boolean, "COALESCE(compare_at_price_cents > price_cents, false)")
    search_text: str = _generated(sa.Text, SEARCH_TEXT_SQL)
    search_vector: Any = _generated(TSVECTOR, SEARCH_VECTOR_SQL)
    created_at: datetime = _now()
    updated_at: datetime = _now()

    __table_args__ = (
        sa.UniqueConstraint("store_id", "sku"),
        sa.CheckConstraint("moq >= 1", name="moq_positive"),
        sa.CheckConstraint("max_qty >= 0", name="max_qty_non_negative"),
        sa.CheckConstraint("price_cents >= 0", name="price_non_negative"),
        sa.CheckConstraint(
            "compare_at_price_cents IS NULL OR compare_at_price_cents >= 0", name="compare_at"
        ),
        sa.CheckConstraint("thc_percent IS NULL OR thc_percent BETWEEN 0 AND 100", name="thc_range"),
        sa.CheckConstraint("cbd_percent IS NULL OR cbd_percent BETWEEN 0 AND 100", name="cbd_range"),
        sa.CheckConstraint(
            "cardinality(feelings) >= 1 AND cardinality(flavors) >= 1 AND cardinality(usage) >= 1",
            name="tags_present",
        ),
        sa.Index("ix_products_store_active", "store_id", "is_active"),
        sa.Index("ix_products_created", "created_at", "id"),
        sa.Index(
            "ix_products_search_text_trgm",
            "search_text",
            postgresql_using="gin",
            postgresql_ops={"search_text": "gin_trgm_ops"},
        ),
        # Buyer reads always filter visible_state (or store_id): category/price single-column indexes
        # would only tempt the planner into BitmapAnds over 40 % of the table (dropped in 0004), and
        # search_vector serves ranking only (matching is substring on the scope's rows).
        # buyer browse: the visible products of a state with every filter and sort column, so the
        # counts and facets of a browse are an index-only scan
        sa.Index(
            "ix_products_browse",
            "visible_state",
            "category",
            "classification",
            "store_id",
            postgresql_include=[
                "price_cents",
                "thc_percent",
                "cbd_percent",
                "has_promo",
                "created_at",
                "id",
            ],
            postgresql_where=sa.text("is_active AND visible_state IS NOT NULL"),
        ),
        # the default browse (newest first, no text): the page and the last row straight off the index
        sa.Index(
            "ix_products_browse_newest",
            "visible_state",
            "created_at",
            "id",
            postgresql_where=sa.text("is_active AND visible_state IS NOT NULL"),
        ),
        # the same with the text columns: a text search and its relevance score read index tuples only
        sa.Index(
            "ix_products_browse_text",
            "visible_state",
            "category",
            "classification",
            "store_id",
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
        ),
    )


class InventoryItem(CatalogTable, table=True):
    """1:1 with a product. Vendors set ``available_qty``; only reservations move ``reserved_qty``."""

    __tablename__ = "inventory_items"

    product_id: uuid.UUID = Field(primary_key=True)
    store_id: uuid.UUID
    available_qty: int = _server("0")
    reserved_qty: int = _server("0")
    consumed_qty: int = _server("0")
    low_stock_threshold: int = _server("0")
    updated_at: datetime = _now()

    __table_args__ = (
        sa.CheckConstraint("available_qty >= 0", name="available_non_negative"),
        sa.CheckConstraint("reserved_qty >= 0", name="reserved_non_negative"),
        sa.CheckConstraint("consumed_qty >= 0", name="consumed_non_negative"),
        sa.CheckConstraint("low_stock_threshold >= 0", name="threshold_non_negative"),
    )


class InventoryReservation(CatalogTable, table=True):
    """One checkout line's hold (id = the order line item id)."""

    __tablename__ = "inventory_reservations"

    id: uuid.UUID = Field(primary_key=True)
    order_id: uuid.UUID
    checkout_group_id: uuid.UUID
    product_id: uuid.UUID
    qty: int
    state: str = Field(sa_type=_enum("reservation_state", RESERVATION_STATES))
    hold_expires_at: datetime = Field(sa_type=TIMESTAMPTZ)
    created_at: datetime = _now()
    updated_at: datetime = _now()

    __table_args__ = (
        sa.CheckConstraint("qty > 0", name="qty_positive"),
        sa.Index("ix_inventory_reservations_order", "order_id"),
        sa.Index("ix_inventory_reservations_state_expiry", "state", "hold_expires_at"),
    )


class ProductVolumeDiscount(CatalogTable, table=True):
    __tablename__ = "product_volume_discounts"

    id: uuid.UUID = Field(primary_key=True)
    store_id: uuid.UUID
    product_id: uuid.UUID
    min_qty: int
    discount_percent: Decimal = Field(sa_type=sa.Numeric(7, 4))
    created_at: datetime = _now()

    __table_args__ = (
        sa.UniqueConstraint("product_id", "min_qty"),
        sa.CheckConstraint("min_qty >= 1", name="min_qty_positive"),
        sa.CheckConstraint("discount_percent BETWEEN 0 AND 100", name="discount_range"),
    )


class ProductMedia(CatalogTable, table=True):
    __tablename__ = "product_media"

    id: uuid.UUID = Field(primary_key=True)
    product_id: uuid.UUID
    media_id: uuid.UUID | None = _null()
    url: str | None = _null(sa.Text)
    gcs_key: str = _text()
    position: int
    created_at: datetime = _now()

    __table_args__ = (
        sa.UniqueConstraint("product_id", "position"),
        sa.CheckConstraint("position >= 0", name="position_non_negative"),
        sa.Index("ix_product_media_media", "media_id"),
    )


# Built by pf_common's factory (a class statement cannot choose its fields): fields ``store_id``,
# ``type`` (null until store_created), the columns below and ``profile_version``/``kyc_version``/
# ``subscription_version`` (per source, the occurred_at of the newest event applied).
STORE_PROJECTION_COLUMNS = (
    "company_name",
    "dba_name",
    "logo_media_id",
    "logo_url",
    "state",  # upper-cased address state
    "kyc_status",
    "subscription_active",
)
if TYPE_CHECKING:

    class StoreProjection(CatalogTable):
        """What ``store_projection_model`` declares below, for mypy (it cannot see a class built at
        run time); ``tests/unit/test_models.py`` checks that the two agree."""

        __table__: ClassVar[sa.Table]

        store_id: uuid.UUID
        type: str | None
        company_name: str | None
        dba_name: str | None
        logo_media_id: uuid.UUID | None
        logo_url: str | None
        state: str | None
        kyc_status: str
        subscription_active: bool
        profile_version: datetime | None
        kyc_version: datetime | None
        subscription_version: datetime | None

else:
    StoreProjection = store_projection_model(
        CatalogTable,
        columns=STORE_PROJECTION_COLUMNS,
        extra=(
            sa.CheckConstraint("state IS NULL OR state = upper(state)", name="state_upper"),
            sa.Index(
                "ix_store_projection_visible_vendors",
                "state",
                postgresql_where=sa.text(
                    "type = 'vendor' AND kyc_status = 'verified' AND subscription_active"
                ),
            ),
        ),
        doc="""Stores as identity's and finance's events describe them (visibility gate of DOMAIN §4.5).

    pf_common's store projection (``pf_common.store_projection``: the table model, its per-source
    versions and guarded upserts) with the columns catalog keeps; catalog adds the upper-case check
    and the partial index of visible vendors (``domain/visibility.py``).
    """,
    )


class CatalogAudit(CatalogTable, table=True):
    """Product audit rows: create/update/delete and inventory set (who, what, before/after)."""

    __tablename__ = "audit_logs"

    id: uuid.UUID = Field(primary_key=True)
    actor_user_id: uuid.UUID | None = _null()
    actor_store_id: uuid.UUID | None = _null()
    actor_role: str | None = _null(sa.Text)
    action: str = _text()
    target_type: str = _text()
    target_id: uuid.UUID | None = _null()
    payload: dict[str, Any] = _server("{}", sa_type=JSONB)
    created_at: datetime = _now()

    __table_args__ = (sa.Index("ix_audit_logs_target", "target_type", "target_id", "created_at"),)


class WishlistItem(CatalogTable, table=True):
    __tablename__ = "wishlist_items"

    id: uuid.UUID = Field(primary_key=True)
    store_id: uuid.UUID
    product_id: uuid.UUID
    created_at: datetime = _now()

    __table_args__ = (sa.UniqueConstraint("store_id", "product_id"),)


class MediaProjection(CatalogTable, table=True):
    """Media rows as media's events describe them (DOMAIN §0 "Projections"; EVENTS.md §4 ordering).

    Written only by the media_uploaded/media_processed/media_deleted consumers; read to validate
    a product's gallery (kind ``product``) and COA (kind ``coa``) without calling media.
    ``source_version`` is the ``occurred_at`` of the event that set ``status``. ``kind``,
    ``mime_type`` and ``gcs_key`` are null on a placeholder made by an event that arrived first
    and does not carry them.
    """

    __tablename__ = "media_projection"

    media_id: uuid.UUID = Field(primary_key=True)
    store_id: uuid.UUID
    kind: str | None = _null(_enum("media_kind", MEDIA_KINDS))
    mime_type: str | None = _null(sa.Text)
    status: str = Field(sa_type=_enum("media_status", PROJECTED_MEDIA_STATUSES))
    public_url: str | None = _null(sa.Text)
    gcs_key: str | None = _null(sa.Text)
    source_version: datetime = Field(sa_type=TIMESTAMPTZ)
    created_at: datetime = _now()
    updated_at: datetime = _now()

    __table_args__ = (sa.Index("ix_media_projection_store_id", "store_id"),)
