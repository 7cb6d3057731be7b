"""Identity's signing keys: every ``*.pem`` of the keys folder is published in the JWKS,
the newest one signs (rotation = add a key, wait for caches, remove the old one).

The ring itself is pf_common's (service tokens rotate the same way); this module adds where
identity's keys live and how its access-token signer (:mod:`pf_identity.domain.tokens`) is built.
``python -m pf_identity.keys rotate`` adds a key (and rewrites ``jwks.json`` for
file-based verifiers in dev); ``retire <kid>`` removes one.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pf_common import keyring
from pf_common.devkeys import JWKS_FILE, ensure_dev_keys
from pf_common.keyring import SigningKey
from pf_identity.domain.tokens import TokenSigner

if TYPE_CHECKING:
    from pf_identity.settings import Settings

__all__ = ["KeyRing", "SigningKey", "retire", "rotate"]


class KeyRing(keyring.KeyRing):
    """Keys are parsed once when the ring is loaded; the JWKS document is built once too."""

    @classmethod
    def from_settings(cls, settings: Settings) -> KeyRing:
        if settings.signing_keys_dir is not None:
            return cls.load(Path(settings.signing_keys_dir))
        if settings.environment == "prod":
            raise RuntimeError("PF_IDENTITY_SIGNING_KEYS_DIR must be set in prod (no dev keys)")
        folder = Path(settings.resolved_keys_dir())
        if not any(folder.glob("*.pem")):  # first run: a dev key pair (rotation adds more)
            ensure_dev_keys(folder)
        return cls.load(folder)

    @classmethod
    def load(cls, folder: Path) -> KeyRing:
        return cls(keyring.KeyRing.load(folder).keys)

    def signer(self, *, issuer: str, audience: str, ttl_s: int) -> TokenSigner:
        return TokenSigner(self.active.private_key, self.active.kid, issuer, audience, ttl_s)


def rotate(folder: Path) -> str:
    """Add a new signing key to ``folder`` and republish ``jwks.json``; returns its kid."""
    return keyring.rotate(folder, folder / JWKS_FILE)


def retire(folder: Path, kid: str) -> bool:
    return keyring.retire(folder, kid, folder / JWKS_FILE)
