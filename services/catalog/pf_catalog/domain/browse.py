"""Product lists and search behind ``api/browse.py`` (API.md §3.3; DOMAIN §4.5, §5.3 visibility
rules for reads).

One query builder serves every product list; a :class:`Scope` says whose products are listed:

* ``Scope.browse(state)`` — buyer browse (and a vendor browsing with ``state``, GAPS G-2): active
  products whose ``visible_state`` is the buyer's state. ``products.visible_state`` is the
  vendor's state while the vendor passes the gate of ``visibility.py`` (kept by triggers from
  ``store_projection``, migration catalog_0004), so the gate is one equality on one covering index
  (``ix_products_browse``: the filters and sort keys are in it);
* ``Scope.own(store_id, active_only)`` — a vendor's own listings;
* ``Scope.storefront(store_id, state)`` — one vendor's active products, only if visible.

Text (``q``, trimmed, up to 100 characters) is matched against ``search_text`` (title, strain,
SKU and vendor name, lower-cased and unaccented): the whole query, or every word of it, must be a
substring (API.md: "title/SKU substring, case-insensitive"). These are checked on the scope's rows
rather than through the trigram index: a common word has postings in every state and building
that bitmap costs more than filtering one state's products. When nothing matches, the query is
retried once by ``pg_trgm`` word similarity through the trigram GIN index, so a typo ("gelatto")
still finds "gelato". Relevance = ``ts_rank`` on the weighted ``search_vector`` (title and SKU
weigh most, then strain, then vendor name) + word similarity, rounded to ``SCORE_DECIMALS`` (6)
so a cursor carries it exactly.

Sorts: ``relevance`` (default with ``q``), ``newest`` (default without), ``price_asc``,
``price_desc``, ``thc_desc``, ``thc_asc`` (products without THC last either way). Every sort ends
with the product id, so keyset pagination is stable under ties: the cursor is base64 of
``<created_at>|<id>`` for ``newest`` (API.md §1.6) and of ``<sort>|<key>|<id>`` otherwise; a cursor
of another sort is a 400.

A page is one statement over the filtered set (``_matched``: a materialised CTE, matched once):
the page's ids and keys, the ``last`` row, and the facet counts (category, classification,
vendor — of the current filter, by GROUPING SETS in one pass; their category sum is the
``total``), built by ``_page_statement`` and read back by ``_shape``; then the page's products
are read by id with their vendor's logo.
"""

from __future__ import annotations

import base64
import binascii
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Final, Literal
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import TSQUERY
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from pf_catalog.domain.visibility import normalize_buyer_state, vendor_name_sql
from pf_catalog.models import Product, StoreProjection
from pf_common.pagination import (
    InvalidCursor,
    PageInfo,
    PageParams,
    decode_cursor,
    encode_cursor,
)

Sort = Literal["relevance", "newest", "price_asc", "price_desc", "thc_desc", "thc_asc"]

_WORD = re.compile(r"[0-9a-z]+")
_NO_THC_LOW: Final = Decimal(-1)  # thc_desc: products without THC after every real value
_NO_THC_HIGH: Final = Decimal(1000)  # thc_asc: idem
# relevance is rounded so that a cursor (its decimal text) carries the exact key
SCORE_DECIMALS: Final = 6


@dataclass(frozen=True, slots=True)
class ProductFilter:
    """API.md §3.3 "F" (already validated by the route)."""

    category: str | None = None
    classification: str | None = None
    price_min_cents: int | None = None
    price_max_cents: int | None = None
    thc_min: Decimal | None = None
    thc_max: Decimal | None = None
    cbd_min: Decimal | None = None
    cbd_max: Decimal | None = None
    has_promo: bool | None = None
    q: str | None = None


@dataclass(frozen=True, slots=True)
class Scope:
    kind: Literal["browse", "own", "storefront"]
    state: str | None = None
    store_id: UUID | None = None
    active_only: bool = True

    @classmethod
    def browse(cls, state: str) -> Scope:
        return cls("browse", state=state)

    @classmethod
    def own(cls, store_id: UUID, *, active_only: bool) -> Scope:
        return cls("own", store_id=store_id, active_only=active_only)

    @classmethod
    def storefront(cls, store_id: UUID, state: str | None) -> Scope:
        return cls("storefront", store_id=store_id, state=state)


