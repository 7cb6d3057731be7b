"""OpenAPI that tells the truth, inherited by every service through ``create_app`` (issue #12).

``create_app`` calls :func:`install`: the app's ``/openapi.json`` is FastAPI's document,
completed once (then cached) from the routes themselves:

* **Errors.** Every error response an operation lists references one envelope schema,
  ``ErrorResponse`` (``{"error": {"code", "message", "details"?, "request_id"?}}``, API.md
  §1.3-1.4), and its description names the canonical code(s). The codes come from two places:
  what the route's dependency tree and inputs imply (*inferred*, listed below) and the domain
  codes the route *declares* with :func:`errors`. FastAPI's default "422 Validation Error"
  (``HTTPValidationError``) is removed everywhere: validation is 400 ``VALIDATION_ERROR``, and
  422 ``STATE_CONFLICT`` is listed only where the route declares it.
* **Security.** ``bearerAuth`` (HTTP bearer, JWT) on every operation that depends on
  ``get_principal`` (the guards ``require_store``/``require_admin``/``require_agent`` do), so
  Swagger's Authorize button works; ``serviceToken`` on ``/internal/*`` routes
  (``require_service``). Nothing is added to the request path: the schemes are declared here.
* **Idempotency-Key.** ``Idempotent(...)`` declares the header parameter; it is marked
  required here (the claim, not FastAPI, rejects a missing key, after authentication).

Inferred codes (the rules read the dependency tree; each is checked in the tests):

* 400 ``VALIDATION_ERROR``: a body, or a path/query/header parameter that FastAPI can refuse
  (required, typed or constrained); ``Idempotent(...)`` (missing or invalid key).
* 401 ``UNAUTHORIZED``: ``get_principal`` or ``require_service`` in the tree.
* 403 ``FORBIDDEN``: ``require_store``/``require_admin``/``require_agent``; ``require_service``.
* 409 ``CONFLICT`` (request in flight) and ``IDEMPOTENCY_KEY_REUSED``: ``Idempotent(...)``.
* 413 ``VALIDATION_ERROR``: a body larger than the limit (``BodyLimitMiddleware``).
* 429 ``RATE_LIMIT_EXCEEDED``: a ``rate_limit(...)`` dependency (``enforce`` inside a route is
  invisible: declare 429).
* 503 ``DEPENDENCY_ERROR``: ``get_principal`` (token keys, session store), ``Idempotent(...)``
  (Redis), a fail-closed ``rate_limit`` (fail-open ones let the request through), a
  ``ReadSession``/``WriteSession`` (Postgres down, pool exhausted, statement or lock timeout:
  ``pf_common.db.is_database_unavailable``).

Not inferred: a wrong method is 405 ``METHOD_NOT_ALLOWED`` on any path.

Declaring what a route raises itself
------------------------------------
::

    from pf_common.openapi import errors

    @router.delete(
        "/api/v1/licenses/{license_id}", status_code=204,
        responses=errors(403, 404, 409, notes={409: "the license is not rejected or expired"}),
    )

``errors(*statuses, notes=None, bearer=False)`` takes the HTTP statuses the route's own code
(its use case) can return, among 400, 401, 403, 404, 409, 413, 422, 429, 503, each standing for
its canonical code (404 ``NOT_FOUND``, 409 ``CONFLICT``, 422 ``STATE_CONFLICT``, …), with an
optional one-line note per status. Declare only what the route raises beyond the inferred
codes (declaring an inferred one too is harmless: the lines merge). ``bearer=True`` is for a
route that checks an access token by hand instead of through ``get_principal`` (identity's
``/auth/refresh``): it documents 401 and the ``bearerAuth`` requirement. Combine with other
FastAPI ``responses`` by ``|``, e.g. ``errors(401) | response_headers(200, {"X-PF-Token": …})``.

:func:`problems` lists what is wrong with an app's document (each service's tests assert it is
empty).
"""

from __future__ import annotations

import inspect
import json
import types
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Final, Union, get_args, get_origin

from fastapi import FastAPI, params
from fastapi.routing import APIRoute

from pf_common import db_http, ratelimit
from pf_common.errors import (
    CODES,
    Conflict,
    DependencyError,
    Forbidden,
    IdempotencyKeyReused,
    NotFound,
    RateLimited,
    StateConflict,
    Unauthorized,
    ValidationFailed,
)
from pf_common.guards import AUTHORISES, allowed_services_of, authenticates, guard_kind
from pf_common.idempotency import HEADER as IDEMPOTENCY_HEADER
from pf_common.idempotency import MAX_KEY_CHARS, idempotency_ttl_of
from pf_common.routes import api_routes
from pf_common.settings import app_settings

