"""Sign-in routes (API.md §3.1): register, login, admin login/register, logout, refresh,
switch-store, and the JWKS every service verifies tokens with.

Access tokens travel in ``X-PF-Token``; refresh tokens in the body (G-20).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import Depends, Request, Response
from fastapi.responses import JSONResponse
from pydantic import Field, field_validator

from pf_common.app import AppRuntime, error_response
from pf_common.db_http import WriteSession
from pf_common.errors import Unauthorized
from pf_common.guards import get_principal
from pf_common.idempotency import Idempotent
from pf_common.openapi import errors, response_headers
from pf_common.principal import Principal
from pf_common.ratelimit import Policy, email_key, enforce, ip_key
from pf_common.routing import APIRouter
from pf_common.schemas import AddressIn
from pf_identity.api.deps import Ctx, Sessions
from pf_identity.api.schemas import Email, Name, NewPassword, Password, Phone, StoreSummary, Strict, UserDTO
from pf_identity.api.views import store_summary, user_dto
from pf_identity.context import IdentityContext
from pf_identity.domain import accounts, audit
from pf_identity.domain.sessions import SessionStore

router = APIRouter(tags=["auth"])

TOKEN_HEADER = "X-PF-Token"  # noqa: S105 - a header name, not a secret


class RegisterIn(Strict):
    first_name: Name
    last_name: Name
    email: Email
    password: NewPassword
    phone: Phone | None = None
    company_name: Name
    dba_name: Name | None = None
    store_type: Literal["buyer", "vendor"]
    address: AddressIn
    accept_tos: Annotated[bool, Field(json_schema_extra={"const": True}, description="must be true")]

    @field_validator("accept_tos")
    @classmethod
    def _must_accept(cls, v: bool) -> bool:
        if v is not True:
            raise ValueError("the terms of service must be accepted")
        return v


class LoginIn(Strict):
    email: Email
    password: Password


class AdminRegisterIn(Strict):
    first_name: Name
    last_name: Name
    email: Email
    password: NewPassword


class RefreshIn(Strict):
    refresh_token: Annotated[str, Field(min_length=20, max_length=200)]


class SwitchStoreIn(Strict):
    store_id: UUID


class SessionOut(Strict):
    user: UserDTO
    stores: list[StoreSummary]
    refresh_token: str


class AdminSessionOut(Strict):
    user: UserDTO
    refresh_token: str


class RefreshOut(Strict):
    access_token: str
    refresh_token: str


class SwitchOut(Strict):
    store_id: UUID
    store_name: str
    store_type: Literal["buyer", "vendor"]
    refresh_token: str


class LogoutOut(Strict):
    status: Literal["logged_out"]


class JwkOut(Strict):
    """One public signing key (RFC 7517; never a private part)."""

    kty: Literal["RSA"]
    use: Literal["sig"]
    alg: Literal["RS256"]
    kid: str
    n: str
    e: str


class JwksOut(Strict):
    """The keys every service verifies access tokens with (two during a rotation)."""

    keys: list[JwkOut]


def _policies(ctx: IdentityContext, name: str) -> tuple[Policy, Policy]:
    s = ctx.settings
    if name == "login":
        return (
            Policy("login", s.login_limit_per_ip, s.login_window_s),
            Policy("login", s.login_limit_per_email, s.login_window_s),
        )
    return (
        Policy("register", s.register_limit_per_ip, s.register_window_s),
        Policy("register", s.register_limit_per_email, s.register_window_s),
    )


async def _throttle(
    request: Request, response: Response, ctx: IdentityContext, name: str, email: str
) -> None:
    """Both throttles of NFR §5: per client IP and per normalised email."""
    by_ip, by_email = _policies(ctx, name)
    await enforce(request, by_ip, ip_key(by_ip)(request), response=response)
    await enforce(request, by_email, email_key(by_email, email), response=response)


def _deps(ctx: IdentityContext, sessions: SessionStore) -> dict[str, Any]:
    return {"passwords": ctx.passwords, "sessions": sessions, "tokens": accounts.Tokens(ctx.signer)}


def _rejected(request: Request, session: Any, exc: accounts.CredentialsRejected) -> JSONResponse:
    """The canonical 401, returned (not raised) so that the audit row of the failure commits."""
    audit.record(session, **exc.audit)
    return error_response(request, exc)


def _signed_in(result: accounts.SignIn, body: Any, status: int = 200) -> JSONResponse:
    return JSONResponse(
        {"data": body.model_dump(mode="json")},
        status_code=status,
        headers={TOKEN_HEADER: result.access_token, "Cache-Control": "no-store"},
    )


@router.post(
    "/api/v1/auth/register",
    status_code=201,
    response_model=dict[str, SessionOut],
    dependencies=[Idempotent(hours=24, authenticated=False)],
    responses=errors(
        400,
        401,
        429,
        503,
        notes={
            400: "the password does not meet the policy (`details.password`)",
            401: "the email exists and the password does not match (invalid credentials)",
            503: "the session store (Redis) is unavailable",
        },
    )
    | response_headers(
        201, {TOKEN_HEADER: "The access token of the new session (active store: the new one)."}
    ),
)
async def register(
    body: RegisterIn,
    request: Request,
    response: Response,
    session: WriteSession,
    ctx: Ctx,
    sessions: Sessions,
) -> JSONResponse:
    """User + first store + owner membership; emits ``store_created``."""
    await _throttle(request, response, ctx, "register", body.email)
    try:
        result = await accounts.register(
            session,
            accounts.NewAccount(
                first_name=body.first_name,
                last_name=body.last_name,
                email=body.email,
                password=body.password,
                phone=body.phone,
                company_name=body.company_name,
                dba_name=body.dba_name,
                store_type=body.store_type,
                address=body.address.model_dump(exclude_none=True),
            ),
            now=datetime.now(UTC),
            **_deps(ctx, sessions),
        )
    except accounts.CredentialsRejected as exc:
        return _rejected(request, session, exc)
    out = SessionOut(
        user=user_dto(result.user),
        stores=[store_summary(s) for s in result.stores],
        refresh_token=result.session.refresh_token,
    )
    return _signed_in(result, out, 201)


@router.post(
    "/api/v1/auth/login",
    response_model=dict[str, SessionOut],
    responses=errors(
        401,
        429,
        503,
        notes={
            401: "invalid credentials (unknown email, wrong password, inactive user, no store and no "
            "system role)",
            503: "the session store (Redis) is unavailable",
        },
    )
    | response_headers(200, {TOKEN_HEADER: "The access token of the new session."}),
)
async def login(
    body: LoginIn, request: Request, response: Response, session: WriteSession, ctx: Ctx, sessions: Sessions
) -> JSONResponse:
    await _throttle(request, response, ctx, "login", body.email)
    try:
        result = await accounts.login(
            session, body.email, body.password, now=datetime.now(UTC), **_deps(ctx, sessions)
        )
    except accounts.CredentialsRejected as exc:
        return _rejected(request, session, exc)
    out = SessionOut(
        user=user_dto(result.user),
        stores=[store_summary(s) for s in result.stores],
        refresh_token=result.session.refresh_token,
    )
    return _signed_in(result, out)


@router.post(
    "/api/admin/v1/auth/login",
    response_model=dict[str, AdminSessionOut],
    responses=errors(
        401,
        429,
        503,
        notes={
            401: "invalid credentials (including a user who is not an admin)",
            503: "the session store (Redis) is unavailable",
        },
    )
    | response_headers(200, {TOKEN_HEADER: "The admin's access token (no store)."}),
)
async def admin_login(
    body: LoginIn, request: Request, response: Response, session: WriteSession, ctx: Ctx, sessions: Sessions
) -> JSONResponse:
    await _throttle(request, response, ctx, "login", body.email)
    try:
        result = await accounts.admin_login(
            session, body.email, body.password, now=datetime.now(UTC), **_deps(ctx, sessions)
        )
    except accounts.CredentialsRejected as exc:
        return _rejected(request, session, exc)
    return _signed_in(
        result, AdminSessionOut(user=user_dto(result.user), refresh_token=result.session.refresh_token)
    )


@router.post(
    "/api/admin/v1/auth/register",
    status_code=201,
    response_model=dict[str, AdminSessionOut],
    responses=errors(
        400,
        403,
        409,
        429,
        503,
        notes={
            400: "the password does not meet the policy (`details.password`)",
            403: "admin registration is disabled in production",
            409: "the email is already registered",
            503: "the session store (Redis) is unavailable",
        },
    )
    | response_headers(201, {TOKEN_HEADER: "The new admin's access token (no store)."}),
)
async def admin_register(
    body: AdminRegisterIn,
    request: Request,
    response: Response,
    session: WriteSession,
    ctx: Ctx,
    sessions: Sessions,
) -> JSONResponse:
    """Non-production only (403 in prod)."""
    await _throttle(request, response, ctx, "register", body.email)
    result = await accounts.admin_register(
        session,
        first_name=body.first_name,
        last_name=body.last_name,
        email=body.email,
        password=body.password,
        environment=ctx.settings.environment,
        now=datetime.now(UTC),
        **_deps(ctx, sessions),
    )
    out = AdminSessionOut(user=user_dto(result.user), refresh_token=result.session.refresh_token)
    return _signed_in(result, out, 201)


@router.post("/api/v1/auth/logout")
async def logout(sessions: Sessions, principal: Principal = Depends(get_principal)) -> dict[str, LogoutOut]:
    await sessions.end(principal.session_id)
    return {"data": LogoutOut(status="logged_out")}


async def _expired_ok_principal(request: Request, runtime: AppRuntime) -> Principal:
    """The caller of /refresh: an expired access token is accepted, its signature is not skipped."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("authentication required", headers={"WWW-Authenticate": "Bearer"})
    return await runtime.authenticator.verifier.verify(token.strip(), allow_expired=True)


