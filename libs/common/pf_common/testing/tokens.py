"""Real access tokens for tests and benchmarks, without identity: :class:`TestTokenSigner`.

Identity is the only signer of the platform (``pf_identity.domain.tokens.TokenSigner``) and
pf_common imports no service, so every other service's tests mint their callers' tokens here:
the same claims (:func:`pf_common.access_tokens.access_token_claims`), RS256, a ``kid`` header,
signed with the dev/test key pair (:func:`pf_common.devkeys.ensure_dev_keys`) that the service
under test verifies against. Used by the plugin's ``mint_actor``, ``auth_matrix.bad_tokens``
and ``benchmarks/run.py``. Never imported by service code.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING
from uuid import UUID

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

from pf_common.access_tokens import MAX_ACCESS_TTL_S, access_token_claims
from pf_common.devkeys import DevKeys, ensure_dev_keys
from pf_common.jwks import ALGORITHM, load_private_key
from pf_common.principal import StoreType, SystemRole

if TYPE_CHECKING:
    from pf_common.settings import ServiceSettings

__all__ = ["TestTokenSigner"]


class TestTokenSigner:
    """Mints RS256 access tokens for tests (any key, any TTL up to 15 minutes)."""

    __test__ = False  # not a pytest test class

    def __init__(
        self,
        private_pem: bytes | str | rsa.RSAPrivateKey,
        kid: str,
        issuer: str,
        audience: str,
        ttl_s: int = MAX_ACCESS_TTL_S,
    ) -> None:
        self._key = load_private_key(private_pem)
        self.kid = kid
        self.issuer = issuer
        self.audience = audience
        self.ttl_s = int(ttl_s)

    @classmethod
    def from_dev_keys(
        cls, keys: DevKeys, *, issuer: str, audience: str, ttl_s: int = MAX_ACCESS_TTL_S
    ) -> TestTokenSigner:
        return cls(keys.private_pem, keys.kid, issuer, audience, ttl_s)

    @classmethod
    def for_settings(cls, settings: ServiceSettings) -> TestTokenSigner:
        """A signer whose tokens the app of ``settings`` accepts (its dev keys, issuer, audience)."""
        keys = ensure_dev_keys(settings.resolved_keys_dir())
        return cls.from_dev_keys(keys, issuer=settings.jwt_issuer, audience=settings.jwt_audience)

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
        claims = access_token_claims(
            user_id=user_id,
            session_id=session_id,
            issuer=self.issuer,
            audience=self.audience,
            issued_at=int((now or datetime.now(UTC)).timestamp()),
            ttl_s=self.ttl_s,
            store_id=store_id,
            store_type=store_type,
            role=role,
            system_role=system_role,
            kyc_status=kyc_status,
        )
        return jwt.encode(claims, self._key, algorithm=ALGORITHM, headers={"kid": self.kid, "typ": "JWT"})
