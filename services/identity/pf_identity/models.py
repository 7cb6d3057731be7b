"""Tables of the identity schema (its own schema; no cross-schema foreign keys)."""

from sqlalchemy.orm import DeclarativeBase

from pf_common.db import make_metadata
from pf_common.platform_tables import add_platform_tables

metadata = make_metadata("identity")
platform = add_platform_tables(metadata)


class Base(DeclarativeBase):
    metadata = metadata