@dataclass(frozen=True, slots=True)
class Hit:
    """One listed product with its vendor's logo (from the projection)."""

    product: Product
    logo_url: str | None


@dataclass(frozen=True, slots=True)
class Facet:
    value: str
    count: int
    label: str | None = None


@dataclass(slots=True)
class ProductPage:
    items: list[Hit]
    pagination: PageInfo
    facets: dict[str, list[Facet]] = field(default_factory=dict)


# --- text -----------------------------------------------------------------------------------


def normalize_query(q: str | None) -> str | None:
    """Trimmed, inner whitespace collapsed; empty means no text search."""
    if q is None:
        return None
    text = " ".join(q.split())
    return text or None


def _unaccent(value: Any) -> sa.ColumnElement[str]:
    return sa.func.catalog.immutable_unaccent(value)


def fold(text: str) -> str:
    """Lower-cased without accents (NFKD, combining marks dropped): Python's side of unaccent()."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def prefix_tsquery_text(q: str) -> str | None:
    """Every word of ``q`` as a prefix, ANDed (``Blue Dre`` → ``blue:* & dre:*``).

    Words are ``[0-9a-z]+`` runs of the folded query, so no tsquery syntax gets through. The
    text is cast to ``tsquery`` as a constant (folded once at plan time, not per row).
    """
    words = _WORD.findall(fold(q))
    return " & ".join(f"{w}:*" for w in words) if words else None


def _like_pattern(q: str) -> str:
    escaped = q.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@dataclass(frozen=True, slots=True)
class _Text:
    match: sa.ColumnElement[bool]
    score: sa.ColumnElement[Any]


def _text(q: str, *, fuzzy: bool) -> _Text:
    """How ``q`` matches and scores (see the module docstring).

    Exact: the whole query, or every word of it, is a substring of ``search_text``. These are
    evaluated as filters on the rows of the scope (one state's visible products, or one store's),
    which the browse index already narrows — deliberately not through the trigram index
    (``|| ''`` hides it): a common word ("blue") has tens of thousands of postings across all
    states, and building that bitmap costs more than checking the scope's rows. ``fuzzy`` (the
    fallback when nothing matched exactly) uses the trigram index for word similarity.
    """
    needle = sa.func.lower(_unaccent(q))
    similarity = sa.func.word_similarity(needle, col(Product.search_text))
    tsq_text = prefix_tsquery_text(q)
    rank: sa.ColumnElement[Any] = (
        sa.literal(0.0)
        if tsq_text is None
        else sa.func.ts_rank(col(Product.search_vector), sa.cast(sa.literal(tsq_text), TSQUERY))
    )
    if fuzzy:
        match: sa.ColumnElement[bool] = needle.op("<%")(col(Product.search_text))
    else:
        scanned = col(Product.search_text).concat("")
        match = scanned.like(sa.func.lower(_unaccent(_like_pattern(q))), escape="\\")
        words = _WORD.findall(fold(q))
        if len(words) > 1:
            match = sa.or_(match, sa.and_(*(scanned.like(_like_pattern(w), escape="\\") for w in words)))
    score = sa.func.round(sa.cast(rank + similarity, sa.Numeric), SCORE_DECIMALS)
    return _Text(match=match, score=score)


# --- sorting and cursors -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Order:
    """A sort: its key over ``products`` (then the id breaks ties, in the same direction)."""

    sort: str
    key: sa.SQLColumnExpression[Any]
    descending: bool


def _order(sort: str, text: _Text | None) -> _Order:
    if sort == "relevance":
        assert text is not None
        return _Order(sort, text.score, True)
    if sort == "newest":
        return _Order(sort, col(Product.created_at), True)
    if sort in ("price_asc", "price_desc"):
        return _Order(sort, col(Product.price_cents), sort == "price_desc")
    if sort == "thc_desc":
        return _Order(sort, sa.func.coalesce(col(Product.thc_percent), _NO_THC_LOW), True)
    if sort == "thc_asc":
        return _Order(sort, sa.func.coalesce(col(Product.thc_percent), _NO_THC_HIGH), False)
    raise ValueError(sort)


def encode_sort_cursor(sort: str, key: Any, id: UUID) -> str:
    if sort == "newest":
        return encode_cursor(key, id)
    return base64.b64encode(f"{sort}|{_key_text(key)}|{id}".encode("ascii")).decode("ascii")


def decode_sort_cursor(sort: str, cursor: str) -> tuple[Any, UUID]:
    """The (key, id) a cursor of ``sort`` points at; anything else is 400 ``invalid cursor``."""
    if sort == "newest":
        return decode_cursor(cursor)
    try:
        text = base64.b64decode(cursor.strip().replace(" ", "+"), validate=True).decode("ascii")
        tag, key, ident = text.split("|")
        if tag != sort:
            raise ValueError("cursor of another sort")
        value: Any = int(key) if sort.startswith("price") else Decimal(key)
        if isinstance(value, Decimal) and not value.is_finite():
            raise ValueError("not a number")
        return value, UUID(ident)
    except (ValueError, InvalidOperation, binascii.Error, UnicodeDecodeError) as exc:
        raise InvalidCursor() from exc


def _key_text(key: Any) -> str:
    return format(key, "f") if isinstance(key, Decimal) else str(key)


# --- the query ----------------------------------------------------------------------------


def _filters(f: ProductFilter) -> list[sa.SQLColumnExpression[bool]]:
    where: list[sa.SQLColumnExpression[bool]] = []
    if f.category is not None:
        where.append(col(Product.category) == f.category)
    if f.classification is not None:
        where.append(col(Product.classification) == f.classification)
    if f.price_min_cents is not None:
        where.append(col(Product.price_cents) >= f.price_min_cents)
    if f.price_max_cents is not None:
        where.append(col(Product.price_cents) <= f.price_max_cents)
    if f.thc_min is not None:
        where.append(col(Product.thc_percent) >= f.thc_min)
    if f.thc_max is not None:
        where.append(col(Product.thc_percent) <= f.thc_max)
    if f.cbd_min is not None:
        where.append(col(Product.cbd_percent) >= f.cbd_min)
    if f.cbd_max is not None:
        where.append(col(Product.cbd_percent) <= f.cbd_max)
    if f.has_promo is not None:
        where.append(col(Product.has_promo).is_(f.has_promo))
    return where


def _scope_clauses(scope: Scope) -> list[sa.SQLColumnExpression[bool]]:
    """Whose products: buyers see ``visible_state`` = their state (the gate, kept by triggers)."""
    if scope.kind == "own":
        assert scope.store_id is not None
        own: list[sa.SQLColumnExpression[bool]] = [col(Product.store_id) == scope.store_id]
        return [*own, col(Product.is_active)] if scope.active_only else own
    state = normalize_buyer_state(scope.state)
    if state is None:
        return [sa.false()]
    clauses: list[sa.SQLColumnExpression[bool]] = [
        col(Product.visible_state) == state,
        col(Product.is_active),
    ]
    if scope.kind == "storefront":
        assert scope.store_id is not None
        clauses.append(col(Product.store_id) == scope.store_id)
    return clauses


def resolve_sort(sort: str | None, q: str | None) -> str:
    """The order of a list: ``sort``, by default relevance with a text query, else newest
    (relevance needs a text query: without one it is newest too)."""
    if sort is None or (sort == "relevance" and not q):
        return "relevance" if q else "newest"
    return sort


async def list_products(
    session: AsyncSession,
    scope: Scope,
    filters: ProductFilter,
    *,
    sort: str,
    params: PageParams,
) -> ProductPage:
    """One page of products of ``scope`` matching ``filters`` (the route validated everything).

    A text query that matches nothing exactly is retried once as a fuzzy (typo-tolerant) match.
    """
    q = normalize_query(filters.q)
    after = decode_sort_cursor(sort, params.cursor) if params.cursor else None
    found = await _run(session, scope, filters, q, sort, after, params.limit, fuzzy=False)
    if q is not None and found.total == 0:
        found = await _run(session, scope, filters, q, sort, after, params.limit, fuzzy=True)

    has_next = len(found.page) > params.limit
    page = found.page[: params.limit]
    hits = await _hits(session, [pid for pid, _ in page])
    used = params.cursor or ""
    info = PageInfo(
        page=params.page,
        total=found.total,
        current=used,
        first=found.first,
        last=found.last,
        prev=used,
        next=encode_sort_cursor(sort, page[-1][1], page[-1][0]) if has_next else "",
    )
    return ProductPage(items=hits, pagination=info, facets=found.facets)


async def _hits(session: AsyncSession, ids: list[UUID]) -> list[Hit]:
    """The page's products with their vendor's logo, in page order (a primary-key read)."""
    if not ids:
        return []
    rows = await session.execute(
        sa.select(Product, col(StoreProjection.logo_url))
        .outerjoin(StoreProjection, col(StoreProjection.store_id) == Product.store_id)
        .where(col(Product.id).in_(ids))
    )
    by_id = {row.Product.id: Hit(product=row.Product, logo_url=row.logo_url) for row in rows}
    return [by_id[i] for i in ids if i in by_id]


@dataclass(slots=True)
class _Found:
    page: list[tuple[UUID, Any]]  # (id, sort key), limit + 1 at most
    total: int
    first: str
    last: str
    facets: dict[str, list[Facet]]


async def _run(
    session: AsyncSession,
    scope: Scope,
    filters: ProductFilter,
    q: str | None,
    sort: str,
    after: tuple[Any, UUID] | None,
    limit: int,
    *,
    fuzzy: bool,
) -> _Found:
    """One statement: the filtered set (a materialised CTE, matched once), then from it the page's
    ids and keys, the first/last rows, and the facet counts (whose sum is the total)."""
    text = _text(q, fuzzy=fuzzy) if q else None
    order = _order(sort, text)
    matched = _matched(scope, filters, text, order)
    result = await session.execute(_page_statement(matched, order, after, limit))
    return _shape(result.all(), order, after=after)


# --- the statement --------------------------------------------------------------------------
#
# Every part of the page is one branch of a UNION ALL over the ``matched`` CTE, with the same
# five columns: (part, value, label, count, created_at).
#
#   part      value          label                      count    created_at
#   page      id             sort key (not newest)      0        sort key (newest)
#   first     id             idem                       0        idem
#   last      id             idem                       0        idem
#   category  the category   NULL                       n        NULL
#   classif.  the value      NULL                       n        NULL
#   vendor    store id       the vendor's display name  n        NULL

_PAGE_PARTS: Final = ("page", "first", "last")
_NULL_TEXT = sa.cast(sa.null(), sa.Text)
_NULL_TS = sa.cast(sa.null(), sa.DateTime(timezone=True))

# GROUPING(category, classification, store_id) has one bit per argument, the first the most
# significant; a bit is 1 when that column is rolled up (not in the row's grouping set). Each
# facet is the grouping set of one column, so its rows carry:
BY_CATEGORY: Final = 0b011  # (category): classification and store_id rolled up
BY_CLASSIFICATION: Final = 0b101  # (classification): category and store_id rolled up
BY_VENDOR: Final = 0b110  # (store_id): category and classification rolled up


def _matched(scope: Scope, filters: ProductFilter, text: _Text | None, order: _Order) -> sa.CTE:
    """The filtered set: ids, facet columns and the sort key of the scope's matching products."""
    where = [*_scope_clauses(scope), *_filters(filters)]
    if text is not None:
        where.append(text.match)
    # every column read here is in the browse index (keys, INCLUDE list): for buyer browse the
    # set, its sort keys and the relevance score come from an index-only scan
    matched: sa.CTE = (
        sa.select(
            col(Product.id),
            col(Product.category),
            col(Product.classification),
            col(Product.store_id),
            order.key.label("sort_key"),
        )
        .where(*where)
        .cte("matched")
        # a text match is evaluated once for every part; without text each part is planned on its
        # own (the newest page and the last row come straight off ix_products_browse_newest)
        .prefix_with("MATERIALIZED" if text is not None else "NOT MATERIALIZED")
    )
    return matched


