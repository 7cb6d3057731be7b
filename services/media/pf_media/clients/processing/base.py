"""Value types shared by the processing modules (re-exported by ``pipeline`` and the package)."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Derivative", "ProcessingRejected", "Skip"]


@dataclass(frozen=True, slots=True)
class Derivative:
    """One file produced from an upload: ``display.webp``, ``thumb.webp``, ``poster.jpg``, ..."""

    name: str
    data: bytes
    content_type: str

    def __repr__(self) -> str:  # never dump the bytes (or OCR text) into logs or test output
        return f"Derivative(name={self.name!r}, content_type={self.content_type!r}, size={len(self.data)})"


@dataclass(frozen=True, slots=True)
class Skip:
    """A step that was not performed, with a reason worth recording (not a failure)."""

    reason: str


class ProcessingRejected(Exception):
    """The content itself is unacceptable (bomb, corrupt, wrong type): processing fails for good.

    ``reason`` is a short, user-presentable sentence; it never contains document text.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
