"""identity: /api/v1/address/suggest and /resolve through the app on real Redis.

The offline ZIP provider serves by default; the Google Places adapter is driven
through ``httpx.MockTransport`` with bodies in the shape Places API (New) returns.
"""

import json
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest

from pf_common.app import create_app
from pf_identity.api import address
from pf_identity.clients.places import (
    GOOGLE_PLACES_BASE_URL,
    AddressSettings,
    GooglePlacesProvider,
    OfflineZipPlacesProvider,
    make_places_provider,
)

SUGGEST = "/api/v1/address/suggest"
RESOLVE = "/api/v1/address/resolve"
API_KEY = "test-places-key"

ClientFactory = Callable[..., Any]


@pytest.fixture
def api(settings, runtime, context_factory) -> ClientFactory:
    """``async with api(settings=..., provider=..., ip=...) as client``: an app serving
    only the address router, on the test's Redis; its context (``client.context``) has
    ``provider`` as its places provider, else the one the settings select."""

    @asynccontextmanager
    async def make(
        *, settings=settings, provider=None, ip: str = "127.0.0.1"
    ) -> AsyncIterator[httpx.AsyncClient]:
        context = context_factory(settings, places=provider)
        app = create_app(settings, routers=[address.router], runtime=runtime, context=context)
        transport = httpx.ASGITransport(app=app, client=(ip, 50000))
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            client.context = context  # type: ignore[attr-defined]
            yield client

    return make


def error_of(response: httpx.Response) -> dict[str, Any]:
    body = response.json()["error"]
    body.pop("request_id", None)
    return body


# --- offline provider (the default) -----------------------------------------------------------


async def test_suggest_returns_zip_suggestions(api):
    async with api() as client:
        response = await client.get(SUGGEST, params={"query": "  Oklahoma City, OK  "})

    assert response.status_code == 200
    assert response.json() == {
        "data": {
            "suggestions": [
                {"place_id": "zip:73102", "description": "Oklahoma City, OK 73102"},
                {"place_id": "zip:73103", "description": "Oklahoma City, OK 73103"},
                {"place_id": "zip:73104", "description": "Oklahoma City, OK 73104"},
                {"place_id": "zip:73105", "description": "Oklahoma City, OK 73105"},
                {"place_id": "zip:73106", "description": "Oklahoma City, OK 73106"},
            ]
        }
    }
    assert response.headers["RateLimit-Limit"] == "60"
    assert response.headers["RateLimit-Remaining"] == "59"


async def test_default_provider_is_offline_and_kept_by_the_context(api):
    async with api() as client:
        provider = client.context.places
        await client.get(SUGGEST, params={"query": "73102"})
        await client.get(SUGGEST, params={"query": "73103"})

        assert isinstance(provider, OfflineZipPlacesProvider)
        assert provider.loaded and client.context.places is provider


async def test_suggest_by_zip_with_country_and_language(api):
    async with api() as client:
        response = await client.get(SUGGEST, params={"query": "73102", "country": "us", "language": "en-US"})

    assert response.status_code == 200
    assert response.json()["data"]["suggestions"] == [
        {"place_id": "zip:73102", "description": "Oklahoma City, OK 73102"}
    ]


async def test_suggest_for_a_country_without_data_is_empty(api):
    async with api() as client:
        response = await client.get(SUGGEST, params={"query": "Toronto", "country": "CA"})

    assert response.status_code == 200
    assert response.json() == {"data": {"suggestions": []}}


async def test_resolve_returns_the_address(api):
    async with api() as client:
        response = await client.post(RESOLVE, json={"place_id": " zip:73102 "})

    assert response.status_code == 200
    assert response.json() == {
        "data": {
            "line1": None,
            "line2": None,
            "city": "Oklahoma City",
            "state": "OK",
            "postal_code": "73102",
            "country": "US",
            "lat": 35.4726,
            "lng": -97.5199,
            "geohash": None,
        }
    }


async def test_suggest_then_resolve_round_trip(api):
    async with api() as client:
        suggested = (await client.get(SUGGEST, params={"query": "Cañon City, CO"})).json()["data"]
        first = suggested["suggestions"][0]
        resolved = (await client.post(RESOLVE, json={"place_id": first["place_id"]})).json()["data"]

    assert first["description"] == f"{resolved['city']}, {resolved['state']} {resolved['postal_code']}"
    assert resolved["city"] == "Canon City" and resolved["state"] == "CO"


