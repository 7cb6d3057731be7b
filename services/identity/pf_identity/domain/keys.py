"""Identity's signing keys: every ``*.pem`` of the keys folder is published in the JWKS,
the newest one signs (rotation = add a key, wait for caches, remove the old one).

``python -m pf_identity.keys rotate`` adds a key (and rewrites ``jwks.json`` for
file-based verifiers in dev); ``retire <kid>`` removes one.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from pf_common.auth import (
    JWKS_FILE,
    MIN_RSA_KEY_BITS,
    TokenSigner,
    ensure_dev_keys,
    jwk_thumbprint,
    jwks_from_public_keys,
)


@dataclass(frozen=True)
class SigningKey:
    kid: str
    path: Path
    private_key: rsa.RSAPrivateKey  # parsed once, at load
    mtime: float


class KeyRing:
    """Keys are parsed once when the ring is loaded; the JWKS document is built once too."""

    def __init__(self, keys: list[SigningKey]) -> None:
        if not keys:
            raise RuntimeError("no signing key found")
        self.keys = sorted(keys, key=lambda k: (k.mtime, k.path.name))
        self._jwks = jwks_from_public_keys({k.kid: k.private_key.public_key() for k in self.keys})

    @classmethod
    def load(cls, folder: Path) -> KeyRing:
        keys = []
        for path in sorted(folder.glob("*.pem")):
            key = serialization.load_pem_private_key(path.read_bytes(), password=None)
            if not isinstance(key, rsa.RSAPrivateKey):
                continue
            keys.append(SigningKey(jwk_thumbprint(key.public_key()), path, key, path.stat().st_mtime))
        return cls(keys)

    @classmethod
    def from_settings(cls, settings: Any) -> KeyRing:
        if settings.signing_keys_dir is not None:
            return cls.load(Path(settings.signing_keys_dir))
        if settings.environment == "prod":
            raise RuntimeError("PF_IDENTITY_SIGNING_KEYS_DIR must be set in prod (no dev keys)")
        folder = Path(settings.resolved_keys_dir())
        if not any(folder.glob("*.pem")):  # first run: a dev key pair (rotation adds more)
            ensure_dev_keys(folder)
        return cls.load(folder)

    @property
    def active(self) -> SigningKey:
        return self.keys[-1]

    def signer(self, *, issuer: str, audience: str, ttl_s: int) -> TokenSigner:
        return TokenSigner(self.active.private_key, self.active.kid, issuer, audience, ttl_s)

    def jwks(self) -> dict[str, list[dict[str, str]]]:
        return self._jwks


def rotate(folder: Path) -> str:
    """Add a new signing key to ``folder`` and republish ``jwks.json``; returns its kid."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=MIN_RSA_KEY_BITS)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    path = folder / f"key-{time.time_ns()}.pem"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)
    ring = KeyRing.load(folder)
    (folder / JWKS_FILE).write_text(json.dumps(ring.jwks(), indent=2) + "\n")
    return jwk_thumbprint(key.public_key())


def retire(folder: Path, kid: str) -> bool:
    ring = KeyRing.load(folder)
    if ring.active.kid == kid:
        raise ValueError("the active key cannot be retired: rotate first")
    for k in ring.keys:
        if k.kid == kid:
            k.path.unlink()
            (folder / JWKS_FILE).write_text(json.dumps(KeyRing.load(folder).jwks(), indent=2) + "\n")
            return True
    return False
