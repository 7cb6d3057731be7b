"""catalog's media projection and products losing deleted media (EVENTS.md §4 ordering, §6 media).

Each event is delivered twice with the same event id (the inbox applies it once); reordered and
replayed events (new event ids) must converge on the same row. ``media_deleted`` detaches the
media from galleries and COAs and fixes the denormalised thumbnail.
"""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from catalog_factories import make_media, make_store, post_product

from pf_catalog.models import MediaProjection, Product, ProductMedia
from pf_common.events.common import MediaKind
from pf_common.events.media import MediaDeletedV1, MediaProcessedV1, MediaUploadedV1
from pf_common.ids import uuid7

T0 = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
T1, T2, T3 = T0 + timedelta(seconds=1), T0 + timedelta(seconds=2), T0 + timedelta(seconds=3)
APPLIED_ONCE = ["applied", "duplicate"]


def uploaded(
    media_id: uuid.UUID, store_id: uuid.UUID, kind: MediaKind = MediaKind.PRODUCT
) -> MediaUploadedV1:
    key = f"{store_id}/{kind.value}/{media_id}.png"
    return MediaUploadedV1(
        media_id=media_id,
        store_id=store_id,
        kind=kind,
        mime_type="image/png",
        gcs_key=key,
        size_bytes=2048,
        uploaded_at=T0,
        public_url=f"https://cdn.example/{key}",
    )


def processed(media_id: uuid.UUID, store_id: uuid.UUID, status: str = "ready") -> MediaProcessedV1:
    return MediaProcessedV1(
        media_id=media_id, store_id=store_id, kind=MediaKind.PRODUCT, status=status, ocr_available=False
    )


def deleted(media_id: uuid.UUID, store_id: uuid.UUID) -> MediaDeletedV1:
    return MediaDeletedV1(media_id=media_id, store_id=store_id, gcs_key=f"{store_id}/product/{media_id}.png")


async def projected(db_session, media_id: uuid.UUID) -> dict[str, Any] | None:
    db_session.expunge_all()
    row = await db_session.get(MediaProjection, media_id)
    if row is None:
        return None
    keys = ("store_id", "kind", "mime_type", "status", "public_url", "gcs_key", "source_version")
    return {k: getattr(row, k) for k in keys}


async def test_uploaded_then_processed_builds_the_row_once_each(deliver, db_session):
    media_id, store_id = uuid7(), uuid7()
    event = uploaded(media_id, store_id)

    assert await deliver(event, occurred_at=T1) == APPLIED_ONCE
    assert await deliver(processed(media_id, store_id), occurred_at=T2) == APPLIED_ONCE

    assert await projected(db_session, media_id) == {
        "store_id": store_id,
        "kind": "product",
        "mime_type": "image/png",
        "status": "ready",
        "public_url": event.public_url,
        "gcs_key": event.gcs_key,
        "source_version": T2,
    }


ORDERS = list(itertools.permutations(["uploaded", "processed", "deleted"]))


@pytest.mark.parametrize("order", ORDERS, ids=["-".join(o) for o in ORDERS])
async def test_any_arrival_order_converges_on_the_in_order_row(deliver, db_session, order):
    media_id, store_id = uuid7(), uuid7()
    events = {
        "uploaded": (uploaded(media_id, store_id), T1),
        "processed": (processed(media_id, store_id), T2),
        "deleted": (deleted(media_id, store_id), T3),
    }

    for name in order:
        event, at = events[name]
        await deliver(event, occurred_at=at)

    row = await projected(db_session, media_id)
    assert row == {
        "store_id": store_id,
        "kind": "product",
        "mime_type": "image/png",
        "status": "deleted",
        "public_url": None,
        "gcs_key": events["uploaded"][0].gcs_key,
        "source_version": T3,
    }


