"""One context per process (pf_common.context): built once, handed to routes, consumers and jobs,
closed by whoever built it; and the checks that keep the other ways of wiring clients out."""

from __future__ import annotations

import ast
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import backbone_app as bb
import httpx
import pytest
from fastapi import Depends

from pf_common.app import context_dependency, create_app
from pf_common.consumer import Consumer, ConsumerRunner, Outcome
from pf_common.context import ServiceContext, aclose_all
from pf_common.events.envelope import Envelope
from pf_common.ids import uuid7
from pf_common.routing import APIRouter
from pf_common.scheduler import Job, run_job_once
from pf_common.service_auth import ServiceAuth

ROOT = Path(__file__).resolve().parents[3]


class Client:
    """A client of another service, at the edge (what a test replaces)."""

    def __init__(self) -> None:
        self.closed = 0

    async def aclose(self) -> None:
        self.closed += 1


@dataclass(kw_only=True, eq=False)
class ProbeContext(ServiceContext[Any]):
    client: Client

    @classmethod
    def build(
        cls, settings: Any, *, service_auth: ServiceAuth | None = None, client: Client | None = None
    ) -> ProbeContext:
        return cls(
            settings=settings,
            service_auth=service_auth or ServiceAuth.from_settings(settings),
            client=client or Client(),
        )

    async def aclose(self) -> None:
        await aclose_all(self.client.aclose, super().aclose)


@pytest.fixture
def settings(sandbox_url, pf_servers, tmp_path_factory):
    from conftest import SandboxSettings

    return SandboxSettings(
        database_url=sandbox_url,
        redis_url=pf_servers.redis_url,
        keys_dir=tmp_path_factory.getbasetemp() / "pf-keys",
        environment="test",
    )


@pytest.fixture
async def probe_context(settings):
    context = ProbeContext.build(settings)
    yield context
    await context.aclose()


Ctx = Annotated[ProbeContext, Depends(context_dependency(ProbeContext))]
router = APIRouter()


@router.get("/probe")
async def probe(ctx: Ctx) -> dict[str, Any]:
    return {"data": {"service": ctx.settings.service_name, "closed": ctx.client.closed}}


# --- routes ---------------------------------------------------------------------------------------


async def test_routes_get_the_apps_context_through_one_typed_dependency(settings, probe_context):
    app = create_app(settings, routers=[router], context=probe_context)

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as c:
        r = await c.get("/probe")

    assert r.json() == {"data": {"service": "bb_producer", "closed": 0}}
    assert app.state.service_auth is probe_context.service_auth  # pf_common's guards verify with it


async def test_an_app_built_with_another_context_answers_500(settings):
    app = create_app(settings, routers=[router])  # the base ServiceContext, not a ProbeContext

    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
        r = await c.get("/probe")

    assert (r.status_code, r.json()["error"]["code"]) == (500, "INTERNAL_ERROR")


async def test_the_lifespan_closes_the_context_it_built_and_not_one_handed_in(settings, probe_context):
    built = create_app(settings, routers=[router], context_class=ProbeContext)
    handed = create_app(settings, routers=[router], context=probe_context)

    for app in (built, handed):
        async with app.router.lifespan_context(app):
            pass

    assert built.state.context.client.closed == 1
    assert probe_context.client.closed == 0


async def test_aclose_all_closes_everything_and_logs_a_failure(captured_logs):
    first, last = Client(), Client()

    async def broken() -> None:
        raise ConnectionError("already gone")

    await aclose_all(first.aclose, broken, last.aclose)

    assert (first.closed, last.closed) == (1, 1)
    assert [e["event"] for e in captured_logs if e["log_level"] == "warning"] == ["context.close_failed"]


# --- consumers and jobs ---------------------------------------------------------------------------


async def test_a_handler_that_declares_the_context_gets_it_and_others_do_not(sandbox_url, probe_context):
    producer, _ = bb.databases(sandbox_url)
    seen: list[Any] = []

    async def with_context(session, event, envelope, ctx: ProbeContext) -> None:
        seen.append(ctx)

    async def without(session, event, envelope) -> None:
        seen.append("no context")

    event = bb.ThingHappenedV1(thing_id=uuid.uuid4())
    envelope: Envelope = event.to_envelope(event_id=uuid7())
    try:
        for handler in (with_context, without):
            consumer = Consumer(handler=handler, event=bb.ThingHappenedV1)
            runner = ConsumerRunner(producer, transport=None, consumer=consumer, context=probe_context)  # type: ignore[arg-type]
            assert await runner.apply(envelope, event) == Outcome.APPLIED
    finally:
        await producer.dispose()

    assert seen == [probe_context, "no context"]
    with pytest.raises(ValueError, match="takes the service context"):
        ConsumerRunner(
            producer, transport=None, consumer=Consumer(handler=with_context, event=bb.ThingHappenedV1)
        )  # type: ignore[arg-type]


async def test_jobs_get_the_process_context_and_the_transport(sandbox_url, redis, probe_context):
    producer, _ = bb.databases(sandbox_url)
    seen: list[Any] = []

    async def job(ctx) -> None:
        seen.append((ctx.context, ctx.transport))

    transport = object()
    try:
        await run_job_once(
            Job("probe_context", job, interval_s=60, transaction=False),
            db=producer,
            redis=redis,
            context=probe_context,
            transport=transport,  # type: ignore[arg-type]
        )
    finally:
        await producer.dispose()

    assert seen == [(probe_context, transport)]


# --- the other ways of wiring stay out ------------------------------------------------------------


def _sources(*globs: str) -> list[Path]:
    return sorted(p for g in globs for p in ROOT.glob(g) if "tests" not in p.parts)


def test_service_routes_reach_the_process_only_through_dependencies():
    """No route reads ``request.app.state`` (the context comes through ``Ctx``)."""
    offenders = [
        f"{p.relative_to(ROOT)}:{n}"
        for p in _sources("services/*/pf_*/**/*.py")
        for n, line in enumerate(p.read_text().splitlines(), start=1)
        if "app.state" in line
    ]
    assert offenders == []


def test_nothing_reads_settings_by_name_with_getattr():
    """Settings are typed: no ``getattr(settings, "name", default)`` anywhere."""
    offenders = []
    for path in _sources("services/*/pf_*/**/*.py", "libs/common/pf_common/**/*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if not (
                isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "getattr"
            ):
                continue
            target = ast.unparse(node.args[0]) if node.args else ""
            if target.split(".")[-1].endswith("settings"):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node)}")
    assert offenders == []


# Module-level caches of data that are the same for every process and every setting, never a
# client: the offline ZIP index (built from the ``zipcodes`` wheel, read-only once built).
PURE_DATA_CACHES = {("services/identity/pf_identity/clients/places.py", "_SHARED_INDEX")}


def test_services_keep_no_client_in_a_module_global():
    """No ``global`` assignment in a service: a locator built on first use, a model loaded into a
    module variable... belong to the process's context (pf_common.context)."""
    offenders = [
        (str(p.relative_to(ROOT)), name)
        for p in _sources("services/*/pf_*/**/*.py")
        for node in ast.walk(ast.parse(p.read_text()))
        if isinstance(node, ast.Global)
        for name in node.names
    ]
    assert set(offenders) <= PURE_DATA_CACHES
