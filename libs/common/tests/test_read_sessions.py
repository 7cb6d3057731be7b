"""``Database.read()`` on a real engine never writes: every write raises instead of being rolled
back unnoticed."""

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
