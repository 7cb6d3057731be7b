"""pf_common.tenancy: ``scoped`` filters every store-scoped statement by the active store."""

from __future__ import annotations

import ast
import textwrap
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from uuid import UUID

import pytest
from sqlalchemy import Column, Table, Text, Uuid, and_, delete, select, text, update
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, aliased, mapped_column

from pf_common.db import make_metadata
from pf_common.errors import Forbidden
from pf_common.tenancy import NoActiveStore, StoreScoped, acting_for, active_store_id, owned, scoped

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


def test_or_admits_the_rows_of_a_richer_rule_next_to_the_stores_own() -> None:
    others = and_(Product.name == "public", Product.vendor_store_id != Product.store_id)

    sql, params = _sql(scoped(select(Product.id), Product, FakePrincipal(STORE_A), or_=others))

    assert sql.endswith(
        "WHERE pf_tenancy_test.products.store_id = %(store_id_1)s::UUID "
        "OR pf_tenancy_test.products.name = %(name_1)s::VARCHAR "
        "AND pf_tenancy_test.products.vendor_store_id != pf_tenancy_test.products.store_id"
    )
    assert params == {"store_id_1": STORE_A, "name_1": "public"}
    # grouped, so a later WHERE narrows the whole rule, not only its second half
    narrowed, _ = _sql(
        scoped(select(Product.id), Product, FakePrincipal(STORE_A), or_=others).where(Product.name == "x")
    )
    assert "WHERE (pf_tenancy_test.products.store_id = " in narrowed


def test_owned_is_the_same_condition_to_select_as_a_flag() -> None:
    stmt = select(notes.c.id, owned(notes, FakePrincipal(STORE_B)).label("own"))

    sql, params = _sql(stmt)

    assert sql.startswith(
        "SELECT pf_tenancy_test.notes.id, pf_tenancy_test.notes.store_id = %(store_id_1)s::UUID AS own"
    )
    assert params == {"store_id_1": STORE_B}
    assert _sql(owned(Product, FakePrincipal(STORE_A), column="vendor_store_id"))[0] == (
        "pf_tenancy_test.products.vendor_store_id = %(vendor_store_id_1)s::UUID"
    )


def test_acting_for_scopes_work_done_for_a_store_outside_a_request() -> None:
    store = acting_for(STORE_B)

    assert isinstance(store, StoreScoped)
    assert _sql(scoped(select(notes), notes, store))[1] == {"store_id_1": STORE_B}


@pytest.mark.parametrize("principal", [FakePrincipal(store_id=None), None, object()])
def test_no_active_store_is_forbidden(principal: object) -> None:
    with pytest.raises(NoActiveStore):
        owned(Product, principal)  # type: ignore[arg-type]
    with pytest.raises(NoActiveStore):
        scoped(select(Product), Product, principal, or_=Product.name == "public")  # type: ignore[arg-type]
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


async def test_or_and_owned_against_postgres(engine: AsyncEngine) -> None:
    mine, public, private = UUID(int=20), UUID(int=21), UUID(int=22)
    async with AsyncSession(engine) as session:
        session.add_all(
            [
                Product(id=mine, store_id=STORE_A, vendor_store_id=STORE_A, name="mine"),
                Product(id=public, store_id=STORE_B, vendor_store_id=STORE_B, name="public"),
                Product(id=private, store_id=STORE_B, vendor_store_id=STORE_B, name="private"),
            ]
        )
        await session.commit()
        ours = Product.id.in_([mine, public, private])
        principal = FakePrincipal(STORE_A)

        readable = await session.scalars(
            scoped(select(Product.id).where(ours), Product, principal, or_=Product.name == "public")
        )
        flags = await session.execute(select(Product.id, owned(Product, principal).label("own")).where(ours))

    assert set(readable) == {mine, public}
    assert {row.id: row.own for row in flags} == {mine: True, public: False, private: False}


# --- the guard: no hand-written store comparison in services' domain code ----------------------
#
# HOUSE_STYLE §3.7: every store-scoped query goes through this module (``scoped``, ``owned``) or a
# per-resource statement builder made of them. This check fails when a domain module compares a
# value derived from the principal's store (``principal.store_id``, ``active_store_id(...)``, a
# local name bound to one of them, or a parameter of a function of the same module that is called
# with one) with anything but a constant: in SQL (``Model.store_id == active_store_id(principal)``),
# in Python (``if row.store_id != caller:``) or through ``filter_by(store_id=...)``/``.is_(...)``.
# There is no allow-list: a rule that needs its own comparison is written with
# ``scoped(..., or_=...)`` or ``owned(...)``. Not followed: a store id handed to another module's
# function (``kyc.recompute(session, store_id)``) — such a function takes the store as a plain id.

REPO = Path(__file__).resolve().parents[3]
DOMAIN_GLOB = "services/*/pf_*/domain/**/*.py"
_PRINCIPAL_TYPES = ("Principal", "StoreScoped")
_COMPARING_METHODS = frozenset(
    {
        "is_",
        "is_not",
        "isnot",
        "in_",
        "not_in",
        "is_distinct_from",
        "is_not_distinct_from",
        "__eq__",
        "__ne__",
    }
)


