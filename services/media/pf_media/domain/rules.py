"""Media rules of DOMAIN §5.2: MIME allow-list per kind, public kinds, keys, file names."""

from __future__ import annotations

import re
import unicodedata
from uuid import UUID

from pf_common.events.common import AttachmentEntityType, MediaKind, MediaStatus

MAX_SIZE_BYTES = 20_971_520  # 20 MiB

IMAGES = frozenset({"image/png", "image/jpeg", "image/webp", "image/gif"})
VIDEOS = frozenset({"video/mp4", "video/webm"})
PDF = frozenset({"application/pdf"})

ALLOWED_MIME: dict[MediaKind, frozenset[str]] = {
    MediaKind.PRODUCT: IMAGES | VIDEOS,
    MediaKind.ADS: IMAGES | VIDEOS,
    MediaKind.PDF: PDF,
    MediaKind.LICENSE_DOC: PDF | IMAGES,
    MediaKind.COA: PDF,
    MediaKind.MANIFEST: PDF,
    MediaKind.USER: IMAGES,
    MediaKind.STORE: IMAGES,
    MediaKind.OTHER: PDF | IMAGES | VIDEOS,
}

# Served from a CDN-readable prefix; every other kind is signed-URL only ([G-26]).
PUBLIC_KINDS = frozenset({MediaKind.PRODUCT, MediaKind.ADS, MediaKind.STORE, MediaKind.USER})
# Text worth extracting (OCR / PDF text layer).
OCR_KINDS = frozenset({MediaKind.LICENSE_DOC, MediaKind.COA, MediaKind.PDF})

PROTECTED_ENTITY_TYPES = frozenset({AttachmentEntityType.LICENSE, AttachmentEntityType.AD})

READABLE = frozenset({MediaStatus.UPLOADED, MediaStatus.READY})
DELETABLE = frozenset({MediaStatus.UPLOADED, MediaStatus.READY})

_EXT_BY_MIME = {
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/webp": "webp",
    "image/gif": "gif",
    "video/mp4": "mp4",
    "video/webm": "webm",
    "application/pdf": "pdf",
}
_EXT_RE = re.compile(r"^[a-z0-9]{1,10}$")
MAX_FILE_NAME = 255


def normalize_mime(value: str) -> str:
    """Lower-cased, parameters stripped: ``Image/JPEG; charset=x`` → ``image/jpeg``."""
    return value.split(";", 1)[0].strip().lower()


def mime_allowed(kind: MediaKind, mime: str) -> bool:
    return mime in ALLOWED_MIME[kind]


def sanitize_file_name(name: str) -> str:
    """The last path segment, NFC, without control characters; ``""`` when nothing is left.

    Slashes and backslashes never survive (``../../etc/passwd`` → ``passwd``).
    """
    name = unicodedata.normalize("NFC", name)
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = name.strip().strip(".").strip()
    if len(name) > MAX_FILE_NAME:
        stem, dot, ext = name.rpartition(".")
        keep = MAX_FILE_NAME - (len(ext) + 1 if dot and len(ext) <= 10 else 0)
        name = (stem[:keep] + "." + ext) if dot and len(ext) <= 10 else name[:MAX_FILE_NAME]
    return name


def extension(file_name: str) -> str | None:
    """The file name's extension, lower-cased, when it is a plain one (DOMAIN: omitted if none)."""
    _, dot, ext = file_name.rpartition(".")
    ext = ext.lower()
    return ext if dot and _EXT_RE.match(ext) else None


def object_key(store_id: UUID, kind: MediaKind, media_id: UUID, file_name: str) -> str:
    """``{store_id}/{kind}/{id}.{ext}`` (DOMAIN §5.2)."""
    ext = extension(file_name)
    return f"{store_id}/{kind.value}/{media_id}" + (f".{ext}" if ext else "")


def derived_key(gcs_key: str, name: str) -> str:
    """Where a derivative of ``gcs_key`` lives: ``{store_id}/{kind}/derived/{id}/{name}``."""
    store, kind, leaf = gcs_key.split("/", 2)
    media_id = leaf.split(".", 1)[0]
    return f"{store}/{kind}/derived/{media_id}/{name}"


def fallback_file_name(mime: str) -> str:
    """The name of an upload whose own name had nothing usable (``../``, control characters)."""
    ext = _EXT_BY_MIME.get(mime)
    return f"upload.{ext}" if ext else "upload"


def default_extension(mime: str) -> str | None:
    return _EXT_BY_MIME.get(mime)
