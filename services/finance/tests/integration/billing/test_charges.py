"""A vendor store's charges (API.md §3.6 ``GET /api/v1/vendor/billing/charges``): the store's own
charges only, newest first as keyset pages (``created_at DESC, id DESC``), filtered by type and
status (another value is 400), ChargeDTO and nothing more; MANAGE roles of vendor stores only.
Charges are inserted directly (``record_charge`` has its own tests)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from pf_common.ids import uuid7

from .conftest import CHARGES

URL = "/api/v1/vendor/billing/charges"
T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
DTO_KEYS = {"id", "amount_cents", "currency", "type", "status", "description", "created_at", "billed_at"}


async def make_charge(db_session, store_id: uuid.UUID, *, minutes: int, **over: Any) -> str:
    row = {
        "id": uuid7(),
        "store_id": store_id,
        "type": "subscription",
        "status": "succeeded",
        "amount_cents": 9900,
        "currency": "usd",
        "stripe_charge_id": f"ch_{uuid.uuid4().hex}",
        "description": "PackFinderz Standard",
        "billed_at": T0 + timedelta(minutes=minutes),
        "created_at": T0 + timedelta(minutes=minutes),
        "metadata": {"invoice": "in_1"},
        **over,
    }
    await db_session.execute(sa.insert(CHARGES).values(**row))
    return str(row["id"])


async def get(client, actor, query: str = ""):
    return await client.get(f"{URL}{query}", headers=actor.headers)


@pytest.fixture
async def vendor(as_store):
    return await as_store("vendor", "admin")


async def test_the_stores_charges_newest_first_and_no_one_elses(client, vendor, as_store, db_session):
    other = await as_store("vendor", "owner")
    older = await make_charge(db_session, vendor.store_id, minutes=1)
    newer = await make_charge(db_session, vendor.store_id, minutes=2, type="ad_spend", description=None)
    await make_charge(db_session, other.store_id, minutes=3)

    r = await get(client, vendor)

    assert r.status_code == 200, r.text
    body = r.json()["data"]
    assert [c["id"] for c in body["charges"]] == [newer, older]
    assert all(set(c) == DTO_KEYS for c in body["charges"])
    assert body["charges"][1] == {
        "id": older,
        "amount_cents": 9900,
        "currency": "usd",
        "type": "subscription",
        "status": "succeeded",
        "description": "PackFinderz Standard",
        "created_at": "2026-12-01T09:01:00Z",
        "billed_at": "2026-12-01T09:01:00Z",
    }
    assert body["pagination"]["total"] == 2


async def test_a_store_without_charges_gets_an_empty_page(client, vendor):
    r = await get(client, vendor)

    assert r.json()["data"]["charges"] == []
    assert r.json()["data"]["pagination"]["total"] == 0


async def test_pages_follow_created_at_then_id(client, vendor, db_session):
    same_time = [await make_charge(db_session, vendor.store_id, minutes=5) for _ in range(3)]
    newest = await make_charge(db_session, vendor.store_id, minutes=9)
    expected = [newest, *sorted(same_time, reverse=True)]

    first = (await get(client, vendor, "?limit=2")).json()["data"]
    second = (await get(client, vendor, f"?limit=2&cursor={first['pagination']['next']}")).json()["data"]

    assert [c["id"] for c in first["charges"] + second["charges"]] == expected
    assert (first["pagination"]["total"], second["pagination"]["next"]) == (4, "")


async def test_type_and_status_filter(client, vendor, db_session):
    sub_ok = await make_charge(db_session, vendor.store_id, minutes=1)
    ad_failed = await make_charge(db_session, vendor.store_id, minutes=2, type="ad_spend", status="failed")
    ad_ok = await make_charge(db_session, vendor.store_id, minutes=3, type="ad_spend")

    async def ids(query: str) -> list[str]:
        r = await get(client, vendor, query)
        assert r.status_code == 200, r.text
        return [c["id"] for c in r.json()["data"]["charges"]]

    assert await ids("?type=ad_spend") == [ad_ok, ad_failed]
    assert await ids("?status=succeeded") == [ad_ok, sub_ok]
    assert await ids("?type=ad_spend&status=failed") == [ad_failed]
    assert await ids("?status=refunded") == []


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?type=refund", "type"),
        ("?status=paid", "status"),
        ("?status=SUCCEEDED", "status"),
        ("?limit=0", "limit"),
        ("?cursor=not-a-cursor", "cursor"),
    ],
)
async def test_bad_parameters_are_400(client, vendor, query, field):
    r = await get(client, vendor, query)

    assert (r.status_code, r.json()["error"]["code"]) == (400, "VALIDATION_ERROR")
    assert field in r.json()["error"]["details"]


@pytest.mark.parametrize(
    ("store_type", "role"), [("vendor", "ops"), ("vendor", "viewer"), ("buyer", "owner")]
)
async def test_only_managers_of_vendor_stores_read_charges(client, as_store, db_session, store_type, role):
    actor = await as_store(store_type, role)
    await make_charge(db_session, actor.store_id, minutes=1)

    r = await get(client, actor)

    assert (r.status_code, r.json()["error"]["code"]) == (403, "FORBIDDEN")
