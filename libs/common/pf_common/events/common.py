"""Value types, enumerations and base classes shared by the catalogue payloads.

Not a topic of its own: the producer modules (``pf_common.events.<service>``) build
their payloads from these. Value types follow spec/DOMAIN.md §2 and the nested
objects of spec/EVENTS.md §6; enumerations mirror DOMAIN §3 value for value and
are add-only (a removed or renamed value is a breaking change, i.e. a ``V2``).

Producers are strict at every depth (unknown fields are rejected); a consumer's
``parse_received`` ignores unknown fields at every depth, nested objects included,
so additive changes never dead-letter a message.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, model_validator

from pf_common.events.registry import EventPayload

# Validation context set by ``Payload.parse_received`` (a received message).
RECEIVED_CONTEXT: dict[str, Any] = {"pf_received": True}

Cents = Annotated[int, Field(ge=0)]
"""Money in integer US cents, never negative in a payload."""

Count = Annotated[int, Field(ge=0)]
"""A non-negative count (impressions, clicks, items, days)."""


def _known_fields_when_received(cls: type[BaseModel], data: Any, info: ValidationInfo) -> Any:
    if isinstance(data, dict) and info.context and info.context.get("pf_received"):
        return {k: v for k, v in data.items() if k in cls.model_fields}
    return data


class PayloadValue(BaseModel):
    """A nested object of a payload: strict when a producer builds it, lenient on receipt."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _ignore_unknown_on_receipt(cls, data: Any, info: ValidationInfo) -> Any:
        return _known_fields_when_received(cls, data, info)


class Payload(EventPayload):
    """Base of every catalogue payload (not registered itself: it has no ``event_type``)."""

    @classmethod
    def parse_received(cls, data: dict[str, Any]) -> EventPayload:
        """Validate a received payload, ignoring unknown fields here and in nested objects."""
        known = {k: v for k, v in data.items() if k in cls.model_fields}
        return cls.model_validate(known, context=RECEIVED_CONTEXT)


class OrderKeysPayload(Payload):
    """The common order keys ``OK`` of spec/EVENTS.md §6 (aggregate: the vendor order)."""

    order_id: UUID
    checkout_group_id: UUID
    buyer_store_id: UUID
    vendor_store_id: UUID


# --- enumerations (spec/DOMAIN.md §3; only those used in payloads) -----------------------------


class StoreType(StrEnum):
    BUYER = "buyer"
    VENDOR = "vendor"


class KycStatus(StrEnum):
    PENDING_VERIFICATION = "pending_verification"
    VERIFIED = "verified"
    REJECTED = "rejected"
    EXPIRED = "expired"
    SUSPENDED = "suspended"


class StoreBadge(StrEnum):
    TOP_BRAND = "top_brand"
    QUALITY_VERIFIED = "quality_verified"


class LicenseStatus(StrEnum):
    PENDING = "pending"
    VERIFIED = "verified"
    REJECTED = "rejected"
    EXPIRED = "expired"


class LicenseType(StrEnum):
    PRODUCER = "producer"
    GROWER = "grower"
    DISPENSARY = "dispensary"
    MERCHANT = "merchant"


class MediaKind(StrEnum):
    PRODUCT = "product"
    ADS = "ads"
    PDF = "pdf"
    LICENSE_DOC = "license_doc"
    COA = "coa"
    MANIFEST = "manifest"
    USER = "user"
    STORE = "store"
    OTHER = "other"


class MediaStatus(StrEnum):
    PENDING = "pending"
    UPLOADED = "uploaded"
    PROCESSING = "processing"
    READY = "ready"
    FAILED = "failed"
    DELETE_REQUESTED = "delete_requested"
    DELETED = "deleted"
    DELETE_FAILED = "delete_failed"


class AttachmentEntityType(StrEnum):
    """The first two are protected (never deleted while referenced)."""

    LICENSE = "license"
    AD = "ad"
    PRODUCT_GALLERY = "product_gallery"
    PRODUCT_COA = "product_coa"
    STORE_LOGO = "store_logo"
    STORE_BANNER = "store_banner"
    USER_AVATAR = "user_avatar"


class ProductCategory(StrEnum):
    FLOWER = "flower"
    CART = "cart"
    PRE_ROLL = "pre_roll"
    EDIBLE = "edible"
    CONCENTRATE = "concentrate"
    BEVERAGE = "beverage"
    VAPE = "vape"
    TOPICAL = "topical"
    TINCTURE = "tincture"
    SEED = "seed"
    SEEDLING = "seedling"
    ACCESSORY = "accessory"


class ProductClassification(StrEnum):
    SATIVA = "sativa"
    HYBRID = "hybrid"
    INDICA = "indica"
    CBD = "cbd"
    HEMP = "hemp"
    BALANCED = "balanced"


class ProductUnit(StrEnum):
    UNIT = "unit"
    GRAM = "gram"
    OUNCE = "ounce"
    POUND = "pound"
    EIGHTH = "eighth"
    SIXTEENTH = "sixteenth"


class CartItemWarningType(StrEnum):
    CLAMPED_TO_MOQ = "clamped_to_moq"
    CLAMPED_TO_MAX = "clamped_to_max"
    PRICE_CHANGED = "price_changed"
    NOT_AVAILABLE = "not_available"
    VENDOR_INVALID = "vendor_invalid"
    VENDOR_MISMATCH = "vendor_mismatch"
    INVALID_PROMO = "invalid_promo"


