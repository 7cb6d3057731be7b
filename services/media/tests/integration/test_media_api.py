"""Media routes (API.md §3.2) and internal reads (§4): validation, roles, tenancy, state rules."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa
from media_factories import attach, make_media

from pf_media.models import Media

PRESIGN = "/api/v1/media/presign"
MiB = 1024 * 1024


def presign_body(**over):
    return {
        "media_kind": "product",
        "mime_type": "image/png",
        "file_name": "photo.png",
        "size_bytes": 2048,
        **over,
    }


async def test_presign_creates_a_pending_row_and_a_signed_put_url(client, as_store, db_session):
    actor = await as_store("vendor", "staff")
    r = await client.post(
        PRESIGN,
        json=presign_body(mime_type="image/png", file_name="../../etc/Front\x07 Label.PNG"),
        headers=actor.with_idempotency(),
    )
    assert r.status_code == 200, r.text
    data = r.json()["data"]
    media = await db_session.get(Media, uuid.UUID(data["media_id"]))
    assert media is not None and media.status == "pending"
    assert media.store_id == actor.store_id and media.user_id == actor.user_id
    assert media.file_name == "Front Label.PNG"  # path and control characters gone
    assert media.mime_type == "image/png"
    assert data["gcs_key"] == media.gcs_key == f"{actor.store_id}/product/{media.id}.png"
    assert data["content_type"] == "image/png"
    assert data["headers"]["Content-Type"] == "image/png"
    assert data["signed_put_url"].startswith("http://test/api/v1/media/blobs/")


@pytest.mark.parametrize("name", ["../\x01/", "...", "\x07"])
async def test_a_file_name_with_nothing_usable_left_becomes_upload_ext(client, as_store, db_session, name):
    actor = await as_store("vendor", "staff")

    r = await client.post(PRESIGN, json=presign_body(file_name=name), headers=actor.with_idempotency())

    assert r.status_code == 200, r.text
    media = await db_session.get(Media, uuid.UUID(r.json()["data"]["media_id"]))
    assert media is not None and media.file_name == "upload.png"
    assert media.gcs_key == f"{actor.store_id}/product/{media.id}.png"


async def test_presign_is_idempotent_per_key(client, as_store, db_session):
    actor = await as_store("vendor", "owner")
    headers = actor.with_idempotency("same-key-1")
    first = await client.post(PRESIGN, json=presign_body(), headers=headers)
    again = await client.post(PRESIGN, json=presign_body(), headers=headers)
    assert first.status_code == again.status_code == 200
    assert first.json()["data"]["media_id"] == again.json()["data"]["media_id"]
    count = await db_session.scalar(sa.select(sa.func.count()).select_from(Media))
    assert count == 1


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"media_kind": "selfie"}, "media_kind"),
        ({"mime_type": "application/pdf"}, "mime_type"),  # product: images and videos only
        ({"media_kind": "coa", "mime_type": "image/png"}, "mime_type"),
        ({"media_kind": "store", "mime_type": "video/mp4"}, "mime_type"),
        ({"size_bytes": 0}, "size_bytes"),
        ({"size_bytes": 20 * MiB + 1}, "size_bytes"),
        # the exact value the schema lists: no case folding, parameters or blanks
        ({"mime_type": "Image/PNG"}, "mime_type"),
        ({"mime_type": "image/png; charset=binary"}, "mime_type"),
        ({"mime_type": " image/png"}, "mime_type"),
        ({"file_name": ""}, "file_name"),
        ({"extra": 1}, "extra"),
    ],
)
async def test_presign_rejects_bad_input_with_field_details(client, as_store, over, field):
    actor = await as_store("vendor", "owner")
    r = await client.post(PRESIGN, json=presign_body(**over), headers=actor.with_idempotency())
    assert r.status_code == 400, r.text
    err = r.json()["error"]
    assert err["code"] == "VALIDATION_ERROR"
    assert any(field in key for key in err["details"]), err


async def test_presign_accepts_the_allow_list_of_each_kind(client, as_store):
    actor = await as_store("vendor", "owner")
    ok = [
        ("license_doc", "application/pdf", "lic.pdf"),
        ("license_doc", "image/jpeg", "lic.jpg"),
        ("coa", "application/pdf", "coa.pdf"),
        ("ads", "video/webm", "ad.webm"),
        ("other", "video/mp4", "clip"),  # no extension: key without one
    ]
    for kind, mime, name in ok:
        body = presign_body(media_kind=kind, mime_type=mime, file_name=name)
        r = await client.post(PRESIGN, json=body, headers=actor.with_idempotency())
        assert r.status_code == 200, (kind, mime, r.text)
        assert r.json()["data"]["gcs_key"].split("/")[1] == kind
    assert not r.json()["data"]["gcs_key"].endswith(".")


async def test_presign_roles(client, as_store, as_admin):
    viewer = await as_store("vendor", "viewer")
    r = await client.post(PRESIGN, json=presign_body(), headers=viewer.with_idempotency())
    assert r.status_code == 403
    admin = await as_admin()
    r = await client.post(PRESIGN, json=presign_body(), headers=admin.with_idempotency())
    assert r.status_code == 403
    r = await client.post(PRESIGN, json=presign_body(), headers={"Idempotency-Key": "k"})
    assert r.status_code == 401
    buyer_staff = await as_store("buyer", "staff")
    r = await client.post(PRESIGN, json=presign_body(), headers=buyer_staff.with_idempotency())
    assert r.status_code == 200  # STAFF of any store type uploads (logos, licenses)


async def test_list_filters_search_and_pages_only_own_media(client, as_store, db_session):
    actor = await as_store("vendor", "viewer")
    other = await as_store("vendor", "owner")
    mine = []
    for i in range(5):
        mine.append(await make_media(db_session, store_id=actor.store_id, file_name=f"shot_{i}.png"))
    await make_media(
        db_session,
        store_id=actor.store_id,
        kind="coa",
        mime_type="application/pdf",
        file_name="COA 100%.pdf",
        status="pending",
    )
    await make_media(db_session, store_id=actor.store_id, status="deleted", file_name="gone.png")
    await make_media(db_session, store_id=other.store_id, file_name="shot_other.png")

    r = await client.get("/api/v1/media", params={"limit": 2}, headers=actor.headers)
    assert r.status_code == 200, r.text
    body = r.json()["data"]
    assert body["pagination"]["total"] == 6  # deleted rows are not listed
    seen = [i["id"] for i in body["items"]]
    cursor = body["pagination"]["next"]
    while cursor:
        page = (
            await client.get("/api/v1/media", params={"limit": 2, "cursor": cursor}, headers=actor.headers)
        ).json()["data"]
        seen += [i["id"] for i in page["items"]]
        cursor = page["pagination"]["next"]
    assert len(seen) == len(set(seen)) == 6

    r = await client.get("/api/v1/media", params={"kind": "coa"}, headers=actor.headers)
    items = r.json()["data"]["items"]
    assert [i["file_name"] for i in items] == ["COA 100%.pdf"]
    assert items[0]["signed_url"] is None  # pending: no read URL

    r = await client.get("/api/v1/media", params={"search": "100%"}, headers=actor.headers)
    assert [i["file_name"] for i in r.json()["data"]["items"]] == ["COA 100%.pdf"]  # % is literal
    r = await client.get("/api/v1/media", params={"search": "shot_"}, headers=actor.headers)
    assert r.json()["data"]["pagination"]["total"] == 5  # _ is literal too; other store's not seen

    r = await client.get(
        "/api/v1/media", params={"status": "ready", "mime_type": "IMAGE/PNG"}, headers=actor.headers
    )
    items = r.json()["data"]["items"]
    assert len(items) == 5 and all(i["signed_url"] for i in items)

    r = await client.get("/api/v1/media", params={"status": "deleted"}, headers=actor.headers)
    assert [i["file_name"] for i in r.json()["data"]["items"]] == ["gone.png"]


@pytest.mark.parametrize("params", [{"kind": "nope"}, {"status": "x"}, {"limit": 0}, {"cursor": "zz"}])
async def test_list_rejects_bad_filters(client, as_store, params):
    actor = await as_store("buyer", "viewer")
    r = await client.get("/api/v1/media", params=params, headers=actor.headers)
    assert r.status_code == 400
    assert r.json()["error"]["code"] == "VALIDATION_ERROR"


async def test_delete_rules(client, as_store, db_session):
    actor = await as_store("vendor", "staff")
    other = await as_store("vendor", "owner")
    ready = await make_media(db_session, store_id=actor.store_id)
    pending = await make_media(db_session, store_id=actor.store_id, status="pending")
    theirs = await make_media(db_session, store_id=other.store_id)
    licensed = await make_media(
        db_session,
        store_id=actor.store_id,
        kind="license_doc",
        mime_type="application/pdf",
        file_name="lic.pdf",
    )
    lic = await attach(db_session, licensed, entity_type="license")
    logo = await make_media(db_session, store_id=actor.store_id, kind="store")
    await attach(db_session, logo, entity_type="store_logo")

    assert (await client.delete(f"/api/v1/media/{uuid.uuid4()}", headers=actor.headers)).status_code == 404
    r = await client.delete(f"/api/v1/media/{theirs.id}", headers=actor.headers)
    assert (r.status_code, r.json()["error"]["message"]) == (403, "media belongs to another store")
    assert (await db_session.get(Media, theirs.id, populate_existing=True)).status == "ready"
    r = await client.delete(f"/api/v1/media/{pending.id}", headers=actor.headers)
    assert r.status_code == 409 and "pending" in r.json()["error"]["message"]
    r = await client.delete(f"/api/v1/media/{licensed.id}", headers=actor.headers)
    assert r.status_code == 409
    assert f"license {lic.entity_id}" in r.json()["error"]["message"]

    viewer = await as_store("vendor", "viewer", store_id=actor.store_id)
    assert (await client.delete(f"/api/v1/media/{ready.id}", headers=viewer.headers)).status_code == 403

    for target in (ready, logo):  # an unprotected attachment does not block
        r = await client.delete(f"/api/v1/media/{target.id}", headers=actor.headers)
        assert r.status_code == 204, r.text
        row = await db_session.get(Media, target.id)
        assert row.status == "delete_requested" and row.delete_requested_at is not None
    again = await client.delete(f"/api/v1/media/{ready.id}", headers=actor.headers)
    assert again.status_code == 204


async def test_internal_media_and_read_urls(client, as_store, as_service, db_session):
    client.headers.update(as_service("catalog"))
    actor = await as_store("vendor", "owner")
    ready = await make_media(db_session, store_id=actor.store_id, public_url="http://cdn/x")
    pending = await make_media(db_session, store_id=actor.store_id, status="pending")
    r = await client.get(f"/internal/v1/media/{ready.id}")
    assert r.status_code == 200
    data = r.json()["data"]
    assert data["store_id"] == str(actor.store_id) and data["status"] == "ready"
    assert data["gcs_key"] == ready.gcs_key and data["public_url"] == "http://cdn/x"
    assert (await client.get(f"/internal/v1/media/{uuid.uuid4()}")).status_code == 404

    r = await client.post(
        "/internal/v1/media:read-urls",
        json={"media_ids": [str(ready.id), str(pending.id), str(uuid.uuid4())]},
    )
    assert r.status_code == 200, r.text
    urls = r.json()["data"]["urls"]
    assert list(urls) == [str(ready.id)]  # uploaded/ready only
    assert "/api/v1/media/blobs/" in urls[str(ready.id)]
    r = await client.post("/internal/v1/media:read-urls", json={"media_ids": ["nope"]})
    assert r.status_code == 400
    r = await client.post("/internal/v1/media:read-urls", json={"media_ids": [str(uuid.uuid4())] * 101})
    assert r.status_code == 400


async def test_every_authenticated_media_route_refuses_bad_tokens(app, client, settings, redis):
    from pf_common.testing.auth_matrix import assert_routes_refuse_bad_tokens

    # the blob routes authenticate by their HMAC signature instead (test_blob_routes.py)
    public = {"/api/v1/media/blobs/{key:path}", "/api/v1/media/public/{key:path}"}
    await assert_routes_refuse_bad_tokens(app, client, settings, redis, public=public, min_routes=3)


async def test_every_internal_media_route_takes_only_the_service_tokens_it_names(
    app, client, settings, redis
):
    from pf_common.testing.auth_matrix import assert_internal_routes_refuse_bad_tokens

    allowed = await assert_internal_routes_refuse_bad_tokens(
        app, client, settings, redis, min_routes=2, body_for=lambda path: {"media_ids": []}
    )

    assert set(allowed.values()) == {frozenset({"identity", "catalog", "ads"})}
