"""Billing plans (API.md §3.6; DOMAIN §5.6 billing_plans): vendors (MANAGE) read active plans only;
admins list with filters, create (strict bodies, 409 on a duplicate id or price), patch any field
but the id, and "delete" (hidden, not default). At most one default plan: making one default
clears the previous in the same transaction; only an active plan can be the default. The seeded
plan ``standard`` is there and is the default."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from .conftest import PLANS

VENDOR_LIST = "/api/v1/vendor/billing/plans"
ADMIN_LIST = "/api/admin/v1/billing/plans"


def vendor_url(plan_id: str) -> str:
    return f"{VENDOR_LIST}/{plan_id}"


def admin_url(plan_id: str) -> str:
    return f"{ADMIN_LIST}/{plan_id}"


def plan_body(**over):
    body = {
        "id": "pro",
        "name": "PackFinderz Pro",
        "status": "active",
        "stripe_price_id": "price_pro_monthly",
        "interval": "EVERY_30_DAYS",
        "price_amount_cents": 19_950,
        "currency_code": "USD",
    }
    body.update(over)
    return {k: v for k, v in body.items() if v is not ...}


async def rows(db_session) -> dict[str, dict]:
    result = await db_session.execute(sa.select(PLANS))
    return {r.id: dict(r._mapping) for r in result}


async def defaults(db_session) -> list[str]:
    return sorted(pid for pid, row in (await rows(db_session)).items() if row["is_default"])


@pytest.fixture
async def admin(as_admin):
    return await as_admin()


@pytest.fixture
async def vendor(as_store):
    return await as_store("vendor", "manager")


# --- the seeded plan and the vendor's reads --------------------------------------------------------


async def test_the_seeded_default_plan_is_what_vendors_see(client, vendor):
    r = await client.get(VENDOR_LIST, headers=vendor.headers)

    assert r.status_code == 200, r.text
    (plan,) = r.json()["data"]["plans"]
    assert {k: plan[k] for k in ("id", "status", "is_default", "interval", "currency_code")} == {
        "id": "standard",
        "status": "active",
        "is_default": True,
        "interval": "EVERY_30_DAYS",
        "currency_code": "USD",
    }
    assert (plan["price_amount"], plan["price_amount_cents"]) == ("99.00", 9900)
    assert plan["features"] == ["storefront", "catalog_visibility", "ads"]
    assert plan["ui"]["badge"] == "Most popular"
    one = await client.get(vendor_url("standard"), headers=vendor.headers)
    assert (one.status_code, one.json()["data"]) == (200, plan)


async def test_vendors_see_active_plans_only(client, vendor, admin):
    for pid, status in (("old", "deprecated"), ("secret", "hidden"), ("pro", "active")):
        r = await client.post(
            ADMIN_LIST,
            json=plan_body(id=pid, status=status, stripe_price_id=f"price_{pid}"),
            headers=admin.headers,
        )
        assert r.status_code == 201, r.text

    listed = await client.get(VENDOR_LIST, headers=vendor.headers)

    assert [p["id"] for p in listed.json()["data"]["plans"]] == ["standard", "pro"]  # default first
    for pid in ("old", "secret", "nope"):
        r = await client.get(vendor_url(pid), headers=vendor.headers)
        assert (r.status_code, r.json()["error"]["code"]) == (404, "NOT_FOUND")


@pytest.mark.parametrize(("store_type", "role"), [("vendor", "ops"), ("vendor", "staff"), ("buyer", "owner")])
async def test_vendor_routes_need_a_vendor_store_with_a_manage_role(client, as_store, store_type, role):
    actor = await as_store(store_type, role)

    for url in (VENDOR_LIST, vendor_url("standard")):
        r = await client.get(url, headers=actor.headers)
        assert (r.status_code, r.json()["error"]["code"]) == (403, "FORBIDDEN")


@pytest.mark.parametrize("role", ["owner", "admin", "manager"])
async def test_every_manage_role_reads_plans(client, as_store, role):
    actor = await as_store("vendor", role)

    assert (await client.get(VENDOR_LIST, headers=actor.headers)).status_code == 200


async def test_admin_routes_are_for_system_admins(client, as_store):
    owner = await as_store("vendor", "owner")

    for method, url, body in (
        ("GET", ADMIN_LIST, None),
        ("POST", ADMIN_LIST, plan_body()),
        ("PATCH", admin_url("standard"), {"name": "x"}),
        ("DELETE", admin_url("standard"), None),
    ):
        r = await client.request(method, url, json=body, headers=owner.headers)
        assert (r.status_code, r.json()["error"]["code"]) == (403, "FORBIDDEN"), (method, url)


# --- admin list ------------------------------------------------------------------------------------


async def test_admin_lists_every_plan_with_filters(client, admin):
    for pid, status in (("old", "deprecated"), ("pro", "active")):
        await client.post(
            ADMIN_LIST,
            json=plan_body(id=pid, status=status, stripe_price_id=f"price_{pid}"),
            headers=admin.headers,
        )

    async def ids(query: str) -> list[str]:
        r = await client.get(f"{ADMIN_LIST}{query}", headers=admin.headers)
        assert r.status_code == 200, r.text
        return [p["id"] for p in r.json()["data"]["plans"]]

    assert await ids("") == ["standard", "old", "pro"]  # default first, then price, then id
    assert await ids("?status=deprecated") == ["old"]
    assert await ids("?is_default=true") == ["standard"]
    assert await ids("?is_default=false&status=active") == ["pro"]


@pytest.mark.parametrize(
    ("query", "field"), [("?status=gone", "status"), ("?is_default=maybe", "is_default")]
)
async def test_admin_list_refuses_bad_filters(client, admin, query, field):
    r = await client.get(f"{ADMIN_LIST}{query}", headers=admin.headers)

    assert (r.status_code, r.json()["error"]["code"]) == (400, "VALIDATION_ERROR")
    assert field in r.json()["error"]["details"]


# --- create --------------------------------------------------------------------------------------


async def test_admin_creates_a_plan(client, admin, db_session):
    body = plan_body(
        trial_days=14,
        features=["storefront"],
        ui={"badge": "New", "description": "More of everything", "bullets": ["a", "b"]},
        test=True,
    )

    r = await client.post(ADMIN_LIST, json=body, headers=admin.headers)

    assert r.status_code == 201, r.text
    data = r.json()["data"]
    assert {k: data[k] for k in body} == body
    assert (data["price_amount"], data["is_default"], data["trial_start_on_activation"]) == (
        "199.50",
        False,
        True,
    )
    row = (await rows(db_session))["pro"]
    assert (row["trial_days"], row["features"], row["ui"]["bullets"]) == (14, ["storefront"], ["a", "b"])
    assert await defaults(db_session) == ["standard"]


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"id": "Not A Slug"}, "id"),
        ({"id": ...}, "id"),
        ({"name": ""}, "name"),
        ({"name": None}, "name"),
        ({"status": "archived"}, "status"),
        ({"interval": "every_30_days"}, "interval"),
        ({"price_amount_cents": -1}, "price_amount_cents"),
        ({"price_amount_cents": "100"}, "price_amount_cents"),
        ({"price_amount_cents": 10.5}, "price_amount_cents"),
        ({"currency_code": "usd"}, "currency_code"),
        ({"currency_code": "US"}, "currency_code"),
        ({"trial_days": -3}, "trial_days"),
        ({"features": "storefront"}, "features"),
        ({"features": [1, 2]}, "features.0"),
        ({"ui": {"badge": "x", "colour": "red"}}, "ui.colour"),
        ({"ui": {"bullets": "one"}}, "ui.bullets"),
        ({"is_default": "yes"}, "is_default"),
        ({"surprise": 1}, "surprise"),
    ],
)
async def test_create_validates_strictly(client, admin, db_session, over, field):
    before = await rows(db_session)

    r = await client.post(ADMIN_LIST, json=plan_body(**over), headers=admin.headers)

    assert (r.status_code, r.json()["error"]["code"]) == (400, "VALIDATION_ERROR"), r.text
    assert field in r.json()["error"]["details"], r.json()["error"]["details"]
    assert await rows(db_session) == before


async def test_a_duplicate_id_or_price_is_409_and_writes_nothing(client, admin, db_session):
    before = await rows(db_session)

    same_id = await client.post(
        ADMIN_LIST, json=plan_body(id="standard", stripe_price_id="price_other"), headers=admin.headers
    )
    same_price = await client.post(
        ADMIN_LIST, json=plan_body(stripe_price_id="price_packfinderz_standard"), headers=admin.headers
    )

    assert (same_id.status_code, same_id.json()["error"]["code"]) == (409, "CONFLICT")
    assert "id" in same_id.json()["error"]["message"]
    assert (same_price.status_code, same_price.json()["error"]["code"]) == (409, "CONFLICT")
    assert "stripe_price_id" in same_price.json()["error"]["message"]
    assert await rows(db_session) == before


async def test_creating_a_default_plan_clears_the_previous_default(client, admin, db_session):
    r = await client.post(ADMIN_LIST, json=plan_body(is_default=True), headers=admin.headers)

    assert (r.status_code, r.json()["data"]["is_default"]) == (201, True)
    assert await defaults(db_session) == ["pro"]


async def test_only_an_active_plan_can_be_the_default(client, admin, db_session):
    r = await client.post(ADMIN_LIST, json=plan_body(is_default=True, status="hidden"), headers=admin.headers)

    assert (r.status_code, r.json()["error"]["details"]) == (
        400,
        {"is_default": "only an active plan can be the default"},
    )
    assert "pro" not in await rows(db_session)
    assert await defaults(db_session) == ["standard"]


async def test_the_body_schemas_state_that_a_default_plan_is_active(client):
    schemas = (await client.get("/openapi.json")).json()["components"]["schemas"]

    for name in ("PlanCreate", "PlanPatch"):
        assert schemas[name]["if"] == {
            "properties": {"is_default": {"const": True}},
            "required": ["is_default"],
        }
        assert schemas[name]["then"] == {"properties": {"status": {"const": "active"}}}


async def test_making_a_stored_hidden_plan_the_default_is_422(client, admin, db_session):
    created = await client.post(ADMIN_LIST, json=plan_body(status="hidden"), headers=admin.headers)
    assert created.status_code == 201, created.text

    r = await client.patch(admin_url("pro"), json={"is_default": True}, headers=admin.headers)
    both = await client.patch(
        admin_url("pro"), json={"is_default": True, "status": "hidden"}, headers=admin.headers
    )

    assert (r.status_code, r.json()["error"]["code"]) == (422, "STATE_CONFLICT")
    assert r.json()["error"]["details"] == {"is_default": "the plan's status is not active"}
    assert (both.status_code, both.json()["error"]["code"]) == (400, "VALIDATION_ERROR")
    assert await defaults(db_session) == ["standard"]


# --- patch ---------------------------------------------------------------------------------------


async def test_patch_changes_the_fields_sent_and_nothing_else(client, admin, db_session):
    before = (await rows(db_session))["standard"]

    r = await client.patch(
        admin_url("standard"),
        json={
            "name": "Standard",
            "price_amount_cents": 12_345,
            "stripe_price_id": "price_live_1",
            "ui": {"badge": "Hot"},
        },
        headers=admin.headers,
    )

    assert r.status_code == 200, r.text
    after = (await rows(db_session))["standard"]
    assert (after["name"], after["price_amount_cents"], after["stripe_price_id"], after["ui"]) == (
        "Standard",
        12_345,
        "price_live_1",
        {"badge": "Hot"},
    )
    assert r.json()["data"]["price_amount"] == "123.45"
    unchanged = ("status", "is_default", "interval", "currency_code", "features", "trial_days", "created_at")
    assert {k: after[k] for k in unchanged} == {k: before[k] for k in unchanged}
    assert after["updated_at"] > before["updated_at"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"id": "renamed"}, "id"),
        ({"name": None}, "name"),
        ({"is_default": None}, "is_default"),
        ({"status": "gone"}, "status"),
        ({"price_amount_cents": True}, "price_amount_cents"),
    ],
)
async def test_patch_validates_strictly(client, admin, db_session, body, field):
    before = await rows(db_session)

    r = await client.patch(admin_url("standard"), json=body, headers=admin.headers)

    assert (r.status_code, r.json()["error"]["code"]) == (400, "VALIDATION_ERROR"), r.text
    assert field in r.json()["error"]["details"]
    assert await rows(db_session) == before


async def test_patch_of_an_unknown_plan_is_404(client, admin):
    r = await client.patch(admin_url("nope"), json={"name": "x"}, headers=admin.headers)

    assert (r.status_code, r.json()["error"]["code"]) == (404, "NOT_FOUND")


async def test_patch_to_another_plans_price_is_409(client, admin, db_session):
    await client.post(ADMIN_LIST, json=plan_body(), headers=admin.headers)
    before = await rows(db_session)

    r = await client.patch(
        admin_url("pro"), json={"stripe_price_id": "price_packfinderz_standard"}, headers=admin.headers
    )

    assert (r.status_code, r.json()["error"]["code"]) == (409, "CONFLICT")
    assert await rows(db_session) == before


async def test_making_a_plan_default_clears_the_previous_default(client, admin, db_session):
    await client.post(ADMIN_LIST, json=plan_body(), headers=admin.headers)

    r = await client.patch(admin_url("pro"), json={"is_default": True}, headers=admin.headers)

    assert (r.status_code, r.json()["data"]["is_default"]) == (200, True)
    assert await defaults(db_session) == ["pro"]
    again = await client.patch(admin_url("standard"), json={"is_default": True}, headers=admin.headers)
    assert again.status_code == 200
    assert await defaults(db_session) == ["standard"]


async def test_the_default_plan_leaving_active_is_no_longer_default(client, admin, db_session):
    r = await client.patch(admin_url("standard"), json={"status": "deprecated"}, headers=admin.headers)

    assert (r.json()["data"]["status"], r.json()["data"]["is_default"]) == ("deprecated", False)
    assert await defaults(db_session) == []
    refused = await client.patch(admin_url("standard"), json={"is_default": True}, headers=admin.headers)
    assert (refused.status_code, refused.json()["error"]["code"]) == (422, "STATE_CONFLICT")


# --- delete --------------------------------------------------------------------------------------


async def test_delete_hides_the_plan_and_unsets_the_default(client, admin, vendor, db_session):
    r = await client.delete(admin_url("standard"), headers=admin.headers)

    assert r.status_code == 200, r.text
    assert (r.json()["data"]["status"], r.json()["data"]["is_default"]) == ("hidden", False)
    assert (await rows(db_session))["standard"]["status"] == "hidden"
    assert (await client.get(VENDOR_LIST, headers=vendor.headers)).json()["data"]["plans"] == []
    assert (await client.get(vendor_url("standard"), headers=vendor.headers)).status_code == 404
    repeat = await client.delete(admin_url("standard"), headers=admin.headers)
    assert (repeat.status_code, repeat.json()["data"]["status"]) == (200, "hidden")


async def test_delete_of_an_unknown_plan_is_404(client, admin):
    r = await client.delete(admin_url("nope"), headers=admin.headers)

    assert (r.status_code, r.json()["error"]["code"]) == (404, "NOT_FOUND")
