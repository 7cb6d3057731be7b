"""Licenses (API.md §3.1, DOMAIN §5.1): upload, list, delete, the admin queue and decision, KYC."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from identity_actors import admin_actor, store_actor
from identity_factories import make_media

from pf_identity.models import AuditLog, License, Store

LICENSES = "/api/v1/licenses"
ADMIN = "/api/admin/v1/licenses"


class MediaUrls:
    """media's read-URL endpoint, at the service boundary (the real one is covered end to end)."""

    def __init__(self) -> None:
        self.asked: list[list[uuid.UUID]] = []

    async def read_urls(self, media_ids):
        self.asked.append(list(media_ids))
        return {m: f"https://signed.example/{m}" for m in media_ids}

    async def aclose(self) -> None:
        pass


@pytest.fixture
async def media_urls(context) -> MediaUrls:
    """media's endpoint answered by ``MediaUrls``: it replaces the client of the app's context."""
    await context.media.aclose()
    fake = MediaUrls()
    context.media = fake
    return fake


def body(media, **over):
    return {
        "media_id": str(media),
        "issuing_state": "ok",
        "type": "dispensary",
        "number": f"DAAA-{uuid.uuid4().hex[:6]}",
        "issue_date": "2025-01-15",
        "expiration_date": str(date.today() + timedelta(days=365)),
        **over,
    }


async def doc(db_session, store, **kw):
    return await make_media(
        db_session, store_id=store.id, kind="license_doc", mime_type="application/pdf", **kw
    )


async def upload(client, actor, media, **over):
    payload = {"media": media.media_id, **over}
    return await client.post(LICENSES, json=body(**payload), headers=actor.with_idempotency())


async def test_a_staff_member_uploads_a_pending_license(client, db_session, as_store, emitted_events):
    actor, store, _ = await store_actor(db_session, as_store, role="staff", store_type="vendor")
    media = await doc(db_session, store)
    r = await upload(client, actor, media, number="daaa-77 x")
    assert r.status_code == 201, r.text
    data = r.json()["data"]
    assert (data["status"], data["issuing_state"], data["number"], data["store_id"]) == (
        "pending",
        "OK",
        "DAAA-77 X",
        str(store.id),
    )
    (refs,) = await emitted_events("media_references_changed")
    assert refs.payload["entity_type"] == "license" and refs.payload["new_media_ids"] == [str(media.media_id)]
    (changed,) = await emitted_events("license_status_changed")
    assert changed.payload["status"] == "pending"
    assert await emitted_events("store_kyc_status_changed") == []  # still pending_verification


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"issuing_state": "ZZ"}, "issuing_state"),
        ({"type": "smuggler"}, "type"),
        ({"number": "x"}, "number"),
        ({"number": "<script>"}, "number"),
        ({"issue_date": "2024-05-01", "expiration_date": "2024-04-01"}, "expiration_date"),
        ({"issue_date": "2024-05-01", "expiration_date": "2024-05-01"}, "expiration_date"),
        ({"issue_date": str(date.today() + timedelta(days=3))}, "issue_date"),
        ({"issue_date": str(date.today() - timedelta(days=366 * 50 + 1))}, "issue_date"),
        ({"expiration_date": str(date.today() + timedelta(days=366 * 11))}, "expiration_date"),
        ({"media_id": "nope"}, "media_id"),
        ({"color": "green"}, "color"),
    ],
)
async def test_bad_input_is_400_with_the_field(client, db_session, as_store, over, field):
    actor, store, _ = await store_actor(db_session, as_store, store_type="vendor")
    media = await doc(db_session, store)
    r = await upload(client, actor, media, **over)
    assert r.status_code == 400, r.text
    assert any(field in k for k in r.json()["error"]["details"]), r.json()


async def test_the_body_schema_states_the_date_rules_it_enforces(client):
    schema = (await client.get("/openapi.json")).json()["components"]["schemas"]["LicenseIn"]

    assert schema["x-pf-rules"] == [
        {"kind": "compare", "field": "expiration_date", "op": ">", "other": "issue_date"},
        {"kind": "date_window", "field": "issue_date", "min_days": -366 * 50, "max_days": 0},
        {"kind": "date_window", "field": "expiration_date", "max_days": 366 * 10},
    ]
    assert "issue_date" not in schema.get("required", []) and "expiration_date" not in schema.get(
        "required", []
    )