def _principal_params(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    args = [*fn.args.posonlyargs, *fn.args.args, *fn.args.kwonlyargs]
    names = set()
    for arg in args:
        annotation = ast.unparse(arg.annotation) if arg.annotation is not None else ""
        if arg.arg == "principal" or any(t in annotation for t in _PRINCIPAL_TYPES):
            names.add(arg.arg)
    return names


def _is_store_of(node: ast.AST, principals: set[str], bound: set[str]) -> bool:
    """Whether ``node`` (or a part of it) is the principal's store."""
    for part in ast.walk(node):
        if isinstance(part, ast.Call):
            func = part.func
            called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if called == "active_store_id":
                return True
            if (
                called == "getattr"
                and len(part.args) >= 2
                and isinstance(part.args[0], ast.Name)
                and part.args[0].id in principals
                and isinstance(part.args[1], ast.Constant)
                and part.args[1].value == "store_id"
            ):
                return True
        if (
            isinstance(part, ast.Attribute)
            and part.attr == "store_id"
            and isinstance(part.value, ast.Name)
            and part.value.id in principals
        ):
            return True
        if isinstance(part, ast.Name) and part.id in bound:
            return True
    return False


def _is_bare_store_of(node: ast.AST, principals: set[str], bound: set[str]) -> bool:
    """Whether ``node`` is the principal's store itself (not a value computed from it)."""
    if isinstance(node, ast.IfExp):
        return any(_is_bare_store_of(n, principals, bound) for n in (node.body, node.orelse))
    if isinstance(node, ast.BoolOp):
        return any(_is_bare_store_of(n, principals, bound) for n in node.values)
    if isinstance(node, ast.Name):
        return node.id in bound
    if isinstance(node, ast.Attribute):
        return node.attr == "store_id" and isinstance(node.value, ast.Name) and node.value.id in principals
    if isinstance(node, ast.Call):  # active_store_id(...) or getattr(principal, "store_id")
        func = node.func
        called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        return called in ("active_store_id", "getattr") and _is_store_of(node, principals, bound)
    return False


def _bound_names(fn: ast.AST, principals: set[str], params: set[str]) -> set[str]:
    """Local names bound to the principal's store: ``params`` that receive it, and names assigned
    it (``caller = active_store_id(principal)``; not ``store = await lock_store(session, caller)``)."""
    bound: set[str] = set(params)
    changed = True
    while changed:
        changed = False
        for node in ast.walk(fn):
            if isinstance(node, ast.Assign | ast.AnnAssign | ast.NamedExpr) and node.value is not None:
                if not _is_bare_store_of(node.value, principals, bound):
                    continue
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    for name in ast.walk(target):
                        if isinstance(name, ast.Name) and name.id not in bound:
                            bound.add(name.id)
                            changed = True
    return bound


Function = ast.FunctionDef | ast.AsyncFunctionDef


def _passed_along(tree: ast.Module) -> dict[Function, tuple[set[str], set[str]]]:
    """Each function's principal parameters and names bound to the principal's store, following
    the module's calls of its own functions (``_document(session, store_id, media_id)`` called with
    ``store_id = active_store_id(principal)`` receives the principal's store as ``store_id``)."""
    functions = [n for n in ast.walk(tree) if isinstance(n, Function)]
    by_name = {f.name: f for f in tree.body if isinstance(f, Function)}
    principals = {f: _principal_params(f) for f in functions}
    store_params: dict[Function, set[str]] = {f: set() for f in functions}
    while True:
        bound = {f: _bound_names(f, principals[f], store_params[f]) for f in functions}
        changed = False
        for caller in functions:
            for call in ast.walk(caller):
                if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name)):
                    continue
                callee = by_name.get(call.func.id)
                if callee is None:
                    continue
                params = [a.arg for a in (*callee.args.posonlyargs, *callee.args.args)]
                positional = []
                for arg in call.args:
                    if isinstance(arg, ast.Starred):
                        break
                    positional.append(arg)
                pairs = [
                    *zip(params, positional, strict=False),
                    *((k.arg, k.value) for k in call.keywords if k.arg),
                ]
                for param, arg in pairs:
                    if isinstance(arg, ast.Name) and arg.id in principals[caller]:
                        target = principals[callee]
                    elif _is_bare_store_of(arg, principals[caller], bound[caller]):
                        target = store_params[callee]
                    else:
                        continue
                    if param not in target:
                        target.add(param)
                        changed = True
        if not changed:
            return {f: (principals[f], bound[f]) for f in functions}


