"""The local signing key pair of dev and tests (never used in prod).

Who imports it: :meth:`pf_common.access_tokens.Authenticator.from_settings` verifies against
these keys when neither ``PF_JWKS_URL`` nor ``PF_JWKS_FILE`` is set (refused in prod);
identity signs with them on a first dev run (its key ring folder is the same ``keys_dir``);
``pf_common.testing`` mints test tokens with them; ``deploy/local`` and the benchmarks create
them before starting services. No FastAPI.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from pf_common.files import chmod_quiet, create_exclusive, replace_atomic
from pf_common.jwks import MIN_RSA_KEY_BITS, jwk_thumbprint, load_private_key, public_jwk
from pf_common.logging import get_logger

__all__ = ["JWKS_FILE", "PRIVATE_KEY_FILE", "DevKeys", "ensure_dev_keys"]

log = get_logger("pf_common.auth")

PRIVATE_KEY_FILE: Final = "jwt_private.pem"
JWKS_FILE: Final = "jwks.json"


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
    public_key = load_private_key(pem).public_key()
    kid = jwk_thumbprint(public_key)
    jwks_path = keys_dir / JWKS_FILE
    jwk = public_jwk(public_key, kid)
    if not _jwks_lists(jwks_path, jwk):
        body = json.dumps({"keys": [jwk]}, indent=2).encode() + b"\n"
        replace_atomic(jwks_path, body, 0o644)
    return DevKeys(private_pem=pem, kid=kid, jwks_path=jwks_path, private_key_path=key_path)
