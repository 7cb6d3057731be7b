"""A vendor's products (API.md §3.3 /vendor/products; DOMAIN §5.3): create, update, delete.

Each use case is one transaction (the caller's) that writes the product rows, its audit row and
its events together: every change of gallery or COA emits ``media_references_changed`` (old ids
→ new ids) so media reconciles its attachments, and a delete emits ``product_deleted``.

* Inputs arrive validated field by field (the API's schemas); the rules that span fields
  (``max_qty`` ≥ ``moq`` unless unlimited) are checked here on the merged product, so a PATCH
  of one of them is judged against the other's stored value.
* Media: the gallery (kind ``product``) and the COA (kind ``coa``) must be the caller's own,
  ``uploaded``/``ready`` media as the media projection knows it; else 404 naming the field.
  Lock order is media rows (``FOR SHARE``) before the product row (``FOR UPDATE``), as in the
  ``media_deleted`` consumer, so the two serialise without deadlock.
* COA drafts are not built yet: any ``draft_id`` is a 404 "draft not found".
* ``has_promo``, ``search_text`` and ``search_vector`` are computed by Postgres; never written.
* Delete locks the product, then its inventory row (the row reservations update), then
  refuses while a reservation is held or confirmed: a concurrent reserve and delete serialise.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, Final
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from pf_catalog.domain import audit, inventory
from pf_catalog.domain.media_projection import COA_KIND, GALLERY_KIND, Attachable, share_media
from pf_catalog.domain.product_views import ProductNotFound
from pf_catalog.domain.rules.html import sanitize_html
from pf_catalog.domain.visibility import vendor_name_sql
from pf_catalog.models import (
    InventoryItem,
    InventoryReservation,
    Product,
    ProductMedia,
    ProductVolumeDiscount,
    StoreProjection,
    WishlistItem,
)
from pf_common.errors import Conflict, NotFound, ValidationFailed
from pf_common.events.catalog import MediaReferencesChangedV1, ProductDeletedV1
from pf_common.events.common import AttachmentEntityType
from pf_common.ids import uuid7
from pf_common.logging import get_logger
from pf_common.outbox import emit
from pf_common.principal import Principal
from pf_common.tenancy import active_store_id, scoped

log = get_logger(__name__)

# The product's own columns a vendor writes (API.md §3.3 create fields, minus the special ones).
SCALAR_FIELDS: Final = (
    "sku",
    "title",
    "subtitle",
    "body_html",
    "category",
    "feelings",
    "flavors",
    "usage",
    "strain",
    "classification",
    "batch_id",
    "metric_tag",
    "barcode",
    "packaging_type",
    "unit",
    "moq",
    "price_cents",
    "compare_at_price_cents",
    "max_qty",
    "is_active",
    "is_featured",
    "thc_percent",
    "cbd_percent",
)
DEFAULTS: Final[Mapping[str, Any]] = {"moq": 1, "max_qty": 0, "is_active": True, "is_featured": False}
ACTIVE_RESERVATION_STATES: Final = ("held", "confirmed")
SKU_CONSTRAINT: Final = "uq_products_store_id_sku"


class DraftNotFound(NotFound):
    """COA drafts (API.md §3.3 **N**) are not built yet: no draft id can be found."""

    default_message = "draft not found"


class SkuTaken(Conflict):
    default_message = "a product with this sku already exists in the store"


class ProductReserved(Conflict):
    default_message = "the product has held or confirmed reservations"


@dataclass(frozen=True)
class Tier:
    min_qty: int
    discount_percent: Decimal


# --- rules spanning fields -----------------------------------------------------------------------


def check_limits(moq: int, max_qty: int) -> None:
    """``max_qty`` 0 means unlimited; otherwise an order may not be capped below its minimum."""
    if max_qty != 0 and max_qty < moq:
        raise ValidationFailed(
            "invalid product", details={"max_qty": "must be 0 (unlimited) or at least moq"}
        )


def _check_draft(draft_id: UUID | None) -> None:
    if draft_id is not None:
        raise DraftNotFound("draft_id: draft not found", reason="draft_not_found")


# --- reads and locks -----------------------------------------------------------------------------


async def lock_own_product(session: AsyncSession, principal: Principal, product_id: UUID) -> Product:
    """The caller's product ``FOR UPDATE``; another store's product is a 404 like an unknown one."""
    stmt = sa.select(Product).where(Product.id == product_id).with_for_update()
    product = (await session.execute(scoped(stmt, Product, principal))).scalar_one_or_none()
    if product is None:
        raise ProductNotFound(reason="product_not_found")
    return product


async def gallery(session: AsyncSession, product_id: UUID) -> list[Attachable]:
    """The product's gallery media as attached (position order)."""
    rows = await session.execute(
        sa.select(ProductMedia.media_id, ProductMedia.url, ProductMedia.gcs_key)
        .where(ProductMedia.product_id == product_id, ProductMedia.media_id.is_not(None))
        .order_by(ProductMedia.position)
    )
    return [Attachable(r.media_id, r.url, r.gcs_key) for r in rows]


