"""``pf_identity.domain.tokens.TokenSigner``: identity's access tokens, as every service verifies them."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import uuid4

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from pf_common.access_tokens import TokenVerifier
from pf_common.errors import Unauthorized
from pf_common.jwks import JwksKeyStore
from pf_identity.domain.tokens import TokenSigner

ISS, AUD = "packfinderz-identity", "packfinderz"


@pytest.fixture(scope="module")
def key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def pem(key: rsa.RSAPrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def verifier_of(signer: TokenSigner, tmp_path: Path) -> TokenVerifier:
    path = tmp_path / "jwks.json"
    path.write_text(json.dumps(signer.jwks()))
    return TokenVerifier(JwksKeyStore(path=path), ISS, AUD)


def test_signer_refuses_bad_inputs(key: rsa.RSAPrivateKey) -> None:
    small = rsa.generate_private_key(public_exponent=65537, key_size=1024)  # noqa: S505 - refused on purpose
    with pytest.raises(ValueError):
        TokenSigner(pem(small), "k", ISS, AUD)
    with pytest.raises(ValueError):
        TokenSigner(pem(key), "k", ISS, AUD, ttl_s=901)
    with pytest.raises(ValueError):
        TokenSigner(pem(key), "k", ISS, AUD, ttl_s=0)
    with pytest.raises(ValueError):
        TokenSigner(pem(key), "", ISS, AUD)
    signer = TokenSigner(pem(key), "k", ISS, AUD)
    with pytest.raises(ValueError):
        signer.mint(user_id=uuid4(), session_id="s", store_id=uuid4())  # store without type
    with pytest.raises(ValueError):
        signer.mint(user_id=uuid4(), session_id="")


async def test_minted_tokens_verify_as_the_principal(key: rsa.RSAPrivateKey, tmp_path: Path) -> None:
    signer = TokenSigner(key, "kid-1", ISS, AUD, ttl_s=600)
    user, store = uuid4(), uuid4()
    now = datetime.now(UTC)

    token = signer.mint(
        user_id=user,
        session_id="sess-1",
        store_id=store,
        store_type="vendor",
        role="owner",
        kyc_status="verified",
        now=now,
    )

    assert jwt.get_unverified_header(token) == {"alg": "RS256", "kid": "kid-1", "typ": "JWT"}
    claims = jwt.decode(token, options={"verify_signature": False})
    assert claims["exp"] - claims["iat"] == 600
    assert (claims["sub"], claims["jti"], claims["iss"], claims["aud"]) == (str(user), "sess-1", ISS, AUD)
    principal = await verifier_of(signer, tmp_path).verify(token)
    assert (principal.user_id, principal.session_id, principal.store_id) == (user, "sess-1", store)
    assert (principal.store_type, principal.role, principal.kyc_status) == ("vendor", "owner", "verified")


async def test_an_expired_token_verifies_only_where_expiry_is_waived(
    key: rsa.RSAPrivateKey, tmp_path: Path
) -> None:
    signer = TokenSigner(key, "kid-1", ISS, AUD)
    token = signer.mint(user_id=uuid4(), session_id="old", now=datetime.now(UTC) - timedelta(hours=1))
    verifier = verifier_of(signer, tmp_path)

    with pytest.raises(Unauthorized):
        await verifier.verify(token)
    assert (await verifier.verify(token, allow_expired=True)).session_id == "old"
