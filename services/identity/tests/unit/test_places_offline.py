"""OfflineZipPlacesProvider on the real ``zipcodes`` data (no network, no database)."""

import asyncio

import pytest

from pf_identity.clients.places import (
    AddressSettings,
    OfflineZipPlacesProvider,
    ResolvedAddress,
    Suggestion,
    make_places_provider,
)

US = {"country": "US", "language": None}


@pytest.fixture
def provider() -> OfflineZipPlacesProvider:
    return OfflineZipPlacesProvider()


async def suggest(provider: OfflineZipPlacesProvider, query: str, limit: int = 5) -> list[str]:
    return [s.description for s in await provider.suggest(query, limit=limit, **US)]


async def test_zip_prefix_lists_zips_in_order(provider):
    found = await provider.suggest("7310", limit=3, **US)

    assert found == [
        Suggestion("zip:73101", "Oklahoma City, OK 73101"),
        Suggestion("zip:73102", "Oklahoma City, OK 73102"),
        Suggestion("zip:73103", "Oklahoma City, OK 73103"),
    ]


@pytest.mark.parametrize("query", ["73102", "73102-4402", " 73102 "])
async def test_full_zip_or_zip_plus_four_is_that_zip(provider, query):
    assert await suggest(provider, query) == ["Oklahoma City, OK 73102"]


async def test_unknown_zip_prefix_suggests_nothing(provider):
    assert await suggest(provider, "00000") == []


async def test_city_prefix_offers_the_city_delivery_zips_first(provider):
    found = await suggest(provider, "oklahoma ci")

    assert found == [
        "Oklahoma City, OK 73102",
        "Oklahoma City, OK 73103",
        "Oklahoma City, OK 73104",
        "Oklahoma City, OK 73105",
        "Oklahoma City, OK 73106",
    ]


@pytest.mark.parametrize(
    "query",
    [
        "Oklahoma City, OK",
        "oklahoma city, ok",
        "OKLAHOMA   CITY , Oklahoma",
        "Oklahoma City, Okla",
        "oklahoma city ok",
    ],
)
async def test_city_and_state_forms_agree(provider, query):
    assert await suggest(provider, query, limit=2) == ["Oklahoma City, OK 73102", "Oklahoma City, OK 73103"]


async def test_city_state_and_zip_prefix_narrow_down(provider):
    assert await suggest(provider, "Oklahoma City, OK 7311", limit=2) == [
        "Oklahoma City, OK 73110",
        "Oklahoma City, OK 73111",
    ]


async def test_state_filter_excludes_other_states(provider):
    found = await suggest(provider, "Portland, ME", limit=10)

    assert found and all(d.startswith("Portland, ME ") for d in found)


async def test_unknown_state_suggests_nothing(provider):
    assert await suggest(provider, "Oklahoma City, XX") == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Cañon City", "Canon City, CO 81212"),
        ("CAÑON CITY, co", "Canon City, CO 81212"),
        ("española", "Espanola, NM 87532"),
        ("St. Louis, MO", "Saint Louis, MO 63101"),
        ("ft worth", "Fort Worth, TX 76102"),
        ("winston-salem", "Winston Salem, NC 27101"),
    ],
)
async def test_accents_case_punctuation_and_abbreviations_are_ignored(provider, query, expected):
    assert (await suggest(provider, query, limit=1)) == [expected]


async def test_a_word_being_typed_is_not_expanded(provider):
    # "st" may be the start of "Sterling": only a finished "St" / "St." means Saint.
    found = await suggest(provider, "st", limit=20)

    assert any(d.startswith("Sterling") for d in found)


async def test_one_zip_per_place_comes_before_a_second_zip_of_any(provider):
    found = await suggest(provider, "spring", limit=5)

    assert found[0].startswith("Spring, TX ")  # the exact name first
    places = [d.rsplit(" ", 1)[0] for d in found]
    assert len(set(places)) == 5
    assert "Springfield, IL" in places


@pytest.mark.parametrize("limit", [1, 3, 20])
async def test_limit_is_respected(provider, limit):
    assert len(await provider.suggest("sa", limit=limit, **US)) == limit


async def test_zero_limit_and_empty_query_suggest_nothing(provider):
    assert await provider.suggest("okla", limit=0, **US) == []
    assert await provider.suggest("   ", limit=5, **US) == []