async def gallery_ids(session: AsyncSession, product_id: UUID) -> list[UUID]:
    return [m.media_id for m in await gallery(session, product_id)]


async def _tiers(session: AsyncSession, product_id: UUID) -> list[Tier]:
    rows = await session.execute(
        sa.select(ProductVolumeDiscount.min_qty, ProductVolumeDiscount.discount_percent)
        .where(ProductVolumeDiscount.product_id == product_id)
        .order_by(ProductVolumeDiscount.min_qty.desc())
    )
    return [Tier(r.min_qty, r.discount_percent) for r in rows]


async def _current_coa(session: AsyncSession, product_id: UUID) -> UUID | None:
    """The COA as committed (no lock: media rows are locked before the product row)."""
    return await session.scalar(sa.select(Product.coa_media_id).where(Product.id == product_id))


async def _vendor_name(session: AsyncSession, principal: Principal) -> str | None:
    """The caller's display name as its own row of the store projection knows it."""
    stmt = scoped(sa.select(vendor_name_sql(StoreProjection)), StoreProjection, principal)
    return (await session.execute(stmt)).scalar_one_or_none()


# --- writes --------------------------------------------------------------------------------------


async def _flush_checking_sku(session: AsyncSession) -> None:
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError as exc:
        if SKU_CONSTRAINT in str(exc.orig):
            raise SkuTaken(reason="sku_taken") from exc
        raise


def _write_gallery(
    session: AsyncSession,
    product: Product,
    media_ids: Sequence[UUID],
    media: Mapping[UUID, Attachable],
    now: datetime,
) -> None:
    for position, media_id in enumerate(media_ids):
        m = media[media_id]
        session.add(
            ProductMedia(
                id=uuid7(),
                product_id=product.id,
                media_id=media_id,
                url=m.public_url,
                gcs_key=m.gcs_key,
                position=position,
                created_at=now,
            )
        )
    product.thumbnail_url = media[media_ids[0]].public_url if media_ids else None


def _write_tiers(session: AsyncSession, product: Product, tiers: Sequence[Tier], now: datetime) -> None:
    for tier in tiers:
        session.add(
            ProductVolumeDiscount(
                id=uuid7(),
                store_id=product.store_id,
                product_id=product.id,
                min_qty=tier.min_qty,
                discount_percent=tier.discount_percent,
                created_at=now,
            )
        )


async def _emit_references(
    session: AsyncSession,
    principal: Principal,
    product: tuple[UUID, UUID],
    entity_type: AttachmentEntityType,
    old: Sequence[UUID],
    new: Sequence[UUID],
    now: datetime,
) -> None:
    """``media_references_changed`` of one product (``product`` = its id and store id)."""
    product_id, store_id = product
    await emit(
        session,
        MediaReferencesChangedV1(
            entity_type=entity_type,
            entity_id=product_id,
            store_id=store_id,
            old_media_ids=list(old),
            new_media_ids=list(new),
        ),
        store_id=store_id,
        actor_user_id=principal.user_id,
        occurred_at=now,
    )


