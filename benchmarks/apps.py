"""The applications under test, each served by the same uvicorn command line (procs.uvicorn_args).

* ``raw_hello_app`` (B0): a bare ASGI callable answering every path with a fixed JSON body.
* ``fastapi_hello`` (B1): FastAPI with one route returning the same body.
* the service under test (P2/P4) lives in ``benchmarks.service``; it answers the same
  ``HELLO_PATH`` with the same body.
"""

from __future__ import annotations

from typing import Any

HELLO_PATH = "/api/v1/products/hello"  # routed to the catalog upstream by deploy/gateway/Caddyfile
HELLO_BODY = b'{"data":{"message":"hello"}}'


# --------------------------------------------------------------------------- B0: raw ASGI


async def raw_hello(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return
    if scope["type"] != "http":
        return
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(HELLO_BODY)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": HELLO_BODY})


def raw_hello_app() -> Any:
    """uvicorn ``--factory`` entry point of B0 (every server is started the same way)."""
    return raw_hello


# --------------------------------------------------------------------------- B1: FastAPI hello


def fastapi_hello() -> Any:
    """uvicorn ``--factory`` entry point of B1."""
    from fastapi import FastAPI

    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)

    @app.get(HELLO_PATH)
    async def hello() -> dict[str, Any]:
        return {"data": {"message": "hello"}}

    return app
