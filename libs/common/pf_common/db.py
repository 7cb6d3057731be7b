"""Async SQLAlchemy 2 + psycopg 3: engine, sessions, schema-scoped metadata.

One request, message or job is one transaction, opened at the edge:

* ``WriteSession`` (the FastAPI dependency of :mod:`pf_common.db_http`) commits
  when the route returns and rolls back on error; ``ReadSession`` never commits.
* ``Database.transaction()`` does the same for consumers and jobs.

Domain code only ``flush()``es, on the ``AsyncSession`` it is handed; it imports
this module (``make_metadata``, ``Database`` for a job's own transaction), which
has no FastAPI. After a commit that wrote outbox rows the
database calls ``on_events_committed`` (the relay wake-up signal), which is a
hint only: the relay also polls.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import MetaData, text
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from pf_common.errors import DependencyError
from pf_common.iosafety import holding_connection
from pf_common.logging import get_logger

log = get_logger(__name__)

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

EMITTED_FLAG = "pf_emitted"


def make_metadata(schema: str) -> MetaData:
    """Metadata bound to one service schema, with the constraint naming convention."""
    return MetaData(schema=schema, naming_convention=NAMING_CONVENTION)


def make_engine(
    url: str,
    *,
    pool_size: int = 5,
    max_overflow: int = 5,
    pool_recycle_s: int = 3600,
    statement_timeout_ms: int | None = 15_000,
    application_name: str = "pf",
) -> AsyncEngine:
    options = f"-c application_name={application_name}"
    if statement_timeout_ms:
        options += f" -c statement_timeout={statement_timeout_ms}"
    return create_async_engine(
        url,
        pool_size=pool_size,
        max_overflow=max_overflow,
        pool_recycle=pool_recycle_s,
        pool_pre_ping=True,
        connect_args={"options": options, "connect_timeout": 5},
    )


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
        self._read = async_sessionmaker(bind=bind or self.read_engine, **kw)

    @classmethod
    def from_settings(cls, settings: Any, **kw: Any) -> Database:
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
        await self._after_commit(session)

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncSession]:
        """A read-only session (never commits); no network call inside, as ``transaction()``."""
        with holding_connection(f"{self.service} read"):
            async with self.session(write=False) as session:
                try:
                    yield session
                finally:
                    await session.rollback()

    async def _after_commit(self, session: AsyncSession) -> None:
        if session.info.pop(EMITTED_FLAG, False) and self.on_events_committed is not None:
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
        await self.engine.dispose()
        if self.read_engine is not self.engine:
            await self.read_engine.dispose()


def is_database_unavailable(exc: BaseException) -> bool:
    """Postgres cannot serve now: refused or lost connection, pool exhausted, statement or lock
    timeout, serialization failure. Retryable: the API answers 503 ``DEPENDENCY_ERROR``."""
    from sqlalchemy import exc as sa_exc

    if isinstance(exc, sa_exc.DBAPIError) and exc.connection_invalidated:
        return True
    return isinstance(exc, sa_exc.OperationalError | sa_exc.InterfaceError | sa_exc.TimeoutError)
