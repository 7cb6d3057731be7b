"""pf_common.db's SQLModel table bases: one registry and MetaData per service schema, the ORM's
semantics kept (identity, strict constructor, server-filled columns left to the database), and
pf_common's table factories (platform tables, store projection) on top of them."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import datetime
from typing import TYPE_CHECKING, Any

import pytest
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, create_async_engine
from sqlmodel import Field, SQLModel, select

from pf_common.db import NAMING_CONVENTION, TableModel, make_metadata, make_registry, table_base
from pf_common.platform_tables import add_platform_tables, platform_tables_for
from pf_common.store_projection import add_store_projection, store_projection_model

if TYPE_CHECKING:
    from pf_common.testing.servers import TestServers

SCHEMA_A = "pf_table_models_a"
SCHEMA_B = "pf_table_models_b"


class ATable(TableModel, registry=make_registry(SCHEMA_A)):
    """A service's base (as in a ``models.py``)."""


class BTable(TableModel, registry=make_registry(SCHEMA_B)):
    """Another service's base, in the same process (as in tests/stack)."""


A_PLATFORM = add_platform_tables(ATable)
B_PLATFORM = add_platform_tables(BTable)
AStoreProjection = store_projection_model(ATable, columns=("state", "kyc_status"))
BStoreProjection = store_projection_model(
    BTable,
    columns=("company_name", "subscription_active", "updated_at"),
    extra=(
        sa.Column("billing_blocked", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Index("ix_store_projection_company_name", "company_name"),
    ),
)


class Widget(ATable, table=True):
    """Server default, trigger-like fetched value, generated column, nullable column."""

    __tablename__ = "widgets"
    __mapper_args__ = {"eager_defaults": True}
    __table_args__ = (sa.CheckConstraint("qty >= 0", name="qty_non_negative"),)

    id: uuid.UUID = Field(primary_key=True)
    name: str = Field(sa_type=sa.Text)
    qty: int = Field(nullable=False, sa_column_kwargs={"server_default": "0"})
    note: str | None = Field(default=None, sa_type=sa.Text)
    doubled: int = Field(nullable=False, sa_column_args=[sa.Computed("qty * 2", persisted=True)])
    created_at: datetime = Field(
        sa_type=sa.DateTime(timezone=True), sa_column_kwargs={"server_default": sa.func.now()}
    )


class SameName(BTable, table=True):
    """A table of B named like one of A's."""

    __tablename__ = "widgets"

    id: uuid.UUID = Field(primary_key=True)


# --------------------------------------------------------------------------- metadata per schema


def test_each_base_keeps_its_own_registry_and_metadata_with_the_naming_convention():
    assert ATable.metadata is not BTable.metadata
    assert ATable._sa_registry is not BTable._sa_registry  # type: ignore[attr-defined]
    assert ATable.metadata.schema == SCHEMA_A
    assert BTable.metadata.schema == SCHEMA_B
    assert ATable.metadata.naming_convention == NAMING_CONVENTION
    assert Widget.__mapper__.registry is ATable._sa_registry  # type: ignore[attr-defined]


def test_same_name_tables_of_two_bases_live_in_their_own_metadata_and_schema():
    # a hand-written table, the platform tables and the store projection, each declared by both
    for a, b in [
        (Widget, SameName),
        (A_PLATFORM.OutboxEvent, B_PLATFORM.OutboxEvent),
        (A_PLATFORM.ProcessedEvent, B_PLATFORM.ProcessedEvent),
        (AStoreProjection, BStoreProjection),
    ]:
        ta, tb = a.__table__, b.__table__  # type: ignore[attr-defined]
        assert ta.name == tb.name
        assert (ta.metadata, ta.schema, ta.fullname) == (ATable.metadata, SCHEMA_A, f"{SCHEMA_A}.{ta.name}")
        assert (tb.metadata, tb.schema, tb.fullname) == (BTable.metadata, SCHEMA_B, f"{SCHEMA_B}.{tb.name}")
    assert {t.schema for t in ATable.metadata.tables.values()} == {SCHEMA_A}
    assert {t.schema for t in BTable.metadata.tables.values()} == {SCHEMA_B}
    # nothing landed on SQLModel's process-wide default MetaData
    assert not [t for t in SQLModel.metadata.tables.values() if t.schema in (SCHEMA_A, SCHEMA_B)]


def test_the_bases_are_abstract_and_their_table_models_are_mapped():
    assert ATable.__dict__["__abstract__"] is True
    assert "__table__" not in ATable.__dict__
    assert "__abstract__" not in Widget.__dict__
    assert sa.inspect(Widget).local_table is Widget.__table__  # type: ignore[attr-defined]


def test_a_bare_metadata_gets_one_base():
    metadata = make_metadata("pf_table_models_bare")
    assert table_base(metadata) is table_base(metadata)
    assert table_base(metadata).metadata is metadata
    tables = add_platform_tables(metadata)
    projection = add_store_projection(metadata, columns=("state",), name="narrow_store_projection")
    assert tables.outbox.metadata is metadata
    assert projection.metadata is metadata
    assert set(metadata.tables) == {
        "pf_table_models_bare.outbox_events",
        "pf_table_models_bare.outbox_dlq",
        "pf_table_models_bare.processed_events",
        "pf_table_models_bare.narrow_store_projection",
    }


def test_platform_tables_are_models_and_core_tables():
    tables = platform_tables_for("pf_table_models_core")
    assert platform_tables_for("pf_table_models_core") is tables
    assert isinstance(tables.outbox, sa.Table)
    assert tables.outbox is tables.OutboxEvent.__table__  # type: ignore[attr-defined]
    assert tables.dlq.fullname == "pf_table_models_core.outbox_dlq"
    assert [c.name for c in tables.processed.primary_key] == ["consumer", "event_id"]
    assert {i.name for i in tables.outbox.indexes} == {
        "ix_outbox_events_pending",
        "ix_outbox_events_aggregate",
        "ix_outbox_events_published_at",
    }


def test_the_store_projection_model_has_the_chosen_columns_and_the_services_own():
    assert AStoreProjection.__name__ == "StoreProjection"
    assert list(AStoreProjection.__table__.c.keys()) == [  # type: ignore[attr-defined]
        "store_id",
        "type",
        "state",
        "kyc_status",
        "profile_version",
        "kyc_version",
        "subscription_version",
    ]
    table = BStoreProjection.__table__  # type: ignore[attr-defined]
    assert "billing_blocked" in BStoreProjection.model_fields
    assert table.c.billing_blocked.server_default is not None
    assert {i.name for i in table.indexes} == {"ix_store_projection_company_name"}
    with pytest.raises(ValueError, match="not store projection columns"):
        store_projection_model(ATable, columns=("nope",), name="other")


# --------------------------------------------------------------------------- ORM semantics


def test_rows_compare_by_identity_and_are_hashable():
    one, same_fields = Widget(id=uuid.UUID(int=1), name="w"), Widget(id=uuid.UUID(int=1), name="w")
    assert one == one
    assert one != same_fields
    assert len({one, same_fields}) == 2


def test_the_constructor_refuses_an_unknown_field_and_leaves_server_filled_ones_unset():
    with pytest.raises(TypeError, match="nmae"):
        Widget(id=uuid.uuid4(), nmae="typo")
    widget = Widget(id=uuid.uuid4(), name="w")
    assert widget.note is None
    assert set(sa.inspect(widget).dict) >= {"id", "name", "note"}
    assert not {"qty", "doubled", "created_at"} & set(sa.inspect(widget).dict)


@pytest.fixture(scope="module")
async def engine(pf_servers: TestServers) -> AsyncIterator[AsyncEngine]:
    url = pf_servers.create_database("pf_test_table_models", drop=True)
    eng = create_async_engine(url)
    async with eng.begin() as conn:
        for schema in (SCHEMA_A, SCHEMA_B):
            await conn.execute(sa.text(f"CREATE SCHEMA IF NOT EXISTS {schema}"))
        await conn.run_sync(ATable.metadata.create_all)
        await conn.run_sync(BTable.metadata.create_all)
    yield eng
    await eng.dispose()
    pf_servers.drop_database("pf_test_table_models")


async def test_sessions_and_core_statements_work_on_table_models(engine: AsyncEngine):
    async with AsyncSession(engine, expire_on_commit=False) as session:
        widget = Widget(id=uuid.uuid4(), name="w")
        session.add(widget)
        await session.flush()
        # the database filled what the INSERT left out, and RETURNING brought it back
        assert (widget.qty, widget.doubled) == (0, 0)
        assert widget.created_at.tzinfo is not None

        widget.qty = 4
        await session.flush()
        await session.refresh(widget)
        assert widget.doubled == 8
        assert await session.get(Widget, widget.id) is widget

        # SQLModel's select and SQLAlchemy's, on columns of the model
        found = (await session.execute(select(Widget).where(Widget.name == "w"))).scalar_one()
        assert found is widget
        assert (await session.execute(sa.select(Widget.qty).where(Widget.id == widget.id))).scalar() == 4

        # insert(Model), the Core way (pf_common's upserts, the platform tables)
        other: dict[str, Any] = {"id": uuid.uuid4(), "name": "core"}
        await session.execute(insert(Widget).values(**other).on_conflict_do_nothing())
        await session.execute(sa.insert(SameName).values(id=other["id"]))
        names = (await session.execute(sa.select(Widget.name).order_by(Widget.name))).scalars().all()
        assert names == ["core", "w"]
        assert (await session.execute(sa.select(sa.func.count()).select_from(SameName))).scalar() == 1
        await session.rollback()


# --------------------------------------------------------------------------- the migrations check


def _widget_variant(kind: str) -> sa.MetaData:
    """Widget as ``create_all`` made it, but for one difference a conversion could introduce."""

    class VariantTable(TableModel, registry=make_registry(SCHEMA_A)):
        pass

    check = sa.CheckConstraint("qty >= 0", name="qty_non_negative" if kind != "check" else "renamed")

    class Widget(VariantTable, table=True):
        __tablename__ = "widgets"
        __table_args__ = (check,)

        id: uuid.UUID = Field(primary_key=True)
        # SQLModel's own type for ``str`` is VARCHAR: TEXT needs sa_type
        name: str = Field(sa_type=sa.Text) if kind != "varchar" else Field()
        qty: int = Field(
            nullable=False, sa_column_kwargs={"server_default": "0" if kind != "default" else "1"}
        )
        note: str | None = Field(default=None, sa_type=sa.Text)
        doubled: int = Field(nullable=False, sa_column_args=[sa.Computed("qty * 2", persisted=True)])
        created_at: datetime = Field(
            sa_type=sa.DateTime(timezone=True), sa_column_kwargs={"server_default": sa.func.now()}
        )

    return VariantTable.metadata


async def test_the_migrations_check_finds_what_a_conversion_could_change(engine: AsyncEngine):
    from pf_common.testing.checks import autogenerate_differences, schema_differences_beyond_alembic

    async def compare(metadata: sa.MetaData) -> tuple[list[Any], list[str]]:
        async with engine.connect() as conn:
            return await conn.run_sync(
                lambda c: (
                    # the variant declares widgets only: the other tables would be "removed"
                    [d for d in autogenerate_differences(c, metadata, SCHEMA_A) if "'widgets'" in str(d)],
                    [f for f in schema_differences_beyond_alembic(c, metadata, SCHEMA_A) if "widgets" in f],
                )
            )

    assert await compare(_widget_variant("same")) == ([], [])
    changed_type, _ = await compare(_widget_variant("varchar"))
    assert [d[0][0] for d in changed_type] == ["modify_type"]
    changed_default, _ = await compare(_widget_variant("default"))
    assert [d[0][0] for d in changed_default] == ["modify_default"]
    assert (await compare(_widget_variant("check")))[1] == [
        "widgets: checks ['ck_widgets_qty_non_negative'], model ['ck_widgets_renamed']"
    ]
