"""Settings of the identity service: environment prefix ``PF_IDENTITY_``, then ``PF_``."""

from pathlib import Path
from typing import ClassVar

from pydantic import Field

from pf_common.settings import ServiceSettings, service_config
from pf_identity.clients.email import EmailSettings
from pf_identity.clients.places import AddressSettings


class Settings(ServiceSettings, EmailSettings, AddressSettings):
    model_config = service_config("identity")
    service_name: ClassVar[str] = "identity"

    # Tokens and sessions (NFR §5)
    jwt_expiration_minutes: int = Field(default=15, ge=1, le=15)
    refresh_token_ttl_minutes: int = Field(default=43_200, ge=16)
    # Folder of RSA private keys (*.pem); the JWKS lists all of them, the newest signs.
    # Default: the dev key pair under keys_dir (generated on first run, never in prod).
    signing_keys_dir: Path | None = None

    # Argon2id (NFR §5); tests lower them, production keeps the defaults.
    argon2_memory_kib: int = Field(default=65_536, ge=1024)
    argon2_time_cost: int = Field(default=3, ge=1)
    argon2_parallelism: int = Field(default=2, ge=1)

    # Licenses (DOMAIN §5.1): signed document URLs come from media's internal endpoint
    media_internal_url: str = "http://127.0.0.1:8102"  # compose/k8s: http://media-api:8000
    media_timeout_s: float = Field(default=2.0, gt=0, le=30)
    license_max_validity_years: int = Field(default=10, ge=1, le=50)

    # Notifications (DOMAIN §5.1, §7); the email fields come from EmailSettings
    email_max_attempts: int = Field(default=8, ge=1, le=50)  # then the delivery is ``dead``
    notification_retention_days: int = Field(default=30, ge=1)

    # Throttles (NFR §5)
    login_limit_per_ip: int = 20
    login_limit_per_email: int = 5
    login_window_s: int = 60
    register_limit_per_ip: int = 20
    register_limit_per_email: int = 3
    register_window_s: int = 300

    # Address autocomplete: the fields come from AddressSettings (places_api_key: Google Places
    # when set, else offline ZIP data; places_timeout_s; address_rate_limit_per_minute per IP)
