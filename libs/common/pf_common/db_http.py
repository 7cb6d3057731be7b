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
from sqlalchemy.ext.asyncio import AsyncSession

from pf_common.db import Database

__all__ = ["ReadSession", "WriteSession", "get_database", "read_session", "write_session"]


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
