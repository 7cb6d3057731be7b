"""A service's projection of stores, fed by identity's and finance's events.

(DOMAIN §0 "Projections", §1, §5.3 ``store_projection``; EVENTS.md §4 ordering, §6 rows
``store_created``, ``store_updated``, ``store_kyc_status_changed``, ``subscription_status_changed``.)

catalog, orders, logistics, finance, ads and analytics each keep a ``store_projection`` table in
their own schema. This module is the one table definition, the one set of guarded upserts and the
ready-made consumers they share; each service chooses which optional columns it keeps and may add
table arguments of its own (indexes, checks, even columns no store event writes). Business rules
about stores (who is visible, what a rename touches) stay in the services.

A service uses it in four places::

    # models.py: a SQLModel table class on the service's table base, with the columns it keeps
    StoreProjection = store_projection_model(OrdersTable, columns=("company_name", "state", "kyc_status"))

    # migrations/versions/<date>_store_projection.py
    def upgrade() -> None:
        create_store_projection_v1(op, "orders", columns=("company_name", "state", "kyc_status"))

    # consumers/stores.py (no rule of its own: the ready-made handlers)
    CONSUMERS = store_projection_consumers(StoreProjection)

    # or in domain/, when the service reacts to a change (catalog syncs vendor names)
    if await record_store_updated(session, StoreProjection, event, occurred_at=envelope.occurred_at):
        ...

**Columns.** Always ``store_id`` (PK), ``type`` and one version per source; optionally (see
:data:`OPTIONAL_COLUMNS`) ``company_name``, ``dba_name``, ``phone``, ``logo_media_id``,
``logo_url``, ``state`` (the address state, upper-cased and trimmed as DOMAIN §2 compares it),
``address`` (JSONB: the full Address with ``lat``/``lng``), ``kyc_status``,
``subscription_active``, ``created_at`` and ``updated_at``. The upserts write only the columns the
table has.

**Sources and versions.** The row has three independent sources, each with its own version (the
envelope's ``occurred_at`` of the newest event applied from it):

- profile (``profile_version``): names, phone, logo, state, address — ``store_created`` and
  ``store_updated`` (each a full snapshot of the profile: a field absent is cleared);
- KYC (``kyc_version``): ``kyc_status`` — ``store_created`` and ``store_kyc_status_changed``;
- subscription (``subscription_version``): ``subscription_active`` — ``subscription_status_changed``.

One version for the whole row would lose data on reordering (a KYC change at T2 applied before a
profile update at T1 would make that update look stale). Each event is one
``INSERT … ON CONFLICT DO UPDATE … WHERE <its source's version is older>``: an event about a store
not seen yet creates a placeholder row (EVENTS.md §4; ``type`` null until ``store_created``), later
events fill in their own columns, and an older or equal version changes nothing, so redeliveries,
replays and any arrival order converge on the row of in-order application. ``type`` never changes
once known. ``store_created`` carries identity's mirror of ``subscription_active`` (false at
creation), not a fact of finance: it fills the column only while no ``subscription_status_changed``
has been applied and leaves ``subscription_version`` null, so versions are only compared within
one producer's clock.

**Model.** :func:`store_projection_model` builds the SQLModel table class (``table=True``) from the
columns chosen: a class statement cannot leave fields out, so a factory declares it, on the
service's table base (``__module__`` is the base's, the name ``StoreProjection``). Its ``extra``
items go to ``__table_args__``, except columns, which become fields of their own
(``Field(sa_column=...)``). :func:`add_store_projection` returns that class's ``__table__``.

**Migrations.** :func:`create_store_projection_v1` is frozen like
:func:`pf_common.platform_tables.create_platform_tables_v1`: its column definitions
(:func:`store_projection_columns`) and enum values never change; a change gets a ``_v2``. They are
kept apart from the model's fields on purpose (a migration never changes, the model follows the
current schema); the tests compare the two through Alembic. A service that later keeps more
columns adds them with :func:`add_store_projection_columns_v1`. The new columns stay null on
existing rows until the next event of their source: an equal version is not newer, so to backfill
them from a replay, clear that source's version column in the same migration.
"""

from __future__ import annotations

import types
import uuid
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any, Final

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import Field

