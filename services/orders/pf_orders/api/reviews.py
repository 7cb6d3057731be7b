"""Reviews of vendor stores (API.md §3.4, optional module G-1; DOMAIN §5.4 reviews).

* ``POST /api/v1/reviews`` — STAFF of any store type (a buyer, or a vendor buying: G-2), with an
  ``Idempotency-Key`` (24 h). The review is the active store's and user's; the active store and
  STAFF role of a live session are orders' proof of an active membership (``domain/reviews.py``).
  400 when the caller's store has no delivered/closed order with the vendor, when ``order_id`` is
  not such an order, ``product_id`` was not bought in one, or the vendor is the caller's store
  (``details`` names the field). 201 ReviewDTO (``review_type`` store, verified purchase).
* ``DELETE /api/v1/reviews/{review_id}`` — only the author (same buyer store and user; any
  store role): 403 otherwise, 404 unknown. 200 ``{"data": null}``.
* ``GET /api/v1/stores/{store_id}/reviews`` — READ, any store (a storefront read): the vendor's
  visible reviews, newest first, cursor pages (API.md §1.6) under ``reviews``. 404 when the store
  is unknown to orders or is not a vendor.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Final
from uuid import UUID

from fastapi import Depends
from pydantic import BaseModel, Field, StrictInt, StringConstraints

from pf_common.db_http import ReadSession, WriteSession
from pf_common.guards import require_store
from pf_common.idempotency import Idempotent
from pf_common.openapi import errors
from pf_common.pagination import PaginationDTO
from pf_common.pagination_http import PageQuery
from pf_common.principal import READ, STAFF, Principal
from pf_common.routing import APIRouter
from pf_common.schemas import Strict
from pf_orders.api.deps import IDEMPOTENCY_HOURS
from pf_orders.domain import reviews
from pf_orders.models import REVIEW_TITLE_MAX, Review

router = APIRouter(tags=["orders"])

_staff_guard = require_store(roles=STAFF)
Staff = Annotated[Principal, Depends(_staff_guard)]
Reader = Annotated[Principal, Depends(require_store(roles=READ))]

MAX_BODY: Final = 5000


class ReviewIn(Strict):
    vendor_store_id: UUID
    product_id: UUID | None = None
    order_id: UUID | None = None
    rating: Annotated[StrictInt, Field(ge=1, le=5, description="a whole number, 1-5")]
    title: Annotated[str, StringConstraints(min_length=1, max_length=REVIEW_TITLE_MAX)] | None = None
    body: Annotated[str, StringConstraints(min_length=1, max_length=MAX_BODY)] | None = None


class ReviewDTO(BaseModel):
    id: UUID
    review_type: str
    buyer_store_id: UUID
    buyer_user_id: UUID
    vendor_store_id: UUID
    product_id: UUID | None
    order_id: UUID | None
    rating: int
    title: str | None
    body: str | None
    is_verified_purchase: bool
    is_visible: bool
    created_at: datetime
    updated_at: datetime


class ReviewPage(BaseModel):
    reviews: list[ReviewDTO]
    pagination: PaginationDTO


def review_dto(review: Review) -> ReviewDTO:
    return ReviewDTO(
        id=review.id,
        review_type=review.review_type,
        buyer_store_id=review.buyer_store_id,
        buyer_user_id=review.buyer_user_id,
        vendor_store_id=review.vendor_store_id,
        product_id=review.product_id,
        order_id=review.order_id,
        rating=review.rating,
        title=review.title,
        body=review.body,
        is_verified_purchase=review.is_verified_purchase,
        is_visible=review.is_visible,
        created_at=review.created_at,
        updated_at=review.updated_at,
    )


@router.get(
    "/api/v1/stores/{store_id}/reviews",
    responses=errors(
        400,
        404,
        notes={
            400: "a bad `limit`, `cursor` or `page` (`details` names the field)",
            404: "the store is unknown, or not a vendor",
        },
    ),
)
async def list_store_reviews(
    store_id: UUID, session: ReadSession, principal: Reader, page: PageQuery
) -> dict[str, ReviewPage]:
    result = await reviews.list_vendor_reviews(session, store_id, page)
    return {
        "data": ReviewPage(
            reviews=[review_dto(r) for r in result.items], pagination=PaginationDTO.of(result.pagination)
        )
    }


@router.post(
    "/api/v1/reviews",
    status_code=201,
    # the role first: a viewer is 403 before the key is claimed
    dependencies=[Depends(_staff_guard), Idempotent(hours=IDEMPOTENCY_HOURS)],
    responses=errors(
        400,
        403,
        422,
        notes={
            400: "an invalid body, or the vendor is the active store (`details` names the field)",
            403: "no active store, or not a STAFF role (no active membership)",
            422: "no delivered or closed order of the active store with the vendor, `order_id` is not "
            "such an order, or `product_id` was not bought in one (`details` names the field)",
        },
    ),
)
async def create_review(body: ReviewIn, session: WriteSession, principal: Staff) -> dict[str, ReviewDTO]:
    review = await reviews.create_review(
        session,
        principal,
        reviews.ReviewDraft(
            vendor_store_id=body.vendor_store_id,
            rating=body.rating,
            product_id=body.product_id,
            order_id=body.order_id,
            title=body.title,
            body=body.body,
        ),
        now=datetime.now(UTC),
    )
    return {"data": review_dto(review)}


@router.delete(
    "/api/v1/reviews/{review_id}",
    responses=errors(
        403,
        404,
        notes={403: "not the review's author (another store, or another user)", 404: "unknown review"},
    ),
)
async def delete_review(review_id: UUID, session: WriteSession, principal: Reader) -> dict[str, None]:
    await reviews.delete_review(session, principal, review_id)
    return {"data": None}
