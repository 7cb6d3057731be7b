"""The local blob routes through the real app: signed PUT, signed GET, public GET."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest
from google.auth.credentials import AnonymousCredentials
from google.cloud import storage

from pf_media.app import create_app
from pf_media.clients.blobs.base import FINALIZE, BucketNotification, parse_notification
from pf_media.clients.blobs.gcs import GcsBlobStore
from pf_media.clients.blobs.local import LocalBlobStore
from pf_media.context import MediaContext

STORE = "0190c0de-0000-7000-8000-000000000001"
KEY = f"{STORE}/product/0190c0de-0000-7000-8000-0000000000aa.png"
LICENSE_KEY = f"{STORE}/license_doc/0190c0de-0000-7000-8000-0000000000bb.pdf"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 56


@pytest.fixture
def notifications() -> list[BucketNotification]:
    """The notifications of the app's blob store (round-tripped through the GCS shape)."""
    return []


@pytest.fixture
def context(context_factory, settings, notifications) -> MediaContext:
    """The app's context, its local blob store recording its notifications."""

    async def record(notification: BucketNotification) -> None:
        body, attributes = notification.to_message()
        notifications.append(parse_notification(body, attributes))

    return context_factory(blobs=LocalBlobStore.from_settings(settings, notifier=record))


@pytest.fixture
def blobs(context) -> LocalBlobStore:
    assert isinstance(context.blobs, LocalBlobStore)
    return context.blobs


def _with_query(url: str, **changes: str) -> str:
    parts = urlsplit(url)
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()} | changes
    return parts._replace(query=urlencode(query)).geturl()


def _error_code(response) -> str:
    return response.json()["error"]["code"]


async def test_upload_through_the_signed_url_then_read_it_back(client, blobs, notifications):
    signed = await blobs.signed_upload(KEY, content_type="image/png", size_bytes=len(PNG), expires_s=600)

    put = await client.put(signed.url, content=PNG, headers=signed.headers)

    assert put.status_code == 200, put.text
    data = put.json()["data"]
    assert data == {
        "key": KEY,
        "size": len(PNG),
        "content_type": "image/png",
        "generation": data["generation"],
    }
    assert put.headers["etag"] == f'"{data["generation"]}"'
    assert notifications == [
        BucketNotification(
            FINALIZE, blobs.bucket, KEY, data["generation"], size=len(PNG), content_type="image/png"
        )
    ]

    read_url = await blobs.signed_read(KEY, expires_s=300, download_name="label.png")
    got = await client.get(read_url)

    assert got.status_code == 200
    assert got.content == PNG
    assert got.headers["content-type"] == "image/png"
    assert got.headers["x-content-type-options"] == "nosniff"
    max_age = int(got.headers["cache-control"].removeprefix("private, max-age="))
    assert 290 <= max_age <= 300
    assert (
        got.headers["content-disposition"] == "attachment; filename=\"label.png\"; filename*=UTF-8''label.png"
    )


async def test_content_type_parameters_and_case_are_ignored(client, blobs):
    signed = await blobs.signed_upload(KEY, content_type="image/png", size_bytes=len(PNG), expires_s=600)

    put = await client.put(signed.url, content=PNG, headers={"Content-Type": "Image/PNG; charset=binary"})

    assert put.status_code == 200
    assert (await blobs.head(KEY)).content_type == "image/png"


@pytest.mark.parametrize("headers", [{"Content-Type": "text/html"}, {}])
async def test_another_content_type_is_refused(client, blobs, notifications, headers):
    signed = await blobs.signed_upload(KEY, content_type="image/png", size_bytes=len(PNG), expires_s=600)

    put = await client.put(signed.url, content=PNG, headers=headers)

    assert put.status_code == 403
    assert _error_code(put) == "FORBIDDEN"
    assert await blobs.head(KEY) is None
    assert notifications == []


async def test_a_body_larger_than_signed_is_refused_with_413(client, blobs, notifications):
    signed = await blobs.signed_upload(KEY, content_type="image/png", size_bytes=10, expires_s=600)

    put = await client.put(signed.url, content=b"x" * 11, headers=signed.headers)

    assert put.status_code == 413
    assert _error_code(put) == "VALIDATION_ERROR"
    assert await blobs.head(KEY) is None
    assert notifications == []


async def test_a_streamed_body_larger_than_signed_is_cut_off_with_413(client, blobs, notifications):
    signed = await blobs.signed_upload(KEY, content_type="image/png", size_bytes=10, expires_s=600)

    async def body():  # no Content-Length: chunked
        for _ in range(4):
            yield b"x" * 4

    put = await client.put(signed.url, content=body(), headers=signed.headers)

    assert put.status_code == 413
    assert await blobs.head(KEY) is None
    assert notifications == []


async def test_a_body_smaller_than_signed_is_refused_with_400(client, blobs, notifications):
    signed = await blobs.signed_upload(KEY, content_type="image/png", size_bytes=10, expires_s=600)

    put = await client.put(signed.url, content=b"x" * 9, headers=signed.headers)

    assert put.status_code == 400
    assert _error_code(put) == "VALIDATION_ERROR"
    assert await blobs.head(KEY) is None
    assert notifications == []


