"""The local billing provider: the embedded default, no network, refused in production.

It keeps no state, so the API and the worker (separate processes) agree without sharing any:
every id it hands out is derived from its inputs and encodes what later calls need.

* customers: ``cus_local_<hash of the store id>`` (create-or-fetch is naturally idempotent);
* setup intents: ``seti_local_<random>`` with a well-formed ``…_secret_…`` client secret;
* payment methods: the client passes one of Stripe's test tokens (``pm_card_visa``,
  ``pm_card_mastercard``, ``pm_card_amex``, ``pm_card_discover``, ``pm_card_chargeDeclined``,
  ``pm_card_chargeDeclinedInsufficientFunds``, ``pm_card_chargeDeclinedProcessingError``) — the
  same ids Stripe's test mode accepts — and gets ``pm_local_<card>_<hash of customer and
  token>``; the card (brand, last4, how it behaves when charged) is in the id. The fingerprint
  is the card's, so the same test card added twice to one store is a duplicate, as at Stripe;
* subscriptions activate at once (``trialing`` when the plan has a trial; ``incomplete`` when the
  card declines the first payment); pause, resume and cancel answer from finance's own view;
  :meth:`LocalBillingProvider.get_subscription` knows nothing (the reconcile job has nothing
  to repair against a provider that only echoes finance);
* off-session charges succeed, decline (not retryable) or fail with a processing error
  (retryable) according to the card, with ids derived from the idempotency key.

Every call logs ``billing.local.*`` saying it is local; responses carry ``provider: "local"``.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Literal

from pf_common.logging import get_logger
from pf_finance.billing.provider import (
    ChargeResult,
    CustomerInfo,
    PaymentMethodInfo,
    ProviderRejected,
    SetupIntentInfo,
    SubscriptionSnapshot,
)

__all__ = ["LOCAL_TEST_CARDS", "LocalBillingProvider", "LocalCard"]

log = get_logger(__name__)

Behaviour = Literal["ok", "declined", "insufficient", "processing"]


@dataclass(frozen=True, slots=True)
class LocalCard:
    key: str  # the short name inside local ids
    brand: str
    last4: str
    behaviour: Behaviour


# Stripe's test payment-method tokens (https://docs.stripe.com/testing), what each does here
LOCAL_TEST_CARDS: dict[str, LocalCard] = {
    "pm_card_visa": LocalCard("visa", "visa", "4242", "ok"),
    "pm_card_mastercard": LocalCard("mastercard", "mastercard", "4444", "ok"),
    "pm_card_amex": LocalCard("amex", "amex", "8431", "ok"),
    "pm_card_discover": LocalCard("discover", "discover", "1117", "ok"),
    "pm_card_chargeDeclined": LocalCard("declined", "visa", "0002", "declined"),
    "pm_card_chargeDeclinedInsufficientFunds": LocalCard("insufficient", "visa", "9995", "insufficient"),
    "pm_card_chargeDeclinedProcessingError": LocalCard("processing", "visa", "0119", "processing"),
}
_BY_KEY = {card.key: card for card in LOCAL_TEST_CARDS.values()}
_PM_PREFIX = "pm_local_"


def _digest(*parts: str, size: int = 24) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:size]


def _card_of(payment_method_id: str) -> LocalCard | None:
    if not payment_method_id.startswith(_PM_PREFIX):
        return None
    key, _, digest = payment_method_id[len(_PM_PREFIX) :].partition("_")
    card = _BY_KEY.get(key)
    return card if card is not None and len(digest) == 24 else None


def _year_now() -> int:
    return datetime.now(UTC).year


class LocalBillingProvider:
    """The embedded provider (module docstring). Construct with ``LocalBillingProvider()``."""

    name: Literal["local"] = "local"

    def __init__(self, *, clock: type[datetime] = datetime) -> None:
        self._clock = clock
        log.warning(
            "billing.local.provider", detail="LOCAL billing provider: no money moves; refused in production"
        )

    def _now(self) -> datetime:
        return self._clock.now(UTC)

    async def create_customer(
        self, *, store_id: str, name: str | None, email: str | None, idempotency_key: str
    ) -> CustomerInfo:
        customer_id = f"cus_local_{_digest('customer', store_id)}"
        log.info("billing.local.customer", store_id=store_id, customer_id=customer_id)
        return CustomerInfo(customer_id=customer_id)

    async def create_setup_intent(self, *, customer_id: str) -> SetupIntentInfo:
        intent = f"seti_local_{secrets.token_hex(12)}"
        log.info("billing.local.setup_intent", customer_id=customer_id, setup_intent_id=intent)
        return SetupIntentInfo(
            setup_intent_id=intent, client_secret=f"{intent}_secret_{secrets.token_hex(12)}"
        )

    async def attach_payment_method(self, *, customer_id: str, payment_method_id: str) -> PaymentMethodInfo:
        card = LOCAL_TEST_CARDS.get(payment_method_id)
        if card is not None:
            attached = f"{_PM_PREFIX}{card.key}_{_digest('pm', customer_id, payment_method_id)}"
        else:
            card = _card_of(payment_method_id)
            if card is None:
                raise ProviderRejected(
                    f"no such payment method: {payment_method_id!r} (the local provider accepts "
                    f"{', '.join(sorted(LOCAL_TEST_CARDS))})",
                    code="resource_missing",
                )
            attached = payment_method_id
            token = next(t for t, c in LOCAL_TEST_CARDS.items() if c == card)
            if attached != f"{_PM_PREFIX}{card.key}_{_digest('pm', customer_id, token)}":
                raise ProviderRejected(
                    "the payment method belongs to another customer", code="resource_missing"
                )
        log.info("billing.local.payment_method_attached", customer_id=customer_id, payment_method_id=attached)
        return PaymentMethodInfo(
            payment_method_id=attached,
            type="card",
            fingerprint=f"fp_local_{card.key}_{card.last4}",
            card_brand=card.brand,
            card_last4=card.last4,
            card_exp_month=12,
            card_exp_year=_year_now() + 3,
        )

    async def detach_payment_method(self, *, payment_method_id: str) -> None:
        log.info("billing.local.payment_method_detached", payment_method_id=payment_method_id)

    async def set_default_payment_method(self, *, customer_id: str, payment_method_id: str) -> None:
        log.info(
            "billing.local.default_payment_method",
            customer_id=customer_id,
            payment_method_id=payment_method_id,
        )

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
        card = _card_of(payment_method_id)
        if card is None:
            raise ProviderRejected("no such payment method", code="resource_missing")
        now = self._now()
        if trial_days > 0:
            status, end, trial_end = (
                "trialing",
                now + timedelta(days=trial_days),
                now + timedelta(days=trial_days),
            )
        else:
            status = "active" if card.behaviour == "ok" else "incomplete"
            end, trial_end = now + timedelta(days=period_days), None
        snapshot = SubscriptionSnapshot(
            subscription_id=f"sub_local_{_digest('subscription', idempotency_key)}",
            customer_id=customer_id,
            status=status,
            price_id=price_id,
            payment_method_id=payment_method_id,
            current_period_start=now,
            current_period_end=end,
            cancel_at_period_end=False,
            trial_end=trial_end,
            store_id=metadata.get("store_id"),
            plan_id=metadata.get("plan_id"),
            metadata=dict(metadata),
        )
        log.info(
            "billing.local.subscription_created", subscription_id=snapshot.subscription_id, status=status
        )
        return snapshot

    async def get_subscription(self, *, subscription_id: str) -> SubscriptionSnapshot | None:
        return None  # no state of its own: finance's row is all there is

    async def cancel_subscription(
        self, *, current: SubscriptionSnapshot, at_period_end: bool
    ) -> SubscriptionSnapshot:
        now = self._now()
        done = (
            replace(current, cancel_at_period_end=True)
            if at_period_end
            else replace(current, status="canceled", canceled_at=now, cancel_at_period_end=False)
        )
        log.info(
            "billing.local.subscription_canceled",
            subscription_id=current.subscription_id,
            at_period_end=at_period_end,
        )
        return done

    async def pause_subscription(self, *, current: SubscriptionSnapshot) -> SubscriptionSnapshot:
        log.info("billing.local.subscription_paused", subscription_id=current.subscription_id)
        return replace(current, status="paused", paused_at=self._now(), resume_effective_at=None)

    async def resume_subscription(self, *, current: SubscriptionSnapshot) -> SubscriptionSnapshot:
        now = self._now()
        log.info("billing.local.subscription_resumed", subscription_id=current.subscription_id)
        end = current.current_period_end if current.current_period_end > now else now + timedelta(days=30)
        return replace(
            current, status="active", paused_at=None, resume_effective_at=now, current_period_end=end
        )

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
        card = _card_of(payment_method_id)
        if card is None:
            raise ProviderRejected("no such payment method", code="resource_missing")
        charge_id = f"ch_local_{_digest('charge', idempotency_key)}"
        if card.behaviour == "ok":
            result = ChargeResult(
                status="succeeded", charge_id=charge_id, amount_cents=amount_cents, currency=currency
            )
        elif card.behaviour == "processing":
            result = ChargeResult(
                status="failed",
                charge_id=charge_id,
                amount_cents=amount_cents,
                currency=currency,
                failure_code="processing_error",
                failure_message="An error occurred while processing the card (local provider).",
                retryable=True,
            )
        else:
            code = "insufficient_funds" if card.behaviour == "insufficient" else "card_declined"
            result = ChargeResult(
                status="failed",
                charge_id=charge_id,
                amount_cents=amount_cents,
                currency=currency,
                failure_code=code,
                failure_message="The card was declined (local provider).",
            )
        log.info("billing.local.charge", charge_id=charge_id, status=result.status, amount_cents=amount_cents)
        return result

    async def aclose(self) -> None:
        return None
