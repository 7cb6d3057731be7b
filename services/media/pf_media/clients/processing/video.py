"""Video renditions with the ffmpeg binary shipped by imageio-ffmpeg (or one on PATH).

Two runs of ffmpeg in a private temporary directory, each bounded by a timeout (the child is
killed when it expires): a JPEG poster frame, then an H.264/AAC MP4 (CRF 23, capped at 8 Mbit/s,
scaled down to fit 1920x1080, ``+faststart`` so browsers can play while downloading, metadata
dropped). The demuxer is forced from the sniffed container (``mov`` or ``matroska``) so that a
playlist or concat script posing as a video can never make ffmpeg open other files or URLs.
Without an ffmpeg binary the step returns ``Skip`` instead of failing the upload.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Final

from pf_common.logging import get_logger
from pf_media.clients.processing.base import Derivative, ProcessingRejected, Skip
from pf_media.clients.processing.sniff import SNIFF_BYTES, canonical_mime, sniff_mime

__all__ = ["find_ffmpeg", "process_video"]

log = get_logger(__name__)

_DEMUXERS: Final = {"video/mp4": "mov", "video/webm": "matroska"}  # keys are canonical_mime()s
_POSTER_AT_S: Final = 1.0  # past fade-ins; clips shorter than this fall back to the first frame


@functools.cache
def _locate_ffmpeg() -> str | None:
    try:
        import imageio_ffmpeg

        return imageio_ffmpeg.get_ffmpeg_exe()
    except (ImportError, RuntimeError):
        return shutil.which("ffmpeg")


class _FfmpegUnavailable(Exception):
    """The binary was found but could not be executed."""


def find_ffmpeg() -> str | None:
    """Path of a usable ffmpeg binary, or None (looked up once per process)."""
    return _locate_ffmpeg()


def _scale_filter(max_width: int, max_height: int) -> str:
    # Never upscale; keep the aspect ratio; even dimensions for yuv420p.
    return (
        f"scale=w='min(iw,{max_width})':h='min(ih,{max_height})'"
        ":force_original_aspect_ratio=decrease:force_divisible_by=2"
    )


def process_video(
    source: bytes | str | os.PathLike[str],
    *,
    max_width: int = 1920,
    max_height: int = 1080,
    crf: int = 23,
    preset: str = "medium",
    max_bitrate: str = "8M",
    audio_bitrate: str = "128k",
    timeout_s: float = 600.0,
) -> list[Derivative] | Skip:
    """``poster.jpg`` and ``video.mp4`` from an MP4/QuickTime/WebM upload, or ``Skip`` without ffmpeg.

    Raises ``ProcessingRejected`` when the container is not one of ours, when ffmpeg cannot decode
    it, or when a run exceeds ``timeout_s``.
    """
    ffmpeg = find_ffmpeg()
    if ffmpeg is None:
        return Skip("video: no ffmpeg binary available")
    try:
        return _transcode(
            ffmpeg,
            source,
            scale=_scale_filter(max_width, max_height),
            encode=[
                "-preset",
                preset,
                "-crf",
                str(crf),
                "-maxrate",
                max_bitrate,
                "-bufsize",
                _double(max_bitrate),
            ],
            audio_bitrate=audio_bitrate,
            timeout_s=timeout_s,
        )
    except _FfmpegUnavailable:
        return Skip("video: the ffmpeg binary could not be started")


def _transcode(
    ffmpeg: str,
    source: bytes | str | os.PathLike[str],
    *,
    scale: str,
    encode: list[str],
    audio_bitrate: str,
    timeout_s: float,
) -> list[Derivative]:
    with tempfile.TemporaryDirectory(prefix="pf-media-video-") as tmp:
        workdir = Path(tmp)
        if isinstance(source, bytes):
            src = workdir / "input"
            src.write_bytes(source)
        else:
            src = Path(source)
        with src.open("rb") as fh:
            demuxer = _DEMUXERS.get(canonical_mime(sniff_mime(fh.read(SNIFF_BYTES))))
        if demuxer is None:
            raise ProcessingRejected("video container is not MP4, QuickTime or WebM")
        base = [ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "error", "-y"]

        # Seeking past the end of a short clip makes ffmpeg fail ("no packets"): retry from 0.
        poster = workdir / "poster.jpg"
        for seek, last in ((_POSTER_AT_S, False), (0.0, True)):
            cmd = [*base, "-ss", str(seek), "-f", demuxer, "-i", str(src), "-map", "0:v:0"]
            cmd += ["-frames:v", "1", "-vf", scale, "-q:v", "3", "-update", "1", str(poster)]
            if _run(cmd, timeout_s=timeout_s, step="poster", must_succeed=last) and _nonempty(poster):
                break
        else:
            raise ProcessingRejected("video has no decodable frame")

        rendition = workdir / "video.mp4"
        cmd = [*base, "-f", demuxer, "-i", str(src), "-map", "0:v:0", "-map", "0:a:0?"]
        cmd += ["-map_metadata", "-1", "-sn", "-dn", "-vf", scale]
        cmd += ["-c:v", "libx264", *encode, "-pix_fmt", "yuv420p"]
        cmd += ["-c:a", "aac", "-b:a", audio_bitrate, "-ac", "2"]
        cmd += ["-movflags", "+faststart", str(rendition)]
        _run(cmd, timeout_s=timeout_s, step="rendition")
        return [
            Derivative("poster.jpg", poster.read_bytes(), "image/jpeg"),
            Derivative("video.mp4", rendition.read_bytes(), "video/mp4"),
        ]


def _double(bitrate: str) -> str:
    """The VBV buffer: two seconds of the max bitrate (``8M`` → ``16M``)."""
    digits = bitrate.rstrip("kKmM")
    return f"{int(float(digits) * 2)}{bitrate[len(digits) :]}"


def _run(cmd: list[str], *, timeout_s: float, step: str, must_succeed: bool = True) -> bool:
    """Run ffmpeg; False when it failed and ``must_succeed`` is off, else a rejection."""
    try:
        proc = subprocess.run(cmd, capture_output=True, timeout=timeout_s, check=False)
    except OSError as exc:  # not executable, vanished, out of processes
        log.warning("media.video.ffmpeg_unavailable", step=step, error=type(exc).__name__)
        raise _FfmpegUnavailable from exc
    except subprocess.TimeoutExpired as exc:  # run() has killed the child already
        log.warning("media.video.timeout", step=step, timeout_s=timeout_s)
        raise ProcessingRejected(f"video processing timed out after {timeout_s:g} s") from exc
    if proc.returncode == 0:
        return True
    if not must_succeed:
        return False
    tail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
    log.warning("media.video.ffmpeg_failed", step=step, returncode=proc.returncode, stderr=tail)
    raise ProcessingRejected("video could not be decoded")


def _nonempty(path: Path) -> bool:
    return path.exists() and path.stat().st_size > 0
