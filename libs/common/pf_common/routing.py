"""Our routes: FastAPI's, with the plain dependencies solved in one step (ARCHITECTURE §2).

Every router of a service is this module's :class:`APIRouter` (``pf_common.app`` refuses to
start with a route that is not a :class:`FastRoute`)::

    from pf_common.routing import APIRouter

    router = APIRouter(tags=["media"])

Why: FastAPI solves a route's dependencies one by one at every request (the cached ones
included), and its bookkeeping per dependency (a recursive solve, four parameter lookups, a
cache key rebuilt from the dependency's scopes, the callable classified again) costs 15-30 us
of CPU on the bench machine, ~50 with a header parameter: more than most of the dependencies
themselves (a guard, the context, a lean pool, an idempotency claim). In process, a bare app's
GET with 4 dependencies: 274 -> 207 us (``python -m benchmarks.deps``); media's presign (5 and a
header): ~1,830 -> ~1,600 us.

A :class:`FastRoute` hands FastAPI a route whose *plain* dependencies are one dependency that
calls them in order; everything else (the body, the route's own parameters, the response, the
errors) is FastAPI's own handler, unchanged.

A dependency is plain when it is an ``async def`` (not a generator) that takes the request
and/or header parameters that cannot fail validation (an optional ``str``, no constraints),
and depends only on plain dependencies. The route's behaviour is FastAPI's:

* the same order (dependencies in declaration order, a nested one before its dependant; a
  run of plain ones is one step only between the others, which FastAPI keeps solving);
* the same per-request cache (a dependency used twice runs once, unless ``use_cache=False``);
* the same exceptions (a guard's 401/403 raised before the body is validated);
* ``app.dependency_overrides`` (tests): when any is set, the plain dependencies are solved by
  FastAPI as if the route were not compiled.

A route is left to FastAPI entirely when its handler is not ``async def``, when compiling would
not leave FastAPI fewer dependencies to solve (nothing plain, or a lone plain one: its step would
cost what FastAPI's does), or when a plain dependency also sits under a dependency FastAPI keeps
(two solvers would run it twice). The route keeps its own ``dependant``: the OpenAPI, the guards' markers
(``pf_common.guards``), the idempotency TTL and the tests' route walks see the declared tree.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Coroutine, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Final, cast

import fastapi
from fastapi import params
from fastapi import routing as fastapi_routing
from fastapi.dependencies.models import Dependant
from fastapi.dependencies.utils import request_params_to_args, solve_dependencies
from fastapi.exceptions import RequestValidationError
from fastapi.security.base import SecurityBase
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import Response

__all__ = ["APIRouter", "FastRoute", "check_fast_routes", "compile_dependant", "is_compiled"]

#: the names under which the compiled steps hand their values to the handler's wrapper
_GROUP_PREFIX: Final = "_pf_plain_dependencies_"
#: the request's cache of plain dependencies' values (shared by the route's steps)
_CACHE_SCOPE_KEY: Final = "pf_dependency_cache"
#: set on a route once a handler of it is compiled
_COMPILED_ATTR: Final = "pf_compiled"
_MISSING: Final = object()


@dataclass(frozen=True, slots=True)
class _Plain:
    """A plain dependency: its call, the name its value goes by, and what it is called with."""

    call: Callable[..., Coroutine[Any, Any, Any]]
    name: str | None
    cache_key: tuple[Any, ...]
    use_cache: bool
    request_names: tuple[str, ...]
    headers: tuple[tuple[str, str], ...]  # (parameter name, header name)
    children: tuple[_Plain, ...]

    async def solve(self, request: Request, cache: dict[tuple[Any, ...], Any]) -> Any:
        # FastAPI's order: the dependency's own dependencies, its parameters, then the cache
        kwargs: dict[str, Any] = {}
        for child in self.children:
            value = await child.solve(request, cache)
            if child.name is not None:
                kwargs[child.name] = value
        for name in self.request_names:
            kwargs[name] = request
        if self.headers:
            headers = request.headers
            for name, header in self.headers:
                kwargs[name] = headers.get(header)
        if self.use_cache:
            cached = cache.get(self.cache_key, _MISSING)
            if cached is not _MISSING:
                return cached
        value = await self.call(**kwargs)
        cache.setdefault(self.cache_key, value)
        return value


_PROBE: Final = "pf-probe"


def _plain_header(field: Any) -> str | None:
    """The header an optional ``str`` parameter without constraints reads (any value a request
    carries is valid, a missing one is None), else None. The name is FastAPI's own: the one
    that :func:`request_params_to_args` reads the probe value from."""
    info = field.field_info
    if not (
        isinstance(info, params.Header)
        and not info.is_required()
        and info.default is None
        and info.annotation == (str | None)
        and not info.metadata
        and not info.validate_default
        and (info.validation_alias is None or isinstance(info.validation_alias, str))
    ):
        return None
    name: str = field.name
    candidates: tuple[str, ...] = (str(field.alias), name.replace("_", "-"), name)
    for header in dict.fromkeys(candidates):
        values, errors = request_params_to_args([field], Headers({header: _PROBE}))
        if not errors and values.get(name) == _PROBE:
            return header.lower()
    return None


def _plain(dep: Dependant) -> _Plain | None:
    """``dep`` as a plain dependency, or None when FastAPI must solve it."""
    call = dep.call
    if (
        call is None
        or dep.path_params
        or dep.query_params
        or dep.cookie_params
        or dep.body_params
        or dep.websocket_param_name
        or dep.background_tasks_param_name
        or dep.response_param_name
        or dep.security_scopes_param_name
        or dep.own_oauth_scopes
        or dep.concurrency is not None
        or not inspect.iscoroutinefunction(call)  # a function: no generators, classes, threads
        or isinstance(inspect.unwrap(call), SecurityBase)
    ):
        return None
    headers = tuple((f.name, _plain_header(f)) for f in dep.header_params)
    if any(header is None for _, header in headers):
        return None
    children = []
    for sub in dep.dependencies:
        child = _plain(sub)
        if child is None:
            return None
        children.append(child)
    request_names = tuple(n for n in (dep.request_param_name, dep.http_connection_param_name) if n)
    return _Plain(
        call=call,
        name=dep.name,
        # FastAPI's key for a dependency without security scopes: (call, (), scope or "")
        cache_key=(call, (), dep.scope or ""),
        use_cache=dep.use_cache,
        request_names=request_names,
        headers=cast(tuple[tuple[str, str], ...], headers),
        children=tuple(children),
    )


def _calls_under(dep: Dependant) -> set[Any]:
    """``dep``'s call and every call under it."""
    out = {dep.call}
    for sub in dep.dependencies:
        out |= _calls_under(sub)
    return out