__all__ = [
    "BEARER_SCHEME",
    "CODES_BY_STATUS",
    "DECLARABLE",
    "ERROR_REF",
    "ERROR_SCHEMA",
    "SERVICE_SCHEME",
    "RouteFacts",
    "complete",
    "documented_codes",
    "error_lines",
    "errors",
    "facts_of",
    "install",
    "problems",
    "response_headers",
]

ERROR_SCHEMA: Final = "ErrorResponse"
ERROR_REF: Final = f"#/components/schemas/{ERROR_SCHEMA}"
BEARER_SCHEME: Final = "bearerAuth"
SERVICE_SCHEME: Final = "serviceToken"
JSON: Final = "application/json"
# Set by ``errors(..., bearer=True)`` on the 401 entry; read from the route, removed from the document.
_BEARER_FLAG: Final = "x-pf-bearer"
_FASTAPI_VALIDATION_SCHEMAS: Final = ("HTTPValidationError", "ValidationError")


def _codes_by_status() -> dict[int, tuple[str, ...]]:
    by_status: dict[int, list[str]] = {}
    for code, cls in CODES.items():
        by_status.setdefault(cls.status_code, []).append(code)
    by_status.setdefault(413, []).append(ValidationFailed.code)  # BodyLimitMiddleware
    return {status: tuple(codes) for status, codes in sorted(by_status.items())}


# Every status an error response may have, with the canonical codes it carries.
CODES_BY_STATUS: Final = _codes_by_status()

# What a route may declare with ``errors()``, and the code each status stands for.
_DECLARED_CODE: Final[dict[int, str]] = {
    400: ValidationFailed.code,
    401: Unauthorized.code,
    403: Forbidden.code,
    404: NotFound.code,
    409: Conflict.code,
    413: ValidationFailed.code,
    422: StateConflict.code,
    429: RateLimited.code,
    503: DependencyError.code,
}
DECLARABLE: Final = frozenset(_DECLARED_CODE)

_DEFAULT_NOTES: Final[dict[int, str]] = {
    400: "the request breaks a rule of this route (`details` names the field)",
    401: "not authenticated",
    403: "the caller may not do this",
    404: "not found, or not visible to the caller",
    409: "conflicts with the current data",
    413: "the body is too large",
    422: "illegal state transition (`details` explains)",
    429: "too many requests; retry after `Retry-After` seconds",
    503: "a dependency is unavailable (`details.dependency` names it)",
}

_INFO_DESCRIPTION: Final = (
    "Every error answers with one envelope, `ErrorResponse`: "
    '`{"error": {"code", "message", "details"?, "request_id"?}}`; each operation lists the '
    "codes it can return. Any route may also answer 500 `INTERNAL_ERROR` (an unexpected error; "
    "the body carries the request id), and a method the path does "
    "not serve is 405 `METHOD_NOT_ALLOWED` with an `Allow` header.\n\n"
    "**Try it:** register or log in (identity), copy the `X-PF-Token` response header, paste it "
    "under **Authorize → bearerAuth**, then call any route. Writes marked with an "
    "`Idempotency-Key` header need a fresh key per request (a UUID)."
)


def error_schema() -> dict[str, Any]:
    """The ``ErrorResponse`` component (API.md §1.3-1.4)."""
    return {
        "title": ERROR_SCHEMA,
        "description": "The envelope of every error response (API.md §1.3-1.4).",
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["code", "message"],
                "properties": {
                    "code": {
                        "type": "string",
                        "enum": list(dict.fromkeys(c for codes in CODES_BY_STATUS.values() for c in codes)),
                        "description": "The canonical error code (API.md §1.4).",
                    },
                    "message": {
                        "type": "string",
                        "description": "For people; never internals (no stack traces, no SQL).",
                    },
                    "details": {
                        "type": "object",
                        "additionalProperties": True,
                        "description": "Only for codes that allow it: field → message for "
                        "VALIDATION_ERROR, violations for STATE_CONFLICT, the dependency for "
                        "DEPENDENCY_ERROR, the header for IDEMPOTENCY_KEY_REUSED.",
                    },
                    "request_id": {
                        "type": "string",
                        "description": "The request's `X-Request-Id` (quote it to support).",
                    },
                },
            }
        },
    }


