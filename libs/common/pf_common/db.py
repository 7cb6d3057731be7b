"""Async SQLAlchemy 2 + psycopg 3: engine, sessions, schema-scoped metadata.

One request, message or job is one transaction, opened at the edge:

* ``WriteSession`` (the FastAPI dependency of :mod:`pf_common.db_http`) commits
  when the route returns and rolls back on error; ``ReadSession`` (``Database.read()``)
  never commits, and refuses every write (``ReadOnlyViolation``) rather than let it be
  rolled back unnoticed.
* ``Database.transaction()`` does the same for consumers and jobs;
  ``Database.lean_transaction()`` is one of lean statements (``pf_common.lean``), no ORM
  session, for a hot write whose statements are known up front.

Domain code only ``flush()``es, on the ``AsyncSession`` it is handed; it imports
this module (``make_metadata``, ``Database`` for a job's own transaction), which
has no FastAPI. After a commit that wrote outbox rows the
database calls ``on_events_committed`` (the relay wake-up signal), which is a
hint only: the relay also polls.

**Table models** are SQLModel classes (``table=True``). Each service keeps ONE ``MetaData`` of its
schema, with :data:`NAMING_CONVENTION`, through a base class of its own::

    class OrdersTable(TableModel, registry=make_registry("orders")):
        pass  # the base of orders' table models: their registry and MetaData (schema "orders")

    metadata = OrdersTable.metadata
    platform = add_platform_tables(OrdersTable)

    class OrderLineItem(OrdersTable, table=True):
        __tablename__ = "order_line_items"
        id: uuid.UUID = Field(primary_key=True)

SQLModel's metaclass, given ``registry=``, sets ``_sa_registry`` and ``metadata`` on that class and
marks it ``__abstract__``; SQLAlchemy's declarative scan then declares every ``table=True`` subclass
on ``cls.metadata``. Without a base of its own a service's tables would land on
``SQLModel.metadata``, one MetaData for the whole process, where every service's ``outbox_events``
(and the ``store_projection`` several services keep) would collide.

What SQLModel does not express from a Python annotation is given through ``Field``: ``sa_type``
for every type it would guess differently (``str`` would be VARCHAR, not TEXT; ``int`` not BIGINT;
``datetime`` its own ``UTCDateTime``, which refuses naive values and converts what it reads to
UTC, where the services keep SQLAlchemy's plain ``DateTime(timezone=True)``) and for enums
(text + CHECK), arrays, JSONB and tsvector;
``sa_column_kwargs`` for server defaults and ``onupdate``; ``sa_column_args`` for ``Computed``;
table-level checks, uniques and indexes in ``__table_args__``. What it cannot express cleanly:

* a column shared by several tables: a ``Field(sa_column=Column(...))`` is one Column object and a
  Column belongs to one table, so a mixin (identity's ``Timestamps``) uses ``sa_type`` and
  ``sa_column_kwargs``, from which SQLModel builds a new Column per table;
* a table whose columns are chosen at run time (pf_common's store projection): the class is
  built by a factory (:func:`pf_common.store_projection.store_projection_model`);
* server-filled columns must get no Python default (not even ``None``): a table model's
  constructor sets every field that has one, and a value set explicitly goes into the INSERT, so
  ``server_default``, triggers (``FetchedValue``) and ``Computed`` columns would not apply (a
  generated column even refuses one);
* a table model's constructor does not validate (DTOs are separate pydantic models that do;
  ``Model.model_validate`` would, and would require the server-filled fields: build rows with the
  constructor) and SQLModel's silently drops unknown keyword arguments: :class:`TableModel` raises
  ``TypeError`` for them, as SQLAlchemy's declarative constructor did;
* pydantic compares models field by field and makes them unhashable: :class:`TableModel` restores
  the ORM's identity semantics (one instance per row and session).
"""

from __future__ import annotations

import time
import types
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any, Final, cast

import psycopg
from psycopg_pool import PoolTimeout
from sqlalchemy import CursorResult, Engine, MetaData, Result, Table, text
from sqlalchemy import event as sa_event
from sqlalchemy import exc as sa_exc
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import ORMExecuteState, Session, registry
from sqlmodel import SQLModel

from pf_common.errors import DependencyError
from pf_common.iosafety import holding_connection
from pf_common.lean import LeanPool, LeanTransaction
from pf_common.lean import transaction as lean_transaction
from pf_common.logging import get_logger

if TYPE_CHECKING:
    from pf_common.settings import ServiceSettings

log = get_logger(__name__)

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

EMITTED_FLAG = "pf_emitted"


class ReadOnlyViolation(RuntimeError):
    """A write was attempted in a ``Database.read()`` session (a bug: use ``transaction()``)."""


