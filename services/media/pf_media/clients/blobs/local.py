"""The local blob store (ARCHITECTURE §5 "blobs", embedded default).

Objects are files under ``<root>/<bucket>/<key>``, each with a JSON sidecar under
``<root>/.meta/<bucket>/<key>.json`` holding what a read needs (content type, size,
generation). Writes are atomic (temp file, fsync, ``os.replace``). After every write and
delete the store calls its ``notifier`` with a notification in the shape GCS publishes, so
one consumer path serves both adapters.

Clients upload and read through URLs served by media itself (``api/blobs.py``), signed
with HMAC-SHA256: an upload URL binds the method, bucket, key, expiry, Content-Type and
exact size; a read URL binds the method, bucket, key, expiry and the optional download
name. This module holds the signing, verification and file logic; the routes only map
its exceptions to HTTP.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hmac
import json
import os
import re
import secrets
import tempfile
import threading
import time
import unicodedata
from collections.abc import AsyncIterable, Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import quote, quote_plus, urlencode

from pf_common.files import create_exclusive, replace_atomic
from pf_common.iosafety import check_io
from pf_common.logging import get_logger
from pf_common.settings import find_project_root
from pf_media.clients.blobs.base import (
    DELETE,
    FINALIZE,
    BlobError,
    BlobInfo,
    BucketNotification,
    SignedUpload,
)

if TYPE_CHECKING:
    from pf_media.settings import Settings

log = get_logger(__name__)

Notifier = Callable[[BucketNotification], Awaitable[None]]

BLOBS_PATH = "/api/v1/media/blobs/"  # signed PUT and GET
PUBLIC_PATH = "/api/v1/media/public/"  # unsigned GET of public kinds
DEV_KEY_FILE = "media_blob_hmac.key"
MIN_SIGNING_KEY_BYTES = 32
MAX_KEY_BYTES = 1024  # as GCS
_MAX_SEGMENT_BYTES = 250  # NAME_MAX (255) minus the sidecar's ".json"
_META_DIR = ".meta"  # never a bucket name (bucket names cannot start with a dot)
_WRITE_BUFFER = 1 << 20
_BUCKET_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,221}[a-z0-9]$")
_MIME_PART = r"[!#$%&'*+.^_`|~0-9a-z-]+"
_CONTENT_TYPE_RE = re.compile(rf"^{_MIME_PART}/{_MIME_PART}$")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")  # one C scan, not a Python test per character
# json.dumps(fields, ensure_ascii=False, separators=(",", ":")) without building an encoder per call
_FIELDS_JSON: Callable[[Any], str] = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_MAX_DOWNLOAD_NAME = 200


# --- errors -------------------------------------------------------------------------------------


class InvalidBlobKey(ValueError):
    """The key could escape the store's root, or cannot be a file path here."""


class SignatureError(Exception):
    """A signed URL to refuse (the routes answer 403)."""


class SignatureInvalid(SignatureError):
    """Missing or malformed parameters, or a signature that does not match them."""


class SignatureExpired(SignatureError):
    """A genuine signature whose expiry has passed."""


class UploadSizeMismatch(ValueError):
    def __init__(self, expected: int, received: int) -> None:
        self.expected = expected
        self.received = received
        super().__init__(f"expected {expected} bytes, received {received}")


class UploadTooLarge(UploadSizeMismatch):
    """More bytes than signed (``received`` counts up to the first byte too many)."""


class UploadTooSmall(UploadSizeMismatch):
    """The body ended before the signed size."""


class ObjectExists(Exception):
    """A create-only write found the object already there (signed uploads are one-shot)."""


class NotificationFailed(BlobError):
    """The object was written or deleted but its notification could not be published."""


# --- values -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UploadGrant:
    content_type: str
    size: int
    expires_at: datetime


@dataclass(frozen=True)
class ReadGrant:
    expires_at: datetime
    max_age_s: int  # seconds left at verification
    download_name: str | None


@dataclass(frozen=True)
class LocalFile:
    path: Path
    info: BlobInfo


# --- pure helpers -------------------------------------------------------------------------------


