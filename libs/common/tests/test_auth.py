"""Access tokens end to end: pf_common.access_tokens (claims, verification), jwks (keys, JWKS cache),
sessions (revocation), devkeys and the FastAPI guards of pf_common.guards."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import socket
import stat
import types
from collections.abc import AsyncIterator, Awaitable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any
from uuid import UUID, uuid4

import httpx
import jwt
import pytest
import structlog
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import FastAPIError
from prometheus_client import REGISTRY
from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from structlog.testing import capture_logs

from pf_common.access_tokens import Authenticator, TokenVerifier, access_token_claims
from pf_common.app import install_error_handlers
from pf_common.devkeys import ensure_dev_keys
from pf_common.errors import DependencyError, Unauthorized
from pf_common.guards import (
    AUTHENTICATES,
    AUTHORISES,
    AdminPrincipal,
    AgentPrincipal,
    CurrentPrincipal,
    StorePrincipal,
    authenticates,
    get_principal,
    guard_kind,
    require_service,
    require_store,
)
from pf_common.jwks import (
    JwksKeyStore,
    jwk_thumbprint,
    jwks_from_public_keys,
    load_private_key,
    parse_private_pem,
)
from pf_common.principal import MANAGE, OPERATE, READ, STAFF, Principal
from pf_common.routes import api_routes
from pf_common.sessions import SessionRegistry, session_key
from pf_common.settings import ServiceSettings
from pf_common.testing.tokens import TestTokenSigner

ISS = "packfinderz-identity"
AUD = "packfinderz"
JWKS_URL = "http://identity.test/.well-known/jwks.json"

VendorOperator = Annotated[Principal, Depends(require_store({"vendor"}, OPERATE))]
BuyerStaff = Annotated[Principal, Depends(require_store({"buyer"}, STAFF))]


# --- helpers --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def key_a() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def key_b() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(autouse=True)
def _clean_log_context() -> Iterator[None]:
    structlog.contextvars.clear_contextvars()
    yield
    structlog.contextvars.clear_contextvars()


def private_pem(key: rsa.RSAPrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def public_pem(key: rsa.RSAPrivateKey) -> bytes:
    return key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def signer_for(
    key: rsa.RSAPrivateKey, kid: str, *, issuer: str = ISS, audience: str = AUD
) -> TestTokenSigner:
    return TestTokenSigner(private_pem(key), kid, issuer, audience)


def write_jwks(path: Path, keys: dict[str, rsa.RSAPrivateKey]) -> Path:
    path.write_text(json.dumps(jwks_from_public_keys({kid: k.public_key() for kid, k in keys.items()})))
    return path


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_json(obj: dict[str, Any]) -> str:
    return b64url(json.dumps(obj, separators=(",", ":")).encode())


_DROP = object()  # marks a claim to leave out


def valid_claims(**overrides: Any) -> dict[str, Any]:
    now = int(datetime.now(UTC).timestamp())
    user_id = uuid4()
    claims: dict[str, Any] = {
        "sub": str(user_id),
        "user_id": str(user_id),
        "active_store_id": str(uuid4()),
        "store_type": "buyer",
        "role": "owner",
        "system_role": None,
        "kyc_status": "verified",
        "jti": str(uuid4()),
        "iss": ISS,
        "aud": AUD,
        "iat": now,
        "exp": now + 900,
    }
    claims.update(overrides)
    return {k: v for k, v in claims.items() if v is not _DROP}


class Clock:
    def __init__(self) -> None:
        self.t = 1_000.0

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


class JwksServer:
    """A JWKS endpoint behind httpx.MockTransport that counts its fetches."""

    def __init__(self, jwks: dict[str, Any]) -> None:
        self.jwks = jwks
        self.fetches = 0
        self.down = False

    async def handler(self, request: httpx.Request) -> httpx.Response:
        self.fetches += 1
        await asyncio.sleep(0.01)  # a real round trip: concurrent callers overlap
        assert str(request.url) == JWKS_URL
        if self.down:
            raise httpx.ConnectError("connection refused", request=request)
        return httpx.Response(200, json=self.jwks)

    def client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.MockTransport(self.handler))


async def rejection_reason(verify: Awaitable[Principal]) -> str | None:
    with pytest.raises(Unauthorized) as caught:
        await verify
    assert caught.value.message == "invalid token"
    assert caught.value.status_code == 401
    return caught.value.reason


def failures(reason: str, service: str = "test") -> float:
    return REGISTRY.get_sample_value("pf_auth_failures_total", {"service": service, "reason": reason}) or 0.0


def closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def signer(key_a: rsa.RSAPrivateKey) -> TestTokenSigner:
    return signer_for(key_a, "kid-a")


@pytest.fixture
def verifier(tmp_path: Path, key_a: rsa.RSAPrivateKey) -> TokenVerifier:
    keystore = JwksKeyStore(path=write_jwks(tmp_path / "jwks.json", {"kid-a": key_a}))
    return TokenVerifier(keystore, ISS, AUD)


# --- the HTTP surface -----------------------------------------------------------------------


def build_app(authenticator: Authenticator) -> FastAPI:
    app = FastAPI()
    app.state.runtime = types.SimpleNamespace(authenticator=authenticator)
    app.state.settings = types.SimpleNamespace(service_name="test")
    install_error_handlers(app)

    @app.get("/me")
    async def me(request: Request, principal: CurrentPrincipal) -> dict[str, Any]:
        return {
            "user_id": str(principal.user_id),
            "store_id": str(principal.store_id) if principal.store_id else None,
            "role": principal.role,
            "same_state": request.state.principal is principal,
            "log_context": {k: str(v) for k, v in structlog.contextvars.get_contextvars().items()},
        }

    @app.get("/store")
    async def any_store(principal: StorePrincipal) -> dict[str, str]:
        return {"store_id": str(principal.store_id)}

    @app.get("/vendor/products")
    async def vendor_products(principal: VendorOperator) -> dict[str, str]:
        return {"role": str(principal.role)}

    @app.get("/buyer/cart")
    async def buyer_cart(principal: BuyerStaff) -> dict[str, str]:
        return {"role": str(principal.role)}

    @app.get("/admin")
    async def admin(principal: AdminPrincipal) -> dict[str, bool]:
        return {"admin": principal.is_admin}

    @app.get("/agent")
    async def agent(principal: AgentPrincipal) -> dict[str, bool]:
        return {"agent": principal.is_agent}

    return app


@dataclass
class Env:
    client: httpx.AsyncClient
    signer: TestTokenSigner
    sessions: SessionRegistry
    authenticator: Authenticator

    async def token(self, **kwargs: Any) -> str:
        """A minted token whose session is live."""
        session_id = kwargs.pop("session_id", str(uuid4()))
        kwargs.setdefault("user_id", uuid4())
        await self.sessions.activate(session_id, 3600)
        return self.signer.mint(session_id=session_id, **kwargs)

    async def get(self, path: str, token: str | None = None) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
        return await self.client.get(path, headers=headers)


@pytest.fixture
async def env(signer: TestTokenSigner, verifier: TokenVerifier, redis: Redis) -> AsyncIterator[Env]:
    sessions = SessionRegistry(redis)
    authenticator = Authenticator(verifier, sessions)
    app = build_app(authenticator)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
        yield Env(client, signer, sessions, authenticator)
    await authenticator.aclose()


def assert_envelope(response: httpx.Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]


# --- role groups and principal --------------------------------------------------------------


def test_role_groups_match_domain_4_2() -> None:
    assert frozenset({"owner", "admin", "manager"}) == MANAGE
    assert MANAGE | {"ops"} == OPERATE
    assert OPERATE | {"staff"} == STAFF
    assert STAFF | {"viewer", "agent"} == READ
    assert all(isinstance(group, frozenset) for group in (MANAGE, OPERATE, STAFF, READ))


def test_principal_is_frozen_and_admin_means_system_role() -> None:
    store_admin = Principal(
        user_id=uuid4(), session_id="s", store_id=uuid4(), store_type="vendor", role="admin"
    )
    system_admin = Principal(user_id=uuid4(), session_id="s", role="admin", system_role="admin")
    system_agent = Principal(user_id=uuid4(), session_id="s", role="agent", system_role="agent")
    assert (store_admin.is_admin, store_admin.is_agent) == (False, False)
    assert (system_admin.is_admin, system_admin.is_agent) == (True, False)
    assert (system_agent.is_admin, system_agent.is_agent) == (False, True)
    with pytest.raises(AttributeError):
        store_admin.role = "owner"  # type: ignore[misc]


# --- verification ---------------------------------------------------------------------------


async def test_valid_token_yields_principal(signer: TestTokenSigner, verifier: TokenVerifier) -> None:
    user_id, store_id, session_id = uuid4(), uuid4(), str(uuid4())
    token = signer.mint(
        user_id=user_id,
        session_id=session_id,
        store_id=store_id,
        store_type="vendor",
        role="manager",
        kyc_status="pending_verification",
    )

    principal = await verifier.verify(token)

    assert principal == Principal(
        user_id=user_id,
        session_id=session_id,
        store_id=store_id,
        store_type="vendor",
        role="manager",
        system_role=None,
        kyc_status="pending_verification",
    )
    header = jwt.get_unverified_header(token)
    assert (header["alg"], header["kid"]) == ("RS256", "kid-a")
    claims = jwt.decode(token, options={"verify_signature": False})
    assert claims["exp"] - claims["iat"] == 900
    assert claims["jti"] == session_id
    assert claims["sub"] == claims["user_id"] == str(user_id)
    assert claims["active_store_id"] == str(store_id)
    assert (claims["iss"], claims["aud"]) == (ISS, AUD)


async def test_system_user_token_has_no_store(signer: TestTokenSigner, verifier: TokenVerifier) -> None:
    token = signer.mint(user_id=uuid4(), session_id="sess-1", role="admin", system_role="admin")

    principal = await verifier.verify(token)

    assert (principal.store_id, principal.store_type, principal.role) == (None, None, "admin")
    assert principal.is_admin


async def test_expired_token_is_rejected_unless_allow_expired(
    signer: TestTokenSigner, verifier: TokenVerifier
) -> None:
    token = signer.mint(user_id=uuid4(), session_id="s-old", now=datetime.now(UTC) - timedelta(minutes=16))

    assert await rejection_reason(verifier.verify(token)) == "expired"
    refreshed = await verifier.verify(token, allow_expired=True)
    assert refreshed.session_id == "s-old"


async def test_allow_expired_still_checks_the_signature(
    key_b: rsa.RSAPrivateKey, verifier: TokenVerifier
) -> None:
    forged = signer_for(key_b, "kid-a").mint(
        user_id=uuid4(), session_id="s", now=datetime.now(UTC) - timedelta(hours=1)
    )

    assert await rejection_reason(verifier.verify(forged, allow_expired=True)) == "bad_signature"


async def test_tampered_payload_is_rejected(signer: TestTokenSigner, verifier: TokenVerifier) -> None:
    token = signer.mint(user_id=uuid4(), session_id="s", store_id=uuid4(), store_type="buyer", role="viewer")
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["role"] = "owner"
    tampered = ".".join((header, b64url_json(claims), signature))

    assert await rejection_reason(verifier.verify(tampered)) == "bad_signature"


async def test_alg_none_is_rejected(verifier: TokenVerifier) -> None:
    token = f"{b64url_json({'alg': 'none', 'typ': 'JWT', 'kid': 'kid-a'})}.{b64url_json(valid_claims())}."

    assert await rejection_reason(verifier.verify(token)) == "alg"


async def test_hs256_signed_with_the_public_key_is_rejected(
    key_a: rsa.RSAPrivateKey, verifier: TokenVerifier
) -> None:
    signing_input = (
        f"{b64url_json({'alg': 'HS256', 'typ': 'JWT', 'kid': 'kid-a'})}.{b64url_json(valid_claims())}"
    )
    mac = hmac.new(public_pem(key_a), signing_input.encode(), hashlib.sha256).digest()
    token = f"{signing_input}.{b64url(mac)}"

    assert await rejection_reason(verifier.verify(token)) == "alg"


async def test_other_asymmetric_algorithms_are_rejected(
    key_a: rsa.RSAPrivateKey, verifier: TokenVerifier
) -> None:
    token = jwt.encode(valid_claims(), key_a, algorithm="PS256", headers={"kid": "kid-a"})

    assert await rejection_reason(verifier.verify(token)) == "alg"


@pytest.mark.parametrize(
    ("issuer", "audience"),
    [("someone-else", AUD), (ISS, "another-audience")],
    ids=["wrong-issuer", "wrong-audience"],
)
async def test_wrong_issuer_or_audience_is_rejected(
    key_a: rsa.RSAPrivateKey, verifier: TokenVerifier, issuer: str, audience: str
) -> None:
    token = signer_for(key_a, "kid-a", issuer=issuer, audience=audience).mint(user_id=uuid4(), session_id="s")

    assert await rejection_reason(verifier.verify(token)) == "claims"


@pytest.mark.parametrize(
    "overrides",
    [
        {"jti": _DROP},
        {"user_id": _DROP},
        {"user_id": "not-a-uuid"},
        {"iat": _DROP},
        {"exp": _DROP},
        {"aud": _DROP},
        {"store_type": "distributor"},
        {"system_role": "root"},
        {"active_store_id": None},  # a store type without a store
        {"sub": str(UUID(int=1))},
        {"iat": int(datetime.now(UTC).timestamp()) + 3600, "exp": int(datetime.now(UTC).timestamp()) + 4000},
    ],
    ids=[
        "no-jti",
        "no-user",
        "bad-user",
        "no-iat",
        "no-exp",
        "no-aud",
        "store-type",
        "system-role",
        "type-without-store",
        "sub-mismatch",
        "iat-future",
    ],
)
async def test_missing_or_invalid_claims_are_rejected(
    key_a: rsa.RSAPrivateKey, verifier: TokenVerifier, overrides: dict[str, Any]
) -> None:
    token = jwt.encode(valid_claims(**overrides), key_a, algorithm="RS256", headers={"kid": "kid-a"})

    assert await rejection_reason(verifier.verify(token)) == "claims"


async def test_token_without_kid_or_garbage_is_rejected(
    key_a: rsa.RSAPrivateKey, verifier: TokenVerifier
) -> None:
    no_kid = jwt.encode(valid_claims(), key_a, algorithm="RS256")

    assert await rejection_reason(verifier.verify(no_kid)) == "malformed"
    assert await rejection_reason(verifier.verify("not.a.jwt")) == "malformed"
    assert await rejection_reason(verifier.verify("")) == "malformed"


async def test_rejection_is_logged_with_reason_and_never_the_token(
    key_b: rsa.RSAPrivateKey, verifier: TokenVerifier
) -> None:
    forged = signer_for(key_b, "kid-a").mint(user_id=uuid4(), session_id="s")

    with capture_logs() as logs:
        await rejection_reason(verifier.verify(forged))

    rejected = [entry for entry in logs if entry["event"] == "auth.token_rejected"]
    assert len(rejected) == 1
    assert rejected[0]["reason"] == "bad_signature"
    assert rejected[0]["kid"] == "kid-a"
    assert forged not in repr(logs)
    assert forged.split(".")[2] not in repr(logs)


# --- JWKS cache, refresh and rotation ------------------------------------------------------


async def test_unknown_kid_refreshes_once_per_interval(
    key_a: rsa.RSAPrivateKey, key_b: rsa.RSAPrivateKey
) -> None:
    server = JwksServer(jwks_from_public_keys({"kid-a": key_a.public_key()}))
    clock = Clock()
    async with server.client() as http:
        keystore = JwksKeyStore(url=JWKS_URL, http_client=http, refresh_min_interval_s=30, clock=clock)
        verifier = TokenVerifier(keystore, ISS, AUD)
        await verifier.verify(signer_for(key_a, "kid-a").mint(user_id=uuid4(), session_id="s"))
        assert server.fetches == 1
        clock.advance(31)  # the JWKS was just fetched: wait out the interval once

        bogus_1 = signer_for(key_b, "bogus-1").mint(user_id=uuid4(), session_id="s")
        assert await rejection_reason(verifier.verify(bogus_1)) == "unknown_kid"
        assert server.fetches == 2  # refreshed once for the unknown kid

        clock.advance(10)
        bogus_2 = signer_for(key_b, "bogus-2").mint(user_id=uuid4(), session_id="s")
        assert await rejection_reason(verifier.verify(bogus_2)) == "unknown_kid"
        assert await rejection_reason(verifier.verify(bogus_1)) == "unknown_kid"
        assert server.fetches == 2  # within the interval: no refetch

        clock.advance(25)
        assert await rejection_reason(verifier.verify(bogus_2)) == "unknown_kid"
        assert server.fetches == 3  # interval elapsed: one more refetch


async def test_rotation_new_kid_is_picked_up_by_refresh(
    key_a: rsa.RSAPrivateKey, key_b: rsa.RSAPrivateKey
) -> None:
    server = JwksServer(jwks_from_public_keys({"kid-a": key_a.public_key()}))
    async with server.client() as http:
        clock = Clock()
        keystore = JwksKeyStore(url=JWKS_URL, http_client=http, refresh_min_interval_s=30, clock=clock)
        verifier = TokenVerifier(keystore, ISS, AUD)
        old = signer_for(key_a, "kid-a").mint(user_id=uuid4(), session_id="old")
        assert (await verifier.verify(old)).session_id == "old"
        clock.advance(31)

        # identity rotates: the JWKS now lists both keys, new tokens carry kid-b.
        server.jwks = jwks_from_public_keys({"kid-a": key_a.public_key(), "kid-b": key_b.public_key()})
        new = signer_for(key_b, "kid-b").mint(user_id=uuid4(), session_id="new")

        assert (await verifier.verify(new)).session_id == "new"
        assert (await verifier.verify(old)).session_id == "old"
        assert server.fetches == 2
        assert keystore.kids == {"kid-a", "kid-b"}


async def test_rotation_both_keys_valid_and_kid_binds_the_key(
    tmp_path: Path, key_a: rsa.RSAPrivateKey, key_b: rsa.RSAPrivateKey
) -> None:
    path = write_jwks(tmp_path / "jwks.json", {"kid-a": key_a, "kid-b": key_b})
    verifier = TokenVerifier(JwksKeyStore(path=path), ISS, AUD)

    token_a = signer_for(key_a, "kid-a").mint(user_id=uuid4(), session_id="a")
    token_b = signer_for(key_b, "kid-b").mint(user_id=uuid4(), session_id="b")
    mismatched = signer_for(key_a, "kid-b").mint(user_id=uuid4(), session_id="x")

    assert (await verifier.verify(token_a)).session_id == "a"
    assert (await verifier.verify(token_b)).session_id == "b"
    assert await rejection_reason(verifier.verify(mismatched)) == "bad_signature"


async def test_jwks_down_with_warm_cache_keeps_serving(key_a: rsa.RSAPrivateKey) -> None:
    server = JwksServer(jwks_from_public_keys({"kid-a": key_a.public_key()}))
    clock = Clock()
    token = signer_for(key_a, "kid-a").mint(user_id=uuid4(), session_id="s")
    async with server.client() as http:
        keystore = JwksKeyStore(
            url=JWKS_URL, http_client=http, cache_ttl_s=600, refresh_min_interval_s=30, clock=clock
        )
        verifier = TokenVerifier(keystore, ISS, AUD)
        await verifier.verify(token)

        server.down = True
        clock.advance(601)  # cache expired: a refresh is tried, fails, the cache stays
        assert (await verifier.verify(token)).session_id == "s"
        assert server.fetches == 2
        assert (await verifier.verify(token)).session_id == "s"
        assert server.fetches == 2  # the failed refresh is not retried on every request


async def test_jwks_down_with_cold_cache_is_a_dependency_error(key_a: rsa.RSAPrivateKey) -> None:
    server = JwksServer(jwks_from_public_keys({"kid-a": key_a.public_key()}))
    server.down = True
    clock = Clock()
    token = signer_for(key_a, "kid-a").mint(user_id=uuid4(), session_id="s")
    async with server.client() as http:
        verifier = TokenVerifier(JwksKeyStore(url=JWKS_URL, http_client=http, clock=clock), ISS, AUD)

        with pytest.raises(DependencyError) as caught:
            await verifier.verify(token)
        assert caught.value.status_code == 503
        with pytest.raises(DependencyError):
            await verifier.verify(token)
        assert server.fetches == 1  # cold retries are throttled too

        server.down = False
        clock.advance(1)
        assert (await verifier.verify(token)).session_id == "s"
        assert server.fetches == 2


async def test_concurrent_cold_verifications_share_one_fetch(key_a: rsa.RSAPrivateKey) -> None:
    server = JwksServer(jwks_from_public_keys({"kid-a": key_a.public_key()}))
    token = signer_for(key_a, "kid-a").mint(user_id=uuid4(), session_id="s")
    async with server.client() as http:
        verifier = TokenVerifier(JwksKeyStore(url=JWKS_URL, http_client=http), ISS, AUD)

        principals = await asyncio.gather(*(verifier.verify(token) for _ in range(10)))

    assert {p.session_id for p in principals} == {"s"}
    assert server.fetches == 1


async def test_concurrent_unknown_kid_lookups_share_one_refresh(
    key_a: rsa.RSAPrivateKey, key_b: rsa.RSAPrivateKey
) -> None:
    server = JwksServer(jwks_from_public_keys({"kid-a": key_a.public_key()}))
    clock = Clock()
    async with server.client() as http:
        verifier = TokenVerifier(JwksKeyStore(url=JWKS_URL, http_client=http, clock=clock), ISS, AUD)
        await verifier.verify(signer_for(key_a, "kid-a").mint(user_id=uuid4(), session_id="a"))
        clock.advance(31)
        server.jwks = jwks_from_public_keys({"kid-a": key_a.public_key(), "kid-b": key_b.public_key()})
        new = signer_for(key_b, "kid-b")

        principals = await asyncio.gather(
            *(verifier.verify(new.mint(user_id=uuid4(), session_id=f"b{i}")) for i in range(5))
        )

    assert sorted(p.session_id for p in principals) == [f"b{i}" for i in range(5)]
    assert server.fetches == 2


async def test_concurrent_cold_lookups_with_jwks_down_share_one_failed_fetch(
    key_a: rsa.RSAPrivateKey,
) -> None:
    server = JwksServer(jwks_from_public_keys({"kid-a": key_a.public_key()}))
    server.down = True
    token = signer_for(key_a, "kid-a").mint(user_id=uuid4(), session_id="s")
    async with server.client() as http:
        verifier = TokenVerifier(JwksKeyStore(url=JWKS_URL, http_client=http), ISS, AUD)

        results = await asyncio.gather(*(verifier.verify(token) for _ in range(5)), return_exceptions=True)

    assert all(isinstance(r, DependencyError) for r in results)
    assert server.fetches == 1


# --- sessions -------------------------------------------------------------------------------


async def test_session_registry_activate_revoke(redis: Redis) -> None:
    sessions = SessionRegistry(redis)

    await sessions.activate("sess-1", 120)

    assert await sessions.is_active("sess-1") is True
    assert 0 < await redis.ttl("pf:session:access:sess-1") <= 120
    assert session_key("sess-1") == "pf:session:access:sess-1"
    assert await sessions.revoke("sess-1") is True
    assert await sessions.is_active("sess-1") is False
    assert await sessions.revoke("sess-1") is False


async def test_redis_down_is_a_dependency_error() -> None:
    down = Redis(host="127.0.0.1", port=closed_port(), socket_connect_timeout=1, retry=Retry(NoBackoff(), 0))
    sessions = SessionRegistry(down)
    try:
        for call in (
            lambda: sessions.is_active("s"),
            lambda: sessions.activate("s", 60),
            lambda: sessions.revoke("s"),
        ):
            with pytest.raises(DependencyError) as caught:
                await call()
            assert caught.value.status_code == 503
            assert caught.value.code == "DEPENDENCY_ERROR"
    finally:
        await down.aclose()


async def test_authenticate_requires_a_live_session(
    signer: TestTokenSigner, verifier: TokenVerifier, redis: Redis
) -> None:
    authenticator = Authenticator(verifier, SessionRegistry(redis))
    token = signer.mint(user_id=uuid4(), session_id="never-activated")

    assert await rejection_reason(authenticator.authenticate(token)) == "session_revoked"

    await authenticator.sessions.activate("never-activated", 60)
    assert (await authenticator.authenticate(token)).session_id == "never-activated"


# --- FastAPI dependencies -------------------------------------------------------------------


async def test_get_principal_sets_state_and_log_context(env: Env) -> None:
    user_id, store_id = uuid4(), uuid4()
    token = await env.token(user_id=user_id, store_id=store_id, store_type="buyer", role="staff")

    response = await env.get("/me", token)

    assert response.status_code == 200
    assert response.json() == {
        "user_id": str(user_id),
        "store_id": str(store_id),
        "role": "staff",
        "same_state": True,
        "log_context": {"user_id": str(user_id), "store_id": str(store_id)},
    }


async def test_lowercase_bearer_scheme_is_accepted(env: Env) -> None:
    token = await env.token()

    response = await env.client.get("/me", headers={"Authorization": f"bearer {token}"})

    assert response.status_code == 200


async def test_no_authorization_header_is_401_envelope(env: Env) -> None:
    before = failures("missing_token")

    response = await env.get("/me")

    assert_envelope(response, 401, "UNAUTHORIZED")
    assert response.headers["www-authenticate"] == "Bearer"
    assert failures("missing_token") == before + 1


@pytest.mark.parametrize("header", ["Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "Bearer a b", "Token abc"])
async def test_malformed_authorization_header_is_401(env: Env, header: str) -> None:
    before = failures("malformed_header")

    response = await env.client.get("/me", headers={"Authorization": header})

    assert_envelope(response, 401, "UNAUTHORIZED")
    assert failures("malformed_header") == before + 1


async def test_invalid_token_over_http_is_generic_401(env: Env, key_b: rsa.RSAPrivateKey) -> None:
    forged = signer_for(key_b, "kid-a").mint(user_id=uuid4(), session_id="s")
    await env.sessions.activate("s", 60)
    before = failures("bad_signature")

    response = await env.get("/me", forged)

    assert_envelope(response, 401, "UNAUTHORIZED")
    assert response.json()["error"]["message"] == "invalid token"
    assert failures("bad_signature") == before + 1


async def test_missing_session_and_revoked_session_are_401(env: Env) -> None:
    unregistered = env.signer.mint(user_id=uuid4(), session_id="not-registered")
    live = await env.token(session_id="live-session")
    before = failures("session_revoked")

    assert_envelope(await env.get("/me", unregistered), 401, "UNAUTHORIZED")
    assert (await env.get("/me", live)).status_code == 200

    assert await env.sessions.revoke("live-session") is True
    response = await env.get("/me", live)

    assert_envelope(response, 401, "UNAUTHORIZED")
    assert response.json()["error"]["message"] == "invalid token"
    assert failures("session_revoked") == before + 2


async def test_session_store_down_over_http_is_503(signer: TestTokenSigner, verifier: TokenVerifier) -> None:
    down = Redis(host="127.0.0.1", port=closed_port(), socket_connect_timeout=1, retry=Retry(NoBackoff(), 0))
    app = build_app(Authenticator(verifier, SessionRegistry(down)))
    token = signer.mint(user_id=uuid4(), session_id="s")
    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
            response = await client.get("/me", headers={"Authorization": f"Bearer {token}"})
    finally:
        await down.aclose()

    assert_envelope(response, 503, "DEPENDENCY_ERROR")


async def test_require_store_allows_matching_type_and_role(env: Env) -> None:
    vendor_ops = await env.token(store_id=uuid4(), store_type="vendor", role="ops")
    buyer_viewer = await env.token(store_id=uuid4(), store_type="buyer", role="viewer")

    assert (await env.get("/vendor/products", vendor_ops)).json() == {"role": "ops"}
    assert (await env.get("/store", buyer_viewer)).status_code == 200


async def test_require_store_without_active_store_is_403(env: Env) -> None:
    no_store = await env.token(role=None)
    before = failures("no_store")

    for path in ("/store", "/vendor/products"):
        assert_envelope(await env.get(path, no_store), 403, "FORBIDDEN")
    assert failures("no_store") == before + 2


async def test_require_store_wrong_store_type_is_403(env: Env) -> None:
    buyer_owner = await env.token(store_id=uuid4(), store_type="buyer", role="owner")
    before = failures("store_type")

    assert_envelope(await env.get("/vendor/products", buyer_owner), 403, "FORBIDDEN")
    assert failures("store_type") == before + 1


async def test_require_store_role_outside_group_is_403(env: Env) -> None:
    vendor_staff = await env.token(store_id=uuid4(), store_type="vendor", role="staff")
    buyer_viewer = await env.token(store_id=uuid4(), store_type="buyer", role="viewer")
    before = failures("role")

    assert_envelope(await env.get("/vendor/products", vendor_staff), 403, "FORBIDDEN")
    assert_envelope(await env.get("/buyer/cart", buyer_viewer), 403, "FORBIDDEN")
    assert failures("role") == before + 2


async def test_require_admin_rejects_store_users_including_store_admins(env: Env) -> None:
    store_admin = await env.token(store_id=uuid4(), store_type="vendor", role="admin")
    system_admin = await env.token(role="admin", system_role="admin")
    before = failures("not_admin")

    assert_envelope(await env.get("/admin", store_admin), 403, "FORBIDDEN")
    assert (await env.get("/admin", system_admin)).json() == {"admin": True}
    assert failures("not_admin") == before + 1


async def test_require_agent_rejects_agent_member_role(env: Env) -> None:
    member_agent = await env.token(store_id=uuid4(), store_type="buyer", role="agent")
    system_agent = await env.token(role="agent", system_role="agent")
    system_admin = await env.token(role="admin", system_role="admin")

    assert_envelope(await env.get("/agent", member_agent), 403, "FORBIDDEN")
    assert_envelope(await env.get("/agent", system_admin), 403, "FORBIDDEN")
    assert (await env.get("/agent", system_agent)).json() == {"agent": True}
    # The member role ``agent`` still reads like ``viewer`` inside its store.
    assert (await env.get("/store", member_agent)).status_code == 200


async def test_every_guard_authenticates_first_without_a_token_or_with_a_bad_one(env: Env) -> None:
    # the guards authorise after authenticating themselves: 401, never a 403 or a 500
    for path in ("/store", "/vendor/products", "/buyer/cart", "/admin", "/agent"):
        assert_envelope(await env.get(path), 401, "UNAUTHORIZED")
        assert_envelope(await env.get(path, "not.a.token"), 401, "UNAUTHORIZED")


def test_each_user_guard_is_one_dependency_that_authenticates() -> None:
    # FastAPI solves every dependency of the tree at each request: a guard is one, not two
    app = FastAPI()

    @app.get("/s")
    async def s(principal: StorePrincipal) -> None:
        return None

    @app.get("/a")
    async def a(principal: AdminPrincipal, agent: AgentPrincipal) -> None:
        return None

    for route in api_routes(app.routes):
        for dep in route.dependant.dependencies:
            assert dep.dependencies == [], (route.path, dep.call)
            assert authenticates(dep.call) and guard_kind(dep.call) == AUTHORISES
    assert authenticates(get_principal) and guard_kind(get_principal) == AUTHENTICATES
    assert not authenticates(require_service("orders")) and not authenticates(lambda: None)


def test_require_store_rejects_bad_arguments() -> None:
    with pytest.raises(ValueError):
        require_store({"distributor"})
    with pytest.raises(ValueError):
        require_store(set())
    with pytest.raises(ValueError):
        require_store(roles=frozenset())


# --- signer ---------------------------------------------------------------------------------


def test_claims_refuse_values_no_principal_holds() -> None:
    base: dict[str, Any] = {"user_id": uuid4(), "issuer": ISS, "audience": AUD, "issued_at": 0, "ttl_s": 60}
    assert access_token_claims(**base, session_id="s")["exp"] == 60
    for bad in (
        {"session_id": ""},
        {"session_id": "s" * 257},
        {"session_id": "s", "store_id": uuid4()},  # store without type
        {"session_id": "s", "store_type": "vendor"},  # type without store
        {"session_id": "s", "store_id": uuid4(), "store_type": "admin"},
        {"session_id": "s", "system_role": "owner"},
        {"session_id": "s", "role": ""},
    ):
        with pytest.raises(ValueError):
            access_token_claims(**base, **bad)


def test_small_rsa_keys_are_refused() -> None:
    small = rsa.generate_private_key(public_exponent=65537, key_size=1024)  # noqa: S505 - refused on purpose
    with pytest.raises(ValueError):
        load_private_key(private_pem(small))
    with pytest.raises(ValueError):
        TestTokenSigner(private_pem(small), "k", ISS, AUD)


def test_a_private_pem_is_parsed_once_per_process_and_another_pem_afresh(
    key_a: rsa.RSAPrivateKey, key_b: rsa.RSAPrivateKey
) -> None:
    pem_a, pem_b = private_pem(key_a), private_pem(key_b)
    first = load_private_key(pem_a)
    parsed = parse_private_pem.cache_info().misses

    assert load_private_key(pem_a.decode()) is first  # the same bytes: the same key object
    assert parse_private_pem.cache_info().misses == parsed
    other = load_private_key(pem_b)  # a rotated key is other bytes
    assert other is not first
    assert other.private_numbers() == key_b.private_numbers()
    assert first.private_numbers() == key_a.private_numbers()
    with pytest.raises(ValueError):  # a broken PEM is refused every time, never remembered
        load_private_key(pem_a[:200])
    with pytest.raises(ValueError):
        load_private_key(pem_a[:200])


def test_jwks_has_public_keys_only(key_a: rsa.RSAPrivateKey, key_b: rsa.RSAPrivateKey) -> None:
    jwks = jwks_from_public_keys([key_a.public_key(), public_pem(key_b)])

    assert [k["kid"] for k in jwks["keys"]] == [
        jwk_thumbprint(key_a.public_key()),
        jwk_thumbprint(key_b.public_key()),
    ]
    for jwk in jwks["keys"]:
        assert set(jwk) == {"kty", "use", "alg", "kid", "n", "e"}
        assert (jwk["kty"], jwk["alg"], jwk["use"]) == ("RSA", "RS256", "sig")


# --- dev keys -------------------------------------------------------------------------------


async def test_ensure_dev_keys_is_idempotent_and_private(tmp_path: Path) -> None:
    keys_dir = tmp_path / "pf" / "keys"

    first = ensure_dev_keys(keys_dir)
    second = ensure_dev_keys(keys_dir)

    assert first.kid == second.kid
    assert first.private_pem == second.private_pem
    assert stat.S_IMODE(first.private_key_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(keys_dir.stat().st_mode) == 0o700
    private_key = serialization.load_pem_private_key(first.private_pem, password=None)
    assert isinstance(private_key, rsa.RSAPrivateKey) and private_key.key_size == 2048
    assert first.kid == jwk_thumbprint(private_key.public_key())
    jwks = json.loads(first.jwks_path.read_text())
    assert [k["kid"] for k in jwks["keys"]] == [first.kid]
    assert "d" not in jwks["keys"][0] and "p" not in jwks["keys"][0]
    assert sorted(p.name for p in keys_dir.iterdir()) == ["jwks.json", "jwt_private.pem"]

    first.jwks_path.unlink()
    assert ensure_dev_keys(keys_dir).kid == first.kid
    assert json.loads(first.jwks_path.read_text()) == jwks

    signer = TestTokenSigner.from_dev_keys(first, issuer=ISS, audience=AUD)
    verifier = TokenVerifier(JwksKeyStore(path=first.jwks_path), ISS, AUD)
    assert (await verifier.verify(signer.mint(user_id=uuid4(), session_id="dev"))).session_id == "dev"


def test_ensure_dev_keys_concurrent_starts_agree(tmp_path: Path) -> None:
    keys_dir = tmp_path / "keys"

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: ensure_dev_keys(keys_dir), range(4)))

    assert len({r.kid for r in results}) == 1
    assert len({r.private_pem for r in results}) == 1
    assert json.loads(results[0].jwks_path.read_text())["keys"][0]["kid"] == results[0].kid
    assert sorted(p.name for p in keys_dir.iterdir()) == ["jwks.json", "jwt_private.pem"]


# --- Authenticator.from_settings ------------------------------------------------------------


def test_from_settings_refuses_dev_keys_in_prod(redis: Redis) -> None:
    settings = ServiceSettings(environment="prod", jwks_url=None, jwks_file=None)

    with pytest.raises(RuntimeError, match="PF_JWKS_URL"):
        Authenticator.from_settings(settings, redis)


async def test_from_settings_uses_dev_keys_outside_prod(tmp_path: Path, redis: Redis) -> None:
    settings = ServiceSettings(environment="dev", jwks_url=None, jwks_file=None, keys_dir=tmp_path / "keys")

    authenticator = Authenticator.from_settings(settings, redis)
    try:
        keys = ensure_dev_keys(tmp_path / "keys")
        assert authenticator.verifier.keystore.path == keys.jwks_path
        token = TestTokenSigner.from_dev_keys(
            keys, issuer=settings.jwt_issuer, audience=settings.jwt_audience
        ).mint(user_id=uuid4(), session_id="dev-session")
        await authenticator.sessions.activate("dev-session", 60)
        assert (await authenticator.authenticate(token)).session_id == "dev-session"
    finally:
        await authenticator.aclose()


async def test_from_settings_prefers_url_then_file(
    tmp_path: Path, redis: Redis, key_a: rsa.RSAPrivateKey
) -> None:
    jwks_file = write_jwks(tmp_path / "jwks.json", {"kid-a": key_a})
    by_url = Authenticator.from_settings(
        ServiceSettings(
            environment="prod", jwks_url=JWKS_URL, jwks_file=jwks_file, jwks_refresh_min_interval_s=5
        ),
        redis,
    )
    by_file = Authenticator.from_settings(
        ServiceSettings(environment="prod", jwks_url=None, jwks_file=jwks_file), redis
    )
    try:
        assert by_url.verifier.keystore.url == JWKS_URL
        assert by_url.verifier.keystore.refresh_min_interval_s == 5
        assert by_file.verifier.keystore.path == jwks_file
        token = signer_for(key_a, "kid-a").mint(user_id=uuid4(), session_id="f")
        await by_file.sessions.activate("f", 60)
        assert (await by_file.authenticate(token)).session_id == "f"
    finally:
        await by_url.aclose()
        await by_file.aclose()


def test_uncalled_require_store_fails_at_route_declaration() -> None:
    app = FastAPI()

    with pytest.raises(FastAPIError):

        @app.get("/oops")
        async def oops(principal: Principal = Depends(require_store)) -> None:  # type: ignore[assignment]
            return None
