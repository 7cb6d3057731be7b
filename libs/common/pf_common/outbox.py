"""``emit(session, payload)``: write an event to the outbox in the caller's transaction.

Nothing is published here. The relay (``pf_common.relay``) publishes committed
rows; a rolled-back transaction leaves no event.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any
from uuid import UUID

import structlog
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from pf_common.db import EMITTED_FLAG
from pf_common.events.envelope import Envelope
from pf_common.events.registry import EventPayload, InvalidEvent, validate_payload
from pf_common.ids import uuid7
from pf_common.platform_tables import platform_tables_for


def _current_traceparent() -> str | None:
    try:
        from pf_common.telemetry import current_traceparent
    except ImportError:  # pragma: no cover
        return None
    return current_traceparent()


async def emit(
    session: AsyncSession,
    payload: EventPayload,
    *,
    store_id: UUID | None = None,
    actor_user_id: UUID | None = None,
    occurred_at: datetime | None = None,
) -> Envelope:
    """Validate ``payload`` and stage it in this service's ``outbox_events``.

    The producer must be the service that owns the session. Context (request
    id, acting user and store) comes from the bound log context when not given.
    Once-only events (a ``dedupe_template``) are skipped when already emitted.
    """
    schema = session.info.get("pf_schema")
    if schema is None:
        raise RuntimeError("emit() needs a session from pf_common.db.Database")
    if payload.producer != schema:
        raise InvalidEvent(f"{payload.event_type} is produced by {payload.producer}, not {schema}")
    ctx = structlog.contextvars.get_contextvars()
    envelope = payload.to_envelope(
        event_id=uuid7(),
        occurred_at=occurred_at,
        store_id=store_id or _uuid_or_none(ctx.get("store_id")),
        actor_user_id=actor_user_id or _uuid_or_none(ctx.get("user_id")),
        request_id=ctx.get("request_id"),
        traceparent=_current_traceparent(),
    )
    validate_payload(envelope)  # the same check a consumer makes on receipt
    await session.execute(
        _insert(schema, once_only=payload.dedupe_template is not None),
        {
            "id": envelope.event_id,
            "event_type": envelope.event_type,
            "event_version": envelope.event_version,
            "aggregate_type": envelope.aggregate_type,
            "aggregate_id": envelope.aggregate_id,
            "aggregate_store_id": envelope.store_id,
            "dedupe_key": payload.dedupe_key(),
            "payload": envelope.model_dump(mode="json"),
        },
    )
    session.info[EMITTED_FLAG] = True
    return envelope


@cache
def _insert(schema: str, *, once_only: bool) -> Any:
    """The outbox INSERT of a schema, built once: values go as parameters (building ``.values()``
    per event cost more than the rest of ``emit``)."""
    stmt = insert(platform_tables_for(schema).outbox)
    return stmt.on_conflict_do_nothing(index_elements=["dedupe_key"]) if once_only else stmt


def _uuid_or_none(value: object) -> UUID | None:
    if value is None:
        return None
    try:
        return value if isinstance(value, UUID) else UUID(str(value))
    except ValueError:
        return None
