"""pytest plugin of every service (loaded with ``-p pf_common.testing.plugin``).

Real Postgres and Redis (see ``servers.py``); each service's database is
migrated once per session (``alembic upgrade head``) and each test runs inside
an outer transaction that is rolled back, the app's sessions joining it
through savepoints. The service under test is inferred from the test's path
(``services/<name>/tests/...``).

Fixtures: ``pf_servers``, ``redis``, ``fresh_database``, ``db_connection``,
``db_session``, ``runtime``, ``context``, ``context_factory``, ``app``, ``client``,
``as_store``, ``as_admin``, ``as_agent``, ``as_service`` (service tokens), ``services_stack``
(several real services), ``other_store``, ``emitted_events``, ``deliver``, ``run_job``,
``frozen_time``, ``captured_logs``, ``pf_service_app_unready``.

The service's context (:mod:`pf_common.context`; the class its ``worker.py`` names ``CONTEXT``)
is built the way the processes build it: ``context`` is ``CONTEXT.build(settings)``, closed after
the test, and the ``app``, ``deliver`` and ``run_job`` of the test all use that one object. Doubles
go at the edge through it: a conftest or module overrides ``context`` with
``context_factory(**doubles)`` (``build``'s keyword arguments, e.g. ``blobs=``, ``orders=``), or a
fixture replaces one client of ``context`` for the tests that ask for it.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import importlib
import os
import sys
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, MutableMapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import httpx
import pytest
import sqlalchemy as sa
from pydantic import SecretBytes, SecretStr
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession

from pf_common.db import Database, make_engine
from pf_common.events.envelope import Envelope
from pf_common.events.registry import EventPayload
from pf_common.ids import uuid7
from pf_common.migrations import service_dir as service_dir  # re-exported for service tests
from pf_common.platform_tables import platform_tables_for
from pf_common.principal import StoreType, SystemRole
from pf_common.resp import close_lean_redis
from pf_common.testing.servers import TestServers, start_test_servers

if TYPE_CHECKING:
    from pf_common.runtime import Runtime
    from pf_common.settings import ServiceSettings

SERVICES = ("identity", "media", "catalog", "orders", "logistics", "finance", "ads", "analytics")


# --------------------------------------------------------------------------- servers


def pytest_report_header(config: pytest.Config) -> str:
    """Which Postgres and Redis the run uses, and why (a Docker engine, the environment, or
    the embedded servers from pip wheels)."""
    from pf_common.testing.servers import choose_source

    choice = choose_source(os.environ)
    return f"pf test servers: {choice.source} ({choice.reason})"


@pytest.fixture(scope="session")
def worker_id(request: pytest.FixtureRequest) -> str:
    wi = getattr(request.config, "workerinput", None)
    return wi["workerid"] if wi else "main"


@pytest.fixture(scope="session")
def pf_servers(worker_id: str) -> Iterator[TestServers]:
    servers = start_test_servers(worker_id)
    yield servers
    servers.stop()


@pytest.fixture(scope="session")
def pubsub_emulator_host() -> Iterator[str]:
    """``host:port`` of a Pub/Sub emulator: ``PUBSUB_EMULATOR_HOST``, else one started
    from the installed Google Cloud SDK, else the test is skipped (visibly)."""
    from pf_common.testing.emulators import SKIP_REASON, PubSubEmulator, find_pubsub_emulator

    existing = os.environ.get("PUBSUB_EMULATOR_HOST")
    if existing:
        yield existing
        return
    binary = find_pubsub_emulator()
    if binary is None:
        pytest.skip(SKIP_REASON)
    emulator = PubSubEmulator(binary).start()
    os.environ["PUBSUB_EMULATOR_HOST"] = emulator.host  # the Google clients read it on creation
    try:
        yield emulator.host
    finally:
        os.environ.pop("PUBSUB_EMULATOR_HOST", None)
        emulator.stop()


@pytest.fixture
async def redis(pf_servers: TestServers) -> AsyncIterator[Redis]:
    """A Redis client on the worker's server, flushed before each test."""
    client = Redis.from_url(pf_servers.redis_url)
    await client.flushdb()
    yield client
    await close_lean_redis(client)  # the lean client a test's code made of it (pf_common.resp)
    await client.aclose()


