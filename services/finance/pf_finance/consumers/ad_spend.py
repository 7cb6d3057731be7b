"""Billing consumers: ad_spend — being built (issue 18)."""

from pf_common.consumer import Consumer

CONSUMERS: list[Consumer] = []
