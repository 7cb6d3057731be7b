"""Access tokens: the claims identity signs, and their verification in every service (ARCHITECTURE §6).

Who imports it:

* **every service** (identity included) verifies. ``Runtime.create`` builds one
  :class:`Authenticator` per process with :meth:`Authenticator.from_settings`: the JWKS comes
  from ``PF_JWKS_URL`` (HTTP, cached by :class:`pf_common.jwks.JwksKeyStore`), else
  ``PF_JWKS_FILE``, else (dev/test only) the key pair of :func:`pf_common.devkeys.ensure_dev_keys`.
  Routes reach it through the guards of :mod:`pf_common.guards`, never directly.
* **identity** (the only signer: ``pf_identity.domain.tokens.TokenSigner``) builds the claims
  with :func:`access_token_claims`, the inverse of what :class:`TokenVerifier` reads back, so the
  claim names live in one place. Its refresh endpoint accepts an expired access token through
  ``TokenVerifier.verify(token, allow_expired=True)`` (signature, issuer and audience still
  checked). ``pf_common.testing.tokens`` mints test tokens with the same claims.

Verification: RS256 only, key by ``kid``, issuer, audience, expiry and required claims, then
(:meth:`Authenticator.authenticate`) that the session is still live in Redis
(:mod:`pf_common.sessions`).

The fast path (every request pays it): a token's signature and claims are verified once per
process: :class:`TokenVerifier` keeps the principal of each verified token (bounded, by the
token string) and on a hit checks only its expiry and that its key is still the cached key of
its ``kid``. The session check asks this process's :class:`pf_common.sessions.LiveSessions`
first, whose revocations identity pushes, so a live session's request costs no Redis round
trip, and a revoked one is refused on every instance within about a second.

Every failure is ``Unauthorized("invalid token")``; the precise reason is logged as
``auth.token_rejected reason=<slug>`` (never the token). A JWKS source or Redis that is down is
``503 DEPENDENCY_ERROR``, never a silent pass. No FastAPI; nothing runs at import time.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final, cast
from uuid import UUID

import httpx
import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

from pf_common.devkeys import ensure_dev_keys
from pf_common.errors import Unauthorized
from pf_common.jwks import ALGORITHM, JWKS_HTTP_TIMEOUT_S, JwksKeyStore, UnknownKeyId
from pf_common.logging import get_logger
from pf_common.principal import STORE_TYPES, SYSTEM_ROLES, Principal, StoreType, SystemRole
from pf_common.sessions import LiveSessions, SessionRegistry

if TYPE_CHECKING:
    from redis.asyncio import Redis

    from pf_common.settings import ServiceSettings

__all__ = [
    "INVALID_TOKEN",
    "MAX_ACCESS_TTL_S",
    "Authenticator",
    "TokenVerifier",
    "access_token_claims",
    "check_claim_values",
]

log = get_logger("pf_common.auth")

MAX_ACCESS_TTL_S: Final = 900  # NFR §5: access token TTL ≤ 15 min
INVALID_TOKEN: Final = "invalid token"  # noqa: S105 - the 401 message, not a secret

_MAX_TOKEN_CHARS: Final = 8192
_MAX_ID_CHARS: Final = 256
_MAX_IAT_SKEW_S: Final = 60.0
#: verified tokens kept per process (about 1 KB each); the oldest go first when it is full
VERIFIED_TOKENS_MAX: Final = 10_000


# --- claims (identity signs them, every service reads them back) ------------------------------


def check_claim_values(
    store_id: UUID | None, store_type: str | None, system_role: str | None, role: str | None
) -> None:
    """Raise ``ValueError`` unless the store/role claims are values a principal may hold."""
    if store_type is not None and store_type not in STORE_TYPES:
        raise ValueError(f"store_type must be one of {sorted(STORE_TYPES)}")
    if system_role is not None and system_role not in SYSTEM_ROLES:
        raise ValueError(f"system_role must be one of {sorted(SYSTEM_ROLES)}")
    if (store_id is None) != (store_type is None):
        raise ValueError("active store id and store type go together")
    if role is not None and (not role or len(role) > _MAX_ID_CHARS):
        raise ValueError("invalid role")


def access_token_claims(
    *,
    user_id: UUID,
    session_id: str,
    issuer: str,
    audience: str,
    issued_at: int,
    ttl_s: int,
    store_id: UUID | None = None,
    store_type: StoreType | None = None,
    role: str | None = None,
    system_role: SystemRole | None = None,
    kyc_status: str | None = None,
) -> dict[str, Any]:
    """The claims of an access token (DOMAIN §4.1); ``ValueError`` on values no principal holds.

    ``jti`` is the session id (the revocation key); ``exp`` is ``issued_at + ttl_s``.
    """
    if not session_id or len(session_id) > _MAX_ID_CHARS:
        raise ValueError("session_id must be 1-256 characters")
    check_claim_values(store_id, store_type, system_role, role)
    return {
        "sub": str(user_id),
        "user_id": str(user_id),
        "active_store_id": str(store_id) if store_id is not None else None,
        "store_type": store_type,
        "role": role,
        "system_role": system_role,
        "kyc_status": kyc_status,
        "jti": session_id,
        "iss": issuer,
        "aud": audience,
        "iat": issued_at,
        "exp": issued_at + ttl_s,
    }


# --- verification ---------------------------------------------------------------------------


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
        check_claim_values(store_id, store_type, system_role, role)
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

    def __init__(
        self,
        keystore: JwksKeyStore,
        issuer: str,
        audience: str,
        leeway_s: float = 0,
        *,
        cache_size: int = VERIFIED_TOKENS_MAX,
    ) -> None:
        self.keystore = keystore
        self.issuer = issuer
        self.audience = audience
        self.leeway_s = leeway_s
        self.cache_size = cache_size
        # token -> (principal, exp, kid, key): what a full verification established
        self._verified: dict[str, tuple[Principal, float, str, rsa.RSAPublicKey]] = {}

    def _cached(self, token: str) -> Principal | None:
        hit = self._verified.get(token)
        if hit is None:
            return None
        principal, exp, kid, key = hit
        if exp > time.time() - self.leeway_s and self.keystore.fresh_key(kid) is key:
            return principal
        del self._verified[token]  # expired, key retired or due for a refetch: verify in full
        return None

    def _remember(
        self, token: str, principal: Principal, claims: Mapping[str, Any], kid: str, key: rsa.RSAPublicKey
    ) -> None:
        if self.cache_size <= 0:
            return
        if len(self._verified) >= self.cache_size:
            now = time.time()
            for stale in [t for t, (_, exp, _, _) in self._verified.items() if exp <= now]:
                del self._verified[stale]
            keep = self.cache_size - max(1, self.cache_size // 10)  # a tenth at once, not one per insert
            while len(self._verified) > keep:  # oldest first (insertion order)
                del self._verified[next(iter(self._verified))]
        self._verified[token] = (principal, float(claims["exp"]), kid, key)

    async def verify(self, token: str, *, allow_expired: bool = False) -> Principal:
        """The principal of a valid token; any failure is ``Unauthorized("invalid token")``.

        ``allow_expired`` (identity's refresh endpoint only) skips the expiry check; the
        signature, issuer, audience and claims are still checked.
        """
        if not allow_expired:
            principal = self._cached(token)
            if principal is not None:
                return principal
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
            principal = _principal_from_claims(claims)
            if not allow_expired:
                self._remember(token, principal, claims, kid, key)
            return principal
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


# --- authenticator (one per process) --------------------------------------------------------


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

    @property
    def live_sessions(self) -> LiveSessions | None:
        """This process's cache of live sessions: the registry's (None: every check asks Redis)."""
        return self.sessions.local

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
        verifier = TokenVerifier(
            keystore,
            issuer=settings.jwt_issuer,
            audience=settings.jwt_audience,
            cache_size=settings.verified_tokens_cached,
        )
        live = (
            LiveSessions(redis, ttl_s=settings.session_cache_ttl_s)
            if settings.session_cache_ttl_s > 0
            else None
        )
        return cls(verifier, SessionRegistry(redis, live), http_client=http_client)

    async def authenticate(self, token: str) -> Principal:
        """Verify the token, then require its session to be live (revocation)."""
        principal = await self.verifier.verify(token)
        live = self.live_sessions
        if live is not None:
            if live.lookup(principal.session_id):
                return principal
            live.start()  # idempotent: the listener runs from the first request on
            epoch = live.epoch
        if not await self.sessions.is_active(principal.session_id):
            log.info("auth.token_rejected", reason="session_revoked")
            raise Unauthorized(INVALID_TOKEN, reason="session_revoked")
        if live is not None:
            live.remember(principal.session_id, epoch)
        return principal

    async def aclose(self) -> None:
        if self.live_sessions is not None:
            await self.live_sessions.aclose()
        await self.verifier.keystore.aclose()
        if self._http_client is not None:
            await self._http_client.aclose()
            self._http_client = None
