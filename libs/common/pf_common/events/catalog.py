"""Payloads published by catalog on topic ``pf.catalog.events``.

Catalogue rows 9 (``media_references_changed``, shared with identity and ads) and 13 of
spec/EVENTS.md §5; fields and consumer actions in §6 (catalog, identity).
"""

from __future__ import annotations

from typing import ClassVar
from uuid import UUID

from pydantic import AwareDatetime

from pf_common.events import identity
from pf_common.events.common import Payload


class ProductDeletedV1(Payload):
    """ads: pause active ads targeting the product (``ad_paused``)."""

    event_type: ClassVar[str] = "product_deleted"
    producer: ClassVar[str] = "catalog"
    aggregate_type: ClassVar[str] = "product"
    aggregate_field: ClassVar[str] = "product_id"
    dedupe_template: ClassVar[str | None] = "product_deleted:{product_id}"

    product_id: UUID
    store_id: UUID
    deleted_at: AwareDatetime


class MediaReferencesChangedV1(identity.MediaReferencesChangedV1):
    """media: reconcile product_gallery/product_coa attachments (same schema as identity's, on this topic).

    Not registered separately: receipt validates against the registered identity class; a media
    consumer subscribes to ``pf.catalog.events`` by using this class.
    """

    producer: ClassVar[str] = "catalog"
