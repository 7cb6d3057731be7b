"""Access tokens, sessions and RBAC guards (ARCHITECTURE §6, DOMAIN §4, NFR §5).

Who uses what
-------------
* **identity** (the only signer) holds the RSA private key and mints access tokens with
  :class:`TokenSigner` (RS256, header ``kid``, TTL ≤ 15 min, ``jti`` = session id). It
  records every live session with :meth:`SessionRegistry.activate` (Redis key
  ``pf:session:access:<jti>``; identity may store the hashed refresh token as the value),
  deletes it on logout/rotation with :meth:`SessionRegistry.revoke`, and serves the public
  keys as a JWKS (:func:`jwks_from_public_keys`; during a rotation the JWKS lists the old
  and the new key so tokens of both verify). Its refresh endpoint accepts an expired access
  token through ``TokenVerifier.verify(token, allow_expired=True)`` (signature, issuer and
  audience still checked).
* **every service** (identity included) verifies. ``Runtime.create`` builds an
  :class:`Authenticator` with :meth:`Authenticator.from_settings`: the JWKS comes from
  ``PF_JWKS_URL`` (HTTP, cached by :class:`JwksKeyStore`), else ``PF_JWKS_FILE``, else
  (dev/test only) the key pair that :func:`ensure_dev_keys` creates under ``keys_dir``.
  Routes take the caller through FastAPI dependencies::

      VendorOperator = Annotated[Principal, Depends(require_store({"vendor"}, OPERATE))]

      @router.get("/api/v1/stores/me")
      async def get_my_store(principal: StorePrincipal) -> ...: ...      # any store, READ

      @router.post("/api/v1/products")
      async def create_product(principal: VendorOperator) -> ...: ...

      @router.get("/api/admin/v1/licenses")
      async def list_licenses(principal: AdminPrincipal) -> ...: ...     # system admin

  :func:`get_principal` checks ``Authorization: Bearer <token>``: signature (RS256 only,
  key by ``kid``), issuer, audience, expiry and required claims, then that the session is
  still live in Redis (revocation). Every failure is ``401 UNAUTHORIZED`` with one generic
  message; the precise reason is logged as ``auth.token_rejected reason=<slug>`` (never the
  token) and counted in ``pf_auth_failures_total{service,reason}``. Guards
  (:func:`require_store`, :func:`require_admin`, :func:`require_agent`) answer
  ``403 FORBIDDEN``. A JWKS endpoint or Redis that is down is ``503 DEPENDENCY_ERROR``,
  never a silent pass.

Token claims are hints for routing a request, not proof of current rights: gating (KYC,
subscription) uses the service's own projections, never ``kyc_status`` (DOMAIN §4.1).
Nothing here runs at import time: keys, HTTP clients and Redis calls happen only when a
function is called.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import re
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Final, Literal, cast
from uuid import UUID

import httpx
import jwt
import structlog
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi import Depends, Request
from jwt.algorithms import RSAAlgorithm
from redis.exceptions import RedisError

from pf_common.errors import DependencyError, Forbidden, Unauthorized
from pf_common.files import chmod_quiet, create_exclusive, replace_atomic
from pf_common.logging import get_logger
from pf_common.metrics import AUTH_FAILURES

if TYPE_CHECKING:
    from redis.asyncio import Redis

    from pf_common.settings import ServiceSettings

__all__ = [
    "ALGORITHM",
    "INVALID_TOKEN",
    "MANAGE",
    "MAX_ACCESS_TTL_S",
    "MEMBER_ROLES",
    "OPERATE",
    "READ",
    "SESSION_KEY_PREFIX",
    "STAFF",
    "STORE_TYPES",
    "SYSTEM_ROLES",
    "AdminPrincipal",
    "AgentPrincipal",
    "Authenticator",
    "CurrentPrincipal",
    "DevKeys",
    "JwksKeyStore",
    "Principal",
    "SessionRegistry",
    "StorePrincipal",
    "StoreType",
    "SystemRole",
    "TokenSigner",
    "TokenVerifier",
    "UnknownKeyId",
    "ensure_dev_keys",
    "get_principal",
    "jwk_thumbprint",
    "jwks_from_public_keys",
    "public_jwk",
    "require_admin",
    "require_agent",
    "require_store",
    "session_key",
]

log = get_logger("pf_common.auth")

ALGORITHM: Final = "RS256"
MAX_ACCESS_TTL_S: Final = 900  # NFR §5: access token TTL ≤ 15 min
MIN_RSA_KEY_BITS: Final = 2048
INVALID_TOKEN: Final = "invalid token"  # noqa: S105 - the 401 message, not a secret
SESSION_KEY_PREFIX: Final = "pf:session:access:"
PRIVATE_KEY_FILE: Final = "jwt_private.pem"
JWKS_FILE: Final = "jwks.json"
JWKS_HTTP_TIMEOUT_S: Final = 5.0

_MAX_TOKEN_CHARS: Final = 8192
_MAX_ID_CHARS: Final = 256
_MAX_IAT_SKEW_S: Final = 60.0

StoreType = Literal["buyer", "vendor"]
SystemRole = Literal["admin", "agent"]
STORE_TYPES: Final[frozenset[str]] = frozenset({"buyer", "vendor"})
SYSTEM_ROLES: Final[frozenset[str]] = frozenset({"admin", "agent"})
MEMBER_ROLES: Final[frozenset[str]] = frozenset(
    {"owner", "admin", "manager", "ops", "staff", "viewer", "agent"}
)

# DOMAIN §4.2 role groups (store roles; member role ``agent`` behaves like ``viewer``).
MANAGE: Final[frozenset[str]] = frozenset({"owner", "admin", "manager"})
OPERATE: Final[frozenset[str]] = MANAGE | {"ops"}
STAFF: Final[frozenset[str]] = OPERATE | {"staff"}
READ: Final[frozenset[str]] = STAFF | {"viewer", "agent"}

PublicKeyInput = rsa.RSAPublicKey | bytes | str


# --- principal ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Principal:
    """The verified caller of one request (built from a verified access token)."""

    user_id: UUID
    session_id: str
    store_id: UUID | None = None
    store_type: StoreType | None = None
    role: str | None = None
    system_role: SystemRole | None = None
    kyc_status: str | None = None

    @property
    def is_admin(self) -> bool:
        """A system admin (``system_role`` claim), never a store's ``admin`` member role."""
        return self.system_role == "admin"

    @property
    def is_agent(self) -> bool:
        """A system delivery agent (``system_role`` claim), never the ``agent`` member role."""
        return self.system_role == "agent"


