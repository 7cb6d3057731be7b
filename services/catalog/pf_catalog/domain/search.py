"""Product lists and search (API.md §3.3; DOMAIN §4.5, §5.3 visibility rules for reads).

One query builder serves every product list; a :class:`Scope` says whose products are listed:

* ``Scope.browse(state)`` — buyer browse (and a vendor browsing with ``state``, GAPS G-2): active
  products of vendors visible in ``state`` (``visibility.visible_vendor_clause``: the join to
  ``store_projection`` uses its partial index of visible vendors per state);
* ``Scope.own(store_id, active_only)`` — a vendor's own listings (``/vendor/products`` with the
  inactive ones; browse without ``state`` with only the active ones… see the route);
* ``Scope.storefront(store_id, state)`` — one vendor's active products, only if visible.

Text search (``q``) matches when any of these holds, all served by GIN indexes on ``products``:
the substring (API.md: "title/SKU substring, case-insensitive") on ``search_text`` (title, strain,
SKU and vendor name, lower-cased and unaccented; trigram index), a full-text match of every word
as a prefix on ``search_vector`` (``simple`` configuration), or a fuzzy word match
(``pg_trgm`` word similarity ≥ ``pg_trgm.word_similarity_threshold``, 0.6 by default) so a typo
("gelatto") still finds "gelato". Relevance = ``ts_rank`` (title/SKU words weigh most) + word
similarity, rounded to 6 decimals so the cursor carries it exactly.

Sorts: ``relevance`` (default with ``q``), ``newest`` (default without), ``price_asc``,
``price_desc``, ``thc_desc``, ``thc_asc`` (products without THC last either way). Every sort ends
with the product id, so keyset pagination is stable under ties: the cursor is base64 of
``<created_at>|<id>`` for ``newest`` (API.md §1.6) and of ``<sort>|<key>|<id>`` otherwise; a cursor
of another sort is a 400.

A page is two statements: the page itself (``limit + 1`` rows, seek past the cursor) and one
summary over the filtered set (a materialised CTE scanned once) giving the facet counts
(category, classification, vendor — counts of the current filter), the total and the
``first``/``last`` cursors.
"""

from __future__ import annotations

import base64
import binascii
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Literal
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import TSQUERY
from sqlalchemy.ext.asyncio import AsyncSession

from pf_catalog.domain.visibility import visible_vendor_clause
from pf_catalog.models import Product, StoreProjection
from pf_common.pagination import (
    InvalidCursor,
    PageInfo,
    PageParams,
    decode_cursor,
    encode_cursor,
)

Sort = Literal["relevance", "newest", "price_asc", "price_desc", "thc_desc", "thc_asc"]
SORTS: tuple[str, ...] = ("relevance", "newest", "price_asc", "price_desc", "thc_desc", "thc_asc")

_WORD = re.compile(r"[0-9a-z]+")
_NO_THC_LOW = Decimal(-1)  # thc_desc: products without THC after every real value
_NO_THC_HIGH = Decimal(1000)  # thc_asc: idem


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


def _text(q: str) -> _Text:
    needle = sa.func.lower(_unaccent(q))
    substring = Product.search_text.like(sa.func.lower(_unaccent(_like_pattern(q))), escape="\\")
    fuzzy = needle.op("<%")(Product.search_text)
    tsq_text = prefix_tsquery_text(q)
    tsq = None if tsq_text is None else sa.cast(sa.literal(tsq_text), TSQUERY)
    if tsq is None:
        match = sa.or_(substring, fuzzy)
        rank: sa.ColumnElement[Any] = sa.literal(0.0)
    else:
        match = sa.or_(Product.search_vector.op("@@")(tsq), substring, fuzzy)
        rank = sa.func.ts_rank(Product.search_vector, tsq)
    score = sa.func.round(sa.cast(rank + sa.func.word_similarity(needle, Product.search_text), sa.Numeric), 6)
    return _Text(match=match, score=score)


