"""identity's media projection, fed by media's events (EVENTS.md §4 ordering, §6 media; DOMAIN §0).

Each event is delivered twice with the same event id (the inbox applies it once); reordered and
replayed events (new event ids) must converge on the same row.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from identity_actors import iso
from identity_factories import STORED_ADDRESS, make_media, make_store

from pf_common.events.common import AttachmentRef, MediaKind
from pf_common.events.media import MediaDeletedV1, MediaProcessedV1, MediaUploadedV1
from pf_identity.models import MediaProjection, Store

T0 = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
T1, T2, T3 = T0 + timedelta(seconds=1), T0 + timedelta(seconds=2), T0 + timedelta(seconds=3)
APPLIED_ONCE = ["applied", "duplicate"]


def uploaded(media_id: uuid.UUID, store_id: uuid.UUID, **over: Any) -> MediaUploadedV1:
    key = f"{store_id}/store/{media_id}.png"
    fields: dict[str, Any] = {
        "media_id": media_id,
        "store_id": store_id,
        "kind": MediaKind.STORE,
        "mime_type": "image/png",
        "gcs_key": key,
        "size_bytes": 2048,
        "uploaded_at": T0,
        "public_url": f"https://cdn.example/{key}",
    }
    fields.update(over)
    return MediaUploadedV1(**fields)


def processed(media_id: uuid.UUID, store_id: uuid.UUID, status: str = "ready") -> MediaProcessedV1:
    return MediaProcessedV1(
        media_id=media_id,
        store_id=store_id,
        kind=MediaKind.STORE,
        status=status,
        ocr_available=False,
        failure_reason="unreadable image" if status == "failed" else None,
    )


def deleted(media_id: uuid.UUID, store_id: uuid.UUID, attachments: list[AttachmentRef] | None = None) -> Any:
    return MediaDeletedV1(
        media_id=media_id,
        store_id=store_id,
        gcs_key=f"{store_id}/store/{media_id}.png",
        attachments=attachments or [],
    )


async def projected(db_session, media_id: uuid.UUID) -> dict[str, Any] | None:
    db_session.expunge_all()
    row = await db_session.get(MediaProjection, media_id)
    if row is None:
        return None
    keys = ("store_id", "kind", "mime_type", "status", "public_url", "gcs_key", "source_version")
    return {k: getattr(row, k) for k in keys}


def row_of(event: MediaUploadedV1, *, status: str = "uploaded", version: datetime = T1) -> dict[str, Any]:
    return {
        "store_id": event.store_id,
        "kind": "store",
        "mime_type": "image/png",
        "status": status,
        "public_url": event.public_url if status != "deleted" else None,
        "gcs_key": event.gcs_key,
        "source_version": version,
    }


# --------------------------------------------------------------------------- media_uploaded


async def test_media_uploaded_projects_the_row_once(db_session, deliver, emitted_events):
    event = uploaded(uuid.uuid4(), uuid.uuid4())

    outcomes = await deliver(event, times=2, occurred_at=T1)

    assert outcomes == APPLIED_ONCE
    assert await projected(db_session, event.media_id) == row_of(event)
    assert await emitted_events() == []


async def test_media_uploaded_without_a_public_url_projects_none(db_session, deliver):
    # an older producer (or a signed-URL-only kind) sends no public_url
    event = uploaded(uuid.uuid4(), uuid.uuid4(), kind=MediaKind.OTHER, public_url=None)

    await deliver(event, occurred_at=T1)

    row = await projected(db_session, event.media_id)
    assert row is not None
    assert (row["kind"], row["public_url"], row["status"]) == ("other", None, "uploaded")


async def test_a_replayed_media_uploaded_with_a_new_event_id_changes_nothing(db_session, deliver):
    event = uploaded(uuid.uuid4(), uuid.uuid4())
    await deliver(event, times=1, occurred_at=T1)

    assert await deliver(event, times=1, occurred_at=T1) == ["applied"]  # a new event id

    assert await projected(db_session, event.media_id) == row_of(event)


# --------------------------------------------------------------------------- media_processed


@pytest.mark.parametrize("status", ["ready", "failed"])
async def test_media_processed_moves_the_row_forward(db_session, deliver, status):
    event = uploaded(uuid.uuid4(), uuid.uuid4())
    await deliver(event, times=1, occurred_at=T1)

    outcomes = await deliver(processed(event.media_id, event.store_id, status), times=2, occurred_at=T2)

    assert outcomes == APPLIED_ONCE
    assert await projected(db_session, event.media_id) == row_of(event, status=status, version=T2)


async def test_media_processed_before_media_uploaded_keeps_the_later_status(db_session, deliver):
    # given processing reported before the upload (reordered delivery)
    event = uploaded(uuid.uuid4(), uuid.uuid4())
    await deliver(processed(event.media_id, event.store_id, "ready"), occurred_at=T2)
    placeholder = await projected(db_session, event.media_id)
    assert placeholder == {
        "store_id": event.store_id,
        "kind": "store",
        "mime_type": None,
        "status": "ready",
        "public_url": None,
        "gcs_key": None,
        "source_version": T2,
    }

    # when the upload arrives
    assert await deliver(event, occurred_at=T1) == APPLIED_ONCE

    # then its facts fill the row and the status stays ready
    assert await projected(db_session, event.media_id) == row_of(event, status="ready", version=T2)


async def test_a_late_media_uploaded_never_undoes_ready(db_session, deliver):
    # even with a later occurred_at (a clock skewed replay), uploaded is an earlier stage
    event = uploaded(uuid.uuid4(), uuid.uuid4())
    await deliver(event, times=1, occurred_at=T1)
    await deliver(processed(event.media_id, event.store_id, "ready"), occurred_at=T2)

    await deliver(event, occurred_at=T3)

    assert await projected(db_session, event.media_id) == row_of(event, status="ready", version=T2)


async def test_an_older_media_processed_never_overwrites_a_newer_one(db_session, deliver):
    event = uploaded(uuid.uuid4(), uuid.uuid4())
    await deliver(event, times=1, occurred_at=T1)
    await deliver(processed(event.media_id, event.store_id, "failed"), occurred_at=T3)

    await deliver(processed(event.media_id, event.store_id, "ready"), occurred_at=T2)

    assert await projected(db_session, event.media_id) == row_of(event, status="failed", version=T3)


# --------------------------------------------------------------------------- media_deleted


async def test_media_deleted_marks_the_row_deleted_and_drops_its_url(db_session, deliver, emitted_events):
    event = uploaded(uuid.uuid4(), uuid.uuid4())
    await deliver(event, times=1, occurred_at=T1)

    outcomes = await deliver(deleted(event.media_id, event.store_id), times=2, occurred_at=T3)

    assert outcomes == APPLIED_ONCE
    assert await projected(db_session, event.media_id) == row_of(event, status="deleted", version=T3)
    assert await emitted_events() == []  # no store used it


@pytest.mark.parametrize("late", ["uploaded", "ready", "failed"])
async def test_nothing_revives_deleted_media(db_session, deliver, late):
    # given media deleted before identity heard of it (a placeholder row)
    event = uploaded(uuid.uuid4(), uuid.uuid4())
    await deliver(deleted(event.media_id, event.store_id), occurred_at=T2)

    # when an earlier-stage event arrives afterwards, even with a later occurred_at
    late_event = event if late == "uploaded" else processed(event.media_id, event.store_id, late)
    await deliver(late_event, occurred_at=T3)

    # then the row stays deleted, without a URL
    row = await projected(db_session, event.media_id)
    assert row is not None
    assert (row["status"], row["public_url"], row["source_version"]) == ("deleted", None, T2)
    assert row["gcs_key"] == event.gcs_key


async def test_media_deleted_clears_the_logo_and_emits_store_updated_once(
    db_session, deliver, emitted_events
):
    # given a store whose logo and banner are two media of its own
    store = await make_store(db_session, type="vendor")
    logo = await make_media(db_session, store_id=store.id)
    banner = await make_media(db_session, store_id=store.id, kind="other", status="ready")
    store.logo_media_id, store.logo_url = logo.media_id, logo.public_url
    store.banner_media_id, store.banner_url = banner.media_id, banner.public_url
    await db_session.flush()
    attachment = AttachmentRef(entity_type="store_logo", entity_id=store.id)

    # when media reports the logo deleted (twice)
    outcomes = await deliver(deleted(logo.media_id, store.id, [attachment]), times=2, occurred_at=T3)

    # then the logo and its URL are gone, the banner stays
    assert outcomes == APPLIED_ONCE
    db_session.expunge_all()
    saved = await db_session.get(Store, store.id)
    assert (saved.logo_media_id, saved.logo_url) == (None, None)
    assert (saved.banner_media_id, saved.banner_url) == (banner.media_id, banner.public_url)
    assert saved.updated_at > saved.created_at
    # and one store_updated carries the cleared logo
    [event] = await emitted_events()
    assert (event.event_type, event.aggregate_id, event.store_id, event.actor_user_id) == (
        "store_updated",
        store.id,
        store.id,
        None,
    )
    assert event.payload == {
        "store_id": str(store.id),
        "company_name": store.company_name,
        "dba_name": None,
        "phone": None,
        "email": None,
        "logo_media_id": None,
        "logo_url": None,
        "banner_url": banner.public_url,
        "address": STORED_ADDRESS,
        "badge": None,
        "updated_at": iso(saved.updated_at),
    }
    assert (await projected(db_session, logo.media_id) or {})["status"] == "deleted"


async def test_media_deleted_clears_the_banner(db_session, deliver, emitted_events):
    store = await make_store(db_session)
    banner = await make_media(db_session, store_id=store.id)
    store.banner_media_id, store.banner_url = banner.media_id, banner.public_url
    await db_session.flush()

    await deliver(deleted(banner.media_id, store.id), occurred_at=T3)

    db_session.expunge_all()
    saved = await db_session.get(Store, store.id)
    assert (saved.banner_media_id, saved.banner_url) == (None, None)
    [event] = await emitted_events("store_updated")
    assert (event.payload["logo_media_id"], event.payload["banner_url"]) == (None, None)


async def test_a_replayed_media_deleted_emits_nothing_more(db_session, deliver, emitted_events):
    store = await make_store(db_session)
    logo = await make_media(db_session, store_id=store.id)
    store.logo_media_id, store.logo_url = logo.media_id, logo.public_url
    await db_session.flush()
    await deliver(deleted(logo.media_id, store.id), times=1, occurred_at=T3)

    assert await deliver(deleted(logo.media_id, store.id), times=1, occurred_at=T3) == ["applied"]

    assert len(await emitted_events("store_updated")) == 1


async def test_media_deleted_leaves_other_stores_alone(db_session, deliver, emitted_events):
    store = await make_store(db_session)
    mine = await make_media(db_session, store_id=store.id)
    store.logo_media_id, store.logo_url = mine.media_id, mine.public_url
    other = await make_store(db_session, company_name="Someone Else")
    await db_session.flush()

    await deliver(deleted(uuid.uuid4(), other.id), occurred_at=T3)

    db_session.expunge_all()
    assert (await db_session.get(Store, store.id)).logo_media_id == mine.media_id
    assert await emitted_events() == []