@pytest.mark.parametrize("country", ["CA", "MX", "us "])
async def test_only_us_has_data(provider, country):
    found = await provider.suggest("73102", country=country, language=None, limit=5)

    assert found == (
        [] if country.strip().upper() != "US" else [Suggestion("zip:73102", "Oklahoma City, OK 73102")]
    )


async def test_military_zips_are_not_offered(provider):
    # 09xxx are APO/FPO (state AE): not where a store can be.
    assert await suggest(provider, "090", limit=5) == []


async def test_place_ids_are_stable_across_instances(provider):
    first = await provider.suggest("Oklahoma City, OK", limit=10, **US)
    second = await OfflineZipPlacesProvider().suggest("Oklahoma City, OK", limit=10, **US)

    assert first == second
    assert all(s.place_id == "zip:" + s.description[-5:] for s in first)


async def test_resolve_returns_the_zip_centroid(provider):
    address = await provider.resolve("zip:73102")

    assert address == ResolvedAddress(
        city="Oklahoma City",
        state="OK",
        postal_code="73102",
        country="US",
        lat=35.4726,
        lng=-97.5199,
        line1=None,
        line2=None,
        geohash=None,
    )


async def test_every_suggestion_resolves_to_what_it_described(provider):
    for query in ("7310", "Saint Louis, MO", "canon city", "new york"):
        for s in await provider.suggest(query, limit=5, **US):
            address = await provider.resolve(s.place_id)
            assert address is not None
            assert s.description == f"{address.city}, {address.state} {address.postal_code}"
            assert address.line1 is None and address.country == "US"
            assert -90 <= address.lat <= 90 and -180 <= address.lng <= 180


@pytest.mark.parametrize(
    "place_id",
    ["zip:00000", "zip:7310", "zip:731021", "ZIP:73102", "73102", "ChIJj61dQgK6j4AR4GeTYWZsKWw", ""],
)
async def test_resolve_unknown_or_malformed_id_is_none(provider, place_id):
    assert await provider.resolve(place_id) is None


async def test_data_is_loaded_lazily_and_once():
    calls: list[int] = []

    def records():
        calls.append(1)
        return [
            {"zip_code": "73102", "zip_code_type": "STANDARD", "active": True, "city": "Oklahoma City",
             "state": "OK", "lat": "35.4726", "long": "-97.5199"},
            {"zip_code": "73101", "zip_code_type": "PO BOX", "active": True, "city": "Oklahoma City",
             "state": "OK", "lat": "35.4916", "long": "-97.5628"},
            {"zip_code": "73199", "zip_code_type": "STANDARD", "active": False, "city": "Oklahoma City",
             "state": "OK", "lat": "35.5", "long": "-97.5"},
            {"zip_code": "09001", "zip_code_type": "MILITARY", "active": True, "city": "APO",
             "state": "AE", "lat": "0", "long": "0"},
        ]  # fmt: skip

    provider = OfflineZipPlacesProvider(records)
    assert not provider.loaded and calls == []

    results = await asyncio.gather(*(provider.suggest("oklahoma", limit=5, **US) for _ in range(5)))

    assert calls == [1]
    assert provider.loaded
    assert all(r == [Suggestion("zip:73102", "Oklahoma City, OK 73102"),
                     Suggestion("zip:73101", "Oklahoma City, OK 73101")] for r in results)  # fmt: skip
    assert await provider.resolve("zip:73199") is None  # inactive
    assert await provider.resolve("zip:09001") is None  # military
    assert len(await provider.index()) == 2


async def test_lookups_are_fast_once_loaded(provider):
    await provider.index()
    loop = asyncio.get_running_loop()
    start = loop.time()
    for query in ("sa", "st", "spring", "7", "Oklahoma City, OK"):
        await provider.suggest(query, limit=10, **US)
    assert loop.time() - start < 0.5  # generous: a few ms each on a laptop


def test_without_a_key_the_settings_select_the_offline_provider():
    assert isinstance(make_places_provider(AddressSettings()), OfflineZipPlacesProvider)
    assert isinstance(make_places_provider(AddressSettings(places_api_key="  ")), OfflineZipPlacesProvider)
