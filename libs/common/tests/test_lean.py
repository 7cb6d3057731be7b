"""pf_common.lean: a statement compiled once reads and binds as the ORM does, runs as its own
transaction on the lean pool (or inside one already open), survives a lost connection on a read,
and its failures are the 503 of any database outage."""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import psycopg
import pytest
import sqlalchemy as sa
from psycopg_pool import PoolTimeout
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlmodel.sql.sqltypes import UTCDateTime

from pf_common.db import Database, is_database_unavailable, make_engine
from pf_common.lean import LeanPool, LeanTransaction, Statement, driver_url, read_together, transaction

md = sa.MetaData()
items = sa.Table(
    "lean_items",
    md,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("price_cents", sa.BigInteger, nullable=False),
    sa.Column("meta", JSONB),
    sa.Column("tags", ARRAY(sa.Text)),
    sa.Column("at", UTCDateTime),
    sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
)

BY_ID = Statement(sa.select(items).where(items.c.id == sa.bindparam("id")), name="Item")
BY_ONE = Statement(sa.select(sa.literal(1).label("one")))
CHEAPER_THAN = Statement(
    sa.select(items.c.id, items.c.price_cents)
    .where(items.c.price_cents < sa.bindparam("max_cents"))
    .order_by(items.c.price_cents),
)
INSERT = Statement(
    sa.insert(items)
    .values(
        id=sa.bindparam("id"),
        name=sa.bindparam("name"),
        price_cents=sa.bindparam("price_cents"),
        meta=sa.bindparam("meta"),
        tags=sa.bindparam("tags"),
        at=sa.bindparam("at"),
    )
    .returning(items.c.id, items.c.created_at)
)
RENAME = Statement(sa.update(items).where(items.c.id == sa.bindparam("id")).values(name=sa.bindparam("name")))


@pytest.fixture
async def db(fresh_database: Callable[[str], str]) -> AsyncIterator[Database]:
    engine = make_engine(fresh_database(f"lean_{uuid.uuid4().hex[:10]}"), pool_size=2, max_overflow=0)
    async with engine.begin() as conn:
        await conn.run_sync(md.create_all)
    database = Database(service="leantest", engine=engine)
    yield database
    await database.dispose()


async def _insert(source: Any, **values: Any) -> Any:
    row = {
        "id": uuid.uuid4(),
        "name": "Blue Dream",
        "price_cents": 1250,
        "meta": None,
        "tags": None,
        "at": None,
    }
    row.update(values)
    return await INSERT.one_or_none(source, **row)


async def test_a_row_reads_and_binds_as_through_the_orm(db: Database) -> None:
    at = datetime(2026, 3, 1, 12, 0, tzinfo=timezone(timedelta(hours=-5)))
    made = await _insert(db.lean(write=True), meta={"thc": [21.5, "%"]}, tags=["indica", "flower"], at=at)
    assert made._fields == ("id", "created_at")

    row = await BY_ID.one_or_none(db.lean(), id=made.id)
    assert type(row).__name__ == "Item"
    assert row.name == "Blue Dream" and row.price_cents == 1250
    assert row.meta == {"thc": [21.5, "%"]} and row.tags == ["indica", "flower"]
    assert row.at == at and row.at.tzinfo is UTC  # UTCDateTime's processing: read back in UTC
    assert row.created_at == made.created_at

    async with db.read() as session:
        orm = (await session.execute(sa.select(items).where(items.c.id == made.id))).one()
    assert tuple(row) == tuple(orm)


async def test_a_naive_datetime_is_refused_as_the_orm_refuses_it(db: Database) -> None:
    with pytest.raises(ValueError, match="timezone"):
        await _insert(db.lean(write=True), at=datetime(2026, 3, 1, 12, 0))


async def test_many_rows_none_and_too_many(db: Database) -> None:
    for cents in (300, 100, 200, 900):
        await _insert(db.lean(write=True), price_cents=cents)
    rows = await CHEAPER_THAN.all(db.lean(), max_cents=500)
    assert [r.price_cents for r in rows] == [100, 200, 300]
    assert await BY_ID.one_or_none(db.lean(), id=uuid.uuid4()) is None
    with pytest.raises(ValueError, match="at most one row"):
        await CHEAPER_THAN.one_or_none(db.lean(), max_cents=500)


