"""The auth matrix every service's tests run: each authenticated route refuses bad tokens.

Routes are read from the app itself (a new route is covered the day it is added); a route
is either listed as public or must authenticate: depend on ``get_principal`` or a guard that
calls it (recognised by their markers, ``pf_common.guards.authenticates``). Every authenticated route
must answer 401 UNAUTHORIZED to: no token, expired, tampered, ``alg=none``, HS256 signed with
a public key, an unknown ``kid``, a revoked session, and garbage.

The internal variant (:func:`assert_internal_routes_refuse_bad_tokens`) does the same for
every ``/internal/*`` route with service tokens: each must name its callers
(``require_service``); no token, garbage, ``alg=none``, expired, tampered, a wrong audience,
an issuer whose key did not sign it, an unknown issuer, an over-long lifetime and a user's
access token ⇒ 401; a valid token of a service not named ⇒ 403; each named service ⇒ served.
"""

from __future__ import annotations

import base64
import json
import re
import uuid
from collections.abc import Callable, Collection
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, TypedDict

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

from pf_common.devkeys import ensure_dev_keys
from pf_common.guards import allowed_services_of, authenticates
from pf_common.jwks import ALGORITHM
from pf_common.principal import StoreType
from pf_common.routes import api_routes
from pf_common.service_auth import (
    KNOWN_SERVICES,
    SERVICE_TOKEN_TYPE,
    ServiceTokenSigner,
    ensure_service_keys,
    service_key_paths,
)
from pf_common.sessions import SessionRegistry
from pf_common.testing.tokens import TestTokenSigner

if TYPE_CHECKING:
    from pf_common.settings import ServiceSettings

__all__ = [
    "api_routes",
    "assert_internal_routes_refuse_bad_tokens",
    "assert_routes_refuse_bad_tokens",
    "authenticated_routes",
    "bad_tokens",
    "internal_routes",
    "service_signer",
]


def _needs_principal(dependant: Any) -> bool:
    for dep in dependant.dependencies:
        # get_principal and the guards that call it carry the markers (``authenticates``);
        # identity's /auth/refresh checks its token by hand (an expired one is accepted) in
        # ``_expired_ok_principal``
        if authenticates(dep.call) or getattr(dep.call, "__name__", "") == "_expired_ok_principal":
            return True
        if _needs_principal(dep):
            return True
    return False