from pf_common.columns import nullable as _nullable
from pf_common.columns import server_filled as _server
from pf_common.columns import text_enum as _enum
from pf_common.consumer import Consumer
from pf_common.db import TableModel, base_of
from pf_common.events.common import Address
from pf_common.events.envelope import Envelope
from pf_common.events.finance import SubscriptionStatusChangedV1
from pf_common.events.identity import StoreCreatedV1, StoreKycStatusChangedV1, StoreUpdatedV1
from pf_common.logging import get_logger

__all__ = [
    "KYC_STATUSES_V1",
    "OPTIONAL_COLUMNS",
    "PROFILE_COLUMNS",
    "STORE_TYPES_V1",
    "TABLE_NAME",
    "VERSION_COLUMNS",
    "add_store_projection",
    "add_store_projection_columns_v1",
    "create_store_projection_v1",
    "drop_store_projection_v1",
    "normalize_state",
    "record_kyc_status_changed",
    "record_store_created",
    "record_store_updated",
    "record_subscription_status_changed",
    "store_projection_columns",
    "store_projection_consumers",
    "store_projection_model",
]

log = get_logger(__name__)

TABLE_NAME: Final = "store_projection"

# frozen (v1): an enum value added later gets its own migration of the CHECK constraint
STORE_TYPES_V1: Final = ("buyer", "vendor")
KYC_STATUSES_V1: Final = ("pending_verification", "verified", "rejected", "expired", "suspended")

PROFILE_COLUMNS: Final = (
    "company_name",
    "dba_name",
    "phone",
    "logo_media_id",
    "logo_url",
    "state",
    "address",
)
OPTIONAL_COLUMNS: Final = (*PROFILE_COLUMNS, "kyc_status", "subscription_active", "created_at", "updated_at")
VERSION_COLUMNS: Final = ("profile_version", "kyc_version", "subscription_version")


def _timestamp(name: str) -> sa.Column[Any]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now())


_OPTIONAL: Final[dict[str, Callable[[], sa.Column[Any]]]] = {
    "company_name": lambda: sa.Column("company_name", sa.Text),
    "dba_name": lambda: sa.Column("dba_name", sa.Text),
    "phone": lambda: sa.Column("phone", sa.Text),
    "logo_media_id": lambda: sa.Column("logo_media_id", sa.Uuid),
    "logo_url": lambda: sa.Column("logo_url", sa.Text),
    "state": lambda: sa.Column("state", sa.Text),  # upper-cased and trimmed address state
    "address": lambda: sa.Column("address", JSONB),  # DOMAIN §2 Address, lat/lng included
    "kyc_status": lambda: sa.Column(
        "kyc_status",
        _enum("kyc_status", KYC_STATUSES_V1),
        nullable=False,
        server_default="pending_verification",
    ),
    "subscription_active": lambda: sa.Column(
        "subscription_active", sa.Boolean, nullable=False, server_default=sa.false()
    ),
    "created_at": lambda: _timestamp("created_at"),
    "updated_at": lambda: _timestamp("updated_at"),  # set to now() by every applied event
}


def _chosen(columns: Iterable[str]) -> tuple[str, ...]:
    if isinstance(columns, str):
        raise TypeError("columns is a collection of column names, not one string")
    wanted = set(columns)
    unknown = wanted - set(OPTIONAL_COLUMNS)
    if unknown:
        raise ValueError(f"not store projection columns: {sorted(unknown)} (choose from {OPTIONAL_COLUMNS})")
    return tuple(c for c in OPTIONAL_COLUMNS if c in wanted)


def store_projection_columns(columns: Iterable[str] = OPTIONAL_COLUMNS) -> list[sa.Column[Any]]:
    """New Column objects (frozen, v1: the migrations'): ``store_id``, ``type``, the ``columns``
    chosen, the three versions."""
    chosen = _chosen(columns)
    return [
        sa.Column("store_id", sa.Uuid, primary_key=True),
        sa.Column("type", _enum("store_type", STORE_TYPES_V1)),  # null on a placeholder
        *(_OPTIONAL[c]() for c in chosen if c not in ("created_at", "updated_at")),
        *(sa.Column(v, sa.DateTime(timezone=True)) for v in VERSION_COLUMNS),
        *(_OPTIONAL[c]() for c in chosen if c in ("created_at", "updated_at")),
    ]


# --- the model ------------------------------------------------------------------------------------

_TIMESTAMPTZ: Final = sa.DateTime(timezone=True)


