"""Reviews of vendor stores (API.md §3.4, DOMAIN §5.4 reviews, G-1): create needs a delivered or
closed order between the caller's store (as buyer) and the vendor; only the author deletes; the
storefront list shows visible reviews, newest first, in cursor pages."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from orders_factories import line_item_values, make_store

from pf_common.ids import uuid7
from pf_common.openapi import documented_codes, problems
from pf_orders.models import OrderLineItem, Review, VendorOrder

REVIEWS = "/api/v1/reviews"
T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
REVIEW_TABLE: sa.Table = Review.__table__  # type: ignore[assignment]


@pytest.fixture
async def buyer(as_store, db_session):
    actor = await as_store("buyer", "staff")
    await make_store(db_session, "buyer", store_id=actor.store_id)
    return actor


@pytest.fixture
async def vendor(as_store, db_session):
    actor = await as_store("vendor", "ops")
    await make_store(db_session, "vendor", store_id=actor.store_id, name="Green Valley")
    return actor


async def make_order(
    session, buyer_id: uuid.UUID, vendor_id: uuid.UUID, status: str = "delivered", **line: Any
) -> VendorOrder:
    """A vendor order in ``status`` with one fulfilled line (``line`` overrides its columns)."""
    order = VendorOrder(
        id=uuid7(),
        cart_id=uuid7(),
        checkout_group_id=uuid7(),
        buyer_store_id=buyer_id,
        vendor_store_id=vendor_id,
        status=status,
        fulfillment_status="fulfilled",
        shipping_status="delivered" if status in ("delivered", "closed") else "pending",
        payment_status="unpaid",
        refund_status="none",
        payment_method="cash",
        currency="USD",
        subtotal_cents=2000,
        discounts_cents=0,
        promo_discount_cents=0,
        tax_cents=0,
        transport_fee_cents=0,
        total_cents=2000,
        balance_due_cents=2000,
        buyer_snapshot={"company_name": "Buyer Co"},
        vendor_snapshot={"company_name": "Green Valley"},
        created_at=T0,
        updated_at=T0,
    )
    session.add(order)
    await session.flush()
    session.add(OrderLineItem(**line_item_values(order.id, **{"status": "fulfilled", **line})))
    await session.flush()
    return order


async def insert_review(
    session,
    vendor_id: uuid.UUID,
    *,
    created_at: datetime = T0,
    is_visible: bool = True,
    buyer_store_id: uuid.UUID | None = None,
    buyer_user_id: uuid.UUID | None = None,
) -> uuid.UUID:
    review_id = uuid7()
    await session.execute(
        sa.insert(REVIEW_TABLE).values(
            id=review_id,
            review_type="store",
            buyer_store_id=buyer_store_id or uuid7(),
            buyer_user_id=buyer_user_id or uuid7(),
            vendor_store_id=vendor_id,
            rating=4,
            is_verified_purchase=True,
            is_visible=is_visible,
            created_at=created_at,
            updated_at=created_at,
        )
    )
    return review_id


async def count_reviews(session) -> int:
    return int((await session.execute(sa.select(sa.func.count()).select_from(REVIEW_TABLE))).scalar_one())


async def post_review(client, actor, headers: dict[str, str] | None = None, **json: Any):
    body = {k: str(v) if isinstance(v, uuid.UUID) else v for k, v in json.items()}
    return await client.post(REVIEWS, json=body, headers=headers or actor.with_idempotency())


async def list_reviews(client, actor, store_id: uuid.UUID, **params: Any):
    return await client.get(f"/api/v1/stores/{store_id}/reviews", params=params, headers=actor.headers)


def listed(response) -> list[str]:
    return [r["id"] for r in response.json()["data"]["reviews"]]


# --- create -----------------------------------------------------------------------------------


async def test_a_buyer_with_a_delivered_order_reviews_the_vendor(client, db_session, buyer, vendor):
    product_id = uuid7()
    order = await make_order(db_session, buyer.store_id, vendor.store_id, product_id=product_id)

    r = await post_review(
        client,
        buyer,
        vendor_store_id=vendor.store_id,
        order_id=order.id,
        product_id=product_id,
        rating=5,
        title="  Fast and friendly  ",
        body="Everything arrived as ordered.",
    )

    assert r.status_code == 201, r.text
    data = r.json()["data"]
    assert {k: v for k, v in data.items() if k not in ("id", "created_at", "updated_at")} == {
        "review_type": "store",
        "buyer_store_id": str(buyer.store_id),
        "buyer_user_id": str(buyer.user_id),
        "vendor_store_id": str(vendor.store_id),
        "product_id": str(product_id),
        "order_id": str(order.id),
        "rating": 5,
        "title": "Fast and friendly",
        "body": "Everything arrived as ordered.",
        "is_verified_purchase": True,
        "is_visible": True,
    }
    assert data["created_at"] == data["updated_at"]
    row = (await db_session.execute(sa.select(REVIEW_TABLE))).mappings().one()
    assert (str(row["id"]), row["rating"], row["buyer_user_id"]) == (data["id"], 5, buyer.user_id)
    listing = await list_reviews(client, buyer, vendor.store_id)
    assert listed(listing) == [data["id"]]


async def test_a_closed_order_qualifies_and_order_and_product_are_optional(client, db_session, buyer, vendor):
    await make_order(db_session, buyer.store_id, vendor.store_id, status="closed")

    r = await post_review(client, buyer, vendor_store_id=vendor.store_id, rating=3)

    assert r.status_code == 201, r.text
    data = r.json()["data"]
    assert (data["order_id"], data["product_id"], data["title"], data["body"]) == (None, None, None, None)


async def test_a_vendor_buying_from_another_vendor_may_review_it(client, db_session, as_store, vendor):
    buying_vendor = await as_store("vendor", "staff")
    await make_store(db_session, "vendor", store_id=buying_vendor.store_id)
    await make_order(db_session, buying_vendor.store_id, vendor.store_id)

    r = await post_review(client, buying_vendor, vendor_store_id=vendor.store_id, rating=4)

    assert r.status_code == 201, r.text
    assert r.json()["data"]["buyer_store_id"] == str(buying_vendor.store_id)


async def test_orders_not_delivered_do_not_qualify(client, db_session, buyer, vendor):
    for status in ("created_pending", "accepted", "ready_for_dispatch", "in_transit", "canceled", "expired"):
        await make_order(db_session, buyer.store_id, vendor.store_id, status=status)
    await make_order(db_session, uuid7(), vendor.store_id)  # another buyer's delivered order

    r = await post_review(client, buyer, vendor_store_id=vendor.store_id, rating=5)

    assert r.status_code == 422, r.text
    error = r.json()["error"]
    assert error["code"] == "STATE_CONFLICT"
    assert error["details"] == {
        "vendor_store_id": "no delivered or closed order of the active store with this vendor"
    }
    assert await count_reviews(db_session) == 0


async def test_a_named_order_must_be_a_delivered_order_of_this_pair(client, db_session, buyer, vendor):
    await make_order(db_session, buyer.store_id, vendor.store_id)  # the pair does qualify
    pending = await make_order(db_session, buyer.store_id, vendor.store_id, status="in_transit")
    other_vendor = await make_store(db_session, "vendor")
    elsewhere = await make_order(db_session, buyer.store_id, other_vendor)

    answers = [
        await post_review(client, buyer, vendor_store_id=vendor.store_id, order_id=order_id, rating=4)
        for order_id in (pending.id, elsewhere.id, uuid7())
    ]

    assert [a.status_code for a in answers] == [422, 422, 422]
    assert {tuple(a.json()["error"]["details"]) for a in answers} == {("order_id",)}
    assert await count_reviews(db_session) == 0


async def test_a_named_product_must_have_been_bought_from_the_vendor(client, db_session, buyer, vendor):
    bought, refused = uuid7(), uuid7()
    await make_order(db_session, buyer.store_id, vendor.store_id, product_id=bought)
    await make_order(db_session, buyer.store_id, vendor.store_id, product_id=refused, status="delivered")
    await db_session.execute(
        sa.update(OrderLineItem.__table__)  # type: ignore[arg-type]
        .where(OrderLineItem.__table__.c.product_id == refused)  # type: ignore[attr-defined]
        .values(status="rejected")
    )

    answers = [
        await post_review(client, buyer, vendor_store_id=vendor.store_id, product_id=p, rating=4)
        for p in (refused, uuid7())
    ]

    assert [a.status_code for a in answers] == [422, 422]
    assert {tuple(a.json()["error"]["details"]) for a in answers} == {("product_id",)}
    assert await count_reviews(db_session) == 0


async def test_a_vendor_cannot_review_itself(client, db_session, vendor):
    r = await post_review(client, vendor, vendor_store_id=vendor.store_id, rating=5)

    assert r.status_code == 400, r.text
    assert r.json()["error"]["details"] == {"vendor_store_id": "a store cannot review itself"}
    assert await count_reviews(db_session) == 0


@pytest.mark.parametrize("rating", [0, 6, 2.5, "4", None])
async def test_the_rating_is_a_whole_number_from_1_to_5(client, db_session, buyer, vendor, rating):
    await make_order(db_session, buyer.store_id, vendor.store_id)

    r = await post_review(client, buyer, vendor_store_id=vendor.store_id, rating=rating)

    assert r.status_code == 400, r.text
    error = r.json()["error"]
    assert error["code"] == "VALIDATION_ERROR"
    assert "rating" in error["details"]
    assert await count_reviews(db_session) == 0


async def test_title_at_most_150_characters_body_at_most_5000(client, db_session, buyer, vendor):
    await make_order(db_session, buyer.store_id, vendor.store_id)

    long_title = await post_review(client, buyer, vendor_store_id=vendor.store_id, rating=4, title="t" * 151)
    long_body = await post_review(client, buyer, vendor_store_id=vendor.store_id, rating=4, body="b" * 5001)
    unknown = await post_review(client, buyer, vendor_store_id=vendor.store_id, rating=4, stars=5)
    fits = await post_review(
        client, buyer, vendor_store_id=vendor.store_id, rating=4, title="t" * 150, body="b" * 5000
    )

    assert (long_title.status_code, long_body.status_code, unknown.status_code) == (400, 400, 400)
    assert "title" in long_title.json()["error"]["details"]
    assert "body" in long_body.json()["error"]["details"]
    assert fits.status_code == 201, fits.text
    assert fits.json()["data"]["title"] == "t" * 150
    assert await count_reviews(db_session) == 1


async def test_a_viewer_cannot_review(client, db_session, as_store, buyer, vendor):
    viewer = await as_store("buyer", "viewer", store_id=buyer.store_id)
    await make_order(db_session, buyer.store_id, vendor.store_id)

    r = await post_review(client, viewer, vendor_store_id=vendor.store_id, rating=5)

    assert r.status_code == 403, r.text
    assert r.json()["error"]["code"] == "FORBIDDEN"
    assert await count_reviews(db_session) == 0


async def test_an_idempotency_key_is_required_and_a_repeat_replays(client, db_session, buyer, vendor):
    await make_order(db_session, buyer.store_id, vendor.store_id)

    missing = await post_review(
        client, buyer, headers=buyer.headers, vendor_store_id=vendor.store_id, rating=5
    )
    headers = buyer.with_idempotency()
    first = await post_review(client, buyer, headers=headers, vendor_store_id=vendor.store_id, rating=5)
    again = await post_review(client, buyer, headers=headers, vendor_store_id=vendor.store_id, rating=5)

    assert missing.status_code == 400, missing.text
    assert missing.json()["error"]["details"] == {"Idempotency-Key": "required"}
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.content == first.content
    assert again.headers["idempotent-replayed"] == "true"
    assert await count_reviews(db_session) == 1


# --- delete -----------------------------------------------------------------------------------


async def test_only_the_author_deletes_and_the_review_leaves_the_list(
    client, db_session, as_store, buyer, vendor, other_store
):
    await make_order(db_session, buyer.store_id, vendor.store_id)
    created = await post_review(client, buyer, vendor_store_id=vendor.store_id, rating=2)
    review_id = created.json()["data"]["id"]
    colleague = await as_store("buyer", "owner", store_id=buyer.store_id)
    same_user_elsewhere = await as_store("buyer", "owner", user_id=buyer.user_id)

    by_other_store = await client.delete(f"{REVIEWS}/{review_id}", headers=other_store.headers)
    by_colleague = await client.delete(f"{REVIEWS}/{review_id}", headers=colleague.headers)
    by_author_elsewhere = await client.delete(f"{REVIEWS}/{review_id}", headers=same_user_elsewhere.headers)
    still_listed = await list_reviews(client, other_store, vendor.store_id)
    by_author = await client.delete(f"{REVIEWS}/{review_id}", headers=buyer.headers)
    again = await client.delete(f"{REVIEWS}/{review_id}", headers=buyer.headers)
    after = await list_reviews(client, other_store, vendor.store_id)

    assert [by_other_store.status_code, by_colleague.status_code, by_author_elsewhere.status_code] == [
        403,
        403,
        403,
    ]
    assert by_colleague.json()["error"]["code"] == "FORBIDDEN"
    assert listed(still_listed) == [review_id]
    assert by_author.status_code == 200, by_author.text
    assert by_author.json() == {"data": None}
    assert again.status_code == 404
    assert again.json()["error"]["code"] == "NOT_FOUND"
    assert listed(after) == []
    assert await count_reviews(db_session) == 0


async def test_deleting_an_unknown_review_is_404(client, buyer):
    r = await client.delete(f"{REVIEWS}/{uuid7()}", headers=buyer.headers)

    assert r.status_code == 404
    assert r.json()["error"]["code"] == "NOT_FOUND"


# --- list -------------------------------------------------------------------------------------


async def test_hidden_reviews_and_other_vendors_reviews_are_not_listed(client, db_session, buyer, vendor):
    other_vendor = await make_store(db_session, "vendor")
    shown = await insert_review(db_session, vendor.store_id)
    await insert_review(db_session, vendor.store_id, is_visible=False, created_at=T0 + timedelta(hours=1))
    await insert_review(db_session, other_vendor)

    r = await list_reviews(client, buyer, vendor.store_id)

    assert r.status_code == 200, r.text
    assert listed(r) == [str(shown)]
    assert r.json()["data"]["pagination"]["total"] == 1


async def test_pages_run_newest_first_across_cursors(client, db_session, as_store, vendor):
    reader = await as_store("buyer", "viewer")
    ids = [
        str(await insert_review(db_session, vendor.store_id, created_at=T0 + timedelta(minutes=n)))
        for n in range(5)
    ]
    newest_first = ids[::-1]

    first = await list_reviews(client, reader, vendor.store_id, limit=2)
    cursor = first.json()["data"]["pagination"]["next"]
    second = await list_reviews(client, reader, vendor.store_id, limit=2, cursor=cursor, page=2)
    third = await list_reviews(
        client, reader, vendor.store_id, limit=2, cursor=second.json()["data"]["pagination"]["next"]
    )
    bad = await list_reviews(client, reader, vendor.store_id, cursor="nope")
    too_many = await list_reviews(client, reader, vendor.store_id, limit=101)

    assert listed(first) + listed(second) + listed(third) == newest_first
    page = second.json()["data"]["pagination"]
    assert (page["page"], page["total"], page["current"], page["prev"]) == (2, 5, cursor, cursor)
    assert page["first"] == first.json()["data"]["pagination"]["first"] != ""
    assert third.json()["data"]["pagination"]["next"] == ""
    assert (bad.status_code, too_many.status_code) == (400, 400)
    assert "cursor" in bad.json()["error"]["details"]
    assert "limit" in too_many.json()["error"]["details"]


async def test_listing_an_unknown_store_or_a_buyer_is_404(client, buyer):
    unknown = await list_reviews(client, buyer, uuid7())
    not_a_vendor = await list_reviews(client, buyer, buyer.store_id)

    assert (unknown.status_code, not_a_vendor.status_code) == (404, 404)
    assert unknown.json()["error"]["code"] == "NOT_FOUND"


async def test_the_list_needs_a_store_context(client, mint_actor, vendor):
    no_store = await mint_actor()

    r = await client.get(f"/api/v1/stores/{vendor.store_id}/reviews", headers=no_store.headers)

    assert r.status_code == 403
    assert (await client.get(f"/api/v1/stores/{vendor.store_id}/reviews")).status_code == 401


# --- the document -----------------------------------------------------------------------------


async def test_the_document_lists_what_these_routes_answer(app, client):
    doc = (await client.get("/openapi.json")).json()

    assert problems(app, doc) == []
    assert set(documented_codes(doc, "POST", REVIEWS)) == {400, 401, 403, 409, 413, 422, 503}
    assert set(documented_codes(doc, "DELETE", f"{REVIEWS}/{{review_id}}")) == {400, 401, 403, 404, 503}
    assert set(documented_codes(doc, "GET", "/api/v1/stores/{store_id}/reviews")) == {
        400, 401, 403, 404, 503,
    }  # fmt: skip