async def test_each_statement_commits_on_its_own(db: Database) -> None:
    made = await _insert(db.lean(write=True))
    assert await RENAME.execute(db.lean(write=True), id=made.id, name="Sour Diesel") == 1
    assert await RENAME.execute(db.lean(write=True), id=uuid.uuid4(), name="nobody") == 0
    async with db.engine.connect() as conn:  # another connection sees it: committed
        name = (await conn.execute(sa.select(items.c.name).where(items.c.id == made.id))).scalar_one()
    assert name == "Sour Diesel"


async def test_inside_an_open_transaction_it_sees_and_shares_its_writes(db: Database) -> None:
    item_id = uuid.uuid4()
    with pytest.raises(RuntimeError, match="abort"):
        async with db.transaction() as session:
            await _insert(session, id=item_id)
            assert await RENAME.execute(session, id=item_id, name="Gelato") == 1
            row = await BY_ID.one_or_none(session, id=item_id)
            assert row is not None and row.name == "Gelato"
            assert await BY_ID.one_or_none(db.lean(), id=item_id) is None  # not committed yet
            raise RuntimeError("abort")
    assert await BY_ID.one_or_none(db.lean(), id=item_id) is None  # rolled back with it


async def test_a_lean_transaction_commits_its_statements_together_or_none(db: Database) -> None:
    kept, dropped = uuid.uuid4(), uuid.uuid4()
    async with transaction(db.lean(write=True)) as tx:
        assert isinstance(tx, LeanTransaction)
        await _insert(tx, id=kept)
        assert await RENAME.execute(tx, id=kept, name="Gelato") == 1
        assert (await BY_ID.one_or_none(tx, id=kept)).name == "Gelato"  # its own writes
        assert await BY_ID.one_or_none(db.lean(), id=kept) is None  # not committed yet
    assert (await BY_ID.one_or_none(db.lean(), id=kept)).name == "Gelato"

    with pytest.raises(RuntimeError, match="abort"):
        async with transaction(db.lean(write=True)) as tx:
            await _insert(tx, id=dropped)
            raise RuntimeError("abort")
    assert await BY_ID.one_or_none(db.lean(), id=dropped) is None  # rolled back
    # and its connection serves the next statement (idle again, not left in the transaction)
    assert (await BY_ONE.one_or_none(db.lean(write=True))).one == 1


async def test_a_lean_transaction_holds_its_row_locks_until_it_ends(db: Database) -> None:
    made = await _insert(db.lean(write=True))
    lock = Statement(sa.select(items.c.id).where(items.c.id == sa.bindparam("id")).with_for_update())
    unlocked = sa.select(items.c.id).where(items.c.id == made.id).with_for_update(skip_locked=True)

    async def seen_by_another_transaction() -> list[Any]:
        async with db.engine.begin() as other:
            return list((await other.execute(unlocked)).scalars())

    async with transaction(db.lean(write=True)) as tx:
        assert [r.id for r in await lock.all(tx, id=made.id)] == [made.id]
        assert await seen_by_another_transaction() == []  # locked: skipped
    assert await seen_by_another_transaction() == [made.id]


async def test_a_lean_transaction_on_the_connection_tests_share_is_a_savepoint(db: Database) -> None:
    async with db.engine.connect() as conn:
        await conn.begin()
        bound = Database(service="leantest", engine=db.engine, bind=conn)
        kept, dropped = uuid.uuid4(), uuid.uuid4()
        async with transaction(bound.lean(write=True)) as tx:
            assert isinstance(tx, LeanTransaction)  # the type every lean transaction has
            await _insert(tx, id=kept)
            assert (await BY_ID.one_or_none(conn, id=kept)).name == "Blue Dream"  # on the shared connection
        with pytest.raises(RuntimeError, match="abort"):
            async with transaction(bound.lean(write=True)) as tx:
                await _insert(tx, id=dropped)
                raise RuntimeError("abort")
        assert await BY_ID.one_or_none(conn, id=kept) is not None
        assert await BY_ID.one_or_none(conn, id=dropped) is None
        await conn.rollback()


async def test_a_database_bound_to_one_connection_runs_there(db: Database) -> None:
    async with db.engine.connect() as conn:
        await conn.begin()
        bound = Database(service="leantest", engine=db.engine, bind=conn)
        assert bound.lean() is conn and bound.lean(write=True) is conn
        made = await _insert(bound.lean(write=True))
        assert (await BY_ID.one_or_none(bound.lean(), id=made.id)).name == "Blue Dream"
        await conn.rollback()
    assert await BY_ID.one_or_none(db.lean(), id=made.id) is None


