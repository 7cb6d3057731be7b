"""Image renditions: a bounded WebP for display and a WebP thumbnail, from a PNG/JPEG/WebP/GIF upload.

Safety first: the declared dimensions are read from the header (``Image.open`` is lazy) and
checked against ``max_pixels`` *before* any pixel is decoded; Pillow's own decompression-bomb
guard (``DecompressionBombError``, or its warning when escalated to an error) is turned into the
same rejection. Only the four upload formats are parsed. Renditions are never upscaled, have the
EXIF orientation applied, are converted to sRGB when an ICC profile is present, and carry no
metadata (Pillow's WebP encoder only writes EXIF/ICC/XMP that are passed explicitly).
"""

from __future__ import annotations

import io
from typing import Final

from PIL import Image, ImageOps, UnidentifiedImageError

try:  # littlecms is part of Pillow's wheels, but a source build may lack it
    from PIL import ImageCms
except ImportError:  # pragma: no cover
    # the module is optional (a None check guards its use)
    ImageCms = None  # type: ignore[assignment]

from pf_media.clients.processing.base import Derivative, ProcessingRejected

__all__ = ["IMAGE_FORMATS", "encode_for_ocr", "fit_within", "open_image", "process_image", "render_image"]

IMAGE_FORMATS: Final = ("PNG", "JPEG", "WEBP", "GIF")
_ORIENTATION_TAG: Final = 0x0112
_SWAPPING_ORIENTATIONS: Final = frozenset({5, 6, 7, 8})  # transposed or rotated by 90°
_LANCZOS: Final = Image.Resampling.LANCZOS


def fit_within(size: tuple[int, int], box: tuple[int, int]) -> tuple[int, int]:
    """``size`` scaled down (never up) to fit ``box``, keeping the aspect ratio."""
    w, h = size
    ratio = min(box[0] / w, box[1] / h, 1.0)
    return max(1, round(w * ratio)), max(1, round(h * ratio))


def open_image(data: bytes, *, max_pixels: int, fit: tuple[int, int] | None = None) -> Image.Image:
    """Decode the first frame of an upload, upright, in RGB or RGBA (sRGB).

    ``fit`` is the box the caller will scale into (display orientation): JPEGs are then decoded at
    a reduced DCT scale that still covers it, which is much faster and smaller for big photos.
    Raises ``ProcessingRejected`` for undecodable data and decompression bombs.
    """
    try:
        img: Image.Image = Image.open(io.BytesIO(data), formats=IMAGE_FORMATS)  # lazy: header only
        width, height = img.size
        if width <= 0 or height <= 0:
            raise ProcessingRejected("image has no pixels")
        if width * height > max_pixels:
            raise ProcessingRejected(f"image is too large: {width}x{height} exceeds {max_pixels:,} pixels")
        orientation = img.getexif().get(_ORIENTATION_TAG, 1)
        if fit is not None and img.format == "JPEG":
            raw_box = (fit[1], fit[0]) if orientation in _SWAPPING_ORIENTATIONS else fit
            img.draft("RGB", fit_within(img.size, raw_box))
        img.load()  # first frame of an animation
        img = ImageOps.exif_transpose(img)
        return _to_srgb(img)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ProcessingRejected("image is too large: possible decompression bomb") from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError) as exc:
        raise ProcessingRejected("image could not be decoded") from exc


def _to_srgb(img: Image.Image) -> Image.Image:
    icc = img.info.get("icc_profile")
    if icc and ImageCms is not None and img.mode in ("RGB", "RGBA", "CMYK"):
        try:
            src = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            out_mode = "RGBA" if img.mode == "RGBA" else "RGB"
            converted = ImageCms.profileToProfile(
                img, src, ImageCms.createProfile("sRGB"), outputMode=out_mode
            )
            if converted is not None:
                img = converted
        except (OSError, ValueError, ImageCms.PyCMSError):
            pass  # a broken or exotic profile: keep the pixels as they are
    target = "RGBA" if img.has_transparency_data else "RGB"
    return img if img.mode == target else img.convert(target)


def _webp(img: Image.Image, quality: int) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "WEBP", quality=quality, method=4)  # no exif/icc/xmp passed: metadata stripped
    return buf.getvalue()


def _scaled(img: Image.Image, box: tuple[int, int]) -> Image.Image:
    size = fit_within(img.size, box)
    return img if size == img.size else img.resize(size, _LANCZOS, reducing_gap=3.0)


def render_image(
    img: Image.Image, *, max_width: int = 1920, max_height: int = 1080, quality: int = 80, thumb: int = 320
) -> list[Derivative]:
    """``display.webp`` (within max_width x max_height) and ``thumb.webp`` (within thumb x thumb)."""
    display = _scaled(img, (max_width, max_height))
    thumbnail = _scaled(display, (thumb, thumb))
    return [
        Derivative("display.webp", _webp(display, quality), "image/webp"),
        Derivative("thumb.webp", _webp(thumbnail, quality), "image/webp"),
    ]


def process_image(
    data: bytes,
    *,
    max_width: int = 1920,
    max_height: int = 1080,
    quality: int = 80,
    thumb: int = 320,
    max_pixels: int = 50_000_000,
) -> list[Derivative]:
    """Renditions of one uploaded image; raises ``ProcessingRejected`` for bombs and corrupt data."""
    img = open_image(data, max_pixels=max_pixels, fit=(max_width, max_height))
    return render_image(img, max_width=max_width, max_height=max_height, quality=quality, thumb=thumb)


def encode_for_ocr(img: Image.Image, *, max_side: int = 2560) -> bytes:
    """A lossless PNG of the upright image, bounded for the OCR engine (text edges stay crisp)."""
    img = _scaled(img, (max_side, max_side))
    if img.mode == "RGBA":  # OCR engines see transparent areas as black: flatten onto white
        flat = Image.new("RGB", img.size, "white")
        flat.paste(img, mask=img.getchannel("A"))
        img = flat
    buf = io.BytesIO()
    img.save(buf, "PNG", compress_level=1)
    return buf.getvalue()
