"""What media's routes, consumers and jobs need besides the runtime: the blob store.

Built once per process from the settings (never at import): the API builds it in
``create_app``; the worker builds it on first use. Tests install their own.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pf_media.clients.blobs.base import BlobStore
from pf_media.settings import Settings

if TYPE_CHECKING:
    from pf_media.clients.processing import OcrEngine


@dataclass
class MediaContext:
    settings: Settings
    blobs: BlobStore

    @classmethod
    def from_settings(cls, settings: Settings) -> MediaContext:
        return cls(settings=settings, blobs=make_blob_store(settings))

    @functools.cached_property
    def ocr(self) -> OcrEngine:
        """The OCR engine of the worker (loaded on first use; the API never needs it)."""
        from pf_media.clients.processing import make_ocr_engine

        return make_ocr_engine(self.settings.ocr_engine)

    async def close(self) -> None:
        await self.blobs.close()


def make_blob_store(settings: Settings) -> BlobStore:
    if settings.blob_backend == "gcs":
        from pf_media.clients.blobs.gcs import GcsBlobStore

        return GcsBlobStore.from_settings(settings)
    from pf_media.clients.blobs.local import LocalBlobStore

    return LocalBlobStore.from_settings(settings)


_current: MediaContext | None = None


def install(ctx: MediaContext | None) -> None:
    """Make ``ctx`` the process's context (the app at startup, tests per test)."""
    global _current
    _current = ctx


def media_context(settings: Any = None) -> MediaContext:
    """The process's context, built from ``settings`` (or the environment) on first use."""
    global _current
    if _current is None:
        _current = MediaContext.from_settings(settings or Settings())
    return _current
