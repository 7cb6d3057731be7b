"""Walking an app's routes (FastAPI keeps included routers as wrappers; ours carry no prefix)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from fastapi.routing import APIRoute

__all__ = ["api_routes", "depends_on"]


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
