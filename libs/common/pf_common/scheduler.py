"""Scheduled jobs: a registry with intervals or cron expressions, one leader per job.

A job is ``async def job(session, ctx)``, ``ctx`` a :class:`JobContext`: its clock
(``ctx.now``), database, Redis, the worker's transport and the process's service context
(``ctx.context``: its settings and clients, :mod:`pf_common.context`; annotate
``ctx: JobContext[MediaContext]`` to type them). The runner opens its transaction
(one job run = one transaction) and takes ``pg_try_advisory_xact_lock`` on a
key derived from ``<service>:<job>``, so when several workers run the
scheduler only one of them runs a given job at a time. The time of the last
successful run is kept in Redis so a second worker does not re-run a job that
another one just finished. Jobs must still be idempotent: re-runs happen.

A job that calls the network or a blob store is ``Job(..., transaction=False)``: it is
``async def job(ctx)`` and opens its own short transactions through ``ctx.db`` (claim →
release → call → record, ARCHITECTURE §1), since nothing may be called inside the runner's
transaction. Its leader lock is then ``pg_try_advisory_lock`` (session level) on a connection
of the runner's own, in autocommit: no transaction is open on it (no snapshot, no row lock) and
it is not a session scope of ``pf_common.iosafety``; the lock is released when the job ends, and
goes with the connection if the process dies. It costs one idle pooled connection while the job
runs (the scheduler runs one job at a time).

``python -m pf_<svc>.worker job <name>`` runs one job once (Kubernetes CronJob).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar, cast

import sqlalchemy as sa
import structlog
from croniter import croniter
from prometheus_client import Counter, Histogram
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession

from pf_common.context import ServiceContext
from pf_common.db import Database
from pf_common.logging import get_logger
from pf_common.transports.base import Transport

log = get_logger(__name__)

JOB_DURATION = Histogram("pf_job_duration_seconds", "Scheduled job duration", ["service", "job"])
JOB_SUCCESS = Counter("pf_job_success_total", "Scheduled job successes", ["service", "job"])
JOB_FAILURE = Counter("pf_job_failure_total", "Scheduled job failures", ["service", "job"])


C = TypeVar("C", bound=ServiceContext[Any])


@dataclass
class JobContext(Generic[C]):
    """What one job run gets: ``context`` is the process's service context (its settings and
    clients), ``transport`` the worker's event transport (None where no worker runs, e.g. a
    test's ``run_job``)."""

    service: str
    db: Database
    redis: Redis | None
    now: datetime
    context: C
    transport: Transport | None = None


JobFn = Callable[[AsyncSession, JobContext[Any]], Awaitable[Any]]
OwnTransactionsJobFn = Callable[[JobContext[Any]], Awaitable[Any]]


@dataclass(frozen=True)
class Job:
    name: str
    fn: JobFn | OwnTransactionsJobFn  # fn(session, ctx); fn(ctx) when ``transaction`` is False
    interval_s: float | None = None
    cron: str | None = None  # UTC cron expression, e.g. "5 3 * * *"
    # False: the job opens its own short transactions (it calls the network; module docstring)
    transaction: bool = True

    def __post_init__(self) -> None:
        if (self.interval_s is None) == (self.cron is None):
            raise ValueError(f"job {self.name}: give exactly one of interval_s or cron")
        if self.cron is not None and not croniter.is_valid(self.cron):
            raise ValueError(f"job {self.name}: invalid cron expression {self.cron!r}")

    def next_run_after(self, last: datetime) -> datetime:
        if self.interval_s is not None:
            return datetime.fromtimestamp(last.timestamp() + self.interval_s, tz=UTC)
        assert self.cron is not None  # __post_init__: exactly one of interval_s and cron
        return croniter(self.cron, last).get_next(datetime)