@pytest.fixture(scope="session")
def fresh_database(pf_servers: TestServers) -> Callable[[str], str]:
    """``fresh_database(name) -> url``: an empty database (dropped first if it exists)."""
    return lambda name: pf_servers.create_database(name, drop=True)


# --------------------------------------------------------------------------- service under test


def service_of(path: Path) -> str | None:
    parts = path.resolve().parts
    for i, part in enumerate(parts[:-1]):
        if part == "services" and parts[i + 1] in SERVICES:
            return parts[i + 1]
    return None


@pytest.fixture
def pf_service(request: pytest.FixtureRequest) -> str:
    service = service_of(Path(str(request.node.path)))
    if service is None:
        pytest.fail("this fixture needs a test under services/<name>/tests/")
    return service


@dataclass
class _ServiceDB:
    url: str
    engine: AsyncEngine


@pytest.fixture(scope="session")
def _pf_service_dbs(pf_servers: TestServers) -> Iterator[dict[str, _ServiceDB]]:
    cache: dict[str, _ServiceDB] = {}
    yield cache
    for svc in cache:  # connections die with FORCE; the engines go with the process
        with contextlib.suppress(Exception):
            pf_servers.drop_database(_db_name(svc))


def _db_name(service: str) -> str:
    # unique per session so that suites sharing a server never drop each other's database
    return f"pf_test_{service}_{os.getpid()}"


@pytest.fixture
async def service_db(
    pf_service: str, pf_servers: TestServers, _pf_service_dbs: dict[str, _ServiceDB]
) -> _ServiceDB:
    """The service's test database, migrated to head once per session."""
    if pf_service not in _pf_service_dbs:
        from pf_common.migrations import upgrade

        url = pf_servers.create_database(_db_name(pf_service))
        upgrade(service_dir(pf_service), url)
        _pf_service_dbs[pf_service] = _ServiceDB(url, make_engine(url, pool_size=5, max_overflow=5))
    return _pf_service_dbs[pf_service]


@pytest.fixture
async def db_connection(service_db: _ServiceDB) -> AsyncIterator[AsyncConnection]:
    """One connection in an outer transaction, rolled back after the test."""
    async with service_db.engine.connect() as conn:
        trans = await conn.begin()
        try:
            yield conn
        finally:
            if trans.is_active:
                await trans.rollback()


@pytest.fixture
def settings_factory(
    pf_service: str, service_db: _ServiceDB, pf_servers: TestServers, tmp_path_factory: Any
) -> Any:
    keys_dir = tmp_path_factory.getbasetemp() / "pf-keys"
    settings_cls = importlib.import_module(f"pf_{pf_service}.settings").Settings

    def make(**overrides: Any) -> Any:
        values: dict[str, Any] = {
            "database_url": service_db.url,
            "redis_url": pf_servers.redis_url,
            "keys_dir": keys_dir,
            "environment": "test",
            "log_format": "json",
        }
        values.update(overrides)
        return _settings(settings_cls, values)

    return make


# Settings built by ``settings_factory``, by class, values and the ``PF_*`` environment (what a
# service's settings read): pydantic-settings spends ~20 ms of CPU building one (every field
# looked up in every source), and most tests build the same. Each test gets its own deep copy.
_SETTINGS_MADE: dict[tuple[Any, ...], Any] = {}


def _value_key(value: Any) -> Any:
    # a secret's repr masks its value: two different secrets would look the same
    if isinstance(value, SecretStr | SecretBytes):
        return (type(value), value.get_secret_value())
    return repr(value)


