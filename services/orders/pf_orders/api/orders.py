"""Order reads for stores (API.md §3.4; DOMAIN §4.4 order perspective, §5.4 order list filters).

Every route needs an active store with a READ role (any store type); the use cases are in
``domain/order_queries.py``.

* ``GET /api/v1/orders`` — the caller's orders, newest first, cursor pages (API.md §1.6) under
  ``orders``. ``perspective`` (buyer|vendor) defaults to the store's type; a vendor may read as a
  buyer (G-2), a buyer store asking ``vendor`` is 403. Filters: ``order_status``,
  ``fulfillment_status``, ``shipping_status``, ``payment_status`` (one value each),
  ``actionable_statuses`` (a comma list of order statuses; named for the vendor's to-do list, it
  filters either perspective), ``date_from``/``date_to`` (RFC 3339, inclusive, on
  ``created_at``; a start after the end matches nothing), ``q`` (an order number, or part of the
  other party's company or DBA name, case-insensitive). A value outside its enum or a bad
  timestamp is 400 naming the field.
* ``GET /api/v1/orders/{order_id}`` — OrderDetail for the buyer or the vendor of the order; 403
  for any other store, 404 for an unknown id.
* ``GET /api/v1/checkout/{identifier}/confirmation`` — a checkout's vendor orders for its buyer
  (``identifier`` = checkout group id or cart id); 403 when another store placed it, 404 when
  neither names a converted cart.
* ``GET /api/v1/stores/{store_id}/orders`` — every order of the caller's store as buyer with that
  vendor (no pagination) and totals; 404 unknown store or not a vendor, 403 the caller's own
  store.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from fastapi import Depends, Query
from pydantic import WithJsonSchema

from pf_common.db_http import ReadSession
from pf_common.errors import ValidationFailed
from pf_common.guards import require_store
from pf_common.openapi import errors
from pf_common.pagination import parse_rfc3339
from pf_common.pagination_http import PageQuery
from pf_common.principal import READ, Principal
from pf_common.routing import APIRouter
from pf_orders.api import order_views
from pf_orders.api.order_views import ConfirmationView, OrderDetailView, OrderListView, VendorHistoryView
from pf_orders.domain import order_queries
from pf_orders.domain.order_queries import FILTER_VALUES, MAX_Q, OrderFilters
from pf_orders.models import FULFILLMENT_STATUSES, ORDER_STATUSES, PAYMENT_STATUSES, SHIPPING_STATUSES

router = APIRouter(tags=["orders"])

Reader = Annotated[Principal, Depends(require_store(roles=READ))]


# Literal types built from the models' value tuples at run time (for mypy they are not types)
OrderStatus = Literal[ORDER_STATUSES]  # type: ignore[valid-type]
FulfillmentStatus = Literal[FULFILLMENT_STATUSES]  # type: ignore[valid-type]
ShippingStatus = Literal[SHIPPING_STATUSES]  # type: ignore[valid-type]
PaymentStatus = Literal[PAYMENT_STATUSES]  # type: ignore[valid-type]

_ONE_STATUS = "(?:" + "|".join(FILTER_VALUES["actionable_statuses"]) + ")"
# a comma list of order statuses, blanks around each allowed (the schema states it exactly)
ACTIONABLE_PATTERN = f"^ *{_ONE_STATUS} *(?:, *{_ONE_STATUS} *)*$"
Actionable = Annotated[
    Annotated[str, WithJsonSchema({"type": "string", "pattern": ACTIONABLE_PATTERN, "maxLength": 1000})]
    | None,
    Query(
        max_length=1000,
        pattern=ACTIONABLE_PATTERN,
        description="comma list of order statuses (any of them matches); named for the vendor's "
        "to-do list, it filters the buyer perspective alike",
    ),
]
# RFC 3339 (date and time with an offset); "date-time" is that format in JSON Schema
Stamp = Annotated[
    Annotated[str, WithJsonSchema({"type": "string", "format": "date-time", "maxLength": 64})] | None,
    Query(
        max_length=64,
        description="RFC 3339, inclusive, on created_at; a range whose start is "
        "after its end matches nothing",
    ),
]


class OrderFilterQuery:
    """The list's perspective and filters (a FastAPI dependency; 400 with field details).

    Status filters are exact enum values and ``actionable_statuses`` a comma list of them
    (FastAPI answers 400 for anything else, as the schema says); a range whose ``date_from`` is
    after its ``date_to`` is answered with no order, not refused: every request the schema
    allows is a valid query (issue #19)."""

    def __init__(
        self,
        perspective: Annotated[
            Literal["buyer", "vendor"] | None, Query(description="default: the active store's type")
        ] = None,
        order_status: Annotated[OrderStatus | None, Query(description="exact, lower case")] = None,
        fulfillment_status: Annotated[
            FulfillmentStatus | None, Query(description="exact, lower case")
        ] = None,
        shipping_status: Annotated[ShippingStatus | None, Query(description="exact, lower case")] = None,
        payment_status: Annotated[PaymentStatus | None, Query(description="exact, lower case")] = None,
        actionable_statuses: Actionable = None,
        date_from: Stamp = None,
        date_to: Stamp = None,
        q: Annotated[
            str | None,
            Query(max_length=MAX_Q, description="order number, or part of the other party's name"),
        ] = None,
    ) -> None:
        problems: dict[str, str] = {}
        actionable: tuple[str, ...] | None = None
        if actionable_statuses is not None:
            actionable = tuple(dict.fromkeys(v.strip() for v in actionable_statuses.split(",")))
        start, end = _stamp("date_from", date_from, problems), _stamp("date_to", date_to, problems)
        text = " ".join(q.split()) if q else ""
        if problems:
            raise ValidationFailed("invalid filter", details=problems)
        self.perspective: order_queries.Perspective | None = perspective
        self.filters = OrderFilters(
            order_status=order_status,
            fulfillment_status=fulfillment_status,
            shipping_status=shipping_status,
            payment_status=payment_status,
            actionable_statuses=actionable,
            date_from=start,
            date_to=end,
            q=text or None,
        )


def _stamp(name: str, raw: str | None, problems: dict[str, str]) -> datetime | None:
    if raw is None:
        return None
    try:
        # a "+hh:mm" offset sent without URL-encoding arrives as a space
        return parse_rfc3339(raw.replace(" ", "+"))
    except ValueError:
        problems[name] = "must be an RFC 3339 timestamp"
        return None


Filters = Annotated[OrderFilterQuery, Depends()]


@router.get(
    "/api/v1/orders",
    responses=errors(
        400,
        403,
        notes={
            400: "a filter outside its values, a bad timestamp, or a bad `limit`/`cursor` "
            "(`details` names the field)",
            403: "no active store or role, or `perspective=vendor` from a buyer store",
        },
    ),
)
async def list_orders(
    session: ReadSession, principal: Reader, filters: Filters, page: PageQuery
) -> dict[str, OrderListView]:
    result = await order_queries.list_orders(
        session, principal, perspective=filters.perspective, filters=filters.filters, page=page
    )
    return {"data": order_views.order_list(result)}


@router.get(
    "/api/v1/orders/{order_id}",
    responses=errors(
        403,
        404,
        notes={403: "the active store is neither the order's buyer nor its vendor", 404: "unknown order"},
    ),
)
async def get_order(session: ReadSession, principal: Reader, order_id: UUID) -> dict[str, OrderDetailView]:
    detail = await order_queries.get_order_detail(session, order_id, principal=principal)
    return {"data": order_views.order_detail(detail)}


@router.get(
    "/api/v1/checkout/{identifier}/confirmation",
    responses=errors(
        403,
        404,
        notes={
            403: "another store's checkout",
            404: "no checkout group or converted cart with this id",
        },
    ),
)
async def get_checkout_confirmation(
    session: ReadSession, principal: Reader, identifier: UUID
) -> dict[str, ConfirmationView]:
    result = await order_queries.get_confirmation(session, principal, identifier)
    return {"data": order_views.confirmation(result)}


@router.get(
    "/api/v1/stores/{store_id}/orders",
    responses=errors(
        403,
        404,
        notes={
            403: "the store is the active store itself (no buyer perspective on it)",
            404: "unknown store, or a store that is not a vendor",
        },
    ),
)
async def list_orders_with_vendor(
    session: ReadSession, principal: Reader, store_id: UUID
) -> dict[str, VendorHistoryView]:
    result = await order_queries.vendor_history(session, principal, store_id)
    return {"data": order_views.vendor_history(result)}
