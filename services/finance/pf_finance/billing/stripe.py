"""The Stripe billing provider: :class:`BillingProvider` on the ``stripe`` package (v1 API).

One ``stripe.StripeClient`` per process (built by :meth:`StripeBillingProvider.from_settings`
from ``PF_FINANCE_STRIPE_*``; never a module-level ``stripe.api_key``), on ``stripe.HTTPXClient``
(async), with the settings' timeout, network retries and API base (tests point it at a local HTTP
fake of Stripe). Every call announces itself to :mod:`pf_common.iosafety` (``stripe <operation>``)
so a call made inside a database transaction is reported like any other outgoing request.

What each method asks of Stripe:

* customers: ``POST /v1/customers`` with ``metadata[store_id]`` and the caller's idempotency key
  (create-or-fetch stays finance's: ``billing_customers`` holds the id);
* setup intents: ``usage=off_session`` (the card is saved for renewals and usage charges),
  card only; the client secret goes to the browser;
* payment methods: attach retrieves first — already this customer's ⇒ the same info (a retried
  add is idempotent); another customer's ⇒ :class:`ProviderRejected` ``resource_missing`` (the
  local provider's answer: a foreign card is not revealed); detach of a detached or unknown
  method is no error; the default is the customer's ``invoice_settings.default_payment_method``;
* subscriptions: one item of the plan's price, ``default_payment_method``, ``metadata`` (finance
  sets ``store_id`` and ``plan_id``: the webhook consumer resolves the store from it),
  ``trial_period_days`` when the plan has a trial, and ``payment_behavior=allow_incomplete``:
  the card was saved off-session, so Stripe charges the first invoice at once and the
  subscription is ``active`` (or ``trialing``) in the answer; a decline or a required
  authentication leaves it ``incomplete`` without failing the call, and the webhooks move it on
  (``default_incomplete`` would leave every subscription ``incomplete`` until a client-side
  confirmation this API has no step for; ``error_if_incomplete`` would turn a decline into an
  error after Stripe created the subscription). Cancel at period end sets
  ``cancel_at_period_end``; an immediate cancel deletes (an already canceled one answers its
  state). Pause is ``pause_collection[behavior]=void`` — Stripe keeps ``status=active`` and
  :func:`to_snapshot` reports ``paused``; resume clears ``pause_collection``;
  :meth:`~StripeBillingProvider.get_subscription` answers None for ``resource_missing``;
* off-session charges: a PaymentIntent with ``confirm=true``, ``off_session=true``, the saved
  card, the caller's metadata and its idempotency key as the request's ``Idempotency-Key`` (a
  retry never charges twice). ``ChargeResult.charge_id`` is the PaymentIntent's id — the id the
  ``payment_intent.*`` webhooks carry, so they find the charge row. A card error is a failed
  ``ChargeResult`` (Stripe's code, the decline code in the message); it is ``retryable`` only
  for processing errors and issuer-side "try again" declines (:data:`RETRYABLE_CARD_CODES`).

Errors: no answer, a timeout, 429, 409 (after the client's own retries) or a 5xx ⇒
:class:`ProviderUnavailable`; an invalid request (400/404, Stripe's ``code`` kept, e.g.
``resource_missing``), an idempotency-key reuse or a card error outside a charge ⇒
:class:`ProviderRejected`; a refused API key (401/403) ⇒ :class:`ProviderUnavailable` (a
configuration fault: the caller cannot fix it, an operator can), logged as an error. Logs carry
the operation, Stripe's error code, HTTP status and request id — never the API key, a client
secret or a payload.

:func:`to_snapshot` normalises a Stripe subscription object (an API answer or a webhook's
``data.object``) into :class:`SubscriptionSnapshot`; the webhook consumer uses it too.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

import stripe

from pf_common.iosafety import check_io
from pf_common.logging import get_logger
from pf_finance.billing.provider import (
    ChargeResult,
    CustomerInfo,
    PaymentMethodInfo,
    ProviderRejected,
    ProviderUnavailable,
    SetupIntentInfo,
    SubscriptionSnapshot,
)

if TYPE_CHECKING:
    from stripe.params import (
        CustomerCreateParams,
        PaymentIntentCreateParams,
        SetupIntentCreateParams,
        SubscriptionCreateParams,
    )

    from pf_finance.settings import Settings

__all__ = [
    "PAYMENT_BEHAVIOR",
    "RETRYABLE_CARD_CODES",
    "StripeBillingProvider",
    "to_snapshot",
]

log = get_logger(__name__)

T = TypeVar("T")

PAYMENT_BEHAVIOR: Literal["allow_incomplete"] = "allow_incomplete"
# card errors (Stripe ``code`` or ``decline_code``) that may succeed when tried again later
RETRYABLE_CARD_CODES = frozenset(
    {"processing_error", "try_again_later", "issuer_not_available", "rate_limit", "lock_timeout"}
)
# Stripe keeps these statuses while collection is paused; finance reports ``paused``
_PAUSABLE_STATUSES = frozenset({"trialing", "active", "past_due"})


# --------------------------------------------------------------------------- normalising


def _ts(value: Any) -> datetime | None:
    """A Stripe timestamp (Unix seconds) as an aware UTC datetime; None for null."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value, UTC)
    if isinstance(value, str) and value.isdigit():
        return datetime.fromtimestamp(int(value), UTC)
    return None