def advisory_key(service: str, job: str) -> int:
    digest = hashlib.blake2b(f"{service}:{job}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def _last_run_key(service: str, job: str) -> str:
    return f"pf:job:last:{service}:{job}"


class JobResult:
    RAN = "ran"
    SKIPPED_LOCKED = "skipped_locked"
    SKIPPED_RECENT = "skipped_recent"


async def run_job_once(
    job: Job,
    *,
    db: Database,
    redis: Redis | None,
    context: ServiceContext[Any],
    transport: Transport | None = None,
    now: datetime | None = None,
    respect_schedule: bool = False,
    record_last_run: bool = True,
) -> str:
    """Run ``job`` once under its leader lock. Raises what the job raises.

    ``record_last_run=False`` (a run at an overridden clock) leaves the scheduler's record of
    the job's last run as it was."""
    service = db.service
    ctx = JobContext(service, db, redis, now or datetime.now(UTC), context, transport)
    key = advisory_key(service, job.name)
    with structlog.contextvars.bound_contextvars(job=job.name):
        start = time.perf_counter()
        try:
            if job.transaction:
                async with db.transaction() as session:
                    got = (
                        await session.execute(sa.select(sa.func.pg_try_advisory_xact_lock(key)))
                    ).scalar_one()
                    skipped = await _skip_reason(job, ctx, got, respect_schedule)
                    if skipped is not None:
                        return skipped
                    log.info("job.started")
                    await cast(JobFn, job.fn)(session, ctx)
            else:
                async with _session_lock(db, key) as got:
                    skipped = await _skip_reason(job, ctx, got, respect_schedule)
                    if skipped is not None:
                        return skipped
                    log.info("job.started")
                    await cast(OwnTransactionsJobFn, job.fn)(ctx)
        except Exception:
            JOB_FAILURE.labels(service, job.name).inc()
            log.exception("job.failed", duration_ms=round((time.perf_counter() - start) * 1000, 1))
            raise
        duration = time.perf_counter() - start
        JOB_DURATION.labels(service, job.name).observe(duration)
        JOB_SUCCESS.labels(service, job.name).inc()
        if redis is not None and record_last_run:
            try:
                await redis.set(_last_run_key(service, job.name), str(ctx.now.timestamp()), ex=40 * 86_400)
            except Exception as exc:
                log.warning("job.last_run_not_recorded", error=str(exc))
        log.info("job.completed", duration_ms=round(duration * 1000, 1))
        return JobResult.RAN


async def _skip_reason(job: Job, ctx: JobContext[Any], got_lock: bool, respect_schedule: bool) -> str | None:
    if not got_lock:
        log.info("job.skipped", reason="another instance holds the lock")
        return JobResult.SKIPPED_LOCKED
    if respect_schedule and ctx.redis is not None:
        raw = await ctx.redis.get(_last_run_key(ctx.service, job.name))
        if raw is not None:
            last = datetime.fromtimestamp(float(raw), tz=UTC)
            if job.next_run_after(last) > ctx.now:
                return JobResult.SKIPPED_RECENT
    return None


@asynccontextmanager
async def _session_lock(db: Database, key: int) -> AsyncIterator[bool]:
    """The leader lock of a ``transaction=False`` job: a session-level advisory lock on a
    connection of its own, in autocommit (no transaction stays open on it); yields whether it
    was taken. Unlocked at the end; a connection that cannot unlock is dropped, not pooled."""
    async with db.engine.connect() as conn:
        conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
        got = bool((await conn.execute(sa.select(sa.func.pg_try_advisory_lock(key)))).scalar_one())
        try:
            yield got
        finally:
            if got:
                try:
                    await conn.execute(sa.select(sa.func.pg_advisory_unlock(key)))
                except Exception as exc:  # the lock goes with the connection
                    log.warning("job.unlock_failed", error=str(exc))
                    await conn.invalidate()


class Scheduler:
    """Runs every registered job when due, until stopped."""

    def __init__(
        self,
        jobs: Sequence[Job],
        *,
        db: Database,
        redis: Redis | None,
        context: ServiceContext[Any],
        transport: Transport | None = None,
        tick_s: float = 1.0,
    ) -> None:
        names = [j.name for j in jobs]
        if len(names) != len(set(names)):
            raise ValueError(f"duplicate job names: {names}")
        self.jobs = list(jobs)
        self.db = db
        self.redis = redis
        self.context = context
        self.transport = transport
        self.tick_s = tick_s
        self._stop = asyncio.Event()
        self._next: dict[str, datetime] = {}

    async def _initial_next(self, job: Job, now: datetime) -> datetime:
        if self.redis is not None:
            try:
                raw = await self.redis.get(_last_run_key(self.db.service, job.name))
                if raw is not None:
                    return job.next_run_after(datetime.fromtimestamp(float(raw), tz=UTC))
            except Exception as exc:
                log.warning("scheduler.last_run_unreadable", job=job.name, error=str(exc))
        return now if job.interval_s is not None else job.next_run_after(now)

    def stop(self) -> None:
        self._stop.set()

    async def run(self) -> None:
        now = datetime.now(UTC)
        for job in self.jobs:
            self._next[job.name] = await self._initial_next(job, now)
        log.info("scheduler.started", jobs=[j.name for j in self.jobs])
        while not self._stop.is_set():
            now = datetime.now(UTC)
            for job in self.jobs:
                if self._next[job.name] > now:
                    continue
                # a failure is logged by run_job_once; the job is tried again at its next slot
                with contextlib.suppress(Exception):
                    await run_job_once(
                        job,
                        db=self.db,
                        redis=self.redis,
                        context=self.context,
                        transport=self.transport,
                        now=now,
                        respect_schedule=True,
                    )
                self._next[job.name] = job.next_run_after(now)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), timeout=self.tick_s)
        log.info("scheduler.stopped")
