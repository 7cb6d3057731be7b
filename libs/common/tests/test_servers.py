"""Where the suite's Postgres and Redis come from (pf_common.testing.servers): the environment,
else testcontainers when a Docker engine answers, else embedded servers, with the reason.

No Docker engine is needed: the choice is checked with probes that answer as told, the probe
itself against a socket where nothing listens, and the testcontainers path against the
installed testcontainers API (imports, signatures, the psycopg URL) without starting a container.
"""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

import pytest

from pf_common.testing import servers
from pf_common.testing.servers import Choice, DockerEngine, TestServers, choose_source

NO_ENGINE = DockerEngine(False, "no Docker engine answers (DockerException: connection refused)")
ENGINE = DockerEngine(True, "Docker engine 27.3.1 answers")


def _never() -> Any:
    raise AssertionError("must not be probed")


def test_the_environment_wins_and_nothing_is_probed():
    env = {"PF_TEST_DATABASE_URL": "postgresql://u@db:5432/postgres", "PF_TEST_REDIS_URL": "redis://r:6379/0"}

    choice = choose_source(env, installed=_never, engine=_never)

    assert choice == Choice("environment", "PF_TEST_DATABASE_URL and PF_TEST_REDIS_URL are set")


def test_one_url_alone_is_not_the_environment():
    choice = choose_source(
        {"PF_TEST_DATABASE_URL": "postgresql://u@db/postgres"},
        installed=lambda: True,
        engine=lambda: NO_ENGINE,
    )

    assert choice.source == "embedded"


def test_no_engine_means_embedded_and_says_why():
    choice = choose_source({}, installed=lambda: True, engine=lambda: NO_ENGINE)

    assert choice == Choice("embedded", NO_ENGINE.reason)


def test_an_engine_that_answers_means_testcontainers():
    assert choose_source({}, installed=lambda: True, engine=lambda: ENGINE) == Choice(
        "testcontainers", ENGINE.reason
    )


def test_without_testcontainers_the_engine_is_not_asked():
    assert choose_source({}, installed=lambda: False, engine=_never) == Choice(
        "embedded", "testcontainers is not installed"
    )


def test_testcontainers_is_installed():
    """A dev dependency (pyproject.toml): the path can run wherever an engine answers."""
    assert servers.testcontainers_installed()


