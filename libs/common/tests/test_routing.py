"""pf_common.routing: a FastRoute solves its plain dependencies in one step and behaves as
FastAPI's route does. Each behaviour is checked on both route classes (the same router built
with ``fastapi.routing.APIRoute`` and with ``FastRoute``), so the expected result is FastAPI's own."""

from collections.abc import AsyncIterator
from typing import Annotated, Any

import fastapi
import httpx
import pytest
from fastapi import Depends, FastAPI, Header, Request
from fastapi.routing import APIRoute
from pydantic import BaseModel

from pf_common.routes import api_routes
from pf_common.routing import APIRouter, FastRoute, check_fast_routes, compile_dependant, is_compiled

ROUTE_CLASSES = [pytest.param(APIRoute, id="fastapi"), pytest.param(FastRoute, id="fast")]


class Body(BaseModel):
    n: int


def build(route_class: type[APIRoute]) -> tuple[FastAPI, list[str]]:
    """An app whose dependencies record each call (name, and the request's header/value)."""
    calls: list[str] = []
    router = fastapi.APIRouter(route_class=route_class)

    async def guard(request: Request) -> str:
        calls.append("guard")
        if request.headers.get("authorization") != "Bearer ok":
            raise fastapi.HTTPException(401, "no")
        return "principal"

    async def nested(request: Request) -> str:
        calls.append("nested")
        return "n"

    async def claim(
        request: Request,
        key: Annotated[str | None, Header(alias="Idempotency-Key")] = None,
        parent: str = Depends(nested),
    ) -> str:
        calls.append(f"claim:{key}:{parent}")
        return f"claim-{key}"

    async def x_token(x_token: Annotated[str | None, Header()] = None) -> str | None:
        calls.append(f"x_token:{x_token}")
        return x_token

    async def fresh() -> int:
        calls.append("fresh")
        return len(calls)

    async def session() -> AsyncIterator[str]:
        calls.append("session:open")
        yield "session"
        calls.append("session:close")

    Guard = Annotated[str, Depends(guard)]

    @router.post("/plain", dependencies=[Depends(guard), Depends(claim)])
    async def plain(
        body: Body, principal: Guard, token: Annotated[str | None, Depends(x_token)]
    ) -> dict[str, Any]:
        calls.append("endpoint")
        return {"n": body.n, "principal": principal, "token": token}

    @router.get("/mixed")
    async def mixed(
        principal: Guard,
        s: Annotated[str, Depends(session)],
        again: Guard,
        a: Annotated[int, Depends(fresh, use_cache=False)],
        b: Annotated[int, Depends(fresh, use_cache=False)],
    ) -> dict[str, Any]:
        calls.append("endpoint")
        return {"principal": principal, "again": again, "s": s, "fresh": [a, b]}

    @router.get("/lone")
    async def lone(principal: Guard) -> dict[str, str]:
        return {"principal": principal}

    @router.get("/sync")
    def sync(principal: Guard) -> dict[str, str]:
        return {"principal": principal}

    async def over_guard(p: Guard) -> str:  # an async generator would be kept; this one is plain
        return p

    async def kept_over_guard(p: Guard) -> AsyncIterator[str]:
        yield p

    @router.get("/overlap")
    async def overlap(principal: Guard, k: Annotated[str, Depends(kept_over_guard)]) -> dict[str, str]:
        calls.append("endpoint")
        return {"principal": principal, "k": k}

    app = FastAPI()
    app.include_router(router)
    return app, calls