# name -> (annotation, a new Field): the model's optional fields, in OPTIONAL_COLUMNS' order
_FIELDS: Final[dict[str, tuple[Any, Callable[[], Any]]]] = {
    "company_name": (str | None, lambda: _nullable(sa.Text)),
    "dba_name": (str | None, lambda: _nullable(sa.Text)),
    "phone": (str | None, lambda: _nullable(sa.Text)),
    "logo_media_id": (uuid.UUID | None, _nullable),
    "logo_url": (str | None, lambda: _nullable(sa.Text)),
    "state": (str | None, lambda: _nullable(sa.Text)),  # upper-cased and trimmed address state
    "address": (dict[str, Any] | None, lambda: _nullable(JSONB)),  # DOMAIN §2 Address, lat/lng included
    "kyc_status": (
        str,
        lambda: _server("pending_verification", sa_type=_enum("kyc_status", KYC_STATUSES_V1)),
    ),
    "subscription_active": (bool, lambda: _server(sa.false())),
    "created_at": (datetime, lambda: _server(sa.func.now(), sa_type=_TIMESTAMPTZ)),
    "updated_at": (datetime, lambda: _server(sa.func.now(), sa_type=_TIMESTAMPTZ)),  # now() on every event
}


def store_projection_model(
    target: type[TableModel] | sa.MetaData,
    *,
    columns: Iterable[str] = OPTIONAL_COLUMNS,
    extra: Sequence[Any] = (),
    name: str = TABLE_NAME,
    class_name: str | None = None,
    doc: str | None = None,
) -> type[TableModel]:
    """The projection as a SQLModel table class on a service's table base (or a bare MetaData).

    Fields: ``store_id``, ``type``, the ``columns`` chosen, the three versions, then
    ``created_at``/``updated_at`` if chosen (the order of :func:`store_projection_columns`).
    ``extra`` are further table arguments of the service: indexes and check constraints go to
    ``__table_args__``; a column of its own (the upserts never write it) becomes a field, typed
    ``Any``. The class is named ``class_name`` (default: the table name in CamelCase).
    """
    chosen = _chosen(columns)
    annotations: dict[str, Any] = {"store_id": uuid.UUID, "type": str | None}
    fields: dict[str, Any] = {
        "store_id": Field(primary_key=True),
        # null on a placeholder, until store_created arrives
        "type": _nullable(_enum("store_type", STORE_TYPES_V1)),
    }
    profile = [c for c in chosen if c not in ("created_at", "updated_at")]
    stamps = [c for c in chosen if c in ("created_at", "updated_at")]
    for column in profile:
        annotations[column], fields[column] = _FIELDS[column][0], _FIELDS[column][1]()
    for version in VERSION_COLUMNS:  # per source: the occurred_at of the newest event applied
        annotations[version], fields[version] = datetime | None, _nullable(_TIMESTAMPTZ)
    for column in stamps:
        annotations[column], fields[column] = _FIELDS[column][0], _FIELDS[column][1]()
    table_args: list[Any] = []
    for item in extra:
        if isinstance(item, sa.Column):
            if item.name in annotations:
                raise ValueError(f"extra column {item.name!r} is a store projection column")
            annotations[item.name], fields[item.name] = Any, Field(sa_column=item)
        else:
            table_args.append(item)

    base = base_of(target)
    class_name = class_name or _camel(name)
    namespace: dict[str, Any] = {
        "__module__": base.__module__,
        "__qualname__": class_name,
        "__doc__": doc or f"The store projection ``{name}`` (``pf_common.store_projection``).",
        "__tablename__": name,
        "__table_args__": tuple(table_args),
        "__annotations__": annotations,
        **fields,
    }
    model = types.new_class(class_name, (base,), {"table": True}, lambda ns: ns.update(namespace))
    return model


def _camel(name: str) -> str:
    return "".join(part.title() for part in name.split("_"))


def add_store_projection(
    target: type[TableModel] | sa.MetaData,
    *,
    columns: Iterable[str] = OPTIONAL_COLUMNS,
    extra: Sequence[Any] = (),
    name: str = TABLE_NAME,
) -> sa.Table:
    """Declare the projection on a service's table base or metadata and return its table (the
    ``__table__`` of :func:`store_projection_model`'s class; ``extra`` as there)."""
    return _table(store_projection_model(target, columns=columns, extra=extra, name=name))


def create_store_projection_v1(
    op: Any,
    schema: str,
    *,
    columns: Iterable[str] = OPTIONAL_COLUMNS,
    extra: Sequence[Any] = (),
    name: str = TABLE_NAME,
) -> None:
    """Alembic: create the table as :func:`add_store_projection` declares it (indexes in ``extra`` too)."""
    op.create_table(name, *store_projection_columns(columns), *extra, schema=schema)