async def test_processed_first_then_uploaded_ends_ready_with_the_facts(deliver, db_session):
    media_id, store_id = uuid7(), uuid7()
    event = uploaded(media_id, store_id)

    await deliver(processed(media_id, store_id), occurred_at=T2)
    await deliver(event, occurred_at=T1)
    await deliver(event, occurred_at=T1)  # replayed under a new event id

    row = await projected(db_session, media_id)
    assert (row["status"], row["source_version"], row["public_url"]) == ("ready", T2, event.public_url)


@pytest.fixture
async def vendor(as_store, db_session):
    actor = await as_store("vendor", "owner")
    await make_store(db_session, store_id=actor.store_id)
    return actor


async def test_media_deleted_detaches_gallery_and_coa_and_fixes_the_thumbnail(
    client, deliver, db_session, vendor, emitted_events
):
    # given two products sharing an image; the first has it first in its gallery and as... a COA
    first, second = [await make_media(db_session, store_id=vendor.store_id) for _ in range(2)]
    coa = await make_media(db_session, store_id=vendor.store_id, kind="coa")
    a = (
        await post_product(
            client,
            vendor,
            media_ids=[str(first.media_id), str(second.media_id)],
            coa_media_id=str(coa.media_id),
        )
    ).json()["data"]
    b = (await post_product(client, vendor, media_ids=[str(first.media_id)])).json()["data"]
    untouched = (await post_product(client, vendor, media_ids=[str(second.media_id)])).json()["data"]
    events_before = len(await emitted_events())

    # when media deletes the first image and the COA (each delivered twice)
    assert (
        await deliver(deleted(first.media_id, vendor.store_id), occurred_at=datetime.now(UTC)) == APPLIED_ONCE
    )
    assert (
        await deliver(deleted(coa.media_id, vendor.store_id), occurred_at=datetime.now(UTC)) == APPLIED_ONCE
    )

    # then the galleries lose it, the thumbnails follow the next image (or none), the COA is gone
    db_session.expunge_all()
    rows = {
        p.id: p
        for p in (
            await db_session.execute(
                sa.select(Product).where(Product.id.in_([uuid.UUID(a["id"]), uuid.UUID(b["id"])]))
            )
        ).scalars()
    }
    pa, pb = rows[uuid.UUID(a["id"])], rows[uuid.UUID(b["id"])]
    assert (pa.thumbnail_url, pa.coa_media_id) == (second.public_url, None)
    assert pb.thumbnail_url is None
    gallery = (
        await db_session.execute(
            sa.select(ProductMedia.product_id, ProductMedia.media_id).order_by(ProductMedia.product_id)
        )
    ).all()
    assert sorted((str(p), str(m)) for p, m in gallery) == sorted(
        [(a["id"], str(second.media_id)), (untouched["id"], str(second.media_id))]
    )
    assert (await db_session.get(Product, uuid.UUID(untouched["id"]))).thumbnail_url == second.public_url
    assert (await projected(db_session, first.media_id))["status"] == "deleted"
    # and nothing is emitted: media has already dropped its attachments
    assert len(await emitted_events()) == events_before


async def test_a_deleted_image_can_no_longer_be_attached(client, deliver, db_session, vendor):
    image = await make_media(db_session, store_id=vendor.store_id)
    await deliver(deleted(image.media_id, vendor.store_id), occurred_at=datetime.now(UTC))

    r = await post_product(client, vendor, media_ids=[str(image.media_id)])

    assert r.status_code == 404


async def test_an_image_known_only_from_media_processed_is_attachable_once_uploaded_arrives(
    client, deliver, db_session, vendor
):
    # media_processed overtook media_uploaded: the placeholder has no object key or URL yet
    media_id = uuid7()
    await deliver(processed(media_id, vendor.store_id), occurred_at=T2)

    early = await post_product(client, vendor, media_ids=[str(media_id)])
    await deliver(uploaded(media_id, vendor.store_id), occurred_at=T1)
    late = await post_product(client, vendor, media_ids=[str(media_id)])

    assert early.status_code == 404
    assert late.status_code == 201, late.text
    assert late.json()["data"]["thumbnail_url"] == uploaded(media_id, vendor.store_id).public_url
