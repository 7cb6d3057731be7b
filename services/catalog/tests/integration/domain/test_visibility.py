"""The vendor gate of DOMAIN §4.5: the pure function and the SQL clause agree, on real rows.

A vendor is visible to a buyer iff it is a vendor, KYC ``verified``, subscribed, and in the
buyer's state (compared upper-cased and trimmed).
"""

from __future__ import annotations

import itertools
import uuid
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import psycopg

from pf_catalog.domain.visibility import vendor_name, vendor_visible, visible_vendor_clause
from pf_catalog.models import Product, StoreProjection

BUYER_STATE = "CA"
CASES = list(
    itertools.product(
        ["vendor", "buyer"],
        ["verified", "pending_verification", "suspended"],
        [True, False],
        ["CA", "NV"],
    )
)


def _case_id(case: tuple[str, str, bool, str]) -> str:
    store_type, kyc, subscribed, state = case
    return f"{store_type}-{kyc}-{'subscribed' if subscribed else 'unsubscribed'}-{state}"


async def make_projection(db_session, **over: Any) -> StoreProjection:
    values: dict[str, Any] = {
        "store_id": uuid.uuid4(),
        "type": "vendor",
        "company_name": "Green Acres LLC",
        "dba_name": None,
        "logo_url": None,
        "state": BUYER_STATE,
        "kyc_status": "verified",
        "subscription_active": True,
    }
    values.update(over)
    row = StoreProjection(**values)
    db_session.add(row)
    await db_session.flush()
    return row


async def visible_ids(db_session, buyer_state: str | None, among: list[uuid.UUID]) -> set[uuid.UUID]:
    stmt = sa.select(StoreProjection.store_id).where(
        visible_vendor_clause(StoreProjection, buyer_state), StoreProjection.store_id.in_(among)
    )
    return set((await db_session.execute(stmt)).scalars())


@pytest.mark.parametrize("case", CASES, ids=_case_id)
async def test_the_function_and_the_clause_agree(db_session, case):
    store_type, kyc, subscribed, state = case
    store = await make_projection(
        db_session, type=store_type, kyc_status=kyc, subscription_active=subscribed, state=state
    )
    expected = (store_type, kyc, subscribed, state) == ("vendor", "verified", True, BUYER_STATE)

    assert vendor_visible(store, BUYER_STATE) is expected
    in_query = await visible_ids(db_session, BUYER_STATE, [store.store_id])
    assert in_query == ({store.store_id} if expected else set())


async def test_one_query_over_every_case_returns_only_the_visible_vendor(db_session):
    # given one row per case (24 stores) in the database
    stores = []
    for store_type, kyc, subscribed, state in CASES:
        stores.append(
            await make_projection(
                db_session, type=store_type, kyc_status=kyc, subscription_active=subscribed, state=state
            )
        )
    ids = [s.store_id for s in stores]

    # when a buyer in CA (and one in NV) browses
    # then each sees exactly the rows the function lets through: one per state
    for buyer_state in ("CA", "NV"):
        by_function = {s.store_id for s in stores if vendor_visible(s, buyer_state)}
        assert len(by_function) == 1
        assert await visible_ids(db_session, buyer_state, ids) == by_function


@pytest.mark.parametrize("buyer_state", ["ca", " CA ", "Ca"])
async def test_the_buyer_state_is_compared_upper_cased_and_trimmed(db_session, buyer_state):
    store = await make_projection(db_session)

    assert vendor_visible(store, buyer_state) is True
    assert await visible_ids(db_session, buyer_state, [store.store_id]) == {store.store_id}


@pytest.mark.parametrize("buyer_state", [None, "", "  "])
async def test_without_a_buyer_state_no_vendor_is_visible(db_session, buyer_state):
    store = await make_projection(db_session)

    assert vendor_visible(store, buyer_state) is False
    assert await visible_ids(db_session, buyer_state, [store.store_id]) == set()


@pytest.mark.parametrize(
    "partial",
    [
        {"type": None, "company_name": None, "state": None},  # only KYC/subscription heard of so far
        {"type": None},  # store_updated before store_created
        {"state": None},
    ],
)
async def test_a_partial_projection_is_not_visible(db_session, partial):
    store = await make_projection(db_session, **partial)

    assert vendor_visible(store, BUYER_STATE) is False
    assert await visible_ids(db_session, BUYER_STATE, [store.store_id]) == set()


