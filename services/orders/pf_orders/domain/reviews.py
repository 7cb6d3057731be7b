"""Reviews of vendor stores by buyer stores (DOMAIN §5.4 reviews, API.md §3.4; optional module, G-1).

* :func:`create_review` — the caller's active store (a buyer, or a vendor buying: G-2) reviews a
  vendor. Eligibility is purchase history, which is why orders owns reviews: at least one
  ``delivered``/``closed`` vendor order with the caller's store as buyer and that vendor (else
  400 naming ``vendor_store_id``). An ``order_id`` must be such an order of this pair (else 400
  naming ``order_id``); a ``product_id`` must be a non-rejected line of such an order (of that
  order when one is named; else 400 naming ``product_id``). A store never reviews itself (400).
  Only ``review_type = store`` is written (MVP), always ``is_verified_purchase = true`` and
  visible. A store may review a vendor more than once (the spec sets no uniqueness).
* :func:`delete_review` — only its author: the same buyer store (``owned``) and the same user.
  Another store's or another user's review is 403, an unknown id 404. A hard delete.
* :func:`list_vendor_reviews` — a directory read (DOMAIN §4.1: storefront reviews are not
  scoped to the active store): a vendor's visible reviews, newest first, keyset pages. 404 when
  the store is unknown to orders' store projection or is not a vendor.

Membership: "create requires an active membership of the author in the buyer store". orders keeps
no membership data; the proof is the access token, whose active store and STAFF role the route's
guard checks together with the live-session check on every request (identity revokes a removed
member's sessions, so its token stops authenticating). The use case therefore takes the
principal's active store and user as the author.

Every comparison with the caller's store goes through ``pf_common.tenancy`` (``scoped``,
``owned``, ``is_active_store``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from pf_common.errors import Forbidden, NotFound, StateConflict, ValidationFailed
from pf_common.events.common import LineItemStatus, VendorOrderStatus
from pf_common.ids import uuid7
from pf_common.logging import get_logger
from pf_common.pagination import Page, PageParams, paginate
from pf_common.principal import Principal
from pf_common.tenancy import active_store_id, is_active_store, owned, scoped
from pf_orders.domain.errors import VendorNotFound
from pf_orders.models import OrderLineItem, Review, StoreProjection, VendorOrder

log = get_logger(__name__)

STORE_REVIEW: Final = "store"
VENDOR: Final = "vendor"
#: the order statuses that make a purchase reviewable (DOMAIN §5.4, G-1)
REVIEWABLE_STATUSES: Final = (VendorOrderStatus.DELIVERED.value, VendorOrderStatus.CLOSED.value)


class NotEligible(StateConflict):
    """422: the purchase history does not (yet) allow the review, by field (``details``): a
    state the request schema cannot state, unlike a malformed body (400)."""

    default_message = "no delivered or closed order with this vendor"


class OwnStoreReview(ValidationFailed):
    default_message = "a store cannot review itself"


class ReviewNotFound(NotFound):
    default_message = "review not found"


class NotTheAuthor(Forbidden):
    default_message = "only the review's author may delete it"


@dataclass(frozen=True, slots=True)
class ReviewDraft:
    """A review as the route validated it (rating 1-5, title ≤150, body ≤5000)."""

    vendor_store_id: UUID
    rating: int
    product_id: UUID | None = None
    order_id: UUID | None = None
    title: str | None = None
    body: str | None = None


def _reviewable_orders(principal: Principal, draft: ReviewDraft) -> Any:
    """The caller's delivered/closed orders (as buyer) with the draft's vendor, and with its
    ``order_id`` when it names one."""
    stmt = sa.select(col(VendorOrder.id)).where(
        col(VendorOrder.vendor_store_id) == draft.vendor_store_id,
        col(VendorOrder.status).in_(REVIEWABLE_STATUSES),
    )
    if draft.order_id is not None:
        stmt = stmt.where(col(VendorOrder.id) == draft.order_id)
    return scoped(stmt, VendorOrder, principal, column="buyer_store_id")


async def _exists(session: AsyncSession, stmt: Any) -> bool:
    return bool((await session.execute(sa.select(stmt.exists()))).scalar_one())


async def _ensure_eligible(session: AsyncSession, principal: Principal, draft: ReviewDraft) -> None:
    orders = _reviewable_orders(principal, draft)
    if not await _exists(session, orders):
        if draft.order_id is not None:
            raise NotEligible(
                "the order is not a delivered or closed order of the active store with this vendor",
                details={"order_id": "not a delivered or closed order of the active store with this vendor"},
                reason="review_order_not_eligible",
            )
        raise NotEligible(
            details={"vendor_store_id": "no delivered or closed order of the active store with this vendor"},
            reason="review_no_qualifying_order",
        )
    if draft.product_id is None:
        return
    bought = sa.select(col(OrderLineItem.id)).where(
        col(OrderLineItem.order_id).in_(orders.scalar_subquery()),
        col(OrderLineItem.product_id) == draft.product_id,
        col(OrderLineItem.status) != LineItemStatus.REJECTED.value,
    )
    if not await _exists(session, bought):
        raise NotEligible(
            "the product was not bought in a delivered or closed order with this vendor",
            details={"product_id": "not bought in a delivered or closed order with this vendor"},
            reason="review_product_not_bought",
        )


async def create_review(
    session: AsyncSession, principal: Principal, draft: ReviewDraft, *, now: datetime
) -> Review:
    """A verified store review of ``draft.vendor_store_id`` by the caller's store and user."""
    buyer_store_id = active_store_id(principal)  # 403 without an active store
    if is_active_store(principal, draft.vendor_store_id):
        raise OwnStoreReview(
            details={"vendor_store_id": "a store cannot review itself"}, reason="review_own_store"
        )
    await _ensure_eligible(session, principal, draft)
    review = Review(
        id=uuid7(),
        review_type=STORE_REVIEW,
        buyer_store_id=buyer_store_id,
        buyer_user_id=principal.user_id,
        vendor_store_id=draft.vendor_store_id,
        product_id=draft.product_id,
        order_id=draft.order_id,
        rating=draft.rating,
        title=draft.title,
        body=draft.body,
        is_verified_purchase=True,
        is_visible=True,
        created_at=now,
        updated_at=now,
    )
    session.add(review)
    await session.flush()
    log.info("orders.review.created", review_id=str(review.id), vendor_store_id=str(draft.vendor_store_id))
    return review


