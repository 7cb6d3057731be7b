"""Request-body base shared by every service (spec/API.md §1: unknown JSON fields ⇒ 400)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, field_validator


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
