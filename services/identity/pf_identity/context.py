"""What identity's routes need besides the runtime: the key ring, the password hasher, sessions,
media's client (with identity's service tokens).

Built once in ``create_app`` (never at import) and kept on ``app.state.identity``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from fastapi import Request

from pf_common.service_auth import ServiceAuth
from pf_identity.clients.media import HttpMediaClient, MediaReadUrls
from pf_identity.domain.keys import KeyRing
from pf_identity.domain.passwords import Passwords
from pf_identity.domain.sessions import SessionStore
from pf_identity.domain.tokens import TokenSigner
from pf_identity.settings import Settings


@dataclass
class IdentityContext:
    settings: Settings
    keys: KeyRing
    passwords: Passwords
    service_auth: ServiceAuth

    @classmethod
    def from_settings(cls, settings: Settings, service_auth: ServiceAuth | None = None) -> IdentityContext:
        return cls(
            settings,
            KeyRing.from_settings(settings),
            Passwords.from_settings(settings),
            service_auth or ServiceAuth.from_settings(settings),
        )

    @functools.cached_property
    def media(self) -> MediaReadUrls:
        """media's internal read-URL endpoint (license documents), called with identity's service tokens."""
        return HttpMediaClient(
            self.settings.media_internal_url,
            timeout_s=self.settings.media_timeout_s,
            token_provider=self.service_auth.token_provider("media"),
        )

    async def aclose(self) -> None:
        if "media" in self.__dict__:
            await self.media.aclose()

    @functools.cached_property
    def _signer(self) -> TokenSigner:
        return self.keys.signer(
            issuer=self.settings.jwt_issuer,
            audience=self.settings.jwt_audience,
            ttl_s=self.settings.jwt_expiration_minutes * 60,
        )

    def signer(self) -> TokenSigner:
        """The active key's signer, built once per process (not per sign-in)."""
        return self._signer

    def sessions(self, redis: Any) -> SessionStore:
        return SessionStore(redis, ttl_s=self.settings.refresh_token_ttl_minutes * 60)


def identity_of(request: Request) -> IdentityContext:
    return request.app.state.identity


def sessions_of(request: Request) -> SessionStore:
    return identity_of(request).sessions(request.app.state.runtime.redis)
