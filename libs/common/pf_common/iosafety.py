"""No network call while a database connection is held (ARCHITECTURE §1: claim → release → call → record).

**Holding a connection.** A task holds one while it is inside a session scope of
:class:`pf_common.db.Database`: ``transaction()`` or ``read()`` — hence also the
``WriteSession``/``ReadSession`` dependencies, the consumer runner's transaction and the job
runner's. A scope lasts from the moment its session is made until it is closed, which covers
every moment its pooled connection (in tests: the bound outer connection, joined through
savepoints) can be checked out. Tasks started inside a scope inherit it for as long as it stays
open (``asyncio.gather`` of calls inside a transaction counts); a task that outlives the scope
does not. Tracking is one ``ContextVar`` holding the open scopes.

**Checks.** Outgoing calls announce themselves with :func:`check_io` before they start:
``pf_common.http``'s transport before every request of a ``make_http_client`` client, media's
blob store adapters before every object operation. Inside a scope:

* by default the call goes ahead and a warning ``io.inside_db_session`` is logged with the
  operation, the scopes and the call site — once per call site and process, so that a hot path
  cannot flood the logs;
* under :func:`recording` — the pytest plugin turns it on around every test — the call is
  recorded as a :class:`Violation` (with the call site and where each scope was opened) and the
  test fails.

**Cost outside tests.** One ``ContextVar`` set and reset per session scope, one ``ContextVar``
read per outgoing call; a stack is walked only when a call is found inside a scope.
"""

from __future__ import annotations

import os
import sys
import sysconfig
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass
from types import FrameType
from typing import Final

from pf_common.logging import get_logger

__all__ = ["Violation", "check_io", "describe", "held_connections", "holding_connection", "recording"]

log = get_logger(__name__)

_MAX_FRAMES: Final = 12
# not project code: the interpreter's and the environment's files (stdlib, site-packages, scripts)
_NOT_PROJECT: Final = tuple(
    {os.path.normcase(p) for p in (sys.prefix, sys.base_prefix, sysconfig.get_paths()["stdlib"])}
)
_HERE: Final = os.path.normcase(os.path.dirname(__file__))
# the checking and session plumbing of pf_common itself: never the site to show
_PLUMBING: Final = frozenset(
    os.path.join(_HERE, name) for name in ("iosafety.py", "http.py", "db.py", "db_http.py")
)


class _Scope:
    __slots__ = ("is_open", "label", "opened_at")

    def __init__(self, label: str, opened_at: str | None) -> None:
        self.label = label
        self.opened_at = opened_at
        self.is_open = True

    def describe(self) -> str:
        return self.label if self.opened_at is None else f"{self.label} (opened at {self.opened_at})"


_scopes: ContextVar[tuple[_Scope, ...]] = ContextVar("pf_db_scopes", default=())
_recorders: list[list[Violation]] = []
_warned: set[tuple[str, ...]] = set()  # call sites already logged
_MAX_WARNED: Final = 1000


@dataclass(frozen=True)
class Violation:
    """An outgoing call that started while its task held a database connection."""

    operation: str  # e.g. "HTTP POST http://media/internal/v1/media:read-urls", "blob delete bucket/key"
    held: tuple[str, ...]  # the open scopes, outermost first
    call_site: tuple[str, ...]  # "path:line in function" of project code, outermost first

    def describe(self) -> str:
        lines = [f"{self.operation}", f"  while holding: {'; '.join(self.held)}", "  call site:"]
        lines += [f"    {frame}" for frame in self.call_site] or ["    (no project frame)"]
        return "\n".join(lines)


@contextmanager
def holding_connection(label: str) -> Iterator[None]:
    """Mark the current task as holding a database connection until the block exits
    (``Database.transaction()``/``read()`` wrap their session in it)."""
    scope = _Scope(label, _opener_site() if _recorders else None)
    token = _scopes.set((*_scopes.get(), scope))
    try:
        yield
    finally:
        scope.is_open = False
        # exited in another context than entered (a finalised generator): closing it suffices
        with suppress(ValueError):
            _scopes.reset(token)


def held_connections() -> tuple[str, ...]:
    """Labels of the session scopes the current task is inside (empty: it holds no connection)."""
    return tuple(s.label for s in _scopes.get() if s.is_open)


def check_io(operation: str | Callable[[], str]) -> None:
    """Call at the start of an outgoing network or blob operation (see the module docstring).
    ``operation`` names it (a callable is called only when there is something to report)."""
    scopes = _scopes.get()
    if not scopes:
        return
    open_scopes = [s for s in scopes if s.is_open]
    if not open_scopes:
        return
    if callable(operation):
        operation = operation()
    violation = Violation(
        operation=operation,
        held=tuple(s.describe() for s in open_scopes),
        call_site=_project_frames(sys._getframe(1)),
    )
    if _recorders:
        _recorders[-1].append(violation)
        return
    if violation.call_site in _warned:
        return
    if len(_warned) < _MAX_WARNED:
        _warned.add(violation.call_site)
    log.warning(
        "io.inside_db_session",
        operation=operation,
        held=list(violation.held),
        call_site=list(violation.call_site[-3:]),
    )


@contextmanager
def recording() -> Iterator[list[Violation]]:
    """Record violations (instead of logging them) until the block exits; yields their list.
    Nested recordings each get only the violations made inside them."""
    found: list[Violation] = []
    _recorders.append(found)
    try:
        yield found
    finally:
        for i in range(len(_recorders) - 1, -1, -1):
            if _recorders[i] is found:
                del _recorders[i]
                break


def describe(violations: list[Violation]) -> str:
    """A report of ``violations`` (what the pytest plugin fails a test with)."""
    head = (
        f"{len(violations)} outgoing call(s) started while the task held a database connection "
        "(ARCHITECTURE §1: claim → release → call → record; close the session before calling):"
    )
    return "\n".join([head, *(v.describe() for v in violations)])


def _is_project_file(filename: str) -> bool:
    name = os.path.normcase(filename)
    if name in _PLUMBING or name.startswith("<") or "site-packages" in name:
        return False
    return not name.startswith(_NOT_PROJECT)


def _where(frame: FrameType) -> str:
    filename = frame.f_code.co_filename
    try:
        shown = os.path.relpath(filename)
    except ValueError:  # another drive (Windows)
        shown = filename
    if shown.startswith(".."):
        shown = filename
    return f"{shown}:{frame.f_lineno} in {frame.f_code.co_name}"


def _project_frames(frame: FrameType | None) -> tuple[str, ...]:
    found: list[str] = []
    while frame is not None and len(found) < _MAX_FRAMES:
        if _is_project_file(frame.f_code.co_filename):
            found.append(_where(frame))
        frame = frame.f_back
    return tuple(reversed(found))


def _opener_site() -> str | None:
    """The first project frame that opened a session scope."""
    frame: FrameType | None = sys._getframe(2)
    while frame is not None:
        if _is_project_file(frame.f_code.co_filename):
            return _where(frame)
        frame = frame.f_back
    return None
