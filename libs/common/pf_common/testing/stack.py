"""A multi-service harness: two or more services' real apps and workers in one test.

::

    async def test_sweeper_asks_orders(services_stack):
        stack = await services_stack("orders", "catalog")
        async with stack["orders"].client_for("catalog") as catalog:      # orders' service token
            await catalog.post("/internal/v1/inventory/reservations", json=...)
        await stack["catalog"].run_job("sweep_reservations", now=later)   # calls orders over HTTP
        async with stack["catalog"].db.read() as s: ...                   # assert on catalog's rows

Each service runs as it does in production, inside this test process:

* its **API** is the app of ``pf_<svc>.app.create_app`` served by uvicorn on a free port of
  127.0.0.1 (real HTTP, its own lifespan and runtime);
* its **worker** is ``pf_common.worker.Worker`` with the service's ``CONSUMERS`` and its own
  context (``CONTEXT.build(settings)``, as ``python -m pf_<svc>.worker`` builds it; the API builds
  its own in ``create_app``): the real outbox relay and consumers over Redis Streams. The
  scheduler loop is off: a test runs a job when it wants with :meth:`StackService.run_job`
  (``now`` can be any instant, the job gets the worker's context);
* its **database** is its own schema of one shared stack database (as ``make up`` does), migrated
  once per test session, its tables emptied when a stack starts; writes are **real commits**;
* every service's ``<other>_internal_url`` setting points at the other services of the stack,
  and calls between them carry real **service tokens** (one key folder for the stack).

Start-up costs ~0.2 s per service after the first migration. Stacks are stopped (APIs, workers,
runtimes) when the test ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import os
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import sqlalchemy as sa
import uvicorn

from pf_common.consumer import Consumer
from pf_common.context import ServiceContext
from pf_common.db import Database
from pf_common.embedded import free_port
from pf_common.http import make_http_client
from pf_common.logging import get_logger
from pf_common.migrations import service_dir, upgrade
from pf_common.runtime import Runtime
from pf_common.scheduler import run_job_once
from pf_common.service_auth import ServiceAuth
from pf_common.testing.servers import TestServers
from pf_common.transports import make_transport
from pf_common.worker import PLATFORM_JOBS, Worker, worker_redis_settings

if TYPE_CHECKING:
    from pf_common.settings import ServiceSettings

__all__ = ["ServicesStack", "StackFactory", "StackService", "stack_database_name"]

log = get_logger(__name__)


def stack_database_name() -> str:
    return f"pf_stack_{os.getpid()}"


class _Server(uvicorn.Server):
    """uvicorn inside a test: pytest keeps its own signal handlers."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


