"""Keyset pagination (spec/API.md §1.6).

* Query: ``limit`` (1-100, default 25; out of range ⇒ 400 ``VALIDATION_ERROR``
  with ``details.limit``), ``cursor`` (opaque; invalid ⇒ 400 with
  ``details.cursor = "invalid cursor"``), ``page`` (a display hint, echoed;
  forced to 1 without a cursor; below 1 ⇒ 400). :class:`PageParams` holds them (built directly
  it validates the same way); routes take it through the FastAPI dependencies
  ``PageQuery``/``SortedPageQuery`` of :mod:`pf_common.pagination_http`.
* Cursor = standard base64 of ``<created_at RFC3339Nano>|<id>``
  (:func:`encode_cursor` / :func:`decode_cursor`); UTC with a ``Z``, trailing
  zeros of the fraction trimmed, microseconds round-trip exactly.
* :func:`paginate` orders ``created_at DESC, id DESC`` and seeks with the row
  comparison ``(created_at, id) < (:c, :i)`` (one index on ``(created_at, id)``
  serves it), so rows sharing a ``created_at`` are neither skipped nor
  repeated. It fetches ``limit + 1`` rows to detect the next page and adds the
  filtered ``total`` and the ``first``/``last`` cursors (``ORDER BY … LIMIT 1``
  each way), skipping those queries when the page already answers them.
* :func:`paginate_ascending` is the same page the other way round: ``created_at ASC,
  id ASC`` seeking with ``(created_at, id) > (:c, :i)``, the same cursor format and
  response shape, ``first``/``last`` the first/last row in that order. Either function
  takes the timestamp key as ``created_at_col``: a list the spec orders by another
  timestamp (finance's payouts by ``delivered_at`` ascending) passes that column, and its
  cursors carry that column's value.
* ``prev`` is the cursor used, not a true previous page (spec).

Columns: the timestamp key must be NOT NULL in the filtered set (filter a nullable
column with ``IS NOT NULL``; a NULL key raises ``ValueError``, as such a row can never be
sought past); a ``timestamp without time zone`` column is read and sought as UTC.

Who imports it: domain code (``paginate``, ``PageParams``, ``Page``), api code (``PaginationDTO``).
No FastAPI: the query-parameter declarations live in :mod:`pf_common.pagination_http`.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, Generic, TypeVar
from uuid import UUID

from pydantic import BaseModel
from sqlalchemy import Select, func, literal, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from pf_common.errors import ValidationFailed

__all__ = [
    "DEFAULT_LIMIT",
    "MAX_CURSOR_CHARS",
    "MAX_LIMIT",
    "InvalidCursor",
    "Page",
    "PageInfo",
    "PageParams",
    "PaginationDTO",
    "SortedPageParams",
    "decode_cursor",
    "encode_cursor",
    "format_rfc3339nano",
    "paginate",
    "paginate_ascending",
    "parse_rfc3339",
]

T = TypeVar("T")

DEFAULT_LIMIT = 25
MAX_LIMIT = 100
MAX_CURSOR_CHARS = 256

_CA_LABEL = "pf_cursor_created_at"
_ID_LABEL = "pf_cursor_id"

_RFC3339_RE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})$"
)
_UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


class InvalidCursor(ValidationFailed):
    """400 ``VALIDATION_ERROR`` with ``details = {"cursor": "invalid cursor"}``."""

    default_message = "invalid cursor"

    def __init__(self) -> None:
        super().__init__(details={"cursor": "invalid cursor"})


# --- cursors ---------------------------------------------------------------------------------


def format_rfc3339nano(value: datetime) -> str:
    """Go's RFC3339Nano in UTC: ``2026-03-02T10:04:05.1234Z`` (fraction trimmed, none when 0).

    A naive datetime is taken as UTC.
    """
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    v = value.astimezone(UTC)
    out = f"{v.year:04d}-{v.month:02d}-{v.day:02d}T{v.hour:02d}:{v.minute:02d}:{v.second:02d}"
    if v.microsecond:
        out += "." + f"{v.microsecond:06d}".rstrip("0")
    return out + "Z"


def parse_rfc3339(text: str) -> datetime:
    """Parse RFC 3339 (up to nanoseconds; beyond microseconds is truncated) to an aware UTC
    datetime. Raises ``ValueError``."""
    m = _RFC3339_RE.match(text)
    if m is None:
        raise ValueError("not an RFC 3339 timestamp")
    year, month, day, hour, minute, second = (int(g) for g in m.groups()[:6])
    frac, zone = m.group(7) or "", m.group(8)
    micro = int((frac + "000000")[:6])
    if zone in ("Z", "z"):  # RFC 3339 §5.6 allows the lower-case "t" and "z"
        tz = UTC
    else:
        sign = 1 if zone[0] == "+" else -1
        hh, mm = int(zone[1:3]), int(zone[4:6])
        if hh > 23 or mm > 59:
            raise ValueError("bad offset")
        tz = timezone(sign * timedelta(hours=hh, minutes=mm))
    return datetime(year, month, day, hour, minute, second, micro, tzinfo=tz).astimezone(UTC)


def encode_cursor(created_at: datetime, id: UUID) -> str:
    """Standard base64 of ``<created_at RFC3339Nano>|<id>``."""
    raw = f"{format_rfc3339nano(created_at)}|{id}"
    return base64.b64encode(raw.encode("ascii")).decode("ascii")


def decode_cursor(cursor: str) -> tuple[datetime, UUID]:
    """Inverse of :func:`encode_cursor`; raises :class:`InvalidCursor` on anything else.

    A ``+`` turned into a space by a client that did not URL-encode the cursor is restored.
    """
    if not isinstance(cursor, str) or not cursor or len(cursor) > MAX_CURSOR_CHARS:
        raise InvalidCursor()
    try:
        text = base64.b64decode(cursor.strip().replace(" ", "+"), validate=True).decode("ascii")
        stamp, sep, ident = text.partition("|")
        if not sep or not _UUID_RE.match(ident):
            raise ValueError("bad cursor shape")
        return parse_rfc3339(stamp), UUID(ident)
    except (ValueError, OverflowError, binascii.Error, UnicodeDecodeError) as exc:
        raise InvalidCursor() from exc


# --- request parameters ----------------------------------------------------------------------


class PageParams:
    """``limit``, ``cursor`` and ``page`` of a list request, validated.

    ``after`` is the decoded cursor (None on the first page). Routes get it from the query
    string through ``pf_common.pagination_http.PageQuery``; constructing it directly
    validates the same way (``PageParams(limit=7, cursor=c)``).
    """

    __slots__ = ("after", "cursor", "limit", "page")

    #: whether ``cursor`` is the ``created_at|id`` cursor of :func:`paginate` (decoded into ``after``)
    decodes_created_at = True

    def __init__(
        self, limit: int = DEFAULT_LIMIT, cursor: str | None = None, page: int | None = None
    ) -> None:
        if not 1 <= limit <= MAX_LIMIT:
            raise ValidationFailed("invalid limit", details={"limit": f"must be between 1 and {MAX_LIMIT}"})
        cursor = cursor or None
        self.limit = limit
        self.cursor = cursor
        self.after: tuple[datetime, UUID] | None = (
            decode_cursor(cursor) if cursor is not None and self.decodes_created_at else None
        )
        if page is not None and page < 1:
            raise ValidationFailed("invalid page", details={"page": "must be at least 1"})
        self.page = 1 if cursor is None or page is None else page

    def __repr__(self) -> str:
        return f"PageParams(limit={self.limit!r}, cursor={self.cursor!r}, page={self.page!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PageParams):
            return NotImplemented
        return (self.limit, self.cursor, self.page) == (other.limit, other.cursor, other.page)

    # unhashable, as defining __eq__ makes it (typeshed types object.__hash__ as a method)
    __hash__ = None  # type: ignore[assignment]


class SortedPageParams(PageParams):
    """:class:`PageParams` of a list with its own sort keys: ``cursor`` stays opaque (``after`` is
    None) and the list decodes it with its sort (an invalid one is still a 400 there)."""

    __slots__ = ()
    decodes_created_at = False


# --- result ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PageInfo:
    """The ``pagination`` object of a list response ("" for an absent cursor)."""

    page: int
    total: int
    current: str
    first: str
    last: str
    prev: str
    next: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "page": self.page,
            "total": self.total,
            "current": self.current,
            "first": self.first,
            "last": self.last,
            "prev": self.prev,
            "next": self.next,
        }


class PaginationDTO(BaseModel):
    """The ``pagination`` object in a response schema (what :class:`PageInfo` serialises to)."""

    page: int
    total: int
    current: str
    first: str
    last: str
    prev: str
    next: str

    @classmethod
    def of(cls, info: PageInfo) -> PaginationDTO:
        return cls(**info.as_dict())


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page: the items (ORM objects or scalars for a one-entity/one-column
    select, else rows that carry two extra trailing cursor columns) and its info."""

    items: list[T]
    pagination: PageInfo

    def body(self, items_key: str, items: Sequence[Any] | None = None) -> dict[str, Any]:
        """``{"<items_key>": [...], "pagination": {...}}``: the payload to put under ``data``.

        Pass ``items`` already serialised (e.g. DTO dumps of ``self.items``)."""
        return {
            items_key: list(self.items if items is None else items),
            "pagination": self.pagination.as_dict(),
        }


