"""The orders worker consumes every event EVENTS.md §5 lists orders as a consumer of, once each,
under subscription names that are unique (``orders.<handler>``, HOUSE_STYLE §4)."""

from __future__ import annotations

from collections import Counter

from pf_orders.worker import CONSUMERS

# EVENTS.md §5: the rows whose consumers name orders
CONSUMED_BY_ORDERS = {
    "store_created",
    "store_updated",
    "store_kyc_status_changed",
    "order_assigned",
    "order_picked_up",
    "order_delivered",
    "cash_collected",
    "payment_failed",
    "payment_rejected",
    "order_paid",
    "subscription_status_changed",
}


def test_every_event_orders_consumes_has_exactly_one_consumer():
    consumed = Counter(c.event.event_type for c in CONSUMERS if c.event is not None)
    assert set(consumed) == CONSUMED_BY_ORDERS
    assert {t: n for t, n in consumed.items() if n != 1} == {}


def test_subscription_names_are_unique():
    names = [c.subscription("orders").name for c in CONSUMERS]
    assert len(names) == len(set(names))
    assert all(name.startswith("orders.") for name in names)


def test_no_consumer_needs_the_service_context_or_its_own_transactions():
    # one transaction with the inbox row (HOUSE_STYLE §3.4): none of them calls the network
    assert [c.handler_name for c in CONSUMERS if c.takes_context or not c.transaction] == []
