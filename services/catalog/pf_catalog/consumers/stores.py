"""The store projection's consumers: identity's store events and finance's subscription status.

Each applies one event to ``store_projection`` through ``domain.stores`` (pf_common's guarded
upserts, then catalog's vendor-name sync) with the envelope's ``occurred_at`` as the version of its
source (safe twice, tolerant of any arrival order). The handler names are those of
``pf_common.store_projection.store_projection_consumers``, so the subscriptions are the same.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from pf_catalog.domain import stores
from pf_common.consumer import Consumer
from pf_common.events.envelope import Envelope
from pf_common.events.finance import SubscriptionStatusChangedV1
from pf_common.events.identity import StoreCreatedV1, StoreKycStatusChangedV1, StoreUpdatedV1


async def project_store_created(session: AsyncSession, event: StoreCreatedV1, envelope: Envelope) -> None:
    await stores.record_store_created(session, event, occurred_at=envelope.occurred_at)


async def project_store_updated(session: AsyncSession, event: StoreUpdatedV1, envelope: Envelope) -> None:
    await stores.record_store_updated(session, event, occurred_at=envelope.occurred_at)


async def project_store_kyc_status(
    session: AsyncSession, event: StoreKycStatusChangedV1, envelope: Envelope
) -> None:
    await stores.record_kyc_status_changed(session, event, occurred_at=envelope.occurred_at)


async def project_subscription_status(
    session: AsyncSession, event: SubscriptionStatusChangedV1, envelope: Envelope
) -> None:
    await stores.record_subscription_status_changed(session, event, occurred_at=envelope.occurred_at)


CONSUMERS: list[Consumer] = [
    Consumer(handler=project_store_created, event=StoreCreatedV1),
    Consumer(handler=project_store_updated, event=StoreUpdatedV1),
    Consumer(handler=project_store_kyc_status, event=StoreKycStatusChangedV1),
    Consumer(handler=project_subscription_status, event=SubscriptionStatusChangedV1),
]