def _security_schemes() -> dict[str, Any]:
    return {
        BEARER_SCHEME: {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": "An access token (RS256, 15 minutes): the `X-PF-Token` response header "
            "of register, login, refresh or switch-store. Paste the token without `Bearer `.",
        },
        SERVICE_SCHEME: {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT (pf-service+jwt)",
            "description": "Internal routes only: a service token signed by the calling "
            "service (`iss` = caller, `aud` = this service; `pf_common.service_auth`). Never "
            "routed by the gateway.",
        },
    }


# --- declaring ------------------------------------------------------------------------------


def _line(code: str, text: str) -> str:
    return f"`{code}`: {text}"


def _error_response(description: str) -> dict[str, Any]:
    return {"description": description, "content": {JSON: {"schema": {"$ref": ERROR_REF}}}}


def errors(
    *statuses: int, notes: Mapping[int, str] | None = None, bearer: bool = False
) -> dict[int | str, dict[str, Any]]:
    """FastAPI ``responses=`` for the error statuses a route raises itself (see the module doc).

    ``errors(404, 409, notes={409: "already a member"})``; ``bearer=True`` adds 401 and the
    ``bearerAuth`` requirement for a route that checks the access token by hand.
    """
    wanted = set(statuses) | ({401} if bearer else set())
    if not wanted:
        raise ValueError("errors(): name at least one status")
    unknown = sorted(s for s in wanted if s not in DECLARABLE)
    if unknown:
        raise ValueError(f"errors(): {unknown} not declarable; use {sorted(DECLARABLE)}")
    stray = sorted(set(notes or {}) - wanted)
    if stray:
        raise ValueError(f"errors(): notes for statuses not declared: {stray}")
    out: dict[int | str, dict[str, Any]] = {}
    for status in sorted(wanted):
        note = (notes or {}).get(status) or _DEFAULT_NOTES[status]
        out[status] = _error_response(_line(_DECLARED_CODE[status], note))
    if bearer:
        out[401][_BEARER_FLAG] = True
    return out


def response_headers(status: int, headers: Mapping[str, str]) -> dict[int | str, dict[str, Any]]:
    """FastAPI ``responses=`` documenting headers of a (success) response:
    ``response_headers(200, {"X-PF-Token": "a freshly minted access token"})``."""
    return {
        status: {
            "headers": {
                name: {"description": text, "schema": {"type": "string"}} for name, text in headers.items()
            }
        }
    }


# --- inferring ------------------------------------------------------------------------------

# the database dependencies (ReadSession, WriteSession, LeanRead, LeanWrite): an outage is a 503
_DATABASE_SESSIONS: Final = (
    db_http.read_session,
    db_http.write_session,
    db_http.lean_read,
    db_http.lean_write,
)
_RATE_LIMIT_DEPENDENCY: Final = f"{ratelimit.rate_limit.__qualname__}.<locals>._dependency"


def _calls(dependant: Any) -> Iterator[Callable[..., Any]]:
    for dep in getattr(dependant, "dependencies", ()):
        if dep.call is not None:
            yield dep.call
        yield from _calls(dep)


def _dependants(dependant: Any) -> Iterator[Any]:
    yield dependant
    for dep in getattr(dependant, "dependencies", ()):
        yield from _dependants(dep)


def _is_user_guard(call: Any) -> bool:
    """``require_store(...)``, ``require_admin``, ``require_agent``: they carry the guard marker."""
    return guard_kind(call) == AUTHORISES


def _rate_limit_policy(call: Any) -> ratelimit.Policy | None:
    if getattr(call, "__module__", None) != ratelimit.__name__:
        return None
    if getattr(call, "__qualname__", "") != _RATE_LIMIT_DEPENDENCY:
        return None
    policy = inspect.getclosurevars(call).nonlocals.get("policy")
    return policy if isinstance(policy, ratelimit.Policy) else None


def _plain_str(annotation: Any) -> bool:
    """``str`` or ``str | None``: a value FastAPI never refuses."""
    if annotation in (str, Any):
        return True
    if get_origin(annotation) in (Union, types.UnionType):
        return [a for a in get_args(annotation) if a is not type(None)] == [str]
    return False


def _may_fail(field: Any) -> bool:
    """Whether FastAPI can refuse this parameter (400): missing, unconvertible or out of bounds."""
    info = field.field_info
    if info.is_required() and not isinstance(info, params.Path):
        return True
    return not _plain_str(info.annotation) or bool(info.metadata)


