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

Each use case reads as its steps: ``update_product`` shares the new media, locks the product,
applies the given fields, stock, tiers, gallery and COA (each step records what it changed in an
:class:`_Update`), then, if anything changed, records the update (events, audit, log).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, Final
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from pf_catalog.domain import audit, inventory
from pf_catalog.domain.media_projection import COA_KIND, GALLERY_KIND, Attachable, share_media
from pf_catalog.domain.queries import ProductDetail, ProductNotFound, load_detail
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
from pf_common.errors import Conflict, NotFound, StateConflict, ValidationFailed
from pf_common.events.catalog import MediaReferencesChangedV1, ProductDeletedV1
from pf_common.events.common import AttachmentEntityType
from pf_common.ids import uuid7
from pf_common.logging import get_logger
from pf_common.outbox import emit
from pf_common.principal import Principal
from pf_common.tenancy import StoreScoped, active_store_id, scoped

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
UNLIMITED_QTY: Final = 0  # ``max_qty`` 0: no cap on an order line's quantity
DEFAULTS: Final[Mapping[str, Any]] = {
    "moq": 1,
    "max_qty": UNLIMITED_QTY,
    "is_active": True,
    "is_featured": False,
}
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


@dataclass(frozen=True)
class _References:
    """One ``media_references_changed`` of a product: its media of one kind, old ids → new ids."""

    entity_type: AttachmentEntityType
    old: list[UUID]
    new: list[UUID]


@dataclass
class _Update:
    """What a PATCH changed: the audit's ``{field: {before, after}}`` and the reference events."""

    diff: dict[str, Any] = field(default_factory=dict)
    references: list[_References] = field(default_factory=list)

    def changed(self, name: str, before: Any, after: Any) -> None:
        self.diff[name] = {"before": before, "after": after}


@dataclass(frozen=True)
class _SharedMedia:
    """A PATCH's media validated and held ``FOR SHARE`` before the product row is locked."""

    gallery: list[UUID] | None  # the new gallery; None when the PATCH leaves it alone
    attachable: dict[UUID, Attachable]  # the media of the new gallery validated so far
    coa_checked: bool  # the new COA was validated


# --- rules spanning fields -----------------------------------------------------------------------


class LimitsConflict(StateConflict):
    default_message = "max_qty would fall below the product's moq"


def check_limits(moq: int, max_qty: int, *, both_sent: bool = True) -> None:
    """``max_qty`` 0 means unlimited; otherwise an order may not be capped below its minimum.

    Both values from the body: 400 (the body's rule, stated in its schema's ``x-pf-rules``);
    one of them the stored product's: 422, the product's state (pf_common.schemas)."""
    if max_qty != UNLIMITED_QTY and max_qty < moq:
        details = {"max_qty": "must be 0 (unlimited) or at least moq"}
        if both_sent:
            raise ValidationFailed("invalid product", details=details)
        raise LimitsConflict(details=details, reason="max_qty_below_moq")


def _check_draft(draft_id: UUID | None) -> None:
    if draft_id is not None:
        raise DraftNotFound("draft_id: draft not found", reason="draft_not_found")


# --- reads and locks -----------------------------------------------------------------------------


async def lock_own_product(session: AsyncSession, principal: Principal, product_id: UUID) -> Product:
    """The caller's product ``FOR UPDATE``; another store's product is a 404 like an unknown one."""
    stmt = sa.select(Product).where(col(Product.id) == product_id).with_for_update()
    product = (await session.execute(scoped(stmt, Product, principal))).scalar_one_or_none()
    if product is None:
        raise ProductNotFound(reason="product_not_found")
    return product


async def get_own_detail(session: AsyncSession, principal: StoreScoped, product_id: UUID) -> ProductDetail:
    """The caller's own product as a write left it (the writes' response); another store's is a 404.

    Read in the write's transaction: ``coa_read_url`` is not signed here (no call to media while
    the product's row lock is held, HOUSE_STYLE §3.2); ``GET /products/{id}`` signs it.
    """
    stmt = scoped(sa.select(Product).where(col(Product.id) == product_id), Product, principal)
    product = (await session.execute(stmt)).scalar_one_or_none()
    if product is None:
        raise ProductNotFound(reason="product_not_found")
    return await load_detail(session, product)


async def gallery(session: AsyncSession, product_id: UUID) -> list[Attachable]:
    """The product's gallery media as attached (position order)."""
    rows = await session.execute(
        sa.select(col(ProductMedia.media_id), col(ProductMedia.url), col(ProductMedia.gcs_key))
        .where(col(ProductMedia.product_id) == product_id, col(ProductMedia.media_id).is_not(None))
        .order_by(col(ProductMedia.position))
    )
    return [Attachable(r.media_id, r.url, r.gcs_key) for r in rows]