def _id_of(value: Any) -> str | None:
    """An expandable field: the id string, or the ``id`` of an expanded object."""
    if isinstance(value, str):
        return value or None
    if isinstance(value, Mapping):
        found = value.get("id")
        return found if isinstance(found, str) else None
    return None


def _items(sub: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    items = sub.get("items")
    data = items.get("data") if isinstance(items, Mapping) else items
    return [i for i in data if isinstance(i, Mapping)] if isinstance(data, list) else []


def _str_metadata(value: Any) -> dict[str, str]:
    if not isinstance(value, Mapping):
        return {}
    return {str(k): str(v) for k, v in value.items() if v is not None}


def to_snapshot(sub: Mapping[str, Any]) -> SubscriptionSnapshot:
    """Normalise a Stripe subscription object (a plain dict: an API answer's ``to_dict()`` or a
    webhook's ``data.object``). Raises ``ValueError`` when it is not a subscription.

    * period: on the subscription object (API versions before 2025-03-31) or on its items
      (later versions: the earliest start and the latest end of the items); without either, the
      trial end, the cancel time or the end — ``current_period_end`` is never null;
    * status: Stripe's, except that a ``pause_collection`` on a trialing, active or past-due
      subscription reports ``paused`` (Stripe leaves the status alone when collection pauses);
      ``resume_effective_at`` is then the scheduled ``resumes_at``;
    * price: the first item's price; store and plan: the ``store_id``/``plan_id`` metadata.
    """
    sub_id = sub.get("id")
    if sub.get("object", "subscription") != "subscription" or not isinstance(sub_id, str) or not sub_id:
        raise ValueError("not a Stripe subscription object")
    customer = _id_of(sub.get("customer"))
    if customer is None:
        raise ValueError(f"subscription {sub_id} has no customer")
    items = _items(sub)
    starts = [s for s in (_ts(i.get("current_period_start")) for i in items) if s is not None]
    ends = [e for e in (_ts(i.get("current_period_end")) for i in items) if e is not None]
    period_start = _ts(sub.get("current_period_start")) or (min(starts) if starts else None)
    period_end = (
        _ts(sub.get("current_period_end"))
        or (max(ends) if ends else None)
        or _ts(sub.get("trial_end"))
        or _ts(sub.get("cancel_at"))
        or _ts(sub.get("ended_at"))
        or _ts(sub.get("billing_cycle_anchor"))
        or _ts(sub.get("start_date"))
        or _ts(sub.get("created"))
    )
    if period_end is None:
        raise ValueError(f"subscription {sub_id} has no period end")
    status = str(sub.get("status") or "incomplete")
    pause = sub.get("pause_collection")
    resume_at: datetime | None = None
    if isinstance(pause, Mapping) and status in _PAUSABLE_STATUSES:
        status = "paused"
        resume_at = _ts(pause.get("resumes_at"))
    price = items[0].get("price") if items else None
    if price is None and items:
        price = items[0].get("plan")
    metadata = _str_metadata(sub.get("metadata"))
    return SubscriptionSnapshot(
        subscription_id=sub_id,
        customer_id=customer,
        status=status,
        price_id=_id_of(price),
        payment_method_id=_id_of(sub.get("default_payment_method")),
        current_period_start=period_start,
        current_period_end=period_end,
        cancel_at_period_end=bool(sub.get("cancel_at_period_end")),
        canceled_at=_ts(sub.get("canceled_at")),
        paused_at=None,  # Stripe does not say when collection was paused: the fact's time is used
        resume_effective_at=resume_at,
        trial_end=_ts(sub.get("trial_end")),
        store_id=metadata.get("store_id"),
        plan_id=metadata.get("plan_id"),
        metadata=metadata,
    )


def _payment_method_info(pm: Mapping[str, Any]) -> PaymentMethodInfo:
    kind = pm.get("type")
    card = pm.get("card") if isinstance(pm.get("card"), Mapping) else None
    bank = pm.get("us_bank_account") if isinstance(pm.get("us_bank_account"), Mapping) else None
    details = pm.get("billing_details")
    if kind == "card" and card is not None:
        return PaymentMethodInfo(
            payment_method_id=str(pm["id"]),
            type="card",
            fingerprint=card.get("fingerprint"),
            card_brand=card.get("brand"),
            card_last4=card.get("last4"),
            card_exp_month=card.get("exp_month"),
            card_exp_year=card.get("exp_year"),
            billing_details=dict(details) if isinstance(details, Mapping) else {},
        )
    return PaymentMethodInfo(
        payment_method_id=str(pm["id"]),
        type="us_bank_account" if kind == "us_bank_account" else "other",
        fingerprint=bank.get("fingerprint") if bank is not None else None,
        card_brand=None,
        card_last4=bank.get("last4") if bank is not None else None,
        card_exp_month=None,
        card_exp_year=None,
        billing_details=dict(details) if isinstance(details, Mapping) else {},
    )


def _error_body(exc: stripe.StripeError) -> Mapping[str, Any]:
    body = exc.json_body
    if isinstance(body, Mapping) and isinstance(body.get("error"), Mapping):
        return cast("Mapping[str, Any]", body["error"])
    return {}


# --------------------------------------------------------------------------- the provider


class StripeBillingProvider:
    """The Stripe adapter (module docstring). Build it with :meth:`from_settings`."""

    name: Literal["stripe"] = "stripe"

    def __init__(self, client: stripe.StripeClient, http_client: stripe.HTTPXClient) -> None:
        self._client = client
        self._http = http_client

    @classmethod
    def from_settings(cls, settings: Settings) -> StripeBillingProvider:
        if settings.stripe_api_key is None:
            raise ValueError("the Stripe provider needs PF_FINANCE_STRIPE_API_KEY")
        http = stripe.HTTPXClient(timeout=settings.stripe_timeout_s)
        client = stripe.StripeClient(
            settings.stripe_api_key.get_secret_value(),
            base_addresses={"api": settings.stripe_api_base} if settings.stripe_api_base else None,
            http_client=http,
            max_network_retries=settings.stripe_max_network_retries,
        )
        return cls(client, http)

    async def _call(self, operation: str, call: Callable[[], Awaitable[T]]) -> T:
        """Run one Stripe request, mapping Stripe's errors onto the provider's."""
        check_io(f"stripe {operation}")
        try:
            return await call()
        except stripe.StripeError as exc:
            raise self._mapped(operation, exc) from None

    def _mapped(self, operation: str, exc: stripe.StripeError) -> Exception:
        err = _error_body(exc)
        code = exc.code or err.get("code") or err.get("type")
        fields = {
            "operation": operation,
            "http_status": exc.http_status,
            "code": code,
            "request_id": exc.request_id,
        }
        message = exc.user_message or "Stripe refused the request"
        if isinstance(exc, stripe.InvalidRequestError | stripe.CardError | stripe.IdempotencyError):
            log.info("billing.stripe.rejected", **fields)
            return ProviderRejected(str(message), code=code)
        if isinstance(exc, stripe.AuthenticationError | stripe.PermissionError):
            log.error("billing.stripe.auth_refused", **fields)
            return ProviderUnavailable("Stripe refused finance's API key", code=code)
        # APIConnectionError (no answer, timeout), RateLimitError, APIError (5xx, 409), others
        log.warning("billing.stripe.unavailable", error=type(exc).__name__, **fields)
        return ProviderUnavailable(f"Stripe is unavailable ({type(exc).__name__})", code=code)

    # --- customers, setup intents, payment methods ------------------------------------------

    async def create_customer(
        self, *, store_id: str, name: str | None, email: str | None, idempotency_key: str
    ) -> CustomerInfo:
        params: CustomerCreateParams = {"metadata": {"store_id": store_id}}
        if name:
            params["name"] = name
        if email:
            params["email"] = email
        customer = await self._call(
            "customers.create",
            lambda: self._client.v1.customers.create_async(
                params, options={"idempotency_key": idempotency_key}
            ),
        )
        log.info("billing.stripe.customer_created", store_id=store_id, customer_id=customer.id)
        return CustomerInfo(customer_id=customer.id)

    async def create_setup_intent(self, *, customer_id: str) -> SetupIntentInfo:
        params: SetupIntentCreateParams = {
            "customer": customer_id,
            "usage": "off_session",
            "allowed_payment_method_types": ["card"],
        }
        intent = await self._call(
            "setup_intents.create", lambda: self._client.v1.setup_intents.create_async(params)
        )
        if not intent.client_secret:
            raise ProviderUnavailable("Stripe answered a setup intent without a client secret")
        log.info("billing.stripe.setup_intent", customer_id=customer_id, setup_intent_id=intent.id)
        return SetupIntentInfo(setup_intent_id=intent.id, client_secret=intent.client_secret)

    async def _retrieve_payment_method(self, payment_method_id: str) -> dict[str, Any]:
        pm = await self._call(
            "payment_methods.retrieve",
            lambda: self._client.v1.payment_methods.retrieve_async(payment_method_id),
        )
        return pm.to_dict()

    async def attach_payment_method(self, *, customer_id: str, payment_method_id: str) -> PaymentMethodInfo:
        current = await self._retrieve_payment_method(payment_method_id)
        owner = _id_of(current.get("customer"))
        if owner == customer_id:
            return _payment_method_info(current)
        if owner is not None:
            log.info("billing.stripe.payment_method_foreign", customer_id=customer_id)
            raise ProviderRejected("the payment method belongs to another customer", code="resource_missing")
        attached = await self._call(
            "payment_methods.attach",
            lambda: self._client.v1.payment_methods.attach_async(
                payment_method_id, {"customer": customer_id}
            ),
        )
        info = _payment_method_info(attached.to_dict())
        log.info(
            "billing.stripe.payment_method_attached",
            customer_id=customer_id,
            payment_method_id=info.payment_method_id,
        )
        return info

    async def detach_payment_method(self, *, payment_method_id: str) -> None:
        try:
            await self._call(
                "payment_methods.detach",
                lambda: self._client.v1.payment_methods.detach_async(payment_method_id),
            )
        except ProviderRejected as exc:
            if exc.code == "resource_missing":
                return
            # not attached (any more)? then there is nothing to do
            try:
                current = await self._retrieve_payment_method(payment_method_id)
            except ProviderRejected:
                return
            if current.get("customer") is not None:
                raise
        log.info("billing.stripe.payment_method_detached", payment_method_id=payment_method_id)

    async def set_default_payment_method(self, *, customer_id: str, payment_method_id: str) -> None:
        await self._call(
            "customers.update",
            lambda: self._client.v1.customers.update_async(
                customer_id, {"invoice_settings": {"default_payment_method": payment_method_id}}
            ),
        )
        log.info(
            "billing.stripe.default_payment_method",
            customer_id=customer_id,
            payment_method_id=payment_method_id,
        )

    # --- subscriptions --------------------------------------------------------------------------

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
        params: SubscriptionCreateParams = {
            "customer": customer_id,
            "items": [{"price": price_id}],
            "default_payment_method": payment_method_id,
            "metadata": dict(metadata),
            "payment_behavior": PAYMENT_BEHAVIOR,
        }
        if trial_days > 0:
            params["trial_period_days"] = trial_days
        sub = await self._call(
            "subscriptions.create",
            lambda: self._client.v1.subscriptions.create_async(
                params, options={"idempotency_key": idempotency_key}
            ),
        )
        snap = to_snapshot(sub.to_dict())
        log.info(
            "billing.stripe.subscription_created", subscription_id=snap.subscription_id, status=snap.status
        )
        return snap

    async def get_subscription(self, *, subscription_id: str) -> SubscriptionSnapshot | None:
        try:
            sub = await self._call(
                "subscriptions.retrieve",
                lambda: self._client.v1.subscriptions.retrieve_async(subscription_id),
            )
        except ProviderRejected as exc:
            if exc.code == "resource_missing":
                return None
            raise
        return to_snapshot(sub.to_dict())

    async def cancel_subscription(
        self, *, current: SubscriptionSnapshot, at_period_end: bool
    ) -> SubscriptionSnapshot:
        sub_id = current.subscription_id
        if at_period_end:
            sub = await self._call(
                "subscriptions.update",
                lambda: self._client.v1.subscriptions.update_async(sub_id, {"cancel_at_period_end": True}),
            )
        else:
            try:
                sub = await self._call(
                    "subscriptions.cancel", lambda: self._client.v1.subscriptions.cancel_async(sub_id)
                )
            except ProviderRejected:
                # already canceled? Stripe refuses a second cancel: answer the state it has
                found = await self.get_subscription(subscription_id=sub_id)
                if found is None or found.status != "canceled":
                    raise
                return found
        snap = to_snapshot(sub.to_dict())
        log.info(
            "billing.stripe.subscription_canceled",
            subscription_id=sub_id,
            at_period_end=at_period_end,
            status=snap.status,
        )
        return snap

    async def pause_subscription(self, *, current: SubscriptionSnapshot) -> SubscriptionSnapshot:
        sub_id = current.subscription_id
        sub = await self._call(
            "subscriptions.update",
            lambda: self._client.v1.subscriptions.update_async(
                sub_id, {"pause_collection": {"behavior": "void"}}
            ),
        )
        snap = to_snapshot(sub.to_dict())
        log.info("billing.stripe.subscription_paused", subscription_id=sub_id, status=snap.status)
        return snap

    async def resume_subscription(self, *, current: SubscriptionSnapshot) -> SubscriptionSnapshot:
        sub_id = current.subscription_id
        sub = await self._call(
            "subscriptions.update",
            lambda: self._client.v1.subscriptions.update_async(sub_id, {"pause_collection": ""}),
        )
        snap = to_snapshot(sub.to_dict())
        log.info("billing.stripe.subscription_resumed", subscription_id=sub_id, status=snap.status)
        return snap

    # --- off-session charges --------------------------------------------------------------------

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
        params: PaymentIntentCreateParams = {
            "amount": amount_cents,
            "currency": currency.lower(),
            "customer": customer_id,
            "payment_method": payment_method_id,
            "confirm": True,
            "off_session": True,
            # no redirect-based method can complete without the customer
            "automatic_payment_methods": {"enabled": True, "allow_redirects": "never"},
            "description": description,
            "metadata": dict(metadata),
        }
        operation = "payment_intents.create"
        check_io(f"stripe {operation}")
        try:
            intent = await self._client.v1.payment_intents.create_async(
                params, options={"idempotency_key": idempotency_key}
            )
        except stripe.CardError as exc:
            return self._declined(exc, amount_cents=amount_cents, currency=currency)
        except stripe.StripeError as exc:
            raise self._mapped(operation, exc) from None
        answer = intent.to_dict()
        intent_id, status = str(answer["id"]), str(answer.get("status"))
        answered = answer.get("amount")
        amount = answered if isinstance(answered, int) else amount_cents
        if status == "succeeded":
            result = ChargeResult(
                status="succeeded", charge_id=intent_id, amount_cents=amount, currency=currency
            )
        else:
            # requires_action (authentication needed off-session), requires_payment_method,
            # processing: not taken now; "processing" may still succeed (its webhook will say)
            last_error = answer.get("last_payment_error")
            error: Mapping[str, Any] = last_error if isinstance(last_error, Mapping) else {}
            code = error.get("code") or ("authentication_required" if status == "requires_action" else status)
            result = ChargeResult(
                status="failed",
                charge_id=intent_id,
                amount_cents=amount,
                currency=currency,
                failure_code=str(code),
                failure_message=str(error.get("message") or f"the payment is {status}"),
                retryable=status == "processing" or code in RETRYABLE_CARD_CODES,
            )
        log.info(
            "billing.stripe.charge",
            charge_id=result.charge_id,
            status=result.status,
            failure_code=result.failure_code,
            amount_cents=amount_cents,
        )
        return result

    def _declined(self, exc: stripe.CardError, *, amount_cents: int, currency: str) -> ChargeResult:
        err = _error_body(exc)
        code = exc.code or err.get("code") or "card_declined"
        decline = err.get("decline_code")
        intent = err.get("payment_intent")
        intent_id = _id_of(intent)
        message = exc.user_message or "the card was declined"
        if decline and decline != code:
            message = f"{message} ({decline})"
        result = ChargeResult(
            status="failed",
            charge_id=intent_id,
            amount_cents=amount_cents,
            currency=currency,
            failure_code=code,
            failure_message=str(message),
            retryable=code in RETRYABLE_CARD_CODES or decline in RETRYABLE_CARD_CODES,
        )
        log.info(
            "billing.stripe.charge",
            charge_id=intent_id,
            status="failed",
            failure_code=code,
            decline_code=decline,
            retryable=result.retryable,
            request_id=exc.request_id,
            amount_cents=amount_cents,
        )
        return result

    async def aclose(self) -> None:
        await self._http.close_async()
