"""Settings of the finance service: environment prefix ``PF_FINANCE_``, then ``PF_``."""

from typing import ClassVar, Literal

from pydantic import Field, SecretStr, field_validator, model_validator

from pf_common.settings import ServiceSettings, service_config


class Settings(ServiceSettings):
    model_config = service_config("finance")
    service_name: ClassVar[str] = "finance"

    # orders' internal API (API.md §4): OrderDetail for the payout detail and a settle's total check
    orders_internal_url: str = "http://127.0.0.1:8104"  # compose/k8s: http://orders-api:8000
    orders_timeout_s: float = Field(default=2.0, gt=0, le=30)

    # Billing provider (pf_finance/billing): "local" is the embedded default (no network, fake but
    # well-formed ids, immediate activation; refused in production), "stripe" the real one.
    billing_provider: Literal["local", "stripe"] = "local"
    # Stripe (PF_FINANCE_STRIPE_* or PF_STRIPE_*): the secret API key, the webhook signing
    # secrets — the current one and, during a rotation, the previous one (both accepted) — the
    # signature tolerance, and an API base override (tests: a local HTTP fake of Stripe).
    stripe_api_key: SecretStr | None = None
    stripe_webhook_secret: SecretStr | None = None
    stripe_webhook_secret_previous: SecretStr | None = None
    stripe_webhook_tolerance_s: int = Field(default=300, ge=1, le=3600)
    stripe_api_base: str | None = None
    stripe_timeout_s: float = Field(default=10.0, gt=0, le=60)
    stripe_max_network_retries: int = Field(default=2, ge=0, le=5)

    # Usage charges (DOMAIN §5.6): retryable failures are retried with backoff up to this many
    # attempts in all, then the usage charge is `failed`.
    usage_charge_max_attempts: int = Field(default=3, ge=1, le=10)
    usage_charge_retry_base_s: int = Field(default=300, ge=1)
    # Subscription reconcile job: subscriptions updated within this window, at most this many a run.
    reconcile_window_days: int = Field(default=7, ge=1, le=90)
    reconcile_batch: int = Field(default=250, ge=1, le=1000)

    @field_validator("stripe_api_base")
    @classmethod
    def _no_trailing_slash(cls, v: str | None) -> str | None:
        return v.rstrip("/") if v else v

    @model_validator(mode="after")
    def _provider_fits_environment(self) -> "Settings":
        if self.billing_provider == "local" and self.environment == "prod":
            raise ValueError(
                "billing_provider 'local' is refused in production: set PF_FINANCE_BILLING_PROVIDER=stripe"
            )
        if self.billing_provider == "stripe" and self.stripe_api_key is None:
            raise ValueError(
                "billing_provider 'stripe' needs PF_FINANCE_STRIPE_API_KEY (or PF_STRIPE_API_KEY)"
            )
        return self

    def webhook_secrets(self) -> list[str]:
        """The accepted webhook signing secrets, current first (both during a rotation)."""
        return [
            s.get_secret_value()
            for s in (self.stripe_webhook_secret, self.stripe_webhook_secret_previous)
            if s
        ]
