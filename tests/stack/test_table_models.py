"""Every service's SQLModel table models in one process (as tests/stack and the e2e runs import
them): each service's tables live on its own registry and MetaData, in its own schema, even where
two services declare a table of the same name (every ``outbox_events``; ``store_projection``)."""

from __future__ import annotations

import importlib
from itertools import combinations

import pytest
from sqlmodel import SQLModel

from pf_common.db import NAMING_CONVENTION, TableModel, make_registry
from pf_common.store_projection import store_projection_model

SERVICES = ("identity", "media", "catalog", "orders", "logistics", "finance", "ads", "analytics")
PLATFORM = {"outbox_events", "outbox_dlq", "processed_events"}


@pytest.fixture(scope="module")
def models() -> dict[str, object]:
    return {s: importlib.import_module(f"pf_{s}.models") for s in SERVICES}


def _mapped(module: object) -> list[type[TableModel]]:
    return [
        v
        for v in vars(module).values()
        if isinstance(v, type) and issubclass(v, TableModel) and "__table__" in v.__dict__
    ]


def test_each_service_has_one_metadata_of_its_schema(models):
    for service, module in models.items():
        metadata = module.metadata  # type: ignore[attr-defined]
        assert metadata.schema == service
        assert metadata.naming_convention == NAMING_CONVENTION
        assert {t.schema for t in metadata.tables.values()} == {service}
        assert {t.name for t in metadata.tables.values()} >= PLATFORM
        # its table models (and its platform tables) are declared on it
        for model in _mapped(module):
            assert model.__table__.metadata is metadata, model  # type: ignore[attr-defined]
        platform = module.platform  # type: ignore[attr-defined]
        assert {platform.outbox.metadata, platform.dlq.metadata, platform.processed.metadata} == {metadata}
    for (a, ma), (b, mb) in combinations(models.items(), 2):
        assert ma.metadata is not mb.metadata, (a, b)  # type: ignore[attr-defined]
        assert not set(ma.metadata.tables) & set(mb.metadata.tables), (a, b)  # type: ignore[attr-defined]
    assert not [t for t in SQLModel.metadata.tables.values() if t.schema in SERVICES]


def test_same_name_tables_of_two_services_stay_apart(models):
    outboxes = [m.platform.OutboxEvent for m in models.values()]  # type: ignore[attr-defined]
    assert {o.__table__.name for o in outboxes} == {"outbox_events"}
    assert sorted(o.__table__.schema for o in outboxes) == sorted(SERVICES)
    assert len({o.__mapper__.registry for o in outboxes}) == len(SERVICES)

    # catalog's store projection (pf_common's factory) next to one orders may declare later (on a
    # base like orders', not on orders' own registry: its models stay as they are)
    catalog = models["catalog"]
    store_projection = catalog.StoreProjection  # type: ignore[attr-defined]
    assert store_projection.__table__.fullname == "catalog.store_projection"
    assert store_projection.__table__.metadata is catalog.metadata  # type: ignore[attr-defined]
    assert store_projection.__module__ == "pf_catalog.models"

    class LaterOrdersTable(TableModel, registry=make_registry("orders")):
        pass

    other = store_projection_model(LaterOrdersTable, columns=("state",))
    assert other.__table__.fullname == "orders.store_projection"  # type: ignore[attr-defined]
    assert other.__table__.metadata is LaterOrdersTable.metadata  # type: ignore[attr-defined]
    assert "catalog.store_projection" not in LaterOrdersTable.metadata.tables
    assert "orders.store_projection" not in catalog.metadata.tables  # type: ignore[attr-defined]
