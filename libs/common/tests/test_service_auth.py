"""Service tokens (pf_common.service_auth): signing, caching, verification, rotation, route guards."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Annotated, Any, ClassVar

import httpx
import jwt
import pytest
from fastapi import Depends

from pf_common.app import create_app
from pf_common.errors import Unauthorized
from pf_common.guards import require_service
from pf_common.http import make_http_client
from pf_common.keyring import KeyRing, retire, rotate
from pf_common.routing import APIRouter
from pf_common.runtime import Runtime
from pf_common.service_auth import (
    SERVICE_TOKEN_TYPE,
    ServiceAuth,
    ServiceCaller,
    ServiceTokenSigner,
    ServiceTokenVerifier,
    ensure_service_keys,
    main,
)
from pf_common.settings import ServiceSettings, service_config


def _keys(root: Path, service: str) -> KeyRing:
    return ensure_service_keys(service, root / service, root / "jwks")


class Clock:
    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


# --------------------------------------------------------------------------- signer


def test_a_token_is_reused_per_audience_until_a_minute_before_it_expires(tmp_path):
    clock = Clock()
    signer = ServiceTokenSigner("catalog", _keys(tmp_path, "catalog"), ttl_s=300, clock=clock)

    first = signer.token_for("orders")
    assert signer.token_for("orders") == first
    assert signer.token_for("media") != first  # one per audience
    clock.now += 239  # 61 s left: still reused
    assert signer.token_for("orders") == first
    clock.now += 2  # 59 s left: replaced
    fresh = signer.token_for("orders")

    assert fresh != first and signer.minted == 3
    claims = jwt.decode(fresh, options={"verify_signature": False})
    header = jwt.get_unverified_header(fresh)
    assert (claims["iss"], claims["sub"], claims["aud"]) == ("catalog", "catalog", "orders")
    assert claims["exp"] - claims["iat"] == 300
    assert header == {"alg": "RS256", "typ": SERVICE_TOKEN_TYPE, "kid": signer.kid}


@pytest.mark.parametrize("ttl", [60, 601])
def test_a_lifetime_outside_two_to_ten_minutes_is_refused(tmp_path, ttl):
    with pytest.raises(ValueError, match="TTL"):
        ServiceTokenSigner("catalog", _keys(tmp_path, "catalog"), ttl_s=ttl)


def test_keys_are_made_once_and_their_public_half_is_published(tmp_path):
    ring = _keys(tmp_path, "orders")
    again = _keys(tmp_path, "orders")

    assert ring.kids == again.kids and len(ring.kids) == 1
    published = (tmp_path / "jwks" / "orders.json").read_text()
    assert ring.kids[0] in published and '"d"' not in published
    assert (tmp_path / "orders" / "key-0.pem").stat().st_mode & 0o777 == 0o600


# --------------------------------------------------------------------------- verifier


async def test_a_valid_token_names_its_caller(tmp_path):
    token = ServiceTokenSigner("catalog", _keys(tmp_path, "catalog")).token_for("orders")
    verifier = ServiceTokenVerifier("orders", tmp_path / "jwks")

    caller = await verifier.verify(token)

    assert caller.service == "catalog" and caller.token_id


def _forge(ring: KeyRing, **claims: Any) -> str:
    import time

    now = int(time.time())
    body = {"iss": "catalog", "sub": "catalog", "aud": "orders", "iat": now, "exp": now + 300, "jti": "j"}
    body.update(claims)
    headers = {"kid": ring.active.kid, "typ": SERVICE_TOKEN_TYPE}
    return jwt.encode(body, ring.active.private_key, algorithm="RS256", headers=headers)


@pytest.mark.parametrize(
    ("case", "reason"),
    [
        ("expired", "expired"),
        ("wrong_audience", "wrong_audience"),
        ("issuer_of_another_key", "unknown_kid"),
        ("unknown_issuer", "unknown_issuer"),
        ("too_long", "lifetime"),
        ("sub_differs", "claims"),
        ("no_jti", "claims"),
        ("iat_in_future", "iat_in_future"),
        ("not_a_service_token", "not_a_service_token"),
        ("garbage", "malformed"),
    ],
)
async def test_bad_tokens_are_401_with_the_reason_logged(tmp_path, captured_logs, case, reason):
    import time

    catalog, media = _keys(tmp_path, "catalog"), _keys(tmp_path, "media")
    now = int(time.time())
    tokens = {
        "expired": _forge(catalog, iat=now - 900, exp=now - 600),
        "wrong_audience": _forge(catalog, aud="media"),
        "issuer_of_another_key": _forge(media),  # claims catalog, signed by media
        "unknown_issuer": _forge(catalog, iss="../../etc", sub="x"),
        "too_long": _forge(catalog, exp=now + 3600),
        "sub_differs": _forge(catalog, sub="orders"),
        "no_jti": jwt.encode(
            {"iss": "catalog", "sub": "catalog", "aud": "orders", "iat": now, "exp": now + 60},
            catalog.active.private_key,
            algorithm="RS256",
            headers={"kid": catalog.active.kid, "typ": SERVICE_TOKEN_TYPE},
        ),
        "iat_in_future": _forge(catalog, iat=now + 600, exp=now + 700),
        "not_a_service_token": jwt.encode(
            {"iss": "catalog", "aud": "orders", "exp": now + 60},
            catalog.active.private_key,
            algorithm="RS256",
            headers={"kid": catalog.active.kid},
        ),
        "garbage": "a.b.c",
    }
    verifier = ServiceTokenVerifier("orders", tmp_path / "jwks")

    with pytest.raises(Unauthorized) as err:
        await verifier.verify(tokens[case])

    assert err.value.reason == reason and err.value.message == "invalid service token"
    logged = [e for e in captured_logs if e["event"] == "auth.service_token_rejected"]
    assert logged and logged[-1]["reason"] == reason
    assert all(tokens[case] not in str(e) for e in captured_logs)  # never the token


async def test_rotation_new_key_signs_old_tokens_verify_until_the_old_key_is_retired(tmp_path):
    root = tmp_path
    old_ring = _keys(root, "catalog")
    old_token = ServiceTokenSigner("catalog", old_ring).token_for("orders")
    verifier = ServiceTokenVerifier("orders", root / "jwks", cache_ttl_s=0, refresh_min_interval_s=0)
    assert (await verifier.verify(old_token)).service == "catalog"

    new_kid = rotate(root / "catalog", root / "jwks" / "catalog.json")
    new_ring = KeyRing.load(root / "catalog")
    new_token = ServiceTokenSigner("catalog", new_ring).token_for("orders")

    assert new_ring.active.kid == new_kid and jwt.get_unverified_header(new_token)["kid"] == new_kid
    assert (await verifier.verify(new_token)).service == "catalog"  # unknown kid => JWKS re-read
    fresh_old = ServiceTokenSigner("catalog", old_ring, ttl_s=200).token_for("orders")
    assert (await verifier.verify(fresh_old)).service == "catalog"  # both listed, both verify

    assert retire(root / "catalog", old_ring.active.kid, root / "jwks" / "catalog.json")
    late_old = ServiceTokenSigner("catalog", old_ring, ttl_s=180).token_for("orders")
    with pytest.raises(Unauthorized) as err:
        await verifier.verify(late_old)  # the JWKS no longer lists it (re-read after its cache TTL)
    assert err.value.reason == "unknown_kid"


# --------------------------------------------------------------------------- the route guard


class OrdersSettings(ServiceSettings):
    model_config = service_config("orders")
    service_name: ClassVar[str] = "orders"


def _router() -> APIRouter:
    router = APIRouter()

    @router.post("/internal/v1/probe")
    async def probe(
        caller: Annotated[ServiceCaller, Depends(require_service("catalog", "logistics"))],
    ) -> Any:
        return {"data": {"caller": caller.service}}

    return router


@pytest.fixture
async def orders_app(pf_servers, tmp_path) -> Any:
    settings = OrdersSettings(
        database_url="postgresql+psycopg://postgres@127.0.0.1:1/none",
        redis_url=pf_servers.redis_url,
        keys_dir=tmp_path,
        environment="test",
    )
    runtime = Runtime.create(settings)
    app = create_app(settings, routers=[_router()], runtime=runtime)
    yield app, settings
    await runtime.close()


def _auth(root: Path, caller: str, audience: str = "orders") -> dict[str, str]:
    ring = _keys(root / "services", caller)
    return {"Authorization": f"Bearer {ServiceTokenSigner(caller, ring).token_for(audience)}"}


async def test_the_guard_serves_named_callers_refuses_others_and_user_tokens(orders_app, tmp_path):
    app, settings = orders_app
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        ok = await c.post("/internal/v1/probe", headers=_auth(tmp_path, "catalog"))
        ok2 = await c.post("/internal/v1/probe", headers=_auth(tmp_path, "logistics"))
        other = await c.post("/internal/v1/probe", headers=_auth(tmp_path, "media"))
        wrong_aud = await c.post("/internal/v1/probe", headers=_auth(tmp_path, "catalog", audience="media"))
        missing = await c.post("/internal/v1/probe")
        basic = await c.post("/internal/v1/probe", headers={"Authorization": "Basic eA=="})

        from pf_common.devkeys import ensure_dev_keys
        from pf_common.testing.tokens import TestTokenSigner

        dev = ensure_dev_keys(tmp_path)
        user = TestTokenSigner(dev.private_pem, dev.kid, settings.jwt_issuer, settings.jwt_audience).mint(
            user_id=uuid.uuid4(), session_id="s", system_role="admin"
        )
        as_user = await c.post("/internal/v1/probe", headers={"Authorization": f"Bearer {user}"})

    assert (ok.status_code, ok.json()) == (200, {"data": {"caller": "catalog"}})
    assert ok2.json() == {"data": {"caller": "logistics"}}
    assert (other.status_code, other.json()["error"]["code"]) == (403, "FORBIDDEN")
    for r in (wrong_aud, missing, basic, as_user):
        assert (r.status_code, r.json()["error"]["code"]) == (401, "UNAUTHORIZED")
        assert r.headers["www-authenticate"] == "Bearer"


def test_an_internal_route_without_a_guard_stops_the_app_from_being_built(tmp_path):
    router = APIRouter()

    @router.get("/internal/v1/open")
    async def open_route() -> Any:
        return {}

    settings = OrdersSettings(keys_dir=tmp_path, environment="test")
    with pytest.raises(RuntimeError, match=r"/internal/v1/open"):
        create_app(settings, routers=[router])


def test_unknown_service_names_are_refused_when_the_route_is_declared():
    with pytest.raises(ValueError, match="unknown services"):
        require_service("ordres")
    with pytest.raises(ValueError):
        require_service()


async def test_the_http_client_sends_a_token_the_callee_accepts(orders_app, tmp_path):
    app, _settings = orders_app
    catalog = ServiceAuth(
        ServiceTokenSigner("catalog", _keys(tmp_path / "services", "catalog")),
        ServiceTokenVerifier("catalog", tmp_path / "services" / "jwks"),
    )
    client = make_http_client(
        base_url="http://orders",
        transport=httpx.ASGITransport(app=app),
        token_provider=catalog.token_provider("orders"),
    )
    async with client:
        first = await client.post("/internal/v1/probe")
        second = await client.post("/internal/v1/probe")

    assert first.json() == second.json() == {"data": {"caller": "catalog"}}
    assert catalog.signer.minted == 1  # the second call reused the token


def test_prod_never_generates_keys(tmp_path):
    settings = OrdersSettings(keys_dir=tmp_path, environment="prod", jwks_file=tmp_path / "x.json")

    with pytest.raises(RuntimeError, match="PF_SERVICE_KEYS_DIR"):
        ServiceAuth.from_settings(settings)
    assert not (tmp_path / "services").exists()


def test_prod_loads_the_mounted_keys(tmp_path):
    ring = _keys(tmp_path, "orders")
    settings = OrdersSettings(
        environment="prod", service_keys_dir=tmp_path / "orders", service_jwks_dir=tmp_path / "jwks"
    )

    auth = ServiceAuth.from_settings(settings)

    assert auth.signer.kid == ring.active.kid


def test_the_cli_creates_rotates_and_lists_keys(tmp_path, capsys):
    main(["--root", str(tmp_path), "ensure", "orders", "catalog"])
    capsys.readouterr()
    main(["--root", str(tmp_path), "rotate", "orders"])
    out = capsys.readouterr().out

    assert "orders: new signing key" in out
    lines = [ln.split("\t") for ln in out.splitlines() if "\t" in ln]
    assert sorted((ln[0], ln[3]) for ln in lines) == [
        ("catalog", "active"),
        ("orders", "active"),
        ("orders", "verifies"),
    ]
