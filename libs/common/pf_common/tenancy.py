"""Tenancy: every store-scoped query goes through :func:`scoped` (HOUSE_STYLE §3.7, NFR §5).

::

    stmt = scoped(select(VendorOrder).where(VendorOrder.id == order_id), VendorOrder, principal)
    order = (await session.execute(stmt)).scalar_one_or_none()
    if order is None:
        raise NotFound()  # a row of another store is a 404, never a 403

``scoped`` adds ``WHERE <table>.store_id = :principal_store_id`` to a
``select``, ``update`` or ``delete``. A principal without an active store
(a user who has not picked one, an admin) gets 403 ``FORBIDDEN``: admin and
cross-store reads go through explicit directory endpoints, not through here.

This module is the only place a store column is compared with the principal's store
(a test over ``services/*/pf_*/domain`` fails on a hand-written comparison). A rule richer
than "rows of my store" is one per-resource statement builder in the service's domain,
built from these two:

* ``scoped(stmt, Product, principal, or_=<visible to others>)``: rows of the active store,
  or rows the extra condition admits (a product its owner always reads, others only when
  active and of a vendor visible to them);
* ``owned(Model, principal)``: the bare condition, to select as a flag where a route answers
  403 rather than 404 for a row of another store
  (``select(Media, owned(Media, principal).label("own")).where(Media.id == media_id)``).

Code that works for a store without a request (a consumer acting on an event's ``store_id``)
scopes the same way through :func:`acting_for`.

The principal is duck-typed (:class:`StoreScoped`: anything with a
``store_id: UUID | None`` attribute), so this module does not depend on
``pf_common.principal``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol, Self, TypeVar, runtime_checkable
from uuid import UUID

from sqlalchemy import ColumnElement, inspect
from sqlalchemy import or_ as sa_or
from sqlalchemy.exc import NoInspectionAvailable
from sqlalchemy.orm import QueryableAttribute
from sqlalchemy.sql import FromClause

from pf_common.errors import Forbidden

__all__ = [
    "Filterable",
    "NoActiveStore",
    "StoreScoped",
    "acting_for",
    "active_store_id",
    "is_active_store",
    "owned",
    "scoped",
]


class Filterable(Protocol):
    """A ``select``, ``update`` or ``delete``: what :func:`scoped` adds its condition to."""

    def where(self, *whereclause: ColumnElement[bool]) -> Self: ...


S = TypeVar("S", bound=Filterable)


@runtime_checkable
class StoreScoped(Protocol):
    """What :func:`scoped` needs of a principal."""

    @property
    def store_id(self) -> UUID | None: ...


@dataclass(frozen=True, slots=True)
class _ActingFor:
    store_id: UUID


def acting_for(store_id: UUID) -> StoreScoped:
    """A :class:`StoreScoped` for code that works for ``store_id`` outside a request (a consumer
    checking that the media an event names belong to the event's store)."""
    return _ActingFor(store_id)


class NoActiveStore(Forbidden):
    """403 ``FORBIDDEN``: the request needs an active store and has none."""

    default_message = "an active store is required"


def active_store_id(principal: StoreScoped | None) -> UUID:
    """The principal's active store, or :class:`NoActiveStore` (403)."""
    # duck-typed: a principal without the attribute has no active store either
    store_id: UUID | None = getattr(principal, "store_id", None) if principal is not None else None
    if store_id is None:
        raise NoActiveStore(reason="no_active_store")
    return store_id


def is_active_store(principal: StoreScoped | None, store_id: object) -> bool:
    """Whether ``store_id`` (of a row already loaded, or named in a request) is the principal's
    active store: the Python side of :func:`owned`, for rules that are not a query (a party check
    on a loaded order, a store that may not buy its own products). 403 without an active store."""
    return active_store_id(principal) == store_id


def _store_column(model_or_table: Any, column: str) -> ColumnElement[Any] | QueryableAttribute[Any]:
    try:
        insp = inspect(model_or_table)
    except NoInspectionAvailable as exc:
        raise TypeError(
            f"scoped() needs a mapped class, an alias or a table, got {model_or_table!r}"
        ) from exc
    if isinstance(insp, FromClause):  # Table, alias, subquery
        if column not in insp.c:
            raise ValueError(f"{insp.description!r} has no column {column!r}")
        table_column: ColumnElement[Any] = insp.c[column]
        return table_column
    # Mapper (mapped class) or AliasedInsp (aliased(Model)): use the attribute, so aliases keep theirs.
    attr: QueryableAttribute[Any] | None = getattr(model_or_table, column, None)
    if attr is None:
        raise ValueError(f"{model_or_table!r} has no attribute {column!r}")
    return attr


def owned(
    model_or_table: Any, principal: StoreScoped | None, *, column: str = "store_id"
) -> ColumnElement[bool]:
    """The condition :func:`scoped` adds: ``<table>.<column> = :active_store_id``.

    For a WHERE, use :func:`scoped`; this is for selecting ownership as a column (a route that
    answers 403, not 404, for a row of another store). Raises :class:`NoActiveStore` (403) when
    the principal has no active store, before any SQL is built.
    """
    store_id = active_store_id(principal)
    return _store_column(model_or_table, column) == store_id


def scoped(
    stmt: S,
    model_or_table: Any,
    principal: StoreScoped | None,
    *,
    column: str = "store_id",
    or_: ColumnElement[bool] | None = None,
) -> S:
    """``stmt`` restricted to the principal's active store (``<table>.<column> = :store_id``).

    ``stmt`` is a ``select``/``update``/``delete``; ``model_or_table`` is a mapped
    class, ``aliased(...)`` entity or ``Table``. ``or_`` also admits the rows it matches
    (``WHERE (<table>.<column> = :store_id OR <or_>)``): a per-resource rule such as "a
    product its owner reads, or that is visible to the caller". Raises :class:`NoActiveStore`
    (403) when the principal has no active store, before any SQL is built.
    """
    condition = owned(model_or_table, principal, column=column)
    if or_ is not None:
        condition = sa_or(condition, or_)
    return stmt.where(condition)
