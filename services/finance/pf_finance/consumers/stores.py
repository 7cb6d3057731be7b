"""The store projection's consumers: identity's ``store_created``, ``store_updated`` and
``store_kyc_status_changed`` (EVENTS.md §6) — pf_common's ready-made guarded upserts.

finance keeps stores to know which are vendors (billing customers, the admin's create-or-fetch)
and their names. Its own ``subscription_status_changed`` is not consumed back: finance's
subscriptions table is the truth of ``subscription_active``.
"""

from __future__ import annotations

from pf_common.consumer import Consumer
from pf_common.store_projection import store_projection_consumers
from pf_finance.models import StoreProjection

CONSUMERS: list[Consumer] = [
    c for c in store_projection_consumers(StoreProjection) if c.producer_name == "identity"
]
