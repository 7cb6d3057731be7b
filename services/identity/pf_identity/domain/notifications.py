"""Notifications (DOMAIN §5.1): created from consumed events, listed and marked read by stores,
listed by admins, deleted after the retention period.

A notification is written once per ``(source, audience, store_id)`` where ``source`` is
``<event_type>:<event_id>`` (``INSERT … ON CONFLICT DO NOTHING``): idempotent beyond the
consumer's inbox, e.g. when a dead letter is replayed after the inbox rows were purged. A
notice of the matrix's ``email = yes`` rows stages its email (``email_deliveries``) in the same
transaction, only when the notification itself was new, so an event never emails twice.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TypeVar
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from pf_common.db import rowcount
from pf_common.errors import NotFound, PoisonMessage
from pf_common.events.envelope import Envelope
from pf_common.events.registry import EventPayload
from pf_common.ids import uuid7
from pf_common.logging import get_logger
from pf_common.pagination import Page, PageParams, paginate
from pf_common.tenancy import Filterable, StoreScoped, scoped
from pf_identity.domain.rules import notification_matrix as matrix
from pf_identity.models import EmailDelivery, License, Notification, Store

log = get_logger(__name__)

STORE = "store"
ADMIN = "admin"


class NotificationNotFound(NotFound):
    default_message = "notification not found"


# --- from events ------------------------------------------------------------------------------


def display_name(company_name: str, dba_name: str | None) -> str:
    return dba_name.strip() if dba_name and dba_name.strip() else company_name


async def _store_names(session: AsyncSession, store_ids: set[UUID]) -> dict[UUID, str]:
    if not store_ids:
        return {}
    rows = await session.execute(
        sa.select(col(Store.id), col(Store.company_name), col(Store.dba_name)).where(
            col(Store.id).in_(store_ids)
        )
    )
    return {r.id: display_name(r.company_name, r.dba_name) for r in rows}


async def _license_numbers(session: AsyncSession, license_id: UUID | None) -> dict[UUID, str]:
    if license_id is None:
        return {}
    number = await session.scalar(sa.select(col(License.number)).where(col(License.id) == license_id))
    return {license_id: number} if number is not None else {}


async def notify(session: AsyncSession, event: EventPayload, envelope: Envelope, *, now: datetime) -> int:
    """Write the notifications (and staged emails) ``event`` causes; returns how many were new.

    Raises :class:`PoisonMessage` when a notice is for a store identity does not know, or when
    the event does not say which store it concerns: bad data that no retry can fix.
    """
    store_ids = matrix.stores_named_by(event)
    if envelope.store_id is not None:
        store_ids.add(envelope.store_id)
    names = await _store_names(session, store_ids)
    look = matrix.Lookup(
        store_names=names,
        license_numbers=await _license_numbers(session, matrix.license_named_by(event)),
        envelope_store_id=envelope.store_id,
    )
    try:
        notices = matrix.notices_for(event, look)
    except matrix.UnroutableEvent as exc:
        raise PoisonMessage(str(exc)) from exc
    unknown = sorted(str(n.store_id) for n in notices if n.store_id not in names)
    if unknown:
        raise PoisonMessage(f"{envelope.event_type} concerns unknown store(s) {', '.join(unknown)}")
    source = f"{envelope.event_type}:{envelope.event_id}"
    created = 0
    for notice in notices:
        notification_id = await _insert(session, notice, source=source, now=now)
        if notification_id is None:
            continue  # already written for this event
        created += 1
        if notice.email is not None:
            await session.execute(
                insert(EmailDelivery)
                .values(
                    id=uuid7(),
                    notification_id=notification_id,
                    store_id=notice.store_id,
                    kind=notice.email.kind,
                    context=notice.email.context,
                    status="pending",
                    attempts=0,
                    next_attempt_at=now,
                    created_at=now,
                )
                .on_conflict_do_nothing(index_elements=[col(EmailDelivery.notification_id)])
            )
        log.info(
            "identity.notification.created",
            notification_id=str(notification_id),
            store_id=str(notice.store_id),
            audience=notice.audience,
            type=notice.type,
            email=notice.email.kind if notice.email is not None else None,
        )
    return created


async def _insert(session: AsyncSession, notice: matrix.Notice, *, source: str, now: datetime) -> UUID | None:
    stmt = (
        insert(Notification)
        .values(
            id=uuid7(),
            store_id=notice.store_id,
            audience=notice.audience,
            type=notice.type,
            title=notice.title,
            message=notice.message,
            link=notice.link,
            source=source,
            created_at=now,
        )
        .on_conflict_do_nothing(
            index_elements=[col(Notification.source), col(Notification.audience), col(Notification.store_id)]
        )
        .returning(col(Notification.id))
    )
    return (await session.execute(stmt)).scalar_one_or_none()


# --- store members ----------------------------------------------------------------------------


S = TypeVar("S", bound=Filterable)


def _of_store(stmt: S, principal: StoreScoped) -> S:
    """``stmt`` narrowed to what the caller's store reads: its own store-audience notifications
    (an admin-audience row names a store but is for admins). Every store route goes through here."""
    return scoped(stmt.where(col(Notification.audience) == STORE), Notification, principal)


async def list_notifications(
    session: AsyncSession, principal: StoreScoped, page: PageParams, *, unread_only: bool
) -> Page[Notification]:
    """The caller's store's notifications (store audience only), newest first."""
    stmt = _of_store(sa.select(Notification), principal)
    if unread_only:
        stmt = stmt.where(col(Notification.read_at).is_(None))
    return await paginate(
        session, stmt, created_at_col=col(Notification.created_at), id_col=col(Notification.id), params=page
    )


async def mark_read(
    session: AsyncSession, principal: StoreScoped, notification_id: UUID, *, now: datetime
) -> None:
    """Mark one notification read (a second call keeps the first ``read_at``).

    404 for an unknown id, another store's notification or an admin-audience one.
    """
    stmt = _of_store(
        sa.update(Notification)
        .where(col(Notification.id) == notification_id)
        .values(read_at=sa.func.coalesce(col(Notification.read_at), now))
        .returning(col(Notification.id)),
        principal,
    )
    if (await session.execute(stmt)).scalar_one_or_none() is None:
        raise NotificationNotFound(reason="notification_not_found")


async def mark_all_read(session: AsyncSession, principal: StoreScoped, *, now: datetime) -> int:
    """Mark every unread notification of the caller's store read; returns how many changed."""
    result = await session.execute(
        _of_store(
            sa.update(Notification).where(col(Notification.read_at).is_(None)).values(read_at=now), principal
        )
    )
    return rowcount(result)


# --- admins -----------------------------------------------------------------------------------


async def list_admin_notifications(
    session: AsyncSession, page: PageParams, *, unread_only: bool
) -> Page[Notification]:
    """Admin-audience notifications of every store, newest first."""
    stmt = sa.select(Notification).where(col(Notification.audience) == ADMIN)
    if unread_only:
        stmt = stmt.where(col(Notification.read_at).is_(None))
    return await paginate(
        session, stmt, created_at_col=col(Notification.created_at), id_col=col(Notification.id), params=page
    )


# --- retention --------------------------------------------------------------------------------


async def delete_old_notifications(session: AsyncSession, *, now: datetime, retention_days: int) -> int:
    """Delete notifications older than ``retention_days`` (DOMAIN §7: 30 days)."""
    cutoff = now - timedelta(days=retention_days)
    result = await session.execute(sa.delete(Notification).where(col(Notification.created_at) < cutoff))
    return rowcount(result)