# --- query -----------------------------------------------------------------------------------


def _seek_value(created_at: datetime, column: Any) -> datetime:
    col_type = getattr(column, "type", None)
    if getattr(col_type, "timezone", True) is False:
        return created_at.astimezone(UTC).replace(tzinfo=None)
    return created_at


async def paginate(
    session: AsyncSession,
    stmt: Select[*tuple[Any, ...]],
    *,
    created_at_col: Any,
    id_col: Any,
    params: PageParams,
) -> Page[Any]:
    """Run ``stmt`` (a filtered ``select``, without ORDER BY/LIMIT) as one keyset page,
    newest first: ``created_at DESC, id DESC``."""
    return await _keyset_page(
        session, stmt, key_col=created_at_col, id_col=id_col, params=params, descending=True
    )


async def paginate_ascending(
    session: AsyncSession,
    stmt: Select[*tuple[Any, ...]],
    *,
    created_at_col: Any,
    id_col: Any,
    params: PageParams,
) -> Page[Any]:
    """Run ``stmt`` (a filtered ``select``, without ORDER BY/LIMIT) as one keyset page,
    oldest first: ``created_at ASC, id ASC`` (or the timestamp column given as
    ``created_at_col``, e.g. ``VendorOrder.delivered_at``)."""
    return await _keyset_page(
        session, stmt, key_col=created_at_col, id_col=id_col, params=params, descending=False
    )


