"""pf_common.iosafety: no outgoing call while the task holds a database connection (ARCHITECTURE §1).

Real Postgres sessions (``Database.transaction()``/``read()``, also joined to an outer connection as
the test plugin does), real ``make_http_client`` clients over a mock transport, and the pytest
plugin's guard run in a subprocess."""

from __future__ import annotations

import asyncio
import textwrap

import httpx
import pytest
import sqlalchemy as sa

from pf_common import iosafety
from pf_common.db import Database, make_engine
from pf_common.http import make_http_client

pytest_plugins = ["pytester"]


@pytest.fixture
async def db(fresh_database):
    engine = make_engine(fresh_database("pf_iosafety"), pool_size=2, max_overflow=0)
    yield Database(service="probe", engine=engine)
    await engine.dispose()


@pytest.fixture
def http():
    asked: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        asked.append(request.url.path)
        return httpx.Response(200, json={"ok": True})

    client = make_http_client(base_url="http://other.test", transport=httpx.MockTransport(answer), retries=0)
    client.asked = asked  # type: ignore[attr-defined]
    return client


async def test_a_request_inside_a_transaction_is_caught_with_its_call_site(db, http):
    with iosafety.recording() as found:
        async with db.transaction() as session:
            await session.execute(sa.text("SELECT 1"))
            r = await http.get("/things", params={"secret": "x"})

    assert r.status_code == 200 and http.asked == ["/things"]  # the call itself still happens
    [violation] = found
    assert violation.operation == "HTTP GET http://other.test/things"  # no query string
    assert violation.held[0].startswith("probe transaction (opened at ")
    assert "test_iosafety.py" in violation.held[0]
    assert any(
        "test_iosafety.py" in frame and "test_a_request_inside_a_transaction" in frame
        for frame in violation.call_site
    )
    assert "HTTP GET http://other.test/things" in iosafety.describe(found)


async def test_the_same_request_after_the_session_closed_is_allowed(db, http):
    with iosafety.recording() as found:
        async with db.transaction() as session:
            value = (await session.execute(sa.text("SELECT 41 + 1"))).scalar_one()
        assert iosafety.held_connections() == ()
        await http.get(f"/things/{value}")  # claim → release → call
        async with db.transaction() as session:
            await session.execute(sa.text("SELECT 1"))  # → record

    assert found == [] and http.asked == ["/things/42"]


async def test_a_read_session_and_a_bound_database_count_too(db, http):
    async with db.engine.connect() as conn:
        await conn.begin()
        bound = Database(service="bound", engine=db.engine, bind=conn)  # as the test plugin builds it
        with iosafety.recording() as found:
            async with db.read() as session:
                await session.execute(sa.text("SELECT 1"))
                await http.get("/in-read")
            async with bound.transaction() as session:  # a savepoint of the outer connection
                await session.execute(sa.text("SELECT 1"))
                await http.get("/in-savepoint")
            await http.get("/after")

    assert [(v.operation.rsplit("/", 1)[-1], v.held[0].split(" (")[0]) for v in found] == [
        ("in-read", "probe read"),
        ("in-savepoint", "bound transaction"),
    ]


async def test_tasks_started_inside_count_while_the_session_is_open_only(db, http):
    started = asyncio.Event()
    release = asyncio.Event()

    async def later_call() -> None:
        started.set()
        await release.wait()
        await http.get("/outlived")

    with iosafety.recording() as found:
        async with db.transaction() as session:
            await session.execute(sa.text("SELECT 1"))
            await asyncio.gather(http.get("/a"), http.get("/b"))  # awaited inside: holding
            detached = asyncio.create_task(later_call())
            await started.wait()
        release.set()  # the transaction is over when the detached task calls
        await detached

    assert sorted(v.operation.rsplit("/", 1)[-1] for v in found) == ["a", "b"]
    assert sorted(http.asked) == ["/a", "/b", "/outlived"]


async def test_nested_scopes_are_listed_and_a_failed_transaction_closes_its_scope(db, http):
    with iosafety.recording() as found:
        with pytest.raises(RuntimeError):
            async with db.transaction() as session:
                await session.execute(sa.text("SELECT 1"))
                raise RuntimeError("boom")
        assert iosafety.held_connections() == ()
        async with db.transaction(), db.read():
            assert iosafety.held_connections() == ("probe transaction", "probe read")
            await http.get("/nested")

    [violation] = found
    assert [h.split(" (")[0] for h in violation.held] == ["probe transaction", "probe read"]


async def test_outside_tests_a_call_inside_a_session_is_logged_and_goes_ahead(
    db, http, captured_logs, monkeypatch
):
    monkeypatch.setattr(iosafety, "_recorders", [])  # as in production: nobody records
    monkeypatch.setattr(iosafety, "_warned", set())
    for _ in range(3):
        async with db.transaction():
            r = await http.post("/orders", json={})
    await http.get("/fine")

    assert r.status_code == 200 and http.asked == ["/orders"] * 3 + ["/fine"]
    # logged once for its call site
    [entry] = [e for e in captured_logs if e["event"] == "io.inside_db_session"]
    assert entry["log_level"] == "warning"
    assert entry["operation"] == "HTTP POST http://other.test/orders"
    assert entry["held"] == ["probe transaction"]
    assert entry["call_site"] and "test_iosafety.py" in entry["call_site"][-1]


GUARDED = textwrap.dedent(
    """
    from pf_common import iosafety


    def test_offender():
        with iosafety.holding_connection("shop transaction"):
            iosafety.check_io("blob delete 'a/b.png'")


    def test_claim_release_call():
        with iosafety.holding_connection("shop transaction"):
            pass
        iosafety.check_io("blob delete 'a/b.png'")
    """
)


def test_the_plugin_fails_the_test_that_calls_inside_a_session_and_only_it(pytester):
    pytester.makepyfile(test_guarded=GUARDED)
    result = pytester.runpytest_subprocess("-p", "pf_common.testing.plugin", "-p", "no:cacheprovider")

    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines(
        [
            "*ERROR at teardown of test_offender*",
            "*blob delete 'a/b.png'*",
            "*while holding: shop transaction (opened at *test_guarded.py:* in test_offender)*",
            "*call site:*",
            "*test_guarded.py:* in test_offender*",
        ]
    )