@dataclass
class StackService:
    """One running service of a stack."""

    name: str
    settings: ServiceSettings
    app: Any
    url: str
    worker_runtime: Runtime
    worker_context: ServiceContext[Any]
    consumers: list[Consumer]
    jobs: list[Any]
    _server: _Server
    _server_task: asyncio.Task[None]
    _worker: Worker
    _worker_task: asyncio.Task[None]
    _clients: list[httpx.AsyncClient] = field(default_factory=list)
    _stack: ServicesStack | None = None

    @property
    def db(self) -> Database:
        """The service's database (``db.transaction()`` commits; ``db.read()`` reads)."""
        return self.worker_runtime.db

    @property
    def service_auth(self) -> ServiceAuth:
        """The service tokens of the service's worker (its keys are the API's too)."""
        return self.worker_context.service_auth

    def client(self, **headers: str) -> httpx.AsyncClient:
        """An HTTP client of this service's API (no token: add the headers a test needs)."""
        c = httpx.AsyncClient(base_url=self.url, headers=headers, timeout=10)
        self._clients.append(c)
        return c

    def client_for(self, other: StackService | str, stack: ServicesStack | None = None) -> httpx.AsyncClient:
        """A client of ``other``'s API that sends this service's service tokens, as its own
        clients do (``make_http_client`` with the token provider)."""
        target = other if isinstance(other, StackService) else self._stack_lookup(other, stack)
        c = make_http_client(
            base_url=target.url, timeout_s=10, token_provider=self.service_auth.token_provider(target.name)
        )
        self._clients.append(c)
        return c

    def _stack_lookup(self, name: str, stack: ServicesStack | None) -> StackService:
        owner = stack or self._stack
        if owner is None:
            raise ValueError("this service belongs to no stack")
        return owner[name]

    async def run_job(self, name: str, *, now: datetime | None = None) -> str:
        """Run one of the service's jobs once, as ``worker job NAME`` would (``now`` overrides the clock)."""
        by_name = {j.name: j for j in (*PLATFORM_JOBS, *self.jobs)}
        return await run_job_once(
            by_name[name],
            db=self.db,
            redis=self.worker_runtime.redis,
            context=self.worker_context,
            transport=self._worker.transport,
            now=now,
        )

    async def restart_api(
        self, *, down_s: float = 0.0, until: Callable[[], Awaitable[Any]] | None = None
    ) -> None:
        """Kill the API as a crash would (open connections cut, in-flight requests lost), keep it
        down ``down_s`` seconds and then until ``until()`` returns (e.g. a caller has seen the
        outage), then start a fresh process's worth of it (a new app, lifespan and context) on
        the same port. The worker keeps running."""
        self._server.should_exit = True
        self._server.force_exit = True
        try:
            await asyncio.wait_for(self._server_task, timeout=10)
        except (TimeoutError, asyncio.CancelledError):
            self._server_task.cancel()
        await asyncio.sleep(down_s)
        if until is not None:
            await until()
        self.app = importlib.import_module(f"pf_{self.name}.app").create_app(self.settings)
        self._server, self._server_task = await _serve(self.name, self.app, self._server.config.port)

    async def stop(self) -> None:
        for c in self._clients:
            await c.aclose()
        self._worker.stop()
        self._server.should_exit = True
        for task in (self._worker_task, self._server_task):
            try:
                await asyncio.wait_for(task, timeout=10)
            except (TimeoutError, asyncio.CancelledError):
                task.cancel()
        await self._worker.transport.close()
        await self.worker_context.aclose()
        await self.worker_runtime.close()


class ServicesStack:
    """The services of one stack by name: ``stack["orders"]``."""

    def __init__(self) -> None:
        self.services: dict[str, StackService] = {}

    def __getitem__(self, name: str) -> StackService:
        return self.services[name]

    def __iter__(self) -> Any:
        return iter(self.services.values())

    async def wait_for(
        self,
        condition: Callable[[], Awaitable[bool]],
        *,
        timeout_s: float = 15.0,
        what: str = "condition",
    ) -> None:
        """Poll ``condition`` (e.g. a consumer's effect) until true; fail after ``timeout_s``."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout_s
        while not await condition():
            if loop.time() > deadline:
                raise AssertionError(f"timed out after {timeout_s}s waiting for {what}")
            await asyncio.sleep(0.05)

    async def stop(self) -> None:
        for svc in reversed(list(self.services.values())):
            with contextlib.suppress(Exception):
                await svc.stop()


StackFactory = Callable[..., Awaitable[ServicesStack]]


class StackDatabases:
    """One database per test session holding every service's schema, migrated on first use."""

    def __init__(self, servers: TestServers) -> None:
        self.servers = servers
        self.url: str | None = None
        self.migrated: set[str] = set()

    def ensure(self, services: tuple[str, ...]) -> str:
        if self.url is None:
            self.url = self.servers.create_database(stack_database_name())
        for name in services:
            if name not in self.migrated:
                upgrade(service_dir(name), self.url)
                self.migrated.add(name)
        return self.url


