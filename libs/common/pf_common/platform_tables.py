"""The tables every service schema has: ``outbox_events``, ``outbox_dlq``, ``processed_events``.

Columns follow spec/EVENTS.md §2 and DOMAIN §0. :func:`add_platform_tables` declares them as
SQLModel table models on a service's table base (``platform = add_platform_tables(OrdersTable)``
in ``models.py``), so Alembic's autogenerate sees them; pf_common's own queries use them as Core
tables through ``platform_tables_for(schema).outbox`` (``.dlq``, ``.processed``).

``create_platform_tables_v1`` is what the first migration of every service calls. Its column list
is the migration's frozen copy (a later change gets a ``_v2``), separate from the models on
purpose: the models follow the current schema, a migration never changes. Every service's
``test_migrations`` proves the two agree (Alembic's comparison finds no difference).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlmodel import Field

from pf_common.columns import server_filled as _server
from pf_common.columns import text as _text
from pf_common.db import TableModel, base_of

TIMESTAMPTZ = sa.DateTime(timezone=True)


@dataclass(frozen=True)
class PlatformTables:
    """One schema's platform table models; ``outbox``, ``dlq`` and ``processed`` are their tables."""

    OutboxEvent: type[TableModel]
    OutboxDlqEntry: type[TableModel]
    ProcessedEvent: type[TableModel]

    @property
    def outbox(self) -> sa.Table:
        return _table(self.OutboxEvent)

    @property
    def dlq(self) -> sa.Table:
        return _table(self.OutboxDlqEntry)

    @property
    def processed(self) -> sa.Table:
        return _table(self.ProcessedEvent)


def _table(model: type[TableModel]) -> sa.Table:
    # a table model has one; SQLModel does not declare it
    table = model.__table__  # type: ignore[attr-defined]
    assert isinstance(table, sa.Table)
    return table


def add_platform_tables(target: type[TableModel] | sa.MetaData) -> PlatformTables:
    """Declare the platform table models on a service's table base (or on a bare MetaData).

    Each call declares new classes: a service calls it once, in ``models.py``.
    """
    # the service's table base, known at run time only: mypy cannot check a class on a variable
    # base (misc) nor see SQLModel's ``table`` keyword through it (call-arg), hence the ignores on
    # the three class statements
    base: Any = base_of(target)

    class OutboxEvent(base, table=True):  # type: ignore[misc, call-arg]
        """An event written in the transaction of its cause, published by the relay (EVENTS.md §2)."""

        __tablename__ = "outbox_events"
        __table_args__ = (
            sa.Index(
                "ix_outbox_events_pending",
                "created_at",
                "id",
                postgresql_where=sa.text("published_at IS NULL"),
            ),
            sa.Index("ix_outbox_events_aggregate", "aggregate_type", "aggregate_id", "created_at"),
            sa.Index("ix_outbox_events_published_at", "published_at"),
        )

        id: uuid.UUID = Field(primary_key=True)
        event_type: str = _text()
        event_version: int = _server("1")
        aggregate_type: str = _text()
        aggregate_id: uuid.UUID
        aggregate_store_id: uuid.UUID | None = None
        dedupe_key: str | None = _text(default=None, unique=True)
        payload: dict[str, Any] = Field(sa_type=JSONB)
        created_at: datetime = _server(sa.func.now(), sa_type=TIMESTAMPTZ)
        published_at: datetime | None = Field(default=None, sa_type=TIMESTAMPTZ)
        attempt_count: int = _server("0")
        next_attempt_at: datetime | None = Field(default=None, sa_type=TIMESTAMPTZ)
        last_error: str | None = _text(default=None)

    class OutboxDlqEntry(base, table=True):  # type: ignore[misc, call-arg]
        """An outbox row the relay gave up on (max attempts or a non-retryable error)."""

        __tablename__ = "outbox_dlq"
        __table_args__ = (
            sa.CheckConstraint("error_reason IN ('max_attempts', 'non_retryable')", name="error_reason"),
            sa.Index(
                "uq_outbox_dlq_event_id_open",
                "event_id",
                unique=True,
                postgresql_where=sa.text("resolved_at IS NULL"),
            ),
        )

        id: uuid.UUID = Field(primary_key=True)
        event_id: uuid.UUID
        event_type: str = _text()
        aggregate_type: str = _text()
        aggregate_id: uuid.UUID
        payload_json: dict[str, Any] = Field(sa_type=JSONB)
        error_reason: str = _text()
        error_message: str | None = _text(default=None)
        attempt_count: int
        failed_at: datetime = _server(sa.func.now(), sa_type=TIMESTAMPTZ)
        created_at: datetime = _server(sa.func.now(), sa_type=TIMESTAMPTZ)
        resolved_at: datetime | None = Field(default=None, sa_type=TIMESTAMPTZ)

    class ProcessedEvent(base, table=True):  # type: ignore[misc, call-arg]
        """The inbox: one row per (consumer, event) applied, written with the consumer's effect."""

        __tablename__ = "processed_events"
        __table_args__ = (sa.Index("ix_processed_events_processed_at", "processed_at"),)

        consumer: str = _text(primary_key=True)
        event_id: uuid.UUID = Field(primary_key=True)
        processed_at: datetime = _server(sa.func.now(), sa_type=TIMESTAMPTZ)

    return PlatformTables(OutboxEvent, OutboxDlqEntry, ProcessedEvent)