@router.post(
    "/api/v1/auth/refresh",
    response_model=dict[str, RefreshOut],
    responses=errors(
        401,
        bearer=True,
        notes={
            401: "no or invalid access token (an expired one is accepted), or an unknown, reused or "
            "mismatched refresh token"
        },
    )
    | response_headers(200, {TOKEN_HEADER: "The new access token (also in the body)."}),
)
async def refresh(
    body: RefreshIn,
    session: WriteSession,
    ctx: Ctx,
    sessions: Sessions,
    principal: Principal = Depends(_expired_ok_principal),
) -> JSONResponse:
    result = await accounts.refresh(
        session, principal, body.refresh_token, sessions=sessions, tokens=accounts.Tokens(ctx.signer)
    )
    return _signed_in(
        result, RefreshOut(access_token=result.access_token, refresh_token=result.session.refresh_token)
    )


@router.post(
    "/api/v1/auth/switch-store",
    response_model=dict[str, SwitchOut],
    responses=errors(
        403,
        404,
        notes={403: "not a member of the store, or the membership is not active", 404: "unknown store"},
    )
    | response_headers(200, {TOKEN_HEADER: "The access token for the chosen store."}),
)
async def switch_store(
    body: SwitchStoreIn,
    session: WriteSession,
    ctx: Ctx,
    sessions: Sessions,
    principal: Principal = Depends(get_principal),
) -> JSONResponse:
    result = await accounts.switch_store(
        session,
        principal,
        body.store_id,
        sessions=sessions,
        tokens=accounts.Tokens(ctx.signer),
        now=datetime.now(UTC),
    )
    assert result.active_store is not None
    store = result.active_store
    out = SwitchOut(
        store_id=store.id,
        store_name=store.dba_name or store.company_name,
        store_type=store.type,
        refresh_token=result.session.refresh_token,
    )
    return _signed_in(result, out)


@router.get("/api/v1/auth/.well-known/jwks.json", tags=["auth"], response_model=JwksOut)
async def jwks(ctx: Ctx) -> JSONResponse:
    """Public keys of every signing key in service (two during a rotation)."""
    return JSONResponse(ctx.keys.jwks(), headers={"Cache-Control": "public, max-age=300"})
