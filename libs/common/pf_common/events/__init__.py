"""Event envelope and the registry of typed, versioned payloads.

Every event type is a pydantic model subclassing :class:`EventPayload` with
class variables ``event_type``, ``event_version``, ``aggregate_type`` and
``producer``; payload classes of each producing service live in
``pf_common.events.<service>`` and register themselves on import.
"""

from pf_common.events.envelope import Envelope
from pf_common.events.registry import (
    EventPayload,
    InvalidEvent,
    UnknownEventType,
    decode_envelope,
    load_catalogue,
    lookup,
    registered,
    topic_for,
)

__all__ = [
    "Envelope",
    "EventPayload",
    "InvalidEvent",
    "UnknownEventType",
    "decode_envelope",
    "load_catalogue",
    "lookup",
    "registered",
    "topic_for",
]
