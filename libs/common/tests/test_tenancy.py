"""pf_common.tenancy: ``scoped`` filters every store-scoped statement by the active store."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import TYPE_CHECKING
from uuid import UUID

import pytest
from sqlalchemy import Column, Table, Text, Uuid, delete, select, text, update
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, aliased, mapped_column

from pf_common.db import make_metadata
from pf_common.errors import Forbidden
from pf_common.tenancy import NoActiveStore, StoreScoped, active_store_id, scoped

if TYPE_CHECKING:
    from pf_common.testing.servers import TestServers

SCHEMA = "pf_tenancy_test"
STORE_A = UUID("00000000-0000-7000-8000-00000000000a")
STORE_B = UUID("00000000-0000-7000-8000-00000000000b")


class Base(DeclarativeBase):
    metadata = make_metadata(SCHEMA)


class Product(Base):
    __tablename__ = "products"

    id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    store_id: Mapped[UUID] = mapped_column(Uuid)
    vendor_store_id: Mapped[UUID] = mapped_column(Uuid)
    name: Mapped[str] = mapped_column(Text)


notes = Table(
    "notes",
    Base.metadata,
    Column("id", Uuid, primary_key=True),
    Column("store_id", Uuid, nullable=False),
    Column("body", Text),
)


@dataclass(frozen=True)
class FakePrincipal:
    store_id: UUID | None


def _sql(stmt: object) -> tuple[str, dict[str, object]]:
    compiled = stmt.compile(dialect=postgresql.dialect())  # type: ignore[attr-defined]
    return " ".join(str(compiled).split()), dict(compiled.params)


def test_principal_protocol_is_duck_typed() -> None:
    assert isinstance(FakePrincipal(store_id=STORE_A), StoreScoped)
    assert active_store_id(FakePrincipal(store_id=STORE_A)) == STORE_A


def test_select_on_a_model_is_filtered_by_the_active_store() -> None:
    stmt = scoped(select(Product).where(Product.name == "x"), Product, FakePrincipal(STORE_A))

    sql, params = _sql(stmt)

    assert sql.endswith(
        "WHERE pf_tenancy_test.products.name = %(name_1)s::VARCHAR "
        "AND pf_tenancy_test.products.store_id = %(store_id_1)s::UUID"
    )
    assert params == {"name_1": "x", "store_id_1": STORE_A}


def test_table_alias_update_delete_and_custom_column() -> None:
    principal = FakePrincipal(STORE_B)
    other = aliased(Product, name="p2")

    on_table, table_params = _sql(scoped(select(notes), notes, principal))
    on_alias, _ = _sql(scoped(select(other), other, principal))
    on_update, update_params = _sql(scoped(update(notes).values(body="b"), notes, principal))
    on_delete, _ = _sql(scoped(delete(Product), Product, principal))
    on_column, _ = _sql(scoped(select(Product), Product, principal, column="vendor_store_id"))

    assert on_table.endswith("WHERE pf_tenancy_test.notes.store_id = %(store_id_1)s::UUID")
    assert table_params == {"store_id_1": STORE_B}
    assert on_alias.endswith("WHERE p2.store_id = %(store_id_1)s::UUID")
    assert on_update.startswith("UPDATE pf_tenancy_test.notes SET body=%(body)s::VARCHAR WHERE")
    assert on_update.endswith("pf_tenancy_test.notes.store_id = %(store_id_1)s::UUID")
    assert update_params["store_id_1"] == STORE_B
    assert (
        on_delete == "DELETE FROM pf_tenancy_test.products "
        "WHERE pf_tenancy_test.products.store_id = %(store_id_1)s::UUID"
    )
    assert on_column.endswith("WHERE pf_tenancy_test.products.vendor_store_id = %(vendor_store_id_1)s::UUID")


@pytest.mark.parametrize("principal", [FakePrincipal(store_id=None), None, object()])
def test_no_active_store_is_forbidden(principal: object) -> None:
    with pytest.raises(NoActiveStore) as info:
        scoped(select(Product), Product, principal)  # type: ignore[arg-type]

    assert isinstance(info.value, Forbidden)
    assert (info.value.status_code, info.value.code) == (403, "FORBIDDEN")
    assert info.value.body() == {"error": {"code": "FORBIDDEN", "message": "an active store is required"}}


def test_unknown_column_or_target_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        scoped(select(Product), Product, FakePrincipal(STORE_A), column="tenant")
    with pytest.raises(ValueError):
        scoped(select(notes), notes, FakePrincipal(STORE_A), column="tenant")
    with pytest.raises(TypeError):
        scoped(select(Product), "products", FakePrincipal(STORE_A))


# --- against Postgres ------------------------------------------------------------------------


@pytest.fixture(scope="module")
async def engine(pf_servers: TestServers) -> AsyncIterator[AsyncEngine]:
    url = pf_servers.create_database("pf_test_tenancy")
    eng = create_async_engine(url)
    async with eng.begin() as conn:
        await conn.execute(text(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}"))
        await conn.run_sync(Base.metadata.create_all)
    yield eng
    await eng.dispose()


async def test_scoped_query_never_returns_another_stores_rows(engine: AsyncEngine) -> None:
    mine, theirs = UUID(int=10), UUID(int=11)
    async with AsyncSession(engine) as session:
        session.add_all(
            [
                Product(id=mine, store_id=STORE_A, vendor_store_id=STORE_A, name="mine"),
                Product(id=theirs, store_id=STORE_B, vendor_store_id=STORE_B, name="theirs"),
            ]
        )
        await session.commit()

        principal = FakePrincipal(STORE_A)
        listed = (await session.execute(scoped(select(Product.id), Product, principal))).scalars().all()
        by_other_id = await session.execute(
            scoped(select(Product).where(Product.id == theirs), Product, principal)
        )
        changed = await session.execute(scoped(update(Product).values(name="hacked"), Product, principal))
        await session.commit()
        names = {row.id: row.name for row in await session.execute(select(Product.id, Product.name))}

    assert listed == [mine]
    assert by_other_id.scalar_one_or_none() is None  # the route turns this into a 404
    assert changed.rowcount == 1
    assert names == {mine: "hacked", theirs: "theirs"}
