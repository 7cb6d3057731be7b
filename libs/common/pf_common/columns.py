"""Column declarations every service's SQLModel tables use (DOMAIN §0 conventions), in one place.

``models.py`` files import them under short private names::

    from pf_common.columns import TIMESTAMPTZ, nullable as _null, server_filled as _server, ...

* :func:`text_enum` — an enum as ``text`` + CHECK (values are only ever added, DOMAIN §0);
* :func:`text` — a NOT NULL ``TEXT`` column (SQLModel would pick ``VARCHAR``);
* :func:`nullable` — a nullable column, None by default, with the SQL type SQLModel would not pick;
* :func:`server_filled` — NOT NULL, filled by the database (no Python default, so an INSERT leaves
  it out unless given);
* :func:`created_now` — ``timestamptz NOT NULL DEFAULT now()``.
"""

from __future__ import annotations

from typing import Any, Final

import sqlalchemy as sa
from sqlmodel import Field

__all__ = ["TIMESTAMPTZ", "created_now", "nullable", "server_filled", "text", "text_enum"]

TIMESTAMPTZ: Final = sa.DateTime(timezone=True)


def text_enum(name: str, values: tuple[str, ...]) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def text(**kw: Any) -> Any:
    return Field(sa_type=sa.Text, **kw)


def nullable(sa_type: Any = None) -> Any:
    """A nullable column (None by default); ``sa_type`` when SQLModel would pick another type."""
    return Field(default=None) if sa_type is None else Field(default=None, sa_type=sa_type)


def server_filled(default: Any, **kw: Any) -> Any:
    """NOT NULL, filled by the database: no Python default, so an INSERT leaves it out."""
    column_kw = {"server_default": default, **kw.pop("sa_column_kwargs", {})}
    return Field(nullable=False, sa_column_kwargs=column_kw, **kw)


def created_now() -> Any:
    return server_filled(sa.func.now(), sa_type=TIMESTAMPTZ)