async def test_the_document_must_be_an_uploaded_license_doc_of_the_store(client, db_session, as_store):
    actor, store, _ = await store_actor(db_session, as_store, store_type="vendor")
    _, other, _ = await store_actor(db_session, as_store, store_type="vendor")
    wrong_kind = await make_media(db_session, store_id=store.id, kind="store", mime_type="image/png")
    r = await upload(client, actor, wrong_kind)
    assert r.status_code == 400 and "license_doc" in r.json()["error"]["details"]["media_id"]
    video = await make_media(db_session, store_id=store.id, kind="license_doc", mime_type="video/mp4")
    assert (await upload(client, actor, video)).status_code == 400
    theirs = await doc(db_session, other)
    assert (await upload(client, actor, theirs)).status_code == 403
    r = await client.post(LICENSES, json=body(uuid.uuid4()), headers=actor.with_idempotency())
    assert r.status_code == 404
    failed = await doc(db_session, store, status="failed")
    assert (await upload(client, actor, failed)).status_code == 409
    image = await make_media(db_session, store_id=store.id, kind="license_doc", mime_type="image/jpeg")
    assert (await upload(client, actor, image)).status_code == 201  # a photo of the license is fine


async def test_a_number_is_unique_per_issuing_state(client, db_session, as_store):
    actor, store, _ = await store_actor(db_session, as_store, store_type="vendor")
    assert (await upload(client, actor, await doc(db_session, store), number="GAAA-1")).status_code == 201
    r = await upload(client, actor, await doc(db_session, store), number="gaaa-1")
    assert r.status_code == 409
    other = await upload(client, actor, await doc(db_session, store), number="GAAA-1", issuing_state="TX")
    assert other.status_code == 201  # [G-12] per state


async def test_roles_and_tokens(client, db_session, as_store, mint_actor):
    viewer, store, _ = await store_actor(db_session, as_store, role="viewer", store_type="vendor")
    media = await doc(db_session, store)
    assert (await upload(client, viewer, media)).status_code == 403
    r = await client.post(LICENSES, json=body(media.media_id), headers={"Idempotency-Key": "k1"})
    assert r.status_code == 401
    admin, _ = await admin_actor(db_session, mint_actor)
    assert (await client.get(LICENSES, headers=admin.headers)).status_code == 403
    assert (await client.get(ADMIN, headers=viewer.headers)).status_code == 403


async def test_list_shows_own_licenses_with_signed_urls(client, db_session, as_store, media_urls):
    actor, store, _ = await store_actor(db_session, as_store, store_type="vendor")
    other_actor, other, _ = await store_actor(db_session, as_store, store_type="vendor")
    for _ in range(3):
        assert (await upload(client, actor, await doc(db_session, store))).status_code == 201
    assert (await upload(client, other_actor, await doc(db_session, other))).status_code == 201
    r = await client.get(LICENSES, params={"limit": 2}, headers=actor.headers)
    page = r.json()["data"]
    assert page["pagination"]["total"] == 3 and len(page["items"]) == 2
    assert all(i["signed_url"] == f"https://signed.example/{i['media_id']}" for i in page["items"])
    assert {i["store_id"] for i in page["items"]} == {str(store.id)}


async def test_media_down_degrades_to_no_signed_url(client, db_session, as_store):
    actor, store, _ = await store_actor(db_session, as_store, store_type="vendor")
    await upload(client, actor, await doc(db_session, store))
    r = await client.get(LICENSES, headers=actor.headers)  # nothing listens on media's port here
    assert r.status_code == 200 and r.json()["data"]["items"][0]["signed_url"] is None


