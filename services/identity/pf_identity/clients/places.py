"""Address autocomplete providers (spec/GAPS.md "Address autocomplete", spec/API.md §3.1).

``PlacesProvider`` is the port the address use cases call; two adapters implement it:

* :class:`OfflineZipPlacesProvider`, the embedded default: no network and no key. It
  suggests US ZIP codes (by ZIP prefix, or by city-name prefix, optionally
  ``"City, ST"``) from the data compiled into the ``zipcodes`` wheel (MIT; USPS
  ZIP list, coordinates from GeoNames, CC BY 4.0) and resolves one to its city,
  state and ZIP centroid. The data is read once per process, on the first query
  (never at import), and indexed for prefix search.
* :class:`GooglePlacesProvider`: Places API (New) Autocomplete and Place Details
  over an injected ``httpx.AsyncClient``. Network errors, 5xx, quota and key
  errors become :class:`~pf_common.errors.DependencyError` (503).

:func:`make_places_provider` picks Google when ``places_api_key`` is set, else offline.

**Why resolve returns a ResolvedAddress, not an Address.** A store's Address
(spec/DOMAIN.md §2; :class:`pf_common.events.common.Address`) requires ``line1``,
a street line. Neither provider can always give one: the offline provider knows
ZIP codes, not streets, and a Google place may be a city or a ZIP area. Rather
than invent a street (or send ``line1=""``, which the Address type forbids),
resolve answers a :class:`ResolvedAddress`: the same fields, with ``line1`` (and
``postal_code``, which a city-wide Google place lacks) optional. It pre-fills the
registration form; the client completes the street line and submits a full Address,
which registration validates as usual.

**Settings** (``AddressSettings``, a mixin of identity's ``Settings``)::

    places_api_key: SecretStr | None = None          # PF_IDENTITY_PLACES_API_KEY; unset => offline
    places_timeout_s: float = 3.0                    # per connect/read/write/pool phase
    address_rate_limit_per_minute: int = 60          # per client IP, suggest + resolve together
"""

from __future__ import annotations

import asyncio
import bisect
import heapq
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final, Protocol, runtime_checkable
from urllib.parse import quote

import httpx
from pydantic import BaseModel, Field, SecretStr

from pf_common.errors import DependencyError
from pf_common.http import make_http_client
from pf_common.logging import get_logger

__all__ = [
    "GOOGLE_PLACES_BASE_URL",
    "AddressSettings",
    "GooglePlacesProvider",
    "OfflineZipPlacesProvider",
    "PlacesProvider",
    "ResolvedAddress",
    "Suggestion",
    "make_places_provider",
]

log = get_logger(__name__)

GOOGLE_PLACES_BASE_URL: Final = "https://places.googleapis.com"
DEFAULT_RATE_LIMIT_PER_MINUTE: Final = 60
DEFAULT_TIMEOUT_S: Final = 3.0


# --- port and value types --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One autocomplete suggestion: an opaque, stable ``place_id`` and a display text."""

    place_id: str
    description: str


@dataclass(frozen=True, slots=True)
class ResolvedAddress:
    """A place resolved to the fields of a DOMAIN §2 Address, as far as they are known.

    ``line1`` is None when the place has no street line (every offline result, a
    Google city or ZIP area) and ``postal_code`` is None when the place spans more
    than one ZIP code; see the module docstring for why this is not an Address.
    ``state`` is the 2-letter code, upper-cased; ``country`` ISO 3166-1 alpha-2.
    """

    city: str
    state: str
    lat: float
    lng: float
    postal_code: str | None = None
    country: str = "US"
    line1: str | None = None
    line2: str | None = None
    geohash: str | None = None


@runtime_checkable
class PlacesProvider(Protocol):
    """Suggests places for a partial query and resolves a suggestion's ``place_id``."""

    async def suggest(
        self, query: str, *, country: str, language: str | None, limit: int
    ) -> list[Suggestion]: ...

    async def resolve(self, place_id: str) -> ResolvedAddress | None:
        """The place's address, or None when the id is unknown or not an address."""
        ...

    async def aclose(self) -> None:
        """Release the provider's connections (its process's context closes it)."""
        ...


class AddressSettings(BaseModel):
    """Settings fields of the address endpoints, as a mixin for the service's Settings:
    ``class Settings(ServiceSettings, AddressSettings)`` (see the module docstring)."""

    places_api_key: SecretStr | None = None
    places_timeout_s: float = Field(default=DEFAULT_TIMEOUT_S, gt=0, le=30)
    address_rate_limit_per_minute: int = Field(default=DEFAULT_RATE_LIMIT_PER_MINUTE, ge=1, le=10_000)