# --- validation -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "details"),
    [
        ({"query": " a "}, {"query": "String should have at least 2 characters"}),
        ({"query": "x" * 201}, {"query": "String should have at most 200 characters"}),
        ({}, {"query": "Field required"}),
        ({"query": "okc", "country": "USA"}, {"country": "String should have at most 2 characters"}),
        ({"query": "okc", "country": "U1"}, {"country": "must be an ISO 3166-1 alpha-2 country code"}),
        ({"query": "okc", "language": "e"}, {"language": "String should have at least 2 characters"}),
        ({"query": "okc", "language": "en_US!"}, {"language": "must be a language tag such as en or es-MX"}),
        (
            {"query": "a", "country": "1"},
            {
                "query": "String should have at least 2 characters",
                "country": "String should have at least 2 characters",
            },
        ),
    ],
)
async def test_suggest_invalid_query_params_are_400_with_field_details(api, params, details):
    async with api() as client:
        response = await client.get(SUGGEST, params=params)

    assert response.status_code == 400
    assert error_of(response) == {
        "code": "VALIDATION_ERROR",
        "message": "invalid request",
        "details": details,
    }


async def test_suggest_ignores_unknown_query_params(api):
    async with api() as client:
        response = await client.get(SUGGEST, params={"query": "73102", "_": "1699999999"})

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("body", "details"),
    [
        ({"place_id": "zip:73102", "session": "x"}, {"session": "unknown field"}),
        ({"place_id": "   "}, {"place_id": "Value error, must not be blank"}),
        ({"place_id": "z" * 301}, {"place_id": "String should have at most 300 characters"}),
        ({"place_id": 73102}, {"place_id": "Input should be a valid string"}),
        ({}, {"place_id": "Field required"}),
    ],
)
async def test_resolve_invalid_body_is_400_with_field_details(api, body, details):
    async with api() as client:
        response = await client.post(RESOLVE, json=body)

    assert response.status_code == 400
    assert error_of(response) == {
        "code": "VALIDATION_ERROR",
        "message": "invalid request",
        "details": details,
    }


async def test_resolve_without_a_json_body_is_400(api):
    async with api() as client:
        missing = await client.post(RESOLVE)
        malformed = await client.post(
            RESOLVE, content=b"{not json", headers={"Content-Type": "application/json"}
        )

    assert missing.status_code == 400 and error_of(missing)["details"] == {"body": "Field required"}
    assert malformed.status_code == 400 and error_of(malformed)["details"] == {"body": "malformed JSON"}


@pytest.mark.parametrize("place_id", ["zip:00000", "zip:ABCDE", "ChIJj61dQgK6j4AR4GeTYWZsKWw"])
async def test_resolve_unknown_place_is_404(api, place_id):
    async with api() as client:
        response = await client.post(RESOLVE, json={"place_id": place_id})

    assert response.status_code == 404
    assert error_of(response) == {"code": "NOT_FOUND", "message": "address not found"}


# --- rate limit -----------------------------------------------------------------------------


async def test_limit_per_ip_answers_429_with_retry_after(api, settings_factory, redis):
    settings = settings_factory(address_rate_limit_per_minute=3)

    async with api(settings=settings) as client:
        admitted = [
            await client.get(SUGGEST, params={"query": "73102"}),
            await client.post(RESOLVE, json={"place_id": "zip:73102"}),
            await client.get(SUGGEST, params={"query": "x"}),  # a 400 still counts
        ]
        refused = await client.get(SUGGEST, params={"query": "73102"})
        refused_resolve = await client.post(RESOLVE, json={"place_id": "zip:73102"})
    async with api(settings=settings, ip="10.1.2.3") as other_ip:
        other = await other_ip.get(SUGGEST, params={"query": "73102"})

    assert [r.status_code for r in admitted] == [200, 200, 400]
    assert [r.headers.get("RateLimit-Remaining") for r in admitted[:2]] == ["2", "1"]
    for response in (refused, refused_resolve):
        assert response.status_code == 429
        assert error_of(response) == {"code": "RATE_LIMIT_EXCEEDED", "message": "rate limit exceeded"}
        assert 1 <= int(response.headers["Retry-After"]) <= 60
        assert response.headers["RateLimit-Remaining"] == "0"
    assert other.status_code == 200
    assert await redis.exists("rl:ip:address:127.0.0.1", "rl:ip:address:10.1.2.3") == 2


# --- Google Places adapter (MockTransport) ----------------------------------------------------