def _settings(settings_cls: type[Any], values: dict[str, Any]) -> Any:
    environment = tuple(sorted((k.upper(), v) for k, v in os.environ.items() if k.upper().startswith("PF_")))
    key = (settings_cls, tuple(sorted((k, _value_key(v)) for k, v in values.items())), environment)
    made = _SETTINGS_MADE.get(key)
    if made is None:
        if len(_SETTINGS_MADE) >= 512:
            _SETTINGS_MADE.clear()
        made = _SETTINGS_MADE[key] = settings_cls(**values)
    return made.model_copy(deep=True)


@pytest.fixture
def settings(settings_factory: Any) -> Any:
    return settings_factory()


@pytest.fixture
def database(pf_service: str, service_db: _ServiceDB, db_connection: AsyncConnection) -> Database:
    return Database(service=pf_service, engine=service_db.engine, bind=db_connection)


@pytest.fixture
async def db_session(database: Database) -> AsyncIterator[AsyncSession]:
    """A session inside the test's outer transaction (commits are savepoints)."""
    session = database.session()
    try:
        yield session
    finally:
        await session.close()


@pytest.fixture
async def runtime(settings: ServiceSettings, database: Database, redis: Redis) -> AsyncIterator[Runtime]:
    from pf_common.runtime import Runtime

    rt = Runtime.create(settings, db=database, redis=redis)
    yield rt
    if rt.authenticator is not None:
        await rt.authenticator.aclose()


def context_class(service: str) -> type[Any] | None:
    """The context class ``pf_<service>/worker.py`` declares as ``CONTEXT`` (None for a service
    shell that declares none yet: its app builds pf_common's base context itself)."""
    worker = importlib.import_module(f"pf_{service}.worker")
    cls: type[Any] | None = vars(worker).get("CONTEXT")
    return cls


def create_service_app(service: str, settings: Any, *, runtime: Any = None, context: Any = None) -> Any:
    """``pf_<service>.app.create_app`` with ``runtime`` and the test's ``context``."""
    module = importlib.import_module(f"pf_{service}.app")
    if context_class(service) is None:
        return module.create_app(settings, runtime=runtime)
    return module.create_app(settings, runtime=runtime, context=context)


@pytest.fixture
async def context_factory(pf_service: str, settings: Any) -> AsyncIterator[Callable[..., Any]]:
    """``context_factory([settings], **doubles)`` -> the service's context, built as its
    processes build it (``CONTEXT.build(settings, **doubles)``; the test's ``settings`` unless
    others are given) and closed after the test."""
    from pf_common.context import ServiceContext

    cls = context_class(pf_service) or ServiceContext
    built: list[Any] = []

    def make(other_settings: Any = None, /, **doubles: Any) -> Any:
        context = cls.build(other_settings if other_settings is not None else settings, **doubles)
        built.append(context)
        return context

    yield make
    for context in reversed(built):
        await context.aclose()


@pytest.fixture
def context(context_factory: Callable[..., Any]) -> Any:
    """The service's context of the test (module docstring): override it to put doubles in."""
    return context_factory()


@pytest.fixture
def app(pf_service: str, settings: Any, runtime: Any, context: Any) -> Any:
    return create_service_app(pf_service, settings, runtime=runtime, context=context)


@pytest.fixture
async def client(app: Any, db_session: AsyncSession) -> AsyncIterator[httpx.AsyncClient]:
    """An ASGI client of the service app; the test's session is expunged before each request."""

    async def _expunge(_request: httpx.Request) -> None:
        db_session.expunge_all()

    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://test", event_hooks={"request": [_expunge]}
    ) as c:
        yield c