# --- the first migration of every service (frozen) ------------------------------------------------


def _columns_v1() -> dict[str, list[Any]]:
    return {
        "outbox_events": [
            sa.Column("id", UUID(as_uuid=True), primary_key=True),
            sa.Column("event_type", sa.Text, nullable=False),
            sa.Column("event_version", sa.Integer, nullable=False, server_default="1"),
            sa.Column("aggregate_type", sa.Text, nullable=False),
            sa.Column("aggregate_id", UUID(as_uuid=True), nullable=False),
            sa.Column("aggregate_store_id", UUID(as_uuid=True), nullable=True),
            sa.Column("dedupe_key", sa.Text, nullable=True, unique=True),
            sa.Column("payload", JSONB, nullable=False),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
            sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
            sa.Column("attempt_count", sa.Integer, nullable=False, server_default="0"),
            sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
            sa.Column("last_error", sa.Text, nullable=True),
        ],
        "outbox_dlq": [
            sa.Column("id", UUID(as_uuid=True), primary_key=True),
            sa.Column("event_id", UUID(as_uuid=True), nullable=False),
            sa.Column("event_type", sa.Text, nullable=False),
            sa.Column("aggregate_type", sa.Text, nullable=False),
            sa.Column("aggregate_id", UUID(as_uuid=True), nullable=False),
            sa.Column("payload_json", JSONB, nullable=False),
            sa.Column("error_reason", sa.Text, nullable=False),
            sa.Column("error_message", sa.Text, nullable=True),
            sa.Column("attempt_count", sa.Integer, nullable=False),
            sa.Column("failed_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
            sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
            sa.CheckConstraint("error_reason IN ('max_attempts', 'non_retryable')", name="error_reason"),
        ],
        "processed_events": [
            sa.Column("consumer", sa.Text, primary_key=True),
            sa.Column("event_id", UUID(as_uuid=True), primary_key=True),
            sa.Column(
                "processed_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
            ),
        ],
    }


def _indexes_v1() -> list[tuple[str, str, list[str], dict[str, Any]]]:
    return [
        (
            "ix_outbox_events_pending",
            "outbox_events",
            ["created_at", "id"],
            {"postgresql_where": sa.text("published_at IS NULL")},
        ),
        ("ix_outbox_events_aggregate", "outbox_events", ["aggregate_type", "aggregate_id", "created_at"], {}),
        ("ix_outbox_events_published_at", "outbox_events", ["published_at"], {}),
        (
            "uq_outbox_dlq_event_id_open",
            "outbox_dlq",
            ["event_id"],
            {"unique": True, "postgresql_where": sa.text("resolved_at IS NULL")},
        ),
        ("ix_processed_events_processed_at", "processed_events", ["processed_at"], {}),
    ]


def create_platform_tables_v1(op: Any, schema: str) -> None:
    """Alembic: create the platform tables in ``schema`` (first migration of a service)."""
    for name, cols in _columns_v1().items():
        op.create_table(name, *cols, schema=schema)
    for ix_name, table, cols, kw in _indexes_v1():
        op.create_index(ix_name, table, cols, schema=schema, **kw)


def drop_platform_tables_v1(op: Any, schema: str) -> None:
    for name in ("processed_events", "outbox_dlq", "outbox_events"):
        op.drop_table(name, schema=schema)


_CACHE: dict[str, PlatformTables] = {}


def platform_tables_for(schema: str) -> PlatformTables:
    """The platform tables of ``schema`` (for pf_common's own queries), declared once per process
    on a MetaData of their own (not the service's: pf_common never imports a service)."""
    if schema not in _CACHE:
        from pf_common.db import make_metadata

        _CACHE[schema] = add_platform_tables(make_metadata(schema))
    return _CACHE[schema]
