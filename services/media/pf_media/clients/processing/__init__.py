"""Media processing (DOMAIN §5.2): pure, synchronous, bounded functions the worker runs in a thread.

``process`` is the entry point; the modules below it can be used on their own:
``sniff`` (magic bytes), ``images`` (WebP renditions), ``video`` (ffmpeg poster + MP4),
``pdf`` (text layer, embedded page images) and ``ocr`` (engines).
"""

from pf_media.clients.processing.base import Derivative, ProcessingRejected, Skip
from pf_media.clients.processing.images import process_image
from pf_media.clients.processing.ocr import (
    DocumentAiEngine,
    NoOcr,
    OcrEngine,
    OcrUnavailable,
    OpenAiVisionEngine,
    RapidOcrEngine,
    TesseractEngine,
    make_ocr_engine,
)
from pf_media.clients.processing.pdf import PdfText, extract_pdf_text, page_images
from pf_media.clients.processing.pipeline import Outcome, ProcessingOptions, process
from pf_media.clients.processing.sniff import canonical_mime, matches_declared, sniff_mime
from pf_media.clients.processing.video import find_ffmpeg, process_video

__all__ = [
    "Derivative",
    "DocumentAiEngine",
    "NoOcr",
    "OcrEngine",
    "OcrUnavailable",
    "OpenAiVisionEngine",
    "Outcome",
    "PdfText",
    "ProcessingOptions",
    "ProcessingRejected",
    "RapidOcrEngine",
    "Skip",
    "TesseractEngine",
    "canonical_mime",
    "extract_pdf_text",
    "find_ffmpeg",
    "make_ocr_engine",
    "matches_declared",
    "page_images",
    "process",
    "process_image",
    "process_video",
    "sniff_mime",
]