def validate_key(key: str) -> str:
    """``key`` if it is a safe relative path, else ``InvalidBlobKey``.

    Refused: empty, longer than 1024 UTF-8 bytes, absolute, backslashes, control characters
    (NUL included), and empty, ``.`` or ``..`` segments.
    """
    if not isinstance(key, str) or not key:
        raise InvalidBlobKey("empty key")
    try:
        size = len(key.encode("utf-8"))
    except UnicodeEncodeError as exc:
        raise InvalidBlobKey("key is not valid UTF-8") from exc
    if size > MAX_KEY_BYTES:
        raise InvalidBlobKey("key too long")
    if key.startswith("/"):
        raise InvalidBlobKey("absolute key")
    if "\\" in key:
        raise InvalidBlobKey("backslash in key")
    if _CONTROL_RE.search(key):
        raise InvalidBlobKey("control character in key")
    for segment in key.split("/"):
        if segment in ("", ".", ".."):
            raise InvalidBlobKey("empty, '.' or '..' segment in key")
        if len(segment.encode("utf-8")) > _MAX_SEGMENT_BYTES:
            raise InvalidBlobKey("key segment too long")
    return key


def normalize_content_type(value: str | None) -> str:
    """``Image/JPEG; q=1`` → ``image/jpeg``; ``""`` when absent."""
    return (value or "").split(";", 1)[0].strip().lower()


def sanitize_download_name(name: str) -> str:
    """A file name safe in a Content-Disposition header: the last path segment, NFC,
    without control characters, quotes or backslashes; ``download`` when nothing is left."""
    name = unicodedata.normalize("NFC", name)
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C" and ch not in '"')
    name = name.strip().strip(".").strip()
    return name[:_MAX_DOWNLOAD_NAME] or "download"


def attachment_disposition(name: str) -> str:
    """``attachment; filename="<ascii>"; filename*=UTF-8''<name>`` (RFC 6266) of a sanitised name."""
    name = sanitize_download_name(name)
    ascii_name = "".join(ch if 32 <= ord(ch) < 127 else "_" for ch in name)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


def load_signing_key(settings: Settings) -> bytes:
    """``settings.blob_signing_key``, else the dev key under ``keys_dir`` (created once)."""
    if settings.blob_signing_key is not None:
        key = settings.blob_signing_key.get_secret_value().encode()
        if len(key) < MIN_SIGNING_KEY_BYTES:
            raise ValueError(f"blob_signing_key must be at least {MIN_SIGNING_KEY_BYTES} bytes")
        return key
    return ensure_dev_signing_key(settings.resolved_keys_dir())


def ensure_dev_signing_key(keys_dir: Path) -> bytes:
    """The 32-byte dev HMAC key at ``keys_dir/media_blob_hmac.key``, generated on first use.

    Safe under concurrent first starts: the key is written to a temp file, then linked into
    place without replacing (the first writer wins), and everyone reads the file that won.
    The directory is 0700 and the file 0600.
    """
    keys_dir = Path(keys_dir)
    keys_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        os.chmod(keys_dir, 0o700)
    path = keys_dir / DEV_KEY_FILE
    if not path.exists():
        create_exclusive(path, (secrets.token_hex(32) + "\n").encode(), 0o600)
        log.info("media.blobs.dev_key_created", path=str(path))
    if path.stat().st_mode & 0o077:
        with contextlib.suppress(OSError):
            os.chmod(path, 0o600)
    try:
        key = bytes.fromhex(path.read_text().strip())
    except ValueError as exc:
        raise ValueError(f"{path} is not a hex key") from exc
    if len(key) < MIN_SIGNING_KEY_BYTES:
        raise ValueError(f"{path} holds fewer than {MIN_SIGNING_KEY_BYTES} bytes")
    return key


def _digits(value: str | None) -> int | None:
    if value is None or not value.isascii() or not value.isdigit() or len(value) > 15:
        return None
    return int(value)


# --- the store ----------------------------------------------------------------------------------


