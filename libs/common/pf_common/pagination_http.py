"""The FastAPI side of keyset pagination: ``limit``/``cursor``/``page`` from the query string.

Who imports it: routers only (``api/``); the use case they call takes the
:class:`~pf_common.pagination.PageParams` (domain code imports :mod:`pf_common.pagination`,
which has no FastAPI)::

    @router.get("/api/v1/wishlist")
    async def list_wishlist(session: ReadSession, principal: Staff, page: PageQuery) -> ...:
        return wishlist.list_items(session, principal, page)

An invalid ``limit``, ``cursor`` or ``page`` is 400 ``VALIDATION_ERROR`` naming the field
(spec/API.md §1.6), raised by :class:`PageParams` itself.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query
from pydantic import WithJsonSchema

from pf_common.pagination import DEFAULT_LIMIT, MAX_CURSOR_CHARS, MAX_LIMIT, PageParams, SortedPageParams

__all__ = ["CURSOR_FORMAT", "PageQuery", "SortedPageQuery"]

Limit = Annotated[
    int,
    Query(
        description=f"page size, 1-{MAX_LIMIT}",
        json_schema_extra={"minimum": 1, "maximum": MAX_LIMIT},
    ),
]
#: the JSON Schema ``format`` of a cursor (a string, at most 256 characters of standard base64):
#: only a value the server issued for this list (``pagination.next``, ``first``, ``last``,
#: ``current``; with the same sort) is one; "" or none is the first page. A format, not a
#: pattern: a well-formed string the server never issued is not a cursor either.
CURSOR_FORMAT = "pf-cursor"
# PageParams answers 400 `invalid cursor` / `page` itself
Cursor = Annotated[
    Annotated[str, WithJsonSchema({"type": "string", "format": CURSOR_FORMAT})] | None,
    Query(
        description="opaque cursor from a previous page of this list (`pagination.next`, …); empty "
        f"or absent: the first page. Any other value is 400 `invalid cursor` (format `{CURSOR_FORMAT}`: "
        f"standard base64, at most {MAX_CURSOR_CHARS} characters)."
    ),
]
PageHint = Annotated[
    Annotated[int, WithJsonSchema({"type": "integer", "minimum": 1})] | None,
    Query(description="display hint (1 or more), echoed; 1 without a cursor"),
]


async def page_params(
    limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None, page: PageHint = None
) -> PageParams:
    """The page of a list request (a list sorted by ``created_at, id``: the cursor is decoded)."""
    return PageParams(limit=limit, cursor=cursor, page=page)


async def sorted_page_params(
    limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None, page: PageHint = None
) -> SortedPageParams:
    """The page of a list with its own sort keys (the cursor stays opaque; the list decodes it)."""
    return SortedPageParams(limit=limit, cursor=cursor, page=page)


PageQuery = Annotated[PageParams, Depends(page_params)]
SortedPageQuery = Annotated[SortedPageParams, Depends(sorted_page_params)]