# --- keys -----------------------------------------------------------------------------------


def _b64url_uint(value: int) -> str:
    raw = value.to_bytes(max(1, (value.bit_length() + 7) // 8), "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _load_public_key(key: PublicKeyInput) -> rsa.RSAPublicKey:
    if isinstance(key, rsa.RSAPublicKey):
        return key
    data = key.encode() if isinstance(key, str) else key
    loaded = serialization.load_pem_public_key(data)
    if not isinstance(loaded, rsa.RSAPublicKey):
        raise ValueError("only RSA public keys are supported")
    return loaded


def _load_private_key(pem: bytes | str | rsa.RSAPrivateKey) -> rsa.RSAPrivateKey:
    if isinstance(pem, rsa.RSAPrivateKey):
        key = pem
    else:
        loaded = serialization.load_pem_private_key(
            pem.encode() if isinstance(pem, str) else pem, password=None
        )
        if not isinstance(loaded, rsa.RSAPrivateKey):
            raise ValueError("only RSA private keys are supported")
        key = loaded
    if key.key_size < MIN_RSA_KEY_BITS:
        raise ValueError(f"RSA key too small: at least {MIN_RSA_KEY_BITS} bits")
    return key


def jwk_thumbprint(public_key: PublicKeyInput) -> str:
    """RFC 7638 JWK thumbprint (SHA-256, base64url without padding): a stable ``kid``."""
    numbers = _load_public_key(public_key).public_numbers()
    canonical = json.dumps(
        {"e": _b64url_uint(numbers.e), "kty": "RSA", "n": _b64url_uint(numbers.n)},
        separators=(",", ":"),
        sort_keys=True,
    )
    digest = hashlib.sha256(canonical.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def public_jwk(public_key: PublicKeyInput, kid: str | None = None) -> dict[str, str]:
    """The public JWK of an RSA key (``kid`` defaults to its RFC 7638 thumbprint)."""
    key = _load_public_key(public_key)
    numbers = key.public_numbers()
    return {
        "kty": "RSA",
        "use": "sig",
        "alg": ALGORITHM,
        "kid": kid or jwk_thumbprint(key),
        "n": _b64url_uint(numbers.n),
        "e": _b64url_uint(numbers.e),
    }


def jwks_from_public_keys(
    keys: Mapping[str, PublicKeyInput] | Iterable[PublicKeyInput],
) -> dict[str, list[dict[str, str]]]:
    """A JWKS document (public keys only) of one or more RSA keys.

    ``keys`` maps ``kid`` → key (object or PEM), or lists keys whose ``kid`` is their
    thumbprint. List the old and the new key during a rotation so both verify.
    """
    if isinstance(keys, Mapping):
        items = [public_jwk(key, kid) for kid, key in keys.items()]
    else:
        items = [public_jwk(key) for key in keys]
    kids = [item["kid"] for item in items]
    if len(set(kids)) != len(kids):
        raise ValueError("duplicate kid in JWKS")
    return {"keys": items}


@dataclass(frozen=True, slots=True)
class DevKeys:
    """The local signing key pair of dev/test (never used in prod)."""

    private_pem: bytes
    kid: str
    jwks_path: Path
    private_key_path: Path


def _jwks_lists(path: Path, jwk: Mapping[str, str]) -> bool:
    try:
        doc = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return False
    keys = doc.get("keys") if isinstance(doc, dict) else None
    if not isinstance(keys, list):
        return False
    return any(
        isinstance(k, dict) and all(k.get(f) == jwk[f] for f in ("kty", "kid", "n", "e")) for k in keys
    )


def ensure_dev_keys(keys_dir: Path) -> DevKeys:
    """Create (once) an RSA-2048 signing key under ``keys_dir`` and its public ``jwks.json``.

    Idempotent: an existing key is reused (same ``kid``, the RFC 7638 thumbprint). Safe
    enough against concurrent starts: the private key is created with an atomic
    no-replace link (the first writer wins, everyone then reads that key) and the JWKS is
    written to a temp file and renamed. The directory is 0700 and the key file 0600.
    """
    keys_dir = Path(keys_dir)
    keys_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    chmod_quiet(keys_dir, 0o700)
    key_path = keys_dir / PRIVATE_KEY_FILE
    if not key_path.exists():
        private_key = rsa.generate_private_key(public_exponent=65537, key_size=MIN_RSA_KEY_BITS)
        pem = private_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        create_exclusive(key_path, pem, 0o600)
        log.info("auth.dev_keys.created", keys_dir=str(keys_dir))
    if key_path.stat().st_mode & 0o077:
        chmod_quiet(key_path, 0o600)
    pem = key_path.read_bytes()
    public_key = _load_private_key(pem).public_key()
    kid = jwk_thumbprint(public_key)
    jwks_path = keys_dir / JWKS_FILE
    jwk = public_jwk(public_key, kid)
    if not _jwks_lists(jwks_path, jwk):
        body = json.dumps({"keys": [jwk]}, indent=2).encode() + b"\n"
        replace_atomic(jwks_path, body, 0o644)
    return DevKeys(private_pem=pem, kid=kid, jwks_path=jwks_path, private_key_path=key_path)


# --- signing (identity only) ----------------------------------------------------------------


def _check_claim_values(
    store_id: UUID | None, store_type: str | None, system_role: str | None, role: str | None
) -> None:
    if store_type is not None and store_type not in STORE_TYPES:
        raise ValueError(f"store_type must be one of {sorted(STORE_TYPES)}")
    if system_role is not None and system_role not in SYSTEM_ROLES:
        raise ValueError(f"system_role must be one of {sorted(SYSTEM_ROLES)}")
    if (store_id is None) != (store_type is None):
        raise ValueError("active store id and store type go together")
    if role is not None and (not role or len(role) > _MAX_ID_CHARS):
        raise ValueError("invalid role")


class TokenSigner:
    """Mints RS256 access tokens (identity only; every other service only verifies)."""

    def __init__(
        self,
        private_pem: bytes | str | rsa.RSAPrivateKey,
        kid: str,
        issuer: str,
        audience: str,
        ttl_s: int = MAX_ACCESS_TTL_S,
    ) -> None:
        if not kid:
            raise ValueError("kid is required")
        if not 0 < ttl_s <= MAX_ACCESS_TTL_S:
            raise ValueError(f"access token TTL must be in (0, {MAX_ACCESS_TTL_S}] seconds")
        self._key = _load_private_key(private_pem)
        self.kid = kid
        self.issuer = issuer
        self.audience = audience
        self.ttl_s = int(ttl_s)

    @classmethod
    def from_dev_keys(
        cls, keys: DevKeys, *, issuer: str, audience: str, ttl_s: int = MAX_ACCESS_TTL_S
    ) -> TokenSigner:
        return cls(keys.private_pem, keys.kid, issuer, audience, ttl_s)

    @property
    def public_key(self) -> rsa.RSAPublicKey:
        return self._key.public_key()

    def jwks(self) -> dict[str, list[dict[str, str]]]:
        """The JWKS of this signer's key alone (add the previous key during a rotation)."""
        return jwks_from_public_keys({self.kid: self.public_key})

    def mint(
        self,
        *,
        user_id: UUID,
        session_id: str,
        store_id: UUID | None = None,
        store_type: StoreType | None = None,
        role: str | None = None,
        system_role: SystemRole | None = None,
        kyc_status: str | None = None,
        now: datetime | None = None,
    ) -> str:
        if not session_id or len(session_id) > _MAX_ID_CHARS:
            raise ValueError("session_id must be 1-256 characters")
        _check_claim_values(store_id, store_type, system_role, role)
        issued = int((now or datetime.now(UTC)).timestamp())
        claims: dict[str, Any] = {
            "sub": str(user_id),
            "user_id": str(user_id),
            "active_store_id": str(store_id) if store_id is not None else None,
            "store_type": store_type,
            "role": role,
            "system_role": system_role,
            "kyc_status": kyc_status,
            "jti": session_id,
            "iss": self.issuer,
            "aud": self.audience,
            "iat": issued,
            "exp": issued + self.ttl_s,
        }
        return jwt.encode(claims, self._key, algorithm=ALGORITHM, headers={"kid": self.kid, "typ": "JWT"})


# --- JWKS key store -------------------------------------------------------------------------


class UnknownKeyId(LookupError):
    """No key of the JWKS has this ``kid`` (even after the allowed refresh)."""


def _parse_jwks(doc: Any) -> dict[str, rsa.RSAPublicKey]:
    if not isinstance(doc, dict) or not isinstance(doc.get("keys"), list):
        raise ValueError("not a JWKS document")
    keys: dict[str, rsa.RSAPublicKey] = {}
    for item in doc["keys"]:
        if not isinstance(item, dict):
            continue
        kid = item.get("kid")
        if (
            item.get("kty") != "RSA"
            or not isinstance(kid, str)
            or not kid
            or item.get("use", "sig") != "sig"
            or item.get("alg", ALGORITHM) != ALGORITHM
            or "d" in item  # a private key has no business in a JWKS
        ):
            log.warning("auth.jwks.key_skipped", kid=str(kid)[:64])
            continue
        try:
            key = RSAAlgorithm.from_jwk(json.dumps(item))
        except (jwt.PyJWTError, ValueError, TypeError):
            log.warning("auth.jwks.key_skipped", kid=kid[:64])
            continue
        if not isinstance(key, rsa.RSAPublicKey) or key.key_size < MIN_RSA_KEY_BITS:
            log.warning("auth.jwks.key_skipped", kid=kid[:64])
            continue
        keys[kid] = key
    return keys


class JwksKeyStore:
    """Public keys by ``kid``, from a JWKS URL or file, cached.

    * The JWKS is cached for ``cache_ttl_s``; after that it is refetched (at most once per
      ``refresh_min_interval_s``), and a failed refetch keeps serving the cached keys.
    * An unknown ``kid`` triggers one refetch at most once per ``refresh_min_interval_s``,
      so a flood of bogus ``kid`` values does not hammer the JWKS endpoint.
    * With nothing cached and the source down: :class:`DependencyError` (503); a cold
      store retries at most once per ``cold_retry_interval_s``.
    * Concurrent callers share one fetch.
    """

    def __init__(
        self,
        *,
        url: str | None = None,
        path: Path | None = None,
        http_client: httpx.AsyncClient | None = None,
        cache_ttl_s: float = 600.0,
        refresh_min_interval_s: float = 30.0,
        cold_retry_interval_s: float = 1.0,
        timeout_s: float = JWKS_HTTP_TIMEOUT_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if (url is None) == (path is None):
            raise ValueError("exactly one of url and path is required")
        self.url = url
        self.path = Path(path) if path is not None else None
        self._client = http_client
        self._owns_client = False
        self.cache_ttl_s = cache_ttl_s
        self.refresh_min_interval_s = refresh_min_interval_s
        self.cold_retry_interval_s = min(cold_retry_interval_s, refresh_min_interval_s)
        self.timeout_s = timeout_s
        self._clock = clock
        self._keys: dict[str, rsa.RSAPublicKey] | None = None
        self._loaded_at = 0.0
        self._last_attempt: float | None = None
        self._generation = 0
        self._last_ok = False
        self._lock = asyncio.Lock()
        self.fetch_count = 0

    @property
    def kids(self) -> frozenset[str]:
        return frozenset(self._keys or ())

    async def get_key(self, kid: str) -> rsa.RSAPublicKey:
        now = self._clock()
        in_flight = self._lock.locked()
        if self._keys is None:
            # Cold: join an in-flight fetch, else fetch (a failed one is retried after a pause).
            recently_failed = (
                self._last_attempt is not None and now - self._last_attempt < self.cold_retry_interval_s
            )
            if (recently_failed and not in_flight) or not await self.refresh():
                raise DependencyError("token keys unavailable", details={"dependency": "jwks"})
        elif now - self._loaded_at >= self.cache_ttl_s and not in_flight and self._may_refresh(now):
            await self.refresh()  # failure: keep the cached keys
        key = (self._keys or {}).get(kid)
        if key is None and (self._lock.locked() or self._may_refresh(self._clock())):
            await self.refresh()  # joins an in-flight fetch rather than starting another
            key = (self._keys or {}).get(kid)
        if key is None:
            raise UnknownKeyId(kid)
        return key

    def _may_refresh(self, now: float) -> bool:
        return self._last_attempt is None or now - self._last_attempt >= self.refresh_min_interval_s

    async def refresh(self) -> bool:
        """Refetch the JWKS now. Single flight: a caller that waited for a concurrent fetch
        takes its outcome instead of fetching again. True when that fetch succeeded."""
        generation = self._generation
        async with self._lock:
            if self._generation != generation:  # a fetch completed while we waited
                return self._last_ok
            self._last_attempt = self._clock()
            self.fetch_count += 1
            try:
                keys = _parse_jwks(await self._fetch())
            except Exception as exc:
                self._last_ok = False
                log.warning(
                    "auth.jwks.fetch_failed",
                    source="url" if self.url else "file",
                    error_type=type(exc).__name__,
                    cached=self._keys is not None,
                )
                return False
            else:
                self._keys = keys
                self._loaded_at = self._clock()
                self._last_ok = True
                log.info("auth.jwks.loaded", keys=len(keys))
                return True
            finally:
                self._generation += 1

    async def _fetch(self) -> Any:
        if self.path is not None:
            return json.loads(await asyncio.to_thread(self.path.read_bytes))
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=self.timeout_s, follow_redirects=False)
            self._owns_client = True
        response = await self._client.get(cast(str, self.url), timeout=self.timeout_s)
        response.raise_for_status()
        return response.json()

    async def aclose(self) -> None:
        if self._owns_client and self._client is not None:
            await self._client.aclose()
            self._client = None
            self._owns_client = False


# --- verification (every service) -----------------------------------------------------------


class _Rejected(Exception):
    def __init__(self, reason: str, detail: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.detail = detail


def _uuid_claim(value: Any, name: str, *, optional: bool) -> UUID | None:
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise _Rejected("claims", f"{name} missing or not a string")
    try:
        return UUID(value)
    except ValueError:
        raise _Rejected("claims", f"{name} is not a UUID") from None


def _str_claim(value: Any, name: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value or len(value) > _MAX_ID_CHARS:
        raise _Rejected("claims", f"{name} is not a short string")
    return value


def _principal_from_claims(claims: Mapping[str, Any]) -> Principal:
    user_id = cast(UUID, _uuid_claim(claims.get("user_id"), "user_id", optional=False))
    sub = claims.get("sub")
    if sub is not None and sub != str(user_id):
        raise _Rejected("claims", "sub differs from user_id")
    jti = _str_claim(claims.get("jti"), "jti")
    if jti is None:
        raise _Rejected("claims", "jti missing")
    store_id = _uuid_claim(claims.get("active_store_id"), "active_store_id", optional=True)
    store_type = _str_claim(claims.get("store_type"), "store_type")
    system_role = _str_claim(claims.get("system_role"), "system_role")
    role = _str_claim(claims.get("role"), "role")
    kyc_status = _str_claim(claims.get("kyc_status"), "kyc_status")
    try:
        _check_claim_values(store_id, store_type, system_role, role)
    except ValueError as exc:
        raise _Rejected("claims", str(exc)) from None
    return Principal(
        user_id=user_id,
        session_id=jti,
        store_id=store_id,
        store_type=cast("StoreType | None", store_type),
        role=role,
        system_role=cast("SystemRole | None", system_role),
        kyc_status=kyc_status,
    )


_PYJWT_REASONS: Final[tuple[tuple[type[Exception], str], ...]] = (
    (jwt.ExpiredSignatureError, "expired"),
    (jwt.InvalidSignatureError, "bad_signature"),
    (jwt.InvalidAlgorithmError, "alg"),
    (jwt.DecodeError, "malformed"),
    (jwt.InvalidTokenError, "claims"),
)


class TokenVerifier:
    """Verifies access tokens: RS256 only, key by ``kid``, issuer, audience, expiry, claims."""

    def __init__(self, keystore: JwksKeyStore, issuer: str, audience: str, leeway_s: float = 0) -> None:
        self.keystore = keystore
        self.issuer = issuer
        self.audience = audience
        self.leeway_s = leeway_s

    async def verify(self, token: str, *, allow_expired: bool = False) -> Principal:
        """The principal of a valid token; any failure is ``Unauthorized("invalid token")``.

        ``allow_expired`` (identity's refresh endpoint only) skips the expiry check; the
        signature, issuer, audience and claims are still checked.
        """
        kid: str | None = None
        try:
            if not isinstance(token, str) or not token or len(token) > _MAX_TOKEN_CHARS:
                raise _Rejected("malformed", "empty or oversized")
            try:
                header = jwt.get_unverified_header(token)
            except jwt.PyJWTError:
                raise _Rejected("malformed", "header") from None
            if header.get("alg") != ALGORITHM:
                raise _Rejected("alg", str(header.get("alg"))[:16])
            if "crit" in header or "b64" in header:
                raise _Rejected("malformed", "unsupported header parameter")
            raw_kid = header.get("kid")
            if not isinstance(raw_kid, str) or not raw_kid or len(raw_kid) > _MAX_ID_CHARS:
                raise _Rejected("malformed", "kid missing")
            kid = raw_kid
            try:
                key = await self.keystore.get_key(kid)
            except UnknownKeyId:
                raise _Rejected("unknown_kid") from None
            claims = self._decode(token, key, allow_expired=allow_expired)
            return _principal_from_claims(claims)
        except _Rejected as rejected:
            log_fn = log.info if rejected.reason == "expired" else log.warning
            log_fn(
                "auth.token_rejected",
                reason=rejected.reason,
                detail=rejected.detail,
                kid=kid[:64] if kid else None,
            )
            raise Unauthorized(INVALID_TOKEN, reason=rejected.reason) from None

    def _decode(self, token: str, key: rsa.RSAPublicKey, *, allow_expired: bool) -> dict[str, Any]:
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=[ALGORITHM],
                audience=self.audience,
                issuer=self.issuer,
                leeway=self.leeway_s,
                options={
                    "require": ["exp", "iat", "jti", "iss", "aud"],
                    "verify_signature": True,
                    "verify_exp": not allow_expired,
                    "verify_iat": False,  # checked below with a clock-skew allowance
                },
            )
        except jwt.PyJWTError as exc:
            for exc_type, reason in _PYJWT_REASONS:
                if isinstance(exc, exc_type):
                    raise _Rejected(reason, type(exc).__name__) from None
            raise _Rejected("claims", type(exc).__name__) from None
        iat = claims.get("iat")
        if isinstance(iat, bool) or not isinstance(iat, int | float):
            raise _Rejected("claims", "iat not a number")
        if iat > time.time() + max(self.leeway_s, _MAX_IAT_SKEW_S):
            raise _Rejected("claims", "iat in the future")
        return claims


# --- sessions (revocation) ------------------------------------------------------------------


def session_key(session_id: str) -> str:
    """The Redis key of a live session (DOMAIN §4.1): ``pf:session:access:<jti>``."""
    return f"{SESSION_KEY_PREFIX}{session_id}"


class SessionRegistry:
    """Allow-list of live sessions in Redis. Redis errors are 503, never a silent pass."""

    def __init__(self, redis: Redis) -> None:
        self.redis = redis

    async def activate(self, session_id: str, ttl_s: int, *, value: str | bytes = "1") -> None:
        """Mark a session live for ``ttl_s`` seconds (identity may store the refresh hash as ``value``)."""
        if not session_id:
            raise ValueError("session_id is required")
        if ttl_s <= 0:
            raise ValueError("ttl_s must be positive")
        try:
            await self.redis.set(session_key(session_id), value, ex=int(ttl_s))
        except (RedisError, OSError) as exc:
            raise self._unavailable(exc) from exc

    async def revoke(self, session_id: str) -> bool:
        """Delete a session; True when it was live."""
        try:
            return bool(await self.redis.delete(session_key(session_id)))
        except (RedisError, OSError) as exc:
            raise self._unavailable(exc) from exc

    async def is_active(self, session_id: str) -> bool:
        try:
            return bool(await self.redis.exists(session_key(session_id)))
        except (RedisError, OSError) as exc:
            raise self._unavailable(exc) from exc

    @staticmethod
    def _unavailable(exc: BaseException) -> DependencyError:
        log.warning("auth.session_store_unavailable", error_type=type(exc).__name__)
        return DependencyError("session store unavailable", details={"dependency": "redis"})


# --- authenticator --------------------------------------------------------------------------


class Authenticator:
    """Token verification plus the session check; one per process (``Runtime.authenticator``)."""

    def __init__(
        self,
        verifier: TokenVerifier,
        sessions: SessionRegistry,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        self.verifier = verifier
        self.sessions = sessions
        self._http_client = http_client

    @classmethod
    def from_settings(cls, settings: ServiceSettings, redis: Redis) -> Authenticator:
        """JWKS from ``jwks_url``, else ``jwks_file``, else dev keys (never in prod)."""
        http_client: httpx.AsyncClient | None = None
        common: dict[str, Any] = {
            "cache_ttl_s": settings.jwks_cache_ttl_s,
            "refresh_min_interval_s": settings.jwks_refresh_min_interval_s,
        }
        if settings.jwks_url:
            http_client = httpx.AsyncClient(timeout=JWKS_HTTP_TIMEOUT_S, follow_redirects=False)
            keystore = JwksKeyStore(url=settings.jwks_url, http_client=http_client, **common)
        elif settings.jwks_file:
            keystore = JwksKeyStore(path=settings.jwks_file, **common)
        elif settings.environment == "prod":
            raise RuntimeError(
                "auth: set PF_JWKS_URL (or PF_JWKS_FILE) in prod; dev signing keys are never generated there"
            )
        else:
            keys = ensure_dev_keys(settings.resolved_keys_dir())
            keystore = JwksKeyStore(path=keys.jwks_path, **common)
        verifier = TokenVerifier(keystore, issuer=settings.jwt_issuer, audience=settings.jwt_audience)
        return cls(verifier, SessionRegistry(redis), http_client=http_client)

    async def authenticate(self, token: str) -> Principal:
        """Verify the token, then require its session to be live (revocation)."""
        principal = await self.verifier.verify(token)
        if not await self.sessions.is_active(principal.session_id):
            log.info("auth.token_rejected", reason="session_revoked")
            raise Unauthorized(INVALID_TOKEN, reason="session_revoked")
        return principal

    async def aclose(self) -> None:
        await self.verifier.keystore.aclose()
        if self._http_client is not None:
            await self._http_client.aclose()
            self._http_client = None


# --- FastAPI dependencies -------------------------------------------------------------------

_BEARER_CHALLENGE: Final = {"WWW-Authenticate": "Bearer"}


def _count_failure(request: Request, reason: str) -> None:
    settings = getattr(request.app.state, "settings", None)
    service = getattr(settings, "service_name", None) or "unknown"
    AUTH_FAILURES.labels(service, reason).inc()


def _forbid(request: Request, reason: str, message: str) -> Forbidden:
    _count_failure(request, reason)
    log.info("auth.forbidden", reason=reason)
    return Forbidden(message, reason=reason)


_WHITESPACE: Final = re.compile(r"\s")


def _bearer_token(request: Request) -> str:
    header = request.headers.get("authorization")
    if header is None:
        raise _Rejected("missing_token")
    scheme, _, token = header.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or _WHITESPACE.search(token):
        raise _Rejected("malformed_header")
    return token


async def get_principal(request: Request) -> Principal:
    """The authenticated caller (``Authorization: Bearer <access token>``), else 401."""
    cached = getattr(request.state, "principal", None)
    if isinstance(cached, Principal):
        return cached
    try:
        token = _bearer_token(request)
    except _Rejected as rejected:
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

    async def store_guard(request: Request, principal: Principal = Depends(get_principal)) -> Principal:
        if principal.store_id is None:
            raise _forbid(request, "no_store", "an active store is required")
        if type_set is not None and principal.store_type not in type_set:
            raise _forbid(request, "store_type", "not allowed for this store type")
        if role_set is not None and principal.role not in role_set:
            raise _forbid(request, "role", "insufficient role")
        return principal

    return store_guard


async def require_admin(request: Request, principal: Principal = Depends(get_principal)) -> Principal:
    """A dependency: a system admin (``system_role=admin``, no store needed), else 403."""
    if not principal.is_admin:
        raise _forbid(request, "not_admin", "admin only")
    return principal


async def require_agent(request: Request, principal: Principal = Depends(get_principal)) -> Principal:
    """A dependency: a system delivery agent (``system_role=agent``, no store needed), else 403."""
    if not principal.is_agent:
        raise _forbid(request, "not_agent", "agents only")
    return principal


CurrentPrincipal = Annotated[Principal, Depends(get_principal)]
StorePrincipal = Annotated[Principal, Depends(require_store(roles=READ))]
AdminPrincipal = Annotated[Principal, Depends(require_admin)]
AgentPrincipal = Annotated[Principal, Depends(require_agent)]
