"""Small-file writes that are safe under crashes and concurrent writers (keys, metadata).

* ``create_exclusive`` — first writer wins, atomically (hard link of a complete temp file);
* ``replace_atomic`` — readers see the old or the new content, never a torn one.
Temp files are written in the target's folder, fsynced, and removed on failure.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def chmod_quiet(path: Path, mode: int) -> None:
    with contextlib.suppress(OSError):
        os.chmod(path, mode)


def write_temp(directory: Path, name: str, data: bytes, mode: int) -> str:
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{name[:100]}.", suffix=".tmp")
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return tmp


def create_exclusive(path: Path, data: bytes, mode: int) -> None:
    """Create ``path`` with ``data`` atomically unless it exists (first writer wins)."""
    tmp = write_temp(path.parent, path.name, data, mode)
    try:
        try:
            os.link(tmp, path)  # atomic; fails when another process created the file first
        except FileExistsError:
            pass
        except OSError:  # no hard links on this filesystem
            if not path.exists():
                os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def replace_atomic(path: Path, data: bytes, mode: int) -> None:
    tmp = write_temp(path.parent, path.name, data, mode)
    try:
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