@dataclass(frozen=True)
class RouteFacts:
    """What a route's dependency tree, inputs and ``responses`` say about its errors."""

    principal: bool  # depends on get_principal
    bearer: bool  # needs an access token (get_principal, or declared ``errors(bearer=True)``)
    services: frozenset[str] | None  # require_service(...)
    user_guard: bool  # require_store / require_admin / require_agent
    idempotent: bool
    body: bool
    validates: bool  # an input FastAPI can refuse
    rate_limited: bool
    rate_limit_fails_closed: bool
    database: bool  # takes a ReadSession / WriteSession
    declared: dict[int, dict[str, Any]]  # error responses of route.responses


def facts_of(route: APIRoute) -> RouteFacts:
    calls = list(_calls(route.dependant))
    declared = {
        int(status): dict(resp)
        for status, resp in route.responses.items()
        if str(status).isdigit() and int(status) >= 400
    }
    policies = [p for p in map(_rate_limit_policy, calls) if p is not None]
    body = False
    validates = False
    for dependant in _dependants(route.dependant):
        body = body or bool(dependant.body_params)
        for field in (
            *dependant.path_params,
            *dependant.query_params,
            *dependant.header_params,
            *dependant.cookie_params,
        ):
            if field.alias == IDEMPOTENCY_HEADER and isinstance(field.field_info, params.Header):
                continue  # the claim checks it (400 below, with ``idempotent``)
            validates = validates or _may_fail(field)
    principal = any(authenticates(c) for c in calls)
    return RouteFacts(
        principal=principal,
        bearer=principal or bool(declared.get(401, {}).get(_BEARER_FLAG)),
        services=allowed_services_of(route.dependant),
        user_guard=any(_is_user_guard(c) for c in calls),
        idempotent=idempotency_ttl_of(route.dependant) is not None,
        body=body,
        validates=body or validates,
        rate_limited=bool(policies),
        rate_limit_fails_closed=any(not p.fail_open for p in policies),
        database=any(c in _DATABASE_SESSIONS for c in calls),
        declared=declared,
    )


def _declared_line(status: int, description: str | None) -> str:
    """A declared response's description, starting with its code (hand-written ones too)."""
    text = (description or "").strip() or _DEFAULT_NOTES.get(status, "error")
    for code in CODES_BY_STATUS.get(status, ()):
        if text.startswith(f"`{code}`"):
            return text
        if text.startswith(code):  # "NOT_FOUND: unknown place" -> "`NOT_FOUND`: unknown place"
            return _line(code, text[len(code) :].lstrip(" :,-—") or _DEFAULT_NOTES.get(status, "error"))
    return _line(_DECLARED_CODE.get(status, CODES_BY_STATUS.get(status, ("INTERNAL_ERROR",))[0]), text)


def error_lines(route: APIRoute, *, body_limit: int | None = None) -> dict[int, list[str]]:
    """``{status: [description lines]}`` of every error the route can return: declared, then inferred."""
    facts = facts_of(route)
    lines: dict[int, list[str]] = {}

    def add(status: int, line: str) -> None:
        got = lines.setdefault(status, [])
        if line not in got:
            got.append(line)

    for status, resp in sorted(facts.declared.items()):
        add(status, _declared_line(status, resp.get("description")))
    bad = ValidationFailed.code
    if facts.validates:
        add(400, _line(bad, "an invalid path, query, header or body input (`details` names each field)"))
    if facts.idempotent:
        add(400, _line(bad, f"the `{IDEMPOTENCY_HEADER}` header is missing or invalid"))
    if facts.bearer:
        add(401, _line(Unauthorized.code, "no, invalid or expired access token, or a revoked session"))
    if facts.services is not None:
        add(401, _line(Unauthorized.code, "no or invalid service token"))
        allowed = ", ".join(sorted(facts.services))
        add(403, _line(Forbidden.code, f"the calling service is not one of: {allowed}"))
    if facts.user_guard:
        add(403, _line(Forbidden.code, "the caller's store, store type, role or system role is not allowed"))
    if facts.idempotent:
        add(409, _line(Conflict.code, f"a request with this `{IDEMPOTENCY_HEADER}` is still in flight"))
        add(
            409,
            _line(IdempotencyKeyReused.code, f"this `{IDEMPOTENCY_HEADER}` was used with another body"),
        )
    if facts.body:
        limit = f"{body_limit} bytes" if body_limit else "the limit"
        add(413, _line(bad, f"the body is larger than {limit}"))
    if facts.rate_limited:
        add(429, _line(RateLimited.code, _DEFAULT_NOTES[429]))
    if facts.bearer:
        add(503, _line(DependencyError.code, "the token keys or the session store are unavailable"))
    if facts.idempotent:
        add(503, _line(DependencyError.code, "the idempotency store (Redis) is unavailable"))
    if facts.rate_limit_fails_closed:
        add(503, _line(DependencyError.code, "the rate limiter (Redis) is unavailable"))
    if facts.database:
        add(503, _line(DependencyError.code, "the database is unavailable (retry later)"))
    return dict(sorted(lines.items()))


