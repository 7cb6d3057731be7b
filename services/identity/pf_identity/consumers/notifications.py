"""Notifications from consumed events (DOMAIN §5.1 matrix): one consumer per event type.

Every consumer runs :func:`notify_event` under its own name ``notify_<event_type>``
(subscription ``identity.notify_<event_type>``). It hands the event to
``domain.notifications.notify``, which applies the matrix (``domain/rules/notification_matrix``),
writes the notification(s) once per event and stages their emails in the same transaction. A
notice for a store identity does not know, or an event that names no store, raises
``PoisonMessage`` (dead-lettered at once, replayable).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from pf_common.consumer import Consumer
from pf_common.events.envelope import Envelope
from pf_common.events.registry import EventPayload
from pf_identity.domain import notifications
from pf_identity.domain.rules.notification_matrix import MATRIX


async def notify_event(session: AsyncSession, event: EventPayload, envelope: Envelope) -> None:
    await notifications.notify(session, event, envelope, now=datetime.now(UTC))


CONSUMERS: list[Consumer] = [
    Consumer(handler=notify_event, event=event, name=f"notify_{event.event_type}") for event in MATRIX
]