AUTOCOMPLETE_OK = {
    "suggestions": [
        {
            "placePrediction": {
                "place": "places/ChIJ4Wf0vX0XsocR8rTq5xv3Tkk",
                "placeId": "ChIJ4Wf0vX0XsocR8rTq5xv3Tkk",
                "text": {
                    "text": "100 North Broadway Avenue, Oklahoma City, OK, USA",
                    "matches": [{"endOffset": 14}],
                },
                "structuredFormat": {
                    "mainText": {"text": "100 North Broadway Avenue", "matches": [{"endOffset": 14}]},
                    "secondaryText": {"text": "Oklahoma City, OK, USA"},
                },
                "types": ["geocode", "premise", "street_address"],
            }
        },
        {
            "placePrediction": {
                "place": "places/EjIxMDAgTiBCcm9hZHdheSBTdCwgRWRtb25kLCBPSyA3MzAzNCwgVVNB",
                "placeId": "EjIxMDAgTiBCcm9hZHdheSBTdCwgRWRtb25kLCBPSyA3MzAzNCwgVVNB",
                "text": {
                    "text": "100 North Broadway Street, Edmond, OK, USA",
                    "matches": [{"endOffset": 14}],
                },
                "structuredFormat": {
                    "mainText": {"text": "100 North Broadway Street", "matches": [{"endOffset": 14}]},
                    "secondaryText": {"text": "Edmond, OK, USA"},
                },
                "types": ["geocode", "street_address"],
            }
        },
        {
            "queryPrediction": {
                "text": {"text": "100 N Broadway dispensaries", "matches": [{"endOffset": 14}]},
                "structuredFormat": {"mainText": {"text": "100 N Broadway dispensaries"}},
            }
        },
    ]
}

DETAILS_OK = {
    "id": "ChIJ4Wf0vX0XsocR8rTq5xv3Tkk",
    "formattedAddress": "100 N Broadway Ave #200, Oklahoma City, OK 73102, USA",
    "addressComponents": [
        {"longText": "200", "shortText": "200", "types": ["subpremise"], "languageCode": "en"},
        {"longText": "100", "shortText": "100", "types": ["street_number"], "languageCode": "en"},
        {
            "longText": "North Broadway Avenue",
            "shortText": "N Broadway Ave",
            "types": ["route"],
            "languageCode": "en",
        },
        {
            "longText": "Downtown",
            "shortText": "Downtown",
            "types": ["neighborhood", "political"],
            "languageCode": "en",
        },
        {
            "longText": "Oklahoma City",
            "shortText": "Oklahoma City",
            "types": ["locality", "political"],
            "languageCode": "en",
        },
        {
            "longText": "Oklahoma County",
            "shortText": "Oklahoma County",
            "types": ["administrative_area_level_2", "political"],
            "languageCode": "en",
        },
        {
            "longText": "Oklahoma",
            "shortText": "OK",
            "types": ["administrative_area_level_1", "political"],
            "languageCode": "en",
        },
        {
            "longText": "United States",
            "shortText": "US",
            "types": ["country", "political"],
            "languageCode": "en",
        },
        {"longText": "73102", "shortText": "73102", "types": ["postal_code"], "languageCode": "en"},
        {"longText": "4402", "shortText": "4402", "types": ["postal_code_suffix"], "languageCode": "en"},
    ],
    "location": {"latitude": 35.4683391, "longitude": -97.5153684},
}

DETAILS_CITY = {
    "id": "ChIJgdL4flSKrYcRnTpP0XQSojM",
    "formattedAddress": "Oklahoma City, OK, USA",
    "addressComponents": [
        {
            "longText": "Oklahoma City",
            "shortText": "Oklahoma City",
            "types": ["locality", "political"],
            "languageCode": "en",
        },
        {
            "longText": "Oklahoma",
            "shortText": "OK",
            "types": ["administrative_area_level_1", "political"],
            "languageCode": "en",
        },
        {
            "longText": "United States",
            "shortText": "US",
            "types": ["country", "political"],
            "languageCode": "en",
        },
    ],
    "location": {"latitude": 35.4675602, "longitude": -97.5164276},
}

DETAILS_COUNTRY = {
    "id": "ChIJCzYy5IS16lQRQrfeQ5K5Oxw",
    "formattedAddress": "United States",
    "addressComponents": [
        {
            "longText": "United States",
            "shortText": "US",
            "types": ["country", "political"],
            "languageCode": "en",
        }
    ],
    "location": {"latitude": 38.7945952, "longitude": -106.5348379},
}


def google_error(code: int, status: str, message: str, reason: str | None = None) -> httpx.Response:
    error: dict[str, Any] = {"code": code, "message": message, "status": status}
    if reason:
        error["details"] = [
            {
                "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                "reason": reason,
                "domain": "googleapis.com",
                "metadata": {"service": "places.googleapis.com"},
            }
        ]
    return httpx.Response(code, json={"error": error})