def _page_statement(
    matched: sa.CTE, order: _Order, after: tuple[Any, UUID] | None, limit: int
) -> sa.CompoundSelect[*tuple[Any, ...]]:
    """The page (one row more than ``limit``: is there a next?), the last row, the facets, and
    with a cursor the first row (without one the page starts with it)."""
    parts = [
        _rows(matched, order, "page", n=limit + 1, seek=_seek(matched, order, after)),
        _rows(matched, order, "last", n=1, reverse=True),
        _facet_rows(matched),
    ]
    if after is not None:
        parts.append(_rows(matched, order, "first", n=1))
    return sa.union_all(*parts)


def _ordered(m: Any, order: _Order, *, reverse: bool = False) -> list[Any]:
    desc = order.descending != reverse
    return [m.sort_key.desc(), m.id.desc()] if desc else [m.sort_key.asc(), m.id.asc()]


def _seek(matched: sa.CTE, order: _Order, after: tuple[Any, UUID] | None) -> Any:
    """The keyset condition of a cursor: rows strictly after ``(key, id)`` in the sort's order."""
    if after is None:
        return None
    m = matched.c
    key, ident = after
    pair = sa.tuple_(m.sort_key, m.id)
    # an ORM attribute (col(...)) has its column's type too; SQLAlchemy declares it on ColumnElement only
    key_type = order.key.type  # type: ignore[attr-defined]
    bound = sa.tuple_(sa.literal(key, key_type), sa.literal(ident))
    return pair < bound if order.descending else pair > bound