async def gallery_ids(session: AsyncSession, product_id: UUID) -> list[UUID]:
    return [m.media_id for m in await gallery(session, product_id)]


async def _tiers(session: AsyncSession, product_id: UUID) -> list[Tier]:
    rows = await session.execute(
        sa.select(col(ProductVolumeDiscount.min_qty), col(ProductVolumeDiscount.discount_percent))
        .where(col(ProductVolumeDiscount.product_id) == product_id)
        .order_by(col(ProductVolumeDiscount.min_qty).desc())
    )
    return [Tier(r.min_qty, r.discount_percent) for r in rows]


async def _current_coa(session: AsyncSession, product_id: UUID) -> UUID | None:
    """The COA as committed (no lock: media rows are locked before the product row)."""
    return await session.scalar(sa.select(col(Product.coa_media_id)).where(col(Product.id) == product_id))


async def _vendor_name(session: AsyncSession, principal: Principal) -> str | None:
    """The caller's display name as its own row of the store projection knows it."""
    stmt = scoped(sa.select(vendor_name_sql(StoreProjection)), StoreProjection, principal)
    return (await session.execute(stmt)).scalar_one_or_none()


async def _share_gallery(
    session: AsyncSession, principal: Principal, media_ids: Sequence[UUID]
) -> dict[UUID, Attachable]:
    return await share_media(session, principal, media_ids, kind=GALLERY_KIND, field="media_ids")


async def _share_coa(session: AsyncSession, principal: Principal, media_id: UUID) -> None:
    await share_media(session, principal, [media_id], kind=COA_KIND, field="coa_media_id")


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


def _tier_json(tier: Tier) -> dict[str, Any]:
    return {"min_qty": tier.min_qty, "discount_percent": tier.discount_percent}


def _ids(media_id: UUID | None) -> list[UUID]:
    return [] if media_id is None else [media_id]


async def _emit_references(
    session: AsyncSession,
    principal: Principal,
    product_id: UUID,
    store_id: UUID,
    references: Sequence[_References],
    now: datetime,
) -> None:
    """``media_references_changed`` of one product for each kind of media whose ids changed."""
    for ref in references:
        if ref.old == ref.new:
            continue
        await emit(
            session,
            MediaReferencesChangedV1(
                entity_type=ref.entity_type,
                entity_id=product_id,
                store_id=store_id,
                old_media_ids=list(ref.old),
                new_media_ids=list(ref.new),
            ),
            store_id=store_id,
            actor_user_id=principal.user_id,
            occurred_at=now,
        )


# --- create --------------------------------------------------------------------------------------


async def create_product(
    session: AsyncSession, principal: Principal, fields: Mapping[str, Any], *, now: datetime
) -> Product:
    """A new product with its inventory row, tiers, gallery and COA (API.md §3.3 POST)."""
    store_id = active_store_id(principal)
    _check_draft(fields.get("draft_id"))
    values = _new_product_values(fields)
    media_ids: list[UUID] = list(fields.get("media_ids") or [])
    coa_media_id: UUID | None = fields.get("coa_media_id")
    media = await _share_gallery(session, principal, media_ids)  # media rows before the product row
    if coa_media_id is not None:
        await _share_coa(session, principal, coa_media_id)

    product = await _insert_product(session, principal, store_id, values, coa_media_id, now=now)
    stock = _initial_stock(fields.get("inventory"))
    tiers: list[Tier] = list(fields.get("volume_discounts") or [])
    session.add(InventoryItem(product_id=product.id, store_id=store_id, updated_at=now, **stock))
    _write_tiers(session, product, tiers, now)
    _write_gallery(session, product, media_ids, media, now)
    await session.flush()

    references = [
        _References(AttachmentEntityType.PRODUCT_GALLERY, [], media_ids),
        _References(AttachmentEntityType.PRODUCT_COA, [], _ids(coa_media_id)),
    ]
    await _emit_references(session, principal, product.id, store_id, references, now)
    audit.record(
        session,
        principal,
        action="product.created",
        target_type="product",
        target_id=product.id,
        payload={
            "fields": values,
            "inventory": stock,
            "media_ids": media_ids,
            "coa_media_id": coa_media_id,
            "volume_discounts": [_tier_json(t) for t in tiers],
        },
        now=now,
    )
    log.info("catalog.product.created", product_id=str(product.id), store_id=str(store_id))
    return product


def _new_product_values(fields: Mapping[str, Any]) -> dict[str, Any]:
    """The new product's own columns: the given ones over ``DEFAULTS``, HTML sanitised, limits checked."""
    values = {**DEFAULTS, **{f: fields[f] for f in SCALAR_FIELDS if fields.get(f) is not None}}
    values["body_html"] = sanitize_html(values.get("body_html"))
    check_limits(values["moq"], values["max_qty"])
    return values


