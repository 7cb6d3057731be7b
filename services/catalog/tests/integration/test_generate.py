"""The search-scale fixture generator (``python -m pf_catalog.generate``), small."""

from __future__ import annotations

import io
import os

import pytest
import sqlalchemy as sa

from pf_catalog.generate import GenerateError, generate, main
from pf_common.migrations import upgrade
from pf_common.testing.plugin import service_dir


@pytest.fixture(scope="module")
def fixture_db(pf_servers):
    url = pf_servers.create_database(f"catalog_generate_{os.getpid()}", drop=True)
    upgrade(service_dir("catalog"), url)
    yield url
    pf_servers.drop_database(f"catalog_generate_{os.getpid()}")


def _one(url: str, sql: str) -> object:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        value = conn.execute(sa.text(sql)).scalar_one()
    engine.dispose()
    return value


def test_it_loads_stores_products_inventory_and_tiers(fixture_db):
    out = io.StringIO()

    summary = generate(fixture_db, products=2_000, stores=20, seed=7, batch=700, out=out)

    assert (summary.vendors, summary.buyers, summary.products, summary.visible_vendors) == (20, 2, 2_000, 17)
    assert _one(fixture_db, "SELECT count(*) FROM catalog.store_projection WHERE type = 'vendor'") == 20
    assert _one(fixture_db, "SELECT count(*) FROM catalog.store_projection WHERE type = 'buyer'") == 2
    visible = _one(
        fixture_db,
        "SELECT count(*) FROM catalog.store_projection "
        "WHERE type = 'vendor' AND kyc_status = 'verified' AND subscription_active",
    )
    assert visible == 17  # 85% of the vendors pass the gate, exactly
    assert _one(fixture_db, "SELECT count(*) FROM catalog.products") == 2_000
    assert _one(fixture_db, "SELECT count(*) FROM catalog.inventory_items") == 2_000
    no_inventory = (
        "SELECT count(*) FROM catalog.products p "
        "LEFT JOIN catalog.inventory_items i ON i.product_id = p.id WHERE i.product_id IS NULL"
    )
    assert _one(fixture_db, no_inventory) == 0
    mismatched = (
        "SELECT count(*) FROM catalog.products p JOIN catalog.inventory_items i ON i.product_id = p.id "
        "WHERE i.store_id <> p.store_id"
    )
    assert _one(fixture_db, mismatched) == 0
    named = (
        "SELECT count(*) FROM catalog.products p JOIN catalog.store_projection s ON s.store_id = p.store_id "
        "WHERE s.type = 'vendor' AND p.vendor_name = s.company_name"
    )
    assert _one(fixture_db, named) == 2_000
    assert _one(fixture_db, "SELECT count(DISTINCT store_id) FROM catalog.products") == 20  # none empty
    tiers = _one(fixture_db, "SELECT count(*) FROM catalog.product_volume_discounts")
    assert tiers == summary.volume_discounts > 0
    on_visible = _one(
        fixture_db,
        "SELECT count(*) FROM catalog.products p JOIN catalog.store_projection s ON s.store_id = p.store_id "
        "WHERE p.is_active AND s.kyc_status = 'verified' AND s.subscription_active",
    )
    assert on_visible == summary.visible_products
    assert 0 < on_visible < 2_000  # hidden vendors have listings too (their share varies with the skew)
    # the computed columns are Postgres's
    assert _one(fixture_db, "SELECT count(*) FROM catalog.products WHERE search_text = ''") == 0
    promos = _one(fixture_db, "SELECT count(*) FROM catalog.products WHERE has_promo")
    assert 0 < promos < 2_000
    assert "products 2,000/2,000" in out.getvalue()

    with pytest.raises(GenerateError, match="already loaded"):
        generate(fixture_db, products=10, stores=2, seed=7, out=io.StringIO())
    assert _one(fixture_db, "SELECT count(*) FROM catalog.products") == 2_000


def test_the_same_seed_plans_the_same_catalogue(fixture_db):
    import random

    from pf_catalog.generate import plan_stores, product_counts

    first = plan_stores(random.Random("x"), 50)
    assert first == plan_stores(random.Random("x"), 50)
    counts = product_counts(random.Random("x"), 50, 10_000)
    assert sum(counts) == 10_000 and min(counts) >= 1 and max(counts) > 10 * min(counts)
    assert product_counts(random.Random("x"), 5, 3) == [1, 1, 1, 0, 0]


def test_it_refuses_production(settings_factory, fixture_db, capsys):
    before = _one(fixture_db, "SELECT count(*) FROM catalog.store_projection")

    code = main(
        ["--products", "10", "--stores", "2", "--seed", "99"],
        settings=settings_factory(environment="prod", database_url=fixture_db),
    )

    assert code == 2 and "refusing" in capsys.readouterr().err
    assert _one(fixture_db, "SELECT count(*) FROM catalog.store_projection") == before


def test_a_large_load_builds_rows_in_a_child_and_rebuilds_the_indexes(fixture_db, monkeypatch):
    import pf_catalog.generate as generator

    index_names = (
        "SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes "
        "WHERE schemaname = 'catalog' AND tablename = 'products'"
    )
    before_indexes = _one(fixture_db, index_names)
    before = _one(fixture_db, "SELECT count(*) FROM catalog.products")
    monkeypatch.setattr(generator, "CHILD_PROCESS_FROM", 1)
    monkeypatch.setattr(generator, "REBUILD_INDEXES_FROM", 1)
    out = io.StringIO()

    summary = generate(fixture_db, products=3_000, stores=10, seed=8, batch=1_000, out=out)

    assert summary.products == 3_000
    assert _one(fixture_db, "SELECT count(*) FROM catalog.products") == before + 3_000
    assert _one(fixture_db, "SELECT count(*) FROM catalog.inventory_items") == before + 3_000
    assert _one(fixture_db, index_names) == before_indexes
    assert "secondary indexes of products dropped" in out.getvalue() and "rebuilt" in out.getvalue()