def _order(key_col: Any, id_col: Any, *, descending: bool) -> tuple[Any, Any]:
    return (key_col.desc(), id_col.desc()) if descending else (key_col.asc(), id_col.asc())


def _row_cursor(key: datetime | None, ident: UUID) -> str:
    if key is None:
        raise ValueError(
            "keyset pagination: a row has a NULL timestamp key; filter the column with IS NOT NULL"
        )
    return encode_cursor(key, ident)


async def _keyset_page(
    session: AsyncSession,
    stmt: Select[*tuple[Any, ...]],
    *,
    key_col: Any,
    id_col: Any,
    params: PageParams,
    descending: bool,
) -> Page[Any]:
    """One page in ``(key, id)`` order, DESC or ASC; the seek is the row comparison in
    that direction, so one ``(key, id)`` index serves both."""
    filtered = stmt.order_by(None)
    keyed = filtered.add_columns(key_col.label(_CA_LABEL), id_col.label(_ID_LABEL))
    page_stmt = keyed
    if params.after is not None:
        c, i = params.after
        row_key = tuple_(key_col, id_col)
        bound = tuple_(literal(_seek_value(c, key_col), key_col.type), literal(i, id_col.type))
        page_stmt = page_stmt.where(row_key < bound if descending else row_key > bound)
    page_stmt = page_stmt.order_by(*_order(key_col, id_col, descending=descending)).limit(params.limit + 1)
    rows = list((await session.execute(page_stmt)).all())

    has_next = len(rows) > params.limit
    rows = rows[: params.limit]
    single = len(stmt.column_descriptions) == 1
    items: list[Any] = [row[0] if single else row for row in rows]

    def _cursor(row: Any) -> str:
        return _row_cursor(row[-2], row[-1])

    next_cursor = _cursor(rows[-1]) if has_next else ""

    # The filtered set's bounds and size; the page itself answers them when it
    # starts at the top (no cursor) and/or reaches the bottom (no next page).
    bounds = filtered.with_only_columns(key_col, id_col, maintain_column_froms=True)
    if params.after is None:
        first = _cursor(rows[0]) if rows else ""
    else:
        first = await _edge(session, bounds, key_col, id_col, descending=descending)
    if not has_next and (rows or params.after is None):
        last = _cursor(rows[-1]) if rows else ""
    else:
        last = await _edge(session, bounds, key_col, id_col, descending=not descending)
    if params.after is None and not has_next:
        total = len(rows)
    else:
        count_stmt = select(func.count()).select_from(filtered.subquery())
        total = int((await session.execute(count_stmt)).scalar_one())

    used = params.cursor or ""
    info = PageInfo(
        page=params.page,
        total=total,
        current=used,
        first=first,
        last=last,
        prev=used,
        next=next_cursor,
    )
    return Page(items=items, pagination=info)


async def _edge(
    session: AsyncSession, bounds: Select[*tuple[Any, ...]], key_col: Any, id_col: Any, *, descending: bool
) -> str:
    """The cursor of the first row of the filtered set in the given order ("" when empty)."""
    row = (
        await session.execute(bounds.order_by(*_order(key_col, id_col, descending=descending)).limit(1))
    ).first()
    return _row_cursor(row[0], row[1]) if row is not None else ""
