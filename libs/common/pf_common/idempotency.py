"""HTTP idempotency keys (spec/API.md §1.7).

A route opts in with a dependency::

    @router.post("/checkout", dependencies=[Idempotent(days=7)])

* ``Idempotency-Key`` is required (400 ``VALIDATION_ERROR`` when missing). The dependency
  declares it as a header parameter, so the route's OpenAPI operation lists it
  (``pf_common.openapi`` marks it required); the key is still checked here, after the
  caller is authenticated (401 first), with the messages below.
* Scope = ``(user_id, active_store_id or "", METHOD, path)`` + key; the
  record lives at ``pf:idempotency:<scope>:<key>``. An internal route called with service
  tokens passes its guard, ``Idempotent(days=7, service_guard=require_service("logistics"))``:
  the caller is authenticated and authorised first (401/403 claim nothing) and the scope's
  user is ``service:<calling service>`` (no store), so two services never share a key.
* The key is claimed atomically (one Lua script: read the record or take the
  in-flight lock), never check-then-act:
  - a stored record with the same body hash ⇒ the stored response, byte for byte;
  - a stored record with another body hash ⇒ 409 ``IDEMPOTENCY_KEY_REUSED``;
  - the lock held by a request in flight ⇒ 409 ``CONFLICT``.
* The middleware stores the response after the route ran (4xx included,
  5xx never) and releases the lock, in one round trip (a MULTI). With the session check
  served from memory (:class:`pf_common.sessions.LiveSessions`), an idempotent write costs
  two Redis round trips: the claim and this.
* A response carrying ``Retry-After`` is not stored either (only the lock is released): it
  says "not yet, come back" (e.g. finance's 409 while it has not caught up with orders' latest
  totals), so the retry with the same key runs the request again instead of replaying the
  refusal. A route that answers so must have written nothing.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated, Any, Final

from fastapi import Depends, FastAPI, Header, Request
from fastapi.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pf_common.errors import Conflict, DependencyError, IdempotencyKeyReused, ValidationFailed
from pf_common.logging import get_logger
from pf_common.resp import Script, command, run_script
from pf_common.service_auth import ServiceCaller

log = get_logger(__name__)

HEADER = "Idempotency-Key"
#: a response with this header is a "not yet" (retry later): never stored (module docstring)
RETRY_AFTER: Final = b"retry-after"
MAX_KEY_CHARS: Final = 255
LOCK_TTL_MS = 60_000
_STATE_KEY = "pf_idempotency"
# Set on the claim dependency: its record TTL in seconds (how tools find idempotent routes).
CLAIM_ATTR: Final = "pf_idempotency_ttl_s"
KEY_DESCRIPTION: Final = (
    "Required: 1-255 printable characters, unique per logical request (a UUID is a good key). "
    "The same key and body within the TTL replays the stored response byte for byte "
    "(`Idempotent-Replayed: true`); the same key with another body is 409 "
    "`IDEMPOTENCY_KEY_REUSED`; while the first request is in flight, 409 `CONFLICT`. "
    "Missing or invalid: 400 `VALIDATION_ERROR`."
)

# Optional to FastAPI (the claim checks it, after authentication, with its own messages);
# ``pf_common.openapi`` documents it as required.
KeyHeader = Annotated[str | None, Header(alias=HEADER, description=KEY_DESCRIPTION)]

# KEYS[1] = record key, KEYS[2] = lock key; ARGV[1] = lock ttl ms
_CLAIM = """
local rec = redis.call('GET', KEYS[1])
if rec then return {'record', rec} end
if redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[1]) then return {'claimed', ''} end
return {'locked', ''}
"""

# KEYS[1] = record key, KEYS[2] = lock key; ARGV[1] = record, ARGV[2] = record ttl s
_STORE = """
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
return redis.call('DEL', KEYS[2])
"""

# Both scripts are sent by hash (EVALSHA; the source once, on NOSCRIPT): EVAL sends the source
# with every request and Redis hashes it again each time. On the runtime's server they go through
# its lean client (``pf_common.resp``: a fraction of redis-py's CPU per command).
_CLAIM_SCRIPT: Final = Script(_CLAIM)
_STORE_SCRIPT: Final = Script(_STORE)


@dataclass(frozen=True)
class IdempotencyClaim:
    record_key: str
    lock_key: str
    body_hash: str
    ttl_s: int


class StoredResponse(Exception):
    """Raised to short-circuit the route with a replayed response."""

    def __init__(self, response: Response) -> None:
        self.response = response


def _scope_of(request: Request, service: str | None = None) -> str:
    """``user:store:METHOD:path``; for a service caller ``service:<name>::METHOD:path``."""
    path = _url_path(request)
    if service is not None:
        return f"service:{service}::{request.method}:{path}"
    principal = getattr(request.state, "principal", None)
    user = str(principal.user_id) if principal is not None else ""
    store = str(principal.store_id) if principal is not None and principal.store_id else ""
    return f"{user}:{store}:{request.method}:{path}"


_URL_DROPS: Final = frozenset("\t\r\n")  # urlsplit removes them from a URL


def _url_path(request: Request) -> str:
    """``request.url.path`` (the records' keys have always used it) without building the URL:
    Starlette escapes ``?``, ``#`` and ``\\`` of the ASGI path and urlsplit gives it back; only a
    path with a tab or newline, which urlsplit would drop, takes the long way."""
    path: str = request.scope["path"]
    if _URL_DROPS.isdisjoint(path):
        return path.replace("?", "%3F").replace("#", "%23").replace("\\", "%5C")
    return request.url.path


def _validate_key(key: str | None) -> str:
    if key is None or not key.strip():
        raise ValidationFailed("Idempotency-Key header is required", details={HEADER: "required"})
    key = key.strip()
    if len(key) > MAX_KEY_CHARS or not key.isprintable():
        raise ValidationFailed("invalid Idempotency-Key", details={HEADER: "1-255 printable characters"})
    return key


def Idempotent(
    *,
    hours: int = 0,
    days: int = 0,
    authenticated: bool = True,
    service_guard: Callable[..., Any] | None = None,
) -> Any:
    """Dependency marking a POST/PUT route idempotent with the given record TTL.

    ``authenticated`` routes resolve the principal first (so the scope holds
    the user and store); public routes (register) are scoped to no user. An internal route
    passes its ``service_guard`` (the ``require_service(...)`` object the route itself uses, so
    FastAPI runs it once): the calling service is verified first and scopes the key
    (``authenticated`` is then not used).
    """
    ttl = int(timedelta(hours=hours, days=days).total_seconds()) or 86_400

    async def _claim(request: Request, raw_key: str | None, service: str | None = None) -> IdempotencyClaim:
        key = _validate_key(raw_key)
        body = await request.body()
        body_hash = base64.b64encode(hashlib.sha256(body).digest()).decode()
        scope = _scope_of(request, service)
        record_key = f"pf:idempotency:{scope}:{key}"
        lock_key = f"{record_key}:lock"
        redis = request.app.state.runtime.redis
        try:
            outcome, raw = await run_script(redis, _CLAIM_SCRIPT, [record_key, lock_key], [LOCK_TTL_MS])
        except Exception as exc:
            raise DependencyError("idempotency store unavailable", details={"dependency": "redis"}) from exc
        outcome = outcome.decode() if isinstance(outcome, bytes) else outcome
        if outcome == "record":
            record = json.loads(raw)
            if record["hash"] != body_hash:
                raise IdempotencyKeyReused(details={HEADER: "used before with a different request body"})
            log.info("idempotency.replayed", status=record["status"])
            raise StoredResponse(
                Response(
                    content=base64.b64decode(record["body"]),
                    status_code=record["status"],
                    media_type=record.get("content_type") or None,
                    headers={"Idempotent-Replayed": "true"},
                )
            )
        if outcome == "locked":
            raise Conflict("a request with this Idempotency-Key is in flight")
        claim = IdempotencyClaim(record_key, lock_key, body_hash, ttl)
        request.scope.setdefault("state", {})[_STATE_KEY] = claim
        return claim

    dependency: Any
    if service_guard is not None:
        # FastAPI solves the guard (401/403) before reading the header parameter.
        async def _service_claim(
            request: Request,
            idempotency_key: KeyHeader = None,
            caller: ServiceCaller = Depends(service_guard),
        ) -> IdempotencyClaim:
            return await _claim(request, idempotency_key, caller.service)

        dependency = _service_claim
    elif authenticated:
        from pf_common.guards import AUTHENTICATES_ATTR, get_principal

        # the caller is authenticated (401) before the key is read: by get_principal called here,
        # not as a sub-dependency (one dependency less to solve per request: pf_common.guards)
        async def _authenticated_claim(
            request: Request, idempotency_key: KeyHeader = None
        ) -> IdempotencyClaim:
            await get_principal(request)
            return await _claim(request, idempotency_key)

        setattr(_authenticated_claim, AUTHENTICATES_ATTR, True)
        dependency = _authenticated_claim
    else:

        async def _public_claim(request: Request, idempotency_key: KeyHeader = None) -> IdempotencyClaim:
            return await _claim(request, idempotency_key)

        dependency = _public_claim
    setattr(dependency, CLAIM_ATTR, ttl)
    return Depends(dependency)


def idempotency_ttl_of(dependant: Any) -> int | None:
    """The record TTL of the ``Idempotent`` claim in a route's dependency tree (None: not idempotent)."""
    for dep in getattr(dependant, "dependencies", ()):
        found = getattr(dep.call, CLAIM_ATTR, None)
        if found is not None:
            return int(found)
        nested = idempotency_ttl_of(dep)
        if nested is not None:
            return nested
    return None


class IdempotencyMiddleware:
    """Stores the response of a claimed request and releases its lock."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH", "DELETE"):
            await self.app(scope, receive, send)
            return
        captured: dict[str, Any] = {"status": None, "headers": [], "body": bytearray()}

        async def send_wrapper(message: Message) -> None:
            if scope.get("state", {}).get(_STATE_KEY) is not None:
                if message["type"] == "http.response.start":
                    captured["status"] = message["status"]
                    captured["headers"] = message.get("headers", [])
                elif message["type"] == "http.response.body":
                    captured["body"].extend(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            claim: IdempotencyClaim | None = scope.get("state", {}).pop(_STATE_KEY, None)
            if claim is not None:
                await self._finish(scope, claim, captured)

    async def _finish(self, scope: Scope, claim: IdempotencyClaim, captured: dict[str, Any]) -> None:
        redis = scope["app"].state.runtime.redis
        status = captured["status"]
        try:
            retry_later = any(k.lower() == RETRY_AFTER for k, _ in captured["headers"])
            if status is not None and status < 500 and not retry_later:
                content_type = next(
                    (v.decode("latin-1") for k, v in captured["headers"] if k.lower() == b"content-type"),
                    None,
                )
                record = {
                    "status": status,
                    "body": base64.b64encode(bytes(captured["body"])).decode(),
                    "content_type": content_type,
                    "hash": claim.body_hash,
                }
                # one command: the record, then the lock released
                keys = [claim.record_key, claim.lock_key]
                await run_script(redis, _STORE_SCRIPT, keys, [json.dumps(record), claim.ttl_s])
            else:
                await command(redis, "DEL", claim.lock_key)
        except Exception as exc:  # the lock expires by itself after 60 s
            log.warning("idempotency.store_failed", error=str(exc))


def install(app: FastAPI) -> None:
    """Register the handler that turns ``StoredResponse`` into the replayed response."""

    @app.exception_handler(StoredResponse)
    async def _replay(_request: Request, exc: StoredResponse) -> Response:
        return exc.response
