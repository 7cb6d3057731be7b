"""media's process context (:mod:`pf_common.context`): settings, service tokens, the blob
store, and the processing options and OCR engine of the worker.

Built once per process by :meth:`MediaContext.build`: ``create_app`` builds the API's, the
worker (``CONTEXT`` in ``worker.py``) its own; routes take it as ``Ctx`` (``api/deps.py``),
jobs as ``ctx.context``, the bucket and processing consumers as their fourth parameter. The
processing side (Pillow, pypdf, the OCR model) is loaded on first use — only the worker's
processing consumer needs it — and kept by the context.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pf_common.context import ServiceContext, aclose_all
from pf_common.service_auth import ServiceAuth
from pf_media.clients.blobs.base import BlobStore
from pf_media.settings import Settings

if TYPE_CHECKING:
    from pf_media.clients.processing import OcrEngine, ProcessingOptions

__all__ = ["MediaContext", "make_blob_store", "processing_options"]


@dataclass(kw_only=True, eq=False)
class MediaContext(ServiceContext[Settings]):
    blobs: BlobStore
    _processing: ProcessingOptions | None = field(default=None, repr=False)
    _ocr: OcrEngine | None = field(default=None, repr=False)

    @classmethod
    def build(
        cls,
        settings: Settings,
        *,
        service_auth: ServiceAuth | None = None,
        blobs: BlobStore | None = None,
        processing: ProcessingOptions | None = None,
        ocr: OcrEngine | None = None,
    ) -> MediaContext:
        return cls(
            settings=settings,
            service_auth=service_auth or ServiceAuth.from_settings(settings),
            blobs=blobs or make_blob_store(settings),
            _processing=processing,
            _ocr=ocr,
        )

    @property
    def processing(self) -> ProcessingOptions:
        """The pipeline's bounds from the settings (built on first use)."""
        if self._processing is None:
            self._processing = processing_options(self.settings)
        return self._processing

    @property
    def ocr(self) -> OcrEngine:
        """The OCR engine of ``settings.ocr_engine``, loaded on first use (the API never needs it)."""
        if self._ocr is None:
            from pf_media.clients.processing import make_ocr_engine

            self._ocr = make_ocr_engine(self.settings.ocr_engine)
        return self._ocr

    async def aclose(self) -> None:
        await aclose_all(self.blobs.close, super().aclose)


def make_blob_store(settings: Settings) -> BlobStore:
    if settings.blob_backend == "gcs":
        from pf_media.clients.blobs.gcs import GcsBlobStore

        return GcsBlobStore.from_settings(settings)
    from pf_media.clients.blobs.local import LocalBlobStore

    return LocalBlobStore.from_settings(settings)


def processing_options(settings: Settings) -> ProcessingOptions:
    """The pipeline's bounds from the settings (``PF_MEDIA_IMAGE_MAX_WIDTH`` ...)."""
    from pf_media.clients.processing import ProcessingOptions

    return ProcessingOptions(
        image_max_width=settings.image_max_width,
        image_max_height=settings.image_max_height,
        image_quality=settings.image_quality,
        thumbnail_size=settings.thumbnail_size,
        max_image_pixels=settings.max_image_pixels,
        video_processing=settings.video_processing,
    )