def _initial_stock(stock: Mapping[str, Any] | None) -> dict[str, int]:
    """The new inventory row's quantities (absent ones are 0)."""
    given = stock or {}
    return {
        "available_qty": given.get("available_qty") or 0,
        "low_stock_threshold": given.get("low_stock_threshold") or 0,
    }


async def _insert_product(
    session: AsyncSession,
    principal: Principal,
    store_id: UUID,
    values: Mapping[str, Any],
    coa_media_id: UUID | None,
    *,
    now: datetime,
) -> Product:
    """The product row, carrying its vendor's display name; a SKU the store already uses is a 409."""
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
    return product


# --- update --------------------------------------------------------------------------------------


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
    media = await _share_patched_media(session, principal, product_id, changes)  # before the row lock
    product = await lock_own_product(session, principal, product_id)
    update = _Update()
    await _apply_fields(session, product, changes, update)
    await _apply_stock(session, principal, product, changes, update, now=now)
    await _replace_tiers(session, product, changes, update, now=now)
    await _replace_gallery(session, principal, product, media, update, now=now)
    await _replace_coa(session, principal, product, changes, media, update)
    if update.diff:
        await _record_update(session, principal, product, update, now=now)
    return product


async def _share_patched_media(
    session: AsyncSession, principal: Principal, product_id: UUID, changes: Mapping[str, Any]
) -> _SharedMedia:
    """The PATCH's new media validated and held ``FOR SHARE`` (lock order: media rows before the
    product row). Media already in the gallery, or a COA already set, is not validated again."""
    new_gallery: list[UUID] | None = None
    attachable: dict[UUID, Attachable] = {}
    if "media_ids" in changes:
        current = await gallery_ids(session, product_id)
        new_gallery = list(changes["media_ids"] or [])
        attachable = await _share_gallery(session, principal, [m for m in new_gallery if m not in current])
    new_coa = changes.get("coa_media_id")
    coa_checked = False
    if new_coa is not None and new_coa != await _current_coa(session, product_id):
        await _share_coa(session, principal, new_coa)
        coa_checked = True
    return _SharedMedia(gallery=new_gallery, attachable=attachable, coa_checked=coa_checked)


async def _apply_fields(
    session: AsyncSession, product: Product, changes: Mapping[str, Any], update: _Update
) -> None:
    """The product's own columns given in the PATCH (limits judged on the merged values); a
    changed SKU is flushed at once, so one the store already uses is a 409."""
    given = {f: changes[f] for f in SCALAR_FIELDS if f in changes}
    if "body_html" in given:
        given["body_html"] = sanitize_html(given["body_html"])
    check_limits(
        given.get("moq", product.moq),
        given.get("max_qty", product.max_qty),
        both_sent="moq" in given and "max_qty" in given,
    )
    for name, value in given.items():
        before = getattr(product, name)
        if before == value:
            continue
        update.changed(name, before, value)
        setattr(product, name, value)
    if "sku" in update.diff:
        await _flush_checking_sku(session)


async def _apply_stock(
    session: AsyncSession,
    principal: Principal,
    product: Product,
    changes: Mapping[str, Any],
    update: _Update,
    *,
    now: datetime,
) -> None:
    """The inventory quantities given in the PATCH (audited with the product, not on their own)."""
    stock = changes.get("inventory")
    if not stock:
        return
    moved = await inventory.set_stock(
        session,
        principal,
        product.id,
        available_qty=stock.get("available_qty"),
        low_stock_threshold=stock.get("low_stock_threshold"),
        now=now,
        audit_it=False,
    )
    if moved:
        update.diff["inventory"] = moved


async def _replace_tiers(
    session: AsyncSession, product: Product, changes: Mapping[str, Any], update: _Update, *, now: datetime
) -> None:
    """Every volume tier replaced by the PATCH's, unless they are the same (min_qty desc)."""
    if "volume_discounts" not in changes:
        return
    old = await _tiers(session, product.id)
    new = sorted(changes["volume_discounts"] or [], key=lambda t: -t.min_qty)
    if [(t.min_qty, t.discount_percent) for t in old] == [(t.min_qty, t.discount_percent) for t in new]:
        return
    await session.execute(
        sa.delete(ProductVolumeDiscount)
        .where(col(ProductVolumeDiscount.product_id) == product.id)
        .execution_options(synchronize_session=False)
    )
    _write_tiers(session, product, new, now)
    update.changed("volume_discounts", [_tier_json(t) for t in old], [_tier_json(t) for t in new])