def hand_written_store_comparisons(source: str) -> list[tuple[int, str]]:
    """``(line, code)`` of each comparison with the principal's store outside ``pf_common.tenancy``."""
    tree = ast.parse(source)
    found: list[tuple[int, str]] = []
    for fn, (principals, bound) in _passed_along(tree).items():

        def store(node: ast.AST, principals: set[str] = principals, bound: set[str] = bound) -> bool:
            return _is_store_of(node, principals, bound)

        for node in ast.walk(fn):
            hit = False
            if isinstance(node, ast.Compare):
                operands = [node.left, *node.comparators]
                hit = any(store(o) for o in operands) and not all(
                    store(o) or isinstance(o, ast.Constant) for o in operands
                )
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                if node.func.attr in _COMPARING_METHODS:
                    args = [*node.args, *(k.value for k in node.keywords)]
                    hit = any(store(a) for a in [node.func.value, *args]) and not all(
                        isinstance(a, ast.Constant) for a in args
                    )
                elif node.func.attr == "filter_by":
                    hit = any(k.arg == "store_id" and store(k.value) for k in node.keywords)
            if hit:
                found.append((node.lineno, ast.get_source_segment(source, node) or ast.dump(node)))
    return sorted(set(found))


def _domain_modules() -> Iterator[Path]:
    return iter(sorted(REPO.glob(DOMAIN_GLOB)))


def test_no_domain_module_compares_a_store_by_hand() -> None:
    modules = list(_domain_modules())
    scanned = {p.relative_to(REPO).as_posix() for p in modules}
    assert {
        "services/catalog/pf_catalog/domain/queries.py",
        "services/identity/pf_identity/domain/licenses.py",
        "services/identity/pf_identity/domain/notifications.py",
        "services/media/pf_media/domain/library.py",
    } <= scanned, "the guard must see the services' domain modules"

    offenders = [
        f"{path.relative_to(REPO)}:{line}: {code}"
        for path in modules
        for line, code in hand_written_store_comparisons(path.read_text(encoding="utf-8"))
    ]

    assert offenders == [], (
        "compare stores through pf_common.tenancy (scoped, scoped(..., or_=...), owned), "
        "not by hand:\n" + "\n".join(offenders)
    )


_BY_HAND = {
    "where": """
        async def f(session, principal: Principal, media_id):
            return select(Media).where(Media.store_id == active_store_id(principal), Media.id == media_id)
    """,
    "a loaded row": """
        async def f(session, principal, media_id):
            media = await session.get(Media, media_id)
            if media is None or media.store_id != active_store_id(principal):
                raise NotFound()
    """,
    "through a local": """
        async def f(session, by: StoreScoped, product_id):
            caller = active_store_id(by)
            product = await session.get(Product, product_id)
            if product.store_id != caller:
                raise NotFound()
    """,
    "the principal's attribute": """
        def f(viewer: \"pf_common.auth.Principal\"):
            return select(License).where(License.store_id == viewer.store_id)
    """,
    "in a list of clauses": """
        def f(principal):
            store = principal.store_id
            return [Notification.c.store_id == store, Notification.audience == "store"]
    """,
    "filter_by": """
        def f(principal):
            return select(Media).filter_by(store_id=active_store_id(principal))
    """,
    "is_": """
        def f(principal):
            return select(Media).where(Media.store_id.is_(getattr(principal, "store_id")))
    """,
    "a store passed to a helper of the module": """
        async def _document(session, store_id, media_id):
            media = await session.get(MediaProjection, media_id)
            if media.store_id != store_id:
                raise Forbidden()

        async def create(session, principal, media_id):
            store_id = active_store_id(principal)
            return await _document(session, store_id, media_id)
    """,
    "a principal passed to a helper of the module": """
        def _of_store(who):
            return [Notification.store_id == who.store_id]

        def list_them(principal: Principal):
            return select(Notification).where(*_of_store(principal))
    """,
    "an OR by hand": """
        def f(principal, state):
            return or_(Product.store_id == tenancy.active_store_id(principal), Product.state == state)
    """,
}

_THROUGH_TENANCY = {
    "scoped": """
        async def f(session, principal, media_id):
            return scoped(select(Media).where(Media.id == media_id), Media, principal)
    """,
    "owned as a flag": """
        def f(principal, media_id):
            return select(Media, owned(Media, principal).label("own")).where(Media.id == media_id)
    """,
    "writes and checks for none": """
        def f(principal: Principal):
            if principal.store_id is None:
                raise NoActiveStore()
            store_id = active_store_id(principal)
            return insert(Media).values(store_id=store_id), Media(store_id=store_id)
    """,
    "a join or a store passed in": """
        def f(store_id, vendor_store_id):
            stmt = select(Product).join(Store, Store.store_id == Product.store_id)
            return stmt.where(Product.store_id == store_id, Product.vendor_id == vendor_store_id)
    """,
}


@pytest.mark.parametrize("source", _BY_HAND.values(), ids=_BY_HAND.keys())
def test_the_guard_finds_a_store_compared_by_hand(source: str) -> None:
    assert len(hand_written_store_comparisons(textwrap.dedent(source))) == 1


@pytest.mark.parametrize("source", _THROUGH_TENANCY.values(), ids=_THROUGH_TENANCY.keys())
def test_the_guard_accepts_scoping_through_tenancy(source: str) -> None:
    assert hand_written_store_comparisons(textwrap.dedent(source)) == []