def test_the_probe_reports_an_engine_that_does_not_answer(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("DOCKER_HOST", f"unix://{tmp_path}/docker.sock")

    probe = servers.docker_engine(timeout=1)

    assert probe.answers is False
    assert probe.reason.startswith("no Docker engine answers (") and len(probe.reason) < 300


def _fake_servers(source: str, reason: str) -> TestServers:
    return TestServers(
        "postgresql+psycopg://postgres@127.0.0.1:1/postgres", "redis://127.0.0.1:2/0", source, reason=reason
    )


def test_start_test_servers_runs_embedded_and_keeps_the_reason(monkeypatch):
    started: list[tuple[str, str]] = []
    monkeypatch.delenv("PF_TEST_DATABASE_URL", raising=False)
    monkeypatch.delenv("PF_TEST_REDIS_URL", raising=False)
    monkeypatch.setattr(servers, "docker_engine", lambda: NO_ENGINE)
    monkeypatch.setattr(servers, "_from_testcontainers", _never)
    monkeypatch.setattr(
        servers,
        "_embedded",
        lambda worker, reason: started.append((worker, reason)) or _fake_servers("embedded", reason),
    )

    got = servers.start_test_servers("gw3")

    assert started == [("gw3", NO_ENGINE.reason)]
    assert (got.source, got.reason) == ("embedded", NO_ENGINE.reason)
    assert got.describe() == f"Postgres and Redis: embedded ({NO_ENGINE.reason})"


def test_an_engine_that_cannot_run_the_containers_falls_back_loudly(monkeypatch):
    monkeypatch.delenv("PF_TEST_DATABASE_URL", raising=False)
    monkeypatch.setattr(servers, "docker_engine", lambda: ENGINE)

    def pull_fails(reason: str) -> TestServers:
        raise RuntimeError("pull access denied for postgres")

    monkeypatch.setattr(servers, "_from_testcontainers", pull_fails)
    monkeypatch.setattr(servers, "_embedded", lambda worker, reason: _fake_servers("embedded", reason))

    with pytest.warns(RuntimeWarning, match="testcontainers failed: RuntimeError: pull access denied"):
        got = servers.start_test_servers("main")

    assert got.source == "embedded" and got.reason.startswith(ENGINE.reason)


def test_the_environment_urls_get_the_psycopg_driver(monkeypatch):
    monkeypatch.setenv("PF_TEST_DATABASE_URL", "postgres://u:p@db:5432/postgres")
    monkeypatch.setenv("PF_TEST_REDIS_URL", "redis://r:6379/0")

    got = servers.start_test_servers()

    assert (got.pg_admin_url, got.redis_url, got.source) == (
        "postgresql+psycopg://u:p@db:5432/postgres",
        "redis://r:6379/0",
        "environment",
    )


# --------------------------------------------------------------------------- the real API


def test_the_testcontainers_api_this_module_uses():
    from testcontainers.community.postgres import PostgresContainer
    from testcontainers.community.redis import RedisContainer

    assert "driver" in inspect.signature(PostgresContainer.__init__).parameters
    assert {"host", "driver"} <= set(inspect.signature(PostgresContainer.get_connection_url).parameters)
    for method in ("start", "stop", "with_command"):
        assert callable(getattr(PostgresContainer, method)) and callable(getattr(RedisContainer, method))
    assert list(inspect.signature(RedisContainer.get_exposed_port).parameters) == ["self", "port"]
    assert list(inspect.signature(RedisContainer.get_container_host_ip).parameters) == ["self"]


class _NoDocker:
    """Stands for testcontainers' DockerClient: constructing a container needs no engine."""

    def __init__(self, **kwargs: Any) -> None:
        pass


def test_a_started_postgres_container_gives_a_psycopg_admin_url(monkeypatch):
    import testcontainers.core.container as tc_container
    from testcontainers.community.postgres import PostgresContainer
    from testcontainers.community.redis import RedisContainer

    monkeypatch.setattr(tc_container, "DockerClient", _NoDocker)
    pg = PostgresContainer(servers.POSTGRES_IMAGE, driver="psycopg", password="p@ss word")
    rd = RedisContainer(servers.REDIS_IMAGE)
    for c, port in ((pg, 49153), (rd, 49154)):  # as start() leaves them: a container, mapped ports
        c._container = object()
        monkeypatch.setattr(c, "get_container_host_ip", lambda: "127.0.0.1")
        monkeypatch.setattr(c, "get_exposed_port", lambda _port, port=port: port)

    admin, redis_url = servers.container_urls(pg, rd)

    assert admin == "postgresql+psycopg://test:p%40ss word@127.0.0.1:49153/postgres"
    assert redis_url == "redis://127.0.0.1:49154/0"
    # what TestServers does with it: the libpq URL psycopg.connect takes, and per-test databases
    got = TestServers(admin, redis_url, "testcontainers")
    assert got.database_url("pf_orders") == "postgresql+psycopg://test:p%40ss word@127.0.0.1:49153/pf_orders"


def _fake_docker(monkeypatch: pytest.MonkeyPatch, start: Any, stop: Any) -> None:
    """No engine: the client is a stub and start()/stop() of both containers are ``start``/``stop``
    (their own start() would wait for the server through the engine)."""
    import testcontainers.core.container as tc_container
    from testcontainers.community.postgres import PostgresContainer
    from testcontainers.community.redis import RedisContainer

    monkeypatch.setattr(tc_container, "DockerClient", _NoDocker)
    for cls in (PostgresContainer, RedisContainer):
        monkeypatch.setattr(cls, "start", start)
        monkeypatch.setattr(cls, "stop", stop)


def test_the_testcontainers_path_with_containers_that_start_without_an_engine(monkeypatch):
    """_from_testcontainers as it runs where an engine answers, with start() faked: which images,
    which Postgres settings, the URLs, and the containers stopped at the end."""
    from testcontainers.core.container import DockerContainer

    events: list[str] = []

    def start(self: DockerContainer) -> DockerContainer:
        events.append(f"start {self.image} {self._command or ''}".strip())
        self._container = object()
        return self

    _fake_docker(monkeypatch, start, lambda self, **kw: events.append(f"stop {self.image}"))
    monkeypatch.setattr(DockerContainer, "get_container_host_ip", lambda self: "127.0.0.1")
    monkeypatch.setattr(DockerContainer, "get_exposed_port", lambda self, port: 40000 + port % 1000)

    got = servers._from_testcontainers("Docker engine 27.3.1 answers")

    settings = " ".join(f"-c {s}" for s in servers.POSTGRES_SETTINGS)
    assert events == [f"start postgres:17 postgres {settings}", "start redis:7"]
    assert "max_connections=300" in settings
    assert (got.pg_admin_url, got.redis_url) == (
        "postgresql+psycopg://test:test@127.0.0.1:40432/postgres",
        "redis://127.0.0.1:40379/0",
    )
    assert (got.source, got.reason) == ("testcontainers", "Docker engine 27.3.1 answers")
    got.stop()
    assert events[2:] == ["stop redis:7", "stop postgres:17"]


def test_a_container_that_fails_to_start_stops_the_one_already_started(monkeypatch):
    from testcontainers.core.container import DockerContainer

    events: list[str] = []

    def start(self: DockerContainer) -> DockerContainer:
        if self.image == servers.REDIS_IMAGE:
            raise RuntimeError("no redis image")
        self._container = object()
        return self

    _fake_docker(monkeypatch, start, lambda self, **kw: events.append(f"stop {self.image}"))

    with pytest.raises(RuntimeError, match="no redis image"):
        servers._from_testcontainers("answers")
    assert events == ["stop postgres:17"]
