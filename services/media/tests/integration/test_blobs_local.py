"""LocalBlobStore on a real filesystem: files, sidecars, notifications, signed URLs, the dev key."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import stat
import threading
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from pf_media.clients.blobs.base import (
    BUCKET_TOPIC,
    DELETE,
    FINALIZE,
    BucketNotification,
    parse_notification,
)
from pf_media.clients.blobs.local import (
    DEV_KEY_FILE,
    InvalidBlobKey,
    LocalBlobStore,
    NotificationFailed,
    SignatureExpired,
    SignatureInvalid,
    UploadTooLarge,
    UploadTooSmall,
    attachment_disposition,
    ensure_dev_signing_key,
)
from pf_media.clients.blobs.notify import TransportNotifier
from pf_media.settings import Settings

KEY = "0190c0de-0000-7000-8000-000000000001/product/0190c0de-0000-7000-8000-0000000000aa.png"
SIGNING_KEY = b"k" * 32
NOW = 1_800_000_000.0


class Clock:
    def __init__(self, now: float = NOW) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def notifications() -> list[BucketNotification]:
    return []


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path: Path, notifications: list[BucketNotification], clock: Clock) -> LocalBlobStore:
    async def record(notification: BucketNotification) -> None:
        notifications.append(notification)

    return LocalBlobStore(
        tmp_path / "blobs",
        bucket="pf-media-test",
        signing_key=SIGNING_KEY,
        public_base_url="http://test/",
        notifier=record,
        clock=clock,
    )


def _query(url: str) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlsplit(url).query).items()}


def _roundtrip(notification: BucketNotification) -> BucketNotification:
    body, attributes = notification.to_message()
    return parse_notification(body, attributes)


async def _chunks(*parts: bytes):
    for part in parts:
        yield part


# --- objects --------------------------------------------------------------------------------------


async def test_write_then_head_and_read_return_the_bytes_and_metadata(store, tmp_path, notifications):
    info = await store.write(KEY, b"\x89PNG-bytes", "Image/PNG; q=1")

    assert (info.key, info.size, info.content_type) == (KEY, 10, "image/png")
    assert (tmp_path / "blobs" / "pf-media-test" / KEY).read_bytes() == b"\x89PNG-bytes"
    assert await store.head(KEY) == info
    assert await store.read(KEY) == b"\x89PNG-bytes"
    found = await store.local_file(KEY)
    assert found is not None and found.path == tmp_path / "blobs" / "pf-media-test" / KEY
    assert found.info == info


async def test_write_emits_a_finalize_notification_in_the_gcs_shape(store, notifications):
    info = await store.write(KEY, b"abc", "image/png")

    assert len(notifications) == 1
    body, attributes = notifications[0].to_message()
    assert attributes == {
        "eventType": "OBJECT_FINALIZE",
        "bucketId": "pf-media-test",
        "objectId": KEY,
        "objectGeneration": info.generation,
        "payloadFormat": "JSON_API_V1",
    }
    assert json.loads(body) == {
        "kind": "storage#object",
        "bucket": "pf-media-test",
        "name": KEY,
        "generation": info.generation,
        "size": "3",
        "contentType": "image/png",
    }
    assert parse_notification(body, attributes) == BucketNotification(
        FINALIZE, "pf-media-test", KEY, info.generation, size=3, content_type="image/png"
    )


async def test_overwrite_replaces_the_bytes_with_a_newer_generation(store, notifications):
    first = await store.write(KEY, b"one", "image/png")
    second = await store.write(KEY, b"second", "image/webp")

    assert int(second.generation) > int(first.generation)
    assert await store.read(KEY) == b"second"
    assert await store.head(KEY) == second
    assert [n.generation for n in notifications] == [first.generation, second.generation]


async def test_delete_removes_the_object_and_notifies_once(store, tmp_path, notifications):
    info = await store.write(KEY, b"abc", "image/png")

    assert await store.delete(KEY) is True
    assert await store.head(KEY) is None
    with pytest.raises(FileNotFoundError):
        await store.read(KEY)
    assert not (tmp_path / "blobs" / "pf-media-test" / KEY).exists()
    assert await store.delete(KEY) is False
    assert [_roundtrip(n) for n in notifications] == [
        BucketNotification(FINALIZE, "pf-media-test", KEY, info.generation, size=3, content_type="image/png"),
        BucketNotification(DELETE, "pf-media-test", KEY, info.generation),
    ]


async def test_missing_object_has_no_head_and_no_bytes(store, notifications):
    assert await store.head(KEY) is None
    assert await store.local_file(KEY) is None
    with pytest.raises(FileNotFoundError):
        await store.read(KEY)
    assert notifications == []


async def test_a_prefix_of_existing_keys_is_not_an_object(store):
    await store.write("s/product/derived/m1/thumb.webp", b"t", "image/webp")

    assert await store.head("s/product/derived/m1") is None
    with pytest.raises(FileNotFoundError):
        await store.read("s/product/derived")


async def test_head_without_sidecar_falls_back_to_the_file(store, tmp_path):
    await store.write(KEY, b"abc", "image/png")
    (tmp_path / "blobs" / ".meta" / "pf-media-test" / f"{KEY}.json").unlink()

    info = await store.head(KEY)

    assert info is not None and (info.size, info.content_type) == (3, None)


async def test_write_stream_of_the_exact_size_is_stored(store, notifications):
    info = await store.write_stream(KEY, _chunks(b"ab", b"", b"cd"), "image/png", size=4)

    assert await store.read(KEY) == b"abcd"
    assert [_roundtrip(n) for n in notifications] == [
        BucketNotification(FINALIZE, "pf-media-test", KEY, info.generation, size=4, content_type="image/png")
    ]


@pytest.mark.parametrize(
    ("parts", "error"),
    [((b"ab", b"cde"), UploadTooLarge), ((b"ab",), UploadTooSmall), ((), UploadTooSmall)],
)
async def test_write_stream_of_another_size_writes_nothing(store, tmp_path, notifications, parts, error):
    with pytest.raises(error):
        await store.write_stream(KEY, _chunks(*parts), "image/png", size=4)

    assert await store.head(KEY) is None
    directory = (tmp_path / "blobs" / "pf-media-test" / KEY).parent
    assert list(directory.iterdir()) == []  # no temp file left behind
    assert notifications == []


async def test_a_failing_notifier_surfaces_after_the_object_is_written(tmp_path):
    async def broken(_notification: BucketNotification) -> None:
        raise ConnectionError("broker down")

    store = LocalBlobStore(
        tmp_path, bucket="pf-media-test", signing_key=SIGNING_KEY, public_base_url="http://t", notifier=broken
    )

    with pytest.raises(NotificationFailed):
        await store.write(KEY, b"abc", "image/png")
    assert await store.read(KEY) == b"abc"  # a retried upload re-notifies


# --- keys -----------------------------------------------------------------------------------------

BAD_KEYS = [
    "",
    "../escape.png",
    "s/product/../../../escape.png",
    "s/./x.png",
    "/etc/passwd",
    "s//x.png",
    "s/product/",
    "s\\..\\x.png",
    "s/product/x\x00.png",
    "s/product/x\n.png",
    "s/product/x\x1f.png",
    "s/product/x\x7f.png",
    "s/" + "x" * 251,
    "s/" + "y/" * 600,
]


@pytest.mark.parametrize("key", BAD_KEYS)
async def test_keys_that_could_escape_the_root_are_refused(store, tmp_path, notifications, key):
    with pytest.raises(InvalidBlobKey):
        await store.write(key, b"x", "image/png")
    with pytest.raises(InvalidBlobKey):
        await store.head(key)
    with pytest.raises(InvalidBlobKey):
        await store.delete(key)
    with pytest.raises(InvalidBlobKey):
        await store.signed_upload(key, content_type="image/png", size_bytes=1, expires_s=60)
    with pytest.raises(InvalidBlobKey):
        await store.signed_read(key, expires_s=60)
    with pytest.raises(InvalidBlobKey):
        store.public_url(key)
    assert sorted(p.name for p in tmp_path.iterdir()) == []
    assert notifications == []


async def test_a_symlink_inside_the_root_does_not_lead_outside(store, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    bucket_dir = tmp_path / "blobs" / "pf-media-test"
    bucket_dir.mkdir(parents=True)
    (bucket_dir / "s").symlink_to(outside, target_is_directory=True)

    with pytest.raises(InvalidBlobKey):
        await store.write("s/product/x.png", b"x", "image/png")
    assert list(outside.iterdir()) == []


# --- signed URLs ----------------------------------------------------------------------------------


async def test_signed_upload_url_binds_content_type_size_and_expiry(store):
    signed = await store.signed_upload(KEY, content_type="image/PNG", size_bytes=123, expires_s=600)

    assert signed.url.startswith(f"http://test/api/v1/media/blobs/{KEY}?")
    assert signed.headers == {"Content-Type": "image/png"}
    assert signed.expires_at.timestamp() == NOW + 600
    grant = store.verify_upload(KEY, _query(signed.url))
    assert (grant.content_type, grant.size, grant.expires_at) == ("image/png", 123, signed.expires_at)


@pytest.mark.parametrize("content_type", ["image/png", "image/svg+xml", "application/vnd.ms-excel"])
async def test_a_signed_upload_url_is_the_documented_encoding(store, content_type):
    """The query is ``urlencode`` of exp, ct, size and sig in that order, and sig is the URL-safe
    base64 HMAC-SHA256 of the JSON array [method, bucket, key, exp, ct, size]: URLs signed before
    a deploy verify after it."""
    signed = await store.signed_upload(KEY, content_type=content_type, size_bytes=77, expires_s=600)
    exp = int(NOW) + 600
    message = json.dumps(
        ["PUT", "pf-media-test", KEY, str(exp), content_type, "77"], ensure_ascii=False, separators=(",", ":")
    )
    mac = hmac.new(SIGNING_KEY, message.encode(), hashlib.sha256).digest()
    sig = base64.urlsafe_b64encode(mac).rstrip(b"=").decode()
    query = urlencode({"exp": exp, "ct": content_type, "size": 77, "sig": sig})
    assert signed.url == f"http://test/api/v1/media/blobs/{KEY}?{query}"


@pytest.mark.parametrize(
    "tamper",
    [
        {"ct": "text/html"},
        {"size": "124"},
        {"exp": str(int(NOW) + 6000)},
        {"sig": "A" * 43},
        {"sig": ""},
        {"sig": None},
        {"size": "-1"},
        {"exp": "soon"},
    ],
)
async def test_a_tampered_upload_url_is_refused(store, tamper):
    signed = await store.signed_upload(KEY, content_type="image/png", size_bytes=123, expires_s=600)
    query = _query(signed.url) | tamper
    query = {k: v for k, v in query.items() if v is not None}

    with pytest.raises(SignatureInvalid):
        store.verify_upload(KEY, query)


async def test_an_upload_url_is_bound_to_its_key_bucket_and_signing_key(store, tmp_path, clock):
    signed = await store.signed_upload(KEY, content_type="image/png", size_bytes=1, expires_s=600)
    query = _query(signed.url)
    other_bucket = LocalBlobStore(
        tmp_path,
        bucket="other-bucket",
        signing_key=SIGNING_KEY,
        public_base_url="x",
        notifier=_ignore,
        clock=clock,
    )
    other_key = LocalBlobStore(
        tmp_path,
        bucket="pf-media-test",
        signing_key=b"z" * 32,
        public_base_url="x",
        notifier=_ignore,
        clock=clock,
    )

    with pytest.raises(SignatureInvalid):
        store.verify_upload(KEY.replace(".png", ".jpg"), query)
    with pytest.raises(SignatureInvalid):
        other_bucket.verify_upload(KEY, query)
    with pytest.raises(SignatureInvalid):
        other_key.verify_upload(KEY, query)


async def test_read_and_upload_signatures_are_not_interchangeable(store):
    upload = _query(
        (await store.signed_upload(KEY, content_type="image/png", size_bytes=1, expires_s=600)).url
    )
    read = _query(await store.signed_read(KEY, expires_s=600))

    with pytest.raises(SignatureInvalid):
        store.verify_read(KEY, upload)
    with pytest.raises(SignatureInvalid):
        store.verify_upload(KEY, read | {"ct": "image/png", "size": "1"})


async def test_signed_urls_expire(store, clock):
    upload = _query(
        (await store.signed_upload(KEY, content_type="image/png", size_bytes=1, expires_s=60)).url
    )
    read = _query(await store.signed_read(KEY, expires_s=60))

    clock.now = NOW + 59
    assert store.verify_upload(KEY, upload).size == 1
    assert store.verify_read(KEY, read).max_age_s == 1
    clock.now = NOW + 60
    with pytest.raises(SignatureExpired):
        store.verify_upload(KEY, upload)
    with pytest.raises(SignatureExpired):
        store.verify_read(KEY, read)


async def test_the_default_clock_is_the_wall_clock(tmp_path, frozen_time):
    store = LocalBlobStore(
        tmp_path, bucket="pf-media-test", signing_key=SIGNING_KEY, public_base_url="x", notifier=_ignore
    )
    frozen_time("2027-01-15T10:00:00Z")
    read = _query(await store.signed_read(KEY, expires_s=300))

    frozen_time("2027-01-15T10:04:00Z")
    assert store.verify_read(KEY, read).max_age_s == 60
    frozen_time("2027-01-15T10:05:00Z")
    with pytest.raises(SignatureExpired):
        store.verify_read(KEY, read)


async def test_signed_read_binds_the_sanitised_download_name(store):
    url = await store.signed_read(KEY, expires_s=600, download_name='../etc/"lic\x07ense".pdf')
    query = _query(url)

    assert query["dl"] == "license.pdf"
    assert store.verify_read(KEY, query).download_name == "license.pdf"
    with pytest.raises(SignatureInvalid):
        store.verify_read(KEY, query | {"dl": "other.pdf"})
    with pytest.raises(SignatureInvalid):
        store.verify_read(KEY, {k: v for k, v in query.items() if k != "dl"})
    assert store.verify_read(KEY, _query(await store.signed_read(KEY, expires_s=600))).download_name is None


def test_attachment_disposition_is_quoted_safely():
    assert (
        attachment_disposition('a"b\\c/ré.pdf')
        == "attachment; filename=\"r_.pdf\"; filename*=UTF-8''r%C3%A9.pdf"
    )
    assert attachment_disposition("\x00..") == "attachment; filename=\"download\"; filename*=UTF-8''download"


def test_public_url_is_under_the_public_route(store):
    assert store.public_url("s/product/a b.png") == "http://test/api/v1/media/public/s/product/a%20b.png"


async def test_invalid_signed_upload_arguments_are_refused(store):
    with pytest.raises(ValueError):
        await store.signed_upload(KEY, content_type="not a type", size_bytes=1, expires_s=60)
    with pytest.raises(ValueError):
        await store.signed_upload(KEY, content_type="image/png", size_bytes=-1, expires_s=60)
    with pytest.raises(ValueError):
        await store.signed_upload(KEY, content_type="image/png", size_bytes=1, expires_s=0)


# --- the signing key ------------------------------------------------------------------------------


def test_dev_key_is_generated_once_private_and_reused(tmp_path):
    keys_dir = tmp_path / "keys"
    first = ensure_dev_signing_key(keys_dir)
    second = ensure_dev_signing_key(keys_dir)

    assert first == second and len(first) == 32
    assert stat.S_IMODE((keys_dir / DEV_KEY_FILE).stat().st_mode) == 0o600
    assert stat.S_IMODE(keys_dir.stat().st_mode) == 0o700
    assert ensure_dev_signing_key(tmp_path / "elsewhere") != first


def test_concurrent_first_starts_agree_on_one_dev_key(tmp_path):
    keys: list[bytes] = []
    barrier = threading.Barrier(8)

    def start() -> None:
        barrier.wait()
        keys.append(ensure_dev_signing_key(tmp_path / "keys"))

    threads = [threading.Thread(target=start) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert len(keys) == 8 and len(set(keys)) == 1
    assert sorted(os.listdir(tmp_path / "keys")) == [DEV_KEY_FILE]  # no temp file left


async def test_stores_built_from_settings_share_the_dev_key(tmp_path):
    settings = Settings(blobs_dir=tmp_path / "blobs", keys_dir=tmp_path / "keys", public_base_url="http://t")
    first = LocalBlobStore.from_settings(settings, notifier=_ignore)
    second = LocalBlobStore.from_settings(settings, notifier=_ignore)

    url = await first.signed_upload(KEY, content_type="image/png", size_bytes=1, expires_s=60)

    assert second.verify_upload(KEY, _query(url.url)).size == 1
    assert (tmp_path / "keys" / DEV_KEY_FILE).exists()
    assert first.root == tmp_path / "blobs"


def test_a_short_configured_signing_key_is_refused(tmp_path):
    with pytest.raises(ValueError):
        LocalBlobStore.from_settings(Settings(blobs_dir=tmp_path, blob_signing_key="short"), notifier=_ignore)


# --- the transport notifier -----------------------------------------------------------------------


async def test_transport_notifier_publishes_on_the_bucket_topic(pf_servers, redis, tmp_path):
    settings = Settings(redis_url=pf_servers.redis_url, blobs_dir=tmp_path, keys_dir=tmp_path / "keys")
    store = LocalBlobStore.from_settings(settings)
    assert isinstance(store.notifier, TransportNotifier)
    try:
        info = await store.write(KEY, b"abc", "image/png")
        await store.delete(KEY)
    finally:
        await store.close()

    entries = await redis.xrange(BUCKET_TOPIC)
    received = [
        (
            fields[b"ordering_key"].decode(),
            parse_notification(fields[b"body"], json.loads(fields[b"attributes"])),
        )
        for _, fields in entries
    ]
    assert received == [
        (KEY, BucketNotification(FINALIZE, "packfinderz-media", KEY, info.generation, 3, "image/png")),
        (KEY, BucketNotification(DELETE, "packfinderz-media", KEY, info.generation)),
    ]


async def _ignore(_notification: BucketNotification) -> None:
    return None
