"""The blob store adapters report an object operation started while the task holds a database
connection (pf_common.iosafety; ARCHITECTURE §1), and not one made after the session closed.
The local adapter here; the GCS adapter in test_blobs_gcs.py."""

from __future__ import annotations

import pytest

from pf_common import iosafety
from pf_media.clients.blobs.local import LocalBlobStore

KEY = "store/product/01.png"


class Notes:
    async def __call__(self, _note) -> None:
        pass


@pytest.fixture
def store(settings) -> LocalBlobStore:
    return LocalBlobStore.from_settings(settings, notifier=Notes())


async def _chunks():
    yield b"streamed"


async def test_every_object_operation_inside_a_session_is_caught(store, database):
    with iosafety.recording() as found:
        async with database.transaction():
            await store.write(KEY, b"png", "image/png")
            await store.head(KEY)
            await store.read(KEY)
            await store.local_file(KEY)
            await store.delete(KEY)
            await store.write_stream(KEY, _chunks(), "image/png", size=8)
        async with database.read():
            await store.read(KEY)

    assert [v.operation for v in found] == [
        f"blob {op} {store.bucket}/{KEY}"
        for op in ("write", "head", "read", "head", "delete", "write", "read")
    ]
    assert {v.held[0].split(" (")[0] for v in found} == {"media transaction", "media read"}
    assert all(any("test_blob_io_guard.py" in frame for frame in v.call_site) for v in found)


async def test_the_same_operations_after_the_session_closed_and_signing_inside_are_allowed(store, database):
    with iosafety.recording() as found:
        async with database.transaction():
            # signing is local computation (HMAC), not a call
            await store.signed_upload(KEY, content_type="image/png", size_bytes=3, expires_s=60)
            await store.signed_read(KEY, expires_s=60)
            store.public_url(KEY)
        await store.write(KEY, b"png", "image/png")
        assert await store.read(KEY) == b"png"
        assert await store.delete(KEY) is True

    assert found == []
