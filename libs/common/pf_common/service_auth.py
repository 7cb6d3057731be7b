"""Service-to-service authentication for ``/internal/*`` (ARCHITECTURE §1, API.md §4).

Every service has its own RSA key ring (``pf_common.keyring``: the newest key signs, every
listed key verifies). A caller sends a short-lived RS256 **service token**::

    header  {"alg": "RS256", "typ": "pf-service+jwt", "kid": <thumbprint>}
    claims  {"iss": "catalog", "sub": "catalog", "aud": "orders", "iat", "exp" (iat + 300 s), "jti"}

and reuses it for each audience until shortly before it expires (one RSA signature every
few minutes, not one per call).

The called service verifies it against the caller's published public keys: the folder
``service_jwks_dir`` holds one JWKS per service (``<service>.json``). Each internal route
names the services allowed to call it with the FastAPI guard ``pf_common.guards.require_service``
(this module imports no FastAPI: jobs and domain code call other services with
:class:`ServiceAuth`)::

    @router.post("/internal/v1/line-items:exists")
    async def exists(body: ..., caller: Annotated[ServiceCaller, Depends(require_service("catalog"))]): ...

No token, a malformed, expired or tampered one, a wrong audience, an issuer whose keys do
not verify it, or a user's access token (its issuer is identity's, its type is not a
service token and identity's user keys are not service keys) ⇒ ``401 UNAUTHORIZED``; a
valid token of a service that the route does not allow ⇒ ``403 FORBIDDEN``. The precise
reason is logged (``auth.service_token_rejected reason=...``) and counted in
``pf_auth_failures_total``; the response says no more than "invalid service token".

Where the keys live (private: this service's ``*.pem``; public: one JWKS per service):

* dev and tests: ``<keys_dir>/services/<service>/*.pem`` (made on first use) and
  ``<keys_dir>/services/jwks/<service>.json``;
* compose: the same, on the ``keys`` volume (the ``service-keys`` one-shot makes them);
* Kubernetes: Secret ``pf-service-key-<service>`` mounted at ``PF_SERVICE_KEYS_DIR``, ConfigMap
  ``pf-service-jwks`` (every service's public JWKS) at ``PF_SERVICE_JWKS_DIR``.

In prod nothing is generated: both folders must be set. ``python -m pf_common.service_auth``
lists, creates, rotates and retires keys (deploy/k8s/README.md: rotation).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Final

import jwt

from pf_common.errors import DependencyError, Unauthorized
from pf_common.files import chmod_quiet, create_exclusive
from pf_common.jwks import ALGORITHM, JwksKeyStore, UnknownKeyId
from pf_common.keyring import KeyRing, new_private_pem, rotate, write_jwks
from pf_common.logging import get_logger

if TYPE_CHECKING:
    from pf_common.settings import ServiceSettings

__all__ = [
    "KNOWN_SERVICES",
    "SERVICE_TOKEN_TYPE",
    "ServiceAuth",
    "ServiceCaller",
    "ServiceTokenSigner",
    "ServiceTokenVerifier",
    "ensure_service_keys",
    "service_key_paths",
]

log = get_logger("pf_common.service_auth")

# Every service of the marketplace (ARCHITECTURE §1): the only names a route may allow.
KNOWN_SERVICES: Final = frozenset(
    {"identity", "media", "catalog", "orders", "logistics", "finance", "ads", "analytics"}
)
SERVICE_TOKEN_TYPE: Final = "pf-service+jwt"  # noqa: S105 - a JWT "typ", not a secret
DEFAULT_TTL_S: Final = 300
MAX_TTL_S: Final = 600  # a token claiming a longer life is refused, whoever signed it
REFRESH_MARGIN_S: Final = 60  # a cached token is replaced this long before it expires
LEEWAY_S: Final = 30  # clock skew between pods
INVALID: Final = "invalid service token"

_NAME_RE: Final = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
_MAX_TOKEN_CHARS: Final = 4096
_VERIFIED_CACHE_SIZE: Final = 512


@dataclass(frozen=True, slots=True)
class ServiceCaller:
    """The verified caller of an internal route."""

    service: str
    token_id: str


class _Rejected(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _check_name(name: str) -> str:
    if not isinstance(name, str) or not _NAME_RE.match(name):
        raise ValueError(f"not a service name: {name!r}")
    return name


# --- keys -----------------------------------------------------------------------------------


def service_key_paths(settings: ServiceSettings) -> tuple[Path, Path]:
    """``(this service's private key folder, the folder of every service's public JWKS)``."""
    root = settings.resolved_keys_dir() / "services"
    keys_dir = settings.service_keys_dir
    jwks_dir = settings.service_jwks_dir
    if settings.environment == "prod" and (keys_dir is None or jwks_dir is None):
        raise RuntimeError(
            "service tokens: set PF_SERVICE_KEYS_DIR and PF_SERVICE_JWKS_DIR in prod "
            "(keys are never generated there)"
        )
    return (
        Path(keys_dir) if keys_dir is not None else root / settings.service_name,
        Path(jwks_dir) if jwks_dir is not None else root / "jwks",
    )


def ensure_service_keys(service: str, keys_dir: Path, jwks_dir: Path) -> KeyRing:
    """The key ring of ``service`` in ``keys_dir``, made on first use (dev and tests only);
    its public keys are (re)published at ``jwks_dir/<service>.json`` when they differ."""
    _check_name(service)
    keys_dir = Path(keys_dir)
    if not any(keys_dir.glob("*.pem")):
        keys_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        chmod_quiet(keys_dir, 0o700)
        # a fixed name: processes starting together agree on one key (the first writer wins)
        create_exclusive(keys_dir / "key-0.pem", new_private_pem(), 0o600)
        log.info("service_auth.keys_created", service=service)
    ring = KeyRing.load(keys_dir)
    published = Path(jwks_dir) / f"{service}.json"
    try:
        current = json.loads(published.read_bytes())
    except (OSError, ValueError):
        current = None
    if current != ring.jwks():
        write_jwks(published, ring)
    return ring


# --- signing (the caller) -------------------------------------------------------------------


class ServiceTokenSigner:
    """Mints this service's tokens, one per audience, reused until ``REFRESH_MARGIN_S`` before
    they expire."""

    def __init__(
        self,
        service: str,
        ring: KeyRing,
        *,
        ttl_s: int = DEFAULT_TTL_S,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if not REFRESH_MARGIN_S < ttl_s <= MAX_TTL_S:
            raise ValueError(f"service token TTL must be in ({REFRESH_MARGIN_S}, {MAX_TTL_S}] seconds")
        self.service = _check_name(service)
        self._key = ring.active
        self.ttl_s = ttl_s
        self._clock = clock
        self._cache: dict[str, tuple[str, float]] = {}
        self.minted = 0  # tokens signed by this process (tests and metrics read it)

    @property
    def kid(self) -> str:
        return self._key.kid

    def token_for(self, audience: str) -> str:
        """A valid token for ``audience`` (cached; a new one when less than a minute is left)."""
        now = self._clock()
        cached = self._cache.get(audience)
        if cached is not None and cached[1] - now > REFRESH_MARGIN_S:
            return cached[0]
        _check_name(audience)
        issued = int(now)
        expires = issued + self.ttl_s
        claims = {
            "iss": self.service,
            "sub": self.service,
            "aud": audience,
            "iat": issued,
            "exp": expires,
            "jti": uuid.uuid4().hex,
        }
        token = jwt.encode(
            claims,
            self._key.private_key,
            algorithm=ALGORITHM,
            headers={"kid": self._key.kid, "typ": SERVICE_TOKEN_TYPE},
        )
        self._cache[audience] = (token, float(expires))
        self.minted += 1
        return token

    def provider(self, audience: str) -> Callable[[], str]:
        """A ``token_provider`` for :func:`pf_common.http.make_http_client`."""
        _check_name(audience)
        return lambda: self.token_for(audience)


# --- verification (the called service) ------------------------------------------------------


class ServiceTokenVerifier:
    """Verifies tokens addressed to ``service`` against each issuer's published JWKS."""

    def __init__(
        self,
        service: str,
        jwks_dir: Path,
        *,
        leeway_s: float = LEEWAY_S,
        cache_ttl_s: float = 60.0,  # a retired key stops verifying within a minute
        refresh_min_interval_s: float = 5.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.service = _check_name(service)
        self.jwks_dir = Path(jwks_dir)
        self.leeway_s = leeway_s
        self._cache_ttl_s = cache_ttl_s
        self._refresh_min_interval_s = refresh_min_interval_s
        self._clock = clock
        self._stores: dict[str, JwksKeyStore] = {}
        # token -> (caller, exp): a token reused for minutes is verified once
        self._verified: OrderedDict[str, tuple[ServiceCaller, float]] = OrderedDict()

    def _store(self, issuer: str) -> JwksKeyStore:
        store = self._stores.get(issuer)
        if store is None:
            store = JwksKeyStore(
                path=self.jwks_dir / f"{issuer}.json",
                cache_ttl_s=self._cache_ttl_s,
                refresh_min_interval_s=self._refresh_min_interval_s,
            )
            self._stores[issuer] = store
        return store

    async def verify(self, token: str) -> ServiceCaller:
        """The caller of a valid token; ``Unauthorized`` (reason logged) otherwise."""
        now = self._clock()
        hit = self._verified.get(token) if isinstance(token, str) else None
        if hit is not None:
            if hit[1] + self.leeway_s > now:
                self._verified.move_to_end(token)
                return hit[0]
            del self._verified[token]
        try:
            caller, exp = await self._verify(token, now)
        except _Rejected as rejected:
            log.info("auth.service_token_rejected", reason=rejected.reason, audience=self.service)
            raise Unauthorized(INVALID, reason=rejected.reason) from None
        self._verified[token] = (caller, exp)
        if len(self._verified) > _VERIFIED_CACHE_SIZE:
            self._verified.popitem(last=False)
        return caller

    async def _verify(self, token: str, now: float) -> tuple[ServiceCaller, float]:
        if not isinstance(token, str) or not token or len(token) > _MAX_TOKEN_CHARS:
            raise _Rejected("malformed")
        try:
            header = jwt.get_unverified_header(token)
            unverified = jwt.decode(token, options={"verify_signature": False})
        except jwt.PyJWTError:
            raise _Rejected("malformed") from None
        if header.get("alg") != ALGORITHM:
            raise _Rejected("alg")
        if header.get("typ") != SERVICE_TOKEN_TYPE:
            raise _Rejected("not_a_service_token")  # e.g. a user's access token
        if "crit" in header or "b64" in header:
            raise _Rejected("malformed")
        kid, issuer = header.get("kid"), unverified.get("iss")
        if not isinstance(kid, str) or not kid or len(kid) > 256:
            raise _Rejected("malformed")
        if not isinstance(issuer, str) or not _NAME_RE.match(issuer):
            raise _Rejected("unknown_issuer")
        try:
            key = await self._store(issuer).get_key(kid)
        except UnknownKeyId:
            raise _Rejected("unknown_kid") from None
        except DependencyError:  # no published keys for this issuer
            raise _Rejected("unknown_issuer") from None
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=[ALGORITHM],
                audience=self.service,
                issuer=issuer,
                leeway=self.leeway_s,
                options={"require": ["iss", "sub", "aud", "iat", "exp", "jti"]},
            )
        except jwt.ExpiredSignatureError:
            raise _Rejected("expired") from None
        except jwt.InvalidAudienceError:
            raise _Rejected("wrong_audience") from None
        except jwt.InvalidSignatureError:
            raise _Rejected("bad_signature") from None
        except jwt.ImmatureSignatureError:
            raise _Rejected("iat_in_future") from None
        except jwt.PyJWTError:
            raise _Rejected("claims") from None
        iat, exp = claims["iat"], claims["exp"]
        if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in (iat, exp)):
            raise _Rejected("claims")
        if exp - iat > MAX_TTL_S:
            raise _Rejected("lifetime")
        if iat > now + self.leeway_s:
            raise _Rejected("iat_in_future")
        if claims["sub"] != issuer or not isinstance(claims["jti"], str):
            raise _Rejected("claims")
        return ServiceCaller(service=issuer, token_id=claims["jti"]), float(exp)

    async def aclose(self) -> None:
        for store in self._stores.values():
            await store.aclose()