async def test_admin_verifies_and_the_store_becomes_verified(
    client, db_session, as_store, mint_actor, emitted_events, media_urls
):
    actor, store, _ = await store_actor(db_session, as_store, store_type="vendor")
    lic_id = (await upload(client, actor, await doc(db_session, store))).json()["data"]["id"]
    admin, admin_user = await admin_actor(db_session, mint_actor)

    queue = (await client.get(ADMIN, params={"store_id": str(store.id)}, headers=admin.headers)).json()[
        "data"
    ]
    assert [i["id"] for i in queue["items"]] == [lic_id]

    r = await client.post(
        f"{ADMIN}/{lic_id}/verify", json={"decision": "verified"}, headers=admin.with_idempotency()
    )
    assert r.status_code == 200, r.text
    assert r.json()["data"]["status"] == "verified"
    assert (await db_session.get(Store, store.id, populate_existing=True)).kyc_status == "verified"
    (kyc,) = await emitted_events("store_kyc_status_changed")
    assert (kyc.payload["previous_status"], kyc.payload["kyc_status"]) == ("pending_verification", "verified")
    audit = (await db_session.scalars(sa.select(AuditLog).where(AuditLog.action == "license.verified"))).all()
    assert [(a.actor_user_id, a.target_id) for a in audit] == [(admin_user.id, uuid.UUID(lic_id))]

    again = await client.post(
        f"{ADMIN}/{lic_id}/verify", json={"decision": "rejected"}, headers=admin.with_idempotency()
    )
    assert again.status_code == 409
    queue = (await client.get(ADMIN, params={"store_id": str(store.id)}, headers=admin.headers)).json()[
        "data"
    ]
    assert queue["items"] == []  # pending by default


async def test_rejection_keeps_the_reason_and_bad_decisions_are_refused(
    client, db_session, as_store, mint_actor
):
    actor, store, _ = await store_actor(db_session, as_store, store_type="vendor")
    lic_id = (await upload(client, actor, await doc(db_session, store))).json()["data"]["id"]
    admin, _ = await admin_actor(db_session, mint_actor)
    bad = await client.post(
        f"{ADMIN}/{lic_id}/verify", json={"decision": "maybe"}, headers=admin.with_idempotency()
    )
    assert bad.status_code == 400
    missing = await client.post(
        f"{ADMIN}/{uuid.uuid4()}/verify", json={"decision": "verified"}, headers=admin.with_idempotency()
    )
    assert missing.status_code == 404
    r = await client.post(
        f"{ADMIN}/{lic_id}/verify",
        json={"decision": "rejected", "reason": "expired document"},
        headers=admin.with_idempotency(),
    )
    assert r.json()["data"]["rejection_reason"] == "expired document"
    assert (await db_session.get(Store, store.id, populate_existing=True)).kyc_status == "rejected"


async def test_only_rejected_or_expired_licenses_are_deleted_by_a_manager(
    client, db_session, as_store, mint_actor, emitted_events
):
    owner, store, _ = await store_actor(db_session, as_store, store_type="vendor")
    staff, _, _ = await store_actor(db_session, as_store, role="staff", store=store)
    lic_id = (await upload(client, owner, await doc(db_session, store))).json()["data"]["id"]
    r = await client.delete(f"{LICENSES}/{lic_id}", headers=owner.headers)
    assert r.status_code == 409  # pending
    admin, _ = await admin_actor(db_session, mint_actor)
    await client.post(
        f"{ADMIN}/{lic_id}/verify", json={"decision": "rejected"}, headers=admin.with_idempotency()
    )
    assert (await client.delete(f"{LICENSES}/{lic_id}", headers=staff.headers)).status_code == 403
    other_owner, _, _ = await store_actor(db_session, as_store, store_type="vendor")
    assert (await client.delete(f"{LICENSES}/{lic_id}", headers=other_owner.headers)).status_code == 403
    assert (await client.delete(f"{LICENSES}/{uuid.uuid4()}", headers=owner.headers)).status_code == 404
    assert (await client.delete(f"{LICENSES}/{lic_id}", headers=owner.headers)).status_code == 204
    assert await db_session.get(License, uuid.UUID(lic_id), populate_existing=True) is None
    (deleted,) = await emitted_events("license_deleted")
    assert deleted.payload["purge_media"] is False
    assert (
        await db_session.get(Store, store.id, populate_existing=True)
    ).kyc_status == "pending_verification"


