"""The store projection's consumers: identity's ``store_created``, ``store_updated``,
``store_kyc_status_changed`` and finance's ``subscription_status_changed`` (EVENTS.md §6).

logistics keeps stores for the licence gate at hand-over and for contacts, with no rule of its own
about them, so these are pf_common's ready-made handlers (guarded upserts, one version per source:
safe twice and tolerant of any arrival order); subscriptions ``logistics.project_store_created``
and so on.
"""

from __future__ import annotations

from pf_common.consumer import Consumer
from pf_common.store_projection import store_projection_consumers
from pf_logistics.models import StoreProjection

CONSUMERS: list[Consumer] = store_projection_consumers(StoreProjection)