@pytest.mark.parametrize("changes", [{"sig": "A" * 43}, {"size": "100"}, {"ct": "text/html"}])
async def test_a_tampered_upload_url_is_refused_with_403(client, blobs, notifications, changes):
    signed = await blobs.signed_upload(KEY, content_type="image/png", size_bytes=len(PNG), expires_s=600)
    headers = {"Content-Type": changes.get("ct", "image/png")}

    put = await client.put(_with_query(signed.url, **changes), content=PNG, headers=headers)

    assert put.status_code == 403
    assert put.json()["error"]["message"] == "invalid signature"
    assert await blobs.head(KEY) is None
    assert notifications == []


async def test_an_upload_url_for_another_key_is_refused(client, blobs):
    signed = await blobs.signed_upload(KEY, content_type="image/png", size_bytes=len(PNG), expires_s=600)

    put = await client.put(signed.url.replace(".png?", ".gif?"), content=PNG, headers=signed.headers)

    assert put.status_code == 403


async def test_an_expired_upload_url_is_refused_with_403(client, blobs, notifications, frozen_time):
    frozen_time("2027-03-01T12:00:00Z")
    signed = await blobs.signed_upload(KEY, content_type="image/png", size_bytes=len(PNG), expires_s=60)
    frozen_time("2027-03-01T12:01:00Z")

    put = await client.put(signed.url, content=PNG, headers=signed.headers)

    assert put.status_code == 403
    assert put.json()["error"]["message"] == "signed URL expired"
    assert await blobs.head(KEY) is None
    assert notifications == []


async def test_signed_read_refuses_tampered_expired_and_upload_signatures(client, blobs, frozen_time):
    await blobs.write(KEY, PNG, "image/png")
    frozen_time("2027-03-01T12:00:00Z")
    read_url = await blobs.signed_read(KEY, expires_s=60)
    upload = await blobs.signed_upload(KEY, content_type="image/png", size_bytes=1, expires_s=60)

    assert (await client.get(read_url)).status_code == 200
    assert (await client.get(_with_query(read_url, sig="A" * 43))).status_code == 403
    assert (await client.get(_with_query(read_url, dl="x.png"))).status_code == 403
    assert (await client.get(upload.url)).status_code == 403
    unsigned = await client.get(f"/api/v1/media/blobs/{KEY}")
    assert unsigned.status_code == 403 and _error_code(unsigned) == "FORBIDDEN"

    frozen_time("2027-03-01T12:01:00Z")
    expired = await client.get(read_url)
    assert expired.status_code == 403
    assert expired.json()["error"]["message"] == "signed URL expired"


async def test_signed_read_of_a_missing_object_is_404(client, blobs):
    got = await client.get(await blobs.signed_read(KEY, expires_s=60))

    assert got.status_code == 404
    assert _error_code(got) == "NOT_FOUND"


async def test_signed_read_serves_inline_only_safe_types(client, blobs):
    key = f"{STORE}/other/0190c0de-0000-7000-8000-0000000000cc.html"
    await blobs.write(key, b"<script>alert(1)</script>", "text/html")

    got = await client.get(await blobs.signed_read(key, expires_s=60))

    assert got.status_code == 200
    assert got.headers["content-disposition"].startswith("attachment;")
    assert got.headers["x-content-type-options"] == "nosniff"


async def test_public_route_serves_public_kinds_only(client, blobs):
    await blobs.write(KEY, PNG, "image/png")
    await blobs.write(LICENSE_KEY, b"%PDF-1.7", "application/pdf")
    derived = f"{STORE}/product/derived/0190c0de-0000-7000-8000-0000000000aa/thumb.webp"
    await blobs.write(derived, b"RIFF", "image/webp")

    public = await client.get(blobs.public_url(KEY))
    assert public.status_code == 200
    assert public.content == PNG
    assert public.headers["content-type"] == "image/png"
    assert public.headers["cache-control"] == "public, max-age=3600"
    assert public.headers["x-content-type-options"] == "nosniff"
    assert "content-disposition" not in public.headers
    assert (await client.get(blobs.public_url(derived))).content == b"RIFF"

    compliance = await client.get(blobs.public_url(LICENSE_KEY))
    assert compliance.status_code == 404 and _error_code(compliance) == "NOT_FOUND"
    missing = await client.get(blobs.public_url(f"{STORE}/product/nope.png"))
    assert missing.status_code == 404
    assert (await client.get(f"/api/v1/media/public/{STORE}/product")).status_code == 404
    assert (
        await client.get(f"/api/v1/media/public/{STORE}/product/%2E%2E/license_doc/x.pdf")
    ).status_code == 404


async def test_routes_are_404_when_the_store_is_gcs(settings, runtime, context_factory):
    gcs_client = storage.Client(project="pf-test", credentials=AnonymousCredentials())
    gcs = context_factory(blobs=GcsBlobStore(gcs_client, bucket="pf-test"))
    app = create_app(settings, runtime=runtime, context=gcs)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
        assert (
            await client.put(f"/api/v1/media/blobs/{KEY}?exp=1&ct=image/png&size=1&sig=x")
        ).status_code == 404
        assert (await client.get(f"/api/v1/media/blobs/{KEY}?exp=1&sig=x")).status_code == 404
        assert (await client.get(f"/api/v1/media/public/{KEY}")).status_code == 404


async def test_blob_routes_are_not_in_the_openapi_schema(client):
    paths = (await client.get("/openapi.json")).json()["paths"]

    assert not [p for p in paths if p.startswith(("/api/v1/media/blobs", "/api/v1/media/public"))]