class LocalBlobStore:
    """``BlobStore`` on the local filesystem, with HMAC-signed URLs served by media."""

    def __init__(
        self,
        root: Path,
        *,
        bucket: str,
        signing_key: bytes,
        public_base_url: str,
        notifier: Notifier,
        owns_notifier: bool = False,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if not _BUCKET_RE.match(bucket):
            raise ValueError(f"invalid bucket name {bucket!r}")
        if len(signing_key) < MIN_SIGNING_KEY_BYTES:
            raise ValueError(f"the signing key must be at least {MIN_SIGNING_KEY_BYTES} bytes")
        self.bucket = bucket
        self.root = Path(root)
        self.notifier = notifier
        self._owns_notifier = owns_notifier
        self._signing_key = signing_key
        self._base = public_base_url.rstrip("/")
        self._clock = clock
        self._data_root = self.root / bucket
        self._meta_root = self.root / _META_DIR / bucket
        self._gen_lock = threading.Lock()
        self._commit_lock = threading.Lock()
        self._last_generation = 0

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        *,
        notifier: Notifier | None = None,
        clock: Callable[[], float] = time.time,
    ) -> LocalBlobStore:
        """Root ``settings.blobs_dir`` (else ``<project>/.pf/blobs``); notifications go to the
        event transport unless ``notifier`` is given (then the caller owns it)."""
        from pf_media.clients.blobs.notify import TransportNotifier

        root = settings.blobs_dir or find_project_root() / ".pf" / "blobs"
        return cls(
            root,
            bucket=settings.bucket,
            signing_key=load_signing_key(settings),
            public_base_url=settings.public_base_url,
            notifier=notifier or TransportNotifier(settings),
            owns_notifier=notifier is None,
            clock=clock,
        )

    # --- signed URLs ---------------------------------------------------------------------------

    async def signed_upload(
        self, key: str, *, content_type: str, size_bytes: int, expires_s: int
    ) -> SignedUpload:
        validate_key(key)
        ct = normalize_content_type(content_type)
        if not _CONTENT_TYPE_RE.match(ct):
            raise ValueError(f"invalid content type {content_type!r}")
        if isinstance(size_bytes, bool) or not isinstance(size_bytes, int) or size_bytes < 0:
            raise ValueError("size_bytes must be a non-negative integer")
        exp = self._expiry(expires_s)
        sig = self._sign("PUT", key, str(exp), ct, str(size_bytes))
        # urlencode({"exp", "ct", "size", "sig"}) written out: only ct needs quoting (exp and size
        # are digits, sig is URL-safe base64); a test holds the two equal
        query = f"exp={exp}&ct={quote_plus(ct)}&size={size_bytes}&sig={sig}"
        return SignedUpload(
            url=f"{self._base}{BLOBS_PATH}{quote(key, safe='/')}?{query}",
            headers={"Content-Type": ct},
            expires_at=datetime.fromtimestamp(exp, UTC),
        )

    async def signed_read(self, key: str, *, expires_s: int, download_name: str | None = None) -> str:
        validate_key(key)
        exp = self._expiry(expires_s)
        dl = sanitize_download_name(download_name) if download_name else ""
        params: dict[str, str | int] = {"exp": exp}
        if dl:
            params["dl"] = dl
        params["sig"] = self._sign("GET", key, str(exp), dl)
        return f"{self._base}{BLOBS_PATH}{quote(key, safe='/')}?{urlencode(params)}"

    def public_url(self, key: str) -> str:
        return f"{self._base}{PUBLIC_PATH}{quote(validate_key(key), safe='/')}"

    def verify_upload(self, key: str, query: Mapping[str, str]) -> UploadGrant:
        """The grant of a signed upload URL's query; ``SignatureInvalid``/``SignatureExpired``."""
        exp_raw, ct, size_raw = query.get("exp"), query.get("ct"), query.get("size")
        exp, size = _digits(exp_raw), _digits(size_raw)
        if exp is None or size is None or ct is None:
            raise SignatureInvalid("incomplete signed upload URL")
        self._check(query.get("sig"), "PUT", key, str(exp_raw), ct, str(size_raw))
        self._check_expiry(exp)
        return UploadGrant(content_type=ct, size=size, expires_at=datetime.fromtimestamp(exp, UTC))

    def verify_read(self, key: str, query: Mapping[str, str]) -> ReadGrant:
        """The grant of a signed read URL's query; ``SignatureInvalid``/``SignatureExpired``."""
        exp_raw, dl = query.get("exp"), query.get("dl") or ""
        exp = _digits(exp_raw)
        if exp is None:
            raise SignatureInvalid("incomplete signed read URL")
        self._check(query.get("sig"), "GET", key, str(exp_raw), dl)
        max_age = self._check_expiry(exp)
        return ReadGrant(
            expires_at=datetime.fromtimestamp(exp, UTC), max_age_s=max_age, download_name=dl or None
        )

    def _expiry(self, expires_s: int) -> int:
        if expires_s <= 0:
            raise ValueError("expires_s must be positive")
        return int(self._clock()) + int(expires_s)

    def _sign(self, method: str, key: str, *fields: str) -> str:
        # A JSON array is an unambiguous encoding of the fields (no separator games).
        message = _FIELDS_JSON([method, self.bucket, key, *fields])
        mac = hmac.digest(self._signing_key, message.encode("utf-8", "surrogatepass"), "sha256")
        return base64.urlsafe_b64encode(mac).rstrip(b"=").decode()

    def _check(self, sig: str | None, method: str, key: str, *fields: str) -> None:
        if not sig:
            raise SignatureInvalid("missing signature")
        expected = self._sign(method, key, *fields).encode()
        if not hmac.compare_digest(expected, sig.encode("utf-8", "surrogatepass")):
            raise SignatureInvalid("signature does not match")

    def _check_expiry(self, exp: int) -> int:
        remaining = exp - self._clock()
        if remaining <= 0:
            raise SignatureExpired("signed URL expired")
        return int(remaining)

    # --- objects -------------------------------------------------------------------------------

    async def head(self, key: str) -> BlobInfo | None:
        self._check_io("head", key)
        return await asyncio.to_thread(self._head_sync, key)

    async def local_file(self, key: str) -> LocalFile | None:
        """The object's file and metadata (for the routes to stream it), or ``None``."""
        info = await self.head(key)
        return None if info is None else LocalFile(self._paths(key)[0], info)

    async def read(self, key: str) -> bytes:
        """The object's bytes; ``FileNotFoundError`` when absent."""
        self._check_io("read", key)
        path, _ = self._paths(key)
        try:
            return await asyncio.to_thread(path.read_bytes)
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError) as exc:
            raise FileNotFoundError(f"no object {key!r}") from exc
        except OSError as exc:
            raise BlobError(f"reading {key!r} failed: {exc}") from exc

    async def write(self, key: str, data: bytes, content_type: str) -> BlobInfo:
        self._check_io("write", key)
        info = await asyncio.to_thread(self._write_bytes_sync, key, bytes(data), content_type)
        await self._notify_finalize(info)
        return info

    async def write_stream(
        self,
        key: str,
        chunks: AsyncIterable[bytes],
        content_type: str,
        *,
        size: int,
        if_absent: bool = False,
    ) -> BlobInfo:
        """Write exactly ``size`` bytes from ``chunks``; ``UploadTooLarge`` as soon as the body
        exceeds it, ``UploadTooSmall`` when it ends early (nothing is written then).
        ``if_absent``: ``ObjectExists`` instead of replacing an existing object (like GCS's
        ``ifGenerationMatch=0``), so a signed upload cannot swap a file after it landed."""
        self._check_io("write", key)
        data_path, meta_path = self._paths(key)
        ct = normalize_content_type(content_type)
        fh, tmp = await asyncio.to_thread(self._open_temp, data_path)
        try:
            received = 0
            buffer = bytearray()
            async for chunk in chunks:
                if not chunk:
                    continue
                received += len(chunk)
                if received > size:
                    raise UploadTooLarge(size, received)
                buffer += chunk
                if len(buffer) >= _WRITE_BUFFER:
                    await asyncio.to_thread(fh.write, bytes(buffer))
                    buffer.clear()
            if received < size:
                raise UploadTooSmall(size, received)
            if buffer:
                await asyncio.to_thread(fh.write, bytes(buffer))
            await asyncio.to_thread(_flush_close, fh)
            info = await asyncio.to_thread(
                self._commit, tmp, key, data_path, meta_path, ct, received, if_absent
            )
        except BaseException:
            fh.close()  # quick syscalls: run inline, also when the task is being cancelled
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        await self._notify_finalize(info)
        return info

    async def delete(self, key: str) -> bool:
        self._check_io("delete", key)
        generation = await asyncio.to_thread(self._delete_sync, key)
        if generation is None:
            return False
        await self._notify(BucketNotification(DELETE, self.bucket, key, generation))
        return True

    async def close(self) -> None:
        closer = getattr(self.notifier, "close", None)
        if self._owns_notifier and closer is not None:
            await closer()

    # --- internals -----------------------------------------------------------------------------

    def _check_io(self, operation: str, key: str) -> None:
        """Object operations (files, then a published notification) never run while the task
        holds a database connection (ARCHITECTURE §1; ``pf_common.iosafety``). Signing is not
        one: it is local computation."""
        check_io(lambda: f"blob {operation} {self.bucket}/{key}")

    def _paths(self, key: str) -> tuple[Path, Path]:
        validate_key(key)
        data = self._data_root / key
        # Defence in depth: a symlink planted inside the root must not lead outside it.
        if not data.resolve().is_relative_to(self._data_root.resolve()):
            raise InvalidBlobKey("key resolves outside the store")
        return data, self._meta_root / f"{key}.json"

    def _next_generation(self) -> str:
        with self._gen_lock:
            self._last_generation = max(time.time_ns() // 1000, self._last_generation + 1)
            return str(self._last_generation)

    def _head_sync(self, key: str) -> BlobInfo | None:
        data_path, meta_path = self._paths(key)
        try:
            st = data_path.stat()
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError as exc:
            raise BlobError(f"stat of {key!r} failed: {exc}") from exc
        if not data_path.is_file():
            return None
        meta: dict[str, Any] = {}
        with contextlib.suppress(OSError, ValueError):
            loaded = json.loads(meta_path.read_bytes())
            meta = loaded if isinstance(loaded, dict) else {}
        if meta.get("size") == st.st_size and meta.get("generation"):
            return BlobInfo(key, st.st_size, meta.get("content_type"), str(meta["generation"]))
        # No sidecar (or a stale one): what the file itself says.
        return BlobInfo(key, st.st_size, None, str(st.st_mtime_ns // 1000))

    def _open_temp(self, data_path: Path) -> tuple[IO[bytes], str]:
        try:
            data_path.parent.mkdir(parents=True, exist_ok=True)
        except (FileExistsError, NotADirectoryError) as exc:
            raise InvalidBlobKey("a prefix of the key is an existing object") from exc
        except OSError as exc:
            raise BlobError(f"cannot create {data_path.parent}: {exc}") from exc
        fd, tmp = tempfile.mkstemp(dir=data_path.parent, prefix=".upload.", suffix=".tmp")
        return os.fdopen(fd, "wb"), tmp

    def _commit(
        self,
        tmp: str,
        key: str,
        data_path: Path,
        meta_path: Path,
        content_type: str,
        size: int,
        if_absent: bool = False,
    ) -> BlobInfo:
        try:
            # One lock per store keeps a file and its sidecar in step for writers of this process.
            with self._commit_lock:
                generation = self._next_generation()
                meta = {"content_type": content_type or None, "size": size, "generation": generation}
                if if_absent:
                    try:  # link() never replaces: atomic create-only, across processes too
                        os.link(tmp, data_path)
                    except FileExistsError as exc:
                        raise ObjectExists(key) from exc
                    os.unlink(tmp)
                else:
                    os.replace(tmp, data_path)
                meta_path.parent.mkdir(parents=True, exist_ok=True)
                replace_atomic(meta_path, json.dumps(meta).encode(), 0o600)
        except IsADirectoryError as exc:
            raise InvalidBlobKey("the key is a prefix of existing objects") from exc
        except OSError as exc:
            raise BlobError(f"writing {key!r} failed: {exc}") from exc
        return BlobInfo(key, size, content_type or None, generation)

    def _write_bytes_sync(self, key: str, data: bytes, content_type: str) -> BlobInfo:
        data_path, meta_path = self._paths(key)
        fh, tmp = self._open_temp(data_path)
        try:
            fh.write(data)
            _flush_close(fh)
            return self._commit(
                tmp, key, data_path, meta_path, normalize_content_type(content_type), len(data)
            )
        except BaseException:
            fh.close()
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise

    def _delete_sync(self, key: str) -> str | None:
        info = self._head_sync(key)
        if info is None:
            return None
        data_path, meta_path = self._paths(key)
        try:
            data_path.unlink()
        except FileNotFoundError:
            return None  # a concurrent delete won
        except OSError as exc:
            raise BlobError(f"deleting {key!r} failed: {exc}") from exc
        with contextlib.suppress(OSError):
            meta_path.unlink()
        return info.generation

    async def _notify_finalize(self, info: BlobInfo) -> None:
        await self._notify(
            BucketNotification(
                FINALIZE,
                self.bucket,
                info.key,
                info.generation,
                size=info.size,
                content_type=info.content_type,
            )
        )

    async def _notify(self, notification: BucketNotification) -> None:
        try:
            await self.notifier(notification)
        except Exception as exc:
            log.warning(
                "media.blobs.notify_failed",
                event_type=notification.event_type,
                key=notification.key,
                error=type(exc).__name__,
            )
            raise NotificationFailed(
                f"{notification.event_type} of {notification.key!r} not published"
            ) from exc


def _flush_close(fh: IO[bytes]) -> None:
    try:
        fh.flush()
        os.fsync(fh.fileno())
    finally:
        fh.close()
