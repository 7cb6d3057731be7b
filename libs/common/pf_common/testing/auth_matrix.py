"""The auth matrix every service's tests run: each authenticated route refuses bad tokens.

Routes are read from the app itself (a new route is covered the day it is added); a route
is either listed as public or must depend on ``get_principal``. Every authenticated route
must answer 401 UNAUTHORIZED to: no token, expired, tampered, ``alg=none``, HS256 signed with
a public key, an unknown ``kid``, a revoked session, and garbage.
"""

from __future__ import annotations

import base64
import json
import re
import uuid
from collections.abc import Callable, Collection
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi.routing import APIRoute

from pf_common.auth import SessionRegistry, TokenSigner, ensure_dev_keys, get_principal


def _needs_principal(dependant: Any) -> bool:
    for dep in dependant.dependencies:
        if dep.call is get_principal or getattr(dep.call, "__name__", "") == "_expired_ok_principal":
            return True
        if _needs_principal(dep):
            return True
    return False


def api_routes(routes: Any) -> list[APIRoute]:
    """Every APIRoute, through FastAPI's included-router wrappers (our routers carry no prefix)."""
    out: list[APIRoute] = []
    for route in routes:
        if isinstance(route, APIRoute):
            out.append(route)
        elif hasattr(route, "original_router"):
            out.extend(api_routes(route.original_router.routes))
    return out


def authenticated_routes(app: Any, public: Collection[str]) -> list[tuple[str, str]]:
    out = []
    for route in api_routes(app.routes):
        if route.path.startswith("/internal/"):
            continue
        if route.path in public or route.path.startswith(("/health", "/metrics")):
            assert not _needs_principal(route.dependant), f"{route.path} is marked public but authenticates"
            continue
        assert _needs_principal(route.dependant), f"{route.path} neither public nor authenticated"
        path = re.sub(r"\{[^}]+\}", str(uuid.uuid4()), route.path)
        out.extend((method, path) for method in sorted(route.methods))
    return out


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


async def bad_tokens(settings: Any, redis: Any) -> dict[str, str]:
    keys = ensure_dev_keys(settings.resolved_keys_dir())
    signer = TokenSigner(keys.private_pem, keys.kid, settings.jwt_issuer, settings.jwt_audience)
    user, store, sid = uuid.uuid4(), uuid.uuid4(), str(uuid.uuid4())
    await SessionRegistry(redis).activate(sid, 600)
    claims = {"user_id": user, "session_id": sid, "store_id": store, "store_type": "vendor", "role": "owner"}
    good = signer.mint(**claims)
    head, payload, sig = good.split(".")
    body = json.loads(base64.urlsafe_b64decode(payload + "=="))
    body["role"] = "admin"
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    foreign = TokenSigner(stranger, "not-our-kid", settings.jwt_issuer, settings.jwt_audience)
    none_token = _b64({"alg": "none", "typ": "JWT", "kid": keys.kid}) + "." + payload + "."
    revoked_sid = str(uuid.uuid4())
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
        "revoked_session": signer.mint(**{**claims, "session_id": revoked_sid}),
        "garbage": "not.a.jwt",
    }


async def assert_routes_refuse_bad_tokens(
    app: Any,
    client: Any,
    settings: Any,
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
