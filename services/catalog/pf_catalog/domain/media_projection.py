"""catalog's projection of media (DOMAIN §0 "Projections", §5.3 product_media; EVENTS.md §4, §6 media).

media's events keep ``media_projection`` current (pf_common's upsert/merge, shared with identity:
any arrival order and redeliveries converge), so a product's gallery (kind ``product``) and COA
(kind ``coa``) are validated without a synchronous call to media.

``media_deleted`` also detaches the media from every product using it: its ``product_media`` rows
go, ``coa_media_id`` is nulled and the denormalised ``thumbnail_url`` is recomputed. media has
already removed its attachments, so no ``media_references_changed`` follows.

Lock order (no deadlock with a product write attaching the same media): media projection rows
first (``FOR UPDATE`` here, ``FOR SHARE`` in ``products``), then product rows in id order.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Final
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from pf_catalog.models import MediaProjection, Product, ProductMedia
from pf_common import media_projection as projection
from pf_common.errors import NotFound
from pf_common.events.media import MediaDeletedV1, MediaProcessedV1, MediaUploadedV1
from pf_common.logging import get_logger
from pf_common.tenancy import StoreScoped, scoped

log = get_logger(__name__)

GALLERY_KIND: Final = "product"
COA_KIND: Final = "coa"
# what media a product may reference: uploaded or ready (DOMAIN §5.2 attachment rules)
ATTACHABLE_STATUSES: Final = frozenset({projection.UPLOADED, projection.READY})


class MediaNotFound(NotFound):
    """404 (API.md §3.3): the media is unknown, of another store, of the wrong kind or not usable."""

    default_message = "media not found"


async def record_media_uploaded(
    session: AsyncSession, event: MediaUploadedV1, *, occurred_at: datetime
) -> None:
    await projection.record_media_uploaded(session, MediaProjection, event, occurred_at=occurred_at)


async def record_media_processed(
    session: AsyncSession, event: MediaProcessedV1, *, occurred_at: datetime
) -> None:
    await projection.record_media_processed(session, MediaProjection, event, occurred_at=occurred_at)


async def detach_deleted_media(
    session: AsyncSession, event: MediaDeletedV1, *, occurred_at: datetime, now: datetime
) -> list[UUID]:
    """The media becomes ``deleted``; products lose it from their gallery and as COA.

    Returns the ids of the products changed. Safe twice: the second time nothing uses it.
    """
    await projection.record_media_deleted(session, MediaProjection, event, occurred_at=occurred_at)
    media_id = event.media_id
    in_gallery = sa.select(col(ProductMedia.product_id)).where(col(ProductMedia.media_id) == media_id)
    products = list(
        (
            await session.execute(
                sa.select(Product)
                .where(sa.or_(col(Product.id).in_(in_gallery), col(Product.coa_media_id) == media_id))
                .order_by(col(Product.id))
                .with_for_update()
            )
        ).scalars()
    )
    if not products:
        return []
    ids = [p.id for p in products]
    await session.execute(
        sa.delete(ProductMedia)
        .where(col(ProductMedia.product_id).in_(ids), col(ProductMedia.media_id) == media_id)
        .execution_options(synchronize_session=False)
    )
    thumbnails = await gallery_thumbnails(session, ids)
    for product in products:
        if product.coa_media_id == media_id:
            product.coa_media_id = None
        product.thumbnail_url = thumbnails.get(product.id)
        product.updated_at = now
    await session.flush()
    log.info("catalog.products.media_detached", media_id=str(media_id), products=len(ids))
    return ids


async def gallery_thumbnails(session: AsyncSession, product_ids: Sequence[UUID]) -> dict[UUID, str | None]:
    """Each product's thumbnail: the URL of its lowest-position gallery image (absent: none)."""
    if not product_ids:
        return {}
    rows = await session.execute(
        sa.select(col(ProductMedia.product_id), col(ProductMedia.url))
        .where(col(ProductMedia.product_id).in_(product_ids))
        .order_by(col(ProductMedia.product_id), col(ProductMedia.position))
    )
    first: dict[UUID, str | None] = {}
    for r in rows:  # galleries are short (at most 20 images)
        first.setdefault(r.product_id, r.url)
    return first


@dataclass(frozen=True)
class Attachable:
    media_id: UUID
    public_url: str | None
    gcs_key: str


async def share_media(
    session: AsyncSession, principal: StoreScoped, media_ids: Iterable[UUID], *, kind: str, field: str
) -> dict[UUID, Attachable]:
    """The caller's media among ``media_ids``, validated for ``kind`` and held ``FOR SHARE``.

    Each must exist in the caller's store (another store's media is indistinguishable from
    unknown media), be of ``kind`` and ``uploaded``/``ready`` with its object key known;
    otherwise 404 naming ``field``. The shared lock makes a concurrent ``media_deleted`` wait
    for this write, then detach what it attached.
    """
    wanted = sorted(set(media_ids))
    if not wanted:
        return {}
    stmt = (
        sa.select(MediaProjection)
        .where(col(MediaProjection.media_id).in_(wanted))
        .order_by(col(MediaProjection.media_id))
        .with_for_update(read=True)
    )
    result = await session.execute(scoped(stmt, MediaProjection, principal))
    rows = {r.media_id: r for r in result.scalars()}
    found: dict[UUID, Attachable] = {}
    for media_id in wanted:
        row = rows.get(media_id)
        if row is None:
            raise MediaNotFound(f"{field}: media {media_id} not found", reason="media_not_found")
        if row.kind != kind:
            raise MediaNotFound(f"{field}: media {media_id} is not of kind {kind}", reason="media_kind")
        if row.status not in ATTACHABLE_STATUSES or not row.gcs_key:
            raise MediaNotFound(
                f"{field}: media {media_id} must be uploaded or ready", reason="media_not_attachable"
            )
        found[media_id] = Attachable(media_id, row.public_url, row.gcs_key)
    return found