# --- sorting and cursors -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Order:
    sort: str
    key: sa.ColumnElement[Any]
    descending: bool

    def clauses(self, *, reverse: bool = False) -> list[sa.ColumnElement[Any]]:
        desc = self.descending != reverse
        return [self.key.desc(), Product.id.desc()] if desc else [self.key.asc(), Product.id.asc()]

    def after(self, key: Any, id: UUID) -> sa.ColumnElement[bool]:
        pair = sa.tuple_(self.key, Product.id)
        bound = sa.tuple_(sa.literal(key, self.key.type), sa.literal(id, Product.id.type))
        return pair < bound if self.descending else pair > bound


def _order(sort: str, text: _Text | None) -> _Order:
    if sort == "relevance":
        assert text is not None
        return _Order(sort, text.score, True)
    if sort == "newest":
        return _Order(sort, Product.created_at, True)
    if sort in ("price_asc", "price_desc"):
        return _Order(sort, Product.price_cents, sort == "price_desc")
    if sort == "thc_desc":
        return _Order(sort, sa.func.coalesce(Product.thc_percent, _NO_THC_LOW), True)
    if sort == "thc_asc":
        return _Order(sort, sa.func.coalesce(Product.thc_percent, _NO_THC_HIGH), False)
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


def _filters(f: ProductFilter) -> list[sa.ColumnElement[bool]]:
    where: list[sa.ColumnElement[bool]] = []
    if f.category is not None:
        where.append(Product.category == f.category)
    if f.classification is not None:
        where.append(Product.classification == f.classification)
    if f.price_min_cents is not None:
        where.append(Product.price_cents >= f.price_min_cents)
    if f.price_max_cents is not None:
        where.append(Product.price_cents <= f.price_max_cents)
    if f.thc_min is not None:
        where.append(Product.thc_percent >= f.thc_min)
    if f.thc_max is not None:
        where.append(Product.thc_percent <= f.thc_max)
    if f.cbd_min is not None:
        where.append(Product.cbd_percent >= f.cbd_min)
    if f.cbd_max is not None:
        where.append(Product.cbd_percent <= f.cbd_max)
    if f.has_promo is not None:
        where.append(Product.has_promo.is_(f.has_promo))
    return where


def _scoped(stmt: sa.Select[Any], scope: Scope) -> sa.Select[Any]:
    """Join the vendor's projection (its logo; the gate when buyers look) and restrict to the scope."""
    if scope.kind == "own":
        assert scope.store_id is not None
        stmt = stmt.outerjoin(StoreProjection, StoreProjection.store_id == Product.store_id).where(
            Product.store_id == scope.store_id
        )
        return stmt.where(Product.is_active) if scope.active_only else stmt
    gate = visible_vendor_clause(StoreProjection, scope.state)
    stmt = stmt.join(StoreProjection, sa.and_(StoreProjection.store_id == Product.store_id, gate))
    if scope.kind == "storefront":
        assert scope.store_id is not None
        stmt = stmt.where(Product.store_id == scope.store_id)
    return stmt.where(Product.is_active)


def resolve_sort(sort: str | None, q: str | None) -> str:
    if sort is None:
        return "relevance" if q else "newest"
    return sort


async def list_products(
    session: AsyncSession,
    scope: Scope,
    filters: ProductFilter,
    *,
    sort: str,
    params: PageParams,
    facets: bool = True,
) -> ProductPage:
    """One page of products of ``scope`` matching ``filters`` (the route validated everything)."""
    q = normalize_query(filters.q)
    text = _text(q) if q else None
    order = _order(sort, text)
    where = _filters(filters)
    if text is not None:
        where.append(text.match)

    after = decode_sort_cursor(sort, params.cursor) if params.cursor else None
    page_stmt = _scoped(sa.select(Product, StoreProjection.logo_url, order.key.label("sort_key")), scope)
    page_stmt = page_stmt.where(*where)
    if after is not None:
        page_stmt = page_stmt.where(order.after(*after))
    page_stmt = page_stmt.order_by(*order.clauses()).limit(params.limit + 1)
    rows = list((await session.execute(page_stmt)).all())
    has_next = len(rows) > params.limit
    rows = rows[: params.limit]

    summary = await _summary(session, scope, where, order, facets=facets)
    used = params.cursor or ""
    info = PageInfo(
        page=params.page,
        total=summary.total,
        current=used,
        first=summary.first,
        last=summary.last,
        prev=used,
        next=encode_sort_cursor(sort, rows[-1].sort_key, rows[-1].Product.id) if has_next else "",
    )
    return ProductPage(
        items=[Hit(product=row.Product, logo_url=row.logo_url) for row in rows],
        pagination=info,
        facets=summary.facets,
    )