NOT_FOUND = google_error(404, "NOT_FOUND", "Requested entity was not found.")


class FakeGoogle:
    """A Places API (New) stand-in: records requests, answers from a table."""

    def __init__(self, *, autocomplete: Any = AUTOCOMPLETE_OK, details: dict[str, Any] | None = None) -> None:
        self.requests: list[httpx.Request] = []
        self.autocomplete = autocomplete
        self.details = details if details is not None else {DETAILS_OK["id"]: DETAILS_OK}

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.headers.get("X-Goog-Api-Key") != API_KEY:
            return google_error(400, "INVALID_ARGUMENT", "API key not valid.", "API_KEY_INVALID")
        if request.method == "POST" and request.url.path == "/v1/places:autocomplete":
            return self._answer(self.autocomplete)
        if request.method == "GET" and request.url.path.startswith("/v1/places/"):
            place_id = request.url.path.removeprefix("/v1/places/")
            return self._answer(self.details.get(place_id, NOT_FOUND))
        return google_error(404, "NOT_FOUND", "Method not found.")

    @staticmethod
    def _answer(value: Any) -> httpx.Response:
        if isinstance(value, Exception):
            raise value
        if isinstance(value, httpx.Response):
            return value
        return httpx.Response(200, json=value)


def google(fake: FakeGoogle, *, api_key: str = API_KEY) -> GooglePlacesProvider:
    keyed = AddressSettings(places_api_key=api_key, places_timeout_s=1.0)
    provider = make_places_provider(keyed, transport=httpx.MockTransport(fake))
    assert isinstance(provider, GooglePlacesProvider)
    return provider


async def test_google_suggest_maps_place_predictions(api):
    fake = FakeGoogle()

    async with api(provider=google(fake)) as client:
        response = await client.get(
            SUGGEST, params={"query": "100 N Broadway", "country": "us", "language": "en"}
        )

    assert response.status_code == 200
    assert response.json() == {
        "data": {
            "suggestions": [
                {
                    "place_id": "ChIJ4Wf0vX0XsocR8rTq5xv3Tkk",
                    "description": "100 North Broadway Avenue, Oklahoma City, OK, USA",
                },
                {
                    "place_id": "EjIxMDAgTiBCcm9hZHdheSBTdCwgRWRtb25kLCBPSyA3MzAzNCwgVVNB",
                    "description": "100 North Broadway Street, Edmond, OK, USA",
                },
            ]
        }
    }
    [sent] = fake.requests
    assert str(sent.url) == f"{GOOGLE_PLACES_BASE_URL}/v1/places:autocomplete"
    assert sent.headers["X-Goog-FieldMask"] == (
        "suggestions.placePrediction.placeId,suggestions.placePrediction.text.text"
    )
    assert json.loads(sent.content) == {
        "input": "100 N Broadway",
        "includedRegionCodes": ["us"],
        "languageCode": "en",
    }


async def test_google_resolve_maps_address_components(api):
    fake = FakeGoogle()

    async with api(provider=google(fake)) as client:
        response = await client.post(RESOLVE, json={"place_id": "ChIJ4Wf0vX0XsocR8rTq5xv3Tkk"})

    assert response.status_code == 200
    assert response.json() == {
        "data": {
            "line1": "100 N Broadway Ave",
            "line2": "#200",
            "city": "Oklahoma City",
            "state": "OK",
            "postal_code": "73102",
            "country": "US",
            "lat": 35.4683391,
            "lng": -97.5153684,
            "geohash": None,
        }
    }
    [sent] = fake.requests
    assert sent.method == "GET"
    assert str(sent.url) == f"{GOOGLE_PLACES_BASE_URL}/v1/places/ChIJ4Wf0vX0XsocR8rTq5xv3Tkk"
    assert sent.headers["X-Goog-FieldMask"] == "id,formattedAddress,addressComponents,location"


async def test_google_city_resolves_without_street_or_postal_code(api):
    fake = FakeGoogle(details={DETAILS_CITY["id"]: DETAILS_CITY})

    async with api(provider=google(fake)) as client:
        response = await client.post(RESOLVE, json={"place_id": DETAILS_CITY["id"]})

    assert response.status_code == 200
    data = response.json()["data"]
    assert (data["line1"], data["postal_code"], data["city"], data["state"]) == (
        None,
        None,
        "Oklahoma City",
        "OK",
    )


