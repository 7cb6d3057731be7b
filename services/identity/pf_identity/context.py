"""identity's process context (:mod:`pf_common.context`): settings, service tokens, the signing
key ring and its access-token signer, the password hasher, media's client (license documents),
the places provider (address autocomplete) and the email sender.

Built once per process by :meth:`IdentityContext.build`: ``create_app`` builds the API's, the
worker (``CONTEXT`` in ``worker.py``) its own; routes take it as ``Ctx`` (``api/deps.py``), jobs
as ``ctx.context``. The email sender is built on first use (only the worker's ``send_emails``
sends), from the settings, and kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from redis.asyncio import Redis

from pf_common.context import ServiceContext, aclose_all
from pf_common.service_auth import ServiceAuth
from pf_common.sessions import LiveSessions
from pf_identity.clients.email import EmailSender, make_email_sender
from pf_identity.clients.media import HttpMediaClient, MediaReadUrls
from pf_identity.clients.places import PlacesProvider, make_places_provider
from pf_identity.domain.keys import KeyRing
from pf_identity.domain.passwords import Passwords
from pf_identity.domain.sessions import SessionStore
from pf_identity.domain.tokens import TokenSigner
from pf_identity.settings import Settings

__all__ = ["IdentityContext"]


@dataclass(kw_only=True, eq=False)
class IdentityContext(ServiceContext[Settings]):
    keys: KeyRing
    signer: TokenSigner  # the active key's, built once per process (not per sign-in)
    passwords: Passwords
    media: MediaReadUrls
    places: PlacesProvider
    _email: EmailSender | None = field(default=None, repr=False)

    @classmethod
    def build(
        cls,
        settings: Settings,
        *,
        service_auth: ServiceAuth | None = None,
        passwords: Passwords | None = None,
        media: MediaReadUrls | None = None,
        places: PlacesProvider | None = None,
        email: EmailSender | None = None,
    ) -> IdentityContext:
        auth = service_auth or ServiceAuth.from_settings(settings)
        keys = KeyRing.from_settings(settings)
        return cls(
            settings=settings,
            service_auth=auth,
            keys=keys,
            signer=keys.signer(
                issuer=settings.jwt_issuer,
                audience=settings.jwt_audience,
                ttl_s=settings.jwt_expiration_minutes * 60,
            ),
            passwords=passwords or Passwords.from_settings(settings),
            media=media
            or HttpMediaClient(
                settings.media_internal_url,
                timeout_s=settings.media_timeout_s,
                token_provider=auth.token_provider("media"),
            ),
            places=places or make_places_provider(settings),
            _email=email,
        )

    @property
    def email(self) -> EmailSender:
        """The sender of ``settings.email_backend``, built on first use (the worker's)."""
        if self._email is None:
            self._email = make_email_sender(self.settings, environment=self.settings.environment)
        return self._email

    @email.setter
    def email(self, sender: EmailSender) -> None:
        self._email = sender

    def sessions(self, redis: Redis, local: LiveSessions | None = None) -> SessionStore:
        """The refresh-token sessions on the process's Redis (the runtime's); ``local`` is the
        process's cache of live sessions (the runtime authenticator's), told at once of what
        this process revokes."""
        return SessionStore(redis, ttl_s=self.settings.refresh_token_ttl_minutes * 60, local=local)

    async def aclose(self) -> None:
        await aclose_all(self.media.aclose, self.places.aclose, super().aclose)
