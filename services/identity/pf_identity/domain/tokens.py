"""Identity's access-token signer: identity alone mints access tokens; every service verifies them.

RS256 with the ring's active key (header ``kid``, so verifiers pick the key from the JWKS
identity publishes, :mod:`pf_identity.domain.keys`), TTL ≤ 15 min (NFR §5), ``jti`` = the
session id (the revocation key every service checks, :mod:`pf_common.sessions`). The claims
are pf_common's (:func:`pf_common.access_tokens.access_token_claims`), the inverse of what
every service's ``TokenVerifier`` reads back. Built once per process by
``KeyRing.signer`` (``IdentityContext.signer()``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

from pf_common.access_tokens import MAX_ACCESS_TTL_S, access_token_claims
from pf_common.jwks import ALGORITHM, jwks_from_public_keys, load_private_key
from pf_common.principal import StoreType, SystemRole

__all__ = ["TokenSigner"]


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
        self._key = load_private_key(private_pem)
        self.kid = kid
        self.issuer = issuer
        self.audience = audience
        self.ttl_s = int(ttl_s)

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
