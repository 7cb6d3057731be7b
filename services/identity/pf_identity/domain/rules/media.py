"""Media rules of identity (pure): ordering of the media projection and what a store image may be.

The projection (DOMAIN §0 "Projections", EVENTS.md §4 "Ordering") only moves forward through
media's lifecycle as identity sees it: ``uploaded`` → ``ready``/``failed`` → ``deleted``. A late
event of an earlier stage never undoes a later one (a ``media_uploaded`` redelivered after
``media_deleted`` leaves the row deleted); within one stage the newer event wins.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final

UPLOADED: Final = "uploaded"
READY: Final = "ready"
FAILED: Final = "failed"
DELETED: Final = "deleted"

_STAGE: Final = {UPLOADED: 0, READY: 1, FAILED: 1, DELETED: 2}

# API.md §3.1 PUT /stores/me: a logo or banner is media of the same store, of kind store or
# other, uploaded or ready (DOMAIN §5.2 attachment rules).
STORE_IMAGE_KINDS: Final = frozenset({"store", "other"})
ATTACHABLE_STATUSES: Final = frozenset({UPLOADED, READY})


def supersedes(current: str, current_version: datetime, incoming: str, incoming_version: datetime) -> bool:
    """Whether an event's status replaces the projected one (later stage, or same stage and newer)."""
    if _STAGE[incoming] != _STAGE[current]:
        return _STAGE[incoming] > _STAGE[current]
    return incoming_version > current_version


def store_image_problem(kind: str | None, status: str) -> str | None:
    """Why own media cannot be a store's logo/banner (a reason slug), or None when it can."""
    if kind not in STORE_IMAGE_KINDS:
        return "media_kind_not_allowed"
    if status not in ATTACHABLE_STATUSES:
        return "media_not_attachable"
    return None