async def create_product(
    session: AsyncSession, principal: Principal, fields: Mapping[str, Any], *, now: datetime
) -> Product:
    """A new product with its inventory row, tiers, gallery and COA (API.md §3.3 POST)."""
    store_id = active_store_id(principal)
    _check_draft(fields.get("draft_id"))
    values = {f: fields[f] for f in SCALAR_FIELDS if fields.get(f) is not None}
    values = {**DEFAULTS, **values}
    values["body_html"] = sanitize_html(values.get("body_html"))
    check_limits(values["moq"], values["max_qty"])
    media_ids: list[UUID] = list(fields.get("media_ids") or [])
    coa_media_id: UUID | None = fields.get("coa_media_id")
    media = await share_media(session, principal, media_ids, kind=GALLERY_KIND, field="media_ids")
    if coa_media_id is not None:
        await share_media(session, principal, [coa_media_id], kind=COA_KIND, field="coa_media_id")

    product = Product(
        id=uuid7(),
        store_id=store_id,
        coa_media_id=coa_media_id,
        vendor_name=await _vendor_name(session, principal),
        created_at=now,
        updated_at=now,
        **values,
    )
    session.add(product)
    await _flush_checking_sku(session)

    stock = fields.get("inventory") or {}
    session.add(
        InventoryItem(
            product_id=product.id,
            store_id=store_id,
            available_qty=stock.get("available_qty") or 0,
            low_stock_threshold=stock.get("low_stock_threshold") or 0,
            updated_at=now,
        )
    )
    tiers: list[Tier] = list(fields.get("volume_discounts") or [])
    _write_tiers(session, product, tiers, now)
    _write_gallery(session, product, media_ids, media, now)
    await session.flush()

    if media_ids:
        await _emit_references(
            session,
            principal,
            (product.id, product.store_id),
            AttachmentEntityType.PRODUCT_GALLERY,
            [],
            media_ids,
            now,
        )
    if coa_media_id is not None:
        await _emit_references(
            session,
            principal,
            (product.id, product.store_id),
            AttachmentEntityType.PRODUCT_COA,
            [],
            [coa_media_id],
            now,
        )
    audit.record(
        session,
        principal,
        action="product.created",
        target_type="product",
        target_id=product.id,
        payload={
            "fields": values,
            "inventory": {
                "available_qty": stock.get("available_qty") or 0,
                "low_stock_threshold": stock.get("low_stock_threshold") or 0,
            },
            "media_ids": media_ids,
            "coa_media_id": coa_media_id,
            "volume_discounts": [_tier_json(t) for t in tiers],
        },
        now=now,
    )
    log.info("catalog.product.created", product_id=str(product.id), store_id=str(store_id))
    return product


def _tier_json(tier: Tier) -> dict[str, Any]:
    return {"min_qty": tier.min_qty, "discount_percent": tier.discount_percent}


async def update_product(
    session: AsyncSession,
    principal: Principal,
    product_id: UUID,
    changes: Mapping[str, Any],
    *,
    now: datetime,
) -> Product:
    """Apply the fields present in ``changes`` (API.md §3.3 PATCH). Nothing changes ⇒ nothing written.

    ``media_ids`` replaces the gallery (order = position), ``volume_discounts`` replaces every
    tier, ``coa_media_id: null`` clears the COA, ``inventory`` sets the given quantities.
    """
    _check_draft(changes.get("draft_id"))
    # media before the product row (lock order); ids already attached are not validated again
    current_gallery = await gallery_ids(session, product_id) if "media_ids" in changes else []
    new_gallery: list[UUID] | None = list(changes["media_ids"] or []) if "media_ids" in changes else None
    attachable: dict[UUID, Attachable] = {}
    if new_gallery is not None:
        fresh = [m for m in new_gallery if m not in current_gallery]
        attachable = await share_media(session, principal, fresh, kind=GALLERY_KIND, field="media_ids")
    new_coa = changes.get("coa_media_id")
    coa_checked = False
    if new_coa is not None and new_coa != await _current_coa(session, product_id):
        await share_media(session, principal, [new_coa], kind=COA_KIND, field="coa_media_id")
        coa_checked = True

    product = await lock_own_product(session, principal, product_id)
    diff: dict[str, dict[str, Any]] = {}

    scalars = {f: changes[f] for f in SCALAR_FIELDS if f in changes}
    if "body_html" in scalars:
        scalars["body_html"] = sanitize_html(scalars["body_html"])
    check_limits(scalars.get("moq", product.moq), scalars.get("max_qty", product.max_qty))
    for field, value in scalars.items():
        before = getattr(product, field)
        if before == value:
            continue
        diff[field] = {"before": before, "after": value}
        setattr(product, field, value)
    if "sku" in diff:
        await _flush_checking_sku(session)

    if changes.get("inventory"):
        stock = changes["inventory"]
        moved = await inventory.set_stock(
            session,
            principal,
            product_id,
            available_qty=stock.get("available_qty"),
            low_stock_threshold=stock.get("low_stock_threshold"),
            now=now,
            audit_it=False,
        )
        if moved:
            diff["inventory"] = moved

    if "volume_discounts" in changes:
        old_tiers = await _tiers(session, product_id)
        new_tiers = sorted(changes["volume_discounts"] or [], key=lambda t: -t.min_qty)
        if [(t.min_qty, t.discount_percent) for t in old_tiers] != [
            (t.min_qty, t.discount_percent) for t in new_tiers
        ]:
            await session.execute(
                sa.delete(ProductVolumeDiscount)
                .where(ProductVolumeDiscount.product_id == product_id)
                .execution_options(synchronize_session=False)
            )
            _write_tiers(session, product, new_tiers, now)
            diff["volume_discounts"] = {
                "before": [_tier_json(t) for t in old_tiers],
                "after": [_tier_json(t) for t in new_tiers],
            }

    events: list[tuple[AttachmentEntityType, list[UUID], list[UUID]]] = []
    if new_gallery is not None:
        attached = await gallery(session, product_id)
        locked_gallery = [m.media_id for m in attached]
        if locked_gallery != new_gallery:
            attachable.update({m.media_id: m for m in attached if m.media_id not in attachable})
            late = [m for m in new_gallery if m not in attachable]
            if late:  # the gallery changed since it was read: validate what became new
                attachable.update(
                    await share_media(session, principal, late, kind=GALLERY_KIND, field="media_ids")
                )
            await session.execute(
                sa.delete(ProductMedia)
                .where(ProductMedia.product_id == product_id)
                .execution_options(synchronize_session=False)
            )
            await session.flush()
            _write_gallery(session, product, new_gallery, attachable, now)
            diff["media_ids"] = {"before": locked_gallery, "after": new_gallery}
            events.append((AttachmentEntityType.PRODUCT_GALLERY, locked_gallery, new_gallery))
    if "coa_media_id" in changes and new_coa != product.coa_media_id:
        if new_coa is not None and not coa_checked:  # the COA changed since it was read
            await share_media(session, principal, [new_coa], kind=COA_KIND, field="coa_media_id")
        old_coa = product.coa_media_id
        product.coa_media_id = changes["coa_media_id"]
        diff["coa_media_id"] = {"before": old_coa, "after": product.coa_media_id}
        events.append(
            (
                AttachmentEntityType.PRODUCT_COA,
                [old_coa] if old_coa else [],
                [product.coa_media_id] if product.coa_media_id else [],
            )
        )

    if not diff:
        return product
    product.updated_at = now
    await session.flush()
    for entity_type, old, new in events:
        await _emit_references(session, principal, (product.id, product.store_id), entity_type, old, new, now)
    audit.record(
        session,
        principal,
        action="product.updated",
        target_type="product",
        target_id=product.id,
        payload={"changes": diff},
        now=now,
    )
    log.info("catalog.product.updated", product_id=str(product.id), fields=sorted(diff))
    return product