async def delete_review(session: AsyncSession, principal: Principal, review_id: UUID) -> None:
    """Delete the caller's own review: 404 unknown, 403 another store's or another user's."""
    row = (
        await session.execute(
            sa.select(Review, owned(Review, principal, column="buyer_store_id").label("own")).where(
                col(Review.id) == review_id
            )
        )
    ).one_or_none()
    if row is None:
        raise ReviewNotFound(reason="review_not_found")
    review: Review = row[0]
    if not row.own or review.buyer_user_id != principal.user_id:
        raise NotTheAuthor(reason="review_not_author")
    await session.delete(review)
    await session.flush()
    log.info("orders.review.deleted", review_id=str(review_id))


async def list_vendor_reviews(session: AsyncSession, vendor_store_id: UUID, page: PageParams) -> Page[Review]:
    """One page of a vendor's visible reviews (``created_at DESC, id DESC``); 404 when the store is
    unknown to the projection or not a vendor."""
    store_type = (
        await session.execute(
            sa.select(col(StoreProjection.type)).where(col(StoreProjection.store_id) == vendor_store_id)
        )
    ).scalar_one_or_none()
    if store_type != VENDOR:
        raise VendorNotFound(reason="review_vendor_not_found")
    stmt = sa.select(Review).where(col(Review.vendor_store_id) == vendor_store_id, col(Review.is_visible))
    return await paginate(
        session, stmt, created_at_col=col(Review.created_at), id_col=col(Review.id), params=page
    )