async def _replace_gallery(
    session: AsyncSession,
    principal: Principal,
    product: Product,
    media: _SharedMedia,
    update: _Update,
    *,
    now: datetime,
) -> None:
    """The gallery replaced by the PATCH's, unless it is the same as attached now (under the row
    lock). Media that became new since :func:`_share_patched_media` read the gallery is
    validated now; media still attached is kept even if it has since failed."""
    new = media.gallery
    if new is None:
        return
    attached = await gallery(session, product.id)
    old = [m.media_id for m in attached]
    if old == new:
        return
    attachable = {**{m.media_id: m for m in attached}, **media.attachable}
    late = [m for m in new if m not in attachable]
    if late:  # the gallery changed since it was read: validate what became new
        attachable.update(await _share_gallery(session, principal, late))
    await session.execute(
        sa.delete(ProductMedia)
        .where(col(ProductMedia.product_id) == product.id)
        .execution_options(synchronize_session=False)
    )
    await session.flush()
    _write_gallery(session, product, new, attachable, now)
    update.changed("media_ids", old, new)
    update.references.append(_References(AttachmentEntityType.PRODUCT_GALLERY, old, new))


async def _replace_coa(
    session: AsyncSession,
    principal: Principal,
    product: Product,
    changes: Mapping[str, Any],
    media: _SharedMedia,
    update: _Update,
) -> None:
    """The COA set (or cleared by ``null``) as the PATCH says, unless it is already that one."""
    if "coa_media_id" not in changes:
        return
    old, new = product.coa_media_id, changes["coa_media_id"]
    if new == old:
        return
    if new is not None and not media.coa_checked:  # the COA changed since it was read
        await _share_coa(session, principal, new)
    product.coa_media_id = new
    update.changed("coa_media_id", old, new)
    update.references.append(_References(AttachmentEntityType.PRODUCT_COA, _ids(old), _ids(new)))


async def _record_update(
    session: AsyncSession, principal: Principal, product: Product, update: _Update, *, now: datetime
) -> None:
    """A product that changed: ``updated_at``, its reference events, its audit row, a log line."""
    product.updated_at = now
    await session.flush()
    await _emit_references(session, principal, product.id, product.store_id, update.references, now)
    audit.record(
        session,
        principal,
        action="product.updated",
        target_type="product",
        target_id=product.id,
        payload={"changes": update.diff},
        now=now,
    )
    log.info("catalog.product.updated", product_id=str(product.id), fields=sorted(update.diff))


# --- delete --------------------------------------------------------------------------------------


async def delete_product(
    session: AsyncSession, principal: Principal, product_id: UUID, *, now: datetime
) -> None:
    """Hard delete (API.md §3.3 DELETE): 409 while a reservation of it is held or confirmed."""
    product = await lock_own_product(session, principal, product_id)
    await inventory.lock_item(session, product_id)  # the row reserve's guarded UPDATE takes
    await _ensure_not_reserved(session, product_id)
    attached = await gallery_ids(session, product_id)
    store_id, coa_media_id = product.store_id, product.coa_media_id
    snapshot = {"sku": product.sku, "title": product.title, "coa_media_id": coa_media_id}
    await _delete_rows(session, product)

    await emit(
        session,
        ProductDeletedV1(product_id=product_id, store_id=store_id, deleted_at=now),
        store_id=store_id,
        actor_user_id=principal.user_id,
        occurred_at=now,
    )
    references = [
        _References(AttachmentEntityType.PRODUCT_GALLERY, attached, []),
        _References(AttachmentEntityType.PRODUCT_COA, _ids(coa_media_id), []),
    ]
    await _emit_references(session, principal, product_id, store_id, references, now)
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


async def _ensure_not_reserved(session: AsyncSession, product_id: UUID) -> None:
    """409 while a reservation of the product is held or confirmed (its inventory row is locked)."""
    active = await session.scalar(
        sa.select(sa.func.count())
        .select_from(InventoryReservation)
        .where(
            col(InventoryReservation.product_id) == product_id,
            col(InventoryReservation.state).in_(ACTIVE_RESERVATION_STATES),
        )
    )
    if active:
        raise ProductReserved(reason="product_reserved")


async def _delete_rows(session: AsyncSession, product: Product) -> None:
    """The product and the rows hanging off it: tiers, gallery, wishlist items, inventory."""
    for model, column in (
        (ProductVolumeDiscount, col(ProductVolumeDiscount.product_id)),
        (ProductMedia, col(ProductMedia.product_id)),
        (WishlistItem, col(WishlistItem.product_id)),
        (InventoryItem, col(InventoryItem.product_id)),
    ):
        await session.execute(
            sa.delete(model).where(column == product.id).execution_options(synchronize_session=False)
        )
    await session.delete(product)
    await session.flush()
