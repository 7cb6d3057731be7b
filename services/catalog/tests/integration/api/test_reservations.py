"""The internal reservation endpoints (API.md §4) through the real app: strict bodies (400 with field
details, nothing written) and the reserve → confirm/release flow orders' checkout drives."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa
from catalog_factories import make_inventory, make_reservation, states_of, stock_of

from pf_catalog.models import InventoryReservation
from pf_common.ids import uuid7

RESERVE = "/internal/v1/inventory/reservations"

CONFIRM = "/internal/v1/inventory/reservations:confirm"
RELEASE = "/internal/v1/inventory/reservations:release"


def line(product_id: uuid.UUID, qty: int = 1, **kw) -> dict:
    return {
        "reservation_id": str(kw.get("reservation_id") or uuid7()),
        "order_id": str(kw.get("order_id") or uuid7()),
        "product_id": str(product_id),
        "qty": qty,
    }


@pytest.fixture
def client(client, as_service):
    """orders is the only caller of these routes: every request carries its service token."""
    client.headers.update(as_service("orders"))
    return client


async def count_reservations(db_session) -> int:
    return await db_session.scalar(sa.select(sa.func.count()).select_from(InventoryReservation))


async def test_reserve_then_confirm_then_release(client, db_session):
    # given two SKUs, one with a single unit
    a = await make_inventory(db_session, available=10)
    b = await make_inventory(db_session, available=1)
    order = uuid7()
    lines = [line(a.product_id, 3, order_id=order), line(b.product_id, 2, order_id=order)]

    # when orders reserves the checkout
    r = await client.post(RESERVE, json={"checkout_group_id": str(uuid7()), "lines": lines})

    # then it gets per-line results, a reason only on the refused line
    assert r.status_code == 200, r.text
    assert r.json() == {
        "data": {
            "results": [
                {"reservation_id": lines[0]["reservation_id"], "reserved": True},
                {
                    "reservation_id": lines[1]["reservation_id"],
                    "reserved": False,
                    "reason": "insufficient_inventory",
                },
            ]
        }
    }
    assert await stock_of(db_session, a.product_id) == (7, 3, 0)

    # and confirming twice confirms once; releasing twice releases once
    held = [lines[0]["reservation_id"]]
    assert (await client.post(CONFIRM, json={"reservation_ids": held})).json() == {"data": {"updated": 1}}
    assert (await client.post(CONFIRM, json={"reservation_ids": held})).json() == {"data": {"updated": 0}}
    assert (await client.post(RELEASE, json={"reservation_ids": held})).json() == {"data": {"updated": 1}}
    assert (await client.post(RELEASE, json={"reservation_ids": held})).json() == {"data": {"updated": 0}}
    assert await stock_of(db_session, a.product_id) == (10, 0, 0)


async def test_a_retried_reserve_call_reserves_once(client, db_session):
    # given a checkout request
    item = await make_inventory(db_session, available=5)
    body = {"checkout_group_id": str(uuid7()), "lines": [line(item.product_id, 2)]}

    # when orders sends it three times (timeouts, retries)
    answers = [(await client.post(RESERVE, json=body)).json() for _ in range(3)]

    # then the answers agree and the stock moved once
    assert answers[0] == answers[1] == answers[2]
    assert answers[0]["data"]["results"][0]["reserved"] is True
    assert await stock_of(db_session, item.product_id) == (3, 2, 0)
    assert await count_reservations(db_session) == 1


async def test_release_of_unknown_ids_updates_nothing(client, db_session):
    item = await make_inventory(db_session, available=5)
    row = await make_reservation(db_session, item, qty=2)

    r = await client.post(RELEASE, json={"reservation_ids": [str(uuid7()), str(row.id), str(row.id)]})

    assert r.json() == {"data": {"updated": 1}}
    assert await states_of(db_session, [row.id]) == {row.id: "released"}


async def test_an_id_reused_for_another_line_is_409(client, db_session):
    item = await make_inventory(db_session, available=5)
    rid = uuid7()
    first = {"checkout_group_id": str(uuid7()), "lines": [line(item.product_id, 1, reservation_id=rid)]}
    assert (await client.post(RESERVE, json=first)).status_code == 200

    r = await client.post(RESERVE, json={**first, "lines": [line(item.product_id, 2, reservation_id=rid)]})

    assert r.status_code == 409
    assert r.json()["error"]["code"] == "CONFLICT"
    assert await stock_of(db_session, item.product_id) == (4, 1, 0)


def _bad_bodies() -> list[tuple[str, object, str]]:
    p = str(uuid7())
    ok = line(uuid.UUID(p))
    dup = line(uuid.UUID(p))
    return [
        ("qty zero", {"lines": [{**ok, "qty": 0}]}, "lines.0.qty"),
        ("qty negative", {"lines": [{**ok, "qty": -3}]}, "lines.0.qty"),
        ("qty too big", {"lines": [{**ok, "qty": 1_000_001}]}, "lines.0.qty"),
        ("qty as a string", {"lines": [{**ok, "qty": "2"}]}, "lines.0.qty"),
        ("qty as a bool", {"lines": [{**ok, "qty": True}]}, "lines.0.qty"),
        ("qty fractional", {"lines": [{**ok, "qty": 1.5}]}, "lines.0.qty"),
        ("no lines", {"lines": []}, "lines"),
        ("201 lines", {"lines": [line(uuid.UUID(p)) for _ in range(201)]}, "lines"),
        ("duplicate ids", {"lines": [dup, {**dup, "order_id": str(uuid7())}]}, "lines"),
        ("bad uuid", {"lines": [{**ok, "product_id": "not-a-uuid"}]}, "lines.0.product_id"),
        ("missing field", {"lines": [{k: v for k, v in ok.items() if k != "order_id"}]}, "lines.0.order_id"),
        ("unknown field", {"lines": [{**ok, "price_cents": 1}]}, "lines.0.price_cents"),
        ("unknown top field", {"lines": [ok], "store_id": p}, "store_id"),
        ("no group", {"lines": [ok], "checkout_group_id": None}, "checkout_group_id"),
    ]


@pytest.mark.parametrize(("case", "patch", "field"), _bad_bodies(), ids=[c[0] for c in _bad_bodies()])
async def test_reserve_refuses_bad_bodies_with_field_details(client, db_session, case, patch, field):
    body = {"checkout_group_id": str(uuid7()), **patch}

    r = await client.post(RESERVE, json=body)

    assert r.status_code == 400, r.text
    error = r.json()["error"]
    assert error["code"] == "VALIDATION_ERROR"
    assert field in error["details"], error["details"]
    assert await count_reservations(db_session) == 0


@pytest.mark.parametrize("path", [CONFIRM, RELEASE])
@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"reservation_ids": []}, "reservation_ids"),
        ({"reservation_ids": ["nope"]}, "reservation_ids.0"),
        ({"reservation_ids": [str(uuid7()) for _ in range(201)]}, "reservation_ids"),
        ({}, "reservation_ids"),
        ({"reservation_ids": [str(uuid7())], "order_id": str(uuid7())}, "order_id"),
    ],
)
async def test_confirm_and_release_refuse_bad_bodies(client, path, body, field):
    r = await client.post(path, json=body)

    assert r.status_code == 400
    assert field in r.json()["error"]["details"]


async def test_malformed_json_is_400(client):
    r = await client.post(RESERVE, content=b"{not json", headers={"content-type": "application/json"})

    assert r.status_code == 400
    assert r.json()["error"]["code"] == "VALIDATION_ERROR"