async def test_a_read_replica_gets_its_own_pool_and_writes_stay_on_the_primary(
    fresh_database: Callable[[str], str],
) -> None:
    url = fresh_database(f"lean_{uuid.uuid4().hex[:10]}")
    primary, replica = make_engine(url, application_name="pf-p"), make_engine(url, application_name="pf-r")
    database = Database(service="leantest", engine=primary, read_engine=replica)
    try:
        read, write = database.lean(), database.lean(write=True)
        assert isinstance(read, LeanPool) and isinstance(write, LeanPool) and read is not write
        assert database.lean() is read  # one pool per role, made once
        names = {
            await Statement(sa.select(sa.func.current_setting("application_name").label("n"))).one_or_none(p)
            for p in (read, write)
        }
        assert {n.n for n in names} == {"pf-p", "pf-r"}
    finally:
        await database.dispose()


async def _kill_every_other_backend(db: Database) -> int:
    """Terminate every connection to the database but the one asking (a restart, as the pools see it)."""
    async with db.engine.connect() as conn:
        killed = await conn.execute(
            sa.text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        )
        return int(killed.scalar_one())


async def test_a_read_survives_its_connections_being_killed(db: Database) -> None:
    made = await _insert(db.lean(write=True))
    pool = db.lean()
    assert isinstance(pool, LeanPool)
    assert await BY_ID.one_or_none(pool, id=made.id) is not None
    assert await _kill_every_other_backend(db) >= 1
    row = await BY_ID.one_or_none(pool, id=made.id)  # retried once on a fresh connection
    assert row is not None and row.id == made.id


async def test_a_write_on_a_killed_connection_is_not_retried_and_is_a_database_outage(db: Database) -> None:
    pool = db.lean(write=True)
    assert isinstance(pool, LeanPool)
    await _insert(pool)
    assert await _kill_every_other_backend(db) >= 1
    item_id = uuid.uuid4()
    with pytest.raises(psycopg.OperationalError) as caught:
        await _insert(pool, id=item_id)
    assert is_database_unavailable(caught.value)
    assert await BY_ID.one_or_none(db.lean(), id=item_id) is None  # sent once, never applied


async def test_an_exhausted_pool_times_out_as_an_outage(fresh_database: Callable[[str], str]) -> None:
    url = fresh_database(f"lean_{uuid.uuid4().hex[:10]}")
    pool = LeanPool(url, max_size=1, options="", name="tiny", timeout_s=0.2)
    try:
        await Statement(sa.select(sa.literal(1).label("one"))).one_or_none(pool)
        async with pool.hold():  # the only connection, held
            with pytest.raises(PoolTimeout) as caught:
                await Statement(sa.select(sa.literal(1).label("one"))).one_or_none(pool)
        assert is_database_unavailable(caught.value)
    finally:
        await pool.close()


def test_statements_that_cannot_be_compiled_once_are_refused() -> None:
    with pytest.raises(ValueError, match="expanding"):
        Statement(sa.select(items.c.id).where(items.c.id.in_(sa.bindparam("ids", expanding=True))))
    with pytest.raises(ValueError, match="duplicate column keys"):
        Statement(sa.select(items.c.id, sa.literal(1).label("id")))


def test_driver_url_drops_the_sqlalchemy_driver() -> None:
    assert driver_url("postgresql+psycopg://u:p@h:5/db") == "postgresql://u:p@h:5/db"
    assert driver_url("postgresql://u@h/db") == "postgresql://u@h/db"


async def test_statements_read_together_in_one_pipeline_or_in_the_open_transaction(db: Database) -> None:
    made = [await _insert(db.lean(write=True), price_cents=cents) for cents in (100, 700)]
    pool = db.lean()
    assert isinstance(pool, LeanPool)
    one, cheap, none = await read_together(
        pool, BY_ID.bind(id=made[1].id), CHEAPER_THAN.bind(max_cents=500), BY_ID.bind(id=uuid.uuid4())
    )
    assert [r.price_cents for r in one] == [700]
    assert [r.id for r in cheap] == [made[0].id]
    assert none == []
    async with db.read() as session:
        again = await read_together(session, BY_ID.bind(id=made[1].id), CHEAPER_THAN.bind(max_cents=500))
    assert again == [one, cheap]


