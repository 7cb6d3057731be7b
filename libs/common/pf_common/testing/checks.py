"""Checks every service runs in its own tests (health, migrations)."""

from __future__ import annotations

import importlib
import os
from typing import Any

import httpx
import sqlalchemy as sa

PLATFORM_TABLES = {"outbox_events", "outbox_dlq", "processed_events"}


async def assert_health_endpoints(
    client: httpx.AsyncClient, service: str, *, unready_client: httpx.AsyncClient | None = None
) -> None:
    live = await client.get("/health/live")
    assert live.status_code == 200, live.text
    assert live.json()["data"] == {"status": "ok", "service": service}
    assert live.headers["x-pf-environment"] == "test"
    assert live.headers["x-request-id"]
    assert live.headers["x-pf-service"] == service

    ready = await client.get("/health/ready")
    assert ready.status_code == 200, ready.text
    assert ready.json()["data"]["checks"] == ["postgres", "redis"]

    metrics = await client.get("/metrics")
    assert metrics.status_code == 200
    assert "pf_http_requests_total" in metrics.text

    spec = (await client.get("/openapi.json")).json()
    assert "/health/ready" in spec["paths"]

    missing = await client.get("/no/such/route", headers={"X-Request-Id": "req-abc-123"})
    assert missing.status_code == 404
    assert missing.headers["x-request-id"] == "req-abc-123"
    assert missing.json()["error"]["code"] == "NOT_FOUND"

    if unready_client is not None:
        down = await unready_client.get("/health/ready")
        assert down.status_code == 503, down.text
        err = down.json()["error"]
        assert err["code"] == "DEPENDENCY_ERROR"
        assert sorted(err["details"]["dependencies"]) == ["postgres", "redis"]
        assert (await unready_client.get("/health/live")).status_code == 200


def assert_migrations_roundtrip(pf_servers: Any, service: str) -> None:
    """upgrade head on an empty database ⇒ the schema matches the models; downgrade ⇒ empty."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from pf_common.migrations import downgrade, upgrade
    from pf_common.testing.plugin import service_dir

    name = f"pf_mig_{service}_{os.getpid()}"
    url = pf_servers.create_database(name, drop=True)
    sdir = service_dir(service)
    upgrade(sdir, url)
    upgrade(sdir, url)  # a second run is a no-op
    metadata = importlib.import_module(f"pf_{service}.models").metadata
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            tables = set(sa.inspect(conn).get_table_names(schema=service))
            assert tables >= PLATFORM_TABLES, tables
            assert "alembic_version" in tables
            ctx = MigrationContext.configure(
                conn,
                opts={
                    "include_schemas": True,
                    "include_name": lambda name, type_, _p: name == service if type_ == "schema" else True,
                    "compare_type": True,
                },
            )
            diff = [
                d
                for d in compare_metadata(ctx, metadata)
                if not (d[0] == "remove_table" and d[1].name == "alembic_version")
            ]
            assert diff == [], f"models and migrations disagree: {diff}"
        downgrade(sdir, url)
        with engine.connect() as conn:
            left = set(sa.inspect(conn).get_table_names(schema=service)) - {"alembic_version"}
            assert left == set(), left
    finally:
        engine.dispose()
        pf_servers.drop_database(name)