def _describe(lines: list[str]) -> str:
    return lines[0] if len(lines) == 1 else "\n".join(f"- {line}" for line in lines)


# --- completing the document ----------------------------------------------------------------


def _enveloped(schema: Any) -> Any:
    """A route annotated ``-> dict[str, X]`` answers ``{"data": X}`` (API.md §1.3); FastAPI
    documents it as "an object of any keys, each an X": the document states the envelope."""
    if not isinstance(schema, dict) or set(schema) - {"type", "additionalProperties", "title"}:
        return schema
    payload = schema.get("additionalProperties")
    if schema.get("type") != "object" or payload is None or payload is False:
        return schema
    out = {
        "type": "object",
        "required": ["data"],
        "properties": {"data": {} if payload is True else payload},
        "additionalProperties": False,
    }
    return {**({"title": schema["title"]} if "title" in schema else {}), **out}


def _complete_operation(op: dict[str, Any], facts: RouteFacts, lines: dict[int, list[str]]) -> None:
    responses: dict[str, Any] = op.setdefault("responses", {})
    for key, resp in responses.items():
        media = resp.get("content", {}).get(JSON)
        if key.startswith("2") and media is not None and "schema" in media:
            media["schema"] = _enveloped(media["schema"])
    if 422 not in facts.declared:
        responses.pop("422", None)  # FastAPI's "Validation Error": ours is 400
    for status, status_lines in lines.items():
        resp = responses.setdefault(str(status), {})
        resp.pop(_BEARER_FLAG, None)
        resp["description"] = _describe(status_lines)
        resp["content"] = {JSON: {"schema": {"$ref": ERROR_REF}}}
        if status == 429:
            resp.setdefault("headers", {})["Retry-After"] = {
                "description": "Seconds until the limit admits a new request.",
                "schema": {"type": "integer"},
            }
    for key, resp in responses.items():  # error responses added by other means (openapi_extra)
        if key.isdigit() and int(key) >= 400 and int(key) not in lines:
            resp["description"] = _declared_line(int(key), resp.get("description"))
            resp["content"] = {JSON: {"schema": {"$ref": ERROR_REF}}}
    if facts.idempotent:
        for param in op.get("parameters", []):
            if param.get("in") == "header" and param.get("name") == IDEMPOTENCY_HEADER:
                param["required"] = True
                param["schema"] = {"type": "string", "minLength": 1, "maxLength": MAX_KEY_CHARS}
    if facts.bearer:
        op["security"] = [{BEARER_SCHEME: []}]
    elif facts.services is not None:
        op["security"] = [{SERVICE_SCHEME: []}]


def _referenced(doc: Any, ref: str) -> bool:
    return f'"{ref}"' in json.dumps(doc)


def complete(app: FastAPI, doc: dict[str, Any]) -> dict[str, Any]:
    """FastAPI's document of ``app`` with the errors, security and headers the routes imply."""
    components = doc.setdefault("components", {})
    components.setdefault("schemas", {})[ERROR_SCHEMA] = error_schema()
    components.setdefault("securitySchemes", {}).update(_security_schemes())
    settings = app_settings(app.state)
    body_limit = settings.request_body_limit_bytes if settings is not None else None
    paths = doc.get("paths", {})
    for route in api_routes(app.routes):
        item = paths.get(route.path_format)
        if not route.include_in_schema or item is None:
            continue
        facts, lines = facts_of(route), error_lines(route, body_limit=body_limit)
        for method in route.methods or ():
            op = item.get(method.lower())
            if op is not None:
                _complete_operation(op, facts, lines)
    schemas = components["schemas"]
    for name in _FASTAPI_VALIDATION_SCHEMAS:  # HTTPValidationError refers to ValidationError
        if name in schemas and not _referenced(doc, f"#/components/schemas/{name}"):
            del schemas[name]
    info = doc.setdefault("info", {})
    info["description"] = (
        f"{info['description']}\n\n{_INFO_DESCRIPTION}" if info.get("description") else _INFO_DESCRIPTION
    )
    return doc


