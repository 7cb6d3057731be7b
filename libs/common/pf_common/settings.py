"""Settings base for every service.

A service declares ``class Settings(ServiceSettings)`` with
``model_config = service_config("orders")``.  Values are read from the
per-service prefix first (``PF_ORDERS_DATABASE_URL``) and then from the shared
``PF_`` prefix (``PF_DATABASE_URL``), so one environment can serve every
process while a single service can still be pointed elsewhere.

Secrets are ``SecretStr``: they never appear in ``repr``, logs or dumps.
Settings are built once in ``app.py``/``worker.py`` and passed in; nothing else
reads ``os.environ``.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar, Literal, Unpack

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

SHARED_PREFIX = "PF_"


def service_config(service: str, **extra: Unpack[SettingsConfigDict]) -> SettingsConfigDict:
    """The settings config of one service: prefix ``PF_<SERVICE>_``."""
    return SettingsConfigDict(
        env_prefix=f"{SHARED_PREFIX}{service.upper()}_",
        extra="ignore",
        case_sensitive=False,
        **extra,
    )


def find_project_root(start: Path | None = None) -> Path:
    """The directory holding ``uv.lock`` (the workspace root), else the cwd."""
    here = (start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if (candidate / "uv.lock").exists():
            return candidate
    return here


class ServiceSettings(BaseSettings):
    """Settings shared by every service; subclass per service."""

    model_config = SettingsConfigDict(env_prefix=SHARED_PREFIX, extra="ignore", case_sensitive=False)

    # The service (and its schema); a class constant, never read from the environment.
    service_name: ClassVar[str] = "service"
    environment: Literal["dev", "test", "staging", "prod"] = "dev"

    # Edges
    database_url: SecretStr = SecretStr("postgresql+psycopg://postgres@127.0.0.1:5432/packfinderz")
    database_read_url: SecretStr | None = None
    # A steady pool: overflow connections are closed when returned, so any overflow turned
    # load above the pool into a new Postgres connection per request (make bench saw 132
    # connects per 1,000 requests at 16 in flight with 5 + 5).
    db_pool_size: int = Field(default=10, ge=1, le=100)
    db_max_overflow: int = Field(default=0, ge=0, le=100)
    db_pool_recycle_s: int = 3600
    db_statement_timeout_ms: int = 15_000
    redis_url: SecretStr = SecretStr("redis://127.0.0.1:6379/0")
    redis_max_connections: int = 20

    # Auth
    jwks_url: str | None = None
    jwks_file: Path | None = None
    keys_dir: Path | None = None
    jwt_issuer: str = "packfinderz-identity"
    jwt_audience: str = "packfinderz"
    jwks_refresh_min_interval_s: float = 30.0
    jwks_cache_ttl_s: float = 600.0
    # the fast path of access tokens (pf_common.access_tokens): tokens verified once per process,
    # live sessions cached until identity pushes their revocation (0 turns either off)
    verified_tokens_cached: int = 10_000
    session_cache_ttl_s: float = 30.0
    # Service tokens for /internal/* (pf_common.service_auth): this service's private keys and
    # every service's public JWKS. Unset in dev/tests: <keys_dir>/services/..., made on first use.
    service_keys_dir: Path | None = None
    service_jwks_dir: Path | None = None
    service_token_ttl_s: int = Field(default=300, ge=120, le=600)

    # Events
    transport: Literal["redis", "pubsub"] = "redis"
    pubsub_project: str = "packfinderz-local"
    outbox_publish_batch_size: int = Field(default=50, ge=1, le=1000)
    outbox_max_attempts: int = Field(default=10, ge=1)
    outbox_publish_poll_ms: int = Field(default=500, ge=10)
    outbox_publish_max_sleep_ms: int = Field(default=10_000, ge=10)
    outbox_publish_timeout_s: float = 15.0
    # after a wake-up signal, how long the relay lets more commits gather before it claims a batch
    outbox_publish_linger_ms: int = Field(default=5, ge=0, le=1000)
    outbox_retention_days: int = 30
    consumer_ack_deadline_ms: int = Field(default=60_000, ge=10)
    consumer_max_deliveries: int = Field(default=10, ge=1)
    consumer_batch_size: int = Field(default=20, ge=1)
    consumer_block_ms: int = Field(default=1_000, ge=1)
    # after a fetch that did not fill a batch, how long the consumer lets more arrive
    consumer_linger_ms: int = Field(default=5, ge=0, le=1000)
    processed_events_retention_days: int = 30

    # Observability
    log_level: str = "INFO"
    log_format: Literal["auto", "json", "pretty"] = "auto"
    otel_exporter_otlp_endpoint: str | None = Field(default=None)
    # The worker serves Prometheus text on this port when set (the API serves /metrics itself).
    worker_metrics_port: int | None = Field(default=None, ge=1, le=65535)
    worker_metrics_host: str = "127.0.0.1"  # 0.0.0.0 in containers, so Prometheus can scrape it
    # Off where Kubernetes CronJobs run the jobs (``worker job <name>``) instead of the worker loop.
    worker_scheduler_enabled: bool = True

    # HTTP
    cors_origins: list[str] = Field(default_factory=list)
    request_body_limit_bytes: int = 1_048_576
    # Honour X-Forwarded-For (first hop) for client IPs: only behind our own gateway.
    trust_forwarded: bool = False

    @field_validator("database_url", "database_read_url")
    @classmethod
    def _psycopg_driver(cls, v: SecretStr | None) -> SecretStr | None:
        """Accept ``postgres://``/``postgresql://`` and pin the psycopg 3 driver."""
        if v is None:
            return v
        raw = v.get_secret_value()
        for prefix in ("postgres://", "postgresql://"):
            if raw.startswith(prefix):
                raw = "postgresql+psycopg://" + raw[len(prefix) :]
        return SecretStr(raw)

    @property
    def schema_name(self) -> str:
        """The Postgres schema this service owns (its name)."""
        return self.service_name

    def resolved_keys_dir(self) -> Path:
        return self.keys_dir or find_project_root() / ".pf" / "keys"

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        shared = EnvSettingsSource(settings_cls, env_prefix=SHARED_PREFIX, case_sensitive=False)
        return (init_settings, env_settings, shared, dotenv_settings, file_secret_settings)


def app_settings(state: object) -> ServiceSettings | None:
    """The settings an app of ``pf_common.app.create_app`` keeps on its ``app.state`` (read by
    pf_common's own dependencies: guards, rate limits, OpenAPI); None on an app built otherwise
    (a test of one component). A service's routes read their context's settings instead."""
    found: ServiceSettings | None = getattr(state, "settings", None)  # the state's, not a setting
    return found