@dataclass(slots=True)
class _Summary:
    total: int
    first: str
    last: str
    facets: dict[str, list[Facet]]


async def _summary(
    session: AsyncSession,
    scope: Scope,
    where: list[sa.ColumnElement[bool]],
    order: _Order,
    *,
    facets: bool,
) -> _Summary:
    """Facets, total and edge cursors of the filtered set in one statement (the set scanned once)."""
    matched = (
        _scoped(
            sa.select(
                Product.id,
                Product.category,
                Product.classification,
                Product.store_id,
                Product.vendor_name,
                order.key.label("sort_key"),
            ),
            scope,
        )
        .where(*where)
        .cte("matched")
        .prefix_with("MATERIALIZED")
    )
    m = matched.c

    def edge(name: str, *, reverse: bool) -> sa.Select[Any]:
        desc = order.descending != reverse
        clauses = [m.sort_key.desc(), m.id.desc()] if desc else [m.sort_key.asc(), m.id.asc()]
        label = sa.cast(m.sort_key, sa.Text) if order.sort != "newest" else sa.cast(sa.null(), sa.Text)
        return (
            sa.select(
                sa.literal(name).label("facet"),
                sa.cast(m.id, sa.Text).label("value"),
                label.label("label"),
                sa.literal(0, sa.BigInteger).label("n"),
                m.sort_key.label("ts") if order.sort == "newest" else sa.cast(sa.null(), sa.DateTime(True)),
            )
            .order_by(*clauses)
            .limit(1)
        )

    def group(name: str, column: Any, label: Any) -> sa.Select[Any]:
        return sa.select(
            sa.literal(name).label("facet"),
            sa.cast(column, sa.Text).label("value"),
            label.label("label"),
            sa.func.count().label("n"),
            sa.cast(sa.null(), sa.DateTime(True)).label("ts"),
        ).group_by(column)

    parts: list[Any] = [
        group("category", m.category, sa.cast(sa.null(), sa.Text)),
        edge("first", reverse=False).subquery().select(),
        edge("last", reverse=True).subquery().select(),
    ]
    if facets:
        parts += [
            group("classification", m.classification, sa.cast(sa.null(), sa.Text)),
            group("vendor", m.store_id, sa.func.max(m.vendor_name)),
        ]
    rows = (await session.execute(sa.union_all(*parts))).all()

    total = 0
    first = last = ""
    found: dict[str, list[Facet]] = {"category": [], "classification": [], "vendor": []}
    for facet, value, label, n, ts in rows:
        if facet in ("first", "last"):
            key: Any = ts if order.sort == "newest" else _parse_key(order.sort, label)
            cursor = encode_sort_cursor(order.sort, key, UUID(value))
            first, last = (cursor, last) if facet == "first" else (first, cursor)
            continue
        if facet == "category":
            total += int(n)
        if value is None:  # products without a classification are not a facet value
            continue
        found[facet].append(Facet(value=value, count=int(n), label=label))
    for values in found.values():
        values.sort(key=lambda f: (-f.count, f.value))
    return _Summary(total=total, first=first, last=last, facets=found if facets else {})


def _parse_key(sort: str, text: str) -> Any:
    return int(text) if sort.startswith("price") else Decimal(text)
