"""The pytest plugin as a service sees it: a generated test under services/orders/tests/
runs in a subprocess (sharing this worker's Postgres and Redis) and uses every fixture."""

from __future__ import annotations

import asyncio
import textwrap
import threading
from pathlib import Path

from pydantic import SecretStr

from pf_common.settings import ServiceSettings
from pf_common.testing.plugin import HeavyPhases, _settings

pytest_plugins = ["pytester"]

SERVICE_TEST = textwrap.dedent(
    """
    import uuid
    from datetime import UTC, datetime
    from typing import ClassVar

    import pytest
    import sqlalchemy as sa
    import structlog
    from fastapi import Depends
    from pf_common.routing import APIRouter

    import pf_orders.app as orders_app
    import pf_orders.worker as orders_worker
    from pf_common.guards import get_principal
    from pf_common.principal import Principal
    from pf_common.consumer import Consumer
    from pf_common.db_http import WriteSession
    from pf_common.events.registry import EventPayload
    from pf_common.outbox import emit
    from pf_common.platform_tables import platform_tables_for
    from pf_common.scheduler import Job


    class ProbeRecordedV1(EventPayload):
        event_type: ClassVar[str] = "probe_recorded"
        aggregate_type: ClassVar[str] = "probe"
        producer: ClassVar[str] = "orders"
        aggregate_field: ClassVar[str] = "probe_id"
        probe_id: uuid.UUID


    APPLIED = []


    async def count_probe(session, payload, envelope):
        APPLIED.append(payload.probe_id)


    async def tick(session, ctx):
        APPLIED.append(ctx.now)


    router = APIRouter()


    @router.post("/probe")
    async def probe(session: WriteSession, p: Principal = Depends(get_principal)):
        pid = uuid.uuid4()
        await emit(session, ProbeRecordedV1(probe_id=pid))
        return {"data": {"probe_id": str(pid), "store_id": str(p.store_id), "role": p.role}}


    @pytest.fixture(autouse=True)
    def wire(monkeypatch):
        monkeypatch.setattr(orders_app, "ROUTERS", [router])
        monkeypatch.setattr(orders_worker, "CONSUMERS", [Consumer(count_probe, ProbeRecordedV1)])
        monkeypatch.setattr(orders_worker, "JOBS", [Job("tick", tick, interval_s=60)])
        APPLIED.clear()


    async def test_real_token_emit_and_rollback_isolation(client, as_store, emitted_events, db_session):
        vendor = await as_store("vendor", "manager")
        r = await client.post("/probe", headers=vendor.headers)
        assert r.status_code == 200, r.text
        assert r.json()["data"]["store_id"] == str(vendor.store_id)
        assert r.json()["data"]["role"] == "manager"
        [env] = await emitted_events("probe_recorded")
        assert str(env.aggregate_id) == r.json()["data"]["probe_id"]
        assert env.store_id == vendor.store_id and env.actor_user_id == vendor.user_id


    async def test_previous_test_left_nothing_behind(db_session):
        outbox = platform_tables_for("orders").outbox
        assert (await db_session.execute(sa.select(sa.func.count()).select_from(outbox))).scalar_one() == 0


    async def test_no_token_and_revoked_session_are_401(client, mint_actor):
        assert (await client.post("/probe")).status_code == 401
        revoked = await mint_actor(store_type="buyer", role="owner", active_session=False)
        r = await client.post("/probe", headers=revoked.headers)
        assert (r.status_code, r.json()["error"]["code"]) == (401, "UNAUTHORIZED")


    async def test_deliver_twice_applies_once(deliver):
        outcomes = await deliver(ProbeRecordedV1(probe_id=uuid.uuid4()), times=2)
        assert outcomes == ["applied", "duplicate"]
        assert len(APPLIED) == 1


    async def test_run_job_frozen_time_and_logs(run_job, frozen_time, captured_logs):
        frozen_time("2026-03-01T12:00:00Z")
        assert await run_job("tick") == "ran"
        assert APPLIED == [datetime(2026, 3, 1, 12, tzinfo=UTC)]
        assert any(e["event"] == "job.completed" for e in captured_logs)


    async def test_admin_agent_and_other_store(client, as_admin, as_agent, other_store, as_store):
        admin, agent = await as_admin(), await as_agent()
        mine = await as_store("buyer", "owner")
        assert admin.system_role == "admin" and admin.store_id is None
        assert agent.system_role == "agent"
        assert other_store.store_id != mine.store_id
    """
)


