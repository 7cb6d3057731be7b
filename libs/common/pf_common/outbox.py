"""``emit(session, payload)``: write an event to the outbox in the caller's transaction (an ORM
session or a lean transaction of ``pf_common.db.Database``).

Nothing is published here. The relay (``pf_common.relay``) publishes committed
rows; a rolled-back transaction leaves no event.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Final
from uuid import UUID

import structlog
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from pf_common.db import EMITTED_FLAG
from pf_common.events.envelope import Envelope
from pf_common.events.registry import EventPayload, InvalidEvent, validate_payload
from pf_common.ids import uuid7
from pf_common.lean import LeanTransaction, Statement, column_params
from pf_common.platform_tables import platform_tables_for


def _current_traceparent() -> str | None:
    try:
        from pf_common.telemetry import current_traceparent
    except ImportError:  # pragma: no cover
        return None
    return current_traceparent()


async def emit(
    session: AsyncSession | LeanTransaction,
    payload: EventPayload,
    *,
    store_id: UUID | None = None,
    actor_user_id: UUID | None = None,
    occurred_at: datetime | None = None,
) -> Envelope:
    """Validate ``payload`` and stage it in this service's ``outbox_events``.

    ``session`` is a transaction of ``pf_common.db.Database``: an ORM session (``transaction()``)
    or a lean one (``lean_transaction()``). The producer must be the service that owns it.
    Context (request id, acting user and store) comes from the bound log context when not given.
    Once-only events (a ``dedupe_template``) are skipped when already emitted.
    """
    schema = session.info.get("pf_schema")
    if schema is None:
        raise RuntimeError("emit() needs a transaction of pf_common.db.Database")
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
    once_only = payload.dedupe_template is not None
    row = {
        "id": envelope.event_id,
        "event_type": envelope.event_type,
        "event_version": envelope.event_version,
        "aggregate_type": envelope.aggregate_type,
        "aggregate_id": envelope.aggregate_id,
        "aggregate_store_id": envelope.store_id,
        "dedupe_key": payload.dedupe_key(),
        "payload": envelope.model_dump(mode="json"),
    }
    # on an ORM session too: a statement of an open transaction goes on the wire (pf_common.lean)
    await _insert(schema, once_only=once_only).execute(session, **row)
    session.info[EMITTED_FLAG] = True
    return envelope


_COLUMNS: Final = (
    "id",
    "event_type",
    "event_version",
    "aggregate_type",
    "aggregate_id",
    "aggregate_store_id",
    "dedupe_key",
    "payload",
)


@cache
def _insert(schema: str, *, once_only: bool) -> Statement:
    """The outbox INSERT of a schema as a lean statement (``pf_common.lean``: on a lean transaction
    and on an ORM session alike), built once: values go as parameters named after the columns
    (building ``.values()`` per event cost more than the rest of ``emit``)."""
    table = platform_tables_for(schema).outbox
    stmt = insert(table).values(column_params(table, _COLUMNS))
    if once_only:
        stmt = stmt.on_conflict_do_nothing(index_elements=["dedupe_key"])
    return Statement(stmt, name="OutboxInsert")


def _uuid_or_none(value: object) -> UUID | None:
    if value is None:
        return None
    try:
        return value if isinstance(value, UUID) else UUID(str(value))
    except ValueError:
        return None
