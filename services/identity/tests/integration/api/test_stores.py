"""Store profiles: GET/PUT /api/v1/stores/me and GET /api/v1/stores/{storeId} (API.md §3.1)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from identity_actors import (
    INVALID_TOKEN,
    UNAUTHENTICATED,
    admin_actor,
    count,
    error_of,
    expired_headers,
    iso,
    store_actor,
)
from identity_factories import OK_ADDRESS, STORED_ADDRESS, make_media, make_store, make_user

from pf_common import lean
from pf_common.principal import Principal
from pf_identity.api.views import store_dto
from pf_identity.domain import queries
from pf_identity.domain import stores as stores_domain
from pf_identity.models import AuditLog, License, Store, StoreMembership, User

ME = "/api/v1/stores/me"
ROUTES = [("GET", ME), ("PUT", ME), ("GET", "/api/v1/stores/{store_id}")]


def store_json(store: Store, owner: Any, *, owner_role: str | None = "owner", **over: Any) -> dict[str, Any]:
    """The StoreDTO the API must answer for ``store`` (fields of API.md §2)."""
    body = {
        "id": str(store.id),
        "type": store.type,
        "company_name": store.company_name,
        "dba_name": store.dba_name,
        "description": store.description,
        "phone": store.phone,
        "email": store.email,
        "kyc_status": store.kyc_status,
        "subscription_active": store.subscription_active,
        "delivery_radius_meters": 0,
        "address": OK_ADDRESS,
        "social": store.social,
        "banner_url": store.banner_url,
        "logo_url": store.logo_url,
        "banner_media_id": str(store.banner_media_id) if store.banner_media_id else None,
        "logo_media_id": str(store.logo_media_id) if store.logo_media_id else None,
        "ratings": store.ratings,
        "categories": store.categories,
        "owner": str(owner.id),
        "owner_detail": {
            "id": str(owner.id),
            "full_name": f"{owner.first_name} {owner.last_name}",
            "email": owner.email,
            "last_active_at": iso(owner.last_login_at),
            "role": owner_role,
        },
        "licenses": [],
        "badge": store.badge,
        "last_active_at": iso(store.last_active_at),
        "last_logged_in_at": iso(store.last_logged_in_at),
        "created_at": iso(store.created_at),
        "updated_at": iso(store.updated_at),
    }
    body.update(over)
    return body


def public_view(body: dict[str, Any]) -> dict[str, Any]:
    """``body`` as a reader from another store gets it: the private fields present and null."""
    return {
        **body,
        "owner_detail": {**body["owner_detail"], "email": None, "last_active_at": None},
        "last_active_at": None,
        "last_logged_in_at": None,
    }


async def make_license(
    db_session,
    store: Store,
    *,
    status: str = "verified",
    type: str = "dispensary",
    issuing_state: str = "OK",
    expiration_date: date | None = None,
    created_at: datetime | None = None,
    rejection_reason: str | None = None,
) -> License:
    lic_id = uuid.uuid4()
    lic = License(
        id=lic_id,
        store_id=store.id,
        user_id=store.owner_user_id,
        status=status,
        media_id=uuid.uuid4(),
        gcs_key=f"{store.id}/license_doc/{lic_id}.pdf",
        issuing_state=issuing_state,
        type=type,
        number=f"LIC-{lic_id.hex[:8].upper()}",
        expiration_date=expiration_date,
        rejection_reason=rejection_reason,
        **({"created_at": created_at} if created_at else {}),
    )
    db_session.add(lic)
    await db_session.flush()
    return lic


def license_json(lic: License) -> dict[str, Any]:
    """A license as StoreDTO lists it: the facts, never the document or the uploader."""
    return {
        "number": lic.number,
        "type": lic.type,
        "issuing_state": lic.issuing_state,
        "status": lic.status,
        "expiration_date": lic.expiration_date.isoformat() if lic.expiration_date else None,
    }


async def licensed_vendor(db_session) -> tuple[Store, User, list[License]]:
    """A vendor with activity on record and three licenses (returned newest first)."""
    owner = await make_user(db_session, first_name="Vera", last_name="Vendor")
    owner.last_login_at = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
    vendor = await make_store(
        db_session,
        owner=owner,
        type="vendor",
        company_name="Red Earth Farms",
        dba_name="Red Earth",
        email="sales@redearth.example",
        phone="+1 405 555 0199",
        last_active_at=datetime(2026, 3, 2, 8, 0, tzinfo=UTC),
        last_logged_in_at=datetime(2026, 3, 1, 9, 30, tzinfo=UTC),
    )
    t0 = datetime(2026, 1, 5, tzinfo=UTC)
    oldest = await make_license(
        db_session, vendor, status="expired", type="grower", expiration_date=date(2026, 1, 1), created_at=t0
    )
    newest = await make_license(
        db_session, vendor, status="pending", type="merchant", created_at=t0 + timedelta(days=60)
    )
    middle = await make_license(
        db_session,
        vendor,
        status="verified",
        issuing_state="TX",
        expiration_date=date(2027, 6, 30),
        created_at=t0 + timedelta(days=30),
    )
    someone_else = await make_store(db_session)
    await make_license(db_session, someone_else, created_at=t0 + timedelta(days=90))  # newer, not theirs
    return vendor, owner, [newest, middle, oldest]


async def snapshot(db_session, store_id) -> dict[str, Any]:
    """Every column of a store row (to prove a refused request changed nothing)."""
    db_session.expunge_all()
    store = await db_session.get(Store, store_id)
    return {c.key: getattr(store, c.key) for c in Store.__table__.columns}


async def assert_nothing_written(db_session, emitted_events, store_id, before: dict[str, Any]) -> None:
    assert await snapshot(db_session, store_id) == before
    assert await emitted_events() == []
    assert await count(db_session, AuditLog) == 0


# --------------------------------------------------------------------------- authentication


@pytest.mark.parametrize(("method", "path"), ROUTES)
async def test_no_token_is_401(client, db_session, emitted_events, method, path):
    store = await make_store(db_session)
    before = await snapshot(db_session, store.id)

    r = await client.request(method, path.format(store_id=store.id), json={"company_name": "Hijacked"})

    assert (r.status_code, error_of(r)) == (401, UNAUTHENTICATED)
    assert r.headers["www-authenticate"] == "Bearer"
    await assert_nothing_written(db_session, emitted_events, store.id, before)


@pytest.mark.parametrize(("method", "path"), ROUTES)
async def test_expired_token_is_401(client, db_session, emitted_events, settings, redis, method, path):
    user = await make_user(db_session)
    store = await make_store(db_session, owner=user)
    headers = await expired_headers(
        settings, redis, user_id=user.id, store_id=store.id, store_type="buyer", role="owner"
    )
    before = await snapshot(db_session, store.id)

    r = await client.request(
        method, path.format(store_id=store.id), json={"company_name": "Late"}, headers=headers
    )

    assert (r.status_code, error_of(r)) == (401, INVALID_TOKEN)
    await assert_nothing_written(db_session, emitted_events, store.id, before)


@pytest.mark.parametrize(("method", "path"), ROUTES)
async def test_revoked_session_is_401(client, db_session, emitted_events, mint_actor, method, path):
    user = await make_user(db_session)
    store = await make_store(db_session, owner=user)
    revoked = await mint_actor(
        store_type="buyer", role="owner", store_id=store.id, user_id=user.id, active_session=False
    )
    before = await snapshot(db_session, store.id)

    r = await client.request(
        method, path.format(store_id=store.id), json={"company_name": "Ghost"}, headers=revoked.headers
    )

    assert (r.status_code, error_of(r)) == (401, INVALID_TOKEN)
    await assert_nothing_written(db_session, emitted_events, store.id, before)


# --------------------------------------------------------------------------- authorisation


@pytest.mark.parametrize(("method", "path"), ROUTES)
async def test_a_token_without_a_store_is_403(client, db_session, emitted_events, mint_actor, method, path):
    admin, _ = await admin_actor(db_session, mint_actor)
    store = await make_store(db_session)
    before = await snapshot(db_session, store.id)

    r = await client.request(
        method, path.format(store_id=store.id), json={"company_name": "Admin"}, headers=admin.headers
    )

    assert (r.status_code, error_of(r)) == (
        403,
        {"code": "FORBIDDEN", "message": "an active store is required"},
    )
    await assert_nothing_written(db_session, emitted_events, store.id, before)


@pytest.mark.parametrize("role", ["viewer", "staff", "ops", "agent"])
async def test_roles_outside_manage_cannot_update_the_store(
    client, db_session, emitted_events, as_store, role
):
    actor, store, _ = await store_actor(db_session, as_store, role=role)
    before = await snapshot(db_session, store.id)

    r = await client.put(ME, json={"company_name": "Viewer Was Here"}, headers=actor.headers)

    assert (r.status_code, error_of(r)) == (403, {"code": "FORBIDDEN", "message": "insufficient role"})
    await assert_nothing_written(db_session, emitted_events, store.id, before)


async def test_a_manager_token_of_a_removed_member_cannot_update(
    client, db_session, emitted_events, as_store
):
    # given a manager whose membership was deleted after the token was minted
    actor, store, user = await store_actor(db_session, as_store, role="manager")
    membership = await db_session.get(StoreMembership, await _membership_id(db_session, store.id, user.id))
    await db_session.delete(membership)
    await db_session.flush()
    before = await snapshot(db_session, store.id)

    # when the stale token writes
    r = await client.put(ME, json={"company_name": "Former Manager"}, headers=actor.headers)

    # then the membership row decides, not the token
    assert (r.status_code, error_of(r)) == (403, {"code": "FORBIDDEN", "message": "insufficient role"})
    await assert_nothing_written(db_session, emitted_events, store.id, before)


async def _membership_id(db_session, store_id, user_id) -> uuid.UUID:
    stmt = sa.select(StoreMembership.id).where(
        StoreMembership.store_id == store_id, StoreMembership.user_id == user_id
    )
    return (await db_session.execute(stmt)).scalar_one()


# --------------------------------------------------------------------------- GET /stores/me


@pytest.mark.parametrize("role", ["owner", "viewer", "agent"])
async def test_get_my_store_for_every_read_role(client, db_session, as_store, role):
    actor, store, _ = await store_actor(db_session, as_store, role=role, store_type="vendor")
    await make_store(db_session, company_name="Someone Else")  # never answered instead
    owner = await db_session.get(User, store.owner_user_id)

    r = await client.get(ME, headers=actor.headers)

    assert r.status_code == 200, r.text
    assert r.json() == {"data": store_json(store, owner)}


async def test_my_store_lists_its_licenses_newest_first_with_every_private_field(
    client, db_session, as_store
):
    # given a vendor with three licenses (another store has one too) and one of its staff
    vendor, owner, licenses = await licensed_vendor(db_session)
    actor, _, _ = await store_actor(db_session, as_store, role="staff", store=vendor)

    # when the staff member reads "me"
    r = await client.get(ME, headers=actor.headers)

    # then its licenses, newest first, as facts only; the owner's e-mail and activity shown
    assert r.status_code == 200, r.text
    data = r.json()["data"]
    assert data == store_json(vendor, owner, licenses=[license_json(lic) for lic in licenses])
    assert [(lic["status"], lic["issuing_state"]) for lic in data["licenses"]] == [
        ("pending", "OK"),
        ("verified", "TX"),
        ("expired", "OK"),
    ]
    assert (data["owner_detail"]["email"], data["last_logged_in_at"]) == (owner.email, "2026-03-01T09:30:00Z")


async def test_the_update_answers_the_store_with_its_licenses(client, db_session, as_store):
    vendor, owner, licenses = await licensed_vendor(db_session)
    actor, _, _ = await store_actor(db_session, as_store, role="manager", store=vendor)

    r = await client.put(ME, json={"description": "Licensed in OK and TX."}, headers=actor.headers)

    assert r.status_code == 200, r.text
    db_session.expunge_all()
    saved = await db_session.get(Store, vendor.id)
    assert r.json() == {
        "data": store_json(
            saved,
            owner,
            description="Licensed in OK and TX.",
            licenses=[license_json(lic) for lic in licenses],
        )
    }


@pytest.mark.parametrize("path", [ME, "/api/v1/stores/{store_id}"])
async def test_a_store_read_is_one_statement_whatever_its_licenses(
    client, db_session, db_connection, as_store, path, monkeypatch
):
    # given a store with three licenses, read by one of its members
    vendor, _, licenses = await licensed_vendor(db_session)
    actor, _, _ = await store_actor(db_session, as_store, role="viewer", store=vendor)
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    # the statements SQLAlchemy runs, and those sent on the wire of a connection whose transaction
    # is open (pf_common.lean: the tests' shared connection is)
    wire_run = lean._Wire.run

    async def recorded_run(wire: Any, sql: str, params: Any) -> Any:
        statements.append(sql)
        return await wire_run(wire, sql, params)

    monkeypatch.setattr(lean._Wire, "run", recorded_run)

    # when the store is read
    sa.event.listen(db_connection.sync_connection, "before_cursor_execute", record)
    try:
        r = await client.get(path.format(store_id=vendor.id), headers=actor.headers)
    finally:
        sa.event.remove(db_connection.sync_connection, "before_cursor_execute", record)

    # then one statement read the store with its owner and all its licenses
    assert (r.status_code, len(r.json()["data"]["licenses"])) == (200, len(licenses))
    reads = [s for s in statements if "identity.licenses" in s or "FROM identity.stores" in s]
    assert len(reads) == 1, reads
    assert "FROM identity.stores" in reads[0] and "JOIN identity.licenses" in reads[0]


async def test_the_lean_view_carries_every_column_of_the_models_it_stands_for(db_session):
    # given a vendor with licenses, its owner and the owner's membership
    vendor, _, licenses = await licensed_vendor(db_session)

    # when its view is read as rows (the lean path's statements, in this transaction)
    view = await queries.store_view(db_session, vendor.id)

    # then each row reads as the model it is cast to: every column, the same value
    assert view is not None and view.owner is not None
    store = await db_session.get(Store, vendor.id)
    owner = await db_session.get(User, vendor.owner_user_id)
    assert store is not None and owner is not None
    for column in Store.__table__.columns:
        assert getattr(view.store, column.key) == getattr(store, column.key), column.key
    for key in ("id", "first_name", "last_name", "email", "last_login_at"):
        assert getattr(view.owner, key) == getattr(owner, key), key
    assert view.owner_role == "owner"
    assert [lic.id for lic in view.licenses] == [lic.id for lic in licenses]
    for row, lic in zip(view.licenses, licenses, strict=True):
        for column in License.__table__.columns:
            assert getattr(row, column.key) == getattr(lic, column.key), column.key


async def test_the_view_of_a_store_without_licenses_is_its_one_row(db_session, as_store):
    # given a store that holds no license
    _, store, _ = await store_actor(db_session, as_store, role="owner", store_type="buyer")

    # when its view is read
    view = await queries.store_view(db_session, store.id)

    # then it is the store, with no license (not one license of nulls), and no store is None
    assert view is not None and view.store.id == store.id and view.licenses == ()
    assert await queries.store_view(db_session, uuid.uuid4()) is None


async def test_store_licenses_query_is_newest_first_and_of_that_store_only(db_session):
    vendor, _, licenses = await licensed_vendor(db_session)

    found = await queries.store_licenses(db_session, vendor.id)

    assert [lic.id for lic in found] == [lic.id for lic in licenses]
    assert await queries.store_licenses(db_session, uuid.uuid4()) == []


# --------------------------------------------------------------------------- PUT /stores/me


async def test_update_my_store_writes_the_fields_emits_store_updated_and_audits(
    client, db_session, as_store, emitted_events
):
    # given a manager of a vendor store
    actor, store, _ = await store_actor(db_session, as_store, role="manager", store_type="vendor")
    owner = await db_session.get(User, store.owner_user_id)

    # when a manager updates the profile
    body = {
        "company_name": "  Prairie Greens LLC ",
        "description": "Small-batch flower from central Oklahoma.",
        "phone": "+1 (405) 555-0100",
        "email": "Sales@PrairieGreens.example",
        "social": {"website": "https://prairiegreens.example", "instagram": "@prairiegreens"},
        "categories": ["flower", "pre_roll", "flower"],
    }
    r = await client.put(ME, json=body, headers=actor.headers)

    # then the DTO shows the new profile
    assert r.status_code == 200, r.text
    db_session.expunge_all()
    saved = await db_session.get(Store, store.id)
    social = {
        "twitter": None,
        "facebook": None,
        "instagram": "@prairiegreens",
        "linkedin": None,
        "youtube": None,
        "website": "https://prairiegreens.example",
    }
    assert r.json() == {
        "data": store_json(
            saved,
            owner,
            company_name="Prairie Greens LLC",
            description="Small-batch flower from central Oklahoma.",
            phone="+1 (405) 555-0100",
            email="sales@prairiegreens.example",
            social=social,
            categories=["flower", "pre_roll"],
        )
    }
    assert (saved.company_name, saved.email, saved.categories) == (
        "Prairie Greens LLC",
        "sales@prairiegreens.example",
        ["flower", "pre_roll"],
    )
    assert saved.updated_at > saved.created_at
    # and store_updated carries the whole projection payload
    [event] = await emitted_events("store_updated")
    assert (event.aggregate_type, event.aggregate_id, event.store_id, event.actor_user_id) == (
        "store",
        store.id,
        store.id,
        actor.user_id,
    )
    assert event.payload == {
        "store_id": str(store.id),
        "company_name": "Prairie Greens LLC",
        "dba_name": None,
        "phone": "+1 (405) 555-0100",
        "email": "sales@prairiegreens.example",
        "logo_media_id": None,
        "logo_url": None,
        "banner_url": None,
        "address": STORED_ADDRESS,
        "badge": None,
        "updated_at": iso(saved.updated_at),
    }
    assert [e.event_type for e in await emitted_events()] == ["store_updated"]
    [row] = (await db_session.execute(_audit("store.updated"))).scalars().all()
    assert (row.actor_user_id, row.actor_store_id, row.actor_role, row.target_id, row.payload) == (
        actor.user_id,
        store.id,
        "manager",
        store.id,
        {"fields": ["categories", "company_name", "description", "email", "phone", "social"]},
    )


def _audit(action: str) -> Any:
    return sa.select(AuditLog).where(AuditLog.action == action)


@pytest.mark.parametrize("clear", [[], None])
async def test_update_clears_categories_and_nullable_fields(
    client, db_session, as_store, emitted_events, clear
):
    actor, store, _ = await store_actor(db_session, as_store)
    store.categories, store.description, store.phone = ["edible"], "Old text", "405-555-0199"
    await db_session.flush()

    r = await client.put(
        ME, json={"categories": clear, "description": None, "phone": None}, headers=actor.headers
    )

    assert r.status_code == 200, r.text
    data = r.json()["data"]
    assert (data["categories"], data["description"], data["phone"]) == (None, None, None)
    db_session.expunge_all()
    saved = await db_session.get(Store, store.id)
    assert (saved.categories, saved.description, saved.phone) == (None, None, None)
    assert len(await emitted_events("store_updated")) == 1


async def test_clearing_the_logo_drops_its_url_and_releases_the_media(
    client, db_session, as_store, emitted_events
):
    # given a store with a logo and a banner
    actor, store, _ = await store_actor(db_session, as_store)
    logo, banner = uuid.uuid4(), uuid.uuid4()
    store.logo_media_id, store.logo_url = logo, "https://media.example/logo.png"
    store.banner_media_id, store.banner_url = banner, "https://media.example/banner.png"
    await db_session.flush()

    # when the logo is cleared
    r = await client.put(ME, json={"logo_media_id": None}, headers=actor.headers)

    # then the reference and its cached URL are gone, the banner stays
    assert r.status_code == 200, r.text
    data = r.json()["data"]
    assert (data["logo_media_id"], data["logo_url"]) == (None, None)
    assert (data["banner_media_id"], data["banner_url"]) == (str(banner), "https://media.example/banner.png")
    [updated] = await emitted_events("store_updated")
    assert (updated.payload["logo_media_id"], updated.payload["logo_url"]) == (None, None)
    assert updated.payload["banner_url"] == "https://media.example/banner.png"
    [refs] = await emitted_events("media_references_changed")
    assert (refs.aggregate_type, refs.aggregate_id) == ("store", store.id)
    assert refs.payload == {
        "entity_type": "store_logo",
        "entity_id": str(store.id),
        "store_id": str(store.id),
        "old_media_ids": [str(logo)],
        "new_media_ids": [],
    }


async def test_attaching_a_logo_caches_its_url_and_references_the_media(
    client, db_session, as_store, emitted_events
):
    # given a manager and an uploaded store image of the store (in identity's media projection)
    actor, store, _ = await store_actor(db_session, as_store, role="manager", store_type="vendor")
    owner = await db_session.get(User, store.owner_user_id)
    logo = await make_media(db_session, store_id=store.id, kind="store", status="uploaded")

    # when the logo is set
    r = await client.put(ME, json={"logo_media_id": str(logo.media_id)}, headers=actor.headers)

    # then the store shows it with the media's public URL
    assert r.status_code == 200, r.text
    db_session.expunge_all()
    saved = await db_session.get(Store, store.id)
    assert (saved.logo_media_id, saved.logo_url) == (logo.media_id, logo.public_url)
    assert r.json() == {"data": store_json(saved, owner)}
    assert r.json()["data"]["logo_url"] == logo.public_url
    # and store_updated, then media_references_changed, are emitted with it
    updated, refs = await emitted_events()
    assert (updated.event_type, refs.event_type) == ("store_updated", "media_references_changed")
    assert updated.payload == {
        "store_id": str(store.id),
        "company_name": "Green Leaf Dispensary",
        "dba_name": None,
        "phone": None,
        "email": None,
        "logo_media_id": str(logo.media_id),
        "logo_url": logo.public_url,
        "banner_url": None,
        "address": STORED_ADDRESS,
        "badge": None,
        "updated_at": iso(saved.updated_at),
    }
    assert (refs.aggregate_type, refs.aggregate_id, refs.store_id, refs.actor_user_id) == (
        "store",
        store.id,
        store.id,
        actor.user_id,
    )
    assert refs.payload == {
        "entity_type": "store_logo",
        "entity_id": str(store.id),
        "store_id": str(store.id),
        "old_media_ids": [],
        "new_media_ids": [str(logo.media_id)],
    }
    [row] = (await db_session.execute(_audit("store.updated"))).scalars().all()
    assert row.payload == {"fields": ["logo_media_id"]}


async def test_replacing_the_banner_releases_the_old_media(client, db_session, as_store, emitted_events):
    # given a store with a banner, and a processed image of kind other (no public URL)
    actor, store, _ = await store_actor(db_session, as_store)
    old = await make_media(db_session, store_id=store.id)
    store.banner_media_id, store.banner_url = old.media_id, old.public_url
    await db_session.flush()
    new = await make_media(db_session, store_id=store.id, kind="other", status="ready", public_url=None)

    # when the banner is replaced
    r = await client.put(ME, json={"banner_media_id": str(new.media_id)}, headers=actor.headers)

    # then the banner is the new media and its URL is the media's (none for kind other)
    assert r.status_code == 200, r.text
    data = r.json()["data"]
    assert (data["banner_media_id"], data["banner_url"]) == (str(new.media_id), None)
    [updated] = await emitted_events("store_updated")
    assert (updated.payload["banner_url"], updated.payload["logo_media_id"]) == (None, None)
    [refs] = await emitted_events("media_references_changed")
    assert refs.payload == {
        "entity_type": "store_banner",
        "entity_id": str(store.id),
        "store_id": str(store.id),
        "old_media_ids": [str(old.media_id)],
        "new_media_ids": [str(new.media_id)],
    }


async def test_setting_logo_and_banner_together_emits_one_reference_change_each(
    client, db_session, as_store, emitted_events
):
    actor, store, _ = await store_actor(db_session, as_store)
    logo = await make_media(db_session, store_id=store.id)
    banner = await make_media(db_session, store_id=store.id, status="ready")

    r = await client.put(
        ME,
        json={"logo_media_id": str(logo.media_id), "banner_media_id": str(banner.media_id)},
        headers=actor.headers,
    )

    assert r.status_code == 200, r.text
    data = r.json()["data"]
    assert (data["logo_url"], data["banner_url"]) == (logo.public_url, banner.public_url)
    assert len(await emitted_events("store_updated")) == 1
    refs = await emitted_events("media_references_changed")
    assert sorted((e.payload["entity_type"], e.payload["new_media_ids"]) for e in refs) == [
        ("store_banner", [str(banner.media_id)]),
        ("store_logo", [str(logo.media_id)]),
    ]


async def test_sending_the_current_logo_again_references_nothing_new(
    client, db_session, as_store, emitted_events
):
    # given a logo whose processing later failed (it stays until cleared or deleted)
    actor, store, _ = await store_actor(db_session, as_store)
    logo = await make_media(db_session, store_id=store.id, status="failed")
    store.logo_media_id, store.logo_url = logo.media_id, logo.public_url
    await db_session.flush()

    # when the whole form is sent back with the same logo and a new description
    r = await client.put(
        ME, json={"logo_media_id": str(logo.media_id), "description": "New text"}, headers=actor.headers
    )

    # then the unchanged logo is neither re-validated nor re-referenced
    assert r.status_code == 200, r.text
    assert r.json()["data"]["logo_media_id"] == str(logo.media_id)
    assert [e.event_type for e in await emitted_events()] == ["store_updated"]
    [row] = (await db_session.execute(_audit("store.updated"))).scalars().all()
    assert row.payload == {"fields": ["description"]}


async def test_the_same_logo_alone_writes_nothing(client, db_session, as_store, emitted_events):
    actor, store, _ = await store_actor(db_session, as_store)
    logo = await make_media(db_session, store_id=store.id)
    store.logo_media_id, store.logo_url = logo.media_id, logo.public_url
    await db_session.flush()
    before = await snapshot(db_session, store.id)

    r = await client.put(ME, json={"logo_media_id": str(logo.media_id)}, headers=actor.headers)

    assert r.status_code == 200, r.text
    await assert_nothing_written(db_session, emitted_events, store.id, before)


async def test_a_logo_cleared_while_the_update_waited_is_validated_again(
    client, db_session, as_store, emitted_events, monkeypatch
):
    # given a logo that media deleted (and identity cleared) after the update read the store
    actor, store, _ = await store_actor(db_session, as_store)
    gone = await make_media(db_session, store_id=store.id, status="deleted", public_url=None)
    stale = {"logo_media_id": gone.media_id, "banner_media_id": None}

    async def read_before_the_clear(_session, _principal):
        return stale

    monkeypatch.setattr(stores_domain, "_current_media", read_before_the_clear)
    before = await snapshot(db_session, store.id)

    # when the client sends back the logo it still shows
    r = await client.put(ME, json={"logo_media_id": str(gone.media_id)}, headers=actor.headers)

    # then the id, now a change under the store lock, is checked and refused
    assert (r.status_code, error_of(r)) == (
        404,
        {"code": "NOT_FOUND", "message": "logo_media_id: media must be uploaded or ready"},
    )
    await assert_nothing_written(db_session, emitted_events, store.id, before)


NOT_FOUND = "media not found"


@pytest.mark.parametrize("field", ["logo_media_id", "banner_media_id"])
@pytest.mark.parametrize(
    ("media", "message"),
    [
        # unknown to identity: never uploaded (pending), or not yet projected
        (None, NOT_FOUND),
        # another store's media looks unknown (API.md: "404 media (must be same store, ...)")
        ({"other_store": True}, NOT_FOUND),
        ({"kind": "product"}, "media kind must be store or other"),
        ({"kind": "license_doc"}, "media kind must be store or other"),
        ({"status": "failed"}, "media must be uploaded or ready"),
        ({"status": "deleted", "public_url": None}, "media must be uploaded or ready"),
    ],
    ids=["unknown", "other-store", "kind-product", "kind-license-doc", "failed", "deleted"],
)
async def test_media_that_cannot_be_a_store_image_is_404(
    client, db_session, as_store, emitted_events, field, media, message
):
    # given the caller's store with a logo and banner already set
    actor, store, _ = await store_actor(db_session, as_store)
    current = await make_media(db_session, store_id=store.id)
    store.logo_media_id, store.logo_url = current.media_id, current.public_url
    store.banner_media_id, store.banner_url = current.media_id, current.public_url
    await db_session.flush()
    media = dict(media) if media is not None else None  # parametrize values are shared
    if media is None:
        media_id = uuid.uuid4()
    elif media.pop("other_store", False):
        other = await make_store(db_session, company_name="Someone Else")
        media_id = (await make_media(db_session, store_id=other.id)).media_id
    else:
        media_id = (await make_media(db_session, store_id=store.id, **media)).media_id
    before = await snapshot(db_session, store.id)

    # when it is attached together with another change
    r = await client.put(ME, json={field: str(media_id), "company_name": "New"}, headers=actor.headers)

    # then the request is refused naming the field, and nothing changes
    assert (r.status_code, error_of(r)) == (404, {"code": "NOT_FOUND", "message": f"{field}: {message}"})
    await assert_nothing_written(db_session, emitted_events, store.id, before)


@pytest.mark.parametrize(
    ("body", "details"),
    [
        ({"address": dict(OK_ADDRESS)}, {"address": "unknown field"}),
        ({"type": "vendor"}, {"type": "unknown field"}),
        ({"kyc_status": "verified"}, {"kyc_status": "unknown field"}),
        ({"dba_name": "Not writable"}, {"dba_name": "unknown field"}),
        ({"logo_url": "https://evil.example/x.png"}, {"logo_url": "unknown field"}),
        ({"company_name": "x" * 101}, {"company_name": "String should have at most 100 characters"}),
        ({"company_name": "   "}, {"company_name": "Value error, must not be blank"}),
        ({"company_name": None}, {"company_name": "Value error, must not be null"}),
        (
            {"email": "not-an-email"},
            {"email": "value is not a valid email address: An email address must have an @-sign."},
        ),
        (
            {"phone": "call me maybe"},
            {"phone": "String should match pattern '^[0-9+().\\- ]*[0-9+().\\-][0-9+().\\- ]*$'"},
        ),
        ({"social": {"tiktok": "@x"}}, {"social.tiktok": "unknown field"}),
        ({"categories": "flower"}, {"categories": "Input should be a valid list"}),
        (
            {"logo_media_id": "not-a-uuid"},
            {"logo_media_id": "Input should be a valid UUID, invalid character: found `n` at 0"},
        ),
    ],
)
async def test_bad_input_is_400_with_field_details(
    client, db_session, as_store, emitted_events, body, details
):
    actor, store, _ = await store_actor(db_session, as_store)
    before = await snapshot(db_session, store.id)

    r = await client.put(ME, json=body, headers=actor.headers)

    assert (r.status_code, error_of(r)) == (
        400,
        {"code": "VALIDATION_ERROR", "message": "invalid request", "details": details},
    )
    await assert_nothing_written(db_session, emitted_events, store.id, before)


@pytest.mark.parametrize("body", [{}, {"company_name": "Green Leaf Dispensary"}])
async def test_an_update_that_changes_nothing_writes_nothing(
    client, db_session, as_store, emitted_events, body
):
    actor, store, owner = await store_actor(db_session, as_store)
    before = await snapshot(db_session, store.id)

    r = await client.put(ME, json=body, headers=actor.headers)

    assert r.status_code == 200, r.text
    db_session.expunge_all()
    assert r.json() == {"data": store_json(await db_session.get(Store, store.id), owner)}
    await assert_nothing_written(db_session, emitted_events, store.id, before)


# --------------------------------------------------------------------------- GET /stores/{storeId}


async def test_another_store_reads_the_business_profile_and_licenses_without_private_fields(
    client, db_session, as_store
):
    # given a vendor with licenses and activity on record, and a viewer of another store
    vendor, owner, licenses = await licensed_vendor(db_session)
    actor, _, _ = await store_actor(db_session, as_store, role="viewer")

    # when the viewer reads the vendor by id
    r = await client.get(f"/api/v1/stores/{vendor.id}", headers=actor.headers)

    # then the business profile and every license's facts, the owner's e-mail and activity null
    assert r.status_code == 200, r.text
    full = store_json(vendor, owner, licenses=[license_json(lic) for lic in licenses])
    assert r.json() == {"data": public_view(full)}
    assert full["owner_detail"]["email"] == owner.email  # (the rule hides real values)
    assert full["last_active_at"] == "2026-03-02T08:00:00Z"


async def test_a_member_reading_its_own_store_by_id_sees_every_field(client, db_session, as_store):
    vendor, owner, licenses = await licensed_vendor(db_session)
    actor, _, _ = await store_actor(db_session, as_store, role="viewer", store=vendor)

    r = await client.get(f"/api/v1/stores/{vendor.id}", headers=actor.headers)

    assert r.status_code == 200, r.text
    assert r.json() == {"data": store_json(vendor, owner, licenses=[license_json(lic) for lic in licenses])}


async def test_a_member_of_the_store_acting_for_another_store_reads_the_business_profile(
    client, db_session, as_store
):
    # given the vendor's own owner, whose active store is another store it also owns
    vendor, owner, licenses = await licensed_vendor(db_session)
    actor, _, _ = await store_actor(db_session, as_store, role="owner", user=owner)

    # when reading the vendor by id
    r = await client.get(f"/api/v1/stores/{vendor.id}", headers=actor.headers)

    # then the active store decides, not the membership: the public view
    assert r.status_code == 200, r.text
    full = store_json(vendor, owner, licenses=[license_json(lic) for lic in licenses])
    assert r.json() == {"data": public_view(full)}


async def test_a_system_admin_sees_the_private_fields(db_session):
    # /stores/{id} asks for an active store (403 for an admin token): the DTO rule itself
    vendor, owner, licenses = await licensed_vendor(db_session)
    view = await stores_domain.get_store_by_id(db_session, vendor.id)
    admin = Principal(user_id=uuid.uuid4(), session_id="s", role="admin", system_role="admin")
    stranger = Principal(user_id=uuid.uuid4(), session_id="s", store_id=uuid.uuid4(), store_type="buyer")

    as_admin = store_dto(view, viewer=admin).model_dump(mode="json")
    as_stranger = store_dto(view, viewer=stranger).model_dump(mode="json")

    full = store_json(vendor, owner, licenses=[license_json(lic) for lic in licenses])
    assert (as_admin, as_stranger) == (full, public_view(full))


async def test_an_unknown_store_is_404(client, db_session, as_store):
    actor, _, _ = await store_actor(db_session, as_store)

    r = await client.get(f"/api/v1/stores/{uuid.uuid4()}", headers=actor.headers)

    assert (r.status_code, error_of(r)) == (404, {"code": "NOT_FOUND", "message": "store not found"})


async def test_a_malformed_store_id_is_400(client, db_session, as_store):
    actor, _, _ = await store_actor(db_session, as_store)

    r = await client.get("/api/v1/stores/not-a-uuid", headers=actor.headers)

    assert r.status_code == 400
    assert error_of(r)["code"] == "VALIDATION_ERROR"
    assert list(error_of(r)["details"]) == ["store_id"]


async def test_stores_me_never_answers_another_store(client, db_session, as_store):
    # given two stores and a token for the first
    mine, my_store, _ = await store_actor(db_session, as_store)
    _, other, _ = await store_actor(db_session, as_store)

    # when reading and writing "me"
    got = await client.get(ME, headers=mine.headers)
    put = await client.put(ME, json={"company_name": "Mine Only"}, headers=mine.headers)

    # then only the first store is read and changed
    assert got.json()["data"]["id"] == put.json()["data"]["id"] == str(my_store.id)
    db_session.expunge_all()
    assert (await db_session.get(Store, other.id)).company_name == "Green Leaf Dispensary"
