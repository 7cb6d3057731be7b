"""Walking an app's routes (FastAPI keeps included routers as wrappers; ours carry no prefix)."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable
from typing import Any, Final

from fastapi.routing import APIRoute

__all__ = ["api_routes", "depends_on", "shadowed_routes", "threadpool_calls"]


def api_routes(routes: Iterable[Any]) -> list[APIRoute]:
    """Every ``APIRoute``, through FastAPI's included-router wrappers."""
    out: list[APIRoute] = []
    for route in routes:
        if isinstance(route, APIRoute):
            out.append(route)
        elif hasattr(route, "original_router"):
            out.extend(api_routes(route.original_router.routes))
    return out


def depends_on(dependant: Any, predicate: Callable[[Any], bool]) -> bool:
    """Whether any dependency in the tree (the route's own included) satisfies ``predicate``."""
    for dep in getattr(dependant, "dependencies", ()):
        if predicate(dep.call) or depends_on(dep, predicate):
            return True
    return False


def _runs_in_threadpool(call: Any) -> bool:
    """FastAPI runs a plain ``def`` (a handler, a dependency, a sync generator) in a worker thread:
    a thread hop per call, ~50-100 us of CPU with the GIL hand-offs on a busy process."""
    if call is None or inspect.isclass(call):  # a class dependency is built inline
        return False
    fn = call if inspect.isfunction(call) or inspect.ismethod(call) else getattr(call, "__call__", call)  # noqa: B004
    return not (inspect.iscoroutinefunction(fn) or inspect.isasyncgenfunction(fn))


def threadpool_calls(routes: Iterable[Any]) -> list[str]:
    """``"<METHOD> <path>: <callable>"`` for every handler or dependency of ``routes`` that FastAPI
    would run in its threadpool (none should: nothing of ours blocks; what would must say so)."""
    found: set[str] = set()

    def note(route: APIRoute, call: Any) -> None:
        name = getattr(call, "__qualname__", repr(call))
        found.add(f"{min(route.methods or {'?'})} {route.path}: {name}")

    def walk(route: APIRoute, dependant: Any) -> None:
        for dep in getattr(dependant, "dependencies", ()):
            if _runs_in_threadpool(dep.call):
                note(route, dep.call)
            walk(route, dep)

    for route in api_routes(routes):
        if _runs_in_threadpool(route.endpoint):
            note(route, route.endpoint)
        walk(route, route.dependant)
    return sorted(found)


_PARAM: Final = re.compile(r"\{[^}]+\}")


def shadowed_routes(routes: Iterable[Any]) -> list[str]:
    """``"<METHOD> <path> shadows <path>"`` for every route that a route before it answers.

    The router tries routes in order, so a service orders them hottest first (every route passed
    costs CPU); reordering must not let ``/stores/{id}`` answer for a later ``/stores/search``. A
    later route's path with each parameter as a sample value is matched against every earlier
    route's pattern for a method they share.
    """
    ordered = api_routes(routes)
    found: list[str] = []
    for i, later in enumerate(ordered):
        sample = _PARAM.sub("x1", later.path)
        for earlier in ordered[:i]:
            shared = (earlier.methods or set()) & (later.methods or set())
            if shared and earlier.path != later.path and earlier.path_regex.match(sample):
                found.append(f"{min(shared)} {earlier.path} shadows {later.path}")
    return found
