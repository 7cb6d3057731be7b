"""Billing providers (``provider.py`` is the interface): pick one with :func:`make_provider`."""

from __future__ import annotations

from pf_finance.billing.provider import BillingProvider
from pf_finance.settings import Settings

__all__ = ["make_provider"]


def make_provider(settings: Settings) -> BillingProvider:
    """The provider the settings name (``PF_FINANCE_BILLING_PROVIDER``); local is refused in
    production by the settings themselves."""
    if settings.billing_provider == "stripe":
        from pf_finance.billing.stripe import StripeBillingProvider

        return StripeBillingProvider.from_settings(settings)
    from pf_finance.billing.local import LocalBillingProvider

    return LocalBillingProvider()