def _count(dependencies: Sequence[Dependant]) -> int:
    """How many dependencies FastAPI solves for these (each one and those under it)."""
    return sum(1 + _count(d.dependencies) for d in dependencies)


def _group(
    index: int,
    plain: Sequence[_Plain],
    declared: Sequence[Dependant],
    overrides_provider: Any,
    path: str | None,
) -> Dependant:
    """One dependency that solves a run of plain ones; its value maps their names to values."""
    steps = tuple(plain)
    as_declared = Dependant(dependencies=list(declared), path=path)

    async def solve_plain_dependencies(request: Request) -> dict[str, Any]:
        overrides = getattr(overrides_provider, "dependency_overrides", None)
        if overrides:  # tests that override: FastAPI's own solving, overrides applied
            solved = await solve_dependencies(
                request=request,
                dependant=as_declared,
                dependency_overrides_provider=overrides_provider,
                async_exit_stack=request.scope["fastapi_inner_astack"],
                embed_body_fields=False,
            )
            if solved.errors:
                raise RequestValidationError(solved.errors)
            return solved.values
        cache = request.scope.get(_CACHE_SCOPE_KEY)
        if cache is None:
            cache = request.scope[_CACHE_SCOPE_KEY] = {}
        values: dict[str, Any] = {}
        for step in steps:
            value = await step.solve(request, cache)
            if step.name is not None:
                values[step.name] = value
        return values

    return Dependant(
        call=solve_plain_dependencies,
        name=f"{_GROUP_PREFIX}{index}",
        request_param_name="request",
        use_cache=False,
        path=path,
    )


