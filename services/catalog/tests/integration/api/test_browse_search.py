"""Search, filters, sorts, cursors and facets of product lists (API.md §3.3, §1.6)."""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

import pytest

from .conftest import ids

pytestmark = pytest.mark.usefixtures("db_session")


@pytest.fixture
async def shop(client, buyer_in, add_store, add_product) -> dict[str, Any]:
    """Two visible vendors in OK with a small, varied catalogue, and a buyer there."""
    red = await add_store(company_name="Red Earth Growers LLC")
    prairie = await add_store(company_name="Prairie Wind", dba_name="Prairie Wind Farms")
    p = {
        "blue": await add_product(
            red,
            title="Blue Dream 3.5g",
            strain="Blue Dream",
            sku="RE-BD-35",
            price_cents=3500,
            thc_percent=22.5,
            classification="hybrid",
            compare_at_price_cents=4000,
        ),
        "gelato": await add_product(
            red,
            title="Gelato Cake Pre-Roll",
            strain="Gelato",
            sku="RE-GC-1",
            category="pre_roll",
            price_cents=1200,
            thc_percent=27.1,
            classification="indica",
        ),
        "creme": await add_product(
            prairie,
            title="Crème Brûlée Gummies",
            sku="PW-CB-10",
            category="edible",
            price_cents=2000,
            cbd_percent=5,
            classification=None,
        ),
        "og": await add_product(
            prairie,
            title="OG Kush Cart",
            strain="OG Kush",
            sku="PW-OG-05",
            category="vape",
            price_cents=3500,
            thc_percent=85,
            classification="indica",
        ),
        "plain": await add_product(prairie, title="House Shake", sku="PW-HS-28", price_cents=800),
    }
    return {"buyer": await buyer_in("OK"), "products": p, "red": red, "prairie": prairie}


async def browse(client, shop, **params) -> dict[str, Any]:
    r = await client.get("/api/v1/products", params={"state": "OK", **params}, headers=shop["buyer"].headers)
    assert r.status_code == 200, r.text
    return r.json()


def names(shop, body) -> set[str]:
    by_id = {v.id: k for k, v in shop["products"].items()}
    return {by_id[i] for i in ids(body)}


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("blue dream", {"blue"}),  # title words
        ("BLUE", {"blue"}),  # case-insensitive
        ("re-gc", {"gelato"}),  # SKU substring
        ("gc-1", {"gelato"}),
        ("creme brulee", {"creme"}),  # accents folded on both sides
        ("crème", {"creme"}),
        ("gelatto", {"gelato"}),  # a typo still finds it (trigram word similarity)
        ("kush", {"og"}),  # strain
        ("prairie wind farms", {"creme", "og", "plain"}),  # vendor (DBA) name
        ("red earth", {"blue", "gelato"}),
        ("gel cak", {"gelato"}),  # word prefixes
        ("zzzz", set()),
        ("100%_", set()),  # LIKE wildcards are literals
    ],
)
async def test_text_search(client, shop, q, expected):
    assert names(shop, await browse(client, shop, q=q)) == expected


async def test_relevance_ranks_a_title_match_above_a_vendor_name_match(client, shop, add_store, add_product):
    # "gelato" is in one product's title and strain, and only in the vendor name of another
    other = await add_store(company_name="Gelato Brothers Wholesale")
    by_vendor = await add_product(other, title="Sour Diesel Smalls", sku="GB-SD-1")

    body = await browse(client, shop, q="gelato")

    assert ids(body) == [shop["products"]["gelato"].id, by_vendor.id]
    assert body["data"]["pagination"]["total"] == 2


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"category": "flower"}, {"blue", "plain"}),
        ({"classification": "indica"}, {"gelato", "og"}),
        ({"price_min_cents": 2000}, {"blue", "creme", "og"}),
        ({"price_max_cents": 1200}, {"gelato", "plain"}),
        ({"price_min_cents": 1200, "price_max_cents": 2000}, {"gelato", "creme"}),
        ({"thc_min": 25}, {"gelato", "og"}),
        ({"thc_max": "22.5"}, {"blue"}),
        ({"cbd_min": 1}, {"creme"}),
        ({"cbd_max": 4}, set()),
        ({"has_promo": "true"}, {"blue"}),
        ({"has_promo": "false"}, {"gelato", "creme", "og", "plain"}),
        ({"category": "flower", "price_max_cents": 1000}, {"plain"}),
        ({"q": "dream", "category": "vape"}, set()),
    ],
)
async def test_filters(client, shop, params, expected):
    assert names(shop, await browse(client, shop, **params)) == expected


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"category": "shoes"}, "category"),
        ({"category": "FLOWER"}, "category"),  # enums are exact lower-case values (API.md §1.5)
        ({"classification": "purple"}, "classification"),
        ({"price_min_cents": -1}, "price_min_cents"),
        ({"price_min_cents": "ten"}, "price_min_cents"),
        ({"thc_min": 101}, "thc_min"),
        ({"cbd_max": "1.234"}, "cbd_max"),
        ({"has_promo": "maybe"}, "has_promo"),
        ({"q": "x" * 101}, "q"),
        ({"sort": "popular"}, "sort"),
        ({"limit": 0}, "limit"),
        ({"limit": 101}, "limit"),
        ({"cursor": "%%%"}, "cursor"),
    ],
)
async def test_bad_filters_are_400_naming_the_field(client, shop, params, field):
    r = await client.get("/api/v1/products", params={"state": "OK", **params}, headers=shop["buyer"].headers)

    assert r.status_code == 400, r.text
    assert r.json()["error"]["code"] == "VALIDATION_ERROR"
    assert any(field in key for key in r.json()["error"]["details"]), r.json()


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("price_asc", ["plain", "gelato", "creme", "blue", "og"]),  # blue/og tie at 3500: id asc
        ("price_desc", ["og", "blue", "creme", "gelato", "plain"]),
        ("thc_desc", ["og", "gelato", "blue", "plain", "creme"]),  # no THC last (plain < creme: newer first)
        ("thc_asc", ["blue", "gelato", "og", "creme", "plain"]),  # no THC last: id asc
        ("newest", ["plain", "og", "creme", "gelato", "blue"]),
    ],
)
async def test_sorts(client, shop, sort, expected):
    p = shop["products"]
    expected_ids = [p[n].id for n in expected]
    if sort == "price_asc" and p["og"].id < p["blue"].id:
        expected_ids[3:5] = [p["og"].id, p["blue"].id]
    if sort == "price_desc" and p["og"].id < p["blue"].id:
        expected_ids[0:2] = [p["blue"].id, p["og"].id]

    assert ids(await browse(client, shop, sort=sort)) == expected_ids


