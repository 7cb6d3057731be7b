"""Tables of the catalog schema (DOMAIN §5.3; its own schema, no cross-schema foreign keys)."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TSVECTOR
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from pf_common.db import make_metadata
from pf_common.events.common import ProductCategory, ProductClassification, ProductUnit
from pf_common.platform_tables import add_platform_tables
from pf_common.store_projection import add_store_projection

metadata = make_metadata("catalog")
platform = add_platform_tables(metadata)

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
DRAFT_STATUSES = ("processing", "ready", "published", "rejected")
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


def _enum(name: str, values: tuple[str, ...]) -> sa.Enum:
    # text + CHECK (DOMAIN §0): values are only ever added
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def _now() -> Any:
    return mapped_column(sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now())


class Base(DeclarativeBase):
    metadata = metadata


class Product(Base):
    __tablename__ = "products"
    __mapper_args__ = {"eager_defaults": True}

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    store_id: Mapped[uuid.UUID] = mapped_column(nullable=False)
    sku: Mapped[str] = mapped_column(sa.Text, nullable=False)
    title: Mapped[str] = mapped_column(sa.Text, nullable=False)
    subtitle: Mapped[str | None] = mapped_column(sa.Text)
    body_html: Mapped[str | None] = mapped_column(sa.Text)
    category: Mapped[str] = mapped_column(_enum("product_category", CATEGORIES), nullable=False)
    feelings: Mapped[list[str]] = mapped_column(ARRAY(sa.Text), nullable=False)
    flavors: Mapped[list[str]] = mapped_column(ARRAY(sa.Text), nullable=False)
    usage: Mapped[list[str]] = mapped_column(ARRAY(sa.Text), nullable=False)
    strain: Mapped[str | None] = mapped_column(sa.Text)
    classification: Mapped[str | None] = mapped_column(_enum("product_classification", CLASSIFICATIONS))
    unit: Mapped[str] = mapped_column(_enum("product_unit", UNITS), nullable=False)
    moq: Mapped[int] = mapped_column(sa.Integer, nullable=False, server_default="1")
    max_qty: Mapped[int] = mapped_column(sa.Integer, nullable=False, server_default="0")  # 0 = unlimited
    price_cents: Mapped[int] = mapped_column(sa.BigInteger, nullable=False)
    compare_at_price_cents: Mapped[int | None] = mapped_column(sa.BigInteger)
    is_active: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, server_default=sa.true())
    is_featured: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, server_default=sa.false())
    thc_percent: Mapped[Decimal | None] = mapped_column(sa.Numeric(5, 2))
    cbd_percent: Mapped[Decimal | None] = mapped_column(sa.Numeric(5, 2))
    coa_media_id: Mapped[uuid.UUID | None] = mapped_column()
    batch_id: Mapped[str | None] = mapped_column(sa.Text)
    metric_tag: Mapped[str | None] = mapped_column(sa.Text)
    barcode: Mapped[str | None] = mapped_column(sa.Text)
    packaging_type: Mapped[str | None] = mapped_column(sa.Text)
    draft_id: Mapped[uuid.UUID | None] = mapped_column()
    # denormalised for lists and search: the vendor's display name (from store_projection, kept
    # current by the store consumers) and the URL of the lowest-position gallery image
    vendor_name: Mapped[str | None] = mapped_column(sa.Text)
    # the vendor's state while the vendor passes the visibility gate (DOMAIN §4.5), else NULL;
    # kept by triggers (migration catalog_0004) from store_projection, never written by the app:
    # buyer browse is ``visible_state = :buyer_state AND is_active`` on one index
    visible_state: Mapped[str | None] = mapped_column(
        sa.Text, server_default=sa.FetchedValue(), server_onupdate=sa.FetchedValue()
    )
    thumbnail_url: Mapped[str | None] = mapped_column(sa.Text)
    has_promo: Mapped[bool] = mapped_column(
        sa.Boolean, sa.Computed("COALESCE(compare_at_price_cents > price_cents, false)", persisted=True)
    )
    search_text: Mapped[str] = mapped_column(sa.Text, sa.Computed(SEARCH_TEXT_SQL, persisted=True))
    search_vector: Mapped[Any] = mapped_column(TSVECTOR, sa.Computed(SEARCH_VECTOR_SQL, persisted=True))
    created_at: Mapped[datetime] = _now()
    updated_at: Mapped[datetime] = _now()

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


class InventoryItem(Base):
    """1:1 with a product. Vendors set ``available_qty``; only reservations move ``reserved_qty``."""

    __tablename__ = "inventory_items"

    product_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    store_id: Mapped[uuid.UUID] = mapped_column(nullable=False)
    available_qty: Mapped[int] = mapped_column(sa.Integer, nullable=False, server_default="0")
    reserved_qty: Mapped[int] = mapped_column(sa.Integer, nullable=False, server_default="0")
    consumed_qty: Mapped[int] = mapped_column(sa.Integer, nullable=False, server_default="0")
    low_stock_threshold: Mapped[int] = mapped_column(sa.Integer, nullable=False, server_default="0")
    updated_at: Mapped[datetime] = _now()

    __table_args__ = (
        sa.CheckConstraint("available_qty >= 0", name="available_non_negative"),
        sa.CheckConstraint("reserved_qty >= 0", name="reserved_non_negative"),
        sa.CheckConstraint("consumed_qty >= 0", name="consumed_non_negative"),
        sa.CheckConstraint("low_stock_threshold >= 0", name="threshold_non_negative"),
    )


class InventoryReservation(Base):
    """One checkout line's hold (id = the order line item id)."""

    __tablename__ = "inventory_reservations"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    order_id: Mapped[uuid.UUID] = mapped_column(nullable=False)
    checkout_group_id: Mapped[uuid.UUID] = mapped_column(nullable=False)
    product_id: Mapped[uuid.UUID] = mapped_column(nullable=False)
    qty: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    state: Mapped[str] = mapped_column(_enum("reservation_state", RESERVATION_STATES), nullable=False)
    hold_expires_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), nullable=False)
    created_at: Mapped[datetime] = _now()
    updated_at: Mapped[datetime] = _now()

    __table_args__ = (
        sa.CheckConstraint("qty > 0", name="qty_positive"),
        sa.Index("ix_inventory_reservations_order", "order_id"),
        sa.Index("ix_inventory_reservations_state_expiry", "state", "hold_expires_at"),
    )


