"""Payloads published by identity on topic ``pf.identity.events``.

Catalogue rows 1-9 of spec/EVENTS.md §5; fields and consumer actions in §6 (identity).
``media_references_changed`` is also emitted by catalog and ads: its schema is registered
here, and ``pf_common.events.catalog``/``pf_common.events.ads`` subclass it with their producer.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar
from uuid import UUID

from pydantic import AwareDatetime, Field

from pf_common.events.common import (
    Address,
    AttachmentEntityType,
    Count,
    KycStatus,
    LicenseStatus,
    LicenseType,
    Payload,
    StoreBadge,
    StoreType,
)


class StoreCreatedV1(Payload):
    """finance: Stripe customer for vendor stores; catalog/orders/ads/analytics/logistics: projection."""

    event_type: ClassVar[str] = "store_created"
    producer: ClassVar[str] = "identity"
    aggregate_type: ClassVar[str] = "store"
    aggregate_field: ClassVar[str] = "store_id"
    dedupe_template: ClassVar[str | None] = "store_created:{store_id}"

    store_id: UUID
    type: StoreType
    company_name: str
    dba_name: str | None = None
    phone: str | None = None  # additive: store projections keep the store's phone from creation on
    address: Address
    owner_user_id: UUID
    owner_email: str
    kyc_status: KycStatus
    subscription_active: bool = False
    logo_url: str | None = None
    created_at: AwareDatetime


class StoreUpdatedV1(Payload):
    """Store projections overwrite the listed fields when newer."""

    event_type: ClassVar[str] = "store_updated"
    producer: ClassVar[str] = "identity"
    aggregate_type: ClassVar[str] = "store"
    aggregate_field: ClassVar[str] = "store_id"

    store_id: UUID
    company_name: str
    dba_name: str | None = None
    phone: str | None = None
    email: str | None = None
    logo_media_id: UUID | None = None
    logo_url: str | None = None
    banner_url: str | None = None
    address: Address
    badge: StoreBadge | None = None
    updated_at: AwareDatetime


class StoreKycStatusChangedV1(Payload):
    """Store projections set ``kyc_status`` (gates browse, cart, checkout, ad serving)."""

    event_type: ClassVar[str] = "store_kyc_status_changed"
    producer: ClassVar[str] = "identity"
    aggregate_type: ClassVar[str] = "store"
    aggregate_field: ClassVar[str] = "store_id"

    store_id: UUID
    previous_status: KycStatus
    kyc_status: KycStatus
    reason: str | None = None
    changed_at: AwareDatetime


class LicenseStatusChangedV1(Payload):
    """notifications: pending ⇒ admin compliance notice; verified/rejected ⇒ store notice + email."""

    event_type: ClassVar[str] = "license_status_changed"
    producer: ClassVar[str] = "identity"
    aggregate_type: ClassVar[str] = "license"
    aggregate_field: ClassVar[str] = "license_id"

    license_id: UUID
    store_id: UUID
    status: LicenseStatus
    number: str
    type: LicenseType
    reason: str | None = None


class LicenseExpiringSoonV1(Payload):
    """notifications: store compliance notice + email (14 days before expiry)."""

    event_type: ClassVar[str] = "license_expiring_soon"
    producer: ClassVar[str] = "identity"
    aggregate_type: ClassVar[str] = "license"
    aggregate_field: ClassVar[str] = "license_id"
    dedupe_template: ClassVar[str | None] = "license_expiring_soon:{license_id}:{expiration_date}"

    license_id: UUID
    store_id: UUID
    expiration_date: date
    days_until_expiration: Count = 14


class LicenseExpiredV1(Payload):
    """notifications: store compliance notice + email."""

    event_type: ClassVar[str] = "license_expired"
    producer: ClassVar[str] = "identity"
    aggregate_type: ClassVar[str] = "license"
    aggregate_field: ClassVar[str] = "license_id"
    dedupe_template: ClassVar[str | None] = "license_expired:{license_id}"

    license_id: UUID
    store_id: UUID
    expiration_date: date
    expired_at: AwareDatetime


class LicenseDeletedV1(Payload):
    """media: delete the license attachment; with ``purge_media`` and no other use, the object and row."""

    event_type: ClassVar[str] = "license_deleted"
    producer: ClassVar[str] = "identity"
    aggregate_type: ClassVar[str] = "license"
    aggregate_field: ClassVar[str] = "license_id"
    dedupe_template: ClassVar[str | None] = "license_deleted:{license_id}"

    license_id: UUID
    store_id: UUID
    media_id: UUID
    purge_media: bool


class AgentUpsertedV1(Payload):
    """logistics: upsert the agent projection (inactive agents are never auto-assigned)."""

    event_type: ClassVar[str] = "agent_upserted"
    producer: ClassVar[str] = "identity"
    aggregate_type: ClassVar[str] = "user"
    aggregate_field: ClassVar[str] = "user_id"

    user_id: UUID
    first_name: str
    last_name: str
    email: str
    phone: str | None = None
    is_active: bool


ENTITY_AGGREGATES: dict[AttachmentEntityType, str] = {
    AttachmentEntityType.LICENSE: "license",
    AttachmentEntityType.AD: "ad",
    AttachmentEntityType.PRODUCT_GALLERY: "product",
    AttachmentEntityType.PRODUCT_COA: "product",
    AttachmentEntityType.STORE_LOGO: "store",
    AttachmentEntityType.STORE_BANNER: "store",
    AttachmentEntityType.USER_AVATAR: "user",
}


class MediaReferencesChangedV1(Payload):
    """media: reconcile attachments of the entity (delete removed, insert added; unknown media skipped).

    The aggregate is the owning entity (store, license, product, ad or user, derived from
    ``entity_type``; EVENTS.md §5 row 9), with ``aggregate_id=entity_id`` (ordering per entity).
    """

    event_type: ClassVar[str] = "media_references_changed"
    producer: ClassVar[str] = "identity"
    aggregate_type: ClassVar[str] = "entity"  # one of ENTITY_AGGREGATES on the envelope
    aggregate_field: ClassVar[str] = "entity_id"

    def envelope_aggregate_type(self) -> str:
        return ENTITY_AGGREGATES[self.entity_type]

    @classmethod
    def accepts_aggregate_type(cls, aggregate_type: str) -> bool:
        return aggregate_type in set(ENTITY_AGGREGATES.values())

    entity_type: AttachmentEntityType
    entity_id: UUID
    store_id: UUID
    old_media_ids: list[UUID] = Field(default_factory=list)
    new_media_ids: list[UUID] = Field(default_factory=list)