async def test_suspension_is_never_overwritten_by_derivation(client, db_session, as_store, mint_actor):
    actor, store, _ = await store_actor(db_session, as_store, store_type="vendor")
    admin, _ = await admin_actor(db_session, mint_actor)
    kyc_url = f"/api/admin/v1/stores/{store.id}/kyc"
    assert (await client.post(kyc_url, json={"action": "suspend"}, headers=actor.headers)).status_code == 403
    r = await client.post(kyc_url, json={"action": "suspend", "reason": "inspection"}, headers=admin.headers)
    assert r.json()["data"]["kyc_status"] == "suspended"
    assert (await client.post(kyc_url, json={"action": "suspend"}, headers=admin.headers)).status_code == 409
    lic_id = (await upload(client, actor, await doc(db_session, store))).json()["data"]["id"]
    await client.post(
        f"{ADMIN}/{lic_id}/verify", json={"decision": "verified"}, headers=admin.with_idempotency()
    )
    assert (await db_session.get(Store, store.id, populate_existing=True)).kyc_status == "suspended"
    r = await client.post(kyc_url, json={"action": "unsuspend"}, headers=admin.headers)
    assert r.json()["data"]["kyc_status"] == "verified"
    missing = await client.post(
        f"/api/admin/v1/stores/{uuid.uuid4()}/kyc", json={"action": "suspend"}, headers=admin.headers
    )
    assert missing.status_code == 404
    actions = set(await db_session.scalars(sa.select(AuditLog.action).where(AuditLog.target_id == store.id)))
    assert {"store.kyc_suspended", "store.kyc_unsuspended"} <= actions


# --------------------------------------------------------------------------- the schedule


async def _verified(db_session, store, expires: date) -> License:
    media = await doc(db_session, store)
    lic = License(
        id=uuid.uuid4(),
        store_id=store.id,
        user_id=store.owner_user_id,
        status="verified",
        media_id=media.media_id,
        gcs_key=media.gcs_key,
        issuing_state="OK",
        type="dispensary",
        number=f"N-{uuid.uuid4().hex[:8]}",
        issue_date=date(2020, 1, 1),
        expiration_date=expires,
    )
    db_session.add(lic)
    store.kyc_status = "verified"
    await db_session.flush()
    return lic


async def test_the_schedule_across_day_boundaries_acts_once(
    db_session, as_store, run_job, emitted_events, frozen_time
):
    _, store, _ = await store_actor(db_session, as_store, store_type="vendor")
    expires = date(2027, 3, 1)
    lic = await _verified(db_session, store, expires)

    async def day(d: date, hour: int = 0, minute: int = 5) -> None:
        # the job reads the frozen clock, as the scheduler would at that moment (the fixture
        # stops every traveller at the end; the latest one started is the one in force)
        frozen_time(datetime(d.year, d.month, d.day, hour, minute, tzinfo=UTC))
        await run_job("license_schedule")

    async def events(kind: str) -> int:
        return len(await emitted_events(kind))

    await day(expires - timedelta(days=15))
    assert await events("license_expiring_soon") == 0
    await day(expires - timedelta(days=14))
    await day(expires - timedelta(days=14), hour=23, minute=59)  # repeated the same day
    await day(expires - timedelta(days=13))
    assert await events("license_expiring_soon") == 1
    await day(expires - timedelta(days=1), hour=23, minute=59)  # one minute before the day
    row = await db_session.get(License, lic.id, populate_existing=True)
    assert row.status == "verified"
    await day(expires)
    await day(expires, hour=12)
    row = await db_session.get(License, lic.id, populate_existing=True)
    assert row.status == "expired" and await events("license_expired") == 1
    assert (await db_session.get(Store, store.id, populate_existing=True)).kyc_status == "expired"
    await day(expires + timedelta(days=30))
    assert await db_session.get(License, lic.id, populate_existing=True) is not None
    await day(expires + timedelta(days=31))
    await day(expires + timedelta(days=31), hour=6)
    assert await db_session.get(License, lic.id, populate_existing=True) is None
    (deleted,) = await emitted_events("license_deleted")
    assert deleted.payload["purge_media"] is True
    assert (
        await db_session.get(Store, store.id, populate_existing=True)
    ).kyc_status == "pending_verification"
    flips = list(
        await db_session.scalars(
            sa.select(AuditLog.action).where(AuditLog.target_id == lic.id).order_by(AuditLog.created_at)
        )
    )
    assert flips == ["license.expiry_warned", "license.expired", "license.purged"]


async def test_a_second_verified_license_keeps_the_store_verified(db_session, as_store, run_job):
    _, store, _ = await store_actor(db_session, as_store, store_type="vendor")
    await _verified(db_session, store, date(2027, 3, 1))
    await _verified(db_session, store, date(2028, 3, 1))
    await run_job("license_schedule", now=datetime(2027, 3, 1, 0, 5, tzinfo=UTC))
    assert (await db_session.get(Store, store.id, populate_existing=True)).kyc_status == "verified"
