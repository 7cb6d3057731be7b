"""The event envelope (ARCHITECTURE §4): the message body on every transport."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, field_validator


class Envelope(BaseModel):
    """Metadata plus the payload as a JSON object.

    Unknown envelope fields are ignored (additive evolution).
    """

    model_config = ConfigDict(extra="ignore", frozen=True)

    event_id: UUID
    event_type: str = Field(min_length=1, max_length=100)
    event_version: int = Field(ge=1)
    occurred_at: datetime
    producer: str = Field(min_length=1, max_length=50)
    aggregate_type: str = Field(min_length=1, max_length=50)
    aggregate_id: UUID
    store_id: UUID | None = None
    actor_user_id: UUID | None = None
    request_id: str | None = None
    traceparent: str | None = None
    payload: dict[str, Any]

    @field_validator("occurred_at")
    @classmethod
    def _utc(cls, v: datetime) -> datetime:
        if v.tzinfo is None:
            raise ValueError("occurred_at must carry a timezone")
        return v.astimezone(UTC)

    def attributes(self) -> dict[str, str]:
        """Transport attributes (spec/EVENTS.md §1)."""
        return {
            "event_id": str(self.event_id),
            "event_type": self.event_type,
            "aggregate_type": self.aggregate_type,
            "aggregate_id": str(self.aggregate_id),
            "occurred_at": self.occurred_at.isoformat(),
            "producer": self.producer,
            "version": str(self.event_version),
        }

    def to_json(self) -> str:
        return self.model_dump_json()
