"""finance's billing tests: the app and the consumers with the LOCAL provider (no network) behind
a ``RecordingProvider`` — the same local answers, every call recorded, and failures injected at the
provider interface (``fail_next["create_subscription"] = ProviderUnavailable("down")``), so a
test can say what the service does when the processor is down or refuses. The Stripe adapter
itself is tested against a local HTTP fake of Stripe (test_stripe_provider.py)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
import sqlalchemy as sa

from pf_finance.billing.local import LocalBillingProvider
from pf_finance.billing.provider import ChargeResult
from pf_finance.models import (
    BillingCustomer,
    BillingPlan,
    Charge,
    PaymentMethod,
    ProviderEvent,
    StoreProjection,
    Subscription,
    UsageCharge,
)

CUSTOMERS: sa.Table = BillingCustomer.__table__  # type: ignore[assignment]
PLANS: sa.Table = BillingPlan.__table__  # type: ignore[assignment]
SUBSCRIPTIONS: sa.Table = Subscription.__table__  # type: ignore[assignment]
PAYMENT_METHODS: sa.Table = PaymentMethod.__table__  # type: ignore[assignment]
CHARGES: sa.Table = Charge.__table__  # type: ignore[assignment]
USAGE: sa.Table = UsageCharge.__table__  # type: ignore[assignment]
PROVIDER_EVENTS: sa.Table = ProviderEvent.__table__  # type: ignore[assignment]
STORES: sa.Table = StoreProjection.__table__


class RecordingProvider:
    """The local provider, recorded: ``calls`` lists ``(method, kwargs)``; ``fail_next[method]``
    raises that exception once instead of answering; ``charge_results`` (a list) answers the next
    ``charge_off_session`` calls with those results first."""

    def __init__(self) -> None:
        self.inner = LocalBillingProvider()
        self.name = self.inner.name
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.fail_next: dict[str, Exception] = {}
        self.charge_results: list[ChargeResult] = []

    def called(self, method: str) -> list[dict[str, Any]]:
        return [kw for m, kw in self.calls if m == method]

    def __getattr__(self, method: str) -> Callable[..., Awaitable[Any]]:
        target = getattr(self.inner, method)

        async def call(**kwargs: Any) -> Any:
            self.calls.append((method, kwargs))
            if method in self.fail_next:
                raise self.fail_next.pop(method)
            if method == "charge_off_session" and self.charge_results:
                return self.charge_results.pop(0)
            return await target(**kwargs)

        return call


@pytest.fixture
def provider() -> RecordingProvider:
    return RecordingProvider()


@pytest.fixture
def context(context_factory, provider):
    return context_factory(billing=provider)