def _rows(
    matched: sa.CTE, order: _Order, part: str, *, n: int, reverse: bool = False, seek: Any = None
) -> Any:
    """The first ``n`` rows of the set in the sort's order (or reversed), as a ``part`` branch."""
    m = matched.c
    newest = order.sort == "newest"
    stmt = sa.select(
        sa.literal(part).label("part"),
        sa.cast(m.id, sa.Text).label("value"),
        _NULL_TEXT if newest else sa.cast(m.sort_key, sa.Text),
        sa.literal(0, sa.BigInteger),
        m.sort_key if newest else _NULL_TS,
    )
    if seek is not None:
        stmt = stmt.where(seek)
    return stmt.order_by(*_ordered(m, order, reverse=reverse)).limit(n).subquery().select()


def _facet_rows(matched: sa.CTE) -> sa.Select[Any]:
    """The facet counts in one pass over the set (GROUPING SETS; ``GROUPING()`` names the facet)."""
    f = matched.c
    grouping = sa.func.grouping(f.category, f.classification, f.store_id)
    facet = sa.case(
        (grouping == BY_CATEGORY, "category"),
        (grouping == BY_CLASSIFICATION, "classification"),
        else_="vendor",
    )
    vendor_name = (
        sa.select(vendor_name_sql(StoreProjection))
        .where(col(StoreProjection.store_id) == f.store_id)
        .scalar_subquery()
    )
    return sa.select(
        facet,
        sa.cast(sa.func.coalesce(f.category, f.classification, sa.cast(f.store_id, sa.Text)), sa.Text),
        sa.case((grouping == BY_VENDOR, vendor_name), else_=_NULL_TEXT),  # the vendor's display name
        sa.func.count(),
        _NULL_TS,
    ).group_by(
        sa.func.grouping_sets(sa.tuple_(f.category), sa.tuple_(f.classification), sa.tuple_(f.store_id))
    )