async def _walk(client, actor, params) -> tuple[list, list[dict]]:
    seen, pages, cursor = [], [], None
    while True:
        q = {**params, **({"cursor": cursor} if cursor else {})}
        r = await client.get("/api/v1/products", params=q, headers=actor.headers)
        assert r.status_code == 200, r.text
        body = r.json()["data"]
        pages.append(body["pagination"])
        seen += [p["id"] for p in body["products"]]
        cursor = body["pagination"]["next"]
        if not cursor:
            return seen, pages
        assert len(pages) < 100


@pytest.mark.parametrize("sort", ["newest", "price_asc", "price_desc", "thc_desc", "thc_asc", "relevance"])
async def test_cursor_pagination_is_stable_under_ties(client, buyer_in, add_store, add_product, sort):
    # 23 products with heavy ties on every sort key (3 prices, 2 THC values + none, same title
    # words, 4 share one created_at)
    rng = random.Random(7)
    store = await add_store()
    same_time = None
    made = []
    for i in range(23):
        extra = {}
        if i < 4:
            if same_time is None:
                same_time = (await add_product(store, title="Tie Kush", price_cents=1000)).created_at
                made.append(same_time)
                continue
            extra["created_at"] = same_time
        made.append(
            await add_product(
                store,
                title="Tie Kush",
                price_cents=rng.choice([1000, 2000, 3000]),
                thc_percent=rng.choice([None, 20, 25]),
                **extra,
            )
        )
    buyer = await buyer_in("OK")
    params = {"state": "OK", "sort": sort, "limit": 4, **({"q": "tie kush"} if sort == "relevance" else {})}

    seen, pages = await _walk(client, buyer, params)
    full = (
        await client.get("/api/v1/products", params={**params, "limit": 100}, headers=buyer.headers)
    ).json()

    assert len(seen) == 23 and len(set(seen)) == 23  # nobody skipped or repeated
    assert seen == [p["id"] for p in full["data"]["products"]]  # the same order as one big page
    assert {pg["total"] for pg in pages} == {23}
    assert {pg["first"] for pg in pages} == {pages[0]["first"]} and pages[0]["first"]
    assert {pg["last"] for pg in pages} == {pages[0]["last"]}
    # the last cursor points at the last row: seeking past it gives nothing
    after_last = await client.get(
        "/api/v1/products", params={**params, "cursor": pages[0]["last"]}, headers=buyer.headers
    )
    assert after_last.json()["data"]["products"] == []


async def test_a_cursor_of_another_sort_is_400(client, shop):
    body = await browse(client, shop, sort="price_asc", limit=2)
    cursor = body["data"]["pagination"]["next"]

    r = await client.get(
        "/api/v1/products",
        params={"state": "OK", "sort": "thc_desc", "cursor": cursor},
        headers=shop["buyer"].headers,
    )

    assert r.status_code == 400
    assert r.json()["error"]["details"] == {"cursor": "invalid cursor"}


async def test_facets_count_the_current_filter(client, shop):
    body = (await browse(client, shop, price_min_cents=1200))["data"]  # every product but "plain"

    facets = body["facets"]
    assert {f["value"]: f["count"] for f in facets["category"]} == {
        "flower": 1,
        "pre_roll": 1,
        "edible": 1,
        "vape": 1,
    }
    assert {f["value"]: f["count"] for f in facets["classification"]} == {"hybrid": 1, "indica": 2}
    vendors = {f["vendor_store_id"]: (f["vendor_name"], f["count"]) for f in facets["vendor"]}
    assert vendors == {
        str(shop["red"].store_id): ("Red Earth Growers LLC", 2),
        str(shop["prairie"].store_id): ("Prairie Wind Farms", 2),
    }
    assert body["pagination"]["total"] == 4


async def test_an_empty_result_has_empty_facets_and_cursors(client, shop):
    body = (await browse(client, shop, q="nothing-like-this"))["data"]

    assert body["products"] == []
    assert body["facets"] == {"category": [], "classification": [], "vendor": []}
    assert body["pagination"] | {} == {
        "page": 1,
        "total": 0,
        "current": "",
        "first": "",
        "last": "",
        "prev": "",
        "next": "",
    }


async def test_percentages_are_numbers(client, shop):
    body = await browse(client, shop, q="blue dream")

    product = body["data"]["products"][0]
    assert product["thc_percent"] == 22.5 and product["cbd_percent"] is None
    assert product["has_promo"] is True and product["compare_at_price_cents"] == 4000
    assert Decimal(str(product["thc_percent"])) == Decimal("22.5")
