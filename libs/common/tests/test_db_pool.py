"""pf_common.db.make_engine's disconnect handling: a ping only for a connection that sat idle,
a dead idle connection replaced without the caller noticing."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import text

from pf_common.db import make_engine


@pytest.fixture
def url(fresh_database: Callable[[str], str]) -> str:
    return fresh_database(f"pool_{uuid.uuid4().hex[:10]}")


async def _select_one(engine: Any) -> int:
    async with engine.connect() as conn:
        return int((await conn.execute(text("SELECT 1"))).scalar_one())


async def test_a_busy_pool_pings_once_and_an_idle_connection_again(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = make_engine(url, pool_size=1, max_overflow=0)
    dialect = engine.sync_engine.dialect
    pings: list[object] = []
    real_ping = dialect.do_ping
    monkeypatch.setattr(dialect, "do_ping", lambda conn: pings.append(conn) or real_ping(conn))
    try:
        for _ in range(20):
            assert await _select_one(engine) == 1
        assert len(pings) == 1  # the new connection's first checkout only

        await asyncio.sleep(0.6)  # longer than PING_BYPASS_S
        assert await _select_one(engine) == 1
        assert len(pings) == 2
    finally:
        await engine.dispose()


async def test_an_idle_connection_killed_by_the_server_is_replaced_unnoticed(url: str) -> None:
    engine = make_engine(url, pool_size=1, max_overflow=0)
    try:
        async with engine.connect() as conn:
            pid = (await conn.execute(text("SELECT pg_backend_pid()"))).scalar_one()
        other = make_engine(url, pool_size=1, max_overflow=0)
        try:
            async with other.connect() as conn:
                assert (await conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})).scalar()
        finally:
            await other.dispose()
        await asyncio.sleep(0.6)

        async with engine.connect() as conn:
            new_pid = (await conn.execute(text("SELECT pg_backend_pid()"))).scalar_one()

        assert new_pid != pid
    finally:
        await engine.dispose()