# --- the result -----------------------------------------------------------------------------


def _shape(rows: Sequence[Any], order: _Order, *, after: tuple[Any, UUID] | None) -> _Found:
    """The statement's rows as the page (in the sort's order), its cursors and the facets."""
    newest = order.sort == "newest"
    found = _Found(
        page=[], total=0, first="", last="", facets={"category": [], "classification": [], "vendor": []}
    )
    for part, value, label, count, created_at in rows:
        if part in _PAGE_PARTS:
            key: Any = created_at if newest else _parse_key(order.sort, label)
            if part == "page":
                found.page.append((UUID(value), key))
            elif part == "first":
                found.first = encode_sort_cursor(order.sort, key, UUID(value))
            else:
                found.last = encode_sort_cursor(order.sort, key, UUID(value))
            continue
        if part == "category":  # every product has one category: their counts sum to the total
            found.total += int(count)
        if value is not None:  # products without a classification are not a facet value
            found.facets[part].append(Facet(value=value, count=int(count), label=label))
    # the union does not keep the page's order
    found.page.sort(key=lambda r: (r[1], r[0]), reverse=order.descending)
    if after is None and found.page:
        found.first = encode_sort_cursor(order.sort, found.page[0][1], found.page[0][0])
    for values in found.facets.values():
        values.sort(key=lambda f: (-f.count, f.value))
    return found


def _parse_key(sort: str, text: str) -> Any:
    return int(text) if sort.startswith("price") else Decimal(text)
