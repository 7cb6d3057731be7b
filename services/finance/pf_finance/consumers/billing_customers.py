"""Billing consumers: billing_customers — being built (issue 18)."""

from pf_common.consumer import Consumer

CONSUMERS: list[Consumer] = []