def add_store_projection_columns_v1(
    op: Any, schema: str, columns: Iterable[str], *, name: str = TABLE_NAME
) -> None:
    """Alembic: add optional columns a service keeps from now on (see the module doc on backfill)."""
    for column in _chosen(columns):
        op.add_column(name, _OPTIONAL[column](), schema=schema)


def drop_store_projection_v1(op: Any, schema: str, *, name: str = TABLE_NAME) -> None:
    op.drop_table(name, schema=schema)


# --- the upserts ---------------------------------------------------------------------------------


def normalize_state(state: str) -> str:
    """DOMAIN §2 Address: a state is compared upper-cased and trimmed."""
    return state.strip().upper()


def _table(target: sa.Table | type[Any]) -> sa.Table:
    table = target if isinstance(target, sa.Table) else target.__table__  # a table model's
    assert isinstance(table, sa.Table)
    return table


def _profile(table: sa.Table, address: Address, **fields: Any) -> dict[str, Any]:
    """The profile fields of an event, restricted to the columns ``table`` keeps."""
    every = {**fields, "state": normalize_state(address.state), "address": address.model_dump(mode="json")}
    return {column: value for column, value in every.items() if column in table.c}


def _newer(table: sa.Table, excluded: Any, version: str) -> sa.ColumnElement[bool]:
    """The incoming event is newer than the projected one of its source (strictly: a replay is not)."""
    current = table.c[version]
    return sa.or_(current.is_(None), current < excluded[version])


def _when(
    table: sa.Table, excluded: Any, guard: sa.ColumnElement[bool], column: str
) -> sa.ColumnElement[Any]:
    """The event's value of ``column`` when ``guard`` holds, else the projected one."""
    return sa.case((guard, excluded[column]), else_=table.c[column])


def _touched(table: sa.Table, set_: dict[str, Any]) -> dict[str, Any]:
    if "updated_at" in table.c:
        set_["updated_at"] = sa.func.now()
    return set_


async def record_store_created(
    session: AsyncSession, target: sa.Table | type[Any], event: StoreCreatedV1, *, occurred_at: datetime
) -> bool:
    """Apply ``store_created`` (type, profile, KYC; identity's subscription mirror while finance is silent).

    Each ``record_*`` returns True when the event applied (the row was inserted, or its source's
    columns and version were written) and False when it was stale or a duplicate (nothing written).
    """
    table = _table(target)
    profile = _profile(
        table,
        event.address,
        company_name=event.company_name,
        dba_name=event.dba_name,
        phone=event.phone,
        logo_media_id=None,
        logo_url=event.logo_url,
    )
    stmt = insert(table)
    excluded = stmt.excluded
    profile_newer = _newer(table, excluded, "profile_version")
    kyc_newer = _newer(table, excluded, "kyc_version")
    values: dict[str, Any] = {
        "store_id": event.store_id,
        "type": event.type.value,
        "profile_version": occurred_at,
        "kyc_version": occurred_at,
        **profile,
    }
    set_: dict[str, Any] = {
        "type": sa.func.coalesce(table.c.type, excluded.type),
        **{c: _when(table, excluded, profile_newer, c) for c in (*profile, "profile_version")},
        "kyc_version": _when(table, excluded, kyc_newer, "kyc_version"),
    }
    if "kyc_status" in table.c:
        values["kyc_status"] = event.kyc_status.value
        set_["kyc_status"] = _when(table, excluded, kyc_newer, "kyc_status")
    if "subscription_active" in table.c:
        values["subscription_active"] = event.subscription_active
        no_subscription_fact = table.c.subscription_version.is_(None)
        set_["subscription_active"] = _when(table, excluded, no_subscription_fact, "subscription_active")
    upsert = stmt.values(**values).on_conflict_do_update(
        index_elements=[table.c.store_id],
        set_=_touched(table, set_),
        # a row without a type was made by another event first: store_created still has to fill it
        where=sa.or_(table.c.type.is_(None), profile_newer, kyc_newer),
    )
    return await _apply(session, table, upsert, "store_created", event.store_id)


