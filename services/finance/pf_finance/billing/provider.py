"""The billing provider interface (DOMAIN §5.6): what finance asks of a payments processor.

finance's use cases speak only this interface; an adapter maps it onto one processor:
``local.py`` (the embedded default: no network, refused in production) and ``stripe.py``
(the ``stripe`` package). Swapping processors (Stripe's terms restrict cannabis businesses)
is one new module implementing :class:`BillingProvider` plus its webhook parser.

Every method is a network call for a real provider: call it with no transaction open and no
pooled connection held (ARCHITECTURE §1). Calls that create or charge take an
``idempotency_key`` the adapter passes to the provider, so a retry of the same request never
creates or charges twice.

Errors: :class:`ProviderUnavailable` (transport trouble, timeouts, 5xx, rate limits — retryable;
routes answer 503), :class:`ProviderRejected` (the provider refused the request — a bad or
foreign payment method id, a missing object; not retryable; routes answer 400/409/422 as their
contract says) and, for charges, a :class:`ChargeResult` with ``status="failed"`` and
``retryable`` telling the usage-billing rules whether to try again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, Protocol

__all__ = [
    "BillingProvider",
    "ChargeResult",
    "CustomerInfo",
    "PaymentMethodInfo",
    "ProviderError",
    "ProviderRejected",
    "ProviderUnavailable",
    "SetupIntentInfo",
    "SubscriptionSnapshot",
]


class ProviderError(Exception):
    """Base of the provider's failures; ``code`` is the provider's error code when it gave one."""

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.code = code


class ProviderUnavailable(ProviderError):
    """The provider could not be reached or failed on its side: retry later (503)."""


class ProviderRejected(ProviderError):
    """The provider refused the request (invalid or foreign id, missing object): do not retry."""


@dataclass(frozen=True, slots=True)
class CustomerInfo:
    customer_id: str


@dataclass(frozen=True, slots=True)
class SetupIntentInfo:
    setup_intent_id: str
    client_secret: str


@dataclass(frozen=True, slots=True)
class PaymentMethodInfo:
    """A payment method attached to a customer (never exposes the full card)."""

    payment_method_id: str
    type: Literal["card", "us_bank_account", "other"]
    fingerprint: str | None
    card_brand: str | None
    card_last4: str | None
    card_exp_month: int | None
    card_exp_year: int | None
    billing_details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SubscriptionSnapshot:
    """A subscription as the provider describes it, normalised (from an API answer or a webhook).

    ``status`` uses the provider's names (DOMAIN's subscription_status; a provider-side pause of
    collection is reported as ``paused``); an unknown status is passed through as it is.
    ``store_id``/``plan_id`` come from the metadata finance set at creation (None when absent).
    """

    subscription_id: str
    customer_id: str
    status: str
    price_id: str | None
    payment_method_id: str | None
    current_period_start: datetime | None
    current_period_end: datetime
    cancel_at_period_end: bool
    canceled_at: datetime | None = None
    paused_at: datetime | None = None
    resume_effective_at: datetime | None = None
    trial_end: datetime | None = None
    store_id: str | None = None
    plan_id: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ChargeResult:
    """The outcome of an off-session charge: ``succeeded`` or ``failed`` (``retryable`` says
    whether the same charge may succeed later, e.g. a processing error vs a declined card)."""

    status: Literal["succeeded", "failed"]
    charge_id: str | None
    amount_cents: int
    currency: str
    failure_code: str | None = None
    failure_message: str | None = None
    retryable: bool = False


class BillingProvider(Protocol):
    """What finance needs of a processor. ``name`` is stored with customers and webhook events."""

    @property
    def name(self) -> Literal["local", "stripe"]: ...

    async def create_customer(
        self, *, store_id: str, name: str | None, email: str | None, idempotency_key: str
    ) -> CustomerInfo: ...

    async def create_setup_intent(self, *, customer_id: str) -> SetupIntentInfo: ...

    async def attach_payment_method(self, *, customer_id: str, payment_method_id: str) -> PaymentMethodInfo:
        """Attach a client-collected payment method to the customer; already attached to this
        customer ⇒ the same info (idempotent); another customer's or unknown ⇒ ProviderRejected."""
        ...

    async def detach_payment_method(self, *, payment_method_id: str) -> None:
        """Detach; already detached or unknown ⇒ no error."""
        ...

    async def set_default_payment_method(self, *, customer_id: str, payment_method_id: str) -> None: ...

    async def create_subscription(
        self,
        *,
        customer_id: str,
        price_id: str,
        payment_method_id: str,
        trial_days: int,
        period_days: int,
        metadata: dict[str, str],
        idempotency_key: str,
    ) -> SubscriptionSnapshot:
        """``period_days`` is the plan's interval for a provider that cannot read it from the
        price (local); Stripe's price decides its own periods."""
        ...

    async def get_subscription(self, *, subscription_id: str) -> SubscriptionSnapshot | None:
        """The current state; None when the provider does not know it."""
        ...

    # The state changes take finance's current view of the subscription (``current``): a provider
    # without state of its own (local) answers from it; Stripe uses its id only.
    async def cancel_subscription(
        self, *, current: SubscriptionSnapshot, at_period_end: bool
    ) -> SubscriptionSnapshot: ...

    async def pause_subscription(self, *, current: SubscriptionSnapshot) -> SubscriptionSnapshot: ...

    async def resume_subscription(self, *, current: SubscriptionSnapshot) -> SubscriptionSnapshot: ...

    async def charge_off_session(
        self,
        *,
        customer_id: str,
        payment_method_id: str,
        amount_cents: int,
        currency: str,
        description: str,
        metadata: dict[str, str],
        idempotency_key: str,
    ) -> ChargeResult:
        """Charge a saved card without the customer present. A decline is a ChargeResult
        (failed), not an exception; transport trouble raises ProviderUnavailable."""
        ...

    async def aclose(self) -> None: ...
