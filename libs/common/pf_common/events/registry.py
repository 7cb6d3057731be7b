"""Registry of event payload classes, keyed by ``(event_type, event_version)``."""

from __future__ import annotations

import importlib
from datetime import UTC, datetime
from typing import Any, ClassVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict, ValidationError

from pf_common.events.envelope import Envelope

_REGISTRY: dict[tuple[str, int], type[EventPayload]] = {}

# Modules holding the payloads of each producing service; imported lazily by
# ``load_catalogue`` so a consumer knows every type in the catalogue.
CATALOGUE_MODULES = (
    "pf_common.events.identity",
    "pf_common.events.media",
    "pf_common.events.catalog",
    "pf_common.events.orders",
    "pf_common.events.logistics",
    "pf_common.events.finance",
    "pf_common.events.ads",
)


class InvalidEvent(Exception):
    """An envelope or payload that does not validate (never retryable)."""


class UnknownEventType(InvalidEvent):
    """No payload class is registered for this type and version."""


class EventPayload(BaseModel):
    """Base of every payload. Subclasses set the class variables below.

    ``aggregate_field`` names the payload field that holds the aggregate id;
    ``dedupe_template`` (e.g. ``"order_created:{order_id}"``) makes the event
    once-only: a second emit with the same key is silently skipped.
    """

    # Producers are strict; consumers (model_validate on receipt) use
    # ``EventPayload.parse_received`` which ignores unknown fields.
    model_config = ConfigDict(extra="forbid", frozen=True)

    event_type: ClassVar[str]
    event_version: ClassVar[int] = 1
    aggregate_type: ClassVar[str]
    producer: ClassVar[str]
    aggregate_field: ClassVar[str]
    dedupe_template: ClassVar[str | None] = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "event_type" in cls.__dict__:
            key = (cls.event_type, cls.event_version)
            existing = _REGISTRY.get(key)
            if existing is not None and existing.__qualname__ != cls.__qualname__:
                raise RuntimeError(f"event {key} registered twice: {existing} and {cls}")
            _REGISTRY[key] = cls

    def envelope_aggregate_type(self) -> str:
        """The envelope's ``aggregate_type`` (events about several kinds of entity override it)."""
        return self.aggregate_type

    @classmethod
    def accepts_aggregate_type(cls, aggregate_type: str) -> bool:
        return aggregate_type == cls.aggregate_type

    def aggregate_id(self) -> UUID:
        value = getattr(self, self.aggregate_field)
        return value if isinstance(value, UUID) else UUID(str(value))

    def dedupe_key(self) -> str | None:
        if self.dedupe_template is None:
            return None
        return self.dedupe_template.format(**self.model_dump())

    @classmethod
    def parse_received(cls, data: dict[str, Any]) -> EventPayload:
        """Validate a received payload, ignoring fields added by newer producers."""
        known = {k: v for k, v in data.items() if k in cls.model_fields}
        return cls.model_validate(known)

    def to_envelope(
        self,
        *,
        event_id: UUID,
        occurred_at: datetime | None = None,
        store_id: UUID | None = None,
        actor_user_id: UUID | None = None,
        request_id: str | None = None,
        traceparent: str | None = None,
    ) -> Envelope:
        return Envelope(
            event_id=event_id,
            event_type=self.event_type,
            event_version=self.event_version,
            occurred_at=occurred_at or datetime.now(UTC),
            producer=self.producer,
            aggregate_type=self.envelope_aggregate_type(),
            aggregate_id=self.aggregate_id(),
            store_id=store_id,
            actor_user_id=actor_user_id,
            request_id=request_id,
            traceparent=traceparent,
            payload=self.model_dump(mode="json"),
        )


def lookup(event_type: str, version: int) -> type[EventPayload]:
    """The payload class of a type and version. The catalogue modules are imported on the
    first miss: a worker's relay publishes events whose module nothing else imported
    (without this, ``make up``'s identity relay dead-lettered every ``store_created``)."""
    cls = _REGISTRY.get((event_type, version))
    if cls is None:
        load_catalogue()
        cls = _REGISTRY.get((event_type, version))
    if cls is None:
        raise UnknownEventType(f"unknown event {event_type} v{version}")
    return cls


def registered() -> dict[tuple[str, int], type[EventPayload]]:
    return dict(_REGISTRY)


def topic_for(producer: str) -> str:
    """The topic a producing service publishes to (spec/EVENTS.md §1)."""
    return f"pf.{producer}.events"


def load_catalogue() -> None:
    """Import every payload module that exists (idempotent)."""
    for mod in CATALOGUE_MODULES:
        try:
            importlib.import_module(mod)
        except ModuleNotFoundError as exc:
            if exc.name != mod:
                raise


def decode_envelope(raw: bytes | str) -> Envelope:
    """Parse a message body into an envelope; ``InvalidEvent`` when malformed."""
    try:
        return Envelope.model_validate_json(raw)
    except ValidationError as exc:
        raise InvalidEvent(f"malformed envelope: {exc.errors(include_url=False)[:3]}") from exc


def validate_payload(envelope: Envelope) -> EventPayload:
    """The typed payload of ``envelope``; ``InvalidEvent``/``UnknownEventType`` otherwise."""
    cls = lookup(envelope.event_type, envelope.event_version)
    if not cls.accepts_aggregate_type(envelope.aggregate_type):
        raise InvalidEvent(
            f"aggregate_type {envelope.aggregate_type!r} does not match {cls.aggregate_type!r}"
        )
    try:
        return cls.parse_received(envelope.payload)
    except ValidationError as exc:
        raise InvalidEvent(f"invalid payload: {exc.errors(include_url=False)[:3]}") from exc
