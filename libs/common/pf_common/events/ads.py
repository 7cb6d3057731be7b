"""Payloads published by ads on topic ``pf.ads.events``, plus the clickstream on ``pf.ads.clickstream``.

Catalogue rows 9 (``media_references_changed``, shared with identity and catalog) and 34-37 of
spec/EVENTS.md §5; fields and consumer actions in §6 (ads). ``ad_impression``/``ad_click`` are
published directly on ``pf.ads.clickstream`` (best effort, no outbox); see ``CLICKSTREAM_TOPIC``.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar
from uuid import UUID

from pydantic import AwareDatetime, Field

from pf_common.events import identity
from pf_common.events.common import (
    AdPlacement,
    AdSpendLine,
    AdStatus,
    AdTargetType,
    Cents,
    Count,
    Payload,
)

CLICKSTREAM_TOPIC = "pf.ads.clickstream"


class AdSnapshot(Payload):
    """Fields of every ad lifecycle event (not registered: it has no ``event_type``)."""

    ad_id: UUID
    store_id: UUID
    status: AdStatus
    placement: AdPlacement
    target_type: AdTargetType
    target_id: UUID
    bid_cents: Cents
    daily_budget_cents: Cents
    starts_at: AwareDatetime | None = None
    ends_at: AwareDatetime | None = None
    changed_at: AwareDatetime


class AdCreatedV1(AdSnapshot):
    """analytics (optional): ad dimension snapshot."""

    event_type: ClassVar[str] = "ad_created"
    producer: ClassVar[str] = "ads"
    aggregate_type: ClassVar[str] = "ad"
    aggregate_field: ClassVar[str] = "ad_id"


class AdUpdatedV1(AdSnapshot):
    """analytics (optional): ad dimension snapshot."""

    event_type: ClassVar[str] = "ad_updated"
    producer: ClassVar[str] = "ads"
    aggregate_type: ClassVar[str] = "ad"
    aggregate_field: ClassVar[str] = "ad_id"


class AdPausedV1(AdSnapshot):
    """analytics (optional): ad dimension snapshot."""

    event_type: ClassVar[str] = "ad_paused"
    producer: ClassVar[str] = "ads"
    aggregate_type: ClassVar[str] = "ad"
    aggregate_field: ClassVar[str] = "ad_id"


class AdActivatedV1(AdSnapshot):
    """analytics (optional): ad dimension snapshot."""

    event_type: ClassVar[str] = "ad_activated"
    producer: ClassVar[str] = "ads"
    aggregate_type: ClassVar[str] = "ad"
    aggregate_field: ClassVar[str] = "ad_id"


class AdExpiredV1(AdSnapshot):
    """analytics (optional): ad dimension snapshot."""

    event_type: ClassVar[str] = "ad_expired"
    producer: ClassVar[str] = "ads"
    aggregate_type: ClassVar[str] = "ad"
    aggregate_field: ClassVar[str] = "ad_id"


class AdDailyChargeRecordedV1(Payload):
    """analytics: one ``charge`` fact (cost_cents = spend_cents; impressions, clicks in the payload)."""

    event_type: ClassVar[str] = "ad_daily_charge_recorded"
    producer: ClassVar[str] = "ads"
    aggregate_type: ClassVar[str] = "ad"
    aggregate_field: ClassVar[str] = "ad_id"
    dedupe_template: ClassVar[str | None] = "ad_daily_charge:{ad_id}:{day}"

    ad_id: UUID
    vendor_store_id: UUID
    day: date
    impressions: Count
    clicks: Count
    spend_cents: Cents
    occurred_at: AwareDatetime  # end of ``day``, UTC


class AdSpendRolledUpV1(Payload):
    """finance: insert the store's ``ad_spend`` usage charge for ``for_date`` if absent, then bill it."""

    event_type: ClassVar[str] = "ad_spend_rolled_up"
    producer: ClassVar[str] = "ads"
    aggregate_type: ClassVar[str] = "store"
    aggregate_field: ClassVar[str] = "store_id"
    # EVENTS.md §5 writes ``ad_spend:<store_id>:<day>``; the day is the payload's ``for_date``.
    dedupe_template: ClassVar[str | None] = "ad_spend:{store_id}:{for_date}"

    store_id: UUID
    for_date: date
    amount_cents: Cents
    impressions: Count
    clicks: Count
    ads: list[AdSpendLine] = Field(default_factory=list)


class MediaReferencesChangedV1(identity.MediaReferencesChangedV1):
    """media: reconcile ``ad`` creative attachments (same schema as identity's, on this topic).

    Not registered separately: receipt validates against the registered identity class; a media
    consumer subscribes to ``pf.ads.events`` by using this class.
    """

    producer: ClassVar[str] = "ads"


class AdClickstreamEvent(Payload):
    """Fields of the clickstream events (not registered: it has no ``event_type``).

    Published directly on ``pf.ads.clickstream`` (no outbox); loss is tolerated.
    """

    topic: ClassVar[str] = CLICKSTREAM_TOPIC

    ad_id: UUID
    vendor_store_id: UUID
    buyer_store_id: UUID
    buyer_user_id: UUID | None = None
    placement: AdPlacement
    request_id: str
    token_id: UUID
    occurred_at: AwareDatetime


class AdImpressionV1(AdClickstreamEvent):
    """analytics: raw ``impression`` fact (30-day partition expiry); on ``pf.ads.clickstream``."""

    event_type: ClassVar[str] = "ad_impression"
    producer: ClassVar[str] = "ads"
    aggregate_type: ClassVar[str] = "ad"
    aggregate_field: ClassVar[str] = "ad_id"

    cost_millicents: Count


class AdClickV1(AdClickstreamEvent):
    """analytics: raw ``click`` fact (30-day partition expiry); on ``pf.ads.clickstream``."""

    event_type: ClassVar[str] = "ad_click"
    producer: ClassVar[str] = "ads"
    aggregate_type: ClassVar[str] = "ad"
    aggregate_field: ClassVar[str] = "ad_id"
