"""Content sniffing from magic bytes: what a file really is, whatever its name or declared type."""

from __future__ import annotations

from typing import Final

__all__ = ["SNIFF_BYTES", "canonical_mime", "matches_declared", "sniff_mime"]

SNIFF_BYTES: Final = 64  # enough for every signature below
_PDF_LEAD: Final = b"\xef\xbb\xbf \t\r\n"  # a BOM or whitespace tolerated before %PDF-

# ISO-BMFF major brands that are still images, not videos (HEIF/AVIF share the `ftyp` box).
_HEIF_BRANDS: Final = frozenset({b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs"})
_HEIF_GENERIC: Final = frozenset({b"mif1", b"msf1"})
_AVIF_BRANDS: Final = frozenset({b"avif", b"avis"})

# Declared types that name the same container family as a sniffed one.
_ALIASES: Final = {
    "image/jpg": "image/jpeg",
    "image/pjpeg": "image/jpeg",
    "image/x-png": "image/png",
    "video/quicktime": "video/mp4",  # both ISO-BMFF, same demuxer
    "video/x-m4v": "video/mp4",
    "video/x-matroska": "video/webm",  # WebM is a Matroska profile, same demuxer
    "application/x-pdf": "application/pdf",
}


def sniff_mime(head: bytes) -> str | None:
    """The MIME type the first bytes of a file announce, or None when none of ours is recognised."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head[4:8] == b"ftyp":
        return _sniff_ftyp(head[8:12])
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        # EBML: the DocType element (42 82) says "webm" or "matroska" within the header.
        return "video/x-matroska" if b"matroska" in head[:SNIFF_BYTES] else "video/webm"
    if head.lstrip(_PDF_LEAD).startswith(b"%PDF-"):
        return "application/pdf"
    return None


def _sniff_ftyp(brand: bytes) -> str:
    if brand in _HEIF_BRANDS:
        return "image/heic"
    if brand in _HEIF_GENERIC:
        return "image/heif"
    if brand in _AVIF_BRANDS:
        return "image/avif"
    if brand == b"qt  ":
        return "video/quicktime"
    return "video/mp4"  # isom, iso2, mp41, mp42, avc1, M4V, 3gp4, dash, ...


def canonical_mime(mime: str | None) -> str:
    """Lower-cased, parameters stripped, aliases folded (``image/jpg`` → ``image/jpeg``)."""
    base = (mime or "").split(";", 1)[0].strip().lower()
    return _ALIASES.get(base, base)


def matches_declared(declared_mime: str, head: bytes) -> bool:
    """True when the bytes are of the declared type (or of a container family it aliases)."""
    sniffed = sniff_mime(head)
    return sniffed is not None and canonical_mime(sniffed) == canonical_mime(declared_mime)
