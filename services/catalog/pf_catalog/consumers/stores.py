"""Placeholder: filled in by the #7 work."""

from pf_common.consumer import Consumer

CONSUMERS: list[Consumer] = []
