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
