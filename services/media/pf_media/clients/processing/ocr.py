"""OCR engines behind one port: ``recognize(image_bytes) -> str`` (lines top to bottom).

- ``RapidOcrEngine``: PaddleOCR models on onnxruntime, bundled with the wheel, works offline. The
  engine loads its model on first use and keeps it (the worker has one engine, owned by its
  ``MediaContext``); every call is serialised by the engine's lock (RapidOCR mutates its own
  thresholds during a call, and two cores gain nothing from parallel inference).
- ``TesseractEngine``: the ``tesseract`` CLI when it is on PATH.
- ``NoOcr``: OCR disabled; processing records the step as skipped.
- ``DocumentAiEngine`` / ``OpenAiVisionEngine``: hosted adapters that need credentials; built
  explicitly by the worker, never by ``make_ocr_engine``.

Recognised text is document content (licence numbers, names, addresses): it is returned, never
logged.
"""

from __future__ import annotations

import base64
import importlib.util
import io
import shutil
import subprocess
import threading
from typing import TYPE_CHECKING, Any, Final, Literal, Protocol, runtime_checkable

from pf_media.clients.processing.sniff import sniff_mime

if TYPE_CHECKING:
    from pydantic import SecretStr

__all__ = [
    "DocumentAiEngine",
    "NoOcr",
    "OcrEngine",
    "OcrUnavailable",
    "OpenAiVisionEngine",
    "RapidOcrEngine",
    "TesseractEngine",
    "join_lines",
    "make_ocr_engine",
]

OcrEngineName = Literal["auto", "rapidocr", "tesseract", "none"]
_PROMPT: Final = (
    "Transcribe all text in this image exactly as written, line by line from top to bottom. "
    "Reply with the text only, no commentary. Reply with nothing if there is no text."
)


class OcrUnavailable(RuntimeError):
    """The requested engine cannot run here (package or binary missing)."""


@runtime_checkable
class OcrEngine(Protocol):
    name: str

    def recognize(self, image_bytes: bytes) -> str: ...


def join_lines(boxes: list[tuple[float, float, float, str]]) -> str:
    """Join ``(top, bottom, left, text)`` boxes into lines: reading order, top to bottom.

    Boxes whose vertical centre falls within the current line's span join that line (left to
    right), so two columns of one row stay on one line even when their boxes are slightly offset.
    """
    lines: list[tuple[float, float, list[tuple[float, str]]]] = []
    for top, bottom, left, text in sorted(boxes, key=lambda b: ((b[0] + b[1]) / 2, b[2])):
        centre = (top + bottom) / 2
        if lines and lines[-1][0] <= centre <= lines[-1][1]:
            lines[-1][2].append((left, text))
        else:
            lines.append((top, bottom, [(left, text)]))
    return "\n".join(" ".join(t for _, t in sorted(words)) for _, _, words in lines)


# --- local engines ------------------------------------------------------------------------------


class RapidOcrEngine:
    name = "rapidocr"

    def __init__(self, *, min_score: float = 0.5) -> None:
        self.min_score = min_score
        self._lock = threading.Lock()
        self._model: Any = None

    def _loaded(self) -> Any:
        """The model, loaded on the first call (never when the engine is built)."""
        if self._model is None:
            with self._lock:
                if self._model is None:
                    try:
                        from rapidocr_onnxruntime import RapidOCR
                    except ImportError as exc:
                        raise OcrUnavailable("rapidocr-onnxruntime is not installed") from exc
                    self._model = RapidOCR()
        return self._model

    def warm_up(self) -> None:
        """Load the model and run one tiny inference now, not on the first document.

        onnxruntime initialises its kernels on the first run of each model (≈1 s on two cores);
        a rendered word makes the detection, classification and recognition models all run once.
        """
        from PIL import Image, ImageDraw, ImageFont

        img = Image.new("RGB", (240, 64), "white")
        ImageDraw.Draw(img).text((12, 12), "warm up", fill="black", font=ImageFont.load_default(size=32))
        buf = io.BytesIO()
        img.save(buf, "PNG")
        self.recognize(buf.getvalue())

    def recognize(self, image_bytes: bytes) -> str:
        model = self._loaded()
        with self._lock:
            result, _ = model(image_bytes)
        boxes = []
        for points, text, score in result or []:
            if float(score) < self.min_score or not text.strip():
                continue
            ys = [p[1] for p in points]
            boxes.append((float(min(ys)), float(max(ys)), float(min(p[0] for p in points)), text.strip()))
        return join_lines(boxes)