async def _empty_schema(db: Database, schema: str) -> None:
    """Every table of the service's schema emptied (alembic's version table kept)."""
    async with db.transaction() as session:
        tables = (
            await session.execute(
                sa.text(
                    "SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = :s "
                    "AND tablename <> 'alembic_version'"
                ),
                {"s": schema},
            )
        ).scalars()
        names = ", ".join(f"{schema}.{t}" for t in tables)
        if names:
            await session.execute(sa.text(f"TRUNCATE {names} CASCADE"))


async def start_stack(
    names: tuple[str, ...],
    *,
    database_url: str,
    redis_url: str,
    keys_dir: Path,
    overrides: dict[str, dict[str, Any]] | None = None,
) -> ServicesStack:
    """Start the APIs and workers of ``names`` (see the module docstring)."""
    if len(set(names)) != len(names) or not names:
        raise ValueError(f"name each service once: {names}")
    ports = {name: free_port() for name in names}
    stack = ServicesStack()
    try:
        for name in names:
            svc = await _start_service(name, names, ports, database_url, redis_url, keys_dir, overrides or {})
            svc._stack = stack
            stack.services[name] = svc
    except BaseException:
        await stack.stop()
        raise
    return stack


async def _start_service(
    name: str,
    names: tuple[str, ...],
    ports: dict[str, int],
    database_url: str,
    redis_url: str,
    keys_dir: Path,
    overrides: dict[str, dict[str, Any]],
) -> StackService:
    settings_cls = importlib.import_module(f"pf_{name}.settings").Settings
    values: dict[str, Any] = {
        "database_url": database_url,
        "redis_url": redis_url,
        "keys_dir": keys_dir,
        "environment": "test",
        "log_format": "json",
        "db_pool_size": 3,
        "worker_scheduler_enabled": False,
        "consumer_block_ms": 100,
        "outbox_publish_poll_ms": 50,
    }
    for other in names:
        field_name = f"{other}_internal_url"
        if other != name and field_name in settings_cls.model_fields:
            values[field_name] = f"http://127.0.0.1:{ports[other]}"
    values.update(overrides.get(name, {}))
    settings = settings_cls(**values)

    worker_module = importlib.import_module(f"pf_{name}.worker")
    consumers, jobs = list(worker_module.CONSUMERS), list(worker_module.JOBS)
    context_cls: type[ServiceContext[Any]] = vars(worker_module).get("CONTEXT", ServiceContext)
    runtime = Runtime.create(worker_redis_settings(settings, consumers))
    await _empty_schema(runtime.db, settings.schema_name)
    transport = make_transport(settings, runtime.redis)
    context = context_cls.build(settings)
    worker = Worker(runtime, transport, consumers, jobs, context)
    worker_task = asyncio.create_task(worker.run(), name=f"{name}-worker")

    app = importlib.import_module(f"pf_{name}.app").create_app(settings)
    server, server_task = await _serve(name, app, ports[name])
    log.info("stack.service_started", service=name, port=ports[name])
    return StackService(
        name=name,
        settings=settings,
        app=app,
        url=f"http://127.0.0.1:{ports[name]}",
        worker_runtime=runtime,
        worker_context=context,
        consumers=consumers,
        jobs=jobs,
        _server=server,
        _server_task=server_task,
        _worker=worker,
        _worker_task=worker_task,
    )


async def _serve(name: str, app: Any, port: int) -> tuple[_Server, asyncio.Task[None]]:
    """``app`` served by uvicorn on ``port`` (lifespan on), once it accepts connections."""
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    server = _Server(config)
    server_task = asyncio.create_task(server.serve(), name=f"{name}-api")
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 20
    while not server.started:
        if server_task.done():
            server_task.result()  # raises what stopped it
            raise RuntimeError(f"{name}'s API stopped during start-up")
        if loop.time() > deadline:
            raise RuntimeError(f"{name}'s API did not start within 20 s")
        await asyncio.sleep(0.02)
    return server, server_task


@contextlib.asynccontextmanager
async def running_stack(*names: str, **kw: Any) -> AsyncIterator[ServicesStack]:
    stack = await start_stack(names, **kw)
    try:
        yield stack
    finally:
        await stack.stop()
