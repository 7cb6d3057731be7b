"""A folder of RSA signing keys: every ``*.pem`` is published, the newest one signs.

Used by identity for access tokens and by every service for its service tokens
(``pf_common.service_auth``). Rotation is the same everywhere:

1. ``rotate(folder)`` adds a key. Verifiers list it at once (the JWKS written next to the
   keys, or served) and refresh their copy when they meet an unknown ``kid``.
2. Once every token signed by the old key has expired, ``retire(folder, kid)`` removes it.

Keys are parsed once when the ring is loaded. "Newest" is the file's mtime, then its name.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from pf_common.files import chmod_quiet, replace_atomic
from pf_common.jwks import MIN_RSA_KEY_BITS, jwk_thumbprint, jwks_from_public_keys, parse_private_pem

__all__ = ["KeyRing", "SigningKey", "new_private_pem", "retire", "rotate", "write_jwks"]


@dataclass(frozen=True)
class SigningKey:
    kid: str
    path: Path
    private_key: rsa.RSAPrivateKey  # parsed once, at load
    mtime: float


def new_private_pem() -> bytes:
    """A fresh RSA-2048 private key, PKCS#8 PEM, unencrypted (the file mode protects it)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=MIN_RSA_KEY_BITS)
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


class KeyRing:
    """The keys of one folder, oldest first; ``active`` (the newest) signs, all verify."""

    def __init__(self, keys: Iterable[SigningKey]) -> None:
        ordered = sorted(keys, key=lambda k: (k.mtime, k.path.name))
        if not ordered:
            raise RuntimeError("no signing key found")
        self.keys = ordered
        self._jwks = jwks_from_public_keys({k.kid: k.private_key.public_key() for k in self.keys})

    @classmethod
    def load(cls, folder: Path) -> KeyRing:
        keys = []
        for path in sorted(Path(folder).glob("*.pem")):
            key = parse_private_pem(path.read_bytes())
            if not isinstance(key, rsa.RSAPrivateKey) or key.key_size < MIN_RSA_KEY_BITS:
                continue
            keys.append(SigningKey(jwk_thumbprint(key.public_key()), path, key, path.stat().st_mtime))
        return cls(keys)

    @property
    def active(self) -> SigningKey:
        return self.keys[-1]

    @property
    def kids(self) -> list[str]:
        return [k.kid for k in self.keys]

    def jwks(self) -> dict[str, list[dict[str, str]]]:
        """Public keys only (never ``d``): safe to publish."""
        return self._jwks


def write_jwks(path: Path, ring: KeyRing) -> None:
    """Publish the ring's public keys at ``path`` (atomic replace, world-readable)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    replace_atomic(path, (json.dumps(ring.jwks(), indent=2) + "\n").encode(), 0o644)


def _add_key(folder: Path) -> Path:
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    chmod_quiet(folder, 0o700)
    path = folder / f"key-{time.time_ns()}.pem"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(new_private_pem())
    return path


def rotate(folder: Path, jwks_path: Path | None = None) -> str:
    """Add a new signing key to ``folder`` (it signs from now on); republish the JWKS at
    ``jwks_path`` when given. Returns the new key's kid."""
    path = _add_key(Path(folder))
    ring = KeyRing.load(folder)
    if jwks_path is not None:
        write_jwks(jwks_path, ring)
    return next(k.kid for k in ring.keys if k.path == path)


def retire(folder: Path, kid: str, jwks_path: Path | None = None) -> bool:
    """Remove a key that no longer signs; republish the JWKS. False when no key has ``kid``."""
    ring = KeyRing.load(folder)
    if ring.active.kid == kid:
        raise ValueError("the active key cannot be retired: rotate first")
    for k in ring.keys:
        if k.kid == kid:
            k.path.unlink()
            if jwks_path is not None:
                write_jwks(jwks_path, KeyRing.load(folder))
            return True
    return False