def client(app: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


AUTH = {"Authorization": "Bearer ok"}


def _route(app: FastAPI, path: str) -> APIRoute:
    return next(r for r in api_routes(app.routes) if r.path == path)


@pytest.mark.parametrize("route_class", ROUTE_CLASSES)
async def test_plain_dependencies_run_in_order_once_each_with_their_headers(route_class):
    app, calls = build(route_class)
    async with client(app) as c:
        r = await c.post("/plain", json={"n": 3}, headers={**AUTH, "Idempotency-Key": "k1", "X-Token": "t"})

    assert r.status_code == 200, r.text
    assert r.json() == {"n": 3, "principal": "principal", "token": "t"}
    # the guard declared twice runs once; the nested dependency before its dependant
    assert calls == ["guard", "nested", "claim:k1:n", "x_token:t", "endpoint"]
    assert is_compiled(_route(app, "/plain")) is (route_class is FastRoute)


@pytest.mark.parametrize("route_class", ROUTE_CLASSES)
async def test_missing_headers_are_none(route_class):
    app, calls = build(route_class)
    async with client(app) as c:
        r = await c.post("/plain", json={"n": 1}, headers=AUTH)

    assert r.status_code == 200, r.text
    assert r.json()["token"] is None
    assert "claim:None:n" in calls and "x_token:None" in calls


@pytest.mark.parametrize("route_class", ROUTE_CLASSES)
async def test_a_guard_refuses_before_the_body_is_validated(route_class):
    app, calls = build(route_class)
    async with client(app) as c:
        unauthenticated = await c.post("/plain", json={"n": "not a number"})
        bad_body = await c.post("/plain", json={"n": "not a number"}, headers=AUTH)

    assert unauthenticated.status_code == 401
    assert bad_body.status_code == 422
    assert "endpoint" not in calls


@pytest.mark.parametrize("route_class", ROUTE_CLASSES)
async def test_a_generator_dependency_keeps_its_place_and_the_cache_spans_it(route_class):
    app, calls = build(route_class)
    async with client(app) as c:
        r = await c.get("/mixed", headers=AUTH)

    assert r.status_code == 200, r.text
    # guard (cached for `again`), the session opened in its place, `fresh` twice (use_cache=False)
    assert calls == ["guard", "session:open", "fresh", "fresh", "endpoint", "session:close"]
    assert r.json() == {"principal": "principal", "again": "principal", "s": "session", "fresh": [3, 4]}
    assert is_compiled(_route(app, "/mixed")) is (route_class is FastRoute)


@pytest.mark.parametrize("route_class", ROUTE_CLASSES)
async def test_routes_left_to_fastapi_behave_as_declared(route_class):
    app, calls = build(route_class)
    async with client(app) as c:
        lone = await c.get("/lone", headers=AUTH)
        sync = await c.get("/sync", headers=AUTH)
        overlap = await c.get("/overlap", headers=AUTH)
        refused = await c.get("/overlap")

    assert lone.json() == sync.json() == {"principal": "principal"}
    assert overlap.json() == {"principal": "principal", "k": "principal"}
    assert refused.status_code == 401
    # a lone plain dependency (one step would cost what FastAPI's solve does), a sync handler,
    # and a plain guard that a kept (generator) dependency also depends on
    assert not is_compiled(_route(app, "/lone"))
    assert not is_compiled(_route(app, "/sync"))
    assert not is_compiled(_route(app, "/overlap"))
    assert calls.count("guard") == 4  # once per request, as FastAPI's cache has it


@pytest.mark.parametrize("route_class", ROUTE_CLASSES)
async def test_dependency_overrides_apply(route_class):
    app, calls = build(route_class)
    guard_call = _route(app, "/plain").dependant.dependencies[0].call

    async def overridden() -> str:
        calls.append("overridden")
        return "someone else"

    app.dependency_overrides[guard_call] = overridden
    async with client(app) as c:
        r = await c.post(
            "/plain", json={"n": 2}, headers={"X-Token": "t"}
        )  # no token: the override lets it in

    assert r.status_code == 200, r.text
    assert r.json()["principal"] == "someone else"
    assert "guard" not in calls and "overridden" in calls


async def test_the_openapi_is_the_declared_routes():
    fast_app, _ = build(FastRoute)
    plain_app, _ = build(APIRoute)

    assert fast_app.openapi() == plain_app.openapi()
    params = {p["name"] for p in fast_app.openapi()["paths"]["/plain"]["post"]["parameters"]}
    assert params == {"Idempotency-Key", "x-token"}


async def test_a_route_keeps_its_declared_dependant():
    app, _ = build(FastRoute)
    route = _route(app, "/plain")

    assert route.dependant.call is route.endpoint
    assert [d.call.__name__ for d in route.dependant.dependencies] == ["guard", "claim", "guard", "x_token"]


def test_check_fast_routes_names_the_routes_of_other_routers():
    fast, _ = build(FastRoute)
    slow, _ = build(APIRoute)

    check_fast_routes(fast.routes)
    with pytest.raises(RuntimeError, match=r"\['POST'\] /plain"):
        check_fast_routes(slow.routes)


def test_our_router_builds_fast_routes():
    router = APIRouter()

    @router.get("/x")
    async def x() -> dict[str, str]:
        return {}

    assert all(isinstance(r, FastRoute) for r in router.routes)


def test_each_run_of_plain_dependencies_is_one():
    app, _ = build(FastRoute)

    def solved_as(path: str) -> list[str]:
        compiled = compile_dependant(_route(app, path).dependant)
        assert compiled is not None
        return [d.name or "" for d in compiled.dependencies]

    # guard, claim (with its nested dependency and an aliased header), guard again, x_token
    assert solved_as("/plain") == ["_pf_plain_dependencies_0"]
    # the generator between two runs keeps its place
    assert solved_as("/mixed") == ["_pf_plain_dependencies_0", "s", "_pf_plain_dependencies_1"]


@pytest.mark.parametrize(("route_class", "solves"), [(APIRoute, 6), (FastRoute, 2)])
async def test_fastapi_solves_one_dependency_for_the_plain_ones(monkeypatch, route_class, solves):
    """The handler FastAPI built for the included route (as a service's are) is the compiled one:
    FastAPI solves the route and one dependency, not the route and each of five."""
    import fastapi.dependencies.utils as fastapi_utils
    import fastapi.routing as fastapi_routing

    count = 0
    solve = fastapi_utils.solve_dependencies

    async def counting(**kwargs):
        nonlocal count
        count += 1
        return await solve(**kwargs)

    monkeypatch.setattr(fastapi_utils, "solve_dependencies", counting)  # its recursion
    monkeypatch.setattr(fastapi_routing, "solve_dependencies", counting)  # the handler's call
    app, _ = build(route_class)
    async with client(app) as c:
        r = await c.post("/plain", json={"n": 1}, headers=AUTH)

    assert r.status_code == 200, r.text
    assert count == solves
