"""The lean path: one SQL statement, compiled once, run on a pooled autocommit connection.

A hot request that needs one statement (a read by key, a single INSERT with no event) pays for
much more than the statement through an ORM session: the session and its transaction state, the
SQLAlchemy pool checkout and reset, greenlet switches, BEGIN and COMMIT round trips, a cache key
per execution and the ORM's row processing. ``make bench`` measured a primary-key read at
~570 us of CPU through ``Database.read()`` and ~90 us on an autocommit psycopg connection.

:class:`Statement` compiles a SQLAlchemy Core statement ONCE (module level) to psycopg's SQL with
named parameters, and keeps each parameter's and each result column's type processing, so a
value reads and binds exactly as through the ORM (``UTCDateTime`` included). It runs on

* :class:`LeanPool` (``Database.lean``): autocommit connections of a psycopg pool, handed from
  one statement to the next without a trip through the pool (see the class), each statement
  prepared on a connection's first use and sent with libpq's calls (half the client CPU of
  ``conn.execute``; see ``_Wire``): the statement is its own transaction, so use
  it only where that is the unit of work: a read of one consistent snapshot (one statement is),
  or one write that emits no event (a state change and its events commit together: that is
  ``Database.transaction()``'s job);
* an ``AsyncSession`` or ``AsyncConnection``: the same statement inside a transaction already
  open (the read after a write, ``emit``'s outbox row, a consumer's inbox row; tests, whose app
  shares one connection in an outer transaction), sent on its connection with libpq's calls as
  on the lean pool (unprepared), not through SQLAlchemy (``_in_transaction``).

Rows are named tuples of the statement's column keys (``row.company_name``), built without the
ORM. A statement holds its connection only while Postgres runs it: no code of ours runs in
between, so no network call can happen inside (``pf_common.iosafety``).
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import re
import time
from collections import namedtuple
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from typing import Any, Final, NamedTuple, cast

import psycopg
from psycopg import abc as pg_abc
from psycopg import errors, pq
from psycopg.adapt import PyFormat, Transformer
from psycopg.rows import tuple_row
from psycopg_pool import AsyncConnectionPool, PoolTimeout
from sqlalchemy import bindparam
from sqlalchemy import exc as sa_exc
from sqlalchemy.dialects.postgresql.psycopg import dialect as psycopg_dialect
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.sql import ClauseElement, sqltypes
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.selectable import ReturnsRows

from pf_common.logging import get_logger

__all__ = [
    "Bound",
    "LeanPool",
    "LeanTransaction",
    "Source",
    "Statement",
    "column_params",
    "driver_url",
    "read_together",
    "transaction",
]

log = get_logger(__name__)

#: how long a statement waits for a connection of the lean pool before it is a 503: the pool
#: connects in the background, so with Postgres down a caller would otherwise wait the pool's whole
#: timeout; the ORM's pool fails as fast (it connects on checkout, with a 5 s connect timeout)
WAIT_S: float = 5.0

_DIALECT: Final = psycopg_dialect()  # type: ignore[no-untyped-call]
_Processor = Callable[[Any], Any] | None


class Statement:
    """A Core statement compiled once; ``await stmt.one(source, **params)`` runs it.

    ``params`` are the statement's ``bindparam`` names (a literal in the statement is bound at
    compile time). ``source`` is a :class:`LeanPool` or an open ``AsyncSession``/``AsyncConnection``.
    """

    __slots__ = (
        "_bind_processors",
        "_defaults",
        "_processed",
        "columns",
        "row_type",
        "sql",
    )

    def __init__(self, stmt: ClauseElement, *, name: str = "Row") -> None:
        compiled = cast("SQLCompiler", stmt.compile(dialect=_DIALECT))
        self.sql: str = compiled.string
        binds = compiled.binds
        expanding = sorted(key for key, bp in binds.items() if bp.expanding)
        if expanding:  # IN (:list) is rendered per call by SQLAlchemy: use = ANY(:array) here
            raise ValueError(f"expanding parameters are not supported: {expanding} (use = ANY())")
        self._defaults: dict[str, Any] = {
            key: bp.effective_value for key, bp in binds.items() if not bp.required and bp.callable is None
        }
        self._bind_processors: dict[str, _Processor] = {
            key: bp.type._cached_bind_processor(_DIALECT) for key, bp in binds.items()
        }
        self._bind_processors = {k: p for k, p in self._bind_processors.items() if p is not None}
        # a SELECT's columns, or an INSERT/UPDATE/DELETE's RETURNING (none: no rows)
        columns: Sequence[Any] = tuple(stmt.exported_columns) if isinstance(stmt, ReturnsRows) else ()
        self.columns: tuple[str, ...] = tuple(c.key for c in columns)
        if len(set(self.columns)) != len(self.columns):
            raise ValueError(f"duplicate column keys in {self.columns}: label them")
        result_processors: tuple[_Processor, ...] = tuple(
            c.type._cached_result_processor(_DIALECT, _db_type_of(c.type)) for c in columns
        )
        # the columns that have a processing step, by position (a store view: 7 of 49)
        self._processed: tuple[tuple[int, Callable[[Any], Any]], ...] = tuple(
            (at, process) for at, process in enumerate(result_processors) if process is not None
        )
        self.row_type: Any = namedtuple(name, self.columns)  # type: ignore[misc]  # a name per statement

    def _params(self, params: Mapping[str, Any]) -> dict[str, Any]:
        bound = {**self._defaults, **params}
        for key, process in self._bind_processors.items():
            if key in bound and process is not None:
                bound[key] = process(bound[key])
        return bound

    def _row(self, raw: Sequence[Any]) -> Any:
        processed = self._processed
        if not processed:
            return self.row_type._make(raw)
        values = list(raw)
        for at, process in processed:
            value = values[at]
            if value is not None:
                values[at] = process(value)
        return self.row_type._make(values)

    def bind(self, **params: Any) -> Bound:
        """This statement with its parameters, for :func:`read_together`."""
        return Bound(self, self._params(params))

    async def all(self, source: Source, **params: Any) -> list[Any]:
        (rows,) = await read_together(source, self.bind(**params))
        return rows

    async def one_or_none(self, source: Source, **params: Any) -> Any:
        (rows,) = await read_together(source, self.bind(**params))
        if len(rows) > 1:
            raise ValueError(f"expected at most one row, got {len(rows)}")
        return rows[0] if rows else None

    async def execute(self, source: Source, **params: Any) -> int:
        """Run a statement that returns no rows; the number of rows it matched."""
        if isinstance(source, LeanPool | LeanTransaction):
            return await source.execute(self.sql, self._params(params))
        conn = source if isinstance(source, AsyncConnection) else await source.connection()
        bound = self._params(params)
        ran = await _in_transaction(conn, self.sql, bound)
        if ran is not None:
            return ran[0].command_tuples or 0
        return await _sqlalchemy_rowcount(conn, self.sql, bound)


class Bound(NamedTuple):
    statement: Statement
    params: dict[str, Any]


def column_params(table: Any, columns: Sequence[str]) -> dict[str, Any]:
    """``{column: bindparam(column)}`` for each of ``columns``, typed as ``table``'s: the values of
    an INSERT or UPDATE whose parameters are named after its columns."""
    return {c: bindparam(c, type_=table.c[c].type) for c in columns}


async def read_together(source: Source, *bound: Bound) -> list[list[Any]]:
    """Each statement's rows. On the lean pool several statements share one connection and one
    round trip (a pipeline), each its own snapshot; in an open transaction they run in turn."""
    if isinstance(source, LeanPool | LeanTransaction):
        raw = await source.fetch([(b.statement.sql, b.params) for b in bound])
    else:
        conn = source if isinstance(source, AsyncConnection) else await source.connection()
        raw = []
        for b in bound:
            ran = await _in_transaction(conn, b.statement.sql, b.params)
            raw.append(
                _rows_of(*ran) if ran is not None else await _sqlalchemy_rows(conn, b.statement.sql, b.params)
            )
    return [[b.statement._row(r) for r in rows] for b, rows in zip(bound, raw, strict=True)]


def _transaction_wire(conn: AsyncConnection) -> _Wire | None:
    """The wire of the psycopg connection under ``conn`` when SQLAlchemy has a transaction open on
    it, else None (see :func:`_in_transaction`)."""
    sync = conn.sync_connection
    if sync is None or sync.invalidated or sync.closed or not sync.in_transaction():
        return None
    raw = sync.connection.driver_connection
    if not isinstance(raw, psycopg.AsyncConnection) or raw.autocommit:
        return None
    return _wire(raw, prepare=False)


def _begin_command(conn: psycopg.AsyncConnection[Any]) -> str:
    """The BEGIN psycopg sends before a transaction's first statement: with the connection's
    isolation level and access mode, when it has its own (a test holds the two equal)."""
    parts = ["BEGIN"]
    if conn.isolation_level is not None:
        parts += ["ISOLATION LEVEL", psycopg.IsolationLevel(conn.isolation_level).name.replace("_", " ")]
    if conn.read_only is not None:
        parts.append("READ ONLY" if conn.read_only else "READ WRITE")
    if conn.deferrable is not None:
        parts.append("DEFERRABLE" if conn.deferrable else "NOT DEFERRABLE")
    return " ".join(parts)


async def _in_transaction(
    conn: AsyncConnection, sql: str, params: Mapping[str, Any]
) -> tuple[pq.abc.PGresult, pg_abc.Transformer] | None:
    """Run a statement in the transaction open on ``conn`` (an ORM session's, or the one the
    tests share) on its psycopg connection with libpq's calls, as on a lean connection; None
    where it cannot go that way (the caller then runs it through SQLAlchemy).

    In an ORM transaction SQLAlchemy's and psycopg's execution machinery costs more than the
    statement: an ``emit`` in a producer's transaction ~200 us of CPU, and a transaction whose
    first statement is a Statement (a consumer's inbox row) ~340 us (1,190 -> 850 us in process).
    The transaction is the session's: when psycopg has not begun it yet (it sends BEGIN before the
    first statement), psycopg's BEGIN is sent here, and psycopg commits or rolls back as usual (it
    reads the transaction's state from the connection). Sent unprepared: psycopg
    prepares SQLAlchemy's statements itself and drops every prepared statement of the connection
    on a ROLLBACK (``DEALLOCATE ALL``), ours included. Under psycopg's lock of the connection, which
    tests may share between tasks. A driver error is raised as SQLAlchemy raises it (an
    ``IntegrityError`` is ``sqlalchemy.exc.IntegrityError``, its ``orig`` psycopg's).
    """
    wire = _transaction_wire(conn)
    if wire is None:
        return None
    try:
        async with wire.lock:
            status = wire.transaction_status
            if status == pq.TransactionStatus.IDLE:
                await wire.run(_begin_command(wire.connection), {})
            elif status != pq.TransactionStatus.INTRANS:  # a failed transaction: SQLAlchemy says so
                return None
            return await wire.run(sql, params)
    except psycopg.Error as exc:
        raise sa_exc.DBAPIError.instance(sql, dict(params), exc, psycopg.Error, dialect=_DIALECT) from exc


async def _sqlalchemy_rows(
    conn: AsyncConnection, sql: str, params: Mapping[str, Any]
) -> list[tuple[Any, ...]]:
    result = await conn.exec_driver_sql(sql, dict(params))
    return [tuple(r) for r in result.all()] if result.returns_rows else []


async def _sqlalchemy_rowcount(conn: AsyncConnection, sql: str, params: Mapping[str, Any]) -> int:
    return int((await conn.exec_driver_sql(sql, dict(params))).rowcount)


# The result processing of a numeric column depends on the type Postgres sends (SQLAlchemy reads it
# from the cursor): a Float is float8 here, any other Numeric numeric (both as psycopg decodes them).
_FLOAT8_OID: Final = 701
_NUMERIC_OID: Final = 1700


def _db_type_of(sa_type: Any) -> int | None:
    if isinstance(sa_type, sqltypes.Float):
        return _FLOAT8_OID
    return _NUMERIC_OID if isinstance(sa_type, sqltypes.Numeric) else None


def driver_url(sqlalchemy_url: str) -> str:
    """The libpq URL of a SQLAlchemy ``postgresql+psycopg://`` URL."""
    scheme, sep, rest = sqlalchemy_url.partition("://")
    return f"{scheme.split('+', 1)[0]}{sep}{rest}"


_Waiter = asyncio.Future["psycopg.AsyncConnection[Any] | None"]


class LeanPool:
    """A pool of autocommit psycopg connections for :class:`Statement` (``Database.lean``).

    Opened on first use. A statement that fails because its connection broke (Postgres restarted,
    an idle connection dropped) is retried once when it is a read, after the pool has discarded
    the broken one and checked the others (a write is not: it may have been applied). Anything
    else propagates: an ``OperationalError`` or a ``PoolTimeout`` is 503 like any database outage
    (``pf_common.db.is_database_unavailable``).

    A healthy connection a statement is done with does not go back through the pool: it goes to
    the first caller waiting for one, else onto a stack of hot connections whose top (the most
    recently used) the next statement takes; no pool lock, checks or waiting-queue bookkeeping
    (``getconn`` + ``putconn`` cost ~45 us of CPU a statement in a request, ~200 us behind a pool
    with callers waiting). The psycopg pool still makes, checks and retires the connections: the
    ones out of it (hot or in use) are at most ``max_size``, and a caller finding none free and
    ``max_size`` out waits for a hand-over (``PoolTimeout`` after the pool's timeout, as before);
    a connection goes back to the pool when it is not idle and healthy (the pool discards it),
    when it has been out of it for ``HOT_S`` (so its lifetime and idle policies apply, at most
    ``HOT_S`` late), and when the pool is checked or closed.
    """

    #: the longest a connection stays out of the pool between two of its trips through it
    HOT_S: Final = 30.0

    def __init__(
        self, url: str, *, max_size: int, options: str, name: str, timeout_s: float | None = None
    ) -> None:
        self.name = name
        self._max_size = max(1, max_size)
        self._timeout_s = WAIT_S if timeout_s is None else timeout_s
        self._pool = AsyncConnectionPool(
            driver_url(url),
            min_size=1,
            max_size=self._max_size,
            kwargs={"autocommit": True, "options": options, "connect_timeout": 5, "row_factory": tuple_row},
            timeout=self._timeout_s,
            max_idle=300.0,
            open=False,
            name=name,
        )
        self._opened = False
        self._opening: asyncio.Lock | None = None
        self._out = 0  # connections the pool handed to us: hot or in use
        self._hot: list[psycopg.AsyncConnection[Any]] = []  # idle, out of the pool; top = newest
        # callers waiting for a connection of ours (all max_size out): a connection, or None when
        # one went back to the pool (ask the pool)
        self._waiters: collections.deque[_Waiter] = collections.deque()

    async def _ensure_open(self) -> None:
        if self._opened:
            return
        if self._opening is None:
            self._opening = asyncio.Lock()
        async with self._opening:
            if not self._opened:
                await self._pool.open(wait=False)
                self._opened = True

    async def fetch(self, batch: Sequence[tuple[str, Mapping[str, Any]]]) -> list[list[tuple[Any, ...]]]:
        """The rows of each statement of ``batch`` (none for a statement that returns none), on one
        connection: one statement plainly, several in a pipeline (one round trip)."""
        await self._ensure_open()
        reads = all(sql.lstrip()[:6].upper() == "SELECT" for sql, _ in batch)
        for attempt in (1, 2):
            try:
                conn = await self._take()
                try:
                    if len(batch) == 1:
                        return [_rows_of(*await _wire(conn).run(*batch[0]))]
                    async with conn.pipeline():
                        cursors = [await conn.execute(sql, params) for sql, params in batch]
                    return [await _rows(cur) for cur in cursors]
                finally:
                    await self._give_back(conn)
            except psycopg.OperationalError as exc:
                if attempt == 2 or not reads or not _connection_lost(exc):
                    raise
                log.warning("db.lean.retry", pool=self.name, error=type(exc).__name__)
                await self._return_hot()  # the other idle connections died with it (a restart):
                await self._pool.check()  # the pool checks them all
        raise AssertionError("unreachable")  # pragma: no cover

    async def execute(self, sql: str, params: Mapping[str, Any]) -> int:
        await self._ensure_open()
        conn = await self._take()
        try:
            result, _ = await _wire(conn).run(sql, params)
            return result.command_tuples or 0
        finally:
            await self._give_back(conn)

    async def _take(self) -> psycopg.AsyncConnection[Any]:
        while True:
            if self._hot:
                return self._hot.pop()
            if self._out < self._max_size:
                # getconn/putconn, not ``connection()``: its ``async with conn`` would COMMIT an
                # autocommit connection (a lock and a wait for nothing)
                self._out += 1
                try:
                    conn = await self._pool.getconn()
                except BaseException:
                    self._out -= 1
                    raise
                _wire(conn).out_since = time.monotonic()
                return conn
            handed = await self._wait_for_hand_over()
            if handed is not None:
                return handed

    async def _wait_for_hand_over(self) -> psycopg.AsyncConnection[Any] | None:
        waiter: _Waiter = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            async with asyncio.timeout(self._timeout_s):
                return await waiter
        except BaseException as exc:
            # cancelled (or timed out) just after a connection was handed over: pass it on
            if waiter.done() and not waiter.cancelled() and (conn := waiter.result()) is not None:
                self._hand_over(conn)
            if isinstance(exc, TimeoutError):
                raise PoolTimeout(f"no connection of {self.name!r} within {self._timeout_s:g} s") from None
            raise
        finally:
            if waiter in self._waiters:
                self._waiters.remove(waiter)

    def _wake(self, conn: psycopg.AsyncConnection[Any] | None) -> bool:
        """Give ``conn`` (None: "ask the pool") to the first caller still waiting; False: none."""
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(conn)
                return True
        return False

    def _hand_over(self, conn: psycopg.AsyncConnection[Any]) -> None:
        """To the first caller waiting for a connection, else onto the hot stack."""
        if not self._wake(conn):
            self._hot.append(conn)

    async def _give_back(self, conn: psycopg.AsyncConnection[Any]) -> None:
        """Handed over when it is idle and healthy and has not been out ``HOT_S``, else back to the
        pool; and the bottom of the hot stack to the pool once it has been out ``HOT_S``."""
        now = time.monotonic()
        pgconn = conn.pgconn
        if (
            self._opened
            and pgconn.status == pq.ConnStatus.OK
            and pgconn.transaction_status == pq.TransactionStatus.IDLE  # not ACTIVE: cancelled mid-statement
            and now - _wire(conn).out_since < self.HOT_S
        ):
            self._hand_over(conn)
        else:
            await self._release(conn)
        if self._hot and now - _wire(self._hot[0]).out_since >= self.HOT_S:
            await self._release(self._hot.pop(0))  # unused for a while: the pool may retire it

    async def _release(self, conn: psycopg.AsyncConnection[Any]) -> None:
        """Back to the pool; then a caller waiting for a connection of ours asks the pool."""
        self._out -= 1
        await self._pool.putconn(conn)
        self._wake(None)

    async def _return_hot(self) -> None:
        while self._hot:
            await self._release(self._hot.pop())

    @contextlib.asynccontextmanager
    async def hold(self) -> AsyncIterator[psycopg.AsyncConnection[Any]]:
        """One of the pool's connections for statements of the caller's own (maintenance, tests),
        handed back as a statement's is."""
        await self._ensure_open()
        conn = await self._take()
        try:
            yield conn
        finally:
            await self._give_back(conn)

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[LeanTransaction]:
        """Statements in one transaction on one of the pool's connections: BEGIN, the statements,
        COMMIT (ROLLBACK when the block raises). For a unit of work of several statements that needs
        no ORM (the outbox relay's claim, publish and mark); the connection is held until the block
        exits, so what runs in between is the caller's to keep short."""
        async with self.hold() as conn, conn.transaction():
            yield LeanTransaction(conn)

    async def close(self) -> None:
        if self._opened:
            self._opened = False
            await self._return_hot()
            await self._pool.close()
            while self._wake(None):  # they ask the closed pool: PoolClosed
                pass


class LeanTransaction:
    """An open transaction on a lean connection (:meth:`LeanPool.transaction`): its statements run
    in turn, each sent as the pool's statements are (prepared, libpq's calls). Made by
    :func:`transaction` on the connection tests share (``Database.bind``), it is a savepoint of that
    connection and its statements run through it (``shared``).

    ``info`` is what its users note on it, as on an ``AsyncSession`` (``Database.lean_transaction``:
    the service's schema, and whether ``emit`` wrote an event)."""

    __slots__ = ("_conn", "_shared", "info")

    def __init__(
        self, conn: psycopg.AsyncConnection[Any] | None, *, shared: AsyncConnection | None = None
    ) -> None:
        self._conn = conn
        self._shared = shared
        self.info: dict[str, Any] = {}

    async def fetch(self, batch: Sequence[tuple[str, Mapping[str, Any]]]) -> list[list[tuple[Any, ...]]]:
        if self._conn is None:
            assert self._shared is not None
            return [await _sqlalchemy_rows(self._shared, sql, params) for sql, params in batch]
        wire = _wire(self._conn)
        return [_rows_of(*await wire.run(sql, params)) for sql, params in batch]

    async def execute(self, sql: str, params: Mapping[str, Any]) -> int:
        if self._conn is None:
            assert self._shared is not None
            return await _sqlalchemy_rowcount(self._shared, sql, params)
        result, _ = await _wire(self._conn).run(sql, params)
        return result.command_tuples or 0


@contextlib.asynccontextmanager
async def transaction(source: LeanPool | AsyncConnection) -> AsyncIterator[LeanTransaction]:
    """One transaction for several statements on ``Database.lean(write=True)``: on the lean pool
    :meth:`LeanPool.transaction`; on the connection tests share (``bind``), a savepoint of it."""
    if isinstance(source, LeanPool):
        async with source.transaction() as tx:
            yield tx
    else:
        async with source.begin_nested():
            yield LeanTransaction(None, shared=source)


#: where a Statement runs: the lean pool (its own transaction), a lean transaction, or a
#: transaction of the ORM already open
Source = LeanPool | LeanTransaction | AsyncSession | AsyncConnection


async def _rows(cur: psycopg.AsyncCursor[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    # the result's status, not ``cur.description``: that builds a Column object per column
    result = cur.pgresult
    return await cur.fetchall() if result is not None and result.status == pq.ExecStatus.TUPLES_OK else []


# --- one statement on the wire ----------------------------------------------------------------
#
# ``conn.execute`` costs ~200 us of client CPU for a one-row read on a 2-core runner (a cursor,
# its Transformer, the query's conversion, psycopg's prepare bookkeeping and generator-driven
# waits); the same prepared statement sent with libpq's calls directly and its row loaded by the
# connection's own Transformer (the same loaders: values read exactly as through ``execute``)
# costs ~110 us. A pooled lean connection serves one statement at a time, so its state lives here.

_PLACEHOLDER_RE: Final = re.compile(r"%\(([^)]+)\)s|%%")
_MAX_PREPARED: Final = 256  # statements prepared per connection; beyond, sent unprepared
# a prepared statement that can no longer run as prepared (DDL changed its result type; a
# DISCARD/DEALLOCATE dropped it): nothing ran, so it is prepared afresh and run once more
_STALE_PLAN: Final = frozenset({"0A000", "26000"})


_TUPLE: Final = tuple_row(cast("Any", None))  # psycopg's row maker of tuple rows: ``tuple``


class _Query(NamedTuple):
    sql: bytes  # positional ($1) placeholders
    names: tuple[str, ...]  # the parameter of each position


_QUERIES: dict[str, _Query] = {}


def _query(sql: str) -> _Query:
    """``sql`` (psycopg's named ``%(name)s`` placeholders, ``%%`` a literal ``%``) in libpq's form,
    converted once per statement text."""
    query = _QUERIES.get(sql)
    if query is None:
        names: list[str] = []

        def positional(match: re.Match[str]) -> str:
            name = match.group(1)
            if name is None:
                return "%"
            if name not in names:
                names.append(name)
            return f"${names.index(name) + 1}"

        query = _QUERIES[sql] = _Query(_PLACEHOLDER_RE.sub(positional, sql).encode(), tuple(names))
    return query


class _Wire:
    """A lean connection's fast path: its prepared statements and one Transformer (dumpers and
    loaders of the connection's adapters, as ``conn.execute`` would use)."""

    __slots__ = ("_conn", "_names", "_pgconn", "_prepare", "_prepared", "_tx", "out_since")

    def __init__(self, conn: psycopg.AsyncConnection[Any], *, prepare: bool = True) -> None:
        self._conn = conn
        self._prepare = prepare  # False: every statement sent unprepared (an ORM connection's)
        self._pgconn = conn.pgconn
        self._tx: pg_abc.Transformer = Transformer(conn)
        self._prepared: dict[tuple[bytes, tuple[int, ...]], bytes] = {}
        self._names = 0  # prepared statement names taken on this connection
        self.out_since = 0.0  # when the pool last handed the connection to LeanPool

    @property
    def lock(self) -> asyncio.Lock:
        """psycopg's lock of the connection (its own operations hold it)."""
        return self._conn.lock

    @property
    def connection(self) -> psycopg.AsyncConnection[Any]:
        return self._conn

    @property
    def transaction_status(self) -> pq.TransactionStatus:
        return pq.TransactionStatus(self._pgconn.transaction_status)

    async def run(self, sql: str, params: Mapping[str, Any]) -> tuple[pq.abc.PGresult, pg_abc.Transformer]:
        """Run one statement; its result (TUPLES_OK or COMMAND_OK) and the Transformer to load it.

        A server error raises the ``psycopg.errors`` class of its SQLSTATE (the connection stays
        usable); a broken connection raises ``OperationalError`` (the pool then discards it). A
        caller cancelled while Postgres runs the statement leaves the connection ACTIVE, which
        the pool closes instead of reusing.
        """
        query = _query(sql)
        values = [params[name] for name in query.names]
        tx = self._tx
        dumped = tx.dump_sequence(values, [PyFormat.AUTO] * len(values))
        types = cast("tuple[int, ...]", tx.types)  # set by dump_sequence
        key = (query.sql, types)
        for attempt in (1, 2):
            name = self._prepared.get(key)
            if name is None and self._prepare and len(self._prepared) < _MAX_PREPARED:
                self._names += 1
                name = b"_pf_lean_%d" % self._names
                self._pgconn.send_prepare(name, query.sql, param_types=types)
                await self._result()
                self._prepared[key] = name
            if name is None:
                self._pgconn.send_query_params(query.sql, dumped, param_types=types, param_formats=tx.formats)
            else:
                self._pgconn.send_query_prepared(name, dumped, param_formats=tx.formats)
            try:
                return await self._result(), tx
            except psycopg.Error as exc:
                if attempt == 2 or name is None or exc.sqlstate not in _STALE_PLAN:
                    raise
                del self._prepared[key]  # prepared afresh, under a new name
        raise AssertionError("unreachable")  # pragma: no cover

    async def _result(self) -> pq.abc.PGresult:
        """Flush what was sent, then read until the statement's last result (one statement: one
        result, then none); raise its error."""
        pgconn = self._pgconn
        while pgconn.flush():
            await self._ready(writable=True)
        result: pq.abc.PGresult | None = None
        while True:
            pgconn.consume_input()
            while not pgconn.is_busy():
                item = pgconn.get_result()
                if item is None:
                    if result is None:  # pragma: no cover  # libpq always sends one result
                        raise errors.InternalError("no result from the server")
                    if result.status == pq.ExecStatus.FATAL_ERROR:
                        raise errors.error_from_result(result, encoding=self._conn.info.encoding)
                    return result
                if result is None or result.status != pq.ExecStatus.FATAL_ERROR:
                    result = item
            await self._ready(writable=False)

    async def _ready(self, *, writable: bool) -> None:
        loop = asyncio.get_running_loop()
        fd = self._pgconn.socket
        ready = loop.create_future()
        (loop.add_writer if writable else loop.add_reader)(fd, _set_done, ready)
        try:
            await ready
        finally:
            (loop.remove_writer if writable else loop.remove_reader)(fd)


def _set_done(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


def _wire(conn: psycopg.AsyncConnection[Any], *, prepare: bool = True) -> _Wire:
    """``conn``'s wire, made on first use (a connection is the lean pool's, whose statements are
    prepared, or SQLAlchemy's, whose are not: ``prepare`` is the same at every call for it)."""
    wire: _Wire | None = getattr(conn, "_pf_wire", None)
    if wire is None:
        wire = conn._pf_wire = _Wire(conn, prepare=prepare)  # type: ignore[attr-defined]
    return wire


def _rows_of(result: pq.abc.PGresult, tx: pg_abc.Transformer) -> list[tuple[Any, ...]]:
    if result.status != pq.ExecStatus.TUPLES_OK:
        return []
    tx.set_pgresult(result)
    return tx.load_rows(0, result.ntuples, _TUPLE)


def _connection_lost(exc: psycopg.OperationalError) -> bool:
    """The statement failed because its connection is gone, not because of what it asked."""
    return exc.sqlstate is None or exc.sqlstate.startswith(("08", "57P"))