class TesseractEngine:
    name = "tesseract"

    def __init__(self, *, languages: str = "eng", timeout_s: float = 120.0) -> None:
        binary = shutil.which("tesseract")
        if binary is None:
            raise OcrUnavailable("tesseract is not on PATH")
        self.binary, self.languages, self.timeout_s = binary, languages, timeout_s

    def recognize(self, image_bytes: bytes) -> str:
        proc = subprocess.run(
            [self.binary, "stdin", "stdout", "-l", self.languages, "--psm", "3"],
            input=image_bytes,
            capture_output=True,
            timeout=self.timeout_s,
            check=False,
        )
        if proc.returncode != 0:
            raise RuntimeError(f"tesseract exited with {proc.returncode}")
        lines = proc.stdout.decode("utf-8", "replace").splitlines()
        return "\n".join(line.strip() for line in lines if line.strip())


class NoOcr:
    name = "none"

    def recognize(self, image_bytes: bytes) -> str:
        return ""


def make_ocr_engine(name: OcrEngineName = "auto") -> OcrEngine:
    """The engine named by ``PF_MEDIA_OCR_ENGINE``; ``auto`` prefers RapidOCR, then Tesseract, then none."""
    if name == "none":
        return NoOcr()
    if name == "rapidocr":
        if importlib.util.find_spec("rapidocr_onnxruntime") is None:
            raise OcrUnavailable("rapidocr-onnxruntime is not installed")
        return RapidOcrEngine()
    if name == "tesseract":
        return TesseractEngine()
    if name == "auto":
        if importlib.util.find_spec("rapidocr_onnxruntime") is not None:
            return RapidOcrEngine()
        if shutil.which("tesseract"):
            return TesseractEngine()
        return NoOcr()
    raise ValueError(f"unknown OCR engine {name!r}")


# --- hosted adapters (credentials needed; not exercised by the tests) ----------------------------


class DocumentAiEngine:
    """Google Document AI (an OCR processor). Needs ``google-cloud-documentai`` and ADC credentials."""

    name = "documentai"

    def __init__(self, *, project: str, location: str, processor_id: str, timeout_s: float = 120.0) -> None:
        try:
            from google.api_core.client_options import ClientOptions
            from google.cloud import documentai
        except ImportError as exc:
            raise OcrUnavailable(
                "google-cloud-documentai is not installed: add it to pf-media to use Document AI OCR"
            ) from exc
        self._documentai = documentai
        endpoint = f"{location}-documentai.googleapis.com"
        self._client = documentai.DocumentProcessorServiceClient(
            client_options=ClientOptions(api_endpoint=endpoint)
        )
        self._name = self._client.processor_path(project, location, processor_id)
        self.timeout_s = timeout_s

    def recognize(self, image_bytes: bytes) -> str:
        raw = self._documentai.RawDocument(
            content=image_bytes, mime_type=sniff_mime(image_bytes[:64]) or "image/png"
        )
        request = self._documentai.ProcessRequest(name=self._name, raw_document=raw)
        result = self._client.process_document(request=request, timeout=self.timeout_s)
        return (result.document.text or "").strip()


class OpenAiVisionEngine:
    """OpenAI's Chat Completions API with an image input (any vision model)."""

    name = "openai"

    def __init__(
        self,
        *,
        api_key: SecretStr | str,
        model: str = "gpt-4o-mini",
        base_url: str = "https://api.openai.com/v1",
        timeout_s: float = 60.0,
    ) -> None:
        self._api_key = api_key if isinstance(api_key, str) else api_key.get_secret_value()
        self.model, self.base_url, self.timeout_s = model, base_url.rstrip("/"), timeout_s

    def recognize(self, image_bytes: bytes) -> str:
        import httpx

        mime = sniff_mime(image_bytes[:64]) or "image/png"
        data_url = f"data:{mime};base64,{base64.b64encode(image_bytes).decode('ascii')}"
        body = {
            "model": self.model,
            "temperature": 0,
            "messages": [
                {
                    "role": "user",
                    "content": [
                        {"type": "text", "text": _PROMPT},
                        {"type": "image_url", "image_url": {"url": data_url, "detail": "high"}},
                    ],
                }
            ],
        }
        response = httpx.post(
            f"{self.base_url}/chat/completions",
            json=body,
            headers={"Authorization": f"Bearer {self._api_key}"},
            timeout=self.timeout_s,
        )
        response.raise_for_status()
        return (response.json()["choices"][0]["message"]["content"] or "").strip()
