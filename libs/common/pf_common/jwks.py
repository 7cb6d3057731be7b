"""RSA keys as JWKs, and the JWKS key store that verifiers read keys from (RFC 7517, 7638).

Who imports it: :mod:`pf_common.access_tokens` (access tokens) and :mod:`pf_common.service_auth`
(service tokens) verify with :class:`JwksKeyStore`; :mod:`pf_common.keyring` and identity
publish their public keys with :func:`jwks_from_public_keys`; identity's token signer loads its
private key with :func:`load_private_key`. No FastAPI; nothing runs at import time (the store
fetches only when asked for a key).
"""

from __future__ import annotations

import asyncio
import base64
import functools
import hashlib
import json
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, Final, cast

import httpx
import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from pf_common.errors import DependencyError
from pf_common.iosafety import check_io
from pf_common.logging import get_logger

__all__ = [
    "ALGORITHM",
    "JWKS_HTTP_TIMEOUT_S",
    "MIN_RSA_KEY_BITS",
    "JwksKeyStore",
    "PublicKeyInput",
    "UnknownKeyId",
    "jwk_thumbprint",
    "jwks_from_public_keys",
    "load_private_key",
    "public_jwk",
]

# one log channel for every part of user authentication (dashboards filter on it)
log = get_logger("pf_common.auth")

ALGORITHM: Final = "RS256"
MIN_RSA_KEY_BITS: Final = 2048
JWKS_HTTP_TIMEOUT_S: Final = 5.0

PublicKeyInput = rsa.RSAPublicKey | bytes | str


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


@functools.lru_cache(maxsize=64)
def parse_private_pem(pem: bytes) -> Any:
    """The private key of an unencrypted PEM, parsed once per process per key.

    Parsing checks an RSA key's consistency, ~60 ms of CPU for 2,048 bits on the bench machine: a
    service loads its few keys once, but a test run builds a service context (signer, service
    keys, dev keys) for most of its ~3,500 tests, over the same few keys: that was a third of an
    identity integration test's time. A key object is immutable, so sharing it is safe; a changed
    file is other bytes, parsed afresh."""
    return serialization.load_pem_private_key(pem, password=None)


def load_private_key(pem: bytes | str | rsa.RSAPrivateKey) -> rsa.RSAPrivateKey:
    """An RSA private key (object or PEM) of at least :data:`MIN_RSA_KEY_BITS` bits."""
    if isinstance(pem, rsa.RSAPrivateKey):
        key = pem
    else:
        loaded = parse_private_pem(pem.encode() if isinstance(pem, str) else pem)
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

    def fresh_key(self, kid: str) -> rsa.RSAPublicKey | None:
        """The cached key of ``kid`` while the cache is within its TTL, else None (no I/O).

        A verified-token cache checks its entry's key with this: a key gone from the JWKS
        (retired) or a cache due for a refetch sends the token through full verification.
        """
        if self._keys is None or self._clock() - self._loaded_at >= self.cache_ttl_s:
            return None
        return self._keys.get(kid)

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
        check_io("jwks.fetch")  # identity's JWKS over HTTP: a network call (iosafety)
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
