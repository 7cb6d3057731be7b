"""A service's projection of media's rows, fed by media's events (DOMAIN §0 "Projections"; EVENTS.md §4, §6).

identity and catalog each keep a ``media_projection`` table with the same columns
(``media_id`` PK, ``store_id``, ``kind``, ``mime_type``, ``status``, ``public_url``, ``gcs_key``,
``source_version``; optionally ``updated_at``) so that they validate attachments without a
synchronous call to media. This module is the one upsert/merge both run, generic over the
mapped class; what an attachment may be (kinds, statuses: DOMAIN §5.2) is a rule of each
service's domain (identity's ``domain/rules/media.py``, catalog's ``domain/media_projection.py``),
never here. Nor is a client of media's HTTP endpoints: its path and response shape are media's
contract, and a typed client of another service's internal endpoint belongs to the service that
calls it (ARCHITECTURE §2 ``clients/``), so identity and catalog each keep ``clients/media.py``
(signed read URLs) while pf_common stays shared runtime (§3). The events this module consumes
are different: their typed payloads are the shared registry of ``pf_common.events``.

Each event upserts its row: an event about a media id not seen yet creates it (a placeholder
when it carries no kind or MIME type), and :func:`supersedes` decides whether its status
replaces the projected one, so redeliveries and reordering (``media_processed`` before
``media_uploaded``, an ``uploaded`` after ``deleted``) converge on the same row.

The status only moves forward through media's lifecycle as a consumer sees it:
``uploaded`` → ``ready``/``failed`` → ``deleted``. A late event of an earlier stage never undoes
a later one; within one stage the newer event (envelope ``occurred_at``) wins.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Final, Protocol, TypeVar

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from pf_common.events.media import MediaDeletedV1, MediaProcessedV1, MediaUploadedV1
from pf_common.logging import get_logger

__all__ = [
    "DELETED",
    "FAILED",
    "READY",
    "UPLOADED",
    "lock_media",
    "project",
    "record_media_deleted",
    "record_media_processed",
    "record_media_uploaded",
    "supersedes",
]

log = get_logger(__name__)

UPLOADED: Final = "uploaded"
READY: Final = "ready"
FAILED: Final = "failed"
DELETED: Final = "deleted"

_STAGE: Final = {UPLOADED: 0, READY: 1, FAILED: 1, DELETED: 2}


class _MediaProjectionRow(Protocol):
    """A projection table model: its ``media_id`` (a column on the class, a value on a row)."""

    media_id: Any


M = TypeVar("M", bound=_MediaProjectionRow)


def supersedes(current: str, current_version: datetime, incoming: str, incoming_version: datetime) -> bool:
    """Whether an event's status replaces the projected one (later stage, or same stage and newer)."""
    if _STAGE[incoming] != _STAGE[current]:
        return _STAGE[incoming] > _STAGE[current]
    return incoming_version > current_version


async def lock_media(session: AsyncSession, model: type[M], media_id: Any) -> M | None:
    """One projection row ``FOR UPDATE`` (the consumers take it before the rows that reference it)."""
    stmt = sa.select(model).where(model.media_id == media_id).with_for_update()
    return (await session.execute(stmt)).scalar_one_or_none()


async def record_media_uploaded(
    session: AsyncSession, model: type[Any], event: MediaUploadedV1, *, occurred_at: datetime
) -> None:
    await project(
        session,
        model,
        event.media_id,
        store_id=event.store_id,
        status=UPLOADED,
        version=occurred_at,
        facts={
            "kind": event.kind.value,
            "mime_type": event.mime_type,
            "gcs_key": event.gcs_key,
            "public_url": event.public_url,
        },
    )


async def record_media_processed(
    session: AsyncSession, model: type[Any], event: MediaProcessedV1, *, occurred_at: datetime
) -> None:
    await project(
        session,
        model,
        event.media_id,
        store_id=event.store_id,
        status=str(event.status),
        version=occurred_at,
        facts={"kind": event.kind.value},
    )


async def record_media_deleted(
    session: AsyncSession, model: type[Any], event: MediaDeletedV1, *, occurred_at: datetime
) -> None:
    """The row ends ``deleted`` (whatever came before) and stays locked for the caller."""
    await project(
        session,
        model,
        event.media_id,
        store_id=event.store_id,
        status=DELETED,
        version=occurred_at,
        facts={"gcs_key": event.gcs_key},
    )


async def project(
    session: AsyncSession,
    model: type[Any],
    media_id: Any,
    *,
    store_id: Any,
    status: str,
    version: datetime,
    facts: dict[str, Any],
) -> None:
    """Insert the row as this event describes it, or merge the event into the existing row.

    ``facts`` (kind, MIME type, key, URL) never change for a media id: a value the event
    carries fills the row whatever its status; only ``status``/``source_version`` are ordered.
    The row is locked either way (the insert, or ``FOR UPDATE``) until the transaction ends.
    """
    table = model.__tablename__
    known = {k: v for k, v in facts.items() if v is not None}
    if status == DELETED:
        known["public_url"] = None  # media drops the URL with the object
    inserted = await session.execute(
        insert(model)
        .values(media_id=media_id, store_id=store_id, status=status, source_version=version, **known)
        .on_conflict_do_nothing(index_elements=[model.media_id])
        .returning(model.media_id)
    )
    if inserted.first() is not None:
        log.info("media_projection.created", table=table, media_id=str(media_id), status=status)
        return

    row = await lock_media(session, model, media_id)
    assert row is not None  # it conflicted, and projection rows are never deleted
    changed = False
    if supersedes(row.status, row.source_version, status, version):
        row.status, row.source_version = status, version
        changed = True
    elif status != row.status:
        log.info(
            "media_projection.stale_status_ignored",
            table=table,
            media_id=str(media_id),
            status=row.status,
            ignored=status,
        )
    if row.status == DELETED:
        known["public_url"] = None
    for field, value in known.items():
        if getattr(row, field) != value:
            setattr(row, field, value)
            changed = True
    if changed and hasattr(model, "updated_at"):
        row.updated_at = datetime.now(UTC)
    await session.flush()
