"""``HttpCatalogClient`` against the contract in its docstring (``httpx.MockTransport`` plays
catalog): strict parsing (money never through a float), results in line order, chunked
releases, and what counts as "catalog gave no usable answer"."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import httpx
import pytest

from pf_common.ids import uuid7
from pf_orders.clients.catalog import (
    BATCH_GET_PATH,
    CONFIRM_PATH,
    MAX_LINES,
    RELEASE_PATH,
    RESERVE_PATH,
    CatalogProduct,
    CatalogUnavailable,
    HttpCatalogClient,
    ReservationLine,
    ReservationResult,
    VolumeTier,
)


def catalog_answering(handler, *, bearer: str | None = "orders-service-jwt") -> HttpCatalogClient:
    return HttpCatalogClient(
        "http://catalog.test/",
        transport=httpx.MockTransport(handler),
        token_provider=(lambda: bearer),
    )


def product_json(**over: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": str(uuid7()),
        "store_id": str(uuid7()),
        "sku": "SKU-1",
        "title": "Blue Dream 3.5g",
        "unit": "gram",
        "moq": 2,
        "max_qty": 0,
        "price_cents": 1500,
        "is_active": True,
        "category": "flower",
        "classification": "hybrid",
        "strain": "Blue Dream",
        "thumbnail_url": "https://cdn.example.com/t.webp",
        "available_qty": 40,
        "volume_discounts": [],
    }
    return row | over


def data(payload: Any, status: int = 200) -> httpx.Response:
    return httpx.Response(status, json={"data": payload})


# --- batch_get -----------------------------------------------------------------------------------


async def test_batch_get_parses_every_field_with_exact_decimal_tiers_and_omits_unknown_ids():
    row = product_json(
        volume_discounts=[
            {"min_qty": 10, "discount_percent": "5.0000"},
            {"min_qty": 50, "discount_percent": "12.5"},
            {"min_qty": 100, "discount_percent": 20},  # a JSON integer is exact too
        ]
    )
    inactive = product_json(is_active=False, classification=None, strain=None, thumbnail_url=None)
    pid, inactive_id, unknown = uuid7(), uuid7(), uuid7()
    row["id"], inactive["id"] = str(pid), str(inactive_id)
    seen: list[httpx.Request] = []

    def catalog(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        # catalog also returns a product nobody asked about: ignored
        return data([inactive, row, product_json()])

    client = catalog_answering(catalog)
    try:
        got = await client.batch_get([pid, unknown, inactive_id, pid])
    finally:
        await client.aclose()

    assert list(got) == [pid, inactive_id]  # request order; unknown id absent
    assert got[pid] == CatalogProduct(
        id=pid,
        store_id=got[pid].store_id,
        sku="SKU-1",
        title="Blue Dream 3.5g",
        unit="gram",
        moq=2,
        max_qty=0,
        price_cents=1500,
        is_active=True,
        category="flower",
        classification="hybrid",
        strain="Blue Dream",
        thumbnail_url="https://cdn.example.com/t.webp",
        available_qty=40,
        volume_discounts=(
            VolumeTier(100, Decimal("20")),
            VolumeTier(50, Decimal("12.5")),
            VolumeTier(10, Decimal("5.0000")),
        ),
    )
    assert str(got[pid].store_id) == row["store_id"]
    assert [str(t.discount_percent) for t in got[pid].volume_discounts] == ["20", "12.5", "5.0000"]
    assert got[inactive_id].is_active is False
    assert (got[inactive_id].classification, got[inactive_id].strain, got[inactive_id].thumbnail_url) == (
        None,
        None,
        None,
    )
    assert len(seen) == 1
    assert (seen[0].method, seen[0].url.path) == ("POST", BATCH_GET_PATH)
    assert json.loads(seen[0].content) == {"product_ids": [str(pid), str(unknown), str(inactive_id)]}


async def test_batch_get_of_nothing_calls_nobody():
    client = catalog_answering(lambda r: pytest.fail("called"))
    assert await client.batch_get([]) == {}
    await client.aclose()


async def test_batch_get_refuses_more_than_200_distinct_ids_before_calling():
    client = catalog_answering(lambda r: data([]))
    ids = [uuid7() for _ in range(MAX_LINES)]
    try:
        assert await client.batch_get([*ids, ids[0]]) == {}  # 200 distinct: one call
        with pytest.raises(ValueError):
            await client.batch_get([*ids, uuid7()])
    finally:
        await client.aclose()


@pytest.mark.parametrize(
    "over",
    [
        {"volume_discounts": [{"min_qty": 10, "discount_percent": 12.5}]},
        {"volume_discounts": [{"min_qty": 10, "discount_percent": 5.0}]},
        {"volume_discounts": [{"min_qty": 10, "discount_percent": "1e1"}]},
        {"volume_discounts": [{"min_qty": 10, "discount_percent": "NaN"}]},
        {"volume_discounts": [{"min_qty": 10, "discount_percent": "100.5"}]},
        {"volume_discounts": [{"min_qty": 10, "discount_percent": True}]},
        {"volume_discounts": [{"min_qty": 0, "discount_percent": "5"}]},
        {
            "volume_discounts": [
                {"min_qty": 5, "discount_percent": "5"},
                {"min_qty": 5, "discount_percent": "6"},
            ]
        },
        {"price_cents": 1500.0},
        {"price_cents": "1500"},
        {"price_cents": -1},
        {"available_qty": True},
        {"moq": 0},
        {"is_active": 1},
        {"id": "not-a-uuid"},
        {"store_id": None},
        {"title": None},
        {"strain": 7},
        {"volume_discounts": None},
    ],
    ids=[
        "float percent",
        "float percent with no fraction",
        "exponent",
        "NaN",
        "over 100",
        "bool percent",
        "min_qty 0",
        "duplicate min_qty",
        "float price",
        "string price",
        "negative price",
        "bool qty",
        "moq 0",
        "int is_active",
        "bad id",
        "null store_id",
        "null title",
        "int strain",
        "null tiers",
    ],
)
async def test_batch_get_refuses_a_product_of_another_shape(over):
    row = product_json(**over)
    client = catalog_answering(lambda r: data([row]))
    with pytest.raises(CatalogUnavailable, match=r"^batch_get: unexpected body"):
        await client.batch_get([uuid7()])
    await client.aclose()


async def test_batch_get_refuses_a_product_with_a_missing_field():
    row = product_json()
    del row["available_qty"]
    client = catalog_answering(lambda r: data([row]))
    with pytest.raises(CatalogUnavailable, match="available_qty"):
        await client.batch_get([uuid7()])
    await client.aclose()


# --- what is not an answer -----------------------------------------------------------------------


def _refused(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("connection refused", request=request)


def _slow(request: httpx.Request) -> httpx.Response:
    raise httpx.ReadTimeout("timed out", request=request)


CALLS = {
    "batch_get": lambda c: c.batch_get([uuid7()]),
    "reserve": lambda c: c.reserve(uuid7(), [ReservationLine(uuid7(), uuid7(), uuid7(), 1)]),
    "confirm": lambda c: c.confirm([uuid7()]),
    "release": lambda c: c.release([uuid7()]),
}


@pytest.mark.parametrize("op", sorted(CALLS))
@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (lambda r: httpx.Response(503, json={"error": {"code": "DEPENDENCY_ERROR"}}), "status 503"),
        (lambda r: httpx.Response(500, text="secret stack trace"), "status 500"),
        (lambda r: httpx.Response(401, json={"error": {"code": "UNAUTHENTICATED"}}), "status 401"),
        (lambda r: httpx.Response(409, json={"error": {"code": "CONFLICT"}}), "status 409"),
        (lambda r: httpx.Response(404, json={"error": {"code": "NOT_FOUND"}}), "status 404"),
        (lambda r: httpx.Response(200, content=b"<html>gateway</html>"), "unexpected body"),
        (lambda r: httpx.Response(200, json={"results": []}), "unexpected body"),
        (lambda r: httpx.Response(200, json=[1]), "unexpected body"),
        (lambda r: data("nope"), "unexpected body"),
        (_refused, "ConnectError"),
        (_slow, "ReadTimeout"),
    ],
    ids=[
        "503",
        "500",
        "401",
        "409",
        "404",
        "not json",
        "no data",
        "a list",
        "data a string",
        "refused",
        "slow",
    ],
)
async def test_anything_but_a_clear_answer_is_unavailable_with_a_short_reason(op, answer, reason):
    client = catalog_answering(answer, bearer="secret-jwt")
    with pytest.raises(CatalogUnavailable) as raised:
        await CALLS[op](client)
    await client.aclose()

    message = str(raised.value)
    assert message.startswith(f"{op}: ") and reason in message
    assert "secret" not in message  # never the body, never the token


@pytest.mark.parametrize("op", sorted(CALLS))
async def test_every_call_is_retried_once_after_a_refused_connection(op):
    attempts: list[httpx.Request] = []

    def flaky(request: httpx.Request) -> httpx.Response:
        attempts.append(request)
        if len(attempts) == 1:
            raise httpx.ConnectError("connection refused", request=request)
        body = json.loads(request.content)
        if "product_ids" in body:
            return data([])
        if "lines" in body:
            return data(
                {"results": [{"reservation_id": body["lines"][0]["reservation_id"], "reserved": True}]}
            )
        return data({"updated": 1})

    client = catalog_answering(flaky)
    try:
        await CALLS[op](client)
    finally:
        await client.aclose()

    assert len(attempts) == 2
    assert attempts[0].content == attempts[1].content
    keys = {r.headers["Idempotency-Key"] for r in attempts}  # what lets RetryTransport repeat a POST
    assert len(keys) == 1 and keys.pop().startswith(f"orders.catalog.{op}.")


async def test_a_call_that_never_connects_is_tried_twice_then_unavailable():
    attempts: list[httpx.Request] = []

    def down(request: httpx.Request) -> httpx.Response:
        attempts.append(request)
        raise httpx.ConnectError("connection refused", request=request)

    client = catalog_answering(down)
    with pytest.raises(CatalogUnavailable, match=r"^release: ConnectError$"):
        await client.release([uuid7()])
    await client.aclose()
    assert len(attempts) == 2


# --- reserve -------------------------------------------------------------------------------------


async def test_reserve_sends_the_lines_and_returns_one_result_per_line_in_line_order():
    group = uuid7()
    lines = [ReservationLine(uuid7(), uuid7(), uuid7(), qty) for qty in (3, 500, 1)]
    seen: list[dict] = []

    def catalog(request: httpx.Request) -> httpx.Response:
        assert (request.method, request.url.path) == ("POST", RESERVE_PATH)
        seen.append(json.loads(request.content))
        a, b, c = (str(line.reservation_id) for line in lines)
        return data(
            {
                "results": [  # in another order, with one result nobody asked about
                    {"reservation_id": c, "reserved": False, "reason": "unknown_product"},
                    {"reservation_id": str(uuid7()), "reserved": True},
                    {"reservation_id": a, "reserved": True},
                    {"reservation_id": b, "reserved": False, "reason": "insufficient_inventory"},
                ]
            }
        )

    client = catalog_answering(catalog)
    try:
        results = await client.reserve(group, lines)
    finally:
        await client.aclose()

    assert results == [
        ReservationResult(lines[0].reservation_id, True, None),
        ReservationResult(lines[1].reservation_id, False, "insufficient_inventory"),
        ReservationResult(lines[2].reservation_id, False, "unknown_product"),
    ]
    assert seen == [
        {
            "checkout_group_id": str(group),
            "lines": [
                {
                    "reservation_id": str(line.reservation_id),
                    "order_id": str(line.order_id),
                    "product_id": str(line.product_id),
                    "qty": line.qty,
                }
                for line in lines
            ],
        }
    ]


async def test_a_line_catalog_did_not_answer_for_is_unavailable():
    lines = [ReservationLine(uuid7(), uuid7(), uuid7(), 1) for _ in range(2)]
    client = catalog_answering(
        lambda r: data({"results": [{"reservation_id": str(lines[0].reservation_id), "reserved": True}]})
    )
    with pytest.raises(CatalogUnavailable, match=r"^reserve: no result for 1 of 2 lines$"):
        await client.reserve(uuid7(), lines)
    await client.aclose()


@pytest.mark.parametrize(
    "result",
    [
        {"reserved": True},
        {"reservation_id": "x", "reserved": True},
        {"reservation_id": "ID", "reserved": "yes"},
        {"reservation_id": "ID", "reserved": 1},
        {"reservation_id": "ID", "reserved": False, "reason": 3},
    ],
    ids=["no id", "bad id", "string reserved", "int reserved", "int reason"],
)
async def test_a_result_of_another_shape_is_unavailable(result):
    line = ReservationLine(uuid7(), uuid7(), uuid7(), 1)
    result = {k: (str(line.reservation_id) if v == "ID" else v) for k, v in result.items()}
    client = catalog_answering(lambda r: data({"results": [result]}))
    with pytest.raises(CatalogUnavailable, match=r"^reserve: unexpected body"):
        await client.reserve(uuid7(), [line])
    await client.aclose()


async def test_reserve_refuses_what_catalog_would_refuse_before_calling():
    client = catalog_answering(lambda r: pytest.fail("called"))
    line = ReservationLine(uuid7(), uuid7(), uuid7(), 1)
    try:
        assert await client.reserve(uuid7(), []) == []
        with pytest.raises(ValueError):
            await client.reserve(uuid7(), [line, line])  # one reservation id twice
        with pytest.raises(ValueError):
            await client.reserve(uuid7(), [ReservationLine(uuid7(), uuid7(), uuid7(), 0)])
        with pytest.raises(ValueError):
            await client.reserve(uuid7(), [ReservationLine(uuid7(), uuid7(), uuid7(), 1) for _ in range(201)])
    finally:
        await client.aclose()


# --- confirm / release ---------------------------------------------------------------------------


@pytest.mark.parametrize(("op", "path"), [("release", RELEASE_PATH), ("confirm", CONFIRM_PATH)])
async def test_more_than_200_ids_go_in_chunks_of_200_and_the_counts_add_up(op, path):
    ids = [uuid7() for _ in range(450)]
    seen: list[list[str]] = []

    def catalog(request: httpx.Request) -> httpx.Response:
        assert (request.method, request.url.path) == ("POST", path)
        asked = json.loads(request.content)["reservation_ids"]
        seen.append(asked)
        return data({"updated": len(asked) - 1})

    client = catalog_answering(catalog)
    try:
        updated = await getattr(client, op)([*ids, ids[0]])  # a repeated id is sent once
    finally:
        await client.aclose()

    assert [len(chunk) for chunk in seen] == [200, 200, 50]
    assert [i for chunk in seen for i in chunk] == [str(i) for i in ids]
    assert updated == 199 + 199 + 49


async def test_release_of_nothing_calls_nobody():
    client = catalog_answering(lambda r: pytest.fail("called"))
    assert await client.release([]) == 0
    assert await client.confirm([]) == 0
    await client.aclose()


@pytest.mark.parametrize("updated", [None, "1", 1.0, True, -1, 2])
async def test_an_updated_count_of_another_shape_is_unavailable(updated):
    client = catalog_answering(lambda r: data({"updated": updated}))
    with pytest.raises(CatalogUnavailable, match=r"^confirm: unexpected body"):
        await client.confirm([uuid7()])  # one id asked: 2 updated is impossible too
    await client.aclose()


# --- service token -------------------------------------------------------------------------------


async def test_every_call_carries_the_bearer_of_the_token_provider():
    tokens = iter(["t1", "t2"])
    seen: list[str | None] = []

    def catalog(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("Authorization"))
        return data({"updated": 0})

    client = HttpCatalogClient(
        "http://catalog.test", transport=httpx.MockTransport(catalog), token_provider=lambda: next(tokens)
    )
    try:
        await client.release([uuid7()])
        await client.confirm([uuid7()])
    finally:
        await client.aclose()
    assert seen == ["Bearer t1", "Bearer t2"]


async def test_no_token_no_authorization_header():
    seen: list[httpx.Request] = []

    def catalog(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return data({"updated": 0})

    client = catalog_answering(catalog, bearer=None)
    await client.release([uuid7()])
    await client.aclose()
    assert "Authorization" not in seen[0].headers