async def test_a_failing_statement_in_a_pipeline_fails_the_read(db: Database) -> None:
    bad = Statement(sa.select((sa.literal(1) / sa.bindparam("zero", type_=sa.Integer)).label("x")))
    with pytest.raises(psycopg.errors.DivisionByZero):
        await read_together(db.lean(), BY_ID.bind(id=uuid.uuid4()), bad.bind(zero=0))
    assert await BY_ID.one_or_none(db.lean(), id=uuid.uuid4()) is None  # the pool still serves


async def test_numeric_columns_read_as_through_the_orm(db: Database) -> None:
    stmt = sa.select(
        sa.cast(sa.literal("12.50"), sa.Numeric(10, 2)).label("exact"),
        sa.cast(sa.literal("12.50"), sa.Numeric(10, 2, asdecimal=False)).label("approx"),
        sa.cast(sa.literal("0.25"), sa.Float).label("ratio"),
    )
    row = await Statement(stmt).one_or_none(db.lean())
    async with db.read() as session:
        orm = (await session.execute(stmt)).one()
    assert tuple(row) == tuple(orm) == (Decimal("12.50"), 12.5, 0.25)
    assert [type(v) for v in row] == [Decimal, float, float]


# --- one statement on the wire (LeanPool's prepared statements, sent with libpq's calls) ------


async def _backend_pids(pool: LeanPool) -> set[int]:
    async with pool.hold() as conn:
        return {conn.pgconn.backend_pid}


async def test_parameters_repeat_change_type_and_sit_beside_a_literal_percent(db: Database) -> None:
    made = await _insert(db.lean(write=True), name="50% off", price_cents=700)
    stmt = Statement(
        sa.select(items.c.id, (items.c.name + sa.literal_column("' %'")).label("shown"))
        .where(items.c.name.like(sa.bindparam("pattern")))
        .where(sa.or_(sa.bindparam("name", type_=sa.Text).is_(None), items.c.name == sa.bindparam("name")))
        .where(items.c.price_cents < sa.bindparam("max_cents"))
    )
    assert stmt.sql.count("%(name)s") == 2 and "%%" in stmt.sql  # one value sent once, as $n twice
    rows = await stmt.all(db.lean(), pattern="50%", name=None, max_cents=800)
    assert [(r.id, r.shown) for r in rows] == [(made.id, "50% off %")]
    assert [r.id for r in await stmt.all(db.lean(), pattern="%off", name="50% off", max_cents=800)] == [
        made.id
    ]
    assert await stmt.all(db.lean(), pattern="%off", name="other", max_cents=800) == []
    # psycopg sends a small int as int2 and a large one as int8: a prepared statement per types
    assert [r.id for r in await stmt.all(db.lean(), pattern="%", name=None, max_cents=10**12)] == [made.id]
    assert await stmt.all(db.lean(), pattern="%", name=None, max_cents=10) == []


async def test_a_server_error_raises_its_class_and_the_connection_serves_the_next(
    one_connection: LeanPool,
) -> None:
    made = await _insert(one_connection)
    before = await _backend_pids(one_connection)
    with pytest.raises(psycopg.errors.UniqueViolation) as caught:
        await _insert(one_connection, id=made.id)
    assert caught.value.sqlstate == "23505"
    bad = Statement(sa.select((sa.literal(1) / sa.bindparam("zero", type_=sa.Integer)).label("x")))
    with pytest.raises(psycopg.errors.DivisionByZero):
        await bad.one_or_none(one_connection, zero=0)
    assert (await bad.one_or_none(one_connection, zero=1)).x == 1
    assert await _backend_pids(one_connection) == before  # the same connection, not replaced


@pytest.fixture
async def one_connection(db: Database) -> AsyncIterator[LeanPool]:
    """A lean pool of one connection on ``db``: every statement runs on the same backend."""
    pool = LeanPool(db.engine.url.render_as_string(hide_password=False), max_size=1, options="", name="one")
    yield pool
    await pool.close()