def install(app: FastAPI) -> None:
    """Serve the completed document at the app's ``openapi_url`` (built on first use, cached)."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = complete(app, build())
        return app.openapi_schema

    # FastAPI's documented way to customise the schema: replace the method
    app.openapi = openapi  # type: ignore[method-assign]


# --- checking -------------------------------------------------------------------------------


def _declares_required_key(op: Mapping[str, Any]) -> bool:
    return any(
        p.get("in") == "header" and p.get("name") == IDEMPOTENCY_HEADER and p.get("required") is True
        for p in op.get("parameters", [])
    )


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _resolves(doc: Mapping[str, Any], ref: str) -> bool:
    if not ref.startswith("#/"):
        return False
    node: Any = doc
    for part in ref[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        if not isinstance(node, Mapping) or part not in node:
            return False
        node = node[part]
    return True


def documented_codes(doc: Mapping[str, Any], method: str, path: str) -> dict[int, set[str]]:
    """``{status: {codes named in its description}}`` of one operation's error responses
    (``path`` as in the document, e.g. ``/api/v1/stores/{store_id}``)."""
    op = doc["paths"][path][method.lower()]
    return {
        int(status): {
            c for c in CODES_BY_STATUS.get(int(status), ()) if f"`{c}`" in resp.get("description", "")
        }
        for status, resp in op.get("responses", {}).items()
        if status.isdigit() and int(status) >= 400
    }


def problems(app: FastAPI, doc: Mapping[str, Any] | None = None) -> list[str]:
    """What is untrue or missing in the app's OpenAPI document (an empty list when all is well)."""
    doc = doc if doc is not None else app.openapi()
    found: list[str] = []
    schemas = doc.get("components", {}).get("schemas", {})
    if ERROR_SCHEMA not in schemas:
        found.append(f"components.schemas has no {ERROR_SCHEMA}")
    found += [
        f"components.schemas still has FastAPI's {n}" for n in _FASTAPI_VALIDATION_SCHEMAS if n in schemas
    ]
    schemes = doc.get("components", {}).get("securitySchemes", {})
    found += [
        f"components.securitySchemes has no {s}" for s in (BEARER_SCHEME, SERVICE_SCHEME) if s not in schemes
    ]
    found += [f"dangling $ref {ref}" for ref in sorted(set(_refs(doc))) if not _resolves(doc, ref)]
    for route in api_routes(app.routes):
        if not route.include_in_schema:
            continue
        facts = facts_of(route)
        inferred = set(error_lines(route))
        for method in sorted(route.methods or ()):
            label = f"{method} {route.path_format}"
            op = doc.get("paths", {}).get(route.path_format, {}).get(method.lower())
            if op is None:
                found.append(f"{label}: missing from the document")
                continue
            if facts.idempotent and not _declares_required_key(op):
                found.append(f"{label}: idempotent but declares no required {IDEMPOTENCY_HEADER} header")
            responses = op.get("responses", {})
            if "422" in responses and 422 not in facts.declared:
                found.append(f"{label}: documents 422 but the route does not declare it")
            for status, resp in responses.items():
                if not (status.isdigit() and int(status) >= 400) and status not in ("4XX", "5XX", "default"):
                    continue
                schema = resp.get("content", {}).get(JSON, {}).get("schema", {})
                if schema.get("$ref") != ERROR_REF:
                    found.append(f"{label}: {status} does not reference {ERROR_SCHEMA}")
                codes = CODES_BY_STATUS.get(int(status), ()) if status.isdigit() else tuple(CODES)
                if not any(f"`{code}`" in resp.get("description", "") for code in codes):
                    found.append(f"{label}: {status} description names none of {list(codes)}")
            found += [f"{label}: {s} is not documented" for s in sorted(inferred) if str(s) not in responses]
            security = op.get("security", [])
            if facts.bearer and {BEARER_SCHEME: []} not in security:
                found.append(f"{label}: authenticated but has no {BEARER_SCHEME} security requirement")
            if facts.services is not None and {SERVICE_SCHEME: []} not in security:
                found.append(f"{label}: a service route without the {SERVICE_SCHEME} security requirement")
            if not facts.bearer and facts.services is None and security:
                found.append(f"{label}: public but documents security {security}")
    return found
