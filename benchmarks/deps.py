"""What FastAPI's dependency solving costs per request, and what ``pf_common.routing`` saves.

``python -m benchmarks.deps`` calls a bare FastAPI app in-process (an ASGI scope, no HTTP, on
uvloop) whose ``GET /x`` has 0, 1, 2 or 4 ``async def`` dependencies taking the request, its
router built once with FastAPI's ``APIRoute`` and once with ``pf_common.routing.FastRoute``, and
prints the CPU per request of each (the best of ``--rounds`` interleaved rounds). A diagnosis
(issue #14, M1/I1), not a figure: ``make bench`` runs the real apps through the gateway.
"""

# no ``from __future__ import annotations``: FastAPI reads the dependencies' annotations, and
# ``Request`` is imported inside ``_app``
import argparse
import json
import sys
import time
from typing import Any

DEPENDENCIES = (0, 1, 2, 4)


def _app(route_class: Any, n: int) -> Any:
    import fastapi
    from fastapi import Depends, FastAPI, Request

    router = fastapi.APIRouter(route_class=route_class)
    deps = []
    for _ in range(n):

        async def dependency(request: Request) -> int:
            return 1

        deps.append(Depends(dependency))

    @router.get("/x", dependencies=deps)
    async def x() -> dict[str, str]:
        return {}

    app = FastAPI()
    app.include_router(router)
    return app


async def _cpu_us(app: Any, calls: int) -> float:
    from benchmarks.breakdown import _asgi_caller

    call = _asgi_caller(app, "/x", None)  # raises unless the app answers 200
    for _ in range(min(500, calls)):
        await call()
    start = time.process_time()
    for _ in range(calls):
        await call()
    return (time.process_time() - start) / calls * 1e6


async def _run(rounds: int, calls: int) -> dict[str, Any]:
    from fastapi.routing import APIRoute

    from pf_common.routing import FastRoute

    out: dict[str, Any] = {}
    for n in DEPENDENCIES:
        best: dict[str, float] = {}
        for _ in range(rounds):
            for name, route_class in (("fastapi", APIRoute), ("fast_route", FastRoute)):
                us = await _cpu_us(_app(route_class, n), calls)
                best[name] = min(us, best.get(name, us))
        out[str(n)] = {k: round(v, 1) for k, v in best.items()}
        print(
            f"{n} dependencies: FastAPI {best['fastapi']:.1f} us, FastRoute {best['fast_route']:.1f} us "
            "of CPU per request",
            file=sys.stderr,
        )
    return out


def main(argv: list[str]) -> int:
    import uvloop

    p = argparse.ArgumentParser(prog="python -m benchmarks.deps", description=__doc__.splitlines()[0])
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--calls", type=int, default=5_000)
    args = p.parse_args(argv)
    print(json.dumps(uvloop.run(_run(args.rounds, args.calls))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
