"""Product lists (API.md §3.3): buyer browse and search, a vendor's storefront, a vendor's own listings.

* ``GET /api/v1/products`` — any store (READ). A buyer store must pass ``state`` and it must be
  its own (400 missing, 422 STATE_CONFLICT otherwise, GAPS G-11); a vendor passing ``state``
  browses like a buyer (G-2), without it sees its own active listings.
* ``GET /api/v1/stores/{storeId}/products`` — one vendor's active products; 404 when the store is
  unknown or the vendor is hidden from the caller (never revealed), 400 when it is not a vendor;
  the owner always sees its own.
* ``GET /api/v1/vendor/products`` — a vendor's own listings including inactive ones (``state``
  ignored).

Every list takes the filters "F", ``sort`` and cursor pagination, and answers
``{products, pagination, facets}`` (facets: counts per category, classification and vendor of
the current filter; see ``domain/browse.py``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Final, Literal
from uuid import UUID

from fastapi import Depends, Query
from pydantic import BaseModel, WithJsonSchema

from pf_catalog.api.views import ProductSummaryDTO, product_summary
from pf_catalog.domain import browse
from pf_catalog.domain.stores import caller_state, projected_store
from pf_catalog.domain.visibility import normalize_buyer_state, vendor_visible
from pf_catalog.models import CATEGORIES, CLASSIFICATIONS
from pf_common.db_http import ReadSession
from pf_common.errors import NotFound, StateConflict
from pf_common.guards import require_store
from pf_common.openapi import errors
from pf_common.pagination import PaginationDTO
from pf_common.pagination_http import SortedPageQuery
from pf_common.principal import READ, Principal
from pf_common.routing import APIRouter

router = APIRouter(tags=["products"])

Reader = Annotated[Principal, Depends(require_store(roles=READ))]
VendorReader = Annotated[Principal, Depends(require_store({"vendor"}, READ))]

# 0-100 with at most two decimals (a number: the schema says so, not "number or string")
Percent = Annotated[
    Annotated[Decimal, WithJsonSchema({"type": "number", "minimum": 0, "maximum": 100, "multipleOf": 0.01})]
    | None,
    Query(ge=0, le=100, max_digits=5, decimal_places=2),
]
MAX_FILTER_CENTS: Final = 10**12  # a price bound above any listing ($10B)
MAX_Q: Final = 100  # characters of the text query

Cents = Annotated[int | None, Query(ge=0, le=MAX_FILTER_CENTS)]
# Literal types built from the models' value tuples at run time (for mypy they are not types)
Category = Literal[CATEGORIES]  # type: ignore[valid-type]
Classification = Literal[CLASSIFICATIONS]  # type: ignore[valid-type]


class ProductFilterQuery:
    """The filters "F" of API.md §3.3 plus ``sort`` (a FastAPI dependency; 400 with field details)."""

    def __init__(
        self,
        category: Annotated[Category | None, Query(description="exact, lower case")] = None,
        classification: Annotated[Classification | None, Query(description="exact, lower case")] = None,
        price_min_cents: Cents = None,
        price_max_cents: Cents = None,
        thc_min: Percent = None,
        thc_max: Percent = None,
        cbd_min: Percent = None,
        cbd_max: Percent = None,
        has_promo: bool | None = None,
        q: Annotated[str | None, Query(max_length=MAX_Q, description="title/SKU/strain/vendor text")] = None,
        sort: Annotated[
            browse.Sort | None,
            Query(description="default: relevance with q, else newest (relevance without q: newest)"),
        ] = None,
    ) -> None:
        # category and classification are exact enum values (API.md §1.5; FastAPI answers 400);
        # a minimum above its maximum is an empty range (no product), and relevance without a
        # text query is the default order (newest): combinations the schema cannot forbid are
        # answered, not refused (issue #19)
        text = browse.normalize_query(q)
        self.filters = browse.ProductFilter(
            category=category,
            classification=classification,
            price_min_cents=price_min_cents,
            price_max_cents=price_max_cents,
            thc_min=thc_min,
            thc_max=thc_max,
            cbd_min=cbd_min,
            cbd_max=cbd_max,
            has_promo=has_promo,
            q=text,
        )
        self.sort = browse.resolve_sort(sort, text)


Filters = Annotated[ProductFilterQuery, Depends()]
StateParam = Annotated[str | None, Query(min_length=2, max_length=2, description="US state code")]


class FacetValueDTO(BaseModel):
    value: str
    count: int


class VendorFacetDTO(BaseModel):
    vendor_store_id: UUID
    vendor_name: str | None = None
    count: int


class FacetsDTO(BaseModel):
    category: list[FacetValueDTO]
    classification: list[FacetValueDTO]
    vendor: list[VendorFacetDTO]


class ProductListDTO(BaseModel):
    products: list[ProductSummaryDTO]
    pagination: PaginationDTO
    facets: FacetsDTO


def _body(page: browse.ProductPage) -> dict[str, ProductListDTO]:
    facets = page.facets
    return {
        "data": ProductListDTO(
            products=[product_summary(hit.product, logo_url=hit.logo_url) for hit in page.items],
            pagination=PaginationDTO.of(page.pagination),
            facets=FacetsDTO(
                category=[FacetValueDTO(value=f.value, count=f.count) for f in facets.get("category", [])],
                classification=[
                    FacetValueDTO(value=f.value, count=f.count) for f in facets.get("classification", [])
                ],
                vendor=[
                    VendorFacetDTO(vendor_store_id=UUID(f.value), vendor_name=f.label, count=f.count)
                    for f in facets.get("vendor", [])
                ],
            ),
        )
    }


@router.get(
    "/api/v1/products",
    responses=errors(
        400,
        422,
        notes={
            400: "a bad filter (`details`)",
            422: "`state` is not the caller's store state (a buyer store without `state` browses its "
            "own state)",
        },
    ),
)
async def browse_products(
    session: ReadSession, principal: Reader, filters: Filters, page: SortedPageQuery, state: StateParam = None
) -> dict[str, ProductListDTO]:
    assert principal.store_id is not None
    if state is None and principal.store_type == "vendor":
        scope = browse.Scope.own(principal.store_id, active_only=True)
    else:
        # a buyer browses its own state: named (it must be that state) or, when left out, implied
        own = await caller_state(session, principal.store_id)
        wanted = normalize_buyer_state(state) if state is not None else own
        if own is None or own != wanted:
            raise StateConflict(
                "state must be your store's state",
                details={"state": f"must equal your store's state ({own or 'unknown'})"},
            )
        scope = browse.Scope.browse(wanted)
    return _body(await browse.list_products(session, scope, filters.filters, sort=filters.sort, params=page))


@router.get(
    "/api/v1/stores/{store_id}/products",
    responses=errors(
        400,
        404,
        notes={
            400: "a bad filter (`details`)",
            404: "unknown store, a store that is not a vendor (no storefront), or a vendor hidden "
            "from the caller",
        },
    ),
)
async def storefront_products(
    store_id: UUID, session: ReadSession, principal: Reader, filters: Filters, page: SortedPageQuery
) -> dict[str, ProductListDTO]:
    store = await projected_store(session, store_id)
    if store is None or store.type is None:
        raise NotFound("store not found")
    if store.type != "vendor":  # a well-formed id of a store with no storefront: nothing here
        raise NotFound("no vendor store with this id", reason="not_a_vendor")
    if principal.store_id == store_id:
        scope = browse.Scope.own(store_id, active_only=True)
    else:
        assert principal.store_id is not None
        if not vendor_visible(store, await caller_state(session, principal.store_id)):
            raise NotFound("store not found")
        scope = browse.Scope.storefront(store_id, store.state)
    return _body(await browse.list_products(session, scope, filters.filters, sort=filters.sort, params=page))


@router.get("/api/v1/vendor/products")
async def vendor_products(
    session: ReadSession,
    principal: VendorReader,
    filters: Filters,
    page: SortedPageQuery,
    state: StateParam = None,  # accepted and ignored for scope (API.md §3.3)
) -> dict[str, ProductListDTO]:
    assert principal.store_id is not None
    scope = browse.Scope.own(principal.store_id, active_only=False)
    return _body(await browse.list_products(session, scope, filters.filters, sort=filters.sort, params=page))
