"""Fixtures of the domain tests: a private database for real concurrency (many connections at
once, which the one-connection ``db_session`` cannot give; ``test_reservations_concurrency``)."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

import pytest
import sqlalchemy as sa

from pf_common.db import Database, make_engine
from pf_common.migrations import service_dir, upgrade

WANTED_IN_FLIGHT = 200  # issue #7: "≥ 200 in flight"
MIN_IN_FLIGHT = 100


@pytest.fixture(scope="session")
def concurrency_db_url(fresh_database, pf_servers) -> Iterator[str]:
    """A migrated catalog database of this worker's own, outside the rolled-back test transaction."""
    name = f"pf_test_catalog_concurrency_{os.getpid()}"
    url = fresh_database(name)
    upgrade(service_dir("catalog"), url)
    yield url
    pf_servers.drop_database(name)


@dataclass
class ConcurrentDB:
    db: Database
    in_flight: int  # connections the pool holds open at once
    max_connections: int


async def _connection_budget(url: str) -> tuple[int, int]:
    probe = make_engine(url, pool_size=1, max_overflow=0)
    try:
        async with probe.connect() as conn:
            max_conn = int((await conn.execute(sa.text("SHOW max_connections"))).scalar_one())
            reserved = int((await conn.execute(sa.text("SHOW superuser_reserved_connections"))).scalar_one())
            used = int((await conn.execute(sa.text("SELECT count(*) FROM pg_stat_activity"))).scalar_one())
    finally:
        await probe.dispose()
    return max_conn, max_conn - reserved - used - 20  # headroom for this worker's other engines


@pytest.fixture(scope="module")
async def concurrent_db(concurrency_db_url: str) -> AsyncIterator[ConcurrentDB]:
    """A ``Database`` whose pool opens ``in_flight`` real connections (pre-warmed)."""
    max_conn, free = await _connection_budget(concurrency_db_url)
    in_flight = min(WANTED_IN_FLIGHT, free)
    if in_flight < MIN_IN_FLIGHT:
        pytest.fail(f"the test server allows only {free} more connections (max_connections={max_conn})")
    engine = make_engine(
        concurrency_db_url,
        pool_size=in_flight,
        max_overflow=0,
        # 200 transactions queue on one row lock; on a loaded CI machine the last of them waits
        # long. These tests check correctness, not latency (that is make bench's job).
        statement_timeout_ms=300_000,
        application_name="pf-catalog-concurrency-test",
    )
    # open every connection now, so that the runs measure contention, not connection set-up
    conns = await asyncio.gather(*(engine.connect() for _ in range(in_flight)))
    await asyncio.gather(*(c.close() for c in conns))
    yield ConcurrentDB(Database(service="catalog", engine=engine), in_flight, max_conn)
    await engine.dispose()