@pytest.fixture
async def pf_service_app_unready(
    pf_service: str, settings_factory: Any, context_factory: Callable[..., Any]
) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the app whose Postgres and Redis point at closed ports."""
    from pf_common.embedded import free_port
    from pf_common.runtime import Runtime

    dead_pg, dead_redis = free_port(), free_port()
    settings = settings_factory(
        database_url=f"postgresql+psycopg://postgres@127.0.0.1:{dead_pg}/none",
        redis_url=f"redis://127.0.0.1:{dead_redis}/0",
    )
    rt = Runtime.create(settings)
    app = create_service_app(pf_service, settings, runtime=rt, context=context_factory(settings))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as c:
        yield c
    await rt.close()


# --------------------------------------------------------------------------- actors (real tokens)


@dataclass
class Actor:
    user_id: uuid.UUID
    session_id: str
    token: str
    store_id: uuid.UUID | None = None
    store_type: str | None = None
    role: str | None = None
    system_role: str | None = None
    extra_headers: dict[str, str] = field(default_factory=dict)

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", **self.extra_headers}

    def with_idempotency(self, key: str | None = None) -> dict[str, str]:
        return {**self.headers, "Idempotency-Key": key or str(uuid.uuid4())}


@pytest.fixture
def mint_actor(settings: ServiceSettings, redis: Redis) -> Callable[..., Awaitable[Actor]]:
    from pf_common.devkeys import ensure_dev_keys
    from pf_common.sessions import SessionRegistry
    from pf_common.testing.tokens import TestTokenSigner

    keys = ensure_dev_keys(settings.resolved_keys_dir())
    signer = TestTokenSigner(keys.private_pem, keys.kid, settings.jwt_issuer, settings.jwt_audience)
    sessions = SessionRegistry(redis)

    async def mint(
        *,
        store_type: StoreType | None = None,
        role: str | None = None,
        system_role: SystemRole | None = None,
        store_id: uuid.UUID | None = None,
        user_id: uuid.UUID | None = None,
        kyc: str | None = None,
        active_session: bool = True,
    ) -> Actor:
        uid = user_id or uuid7()
        sid = str(uuid7())
        sid_store = store_id if store_type is not None else None
        if store_type is not None and sid_store is None:
            sid_store = uuid7()
        token = signer.mint(
            user_id=uid,
            session_id=sid,
            store_id=sid_store,
            store_type=store_type,
            role=role,
            system_role=system_role,
            kyc_status=kyc,
        )
        if active_session:
            await sessions.activate(sid, 3600)
        return Actor(uid, sid, token, sid_store, store_type, role, system_role)

    return mint


@pytest.fixture
def as_store(mint_actor: Callable[..., Awaitable[Actor]]) -> Callable[..., Awaitable[Actor]]:
    """``await as_store("vendor", "owner", kyc="verified")`` -> an Actor with a real token."""

    async def make(
        store_type: str = "buyer",
        role: str = "owner",
        *,
        kyc: str = "verified",
        store_id: uuid.UUID | None = None,
        user_id: uuid.UUID | None = None,
    ) -> Actor:
        return await mint_actor(store_type=store_type, role=role, kyc=kyc, store_id=store_id, user_id=user_id)

    return make


@pytest.fixture
async def other_store(as_store: Callable[..., Awaitable[Actor]]) -> Actor:
    """A second store's owner, for "another store's row is 404" checks."""
    return await as_store("buyer", "owner")


@pytest.fixture
def as_service(settings: ServiceSettings) -> Callable[..., dict[str, str]]:
    """``as_service("orders")`` -> headers with a real service token of ``orders`` addressed to
    the service under test (its keys are made in the test keys folder the app trusts)."""
    from pf_common.testing.auth_matrix import service_signer

    signers: dict[str, Any] = {}

    def make(caller: str, *, audience: str | None = None) -> dict[str, str]:
        if caller not in signers:
            signers[caller] = service_signer(settings, caller)
        return {"Authorization": f"Bearer {signers[caller].token_for(audience or settings.service_name)}"}

    return make


@pytest.fixture
def as_admin(mint_actor: Callable[..., Awaitable[Actor]]) -> Callable[..., Awaitable[Actor]]:
    return lambda: mint_actor(role="admin", system_role="admin")


@pytest.fixture
def as_agent(mint_actor: Callable[..., Awaitable[Actor]]) -> Callable[..., Awaitable[Actor]]:
    return lambda: mint_actor(role="agent", system_role="agent")


# --------------------------------------------------------------------------- several services


