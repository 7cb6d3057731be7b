"""The worker process of a service: outbox relay + consumers + scheduler, and its CLI.

``pf_<svc>/worker.py`` declares ``CONTEXT`` (its context class, :mod:`pf_common.context`),
``CONSUMERS`` and ``JOBS`` and calls ``main(Settings, CONSUMERS, JOBS, context=CONTEXT)``. The
worker builds the context once (``CONTEXT.build(settings)``) and hands it to every job
(``ctx.context``) and to the consumers that declare it; it closes it when it stops::

    python -m pf_orders.worker                 # run relay, consumers, scheduler
    python -m pf_orders.worker job <name>      # run one job once (CronJob)
    python -m pf_orders.worker job <name> --now 2026-12-20T00:00:00Z   # ... at that instant (not prod)
    python -m pf_orders.worker jobs            # list jobs
    python -m pf_orders.worker dlq list        # dead letters: consumers' and the outbox's
    python -m pf_orders.worker dlq replay <subscription> <message_id>
    python -m pf_orders.worker outbox-dlq replay <event_id>

``--now`` overrides the job's clock (``ctx.now``) so expiry, nudges and rollups can be
exercised end to end outside production: an RFC 3339 instant with a UTC offset, refused
(exit 2) when ``environment`` is ``prod`` or the value is malformed or naive, logged as
``job.clock_overridden``. Only ``ctx.now`` moves: a job reads its clock from the context, not
from ``datetime.now()`` or SQL ``now()``. The run is not recorded as the job's last run, so a
scheduler running alongside is not put off until the made-up date.

Platform jobs every worker runs: purge published outbox rows (30 days),
purge ``processed_events`` (30 days), trim streams (Redis transport).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import sys
from collections.abc import AsyncIterator, Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from pf_common.consumer import Consumer, ConsumerRunner
from pf_common.context import ServiceContext
from pf_common.db import rowcount
from pf_common.logging import configure_logging, get_logger
from pf_common.pagination import format_rfc3339nano, parse_rfc3339
from pf_common.platform_tables import platform_tables_for
from pf_common.relay import OutboxRelay, RelayConfig
from pf_common.runtime import Runtime
from pf_common.scheduler import Job, JobContext, Scheduler, run_job_once
from pf_common.settings import ServiceSettings
from pf_common.transports import make_transport
from pf_common.transports.base import Transport

log = get_logger(__name__)


async def purge_published_outbox(session: AsyncSession, ctx: JobContext[ServiceContext[Any]]) -> None:
    days = ctx.context.settings.outbox_retention_days
    o = platform_tables_for(ctx.db.schema).outbox
    res = await session.execute(
        sa.delete(o).where(o.c.published_at.is_not(None), o.c.published_at < ctx.now - timedelta(days=days))
    )
    log.info("outbox.purged", rows=rowcount(res))


async def purge_processed_events(session: AsyncSession, ctx: JobContext[ServiceContext[Any]]) -> None:
    days = ctx.context.settings.processed_events_retention_days
    p = platform_tables_for(ctx.db.schema).processed
    res = await session.execute(sa.delete(p).where(p.c.processed_at < ctx.now - timedelta(days=days)))
    log.info("inbox.purged", rows=rowcount(res))


async def trim_streams(_session: AsyncSession, ctx: JobContext[ServiceContext[Any]]) -> None:
    trim = getattr(ctx.transport, "trim", None)  # Redis Streams only
    if trim is None:
        return
    from pf_common.events.registry import topic_for

    removed = await trim(topic_for(ctx.service))
    log.info("streams.trimmed", topic=topic_for(ctx.service), removed=removed)


PLATFORM_JOBS = (
    Job("purge_published_outbox", purge_published_outbox, cron="17 3 * * *"),
    Job("purge_processed_events", purge_processed_events, cron="27 3 * * *"),
    Job("trim_streams", trim_streams, interval_s=3600),
)


class Worker:
    """The relay, the consumers and the scheduler of one process, sharing its runtime, transport
    and service context (whoever built them closes them)."""

    def __init__(
        self,
        runtime: Runtime,
        transport: Transport,
        consumers: Sequence[Consumer],
        jobs: Sequence[Job],
        context: ServiceContext[Any],
    ) -> None:
        s = runtime.settings
        self.runtime = runtime
        self.transport = transport
        self.context = context
        self.relay = OutboxRelay(runtime.db, transport, RelayConfig.from_settings(s), redis=runtime.redis)
        self.runners = [
            ConsumerRunner(
                runtime.db,
                transport,
                c,
                max_deliveries=s.consumer_max_deliveries,
                batch_size=s.consumer_batch_size,
                block_ms=s.consumer_block_ms,
                linger_ms=s.consumer_linger_ms,
                context=context,
            )
            for c in consumers
        ]
        names = [r.spec.name for r in self.runners]
        if len(names) != len(set(names)):
            raise ValueError(f"duplicate consumer subscriptions: {names}")
        self.scheduler = Scheduler(
            [*PLATFORM_JOBS, *jobs],
            db=runtime.db,
            redis=runtime.redis,
            context=context,
            transport=transport,
        )

    def stop(self) -> None:
        self.relay.stop()
        for r in self.runners:
            r.stop()
        self.scheduler.stop()

    async def run(self) -> None:
        tasks = [
            asyncio.create_task(self.relay.run(), name="relay"),
            *(asyncio.create_task(r.run(), name=r.spec.name) for r in self.runners),
        ]
        if self.runtime.settings.worker_scheduler_enabled:
            tasks.append(asyncio.create_task(self.scheduler.run(), name="scheduler"))
        else:
            log.info("scheduler.disabled", reason="jobs run as CronJobs")
        log.info("worker.started", consumers=[r.spec.name for r in self.runners])
        try:
            done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
            for t in done:
                if (exc := t.exception()) is not None:
                    raise exc
        finally:
            self.stop()
            for t in tasks:
                if not t.done():
                    try:
                        await asyncio.wait_for(t, timeout=5)
                    except (TimeoutError, asyncio.CancelledError):
                        t.cancel()
            log.info("worker.stopped")


def worker_redis_settings(settings: ServiceSettings, consumers: Sequence[Consumer]) -> ServiceSettings:
    """Every consumer holds a Redis connection in its blocking read: size the pool for them
    plus the relay, the scheduler and the handlers' own calls (a pool that is too small
    stalls every consumer with "No connection available")."""
    needed = len(consumers) + 8
    if settings.redis_max_connections >= needed:
        return settings
    return settings.model_copy(update={"redis_max_connections": needed})


ContextClass = type[ServiceContext[Any]]


async def _run(
    settings: ServiceSettings,
    consumers: Sequence[Consumer],
    jobs: Sequence[Job],
    context_cls: ContextClass,
) -> None:
    if settings.worker_metrics_port:
        from prometheus_client import start_http_server

        start_http_server(settings.worker_metrics_port, addr=settings.worker_metrics_host)
    runtime = Runtime.create(worker_redis_settings(settings, consumers))
    transport = make_transport(settings, runtime.redis)
    context = context_cls.build(settings)
    try:
        worker = Worker(runtime, transport, consumers, jobs, context)
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):
                loop.add_signal_handler(sig, worker.stop)
        await worker.run()
    finally:
        await transport.close()
        await context.aclose()
        await runtime.close()


@contextlib.asynccontextmanager
async def _cli_runtime(settings: ServiceSettings) -> AsyncIterator[tuple[Runtime, Transport]]:
    runtime = Runtime.create(settings)
    transport = make_transport(settings, runtime.redis)
    try:
        yield runtime, transport
    finally:
        await transport.close()
        await runtime.close()


class ClockOverrideRefused(ValueError):
    """``job --now`` given a value or an environment it must not run with (CLI exit 2)."""


def parse_clock_override(raw: str, environment: str) -> datetime:
    """The instant of ``job --now``: an RFC 3339 timestamp with a UTC offset, as UTC.

    Raises :class:`ClockOverrideRefused` in ``prod`` and for a naive or malformed value.
    """
    if environment == "prod":
        raise ClockOverrideRefused(
            "--now is refused in prod: a job run at a made-up instant would expire, nudge "
            "or bill real data; it exists to test schedulers outside production"
        )
    try:
        return parse_rfc3339(raw)
    except ValueError as exc:
        reason = str(exc)
    with contextlib.suppress(ValueError):
        if datetime.fromisoformat(raw).tzinfo is None:
            reason = "it has no UTC offset; add Z or ±HH:MM"
    raise ClockOverrideRefused(
        f"--now must be an RFC 3339 timestamp with a UTC offset, e.g. 2026-12-20T00:00:00Z "
        f"(got {raw!r}: {reason})"
    )


async def _job(
    settings: ServiceSettings,
    jobs: Sequence[Job],
    name: str,
    context_cls: ContextClass,
    now: datetime | None = None,
) -> int:
    by_name = {j.name: j for j in (*PLATFORM_JOBS, *jobs)}
    if name not in by_name:
        print(f"unknown job {name!r}; known: {', '.join(sorted(by_name))}", file=sys.stderr)
        return 2
    context = context_cls.build(settings)
    try:
        async with _cli_runtime(settings) as (runtime, transport):
            if now is not None:
                log.warning(
                    "job.clock_overridden",
                    job=name,
                    now=format_rfc3339nano(now),
                    environment=settings.environment,
                )
            result = await run_job_once(
                by_name[name],
                db=runtime.db,
                redis=runtime.redis,
                context=context,
                transport=transport,
                now=now,
                # a run at a made-up instant is not the scheduler's last run (a future one would
                # hold the job off until then)
                record_last_run=now is None,
            )
    finally:
        await context.aclose()
    at = f" (now={format_rfc3339nano(now)})" if now is not None else ""
    print(f"job {name}: {result}{at}")
    return 0


async def _dlq(settings: ServiceSettings, consumers: Sequence[Consumer], args: argparse.Namespace) -> int:
    async with _cli_runtime(settings) as (runtime, transport):
        subs = [c.subscription(settings.service_name).name for c in consumers]
        if args.dlq_cmd == "list":
            for sub in subs:
                for d in await transport.dead_letters(sub, limit=args.limit):
                    print(
                        f"{sub}\t{d.message_id}\t{d.attributes.get('event_type')}\t"
                        f"{d.attributes.get('event_id')}\tdeliveries={d.delivery_count}\t"
                        f"{d.attributes.get('dlq_reason', '')}"
                    )
            dlq = platform_tables_for(settings.service_name).dlq
            async with runtime.db.read() as session:
                rows = (
                    await session.execute(
                        sa.select(dlq).where(dlq.c.resolved_at.is_(None)).order_by(dlq.c.failed_at)
                    )
                ).all()
            for r in rows:
                print(
                    f"outbox\t{r.event_id}\t{r.event_type}\t{r.error_reason}\t"
                    f"attempts={r.attempt_count}\t{(r.error_message or '')[:120]}"
                )
            return 0
        ok = await transport.replay_dead_letter(args.subscription, args.message_id)
        print("replayed" if ok else "not found")
        return 0 if ok else 1


async def replay_outbox_dlq(session: AsyncSession, schema: str, event_id: Any) -> bool:
    """Reset a terminal outbox row so the relay publishes it again (same event id)."""
    t = platform_tables_for(schema)
    res = await session.execute(
        sa.update(t.dlq)
        .where(t.dlq.c.event_id == event_id, t.dlq.c.resolved_at.is_(None))
        .values(resolved_at=sa.func.now())
    )
    if not rowcount(res):
        return False
    await session.execute(
        sa.update(t.outbox)
        .where(t.outbox.c.id == event_id)
        .values(attempt_count=0, last_error=None, next_attempt_at=None, published_at=None)
    )
    return True


async def _outbox_replay(settings: ServiceSettings, event_id: str) -> int:
    from uuid import UUID

    async with _cli_runtime(settings) as (runtime, _transport), runtime.db.transaction() as session:
        ok = await replay_outbox_dlq(session, settings.service_name, UUID(event_id))
    print("replayed" if ok else "not found")
    return 0 if ok else 1


def main(
    settings_factory: Callable[[], ServiceSettings],
    consumers: Sequence[Consumer],
    jobs: Sequence[Job],
    argv: Sequence[str] | None = None,
    *,
    context: ContextClass = ServiceContext,
) -> int:
    """The worker CLI (module docstring). ``context`` is the service's context class: the
    worker builds it once from the settings (``context.build(settings)``) and closes it."""
    parser = argparse.ArgumentParser(prog="worker")
    sub = parser.add_subparsers(dest="cmd")
    sub.add_parser("run")
    j = sub.add_parser("job")
    j.add_argument("name")
    j.add_argument(
        "--now",
        metavar="RFC3339",
        help="run the job with ctx.now = this instant, e.g. 2026-12-20T00:00:00Z (refused in prod)",
    )
    sub.add_parser("jobs")
    d = sub.add_parser("dlq")
    dsub = d.add_subparsers(dest="dlq_cmd", required=True)
    dl = dsub.add_parser("list")
    dl.add_argument("--limit", type=int, default=100)
    dr = dsub.add_parser("replay")
    dr.add_argument("subscription")
    dr.add_argument("message_id")
    o = sub.add_parser("outbox-dlq")
    osub = o.add_subparsers(dest="outbox_cmd", required=True)
    orp = osub.add_parser("replay")
    orp.add_argument("event_id")
    args = parser.parse_args(argv)

    settings = settings_factory()
    configure_logging(settings.service_name, level=settings.log_level, fmt=settings.log_format)
    cmd = args.cmd or "run"
    if cmd == "jobs":
        for job in (*PLATFORM_JOBS, *jobs):
            print(f"{job.name}\t{job.cron or f'every {job.interval_s}s'}")
        return 0
    if cmd == "job":
        now = None
        if args.now is not None:
            try:
                now = parse_clock_override(args.now, settings.environment)
            except ClockOverrideRefused as exc:
                log.error("job.clock_override_refused", job=args.name, reason=str(exc))
                print(f"worker job {args.name}: {exc}", file=sys.stderr)
                return 2
        return asyncio.run(_job(settings, jobs, args.name, context, now=now))
    if cmd == "dlq":
        return asyncio.run(_dlq(settings, consumers, args))
    if cmd == "outbox-dlq":
        return asyncio.run(_outbox_replay(settings, args.event_id))
    asyncio.run(_run(settings, consumers, jobs, context))
    return 0
