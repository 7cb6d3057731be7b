"""Response shapes of catalog (API.md §2 ProductSummary / ProductDTO), shared by every route.

Percentages are JSON numbers (``numeric(5,2)`` read as ``Decimal``, sent as floats with two
decimals); money is integer cents. Every product names its vendor as the issue asks:
``vendor {vendor_store_id, vendor_name, logo_url}`` on summaries; ProductDTO's ``vendor``
adds API.md's ``store_id``, ``company_name`` and ``logo_media_id``.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from pydantic import BaseModel

from pf_catalog.domain.visibility import vendor_name as vendor_display_name


def percent(value: Decimal | float | None) -> float | None:
    return None if value is None else float(value)


class VendorSummaryDTO(BaseModel):
    vendor_store_id: UUID
    vendor_name: str | None = None
    logo_url: str | None = None


class ProductSummaryDTO(BaseModel):
    id: UUID
    sku: str
    title: str
    subtitle: str | None = None
    category: str
    classification: str | None = None
    unit: str
    moq: int
    max_qty: int
    price_cents: int
    compare_at_price_cents: int | None = None
    thc_percent: float | None = None
    cbd_percent: float | None = None
    has_promo: bool
    coa_added: bool
    is_active: bool
    vendor_store_id: UUID
    thumbnail_url: str | None = None
    vendor: VendorSummaryDTO
    created_at: datetime
    updated_at: datetime


def product_summary(
    product: Any, *, vendor_name: str | None = None, logo_url: str | None = None
) -> ProductSummaryDTO:
    """A ``Product`` row (or a row with the same attributes) as ProductSummary.

    ``vendor_name`` defaults to the product's denormalised ``vendor_name``; ``logo_url`` comes from
    the store projection when the caller joined it.
    """
    return ProductSummaryDTO(
        id=product.id,
        sku=product.sku,
        title=product.title,
        subtitle=product.subtitle,
        category=product.category,
        classification=product.classification,
        unit=product.unit,
        moq=product.moq,
        max_qty=product.max_qty,
        price_cents=product.price_cents,
        compare_at_price_cents=product.compare_at_price_cents,
        thc_percent=percent(product.thc_percent),
        cbd_percent=percent(product.cbd_percent),
        has_promo=bool(product.has_promo),
        coa_added=product.coa_media_id is not None,
        is_active=product.is_active,
        vendor_store_id=product.store_id,
        thumbnail_url=product.thumbnail_url,
        vendor=VendorSummaryDTO(
            vendor_store_id=product.store_id,
            vendor_name=vendor_name if vendor_name is not None else product.vendor_name,
            logo_url=logo_url,
        ),
        created_at=product.created_at,
        updated_at=product.updated_at,
    )


# --- ProductDTO (API.md §2): detail and the vendor's writes ---------------------------------------


class VendorDTO(VendorSummaryDTO):
    store_id: UUID
    company_name: str | None = None
    logo_media_id: UUID | None = None


class InventoryDTO(BaseModel):
    available_qty: int
    reserved_qty: int
    low_stock_threshold: int
    updated_at: datetime | None = None


class VolumeDiscountDTO(BaseModel):
    id: UUID
    min_qty: int
    discount_percent: float
    created_at: datetime


class ProductMediaDTO(BaseModel):
    id: UUID
    media_id: UUID | None = None
    position: int
    url: str | None = None
    gcs_key: str
    created_at: datetime


class ProductDTO(ProductSummaryDTO):
    body_html: str | None = None
    feelings: list[str]
    flavors: list[str]
    usage: list[str]
    strain: str | None = None
    is_featured: bool
    batch_id: str | None = None
    metric_tag: str | None = None
    barcode: str | None = None
    packaging_type: str | None = None
    inventory: InventoryDTO
    volume_discounts: list[VolumeDiscountDTO]  # min_qty desc
    media: list[ProductMediaDTO]  # position asc
    coa_media_id: UUID | None = None
    coa_read_url: str | None = None
    vendor: VendorDTO


def product_dto(detail: Any, *, coa_read_url: str | None = None) -> ProductDTO:
    """A ``domain.queries.ProductDetail`` as ProductDTO (``coa_read_url`` from media, or None)."""
    p, vendor, inv = detail.product, detail.vendor, detail.inventory
    summary = product_summary(
        p,
        vendor_name=vendor_display_name(vendor) if vendor is not None else None,
        logo_url=vendor.logo_url if vendor is not None else None,
    )
    return ProductDTO(
        **summary.model_dump(exclude={"vendor"}),
        body_html=p.body_html,
        feelings=list(p.feelings),
        flavors=list(p.flavors),
        usage=list(p.usage),
        strain=p.strain,
        is_featured=p.is_featured,
        batch_id=p.batch_id,
        metric_tag=p.metric_tag,
        barcode=p.barcode,
        packaging_type=p.packaging_type,
        inventory=InventoryDTO(
            available_qty=inv.available_qty if inv is not None else 0,
            reserved_qty=inv.reserved_qty if inv is not None else 0,
            low_stock_threshold=inv.low_stock_threshold if inv is not None else 0,
            updated_at=inv.updated_at if inv is not None else None,
        ),
        volume_discounts=[
            VolumeDiscountDTO(
                id=t.id,
                min_qty=t.min_qty,
                discount_percent=float(t.discount_percent),
                created_at=t.created_at,
            )
            for t in detail.tiers
        ],
        media=[
            ProductMediaDTO(
                id=m.id,
                media_id=m.media_id,
                position=m.position,
                url=m.url,
                gcs_key=m.gcs_key,
                created_at=m.created_at,
            )
            for m in detail.media
        ],
        coa_media_id=p.coa_media_id,
        coa_read_url=coa_read_url if p.coa_media_id is not None else None,
        vendor=VendorDTO(
            vendor_store_id=p.store_id,
            vendor_name=summary.vendor.vendor_name,
            logo_url=summary.vendor.logo_url,
            store_id=p.store_id,
            company_name=vendor.company_name if vendor is not None else None,
            logo_media_id=vendor.logo_media_id if vendor is not None else None,
        ),
    )