def authenticated_routes(app: Any, public: Collection[str]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for route in api_routes(app.routes):
        if route.path.startswith("/internal/"):
            continue
        if route.path in public or route.path.startswith(("/health", "/metrics")):
            assert not _needs_principal(route.dependant), f"{route.path} is marked public but authenticates"
            continue
        assert _needs_principal(route.dependant), f"{route.path} neither public nor authenticated"
        path = re.sub(r"\{[^}]+\}", str(uuid.uuid4()), route.path)
        out.extend((method, path) for method in sorted(route.methods or ()))
    return out


class _Claims(TypedDict):
    """The keywords of ``TestTokenSigner.mint`` the bad tokens share."""

    user_id: uuid.UUID
    session_id: str
    store_id: uuid.UUID
    store_type: StoreType
    role: str


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


async def bad_tokens(settings: ServiceSettings, redis: Any) -> dict[str, str]:
    keys = ensure_dev_keys(settings.resolved_keys_dir())
    signer = TestTokenSigner(keys.private_pem, keys.kid, settings.jwt_issuer, settings.jwt_audience)
    user, store, sid = uuid.uuid4(), uuid.uuid4(), str(uuid.uuid4())
    await SessionRegistry(redis).activate(sid, 600)
    claims: _Claims = {
        "user_id": user,
        "session_id": sid,
        "store_id": store,
        "store_type": "vendor",
        "role": "owner",
    }
    good = signer.mint(**claims)
    head, payload, sig = good.split(".")
    body = json.loads(base64.urlsafe_b64decode(payload + "=="))
    body["role"] = "admin"
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    foreign = TestTokenSigner(stranger, "not-our-kid", settings.jwt_issuer, settings.jwt_audience)
    none_token = _b64({"alg": "none", "typ": "JWT", "kid": keys.kid}) + "." + payload + "."
    revoked: _Claims = {**claims, "session_id": str(uuid.uuid4())}
    return {
        "expired": signer.mint(**claims, now=datetime.now(UTC) - timedelta(hours=1)),
        "tampered": f"{head}.{_b64(body)}.{sig}",
        "alg_none": none_token,
        "hs256_with_public_key": jwt.encode(
            {**jwt.decode(good, options={"verify_signature": False})},
            "public-key-as-hmac-secret-of-32-bytes!",
            algorithm="HS256",
            headers={"kid": keys.kid},
        ),
        "unknown_kid": foreign.mint(**claims),
        "revoked_session": signer.mint(**revoked),
        "garbage": "not.a.jwt",
    }


async def assert_routes_refuse_bad_tokens(
    app: Any,
    client: Any,
    settings: ServiceSettings,
    redis: Any,
    *,
    public: Collection[str],
    min_routes: int = 1,
    body_for: Callable[[str], dict[str, Any]] = lambda _path: {},
) -> None:
    routes = authenticated_routes(app, public)
    assert len(routes) >= min_routes, routes  # the route table is really being read
    tokens = await bad_tokens(settings, redis)
    failures = []
    for method, path in routes:
        cases: dict[str, dict[str, str]] = {"missing": {}}
        cases.update({name: {"Authorization": f"Bearer {tok}"} for name, tok in tokens.items()})
        for name, headers in cases.items():
            r = await client.request(
                method, path, headers={**headers, "Idempotency-Key": "k"}, json=body_for(path)
            )
            if r.status_code != 401 or r.json()["error"]["code"] != "UNAUTHORIZED":
                failures.append((method, path, name, r.status_code))
    assert failures == []


# --------------------------------------------------------------------------- internal routes


def internal_routes(app: Any) -> list[tuple[str, str, frozenset[str]]]:
    """``(method, path with random ids, allowed callers)`` of every ``/internal/*`` route."""
    out: list[tuple[str, str, frozenset[str]]] = []
    for route in api_routes(app.routes):
        if not route.path.startswith("/internal/"):
            continue
        allowed = allowed_services_of(route.dependant)
        assert allowed, f"{route.path} names no caller (require_service)"
        path = re.sub(r"\{[^}]+\}", str(uuid.uuid4()), route.path)
        out.extend((method, path, allowed) for method in sorted(route.methods or ()))
    return out


def service_signer(settings: ServiceSettings, caller: str, **kw: Any) -> ServiceTokenSigner:
    """A signer of ``caller``'s service tokens whose keys the app of ``settings`` trusts."""
    _, jwks_dir = service_key_paths(settings)
    ring = ensure_service_keys(caller, jwks_dir.parent / caller, jwks_dir)
    return ServiceTokenSigner(caller, ring, **kw)


def _forged(settings: ServiceSettings, *, signed_by: str, claims: dict[str, Any]) -> str:
    """A token with arbitrary claims, signed with the active key of ``signed_by``."""
    _, jwks_dir = service_key_paths(settings)
    key = ensure_service_keys(signed_by, jwks_dir.parent / signed_by, jwks_dir).active
    return jwt.encode(
        claims, key.private_key, algorithm=ALGORITHM, headers={"kid": key.kid, "typ": SERVICE_TOKEN_TYPE}
    )


async def _bad_service_tokens(
    settings: ServiceSettings, redis: Any, caller: str, stranger: str
) -> dict[str, str]:
    audience = settings.service_name
    other_audience = next(s for s in sorted(KNOWN_SERVICES) if s != audience)
    now = int(datetime.now(UTC).timestamp())
    good = service_signer(settings, caller).token_for(audience)
    head, payload, sig = good.split(".")
    body = json.loads(base64.urlsafe_b64decode(payload + "=="))
    claims = {"iss": caller, "sub": caller, "aud": audience, "iat": now, "exp": now + 300, "jti": "x"}
    user_signer = TestTokenSigner.for_settings(settings)
    sid = str(uuid.uuid4())
    await SessionRegistry(redis).activate(sid, 600)
    return {
        "garbage": "not.a.jwt",
        "alg_none": _b64({"alg": "none", "typ": SERVICE_TOKEN_TYPE, "kid": "k"}) + "." + payload + ".",
        "expired": service_signer(settings, caller, clock=lambda: now - 3600.0).token_for(audience),
        "tampered": f"{head}.{_b64({**body, 'iss': stranger, 'sub': stranger})}.{sig}",
        "wrong_audience": service_signer(settings, caller).token_for(other_audience),
        "signed_by_another_service": _forged(settings, signed_by=stranger, claims=claims),
        "unknown_issuer": _forged(
            settings, signed_by=caller, claims={**claims, "iss": "nobody", "sub": "nobody"}
        ),
        "too_long_lived": _forged(settings, signed_by=caller, claims={**claims, "exp": now + 3600}),
        "user_access_token": user_signer.mint(
            user_id=uuid.uuid4(), session_id=sid, store_id=uuid.uuid4(), store_type="vendor", role="owner"
        ),
    }


async def assert_internal_routes_refuse_bad_tokens(
    app: Any,
    client: Any,
    settings: ServiceSettings,
    redis: Any,
    *,
    min_routes: int = 1,
    body_for: Callable[[str], dict[str, Any]] = lambda _path: {},
) -> dict[str, frozenset[str]]:
    """Runs the internal matrix; returns ``{path: allowed callers}`` (for the README's table)."""
    routes = internal_routes(app)
    assert len(routes) >= min_routes, routes
    failures = []
    for method, path, allowed in routes:
        caller = sorted(allowed)[0]
        stranger = next(s for s in sorted(KNOWN_SERVICES) if s not in allowed)
        cases: dict[str, dict[str, str]] = {"missing": {}}
        bad = await _bad_service_tokens(settings, redis, caller, stranger)
        cases.update({name: {"Authorization": f"Bearer {tok}"} for name, tok in bad.items()})
        for name, headers in cases.items():
            r = await client.request(method, path, headers=headers, json=body_for(path))
            if r.status_code != 401 or r.json()["error"]["code"] != "UNAUTHORIZED":
                failures.append((method, path, name, r.status_code))
        not_allowed = service_signer(settings, stranger).token_for(settings.service_name)
        r = await client.request(
            method, path, headers={"Authorization": f"Bearer {not_allowed}"}, json=body_for(path)
        )
        if r.status_code != 403 or r.json()["error"]["code"] != "FORBIDDEN":
            failures.append((method, path, f"not_allowed:{stranger}", r.status_code))
        for name in sorted(allowed):
            token = service_signer(settings, name).token_for(settings.service_name)
            r = await client.request(
                method, path, headers={"Authorization": f"Bearer {token}"}, json=body_for(path)
            )
            if r.status_code in (401, 403) or r.status_code >= 500:
                failures.append((method, path, f"allowed:{name}", r.status_code))
    assert failures == []
    return {path: allowed for _method, path, allowed in routes}
