"""orders' internal endpoints (API.md §4): what catalog's reservation sweeper asks."""

from __future__ import annotations

import uuid

import pytest
from orders_factories import insert_line_items

from pf_common.ids import uuid7
from pf_common.testing.auth_matrix import assert_internal_routes_refuse_bad_tokens

EXISTS = "/internal/v1/line-items:exists"


@pytest.fixture
def client(client, as_service):
    """catalog is the only caller: every request carries its service token."""
    client.headers.update(as_service("catalog"))
    return client


async def test_existing_lists_the_committed_line_ids_among_those_asked(client, db_session):
    # given two line items of one order and one of another
    order_a, order_b = uuid7(), uuid7()
    a_ids, b_ids = [uuid7(), uuid7()], [uuid7()]
    await insert_line_items(db_session, order_a, a_ids)
    await insert_line_items(db_session, order_b, b_ids)
    lines = [*a_ids, *b_ids]
    unknown = uuid.uuid4()

    # when catalog asks about two of them, an unknown id, and one of them twice
    asked = [lines[0], unknown, lines[2], lines[0]]
    r = await client.post(EXISTS, json={"ids": [str(i) for i in asked]})

    # then exactly the committed ones come back, once each
    assert r.status_code == 200, r.text
    assert sorted(r.json()["data"]["existing"]) == sorted([str(lines[0]), str(lines[2])])


async def test_an_empty_table_answers_nothing_exists(client):
    r = await client.post(EXISTS, json={"ids": [str(uuid.uuid4()), str(uuid.uuid4())]})

    assert r.status_code == 200 and r.json() == {"data": {"existing": []}}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "ids"),
        ({"ids": []}, "ids"),
        ({"ids": ["nope"]}, "ids.0"),
        ({"ids": [str(uuid.uuid4()) for _ in range(1001)]}, "ids"),
        ({"ids": [str(uuid.uuid4())], "extra": 1}, "extra"),
    ],
)
async def test_bad_bodies_are_400_with_field_details(client, body, field):
    r = await client.post(EXISTS, json=body)

    assert r.status_code == 400
    error = r.json()["error"]
    assert error["code"] == "VALIDATION_ERROR" and field in error["details"], error


async def test_a_thousand_ids_are_accepted(client):
    r = await client.post(EXISTS, json={"ids": [str(uuid.uuid4()) for _ in range(1000)]})

    assert r.status_code == 200 and r.json()["data"]["existing"] == []


async def test_only_catalog_service_tokens_are_accepted(app, client, settings, redis):
    client.headers.pop("Authorization")
    allowed = await assert_internal_routes_refuse_bad_tokens(
        app, client, settings, redis, body_for=lambda _path: {"ids": [str(uuid.uuid4())]}
    )

    assert allowed[EXISTS] == frozenset({"catalog"})