# --- one per process ------------------------------------------------------------------------


class ServiceAuth:
    """This service's signer (outgoing calls) and verifier (its internal routes)."""

    def __init__(self, signer: ServiceTokenSigner, verifier: ServiceTokenVerifier) -> None:
        self.signer = signer
        self.verifier = verifier

    @property
    def service(self) -> str:
        return self.signer.service

    @classmethod
    def from_settings(cls, settings: ServiceSettings) -> ServiceAuth:
        """Keys from ``service_keys_dir``/``service_jwks_dir``; in dev and tests, made on first use."""
        service = settings.service_name
        keys_dir, jwks_dir = service_key_paths(settings)
        if settings.environment == "prod":
            ring = KeyRing.load(keys_dir)
        else:
            ring = ensure_service_keys(service, keys_dir, jwks_dir)
        return cls(
            ServiceTokenSigner(service, ring, ttl_s=settings.service_token_ttl_s),
            ServiceTokenVerifier(service, jwks_dir),
        )

    def token_provider(self, audience: str) -> Callable[[], str]:
        return self.signer.provider(audience)

    def headers_for(self, audience: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.signer.token_for(audience)}"}

    async def aclose(self) -> None:
        await self.verifier.aclose()


# --- CLI: python -m pf_common.service_auth ... ------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """``list``, ``ensure <service>...``, ``rotate <service>``, ``retire <service> <kid>`` for
    the key folders under ``--root`` (default: the dev keys, ``.pf/keys/services``)."""
    from pf_common.keyring import retire
    from pf_common.settings import find_project_root

    parser = argparse.ArgumentParser(prog="python -m pf_common.service_auth")
    parser.add_argument("--root", type=Path, default=find_project_root() / ".pf" / "keys" / "services")
    sub = parser.add_subparsers(dest="cmd", required=True)
    sub.add_parser("list")
    e = sub.add_parser("ensure")
    e.add_argument("services", nargs="+")
    r = sub.add_parser("rotate")
    r.add_argument("service")
    t = sub.add_parser("retire")
    t.add_argument("service")
    t.add_argument("kid")
    args = parser.parse_args(argv)
    root: Path = args.root
    jwks_dir = root / "jwks"
    if args.cmd == "ensure":
        for name in args.services:
            ensure_service_keys(name, root / name, jwks_dir)
    elif args.cmd == "rotate":
        kid = rotate(root / _check_name(args.service), jwks_dir / f"{args.service}.json")
        sys.stdout.write(f"{args.service}: new signing key {kid}\n")
    elif args.cmd == "retire":
        ok = retire(root / _check_name(args.service), args.kid, jwks_dir / f"{args.service}.json")
        sys.stdout.write(f"{args.service}: {'retired' if ok else 'no key'} {args.kid}\n")
    for folder in (
        sorted(p for p in root.iterdir() if p.is_dir() and p.name != "jwks") if root.exists() else []
    ):
        if not any(folder.glob("*.pem")):
            continue
        ring = KeyRing.load(folder)
        for key in ring.keys:
            state = "active" if key is ring.active else "verifies"
            sys.stdout.write(f"{folder.name}\t{key.kid}\t{key.path.name}\t{state}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
