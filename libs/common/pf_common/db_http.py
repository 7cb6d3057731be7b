"""The FastAPI side of :mod:`pf_common.db`: a route's database session, one transaction per request.

Who imports it: routers (``api/``) only; the use case they call takes the ``AsyncSession``
(domain code never imports FastAPI)::

    @router.post("/api/v1/products")
    async def create_product(session: WriteSession, principal: VendorOperator, body: ...) -> ...:
        return await products.create(session, principal, ...)

``WriteSession`` commits right after the route returns, BEFORE the response is sent, so a
failed commit turns into an error response, never a false 200; it rolls back on error.
``ReadSession`` never commits (a replica when ``database_read_url`` is set). A database that
cannot serve is 503 ``DEPENDENCY_ERROR`` (``pf_common.db.is_database_unavailable``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from pf_common.db import Database
from pf_common.lean import LeanPool

__all__ = [
    "LeanRead",
    "LeanWrite",
    "ReadSession",
    "WriteSession",
    "get_database",
    "lean_read",
    "lean_write",
    "read_session",
    "write_session",
]


def get_database(request: Request) -> Database:
    db: Database = request.app.state.runtime.db
    return db


async def write_session(request: Request) -> AsyncIterator[AsyncSession]:
    async with get_database(request).transaction() as session:
        yield session


async def read_session(request: Request) -> AsyncIterator[AsyncSession]:
    async with get_database(request).read() as session:
        yield session


# scope="function": commit right after the route returns, BEFORE the response
# is sent, so a failed commit turns into an error response, never a false 200.
WriteSession = Annotated[AsyncSession, Depends(write_session, scope="function")]
ReadSession = Annotated[AsyncSession, Depends(read_session, scope="function")]


async def lean_read(request: Request) -> LeanPool | AsyncConnection:
    return get_database(request).lean()


# No transaction, nothing held: each pf_common.lean.Statement run on it is its own (autocommit)
# read of one snapshot, on a connection held only while Postgres runs it.
LeanRead = Annotated[LeanPool | AsyncConnection, Depends(lean_read)]


async def lean_write(request: Request) -> LeanPool | AsyncConnection:
    return get_database(request).lean(write=True)


# The primary's lean pool: one statement that is the whole unit of work (a write that emits no
# event: a state change and its events commit together in Database.transaction()).
LeanWrite = Annotated[LeanPool | AsyncConnection, Depends(lean_write)]
