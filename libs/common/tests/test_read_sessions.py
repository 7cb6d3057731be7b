"""``Database.read()`` on a real engine: no transaction (its statements autocommit, so a read
costs no BEGIN and no ROLLBACK), yet it can never write — every write raises."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import registry

from pf_common.db import Database, ReadOnlyViolation, make_engine

notes = sa.Table(
    "notes",
    sa.MetaData(),
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("body", sa.Text, nullable=False),
)


@pytest.fixture
async def db(fresh_database: Callable[[str], str]) -> AsyncIterator[Database]:
    engine = make_engine(fresh_database(f"reads_{uuid.uuid4().hex[:10]}"), pool_size=2, max_overflow=0)
    async with engine.begin() as conn:
        await conn.run_sync(notes.metadata.create_all)
    database = Database(service="public", engine=engine)
    yield database
    await engine.dispose()


async def test_a_read_runs_each_statement_outside_any_transaction(db: Database) -> None:
    async with db.transaction() as session:
        await session.execute(sa.insert(notes).values(id=1, body="committed"))
    async with db.read() as session:
        assert (await session.execute(sa.select(notes.c.body))).scalar_one() == "committed"
        # inside a transaction the second statement would start after the transaction did
        own = sa.select(sa.func.statement_timestamp() == sa.func.transaction_timestamp())
        assert (await session.execute(own)).scalar_one() is True
        assert (await session.execute(sa.text("SELECT pg_sleep(0.01)"))).scalar_one() == ""
        assert (await session.execute(own)).scalar_one() is True
    async with db.transaction() as session:  # a write transaction still is one
        await session.execute(sa.text("SELECT pg_sleep(0.01)"))
        assert (await session.execute(own)).scalar_one() is False


@pytest.mark.parametrize(
    "write",
    [
        sa.insert(notes).values(id=2, body="sneaky"),
        sa.update(notes).values(body="changed"),
        sa.delete(notes),
    ],
    ids=["insert", "update", "delete"],
)
async def test_a_read_session_refuses_every_write_statement(db: Database, write: sa.Executable) -> None:
    async with db.transaction() as session:
        await session.execute(sa.insert(notes).values(id=1, body="committed"))
    with pytest.raises(ReadOnlyViolation):
        async with db.read() as session:
            await session.execute(write)
    async with db.read() as session:
        assert (await session.execute(sa.select(notes.c.id, notes.c.body))).all() == [(1, "committed")]


class Note:
    def __init__(self, id: int, body: str) -> None:
        self.id, self.body = id, body


registry().map_imperatively(Note, notes)


async def test_a_read_session_refuses_to_flush_orm_changes(db: Database) -> None:
    with pytest.raises(ReadOnlyViolation):
        async with db.read() as session:
            session.add(Note(id=3, body="orm"))
            await session.flush()
    async with db.read() as session:
        assert (await session.execute(sa.select(sa.func.count()).select_from(notes))).scalar_one() == 0