async def test_browse_joins_products_to_visible_vendors(db_session):
    # given a product of a visible vendor and one of a suspended vendor
    visible = await make_projection(db_session, dba_name="Green Acres", logo_url="https://cdn.example/l.png")
    hidden = await make_projection(db_session, kyc_status="suspended")
    products = []
    for store in (visible, hidden):
        product = Product(
            id=uuid.uuid4(),
            store_id=store.store_id,
            sku=f"SKU-{store.store_id.hex[:8]}",
            title="Blue Dream 3.5g",
            category="flower",
            feelings=["relaxed"],
            flavors=["earthy"],
            usage=["sleep"],
            unit="gram",
            price_cents=2500,
        )
        db_session.add(product)
        products.append(product)
    await db_session.flush()

    # when the buyer's browse joins on the projection
    stmt = (
        sa.select(Product.id, StoreProjection)
        .join(StoreProjection, StoreProjection.store_id == Product.store_id)
        .where(visible_vendor_clause(StoreProjection, "ca"), Product.id.in_([p.id for p in products]))
    )
    rows = (await db_session.execute(stmt)).all()

    # then only the visible vendor's product comes back, with its vendor's name and logo
    assert [
        (product_id, store.store_id, vendor_name(store), store.logo_url) for product_id, store in rows
    ] == [(products[0].id, visible.store_id, "Green Acres", "https://cdn.example/l.png")]


async def test_the_clause_matches_the_partial_index_even_in_a_generic_plan(db_session):
    # the constants render inline, so a prepared statement's generic plan (psycopg prepares
    # statements run often) can still prove the predicate of ix_store_projection_visible_vendors
    stmt = sa.select(StoreProjection.store_id).where(visible_vendor_clause(StoreProjection, "CA"))
    dialect = psycopg.dialect(paramstyle="numeric_dollar")
    sql = str(stmt.compile(dialect=dialect, compile_kwargs={"render_postcompile": True}))
    assert sql.count("$") == 1  # only the state is a parameter

    await db_session.execute(sa.text("SET LOCAL enable_seqscan = off"))
    await db_session.execute(sa.text("SET LOCAL plan_cache_mode = force_generic_plan"))
    await db_session.execute(sa.text(f"PREPARE visible_vendors AS {sql}"))
    try:
        plan = (await db_session.execute(sa.text("EXPLAIN EXECUTE visible_vendors('CA')"))).scalars().all()
    finally:
        await db_session.execute(sa.text("DEALLOCATE visible_vendors"))

    assert any("ix_store_projection_visible_vendors" in line for line in plan), plan


@pytest.mark.parametrize(
    ("dba_name", "company_name", "name"),
    [("Green Acres", "Green Acres LLC", "Green Acres"), (None, "Green Acres LLC", "Green Acres LLC")],
)
async def test_vendor_name_prefers_the_dba_name(db_session, dba_name, company_name, name):
    store = await make_projection(db_session, dba_name=dba_name, company_name=company_name)

    assert vendor_name(store) == name


async def _product_of(db_session, store: StoreProjection) -> Product:
    product = Product(
        id=uuid.uuid4(),
        store_id=store.store_id,
        sku=f"VS-{uuid.uuid4().hex[:8]}",
        title="Gate Check",
        category="flower",
        feelings=["happy"],
        flavors=["sweet"],
        usage=["sleep"],
        unit="gram",
        price_cents=100,
    )
    db_session.add(product)
    await db_session.flush()
    await db_session.refresh(product)
    return product


@pytest.mark.parametrize("case", CASES, ids=_case_id)
async def test_the_products_visible_state_trigger_agrees_with_the_function(db_session, case):
    # the column browse filters on is kept by triggers (migration catalog_0004): on product insert,
    # and when the vendor's projection row changes
    store_type, kyc, subscribed, state = case
    store = await make_projection(
        db_session, type=store_type, kyc_status=kyc, subscription_active=subscribed, state=state
    )
    product = await _product_of(db_session, store)
    assert product.visible_state == (state if vendor_visible(store, state) else None)

    # every column of the gate flips it, and flipping back restores it
    for column, other in (
        ("kyc_status", "verified" if kyc != "verified" else "suspended"),
        ("subscription_active", not subscribed),
        ("state", "NV" if state == "CA" else "CA"),
        ("type", "buyer" if store_type == "vendor" else "vendor"),
    ):
        before = getattr(store, column)
        for value in (other, before):
            await db_session.execute(
                sa.update(StoreProjection)
                .where(StoreProjection.store_id == store.store_id)
                .values({column: value})
            )
            await db_session.refresh(store)
            await db_session.refresh(product)
            expected = store.state if vendor_visible(store, store.state) else None
            assert product.visible_state == expected, (column, value)


async def test_a_product_of_a_store_not_projected_yet_becomes_visible_when_the_store_arrives(db_session):
    store_id = uuid.uuid4()
    product = await _product_of(db_session, StoreProjection(store_id=store_id))
    assert product.visible_state is None

    await make_projection(db_session, store_id=store_id)

    await db_session.refresh(product)
    assert product.visible_state == BUYER_STATE
