"""The tables every service schema has: ``outbox_events``, ``outbox_dlq``, ``processed_events``.

Columns follow spec/EVENTS.md §2 and DOMAIN §0. ``add_platform_tables`` puts
them on a service's metadata; ``create_platform_tables_v1`` is what the first
migration of every service calls (frozen: a later change gets a ``_v2``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB, UUID


@dataclass(frozen=True)
class PlatformTables:
    outbox: sa.Table
    dlq: sa.Table
    processed: sa.Table


def _columns() -> dict[str, list[Any]]:
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


def _indexes(schema: str | None) -> list[tuple[str, str, list[str], dict[str, Any]]]:
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


def add_platform_tables(metadata: sa.MetaData) -> PlatformTables:
    """Declare the platform tables on ``metadata`` (a service schema's metadata)."""
    tables = {name: sa.Table(name, metadata, *cols) for name, cols in _columns().items()}
    for ix_name, table, cols, kw in _indexes(metadata.schema):
        sa.Index(ix_name, *(tables[table].c[c] for c in cols), **kw)
    return PlatformTables(tables["outbox_events"], tables["outbox_dlq"], tables["processed_events"])


def create_platform_tables_v1(op: Any, schema: str) -> None:
    """Alembic: create the platform tables in ``schema`` (first migration of a service)."""
    for name, cols in _columns().items():
        op.create_table(name, *cols, schema=schema)
    for ix_name, table, cols, kw in _indexes(schema):
        op.create_index(ix_name, table, cols, schema=schema, **kw)


def drop_platform_tables_v1(op: Any, schema: str) -> None:
    for name in ("processed_events", "outbox_dlq", "outbox_events"):
        op.drop_table(name, schema=schema)


_CACHE: dict[str, PlatformTables] = {}


def platform_tables_for(schema: str) -> PlatformTables:
    """Table objects for ``schema`` (for pf_common's own queries)."""
    if schema not in _CACHE:
        from pf_common.db import make_metadata

        _CACHE[schema] = add_platform_tables(make_metadata(schema))
    return _CACHE[schema]
