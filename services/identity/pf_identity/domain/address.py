"""Address autocomplete use cases: ``suggest_addresses`` and ``resolve_address``.

Public and stateless (no session, no event): they validate their input, call the
injected :class:`~pf_identity.clients.places.PlacesProvider` and translate "no
such place" into ``NotFound``. The ``clean_*`` functions are the single source of
the input rules; the API schemas call them too, so a bad field is a 400 with the
same message whichever layer sees it first.

Rules (spec/API.md §1.5: strings are trimmed): ``query`` 2..200 characters;
``country`` an ISO 3166-1 alpha-2 code, upper-cased, default ``US``; ``language``
a BCP 47 tag of 2..10 characters (``en``, ``es-MX``), optional; ``place_id``
1..300 characters.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final, TypeVar

from pf_common.errors import NotFound, ValidationFailed
from pf_identity.clients.places import PlacesProvider, ResolvedAddress, Suggestion

__all__ = [
    "COUNTRY_DEFAULT",
    "COUNTRY_PATTERN",
    "LANGUAGE_MAX",
    "LANGUAGE_MIN",
    "LANGUAGE_PATTERN",
    "PLACE_ID_MAX",
    "PLACE_ID_MIN",
    "QUERY_MAX",
    "QUERY_MIN",
    "SUGGEST_LIMIT",
    "AddressNotFound",
    "PlacesProvider",
    "ResolvedAddress",
    "Suggestion",
    "clean_country",
    "clean_language",
    "clean_place_id",
    "clean_query",
    "resolve_address",
    "suggest_addresses",
]

QUERY_MIN: Final = 2
QUERY_MAX: Final = 200
PLACE_ID_MIN: Final = 1
PLACE_ID_MAX: Final = 300
LANGUAGE_MIN: Final = 2
LANGUAGE_MAX: Final = 10
COUNTRY_DEFAULT: Final = "US"
SUGGEST_LIMIT: Final = 5

T = TypeVar("T")
V = TypeVar("V")

#: the patterns the request schema states (``clean_*`` check the trimmed value against them)
COUNTRY_PATTERN: Final = r"^[A-Za-z]{2}$"
LANGUAGE_PATTERN: Final = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$"
_COUNTRY_RE: Final = re.compile(COUNTRY_PATTERN)
_LANGUAGE_RE: Final = re.compile(LANGUAGE_PATTERN)


class AddressNotFound(NotFound):
    """The place id is unknown to the provider (or is not an address): 404 NOT_FOUND."""

    default_message = "address not found"


def _length(value: str, lo: int, hi: int) -> str:
    value = value.strip()
    if len(value) < lo:
        raise ValueError(f"must be at least {lo} characters")
    if len(value) > hi:
        raise ValueError(f"must be at most {hi} characters")
    return value


def clean_query(value: str) -> str:
    """The trimmed query; ValueError unless 2..200 characters."""
    return _length(value, QUERY_MIN, QUERY_MAX)


def clean_country(value: str | None) -> str:
    """The upper-cased ISO 3166-1 alpha-2 code (``US`` when absent); ValueError otherwise."""
    if value is None:
        return COUNTRY_DEFAULT
    value = value.strip()
    if not _COUNTRY_RE.fullmatch(value):
        raise ValueError("must be an ISO 3166-1 alpha-2 country code")
    return value.upper()


def clean_language(value: str | None) -> str | None:
    """A trimmed BCP 47 language tag of 2..10 characters, or None; ValueError otherwise."""
    if value is None:
        return None
    value = _length(value, LANGUAGE_MIN, LANGUAGE_MAX)
    if not _LANGUAGE_RE.fullmatch(value):
        raise ValueError("must be a language tag such as en or es-MX")
    return value


def clean_place_id(value: str) -> str:
    """The trimmed place id; ValueError unless 1..300 characters."""
    return _length(value, PLACE_ID_MIN, PLACE_ID_MAX)


def _checked(details: dict[str, str], field: str, clean: Callable[[V], T], value: V) -> T | None:
    """``clean(value)``, or None with ``details[field]`` set to the reason."""
    try:
        return clean(value)
    except ValueError as exc:
        details[field] = str(exc)
        return None


async def suggest_addresses(
    provider: PlacesProvider,
    query: str,
    *,
    country: str | None = None,
    language: str | None = None,
    limit: int = SUGGEST_LIMIT,
) -> list[Suggestion]:
    """Up to ``limit`` suggestions for a partial address; raises ``ValidationFailed``.

    A country the provider has no data for gives an empty list, not an error.
    """
    details: dict[str, str] = {}
    cleaned_query = _checked(details, "query", clean_query, query)
    cleaned_country = _checked(details, "country", clean_country, country)
    cleaned_language = _checked(details, "language", clean_language, language)
    if details or cleaned_query is None or cleaned_country is None:
        raise ValidationFailed("invalid request", details=details)
    return await provider.suggest(
        cleaned_query, country=cleaned_country, language=cleaned_language, limit=max(1, limit)
    )


async def resolve_address(provider: PlacesProvider, place_id: str) -> ResolvedAddress:
    """The address of a suggestion's ``place_id``; raises ``ValidationFailed`` or
    ``AddressNotFound``."""
    try:
        cleaned = clean_place_id(place_id)
    except ValueError as exc:
        raise ValidationFailed("invalid request", details={"place_id": str(exc)}) from exc
    address = await provider.resolve(cleaned)
    if address is None:
        raise AddressNotFound(reason="address_place_not_found")
    return address