def make_places_provider(
    settings: AddressSettings, *, transport: httpx.AsyncBaseTransport | None = None
) -> PlacesProvider:
    """Google Places when ``settings.places_api_key`` is set (not blank), else the offline ZIP
    provider. Built once per process (``IdentityContext``); no network until the first query.

    ``transport`` (tests) is handed to the Google provider's HTTP client.
    """
    key = settings.places_api_key
    api_key = key.get_secret_value().strip() if key is not None else ""
    if not api_key:
        return OfflineZipPlacesProvider()
    client = make_http_client(
        base_url=GOOGLE_PLACES_BASE_URL, timeout_s=settings.places_timeout_s, retries=1, transport=transport
    )
    return GooglePlacesProvider(api_key, client)


# --- text folding ----------------------------------------------------------------------------

_TOKEN_RE: Final = re.compile(r"[a-z0-9]+")
# Street-sign abbreviations of the first words of US place names; the data spells them out.
_ABBREVIATIONS: Final = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}


def _fold(text: str, *, last_token_complete: bool = True) -> str:
    """Case-, accent- and punctuation-insensitive form: ``"Cañon  City"`` -> ``"canon city"``.

    Abbreviations are expanded (``"St. Louis"`` -> ``"saint louis"``), except in a last
    token that may still be typed (``"st"`` can become ``"sterling"``) unless
    ``last_token_complete``.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    tokens = _TOKEN_RE.findall(plain)
    last = len(tokens) - 1
    return " ".join(
        _ABBREVIATIONS.get(tok, tok) if (i < last or last_token_complete) else tok
        for i, tok in enumerate(tokens)
    )


# --- offline ZIP provider --------------------------------------------------------------------

ZIP_PLACE_PREFIX: Final = "zip:"
_ZIP_ID_RE: Final = re.compile(r"zip:(\d{5})")
_ZIP_QUERY_RE: Final = re.compile(r"(\d{1,5})(?:[-\s]?\d{0,4})?")
_STATE_PART_RE: Final = re.compile(r"([^\d]*?)\s*(\d{1,5}(?:[-\s]?\d{0,4})?)?")
# Offered first for one city: street delivery ZIPs, then PO boxes, then single-organisation ZIPs.
_TYPE_RANK: Final = {"STANDARD": 0, "PO BOX": 1, "UNIQUE": 2}

_STATE_NAMES: Final = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon",
    "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
    "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia",
    "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
    "AS": "American Samoa", "GU": "Guam", "MP": "Northern Mariana Islands", "PR": "Puerto Rico",
    "VI": "Virgin Islands",
}  # fmt: skip
_FOLDED_STATE_NAMES: Final = {code: _fold(name) for code, name in _STATE_NAMES.items()}


@dataclass(frozen=True, slots=True)
class _Zip:
    zip_code: str
    city: str
    state: str
    lat: float
    lng: float
    type_rank: int
    folded_city: str

    @property
    def place_id(self) -> str:
        return f"{ZIP_PLACE_PREFIX}{self.zip_code}"

    def suggestion(self) -> Suggestion:
        return Suggestion(self.place_id, f"{self.city}, {self.state} {self.zip_code}")

    def address(self) -> ResolvedAddress:
        return ResolvedAddress(
            city=self.city, state=self.state, postal_code=self.zip_code, lat=self.lat, lng=self.lng
        )


class _ZipIndex:
    """ZIPs sorted by code and by folded city name, for ``bisect`` prefix ranges."""

    def __init__(self, records: Iterable[Mapping[str, Any]]) -> None:
        rows: list[_Zip] = []
        for r in records:
            zip_type = str(r.get("zip_code_type", ""))
            # Inactive and military (APO/FPO/DPO) ZIPs are not where a store can be.
            if not r.get("active") or zip_type not in _TYPE_RANK:
                continue
            try:
                lat, lng = float(r["lat"]), float(r["long"])
            except (KeyError, TypeError, ValueError):
                continue
            city, state = str(r["city"]).strip(), str(r["state"]).strip().upper()
            rows.append(_Zip(str(r["zip_code"]), city, state, lat, lng, _TYPE_RANK[zip_type], _fold(city)))
        self.by_zip: dict[str, _Zip] = {z.zip_code: z for z in rows}
        self.zip_codes: list[str] = sorted(self.by_zip)
        by_city = sorted(rows, key=lambda z: (z.folded_city, z.state, z.type_rank, z.zip_code))
        self.city_keys: list[str] = [z.folded_city for z in by_city]
        self.by_city: list[_Zip] = by_city
        # ZIP count per place: a population proxy that ranks San Antonio above Sabinal.
        self.place_size: dict[tuple[str, str], int] = {}
        for z in rows:
            key = (z.folded_city, z.state)
            self.place_size[key] = self.place_size.get(key, 0) + 1

    def __len__(self) -> int:
        return len(self.by_zip)

    def by_zip_prefix(self, prefix: str, limit: int) -> list[_Zip]:
        start = bisect.bisect_left(self.zip_codes, prefix)
        out: list[_Zip] = []
        for code in self.zip_codes[start : start + limit]:
            if not code.startswith(prefix):
                break
            out.append(self.by_zip[code])
        return out

    def by_city_prefix(
        self,
        prefix: str,
        limit: int,
        *,
        states: frozenset[str] | None = None,
        zip_prefix: str | None = None,
    ) -> list[_Zip]:
        """ZIPs of places whose folded name starts with ``prefix``: first the best ZIP of
        every place (exact name first, then larger places), then the second of each..."""
        start = bisect.bisect_left(self.city_keys, prefix)
        end = bisect.bisect_left(self.city_keys, prefix + "\uffff", lo=start)
        ranked: list[tuple[int, int, int, str, str, str, _Zip]] = []
        ordinal: dict[tuple[str, str], int] = {}
        for z in self.by_city[start:end]:  # already in (city, state, type, zip) order
            if states is not None and z.state not in states:
                continue
            if zip_prefix is not None and not z.zip_code.startswith(zip_prefix):
                continue
            place = (z.folded_city, z.state)
            nth = ordinal.get(place, 0)
            ordinal[place] = nth + 1
            exact = 0 if z.folded_city == prefix else 1
            size = -self.place_size[place]
            ranked.append((nth, exact, size, z.folded_city, z.state, z.zip_code, z))
        return [row[-1] for row in heapq.nsmallest(limit, ranked)]


def _load_zipcodes() -> list[dict[str, Any]]:
    import zipcodes  # the dataset is compiled into the extension: no file, no network

    # filter_by returns fresh dicts and, unlike list_all, keeps no module-level copy.
    return zipcodes.filter_by(active=True)


_SHARED_INDEX: _ZipIndex | None = None
_SHARED_LOCK = threading.Lock()


def _shared_index() -> _ZipIndex:
    global _SHARED_INDEX
    if _SHARED_INDEX is None:
        with _SHARED_LOCK:
            if _SHARED_INDEX is None:
                _SHARED_INDEX = _ZipIndex(_load_zipcodes())
    return _SHARED_INDEX


def _states_matching(text: str) -> frozenset[str] | None:
    """States named by the text after the comma of ``"City, ST"``: a 2-letter code, else
    every state whose name starts with it. None when the text is empty (no filter)."""
    folded = _fold(text)
    if not folded:
        return None
    if len(folded) == 2 and folded.upper() in _STATE_NAMES:
        return frozenset({folded.upper()})
    return frozenset(code for code, name in _FOLDED_STATE_NAMES.items() if name.startswith(folded))


class OfflineZipPlacesProvider:
    """US ZIP codes from the ``zipcodes`` package; no network (see the module docstring).

    Queries: a ZIP prefix (``"731"``, ``"73102-1234"``); a city-name prefix, case-,
    accent- and punctuation-insensitive (``"oklahoma ci"``, ``"Cañon City"``,
    ``"St. Louis"``); or ``"City, ST"`` / ``"City, State name"``, optionally followed by
    a ZIP prefix (``"Oklahoma City, OK 731"``). ``"City ST"`` without the comma works
    when no city starts with the whole text. Only ``country="US"`` has data; any other
    country gets no suggestions. ``language`` is ignored (names are USPS English).

    Place ids are ``zip:<5 digits>``: stable across processes and releases (a ZIP that a
    data refresh retires resolves to None).
    ``records`` (tests) replaces the package data; by default every instance shares one
    index, built on the first query in a worker thread.
    """

    def __init__(self, records: Callable[[], Iterable[Mapping[str, Any]]] | None = None) -> None:
        self._records = records
        self._index: _ZipIndex | None = None
        self._lock = threading.Lock()

    def _build(self) -> _ZipIndex:
        if self._records is None:
            return _shared_index()
        with self._lock:
            if self._index is None:
                self._index = _ZipIndex(self._records())
            return self._index

    async def index(self) -> _ZipIndex:
        """The index, loading it (off the event loop) on the first call."""
        if self._index is None:
            self._index = await asyncio.to_thread(self._build)
        return self._index

    @property
    def loaded(self) -> bool:
        return self._index is not None

    async def suggest(
        self, query: str, *, country: str = "US", language: str | None = None, limit: int = 5
    ) -> list[Suggestion]:
        text = query.strip()
        if country.strip().upper() != "US" or limit < 1 or not text:
            return []
        index = await self.index()
        zip_match = _ZIP_QUERY_RE.fullmatch(text)
        if zip_match:
            return [z.suggestion() for z in index.by_zip_prefix(zip_match.group(1), limit)]
        return [z.suggestion() for z in self._by_city(index, text, limit)]

    def _by_city(self, index: _ZipIndex, text: str, limit: int) -> list[_Zip]:
        if "," in text:
            city_part, rest = text.rsplit(",", 1)
            city = _fold(city_part)
            parts = _STATE_PART_RE.fullmatch(rest.strip())
            if not city or parts is None:
                return []
            states = _states_matching(parts.group(1))
            if states is not None and not states:
                return []
            zip_prefix = parts.group(2)[:5] if parts.group(2) else None
            return index.by_city_prefix(city, limit, states=states, zip_prefix=zip_prefix)
        city = _fold(text, last_token_complete=not text[-1].isalnum())
        if not city:
            return []
        found = index.by_city_prefix(city, limit)
        head, _, last = city.rpartition(" ")
        if not found and head and len(last) == 2 and last.upper() in _STATE_NAMES:
            # "Oklahoma City OK": the last word was a state code, not the start of a name.
            found = index.by_city_prefix(head, limit, states=frozenset({last.upper()}))
        return found

    async def resolve(self, place_id: str) -> ResolvedAddress | None:
        match = _ZIP_ID_RE.fullmatch(place_id.strip())
        if match is None:
            return None
        found = (await self.index()).by_zip.get(match.group(1))
        return found.address() if found is not None else None

    async def aclose(self) -> None:
        """Nothing to release (same interface as the Google provider)."""


# --- Google Places API (New) -----------------------------------------------------------------

_GOOGLE_PLACE_ID_RE: Final = re.compile(r"[A-Za-z0-9_-]{1,300}")
_AUTOCOMPLETE_FIELDS: Final = "suggestions.placePrediction.placeId,suggestions.placePrediction.text.text"
_DETAILS_FIELDS: Final = "id,formattedAddress,addressComponents,location"
_CITY_TYPES: Final = (
    "locality",
    "postal_town",
    "sublocality_level_1",
    "sublocality",
    "administrative_area_level_3",
)


class GooglePlacesProvider:
    """Places API (New): ``POST /v1/places:autocomplete`` and ``GET /v1/places/{id}``.

    ``http_client`` should come from :func:`pf_common.http.make_http_client` with
    ``base_url=GOOGLE_PLACES_BASE_URL`` (timeouts; one retry of Place Details on
    connect errors and 502/503/504). Autocomplete asks for the query's country
    (``includedRegionCodes``) and language; Google returns at most 5 predictions.

    Errors: a network error, a 5xx, 429 (our quota), 401/403 or a 400 whose
    ``ErrorInfo`` reason is ``API_KEY_*`` (our key) raise ``DependencyError`` (503; the
    key never reaches logs). Place Details answering 404, or 400 for an id Google does
    not accept, means an unknown place (None), as does a place without a city, a
    2-letter state or a location (e.g. a whole country).
    Not used: session tokens (billing per session rather than per request).
    """

    def __init__(self, api_key: str | SecretStr, http_client: httpx.AsyncClient) -> None:
        self._api_key = api_key.get_secret_value() if isinstance(api_key, SecretStr) else api_key
        self._http = http_client

    async def suggest(
        self, query: str, *, country: str = "US", language: str | None = None, limit: int = 5
    ) -> list[Suggestion]:
        if limit < 1 or not query.strip():
            return []
        body: dict[str, Any] = {"input": query.strip(), "includedRegionCodes": [country.lower()]}
        if language:
            body["languageCode"] = language
        response = await self._send(
            "POST", "/v1/places:autocomplete", json=body, field_mask=_AUTOCOMPLETE_FIELDS
        )
        if response.status_code != 200:
            raise self._upstream_error(response, "autocomplete")
        data = self._json(response, "autocomplete")
        out: list[Suggestion] = []
        for item in data.get("suggestions") or []:
            prediction = item.get("placePrediction") if isinstance(item, dict) else None
            if not isinstance(prediction, dict):
                continue  # a queryPrediction: no place to resolve
            place_id = prediction.get("placeId")
            text = (prediction.get("text") or {}).get("text")
            if isinstance(place_id, str) and place_id and isinstance(text, str) and text:
                out.append(Suggestion(place_id, text))
            if len(out) >= limit:
                break
        return out

    async def resolve(self, place_id: str) -> ResolvedAddress | None:
        place_id = place_id.strip()
        if not _GOOGLE_PLACE_ID_RE.fullmatch(place_id):
            return None  # never put arbitrary text into the upstream path
        response = await self._send(
            "GET", f"/v1/places/{quote(place_id, safe='')}", field_mask=_DETAILS_FIELDS
        )
        if response.status_code == 404 or (
            response.status_code == 400 and not _is_key_error(_error_info(response)[1])
        ):
            return None
        if response.status_code != 200:
            raise self._upstream_error(response, "details")
        return _address_from_place(self._json(response, "details"))

    async def aclose(self) -> None:
        await self._http.aclose()

    async def _send(
        self, method: str, path: str, *, field_mask: str, json: dict[str, Any] | None = None
    ) -> httpx.Response:
        headers = {"X-Goog-Api-Key": self._api_key, "X-Goog-FieldMask": field_mask}
        try:
            return await self._http.request(method, path, json=json, headers=headers)
        except httpx.HTTPError as exc:
            log.warning("address.places.unavailable", provider="google", error_type=type(exc).__name__)
            raise DependencyError("address provider unavailable", details={"dependency": "places"}) from exc

    @staticmethod
    def _upstream_error(response: httpx.Response, call: str) -> DependencyError:
        status, reasons = _error_info(response)
        log.error(
            "address.places.upstream_error",
            provider="google",
            call=call,
            http_status=response.status_code,
            upstream_status=status,
            upstream_reasons=reasons,
        )
        return DependencyError("address provider unavailable", details={"dependency": "places"})

    @staticmethod
    def _json(response: httpx.Response, call: str) -> dict[str, Any]:
        try:
            data = response.json()
        except ValueError:
            data = None
        if not isinstance(data, dict):
            log.error("address.places.bad_response", provider="google", call=call)
            raise DependencyError("address provider unavailable", details={"dependency": "places"})
        return data


def _error_info(response: httpx.Response) -> tuple[str | None, list[str]]:
    """``error.status`` and the ``ErrorInfo`` reasons of a Google error body."""
    try:
        error = response.json().get("error") or {}
        status = error.get("status")
        reasons = [str(d["reason"]) for d in error.get("details") or [] if "reason" in d]
    except (ValueError, AttributeError, TypeError):
        return None, []
    return (str(status) if status else None), reasons


def _is_key_error(reasons: list[str]) -> bool:
    """An invalid, expired or restricted key: Google answers 400, but it is our fault."""
    return any(r.startswith("API_KEY") for r in reasons)  # API_KEY_INVALID, API_KEY_EXPIRED, ...


def _address_from_place(place: Mapping[str, Any]) -> ResolvedAddress | None:
    """Map a Place Details body (``addressComponents``, ``location``) to our fields."""
    long_text: dict[str, str] = {}
    short_text: dict[str, str] = {}
    for component in place.get("addressComponents") or []:
        if not isinstance(component, dict):
            continue
        for kind in component.get("types") or []:
            long_text.setdefault(kind, str(component.get("longText") or "").strip())
            short_text.setdefault(kind, str(component.get("shortText") or "").strip())
    location = place.get("location") or {}
    try:
        lat, lng = float(location["latitude"]), float(location["longitude"])
    except (KeyError, TypeError, ValueError):
        return None
    city = next((long_text[k] for k in _CITY_TYPES if long_text.get(k)), "")
    state = short_text.get("administrative_area_level_1", "").upper()
    if not city or len(state) != 2 or not state.isalnum():
        return None
    # USPS style uses the short forms: "100 N Broadway Ave".
    street = " ".join(p for p in (short_text.get("street_number"), short_text.get("route")) if p)
    line1 = street or long_text.get("premise") or None
    unit = long_text.get("subpremise") or None
    if unit and unit.isalnum():
        unit = f"#{unit}"  # a bare unit number; USPS Pub 28 allows "#" when the designator is unknown
    country = short_text.get("country", "").upper() or "US"
    return ResolvedAddress(
        line1=line1,
        line2=unit,
        city=city,
        state=state,
        postal_code=long_text.get("postal_code") or None,
        country=country,
        lat=lat,
        lng=lng,
    )
