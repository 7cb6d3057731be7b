"""The service under test (P2, P3, P4): a uvicorn ``--factory`` entry point, ``service_app``.

``pf_common.app.create_app`` with the full middleware stack (request id, access logs and
metrics, body limit, idempotency, error envelope) and a runtime built from the environment
like every service's (``PF_DATABASE_URL``, ``PF_REDIS_URL``, ``PF_KEYS_DIR``, ...):

* ``GET HELLO_PATH``: depends on ``get_principal`` (RS256 verification + the session's
  Redis key), no database, returns the hello body of B0/B1;
* ``GET /api/v1/products/{product_id}``: the same plus one row read by primary key through
  ``ReadSession`` (``Database.read()``: pool checkout with pre-ping, SELECT, rollback).

Logging is configured like production (structlog JSON at INFO: one ``request.complete`` line
for every request) into a counting stream on ``/dev/null``, so the
logs are produced but never printed; ``GET /bench/log-stats`` reports the count.
"""

from __future__ import annotations

import io
import os
import sys
from typing import Any, ClassVar
from uuid import UUID

import sqlalchemy as sa
from fastapi import FastAPI
from sqlalchemy.dialects.postgresql import UUID as PGUUID

from benchmarks.apps import HELLO_PATH
from pf_common.app import create_app
from pf_common.db import make_metadata
from pf_common.db_http import LeanRead, ReadSession
from pf_common.errors import NotFound
from pf_common.guards import CurrentPrincipal
from pf_common.lean import Statement
from pf_common.logging import configure_logging
from pf_common.routing import APIRouter
from pf_common.runtime import Runtime
from pf_common.settings import ServiceSettings, service_config

SERVICE = "bench"  # the service name, its schema and its logs' "service" field
ITEM_PATH = "/api/v1/products/{product_id}"
LEAN_ITEM_PATH = "/api/v1/products/{product_id}/lean"
LOG_STATS_PATH = "/bench/log-stats"


class BenchSettings(ServiceSettings):
    model_config = service_config(SERVICE)
    service_name: ClassVar[str] = SERVICE


metadata = make_metadata(SERVICE)
products = sa.Table(
    "products",
    metadata,
    sa.Column("id", PGUUID(as_uuid=True), primary_key=True),
    sa.Column("store_id", PGUUID(as_uuid=True), nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("price_cents", sa.Integer, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
)


class CountingDevNull(io.TextIOBase):
    """A text stream onto ``/dev/null`` that counts what was written (proof the logs exist)."""

    def __init__(self) -> None:
        super().__init__()
        self._out = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the process
        self.lines = 0
        self.chars = 0

    def write(self, s: str) -> int:
        self.lines += s.count("\n")
        self.chars += len(s)
        return self._out.write(s)

    def flush(self) -> None:
        self._out.flush()

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False


LOG_SINK = CountingDevNull()

router = APIRouter()


@router.get(HELLO_PATH)
async def hello(principal: CurrentPrincipal) -> dict[str, Any]:
    return {"data": {"message": "hello"}}


def _product_json(row: Any) -> dict[str, Any]:
    return {
        "data": {
            "id": str(row.id),
            "store_id": str(row.store_id),
            "name": row.name,
            "price_cents": row.price_cents,
            "created_at": row.created_at.isoformat(),
        }
    }


@router.get(ITEM_PATH)
async def get_product(product_id: UUID, principal: CurrentPrincipal, session: ReadSession) -> dict[str, Any]:
    row = (await session.execute(products.select().where(products.c.id == product_id))).one_or_none()
    if row is None:
        raise NotFound("product not found")
    return _product_json(row)


_BY_ID = Statement(products.select().where(products.c.id == sa.bindparam("product_id")))


@router.get(LEAN_ITEM_PATH)
async def get_product_lean(product_id: UUID, principal: CurrentPrincipal, source: LeanRead) -> dict[str, Any]:
    """The same read as ``get_product``, as a ``pf_common.lean`` statement (P4L, a reference)."""
    row = await _BY_ID.one_or_none(source, product_id=product_id)
    if row is None:
        raise NotFound("product not found")
    return _product_json(row)


@router.get(LOG_STATS_PATH)
async def log_stats() -> dict[str, Any]:
    return {"lines": LOG_SINK.lines, "chars": LOG_SINK.chars}


def service_app() -> FastAPI:
    settings = BenchSettings(log_format="json")
    # Production logging (JSON, INFO) rendered into /dev/null. The app's lifespan calls
    # configure_logging() again with sys.stdout, which is therefore the same sink.
    sys.stdout = LOG_SINK
    configure_logging(settings.service_name, level=settings.log_level, fmt="json", stream=LOG_SINK)
    return create_app(settings, routers=[router], runtime=Runtime.create(settings))