class ProductVolumeDiscount(Base):
    __tablename__ = "product_volume_discounts"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    store_id: Mapped[uuid.UUID] = mapped_column(nullable=False)
    product_id: Mapped[uuid.UUID] = mapped_column(nullable=False)
    min_qty: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    discount_percent: Mapped[Decimal] = mapped_column(sa.Numeric(7, 4), nullable=False)
    created_at: Mapped[datetime] = _now()

    __table_args__ = (
        sa.UniqueConstraint("product_id", "min_qty"),
        sa.CheckConstraint("min_qty >= 1", name="min_qty_positive"),
        sa.CheckConstraint("discount_percent BETWEEN 0 AND 100", name="discount_range"),
    )


class ProductMedia(Base):
    __tablename__ = "product_media"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    product_id: Mapped[uuid.UUID] = mapped_column(nullable=False)
    media_id: Mapped[uuid.UUID | None] = mapped_column()
    url: Mapped[str | None] = mapped_column(sa.Text)
    gcs_key: Mapped[str] = mapped_column(sa.Text, nullable=False)
    position: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    created_at: Mapped[datetime] = _now()

    __table_args__ = (
        sa.UniqueConstraint("product_id", "position"),
        sa.CheckConstraint("position >= 0", name="position_non_negative"),
        sa.Index("ix_product_media_media", "media_id"),
    )


class StoreProjection(Base):
    """Stores as identity's and finance's events describe them (visibility gate of DOMAIN §4.5).

    pf_common's store projection (``pf_common.store_projection``: the table, its per-source
    versions and guarded upserts) with the columns catalog keeps; catalog adds the upper-case check
    and the partial index of visible vendors (``domain/visibility.py``).
    """

    __table__ = add_store_projection(
        metadata,
        columns=(
            "company_name",
            "dba_name",
            "logo_media_id",
            "logo_url",
            "state",
            "kyc_status",
            "subscription_active",
        ),
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
    )

    store_id: Mapped[uuid.UUID]
    type: Mapped[str | None]  # null until store_created arrives
    company_name: Mapped[str | None]
    dba_name: Mapped[str | None]
    logo_media_id: Mapped[uuid.UUID | None]
    logo_url: Mapped[str | None]
    state: Mapped[str | None]  # upper-cased address state
    kyc_status: Mapped[str]
    subscription_active: Mapped[bool]
    # per source: the occurred_at of the newest event applied (profile, KYC, subscription)
    profile_version: Mapped[datetime | None]
    kyc_version: Mapped[datetime | None]
    subscription_version: Mapped[datetime | None]


class CatalogAudit(Base):
    """Product audit rows: create/update/delete and inventory set (who, what, before/after)."""

    __tablename__ = "audit_logs"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    actor_user_id: Mapped[uuid.UUID | None] = mapped_column()
    actor_store_id: Mapped[uuid.UUID | None] = mapped_column()
    actor_role: Mapped[str | None] = mapped_column(sa.Text)
    action: Mapped[str] = mapped_column(sa.Text, nullable=False)
    target_type: Mapped[str] = mapped_column(sa.Text, nullable=False)
    target_id: Mapped[uuid.UUID | None] = mapped_column()
    payload: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False, server_default="{}")
    created_at: Mapped[datetime] = _now()

    __table_args__ = (sa.Index("ix_audit_logs_target", "target_type", "target_id", "created_at"),)


class WishlistItem(Base):
    __tablename__ = "wishlist_items"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    store_id: Mapped[uuid.UUID] = mapped_column(nullable=False)
    product_id: Mapped[uuid.UUID] = mapped_column(nullable=False)
    created_at: Mapped[datetime] = _now()

    __table_args__ = (sa.UniqueConstraint("store_id", "product_id"),)


class MediaProjection(Base):
    """Media rows as media's events describe them (DOMAIN §0 "Projections"; EVENTS.md §4 ordering).

    Written only by the media_uploaded/media_processed/media_deleted consumers; read to validate
    a product's gallery (kind ``product``) and COA (kind ``coa``) without calling media.
    ``source_version`` is the ``occurred_at`` of the event that set ``status``. ``kind``,
    ``mime_type`` and ``gcs_key`` are null on a placeholder made by an event that arrived first
    and does not carry them.
    """

    __tablename__ = "media_projection"

    media_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    store_id: Mapped[uuid.UUID] = mapped_column(nullable=False)
    kind: Mapped[str | None] = mapped_column(_enum("media_kind", MEDIA_KINDS))
    mime_type: Mapped[str | None] = mapped_column(sa.Text)
    status: Mapped[str] = mapped_column(_enum("media_status", PROJECTED_MEDIA_STATUSES), nullable=False)
    public_url: Mapped[str | None] = mapped_column(sa.Text)
    gcs_key: Mapped[str | None] = mapped_column(sa.Text)
    source_version: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), nullable=False)
    created_at: Mapped[datetime] = _now()
    updated_at: Mapped[datetime] = _now()

    __table_args__ = (sa.Index("ix_media_projection_store_id", "store_id"),)