async def record_store_updated(
    session: AsyncSession, target: sa.Table | type[Any], event: StoreUpdatedV1, *, occurred_at: datetime
) -> bool:
    """Apply ``store_updated`` (a full profile snapshot: an absent logo or DBA is cleared)."""
    table = _table(target)
    profile = _profile(
        table,
        event.address,
        company_name=event.company_name,
        dba_name=event.dba_name,
        phone=event.phone,
        logo_media_id=event.logo_media_id,
        logo_url=event.logo_url,
    )
    stmt = insert(table)
    upsert = stmt.values(
        store_id=event.store_id, profile_version=occurred_at, **profile
    ).on_conflict_do_update(
        index_elements=[table.c.store_id],
        set_=_touched(table, {c: stmt.excluded[c] for c in (*profile, "profile_version")}),
        where=_newer(table, stmt.excluded, "profile_version"),
    )
    return await _apply(session, table, upsert, "store_updated", event.store_id)


async def record_kyc_status_changed(
    session: AsyncSession,
    target: sa.Table | type[Any],
    event: StoreKycStatusChangedV1,
    *,
    occurred_at: datetime,
) -> bool:
    """Apply ``store_kyc_status_changed`` (``kyc_status``, ``kyc_version``)."""
    table = _table(target)
    fact = {"kyc_status": event.kyc_status.value} if "kyc_status" in table.c else {}
    return await _apply_source(session, table, event, "kyc_version", occurred_at, fact)


async def record_subscription_status_changed(
    session: AsyncSession,
    target: sa.Table | type[Any],
    event: SubscriptionStatusChangedV1,
    *,
    occurred_at: datetime,
) -> bool:
    """Apply ``subscription_status_changed`` (``subscription_active``, ``subscription_version``)."""
    table = _table(target)
    fact = {"subscription_active": event.subscription_active} if "subscription_active" in table.c else {}
    return await _apply_source(session, table, event, "subscription_version", occurred_at, fact)


async def _apply_source(
    session: AsyncSession,
    table: sa.Table,
    event: StoreKycStatusChangedV1 | SubscriptionStatusChangedV1,
    version: str,
    occurred_at: datetime,
    fact: dict[str, Any],
) -> bool:
    """One source's columns and version, when the event is newer than that version."""
    stmt = insert(table)
    upsert = stmt.values(store_id=event.store_id, **{version: occurred_at}, **fact).on_conflict_do_update(
        index_elements=[table.c.store_id],
        set_=_touched(table, {c: stmt.excluded[c] for c in (*fact, version)}),
        where=_newer(table, stmt.excluded, version),
    )
    return await _apply(session, table, upsert, event.event_type, event.store_id)


async def _apply(session: AsyncSession, table: sa.Table, upsert: Any, event_type: str, store_id: Any) -> bool:
    written = await session.execute(upsert.returning(table.c.store_id))
    applied = written.first() is not None
    log.info(
        "store_projection.applied" if applied else "store_projection.stale_ignored",
        table=table.fullname,
        event_type=event_type,
        store_id=str(store_id),
    )
    return applied


# --- ready-made consumers ------------------------------------------------------------------------


def store_projection_consumers(target: sa.Table | type[Any]) -> list[Consumer]:
    """The four consumers of a service whose projection has no rule of its own.

    ``CONSUMERS = [*store_projection_consumers(StoreProjection), …]``; subscriptions are
    ``<service>.project_store_created``, ``…project_store_updated``, ``…project_store_kyc_status``
    and ``…project_subscription_status``.
    """

    async def project_store_created(session: AsyncSession, event: StoreCreatedV1, envelope: Envelope) -> None:
        await record_store_created(session, target, event, occurred_at=envelope.occurred_at)

    async def project_store_updated(session: AsyncSession, event: StoreUpdatedV1, envelope: Envelope) -> None:
        await record_store_updated(session, target, event, occurred_at=envelope.occurred_at)

    async def project_store_kyc_status(
        session: AsyncSession, event: StoreKycStatusChangedV1, envelope: Envelope
    ) -> None:
        await record_kyc_status_changed(session, target, event, occurred_at=envelope.occurred_at)

    async def project_subscription_status(
        session: AsyncSession, event: SubscriptionStatusChangedV1, envelope: Envelope
    ) -> None:
        await record_subscription_status_changed(session, target, event, occurred_at=envelope.occurred_at)

    return [
        Consumer(handler=project_store_created, event=StoreCreatedV1),
        Consumer(handler=project_store_updated, event=StoreUpdatedV1),
        Consumer(handler=project_store_kyc_status, event=StoreKycStatusChangedV1),
        Consumer(handler=project_subscription_status, event=SubscriptionStatusChangedV1),
    ]
