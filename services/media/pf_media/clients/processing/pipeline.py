"""One upload in, an ``Outcome`` out: the media worker's processing step, pure and synchronous.

``process`` never touches the database, the blob store or the clock; the worker downloads the
object, runs this in a thread, uploads the derivatives and records the outcome. Content problems
(type mismatch, bomb, corrupt file, timeout) become ``Outcome(status="failed")``; anything else
(out of memory, a bug) propagates so the job can be retried. Steps that cannot run here (no ffmpeg,
OCR disabled) are recorded in ``skipped`` and the upload is still ``ready``.

What runs (DOMAIN §5.2: OCR for license_doc, coa, pdf; compression for images and videos):

| type  | always                               | when kind is                                   |
|-------|--------------------------------------|------------------------------------------------|
| image | display.webp, thumb.webp             | license_doc, coa: OCR of the upright image     |
| video | poster.jpg, video.mp4 (or a skip)    | -                                              |
| pdf   | text layer                           | license_doc, coa, pdf: OCR of image-only pages |

Extracted text (text layer and OCR) is ``Outcome.ocr_text`` and the ``ocr.txt`` derivative. It is
never logged.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import groupby
from typing import Final, Literal

from pf_common.logging import get_logger
from pf_media.clients.processing.base import Derivative, ProcessingRejected, Skip
from pf_media.clients.processing.images import encode_for_ocr, open_image, render_image
from pf_media.clients.processing.ocr import NoOcr, OcrEngine, OcrUnavailable
from pf_media.clients.processing.pdf import clean_text, extract_pdf_text, page_images
from pf_media.clients.processing.sniff import SNIFF_BYTES, canonical_mime, matches_declared
from pf_media.clients.processing.video import process_video

__all__ = [
    "IMAGE_TYPES",
    "OCR_IMAGE_KINDS",
    "OCR_PDF_KINDS",
    "PDF_TYPES",
    "VIDEO_TYPES",
    "Derivative",
    "Outcome",
    "ProcessingOptions",
    "ProcessingRejected",
    "Skip",
    "process",
]

log = get_logger(__name__)

IMAGE_TYPES: Final = frozenset({"image/png", "image/jpeg", "image/webp", "image/gif"})
VIDEO_TYPES: Final = frozenset({"video/mp4", "video/webm"})  # canonical: quicktime → mp4
PDF_TYPES: Final = frozenset({"application/pdf"})
OCR_IMAGE_KINDS: Final = frozenset({"license_doc", "coa"})
OCR_PDF_KINDS: Final = frozenset({"license_doc", "coa", "pdf"})
OCR_TEXT_NAME: Final = "ocr.txt"


@dataclass(frozen=True, slots=True)
class ProcessingOptions:
    """The pipeline's bounds; the worker's come from its settings (``pf_media.context``)."""

    image_max_width: int = 1920
    image_max_height: int = 1080
    image_quality: int = 80
    thumbnail_size: int = 320
    max_image_pixels: int = 50_000_000
    video_processing: bool = True
    video_preset: str = "medium"  # tests use "ultrafast"
    video_timeout_s: float = 600.0
    pdf_max_pages: int = 50
    ocr_max_side: int = 2560  # images are OCR'd at most this large (RapidOCR downsizes further itself)
    ocr_max_images: int = 20  # OCR calls per upload, across all its pages
    max_text_chars: int = 200_000


@dataclass(slots=True)
class Outcome:
    status: Literal["ready", "failed"]
    derivatives: list[Derivative] = field(default_factory=list)
    ocr_text: str | None = None
    failure_reason: str | None = None
    skipped: list[str] = field(default_factory=list)
    is_compressed: bool = False

    def __repr__(self) -> str:  # ocr_text is document content: show its length only
        chars = None if self.ocr_text is None else len(self.ocr_text)
        return (
            f"Outcome(status={self.status!r}, derivatives={self.derivatives!r}, ocr_chars={chars}, "
            f"failure_reason={self.failure_reason!r}, skipped={self.skipped!r}, "
            f"is_compressed={self.is_compressed})"
        )

    @classmethod
    def failed(cls, reason: str) -> Outcome:
        return cls(status="failed", failure_reason=reason)


def process(data: bytes, *, kind: str, mime_type: str, ocr: OcrEngine, options: ProcessingOptions) -> Outcome:
    """Process one uploaded object of ``kind`` declared as ``mime_type``."""
    declared = canonical_mime(mime_type)
    if declared not in IMAGE_TYPES | VIDEO_TYPES | PDF_TYPES:
        return Outcome.failed(f"unsupported type {declared}")
    if not matches_declared(declared, data[:SNIFF_BYTES]):
        return Outcome.failed(f"content does not match declared type {declared}")
    try:
        if declared in IMAGE_TYPES:
            return _image(data, kind=kind, ocr=ocr, options=options)
        if declared in VIDEO_TYPES:
            return _video(data, options=options)
        return _pdf(data, kind=kind, ocr=ocr, options=options)
    except ProcessingRejected as exc:
        log.info("media.processing.rejected", kind=kind, mime_type=declared, reason=exc.reason)
        return Outcome.failed(exc.reason)


def _image(data: bytes, *, kind: str, ocr: OcrEngine, options: ProcessingOptions) -> Outcome:
    want_ocr = kind in OCR_IMAGE_KINDS
    box = (options.ocr_max_side,) * 2 if want_ocr else (options.image_max_width, options.image_max_height)
    img = open_image(data, max_pixels=options.max_image_pixels, fit=box)
    derivatives = render_image(
        img,
        max_width=options.image_max_width,
        max_height=options.image_max_height,
        quality=options.image_quality,
        thumb=options.thumbnail_size,
    )
    skipped: list[str] = []
    text = None
    if want_ocr and isinstance(ocr, NoOcr):
        skipped.append("ocr: disabled")
    elif want_ocr:
        text = _OcrRun(ocr, options, skipped).read([encode_for_ocr(img, max_side=options.ocr_max_side)])
    return _ready(derivatives, text, skipped, options, is_compressed=True)


def _video(data: bytes, *, options: ProcessingOptions) -> Outcome:
    if not options.video_processing:
        return Outcome(status="ready", skipped=["video: processing disabled"])
    result = process_video(
        data,
        max_width=options.image_max_width,
        max_height=options.image_max_height,
        preset=options.video_preset,
        timeout_s=options.video_timeout_s,
    )
    if isinstance(result, Skip):
        return Outcome(status="ready", skipped=[result.reason])
    return Outcome(status="ready", derivatives=result, is_compressed=True)


def _pdf(data: bytes, *, kind: str, ocr: OcrEngine, options: ProcessingOptions) -> Outcome:
    pdf = extract_pdf_text(data, options.pdf_max_pages, max_chars=options.max_text_chars)
    skipped: list[str] = []
    if pdf.page_count > options.pdf_max_pages:
        skipped.append(f"pdf: only the first {options.pdf_max_pages} of {pdf.page_count} pages were read")
    pages = list(pdf.page_texts)
    if pdf.pages_without_text and kind in OCR_PDF_KINDS:
        if isinstance(ocr, NoOcr):
            skipped.append("ocr: disabled")
        else:
            run = _OcrRun(ocr, options, skipped)
            images = page_images(
                data,
                pdf.pages_without_text,
                max_pixels=options.max_image_pixels,
                max_side=options.ocr_max_side,
            )
            read: set[int] = set()
            for index, group in groupby(images, key=lambda image: image.page):  # lazily, page by page
                read.add(index)
                found = run.read(image.data for image in group)
                pages[index] = "\n".join(t for t in (pages[index], found) if t)
                if run.stopped:
                    break
            skipped.extend(
                f"ocr: page {index + 1} has no text layer and no image to read"
                for index in pdf.pages_without_text
                if index not in read and not run.stopped
            )
    text = "\n\n".join(t for t in pages if t)
    return _ready([], text, skipped, options, is_compressed=False)


class _OcrRun:
    """Best-effort OCR of one upload: engine failures land in ``skipped``, calls are budgeted."""

    def __init__(self, engine: OcrEngine, options: ProcessingOptions, skipped: list[str]) -> None:
        self.engine, self.skipped = engine, skipped
        self.remaining, self.limit = options.ocr_max_images, options.ocr_max_images
        self.stopped = False

    def read(self, images: Iterable[bytes]) -> str:
        texts: list[str] = []
        for image in images:
            if self.stopped:
                break
            if self.remaining <= 0:
                self.skipped.append(f"ocr: limit of {self.limit} images reached")
                self.stopped = True
                break
            self.remaining -= 1
            try:
                texts.append(clean_text(self.engine.recognize(image)))
            except OcrUnavailable as exc:
                self.skipped.append(f"ocr: {exc}")
                self.stopped = True
            except Exception as exc:  # an engine crash must not lose the derivatives
                name = getattr(self.engine, "name", "engine")
                log.warning("media.ocr.failed", engine=name, error=type(exc).__name__)
                self.skipped.append(f"ocr: {name} failed on an image")
        return "\n".join(t for t in texts if t)


def _ready(
    derivatives: list[Derivative],
    text: str | None,
    skipped: list[str],
    options: ProcessingOptions,
    *,
    is_compressed: bool,
) -> Outcome:
    text = text[: options.max_text_chars] if text else None
    if text:
        derivatives = [*derivatives, Derivative(OCR_TEXT_NAME, text.encode(), "text/plain; charset=utf-8")]
    skipped = list(dict.fromkeys(skipped))  # one line per distinct reason
    return Outcome(
        status="ready", derivatives=derivatives, ocr_text=text, skipped=skipped, is_compressed=is_compressed
    )