class Currency(StrEnum):
    """Only USD is accepted at checkout."""

    USD = "USD"
    BTC = "BTC"
    ETH = "ETH"


class PaymentMethod(StrEnum):
    CASH = "cash"
    ACH = "ach"


class VendorOrderStatus(StrEnum):
    CREATED_PENDING = "created_pending"
    ACCEPTED = "accepted"
    PARTIALLY_ACCEPTED = "partially_accepted"
    REJECTED = "rejected"
    FULFILLED = "fulfilled"
    READY_FOR_DISPATCH = "ready_for_dispatch"
    HOLD = "hold"
    HOLD_FOR_PICKUP = "hold_for_pickup"
    IN_TRANSIT = "in_transit"
    DELIVERED = "delivered"
    CLOSED = "closed"
    CANCELED = "canceled"
    EXPIRED = "expired"


class LineItemStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    FULFILLED = "fulfilled"
    HOLD = "hold"


class VendorOrderFulfillmentStatus(StrEnum):
    PENDING = "pending"
    PARTIAL = "partial"
    FULFILLED = "fulfilled"


class VendorOrderShippingStatus(StrEnum):
    PENDING = "pending"
    DISPATCHED = "dispatched"
    IN_TRANSIT = "in_transit"
    DELIVERED = "delivered"


class SubscriptionStatus(StrEnum):
    TRIALING = "trialing"
    ACTIVE = "active"
    PAST_DUE = "past_due"
    CANCELED = "canceled"
    INCOMPLETE = "incomplete"
    INCOMPLETE_EXPIRED = "incomplete_expired"
    UNPAID = "unpaid"
    PAUSED = "paused"


class ChargeType(StrEnum):
    SUBSCRIPTION = "subscription"
    AD_SPEND = "ad_spend"
    OTHER = "other"


class ChargeStatus(StrEnum):
    PENDING = "pending"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    REFUNDED = "refunded"


class AdStatus(StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    PAUSED = "paused"
    EXHAUSTED = "exhausted"
    EXPIRED = "expired"
    ARCHIVED = "archived"


class AdPlacement(StrEnum):
    HERO = "hero"
    STORE = "store"
    PRODUCT = "product"


class AdTargetType(StrEnum):
    STORE = "store"
    PRODUCT = "product"


# Payload-only value sets (spec/EVENTS.md §6): subsets of a DOMAIN enum, or values that exist
# only on the event.
ProcessedMediaStatus = Literal[MediaStatus.READY, MediaStatus.FAILED]
CreatedOrderStatus = Literal[VendorOrderStatus.CREATED_PENDING, VendorOrderStatus.REJECTED]
# ``vendor_order_decision`` (accept, reject) plus the implicit acceptance by a first line
# decision (DOMAIN §5.4, [G-5]); only ``order_decided`` carries it.
OrderDecisionOutcome = Literal["accept", "reject", "implicit_accept"]
InventoryReleaseReason = Literal["vendor_reject", "line_reject", "buyer_cancel", "expired"]
NotificationRequestType = Literal["order_nudge"]


# --- value types ---------------------------------------------------------------------------------


class Address(PayloadValue):
    """DOMAIN §2 Address; ``state`` is 2 letters, compared upper-cased and trimmed."""

    line1: str
    line2: str | None = None
    city: str
    state: str
    postal_code: str
    country: str = "US"
    lat: float
    lng: float
    geohash: str | None = None


class ShippingAddressSnapshot(PayloadValue):
    """The part of an order's shipping address analytics needs (``order_created``)."""

    state: str
    postal_code: str
    lat: float
    lng: float


class CartItemWarning(PayloadValue):
    """DOMAIN §2 CartItemWarning, copied onto order lines."""

    type: CartItemWarningType
    message: str


class OrderLineSnapshot(PayloadValue):
    """One order line as created (``order_created.items``)."""

    line_item_id: UUID
    product_id: UUID
    title: str
    category: ProductCategory
    classification: ProductClassification | None = None
    unit: ProductUnit
    qty: int = Field(ge=1)
    moq: int = Field(ge=1)
    max_qty: Count | None = None
    unit_price_cents: Cents
    discount_cents: Cents
    line_subtotal_cents: Cents
    line_total_cents: Cents
    status: LineItemStatus
    warnings: list[CartItemWarning] = Field(default_factory=list)
    ad_token: str | None = None


class StoreContactSnapshot(PayloadValue):
    """Buyer or vendor summary for dispatch (``order_ready_for_dispatch.buyer``/``vendor``)."""

    company_name: str
    dba_name: str | None = None
    phone: str | None = None
    address: Address
    logo_url: str | None = None


class AttachmentRef(PayloadValue):
    """An entity a deleted media object was attached to (``media_deleted.attachments``)."""

    entity_type: AttachmentEntityType
    entity_id: UUID


class ReleaseLine(PayloadValue):
    """A reservation to release (``inventory_release_requested.lines``); id = the line item id."""

    reservation_id: UUID
    product_id: UUID
    qty: int = Field(ge=1)


class AdSpendLine(PayloadValue):
    """One ad's share of a store's daily spend (``ad_spend_rolled_up.ads``)."""

    ad_id: UUID
    impressions: Count
    clicks: Count
    spend_cents: Cents