class HeavyPhases:
    """One CPU-heavy phase at a time across this run's xdist workers (a file lock).

    Booting the whole embedded stack (Postgres, Redis, every service, Caddy) and racing a
    thousand checkouts each take both cores of a small runner for minutes; when ``-n 2`` gives
    them one worker each at the same moment, the boot misses its readiness deadline and the race
    sees pool timeouts (503). A phase waits here for the other's to end; the wait is printed.
    """

    def __init__(self, lock_file: Path) -> None:
        self.lock_file = lock_file

    # The lock is the open file's: closing it (the ``with`` below) releases it.

    @contextlib.contextmanager
    def hold(self, what: str) -> Iterator[float]:
        """Hold the lock for ``what``; yields how long it waited (seconds)."""
        with self.lock_file.open("a") as handle:
            started = time.monotonic()
            if not self._try(handle, what):
                fcntl.flock(handle, fcntl.LOCK_EX)
            yield time.monotonic() - started

    @contextlib.asynccontextmanager
    async def hold_async(self, what: str) -> AsyncIterator[float]:
        """:meth:`hold` for a coroutine: it waits in a thread, not blocking its event loop."""
        with self.lock_file.open("a") as handle:
            started = time.monotonic()
            if not self._try(handle, what):
                await asyncio.to_thread(fcntl.flock, handle, fcntl.LOCK_EX)
            yield time.monotonic() - started

    @staticmethod
    def _try(handle: IO[str], what: str) -> bool:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            sys.stderr.write(f"[pf] {what}: waiting for another worker's heavy phase to end\n")
            return False
        return True


@pytest.fixture(scope="session")
def heavy_phases(tmp_path_factory: pytest.TempPathFactory) -> HeavyPhases:
    """The run's :class:`HeavyPhases`: its lock file sits beside the workers' base directories."""
    return HeavyPhases(tmp_path_factory.getbasetemp().parent / "pf-heavy-phase.lock")


@pytest.fixture(scope="session")
def _pf_stack_databases(pf_servers: TestServers) -> Iterator[Any]:
    from pf_common.testing.stack import StackDatabases, stack_database_name

    dbs = StackDatabases(pf_servers)
    yield dbs
    if dbs.url is not None:
        with contextlib.suppress(Exception):
            pf_servers.drop_database(stack_database_name())


@pytest.fixture
async def services_stack(
    pf_servers: TestServers, redis: Redis, _pf_stack_databases: Any, tmp_path_factory: Any
) -> AsyncIterator[Callable[..., Awaitable[Any]]]:
    """``stack = await services_stack("orders", "catalog")``: real APIs (HTTP) and workers (relay,
    consumers) of those services with service tokens, on committed data (pf_common.testing.stack)."""
    from pf_common.testing.stack import start_stack

    stacks: list[Any] = []

    async def start(*names: str, overrides: dict[str, dict[str, Any]] | None = None) -> Any:
        url = _pf_stack_databases.ensure(names)
        stack = await start_stack(
            names,
            database_url=url,
            redis_url=pf_servers.redis_url,
            keys_dir=tmp_path_factory.getbasetemp() / "pf-keys",
            overrides=overrides,
        )
        stacks.append(stack)
        return stack

    yield start
    for stack in stacks:
        await stack.stop()


# --------------------------------------------------------------------------- events and jobs


@pytest.fixture
def emitted_events(db_session: AsyncSession, pf_service: str) -> Callable[..., Awaitable[list[Envelope]]]:
    """``await emitted_events("order_created")`` -> envelopes written to the outbox, oldest first."""
    outbox = platform_tables_for(pf_service).outbox

    async def read(event_type: str | None = None) -> list[Envelope]:
        stmt = sa.select(outbox.c.payload).order_by(outbox.c.created_at, outbox.c.id)
        if event_type is not None:
            stmt = stmt.where(outbox.c.event_type == event_type)
        rows = (await db_session.execute(stmt)).scalars().all()
        return [Envelope.model_validate(r) for r in rows]

    return read


