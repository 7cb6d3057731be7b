"""Scheduler: one leader per job (advisory lock), schedules, run-once entry point."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

import backbone_app as bb
import pytest
import sqlalchemy as sa

from pf_common import iosafety
from pf_common.scheduler import Job, JobResult, Scheduler, run_job_once


@pytest.fixture
async def dbs(sandbox_url):
    producer, consumer = bb.databases(sandbox_url)
    yield producer, consumer
    await producer.dispose()


def _counting_job(name: str, hold_s: float = 0.0, **kw) -> tuple[Job, list[datetime]]:
    runs: list[datetime] = []

    async def fn(session, ctx):
        await session.execute(sa.insert(bb.things).values(id=__import__("uuid").uuid4(), seq=len(runs)))
        runs.append(ctx.now)
        await asyncio.sleep(hold_s)

    return Job(name, fn, **(kw or {"interval_s": 60})), runs


async def test_two_instances_never_run_the_same_job_at_once(dbs, redis, service_context):
    producer, _ = dbs
    job, runs = _counting_job("expire_things", hold_s=0.3)
    results = await asyncio.gather(
        run_job_once(job, db=producer, redis=redis, context=service_context),
        run_job_once(job, db=producer, redis=redis, context=service_context),
    )
    assert sorted(results) == [JobResult.RAN, JobResult.SKIPPED_LOCKED]
    assert len(runs) == 1


async def test_a_job_just_run_elsewhere_is_not_rerun_before_its_next_slot(dbs, redis, service_context):
    producer, _ = dbs
    job, runs = _counting_job("hourly", interval_s=3600)
    t0 = datetime(2026, 11, 27, 12, tzinfo=UTC)
    assert (
        await run_job_once(
            job, db=producer, redis=redis, context=service_context, now=t0, respect_schedule=True
        )
        == JobResult.RAN
    )
    later = t0 + timedelta(minutes=10)
    assert await run_job_once(
        job, db=producer, redis=redis, context=service_context, now=later, respect_schedule=True
    ) == (JobResult.SKIPPED_RECENT)
    next_slot = t0 + timedelta(hours=1)
    assert (
        await run_job_once(
            job, db=producer, redis=redis, context=service_context, now=next_slot, respect_schedule=True
        )
        == JobResult.RAN
    )
    assert runs == [t0, next_slot]


async def test_failed_job_rolls_back_and_raises(dbs, redis, service_context):
    producer, _ = dbs

    async def fn(session, ctx):
        await session.execute(sa.insert(bb.things).values(id=__import__("uuid").uuid4(), seq=1))
        raise RuntimeError("downstream broke")

    with pytest.raises(RuntimeError):
        await run_job_once(
            Job("broken", fn, interval_s=60), db=producer, redis=redis, context=service_context
        )
    async with producer.read() as s:
        assert (await s.execute(sa.select(sa.func.count()).select_from(bb.things))).scalar_one() == 0


def test_job_definitions_are_validated():
    async def fn(session, ctx):
        return None

    with pytest.raises(ValueError):
        Job("both", fn, interval_s=1, cron="* * * * *")
    with pytest.raises(ValueError):
        Job("neither", fn)
    with pytest.raises(ValueError, match="invalid cron"):
        Job("bad", fn, cron="every tuesday")
    daily = Job("daily", fn, cron="5 3 * * *")
    assert daily.next_run_after(datetime(2026, 11, 27, 4, tzinfo=UTC)) == datetime(
        2026, 11, 28, 3, 5, tzinfo=UTC
    )
    with pytest.raises(ValueError, match="duplicate"):
        Scheduler([daily, daily], db=None, redis=None, context=None)  # type: ignore[arg-type]


async def test_scheduler_loop_runs_due_jobs_and_stops(dbs, redis, service_context):
    producer, _ = dbs
    job, runs = _counting_job("tick", interval_s=0.2)
    sched = Scheduler([job], db=producer, redis=redis, context=service_context, tick_s=0.05)
    task = asyncio.create_task(sched.run())
    await asyncio.sleep(0.7)
    sched.stop()
    await asyncio.wait_for(task, 5)
    assert 2 <= len(runs) <= 5


# --- jobs with their own transactions (transaction=False) -----------------------------------------


def _own_transactions_job(name: str, hold_s: float = 0.0) -> tuple[Job, list[tuple[str, ...]]]:
    """A job that records what its task holds, commits one row in a transaction of its own, then
    calls out (the sleep) with nothing held."""
    seen: list[tuple[str, ...]] = []

    async def fn(ctx):
        seen.append(iosafety.held_connections())
        async with ctx.db.transaction() as session:
            await session.execute(sa.insert(bb.things).values(id=uuid.uuid4(), seq=len(seen)))
        seen.append(iosafety.held_connections())
        await asyncio.sleep(hold_s)

    return Job(name, fn, interval_s=60, transaction=False), seen


async def test_a_job_with_its_own_transactions_runs_outside_any_transaction(dbs, redis, service_context):
    producer, _ = dbs
    job, seen = _own_transactions_job("claim_call_record")

    assert await run_job_once(job, db=producer, redis=redis, context=service_context) == JobResult.RAN

    # the runner's leader lock is no session scope: the job holds nothing but its own transaction
    assert seen == [(), ()]
    async with producer.read() as s:
        assert (await s.execute(sa.select(sa.func.count()).select_from(bb.things))).scalar_one() == 1


async def test_jobs_with_their_own_transactions_keep_one_leader_and_release_the_lock(
    dbs, redis, service_context
):
    producer, _ = dbs
    job, seen = _own_transactions_job("one_leader", hold_s=0.3)

    results = await asyncio.gather(
        run_job_once(job, db=producer, redis=redis, context=service_context),
        run_job_once(job, db=producer, redis=redis, context=service_context),
    )

    assert sorted(results) == [JobResult.RAN, JobResult.SKIPPED_LOCKED]
    assert len(seen) == 2  # one run
    # the session lock went with the run: the next run takes it, also after a failing run
    assert await run_job_once(job, db=producer, redis=redis, context=service_context) == JobResult.RAN

    async def broken(ctx):
        raise RuntimeError("orders down")

    failing = Job("one_leader", broken, interval_s=60, transaction=False)
    with pytest.raises(RuntimeError):
        await run_job_once(failing, db=producer, redis=redis, context=service_context)
    assert await run_job_once(job, db=producer, redis=redis, context=service_context) == JobResult.RAN
    async with producer.engine.connect() as conn:  # no advisory lock left on any connection
        held = await conn.execute(
            sa.text(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database = "
                "(SELECT oid FROM pg_database WHERE datname = current_database())"
            )
        )
        assert held.scalar_one() == 0


async def test_a_job_in_the_runners_transaction_holds_a_connection_while_it_works(
    dbs, redis, service_context
):
    """Why a job that calls the network needs ``transaction=False``."""
    producer, _ = dbs
    seen: list[tuple[str, ...]] = []

    async def fn(session, ctx):
        seen.append(iosafety.held_connections())

    await run_job_once(
        Job("in_the_runners_transaction", fn, interval_s=60),
        db=producer,
        redis=redis,
        context=service_context,
    )

    assert seen == [("bb_producer transaction",)]
