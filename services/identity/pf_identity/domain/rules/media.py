"""Media rules of identity (pure): the projection's ordering (pf_common's), what media is attachable
and what a store image may be.

The projection (DOMAIN §0 "Projections", EVENTS.md §4 "Ordering") only moves forward through
media's lifecycle as identity sees it: ``uploaded`` → ``ready``/``failed`` → ``deleted``. A late
event of an earlier stage never undoes a later one (a ``media_uploaded`` redelivered after
``media_deleted`` leaves the row deleted); within one stage the newer event wins. That rule is
shared with every service that projects media: ``pf_common.media_projection.supersedes``.
"""

from __future__ import annotations

from typing import Final

from pf_common.media_projection import DELETED, FAILED, READY, UPLOADED, supersedes

__all__ = [
    "ATTACHABLE_STATUSES",
    "DELETED",
    "FAILED",
    "READY",
    "STORE_IMAGE_KINDS",
    "UPLOADED",
    "store_image_problem",
    "supersedes",
]

# what media an entity may reference: uploaded or ready (DOMAIN §5.2 attachment rules)
ATTACHABLE_STATUSES: Final = frozenset({UPLOADED, READY})

# API.md §3.1 PUT /stores/me: a logo or banner is media of the same store, of kind store or
# other, uploaded or ready (DOMAIN §5.2 attachment rules).
STORE_IMAGE_KINDS: Final = frozenset({"store", "other"})


def store_image_problem(kind: str | None, status: str) -> str | None:
    """Why own media cannot be a store's logo/banner (a reason slug), or None when it can."""
    if kind not in STORE_IMAGE_KINDS:
        return "media_kind_not_allowed"
    if status not in ATTACHABLE_STATUSES:
        return "media_not_attachable"
    return None
