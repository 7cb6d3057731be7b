"""Request and response models of ``/api/v1/address/*`` (spec/API.md §3.1).

Input rules live in :mod:`pf_identity.domain.address` (``clean_*``); the validators
here call them, so a bad field is a 400 ``VALIDATION_ERROR`` whose ``details`` name
the field (``{"query": "String should have at least 2 characters"}``). JSON bodies
reject unknown fields (400, ``"unknown field"``); query strings ignore unknown
parameters, as caches and cache-busters add them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from pf_common.schemas import Strict
from pf_identity.domain import address as rules

T = TypeVar("T")
R = TypeVar("R")
V = TypeVar("V")


def _checked(clean: Callable[[V], R], value: V) -> R:
    """Run a domain cleaner, turning its ValueError into a message without a prefix."""
    try:
        return clean(value)
    except ValueError as exc:
        raise PydanticCustomError("value_error", str(exc)) from exc


class DataEnvelope(BaseModel, Generic[T]):
    """The success envelope (spec/API.md §1.3)."""

    data: T


class SuggestQuery(BaseModel):
    """``GET /api/v1/address/suggest`` query parameters."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="ignore")

    query: str = Field(
        min_length=rules.QUERY_MIN,
        max_length=rules.QUERY_MAX,
        description="What the user typed: a ZIP code, a city, or 'City, ST'.",
        examples=["Oklahoma City, OK"],
    )
    country: str = Field(
        default=rules.COUNTRY_DEFAULT,
        min_length=2,
        max_length=2,
        json_schema_extra={"pattern": rules.COUNTRY_PATTERN},
        description="ISO 3166-1 alpha-2 code; the offline provider knows only US.",
    )
    language: str | None = Field(
        default=None,
        min_length=rules.LANGUAGE_MIN,
        max_length=rules.LANGUAGE_MAX,
        json_schema_extra={"pattern": rules.LANGUAGE_PATTERN},
        description="BCP 47 language of the suggestions (Google only).",
    )

    @field_validator("country")
    @classmethod
    def _country(cls, value: str) -> str:
        return _checked(rules.clean_country, value)

    @field_validator("language")
    @classmethod
    def _language(cls, value: str | None) -> str | None:
        return _checked(rules.clean_language, value)


class SuggestionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    place_id: str = Field(description="Opaque; pass it to POST /api/v1/address/resolve.")
    description: str = Field(examples=["Oklahoma City, OK 73102"])


class SuggestionsOut(BaseModel):
    suggestions: list[SuggestionOut]


class ResolveRequest(Strict):
    """``POST /api/v1/address/resolve`` body (Strict: the length judges the id as sent, then it
    is trimmed)."""

    place_id: str = Field(min_length=rules.PLACE_ID_MIN, max_length=rules.PLACE_ID_MAX)


class ResolvedAddressOut(BaseModel):
    """DOMAIN §2 Address fields as far as the place determines them: ``line1`` (and
    ``postal_code`` for a city-wide place) may be null; the client completes them."""

    model_config = ConfigDict(from_attributes=True)

    line1: str | None
    line2: str | None
    city: str
    state: str = Field(description="2-letter code, upper-case.")
    postal_code: str | None
    country: str = Field(description="ISO 3166-1 alpha-2.")
    lat: float
    lng: float
    geohash: str | None
