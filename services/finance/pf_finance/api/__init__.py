"""HTTP routers of finance: parse, authorise, call one use case, shape the response (HOUSE_STYLE §2)."""

from fastapi import APIRouter

from pf_finance.api import admin_payments, internal, payouts, reconciliation

ROUTERS: list[APIRouter] = [payouts.router, admin_payments.router, reconciliation.router, internal.router]