async def delete_product(
    session: AsyncSession, principal: Principal, product_id: UUID, *, now: datetime
) -> None:
    """Hard delete (API.md §3.3 DELETE): 409 while a reservation of it is held or confirmed."""
    product = await lock_own_product(session, principal, product_id)
    await inventory.lock_item(session, product_id)  # the row reserve's guarded UPDATE takes
    active = await session.scalar(
        sa.select(sa.func.count())
        .select_from(InventoryReservation)
        .where(
            InventoryReservation.product_id == product_id,
            InventoryReservation.state.in_(ACTIVE_RESERVATION_STATES),
        )
    )
    if active:
        raise ProductReserved(reason="product_reserved")

    attached = await gallery_ids(session, product_id)
    for model, column in (
        (ProductVolumeDiscount, ProductVolumeDiscount.product_id),
        (ProductMedia, ProductMedia.product_id),
        (WishlistItem, WishlistItem.product_id),
        (InventoryItem, InventoryItem.product_id),
    ):
        await session.execute(
            sa.delete(model).where(column == product_id).execution_options(synchronize_session=False)
        )
    store_id, coa_media_id = product.store_id, product.coa_media_id
    snapshot = {"sku": product.sku, "title": product.title, "coa_media_id": coa_media_id}
    await session.delete(product)
    await session.flush()

    await emit(
        session,
        ProductDeletedV1(product_id=product_id, store_id=store_id, deleted_at=now),
        store_id=store_id,
        actor_user_id=principal.user_id,
        occurred_at=now,
    )
    if attached:
        await _emit_references(
            session,
            principal,
            (product_id, store_id),
            AttachmentEntityType.PRODUCT_GALLERY,
            attached,
            [],
            now,
        )
    if coa_media_id is not None:
        await _emit_references(
            session,
            principal,
            (product_id, store_id),
            AttachmentEntityType.PRODUCT_COA,
            [coa_media_id],
            [],
            now,
        )
    audit.record(
        session,
        principal,
        action="product.deleted",
        target_type="product",
        target_id=product_id,
        payload={**snapshot, "media_ids": attached},
        now=now,
    )
    log.info("catalog.product.deleted", product_id=str(product_id))