@pytest.fixture
def deliver(pf_service: str, database: Database, context: Any) -> Callable[..., Awaitable[list[str]]]:
    """``await deliver(payload_or_envelope, times=2)`` through the service's real consumers.

    Runs every consumer of the event type (inbox + handler in one transaction)
    ``times`` times with the same event id, with the test's ``context``; returns the outcomes.
    """
    from pf_common.consumer import ConsumerRunner

    consumers = importlib.import_module(f"pf_{pf_service}.worker").CONSUMERS

    async def run(event: EventPayload | Envelope, *, times: int = 2, **envelope_kw: Any) -> list[str]:
        if isinstance(event, Envelope):
            envelope = event
            from pf_common.events.registry import validate_payload

            payload = validate_payload(envelope)
        else:
            payload = event
            envelope = event.to_envelope(event_id=uuid7(), **envelope_kw)
        matching = [
            c
            for c in consumers
            if c.external is None
            and c.event.event_type == envelope.event_type
            and c.producer_name == envelope.producer
        ]
        if not matching:
            raise AssertionError(f"pf_{pf_service} has no consumer of {envelope.event_type}")
        outcomes = []
        for _ in range(times):
            for c in matching:
                # apply() handles the envelope in-process: no subscription, so no transport
                runner = ConsumerRunner(database, transport=None, consumer=c, context=context)  # type: ignore[arg-type]
                outcomes.append(await runner.apply(envelope, payload))
        return outcomes

    return run


@pytest.fixture
def run_job(pf_service: str, database: Database, redis: Redis, context: Any) -> Callable[..., Awaitable[str]]:
    """``await run_job("expire_pending_orders", now=...)`` runs one job once through the job runner,
    with the test's ``context`` (and no transport: ``trim_streams`` does nothing)."""
    from pf_common.scheduler import run_job_once
    from pf_common.worker import PLATFORM_JOBS

    jobs = importlib.import_module(f"pf_{pf_service}.worker").JOBS

    async def run(name: str, *, now: datetime | None = None) -> str:
        by_name = {j.name: j for j in (*PLATFORM_JOBS, *jobs)}
        return await run_job_once(by_name[name], db=database, redis=redis, context=context, now=now)

    return run


@pytest.fixture
def frozen_time() -> Iterator[Callable[[Any], Any]]:
    """``frozen_time("2026-01-01T00:00:00Z")`` freezes the clock (time-machine) until the test ends."""
    import time_machine

    travellers: list[Any] = []

    def freeze(when: Any) -> Any:
        t = time_machine.travel(when, tick=False)
        t.start()
        travellers.append(t)
        return t

    yield freeze
    for t in reversed(travellers):
        t.stop()


def forget_cached_loggers() -> None:
    """Module-level structlog loggers cache their assembled logger on first use (production
    logging is configured so): forget it, so that they follow the configuration of now (e.g.
    ``capture_logs``) whatever an earlier test in this process logged."""
    from structlog._config import BoundLoggerLazyProxy

    for module in list(sys.modules.values()):
        for value in list(getattr(module, "__dict__", {}).values()):
            if isinstance(value, BoundLoggerLazyProxy) and "bind" in vars(value):
                del value.bind


@pytest.fixture
def captured_logs() -> Iterator[list[MutableMapping[str, Any]]]:
    """Structured log entries emitted during the test (structlog ``capture_logs``)."""
    from structlog.testing import capture_logs

    forget_cached_loggers()
    try:
        with capture_logs() as logs:
            yield logs
    finally:
        forget_cached_loggers()  # nothing keeps logging into this test's list


# --------------------------------------------------------------------------- no I/O inside a session


@pytest.fixture(autouse=True)
def _pf_no_io_inside_db_session() -> Iterator[None]:
    """Every test fails when an outgoing pf_common HTTP request or a blob store operation started
    while its task was inside a database session (``pf_common.iosafety``; ARCHITECTURE §1): the
    report names the call, the session and the call site. Recorded, not raised, so that code that
    swallows errors (a read path degrading to ``null``) cannot hide it."""
    from pf_common import iosafety

    with iosafety.recording() as violations:
        yield
    if violations:
        pytest.fail(iosafety.describe(violations), pytrace=False)
