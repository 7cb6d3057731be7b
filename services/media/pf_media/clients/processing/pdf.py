"""PDF text: the text layer through pypdf, and the embedded images of pages that have none.

pypdf cannot rasterise a page, but a scanned PDF is a page whose only content is an image (or a
few strips of one): ``page.images`` hands those back, and the OCR engine reads them. Pages drawn
only with vector paths (no text, no image) stay unread. Bounded: at most ``max_pages`` pages and
``max_chars`` characters; an image's declared /Width x /Height is checked before it is decoded
(pypdf itself caps every decoded stream at 75 MB). NUL characters are dropped (Postgres text
cannot hold them).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Final

from pypdf import PasswordType, PdfReader

from pf_common.logging import get_logger
from pf_media.clients.processing.base import ProcessingRejected
from pf_media.clients.processing.images import encode_for_ocr

__all__ = ["PageImage", "PdfText", "extract_pdf_text", "page_images"]

log = get_logger(__name__)

MIN_PAGE_CHARS: Final = 10  # fewer non-blank characters than this: the page counts as "no text layer"
_BLANK: Final = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class PdfText:
    text: str  # the pages' text layers, separated by a blank line, at most max_chars
    pages_without_text: list[int] = field(default_factory=list)  # 0-based indexes of the pages read
    page_texts: list[str] = field(default_factory=list)  # one entry per page read ("" when none)
    page_count: int = 0  # pages in the document (only the first max_pages were read)

    def __repr__(self) -> str:  # the text may hold PII: keep it out of reprs and logs
        return f"PdfText(chars={len(self.text)}, pages_without_text={self.pages_without_text})"


@dataclass(frozen=True, slots=True)
class PageImage:
    page: int  # 0-based page index
    data: bytes  # PNG, upright (the page's /Rotate applied), bounded for OCR

    def __repr__(self) -> str:
        return f"PageImage(page={self.page}, size={len(self.data)})"


def clean_text(text: str) -> str:
    return text.replace("\x00", "").strip()


def _open(data: bytes) -> PdfReader:
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise ProcessingRejected("pdf is password-protected")
        _ = len(reader.pages)
    except ProcessingRejected:
        raise
    except Exception as exc:  # PyPdfError, or any parser error on a malformed file; a missing crypto dep
        raise ProcessingRejected("pdf could not be read") from exc
    return reader


def extract_pdf_text(data: bytes, max_pages: int = 50, *, max_chars: int = 200_000) -> PdfText:
    """The text layer of the first ``max_pages`` pages, pages separated by a blank line.

    Raises ``ProcessingRejected`` when the file is not a readable PDF or needs a password.
    """
    reader = _open(data)
    page_count = len(reader.pages)
    page_texts: list[str] = []
    without: list[int] = []
    for index in range(min(page_count, max_pages)):
        try:
            text = clean_text(reader.pages[index].extract_text() or "")
        except Exception as exc:  # one malformed page must not lose the others
            log.warning("media.pdf.page_text_failed", page=index, error=type(exc).__name__)
            text = ""
        if len(_BLANK.sub("", text)) < MIN_PAGE_CHARS:
            without.append(index)
        page_texts.append(text)
    text = "\n\n".join(t for t in page_texts if t)[:max_chars]
    return PdfText(text=text, pages_without_text=without, page_texts=page_texts, page_count=page_count)


def _declared_size(page: Any, key: str | list[str] | tuple[str, ...]) -> tuple[int, int] | None:
    """/Width and /Height of an image XObject, read without decoding it (None: inline image)."""
    path = [key] if isinstance(key, str) else list(key)
    if path[-1].startswith("~"):
        return None  # inline image: bounded by the content stream it sits in
    obj = page
    for name in path:
        resources = obj["/Resources"].get_object()
        obj = resources["/XObject"].get_object()[name].get_object()
    return int(obj["/Width"]), int(obj["/Height"])


def page_images(
    data: bytes,
    pages: list[int],
    *,
    max_pixels: int = 50_000_000,
    max_images_per_page: int = 8,
    min_side: int = 64,
    max_side: int = 2560,
) -> Iterator[PageImage]:
    """The embedded images of the given pages, as PNGs ready for OCR (tiny logos and rules skipped).

    Images that are too large, undecodable (e.g. JBIG2 without its decoder) or unreadable are
    skipped with a warning, never raised: OCR is best effort.
    """
    reader = _open(data)
    for index in pages:
        if index >= len(reader.pages):
            continue
        page = reader.pages[index]
        rotate = int(page.get("/Rotate", 0) or 0) % 360
        try:
            keys = page.images.keys()[:max_images_per_page]
        except Exception as exc:
            log.warning("media.pdf.page_images_failed", page=index, error=type(exc).__name__)
            continue
        for key in keys:
            png = _ocr_png(page, key, rotate, max_pixels=max_pixels, min_side=min_side, max_side=max_side)
            if png is not None:
                yield PageImage(index, png)


def _ocr_png(
    page: Any, key: Any, rotate: int, *, max_pixels: int, min_side: int, max_side: int
) -> bytes | None:
    try:
        size = _declared_size(page, key)
        if size is not None and (size[0] * size[1] > max_pixels or min(size) < min_side):
            return None
        img = page.images[key].image
        if img is None or min(img.size) < min_side:
            return None
        if img.mode not in ("RGB", "L"):
            img = img.convert("RGBA" if img.has_transparency_data else "RGB")
        if rotate:  # /Rotate turns the page clockwise when displayed
            img = img.rotate(-rotate, expand=True)
        return encode_for_ocr(img, max_side=max_side)
    except Exception as exc:  # JBIG2 without decoder, broken stream...: OCR is best effort
        log.warning("media.pdf.image_skipped", error=type(exc).__name__)
        return None