async def test_a_prepared_statement_made_stale_is_prepared_again(
    db: Database, one_connection: LeanPool
) -> None:
    made = await _insert(db.lean(write=True), price_cents=700)
    read = Statement(sa.select(items.c.name).where(items.c.id == sa.bindparam("id")))
    assert (await read.one_or_none(one_connection, id=made.id)).name == "Blue Dream"
    async with db.engine.begin() as conn:  # its result type changes under the prepared plan
        await conn.execute(sa.text("ALTER TABLE lean_items ALTER COLUMN name TYPE varchar(200)"))
    assert (await read.one_or_none(one_connection, id=made.id)).name == "Blue Dream"
    async with one_connection.hold() as conn:  # a DISCARD/DEALLOCATE drops them all
        await conn.execute("DEALLOCATE ALL")
    assert (await read.one_or_none(one_connection, id=made.id)).name == "Blue Dream"
    assert (await BY_ID.one_or_none(one_connection, id=made.id)).price_cents == 700


async def test_a_read_cancelled_while_postgres_runs_it_does_not_return_a_busy_connection(
    one_connection: LeanPool,
) -> None:
    slow = Statement(sa.select(sa.func.pg_sleep(sa.bindparam("s", type_=sa.Float)).label("slept")))
    assert await slow.one_or_none(one_connection, s=0.0) is not None
    busy = await _backend_pids(one_connection)
    task = asyncio.ensure_future(slow.one_or_none(one_connection, s=5.0))
    await asyncio.sleep(0.3)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    # the pool closed the connection still running the sleep (not reused): the next reads answer
    for _ in range(3):
        assert await BY_ID.one_or_none(one_connection, id=uuid.uuid4()) is None
    assert await _backend_pids(one_connection) != busy


async def test_a_transaction_cancelled_while_postgres_runs_a_statement_leaves_nothing_behind(
    one_connection: LeanPool,
) -> None:
    slow = Statement(sa.select(sa.func.pg_sleep(sa.bindparam("s", type_=sa.Float)).label("slept")))
    item_id = uuid.uuid4()

    async def write_then_sleep() -> None:
        async with one_connection.transaction() as tx:
            await _insert(tx, id=item_id)
            await slow.one_or_none(tx, s=5.0)

    task = asyncio.ensure_future(write_then_sleep())
    await asyncio.sleep(0.3)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):  # the cancel, not an error of the rollback
        await task
    # its write is gone with the transaction, and the pool serves the next statement
    assert await BY_ID.one_or_none(one_connection, id=item_id) is None


async def test_a_large_result_arrives_whole(db: Database) -> None:
    stmt = Statement(
        sa.select(sa.column("n", sa.Integer), sa.func.repeat("x", 100).label("pad")).select_from(
            sa.func.generate_series(1, sa.bindparam("count", type_=sa.Integer)).alias("n")
        )
    )
    rows = await stmt.all(db.lean(), count=20_000)  # ~2 MB: many socket reads
    assert [r.n for r in rows] == list(range(1, 20_001)) and rows[-1].pad == "x" * 100


