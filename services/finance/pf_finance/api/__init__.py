"""HTTP routers of finance: parse, authorise, call one use case, shape the response (HOUSE_STYLE §2)."""

from fastapi import APIRouter

from pf_finance.api import (
    admin_payments,
    billing_customers,
    charges,
    internal,
    payment_methods,
    payouts,
    plans,
    reconciliation,
    subscriptions,
    webhooks,
)

ROUTERS: list[APIRouter] = [
    payouts.router,
    admin_payments.router,
    reconciliation.router,
    plans.router,
    billing_customers.router,
    payment_methods.router,
    subscriptions.router,
    charges.router,
    webhooks.router,
    internal.router,
]