def compile_dependant(dependant: Dependant, overrides_provider: Any = None) -> Dependant | None:
    """``dependant`` (a route's) with each run of plain dependencies as one, or None when the
    route is best left to FastAPI (module docstring)."""
    endpoint = dependant.call
    if endpoint is None or not inspect.iscoroutinefunction(endpoint):
        return None
    new: list[Dependant] = []
    run: list[tuple[_Plain, Dependant]] = []
    groups: list[str] = []
    plain_calls: set[Any] = set()
    kept_calls: set[Any] = set()

    def flush() -> None:
        if run:
            group = _group(
                len(groups), [p for p, _ in run], [d for _, d in run], overrides_provider, dependant.path
            )
            groups.append(str(group.name))
            new.append(group)
            run.clear()

    for sub in dependant.dependencies:
        plain = _plain(sub)
        if plain is None:
            flush()
            new.append(sub)
            kept_calls |= _calls_under(sub)
        else:
            run.append((plain, sub))
            plain_calls |= _calls_under(sub)
    flush()
    if not groups or plain_calls & kept_calls:
        return None
    if _count(new) >= _count(dependant.dependencies):  # a lone guard: FastAPI's own is as quick
        return None
    names = tuple(groups)

    async def handler(**values: Any) -> Any:
        for name in names:
            values.update(values.pop(name))
        return await endpoint(**values)

    handler.__name__ = getattr(endpoint, "__name__", "handler")
    handler.__qualname__ = getattr(endpoint, "__qualname__", handler.__name__)
    handler.__module__ = getattr(endpoint, "__module__", handler.__module__)
    return replace(dependant, call=handler, dependencies=new)


def _route_in_effect(route: fastapi_routing.APIRoute) -> Any:
    """The route whose handler FastAPI is building: an included route's inclusion context (its
    path, the including routers' dependencies) while FastAPI builds it, else the route."""
    var = getattr(fastapi_routing, "_effective_route_context_var", None)
    context = var.get() if var is not None else None
    if context is not None and getattr(context, "original_route", None) is route:
        return context
    return route


class FastRoute(fastapi_routing.APIRoute):
    """FastAPI's route with its plain dependencies compiled into one (module docstring)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        route = _route_in_effect(self)
        declared = route.dependant
        compiled = compile_dependant(declared, route.dependency_overrides_provider)
        if compiled is None:
            return super().get_route_handler()
        route.dependant = compiled  # FastAPI's handler closes over it; the route keeps its own
        try:
            handler = super().get_route_handler()
        finally:
            route.dependant = declared
        setattr(self, _COMPILED_ATTR, True)
        return handler


class APIRouter(fastapi.APIRouter):
    """``fastapi.APIRouter`` whose routes are :class:`FastRoute` s."""

    def __init__(
        self, *args: Any, route_class: type[fastapi_routing.APIRoute] = FastRoute, **kwargs: Any
    ) -> None:
        super().__init__(*args, route_class=route_class, **kwargs)


def is_compiled(route: Any) -> bool:
    """Whether a handler of ``route`` runs its plain dependencies in one step."""
    return getattr(route, _COMPILED_ATTR, False) is True


def check_fast_routes(routes: Iterable[Any]) -> None:
    """Every API route is a :class:`FastRoute` (its router is this module's :class:`APIRouter`);
    raises ``RuntimeError`` naming the others."""
    from pf_common.routes import api_routes

    slow = [f"{sorted(r.methods or ())} {r.path}" for r in api_routes(routes) if not isinstance(r, FastRoute)]
    if slow:
        raise RuntimeError(
            f"routes not built by pf_common.routing.APIRouter (use it for every router): {', '.join(slow)}"
        )