@pytest.mark.parametrize(
    ("place_id", "upstream_calls"),
    [
        ("ChIJunknownunknownunknown00", 1),  # Google: 404 NOT_FOUND
        (DETAILS_COUNTRY["id"], 1),  # a whole country: no city or state
        ("../places:autocomplete", 0),  # never sent upstream
        ("zip:73102", 0),
    ],
)
async def test_google_unknown_or_unusable_place_is_404(api, place_id, upstream_calls):
    fake = FakeGoogle(details={DETAILS_COUNTRY["id"]: DETAILS_COUNTRY})

    async with api(provider=google(fake)) as client:
        response = await client.post(RESOLVE, json={"place_id": place_id})

    assert response.status_code == 404
    assert error_of(response)["code"] == "NOT_FOUND"
    assert len(fake.requests) == upstream_calls


async def test_google_invalid_place_id_answer_is_404(api):
    invalid = google_error(400, "INVALID_ARGUMENT", "Not a valid Place ID: ChIJnope")
    fake = FakeGoogle(details={"ChIJnope": invalid})

    async with api(provider=google(fake)) as client:
        response = await client.post(RESOLVE, json={"place_id": "ChIJnope"})

    assert response.status_code == 404


UPSTREAM_FAILURES = {
    "500": google_error(500, "INTERNAL", "Internal error encountered."),
    "503": google_error(503, "UNAVAILABLE", "The service is currently unavailable."),
    "429 quota": google_error(429, "RESOURCE_EXHAUSTED", "Quota exceeded.", "RATE_LIMIT_EXCEEDED"),
    "403 api disabled": google_error(
        403, "PERMISSION_DENIED", "Places API (New) has not been used.", "SERVICE_DISABLED"
    ),
    "html 502": httpx.Response(502, text="<html>Bad Gateway</html>"),
    "not json": httpx.Response(200, text="<html>captive portal</html>"),
    "connect error": httpx.ConnectError("connection refused"),
    "read timeout": httpx.ReadTimeout("timed out"),
}


@pytest.mark.parametrize("failure", list(UPSTREAM_FAILURES), ids=list(UPSTREAM_FAILURES))
async def test_google_failures_are_503(api, failure):
    outcome = UPSTREAM_FAILURES[failure]
    fake = FakeGoogle(autocomplete=outcome, details={DETAILS_OK["id"]: outcome})

    async with api(provider=google(fake)) as client:
        suggested = await client.get(SUGGEST, params={"query": "100 N Broadway"})
        resolved = await client.post(RESOLVE, json={"place_id": DETAILS_OK["id"]})

    for response in (suggested, resolved):
        assert response.status_code == 503
        assert error_of(response) == {
            "code": "DEPENDENCY_ERROR",
            "message": "address provider unavailable",
            "details": {"dependency": "places"},
        }


async def test_google_invalid_key_is_503_not_404(api, captured_logs):
    fake = FakeGoogle()

    async with api(provider=google(fake, api_key="wrong-key")) as client:
        suggested = await client.get(SUGGEST, params={"query": "100 N Broadway"})
        resolved = await client.post(RESOLVE, json={"place_id": DETAILS_OK["id"]})

    assert (suggested.status_code, resolved.status_code) == (503, 503)
    errors = [e for e in captured_logs if e["event"] == "address.places.upstream_error"]
    assert [(e["call"], e["http_status"], e["upstream_reasons"]) for e in errors] == [
        ("autocomplete", 400, ["API_KEY_INVALID"]),
        ("details", 400, ["API_KEY_INVALID"]),
    ]
    assert "wrong-key" not in repr(captured_logs)


async def test_google_connect_error_on_details_is_retried_once(api):
    fake = FakeGoogle()
    calls = {"n": 0}
    inner = fake.__call__

    def flaky(request: httpx.Request) -> httpx.Response:
        calls["n"] += 1
        if calls["n"] == 1:
            raise httpx.ConnectError("connection reset")
        return inner(request)

    provider = make_places_provider(
        AddressSettings(places_api_key=API_KEY), transport=httpx.MockTransport(flaky)
    )
    async with api(provider=provider) as client:
        response = await client.post(RESOLVE, json={"place_id": DETAILS_OK["id"]})

    assert response.status_code == 200
    assert calls["n"] == 2


def test_settings_select_the_provider(settings_factory):
    assert isinstance(make_places_provider(settings_factory()), OfflineZipPlacesProvider)
    assert isinstance(make_places_provider(settings_factory(places_api_key="  ")), OfflineZipPlacesProvider)
    assert isinstance(make_places_provider(settings_factory(places_api_key=API_KEY)), GooglePlacesProvider)