def test_plugin_fixtures_work_for_a_service(pytester, pf_servers, monkeypatch):
    monkeypatch.setenv("PF_TEST_DATABASE_URL", pf_servers.pg_admin_url)
    monkeypatch.setenv("PF_TEST_REDIS_URL", pf_servers.redis_url)
    pytester.mkdir("services")
    pytester.mkdir("services/orders")
    tests = pytester.mkdir("services/orders/tests")
    (tests / "test_probe.py").write_text(SERVICE_TEST)
    pytester.makeini(
        "[pytest]\n"
        "asyncio_mode = auto\n"
        "asyncio_default_fixture_loop_scope = session\n"
        "asyncio_default_test_loop_scope = session\n"
    )
    result = pytester.runpytest_subprocess(
        "-p",
        "pf_common.testing.plugin",
        "--import-mode=importlib",
        "-q",
        "-p",
        "no:cacheprovider",
        "-p",
        "no:xdist",
        timeout=240,
    )
    result.assert_outcomes(passed=6)


async def test_heavy_phases_run_one_at_a_time_and_the_waiting_loop_keeps_running(tmp_path: Path) -> None:
    phases = HeavyPhases(tmp_path / "heavy.lock")
    order: list[str] = []
    release = threading.Event()

    def other_worker() -> None:  # its own open file: as another xdist worker's
        with phases.hold("first") as waited:
            order.append(f"first in after {waited:.0f}s")
            release.wait(10)
            order.append("first out")

    thread = threading.Thread(target=other_worker)
    thread.start()
    while not order:
        await asyncio.sleep(0.01)

    async def second() -> float:
        async with phases.hold_async("second") as waited:
            order.append("second in")
            return waited

    task = asyncio.ensure_future(second())
    await asyncio.sleep(0.3)  # this loop runs while the second phase waits
    assert order == ["first in after 0s"]
    release.set()
    waited = await task
    thread.join()
    assert order == ["first in after 0s", "first out", "second in"]
    assert waited > 0.2  # it waited for the first holder (released after ~0.3 s)
    with phases.hold("third") as again:  # released: no wait
        assert again < 0.1


def test_settings_made_again_are_copies_that_follow_the_values_and_the_environment(monkeypatch) -> None:
    monkeypatch.delenv("PF_LOG_LEVEL", raising=False)
    first = _settings(ServiceSettings, {"environment": "test", "log_level": "INFO"})
    again = _settings(ServiceSettings, {"environment": "test", "log_level": "INFO"})
    assert again == first and again is not first  # each test its own object
    again.log_level = "DEBUG"
    assert _settings(ServiceSettings, {"environment": "test", "log_level": "INFO"}).log_level == "INFO"

    assert _settings(ServiceSettings, {"environment": "test"}).log_level == ServiceSettings().log_level
    monkeypatch.setenv("PF_LOG_LEVEL", "WARNING")  # what the settings read from the environment
    assert _settings(ServiceSettings, {"environment": "test"}).log_level == "WARNING"

    a, b = (SecretStr(f"postgresql+psycopg://u@h/{name}") for name in ("a", "b"))  # same masked repr
    assert _settings(ServiceSettings, {"database_url": a}).database_url.get_secret_value().endswith("/a")
    assert _settings(ServiceSettings, {"database_url": b}).database_url.get_secret_value().endswith("/b")
