"""Request-body base and value types shared by every service (spec/API.md §1: unknown JSON
fields ⇒ 400; DOMAIN §2 Address)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator


class Strict(BaseModel):
    """Base of every request body: unknown fields and NUL characters are 400s.

    Postgres ``text`` cannot hold NUL, so letting one through turned into a 500 (found by
    the schemathesis run); refusing it here covers every string field of every body.
    """

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="before")
    @classmethod
    def _no_nul(cls, v: object) -> object:
        values = v if isinstance(v, list | tuple) else [v]
        if any(isinstance(item, str) and "\x00" in item for item in values):
            raise ValueError("must not contain NUL characters")
        return v


class AddressIn(Strict):
    """DOMAIN §2 Address as a request accepts it (state and country upper-cased; lat/lng required)."""

    line1: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    line2: Annotated[str, StringConstraints(max_length=200)] | None = None
    city: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    state: Annotated[str, StringConstraints(min_length=2, max_length=2, pattern=r"^[A-Za-z]{2}$")]
    postal_code: Annotated[str, StringConstraints(min_length=3, max_length=10, pattern=r"^[0-9A-Za-z\- ]+$")]
    country: Annotated[str, StringConstraints(min_length=2, max_length=2, pattern=r"^[A-Za-z]{2}$")] = "US"
    lat: float = Field(ge=-90, le=90)
    lng: float = Field(ge=-180, le=180)
    geohash: Annotated[str, StringConstraints(max_length=12)] | None = None

    @field_validator("state", "country")
    @classmethod
    def _upper(cls, v: str) -> str:
        return v.upper()
