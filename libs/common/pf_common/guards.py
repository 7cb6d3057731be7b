"""The FastAPI guards: who may call a route (ARCHITECTURE §6, DOMAIN §4, API.md §4). API code only.

Who imports it: routers (``api/``) and ``pf_common.app``/``pf_common.openapi``/``pf_common.idempotency``.
Domain, consumers and jobs never do (the import-linter contract forbids FastAPI there): they take
the :class:`~pf_common.principal.Principal` the route hands them.

Users (access tokens, verified by ``Runtime.authenticator``, :mod:`pf_common.access_tokens`)::

    VendorOperator = Annotated[Principal, Depends(require_store({"vendor"}, OPERATE))]

    @router.get("/api/v1/stores/me")
    async def get_my_store(principal: StorePrincipal) -> ...: ...      # any store, READ

    @router.post("/api/v1/products")
    async def create_product(principal: VendorOperator) -> ...: ...

    @router.get("/api/admin/v1/licenses")
    async def list_licenses(principal: AdminPrincipal) -> ...: ...     # system admin

:func:`get_principal` reads ``Authorization: Bearer <token>`` and authenticates it (401
``UNAUTHORIZED`` with one generic message; the reason is logged and counted in
``pf_auth_failures_total{service,reason}``); :func:`require_store`, :func:`require_admin` and
:func:`require_agent` authorise on top of it (403 ``FORBIDDEN``). A JWKS endpoint or Redis that
is down is 503 ``DEPENDENCY_ERROR``, never a silent pass.

Services (service tokens, :mod:`pf_common.service_auth`): every ``/internal/*`` route names its
callers with ``Depends(require_service("catalog"))`` (401/403 likewise); :func:`check_internal_routes`
makes the app refuse to start with an unguarded internal route.

Each user guard carries :data:`GUARD_ATTR` (:data:`AUTHENTICATES` or :data:`AUTHORISES`), each
service guard the services it allows (:func:`allowed_services_of`): ``pf_common.openapi``
documents 401/403 and the security schemes from these markers, and ``pf_common.testing`` finds
the authenticated routes with them (:func:`authenticates`), never by function names.

The guards that authorise authenticate by calling :func:`get_principal` themselves, not through
a sub-dependency: FastAPI solves every dependency of the tree at every request (the cached ones
included, with their sub-dependencies), ~25 us of CPU each on the bench machine, so a guard is
one dependency, not two. Such a guard also carries :data:`AUTHENTICATES_ATTR`.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterable
from typing import Annotated, Any, Final, TypeVar

import structlog
from fastapi import Depends, Request

from pf_common.access_tokens import Authenticator
from pf_common.errors import Forbidden, Unauthorized
from pf_common.logging import get_logger
from pf_common.metrics import AUTH_FAILURES
from pf_common.principal import READ, STORE_TYPES, Principal
from pf_common.service_auth import KNOWN_SERVICES, ServiceAuth, ServiceCaller
from pf_common.settings import app_settings

__all__ = [
    "AUTHENTICATES",
    "AUTHENTICATES_ATTR",
    "AUTHORISES",
    "GUARD_ATTR",
    "AdminPrincipal",
    "AgentPrincipal",
    "CurrentPrincipal",
    "StorePrincipal",
    "allowed_services_of",
    "authenticates",
    "check_internal_routes",
    "get_principal",
    "guard_kind",
    "require_admin",
    "require_agent",
    "require_service",
    "require_store",
]

log = get_logger("pf_common.auth")
service_log = get_logger("pf_common.service_auth")

#: the marker attribute of a user guard; its value says what the guard checks
GUARD_ATTR: Final = "pf_guard"
AUTHENTICATES: Final = "authenticates"  # a valid access token of a live session (401)
AUTHORISES: Final = "authorises"  # the caller's store, store type, role or system role (403)

_F = TypeVar("_F", bound=Callable[..., Any])


#: the marker of a dependency that authenticates the caller itself (401) besides what it does
AUTHENTICATES_ATTR: Final = "pf_authenticates"


def _mark(kind: str) -> Callable[[_F], _F]:
    def mark(fn: _F) -> _F:
        setattr(fn, GUARD_ATTR, kind)
        if kind == AUTHORISES:  # each of ours calls get_principal first (module docstring)
            setattr(fn, AUTHENTICATES_ATTR, True)
        return fn

    return mark


def guard_kind(call: Any) -> str | None:
    """:data:`AUTHENTICATES`, :data:`AUTHORISES` or None (not a user guard) for a dependency."""
    kind = getattr(call, GUARD_ATTR, None)
    return kind if isinstance(kind, str) else None


def authenticates(call: Any) -> bool:
    """Whether a dependency authenticates the caller (401 without a valid access token):
    :func:`get_principal`, or a dependency that calls it itself (:data:`AUTHENTICATES_ATTR`)."""
    return guard_kind(call) == AUTHENTICATES or getattr(call, AUTHENTICATES_ATTR, None) is True


# --- users (access tokens) ------------------------------------------------------------------

_BEARER_CHALLENGE: Final = {"WWW-Authenticate": "Bearer"}


def _count_failure(request: Request, reason: str) -> None:
    settings = app_settings(request.app.state)
    service = settings.service_name if settings is not None else "unknown"
    AUTH_FAILURES.labels(service, reason).inc()


def _forbid(request: Request, reason: str, message: str) -> Forbidden:
    _count_failure(request, reason)
    log.info("auth.forbidden", reason=reason)
    return Forbidden(message, reason=reason)


_WHITESPACE: Final = re.compile(r"\s")


class _NoBearer(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _bearer_token(request: Request) -> str:
    header = request.headers.get("authorization")
    if header is None:
        raise _NoBearer("missing_token")
    scheme, _, token = header.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or _WHITESPACE.search(token):
        raise _NoBearer("malformed_header")
    return token


@_mark(AUTHENTICATES)
async def get_principal(request: Request) -> Principal:
    """The authenticated caller (``Authorization: Bearer <access token>``), else 401."""
    cached = getattr(request.state, "principal", None)
    if isinstance(cached, Principal):
        return cached
    try:
        token = _bearer_token(request)
    except _NoBearer as rejected:
        _count_failure(request, rejected.reason)
        log.info("auth.token_rejected", reason=rejected.reason)
        raise Unauthorized(
            "authentication required", reason=rejected.reason, headers=_BEARER_CHALLENGE
        ) from None
    authenticator: Authenticator = request.app.state.runtime.authenticator
    try:
        principal = await authenticator.authenticate(token)
    except Unauthorized as exc:
        _count_failure(request, exc.reason or "invalid")
        exc.headers.setdefault("WWW-Authenticate", "Bearer")
        raise
    request.state.principal = principal
    structlog.contextvars.bind_contextvars(user_id=str(principal.user_id))
    if principal.store_id is not None:
        structlog.contextvars.bind_contextvars(store_id=str(principal.store_id))
    else:
        structlog.contextvars.unbind_contextvars("store_id")
    return principal


class _CallRequireStoreFirst:
    """Marker type: FastAPI cannot build it, so ``Depends(require_store)`` (not called)
    fails when the route is declared instead of silently skipping the guard."""


def require_store(
    types: Iterable[str] | None = None,
    roles: frozenset[str] | None = None,
    *,
    _not_a_dependency: _CallRequireStoreFirst | None = None,
) -> Callable[..., Awaitable[Principal]]:
    """A dependency: an active store (403 otherwise), of one of ``types``, with a role in ``roles``.

    Use it called, ``Depends(require_store({"vendor"}, OPERATE))``; ``None`` means any.
    ``Depends(require_store)`` without the call is refused when the route is declared.
    """
    type_set = frozenset(types) if types is not None else None
    if type_set is not None and (not type_set or not type_set <= STORE_TYPES):
        raise ValueError(f"types must be a non-empty subset of {sorted(STORE_TYPES)}")
    if roles is not None and not roles:
        raise ValueError("roles must not be empty")
    role_set = frozenset(roles) if roles is not None else None

    @_mark(AUTHORISES)
    async def store_guard(request: Request) -> Principal:
        principal = await get_principal(request)
        if principal.store_id is None:
            raise _forbid(request, "no_store", "an active store is required")
        if type_set is not None and principal.store_type not in type_set:
            raise _forbid(request, "store_type", "not allowed for this store type")
        if role_set is not None and principal.role not in role_set:
            raise _forbid(request, "role", "insufficient role")
        return principal

    return store_guard


@_mark(AUTHORISES)
async def require_admin(request: Request) -> Principal:
    """A dependency: a system admin (``system_role=admin``, no store needed), else 403."""
    principal = await get_principal(request)
    if not principal.is_admin:
        raise _forbid(request, "not_admin", "admin only")
    return principal


@_mark(AUTHORISES)
async def require_agent(request: Request) -> Principal:
    """A dependency: a system delivery agent (``system_role=agent``, no store needed), else 403."""
    principal = await get_principal(request)
    if not principal.is_agent:
        raise _forbid(request, "not_agent", "agents only")
    return principal


CurrentPrincipal = Annotated[Principal, Depends(get_principal)]
StorePrincipal = Annotated[Principal, Depends(require_store(roles=READ))]
AdminPrincipal = Annotated[Principal, Depends(require_admin)]
AgentPrincipal = Annotated[Principal, Depends(require_agent)]


# --- services (service tokens) --------------------------------------------------------------

_ALLOWED_ATTR: Final = "pf_allowed_services"


def require_service(*allowed: str) -> Callable[..., Any]:
    """A dependency: the caller is one of ``allowed`` (a valid service token), else 401/403.

    ``Depends(require_service("orders"))`` on an internal route. The names must be services
    of the marketplace (a typo fails when the route is declared, not in production).
    """
    if not allowed:
        raise ValueError("name at least one service allowed to call the route")
    unknown = sorted(set(allowed) - KNOWN_SERVICES)
    if unknown:
        raise ValueError(f"unknown services {unknown}; known: {sorted(KNOWN_SERVICES)}")
    allowed_set = frozenset(allowed)

    async def service_guard(request: Request) -> ServiceCaller:
        header = request.headers.get("authorization")
        scheme, _, token = (header or "").strip().partition(" ")
        if header is None or scheme.lower() != "bearer" or not token.strip():
            reason = "missing_token" if header is None else "malformed_header"
            _count_failure(request, reason)
            service_log.info("auth.service_token_rejected", reason=reason)
            raise Unauthorized(
                "service token required", reason=reason, headers={"WWW-Authenticate": "Bearer"}
            )
        auth: ServiceAuth = request.app.state.service_auth
        try:
            caller = await auth.verifier.verify(token.strip())
        except Unauthorized as exc:
            _count_failure(request, exc.reason or "invalid")
            exc.headers.setdefault("WWW-Authenticate", "Bearer")
            raise
        if caller.service not in allowed_set:
            _count_failure(request, "service_not_allowed")
            service_log.info("auth.service_forbidden", caller=caller.service, allowed=sorted(allowed_set))
            raise Forbidden("this service may not call this route", reason="service_not_allowed")
        structlog.contextvars.bind_contextvars(caller_service=caller.service)
        return caller

    setattr(service_guard, _ALLOWED_ATTR, allowed_set)
    return service_guard


def allowed_services_of(dependant: Any) -> frozenset[str] | None:
    """The services a route's dependency tree allows (``None``: no service guard)."""
    for dep in getattr(dependant, "dependencies", ()):
        found = getattr(dep.call, _ALLOWED_ATTR, None)
        if found is not None:
            return frozenset(found)
        nested = allowed_services_of(dep)
        if nested is not None:
            return nested
    return None


def check_internal_routes(routes: Iterable[Any]) -> None:
    """Every ``/internal/*`` route has a service guard; raises ``RuntimeError`` naming the others."""
    from pf_common.routes import api_routes

    unguarded = [
        f"{sorted(r.methods or ())} {r.path}"
        for r in api_routes(routes)
        if r.path.startswith("/internal/") and allowed_services_of(r.dependant) is None
    ]
    if unguarded:
        raise RuntimeError(f"internal routes without require_service(...): {', '.join(unguarded)}")