async def test_beyond_the_prepared_cap_statements_run_unprepared(
    db: Database, one_connection: LeanPool, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pf_common.lean as lean

    monkeypatch.setattr(lean, "_MAX_PREPARED", 1)
    made = await _insert(db.lean(write=True), price_cents=300)
    for _ in range(3):
        assert (await BY_ID.one_or_none(one_connection, id=made.id)).price_cents == 300
        assert [r.id for r in await CHEAPER_THAN.all(one_connection, max_cents=500)] == [made.id]
    async with one_connection.hold() as conn:
        prepared = await (await conn.execute("SELECT name FROM pg_prepared_statements")).fetchall()
    assert prepared == [("_pf_lean_1",)]


# --- the hot stack: a connection a statement is done with is kept out of the pool ------------


@contextlib.asynccontextmanager
async def _pool_of_one(fresh_database: Callable[[str], str], *, timeout_s: float) -> AsyncIterator[LeanPool]:
    pool = LeanPool(
        fresh_database(f"lean_{uuid.uuid4().hex[:10]}"),
        max_size=1,
        options="",
        name="one",
        timeout_s=timeout_s,
    )
    try:
        yield pool
    finally:
        await pool.close()


def _pool_requests(pool: LeanPool) -> int:
    return int(pool._pool.get_stats().get("requests_num", 0))


async def test_statements_in_turn_reuse_one_connection_without_the_pool(one_connection: LeanPool) -> None:
    pids = set()
    for _ in range(5):
        assert await BY_ID.one_or_none(one_connection, id=uuid.uuid4()) is None
        pids |= await _backend_pids(one_connection)
    assert len(pids) == 1
    assert _pool_requests(one_connection) == 1  # handed out by the pool once, then kept hot


async def test_a_caller_waiting_in_the_pool_gets_the_connection_a_statement_is_done_with(
    fresh_database: Callable[[str], str],
) -> None:
    async with _pool_of_one(fresh_database, timeout_s=3.0) as pool:
        assert await BY_ONE.one_or_none(pool) is not None
        async with pool.hold():  # the only connection: the next statement waits for it
            waiter = asyncio.ensure_future(BY_ONE.one_or_none(pool))
            await asyncio.sleep(0.2)
            assert not waiter.done()
        # handed to the waiter at once, not kept hot until the waiter's timeout
        assert (await asyncio.wait_for(waiter, 1.0)) is not None


async def test_a_connection_goes_back_through_the_pool_after_hot_s(
    one_connection: LeanPool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(LeanPool, "HOT_S", 0.3)
    for _ in range(3):
        await BY_ID.one_or_none(one_connection, id=uuid.uuid4())
    assert _pool_requests(one_connection) == 1
    await asyncio.sleep(0.35)
    await BY_ID.one_or_none(one_connection, id=uuid.uuid4())  # out 0.3 s: returned to the pool after it
    await BY_ID.one_or_none(one_connection, id=uuid.uuid4())  # so this one asks the pool again
    assert _pool_requests(one_connection) == 2


async def test_closing_the_pool_closes_its_hot_connections(db: Database) -> None:
    url = db.engine.url.render_as_string(hide_password=False)
    pool = LeanPool(url, max_size=2, options="", name="closing")
    await BY_ID.one_or_none(pool, id=uuid.uuid4())
    (pid,) = await _backend_pids(pool)
    await pool.close()
    # the backend leaves pg_stat_activity once it has seen the connection close: a moment later
    # on a loaded machine (each look in a transaction of its own: a transaction keeps its snapshot
    # of the activity view)
    deadline = time.monotonic() + 10
    backend = sa.text("SELECT count(*) FROM pg_stat_activity WHERE pid = :p")
    while True:
        async with db.engine.connect() as conn:
            alive = await conn.scalar(backend, {"p": pid})
        if not alive or time.monotonic() > deadline:
            break
        await asyncio.sleep(0.05)
    assert alive == 0


async def test_a_connection_in_use_goes_back_through_the_pool_once_out_hot_s(
    fresh_database: Callable[[str], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(LeanPool, "HOT_S", 0.4)
    sleep = Statement(sa.select(sa.func.pg_sleep(sa.bindparam("s", type_=sa.Float)).label("slept")))
    pool = LeanPool(fresh_database(f"lean_{uuid.uuid4().hex[:10]}"), max_size=2, options="", name="two")
    try:
        await BY_ONE.one_or_none(pool)  # A leaves the pool
        await asyncio.sleep(0.25)
        slow = asyncio.ensure_future(sleep.one_or_none(pool, s=0.1))  # on A
        await asyncio.sleep(0)
        fast = asyncio.ensure_future(sleep.one_or_none(pool, s=0.0))  # on B, from the pool
        await asyncio.gather(slow, fast)  # hot: B below A
        assert pool._pool.get_stats()["pool_available"] == 0
        await asyncio.sleep(0.15)  # A out 0.4 s and more, B less
        await BY_ONE.one_or_none(pool)  # runs on A, the top: out HOT_S, it goes back to the pool
        assert pool._pool.get_stats()["pool_available"] == 1
    finally:
        await pool.close()


async def test_a_waiter_cancelled_as_a_connection_is_handed_to_it_passes_it_on(
    fresh_database: Callable[[str], str],
) -> None:
    async with _pool_of_one(fresh_database, timeout_s=0.5) as pool:
        async with pool.hold():
            waiter = asyncio.ensure_future(BY_ONE.one_or_none(pool))
            await asyncio.sleep(0.05)  # it waits for the only connection
        waiter.cancel()  # handed over on the way out of hold(), cancelled before it resumed
        with pytest.raises(asyncio.CancelledError):
            await waiter
        assert await asyncio.wait_for(BY_ONE.one_or_none(pool), 1.0) is not None  # not lost


async def test_a_broken_connection_goes_to_the_pool_and_a_waiter_gets_a_new_one(
    fresh_database: Callable[[str], str],
) -> None:
    async with _pool_of_one(fresh_database, timeout_s=3.0) as pool:
        async with pool.hold() as conn:
            before = conn.pgconn.backend_pid
            waiter = asyncio.ensure_future(BY_ONE.one_or_none(pool))
            await asyncio.sleep(0.05)
            await conn.close()  # broken: the pool discards it and connects anew
        assert await asyncio.wait_for(waiter, 2.5) is not None
        assert await _backend_pids(pool) != {before}


# --- in an ORM transaction: the statement on the session's own connection --------------------


@pytest.fixture
def sqlalchemy_runs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The statements SQLAlchemy's ``exec_driver_sql`` ran for a Statement (the others went on the
    wire of the session's connection)."""
    import pf_common.lean as lean_module

    ran: list[str] = []
    rows, rowcount = lean_module._sqlalchemy_rows, lean_module._sqlalchemy_rowcount

    async def counted_rows(conn: Any, sql: str, params: Any) -> Any:
        ran.append(sql)
        return await rows(conn, sql, params)

    async def counted_rowcount(conn: Any, sql: str, params: Any) -> Any:
        ran.append(sql)
        return await rowcount(conn, sql, params)

    monkeypatch.setattr(lean_module, "_sqlalchemy_rows", counted_rows)
    monkeypatch.setattr(lean_module, "_sqlalchemy_rowcount", counted_rowcount)
    return ran


async def test_in_an_orm_transaction_statements_go_on_its_connection_and_commit_with_it(
    db: Database, sqlalchemy_runs: list[str]
) -> None:
    at = datetime(2026, 3, 1, 12, 0, tzinfo=timezone(timedelta(hours=-5)))
    async with db.transaction() as session:
        first = await _insert(session)  # the transaction's first statement: its BEGIN goes first
        made = await _insert(session, meta={"thc": [21.5, "%"]}, tags=["indica"], at=at)
        assert await RENAME.execute(session, id=first.id, name="Gelato") == 1
        row = await BY_ID.one_or_none(session, id=made.id)
        gelato = await BY_ID.one_or_none(session, id=first.id)
        assert await BY_ID.one_or_none(db.lean(), id=made.id) is None  # not committed yet
    assert sqlalchemy_runs == []  # none went through SQLAlchemy
    assert gelato.name == "Gelato"
    assert row.meta == {"thc": [21.5, "%"]} and row.tags == ["indica"]
    assert row.at == at and row.at.tzinfo is UTC
    assert tuple(await BY_ID.one_or_none(db.lean(), id=made.id)) == tuple(row)  # committed with it
    async with db.read() as session:
        orm = (await session.execute(sa.select(items).where(items.c.id == made.id))).one()
    assert tuple(row) == tuple(orm)  # read as the ORM reads it


TXID = Statement(sa.select(sa.func.txid_current().label("txid")))


async def test_a_transaction_begun_on_the_wire_is_the_sessions_own(db: Database) -> None:
    kept, dropped = uuid.uuid4(), uuid.uuid4()
    async with db.transaction() as session:
        txid = (await TXID.one_or_none(session)).txid  # begun here, before SQLAlchemy ran anything
        await _insert(session, id=kept)
        assert (await session.execute(sa.select(sa.func.txid_current()))).scalar_one() == txid
        assert (await session.execute(sa.select(items.c.name).where(items.c.id == kept))).scalar_one()
    assert await BY_ID.one_or_none(db.lean(), id=kept) is not None
    with pytest.raises(RuntimeError, match="abort"):
        async with db.transaction() as session:
            await _insert(session, id=dropped)
            await session.execute(sa.update(items).where(items.c.id == kept).values(name="renamed"))
            raise RuntimeError("abort")
    assert await BY_ID.one_or_none(db.lean(), id=dropped) is None
    assert (await BY_ID.one_or_none(db.lean(), id=kept)).name == "Blue Dream"


async def test_a_transaction_with_an_isolation_level_begins_as_psycopg_begins_it(
    db: Database, sqlalchemy_runs: list[str]
) -> None:
    level = Statement(sa.select(sa.func.current_setting("transaction_isolation").label("level")))
    async with db.engine.connect() as conn:
        serializable = await conn.execution_options(isolation_level="SERIALIZABLE")
        async with serializable.begin():
            assert (await level.one_or_none(serializable)).level == "serializable"
    async with db.transaction() as session:  # the pool's connections: back to the default
        assert (await level.one_or_none(session)).level == "read committed"
    async with db.engine.connect() as conn:
        await BY_ONE.one_or_none(conn)  # no transaction begun by SQLAlchemy (its autobegin is its own)
        await conn.rollback()
    assert sqlalchemy_runs == [BY_ONE.sql]


@pytest.mark.parametrize(
    ("isolation_level", "read_only", "deferrable"),
    [
        (None, None, None),
        (psycopg.IsolationLevel.SERIALIZABLE, None, None),
        (psycopg.IsolationLevel.REPEATABLE_READ, True, None),
        (psycopg.IsolationLevel.SERIALIZABLE, True, True),
        (None, False, False),
    ],
)
async def test_the_begin_is_psycopgs_own(
    db: Database, isolation_level: Any, read_only: Any, deferrable: Any
) -> None:
    from pf_common.lean import _begin_command

    conn = await psycopg.AsyncConnection.connect(
        driver_url(db.engine.url.render_as_string(hide_password=False))
    )
    try:
        await conn.set_isolation_level(isolation_level)
        await conn.set_read_only(read_only)
        await conn.set_deferrable(deferrable)
        assert _begin_command(conn).encode() == conn._get_tx_start_command()
    finally:
        await conn.close()


async def test_a_failing_statement_on_the_wire_raises_what_sqlalchemy_raises(
    db: Database, sqlalchemy_runs: list[str]
) -> None:
    made = await _insert(db.lean(write=True))
    with pytest.raises(sa.exc.IntegrityError) as caught:  # what ORM code catches around a flush
        async with db.transaction() as session:
            await _insert(session, id=made.id)
    assert isinstance(caught.value.orig, psycopg.errors.UniqueViolation)
    assert sqlalchemy_runs == []  # the failing INSERT went on the wire
    # the session's connection went back healthy: the next transactions run on the pool's two
    for _ in range(4):
        async with db.transaction() as session:
            await BY_ONE.one_or_none(session)
            assert (await BY_ID.one_or_none(session, id=made.id)).name == "Blue Dream"


async def test_statements_on_the_orms_connection_are_not_prepared_and_outlive_its_rollbacks(
    fresh_database: Callable[[str], str],
) -> None:
    engine = make_engine(fresh_database(f"lean_{uuid.uuid4().hex[:10]}"), pool_size=1, max_overflow=0)
    async with engine.begin() as conn:
        await conn.run_sync(md.create_all)
    one = Database(service="leantest", engine=engine)  # one connection: every session shares it
    try:
        made = await _insert(one.lean(write=True))
        prepared = sa.text("SELECT name FROM pg_prepared_statements")
        for attempt in range(3):
            with pytest.raises(RuntimeError, match="abort"):
                async with one.transaction() as session:
                    for _ in range(6):  # psycopg prepares a statement run 5 times
                        await session.execute(sa.select(items.c.name).where(items.c.id == made.id))
                    assert (await BY_ID.one_or_none(session, id=made.id)).name == "Blue Dream"
                    assert await RENAME.execute(session, id=made.id, name=f"take {attempt}") == 1
                    names = set((await session.execute(prepared)).scalars())
                    assert names and not {n for n in names if n.startswith("_pf_lean")}
                    raise RuntimeError("abort")  # psycopg: ROLLBACK, then DEALLOCATE ALL
        async with one.transaction() as session:
            await BY_ONE.one_or_none(session)
            assert await RENAME.execute(session, id=made.id, name="kept") == 1
        assert (await BY_ID.one_or_none(one.lean(), id=made.id)).name == "kept"
    finally:
        await one.dispose()


async def test_tasks_sharing_one_connection_take_turns_on_it(db: Database) -> None:
    async with db.engine.connect() as conn:
        await conn.begin()
        await BY_ONE.one_or_none(conn)  # the transaction is open on the connection
        made = [await _insert(conn, price_cents=cents) for cents in range(100, 120)]

        async def rename_and_read(item: Any) -> str:
            await RENAME.execute(conn, id=item.id, name=f"item {item.id}")
            return str((await BY_ID.one_or_none(conn, id=item.id)).name)

        names = await asyncio.gather(*(rename_and_read(item) for item in made))
        assert names == [f"item {item.id}" for item in made]
        await conn.rollback()