class _ReadSession(Session):
    """The session behind ``Database.read()``: a write there is a bug (it would be rolled back
    unnoticed), so it is refused at once."""


@sa_event.listens_for(_ReadSession, "do_orm_execute")
def _refuse_dml(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        raise ReadOnlyViolation("a read session cannot write: use Database.transaction()")


@sa_event.listens_for(_ReadSession, "before_flush")
def _refuse_flush(session: Session, _context: Any, _instances: Any) -> None:
    if session.new or session.dirty or session.deleted:
        raise ReadOnlyViolation("a read session cannot flush changes: use Database.transaction()")


def make_metadata(schema: str) -> MetaData:
    """Metadata bound to one service schema, with the constraint naming convention."""
    return MetaData(schema=schema, naming_convention=NAMING_CONVENTION)


def make_registry(schema: str) -> registry:
    """The SQLAlchemy registry of one service's table models, on a MetaData of its own
    (:func:`make_metadata`): pass it as ``registry=`` to the service's :class:`TableModel` base."""
    return registry(metadata=make_metadata(schema))


class TableModel(SQLModel):
    """What every service's table base derives from; never a table itself (see the module doc).

    Rows compare by identity and are hashable, as SQLAlchemy's declarative classes were: the
    session keeps one instance per row, and pydantic's field-by-field ``__eq__`` (which also makes
    instances unhashable) would call two different states of a row equal or unequal by accident.
    """

    __eq__ = object.__eq__
    __hash__ = object.__hash__

    def __init__(self, **data: Any) -> None:
        cls = type(self)
        unknown = data.keys() - cls.model_fields.keys() - cls.__sqlmodel_relationships__.keys()
        if unknown:
            raise TypeError(f"{cls.__name__} has no field {', '.join(sorted(unknown))}")
        super().__init__(**data)


_BASE_KEY = "pf_table_base"


def table_base(metadata: MetaData) -> type[TableModel]:
    """A :class:`TableModel` base declaring its tables on ``metadata`` (one per MetaData).

    For pf_common's table factories when they are handed a bare MetaData (tests,
    ``platform_tables_for``); a service declares its base as a class (module doc).
    """
    base = metadata.info.get(_BASE_KEY)
    if base is None:
        name = f"TableBase_{metadata.schema or 'default'}"
        base = types.new_class(name, (TableModel,), {"registry": registry(metadata=metadata)})
        metadata.info[_BASE_KEY] = base
    return base


def rowcount(result: Result[*tuple[Any, ...]]) -> int:
    """The rows an UPDATE or DELETE (without RETURNING) matched.

    ``session.execute`` is typed to return a ``Result``; for such a statement it is a
    ``CursorResult``, the one that has ``rowcount`` (SQLAlchemy's types cannot tell them apart).
    """
    return cast("CursorResult[*tuple[Any, ...]]", result).rowcount


def table_of(model: type[TableModel]) -> Table:
    """The ``Table`` of a table model (SQLModel does not declare ``__table__`` to type checkers)."""
    table: Table = model.__table__  # type: ignore[attr-defined]
    return table


def base_of(target: type[TableModel] | MetaData) -> type[TableModel]:
    """``target`` if it is a table base already, else :func:`table_base` of that MetaData."""
    return table_base(target) if isinstance(target, MetaData) else target


def make_engine(
    url: str,
    *,
    pool_size: int = 5,
    max_overflow: int = 5,
    pool_recycle_s: int = 3600,
    statement_timeout_ms: int | None = 15_000,
    application_name: str = "pf",
) -> AsyncEngine:
    # Custom plans only: psycopg keeps prepared statements (a read session COMMITs), and after five
    # executions Postgres may switch a prepared statement to one generic plan, which for queries
    # whose best plan depends on the values (catalog's browse filters) costs several times more.
    options = f"-c application_name={application_name}"
    if statement_timeout_ms:
        options += f" -c statement_timeout={statement_timeout_ms}"
    engine = create_async_engine(
        url,
        pool_size=pool_size,
        max_overflow=max_overflow,
        pool_recycle=pool_recycle_s,
        connect_args={"options": f"{options} -c plan_cache_mode=force_custom_plan", "connect_timeout": 5},
    )
    ping_when_idle(engine)
    _LEAN_OPTIONS[engine.sync_engine] = options
    return engine


# The session options of each URL make_engine built an engine for: its lean pool connects with
# the same, except the plan cache mode. A lean statement reads or writes by key, whose best plan
# does not depend on the values: the lean pool prepares it on a connection's first use and
# Postgres may keep one generic plan, instead of planning a join on every execution (make bench
# I1: Postgres CPU per request).
_LEAN_OPTIONS: Final[weakref.WeakKeyDictionary[Engine, str]] = weakref.WeakKeyDictionary()


def _lean_pool(engine: AsyncEngine, name: str) -> LeanPool:
    sync = engine.sync_engine
    size = sync.pool.size() if hasattr(sync.pool, "size") else 5
    url = sync.url.render_as_string(hide_password=False)
    return LeanPool(
        url,
        max_size=size,
        options=_LEAN_OPTIONS.get(sync, ""),
        name=name,
    )


#: a connection checked in less than this long ago is handed out without a ping (HikariCP's
#: ``aliveBypassWindowMs`` is 500 ms too): under load no request pays a round trip for it
PING_BYPASS_S: Final = 0.5
_CHECKED_IN_AT: Final = "pf_checked_in_at"


def ping_when_idle(engine: AsyncEngine, bypass_s: float = PING_BYPASS_S) -> None:
    """Pessimistic disconnect handling that costs nothing on a busy pool.

    SQLAlchemy's ``pool_pre_ping`` pings on every checkout: one extra round trip per request.
    Here a connection is pinged only when it has been idle for ``bypass_s`` (or was never
    checked in); a failed ping discards it and the pool checks out another, as with
    ``pool_pre_ping`` (SQLAlchemy's documented custom-ping recipe: ``DisconnectionError`` from a
    ``checkout`` listener). A connection that dies within the window fails its statement, which
    is invalidated and answered 503 like any outage.
    """
    pool = engine.sync_engine.pool
    dialect = engine.sync_engine.dialect

    @sa_event.listens_for(pool, "checkin")
    def _checked_in(dbapi_connection: Any, record: Any) -> None:
        record.info[_CHECKED_IN_AT] = time.monotonic()

    @sa_event.listens_for(pool, "checkout")
    def _ping_if_idle(dbapi_connection: Any, record: Any, proxy: Any) -> None:
        checked_in_at = record.info.get(_CHECKED_IN_AT)
        if checked_in_at is not None and time.monotonic() - checked_in_at < bypass_s:
            return
        try:
            alive = dialect.do_ping(dbapi_connection)
        except Exception as exc:
            raise sa_exc.DisconnectionError(f"ping failed: {type(exc).__name__}") from exc
        if alive is False:
            raise sa_exc.DisconnectionError("ping failed")


class Database:
    """The engine(s) and session factory of one service.

    ``bind`` lets tests hand in one connection (inside an outer transaction)
    so that every session of the app joins it through savepoints.
    """

    def __init__(
        self,
        *,
        service: str,
        engine: AsyncEngine,
        read_engine: AsyncEngine | None = None,
        bind: AsyncConnection | None = None,
        on_events_committed: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self.service = service
        self.schema = service
        self.engine = engine
        self.read_engine = read_engine or engine
        self.on_events_committed = on_events_committed
        self._bind = bind
        kw: dict[str, Any] = {"expire_on_commit": False, "autoflush": False}
        if bind is not None:
            kw["join_transaction_mode"] = "create_savepoint"
        self._write = async_sessionmaker(bind=bind or engine, **kw)
        # Reads stay in a transaction (rolled back at the end). Autocommit would save the BEGIN and
        # ROLLBACK round trips (~100 us of CPU a read), but under the catalog's browse load it
        # doubled Postgres's CPU per request (make bench C1: 10 -> 21 ms, 86 -> 55 req/s).
        self._read = async_sessionmaker(bind=bind or self.read_engine, sync_session_class=_ReadSession, **kw)
        self._lean: dict[str, LeanPool] = {}

    def lean(self, *, write: bool = False) -> LeanPool | AsyncConnection:
        """Where a :class:`pf_common.lean.Statement` runs as its own transaction: a pool of
        autocommit connections (the read replica's when set, unless ``write``), created on first
        use; in tests, the one connection the app shares (``bind``)."""
        if self._bind is not None:
            return self._bind
        key = "write" if write or self.read_engine is self.engine else "read"
        pool = self._lean.get(key)
        if pool is None:
            engine = self.engine if key == "write" else self.read_engine
            pool = self._lean[key] = _lean_pool(engine, f"{self.service}-lean-{key}")
        return pool

    @classmethod
    def from_settings(cls, settings: ServiceSettings, **kw: Any) -> Database:
        engine = make_engine(
            settings.database_url.get_secret_value(),
            pool_size=settings.db_pool_size,
            max_overflow=settings.db_max_overflow,
            pool_recycle_s=settings.db_pool_recycle_s,
            statement_timeout_ms=settings.db_statement_timeout_ms,
            application_name=f"pf-{settings.service_name}",
        )
        read = None
        if settings.database_read_url is not None:
            read = make_engine(
                settings.database_read_url.get_secret_value(),
                pool_size=settings.db_pool_size,
                max_overflow=settings.db_max_overflow,
                application_name=f"pf-{settings.service_name}-read",
            )
        return cls(service=settings.service_name, engine=engine, read_engine=read, **kw)

    def _tag(self, session: AsyncSession) -> AsyncSession:
        session.info["pf_service"] = self.service
        session.info["pf_schema"] = self.schema
        return session

    def session(self, *, write: bool = True) -> AsyncSession:
        """A new session (caller owns it). Prefer ``transaction()``."""
        return self._tag((self._write if write else self._read)())

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """One unit of work: commit on success, roll back on error.

        No network call inside (``pf_common.iosafety``): the task holds a connection until the
        block exits."""
        with holding_connection(f"{self.service} transaction"):
            async with self.session() as session:
                try:
                    yield session
                    await session.commit()
                except BaseException:
                    await session.rollback()
                    raise
        await self._after_commit(session.info)

    @asynccontextmanager
    async def lean_transaction(self) -> AsyncIterator[LeanTransaction]:
        """One unit of work of :class:`pf_common.lean.Statement`s, without an ORM session: they
        and the events ``emit(tx, ...)`` writes commit together (ROLLBACK when the block raises).

        For a hot write whose statements are known up front (a producer's state change and its
        event; a consumer's effect): ``make bench`` P13's producer (a row and its event) costs
        2.1 ms of client CPU in an ORM session (its row a Core INSERT through it), 0.85 ms here.
        (Statements run in an ORM session go on its connection as here: ``pf_common.lean``; the
        session's own setup, commit and close, and its ORM statements, stay SQLAlchemy's.) On the
        write lean pool (``lean(write=True)``); in tests that share one connection, a savepoint
        of it. No network call inside, as ``transaction()``; after a commit that emitted, the
        relay is woken as after ``transaction()``."""
        with holding_connection(f"{self.service} lean transaction"):
            async with lean_transaction(self.lean(write=True)) as tx:
                tx.info["pf_service"] = self.service
                tx.info["pf_schema"] = self.schema
                yield tx
        await self._after_commit(tx.info)

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncSession]:
        """A read-only session: an INSERT, UPDATE, DELETE or flush raises ``ReadOnlyViolation``.
        No network call inside, as ``transaction()``.

        Its transaction ends with COMMIT, not ROLLBACK, when nothing is pending: it wrote nothing,
        so the two are the same to Postgres, but psycopg drops every prepared statement of the
        connection on a ROLLBACK (and sends ``DEALLOCATE ALL``: one more round trip, and the hot
        queries are parsed again). ORM objects read stay loaded after the block. A session with
        pending changes (never flushed: they would be refused) or an error rolls back.
        """
        with holding_connection(f"{self.service} read"):
            async with self.session(write=False) as session:
                try:
                    yield session
                except BaseException:
                    await session.rollback()
                    raise
                if session.new or session.dirty or session.deleted:
                    await session.rollback()
                else:
                    await session.commit()

    async def _after_commit(self, info: dict[str, Any]) -> None:
        if info.pop(EMITTED_FLAG, False) and self.on_events_committed is not None:
            try:
                await self.on_events_committed()
            except Exception as exc:  # a hint only: the relay polls too
                log.warning("db.wakeup.failed", error=str(exc))

    async def ping(self) -> None:
        try:
            if self._bind is not None:
                await self._bind.execute(text("SELECT 1"))
                return
            async with self.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
        except Exception as exc:
            raise DependencyError("database unavailable", details={"dependency": "postgres"}) from exc

    async def dispose(self) -> None:
        for pool in self._lean.values():
            await pool.close()
        self._lean.clear()
        await self.engine.dispose()
        if self.read_engine is not self.engine:
            await self.read_engine.dispose()


def is_database_unavailable(exc: BaseException) -> bool:
    """Postgres cannot serve now: refused or lost connection, pool exhausted, statement or lock
    timeout, serialization failure. Retryable: the API answers 503 ``DEPENDENCY_ERROR``."""
    if isinstance(exc, sa_exc.DBAPIError) and exc.connection_invalidated:
        return True
    # the lean path (pf_common.lean) raises the driver's and its pool's own errors
    return isinstance(
        exc,
        sa_exc.OperationalError
        | sa_exc.InterfaceError
        | sa_exc.TimeoutError
        | psycopg.OperationalError
        | psycopg.InterfaceError
        | PoolTimeout,
    )
